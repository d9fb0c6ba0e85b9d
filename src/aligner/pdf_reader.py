"""Read a PDF's text with its layout: printed lines with position, type size and weight, per page.

Text alone cannot tell a running header from a heading, or a footnote from a short paragraph; the
page can. pdfplumber (on pdfminer.six) gives every character with its box, font and size, and this
module builds the printed lines from them and decides from position and type:

- **page furniture**: lines in the top or bottom margin that come back at the same place on other
  pages (a browser's date and page title, the file's URL and ``5/12``), or that are a page number
  or a browser's date stamp;
- **headings**: blocks set clearly larger than the body text (one level per size, largest first),
  then short blocks set in bold at body size;
- **footnotes**: small type under the body of a page, from its first block that starts like a
  note (a number, a symbol), small type that starts with a raised note number anywhere on the page,
  and small type that carries on at the top of the next page; monospaced type is code, not notes;
- **paragraphs**: a new block where the space between lines grows, the type changes, or a line
  that ends a sentence stops well short of the column's right edge.

The text handed on keeps every printed line, furniture too, so that line numbers stay true to the
pages, with a blank line wherever a block ends; :class:`~aligner.clean.LayoutHints` says which
lines are furniture, footnotes and headings, and the cleaner takes them out or keeps them.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aligner.clean import SUPERSCRIPT_DIGITS, LayoutHints, ends_sentence, normalise_repeated
from aligner.errors import InputError

# Share of the page height at the top and at the bottom where running headers and footers sit.
MARGIN_SHARE = 0.12
# Furniture lines looked at per margin and page (a date and title line, a URL and page line ...).
MARGIN_LINES = 3
# How far (points) a repeated margin line may move from page to page and still be the same one.
POSITION_TOLERANCE = 4.0
# Type at least this much larger than the body text is a heading; this much smaller, a footnote.
HEADING_RATIO = 1.15
SMALL_RATIO = 0.9
# Bold blocks at body size longer than this are emphasised text, not headings.
BOLD_HEADING_MAX_CHARS = 150

_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
# Programs that break lines without hyphenating words (browsers, word processors as set up out of
# the box): a hyphen at the end of a line they wrote is part of the word (``industry-`` / ``linked``).
_UNHYPHENATED_PRODUCER = re.compile(
    r"skia|chrom|microsoft.{0,20}word|libreoffice|openoffice|google docs", re.I
)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|[-,]bd\b", re.I)
_MONO_FONT = re.compile(r"mono|courier|consol|typewriter|menlo|code", re.I)
# How a footnote starts: a note number (raised, or followed by a stop or a space), or a symbol.
_NOTE_MARKER = re.compile(rf"^(?:[{SUPERSCRIPT_DIGITS}]|\d{{1,3}}[.)]?\s|\[\d{{1,3}}\]|[*†‡§])")
# Margin lines that are furniture even on a page of their own: a page number ("5", "5/12",
# "Page 5 of 12"), a browser's date stamp ("12/2/26, 12:56 AM" and the page title after it), a
# browser's footer (the page's address and "1/5"). A bare web address is not among them: at the
# foot of a page it is more often a footnote.
_MARGIN_MARK = re.compile(
    r"^(?:(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?"
    r"|\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?\b.*"
    r"|file://\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?"
    r"|https?://\S+\s+\d{1,4}\s*/\s*\d{1,4})$",
    re.I,
)


@dataclass(frozen=True)
class PdfLine:
    """One printed line: its text, box (points from the page's top-left corner) and type."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    # Size of most of its characters, in points.
    size: float
    # Most of its characters are set in a bold face; in a monospaced one (code, not notes).
    bold: bool
    mono: bool


@dataclass(frozen=True)
class PdfPage:
    """The printed lines of one page, top to bottom."""

    number: int
    width: float
    height: float
    lines: tuple[PdfLine, ...]


@dataclass(frozen=True)
class PdfDocument:
    """The pages of a PDF and the programs that wrote it (its Producer and Creator entries)."""

    pages: tuple[PdfPage, ...]
    producer: str


@dataclass(frozen=True)
class PdfText:
    """A PDF's text (one line per printed line, blank lines between blocks) and what its layout says."""

    text: str
    hints: LayoutHints
    # Glyphs the PDF maps to no character (pdfminer's ``(cid:12)``), put in as U+FFFD.
    replacements: int


def read_pdf(path: Path) -> PdfDocument:
    """The printed lines of every page. Raises :class:`InputError` for an encrypted or damaged PDF."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    # pdfminer logs what it works around in a file ("CropBox missing", an odd font) as warnings,
    # which Python prints on stderr when no logging is set up: noise between our own messages.
    pdfminer_log = logging.getLogger("pdfminer")
    level = pdfminer_log.level
    pdfminer_log.setLevel(logging.ERROR)
    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = tuple(
                PdfPage(page.page_number, float(page.width), float(page.height), _page_lines(page))
                for page in pdf.pages
            )
            producer = " ".join(str(pdf.metadata.get(key, "")) for key in ("Producer", "Creator"))
            return PdfDocument(pages, producer.strip())
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for a damaged file
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise InputError(
                f"{path}: the PDF is encrypted with a password; save an unprotected copy"
            ) from exc
        detail = str(cause) or type(cause).__name__
        raise InputError(f"{path}: not a readable PDF, damaged or cut short ({detail})") from exc
    finally:
        pdfminer_log.setLevel(level)


def _is_bold(char: dict[str, Any]) -> bool:
    return bool(_BOLD_FONT.search(str(char.get("fontname", ""))))


def _is_mono(char: dict[str, Any]) -> bool:
    return bool(_MONO_FONT.search(str(char.get("fontname", ""))))


def _page_lines(page: Any) -> tuple[PdfLine, ...]:
    """Characters grouped into printed lines; a raised small digit becomes a superscript digit, and
    a list bullet drawn as a shape (as browsers draw them) becomes ``•``."""
    # Only upright characters, so that a diagonal watermark stays out of the lines; a page set
    # entirely otherwise (turned on its side) keeps them all.
    upright = [c for c in page.chars if c["text"] and c.get("upright", True)]
    # Each character once: some producers fake bold by printing a glyph twice, a hair apart (and
    # pdfplumber's own dedupe_chars takes longer than all the rest of the reading).
    unique: dict[tuple[str, int, int], dict[str, Any]] = {}
    for char in upright or [c for c in page.chars if c["text"]]:
        unique.setdefault((char["text"], round(char["x0"]), round(char["top"])), char)
    chars = list(unique.values())
    # By vertical centre: a superscript, whose centre lies inside its line's band, joins that line.
    chars.sort(key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    bands: list[list[dict[str, Any]]] = []
    band_top = band_bottom = 0.0
    for char in chars:
        centre = (char["top"] + char["bottom"]) / 2
        if bands and band_top <= centre <= band_bottom:
            bands[-1].append(char)
            band_top, band_bottom = min(band_top, char["top"]), max(band_bottom, char["bottom"])
        else:
            bands.append([char])
            band_top, band_bottom = char["top"], char["bottom"]
    lines = [line for line in map(_line, bands) if line is not None]
    # Small filled dots and squares (x0, x1, vertical centre, size): the bullets a list may have.
    dots = [
        (float(s["x0"]), float(s["x1"]), (float(s["top"]) + float(s["bottom"])) / 2, float(s["width"]))
        for s in (*page.curves, *page.rects)
        if s.get("fill")
        and 0 < float(s["width"]) <= 8
        and 0.5 <= float(s["width"]) / max(float(s["height"]), 0.1) <= 2
    ]
    return tuple(_with_bullet(line, dots) for line in lines)


def _with_bullet(line: PdfLine, dots: list[tuple[float, float, float, float]]) -> PdfLine:
    """``line`` with a ``•`` in front where a small dot or square is drawn just left of it."""
    for x0, x1, centre, width in dots:
        if (
            width <= 0.6 * line.size
            and line.top <= centre <= line.bottom
            and line.x0 - 2.5 * line.size <= x1 <= line.x0
        ):
            return replace(line, text=f"• {line.text}", x0=x0)
    return line


def _line(band: list[dict[str, Any]]) -> PdfLine | None:
    inked = [c for c in band if c["text"].strip()]
    if not inked:
        return None
    sizes = Counter(round(float(c["size"]), 1) for c in inked)
    size = sizes.most_common(1)[0][0]
    # The baseline (y of the text origin, upwards) of the line's own type, against which a
    # footnote number is raised.
    baselines = sorted(float(c["matrix"][5]) for c in inked if round(float(c["size"]), 1) == size)
    baseline = baselines[len(baselines) // 2]
    parts: list[str] = []
    last_x1: float | None = None
    spaced = False
    for char in sorted(band, key=lambda c: c["x0"]):
        text = char["text"]
        if not text.strip():
            spaced = True
            continue
        if last_x1 is not None:
            gap = char["x0"] - last_x1
            # A wide gap parts two things set on one line (a header's date and title, table cells).
            if gap > 3 * size:
                parts.append("\t")
            elif spaced or gap > 0.25 * size:
                parts.append(" ")
        raised = float(char["matrix"][5]) - baseline >= 0.2 * size
        if text.isdigit() and raised and float(char["size"]) <= SMALL_RATIO * size:
            text = text.translate(_SUPERSCRIPT)
        elif text.startswith("(cid:"):
            text = "\ufffd"
        parts.append(text.replace("\n", " ").replace("\r", " "))
        last_x1, spaced = char["x1"], False
    return PdfLine(
        text="".join(parts).strip(),
        top=min(float(c["top"]) for c in inked),
        bottom=max(float(c["bottom"]) for c in inked),
        x0=min(float(c["x0"]) for c in inked),
        x1=max(float(c["x1"]) for c in inked),
        size=size,
        bold=sum(map(_is_bold, inked)) > len(inked) / 2,
        mono=sum(map(_is_mono, inked)) > len(inked) / 2,
    )


def find_furniture(pages: Sequence[PdfPage]) -> set[tuple[int, int]]:
    """(page index, line index) of running headers, footers and page numbers.

    A line counts when it sits in the top or bottom margin among the page's first or last few lines
    and the same text (digits aside) comes back at the same height on another page, or when it is a
    page number, date stamp or URL there.
    """
    # (zone, text with digits folded) -> (page, line, distance from the page edge) of each candidate
    candidates: dict[tuple[str, str], list[tuple[int, int, float]]] = {}
    for p, page in enumerate(pages):
        count = len(page.lines)
        for i, line in enumerate(page.lines):
            if i < MARGIN_LINES and line.bottom <= MARGIN_SHARE * page.height:
                zone, position = "top", line.top
            elif i >= count - MARGIN_LINES and line.top >= (1 - MARGIN_SHARE) * page.height:
                zone, position = "bottom", page.height - line.bottom
            else:
                continue
            candidates.setdefault((zone, normalise_repeated(line.text)), []).append((p, i, position))
    furniture: set[tuple[int, int]] = set()
    for group in candidates.values():
        for p, i, position in group:
            repeated = any(q != p and abs(pos - position) <= POSITION_TOLERANCE for q, _, pos in group)
            # Folded for the patterns: a PDF may spell "file://" with the ligature "ﬁ".
            text = unicodedata.normalize("NFKC", pages[p].lines[i].text).replace("\t", " ")
            if repeated or _MARGIN_MARK.match(text):
                furniture.add((p, i))
    return furniture


def _blocks(page: PdfPage, furniture: set[int], body_size: float, leading: float) -> list[list[int]]:
    """Line indices of the page grouped into blocks (paragraphs, headings, furniture lines)."""
    body = [line for i, line in enumerate(page.lines) if i not in furniture]
    left = min((line.x0 for line in body), default=0.0)
    right = max((line.x1 for line in body), default=page.width)
    blocks: list[list[int]] = []
    for i, line in enumerate(page.lines):
        if blocks and i not in furniture and blocks[-1][-1] not in furniture:
            previous = page.lines[blocks[-1][-1]]
            gap = line.top - previous.bottom
            usual = leading * line.size / body_size
            same_type = (previous.bold, previous.mono) == (line.bold, line.mono) and abs(
                line.size - previous.size
            ) <= 0.08 * max(line.size, previous.size)
            # A line that ends a sentence well short of the right edge ends its paragraph too.
            short = ends_sentence(previous.text) and previous.x1 < right - 0.1 * (right - left)
            if same_type and gap <= usual + 0.4 * line.size and not short:
                blocks[-1].append(i)
                continue
        blocks.append([i])
    return blocks


def _body_size(pages: Sequence[PdfPage], furniture: set[tuple[int, int]]) -> float:
    """The type size that sets most characters (furniture aside)."""
    sizes: Counter[float] = Counter()
    for p, page in enumerate(pages):
        for i, line in enumerate(page.lines):
            if (p, i) not in furniture:
                sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _leading(pages: Sequence[PdfPage], furniture: set[tuple[int, int]], body_size: float) -> float:
    """The usual space between two lines of one paragraph of body text (a low percentile: most gaps
    between body lines are inside paragraphs)."""
    gaps = []
    for p, page in enumerate(pages):
        for i in range(1, len(page.lines)):
            a, b = page.lines[i - 1], page.lines[i]
            if (p, i - 1) in furniture or (p, i) in furniture:
                continue
            if abs(a.size - body_size) <= 0.5 and abs(b.size - body_size) <= 0.5 and b.top >= a.bottom - 1:
                gaps.append(b.top - a.bottom)
    if not gaps:
        return 0.2 * body_size
    return max(0.0, sorted(gaps)[len(gaps) // 4])


def extract(path: Path) -> PdfText:
    """A PDF's text and layout hints. Raises :class:`InputError` for an encrypted, damaged or
    image-only PDF."""
    document = read_pdf(path)
    pages = document.pages
    if not any(page.lines for page in pages):
        raise InputError(f"{path}: no text layer; run OCR first")
    furniture = find_furniture(pages)
    body_size = _body_size(pages, furniture)
    leading = _leading(pages, furniture, body_size)
    out: list[str] = []
    furniture_lines: set[int] = set()
    footnote_lines: set[int] = set()
    # (first line number, line count, size, set in bold at body size) of each heading-like block.
    heading_blocks: list[tuple[int, int, float, bool]] = []
    # Whether the last page ended in footnotes, which may run on at the top of the next one.
    notes_run_on = False
    for p, page in enumerate(pages):
        own_furniture = {i for q, i in furniture if q == p}
        blocks = _blocks(page, own_furniture, body_size, leading)
        notes = _footnote_blocks(page, blocks, own_furniture, body_size, notes_run_on)
        content = [b for b, block in enumerate(blocks) if block[0] not in own_furniture]
        notes_run_on = bool(content) and content[-1] in notes
        for b, block in enumerate(blocks):
            if out and out[-1]:
                out.append("")
            first = len(out) + 1
            out.extend(page.lines[i].text for i in block)
            numbers = set(range(first, len(out) + 1))
            if block[0] in own_furniture:
                furniture_lines |= numbers
            elif b in notes:
                footnote_lines |= numbers
            else:
                kind = _heading_kind(page, block, body_size)
                if kind is not None:
                    heading_blocks.append((first, len(block), *kind))
        if out and out[-1]:
            out.append("")  # a page ends a block
    text = "\n".join(out)
    hints = LayoutHints(
        furniture=frozenset(furniture_lines),
        footnotes=frozenset(footnote_lines),
        headings=_heading_levels(heading_blocks),
        paragraphs_marked=True,
        line_end_hyphens_kept=bool(_UNHYPHENATED_PRODUCER.search(document.producer)),
    )
    return PdfText(text, hints, text.count("\ufffd"))


def _footnote_blocks(
    page: PdfPage, blocks: list[list[int]], furniture: set[int], body_size: float, run_on: bool
) -> set[int]:
    """Indices (in ``blocks``) of the page's footnotes: the small-type blocks under its last block of
    body-size type from the first that starts like a note (a number, a symbol), small-type blocks
    that start with a raised note number, and (``run_on``: the last page ended in footnotes) the
    small-type blocks it starts with. Monospaced type is code, never notes."""
    content = [b for b, block in enumerate(blocks) if block[0] not in furniture]

    def small(b: int) -> bool:
        return all(
            page.lines[i].size <= SMALL_RATIO * body_size and not page.lines[i].mono for i in blocks[b]
        )

    notes = {b for b in content if small(b) and page.lines[blocks[b][0]].text[:1] in SUPERSCRIPT_DIGITS}
    bottom: list[int] = []
    for b in reversed(content):
        if not small(b):
            break
        bottom.insert(0, b)
    if len(bottom) < len(content):
        starts = [b for b in bottom if _NOTE_MARKER.match(page.lines[blocks[b][0]].text)]
        if starts:
            notes.update(b for b in bottom if b >= starts[0])
    if run_on:
        for b in content:
            if not small(b):
                break
            notes.add(b)
    return notes


def _heading_kind(page: PdfPage, block: list[int], body_size: float) -> tuple[float, bool] | None:
    """(size, set in bold at body size) of a block that looks like a heading, else None."""
    lines = [page.lines[i] for i in block]
    text = " ".join(line.text for line in lines)
    if len(lines) > 3 or len(text) > 300 or "\t" in text:
        return None
    size = min(line.size for line in lines)
    if size >= HEADING_RATIO * body_size:
        return (size, False)
    if (
        all(line.bold for line in lines)
        and size >= SMALL_RATIO * body_size
        and len(text) <= BOLD_HEADING_MAX_CHARS
        and not ends_sentence(text)
    ):
        return (size, True)
    return None


def _heading_levels(blocks: list[tuple[int, int, float, bool]]) -> dict[int, int]:
    """Line number -> level: 1 for the largest heading type, one level per smaller size, and bold
    headings at body size below them all."""
    sizes = sorted({round(size * 2) / 2 for _, _, size, bold in blocks if not bold}, reverse=True)
    level_of = {size: level for level, size in enumerate(sizes, 1)}
    levels: dict[int, int] = {}
    for first, count, size, bold in blocks:
        level = len(sizes) + 1 if bold else level_of[round(size * 2) / 2]
        levels.update(dict.fromkeys(range(first, first + count), level))
    return levels
