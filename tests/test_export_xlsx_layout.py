"""XLSX as people read it: widths, wrapping, a frozen header with an autofilter, text kept as text."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from aligner.exporters import ExportFilter, ExportOptions, export
from aligner.exporters.records import COLUMNS
from aligner.exporters.tabular import (
    LINE_HEIGHT,
    MAX_LINES,
    MIN_WIDTH,
    PLAIN_WIDTH,
    WRAPPED_COLUMNS,
    WRAPPED_WIDTH,
    display_width,
    xlsx_table,
)
from aligner.report import rebuild_report
from aligner.report.table_writer import FINDING_COLUMNS
from aligner.report.table_writer import WRAPPED_COLUMNS as FINDING_WRAPPED
from test_export_fixtures import CREATED, DOCUMENTS, make_bead, sample_beads
from test_report_synthetic import planted_pair, write_run_folder

MOMENT = datetime(2026, 1, 1, tzinfo=UTC)
# Values a spreadsheet would turn into a date, a number, a formula or an error if it could.
COERCIBLE = [
    "1-1",
    "3-2",
    "0012",
    "12345678901234567890",
    "2024-01-01",
    "1e5",
    "50%",
    "=SUM(A1)",
    "#N/A",
    "TRUE",
]

text = st.one_of(
    st.sampled_from(COERCIBLE),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=120),
    st.text(st.sampled_from("重庆智能制造abc "), min_size=1, max_size=200),
)
cell = st.one_of(text, st.integers(-1000, 10**6), st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 4)))


def sheet_of(data: bytes) -> Worksheet:
    sheet = openpyxl.load_workbook(BytesIO(data)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def check_layout(sheet: Worksheet, columns: list[str], rows: list[list[object]], wrapped: set[str]) -> None:
    assert [c.value for c in sheet[1]] == columns
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(len(columns))
    assert sheet.auto_filter.ref == f"A1:{last}{len(rows) + 1}"
    for index, name in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        width = sheet.column_dimensions[letter].width
        cap = WRAPPED_WIDTH if name in wrapped else PLAIN_WIDTH
        assert MIN_WIDTH <= width <= cap
        values = [str(row[index - 1]) for row in rows if row[index - 1] not in ("", None)]
        # As wide as the header (with room for the filter button) and the longest value, capped.
        assert width >= min(cap, display_width(name, cap) + 3)
        assert width >= min(cap, max((display_width(v, cap) for v in values), default=0))
        for data_cell in (row[index - 1] for row in sheet.iter_rows(min_row=2)):
            assert data_cell.alignment.vertical == "top"
            assert bool(data_cell.alignment.wrap_text) == (name in wrapped)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(st.sampled_from("abcdefgh_"), min_size=1, max_size=12), min_size=1, max_size=5, unique=True
    ),
    st.data(),
)
def test_any_table_keeps_its_values_and_layout(columns: list[str], data: st.DataObject) -> None:
    rows = data.draw(st.lists(st.lists(cell, min_size=len(columns), max_size=len(columns)), max_size=8))
    wrapped = set(data.draw(st.lists(st.sampled_from(columns), unique=True)))
    sheet = sheet_of(xlsx_table(columns, rows, sheet="t", created_at=MOMENT, wrapped=wrapped))
    check_layout(sheet, columns, rows, wrapped)
    for expected, got in zip(rows, sheet.iter_rows(min_row=2), strict=True):
        for value, xl in zip(expected, got, strict=True):
            if isinstance(value, str):
                # Stored as a string cell in the Text format: no formula, error, number or date.
                assert (xl.value, xl.data_type, xl.number_format) == (value, "s", "@")
            else:
                assert xl.value == value and xl.data_type == "n"


def test_coercible_text_stays_text() -> None:
    sheet = sheet_of(xlsx_table(["v"], [[v] for v in COERCIBLE], sheet="t", created_at=MOMENT))
    assert [(c.value, c.data_type) for (c,) in sheet.iter_rows(min_row=2)] == [(v, "s") for v in COERCIBLE]


def test_empty_strings_are_empty_text_cells() -> None:
    # An empty status or comment cell an editor fills in must keep what they type as text.
    sheet = sheet_of(xlsx_table(["status", "n"], [["", 3]], sheet="t", created_at=MOMENT))
    status, number = sheet[2]
    assert status.value is None and status.number_format == "@"
    assert number.value == 3 and number.number_format == "General"


def test_widths_follow_the_content() -> None:
    rows = [["p01-s1", "短", "x" * 500], ["p01-s22", "重庆" * 10, "y"]]
    sheet = sheet_of(xlsx_table(["id", "zh", "long"], rows, sheet="t", created_at=MOMENT, wrapped={"long"}))
    widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
    assert widths[0] == MIN_WIDTH  # "p01-s22" and "id" + the filter button fit the minimum
    assert widths[1] == 41  # 20 wide characters are 40 columns, plus one
    assert widths[2] == WRAPPED_WIDTH  # capped: the text wraps instead
    # 500 characters on 58 a line take 9 lines; the second row needs no more than one.
    assert sheet.row_dimensions[2].height == 9 * LINE_HEIGHT
    assert sheet.row_dimensions[3].height is None


def test_row_heights_stop_at_the_line_limit() -> None:
    rows = [["word " * 2000], ["one\ntwo\nthree"]]
    sheet = sheet_of(xlsx_table(["text"], rows, sheet="t", created_at=MOMENT, wrapped={"text"}))
    assert sheet.row_dimensions[2].height == MAX_LINES * LINE_HEIGHT
    assert sheet.row_dimensions[3].height == 3 * LINE_HEIGHT


def test_the_export_sheet_is_laid_out(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    beads = [*sample_beads(), make_bead("p01", "sentence", 9, 0.9, ["1-1"], ["0012"])]
    export(
        beads,
        DOCUMENTS,
        "xlsx",
        path,
        ExportFilter(min_chars=0, include_numeric=True),
        ExportOptions(created=CREATED),
    )
    sheet = openpyxl.load_workbook(path)["segments"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    check_layout(sheet, list(COLUMNS), rows, set(WRAPPED_COLUMNS))
    last = sheet[sheet.max_row]
    assert [(c.value, c.data_type) for c in last[6:8]] == [("1-1", "s"), ("0012", "s")]
    assert isinstance(last[5].value, float) and isinstance(last[3].value, int)  # score, block


@pytest.mark.parametrize("pairs", [1, 0])
def test_findings_sheet_is_laid_out(tmp_path: Path, pairs: int) -> None:
    write_run_folder(tmp_path, [planted_pair()][:pairs])
    rebuild_report(tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "findings.xlsx")["findings"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 4 * pairs
    check_layout(sheet, list(FINDING_COLUMNS), rows, set(FINDING_WRAPPED))
