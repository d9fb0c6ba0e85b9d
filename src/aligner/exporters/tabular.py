"""CSV, TSV and XLSX tables through pandas: one row per bead, columns ``records.COLUMNS``.

Formula injection. A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
in some versions, tab or CR) as a formula, and aligned text from arbitrary documents can start
with any of them. The policy:

- XLSX: every text cell is stored as a string cell, never a formula or error value, so Excel and
  LibreOffice show it as text and nothing needs to change; the text stays exact.
- CSV/TSV with ``guard_formulas`` (``--excel``): such cells get a leading apostrophe, the
  OWASP-recommended guard, because a CSV cell carries no type and Excel evaluates it on opening.
- Plain CSV/TSV (the default, for pandas and scripts) are written verbatim: adding characters to
  data meant for programs would corrupt it. Open them in a spreadsheet only via ``--excel``.

Read the tables back with ``keep_default_na=False`` so a segment that reads "NA" or an empty side
stays a string. XLSX cells hold at most 32,767 characters (UTF-16 units): longer text is cut and
ends with a visible ``[truncated ...]`` note; CSV, TSV and JSONL always hold the full text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from aligner.errors import OutputError
from aligner.exporters.filters import Unit
from aligner.exporters.options import ExportOptions
from aligner.exporters.records import COLUMNS, cleaned, record
from aligner.exporters.xmlsafe import unicode_safe, xml_safe
from aligner.fileio import atomic_open, atomic_write_bytes

if TYPE_CHECKING:
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_LIMIT = 32_767
XLSX_MAX_ROWS = 1_048_576
SHEET = "segments"


def guard_formula(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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


def frame(units: Sequence[Unit], opts: ExportOptions, clean: Callable[[str], str]) -> pd.DataFrame:
    """The table of ``units`` with ``clean`` applied to every text cell."""
    # pandas is imported here, not at module level: it takes a fifth of a second to load and
    # every ``aligner`` command imports this package.
    import pandas as pd

    rows = [cleaned(record(unit, opts.src_lang_code, opts.tgt_lang_code), clean) for unit in units]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _write_delimited(units: Sequence[Unit], path: Path, opts: ExportOptions, sep: str) -> int:
    def clean(text: str) -> str:
        text = unicode_safe(text)
        return guard_formula(text) if opts.guard_formulas else text

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


def _pin_dates(data: bytes, opts: ExportOptions) -> bytes:
    """Rewrite the XLSX zip so it depends only on its content and the run's ``created`` date.

    openpyxl stamps the save time into the zip entries and into docProps/core.xml; both are
    replaced by ``created`` so that exporting a run twice gives identical bytes.
    """
    moment = opts.created_at
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


def write_xlsx(units: Sequence[Unit], path: Path, opts: ExportOptions, level: str) -> int:
    if len(units) >= XLSX_MAX_ROWS:
        raise OutputError(
            f"{len(units)} rows do not fit in an XLSX sheet ({XLSX_MAX_ROWS - 1} at most); "
            "export CSV, TSV or JSONL instead"
        )
    import pandas as pd

    table = frame(units, opts, lambda text: fit_cell(xml_safe(text)))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name=SHEET, index=False)
        sheet = writer.sheets[SHEET]
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                # openpyxl types "=..." as a formula and "#N/A" as an error; text must stay text.
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        writer.book.properties.creator = "aligner"
    atomic_write_bytes(path, _pin_dates(buffer.getvalue(), opts))
    return len(units)
