"""Unicode normalisation of extracted text: one spelling for characters that look the same.

Text extracted from PDFs (and Word files pasted from them) spells characters in ways a reader
never sees but a CAT tool, a search or an embedding does: CJK compatibility ideographs
(U+F900-U+FAFF) and radical look-alikes (``⻋`` U+2ECB for ``车``, ``⼯`` U+2F2F for ``工``) that
PDF fonts map their glyphs to, ``ﬁ`` ligatures, full-width Latin letters and digits, no-break and
other typographic spaces, soft hyphens and zero-width characters, and spaces put in around CJK
punctuation and quotes (``“ 新能源 ”``, ``重庆 ，``). A translation memory built from such text
matches nothing. :func:`normalise` gives such characters their ordinary spelling.

It is not blanket NFKC: NFKC also turns the full-width punctuation Chinese is written with
(``，`` ``：`` ``（``) into ASCII, superscript footnote markers (``¹``) and circled numbers (``①``)
into digits, and ``…`` into three dots, which the cleaning and the checks read. NFKC is applied
only to the blocks listed in ``_tables``; everything else is kept as it is.

Every change keeps the line structure: ``\\n`` is never added, removed or moved, so that the line
numbers of a file refer to the same lines before and after (offsets within a line do move).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = ["KINDS", "Normalised", "manifest_entry", "normalise", "normalise_counted"]

# What a change is counted as, in the order the manifest lists them.
KINDS = (
    "compatibility",  # CJK compatibility ideograph -> its unified ideograph (NFKC)
    "radical",  # Kangxi radical (NFKC) or CJK radicals supplement (table) -> unified ideograph
    "ligature",  # ﬁ -> fi (NFKC)
    "width",  # full-width Latin letters, digits and symbols -> ASCII; half-width CJK punctuation -> full
    "space",  # no-break and typographic spaces -> U+0020
    "soft-hyphen",  # U+00AD removed (or, ending a line after a letter, shown as the hyphen it stands for)
    "invisible",  # zero-width space, joiners, word joiner, U+FEFF removed
    "cjk-space",  # spaces removed inside CJK quotes and next to CJK punctuation
)

# Full-width punctuation that Chinese is written with: kept, where NFKC would make it ASCII.
_KEEP_FULL_WIDTH = frozenset("！＂＇（），．：；？［］｛｝～")

_SOFT_HYPHEN = "\u00ad"
_ZERO_WIDTH_JOINERS = frozenset("\u200c\u200d")
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_INVISIBLE_RUN = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")

# CJK punctuation that closes (no space before it) and opens (no space after it).
_CLOSING = frozenset("，。、；：！？）》」』】〕〗〙〛〉］｝．")
_OPENING = frozenset("（《「『【〔〖〘〚〈［｛")
_CJK_PUNCTUATION = _CLOSING | _OPENING
# Curly quotes are shared with English; only lines written in CJK get the CJK spacing for them.
_OPEN_QUOTES = frozenset("“‘")
_CLOSE_QUOTES = frozenset("”’")
_QUOTES = _OPEN_QUOTES | _CLOSE_QUOTES
_MARKS = re.escape("".join(sorted(_CJK_PUNCTUATION | _QUOTES)))
# Inner runs of spaces (not indentation or trailing spaces) with a CJK mark or quote on one side.
_SPACES_AT_MARK = re.compile(f"(?<=[{_MARKS}]) +(?=[^ ])|(?<=[^ ]) +(?=[{_MARKS}])")
_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u024f]+")
# A full-width full stop between digits is a decimal point (３．５ -> 3.5), not Chinese punctuation.
_DECIMAL_POINT = re.compile("(?<=[0-9])．(?=[0-9])")


@dataclass(frozen=True)
class Normalised:
    """Normalised text and the number of characters changed per kind (only kinds that occurred)."""

    text: str
    changes: dict[str, int]


def _radicals_supplement() -> Iterable[tuple[str, str]]:
    """(radical, ideograph) pairs of the bundled ``data/cjk-radicals-supplement.tsv``."""
    text = files("aligner").joinpath("data/cjk-radicals-supplement.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            radical, ideograph, _name = line.split("\t")
            yield chr(int(radical, 16)), chr(int(ideograph, 16))


@cache
def _tables() -> tuple[dict[str, tuple[str, str]], re.Pattern[str]]:
    """Each character to change, with its replacement and kind; and a pattern finding them."""
    table: dict[str, tuple[str, str]] = {}

    def nfkc(first: int, last: int, kind: str, keep: frozenset[str] = frozenset()) -> None:
        for code in range(first, last + 1):
            char = chr(code)
            target = unicodedata.normalize("NFKC", char)
            if target != char and char not in keep:
                table[char] = (target, kind)

    nfkc(0xF900, 0xFAFF, "compatibility")
    nfkc(0x2F800, 0x2FA1F, "compatibility")
    nfkc(0x2F00, 0x2FD5, "radical")
    table.update((radical, (ideograph, "radical")) for radical, ideograph in _radicals_supplement())
    nfkc(0xFB00, 0xFB06, "ligature")
    nfkc(0xFF01, 0xFF5E, "width", keep=_KEEP_FULL_WIDTH)
    # Half-width CJK punctuation (｡ ｢ ｣ ､ ･) becomes the full-width forms Chinese uses.
    nfkc(0xFF61, 0xFF65, "width")
    # No-break, figure, narrow no-break and the typographic spaces (en, em, thin ...). U+3000, the
    # ideographic space, is left alone: in CJK text it is a deliberate full-width space.
    for char in "\u00a0\u2007\u202f\u205f" + "".join(map(chr, range(0x2000, 0x200B))):
        table[char] = (" ", "space")
    return table, re.compile(_character_class(table))


def _character_class(chars: Iterable[str]) -> str:
    """A regular-expression class of ``chars`` written as ranges (a class of single characters
    this size makes the pattern several times slower)."""
    codes = sorted(map(ord, chars))
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return "[" + "".join(parts) + "]"


def _is_cjk(char: str) -> bool:
    return bool(_CJK_CHAR.match(char))


def _is_word(char: str) -> bool:
    """A letter or a decimal digit (not a superscript ¹ or a circled ①: markers keep their space)."""
    category = unicodedata.category(char)
    return category[0] == "L" or category == "Nd"


def _needs_joiner(char: str) -> bool:
    """Whether a zero-width joiner or non-joiner next to ``char`` may matter: emoji sequences,
    combining marks, and the scripts that shape with them (Arabic, Indic ...), not Latin or CJK."""
    category = unicodedata.category(char)
    if category[0] == "M" or category in ("So", "Sk"):
        return True
    code = ord(char)
    return category[0] == "L" and code >= 0x0370 and not 0x1E00 <= code <= 0x1EFF and not _is_cjk(char)


def _map_characters(line: str, counts: Counter[str]) -> str:
    table, pattern = _tables()

    def replace(match: re.Match[str]) -> str:
        target, kind = table[match.group()]
        counts[kind] += 1
        return target

    return pattern.sub(replace, line)


def _drop_invisibles(line: str, counts: Counter[str]) -> str:
    end = len(line)
    while end and (line[end - 1].isspace() or line[end - 1] in _INVISIBLE):
        end -= 1
    kept: list[str] = []
    hyphen_shown = False
    for index, char in enumerate(line):
        if char not in _INVISIBLE:
            kept.append(char)
        elif char == _SOFT_HYPHEN:
            counts["soft-hyphen"] += 1
            # A soft hyphen ending a line after a letter is where the word was broken, and is
            # displayed as a hyphen: the cleaning then joins the word as for any hyphen.
            if index >= end and end and line[end - 1].isalpha() and not hyphen_shown:
                kept.append("-")
                hyphen_shown = True
        elif char in _ZERO_WIDTH_JOINERS and (
            (index > 0 and _needs_joiner(line[index - 1]))
            or (index + 1 < len(line) and _needs_joiner(line[index + 1]))
        ):
            kept.append(char)
        else:
            counts["invisible"] += 1
    return "".join(kept)


def _is_cjk_line(line: str) -> bool:
    """Written in CJK: at least as many CJK characters as Latin words (each carries about a word)."""
    cjk = len(_CJK_CHAR.findall(line))
    return cjk > 0 and cjk >= len(_LATIN_WORD.findall(line))


def _space_goes(before: str, after: str, cjk_line: bool) -> bool:
    """Whether the spaces between ``before`` and ``after`` (neither a space) are stray."""
    # No script puts a space before a full-width comma or closing bracket, or after an opening one.
    if (after in _CLOSING and not before.isspace()) or (before in _OPENING and not after.isspace()):
        return True
    if not cjk_line:
        # An English line quoting a Chinese title keeps its spaces: the 《Made in China 2025》 plan.
        return False

    def joins(char: str) -> bool:
        # Not a bullet or a footnote marker ("- （1）", "¹ 《Title》"), whose space is layout.
        return _is_word(char) or char in _CJK_PUNCTUATION or char in _QUOTES

    if (before in _CLOSING and joins(after)) or (after in _OPENING and joins(before)):
        return True
    # Inside CJK quotes: “ 新能源 ” -> “新能源”, “ AI ” -> “AI”. Outside them a space is kept: with
    # no punctuation beside it, it may be all that ends a run-in heading (“光环境服务” 行业的重心).
    return (before in _OPEN_QUOTES and joins(after) and after not in _QUOTES) or (
        after in _CLOSE_QUOTES and joins(before) and before not in _QUOTES
    )


def _tighten_cjk_spacing(line: str, counts: Counter[str]) -> str:
    cjk_line = _is_cjk_line(line)

    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        if _space_goes(line[start - 1], line[end], cjk_line):
            counts["cjk-space"] += end - start
            return ""
        return match.group()

    return _SPACES_AT_MARK.sub(replace, line)


def _normalise_line(line: str, counts: Counter[str]) -> str:
    # Characters first, so that the joiner and spacing rules see the final neighbours.
    line = _map_characters(line, counts)
    if _INVISIBLE_RUN.search(line):
        line = _drop_invisibles(line, counts)
    # Leading and trailing spaces are layout (indentation, table columns): only inner ones go.
    if _SPACES_AT_MARK.search(line):
        line = _tighten_cjk_spacing(line, counts)
    # After the spacing, which may bring a digit next to the point ("1 ．5").
    if "．" in line:
        line, points = _DECIMAL_POINT.subn(".", line)
        counts["width"] += points
    return line


def normalise_counted(text: str) -> Normalised:
    """:func:`normalise`, with the number of characters changed per kind (see ``KINDS``)."""
    counts: Counter[str] = Counter()
    # Line by line, never touching "\n": line numbers stay valid.
    text = "\n".join(_normalise_line(line, counts) for line in text.split("\n"))
    return Normalised(text, {kind: counts[kind] for kind in KINDS if counts[kind]})


def normalise(text: str) -> str:
    """``text`` with one spelling for look-alike characters, keeping every line break.

    Example::

        >>> normalise("“ 新能源 ”汽⻋，ﬁnal Ｅ９")
        '“新能源”汽车，final E9'
    """
    return normalise_counted(text).text


def manifest_entry(enabled: bool, changes_by_file: Mapping[str, Mapping[str, int]]) -> dict[str, object]:
    """The ``normalisation`` entry of ``manifest.json``: on or off, and the changes in all and per file."""
    total: Counter[str] = Counter()
    for changes in changes_by_file.values():
        total.update(changes)
    return {
        "enabled": enabled,
        "changes": {kind: total[kind] for kind in KINDS if total[kind]},
        "files": {
            file: {kind: changes[kind] for kind in KINDS if changes.get(kind)}
            for file, changes in sorted(changes_by_file.items())
            if any(changes.values())
        },
    }
