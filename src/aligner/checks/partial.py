"""Sentences left out of a translation although the aligner gave them a bead with their neighbour.

A translator who drops one sentence of a paragraph and translates the next leaves the sentence
DP a choice between a 1-0 bead (an omission) and folding the dropped sentence into its
neighbour's bead (2-1); when the window of the two still reads like the translation, it folds,
and the omission check sees nothing. This check reads the words instead: every English content
word of each sentence of a bead of several source sentences is looked up in the CC-CEDICT
glosses of the whole aligned Chinese paragraph (:mod:`aligner.checks.coverage`, so a clause the
translator moved to a neighbouring sentence still counts as translated). A sentence hardly any of
whose content words the paragraph accounts for is reported (major), if

- the bead's other source sentences are accounted for by the bead's own target: otherwise the
  whole bead is misaligned or rewritten, which the low-similarity and divergent checks judge;
- no neighbouring paragraph's target accounts for most of it: a sentence moved across a
  paragraph break is translated, only elsewhere;
- it starts with a capital: a lowercase start is a fragment cut off by a page break.

Headings, captions, notes, bylines and references are rendered freely and are not read.
"""

from __future__ import annotations

from aligner.checks.base import (
    Block,
    Check,
    CheckContext,
    body_of,
    is_omission,
    location,
    looks_like_reference,
)
from aligner.checks.codes import Renderings, load_renderings
from aligner.checks.coverage import (
    ChineseGlosses,
    chinese_glosses,
    coverage,
    english_words,
    share_accounted_for,
)
from aligner.model import AlignedBead, Finding, Segment
from aligner.volumes import looks_like_byline


def _readable(segment: Segment) -> bool:
    return (
        segment.kind in ("body", "list")
        and segment.text[:1].isupper()
        and not looks_like_byline(segment.text)
        and not looks_like_reference(segment.text)
    )


def _target(block: Block) -> str:
    """The body text of the block's target paragraph ("" for an omission or a note)."""
    if block.paragraph is None or is_omission(block.paragraph):
        return ""
    return "".join(s.text for s in body_of(block.paragraph.tgt))


def _best_coverage(segments: list[Segment], glosses: ChineseGlosses, renderings: Renderings) -> float:
    """The highest coverage by ``glosses`` of one of ``segments`` (0.0 when none has content words)."""
    return max((share_accounted_for(s.text, glosses, renderings) for s in segments), default=0.0)


class PartialCheck(Check):
    name = "partial"
    title = "Sentence left out of a merged bead"
    severity = "major"
    explanation = (
        "A source sentence that the aligner joined with its neighbour in one bead (2-1, 3-1 ...) "
        "although the translation leaves it out: hardly any of its content words has a CC-CEDICT "
        "dictionary counterpart anywhere in the aligned target paragraph, while the other "
        "sentences of the bead have one in the bead's target. Names, numbers and function words "
        "are not counted. Read the sentence against the target paragraph: it was probably dropped "
        "in a condensed translation."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        renderings = load_renderings(context.options.renderings_file)
        findings = []
        for pair_id, blocks in context.blocks.items():
            if pair_id in context.unpaired:
                continue
            targets = [_target(block) for block in blocks]
            for index, block in enumerate(blocks):
                if not targets[index] or block.paragraph is None or not body_of(block.paragraph.src):
                    continue
                here = chinese_glosses(targets[index])
                around = [
                    chinese_glosses(targets[j])
                    for j in (index - 1, index + 1)
                    if 0 <= j < len(blocks) and targets[j]
                ]
                for bead in block.sentences:
                    if is_omission(bead) or len(body_of(bead.src)) < 2 or not body_of(bead.tgt):
                        continue
                    own = chinese_glosses("".join(s.text for s in body_of(bead.tgt)))
                    for segment in filter(_readable, body_of(bead.src)):
                        finding = self._left_out(context, bead, segment, here, around, own, renderings)
                        if finding is not None:
                            findings.append(finding)
        return findings

    def _left_out(
        self,
        context: CheckContext,
        bead: AlignedBead,
        segment: Segment,
        here: ChineseGlosses,
        around: list[ChineseGlosses],
        own: ChineseGlosses,
        renderings: Renderings,
    ) -> Finding | None:
        options = context.options
        words = english_words(segment.text, here, renderings)
        content = sum(word.content for word in words)
        share = coverage(words)
        if share is None or content < options.partial_min_words or share > options.partial_max_coverage:
            return None
        siblings = [s for s in body_of(bead.src) if s is not segment]
        if _best_coverage(siblings, own, renderings) < options.partial_sibling_min_coverage:
            return None
        if any(
            _best_coverage([segment], glosses, renderings) >= options.partial_moved_min_coverage
            for glosses in around
        ):
            return None
        return self.finding(
            bead.pair_id,
            f"Sentence probably left out ({location([segment])}): the aligner joined it with its "
            f"neighbour in a {bead.kind} bead, but only {round(share * content)} of its {content} "
            "content words have a dictionary counterpart in the aligned target paragraph",
            [segment],
            bead.tgt,
            coverage=round(share, 3),
            content_words=content,
            bead_kind=bead.kind,
            level="sentence",
            block=bead.block,
        )
