"""Turn the lines of extracted text into paragraphs, taking out what is not body text.

Text extracted from PDFs and Word files carries artifacts: paragraphs cut in two at page breaks
(with footnotes in between), words hyphenated at line ends, hard line wraps, footnote markers and
footnote lines, URL-only lines, page numbers and running headers; Markdown conversions leave
emphasis marks (``*title*``) and backslash escapes (``US\\$84``). Each step here can be switched
off through :class:`CleanOptions`, and every line taken out is kept as a :class:`Removed`, so the
pipeline can check that each non-empty input line ends up in a paragraph or in a removal. Readers
that see the layout (PDF, .docx) hand over :class:`LayoutHints` (page furniture, footnotes,
headings, paragraph ends), which beat what the text alone suggests.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from aligner.errors import UsageError
from aligner.model import Removed, Segment, SegmentKind

TERMINAL = ".!?。！？;；…"
# Closing quotes and brackets that may follow sentence-final punctuation.
CLOSERS = "\"'”’»」』）)]】〕>"
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# East Asian Wide and Full-width characters (unicodedata.east_asian_width "W"/"F"), as ranges.
_WIDE = re.compile(
    "[\u1100-\u115f\u231a\u231b\u2329\u232a\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60"
    "\uffe0-\uffe6\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd]"
)
# The characters is_cjk() accepts.
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
_BULLET = re.compile(r"^(?:(?:[-*+–]\s+)|(?:[•·▪◦●○■□➢►✓⚫❖◆◇➤]\s*))+")
_LIST_START = re.compile(r"^(?:[-*+–]\s+\S|[•·▪◦●○■□➢►✓⚫❖◆◇➤]|[①-⑳]|\[\d{1,3}\]\s)")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
NUMBERED = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})+\.?\s+(?=\S)"
    r"|\d{1,2}[.、．)]\s*(?=[^\d\s])"
    r"|\d{1,2}\s+(?=[A-Z\u4e00-\u9fff])"
    r"|[IVX]{1,5}[.、)]\s+"
    r"|[(（]\d{1,2}[)）]\s*"
    r"|[(（][一二三四五六七八九十]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}[、.．]"
    r"|第[一二三四五六七八九十百零〇\d]{1,4}[章节部分篇]"
    r"|(?:Chapter|CHAPTER|Part|PART|Section|Appendix|Annex)\s+(?:\d{1,2}|[IVX]{1,5}|One|Two|Three|Four|Five"
    r"|Six|Seven|Eight|Nine|Ten)\b"
    r"|[A-H][.)]\s+)"
)
CAPTION = re.compile(
    r"^(?:(?:Figure|Fig\.|Table|Graph|Chart|Exhibit|Diagram|Illustration)\s*\d+[a-z]?\b"
    r"|(?:Source|Sources|Data [Ss]ource|Note|Notes)\s*[:：]"
    r"|(?:图表|图|表)\s*\d+"
    r"|[(（](?:图表|图|表)\s*\d+[)）]"
    r"|[(（](?:注|出处|资料来源|来源)[)）]"
    r"|(?:数据来源|资料来源|来源|注)[:：])"
)
# Notes: endnotes ("[3] 国家统计局..."), source and note lines, and reference entries whose footnote
# marker was lost in extraction ("Computing power drives AI revolution, China Daily, May 2025", a
# short line ending in a URL). Translators move notes (footnotes become endnotes), so the checks
# compare notes with notes across the whole document, never with the body text beside them.
_NOTE_START = re.compile(
    r"^(?:\^?\[\d{1,3}\]|[(（]?注\s*\d{0,3}[)）]?[:：]|(?:Sources?|Data [Ss]ources?|Notes?)\s*[:：]"
    r"|(?:数据来源|资料来源|来源|出处)[:：]"
    # "资料) 根据国家统计局...": the closing-bracket style of Japanese source lines (資料）, 出所）).
    r"|(?:数据来源|资料来源|来源|出处|资料)\s*[)）])"
)
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_REFERENCE_END = re.compile(rf",\s*(?:(?:\d{{1,2}}\s+)?{_MONTHS}\s*(?:\d{{1,2}},?\s*)?)?(?:19|20)\d\d$")
_ENDS_WITH_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[>）)]?\s*$", re.I)
NOTE_MAX_CHARS = 320


def is_note(text: str) -> bool:
    """A footnote, endnote, source line or reference entry (see ``_NOTE_START``)."""
    if _NOTE_START.match(text) or _FOOTNOTE_SUPERSCRIPT.match(text):
        return True
    if len(text) > NOTE_MAX_CHARS:
        return False
    return bool(_ENDS_WITH_URL.search(text) or _REFERENCE_END.search(text))


_PAGE_NUMBER = re.compile(
    r"^(?:[-–—~]\s*)?(?:(?:[Pp]age|p\.|Seite|Página)\s*)?\d{1,4}(?:\s*[-–—~])?$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$|^第\s*\d{1,4}\s*页$"
    # Front-matter pages in lower-case Roman numerals (a real numeral, so "civil" is not one).
    r"|^(?:-\s*)?(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})(?:\s*-)?$"
)
_FOOTNOTE_SUPERSCRIPT = re.compile(f"^[{SUPERSCRIPT_DIGITS}]+")
_FOOTNOTE_CITATION = re.compile(
    r"^(?:\d{1,3}|\[\d{1,3}\])\s*"
    r"(?:Source|Sources|Data source|Ibid|See|Cf\.|来源|出处|资料来源|数据来源|同上|注)",
    re.I,
)
_FOOTNOTE_NUMBER = re.compile(r"^(?:\d{1,3}|\[\d{1,3}\])\s*\S")
_MARKER_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
# Markdown emphasis left by converters (**供应链优化**, *Government Work Report*): layout, not text.
_STRONG = re.compile(r"\*\*|__")
# Backslash escapes of Markdown and LaTeX converters (US\$84, 30\%): the character stays, the
# backslash goes. An escaped backslash (\\) is matched so that the character after it is not taken
# as escaped, and is left as it is.
_ESCAPE = re.compile(r"\\([\\$%*_#&])")
_UNIT_WORD = re.compile(r"[A-Za-z]+$")
# Units written with a superscript power (m², km³): that superscript is not a footnote marker.
_UNITS = ("m", "km", "cm", "mm", "dm", "ft", "in")
_LETTER_HYPHEN_END = re.compile(r"([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"^[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_]+")
_HYPHENATED = re.compile(r"\b[^\W\d_]+-[^\W\d_]+")
SECTION_WORDS = re.compile(
    r"^(?:abstract|introduction|executive summary|summary|conclusions?|foreword|preface|background|"
    r"references|acknowledge?ments|contents|摘要|前言|导论|引言|背景|概要|内容提要|结语|结论|总结|参考文献|目\s*录)"
    r"\s*[:：]?$",
    re.I,
)


class SplitRule(StrEnum):
    """How a file is cut into documents (``--split``); see :func:`aligner.volumes.split_volume`."""

    # A table of contents, else top-level headings (PDF type size, Word Heading 1), else title +
    # byline blocks, else one document.
    AUTO = "auto"
    # A table of contents, else title + byline blocks (the rules before headings were read).
    TOC = "toc"
    # Title + byline blocks only.
    TITLES = "titles"
    # Top-level headings only.
    HEADINGS = "headings"
    # One document per file.
    NONE = "none"

    @classmethod
    def parse(cls, value: str) -> SplitRule:
        """The rule called ``value``; :class:`UsageError` naming the choices for any other."""
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(rule.value for rule in cls)
            raise UsageError(f"unknown split rule {value!r}; choose from {choices}") from None


@dataclass(frozen=True)
class LayoutHints:
    """What a reader that sees the layout (PDF type and positions, Word styles) knows about the
    lines of the text it extracted, which plain text cannot tell. Line numbers are 1-based."""

    # Running headers and footers, page numbers: out of the flow as "page-furniture".
    furniture: frozenset[int] = frozenset()
    # Footnotes and endnotes (small type under a page's body, Word's notes): out as "footnote".
    footnotes: frozenset[int] = frozenset()
    # Heading lines and their level: 1 for the largest type or Word's Heading 1, 0 for Word's Title.
    headings: dict[int, int] = field(default_factory=dict)
    # Blank lines stand where the reader saw a paragraph end, so the lines between two blank lines
    # are one paragraph, whatever their length or last character.
    paragraphs_marked: bool = False
    # The file was written by a program that does not hyphenate words at line ends (a browser, a
    # word processor), so a hyphen there is part of the word.
    line_end_hyphens_kept: bool = False


@dataclass(frozen=True)
class CleanOptions:
    """Which cleaning steps run; all on by default. ``CleanOptions.none()`` reads text as it is."""

    join_page_breaks: bool = True
    dehyphenate: bool = True
    reflow: bool = True
    remove_footnotes: bool = True
    remove_urls: bool = True
    remove_page_numbers: bool = True
    remove_running_headers: bool = True
    strip_footnote_markers: bool = True
    # Markdown emphasis marks (**bold**, __bold__, *italics*, _italics_) leave the text. A single
    # mark goes only with its partner around a span (``a * b``, ``A*STAR``, ``snake_case``, file
    # names and URLs keep theirs).
    strip_markup: bool = True
    # Backslash escapes of Markdown and LaTeX converters (``\$``, ``\%``, ``\*``, ``\_``, ``\#``,
    # ``\&``) lose their backslash.
    strip_escapes: bool = True
    # List bullets (-, •, ·) leave the text; the paragraph's kind still says "list".
    strip_bullets: bool = True
    # How a file is cut into documents (a volume into its papers).
    split: SplitRule = SplitRule.AUTO

    @classmethod
    def none(cls) -> CleanOptions:
        """No cleaning at all: every non-empty line lands in a paragraph (volumes are still split)."""
        switches: dict[str, Any] = {f.name: False for f in fields(cls) if f.name != "split"}
        return cls(**switches)


@dataclass(frozen=True)
class Line:
    """One line of a decoded file: 1-based number, char offset of its start, text without newline."""

    number: int
    start: int
    text: str


@dataclass
class FileLayout:
    """What a whole file says about its layout, measured once before its documents are cleaned."""

    # Characters per line of a hard-wrapped file (None: lines are whole paragraphs or near it).
    wrap_width: int | None = None
    # False when the extractor put a blank line after every line, so blanks mark nothing.
    blanks_meaningful: bool = True
    # Line number -> why the line is not body text ("footnote", "url", ...).
    reasons: dict[int, str] = field(default_factory=dict)
    # Hyphenated words seen inside lines (case-folded): evidence that a hyphen at a line end is real.
    hyphenated: frozenset[str] = frozenset()
    # Words seen whole inside lines (case-folded, the halves of words broken at a line end left out).
    words: frozenset[str] = frozenset()
    # From the reader's LayoutHints (see there).
    headings: dict[int, int] = field(default_factory=dict)
    paragraphs_marked: bool = False
    line_end_hyphens_kept: bool = False


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal or editor: wide (CJK) characters count twice."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text))


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def is_cjk(char: str) -> bool:
    """Han, kana, or CJK/full-width punctuation: scripts written without spaces between words."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x2FA1F
    )


def is_han(char: str) -> bool:
    code = ord(char)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSERS + SUPERSCRIPT_DIGITS)
    return bool(stripped) and stripped[-1] in TERMINAL


def normalise_repeated(text: str) -> str:
    """Key under which running headers repeat: digits and spacing differ from page to page."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().casefold()


def is_url_only(text: str) -> bool:
    if not _URL.search(text):
        return False
    rest = _URL.sub("", _BULLET.sub("", text))
    return sum(c.isalpha() for c in rest) <= 5


def footnote_reason(text: str) -> str | None:
    """``"footnote"`` or ``"url"`` for a footnote or URL-only line, else None. ``text`` is stripped."""
    if _FOOTNOTE_SUPERSCRIPT.match(text) and len(text) <= 400:
        return "footnote"
    if _FOOTNOTE_CITATION.match(text) and len(text) <= 300:
        return "footnote"
    if _FOOTNOTE_NUMBER.match(text) and _URL.search(text) and len(text) <= 300:
        return "footnote"
    if is_url_only(text):
        return "url"
    return None


def is_heading_like(text: str) -> bool:
    """Short, capitalised, not ending like a sentence: a title, heading or byline line."""
    if not text or "\t" in text or len(text) > 200:
        return False
    if display_width(text) > 120 or ends_sentence(text) or text[-1] in ",，、-":
        return False
    if text[-1] in ":：" and len(text.split()) > 4:
        return False
    if re.search(r"[。！？]|[a-z]{2}[.!?]\s+[A-Z]", text):
        return False  # a sentence ends inside: body text, however short
    if len(text) > 25 and "，" in text:
        return False  # a Chinese clause list: the first line of a paragraph, not a heading
    first = text.lstrip("\"“'‘《「『(（[")[:1]
    letters = sum(c.isalpha() for c in text)
    return bool(first) and letters >= 2 and (first.isupper() or first.isdigit() or is_cjk(first))


def starts_block(text: str) -> bool:
    """Whether a line starts a new paragraph whatever precedes it: list item, heading, caption, table."""
    return bool(
        "\t" in text
        or _LIST_START.match(text)
        or CAPTION.match(text)
        or MARKDOWN_HEADING.match(text)
        or NUMBERED.match(text)
        or SECTION_WORDS.match(text)
    )


def classify(text: str) -> SegmentKind:
    """Kind of a paragraph from its (cleaned) text and first characters."""
    if is_note(text):
        return "note"
    if CAPTION.match(text):
        return "caption"
    if MARKDOWN_HEADING.match(text) or SECTION_WORDS.match(text):
        return "heading"
    if _LIST_START.match(text):
        return "list"
    if NUMBERED.match(text):
        if display_width(text) <= 160 and not ends_sentence(text):
            return "heading"
        return "list" if re.match(r"^(?:\d|[(（]\d|[①-⑳])", text) else "body"
    if is_heading_like(text) and display_width(text) <= 100:
        return "heading"
    return "body"


def _percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def analyse_layout(
    lines: Sequence[Line], options: CleanOptions, hints: LayoutHints | None = None
) -> FileLayout:
    """Find the lines to take out (footnotes, URLs, page numbers, running headers) and the wrap width.

    ``hints`` from a layout-aware reader (PDF, .docx) add what the text alone cannot show: page
    furniture, footnotes set in small type, headings, where paragraphs end.
    """
    layout = FileLayout()
    stripped = [line.text.strip() for line in lines]
    # Only short lines can be running headers; keying the long ones would only cost time.
    keys = [normalise_repeated(text) if text and display_width(text) <= 80 else "" for text in stripped]
    counts = Counter(key for key in keys if key)
    for line, text, key in zip(lines, stripped, keys, strict=True):
        if not text:
            continue
        reason = None
        if _PAGE_NUMBER.match(text):
            reason = "page-number" if options.remove_page_numbers else None
        else:
            found = footnote_reason(text)
            wanted = {"footnote": options.remove_footnotes, "url": options.remove_urls}
            if found and wanted[found]:
                reason = found
        if reason is None and options.remove_running_headers and key:
            # Long enough not to be a common short line (short enough not to be prose: see keys).
            long_enough = len(key) >= 12 or cjk_count(key) >= 6
            # Labels that recur by design ("- Key Initiatives:") are structure, not page furniture.
            label = bool(
                NUMBERED.match(text)
                or SECTION_WORDS.match(text)
                or _LIST_START.match(text)
                or CAPTION.match(text)
                or text[-1] in ":："
                or ends_sentence(text)
            )
            if counts[key] >= 4 and long_enough and not label:
                reason = "running-header"
        if reason:
            layout.reasons[line.number] = reason
    if hints is not None:
        _apply_hints(hints, options, layout)
    _keep_repeated_prose(stripped, layout)
    if options.remove_running_headers and options.remove_page_numbers:
        _mark_page_footers(lines, stripped, layout)
    content = [display_width(text) for n, text in enumerate(stripped, 1) if text and n not in layout.reasons]
    if options.reflow and len(content) >= 20 and not layout.paragraphs_marked:
        width = _percentile(content, 0.95)
        near = sum(0.75 * width <= w <= 1.05 * width for w in content) / len(content)
        # Wrapped lines mostly stop mid-sentence; lines that are whole paragraphs of similar length
        # (short paragraphs, one per line) mostly end with a full stop.
        texts = [text for n, text in enumerate(stripped, 1) if text and n not in layout.reasons]
        sentence_ends = sum(map(ends_sentence, texts)) / len(texts)
        if 50 <= width <= 200 and near >= 0.45 and sentence_ends < 0.5:
            layout.wrap_width = width
            followed_by_blank = sum(1 for i, text in enumerate(stripped[:-1]) if text and not stripped[i + 1])
            layout.blanks_meaningful = followed_by_blank < 0.6 * len(content)
    if options.dehyphenate:
        joined = "\n".join(text for text in stripped if "-" in text)
        layout.hyphenated = frozenset(m.group().casefold() for m in _HYPHENATED.finditer(joined))
        layout.words = _whole_words(stripped)
    return layout


def _apply_hints(hints: LayoutHints, options: CleanOptions, layout: FileLayout) -> None:
    """The reader's knowledge, which beats guesses from the text: its furniture and footnotes leave
    the flow whatever they look like, and its headings and paragraph ends are taken as given."""
    if options.remove_running_headers:
        layout.reasons.update(dict.fromkeys(hints.furniture, "page-furniture"))
    if options.remove_footnotes:
        layout.reasons.update(dict.fromkeys(hints.footnotes - hints.furniture, "footnote"))
    layout.headings = {n: level for n, level in hints.headings.items() if n not in layout.reasons}
    layout.paragraphs_marked = hints.paragraphs_marked
    layout.line_end_hyphens_kept = hints.line_end_hyphens_kept


def _keep_repeated_prose(stripped: list[str], layout: FileLayout) -> None:
    """Unmark repeated lines that sit against a body line: a header stands apart from the text
    (blank lines or other page furniture around it), a repeated sentence of prose does not."""
    changed = True
    while changed:
        changed = False
        for number, reason in list(layout.reasons.items()):
            if reason != "running-header":
                continue
            neighbours = (n for n in (number - 1, number + 1) if 1 <= n <= len(stripped))
            if any(stripped[n - 1] and n not in layout.reasons for n in neighbours):
                del layout.reasons[number]
                changed = True


def _mark_page_footers(lines: Sequence[Line], stripped: list[str], layout: FileLayout) -> None:
    """A short all-capitals line next to a page number is a running header or footer (``NOMURA``)."""
    nonempty = [i for i, text in enumerate(stripped) if text]
    for position, i in enumerate(nonempty):
        if layout.reasons.get(lines[i].number) != "page-number":
            continue
        for j in (position - 1, position + 1):
            if 0 <= j < len(nonempty):
                text = stripped[nonempty[j]]
                letters = [c for c in text if c.isalpha()]
                if (
                    len(text) <= 40
                    and len(letters) >= 2
                    and not any(c.islower() for c in letters)
                    and lines[nonempty[j]].number not in layout.reasons
                ):
                    layout.reasons[lines[nonempty[j]].number] = "running-header"


class _Builder:
    """Accumulates cleaned text and the source map that ties it back to the file."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.source_map: list[tuple[int, int, int]] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def last_char(self) -> str:
        return self.parts[-1][-1] if self.parts and self.parts[-1] else ""

    def add(self, text: str, file_char: int | None = None, line: int = 0) -> None:
        """Append text; with ``file_char``, it starts a new verbatim piece at that file offset."""
        if not text:
            return
        if file_char is not None:
            self.source_map.append((self.length, file_char, line))
        self.parts.append(text)
        self.length += len(text)

    def drop_last_char(self) -> None:
        self.parts[-1] = self.parts[-1][:-1]
        self.length -= 1


def _markup_cuts(text: str, options: CleanOptions) -> list[tuple[int, int]]:
    """Spans of ``text`` (a paragraph's lines joined by newlines) that leave the text flow, in
    order: footnote markers, emphasis marks, the backslashes of escapes."""
    cuts: list[tuple[int, int]] = []
    escaped: set[int] = set()
    for match in _ESCAPE.finditer(text):
        escaped.update(range(match.start(), match.end()))
        if options.strip_escapes and match.group(1) != "\\":
            cuts.append((match.start(), match.start() + 1))
    if options.strip_footnote_markers:
        for match in _MARKER_RUN.finditer(text):
            word = _UNIT_WORD.search(text, 0, match.start())
            if word and word.group() in _UNITS and match.group() in ("²", "³"):
                continue
            cuts.append(match.span())
    if options.strip_markup:
        # Marks inside a web address are part of it; one right after it closes a span around it.
        urls = {i for match in _URL.finditer(text) for i in range(match.start(), _url_end(text, match))}
        kept = escaped | urls
        strong = [m.span() for m in _STRONG.finditer(text) if not kept & {m.start(), m.end() - 1}]
        cut = {i for start, end in strong for i in range(start, end)}
        cuts.extend(strong)
        for mark in "*_":
            cuts.extend(_single_emphasis(text, mark, kept | cut, cut))
    return sorted(cuts)


def _url_end(text: str, match: re.Match[str]) -> int:
    end = match.end()
    while end > match.start() and text[end - 1] in "*_":
        end -= 1
    return end


def _single_emphasis(text: str, mark: str, taken: set[int], neutral: set[int]) -> list[tuple[int, int]]:
    """The marks of ``*x*`` (``_x_``) spans: an opening mark before a non-space, a closing one after
    a non-space, the next mark after it. A letter or digit against the outside of a mark keeps it
    (``A*STAR``, ``2*3``; ``snake_case`` and any word character for ``_``); strong marks already cut
    (``***x***``) count as nothing."""

    def outside(index: int) -> str:
        return "" if index < 0 or index >= len(text) or index in neutral else text[index]

    def binds(char: str) -> bool:
        return char == mark or (char.isalnum() and (char.isascii() or mark == "_"))

    positions = [i for i, char in enumerate(text) if char == mark and i not in taken]
    spans: list[tuple[int, int]] = []
    k = 0
    while k + 1 < len(positions):
        opening, closing = positions[k], positions[k + 1]
        after_opening, before_closing = outside(opening + 1), outside(closing - 1)
        if (
            closing > opening + 1
            and not binds(outside(opening - 1))
            and after_opening
            and not after_opening.isspace()
            and not before_closing.isspace()
            and not binds(outside(closing + 1))
        ):
            spans.extend([(opening, opening + 1), (closing, closing + 1)])
            k += 2
        else:
            k += 1
    return spans


def _kept_pieces(contents: Sequence[str], options: CleanOptions) -> list[list[tuple[int, str]]]:
    """For each line of a paragraph (its content, stripped), the pieces (offset in the line,
    piece) left once markers, emphasis marks and escapes are cut out. Emphasis may span lines."""
    cuts = _markup_cuts("\n".join(contents), options)
    result: list[list[tuple[int, str]]] = []
    base = 0
    index = 0
    for content in contents:
        end = base + len(content)
        line_cuts = []
        while index < len(cuts) and cuts[index][0] < end:
            line_cuts.append((cuts[index][0] - base, cuts[index][1] - base))
            index += 1
        result.append(_pieces(content, line_cuts))
        base = end + 1
    return result


def _pieces(content: str, cuts: list[tuple[int, int]]) -> list[tuple[int, str]]:
    pieces: list[tuple[int, str]] = []
    position = 0
    for start, end in cuts:
        pieces.append((position, content[position:start]))
        position = max(position, end)
        # "Circle ¹strengthens" keeps one space; "Circle ¹ strengthens" would keep two.
        if content[:start].endswith(" ") and content[position : position + 1] == " ":
            position += 1
    pieces.append((position, content[position:]))
    return [(offset, piece) for offset, piece in pieces if piece]


def _unspaced_dash(before: str, after: str) -> bool:
    """Whether a line break beside an em dash stands where the text had no space: a line may end
    after an unspaced dash (``effectively—`` / ``yet``) or the next start with one (``factors`` /
    ``—robust``); a spaced dash keeps its space on the other side (``factors —`` / ``robust``)."""
    return (before.endswith("—") and not before[:-1].isspace()) or (
        after.startswith("—") and not after[1:2].isspace()
    )


def _whole_words(stripped: Sequence[str]) -> frozenset[str]:
    """Case-folded words of the lines, without the two halves of each word broken at a line end,
    and without web addresses (``.com`` is no word)."""
    words: set[str] = set()
    broken = False  # the line before ended in a letter and a hyphen
    for text in stripped:
        found = [match.group().casefold() for match in _WORD.finditer(_URL.sub(" ", text))]
        if broken and found:
            found.pop(0)
        broken = bool(_LETTER_HYPHEN_END.search(text))
        if broken and found:
            found.pop()
        words.update(found)
    return frozenset(words)


def _keep_hyphen(left: str, right: str, layout: FileLayout) -> bool:
    """Whether ``left-`` at a line end and ``right`` on the next line form a real hyphenated word:
    written so elsewhere in the file, or two words the file uses on their own (``industry-`` /
    ``linked``) that it never writes as one (``manufac-`` / ``turing`` is no such pair)."""
    if any(c.isupper() or c.isdigit() for c in left) or right[:1].isupper() or layout.line_end_hyphens_kept:
        return True
    if f"{left}-{right}".casefold() in layout.hyphenated:
        return True
    words = layout.words
    # Short halves are prefixes and common words ("in-" / "vested", "re-" / "search"): evidence only
    # when both halves are words of three letters or more.
    return (
        min(len(left), len(right)) >= 3
        and left.casefold() in words
        and right.casefold() in words
        and f"{left}{right}".casefold() not in words
    )


def assemble(
    lines: Sequence[Line],
    file: str,
    layout: FileLayout,
    options: CleanOptions,
    kind: SegmentKind | None = None,
) -> Segment | None:
    """Join ``lines`` (in order, possibly with removed lines between) into one paragraph segment."""
    builder = _Builder()
    spans: list[tuple[Line, int, int]] = []
    for index, line in enumerate(lines):
        raw = line.text
        start = len(raw) - len(raw.lstrip())
        end = len(raw.rstrip())
        if start >= end:
            continue
        if index == 0:
            bullet = _BULLET.match(raw[start:end]) if options.strip_bullets else None
            heading = MARKDOWN_HEADING.match(raw[start:end]) if options.strip_bullets else None
            prefix = bullet or heading
            if prefix and prefix.end() < end - start:
                start += prefix.end()
                # The marker goes from the text, but it still says what kind of paragraph this is.
                kind = kind or ("list" if bullet else "heading")
        spans.append((line, start, end))
    kept = _kept_pieces([line.text[start:end] for line, start, end in spans], options)
    for (line, start, _), pieces in zip(spans, kept, strict=True):
        if not pieces:
            continue  # a line of marks only ("**")
        content = "".join(piece for _, piece in pieces)
        if builder.length:
            previous = builder.last_char()
            hyphen = _LETTER_HYPHEN_END.search(builder.parts[-1][-60:])
            right = _FIRST_WORD.match(content)
            if options.dehyphenate and hyphen and right:
                if not _keep_hyphen(hyphen.group(1), right.group(), layout):
                    builder.drop_last_char()
            elif not (is_cjk(previous) and is_cjk(content[0])) and not _unspaced_dash(
                builder.parts[-1][-2:], content
            ):
                builder.add(" ")
        for offset, piece in pieces:
            if not builder.length or builder.last_char() == " ":
                # A cut marker can leave a space at the start ("¹ https://..."): no double spaces.
                trimmed = piece.lstrip()
                offset, piece = offset + len(piece) - len(trimmed), trimmed
            builder.add(piece, line.start + start + offset, line.number)
    text = builder.text
    stripped = text.rstrip()
    if not stripped.strip():
        return None
    _, first_char, first_line = builder.source_map[0]
    last_offset, last_char, last_line = builder.source_map[-1]
    char_end = last_char + (len(stripped) - last_offset)
    return Segment(
        text=stripped,
        file=file,
        line_start=first_line,
        line_end=last_line,
        char_start=first_char,
        char_end=char_end,
        kind="note" if is_note(stripped) else (kind or classify(stripped)),
        source_map=tuple(builder.source_map),
    )


def lines_segment(
    all_lines: Sequence[Line], numbers: Iterable[int], file: str, kind: SegmentKind, options: CleanOptions
) -> Segment:
    """One segment from the given 1-based lines (a title or byline block)."""
    chosen = [all_lines[n - 1] for n in numbers]
    segment = assemble(chosen, file, FileLayout(), options, kind)
    if segment is None:
        raise ValueError("lines_segment needs at least one non-empty line")
    return segment


def _continues(previous: str, text: str, gap: bool, layout: FileLayout) -> bool:
    """Whether line ``text`` continues the paragraph whose last line is ``previous``."""
    if starts_block(text) or "\t" in previous:
        return False
    if layout.paragraphs_marked:
        return not gap
    width = layout.wrap_width
    if width:
        if gap and layout.blanks_meaningful:
            return False
        used = display_width(previous)
        if _LETTER_HYPHEN_END.search(previous) and text[:1].isalpha():
            return True  # a word hyphenated at the wrap, whatever the line length
        if ends_sentence(previous) and used < 0.9 * width:
            return False
        first_word = text.split()[0] if text.split() else text
        return used >= 0.8 * width or used + 1 + display_width(first_word) > 0.92 * width
    if gap or ends_sentence(previous):
        return False
    if NUMBERED.match(previous) or SECTION_WORDS.match(previous):
        return False
    # A short heading directly above a long body line (no blank between) is still a heading.
    return not (is_heading_like(previous) and text[:1].isupper() and len(text) > 2 * len(previous) + 20)


def _page_break_split(first: Segment, second: Segment) -> bool:
    """Whether ``second`` is the rest of ``first``, cut off by a page break (and perhaps footnotes)."""
    if second.kind != "body" or first.kind in ("caption", "note") or "\t" in first.text + second.text:
        return False
    tail, head = first.text[-1], second.text[0]
    if _LETTER_HYPHEN_END.search(first.text[-40:]) and (
        head.islower() or (head.isalpha() and first.kind != "heading")
    ):
        return True  # "... small and medium-sized en-" / "terprises"
    if first.kind == "heading":
        # Only a "heading" that is really a short line cut off mid-sentence ("... strategic place
        # for western" / "development. The concept ...") continues in lower case.
        return head.islower() and tail.isalpha() and len(first.text.split()) >= 6
    if ends_sentence(first.text) or tail in ":：":
        return False
    if head.islower() and (tail.isalnum() or tail in ",;)-–—\"'”’"):
        return True
    # "... more than US$6 billion up to" / "2027. US$1.5 billion ...": a body paragraph never ends
    # on a lower-case word, so a number after it continues the sentence.
    if head.isdigit() and first.kind == "body" and (tail.islower() or tail == ",") and len(first.text) >= 80:
        return True
    # Chinese: a sentence stopped mid-clause, continued by a paragraph that is not a new item.
    # A short list item ("①先行个性化提醒服务：……") is a heading of its own; only a long one runs over.
    shortest = 50 if first.kind == "list" else 20
    return is_han(head) and (is_han(tail) or tail in "，、：“‘《（") and len(first.text) >= shortest


def build_paragraphs(
    lines: Sequence[Line], first: int, last: int, layout: FileLayout, file: str, options: CleanOptions
) -> tuple[list[Segment], list[Removed]]:
    """Paragraphs and removed lines of lines ``first``..``last`` (1-based, inclusive)."""
    drafts: list[list[Line]] = []
    removed_lines: list[Line] = []
    current: list[Line] = []
    previous = ""
    gap = False
    for line in lines[first - 1 : last]:
        text = line.text.strip()
        if not text:
            gap = True
            continue
        if line.number in layout.reasons:
            removed_lines.append(line)
            gap = True
            continue
        if current and _continues(previous, text, gap, layout):
            current.append(line)
        else:
            if current:
                drafts.append(current)
            current = [line]
        previous, gap = text, False
    if current:
        drafts.append(current)
    paragraphs: list[Segment] = []
    paragraph_lines: list[list[Line]] = []
    reasons = dict(layout.reasons)
    for draft in drafts:
        segment = assemble(
            draft, file, layout, options, "heading" if draft[0].number in layout.headings else None
        )
        # Lines left with no text once markers are cut ("**", "¹") are accounted for as removed.
        for line in draft:
            if segment is None or not segment.line_start <= line.number <= segment.line_end:
                removed_lines.append(line)
                reasons[line.number] = "markup"
        if segment is None:
            continue
        if options.join_page_breaks and paragraphs and _page_break_split(paragraphs[-1], segment):
            merged_lines = paragraph_lines[-1] + draft
            merged = assemble(merged_lines, file, layout, options)
            if merged is not None:
                paragraphs[-1], paragraph_lines[-1] = merged, merged_lines
                continue
        paragraphs.append(segment)
        paragraph_lines.append(draft)
    removed_lines.sort(key=lambda line: line.number)
    return paragraphs, group_removed(lines, removed_lines, reasons, file)


def group_removed(
    all_lines: Sequence[Line],
    removed_lines: Sequence[Line],
    reasons: dict[int, str],
    file: str,
    reason: str | None = None,
) -> list[Removed]:
    """Consecutive removed lines with one reason (only blank lines between) as one entry each."""
    groups: list[Removed] = []
    for line in removed_lines:
        why = reason or reasons[line.number]
        text = line.text.strip()
        if not text:
            continue
        last = groups[-1] if groups else None
        if (
            last
            and last.reason == why
            and all(not all_lines[k - 1].text.strip() for k in range(last.line_end + 1, line.number))
        ):
            groups[-1] = Removed(file, last.line_start, line.number, f"{last.text}\n{text}", why)
        else:
            groups.append(Removed(file, line.number, line.number, text, why))
    return groups
