#!/usr/bin/env python3
"""Precision of the mined term pairs against a reader's judgements of the bundled corpus.

    .venv/bin/python scripts/bench_terms.py [--run-dir out/cmia-19] [--top 100] [--show]

``corpora/cmia-19/term-judgements.tsv`` holds one line per pair the miner has put in its top 160
(``en, zh, verdict, reason``), each read with its example sentence pair in both languages. A pair
is ``right`` when the two sides are complete equivalents and the pair belongs in a translator's
glossary (a term of the domain, a name, an acronym with its rendering); ``generic`` when they are
equivalents but general-language words (summit, giants); ``partial`` when one side holds only
part of the other (pest for 病虫害, pests and diseases); ``wrong`` when they are no equivalents.
Precision is right over judged pairs of the top ``--top``; pairs not judged yet are counted and
listed, so a change to the miner that brings new pairs in shows what to read next.

The terms are mined with the current code from the run folder's alignments; without
``--run-dir`` the bundled corpus is aligned first into a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from aligner.api import run as run_pipeline
from aligner.terms import mine_terms

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpora/cmia-19/en.txt", ROOT / "corpora/cmia-19/zh.txt"]
JUDGEMENTS = ROOT / "corpora/cmia-19/term-judgements.tsv"
VERDICTS = ("right", "generic", "partial", "wrong")


def read_judgements(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    judged = {}
    for number, row in enumerate(rows, start=2):
        if row["verdict"] not in VERDICTS:
            sys.exit(f"{path}:{number}: verdict must be one of {', '.join(VERDICTS)}, not {row['verdict']!r}")
        judged[(row["en"], row["zh"])] = (row["verdict"], row["reason"])
    return judged


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--run-dir", type=Path, help="run folder of the bundled corpus (default: align it now)"
    )
    parser.add_argument("--top", type=int, default=100, help="how many of the best pairs to judge")
    parser.add_argument("--show", action="store_true", help="list every pair that is not right")
    args = parser.parse_args()
    judged = read_judgements(JUDGEMENTS)
    with tempfile.TemporaryDirectory() as scratch:
        run_dir = args.run_dir
        if run_dir is None:
            run_dir = Path(scratch) / "cmia-19"
            run_pipeline(SOURCES, run_dir, created="2026-01-01T00:00:00Z", progress=True)
        started = time.perf_counter()
        pairs = mine_terms(run_dir, top=args.top)
        seconds = time.perf_counter() - started
    counts: Counter[str] = Counter()
    listed = []
    for rank, pair in enumerate(pairs, start=1):
        verdict, reason = judged.get((pair.en, pair.zh), ("unjudged", ""))
        counts[verdict] += 1
        if verdict != "right":
            listed.append(f"  {rank:3}  {verdict:8}  {pair.en} = {pair.zh}  {reason}")
    scored = sum(counts[v] for v in VERDICTS)
    print(f"top {len(pairs)} term pairs of {run_dir} (mined in {seconds:.1f} s)")
    print("right  generic  partial  wrong  unjudged  precision")
    precision = f"{100 * counts['right'] / scored:.1f}%" if scored else "-"
    print(
        f"{counts['right']:5}  {counts['generic']:7}  {counts['partial']:7}  {counts['wrong']:5}  "
        f"{counts['unjudged']:8}  {precision:>9}"
    )
    if args.show or counts["unjudged"]:
        print("\n".join(line for line in listed if args.show or "unjudged" in line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
