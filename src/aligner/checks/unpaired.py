"""Documents with no counterpart at all (``documents.csv`` status src-only or tgt-only)."""

from __future__ import annotations

from typing import Literal

from aligner.checks.base import Check, CheckContext
from aligner.model import DocumentRow, Finding, Segment


def _title_segment(row: DocumentRow, side: Literal["src", "tgt"]) -> list[Segment]:
    """The document's title line as evidence, so the report can point at the file and line."""
    file, title, first_line = row.side(side)
    if not file:
        return []
    line = first_line or 0
    return [Segment(title, file, line, line, 0, 0, "heading")]


def _because(row: DocumentRow) -> str:
    """The pairing's reason (``documents.csv``), for the editor to see how close a candidate came."""
    reason = row.reason.strip()
    return f" ({reason})" if reason else ""


class UnpairedCheck(Check):
    name = "unpaired"
    title = "Document without counterpart"
    severity = "critical"
    explanation = (
        "A whole document found on one side only. A source document without translation is critical "
        "(the translation volume lacks it, or its title differs too much to be matched); a target "
        "document without source is major (an extra paper, or one whose source is missing). The "
        "finding quotes why pairing said no: the best candidate and the figures that fell short."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        findings = []
        for row in context.documents:
            status = row.status
            if status == "src-only":
                findings.append(
                    self.finding(
                        row.pair_id,
                        f"Source document has no translation: {row.src_title}{_because(row)}",
                        src=_title_segment(row, "src"),
                        status=status,
                        reason=row.reason,
                    )
                )
            elif status == "tgt-only":
                findings.append(
                    self.finding(
                        row.pair_id,
                        f"Target document has no source: {row.tgt_title}{_because(row)}",
                        tgt=_title_segment(row, "tgt"),
                        severity="major",
                        status=status,
                        reason=row.reason,
                    )
                )
        return findings
