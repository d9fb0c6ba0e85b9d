#!/usr/bin/env python3
"""Planted mid-paragraph deletions: how often a sentence deleted from a faithful paragraph is found.

Takes every paragraph of the bundled corpus whose sentences all align 1-1 with a score of at least
``--min-score`` (the faithfully translated ones), deletes each inner target sentence in turn, aligns
the paragraph again and counts the deletions that come out as a ``1-0`` bead of exactly the deleted
sentence's source; then replaces each inner target sentence by a sentence of another paragraph (an
omission beside an addition) and counts how it comes out. Also realigns each intact paragraph and
counts the ones that no longer align 1-1 throughout (what the change costs on faithful text).
Prints everything with edge splitting on and off.

    .venv/bin/python scripts/bench_deletions.py [--run-dir out/cmia-19]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from aligner.align import AlignConfig, align_texts
from aligner.api import run as run_pipeline
from aligner.checks import CheckOptions
from aligner.encoders import DEFAULT_ENCODER, CachedEncoder, default_cache_dir, get_encoder
from aligner.model import AlignedBead
from aligner.nearby import REACH, Neighbour, best_clause
from aligner.runfolder import read_alignments

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpora/cmia-19/en.txt", ROOT / "corpora/cmia-19/zh.txt"]


def faithful_paragraphs(
    beads: list[AlignedBead], min_score: float, min_sentences: int
) -> list[tuple[list[str], list[str]]]:
    blocks: dict[tuple[str, int], list[AlignedBead]] = defaultdict(list)
    for bead in beads:
        if bead.level == "sentence":
            blocks[(bead.pair_id, bead.block)].append(bead)
    found = []
    for key in sorted(blocks):
        sentences = blocks[key]
        if len(sentences) >= min_sentences and all(
            b.kind == "1-1" and b.score >= min_score for b in sentences
        ):
            found.append(
                ([b.src[0].text.strip() for b in sentences], [b.tgt[0].text.strip() for b in sentences])
            )
    return found


def measure_swaps(
    paragraphs: list[tuple[list[str], list[str]]], encoder: CachedEncoder, config: AlignConfig
) -> tuple[int, int, int, int]:
    """Each inner target sentence replaced by a sentence of another paragraph (an omission beside an
    addition): (both found as 1-0 and 0-1, found as a 1-1 pair of the two instead, of those the
    ones scoring below the low-similarity check's floor for unrelated pairs, planted)."""
    both = paired = unrelated = planted = 0
    floor = CheckOptions().low_similarity_unrelated_below
    for index, (src, tgt) in enumerate(paragraphs):
        other = paragraphs[(index + len(paragraphs) // 2) % len(paragraphs)][1]
        ratio = sum(map(len, tgt)) / max(1, sum(map(len, src)))
        for k in range(1, len(src) - 1):
            stranger = other[k % len(other)]
            beads = align_texts(src, [*tgt[:k], stranger, *tgt[k + 1 :]], encoder, config, length_ratio=ratio)
            shapes = [(b.src, b.tgt) for b in beads]
            planted += 1
            both += ((k,), ()) in shapes and ((), (k,)) in shapes
            paired += ((k,), (k,)) in shapes
            unrelated += any(b.src == (k,) and b.tgt == (k,) and b.score < floor for b in beads)
    return both, paired, unrelated, planted


def echoed(
    shapes: list[tuple[tuple[int, ...], tuple[int, ...]]],
    index: int,
    src: list[str],
    tgt: list[str],
    encoder: CachedEncoder,
) -> bool:
    """Whether the omission check would pass over the 1-0 bead ``shapes[index]`` because a clause
    of a nearby target sentence reads like it (``aligner.nearby``)."""
    neighbours = [
        Neighbour(" ".join(src[i] for i in s) if s else None, tuple(tgt[j] for j in t))
        for s, t in shapes[max(0, index - REACH) : index + REACH + 1]
        if t
    ]
    match = best_clause(src[shapes[index][0][0]], neighbours, "zh", encoder)
    return match is not None and match[1] >= CheckOptions().nearby_min_margin


def measure(
    paragraphs: list[tuple[list[str], list[str]]], encoder: CachedEncoder, config: AlignConfig
) -> tuple[int, int, int, int, int]:
    """(found as 1-0, of those still reported by the omission check, planted, other 1-0, intact
    paragraphs no longer aligned 1-1 throughout)."""
    found = reported = planted = spurious = broken = 0
    for src, tgt in paragraphs:
        ratio = sum(map(len, tgt)) / max(1, sum(map(len, src)))
        intact = align_texts(src, tgt, encoder, config, length_ratio=ratio)
        broken += [(b.src, b.tgt) for b in intact] != [((i,), (i,)) for i in range(len(src))]
        for k in range(1, len(src) - 1):
            shortened = tgt[:k] + tgt[k + 1 :]
            beads = align_texts(src, shortened, encoder, config, length_ratio=ratio)
            shapes = [(b.src, b.tgt) for b in beads]
            planted += 1
            if ((k,), ()) in shapes:
                found += 1
                reported += not echoed(shapes, shapes.index(((k,), ())), src, shortened, encoder)
            spurious += sum(1 for s, t in shapes if not t and s != (k,))
    return found, reported, planted, spurious, broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--run-dir", type=Path, help="a run folder of the bundled corpus (default: align it now)"
    )
    parser.add_argument("--min-score", type=float, default=0.55)
    parser.add_argument("--min-sentences", type=int, default=4)
    args = parser.parse_args(argv)
    if args.run_dir is not None:
        beads = read_alignments(args.run_dir)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run_dir = Path(folder) / "run"
            run_pipeline([str(s.relative_to(ROOT)) for s in SOURCES], run_dir, report=False, exports=False)
            beads = read_alignments(run_dir)
    paragraphs = faithful_paragraphs(beads, args.min_score, args.min_sentences)
    encoder = CachedEncoder(get_encoder(DEFAULT_ENCODER), default_cache_dir())
    print(f"faithful paragraphs: {len(paragraphs)}")
    print(
        f"{'edge splitting':<16}{'found':>8}{'reported':>10}{'planted':>9}{'recall':>8}{'other 1-0':>11}"
        f"{'intact broken':>15}"
    )
    for label, split in (("off", False), ("on (default)", True)):
        found, reported, planted, spurious, broken = measure(
            paragraphs, encoder, replace(AlignConfig(), split_edges=split)
        )
        recall = reported / planted if planted else 0.0
        print(f"{label:<16}{found:>8}{reported:>10}{planted:>9}{recall:>8.1%}{spurious:>11}{broken:>15}")
    print("(reported: found as 1-0 and not passed over as merged into a nearby sentence, aligner.nearby)")
    print()
    print("omission beside an addition (an inner target sentence replaced by one of another paragraph):")
    print(f"{'edge splitting':<16}{'1-0 + 0-1':>10}{'as a 1-1':>10}{'of those < floor':>18}{'planted':>9}")
    for label, split in (("off", False), ("on (default)", True)):
        both, paired, unrelated, planted = measure_swaps(
            paragraphs, encoder, replace(AlignConfig(), split_edges=split)
        )
        print(f"{label:<16}{both:>10}{paired:>10}{unrelated:>18}{planted:>9}")
    print("(a 1-1 pair below the floor is reported as low similarity in any paragraph)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
