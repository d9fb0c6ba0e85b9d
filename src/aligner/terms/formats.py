"""Term pairs written as TBX (TBX-Basic), CSV or XLSX; the format follows the file's suffix.

TBX-Basic (ISO 30042, the ``martif`` form CAT tools import): one ``termEntry`` per concept holding
a ``note`` (the example sentence pair with its places, frequency and score), then one ``langSet``
per language, one ``tig`` per term: the main term (``preferredTerm-admn-sts``) first, then its
variants (``admittedTerm-admn-sts``), each with its part of speech and term type (``fullForm``,
``acronym``, ``shortForm``, ``variant``). CSV and XLSX hold one row per pair (``COLUMNS``),
variants joined by `` | ``; both read back as a glossary (:mod:`aligner.terms.glossary`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from aligner._version import __version__
from aligner.errors import OutputError, UsageError
from aligner.exporters.options import normalise_lang_code, parse_created
from aligner.exporters.tabular import XLSX_MAX_ROWS, fit_cell, xlsx_table
from aligner.exporters.xmlsafe import unicode_safe, xml_safe
from aligner.fileio import atomic_write_bytes
from aligner.terms.model import TermPair
from aligner.terms.words import is_acronym

FORMATS = ("tbx", "csv", "xlsx")
COLUMNS = (
    "en",
    "zh",
    "en_variants",
    "zh_variants",
    "kind",
    "frequency",
    "en_frequency",
    "zh_frequency",
    "score",
    "example_en",
    "example_zh",
    "example_en_at",
    "example_zh_at",
)
VARIANT_SEPARATOR = " | "
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROLOG = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'


@dataclass(frozen=True)
class TermsOutput:
    """How term pairs are written: language codes for TBX, the date stamped into XLSX (ISO 8601),
    and a description of where the pairs come from (TBX header)."""

    created: str
    en_code: str = "en-US"
    zh_code: str = "zh-CN"
    source: str = ""


def format_of(path: Path, fmt: str | None = None) -> str:
    """The format asked for, else the one ``path``'s suffix names."""
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise UsageError(
            f"cannot tell the format of {path} (give it a .tbx, .csv or .xlsx suffix); choose from "
            + ", ".join(FORMATS)
        )
    return chosen


def rows(pairs: Sequence[TermPair]) -> list[dict[str, str]]:
    """One table row per pair, every cell a string (empty where there is nothing)."""
    return [
        {
            "en": pair.en,
            "zh": pair.zh,
            "en_variants": VARIANT_SEPARATOR.join(pair.en_variants),
            "zh_variants": VARIANT_SEPARATOR.join(pair.zh_variants),
            "kind": pair.kind,
            "frequency": str(pair.frequency),
            "en_frequency": str(pair.en_frequency) if pair.en_frequency else "",
            "zh_frequency": str(pair.zh_frequency) if pair.zh_frequency else "",
            "score": "" if pair.score is None else f"{pair.score:.4f}",
            "example_en": pair.example_en,
            "example_zh": pair.example_zh,
            "example_en_at": pair.example_en_at,
            "example_zh_at": pair.example_zh_at,
        }
        for pair in pairs
    ]


def csv_bytes(pairs: Sequence[TermPair]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows(pairs):
        writer.writerow({key: unicode_safe(value) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(pairs: Sequence[TermPair], output: TermsOutput) -> bytes:
    """One sheet, every string a text cell (never a formula), dated ``output.created``."""
    if len(pairs) >= XLSX_MAX_ROWS:
        raise OutputError(f"{len(pairs)} term pairs do not fit in an XLSX sheet; write CSV or TBX instead")
    table = [[fit_cell(xml_safe(row[column])) for column in COLUMNS] for row in rows(pairs)]
    return xlsx_table(
        COLUMNS,
        table,
        sheet="terms",
        created_at=parse_created(output.created),
        wrapped=("example_en", "example_zh"),
    )


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = xml_safe(text)
    return element


def _term_type(term: str, main: bool, short: bool) -> str:
    if is_acronym(term) and " " not in term:
        return "acronym"
    if main:
        return "fullForm"
    return "shortForm" if short else "variant"


def _lang_set(
    entry: etree._Element, code: str, terms: Sequence[str], kind: str, short_variants: bool
) -> None:
    lang_set = _sub(entry, "langSet")
    lang_set.set(XML_LANG, code)
    for index, term in enumerate(terms):
        tig = _sub(lang_set, "tig")
        _sub(tig, "term", term)
        _sub(tig, "termNote", "properNoun" if kind == "name" else "noun", type="partOfSpeech")
        _sub(tig, "termNote", _term_type(term, index == 0, short_variants), type="termType")
        status = "preferredTerm-admn-sts" if index == 0 else "admittedTerm-admn-sts"
        _sub(tig, "termNote", status, type="administrativeStatus")


def _note(pair: TermPair) -> str:
    facts = [f"{pair.kind}", f"frequency {pair.frequency}"]
    if pair.score is not None:
        facts.append(f"Dice {pair.score:.4f}")
    places = ", ".join(place for place in (pair.example_en_at, pair.example_zh_at) if place)
    example = " = ".join(text for text in (pair.example_en, pair.example_zh) if text)
    note = "; ".join(facts)
    if example:
        note += f"; example ({places}): {example}" if places else f"; example: {example}"
    return note


def tbx_bytes(pairs: Sequence[TermPair], output: TermsOutput) -> bytes:
    en_code, zh_code = normalise_lang_code(output.en_code), normalise_lang_code(output.zh_code)
    martif = etree.Element("martif", {"type": "TBX-Basic"})
    martif.set(XML_LANG, en_code)
    header = _sub(martif, "martifHeader")
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", "Terminology")
    _sub(_sub(file_desc, "sourceDesc"), "p", output.source or f"aligner {__version__}")
    _sub(_sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = _sub(_sub(martif, "text"), "body")
    for number, pair in enumerate(pairs, start=1):
        entry = _sub(body, "termEntry", id=f"c{number}")
        _sub(entry, "note", _note(pair))
        # A gloss lists the Chinese term's short forms (工信部); mined variants are other renderings.
        glossed = pair.score is None
        _lang_set(entry, en_code, pair.en_forms, pair.kind, False)
        _lang_set(entry, zh_code, pair.zh_forms, pair.kind, glossed)
    return PROLOG + etree.tostring(martif, encoding="UTF-8", pretty_print=True)


def write_terms(
    pairs: Sequence[TermPair],
    path: str | Path,
    output: TermsOutput,
    *,
    fmt: str | None = None,
    force: bool = False,
) -> str:
    """Write ``pairs`` to ``path`` in the format its suffix names (or ``fmt``); returns the format.
    An existing file is replaced only with ``force``."""
    target = Path(path)
    chosen = format_of(target, fmt)
    if target.exists() and not force:
        raise OutputError(f"{target} exists; pass --force to overwrite it")
    if target.is_dir():
        raise OutputError(f"{target} is a folder; give a file name such as terms.{chosen}")
    if chosen == "tbx":
        data = tbx_bytes(pairs, output)
    elif chosen == "csv":
        data = csv_bytes(pairs)
    else:
        data = xlsx_bytes(pairs, output)
    atomic_write_bytes(target, data)
    return chosen


__all__ = [
    "COLUMNS",
    "FORMATS",
    "TermsOutput",
    "csv_bytes",
    "format_of",
    "tbx_bytes",
    "write_terms",
    "xlsx_bytes",
]
