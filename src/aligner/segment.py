"""Sentence splitting for English, Chinese and (by a general rule) other languages.

Sentences are cut out of a paragraph's cleaned text and keep their exact file span and lines
through the paragraph's ``source_map``. Splitting never drops or repeats a character: the
sentences of a paragraph, joined, are its text less the white space between them.

Chinese splits after ``。！？`` and ``……`` (with closing quotes and brackets kept on the left), but
not after ``；``: a semicolon joins clauses of one sentence, typically the items of an enumeration
(``包括：……；……；……。``), which English renders as one sentence with semicolons or commas. Cutting
there would only turn 1-1 sentence pairs into 3-1 beads, and English is never cut at ``;`` either.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from aligner.clean import CLOSERS, is_han
from aligner.model import Segment


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CLOSE = re.escape(CLOSERS)
_OPENERS = "\"'“‘«「『(（[【《"
# Terminal punctuation run, closers, then white space; the next sentence starts after the space.
_LATIN_END = re.compile(rf"(?:[.!?]+|…+|[।؟])[{_CLOSE}]*(?=\s+(\S))")
# CJK full stops end a sentence whatever follows; ASCII ! and ? only before CJK text or space.
_CJK_END = re.compile(rf"(?:[。！？]+|……|…|[!?]+(?=[\s\u3400-\u9fff]))[{_CLOSE}]*")
_WORD_BEFORE = re.compile(r"(\S+)$")
# The words before and after a stop are looked for within a bounded stretch (longer than any
# abbreviation or sentence opener), which keeps splitting linear in the text's length: a file can
# be one line of megabytes, and Chinese has no spaces to stop a search.
_LOOK_BACK = 100
_WORD_AFTER = re.compile(r"\s*(\S{0,40})")

# Abbreviations after which a period never ends a sentence (a name, number or example follows).
_NEVER_FINAL = _words(
    "mr mrs ms dr prof sr jr st mt no nos vol vols fig figs pp p ch chap sec art eq eqs e.g i.e cf vs "
    "approx ca viz al gen col lt sgt rev hon jan feb mar apr jun jul aug sep sept oct nov dec dept est "
    "op ed eds ref refs tab"
)
# Abbreviations that often end a sentence too: split only when an ordinary sentence opener follows.
_MAYBE_FINAL = _words("etc inc ltd co corp plc llc bros")
_SENTENCE_OPENERS = _words(
    "The This These That Those It Its In We Our They Their He She His Her A An As At For However But "
    "And Moreover Furthermore Therefore Thus Meanwhile On By With To If When While There Such Many Most "
    "Some All Each Both I After Before Since Although Despite During Today Finally First Second Third "
    "Also Overall Given Through Under According"
)
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_ENUMERATOR = re.compile(r"^[(（]?(?:\d{1,2}|[IVXivx]{1,4}|[A-Za-z])[)）]?$")

CJK_LANGUAGES = frozenset({"zh", "ja", "zh-cn", "zh-tw", "zh-hans", "zh-hant", "yue", "wuu"})


def _is_start(char: str, lang: str) -> bool:
    """Whether ``char`` can open a new sentence after a period and a space."""
    if char.isdigit() or char in _OPENERS:
        return True
    if lang == "en":
        return char.isupper()
    # Other languages: capitals, or letters of a script without case (Hangul, Arabic, Thai, Han ...).
    return char.isupper() or (char.isalpha() and not char.islower())


def _word_before(text: str, end: int) -> re.Match[str] | None:
    return _WORD_BEFORE.search(text, max(0, end - _LOOK_BACK), end)


def _period_ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether the single ``.`` matched at ``match.start()`` ends a sentence (English rules)."""
    before = _word_before(text, match.start())
    token = before.group(1).lstrip(_OPENERS) if before else ""
    key = token.lower()
    following = _WORD_AFTER.match(text, match.end())
    next_word = following.group(1).strip(_OPENERS) if following else ""
    if key in _NEVER_FINAL:
        return False
    if key in _MAYBE_FINAL or _ACRONYM.match(token):
        return next_word in _SENTENCE_OPENERS
    if len(token) == 1 and token.isupper():
        return False  # an initial: "Brendan M. Mosher"
    # An enumerator opening an item ("stages: 1. Local ...") does not end a sentence.
    return not (_ENUMERATOR.match(token) and _opens_item(text, before))


def _opens_item(text: str, before: re.Match[str] | None) -> bool:
    """Whether the word matched by ``before`` opens the text, a clause (colon, semicolon) or a sentence."""
    if before is None or before.start() == 0:
        return True
    index = before.start() - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index >= 0 and text[index] in (":", "：", ";", "；", ".", "!", "?", "。")


def _latin_cuts(text: str, lang: str) -> list[int]:
    cuts = []
    english = lang in ("en", "und", "")
    for match in _LATIN_END.finditer(text):
        if not _is_start(match.group(1), lang):
            continue
        if match.group().rstrip(CLOSERS) == ".":
            rule = _period_ends_sentence if english else _period_ends_sentence_general
            if not rule(text, match):
                continue
        cuts.append(match.end())
    return cuts


def _period_ends_sentence_general(text: str, match: re.Match[str]) -> bool:
    """Language-neutral exceptions: initials and numbered-item markers do not end a sentence."""
    before = _word_before(text, match.start())
    token = before.group(1).lstrip(_OPENERS) if before else ""
    if len(token) == 1 and token.isupper():
        return False
    return not (token.isdigit() and len(token) <= 2 and _opens_item(text, before))


def _cjk_cuts(text: str) -> list[int]:
    cuts = []
    for match in _CJK_END.finditer(text):
        end = match.end()
        after = _WORD_AFTER.match(text, end)
        following = after.group(1)[:1] if after else ""
        # "……，" continues the sentence: a comma, colon or semicolon follows the stop.
        if following and following in "，,、；;：:":
            continue
        # A quoted question or exclamation is usually followed by its attribution: “真的吗？”他问道。
        group = match.group()
        quoted = group[-1] in "”’」』" and group.rstrip("”’」』")[-1:] in "？！!?"
        if quoted and following and is_han(following):
            continue
        cuts.append(end)
    return cuts


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``; white space between them is left out."""
    lang = (lang or "").lower()
    if lang in CJK_LANGUAGES or lang.startswith("zh"):
        cuts = _cjk_cuts(text)
    else:
        cuts = _latin_cuts(text, lang) + _cjk_cuts(text)
    spans = []
    start = 0
    for cut in [*sorted(set(cuts)), len(text)]:
        if cut <= start:
            continue
        piece = text[start:cut]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            spans.append((start + left, start + right))
        start = cut
    return spans


def split_text(text: str, lang: str) -> list[str]:
    """Sentences of a plain string (see :func:`split_sentences` for segments)."""
    return [text[start:end] for start, end in sentence_spans(text, lang)]


def _locate(paragraph: Segment, offsets: list[int], offset: int) -> tuple[int, int]:
    """File char offset and line of ``paragraph.text[offset]``."""
    if not paragraph.source_map:
        return paragraph.char_start + offset, paragraph.line_start + paragraph.text.count("\n", 0, offset)
    index = max(0, bisect.bisect_right(offsets, offset) - 1)
    text_offset, file_char, line = paragraph.source_map[index]
    return file_char + offset - text_offset, line


def _sub_segment(paragraph: Segment, offsets: list[int], start: int, end: int) -> Segment:
    """The piece ``paragraph.text[start:end]`` as a segment with its own file span, lines and map."""
    char_start, line_start = _locate(paragraph, offsets, start)
    last_char, line_end = _locate(paragraph, offsets, end - 1)
    source_map = [(0, char_start, line_start)]
    source_map.extend((t - start, c, n) for t, c, n in paragraph.source_map if start < t < end)
    return replace(
        paragraph,
        text=paragraph.text[start:end],
        line_start=line_start,
        line_end=line_end,
        char_start=char_start,
        char_end=last_char + 1,
        source_map=tuple(source_map),
    )


def split_sentences(paragraph: Segment, lang: str) -> list[Segment]:
    """Sentences of a paragraph, each with its own file span, lines and source map."""
    offsets = [entry[0] for entry in paragraph.source_map]
    spans = sentence_spans(paragraph.text, lang)
    return [_sub_segment(paragraph, offsets, start, end) for start, end in spans]


def _hard_cuts(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """``text[start:end]`` (no white space at either end) in pieces of at most ``limit``
    characters, each cut after the last white space of its second half if there is one."""
    pieces = []
    while end - start > limit:
        cut = start + limit
        space = next((i for i in range(cut, start + limit // 2, -1) if text[i].isspace()), None)
        if space is not None:
            cut = space
            while text[cut - 1].isspace():
                cut -= 1
        pieces.append((start, cut))
        start = cut
        while text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def split_long(paragraph: Segment, lang: str, limit: int) -> list[Segment]:
    """``paragraph`` cut into consecutive parts of at most ``limit`` characters, at sentence ends
    where possible (a sentence longer than ``limit`` is cut at a space, else anywhere). Joined, the
    parts are the paragraph's text less the white space between them.

    Embedding a text costs memory in proportion to its length: a file that is one huge line
    (a whole book without line breaks, an embedded data blob) must not become one huge paragraph.
    """
    if len(paragraph.text) <= limit:
        return [paragraph]
    pieces: list[tuple[int, int]] = []
    for start, end in sentence_spans(paragraph.text, lang) or [(0, len(paragraph.text))]:
        if pieces and end - pieces[-1][0] <= limit:
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.extend(_hard_cuts(paragraph.text, start, end, limit))
    offsets = [entry[0] for entry in paragraph.source_map]
    return [_sub_segment(paragraph, offsets, start, end) for start, end in pieces]
