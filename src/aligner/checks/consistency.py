"""The same source sentence translated differently (and one translation used for different sources)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from rapidfuzz import fuzz

from aligner.checks.base import (
    Check,
    CheckContext,
    content_key,
    is_omission,
    join_text,
    location,
    text_length,
)
from aligner.model import AlignedBead, Finding


def _all_similar(texts: list[str], threshold: float) -> bool:
    return all(fuzz.ratio(a, b) >= threshold * 100 for a, b in combinations(texts, 2))


def _groups(units: list[AlignedBead], key: Callable[[AlignedBead], str]) -> list[list[AlignedBead]]:
    grouped: dict[str, list[AlignedBead]] = {}
    for unit in units:
        grouped.setdefault(key(unit), []).append(unit)
    return [group for group in grouped.values() if len(group) > 1]


class ConsistencyCheck(Check):
    name = "consistency"
    title = "Inconsistent translation"
    severity = "info"
    explanation = (
        "The same source sentence (ignoring case, spacing and punctuation) is translated differently "
        "in different places, or one translation stands for clearly different source sentences. Not "
        "necessarily wrong, but repeated text usually deserves the same translation; pick one."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        options = context.options
        units = [
            unit
            for unit in context.units()
            if not is_omission(unit) and text_length(join_text(unit.src)) >= options.consistency_min_chars
        ]
        findings = []
        for group in _groups(units, lambda unit: content_key(join_text(unit.src))):
            variants = self._variants(group, side="tgt")
            if not _all_similar(list(variants), options.consistency_max_similarity):
                findings.append(self._finding(group, variants, "tgt"))
        for group in _groups(units, lambda unit: content_key(join_text(unit.tgt))):
            variants = self._variants(group, side="src")
            if not _all_similar(list(variants), options.consistency_max_similarity):
                findings.append(self._finding(group, variants, "src"))
        return findings

    @staticmethod
    def _variants(group: list[AlignedBead], side: str) -> dict[str, list[AlignedBead]]:
        variants: dict[str, list[AlignedBead]] = {}
        for unit in group:
            text = join_text(unit.tgt if side == "tgt" else unit.src)
            variants.setdefault(content_key(text), []).append(unit)
        return variants

    def _finding(
        self, group: list[AlignedBead], variants: dict[str, list[AlignedBead]], side: str
    ) -> Finding:
        first = group[0]
        if side == "tgt":
            message = (
                f"Source sentence translated {len(variants)} different ways in {len(group)} places "
                f"(first at {location(first.src)})"
            )
        else:
            message = (
                f"One translation used for {len(variants)} different source sentences "
                f"(first at {location(first.tgt)})"
            )
        return self.finding(
            first.pair_id,
            message,
            [s for unit in group for s in unit.src],
            [s for unit in group for s in unit.tgt],
            varying_side=side,
            variants=[
                {
                    "text": join_text(units[0].tgt if side == "tgt" else units[0].src),
                    "count": len(units),
                    "places": [
                        {"pair_id": unit.pair_id, "src": location(unit.src), "tgt": location(unit.tgt)}
                        for unit in units
                    ],
                }
                for units in variants.values()
            ],
        )
