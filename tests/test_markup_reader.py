"""HTML pages and OpenDocument files: read as the same documents as the text version of the papers.

``tests/data/three-papers.html`` is the page ``scripts/make_format_fixtures.py`` prints to the PDF
fixture; ``three-papers.odt`` is the Word fixture converted by pandoc, a writer independent of ours.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from aligner.clean import CleanOptions
from aligner.errors import InputError
from aligner.ingest import Reading, read_inputs, read_source
from aligner.markup_reader import extract_html, extract_odt
from aligner.model import Document

DATA = Path(__file__).resolve().parent / "data"
TEXT = DATA / "three-papers.txt"
HTML = DATA / "three-papers.html"
ODT = DATA / "three-papers.odt"
TITLES = [
    "AT&S and Chongqing's Joint Path Toward AI-Driven, Sustainable Manufacturing",
    "Building an AI Application Hub to Enable High-Quality Industrial Development",
    "AI in France and Enlightenment for Chongqing",
]


def _reading(path: Path, **options: Any) -> Reading:
    (reading,) = read_inputs([path], options=replace(CleanOptions(), **options))
    return reading


def _flow(documents: list[Document]) -> list[tuple[str, str]]:
    return [(p.kind, " ".join(p.text.split())) for d in documents for p in d.paragraphs]


@pytest.mark.parametrize("path", [HTML, ODT], ids=["html", "odt"])
def test_a_page_and_an_odt_split_at_their_headings_and_read_as_the_text_version(path: Path) -> None:
    reading = _reading(path)
    assert reading.split_method == "headings"
    assert [d.title for d in reading.documents] == TITLES
    assert _flow(reading.documents) == _flow(_reading(TEXT).documents)


@pytest.mark.parametrize("path", [HTML, ODT], ids=["html", "odt"])
def test_footnotes_become_numbered_notes_removed_from_the_flow(path: Path) -> None:
    reading = _reading(path)
    footnotes = [r for r in reading.documents[0].removed if r.reason == "footnote"]
    texts = [line for r in footnotes for line in r.text.split("\n")]
    assert texts[0] == "¹ https://en.planning.org.cn/planning/view?id=1293"
    assert len(texts) == 5 and texts[4].startswith("⁵ ")


def _page(tmp_path: Path, body: str, charset: str = "utf-8") -> Path:
    path = tmp_path / "page.html"
    head = (
        f'<html><head><meta charset="{charset}"><title>Site</title><style>p {{ color: red }}</style></head>'
    )
    path.write_bytes(f"{head}<body>{body}</body></html>".encode(charset))
    return path


def test_html_structure_without_the_site_around_it(tmp_path: Path) -> None:
    page = _page(
        tmp_path,
        "<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        "<script>var tracking = 1;</script>"
        "<article><h1>Smart factories</h1><p>Chongqing has <b>30</b> smart factories"
        "<sup><a href='#fn1'>1</a></sup> and more.<br>A second line.</p>"
        "<ul><li>Robots</li><li>Sensors</li></ul>"
        "<table><tr><th>Year</th><th>Plants</th></tr><tr><td>2024</td><td>30</td></tr></table>"
        "<div>Loose text in a div.<p>Inner paragraph.</p></div></article>"
        "<section class='footnotes'><ol><li id='fn1'><p>Source: city report. "
        "<a href='#fnref1' class='footnote-back'>↩︎</a></p></li></ol></section>"
        "<footer>© 2026 Example site</footer>",
    )
    markup = extract_html(page, page.read_bytes())
    lines = markup.text.split("\n")
    paragraphs = [p.strip("\n") for p in markup.text.split("\n\n") if p.strip()]
    assert paragraphs == [
        "Smart factories",
        "Chongqing has 30 smart factories¹ and more.\nA second line.",
        "• Robots",
        "• Sensors",
        "Year\tPlants",
        "2024\t30",
        "Loose text in a div.",
        "Inner paragraph.",
        "¹ Source: city report.",
    ]
    assert markup.hints.headings == {1: 1}
    assert {lines[n - 1] for n in markup.hints.footnotes} == {"¹ Source: city report."}
    assert markup.hints.paragraphs_marked


def test_html_in_its_declared_charset(tmp_path: Path) -> None:
    page = _page(tmp_path, "<p>重庆的智能制造正在加速发展。</p>", charset="gb18030")
    assert "重庆的智能制造正在加速发展。" in read_source(page).text


_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0">
<office:automatic-styles>
<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>
</office:automatic-styles>
<office:body><office:text>
<text:p text:style-name="P1">A volume</text:p>
<text:h text:outline-level="1">First paper</text:h>
<text:p>Growth was strong<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>
<text:note-body><text:p>Source: statistics bureau.</text:p></text:note-body></text:note>
 in 2024.<text:s text:c="2"/>End.</text:p>
<text:list><text:list-item><text:p>Robots</text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>2024</text:p></table:table-cell>
<table:table-cell><text:p>30</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document-content>
"""


def _odt(tmp_path: Path, content: str = _ODT_CONTENT) -> Path:
    path = tmp_path / "file.odt"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content)
    return path


def test_odt_headings_title_notes_lists_and_tables(tmp_path: Path) -> None:
    markup = extract_odt(_odt(tmp_path))
    paragraphs = [p.strip("\n") for p in markup.text.split("\n\n") if p.strip()]
    # ODF's own citation text is not kept: notes are numbered in citation order, as in a .docx.
    assert paragraphs == [
        "A volume",
        "First paper",
        "Growth was strong¹ in 2024. End.",
        "¹ Source: statistics bureau.",
        "• Robots",
        "2024\t30",
    ]
    assert markup.hints.headings == {1: 0, 3: 1}
    lines = markup.text.split("\n")
    assert [lines[n - 1] for n in sorted(markup.hints.footnotes)] == ["¹ Source: statistics bureau."]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.odt", b"PK\x03\x04 not really a zip", "not a readable .odt file"),
        ("empty.html", b"   \n", "the file is empty"),
    ],
)
def test_unreadable_files_are_one_line_errors(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as error:
        read_source(path)
    assert "\n" not in str(error.value)


def test_an_odt_without_content_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "nocontent.odt"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(InputError, match=r"not a readable \.odt file"):
        read_source(path)
