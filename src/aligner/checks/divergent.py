"""Paragraphs rewritten in the translation: far less similar than usual, and longer than expected.

A translator who rewrites a paragraph (marketing text of their own, a new example, a different
claim) keeps or grows its length while its meaning drifts: the paragraph bead scores far below the
document's usual paragraph score although nothing is missing by length. That is the one case the
other checks cannot name: a short target is ``condensed``, a missing one an omission, a sentence
here or there ``low-similarity``. Reported as major, once per paragraph; the low-similarity
findings inside it are folded into it (see :mod:`aligner.checks.passages`).
"""

from __future__ import annotations

from aligner.checks.base import (
    Check,
    CheckContext,
    body_of,
    is_omission,
    location,
    robust_baseline,
    score_floor,
    side_length,
)
from aligner.model import Finding
from aligner.volumes import looks_like_byline


class DivergentCheck(Check):
    name = "divergent"
    title = "Rewritten passage"
    severity = "major"
    explanation = (
        "A paragraph whose translation is far less similar to it than the document's other "
        "paragraphs are to theirs (more than a few robust standard deviations below their median "
        "score), whose sentence pairs also score well below the document's usual, while being at "
        "least as long as the document's usual length ratio predicts, often "
        "much longer: the translation says something else, typically a rewrite with content of its "
        "own. Read both sides: check what the translation adds or changes."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        options = context.options
        findings = []
        for pair_id, blocks in context.blocks.items():
            ratio = context.length_ratios.get(pair_id)
            if not ratio or pair_id in context.unpaired:
                continue
            candidates = [
                block
                for block in blocks
                if block.paragraph is not None
                and not is_omission(block.paragraph)
                and body_of(block.paragraph.src)
                and body_of(block.paragraph.tgt)
            ]
            if len(candidates) < options.baseline_min_beads:
                continue
            median, mad = robust_baseline([b.paragraph.score for b in candidates if b.paragraph])
            threshold = score_floor(median, mad, options.divergent_z, options.low_similarity_min_gap)
            units = [u.score for u in context.units(pair_id) if not is_omission(u)]
            unit_median = robust_baseline(units)[0]
            for block in candidates:
                paragraph = block.paragraph
                assert paragraph is not None  # for mypy: candidates have one
                # The sentences inside must read as another text too: a paragraph window of a
                # heading and its text can score low while every sentence pair is faithful.
                # (None of them pairs up, as after a reviewer rejected the only sentence pair: no.)
                inside = [u.score for u in block.units if not is_omission(u)]
                if inside and sum(inside) / len(inside) > unit_median - options.low_similarity_min_gap:
                    continue
                src = body_of(paragraph.src)
                tgt = body_of(paragraph.tgt)
                src_chars, tgt_chars = side_length(src), side_length(tgt)
                if paragraph.score >= threshold or src_chars < options.divergent_min_src_chars:
                    continue
                if any(s.kind in ("heading", "caption") or looks_like_byline(s.text) for s in src):
                    continue
                length_share = tgt_chars / (ratio * src_chars)
                if length_share < options.divergent_min_length_share:
                    continue  # a short target is the condensed check's
                findings.append(
                    self.finding(
                        pair_id,
                        f"Rewritten paragraph ({location(paragraph.src)}): similarity {paragraph.score:.2f} "
                        f"against the document's median {median:.2f}, and the translation is "
                        f"{length_share:.1f} times as long as expected",
                        paragraph.src,
                        paragraph.tgt,
                        score=round(paragraph.score, 4),
                        baseline_median=round(median, 4),
                        threshold=round(threshold, 4),
                        length_share=round(length_share, 3),
                        level="paragraph",
                        block=paragraph.block,
                    )
                )
        return findings
