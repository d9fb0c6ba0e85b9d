"""Passages with no counterpart on the other side, grouped the way an editor reads them.

Shared by the omission check (source without target) and the addition check (target without
source). Consecutive untranslated paragraphs form one gap; inside a translated paragraph,
consecutive sentences without counterpart form one gap, and sentences of a paragraph that is an
omission as a whole are never reported again one by one. Notes are left out: translators move
them (footnotes become endnotes), so the notes check matches them across the whole document. So
are sentences whose content reads like a clause of a nearby sentence of the other side
(``aligner.nearby``): the translator merged them into a neighbour or moved them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from aligner.checks.base import Block, CheckContext, CheckOptions, body_of, echoed_nearby
from aligner.model import AlignedBead, Level, Segment

Side = Literal["src", "tgt"]


@dataclass
class Gap:
    """A run of segments of one side that have no counterpart."""

    pair_id: str
    level: Level
    segments: list[Segment] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    # Paragraphs of this side that are untranslated as a whole: every paragraph of a paragraph-level
    # gap, or those paragraphs all of whose sentences are in sentence-level gaps of their block.
    whole_paragraphs: int = 0


def _lonely(bead: AlignedBead | None, side: Side, options: CheckOptions) -> bool:
    """True if ``bead`` has segments on ``side``, none on the other, and no echo nearby."""
    if bead is None:
        return False
    own, other = (bead.src, bead.tgt) if side == "src" else (bead.tgt, bead.src)
    return bool(own) and not other and not echoed_nearby(bead, options)


def _within(inner: Segment, outer: Segment) -> bool:
    return (
        inner.file == outer.file and outer.char_start <= inner.char_start and inner.char_end <= outer.char_end
    )


def _whole_paragraphs(block: Block, side: Side, run: list[Segment], lonely: list[Segment]) -> int:
    """Paragraphs of ``block`` whose sentences are all without counterpart and touch ``run``."""
    if block.paragraph is None:
        return 0
    paragraphs = block.paragraph.src if side == "src" else block.paragraph.tgt
    sentences = [s for bead in block.sentences for s in (bead.src if side == "src" else bead.tgt)]
    count = 0
    for paragraph in paragraphs:
        inside = [s for s in sentences if _within(s, paragraph)]
        if inside and all(s in lonely for s in inside) and any(s in run for s in inside):
            count += 1
    return count


def _sentence_gaps(block: Block, side: Side, options: CheckOptions) -> Iterator[Gap]:
    runs: list[list[Segment]] = []
    current: list[Segment] = []
    for bead in block.sentences:
        if _lonely(bead, side, options):
            current.extend(body_of(bead.src if side == "src" else bead.tgt))
        elif current and body_of([*bead.src, *bead.tgt]):
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    lonely = [s for run in runs for s in run]
    for run in filter(None, runs):
        yield Gap(block.pair_id, "sentence", run, [block.number], _whole_paragraphs(block, side, run, lonely))


def find_gaps(context: CheckContext, side: Side) -> list[Gap]:
    """All gaps of one side of the run, in text order."""
    gaps: list[Gap] = []
    for pair_id, blocks in context.blocks.items():
        if pair_id in context.unpaired:
            continue  # the unpaired check reports the whole document once
        open_gap: Gap | None = None
        for block in blocks:
            if _lonely(block.paragraph, side, context.options):
                assert block.paragraph is not None  # for mypy: _lonely is False for None
                segments = body_of(block.paragraph.src if side == "src" else block.paragraph.tgt)
                if not segments:
                    continue  # a note: neither a gap nor the end of one
                if block.sentences and all(echoed_nearby(b, context.options) for b in block.sentences):
                    open_gap = None  # a paragraph the translator merged into its neighbour
                    continue
                if open_gap is None:
                    open_gap = Gap(pair_id, "paragraph")
                    gaps.append(open_gap)
                open_gap.segments.extend(segments)
                open_gap.blocks.append(block.number)
                open_gap.whole_paragraphs += len(segments)
                continue
            open_gap = None
            gaps.extend(_sentence_gaps(block, side, context.options))
    return gaps
