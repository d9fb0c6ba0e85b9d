"""Documents as users have them: a browser-printed PDF and a Word file of three corpus papers.

The fixtures in ``tests/data`` are made by ``scripts/make_format_fixtures.py`` from papers 1, 8 and
10 of ``corpora/cmia-19/en.txt``: ``three-papers.txt`` (their lines, without the volume's table of
contents), ``three-papers.pdf`` (an HTML page of them printed by headless Chromium with its default
header and footer) and ``three-papers.docx`` (Heading 1 per paper, Word footnotes). The three must
read as the same documents, paragraph for paragraph.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from aligner import ingest
from aligner.clean import CleanOptions, LayoutHints, SplitRule
from aligner.cli import main
from aligner.errors import InputError, UsageError
from aligner.ingest import Reading, load_documents, read_inputs, read_source
from aligner.model import Document

DATA = Path(__file__).resolve().parent / "data"
TEXT = DATA / "three-papers.txt"
PDF = DATA / "three-papers.pdf"
DOCX = DATA / "three-papers.docx"

TITLES = [
    "AT&S and Chongqing's Joint Path Toward AI-Driven, Sustainable Manufacturing",
    "Building an AI Application Hub to Enable High-Quality Industrial Development",
    "AI in France and Enlightenment for Chongqing",
]
AUTHORS = [
    "Dr. Michael Mertin CEO of AT&S AG",
    "Saw Choon Seong Global Vice President & China President",
    "Ruling Zhang Blein Chairman & CEO",
]
# Chromium's header (date and time, page title) and footer (the page's address, page of pages).
HEADER = re.compile(r"^\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2} [AP]M\tPenetrating Insights: three papers$")
FOOTER = re.compile(r"^file:///\S+/three-papers\.html\t\d{1,2}/14$")
# The first footnote of the AT&S paper, which lost its superscript in the text volume.
FIRST_FOOTNOTE_URL = "https://en.planning.org.cn/planning/view?id=1293"


@pytest.fixture(scope="module", autouse=True)
def _read_each_file_once() -> Iterator[None]:
    """pdfminer takes seconds to parse the 14 browser-printed pages (every glyph is placed on its
    own); a SourceText is frozen, so the tests of this module share one reading of each file."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ingest, "read_source", functools.cache(ingest.read_source))
        yield


def _reading(path: Path, **options: Any) -> Reading:
    (reading,) = read_inputs([path], options=replace(CleanOptions(), **options))
    return reading


def _flow(documents: list[Document]) -> list[tuple[str, str]]:
    """Every paragraph as (kind, text with white space collapsed), in order."""
    return [(p.kind, " ".join(p.text.split())) for d in documents for p in d.paragraphs]


def _covered(reading: Reading) -> set[int]:
    lines: set[int] = set()
    for document in reading.documents:
        for item in [*document.paragraphs, *document.removed]:
            lines.update(range(item.line_start, item.line_end + 1))
    return lines


# --------------------------------------------------------------------------- the browser-printed PDF


def test_browser_pdf_splits_into_its_papers_at_their_headings() -> None:
    reading = _reading(PDF)
    assert reading.split_method == "headings"
    assert [d.title for d in reading.documents] == TITLES
    assert [d.author for d in reading.documents] == AUTHORS
    assert all(d.lang == "en" for d in reading.documents)


def test_browser_pdf_reads_as_the_text_version_paragraph_for_paragraph() -> None:
    assert _flow(_reading(PDF).documents) == _flow(_reading(TEXT).documents)


def test_no_header_or_footer_text_reaches_a_paragraph() -> None:
    for kind, text in _flow(_reading(PDF).documents):
        assert "file://" not in text and "Penetrating Insights" not in text, (kind, text)
        assert not re.search(r"\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2} [AP]M|\b\d{1,2}/14\b", text), text


def test_headers_and_footers_are_removed_as_page_furniture_line_by_line() -> None:
    reading = _reading(PDF)
    lines = reading.source.lines
    headers = [line.number for line in lines if HEADER.match(line.text)]
    footers = [line.number for line in lines if FOOTER.match(line.text)]
    assert len(headers) == len(footers) == 14  # one of each on every page
    furniture = [r for d in reading.documents for r in d.removed if r.reason == "page-furniture"]
    furniture_lines = {n for r in furniture for n in range(r.line_start, r.line_end + 1) if lines[n - 1].text}
    assert furniture_lines == set(headers) | set(footers)
    # What was removed is the text of those lines, so it can be traced.
    assert all(
        text in [lines[n - 1].text for n in range(r.line_start, r.line_end + 1)]
        for r in furniture
        for text in r.text.split("\n")
    )


def test_every_pdf_and_docx_line_is_a_paragraph_or_removed() -> None:
    for path in (PDF, DOCX):
        reading = _reading(path)
        missing = [
            line.number
            for line in reading.source.lines
            if line.text.strip() and line.number not in _covered(reading)
        ]
        assert missing == [], path


def test_pdf_footnotes_under_the_body_are_removed_as_footnotes() -> None:
    reading = _reading(PDF)
    footnotes = [r for r in reading.documents[0].removed if r.reason == "footnote"]
    assert len(footnotes) == 1
    notes = footnotes[0].text.split("\n")
    # The small-type list at the paper's end: numbered, not raised, found by its place and type.
    assert [note.split()[0] for note in notes] == ["1.", "2.", "3.", "4.", "5."]
    assert notes[0] == f"1. {FIRST_FOOTNOTE_URL}"
    assert all(FIRST_FOOTNOTE_URL not in text for _, text in _flow(reading.documents))


def test_pdf_footnotes_are_notes_when_footnotes_stay_in_the_flow() -> None:
    documents = _reading(PDF, remove_footnotes=False).documents
    notes = [p for p in documents[0].paragraphs if FIRST_FOOTNOTE_URL in p.text]
    assert [p.kind for p in notes] == ["note"]


def test_raised_note_numbers_become_markers_that_leave_the_text() -> None:
    reading = _reading(PDF)
    (line,) = [line for line in reading.source.lines if "competitive manufacturing ecosystem." in line.text]
    assert line.text.endswith("ecosystem.¹²³")  # <sup>1</sup><sup>2</sup><sup>3</sup> in the page
    paragraph = next(p for p in reading.documents[0].paragraphs if p.line_start <= line.number <= p.line_end)
    assert paragraph.text.endswith("competitive manufacturing ecosystem.")


def test_pdf_hints_name_headings_by_type_size() -> None:
    source = read_source(PDF)
    levels = source.hints.headings
    titles: list[list[str]] = []
    for n in sorted(n for n, level in levels.items() if level == 1):
        if titles and levels.get(n - 1) == 1:
            titles[-1].append(source.lines[n - 1].text)  # a title wrapped onto the next line
        else:
            titles.append([source.lines[n - 1].text])
    assert [" ".join(lines) for lines in titles] == TITLES
    sections = [source.lines[n - 1].text for n, level in levels.items() if level == 2]
    assert "Introduction:" in sections and "Conclusion and Outlook" in sections
    assert source.hints.paragraphs_marked and source.hints.line_end_hyphens_kept


# --------------------------------------------------------------------------- the Word file


def test_docx_splits_at_heading_1_and_reads_as_the_text_version() -> None:
    reading = _reading(DOCX)
    assert reading.split_method == "headings"
    assert [d.title for d in reading.documents] == TITLES
    assert [d.author for d in reading.documents] == AUTHORS
    assert _flow(reading.documents) == _flow(_reading(TEXT).documents)


def test_word_footnotes_are_read_after_their_paragraph_and_removed_as_footnotes() -> None:
    reading = _reading(DOCX)
    source = reading.source
    (cited,) = [
        line for line in source.lines if line.text.endswith("competitive manufacturing ecosystem.¹²³")
    ]
    following = [line.text for line in source.lines[cited.number : cited.number + 6] if line.text]
    assert following[0] == f"¹ {FIRST_FOOTNOTE_URL}"
    assert following[1].startswith("² https://app.ichongqing.info/")
    footnotes = [r for r in reading.documents[0].removed if r.reason == "footnote"]
    assert sum(len(r.text.split("\n")) for r in footnotes) == 5
    assert footnotes[0].line_start == cited.number + 2


def _word_file(path: Path, headings: list[tuple[str, int]]) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text, level in headings:
        document.add_heading(text, level=level)
        document.add_paragraph(f"Body text under {text}, long enough to be a paragraph of its own.")
    document.save(str(path))
    return path


def test_docx_splits_at_its_top_heading_level_in_use(tmp_path: Path) -> None:
    path = _word_file(tmp_path / "v.docx", [("Green Steel", 2), ("Steel Plants", 3), ("Clean Water", 2)])
    assert [d.title for d in load_documents([path])] == ["Green Steel", "Clean Water"]


def test_docx_with_one_title_and_numbered_heading_1_sections_stays_one_document(tmp_path: Path) -> None:
    titled = _word_file(tmp_path / "t.docx", [("A Paper", 0), ("Steel Plants", 1), ("Clean Water", 1)])
    assert [d.title for d in load_documents([titled])] == ["A Paper"]
    numbered = _word_file(
        tmp_path / "n.docx", [("1. Introduction", 1), ("2. Methods", 1), ("Conclusions", 1)]
    )
    assert len(load_documents([numbered])) == 1


def test_docx_list_paragraphs_are_list_items(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("The city plans three things.")
    document.add_paragraph("Thirty smart factories", style="List Bullet")
    document.add_paragraph("Three hundred digital workshops", style="List Number")
    document.save(str(tmp_path / "list.docx"))
    (loaded,) = load_documents([tmp_path / "list.docx"])
    assert [(p.kind, p.text) for p in loaded.paragraphs[1:]] == [
        ("list", "Thirty smart factories"),
        ("list", "Three hundred digital workshops"),
    ]


# --------------------------------------------------------------------------- plain text, --split


def test_three_papers_without_a_toc_split_at_their_title_and_byline_blocks() -> None:
    reading = _reading(TEXT)
    assert reading.split_method == "bylines"
    assert [d.title for d in reading.documents] == TITLES
    # Two of the three bylines are a name and a role on one line.
    assert [d.author for d in reading.documents] == AUTHORS
    assert [(d.line_start, d.line_end) for d in reading.documents] == [(1, 107), (108, 182), (183, 282)]


@pytest.mark.parametrize(
    ("path", "rule", "method", "count"),
    [
        (PDF, SplitRule.AUTO, "headings", 3),
        (PDF, SplitRule.HEADINGS, "headings", 3),
        (PDF, SplitRule.TOC, "bylines", 3),  # no table of contents: title + byline blocks, as before
        (PDF, SplitRule.TITLES, "bylines", 3),
        (PDF, SplitRule.NONE, "single", 1),
        (DOCX, SplitRule.NONE, "single", 1),
        (TEXT, SplitRule.HEADINGS, "single", 1),  # plain text has no heading hints
        (TEXT, SplitRule.TITLES, "bylines", 3),
    ],
)
def test_split_rules(path: Path, rule: SplitRule, method: str, count: int) -> None:
    reading = _reading(path, split=rule)
    assert (reading.split_method, len(reading.documents)) == (method, count)


def test_split_none_is_one_document_that_keeps_every_line() -> None:
    reading = _reading(PDF, split=SplitRule.NONE)
    (document,) = reading.documents
    assert document.title == TITLES[0]
    # The same text (a later paper's byline, no longer under its title, reads as a heading).
    assert [text for _, text in _flow(reading.documents)] == [
        text for _, text in _flow(_reading(PDF).documents)
    ]


def test_inspect_shows_the_rule_that_fired_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(PDF), str(DOCX), str(TEXT)]) == 0
    out = capsys.readouterr().out
    assert "three-papers.pdf: pdf, 688 lines, split at its top-level headings: 3 documents" in out
    assert "three-papers.docx: docx, 272 lines, split at its top-level headings: 3 documents" in out
    assert "three-papers.txt: utf-8, 283 lines, split at title + byline blocks: 3 documents" in out
    assert "removed: footnote 5 lines, page-furniture 41 lines" in out


def test_inspect_split_none_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--json", "--split", "none", str(PDF)]) == 0
    (record,) = json.loads(capsys.readouterr().out)["files"]
    assert record["split"] == "single" and len(record["documents"]) == 1
    assert record["removed"]["page-furniture"]["entries"] == 15


def test_an_unknown_split_rule_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match=r"unknown split rule 'chapters'; choose from auto, toc, titles"):
        SplitRule.parse("chapters")
    assert main(["inspect", "--split", "chapters", str(TEXT)]) == 2
    assert "--split" in capsys.readouterr().err


def test_run_takes_the_split_rule_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    import aligner

    with pytest.raises(UsageError, match="unknown split rule 'chapters'"):
        aligner.run([TEXT], tmp_path / "out", split="chapters")
    assert not (tmp_path / "out").exists()


def test_the_corpus_volumes_split_as_before() -> None:
    corpora = Path(__file__).resolve().parents[1] / "corpora"
    volume = _reading(corpora / "cmia-19" / "en.txt")
    assert (volume.split_method, len(volume.documents)) == ("toc", 22)
    earlier = _reading(corpora / "cmia-earlier" / "en.txt")
    assert (earlier.split_method, len(earlier.documents)) == ("bylines", 16)


# --------------------------------------------------------------------------- a PDF typeset by a program


def _typeset_pdf(path: Path) -> Path:
    """Three pages with a running header and a page-number footer, two papers set in 20-point
    titles over 11-point body text, and an 8-point footnote at the foot of the first page."""
    fpdf = pytest.importorskip("fpdf")

    class Volume(fpdf.FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, "Annual Review of Cities 2025")
            self.ln(12)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    body = "Steel plants can cut their emissions when they change how they make iron and steel. " * 6
    # The second paragraph of page 1 runs on to page 2, past the footnote, footer and header.
    paragraphs = [
        [body.strip(), body + "The plants in the valley"],
        ["will need new furnaces by 2030. " + body.strip(), body.strip()],
    ]
    pdf = Volume()
    pdf.set_auto_page_break(False)
    for page, texts in enumerate(paragraphs):
        pdf.add_page()
        if page == 0:
            pdf.set_font("Helvetica", "B", size=20)
            pdf.multi_cell(0, 10, "Green Steel in the Valley")
            pdf.ln(4)
            pdf.set_font("Helvetica", size=11)
            pdf.multi_cell(0, 6, "Jane Roe, CEO of Example Steel")
            pdf.ln(4)
        pdf.set_font("Helvetica", size=11)
        for text in texts:
            pdf.multi_cell(0, 6, text)
            pdf.ln(4)
        if page == 0:
            pdf.set_y(-35)
            pdf.set_font("Helvetica", size=8)
            pdf.multi_cell(0, 4, "1 Example Steel, Annual Report 2024, table 3.")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size=20)
    pdf.multi_cell(0, 10, "Water Policy for Cities")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Cities need water, and they need it clean. " * 5)
    pdf.output(str(path))
    return path


def test_typeset_pdf_headers_footers_footnote_and_headings(tmp_path: Path) -> None:
    reading = _reading(_typeset_pdf(tmp_path / "volume.pdf"))
    assert reading.split_method == "headings"
    assert [d.title for d in reading.documents] == ["Green Steel in the Valley", "Water Policy for Cities"]
    assert reading.documents[0].author == "Jane Roe, CEO of Example Steel"
    removed = [(r.reason, r.text) for d in reading.documents for r in d.removed]
    furniture = [text for reason, text in removed if reason == "page-furniture"]
    assert sum(text.count("Annual Review of Cities 2025") for text in furniture) == 3
    assert sum(text.count("Page ") for text in furniture) == 3
    assert ("footnote", "1 Example Steel, Annual Report 2024, table 3.") in removed
    flow = " ".join(text for _, text in _flow(reading.documents))
    assert "Annual Review" not in flow and "Page " not in flow and "Annual Report" not in flow
    # Title, byline, and the four paragraphs of text, the one cut by the page break made whole.
    paragraphs = reading.documents[0].paragraphs
    assert len(paragraphs) == 2 + 4 - 1
    assert "The plants in the valley will need new furnaces by 2030." in paragraphs[3].text


# --------------------------------------------------------------------------- PDFs that cannot be read


def test_encrypted_pdf_is_a_one_line_error_and_owner_only_protection_reads(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    for password, name in (("secret", "locked.pdf"), ("", "open.pdf")):
        writer = pypdf.PdfWriter(clone_from=str(PDF))
        writer.encrypt(user_password=password, owner_password="owner")
        writer.write(str(tmp_path / name))
    with pytest.raises(InputError) as caught:
        read_source(tmp_path / "locked.pdf")
    locked = tmp_path / "locked.pdf"
    assert str(caught.value) == f"{locked}: the PDF is encrypted with a password; save an unprotected copy"
    # Protected only against changes: any viewer shows the text, and so does the reader.
    assert [d.title for d in load_documents([tmp_path / "open.pdf"])] == TITLES


def test_image_only_pdf_asks_for_ocr(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    image = pytest.importorskip("PIL.Image")
    image.new("RGB", (300, 120), "white").save(tmp_path / "scan.png")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(str(tmp_path / "scan.png"), x=10, y=10, w=150)
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(InputError) as caught:
        read_source(tmp_path / "scan.pdf")
    assert str(caught.value) == f"{tmp_path / 'scan.pdf'}: no text layer; run OCR first"


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (PDF.read_bytes()[: len(PDF.read_bytes()) // 3], "Unexpected EOF"),
        (b"%PDF-1.4\nnonsense", "No /Root object"),
    ],
    ids=["cut-short", "not-a-pdf-inside"],
)
def test_damaged_pdf_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, detail: str
) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(content)
    assert main(["inspect", str(path)]) == InputError.exit_code
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"aligner: error: {path}: not a readable PDF, damaged or cut short (")
    assert detail in line


# --------------------------------------------------------------------------- cleaning the reader's text


def test_layout_hints_take_lines_out_as_the_reader_says(tmp_path: Path) -> None:
    from aligner.clean import analyse_layout
    from aligner.ingest import make_source

    source = make_source(tmp_path / "x.pdf", "Head\n\nBody text.\n\n1 A note\n", "pdf")
    hints = LayoutHints(furniture=frozenset({1}), footnotes=frozenset({5}), headings={3: 1})
    layout = analyse_layout(source.lines, CleanOptions(), hints)
    assert layout.reasons == {1: "page-furniture", 5: "footnote"}
    kept = analyse_layout(source.lines, CleanOptions.none(), hints)
    assert kept.reasons == {} and kept.headings == {3: 1}


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("It works well in the valley—\nyet slowly.", "It works well in the valley—yet slowly."),
        ("it depends on many factors\n—robust ones.", "it depends on many factors—robust ones."),
        ("it depends on many factors —\nrobust ones.", "it depends on many factors — robust ones."),
        ("重庆正在建设智能工厂，AI 赋能\n——共谱新篇章。", "重庆正在建设智能工厂，AI 赋能——共谱新篇章。"),
    ],
)
def test_a_line_break_beside_an_unspaced_dash_adds_no_space(tmp_path: Path, text: str, joined: str) -> None:
    path = tmp_path / "dash.txt"
    path.write_text(f"A first paragraph of body text.\n\n{text}\n", encoding="utf-8")
    (document,) = load_documents([path], options=CleanOptions(split=SplitRule.NONE))
    assert [p.text for p in document.paragraphs][1:] == [joined]


def test_a_hyphen_at_a_line_end_stays_between_two_words_the_file_uses(tmp_path: Path) -> None:
    path = tmp_path / "hyphens.txt"
    path.write_text(
        "Every industry has its ways. Some are linked to schools. The programme is industry-\n"
        "linked and manufac-\nturing is what it teaches, at www.example.com for all.\nIt com-\nbines work.\n",
        encoding="utf-8",
    )
    (document,) = load_documents([path], options=CleanOptions(split=SplitRule.NONE))
    text = " ".join(p.text for p in document.paragraphs)
    assert "industry-linked" in text and "manufacturing" in text and "combines" in text
