"""``report.json``: the machine-readable report (summary per document and every finding)."""

from __future__ import annotations

import json
from dataclasses import asdict

from aligner.model import Finding
from aligner.report.data import REPORT_FORMAT, Report


def finding_to_dict(finding_id: str, finding: Finding) -> dict[str, object]:
    return {
        "id": finding_id,
        "check": finding.check,
        "severity": finding.severity,
        "pair_id": finding.pair_id,
        "message": finding.message,
        "src": [segment.to_dict() for segment in finding.src],
        "tgt": [segment.to_dict() for segment in finding.tgt],
        "detail": finding.detail,
    }


def render_json(report: Report) -> str:
    data = {
        "format": REPORT_FORMAT,
        "run": report.run,
        "options": report.options,
        "min_severity": report.min_severity,
        "checks": report.checks,
        "totals": asdict(report.totals),
        "documents": [summary.to_dict() for summary in report.documents],
        "findings": [finding_to_dict(fid, f) for fid, f in zip(report.ids, report.findings, strict=True)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
