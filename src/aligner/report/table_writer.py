"""``findings.csv`` and ``findings.xlsx``: the report's findings as a worklist for editors.

One row per finding, in the report's order (by document, then reading order) and with its id
(``f0001``, the anchor in ``report.html``), the document's pair id and titles, the evidence of
each side with its file and line range, and two empty columns, ``status`` and ``comment``, for
the editor who works through the list. The CSV is plain UTF-8 for programs (read it with
``keep_default_na=False``); the XLSX is laid out for reading in a spreadsheet, like the XLSX export.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from aligner.errors import UsageError
from aligner.exporters.options import parse_created
from aligner.exporters.records import SIDE_COLUMNS, side_fields
from aligner.exporters.tabular import fit_cell, xlsx_table
from aligner.exporters.xmlsafe import unicode_safe, xml_safe
from aligner.report.data import Report

FINDING_COLUMNS = (
    "id",
    "pair_id",
    "src_title",
    "tgt_title",
    "severity",
    "check",
    "message",
    *SIDE_COLUMNS,
    "status",
    "comment",
)
SHEET = "findings"
WRAPPED_COLUMNS = ("src_title", "tgt_title", "message", "src_text", "tgt_text", "comment")
# A report built without a run's creation date (a test, a notebook) still gets fixed XLSX dates.
FALLBACK_DATE = datetime(1980, 1, 1, tzinfo=UTC)


def finding_rows(report: Report) -> list[dict[str, str]]:
    """The table's rows, one per finding of ``report``, in its order."""
    documents = {doc.pair_id: doc for doc in report.documents}
    src_lang, tgt_lang = str(report.run.get("src_lang") or "en"), str(report.run.get("tgt_lang") or "zh")
    rows = []
    for finding_id, finding in zip(report.ids, report.findings, strict=True):
        doc = documents.get(finding.pair_id)
        rows.append(
            {
                "id": finding_id,
                "pair_id": finding.pair_id,
                "src_title": doc.src_title if doc else "",
                "tgt_title": doc.tgt_title if doc else "",
                "severity": finding.severity,
                "check": finding.check,
                "message": finding.message,
                **side_fields(finding.src, finding.tgt, src_lang, tgt_lang),
                "status": "",
                "comment": "",
            }
        )
    return rows


def render_findings_csv(report: Report) -> str:
    """The findings table as CSV (RFC 4180: CRLF line ends, fields quoted where needed)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FINDING_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in finding_rows(report):
        writer.writerow({key: unicode_safe(value) for key, value in row.items()})
    return buffer.getvalue()


def _created(report: Report) -> datetime:
    created = report.run.get("created")
    if isinstance(created, str) and created:
        try:
            return parse_created(created)
        except UsageError:
            pass
    return FALLBACK_DATE


def render_findings_xlsx(report: Report) -> bytes:
    """The findings table as one XLSX sheet, its dates the run's creation date."""
    rows = [[fit_cell(xml_safe(row[column])) for column in FINDING_COLUMNS] for row in finding_rows(report)]
    return xlsx_table(
        FINDING_COLUMNS, rows, sheet=SHEET, created_at=_created(report), wrapped=WRAPPED_COLUMNS
    )
