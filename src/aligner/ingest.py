"""Read user inputs (files, folders, globs, manifests) into :class:`~aligner.model.Document` objects.

Reading is three steps: decode the bytes (:func:`read_source`; ``.pdf`` and ``.docx`` files are read
by :mod:`aligner.pdf_reader` and :mod:`aligner.docx_reader`, which also say what their layout
shows), split a volume into its papers (:mod:`aligner.volumes`), and clean each paper's lines into
paragraphs (:mod:`aligner.clean`).
Character offsets and line numbers in every segment refer to :attr:`SourceText.text`, the decoded
text with ``\\r\\n`` and ``\\r`` line ends turned into ``\\n``: the same lines an editor shows.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import glob
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from aligner.bilingual import read_as_pair
from aligner.clean import (
    CleanOptions,
    LayoutHints,
    Line,
    analyse_layout,
    build_paragraphs,
    group_removed,
    lines_segment,
)
from aligner.errors import InputError
from aligner.langdetect import detect_language
from aligner.markup_reader import MarkupText, extract_html, extract_odt
from aligner.model import Document, Removed, Segment
from aligner.normalise import normalise_counted
from aligner.segment import split_long
from aligner.volumes import DocumentSpan, VolumeSplit, join_lines, split_by_manifest, split_volume

__all__ = [
    "SUPPORTED_SUFFIXES",
    "CleanOptions",
    "Reading",
    "SourceText",
    "detect_language",
    "load_documents",
    "read_inputs",
    "read_source",
    "read_volume",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".xlsx", ".html", ".htm", ".odt")
# For messages: the kinds of files read, in words a user recognises.
SUPPORTED_LISTING = ".txt, .md, .docx, .odt, .pdf, .html or .xlsx"

# Longer paragraphs (2.5 times the longest of the bundled corpus) are cut at sentence ends: the
# memory an embedding takes grows with the text, and a file that is one huge line (a book saved
# without line breaks, an embedded data blob) must not become one huge paragraph.
MAX_PARAGRAPH_CHARS = 10_000

# Signatures of binary formats people rename to .txt by mistake, with the advice to give.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file; give it a .pdf name so its text is extracted"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"PK\x03\x04", "a zip archive (a .docx or .xlsx?); give a .docx file its .docx name"),
    (b"\xd0\xcf\x11\xe0", "an old Office (.doc/.xls) file; save it as .docx or .txt"),
    (b"\x7fELF", "a program, not text"),
)
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")

# Characters that are frequent in Chinese text, in simplified and traditional form. GB18030 and
# Big5 both accept most byte strings of the other, so decoding alone cannot choose; the text that
# reads as ordinary Chinese can.
_COMMON_HANZI = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后"
    "作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因"
    "只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应"
    "战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿"
    "原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太"
    "量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界"
    "达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今"
    "切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎存未"
    "远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火"
    "断精满支视消越器容照须九增研写称企八功包片史委乎查轻易早曾除农找装广显阿李标谈吃图念六引历首医局"
    "們個這來會時國說對學為裡經發現過還進動種後問開關長點應頭當實體無機給間從讓聽樣車東業書將義處題電"
    "話見員師與產門條變氣華總區號內兩場務際構統標準濟資訊網絡數據營運環境價值議論臺灣歷傳觀認識須聯繫"
    "職權責爭讀寫聲響鐵銀錢雙陳劉張楊黃趙吳孫鄭韓蘇萬葉費熱愛親農醫藥廣廠縣鄉導領裝設計劃理質選舉稱買"
)


@dataclass(frozen=True)
class SourceText:
    """A decoded input: its text (line ends normalised to ``\\n``) and where each line starts.

    For ``.docx`` and ``.pdf`` inputs ``text`` is the extracted text (one line per Word paragraph or
    table row, Word's footnotes and endnotes after the paragraph that cites them; one line per
    printed PDF line, blank lines between blocks and pages), and line numbers refer to that text;
    ``hints`` holds what their layout says about those lines (furniture, footnotes, headings).
    With normalisation on (the default, see :mod:`aligner.normalise`), ``text`` is the normalised
    text, and every segment's character offsets refer to it; normalisation never adds or removes a
    line break, so line numbers are those of the file either way.
    """

    path: Path
    text: str
    encoding: str
    # Char offset at which each line starts; line n (1-based) starts at line_starts[n - 1].
    line_starts: tuple[int, ...]
    # U+FFFD characters put in for undecodable bytes (a Latin-1 file read as UTF-8, say).
    replacements: int = 0
    lines: tuple[Line, ...] = field(default=(), repr=False, compare=False)
    hints: LayoutHints = field(default_factory=LayoutHints, repr=False, compare=False)
    # Characters changed by normalisation, per kind (empty: normalisation off, or nothing to change).
    normalised: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_of(self, char: int) -> int:
        """1-based line number of character offset ``char``."""
        return bisect.bisect_right(self.line_starts, char)


def _line_table(text: str) -> tuple[tuple[int, ...], tuple[Line, ...]]:
    starts = [0]
    starts.extend(match.end() for match in re.finditer("\n", text))
    if text.endswith("\n"):
        starts.pop()
    lines = []
    for number, start in enumerate(starts, 1):
        end = text.find("\n", start)
        lines.append(Line(number, start, text[start : end if end >= 0 else len(text)]))
    return tuple(starts), tuple(lines)


def make_source(path: Path, text: str, encoding: str, replacements: int = 0) -> SourceText:
    """Normalise line ends and build the line table (also used for text extracted from docx/pdf)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    starts, lines = _line_table(text)
    return SourceText(path, text, encoding, starts, replacements, lines)


def _common_hanzi_share(text: str) -> float:
    hanzi = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not hanzi:
        return 0.0
    return sum(c in _COMMON_HANZI for c in hanzi) / len(hanzi)


def _odd_share(text: str) -> float:
    """Share of characters no real text has: controls, private use, unassigned, specials, half-width kana."""
    odd = 0
    for char in text:
        category = unicodedata.category(char)
        if (
            category in ("Co", "Cn", "Cs")
            or (category == "Cc" and char not in "\t\n\r\f")
            or char >= "\ufff0"
            or char == "\ufeff"
            or "\uff61" <= char <= "\uff9f"
        ):
            odd += 1
    return odd / max(1, len(text))


def _utf16_without_bom(data: bytes) -> str | None:
    """Name of the UTF-16 variant implied by where the NUL bytes sit (ASCII in UTF-16), if any."""
    if len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if even + odd < max(2, len(data) // 200):
        return None
    # Mostly one side: ASCII characters put their NUL there; CJK characters such as 一 (U+4E00)
    # put a few on the other side.
    if odd >= 0.75 * (even + odd):
        return "utf-16-le"
    if even >= 0.75 * (even + odd):
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, name: str) -> tuple[str, str, int]:
    """Decode ``data``; returns (text, encoding, replacement count). ``name`` is for messages."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, 0
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {exc.start}); re-save it as UTF-8"
                ) from exc
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: this is {what}")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16, 0
        except UnicodeDecodeError:
            pass
    head = data[:8192]
    if b"\x00" in head or len(_CONTROL.findall(head)) > 0.05 * len(head):
        raise InputError(f"{name}: looks like a binary file, not text; give a {SUPPORTED_LISTING} file")
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    # Legacy Chinese encodings: keep the candidates that decode cleanly, then prefer the one whose
    # characters are the common ones (a wrong guess yields rare characters).
    best: tuple[float, str, str] | None = None
    for encoding in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _common_hanzi_share(text)
        if share >= 0.3 and (best is None or share > best[0]):
            best = (share, encoding, text)
    if best is not None:
        return best[2], best[1], 0
    text = data.decode("utf-8", errors="replace")
    replacements = text.count("\ufffd")
    # Mostly ASCII with some bytes that are not UTF-8 (Latin-1 or cp1252 text taken for UTF-8):
    # keep the text, count the damage. Texts whose letters are mostly high bytes go on below.
    if replacements <= 0.25 * len(text):
        return text, "utf-8", replacements
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    # Its UTF-16/32 guesses for BOM-less, NUL-free bytes are noise (we handled real UTF-16 above).
    if guess is not None and guess.encoding and not guess.encoding.startswith(("utf_16", "utf_32")):
        text = str(guess)
        if guess.chaos < 0.2 and _odd_share(text) <= 0.02:
            return text, guess.encoding, 0
    raise InputError(
        f"{name}: cannot tell the text encoding (tried UTF-8, UTF-16, GB18030, Big5); "
        "re-save the file as UTF-8"
    )


def _docx_source(path: Path) -> SourceText:
    from aligner.docx_reader import extract

    docx = extract(path)
    return replace(make_source(path, docx.text, "docx"), hints=docx.hints)


def _file_bytes(path: Path) -> bytes:
    """A file's bytes; a one-line error for one that cannot be read or is empty."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError(f"{path}: the file is empty; give a file with text in it")
    return data


def _markup_source(path: Path, markup: MarkupText) -> SourceText:
    return replace(make_source(path, markup.text, path.suffix.lower().lstrip(".")), hints=markup.hints)


def _pdf_source(path: Path) -> SourceText:
    from aligner.pdf_reader import extract

    pdf = extract(path)
    return replace(make_source(path, pdf.text, "pdf", pdf.replacements), hints=pdf.hints)


def _normalised(source: SourceText) -> SourceText:
    """``source`` with its text normalised (:func:`aligner.normalise.normalise`), lines re-indexed."""
    result = normalise_counted(source.text)
    if not result.changes:
        return source
    starts, lines = _line_table(result.text)
    # Line numbers are the traceability contract: normalisation must never change them.
    assert len(starts) == source.line_count
    # replace() keeps whatever else the reader recorded about the lines (their numbers still hold).
    return replace(source, text=result.text, line_starts=starts, lines=lines, normalised=result.changes)


def _table_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as lines, non-empty cells separated by tabs, a blank line after each row (a row is a
    paragraph, as a Word table's is)."""
    lines: list[str] = []
    for row in rows:
        cells = [" ".join(str(value).split()) for value in row if value is not None and str(value).strip()]
        if cells:
            lines.extend(["\t".join(cells), ""])
    return "\n".join(lines)


def is_manifest(path: Path) -> bool:
    """Whether a ``.csv`` file is meant as a manifest (``name,file,first_line`` columns; a header
    with ``file`` and one of the others is a manifest lacking a column, which
    :func:`read_manifest` names) or is a table of text."""
    text, _, _ = decode_bytes(path.read_bytes(), str(path))
    header = {cell.strip() for cell in next(csv.reader(io.StringIO(text)), [])}
    return "file" in header and bool(header & {"name", "first_line"})


def _csv_text(path: Path, data: bytes) -> tuple[str, str, int]:
    """A CSV or TSV table's text (see :func:`_table_text`), its encoding and replaced bytes."""
    text, encoding, replacements = decode_bytes(data, str(path))
    if path.suffix.lower() == ".tsv":
        dialect: type[csv.Dialect] | csv.Dialect = csv.excel_tab
    else:
        try:
            dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel  # one column, or too irregular to tell: commas
    try:
        return _table_text(csv.reader(io.StringIO(text), dialect)), encoding, replacements
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV table ({exc})") from exc


def _xlsx_text(path: Path) -> str:
    """A spreadsheet's text: every sheet row by row, non-empty cells separated by tabs, a blank line
    after each row (a row is a paragraph, as a Word table's is)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a broken package
        raise InputError(f"{path}: not a readable .xlsx file ({type(exc).__name__}: {exc})") from exc
    try:
        return _table_text(row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_source(path: Path, *, normalise: bool = True) -> SourceText:
    """Decode a file (``.docx`` and ``.pdf``: extract their text) and index its lines.

    ``normalise`` (default on) gives look-alike characters one spelling (:mod:`aligner.normalise`).
    Raises :class:`InputError` for a missing, empty, binary or undecodable file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file; check the path")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        source = _docx_source(path)
    elif suffix == ".pdf":
        source = _pdf_source(path)
    elif suffix == ".xlsx":
        source = make_source(path, _xlsx_text(path), "xlsx")
    elif suffix == ".odt":
        source = _markup_source(path, extract_odt(path))
    elif suffix in (".html", ".htm"):
        source = _markup_source(path, extract_html(path, _file_bytes(path)))
    else:
        data = _file_bytes(path)
        if suffix in (".csv", ".tsv"):
            text, encoding, replacements = _csv_text(path, data)
        else:
            text, encoding, replacements = decode_bytes(data, str(path))
        source = make_source(path, text, encoding, replacements)
    if normalise:
        # Before the white-space check: a file of zero-width characters has no text either.
        source = _normalised(source)
    if not source.text.strip():
        raise InputError(f"{path}: the file has only white space; give a file with text in it")
    return source


def _expand_sources(sources: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """Files to read, in input order, each with the name to show for it (the path as given)."""
    files: list[tuple[Path, str]] = []
    for source in sources:
        path = Path(source)
        text = str(source)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(f"{path}: the folder has no {SUPPORTED_LISTING} files")
            files.extend((p, str(p)) for p in found)
        elif path.exists():
            files.append((path, text))
        elif glob.has_magic(text):
            matches = sorted(Path(p) for p in glob.glob(text, recursive=True))
            matches = [p for p in matches if p.is_file()]
            if not matches:
                raise InputError(f"{text}: the pattern matches no files")
            files.extend((p, str(p)) for p in matches)
        else:
            raise InputError(f"{text}: no such file or folder; check the path")
    return files


@dataclass(frozen=True)
class ManifestEntry:
    name: str
    file: Path
    first_line: int


def read_manifest(path: Path) -> list[ManifestEntry]:
    """Parse a ``name,file,first_line`` CSV; ``file`` is relative to the manifest's folder."""
    text, _, _ = decode_bytes(path.read_bytes(), str(path))
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "file", "first_line"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(
            f"{path}: a manifest needs the columns name,file,first_line; missing {', '.join(sorted(missing))}"
        )
    entries = []
    for row_number, row in enumerate(reader, 2):
        try:
            first_line = int(row["first_line"])
        except (TypeError, ValueError) as exc:
            raise InputError(
                f"{path}:{row_number}: first_line must be a line number, not {row['first_line']!r}"
            ) from exc
        entries.append(ManifestEntry(row["name"].strip(), path.parent / row["file"].strip(), first_line))
    if not entries:
        raise InputError(f"{path}: the manifest lists no documents")
    return entries


@dataclass
class Reading:
    """Documents read from one file, with notes for the user (TOC entries not found, ...)."""

    source: SourceText
    file: str  # the path as the user gave it (or as found in a folder, glob or manifest)
    documents: list[Document]
    notes: list[str]
    split_method: str


def _author_text(source: SourceText, span: DocumentSpan) -> str | None:
    if not span.author_lines:
        return None
    return join_lines([source.lines[n - 1].text for n in span.author_lines])


def _cut_long_paragraphs(paragraphs: list[Segment], lang: str) -> tuple[list[Segment], list[str]]:
    """Paragraphs over ``MAX_PARAGRAPH_CHARS`` cut into parts, with a note for each one cut."""
    kept: list[Segment] = []
    notes = []
    for paragraph in paragraphs:
        parts = split_long(paragraph, lang, MAX_PARAGRAPH_CHARS)
        if len(parts) > 1:
            notes.append(
                f"lines {paragraph.line_start}-{paragraph.line_end}: a paragraph of {len(paragraph.text):,} "
                f"characters is cut into {len(parts)} parts of at most {MAX_PARAGRAPH_CHARS:,}"
            )
        kept.extend(parts)
    return kept, notes


def _language_documents(
    by_language: dict[str, list[Segment]],
    id_base: str,
    index: int,
    spans: int,
    span: DocumentSpan,
    file: str,
    removed: list[Removed],
) -> list[Document]:
    """A bilingual document as one document per language (see :mod:`aligner.bilingual`); what the
    cleaner removed stays with the first language's document."""
    documents = []
    for number, (doc_lang, paragraphs) in enumerate(by_language.items()):
        base = id_base if spans == 1 else f"{id_base}#{index:02d}"
        first = paragraphs[0]
        title = span.title if span.title_lines and first.line_start in span.title_lines else first.text
        documents.append(
            Document(
                doc_id=f"{base}@{doc_lang}",
                title=title[:200],
                lang=doc_lang,
                file=file,
                line_start=span.line_start,
                line_end=span.line_end,
                paragraphs=[replace(p, paragraph=i) for i, p in enumerate(paragraphs)],
                removed=removed if number == 0 else [],
            )
        )
    return documents


def read_volume(
    source: SourceText,
    file: str,
    lang: str | None,
    options: CleanOptions,
    split: VolumeSplit | None = None,
    *,
    id_base: str | None = None,
    bilingual: bool = True,
) -> Reading:
    """Split one decoded file into documents and clean each into paragraphs.

    A document whose paragraphs alternate between two languages becomes two documents, ``@en`` and
    ``@zh`` after its id (see :mod:`aligner.bilingual`), unless ``bilingual`` is off or ``lang``
    is given.

    ``file`` is recorded in every document, segment and removal; document ids are ``id_base``
    (default: the file's base name), with ``#01``, ``#02`` ... when the file holds several documents.
    """
    id_base = id_base or Path(file).name
    layout = analyse_layout(source.lines, options, source.hints)
    if split is None:
        split = split_volume(source.lines, layout, options, file)
    documents = []
    pair_rule = ""  # how a one-document file was read as a pair, if it was
    notes: list[str] = []
    for index, span in enumerate(split.spans, 1):
        paragraphs: list[Segment] = []
        removed: list[Removed] = []
        body_start = span.line_start
        if span.title_lines:
            paragraphs.append(lines_segment(source.lines, span.title_lines, file, "heading", options))
            body_start = max(span.title_lines) + 1
        if span.author_lines:
            paragraphs.append(lines_segment(source.lines, span.author_lines, file, "body", options))
            body_start = max(span.author_lines) + 1
        # Removed lines (a footnote, a page number) above the title or byline still need an account.
        heading_lines = set(span.title_lines) | set(span.author_lines)
        above = [
            line
            for line in source.lines[span.line_start - 1 : body_start - 1]
            if line.text.strip() and line.number not in heading_lines
        ]
        removed.extend(
            group_removed(
                source.lines,
                above,
                layout.reasons,
                file,
                None if all(line.number in layout.reasons for line in above) else "front-matter",
            )
        )
        body, body_removed = build_paragraphs(source.lines, body_start, span.line_end, layout, file, options)
        paragraphs.extend(body)
        removed.extend(body_removed)
        if index == 1:
            removed = [*split.removed, *removed]
        as_pair = read_as_pair(paragraphs) if lang is None and bilingual else None
        if as_pair is not None:
            pair_rule, by_language = as_pair
            for doc_lang, own in by_language.items():
                by_language[doc_lang], cut_notes = _cut_long_paragraphs(own, doc_lang)
                notes.extend(cut_notes)
            documents.extend(
                _language_documents(by_language, id_base, index, len(split.spans), span, file, removed)
            )
            continue
        body_text = "\n".join(p.text for p in paragraphs if p.kind != "heading") or span.title
        doc_lang = lang or detect_language(body_text)
        paragraphs, cut_notes = _cut_long_paragraphs(paragraphs, doc_lang)
        notes.extend(cut_notes)
        paragraphs = [replace(p, paragraph=i) for i, p in enumerate(paragraphs)]
        documents.append(
            Document(
                doc_id=id_base if len(split.spans) == 1 else f"{id_base}#{index:02d}",
                title=span.title,
                lang=doc_lang,
                file=file,
                line_start=span.line_start,
                line_end=span.line_end,
                paragraphs=paragraphs,
                author=_author_text(source, span),
                removed=removed,
            )
        )
    # A one-document file read as a pair says so (inspect shows the rule that fired).
    method = pair_rule if split.method == "single" and pair_rule else split.method
    return Reading(source, file, documents, [*split.notes, *notes], method)


def _labels(files: list[tuple[Path, str]]) -> dict[Path, str]:
    """Id base of each file: its base name, with as many parent folders as it takes to tell apart
    files that share a name (``cmia-19/en.txt``, ``cmia-earlier/en.txt``)."""
    resolved = {path: path.resolve() for path, _ in files}
    labels: dict[Path, str] = {}
    for path, _ in files:
        parts = resolved[path].parts
        for depth in range(1, len(parts) + 1):
            label = "/".join(parts[-depth:])
            clashes = {
                r for r in resolved.values() if r != resolved[path] and "/".join(r.parts[-depth:]) == label
            }
            if not clashes:
                break
        labels[path] = label
    return labels


def read_inputs(
    sources: Sequence[str | Path],
    lang: str | None = None,
    *,
    options: CleanOptions | None = None,
    normalise: bool = True,
) -> list[Reading]:
    """Like :func:`load_documents`, but one :class:`Reading` (with notes) per file read."""
    options = options or CleanOptions()
    plain: list[tuple[Path, str]] = []
    manifests: dict[Path, list[ManifestEntry]] = {}
    for path, shown in _expand_sources(sources):
        if path.suffix.lower() == ".csv" and path.is_file() and is_manifest(path):
            for entry in read_manifest(path):
                if not entry.file.is_file():
                    raise InputError(f"{path}: the manifest names {entry.file}, which does not exist")
                if entry.file not in manifests:
                    plain.append((entry.file, str(entry.file)))
                manifests.setdefault(entry.file, []).append(entry)
        else:
            plain.append((path, shown))
    # A file named twice (on its own and through its folder or a glob, say) is read once.
    unique: dict[Path, tuple[Path, str]] = {}
    for path, shown in plain:
        unique.setdefault(path.resolve(), (path, shown))
    plain = list(unique.values())
    id_bases = _labels(plain)
    readings = []
    for path, shown in plain:
        source = read_source(path, normalise=normalise)
        split = None
        if path in manifests:
            entries = manifests[path]
            split = split_by_manifest(source.lines, [(e.name, e.first_line) for e in entries], shown)
        readings.append(read_volume(source, shown, lang, options, split, id_base=id_bases[path]))
    seen: set[str] = set()
    for reading in readings:
        for document in reading.documents:
            base, k = document.doc_id, 2
            while document.doc_id in seen:
                document.doc_id, k = f"{base}~{k}", k + 1
            seen.add(document.doc_id)
    return readings


def load_documents(
    sources: Sequence[str | Path],
    lang: str | None = None,
    *,
    options: CleanOptions | None = None,
    normalise: bool = True,
) -> list[Document]:
    """Read files, folders (their .txt/.md/.docx/.pdf files, sorted), globs and ``.csv`` manifests.

    Volumes are split into their papers (table of contents, manifest, top-level headings of a PDF or
    Word file, or bylines; ``options.split`` chooses), in order; every other file is one document.
    ``lang`` overrides language detection for all documents.
    ``normalise`` (default on) gives look-alike characters one spelling (:mod:`aligner.normalise`).
    Raises :class:`InputError` for a missing path, an empty folder, or an empty, binary or
    undecodable file.
    """
    return [
        document
        for reading in read_inputs(sources, lang, options=options, normalise=normalise)
        for document in reading.documents
    ]
