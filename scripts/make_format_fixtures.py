#!/usr/bin/env python3
"""Make the same three papers of the bundled corpus as a user would have them: plain text, a PDF
printed by a browser and a Word file.

- ``three-papers.txt``: papers 1, 8 and 10 of ``corpora/cmia-19/en.txt`` (AT&S, with footnotes
  and a one-line byline; Air Products, with a byline on two lines; Sodefinance), line for line,
  without the volume's table of contents;
- ``three-papers.pdf``: an HTML page of them (titles as ``<h1>``, bylines, section headings,
  lists, footnotes as a small-type list at each paper's end, each paper on a new page) printed by
  headless Chromium with its default header and footer (date, page title, file URL, ``n/m``);
- ``three-papers.docx``: one Heading 1 per paper, Heading 2 sections, bulleted lists, and the
  footnotes as Word footnotes cited from the paragraph before them;
- ``three-papers.html``: the HTML page the PDF is printed from (a web page as users save it);
- ``three-papers.odt``: the Word file converted to OpenDocument by pandoc (``pypandoc-binary``,
  a dev dependency), a writer independent of ours: footnotes become ``text:note`` elements.

The HTML and Word files are built from what ``aligner`` reads in the text file, so all three hold
the same words. ``tests/data`` holds the copies the tests read; ``scripts/bench_formats.py`` builds
its own in a temporary folder.

    .venv/bin/python scripts/make_format_fixtures.py [--out tests/data]
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from aligner.clean import SUPERSCRIPT_DIGITS
from aligner.ingest import load_documents, read_inputs

ROOT = Path(__file__).resolve().parent.parent
VOLUME = ROOT / "corpora" / "cmia-19" / "en.txt"
# Positions of the papers in the volume's table of contents.
PAPER_NUMBERS = (1, 8, 10)
PAGE_TITLE = "Penetrating Insights: three papers"
STEM = "three-papers"

_STYLE = """
body { font: 11pt/1.4 "Liberation Serif", serif; }
h1 { font-size: 20pt; margin: 0 0 0.4em; break-before: page; }
h1:first-of-type { break-before: auto; }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; }
p, li { margin: 0 0 0.8em; }
.byline { color: #333; }
.footnotes { font-size: 8.5pt; border-top: 1px solid #999; padding-top: 0.5em; }
.footnotes li { margin: 0; overflow-wrap: anywhere; }
"""


@dataclass
class Paper:
    """One paper as the text file reads: title, byline lines, blocks, footnotes and who cites them."""

    title: str
    byline: list[str]
    # (kind, text) of each paragraph after the title and byline: heading, body, list, caption, note.
    blocks: list[tuple[str, str]]
    footnotes: list[str]
    # Per block, the 1-based numbers of the footnotes cited at its end.
    citations: list[list[int]]


def three_papers_text(volume: Path = VOLUME) -> str:
    """The three papers' lines, verbatim, as they stand in the volume (its TOC left out)."""
    documents = read_inputs([volume])[0].documents
    lines = volume.read_text(encoding="utf-8").split("\n")
    kept: list[str] = []
    for number in PAPER_NUMBERS:
        document = documents[number - 1]
        kept.extend(lines[document.line_start - 1 : document.line_end])
    return "\n".join(kept) + "\n"


def read_papers(text_file: Path) -> list[Paper]:
    """The papers of the text file with their structure, as ``aligner`` reads them."""
    raw = text_file.read_text(encoding="utf-8").split("\n")
    papers = []
    for document in load_documents([text_file]):
        paragraphs = document.paragraphs[1:]  # the first is the title
        byline: list[str] = []
        if document.author:
            author = paragraphs.pop(0)
            byline = [raw[n - 1].strip() for n in range(author.line_start, author.line_end + 1)]
            byline = [line for line in byline if line]
        footnotes: list[str] = []
        citations: list[list[int]] = [[] for _ in paragraphs]
        for removed in document.removed:
            if removed.reason not in ("footnote", "url"):
                continue
            # In the text, footnotes follow the paragraph that cites them (as they stood at the foot
            # of its page); the last body paragraph above them is taken to cite them.
            citing = [
                i for i, p in enumerate(paragraphs) if p.line_end < removed.line_start and p.kind == "body"
            ]
            for text in removed.text.split("\n"):
                footnotes.append(text.lstrip(SUPERSCRIPT_DIGITS + " "))
                if citing:
                    citations[citing[-1]].append(len(footnotes))
        blocks = [(p.kind, p.text) for p in paragraphs]
        papers.append(Paper(document.title, byline, blocks, footnotes, citations))
    return papers


def write_html(papers: list[Paper], path: Path) -> None:
    """One page holding the papers, the way a user would put them on the web."""
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(PAGE_TITLE)}</title><style>{_STYLE}</style></head><body>",
    ]
    for paper in papers:
        out.append(f"<h1>{html.escape(paper.title)}</h1>")
        if paper.byline:
            out.append('<p class="byline">' + "<br>".join(map(html.escape, paper.byline)) + "</p>")
        in_list = False
        for (kind, text), cited in zip(paper.blocks, paper.citations, strict=True):
            if in_list and kind != "list":
                out.append("</ul>")
                in_list = False
            body = html.escape(text) + "".join(f"<sup>{n}</sup>" for n in cited)
            if kind == "heading":
                out.append(f"<h2>{body}</h2>")
            elif kind == "list":
                if not in_list:
                    out.append("<ul>")
                    in_list = True
                out.append(f"<li>{body}</li>")
            else:
                out.append(f"<p>{body}</p>")
        if in_list:
            out.append("</ul>")
        if paper.footnotes:
            items = "".join(f"<li>{html.escape(note)}</li>" for note in paper.footnotes)
            out.append(f'<ol class="footnotes">{items}</ol>')
    out.append("</body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def print_pdf(html_file: Path, pdf_file: Path) -> None:
    """Print ``html_file`` with headless Chromium, keeping its default header and footer."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed (make browser)")
    with tempfile.TemporaryDirectory(prefix="aligner-chromium-") as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf_file}",
                str(html_file),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def _add_footnotes(document: object, notes: list[tuple[object, str]]) -> None:
    """Word footnotes (python-docx writes none): a footnotes part, and a superscript reference
    run at the end of each citing paragraph."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    entries = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>",
    ]
    for number, (paragraph, text) in enumerate(notes, 1):
        entries.append(
            f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p>'
            "</w:footnote>"
        )
        run = paragraph.add_run()  # type: ignore[attr-defined]
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:vertAlign", {qn("w:val"): "superscript"}))
        run._r.append(properties)
        run._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(number)}))
    blob = f'<w:footnotes xmlns:w="{namespace}">{"".join(entries)}</w:footnotes>'.encode()
    main = document.part  # type: ignore[attr-defined]
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, blob, main.package)
    main.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def write_docx(papers: list[Paper], path: Path) -> None:
    """A Word file of the papers: Heading 1 titles, Heading 2 sections, footnotes."""
    import docx

    document = docx.Document()
    notes: list[tuple[object, str]] = []
    for paper in papers:
        document.add_heading(paper.title, level=1)
        if paper.byline:
            byline = document.add_paragraph()
            for index, line in enumerate(paper.byline):
                if index:
                    byline.add_run().add_break()
                byline.add_run(line)
        for (kind, text), cited in zip(paper.blocks, paper.citations, strict=True):
            if kind == "heading":
                paragraph = document.add_heading(text, level=2)
            elif kind == "list":
                paragraph = document.add_paragraph(text, style="List Bullet")
            else:
                paragraph = document.add_paragraph(text)
            notes.extend((paragraph, paper.footnotes[n - 1]) for n in cited)
    _add_footnotes(document, notes)
    document.save(str(path))


def build(folder: Path) -> dict[str, Path]:
    """Write the text, HTML, PDF and Word versions into ``folder``; returns them by suffix."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {suffix: folder / f"{STEM}.{suffix}" for suffix in ("txt", "html", "pdf", "docx", "odt")}
    files["txt"].write_text(three_papers_text(), encoding="utf-8")
    papers = read_papers(files["txt"])
    write_html(papers, files["html"])
    print_pdf(files["html"], files["pdf"])
    write_docx(papers, files["docx"])
    import pypandoc

    pypandoc.convert_file(str(files["docx"]), "odt", outputfile=str(files["odt"]))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        files = build(Path(scratch))
        for suffix in ("txt", "pdf", "docx", "html", "odt"):
            target = args.out / files[suffix].name
            shutil.copyfile(files[suffix], target)
            print(f"{target}  {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
