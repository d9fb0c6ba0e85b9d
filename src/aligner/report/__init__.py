"""The audit report: ``build_report`` summarises a run's findings, ``write_report`` writes
``report.json``, ``report.md`` and ``report.html``, and the findings as a worklist for editors,
``findings.csv`` and ``findings.xlsx``, into the run folder (atomically, byte-identical for the
same inputs). :data:`REPORT_FORMATS` is the registry of these files.

Example::

    >>> from aligner.checks import run_checks
    >>> from aligner.report import build_report, write_report
    >>> findings = run_checks(beads, documents, "en", "zh")
    >>> write_report(out_dir, build_report(beads, documents, findings, manifest))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from aligner.checks import CheckOptions, run_checks
from aligner.errors import InputError, UsageError
from aligner.fileio import atomic_write_bytes, atomic_write_text
from aligner.model import Severity
from aligner.report.data import REPORT_FORMAT, DocumentSummary, Report, build_report
from aligner.report.html_writer import render_html
from aligner.report.json_writer import render_json
from aligner.report.md_writer import render_markdown
from aligner.report.table_writer import (
    FINDING_COLUMNS,
    finding_rows,
    render_findings_csv,
    render_findings_xlsx,
)
from aligner.review import mark_findings, report_beads, reviewed_run
from aligner.runfolder import read_documents, read_manifest, read_removed


@dataclass(frozen=True)
class ReportFormat:
    """One file of the report: its format name, its file name in the run folder, its writer."""

    name: str
    file: str
    render: Callable[[Report], str | bytes]


REPORT_FORMATS: dict[str, ReportFormat] = {
    fmt.name: fmt
    for fmt in (
        ReportFormat("json", "report.json", render_json),
        ReportFormat("md", "report.md", render_markdown),
        ReportFormat("html", "report.html", render_html),
        ReportFormat("csv", "findings.csv", render_findings_csv),
        ReportFormat("xlsx", "findings.xlsx", render_findings_xlsx),
    )
}
REPORT_FILES = tuple(fmt.file for fmt in REPORT_FORMATS.values())


def parse_report_formats(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Report formats from ``"csv,xlsx"`` or ``["csv", "xlsx"]`` (any case), in registry order;
    ``None`` gives all. A usage error names an unknown format and lists the known ones."""
    if value is None:
        return tuple(REPORT_FORMATS)
    parts = value.split(",") if isinstance(value, str) else list(value)
    names = {part.strip().lower() for part in parts if part.strip()}
    unknown = sorted(names - set(REPORT_FORMATS))
    if unknown:
        raise UsageError(f"unknown report format {unknown[0]!r}; choose from {', '.join(REPORT_FORMATS)}")
    if not names:
        raise UsageError(f"no report format given; choose from {', '.join(REPORT_FORMATS)}")
    return tuple(name for name in REPORT_FORMATS if name in names)


def write_report(out_dir: Path, report: Report, formats: Iterable[str] | None = None) -> tuple[str, ...]:
    """Write the report files of ``formats`` (default: all) into ``out_dir`` and return their
    names; each file appears whole or not at all."""
    out = Path(out_dir)
    written = []
    for name in parse_report_formats(formats):
        fmt = REPORT_FORMATS[name]
        content = fmt.render(report)
        if isinstance(content, bytes):
            atomic_write_bytes(out / fmt.file, content)
        else:
            atomic_write_text(out / fmt.file, content)
        written.append(fmt.file)
    return tuple(written)


def rebuild_report(
    out_dir: str | Path,
    options: CheckOptions | None = None,
    min_severity: Severity = "info",
    formats: Iterable[str] | None = None,
) -> Report:
    """Rerun the checks on a run folder's ``alignments.jsonl`` and rewrite its report files
    (those of ``formats``, default all; the others are left as they are).

    The reviewers' decisions (``review.jsonl``) apply first: the checks see the corrected beads,
    a rejected bead's sides as one-sided beads, and findings marked false alarms are left out.
    """
    chosen = parse_report_formats(formats)
    out = Path(out_dir)
    documents, manifest = read_documents(out), read_manifest(out)
    review = reviewed_run(out)
    beads = report_beads(review.items)
    langs = [manifest.get("src_lang"), manifest.get("tgt_lang")]
    if not all(isinstance(lang, str) and lang for lang in langs):
        raise InputError(f"{out / 'manifest.json'}: src_lang and tgt_lang are missing")
    findings = run_checks(beads, documents, str(langs[0]), str(langs[1]), options, read_removed(out))
    findings = mark_findings(findings, review.findings)
    report = build_report(beads, documents, findings, manifest, options=options, min_severity=min_severity)
    write_report(out, report, chosen)
    return report


__all__ = [
    "FINDING_COLUMNS",
    "REPORT_FILES",
    "REPORT_FORMAT",
    "REPORT_FORMATS",
    "DocumentSummary",
    "Report",
    "ReportFormat",
    "build_report",
    "finding_rows",
    "parse_report_formats",
    "rebuild_report",
    "write_report",
]
