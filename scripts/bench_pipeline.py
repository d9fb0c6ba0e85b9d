#!/usr/bin/env python3
"""End-to-end wall time and peak memory of ``aligner run`` on the bundled corpus, cold and warm.

The floor: encoding each distinct title, paragraph and sentence once, with no cache (the model
already loaded). Cold: an empty embedding cache (every text is encoded). Warm: the same cache again
(nothing is encoded). Resume: the warm run again with ``--resume`` (every pair from its shard).
Each run is a fresh process, so peak RSS is that run's own.

    .venv/bin/python scripts/bench_pipeline.py [--sources corpora/cmia-19/en.txt corpora/cmia-19/zh.txt]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The run in a child process that prints its own peak resident set (KB, Linux) as its last line.
PEAK_REPORTING_RUN = (
    "import resource, sys\n"
    "from aligner.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run_once(
    sources: list[str], out_dir: Path, cache_dir: Path, extra: list[str] | None = None
) -> tuple[float, float, dict[str, float]]:
    """Wall seconds, peak RSS in MB, and the run's own stage timings."""
    started = time.perf_counter()
    arguments = [
        "run",
        *sources,
        "-o",
        str(out_dir),
        "--force",
        "-q",
        "--cache-dir",
        str(cache_dir),
        *(extra or []),
    ]
    finished = subprocess.run(
        [sys.executable, "-c", PEAK_REPORTING_RUN, *arguments],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - started
    peak_kb = int(finished.stderr.strip().splitlines()[-1])
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    return wall, peak_kb / 1024, manifest.get("timings_s", {})


FLOOR = (
    "import sys, time\n"
    "from aligner.encoders import get_encoder\n"
    "from aligner.ingest import load_documents\n"
    "from aligner.segment import split_sentences\n"
    "texts = set()\n"
    "for doc in load_documents(sys.argv[1:]):\n"
    "    texts.add(doc.title)\n"
    "    for paragraph in doc.paragraphs:\n"
    "        texts.add(paragraph.text)\n"
    "        texts.update(s.text.strip() for s in split_sentences(paragraph, doc.lang))\n"
    "encoder = get_encoder('use-m3')\n"
    "encoder.encode(['warm-up'])\n"
    "started = time.perf_counter()\n"
    "encoder.encode(sorted(texts))\n"
    "print(len(texts), time.perf_counter() - started)\n"
)


def encode_floor(sources: list[str]) -> tuple[int, float]:
    """Seconds to encode each distinct title, paragraph and sentence once, no cache (model loaded)."""
    done = subprocess.run(
        [sys.executable, "-c", FLOOR, *sources], cwd=ROOT, check=True, capture_output=True, text=True
    )
    count, seconds = done.stdout.split()
    return int(count), float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", nargs="+", default=["corpora/cmia-19/en.txt", "corpora/cmia-19/zh.txt"])
    args = parser.parse_args()
    texts, floor = encode_floor(args.sources)
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        rows = []
        for label, extra in (("cold", []), ("warm", []), ("resume", ["--resume"])):
            out = Path(scratch) / ("out-warm" if label == "resume" else f"out-{label}")
            wall, peak_mb, stages = run_once(args.sources, out, cache, extra)
            rows.append((label, wall, peak_mb, stages))
    print(f"sources: {' '.join(args.sources)}  (cpus: {os.cpu_count()})")
    print(f"encode floor: {texts:,} distinct texts encoded once in {floor:.1f} s")
    print(f"{'run':6} {'wall s':>7} {'x floor':>8} {'peak MB':>8}  stages (s)")
    for label, wall, peak_mb, stages in rows:
        detail = ", ".join(f"{k} {v:.1f}" for k, v in stages.items() if k != "total")
        print(f"{label:6} {wall:7.1f} {wall / floor:8.2f} {peak_mb:8.0f}  {detail}")


if __name__ == "__main__":
    main()
