"""Beads scoring far below their document's typical score: mistranslation or misalignment."""

from __future__ import annotations

import statistics

from aligner.checks.base import (
    Block,
    Check,
    CheckContext,
    CheckOptions,
    is_note,
    is_omission,
    location,
    robust_baseline,
    score_floor,
    side_length,
)
from aligner.checks.codes import Renderings, load_renderings
from aligner.checks.coverage import chinese_glosses, share_accounted_for
from aligner.model import AlignedBead, Finding
from aligner.volumes import looks_like_byline


def _paired_paragraphs(blocks: list[Block]) -> list[AlignedBead]:
    return [
        b.paragraph
        for b in blocks
        if b.paragraph is not None and b.sentences and not is_omission(b.paragraph)
    ]


def _sound_paragraphs(blocks: list[Block], run_median: float, min_beads: int) -> set[int]:
    """Blocks whose paragraph bead scores at least the document's median paragraph score (the
    run's, for a document of fewer than ``min_beads`` paragraphs).

    A sentence pair scoring low inside such a paragraph is not reported: the paragraph as a whole
    reads as well translated as the document's typical one, so the dip comes from clauses the
    translator moved across a sentence boundary, or from the encoder on a short sentence (on the
    judged papers of the bundled corpus, 2 of 2 such findings were false alarms and 1 debatable).
    A rewrite lowers its paragraph's score too.
    """
    paired = _paired_paragraphs(blocks)
    median = statistics.median(b.score for b in paired) if len(paired) >= min_beads else run_median
    return {b.block for b in paired if b.score >= median}


def _reordered(unit: AlignedBead, block: Block, options: CheckOptions, renderings: Renderings) -> bool:
    """True if a source sentence of ``unit`` is translated by a target sentence of another bead of
    the same paragraph: its content words have dictionary counterparts there (at least
    ``low_similarity_reordered_min_coverage``, and ``low_similarity_reordered_min_gain`` more than
    in the unit's own target). The translator reordered the paragraph; the sentence DP keeps the
    order, so it pairs the moved sentences with the wrong neighbours, and the low score says so,
    not that anything is mistranslated."""
    own = chinese_glosses("".join(s.text for s in unit.tgt))
    elsewhere = [chinese_glosses(t.text) for bead in block.sentences if bead is not unit for t in bead.tgt]
    for segment in unit.src:
        here = share_accounted_for(segment.text, own, renderings)
        best = max((share_accounted_for(segment.text, g, renderings) for g in elsewhere), default=0.0)
        if (
            best >= options.low_similarity_reordered_min_coverage
            and best - here >= options.low_similarity_reordered_min_gain
        ):
            return True
    return False


class LowSimilarityCheck(Check):
    name = "low-similarity"
    title = "Low similarity"
    severity = "minor"
    explanation = (
        "An aligned passage whose similarity score is far below what is typical for its document "
        "(more than a few robust standard deviations below the median score, measured with the "
        "median absolute deviation so that a few bad beads cannot hide each other). Often a "
        "mistranslation, a free rendering, or two passages aligned by mistake; read both sides. A "
        "sentence is reported only where its paragraph, too, scores below the document's median, "
        "and not where the dictionary finds its content in another target sentence of the paragraph "
        "(a reordered paragraph)."
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
        paragraphs = [b.score for blocks in context.blocks.values() for b in _paired_paragraphs(blocks)]
        run_paragraph_median = statistics.median(paragraphs) if paragraphs else 0.0
        renderings = load_renderings(options.renderings_file)
        findings = []
        for pair_id, units in scored.items():
            own = len(units) >= options.baseline_min_beads
            median, mad = robust_baseline([u.score for u in units]) if own else run_baseline
            threshold = score_floor(median, mad, options.low_similarity_z, options.low_similarity_min_gap)
            by_number = {block.number: block for block in context.blocks[pair_id]}
            sound = _sound_paragraphs(
                context.blocks[pair_id], run_paragraph_median, options.baseline_min_beads
            )
            for unit in units:
                if unit.score >= threshold or side_length(unit.src) < options.low_similarity_min_chars:
                    continue
                if (
                    unit.level == "sentence"
                    and unit.block in sound
                    and unit.score >= options.low_similarity_unrelated_below
                ):
                    continue
                if any(s.kind == "heading" or is_note(s) for s in [*unit.src, *unit.tgt]):
                    continue  # titles, bylines and notes are rendered freely: a low score says little
                if all(looks_like_byline(s.text) for s in unit.src):
                    continue
                if unit.level == "sentence" and _reordered(unit, by_number[unit.block], options, renderings):
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
