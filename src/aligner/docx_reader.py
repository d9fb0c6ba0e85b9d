"""Read a .docx: one line per Word paragraph or table row, with what Word's styles and notes say.

Paragraphs styled ``Title`` or ``Heading N`` (or a style based on one) are headings; their level
(``Title`` 0, ``Heading 1`` 1 ...) lets a file holding several papers be split at its top heading
level in use. A bulleted or numbered paragraph starts with ``•``, which Word draws but does not
store in the text. Footnotes and endnotes live in their own parts of the package (python-docx reads
them as plain XML): each is put on a line of its own after the paragraph that cites it, numbered
in citation order, and the citation becomes that number in superscript (``investing¹ in``), as
in text extracted from a PDF, so the cleaner treats both alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligner.clean import SUPERSCRIPT_DIGITS, LayoutHints
from aligner.errors import InputError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.I)
_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
# The reference elements in a run, by the kind of note they cite.
_REFERENCES = {f"{_W}footnoteReference": "footnote", f"{_W}endnoteReference": "endnote"}


@dataclass(frozen=True)
class DocxText:
    """A .docx's text (a blank line after each paragraph) and what its styles and notes say."""

    text: str
    hints: LayoutHints


def _note_texts(document: Any) -> dict[tuple[str, str], str]:
    """(kind, id) -> text of every footnote and endnote (Word's separator notes left out)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from lxml import etree

    parts = {RELATIONSHIP_TYPE.FOOTNOTES: "footnote", RELATIONSHIP_TYPE.ENDNOTES: "endnote"}
    notes: dict[tuple[str, str], str] = {}
    for relationship in document.part.rels.values():
        kind = parts.get(relationship.reltype)
        if kind is None or relationship.is_external:
            continue
        root = etree.fromstring(relationship.target_part.blob)
        for note in root.iter(f"{_W}{kind}"):
            if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            paragraphs = [
                "".join(
                    (node.text or "") if node.tag == f"{_W}t" else " "
                    for node in p.iter(f"{_W}t", f"{_W}tab")
                )
                for p in note.iter(f"{_W}p")
            ]
            text = " ".join(" ".join(paragraphs).split())
            if text:
                notes[(kind, str(note.get(f"{_W}id")))] = text
    return notes


def _heading_level(paragraph: Any) -> int | None:
    """0 for a Title paragraph, N for Heading N (or a style based on one), else None."""
    style = paragraph.style
    while style is not None:
        name = (style.name or "").strip()
        if name.casefold() == "title":
            return 0
        match = _HEADING_STYLE.fullmatch(name)
        if match:
            return int(match.group(1))
        style = style.base_style
    return None


def _is_list_item(paragraph: Any) -> bool:
    """Whether Word numbers or bullets the paragraph, directly or through its style."""
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        properties = style.element.pPr
        if properties is not None and properties.numPr is not None:
            return True
        style = style.base_style
    return False


def _paragraph_text(
    paragraph: Any, notes: dict[tuple[str, str], str], numbers: dict[tuple[str, str], int]
) -> tuple[str, list[str]]:
    """A paragraph's text with its note citations as superscript numbers, and the cited notes'
    lines (``¹ The note's text``) in citation order. ``numbers`` counts notes across the document."""
    pieces: list[str] = []
    cited: list[str] = []
    for element in paragraph._p.xpath("w:r | w:hyperlink"):
        reference = next((child for child in element if child.tag in _REFERENCES), None)
        if reference is None:
            pieces.append(element.text)
            continue
        key = (_REFERENCES[reference.tag], str(reference.get(f"{_W}id")))
        if key not in notes:
            continue
        # Footnotes and endnotes are numbered apart, as Word does.
        number = numbers.setdefault(key, 1 + sum(1 for kind, _ in numbers if kind == key[0]))
        marker = str(number).translate(_SUPERSCRIPT)
        pieces.append(marker)
        cited.append(f"{marker} {notes[key]}")
    return "".join(pieces), cited


def extract(path: Path) -> DocxText:
    """Text and hints of a .docx. Raises :class:`InputError` for a file python-docx cannot open."""
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
        notes = _note_texts(document)
    except Exception as exc:  # python-docx and lxml raise several unrelated types for a broken package
        raise InputError(f"{path}: not a readable .docx file ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    headings: dict[int, int] = {}
    footnotes: set[int] = set()
    numbers: dict[tuple[str, str], int] = {}
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text, cited = _paragraph_text(block, notes, numbers)
            level = _heading_level(block) if text.strip() else None
            if level is None and text.strip() and _is_list_item(block):
                # Word draws the bullet or number; "•" tells the cleaner it is a list item.
                text = f"• {text}"
            for line in text.split("\n"):
                lines.append(line)
                if level is not None:
                    headings[len(lines)] = level
            for note in cited:
                lines.extend(["", note])
                footnotes.add(len(lines))
        elif isinstance(block, Table):
            # One line per row, cells separated by tabs, as PDF extraction flattens tables too.
            lines.extend("\t".join(cell.text.replace("\n", " ") for cell in row.cells) for row in block.rows)
        # A blank line after each Word paragraph keeps paragraphs apart, as in extracted text.
        lines.append("")
    hints = LayoutHints(footnotes=frozenset(footnotes), headings=headings, paragraphs_marked=True)
    return DocxText("\n".join(lines), hints)
