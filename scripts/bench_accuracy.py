#!/usr/bin/env python3
"""Alignment accuracy on the gold-aligned dev sets: strict and lax precision, recall and F1.

Sets (one sentence a line, gold in Vecalign format): bible-zh-en 001 (5k English sentences) and
006 (30k), reported separately, and textberg-de-fr (7 files, micro-averaged). Published anchors
(strict F1): Text+Berg Bertalign/LaBSE 0.936, Vecalign/LASER 0.902; Bible 001 Bertalign 0.915,
Vecalign 0.916; Bible 006 Bertalign 0.867, Vecalign 0.858.

    .venv/bin/python scripts/bench_accuracy.py                       # default encoder, all sets
    .venv/bin/python scripts/bench_accuracy.py --sets textberg bible-001 --ablation
    .venv/bin/python scripts/bench_accuracy.py --encoder st:/path/to/LaBSE --set window_blend=0.2

Embeddings are cached (``--cache-dir``, default /tmp/aligner-bench-cache), so reruns only align.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path

from aligner.align import AlignConfig, align_texts
from aligner.encoders import CachedEncoder, get_encoder
from aligner.evaluate import merge_within_units, read_beads, score, split_many_to_many

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class DevSet:
    name: str
    folder: str
    src: str
    tgt: str
    files: tuple[str, ...]


SETS = {
    "textberg": DevSet("textberg", "textberg-de-fr", "de", "fr", tuple(f"{i:03d}" for i in range(1, 8))),
    "bible-001": DevSet("bible-001", "bible-zh-en", "en", "zh", ("001",)),
    "bible-006": DevSet("bible-006", "bible-zh-en", "en", "zh", ("006",)),
    # Chinese novels and their published English translations; gold is Chinese first.
    "mac-dev": DevSet("mac-dev", "mac-dev-zh-en", "zh", "en", tuple(f"{i:03d}" for i in range(1, 7))),
}

# Each variant changes one thing in the default configuration, to show what it is worth.
ABLATIONS: dict[str, dict[str, object]] = {
    "default": {},
    "no length signal": {"length_weight": 0.0},
    "no hubness correction": {"hubness_correction": False},
    "mean window embeddings": {"window_embeddings": False},
    "beads up to 3 a side": {"max_src": 3, "max_tgt": 3, "max_total": 4},
    "no edge splitting": {"split_edges": False},
    "no window blend": {"window_blend": 0.0},
}


def ceiling(devsets: Path, dev: DevSet) -> float:
    """Strict F1 of the gold with every many-to-many bead split (``evaluate.split_many_to_many``).

    Where the gold groups sentences by an outside unit (the Bible's verses), about the best an
    aligner that follows the text can score: the text does not show where a verse of parts that
    translate one by one ends. Where the gold's many-to-many beads are real (Text+Berg), it is no
    ceiling.
    """
    golds = [read_beads(devsets / dev.folder / "gold" / name) for name in dev.files]
    split = [[part for bead in gold for part in split_many_to_many(bead)] for gold in golds]
    return score(golds, split)["f1_strict"]


def lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def run_set(devsets: Path, dev: DevSet, encoder: CachedEncoder, config: AlignConfig) -> dict[str, float]:
    golds, tests = [], []
    started = time.perf_counter()
    for name in dev.files:
        base = devsets / dev.folder
        src, tgt = lines(base / dev.src / name), lines(base / dev.tgt / name)
        tests.append(align_texts(src, tgt, encoder, config))
        golds.append(read_beads(base / "gold" / name))
    result = score(golds, tests)
    result["seconds"] = time.perf_counter() - started
    split = [[part for bead in gold for part in split_many_to_many(bead)] for gold in golds]
    result["f1_strict_split"] = score(split, tests)["f1_strict"]
    verses = devsets / dev.folder / "verse"
    if all((verses / f"{side}.{name}").is_file() for name in dev.files for side in (dev.src, dev.tgt)):
        # Bertalign's protocol: beads merged within a verse, then scored against the verse gold.
        merged = [
            merge_within_units(test, lines(verses / f"{dev.src}.{name}"), lines(verses / f"{dev.tgt}.{name}"))
            for test, name in zip(tests, dev.files, strict=True)
        ]
        result["f1_strict_verse"] = score(golds, merged)["f1_strict"]
    return result


def parse_overrides(items: list[str]) -> dict[str, object]:
    known = {f.name for f in fields(AlignConfig)}
    overrides: dict[str, object] = {}
    for item in items:
        key, _, value = item.partition("=")
        if key not in known:
            raise SystemExit(f"unknown AlignConfig field {key!r}; known: {', '.join(sorted(known))}")
        overrides[key] = json.loads(value)
    return overrides


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--devsets", type=Path, default=ROOT.parent / "shared" / "devsets")
    parser.add_argument(
        "--sets", nargs="+", choices=sorted(SETS), default=["bible-001", "bible-006", "textberg"]
    )
    parser.add_argument("--encoder", action="append", help="Encoder name (repeatable) [default: use-m3].")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/aligner-bench-cache"))
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=JSON")
    parser.add_argument("--ablation", action="store_true", help="Also run one variant per signal.")
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help=(
            "Also print each set's ceiling (the gold scored with its many-to-many beads split into "
            "parts) and each run's strict F1 against that split gold."
        ),
    )
    args = parser.parse_args()
    if not args.devsets.is_dir():
        print(
            f"dev sets not found at {args.devsets}: pass --devsets (a folder holding bible-zh-en/ and "
            "textberg-de-fr/)",
            file=sys.stderr,
        )
        return 2
    base = replace(AlignConfig(), **parse_overrides(args.overrides))  # type: ignore[arg-type]
    variants = ABLATIONS if args.ablation else {"default": {}}
    header = f"{'set':<10} {'encoder':<10} {'variant':<24} {'P str':>6} {'R str':>6} {'F1 str':>6}"
    header += f" {'P lax':>6} {'R lax':>6} {'F1 lax':>6} {'time s':>7} {'F1 verse':>8}"
    print(header + (" F1 split" if args.ceiling else ""))
    if args.ceiling:
        for set_name in args.sets:
            f1 = ceiling(args.devsets, SETS[set_name])
            print(f"{set_name:<10} {'(gold)':<10} {'n-m beads split':<24} {'':>6} {'':>6} {f1:6.3f}")
    for encoder_name in args.encoder or ["use-m3"]:
        encoder = CachedEncoder(get_encoder(encoder_name), args.cache_dir)
        for set_name in args.sets:
            for variant, overrides in variants.items():
                config = replace(base, **overrides)  # type: ignore[arg-type]
                r = run_set(args.devsets, SETS[set_name], encoder, config)
                print(
                    f"{set_name:<10} {encoder_name[:10]:<10} {variant:<24} {r['precision_strict']:6.3f} "
                    f"{r['recall_strict']:6.3f} {r['f1_strict']:6.3f} {r['precision_lax']:6.3f} "
                    f"{r['recall_lax']:6.3f} {r['f1_lax']:6.3f} {r['seconds']:7.1f}"
                    # Bertalign's verse protocol, where the set has verse labels (the Bible 001).
                    + (f" {r['f1_strict_verse']:8.3f}" if "f1_strict_verse" in r else f" {'-':>8}")
                    + (f" {r['f1_strict_split']:8.3f}" if args.ceiling else ""),
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
