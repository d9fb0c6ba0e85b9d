"""Targets much shorter than their source: a partial or condensed translation.

The expected target length is the source length times the document's own usual length ratio,
learnt from its confident 1-1 sentence beads (see :func:`~aligner.checks.base.learn_length_ratios`),
so the check adapts to the language pair and to the translator's style. Sentences without any
counterpart are the omission check's; this check measures only what was aligned, so no missing
text is reported twice.
"""

from __future__ import annotations

from aligner.checks.base import Block, Check, CheckContext, body_of, is_omission, location, side_length
from aligner.model import AlignedBead, Finding


def _aligned_lengths(block: Block) -> tuple[int, int]:
    """Source and target characters of the block's beads that have both sides."""
    units = [unit for unit in block.units if not is_omission(unit)]
    return sum(side_length(body_of(u.src)) for u in units), sum(side_length(body_of(u.tgt)) for u in units)


class CondensedCheck(Check):
    name = "condensed"
    title = "Condensed translation"
    severity = "major"
    explanation = (
        "The translation of a passage is much shorter than the document's usual length ratio "
        "predicts (the ratio is learnt from the document's own confidently aligned sentences), so "
        "part of its content is probably missing: the passage was summarised or partly left out. "
        "The finding gives how much shorter the target is and the estimated share of the content "
        "that is missing (the shortfall less a calibration: Chinese condenses wording as well as "
        "content, so a reader finds about a quarter less missing than the length says). Sentences with no "
        "counterpart at all are reported as untranslated instead and are not counted here. "
        "Paragraphs are checked first; sentence groups only inside paragraphs that pass but are "
        "still a quarter shorter than expected as a whole."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        findings = []
        for pair_id, blocks in context.blocks.items():
            ratio = context.length_ratios.get(pair_id)
            if ratio is None or ratio <= 0 or pair_id in context.unpaired:
                continue
            for block in blocks:
                paragraph = block.paragraph
                src_chars, tgt_chars = _aligned_lengths(block)
                if paragraph is not None and not is_omission(paragraph):
                    finding = self._check(context, paragraph, ratio, src_chars, tgt_chars)
                    if finding is not None:
                        findings.append(finding)
                        continue  # reported once for the paragraph, not again for its sentences
                if (
                    not src_chars
                    or 1.0 - tgt_chars / (ratio * src_chars) < context.options.condensed_min_block_missing
                ):
                    continue
                for bead in block.sentences:
                    if not is_omission(bead):
                        finding = self._check(
                            context,
                            bead,
                            ratio,
                            side_length(body_of(bead.src)),
                            side_length(body_of(bead.tgt)),
                        )
                        if finding is not None:
                            findings.append(finding)
        return findings

    def _check(
        self, context: CheckContext, bead: AlignedBead, ratio: float, src_chars: int, tgt_chars: int
    ) -> Finding | None:
        if src_chars < context.options.condensed_min_src_chars:
            return None
        if bead.tgt and bead.tgt[-1].text.rstrip().endswith((":", "：")):
            return None  # a lead-in whose list the translation spells out in the paragraphs after it
        expected = ratio * src_chars
        missing = 1.0 - tgt_chars / expected
        if missing < context.options.condensed_min_missing:
            return None
        content_missing = max(0.0, missing - context.options.condensed_calibration_shift)
        return self.finding(
            bead.pair_id,
            f"Condensed {bead.level} ({location(bead.src)}): the target has {tgt_chars} characters "
            f"where about {round(expected)} were expected ({missing:.0%} short); about "
            f"{content_missing:.0%} of the content is missing",
            bead.src,
            bead.tgt,
            missing_share=round(missing, 3),
            content_missing_share=round(content_missing, 3),
            src_chars=src_chars,
            tgt_chars=tgt_chars,
            expected_tgt_chars=round(expected),
            length_ratio=round(ratio, 4),
            level=bead.level,
            block=bead.block,
        )
