"""CSV, TSV, XLSX and JSONL: one row per bead, read back by pandas and json exactly."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.exporters import EXPORTERS, ExportFilter, ExportOptions, export
from aligner.exporters.records import COLUMNS, side_text
from aligner.exporters.tabular import XLSX_CELL_LIMIT, fit_cell, guard_formula
from aligner.exporters.xmlsafe import unicode_safe, xml_safe
from test_export_fixtures import (
    CREATED,
    DEFAULT_SENTENCE_UNITS,
    DOCUMENTS,
    HOSTILE_SRC,
    HOSTILE_TGT,
    assert_valid_tmx,
    make_bead,
    sample_beads,
)

OPTS = ExportOptions(created=CREATED)
EXCEL = ExportOptions(created=CREATED, excel_bom=True, guard_formulas=True)


_TEXT_DTYPES = {column: str for column in COLUMNS if column not in ("score", "block")}


def _read(path: Path, fmt: str) -> pd.DataFrame:
    # keep_default_na: a segment reading "NA" or an empty side must stay a string.
    if fmt == "jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return pd.DataFrame([json.loads(line) for line in lines], columns=list(COLUMNS))
    if fmt == "xlsx":
        return pd.read_excel(path, dtype=_TEXT_DTYPES, keep_default_na=False)
    sep = "\t" if fmt == "tsv" else ","
    return pd.read_csv(path, sep=sep, dtype=_TEXT_DTYPES, keep_default_na=False)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xlsx", "jsonl"])
def test_rows_read_back(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    assert export(sample_beads(), DOCUMENTS, fmt, path, ExportFilter(), OPTS) == len(DEFAULT_SENTENCE_UNITS)
    table = _read(path, fmt)
    assert list(table.columns) == list(COLUMNS)
    expected = [(unit_id, src, tgt) for unit_id, src, tgt in DEFAULT_SENTENCE_UNITS]
    assert list(zip(table.unit_id, table.src_text, table.tgt_text, strict=True)) == expected
    first = table.iloc[2].to_dict()
    assert first == {
        "unit_id": "p01-s4",
        "pair_id": "p01",
        "level": "sentence",
        "block": 2,
        "kind": "2-1",
        "score": 0.77,
        "src_text": 'Trade rose 5% in 2019. Exports "doubled" & more.',
        "tgt_text": "贸易增长5%，出口翻番。",
        "src_file": "en.txt",
        "src_lines": "7-8",
        "tgt_file": "zh.txt",
        "tgt_lines": "7-7",
        "src_title": 'Chongqing & the "World" <2019>',
        "tgt_title": "重庆与世界",
    }


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xlsx", "jsonl"])
def test_omissions_on_request_have_an_empty_side(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"o.{fmt}"
    flt = ExportFilter(include_omissions=True, kinds=frozenset({"1-0", "0-1"}))
    assert export(sample_beads(), DOCUMENTS, fmt, path, flt, OPTS) == 2
    table = _read(path, fmt)
    assert list(table.src_text) == ["An untranslated sentence.", ""]
    assert list(table.tgt_text) == ["", "多余的句子。"]
    assert list(table.tgt_lines) == ["", "13-13"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
def test_hostile_text_is_exact_in_delimited_and_jsonl(tmp_path: Path, fmt: str) -> None:
    bead = make_bead("p01", "sentence", 0, 0.9, [HOSTILE_SRC, "NA"], [HOSTILE_TGT])
    path = tmp_path / f"h.{fmt}"
    export([bead], DOCUMENTS, fmt, path, ExportFilter(), OPTS)
    table = _read(path, fmt)
    # Only lone surrogates change (to U+FFFD): UTF-8 cannot encode them.
    assert table.src_text[0] == unicode_safe(HOSTILE_SRC + " NA")
    assert table.tgt_text[0] == unicode_safe(HOSTILE_TGT)


def test_hostile_text_in_xlsx_follows_the_xml_policy(tmp_path: Path) -> None:
    bead = make_bead("p01", "sentence", 0, 0.9, [HOSTILE_SRC], [HOSTILE_TGT])
    path = tmp_path / "h.xlsx"
    export([bead], DOCUMENTS, "xlsx", path, ExportFilter(), OPTS)
    table = _read(path, "xlsx")
    # XLSX is XML inside: the TMX replacements apply, and CR survives (written as &#13;).
    assert table.src_text[0] == xml_safe(HOSTILE_SRC)
    assert table.tgt_text[0] == xml_safe(HOSTILE_TGT)


def test_multi_segment_sides_join_by_language() -> None:
    bead = make_bead("p01", "sentence", 0, 0.9, ["One.", "Two."], ["一。", "二。"])
    assert side_text(bead.src, "en-US") == "One. Two."
    assert side_text(bead.tgt, "zh-Hant") == "一。二。"
    assert side_text(bead.tgt, "ja") == "一。二。"


def test_xlsx_stores_formula_like_text_as_text(tmp_path: Path) -> None:
    beads = [
        make_bead("p01", "sentence", 0, 0.9, ["=1+1 and more"], ["=1+1以及更多"]),
        make_bead("p01", "sentence", 0, 0.9, ["#N/A is an error code"], ["#N/A"]),
        make_bead("p01", "sentence", 0, 0.9, ["@user +1 -2"], ["@用户"]),
    ]
    path = tmp_path / "f.xlsx"
    export(beads, DOCUMENTS, "xlsx", path, ExportFilter(min_chars=0, include_numeric=True), OPTS)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    src, tgt = header.index("src_text") + 1, header.index("tgt_text") + 1
    cells = [sheet.cell(row, column) for row in (2, 3, 4) for column in (src, tgt)]
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.value for cell in cells] == [
        "=1+1 and more",
        "=1+1以及更多",
        "#N/A is an error code",
        "#N/A",
        "@user +1 -2",
        "@用户",
    ]
    assert sheet.freeze_panes == "A2"


def test_excel_csv_has_a_bom_and_guards_formulas(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    export(sample_beads(), DOCUMENTS, "csv", path, ExportFilter(), EXCEL)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfunit_id,")
    table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(table.src_text[-2:]) == ["'=SUM(A1:A3) is a formula.", "'-5% growth"]
    assert list(table.tgt_text[-2:]) == ["'=SUM(A1:A3)是公式。", "'-5%的增长"]
    assert table.src_text[0] == "Chongqing grew fast."
    plain = tmp_path / "plain.csv"
    export(sample_beads(), DOCUMENTS, "csv", plain, ExportFilter(), OPTS)
    assert plain.read_bytes().startswith(b"unit_id,")
    assert "'=SUM" not in plain.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("=A1", "'=A1"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_guard_formula(text: str, guarded: str) -> None:
    assert guard_formula(text) == guarded


def test_xlsx_cells_are_cut_to_excels_limit(tmp_path: Path) -> None:
    long_src = "word " * 10_000  # 50,000 characters
    long_tgt = "好😀" * 13_000  # 39,000 UTF-16 units in 26,000 characters
    bead = make_bead("p01", "paragraph", 0, 0.9, [long_src], [long_tgt])
    path = tmp_path / "long.xlsx"
    export([bead], DOCUMENTS, "xlsx", path, ExportFilter(level="paragraph"), OPTS)
    table = _read(path, "xlsx")
    for cell, full in ((table.src_text[0], long_src), (table.tgt_text[0], long_tgt)):
        assert len(cell.encode("utf-16-le")) // 2 <= XLSX_CELL_LIMIT
        assert "[truncated: " in cell
        kept = cell[: cell.index(" [truncated: ")]
        assert full.startswith(kept)
        assert f"[truncated: {len(full) - len(kept)} more characters" in cell
    csv_path = tmp_path / "long.csv"
    export([bead], DOCUMENTS, "csv", csv_path, ExportFilter(level="paragraph"), OPTS)
    assert _read(csv_path, "csv").src_text[0] == long_src


def test_fit_cell_leaves_short_text_alone() -> None:
    assert fit_cell("short") == "short"
    exact = "x" * XLSX_CELL_LIMIT
    assert fit_cell(exact) == exact
    assert len(fit_cell(exact + "y")) <= XLSX_CELL_LIMIT


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_format_is_byte_identical_twice(tmp_path: Path, fmt: str) -> None:
    exporter = EXPORTERS[fmt]
    flt = ExportFilter(include_omissions=exporter.allows_omissions)
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    export(sample_beads(), DOCUMENTS, fmt, first, flt, OPTS)
    export(sample_beads(), DOCUMENTS, fmt, second, flt, OPTS)
    codes = (OPTS.src_lang_code, OPTS.tgt_lang_code)
    for one, other in zip(exporter.files(first, *codes), exporter.files(second, *codes), strict=True):
        assert one.read_bytes() == other.read_bytes()
    if fmt == "tmx":
        assert_valid_tmx(first)


def test_xlsx_dates_come_from_the_manifest(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    export(sample_beads(), DOCUMENTS, "xlsx", path, ExportFilter(), OPTS)
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 11, 23, 8, 30, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("2026-11-23T08:30:00Z") == 2
    properties = openpyxl.load_workbook(path).properties
    assert properties.creator == "aligner"
    assert properties.modified is not None and properties.modified.isoformat().startswith(
        "2026-11-23T08:30:00"
    )


_ANY_TEXT = st.text(st.characters(exclude_categories=()), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(src=_ANY_TEXT, tgt=_ANY_TEXT)
def test_random_unicode_survives_every_table_format(tmp_path: Path, src: str, tgt: str) -> None:
    bead = make_bead("p01", "sentence", 0, 0.5, [src], [tgt])
    flt = ExportFilter(min_chars=0, include_numeric=True)
    formats = (("csv", unicode_safe), ("tsv", unicode_safe), ("jsonl", unicode_safe), ("xlsx", xml_safe))
    for fmt, expected in formats:
        path = tmp_path / f"random.{fmt}"
        export([bead], DOCUMENTS, fmt, path, flt, OPTS)
        table = _read(path, fmt)
        assert (table.src_text[0], table.tgt_text[0]) == (expected(src), expected(tgt)), fmt
