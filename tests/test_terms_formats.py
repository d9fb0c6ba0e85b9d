"""Term pairs written as TBX-Basic, CSV and XLSX, and read back (translate-toolkit, openpyxl, ourselves)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook
from translate.storage import tbx

from aligner.errors import OutputError, UsageError
from aligner.terms import TermPair, TermsOutput, read_glossary, write_terms
from aligner.terms.formats import COLUMNS

PAIRS = [
    TermPair(
        en="Ministry of Industry and Information Technology",
        zh="工业和信息化部",
        en_variants=("MIIT",),
        zh_variants=("工信部",),
        kind="name",
        frequency=2,
        example_en="Chinese Ministry of Industry and Information Technology (MIIT; 工业和信息化部; 工信部)",
        example_en_at="miit.en.txt:16",
    ),
    TermPair(
        en="digital twins",
        zh="数字孪生",
        zh_variants=("数字双胞胎",),
        frequency=16,
        en_frequency=17,
        zh_frequency=19,
        score=0.8889,
        example_en="=Digital twins cut costs.",
        example_zh="数字孪生降低成本。",
        example_en_at="en.txt:3",
        example_zh_at="zh.txt:3",
    ),
]
OUTPUT = TermsOutput(created="2026-01-01T00:00:00Z", source="test")


def test_tbx_reads_back_with_translate_toolkit(tmp_path: Path) -> None:
    path = tmp_path / "terms.tbx"
    assert write_terms(PAIRS, path, OUTPUT) == "tbx"
    store = tbx.tbxfile.parsestring(path.read_bytes(), sourcelanguage="en-US", targetlanguage="zh-CN")
    assert len(store.units) == 2
    first, second = store.units
    assert (first.source, first.target) == (
        "Ministry of Industry and Information Technology",
        "工业和信息化部",
    )
    assert [t.text for t in first.get_source_terms()] == [
        "Ministry of Industry and Information Technology",
        "MIIT",
    ]
    statuses = [t.administrative_status for t in first.get_target_terms()]
    assert statuses == ["preferredTerm-admn-sts", "admittedTerm-admn-sts"]
    assert "example (en.txt:3, zh.txt:3): =Digital twins cut costs. = 数字孪生降低成本。" in second.getnotes()


def test_tbx_is_tbx_basic_one_entry_per_concept(tmp_path: Path) -> None:
    path = tmp_path / "terms.tbx"
    write_terms(PAIRS, path, OUTPUT)
    assert path.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif')
    root = etree.parse(str(path)).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    entries = root.findall("text/body/termEntry")
    assert [e.get("id") for e in entries] == ["c1", "c2"]
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [ls.get(lang) for ls in entries[0].findall("langSet")] == ["en-US", "zh-CN"]
    types = [n.text for n in entries[0].iter("termNote") if n.get("type") == "termType"]
    assert types == ["fullForm", "acronym", "fullForm", "shortForm"]  # a gloss lists short forms
    mined_types = [n.text for n in entries[1].iter("termNote") if n.get("type") == "termType"]
    assert mined_types == ["fullForm", "fullForm", "variant"]
    pos = {n.text for n in entries[0].iter("termNote") if n.get("type") == "partOfSpeech"}
    assert pos == {"properNoun"}


def test_csv_has_one_row_per_pair_and_reads_back_as_a_glossary(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    write_terms(PAIRS, path, OUTPUT)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[1]["score"] == "0.8889" and rows[0]["score"] == ""
    assert rows[1]["example_en"] == "=Digital twins cut costs."
    glossary = read_glossary(path)
    assert [(g.en, g.zh, g.en_variants, g.zh_variants) for g in glossary] == [
        (p.en, p.zh, p.en_variants, p.zh_variants) for p in PAIRS
    ]


def test_xlsx_keeps_text_as_text_and_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_terms(PAIRS, first, OUTPUT)
    write_terms(PAIRS, second, OUTPUT)
    assert first.read_bytes() == second.read_bytes()
    sheet = load_workbook(first).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    cell = sheet.cell(row=3, column=COLUMNS.index("example_en") + 1)
    assert (cell.value, cell.data_type) == ("=Digital twins cut costs.", "s")  # no formula
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time[:3] for info in archive.infolist()} == {(2026, 1, 1)}


def test_unknown_suffix_and_existing_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"\.tbx, \.csv or \.xlsx"):
        write_terms(PAIRS, tmp_path / "terms.txt", OUTPUT)
    path = tmp_path / "terms.csv"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="--force"):
        write_terms(PAIRS, path, OUTPUT)
    assert path.read_text(encoding="utf-8") == "keep me"
    write_terms(PAIRS, path, OUTPUT, force=True)
    assert path.read_text(encoding="utf-8").startswith("en,zh,")
