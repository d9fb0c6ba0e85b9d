"""Target passages with no source: translator's additions, notes, or misplaced text."""

from __future__ import annotations

from aligner.checks.base import Check, CheckContext, location, side_length
from aligner.checks.gaps import find_gaps
from aligner.model import Finding


class AdditionCheck(Check):
    name = "addition"
    title = "Added passage"
    severity = "minor"
    explanation = (
        "Target text with no counterpart in the source: a translator's note, an added heading or "
        "explanation, or text that belongs to another place or another document. Usually harmless; "
        "check that it is intended and that it is not the translation of a source passage that was "
        "aligned elsewhere."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        findings = []
        for gap in find_gaps(context, "tgt"):
            count = len(gap.segments)
            noun = gap.level if count == 1 else f"{count} {gap.level}s"
            findings.append(
                self.finding(
                    gap.pair_id,
                    f"Target {noun} with no source ({location(gap.segments)}, "
                    f"{side_length(gap.segments)} characters)",
                    tgt=gap.segments,
                    level=gap.level,
                    blocks=gap.blocks,
                    segments=count,
                    chars=side_length(gap.segments),
                )
            )
        return findings
