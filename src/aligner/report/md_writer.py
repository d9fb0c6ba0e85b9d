"""``report.md``: the report as Markdown, for reading in a terminal, a diff or a code review."""

from __future__ import annotations

from aligner.checks.base import location
from aligner.model import SEVERITIES, Segment
from aligner.report.data import Report

# Evidence longer than this is cut in the Markdown report; report.json and report.html keep it whole.
EXCERPT_CHARS = 400


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > EXCERPT_CHARS:
        flat = flat[:EXCERPT_CHARS] + "…"
    # A leading character with Markdown meaning would turn the quote into a list or a heading.
    return "> " + (("\\" + flat) if flat[:1] in "#>-+*=|" and flat else flat)


def _where(segments: list[Segment]) -> str:
    return f"`{location(segments)}`" if segments else "—"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def render_markdown(report: Report) -> str:
    out: list[str] = []
    totals = report.totals
    run = report.run
    out.append("# Alignment audit report\n")
    out.append(
        f"Run created {run.get('created', '—')}, {run.get('src_lang', '?')} → {run.get('tgt_lang', '?')}; "
        f"{totals.documents} documents, {totals.findings} findings (severity {report.min_severity} and "
        f"above); {_percent(totals.coverage)} of the source text is aligned to target text, and an "
        f"estimated {_percent(totals.translated_share)} is rendered by it (aligned text discounted where "
        "the target is shorter than the document's usual length ratio predicts).\n"
    )
    if run.get("signature"):
        out.append(f"Settings: `{run['signature']}`\n")
    out.append("## Documents\n")
    header = ["#", "Document", "Status", "Aligned", "Translated (est.)", *reversed(SEVERITIES)]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for index, doc in enumerate(report.documents, start=1):
        counts = [str(doc.findings_by_severity.get(s, 0)) for s in reversed(SEVERITIES)]
        cells = [
            str(index),
            _cell(doc.title),
            doc.status,
            _percent(doc.coverage),
            _percent(doc.translated_share),
        ]
        out.append("| " + " | ".join([*cells, *counts]) + " |")
    out.append("")
    # Below the table: a reason names the best candidate and its figures, too long for a cell.
    unpaired = [(index, doc) for index, doc in enumerate(report.documents, start=1) if doc.reason]
    for index, doc in unpaired:
        out.append(f"- #{index} {_cell(doc.title)} ({doc.status}): {_cell(doc.reason)}")
    if unpaired:
        out.append("")
    out.append("## Checks\n")
    for check in report.checks:
        out.append(f"- **{check['name']}** ({check['severity']}): {check['explanation']}")
    out.append("")
    out.append("## Findings\n")
    titles = {doc.pair_id: doc.title for doc in report.documents}
    current = None
    for finding_id, finding in zip(report.ids, report.findings, strict=True):
        if finding.pair_id != current:
            current = finding.pair_id
            out.append(f"### {_cell(titles.get(current, current))} ({current})\n")
        out.append(f"#### {finding_id} · {finding.severity} · {finding.check}\n")
        out.append(_cell(finding.message) + "\n")
        for label, segments in (("Source", finding.src), ("Target", finding.tgt)):
            if segments:
                out.append(f"{label}, {_where(segments)}:\n")
                out.append(_quote(" ".join(s.text for s in segments)) + "\n")
    if not report.findings:
        out.append("No findings.\n")
    return "\n".join(out).rstrip("\n") + "\n"
