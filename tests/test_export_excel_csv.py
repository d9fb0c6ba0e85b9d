"""``--excel`` CSV/TSV: values a spreadsheet would turn into dates or numbers come through as text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from aligner.cli import main
from aligner.exporters import ExportFilter, ExportOptions, export
from aligner.exporters.tabular import excel_cell
from aligner.model import AlignedBead
from test_export_fixtures import CREATED, DOCUMENTS, make_bead, write_run

EXCEL = ExportOptions(created=CREATED, excel_bom=True, guard_formulas=True)
# Each side of a bead: what Excel would make of it, unprotected.
AT_RISK = {
    "1-1": "a date, 1 January",
    "3-2": "a date, 3 February",
    "0012": "the number 12",
    "12345678901234567890": "12345678901234500000",
    "2024-01-01": "a date",
    "1e5": "100000",
    "50%": "0.5",
    "(12)": "-12",
    "1:30": "a time",
    "-5": "the number -5",
    "1-Mar": "a date",
    "March 2024": "a date",
}


@pytest.mark.parametrize("value", list(AT_RISK))
def test_values_excel_would_convert_become_text_formulas(value: str) -> None:
    assert excel_cell(value) == f'="{value}"'


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),  # a formula: guarded, not wrapped
        ("-5% growth", "'-5% growth"),
        ("@user", "'@user"),
        ("Chapter 3", "Chapter 3"),
        ("p01-s3", "p01-s3"),
        ("AT&S", "AT&S"),
        ("", ""),
        ("1" * 256, "1" * 256),  # past Excel's 255-character formula constant: left alone
    ],
)
def test_other_text_is_left_alone_or_guarded(value: str, cell: str) -> None:
    assert excel_cell(value) == cell


def _at_risk_beads() -> list[AlignedBead]:
    return [make_bead("p01", "sentence", index, 0.9, [value], [value]) for index, value in enumerate(AT_RISK)]


@pytest.mark.parametrize(("fmt", "sep"), [("csv", ","), ("tsv", "\t")])
def test_excel_export_protects_text_and_plain_export_does_not(tmp_path: Path, fmt: str, sep: str) -> None:
    beads = _at_risk_beads()
    flt = ExportFilter(min_chars=0, include_numeric=True)
    path = tmp_path / f"excel.{fmt}"
    export(beads, DOCUMENTS, fmt, path, flt, EXCEL)
    table = pd.read_csv(path, sep=sep, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(table.src_text) == [f'="{value}"' for value in AT_RISK]
    assert list(table.tgt_text) == [f'="{value}"' for value in AT_RISK]
    # The columns a spreadsheet mangles in every export: the bead kind and the line ranges.
    assert set(table.kind) == {'="1-1"'}
    assert table.src_lines.str.fullmatch(r'="\d+-\d+"').all()
    assert "unit_id" in path.read_text(encoding="utf-8-sig").splitlines()[0]
    plain = tmp_path / f"plain.{fmt}"
    export(beads, DOCUMENTS, fmt, plain, flt, ExportOptions(created=CREATED))
    assert list(pd.read_csv(plain, sep=sep, dtype=str, keep_default_na=False).src_text) == list(AT_RISK)


def test_the_cli_excel_option_protects_kinds_and_lines(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run")
    out = run / "excel.csv"
    assert main(["export", str(run), "-f", "csv", "-o", str(out), "--excel"]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert ',"=""1-1""",' in text and ',"=""2-1""",' in text
    assert ",1-1," not in text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_every_protected_value_as_its_text(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    flt = ExportFilter(min_chars=0, include_numeric=True)
    export(_at_risk_beads(), DOCUMENTS, "csv", path, flt, EXCEL)
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sheet = openpyxl.load_workbook(tmp_path / "excel.xlsx", data_only=True).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    assert [row["src_text"] for row in rows] == list(AT_RISK)
    assert [row["tgt_text"] for row in rows] == list(AT_RISK)
    assert {row["kind"] for row in rows} == {"1-1"}
    assert all(isinstance(row["src_lines"], str) for row in rows)
