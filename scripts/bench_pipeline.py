#!/usr/bin/env python3
"""End-to-end wall time and peak memory of ``aligner run`` on the bundled corpus, cold and warm.

Cold: an empty embedding cache (every text is encoded). Warm: the same cache again (nothing is
encoded). Each run is a fresh process, so peak RSS is that run's own.

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


def run_once(sources: list[str], out_dir: Path, cache_dir: Path) -> tuple[float, float, dict[str, float]]:
    """Wall seconds, peak RSS in MB, and the run's own stage timings."""
    started = time.perf_counter()
    arguments = ["run", *sources, "-o", str(out_dir), "--force", "-q", "--cache-dir", str(cache_dir)]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", nargs="+", default=["corpora/cmia-19/en.txt", "corpora/cmia-19/zh.txt"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        rows = []
        for label in ("cold", "warm"):
            wall, peak_mb, stages = run_once(args.sources, Path(scratch) / f"out-{label}", cache)
            rows.append((label, wall, peak_mb, stages))
    print(f"sources: {' '.join(args.sources)}  (cpus: {os.cpu_count()})")
    print(f"{'run':5} {'wall s':>7} {'peak MB':>8}  stages (s)")
    for label, wall, peak_mb, stages in rows:
        detail = ", ".join(f"{k} {v:.1f}" for k, v in stages.items() if k != "total")
        print(f"{label:5} {wall:7.1f} {peak_mb:8.0f}  {detail}")


if __name__ == "__main__":
    main()
