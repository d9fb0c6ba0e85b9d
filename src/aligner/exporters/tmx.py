"""TMX 1.4b translation memories, valid against the LISA DTD and readable by CAT tools.

Each unit carries its provenance as ``<prop type="x-...">`` (TMX reserves the ``x-`` prefix for
user-defined types): ``x-document`` (pair id), ``x-src-title``, ``x-tgt-title``, ``x-kind``,
``x-score``, ``x-src-file``, ``x-src-lines``, ``x-tgt-file``, ``x-tgt-lines``. They sit on the
``<tu>`` rather than the ``<tuv>`` because that is where OmegaT, Trados and memoQ surface them.
A unit a reviewer confirmed or corrected (``aligner review``) also carries ``x-reviewed``
(``confirmed`` or ``corrected``) and ``x-reviewer`` (the reviewers, comma-separated), and the
standard ``changedate`` and ``changeid`` attributes: the latest decision's time and reviewer.
The header carries the run's settings signature (:mod:`aligner.signature`) as
``<prop type="x-aligner-signature">`` where the run recorded one (TMX 1.4b allows props there).
All text passes through :func:`~aligner.exporters.xmlsafe.xml_safe` first.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from lxml import etree

from aligner.exporters.filters import Unit
from aligner.exporters.options import ExportOptions, parse_created
from aligner.exporters.records import record
from aligner.exporters.xmlsafe import xml_safe
from aligner.fileio import atomic_open

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Written by hand rather than by lxml, which would use single quotes; some older tools only
# recognise the double-quoted declaration.
PROLOG = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'

# The header's prop holding the run's settings signature (aligner.signature).
SIGNATURE_PROP = "x-aligner-signature"
# (prop type, record field) for the unit-level metadata, in output order.
_PROPS = (
    ("x-document", "pair_id"),
    ("x-src-title", "src_title"),
    ("x-tgt-title", "tgt_title"),
    ("x-kind", "kind"),
    ("x-score", "score"),
    ("x-src-file", "src_file"),
    ("x-src-lines", "src_lines"),
    ("x-tgt-file", "tgt_file"),
    ("x-tgt-lines", "tgt_lines"),
)


def _header(opts: ExportOptions, level: str) -> etree._Element:
    header = etree.Element(
        "header",
        {
            "creationtool": "aligner",
            "creationtoolversion": opts.tool_version,
            "segtype": level,
            "o-tmf": "aligner",
            "adminlang": "en",
            "srclang": opts.src_lang_code,
            "datatype": "plaintext",
            "creationdate": opts.tmx_date,
        },
    )
    if opts.signature:
        etree.SubElement(header, "prop", {"type": SIGNATURE_PROP}).text = xml_safe(opts.signature)
        etree.indent(header, space="  ", level=1)
    return header


def _unit(unit: Unit, opts: ExportOptions, date: str) -> etree._Element:
    fields = record(unit, opts.src_lang_code, opts.tgt_lang_code)
    tu = etree.Element("tu", {"tuid": xml_safe(unit.unit_id), "creationdate": date})
    review = unit.review
    if review is not None:
        tu.set("changedate", parse_created(review.time).strftime("%Y%m%dT%H%M%SZ"))
        if review.reviewers:
            tu.set("changeid", xml_safe(review.reviewers[-1]))
    for prop_type, key in _PROPS:
        value = fields[key]
        text = f"{value:.4f}" if key == "score" else xml_safe(str(value))
        if text:  # an empty prop says nothing; titles are empty for documents without one
            etree.SubElement(tu, "prop", {"type": prop_type}).text = text
    if review is not None:
        etree.SubElement(tu, "prop", {"type": "x-reviewed"}).text = review.status
        if review.reviewers:
            etree.SubElement(tu, "prop", {"type": "x-reviewer"}).text = xml_safe(", ".join(review.reviewers))
    for lang, key in ((opts.src_lang_code, "src_text"), (opts.tgt_lang_code, "tgt_text")):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = xml_safe(str(fields[key]))
    # indent() only touches whitespace between elements; <seg> holds text only, so text is untouched.
    etree.indent(tu, space="  ", level=2)
    return tu


def write_tmx_to(stream: IO[bytes], units: Sequence[Unit], opts: ExportOptions, level: str) -> None:
    """Write the TMX document for ``units`` to ``stream``, one unit at a time.

    Streaming keeps memory flat for large corpora; the output is what lxml would give for the
    whole tree indented by two spaces per level.
    """
    if any(not unit.bead.src or not unit.bead.tgt for unit in units):
        raise ValueError("a TMX unit needs text on both sides; filter omissions out first")
    date = opts.tmx_date
    stream.write(PROLOG)
    with etree.xmlfile(stream, encoding="UTF-8") as xml, xml.element("tmx", version="1.4"):
        xml.write("\n  ", _header(opts, level), "\n  ")
        with xml.element("body"):
            for unit in units:
                xml.write("\n    ", _unit(unit, opts, date))
            xml.write("\n  " if units else "")
        xml.write("\n")
    stream.write(b"\n")


def tmx_bytes(units: Sequence[Unit], opts: ExportOptions, level: str) -> bytes:
    buffer = io.BytesIO()
    write_tmx_to(buffer, units, opts, level)
    return buffer.getvalue()


def write_tmx(units: Sequence[Unit], path: Path, opts: ExportOptions, level: str) -> int:
    with atomic_open(path, "wb", encoding=None) as stream:
        write_tmx_to(stream, units, opts, level)
    return len(units)
