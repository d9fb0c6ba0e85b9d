#!/usr/bin/env python3
"""Wall time and peak memory of the alignment DP alone and end to end, for growing input lengths.

Inputs are the first N English sentences of the Bible dev set and the Chinese sentences of the
same verses (cut where the gold alignment says the N-th English sentence ends). Each measurement
runs in a fresh subprocess so that its peak resident memory (ru_maxrss) is its own.

- ``dp``: ``align_similarity`` on precomputed window embeddings (the search alone);
- ``end-to-end``: ``align_texts`` from sentences, reading embeddings from the cache folder
  (texts missing there are encoded, which then dominates the time: run it twice for warm figures).

    .venv/bin/python scripts/bench_speed.py                 # 1k, 5k, 10k, 30k sentences
    .venv/bin/python scripts/bench_speed.py --sizes 1000 5000
    .venv/bin/python scripts/bench_speed.py --mean-windows   # windows from sentence embeddings only
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load(devsets: Path, size: int) -> tuple[list[str], list[str]]:
    from aligner.evaluate import read_beads

    base = devsets / "bible-zh-en"
    en = [line.strip() for line in (base / "en" / "006").read_text(encoding="utf-8").splitlines()]
    zh = [line.strip() for line in (base / "zh" / "006").read_text(encoding="utf-8").splitlines()]
    end = 0
    for src, tgt in read_beads(base / "gold" / "006"):
        if src and src[-1] >= size:
            break
        if tgt:
            end = tgt[-1] + 1
    return en[:size], zh[:end]


def measure(devsets: Path, size: int, mode: str, cache_dir: Path, mean_windows: bool) -> dict[str, float]:
    """One measurement (run in a subprocess)."""
    from aligner.align import AlignConfig, align_similarity, align_texts, encode_windows
    from aligner.encoders import CachedEncoder, get_encoder

    src, tgt = load(devsets, size)
    encoder = CachedEncoder(get_encoder("use-m3"), cache_dir)
    config = AlignConfig(window_embeddings=not mean_windows)
    if mode == "dp":
        src_windows = encode_windows(src, encoder, config.max_src, config.window_embeddings)
        tgt_windows = encode_windows(tgt, encoder, config.max_tgt, config.window_embeddings)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        beads = align_similarity(
            src_windows, tgt_windows, [len(s) for s in src], [len(t) for t in tgt], config
        )
    else:
        rss_before = 0
        started = time.perf_counter()
        beads = align_texts(src, tgt, encoder, config)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "src": len(src),
        "tgt": len(tgt),
        "beads": len(beads),
        "seconds": seconds,
        "peak_mib": peak_kib / 1024,
        "inputs_mib": rss_before / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--devsets", type=Path, default=ROOT.parent / "shared" / "devsets")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000, 30000])
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/aligner-bench-cache"))
    parser.add_argument(
        "--mean-windows",
        action="store_true",
        help="Approximate multi-sentence windows from sentence embeddings (no window encoding).",
    )
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (args.devsets / "bible-zh-en").is_dir():
        print(f"dev sets not found at {args.devsets}: pass --devsets", file=sys.stderr)
        return 2
    if args.one:
        result = measure(args.devsets, int(args.one[0]), args.one[1], args.cache_dir, args.mean_windows)
        print(json.dumps(result))
        return 0
    print(f"window embeddings: {'mean of sentence embeddings' if args.mean_windows else 'encoded'}")
    print(f"{'mode':<11} {'src':>6} {'tgt':>6} {'seconds':>8} {'peak MiB':>9} {'s per 1k src':>12}")
    for mode in ("dp", "end-to-end"):
        for size in args.sizes:
            command = [sys.executable, __file__, "--devsets", str(args.devsets)]
            command += ["--cache-dir", str(args.cache_dir), "--one", str(size), mode]
            command += ["--mean-windows"] if args.mean_windows else []
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"{mode:<11} {size:>6} failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            # For the DP alone, peak MiB is the process peak; the embeddings loaded before it are
            # part of it (shown in the note below the table).
            print(
                f"{mode:<11} {r['src']:>6} {r['tgt']:>6} {r['seconds']:>8.1f} {r['peak_mib']:>9.0f} "
                f"{1000 * r['seconds'] / r['src']:>12.2f}",
                flush=True,
            )
    print("peak MiB: the process's peak resident memory (ru_maxrss), embeddings and Python included")
    return 0


if __name__ == "__main__":
    sys.exit(main())
