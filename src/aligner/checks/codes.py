"""URLs, e-mail addresses, acronyms and product codes present on one side of a passage only."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from aligner.checks.base import URL, Block, Check, CheckContext, body_of, content_key, is_omission, location
from aligner.clean import cjk_count
from aligner.errors import InputError
from aligner.model import AlignedBead, Finding, Segment, Severity

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# A joiner (+, /, &, -) before a token binds it to a preceding Latin word (R&D, 5G-A) but not to
# Chinese text: 气体技术+AI holds the acronym AI.
_TOKEN = re.compile(
    r"(?<![A-Za-z0-9])(?<![A-Za-z0-9][&+/-])[A-Za-z0-9]+(?:[-&+/][A-Za-z0-9]+)*(?![A-Za-z0-9])"
)
_STOPWORDS = r"(?:of|and|the|for|in|on|to|&)"
# Amounts glued to a currency code (USD815, RMB398) are numbers, which the numbers check compares.
_CURRENCY_AMOUNT = re.compile(r"(?:USD|RMB|CNY|EUR|GBP|JPY|HKD)[0-9]", re.IGNORECASE)
_LETTERS_DIGITS = re.compile(r"([A-Za-z]{1,3})-?([0-9]+)")
# Names a translation copies letter for letter: a capital inside the word or after the first letter
# (JCIIOT, CreAItech, BlueCruise), five characters or more.
_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?![A-Za-z0-9])")
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]{3,}(?![A-Za-z0-9])")
MIN_NAME_CHARS = 5


def misspellings(src_text: str, tgt_text: str) -> dict[str, str]:
    """Names of ``src_text`` that ``tgt_text`` (a text in another script, which copies Latin names
    as they are) gives one letter off: JCIIOT as JCIOT, CreAItech as CreAltech. Source name to the
    target's spelling. A name spelled right anywhere in the target is never reported."""
    found: dict[str, str] = {}
    target_words = sorted(set(_LATIN_WORD.findall(tgt_text)))
    for name in sorted(set(_NAME.findall(src_text))):
        if len(name) < MIN_NAME_CHARS or name.casefold() in tgt_text.casefold():
            continue
        close = [
            word
            for word in target_words
            if word.casefold() != name.casefold() and Levenshtein.distance(word, name) == 1
        ]
        if close:
            found[name] = close[0]
    return found


Renderings = dict[str, tuple[str, ...]]


def parse_renderings(text: str, source: str = "<renderings>") -> Renderings:
    """``ACRONYM<TAB>rendering|rendering`` lines (``#`` comments and blank lines skipped)."""
    renderings: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        acronym, tab, rest = line.partition("\t")
        forms = tuple(form.strip().casefold() for form in rest.split("|") if form.strip())
        if not tab or not acronym.strip() or not forms:
            raise InputError(f"{source}:{number}: expected 'ACRONYM<tab>rendering|rendering', got {line!r}")
        key = acronym.strip().upper()
        renderings[key] = renderings.get(key, ()) + forms
    return renderings


@lru_cache(maxsize=8)
def load_renderings(extra_file: str | None = None) -> Renderings:
    """The bundled renderings (``aligner/data/renderings.tsv``), extended by ``extra_file``."""
    renderings = parse_renderings(
        files("aligner").joinpath("data/renderings.tsv").read_text(encoding="utf-8"), "renderings.tsv"
    )
    if extra_file:
        path = Path(extra_file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read the renderings file ({exc})") from exc
        for key, forms in parse_renderings(text, str(path)).items():
            renderings[key] = renderings.get(key, ()) + forms
    return renderings


_ACRONYM = re.compile(r"^(?=.*[A-Z])[A-Z0-9&+\-]{2,}$|^(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9\-]{2,}$")


def with_glossary(renderings: Renderings, glossary_file: str) -> Renderings:
    """``renderings`` extended by a glossary's acronyms and codes (an English term or variant
    such as ``MIIT`` or ``5G``) with the glossary's Chinese terms as their renderings."""
    from aligner.terms.glossary import load_glossary

    extended = dict(renderings)
    for entry in load_glossary(glossary_file):
        forms = tuple(f for f in (entry.zh, *entry.zh_variants) if f)
        for english in (entry.en, *entry.en_variants):
            if _ACRONYM.match(english.strip()):
                key = english.strip().upper()
                extended[key] = extended.get(key, ()) + forms
    return extended


def rendered(value: str, other_text: str, renderings: Renderings) -> bool:
    """True if ``other_text`` holds ``value`` in another form: spaced or cased otherwise
    (BellSystem24 / Bellsystem 24, for codes of five characters or more) or a standard rendering
    (IoT = 物联网)."""
    folded = other_text.casefold()
    squeezed = content_key(value)
    if len(squeezed) >= 5 and squeezed in content_key(other_text):
        return True
    return any(form in folded for form in renderings.get(value.upper(), ()))


def _kind_of(token: str) -> str | None:
    """``code`` (letters with digits, or hyphenated capitals: 5G, H100, FC-CSP), ``acronym``
    (ABF, IoT, AT&S), or None for ordinary words, numbers, ordinals and units (19th, 10km)."""
    if not any(ch.isupper() for ch in token):
        return None
    parts = re.split(r"[-&+/]", token)
    has_digit = any(ch.isdigit() for ch in token)
    if has_digit and any(ch.isalpha() for ch in token):
        return "code"
    if has_digit:
        return None
    if "-" in token and all(part.isupper() for part in parts):
        return "code"
    capitals = sum(1 for ch in token if ch.isupper())
    letters = sum(1 for ch in token if ch.isalpha())
    # Acronyms are short; long all-capital words are headings set in capitals.
    if capitals >= 2 and letters <= 6 and (capitals * 2 >= letters):
        return "acronym"
    return None


def _url_key(surface: str) -> str:
    return "url:" + re.sub(r"^(?:https?://)?(?:www\.)?", "", surface.lower()).rstrip("/")


def address_keys(text: str) -> set[str]:
    """The URL and e-mail keys of ``text`` (as :func:`extract_codes` gives them), cheaply."""
    keys = {_url_key(match.group().rstrip(".,;:")) for match in URL.finditer(text)}
    if "@" in text:
        keys.update(f"email:{match.group().lower()}" for match in _EMAIL.finditer(text))
    return keys


def extract_codes(text: str) -> dict[str, str]:
    """Keys (``kind:value``) of the URLs, e-mails, codes and acronyms of ``text``, with their surface."""
    found: dict[str, str] = {}
    for match in URL.finditer(text):
        surface = match.group().rstrip(".,;:")
        found[_url_key(surface)] = surface
    # Only text with an @ can hold an address; the pattern backtracks badly on long runs of letters.
    has_at = "@" in text
    for match in _EMAIL.finditer(text) if has_at else ():
        found[f"email:{match.group().lower()}"] = match.group()
    # NFKC folds full-width letters and sub/superscript digits (ＡＩ, SF₆) into plain ones.
    without = _EMAIL.sub(" ", URL.sub(" ", text)) if has_at else URL.sub(" ", text)
    rest = unicodedata.normalize("NFKC", without)
    for match in _TOKEN.finditer(rest):
        token = match.group()
        # A hyphenated code (FC-CSP, COVID-19) is one item; AI-powered holds the acronym AI and a word.
        parts = re.split(r"[-/+]", token)
        whole = _kind_of(token) == "code" and all(p.isupper() or p.isdigit() or _kind_of(p) for p in parts)
        pieces = [token] if whole else parts
        for piece in pieces:
            kind = _kind_of(piece)
            if kind is not None and not _CURRENCY_AMOUNT.match(piece):
                found.setdefault(f"{kind}:{piece.upper()}", piece)
    return found


def _expanded(acronym: str, text: str) -> bool:
    """True if ``text`` spells ``acronym`` out (artificial intelligence for AI, Internet of Things
    for IoT), so having the acronym on one side only is not a mismatch."""
    short = _LETTERS_DIGITS.fullmatch(acronym)
    if short:
        # L2 for Level 2, Q3 for Quarter 3.
        head, digits = short.groups()
        pattern = rf"(?<![A-Za-z]){re.escape(head)}[a-z]*[\s-]?{digits}(?![0-9])"
        return re.search(pattern, text, re.IGNORECASE) is not None
    letters = [ch for ch in acronym if ch.isalpha()]
    if len(letters) < 2:
        return False
    gap = rf"[\s-]+(?:{_STOPWORDS}[\s-]+)?"
    pattern = gap.join(rf"{re.escape(ch)}[a-z]*" for ch in letters)
    return re.search(rf"(?<![A-Za-z]){pattern}(?![A-Za-z])", text, re.IGNORECASE) is not None


@dataclass
class _UnitCodes:
    unit: AlignedBead
    src: dict[str, str]
    tgt: dict[str, str]


def _side_codes(segments: list[Segment]) -> dict[str, str]:
    found: dict[str, str] = {}
    for segment in body_of(segments):
        for key, surface in extract_codes(segment.text).items():
            found.setdefault(key, surface)
    return found


class CodesCheck(Check):
    name = "codes"
    title = "Names and codes"
    severity = "minor"
    explanation = (
        "A URL, e-mail address, product code (5G, FC-CSP, H100) or acronym (ABF) appears on one "
        "side of a passage and nowhere on the other side of its paragraph. Acronyms the translation "
        "usually spells out are not reported: an acronym counts only where the translator keeps it "
        "in its other places in the document (at least two; by default in all of them); an acronym "
        "only the translation has is not reported. A missing e-mail address is major."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        findings = []
        renderings = load_renderings(context.options.renderings_file)
        if context.options.glossary_file:
            renderings = with_glossary(renderings, context.options.glossary_file)
        min_share = context.options.codes_min_kept_share
        for pair_id, blocks in context.blocks.items():
            analysed = [self._analyse(block) for block in blocks]
            # Misspelt names are looked for only where the target is in another script, which copies
            # Latin names verbatim; a French text may inflect or adapt a German name.
            target_sample = " ".join(
                s.text for units in analysed[:50] for item in units for s in item.unit.tgt
            )
            other_script = cjk_count(target_sample) * 2 > len(target_sample.replace(" ", ""))
            kept = {
                "src": self._kept_shares(analysed, "src"),
                "tgt": self._kept_shares(analysed, "tgt"),
            }
            # URLs and e-mail addresses anywhere in the other document (its endnotes, the footnotes
            # the reader took out of the flow) are not missing: translators move references.
            anywhere = {side: self._addresses(context, pair_id, side) for side in ("src", "tgt")}
            for units in analysed:
                block_src = {key for item in units for key in item.src}
                block_tgt = {key for item in units for key in item.tgt}
                block_src_text = " ".join(s.text for item in units for s in item.unit.src)
                block_tgt_text = " ".join(s.text for item in units for s in item.unit.tgt)
                for item in units:
                    missing = self._reportable(
                        item.src,
                        block_tgt | anywhere["tgt"],
                        kept["src"],
                        block_tgt_text,
                        min_share,
                        renderings,
                    )
                    # An acronym the translation adds (AI in a Chinese heading) loses nothing.
                    extra = {
                        key: surface
                        for key, surface in self._reportable(
                            item.tgt,
                            block_src | anywhere["src"],
                            kept["tgt"],
                            block_src_text,
                            min_share,
                            renderings,
                        ).items()
                        if not key.startswith("acronym:")
                    }
                    spelled = (
                        misspellings(
                            " ".join(x.text for x in body_of(item.unit.src)),
                            " ".join(x.text for x in body_of(item.unit.tgt)),
                        )
                        if other_script
                        else {}
                    )
                    for name in spelled:
                        missing.pop(f"acronym:{name.upper()}", None)
                        missing.pop(f"code:{name.upper()}", None)
                    if missing or extra or spelled:
                        findings.append(self._finding(pair_id, item, missing, extra, spelled))
        return findings

    @staticmethod
    def _analyse(block: Block) -> list[_UnitCodes]:
        return [
            _UnitCodes(unit, _side_codes(unit.src), _side_codes(unit.tgt))
            for unit in block.units
            if not is_omission(unit)
        ]

    @staticmethod
    def _addresses(context: CheckContext, pair_id: str, side: str) -> set[str]:
        """The URL and e-mail keys of one side's whole document: notes, untranslated passages and
        the footnotes the reader took out of the flow included."""
        texts = [
            segment.text
            for block in context.blocks.get(pair_id, [])
            for unit in block.units
            for segment in (unit.src if side == "src" else unit.tgt)
        ]
        texts.extend(removed.text for removed in context.removed_by_pair.get(pair_id, {}).get(side, []))
        return {key for text in texts for key in address_keys(text)}

    @staticmethod
    def _kept_shares(analysed: list[list[_UnitCodes]], side: str) -> dict[str, tuple[int, int]]:
        """Per key: (blocks where it is on ``side``, blocks where the other side has it too)."""
        seen: Counter[str] = Counter()
        kept: Counter[str] = Counter()
        for units in analysed:
            own = {key for item in units for key in (item.src if side == "src" else item.tgt)}
            other = {key for item in units for key in (item.tgt if side == "src" else item.src)}
            seen.update(own)
            kept.update(own & other)
        return {key: (seen[key], kept[key]) for key in seen}

    @staticmethod
    def _reportable(
        own: dict[str, str],
        other_block: set[str],
        kept: dict[str, tuple[int, int]],
        other_text: str,
        min_share: float,
        renderings: Renderings,
    ) -> dict[str, str]:
        reportable = {}
        # 5G is present in 5G-A/6G: a part of a compound code on the other side counts.
        other_parts = {
            f"{kind}:{part}"
            for key in other_block
            for kind in ("code", "acronym")
            for part in re.split(r"[-/+&]", key.partition(":")[2])
        }
        for key, surface in own.items():
            if key in other_block or key in other_parts:
                continue
            kind, _, value = key.partition(":")
            if kind in ("code", "acronym") and rendered(surface, other_text, renderings):
                continue
            # How the translator treats this item in the document's other paragraphs (this one lacks it).
            seen, kept_in = kept.get(key, (0, 0))
            elsewhere = seen - 1
            usually_kept = kept_in >= min_share * elsewhere
            if kind == "acronym":
                if elsewhere < 2 or not usually_kept or _expanded(value, other_text):
                    continue
            elif kind == "code" and ((elsewhere >= 2 and not usually_kept) or _expanded(value, other_text)):
                # A code the translation renders otherwise throughout (CO2 as 二氧化碳), or spells out here.
                continue
            reportable[key] = surface
        return reportable

    def _finding(
        self,
        pair_id: str,
        item: _UnitCodes,
        missing: dict[str, str],
        extra: dict[str, str],
        spelled: dict[str, str] | None = None,
    ) -> Finding:
        # A lost e-mail address is a lost contact; URLs are often reference links a translation drops.
        serious = any(key.startswith("email:") for key in [*missing, *extra])
        severity: Severity = "major" if serious else self.severity
        parts = []
        if missing:
            parts.append("missing in the target: " + ", ".join(sorted(missing.values())))
        if extra:
            parts.append("only in the target: " + ", ".join(sorted(extra.values())))
        spelled = spelled or {}
        if spelled:
            parts.append(
                "spelled otherwise in the target: "
                + ", ".join(f"{name} as {other}" for name, other in sorted(spelled.items()))
            )
        return self.finding(
            pair_id,
            f"Names or codes differ ({location(item.unit.src)}); " + "; ".join(parts),
            item.unit.src,
            item.unit.tgt,
            severity=severity,
            missing_in_target=sorted(missing.values()),
            extra_in_target=sorted(extra.values()),
            spelled_otherwise={name: spelled[name] for name in sorted(spelled)},
            level=item.unit.level,
            block=item.unit.block,
        )
