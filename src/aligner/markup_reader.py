"""Read HTML pages and OpenDocument text (.odt): one line per paragraph, with what the markup says.

Both formats state their structure, which plain text only suggests: headings (``<h1>``-``<h6>``,
``text:h`` with its outline level, and ODF's ``Title`` style) become heading hints, so a page or a
file holding several papers splits at its top heading level like a Word file; list items start
with ``•``; table rows become one line each, cells separated by tabs; footnotes become notes. A
blank line follows every paragraph (``LayoutHints.paragraphs_marked``), so the cleaner never
reflows two paragraphs into one.

HTML: scripts, styles, navigation, forms and page footers are left out (they are the site, not the
document). A footnote section (an element whose class, id or ARIA role names footnotes or
endnotes, as pandoc, Word's HTML export and most CMSs write them) is read as footnotes, and a
citation of one (``<sup>1</sup>``, ``<a href="#fn1">``) becomes a superscript digit, as in text
extracted from a PDF.

ODT: ``content.xml`` is plain XML in the ODF namespaces, read with lxml (already a dependency of
python-docx); a ``text:note`` is put on a line of its own after the paragraph that cites it,
numbered in citation order, as the .docx reader does. odfpy would add a dependency (last released
in 2020) for what a dozen element names do.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligner.clean import SUPERSCRIPT_DIGITS, LayoutHints
from aligner.errors import InputError

_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


@dataclass(frozen=True)
class MarkupText:
    """A page's or a file's text (a blank line after each paragraph) and what its markup says."""

    text: str
    hints: LayoutHints


@dataclass
class _Lines:
    """Lines being collected, with the hints that refer to them by number (1-based)."""

    lines: list[str] = field(default_factory=list)
    headings: dict[int, int] = field(default_factory=dict)
    footnotes: set[int] = field(default_factory=set)

    def paragraph(self, text: str, *, heading: int | None = None, footnote: bool = False) -> None:
        """One paragraph (its lines as given), then a blank line."""
        # White space collapsed within each line and table cell; tabs (cell ends) kept.
        text = "\n".join(
            "\t".join(" ".join(cell.split()) for cell in line.split("\t")) for line in text.split("\n")
        ).strip("\n")
        if not text.strip():
            return
        for line in text.split("\n"):
            self.lines.append(line)
            if heading is not None:
                self.headings[len(self.lines)] = heading
            if footnote:
                self.footnotes.add(len(self.lines))
        self.lines.append("")

    def result(self) -> MarkupText:
        hints = LayoutHints(
            footnotes=frozenset(self.footnotes), headings=self.headings, paragraphs_marked=True
        )
        return MarkupText("\n".join(self.lines), hints)


# ---------------------------------------------------------------------------------------------- HTML

# The site around the document, not the document.
_HTML_SKIP = {"script", "style", "noscript", "template", "nav", "footer", "form", "button", "select",
              "svg", "iframe", "object", "head", "menu", "dialog"}  # fmt: skip
_HTML_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HTML_BLOCKS = {"p", "li", "dt", "dd", "blockquote", "figcaption", "caption", "pre", "address", "summary",
                "div", "section", "article", "main", "header", "aside", "figure", "ul", "ol", "dl",
                "table", "thead", "tbody", "tfoot", "tr", "td", "th", "hr", "details", "body"}  # fmt: skip
_NOTES_MARK = re.compile(r"foot-?notes?|end-?notes?|doc-(?:end|foot)notes?", re.I)
_CITATION_HREF = re.compile(r"^#(?:fn|footnote|note|endnote|ftn|_ftn|edn|_edn)[-_:]?\w*$", re.I)


def _is_notes_section(element: Any) -> bool:
    names = " ".join(str(element.get(attribute) or "") for attribute in ("class", "id", "role", "epub:type"))
    return bool(_NOTES_MARK.search(names)) and element.tag not in ("a", "sup", "span")


def _is_citation(element: Any) -> bool:
    """``<sup>1</sup>`` or a link to a note (``<a href="#fn1">1</a>``, maybe inside a ``<sup>``)."""
    text = "".join(element.itertext()).strip().strip("[]()")
    if not text.isdigit() or len(text) > 3:
        return False
    if element.tag == "sup":
        return True
    return element.tag == "a" and bool(_CITATION_HREF.match(str(element.get("href") or "")))


def _flat(text: str | None) -> str:
    """Markup text with its line breaks as the white space they are."""
    return (text or "").replace("\r", " ").replace("\n", " ")


def _is_back_link(element: Any) -> bool:
    if element.tag != "a":
        return False
    classes = str(element.get("class") or "")
    return "footnote-back" in classes or "".join(element.itertext()).strip() in ("↩", "↩︎", "^")


def _inline_text(element: Any) -> str:
    """The text of ``element`` and its inline children: ``<br>`` a line break, citations raised."""
    # A line break in the markup is white space; only <br> breaks a line.
    parts: list[str] = [_flat(element.text)]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            parts.append(_flat(child.tail))
            continue
        tag = child.tag.lower()
        if tag in _HTML_SKIP:
            pass
        elif tag == "br":
            parts.append("\n")
        elif _is_back_link(child):
            pass  # pandoc's "↩" from a note back to its citation
        elif _is_citation(child):
            parts.append("".join(child.itertext()).strip().strip("[]()").translate(_SUPERSCRIPT))
        elif tag in _HTML_BLOCKS or tag in _HTML_HEADINGS:
            parts.append(" " + _inline_text(child) + " ")
        else:
            parts.append(_inline_text(child))
        parts.append(_flat(child.tail))
    return "".join(parts)


def _note_number(item: Any) -> str:
    """The raised number a browser draws before ``item``, a note in an ordered list."""
    parent = item.getparent()
    if parent is None or parent.tag != "ol":
        return ""
    items = [c for c in parent if isinstance(c.tag, str) and c.tag.lower() == "li"]
    start = int(parent.get("start", "1")) if str(parent.get("start", "1")).isdigit() else 1
    return str(start + items.index(item)).translate(_SUPERSCRIPT)


def _has_blocks(element: Any) -> bool:
    return any(isinstance(c.tag, str) and (c.tag.lower() in _HTML_BLOCKS or c.tag.lower() in _HTML_HEADINGS)
               for c in element)  # fmt: skip


def _walk_html(element: Any, out: _Lines, in_notes: bool) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in _HTML_SKIP or element.get("hidden") is not None:
        return
    in_notes = in_notes or _is_notes_section(element)
    if tag in _HTML_HEADINGS:
        out.paragraph(_inline_text(element), heading=_HTML_HEADINGS[tag], footnote=in_notes)
        return
    if tag == "tr":
        cells = [" ".join(_inline_text(c).split()) for c in element if isinstance(c.tag, str)]
        out.paragraph("\t".join(c for c in cells if c), footnote=in_notes)
        return
    if tag == "pre":
        out.paragraph("".join(element.itertext()), footnote=in_notes)
        return
    if tag == "li" and (in_notes or not _has_blocks(element)):
        text = _inline_text(element).strip()
        if in_notes:
            # A list of notes: the number the browser draws becomes a raised marker (``¹ text``).
            out.paragraph(f"{_note_number(element)} {text}", footnote=True)
        else:
            out.paragraph(f"• {text}")  # the bullet browsers draw
        return
    if not _has_blocks(element):
        out.paragraph(_inline_text(element), footnote=in_notes)
        return
    # A container: text directly inside it (between its block children) is a paragraph of its own.
    loose = [_flat(element.text)]
    for child in element:
        if isinstance(child.tag, str) and (
            child.tag.lower() in _HTML_BLOCKS or child.tag.lower() in _HTML_HEADINGS
        ):
            out.paragraph("".join(loose), footnote=in_notes)
            loose = []
            _walk_html(child, out, in_notes)
            loose.append(_flat(child.tail))
        elif isinstance(child.tag, str) and child.tag.lower() not in _HTML_SKIP:
            loose.extend([_inline_text(child), _flat(child.tail)])
        else:
            loose.append(_flat(child.tail))
    out.paragraph("".join(loose), footnote=in_notes)


def extract_html(path: Path, data: bytes) -> MarkupText:
    """Text and hints of the HTML page ``data`` read from ``path`` (named in errors). Raises
    :class:`InputError` for a page lxml cannot parse."""
    import lxml.etree
    import lxml.html

    try:
        # From bytes, so that lxml honours the page's own <meta charset>.
        root = lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"{path}: not a readable HTML file ({exc})") from exc
    body = root.find("body")
    out = _Lines()
    _walk_html(body if body is not None else root, out, in_notes=False)
    return out.result()


# ----------------------------------------------------------------------------------------------- ODT

_ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}
_T = "{" + _ODF["text"] + "}"
_TABLE = "{" + _ODF["table"] + "}"
_STYLE = "{" + _ODF["style"] + "}"


def _style_parents(root: Any) -> dict[str, str]:
    """Automatic style name -> the named style it is based on (P1 -> Title)."""
    return {
        str(style.get(f"{_STYLE}name")): str(style.get(f"{_STYLE}parent-style-name"))
        for style in root.iter(f"{_STYLE}style")
        if style.get(f"{_STYLE}parent-style-name")
    }


@dataclass
class _OdtState:
    out: _Lines
    parents: dict[str, str]
    notes: int = 0


def _odt_inline(element: Any, state: _OdtState, cited: list[str]) -> str:
    """Text of a paragraph or heading: spaces, tabs and line breaks expanded, notes cited."""
    parts = [_flat(element.text)]
    for child in element:
        tag = child.tag
        if tag == f"{_T}s":
            parts.append(" " * int(child.get(f"{_T}c", "1")))
        elif tag == f"{_T}tab":
            parts.append("\t")
        elif tag == f"{_T}line-break":
            parts.append("\n")
        elif tag == f"{_T}note":
            state.notes += 1
            body = child.find(f"{_T}note-body")
            note = " ".join(" ".join(p.itertext()) for p in body) if body is not None else ""
            cited.append(f"{str(state.notes).translate(_SUPERSCRIPT)} {' '.join(note.split())}")
            parts.append(str(state.notes).translate(_SUPERSCRIPT))
        elif isinstance(tag, str):
            parts.append(_odt_inline(child, state, cited))
        parts.append(_flat(child.tail))
    return "".join(parts)


def _odt_heading_level(element: Any, state: _OdtState) -> int | None:
    if element.tag == f"{_T}h":
        return int(element.get(f"{_T}outline-level", "1"))
    style = str(element.get(f"{_T}style-name") or "")
    if style == "Title" or state.parents.get(style) == "Title":
        return 0
    return None


def _walk_odt(element: Any, state: _OdtState, bullet: bool = False) -> None:
    for child in element:
        tag = child.tag
        if tag in (f"{_T}p", f"{_T}h"):
            cited: list[str] = []
            text = _odt_inline(child, state, cited)
            level = _odt_heading_level(child, state)
            state.out.paragraph(f"• {text.strip()}" if bullet and level is None and text.strip() else text,
                                heading=level)  # fmt: skip
            for note in cited:
                state.out.paragraph(note, footnote=True)
        elif tag == f"{_T}list":
            _walk_odt(child, state, bullet=True)
        elif tag == f"{_TABLE}table-row":
            cells = [
                " ".join(" ".join(c.itertext()).split()) for c in child if c.tag == f"{_TABLE}table-cell"
            ]
            state.out.paragraph("\t".join(c for c in cells if c))
        elif tag in (f"{_T}tracked-changes", f"{_T}sequence-decls", f"{_T}variable-decls"):
            continue
        elif isinstance(tag, str):
            _walk_odt(child, state, bullet)


def extract_odt(path: Path) -> MarkupText:
    """Text and hints of an OpenDocument text file. Raises :class:`InputError` for a file that is
    not one (not a zip, no ``content.xml``, broken XML)."""
    import lxml.etree

    try:
        with zipfile.ZipFile(path) as package:
            content = package.read("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError(f"{path}: not a readable .odt file ({type(exc).__name__}: {exc})") from exc
    try:
        root = lxml.etree.fromstring(content, lxml.etree.XMLParser(resolve_entities=False, no_network=True))
    except lxml.etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not a readable .odt file (content.xml: {exc})") from exc
    text_body = root.find(f"{{{_ODF['office']}}}body/{{{_ODF['office']}}}text")
    state = _OdtState(_Lines(), _style_parents(root))
    if text_body is not None:
        _walk_odt(text_body, state)
    return state.out.result()
