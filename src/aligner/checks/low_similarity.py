"""Beads scoring far below their document's typical score: mistranslation or misalignment."""

from __future__ import annotations

from aligner.checks.base import (
    Check,
    CheckContext,
    is_note,
    is_omission,
    location,
    robust_baseline,
    score_floor,
    side_length,
)
from aligner.model import AlignedBead, Finding
from aligner.volumes import looks_like_byline


class LowSimilarityCheck(Check):
    name = "low-similarity"
    title = "Low similarity"
    severity = "minor"
    explanation = (
        "An aligned passage whose similarity score is far below what is typical for its document "
        "(more than a few robust standard deviations below the median score, measured with the "
        "median absolute deviation so that a few bad beads cannot hide each other). Often a "
        "mistranslation, a free rendering, or two passages aligned by mistake; read both sides."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        options = context.options
        scored: dict[str, list[AlignedBead]] = {
            pair_id: [u for u in context.units(pair_id) if not is_omission(u)] for pair_id in context.blocks
        }
        pooled = [u.score for units in scored.values() for u in units]
        if len(pooled) < options.baseline_min_beads:
            return []
        run_baseline = robust_baseline(pooled)
        findings = []
        for pair_id, units in scored.items():
            own = len(units) >= options.baseline_min_beads
            median, mad = robust_baseline([u.score for u in units]) if own else run_baseline
            threshold = score_floor(median, mad, options.low_similarity_z, options.low_similarity_min_gap)
            for unit in units:
                if unit.score >= threshold or side_length(unit.src) < options.low_similarity_min_chars:
                    continue
                if any(s.kind == "heading" or is_note(s) for s in [*unit.src, *unit.tgt]):
                    continue  # titles, bylines and notes are rendered freely: a low score says little
                if all(looks_like_byline(s.text) for s in unit.src):
                    continue
                findings.append(
                    self.finding(
                        pair_id,
                        f"Low similarity {unit.score:.2f} ({location(unit.src)}) against the "
                        f"{'document' if own else 'run'}'s median {median:.2f}",
                        unit.src,
                        unit.tgt,
                        score=round(unit.score, 4),
                        baseline_median=round(median, 4),
                        baseline_mad=round(mad, 4),
                        threshold=round(threshold, 4),
                        baseline="document" if own else "run",
                        level=unit.level,
                        block=unit.block,
                    )
                )
        return findings
