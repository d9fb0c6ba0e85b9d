"""The audit report: ``build_report`` summarises a run's findings, ``write_report`` writes
``report.json``, ``report.md`` and ``report.html`` into the run folder (atomically, byte-identical
for the same inputs).

Example::

    >>> from aligner.checks import run_checks
    >>> from aligner.report import build_report, write_report
    >>> findings = run_checks(beads, documents, "en", "zh")
    >>> write_report(out_dir, build_report(beads, documents, findings, manifest))
"""

from __future__ import annotations

from pathlib import Path

from aligner.checks import CheckOptions, run_checks
from aligner.errors import InputError
from aligner.fileio import atomic_write_text
from aligner.model import Severity
from aligner.report.data import REPORT_FORMAT, DocumentSummary, Report, build_report
from aligner.report.html_writer import render_html
from aligner.report.json_writer import render_json
from aligner.report.md_writer import render_markdown
from aligner.runfolder import read_alignments, read_documents, read_manifest, read_removed

REPORT_FILES = ("report.json", "report.md", "report.html")


def write_report(out_dir: Path, report: Report) -> None:
    """Write the three report files into ``out_dir``; each file appears whole or not at all."""
    out = Path(out_dir)
    for name, render in zip(REPORT_FILES, (render_json, render_markdown, render_html), strict=True):
        atomic_write_text(out / name, render(report))


def rebuild_report(
    out_dir: str | Path, options: CheckOptions | None = None, min_severity: Severity = "info"
) -> Report:
    """Rerun the checks on a run folder's ``alignments.jsonl`` and rewrite its report files."""
    out = Path(out_dir)
    beads, documents, manifest = read_alignments(out), read_documents(out), read_manifest(out)
    langs = [manifest.get("src_lang"), manifest.get("tgt_lang")]
    if not all(isinstance(lang, str) and lang for lang in langs):
        raise InputError(f"{out / 'manifest.json'}: src_lang and tgt_lang are missing")
    findings = run_checks(beads, documents, str(langs[0]), str(langs[1]), options, read_removed(out))
    report = build_report(beads, documents, findings, manifest, options=options, min_severity=min_severity)
    write_report(out, report)
    return report


__all__ = [
    "REPORT_FILES",
    "REPORT_FORMAT",
    "DocumentSummary",
    "Report",
    "build_report",
    "rebuild_report",
    "write_report",
]
