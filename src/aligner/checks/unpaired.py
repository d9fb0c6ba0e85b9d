"""Documents with no counterpart at all (``documents.csv`` status src-only or tgt-only)."""

from __future__ import annotations

from aligner.checks.base import Check, CheckContext
from aligner.model import Finding, Segment


def _title_segment(row: dict[str, str], side: str) -> list[Segment]:
    """The document's title line as evidence, so the report can point at the file and line."""
    file = row.get(f"{side}_file", "")
    if not file:
        return []
    try:
        line = int(row.get(f"{side}_first_line") or 0)
    except ValueError:
        line = 0
    return [Segment(row.get(f"{side}_title", ""), file, line, line, 0, 0, "heading")]


def _because(row: dict[str, str]) -> str:
    """The pairing's reason (``documents.csv``), for the editor to see how close a candidate came."""
    reason = (row.get("reason") or "").strip()
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
            status = row.get("status", "paired")
            if status == "src-only":
                findings.append(
                    self.finding(
                        row["pair_id"],
                        f"Source document has no translation: {row.get('src_title', '')}{_because(row)}",
                        src=_title_segment(row, "src"),
                        status=status,
                        reason=row.get("reason", ""),
                    )
                )
            elif status == "tgt-only":
                findings.append(
                    self.finding(
                        row["pair_id"],
                        f"Target document has no source: {row.get('tgt_title', '')}{_because(row)}",
                        tgt=_title_segment(row, "tgt"),
                        severity="major",
                        status=status,
                        reason=row.get("reason", ""),
                    )
                )
        return findings
