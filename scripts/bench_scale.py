#!/usr/bin/env python3
"""A batch of many document pairs, aligned with the local engine and with Ray at 1 and 2 workers.

Builds a synthetic batch of at least ``--pairs`` English-Chinese document pairs in a temporary
folder from the dev sets: the Bible 001 and the six MAC dev novel chapters, cut along their gold
beads into documents of ``--beads`` beads (so every pair is a real translation, with the gold's
omissions and merges), written one file per document with a ``pairs.csv`` for ``aligner batch``.
Then runs the batch:

1. ``local`` with an empty embedding cache (cold: every text encoded once);
2. ``local``, ``ray`` with 1 worker and ``ray`` with 2 workers, each with the cache now filled
   (warm: what the engines themselves cost), each run into its own folder;

and prints pairs/s, sentences/s, the wall time, the peak resident memory of the driver and of
each Ray worker (sampled every 0.2 s), Ray's overhead against the local engine at equal cores
(1 worker; the local engine aligns in one process), and whether every run folder is byte for byte
the local one. Nothing is written outside the temporary folder.

    .venv/bin/python scripts/bench_scale.py [--pairs 500] [--beads 12] [--devsets ../shared/devsets]
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from aligner.engines import RayEngine
from aligner.evaluate import read_beads
from aligner.pipeline import RunOptions, batch_sources, run

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("alignments.jsonl", "documents.csv", "segments.csv", "report.json", "tm/corpus.tmx")
# (folder, file names, English side, Chinese side, gold is English first)
SOURCES = (
    ("bible-zh-en", ("001",), "en", "zh", True),
    ("mac-dev-zh-en", tuple(f"{i:03d}" for i in range(1, 7)), "en", "zh", False),
)


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def build_batch(devsets: Path, folder: Path, pairs: int, beads_per_document: int) -> tuple[Path, int]:
    """Documents cut along gold beads, cycling through the sources until ``pairs`` are made;
    returns the batch CSV and the number of sentences in it."""
    chunks: list[tuple[list[str], list[str]]] = []
    for name, files, en_side, zh_side, english_first in SOURCES:
        for file in files:
            en = _lines(devsets / name / en_side / file)
            zh = _lines(devsets / name / zh_side / file)
            gold = read_beads(devsets / name / "gold" / file)
            for start in range(0, len(gold), beads_per_document):
                part = gold[start : start + beads_per_document]
                en_ids = [i for bead in part for i in (bead[0] if english_first else bead[1])]
                zh_ids = [j for bead in part for j in (bead[1] if english_first else bead[0])]
                if en_ids and zh_ids:
                    chunks.append(([en[i] for i in en_ids], [zh[j] for j in zh_ids]))
    if not chunks:
        raise SystemExit(f"no dev data under {devsets}")
    rows = []
    sentences = 0
    for number in range(pairs):
        en_lines, zh_lines = chunks[number % len(chunks)]
        # A repeated chunk is made a distinct document by its title (and its file).
        title_en, title_zh = f"Document {number + 1}", f"文件 {number + 1}"
        (folder / f"{number:04d}.en.txt").write_text(
            title_en + "\n\n" + " ".join(en_lines) + "\n", encoding="utf-8"
        )
        (folder / f"{number:04d}.zh.txt").write_text(
            title_zh + "\n\n" + "".join(zh_lines) + "\n", encoding="utf-8"
        )
        rows.append((f"{number:04d}.en.txt", f"{number:04d}.zh.txt", f"pair-{number:04d}"))
        sentences += len(en_lines) + len(zh_lines)
    batch = folder / "pairs.csv"
    with batch.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(("src", "tgt", "pair_id"))
        writer.writerows(rows)
    return batch, sentences


class _PeakSampler:
    """The peak resident memory of a set of processes, sampled in a thread."""

    def __init__(self, pids: list[int] | None = None) -> None:
        self.pids = pids
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            for pid in self.pids or []:
                try:
                    rss = psutil.Process(pid).memory_info().rss
                except psutil.Error:
                    continue
                self.peaks[pid] = max(self.peaks.get(pid, 0), rss)

    def __enter__(self) -> _PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Result:
    label: str
    seconds: float
    worker_peaks_mb: list[float]


def run_batch(batch: Path, out: Path, cache: Path, engine: RayEngine | None) -> Result:
    options = RunOptions(pairs_file=str(batch), created="2026-01-01T00:00:00Z", split="none")  # type: ignore[arg-type]
    sampler = _PeakSampler()

    def progress(message: str) -> None:
        # The workers' ids are known once the pool is up: start sampling them then.
        if engine is not None and engine.worker_pids and sampler.pids is None:
            sampler.pids = list(engine.worker_pids)

    started = time.perf_counter()
    with sampler:
        run(batch_sources(batch), out, options, cache_dir=cache, progress=progress, engine=engine)
    seconds = time.perf_counter() - started
    label = "local" if engine is None else f"ray, {engine.workers} worker{'s' if engine.workers != 1 else ''}"
    return Result(label, seconds, [peak / 2**20 for peak in sampler.peaks.values()])


def same_outputs(first: Path, second: Path) -> bool:
    return all((first / name).read_bytes() == (second / name).read_bytes() for name in OUTPUTS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--beads", type=int, default=12, help="gold beads per document")
    parser.add_argument("--devsets", type=Path, default=ROOT.parent / "shared" / "devsets")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sources = folder / "sources"
        sources.mkdir()
        batch, sentences = build_batch(args.devsets, sources, args.pairs, args.beads)
        cache = folder / "cache"
        print(
            f"batch: {args.pairs} document pairs, {sentences:,} sentences "
            "(Bible 001 and MAC dev cut along gold beads)"
        )
        cold = run_batch(batch, folder / "cold", cache, None)
        results = [
            run_batch(batch, folder / "local", cache, None),
            run_batch(batch, folder / "ray-1", cache, RayEngine(workers=1)),
            run_batch(batch, folder / "ray-2", cache, RayEngine(workers=2)),
        ]
        identical = {
            r.label: same_outputs(folder / "local", folder / d)
            for r, d in zip(results, ("local", "ray-1", "ray-2"), strict=True)
        }
        identical["cold"] = same_outputs(folder / "local", folder / "cold")
        output_bytes = sum(f.stat().st_size for f in (folder / "local").rglob("*") if f.is_file())
        shard_bytes = sum(f.stat().st_size for f in (folder / ".local.shards").glob("*"))
    driver_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'run':<22} {'time s':>7} {'pairs/s':>8} {'sentences/s':>12} {'worker peak MB':>15} "
        f"{'same as local':>14}"
    )
    for result in [Result("local, cold cache", cold.seconds, []), *results]:
        peaks = ", ".join(f"{p:.0f}" for p in sorted(result.worker_peaks_mb)) or "-"
        same = identical.get("cold" if result.label.endswith("cold cache") else result.label, False)
        print(
            f"{result.label:<22} {result.seconds:7.1f} {args.pairs / result.seconds:8.1f} "
            f"{sentences / result.seconds:12.0f} {peaks:>15} {'yes' if same else 'NO':>14}"
        )
    local, ray_one, ray_two = results
    print(f"driver peak: {driver_peak:.0f} MB (reading, pairing, writing; the local engine's alignment too)")
    print(
        "Ray overhead at equal cores (1 worker vs local, warm): "
        f"{100 * (ray_one.seconds / local.seconds - 1):+.0f}%"
    )
    print(f"Ray, 2 workers vs 1: {ray_one.seconds / ray_two.seconds:.2f}x")
    print(
        f"output: {output_bytes / args.pairs / 1024:.1f} KB per pair in the run folder, "
        f"{shard_bytes / args.pairs / 1024:.1f} KB per pair of shards"
    )
    return 0 if all(identical.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
