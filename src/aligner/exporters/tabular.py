"""CSV and TSV tables (through pandas) and XLSX (openpyxl): one row per bead, columns ``records.COLUMNS``.

Formula injection. A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
in some versions, tab or CR) as a formula, and aligned text from arbitrary documents can start
with any of them. The policy:

- XLSX: every text cell is stored as a string cell in the Text format, never a formula or error
  value, so Excel and LibreOffice show it as text and nothing needs to change; the text stays
  exact. The sheet is laid out for reading (:func:`xlsx_table`): header row frozen, with an
  autofilter, columns sized to their content, long text wrapped.
- CSV/TSV with ``guard_formulas`` (``--excel``): such cells get a leading apostrophe, the
  OWASP-recommended guard, because a CSV cell carries no type and Excel evaluates it on opening.
  Cells Excel would turn into a date or a number are written as formulas of their text (see
  :func:`excel_cell`).
- Plain CSV/TSV (the default, for pandas and scripts) are written verbatim: adding characters to
  data meant for programs would corrupt it. Open them in a spreadsheet only via ``--excel``.

Read the tables back with ``keep_default_na=False`` so a segment that reads "NA" or an empty side
stays a string. XLSX cells hold at most 32,767 characters (UTF-16 units): longer text is cut and
ends with a visible ``[truncated ...]`` note; CSV, TSV and JSONL always hold the full text.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from aligner.errors import OutputError
from aligner.exporters.filters import Unit
from aligner.exporters.options import ExportOptions
from aligner.exporters.records import COLUMNS, Record, cleaned, record
from aligner.exporters.xmlsafe import unicode_safe, xml_safe
from aligner.fileio import atomic_open, atomic_write_bytes

if TYPE_CHECKING:
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_LIMIT = 32_767
XLSX_MAX_ROWS = 1_048_576
SHEET = "segments"
# Column widths in Excel's units (about one Latin character): plain columns up to PLAIN_WIDTH,
# wrapped text columns up to WRAPPED_WIDTH, where the text wraps onto more lines instead.
PLAIN_WIDTH = 50
WRAPPED_WIDTH = 60
MIN_WIDTH = 8
# Rows holding wrapped text get the height of its lines (in points, a line of openpyxl's default
# 11-point Calibri), up to MAX_LINES; a longer cell shows the rest when selected.
LINE_HEIGHT = 15.0
MAX_LINES = 12
# The autofilter's drop-down button covers the right end of a header cell.
FILTER_BUTTON = 3
WRAPPED_COLUMNS = ("src_text", "tgt_text", "src_title", "tgt_title")


def guard_formula(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# What Excel turns into a date, a time or a number when it opens a CSV: digits with separators
# (1-1 and 3-2 become 1 Jan and 3 Feb, 1/2 a date, 1:30 a time, (12) -12, 50% 0.5), leading
# zeros (0012 -> 12), digit strings past 15 digits (rounded), scientific notation (1e5), and
# day-month forms (1-Mar, Mar-1). Quotes never match, so a value can go between quotes as it is.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_EXCEL_COERCED = re.compile(
    r"[-+]?[\d\s.,:/%$€£¥()-]*\d[\d\s.,:/%$€£¥()-]*"
    r"|[-+]?\d+(?:\.\d*)?e[-+]?\d+"
    rf"|\d{{1,2}}[-/ ]{_MONTH}(?:[-/ ]\d{{1,4}})?"
    rf"|{_MONTH}[-/ ]\d{{1,4}}",
    re.IGNORECASE,
)
# Excel's limit for a text constant inside a formula.
EXCEL_FORMULA_TEXT_LIMIT = 255


def excel_cell(text: str) -> str:
    """``text`` as a CSV cell that Excel and LibreOffice Calc show exactly as it is.

    A value they would convert to a date or a number is written ``="1-1"``: both evaluate the
    formula on opening and show its result, the text, stored as text (LibreOffice 7.4 checked by
    converting such a file headless; in Excel this is the long-standing idiom for CSV). A leading
    apostrophe does not work there: it marks text only when typed, and both keep it from a CSV
    as a visible character. The formula holds nothing but a quoted constant, so it cannot run
    anything; only values of up to 255 characters (Excel's limit for a constant) get it, more
    than any date or number needs. Other text starting with a formula character gets the
    apostrophe (:func:`guard_formula`), visible but harmless, since arbitrary text cannot go into
    a formula whole.
    """
    if len(text) <= EXCEL_FORMULA_TEXT_LIMIT and _EXCEL_COERCED.fullmatch(text):
        return f'="{text}"'
    return guard_formula(text)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit_cell(text: str, limit: int = XLSX_CELL_LIMIT) -> str:
    """Cut ``text`` to ``limit`` UTF-16 units (Excel's measure), ending with a truncation note."""
    if _utf16_len(text) <= limit:
        return text
    kept = text
    while True:
        note = f" [truncated: {len(text) - len(kept)} more characters in the CSV/JSONL export]"
        budget = limit - _utf16_len(note)
        if _utf16_len(kept) <= budget:
            return kept + note
        # Shrink by code points; astral characters take two units, so recheck until it fits.
        kept = kept[: max(0, len(kept) - (_utf16_len(kept) - budget))]


def records(units: Sequence[Unit], opts: ExportOptions, clean: Callable[[str], str]) -> list[Record]:
    """The rows of ``units`` with ``clean`` applied to every text cell."""
    return [cleaned(record(unit, opts.src_lang_code, opts.tgt_lang_code), clean) for unit in units]


def frame(units: Sequence[Unit], opts: ExportOptions, clean: Callable[[str], str]) -> pd.DataFrame:
    """The table of ``units`` with ``clean`` applied to every text cell."""
    # pandas is imported here, not at module level: it takes a fifth of a second to load and
    # every ``aligner`` command imports this package.
    import pandas as pd

    return pd.DataFrame(records(units, opts, clean), columns=list(COLUMNS))


def _write_delimited(units: Sequence[Unit], path: Path, opts: ExportOptions, sep: str) -> int:
    def clean(text: str) -> str:
        text = unicode_safe(text)
        return excel_cell(text) if opts.guard_formulas else text

    table = frame(units, opts, clean)
    with atomic_open(path, "w", encoding="utf-8") as stream:
        if opts.excel_bom:
            stream.write("\ufeff")
        # CRLF as RFC 4180 says; it also makes the csv module quote every field holding a CR or LF
        # (with a bare "\n" terminator a lone CR goes out unquoted and splits the row on reading).
        table.to_csv(stream, sep=sep, index=False, lineterminator="\r\n")
    return len(units)


def write_csv(units: Sequence[Unit], path: Path, opts: ExportOptions, level: str) -> int:
    return _write_delimited(units, path, opts, ",")


def write_tsv(units: Sequence[Unit], path: Path, opts: ExportOptions, level: str) -> int:
    return _write_delimited(units, path, opts, "\t")


def pin_dates(data: bytes, moment: datetime) -> bytes:
    """Rewrite the XLSX zip so it depends only on its content and ``moment`` (the run's ``created``).

    openpyxl stamps the save time into the zip entries and into docProps/core.xml; both are
    replaced by ``moment`` so that writing the same table twice gives identical bytes.
    """
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    iso = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                core = etree.fromstring(content)
                for name in ("created", "modified"):
                    for element in core.iter(f"{{http://purl.org/dc/terms/}}{name}"):
                        element.text = iso
                content = etree.tostring(core, xml_declaration=True, encoding="UTF-8", standalone=True)
            pinned = zipfile.ZipInfo(info.filename, date_time=stamp)
            pinned.compress_type = info.compress_type
            pinned.external_attr = info.external_attr
            target.writestr(pinned, content)
    return output.getvalue()


def display_width(text: str, limit: int) -> int:
    """Columns ``text``'s longest line takes on screen (East Asian wide characters count two), at
    most ``limit``: the count stops there, so long segments cost little."""
    widest = 0
    for line in text.splitlines() or [""]:
        if len(line) >= limit:
            return limit
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        widest = max(widest, width)
        if widest >= limit:
            return limit
    return widest


def column_width(header: str, values: Iterable[object], wrapped: bool) -> float:
    """A column wide enough for its header (and the filter button) and its longest value, capped:
    wrapped text columns at ``WRAPPED_WIDTH``, others at ``PLAIN_WIDTH``."""
    cap = WRAPPED_WIDTH if wrapped else PLAIN_WIDTH
    widest = display_width(header, cap) + FILTER_BUTTON
    for value in values:
        if widest >= cap:
            break
        if value is not None:
            widest = max(widest, display_width(value if isinstance(value, str) else str(value), cap))
    return float(min(max(widest + 1, MIN_WIDTH), cap))


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` wide, at most ``MAX_LINES``."""
    per_line = max(int(width) - 2, 1)  # a cell's padding, and words wrap before the edge
    lines = 0
    for line in text.splitlines() or [""]:
        lines += max(1, -(-display_width(line, per_line * MAX_LINES) // per_line))
        if lines >= MAX_LINES:
            return MAX_LINES
    return lines


def xlsx_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str | int | float | None]],
    *,
    sheet: str,
    created_at: datetime,
    wrapped: Collection[str] = (),
) -> bytes:
    """One sheet as a spreadsheet user reads it: a bold header row, frozen and with an autofilter,
    each column as wide as its content (capped), text in the ``wrapped`` columns wrapped, cells
    aligned at the top, each row as tall as its wrapped text (at most ``MAX_LINES`` lines: neither
    Excel nor LibreOffice reliably fits the height of a row it did not write).

    Every string is a text cell in the Text format (``@``), so neither Excel nor LibreOffice turns
    ``1-1`` into a date, ``0012`` into 12 or ``=x`` into a formula, even when an editor retypes a
    cell; empty strings are empty cells. Numbers stay numbers.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.properties.creator = "aligner"
    worksheet = book.active
    worksheet.title = sheet
    worksheet.append(list(columns))
    for row in rows:
        worksheet.append([None if value == "" else value for value in row])
    header = Font(bold=True)
    top, wrap = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    widths = {}
    for index, name in enumerate(columns, start=1):
        letter = get_column_letter(index)
        is_wrapped = name in wrapped
        widths[index] = column_width(name, (row[index - 1] for row in rows), is_wrapped)
        worksheet.column_dimensions[letter].width = widths[index]
        for (cell,) in worksheet.iter_rows(min_row=1, min_col=index, max_col=index):
            if cell.row == 1:
                cell.font = header
            if cell.value is None or isinstance(cell.value, str):
                # openpyxl types "=..." as a formula and "#N/A" as an error; text must stay text.
                if cell.value is not None:
                    cell.data_type = "s"
                cell.number_format = "@"
            cell.alignment = wrap if is_wrapped and cell.row > 1 else top
    wrapped_at = [index for index, name in enumerate(columns, start=1) if name in wrapped]
    for number, row in enumerate(rows, start=2):
        texts = [(row[index - 1], widths[index]) for index in wrapped_at]
        lines = max((wrapped_lines(text, width) for text, width in texts if isinstance(text, str)), default=1)
        if lines > 1:
            worksheet.row_dimensions[number].height = LINE_HEIGHT * lines
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return pin_dates(buffer.getvalue(), created_at)


def write_xlsx(units: Sequence[Unit], path: Path, opts: ExportOptions, level: str) -> int:
    if len(units) >= XLSX_MAX_ROWS:
        raise OutputError(
            f"{len(units)} rows do not fit in an XLSX sheet ({XLSX_MAX_ROWS - 1} at most); "
            "export CSV, TSV or JSONL instead"
        )

    def clean(text: str) -> str:
        return fit_cell(xml_safe(text))

    rows = [[row[column] for column in COLUMNS] for row in records(units, opts, clean)]
    data = xlsx_table(COLUMNS, rows, sheet=SHEET, created_at=opts.created_at, wrapped=WRAPPED_COLUMNS)
    atomic_write_bytes(path, data)
    return len(units)
