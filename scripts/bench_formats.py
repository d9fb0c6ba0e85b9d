#!/usr/bin/env python3
"""The same three papers as plain text, a browser-printed PDF, a Word file, a web page and an
OpenDocument file, each aligned with the Chinese volume: does the format change what comes out?

Builds the five versions of papers 1, 8 and 10 of ``corpora/cmia-19/en.txt`` in a temporary
folder (``scripts/make_format_fixtures.py``: headless Chromium prints the PDF with its default
header and footer, python-docx writes the Word file, pandoc converts it to .odt), runs
``aligner.api.run`` on each with ``corpora/cmia-19/zh.txt``, and prints per format: the English
documents found, the pairs, the report's findings, the translation-memory units, and how many of
those units are the text run's, white space aside.

    .venv/bin/python scripts/bench_formats.py
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from lxml import etree

import aligner
from make_format_fixtures import ROOT, build

ZH_VOLUME = ROOT / "corpora" / "cmia-19" / "zh.txt"
FORMATS = ("txt", "pdf", "docx", "html", "odt")


def tm_units(run_dir: Path) -> Counter[tuple[str, ...]]:
    """The units of ``tm/corpus.tmx``, each as its segments' text without white space."""
    tree = etree.parse(str(run_dir / "tm" / "corpus.tmx"))
    units: Counter[tuple[str, ...]] = Counter()
    for unit in tree.iter("tu"):
        units[tuple("".join("".join(seg.itertext()).split()) for seg in unit.iter("seg"))] += 1
    return units


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, help="embedding cache [default: a fresh one]")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        files = build(folder / "sources")
        cache = args.cache_dir or folder / "cache"
        rows = []
        units: dict[str, Counter[tuple[str, ...]]] = {}
        for suffix in FORMATS:
            started = time.perf_counter()
            out = folder / f"run-{suffix}"
            result = aligner.run(
                [files[suffix], ZH_VOLUME], out, cache_dir=cache, created="2026-01-01T00:00:00Z"
            )
            seconds = time.perf_counter() - started
            units[suffix] = tm_units(out)
            same = sum((units[suffix] & units["txt"]).values())
            rows.append(
                (
                    suffix,
                    sum(1 for p in result.pairs if p.src is not None),
                    sum(1 for p in result.pairs if p.status == "paired"),
                    sum(result.findings_by_severity.values()),
                    sum(units[suffix].values()),
                    same,
                    seconds,
                )
            )
    print("papers 1, 8, 10 of corpora/cmia-19/en.txt against corpora/cmia-19/zh.txt (22 papers)")
    header = ("format", "documents", "pairs", "findings", "TM units", "same as txt", "time s")
    print(f"{header[0]:<7} " + " ".join(f"{name:>{len(name)}}" for name in header[1:]))
    for suffix, documents, pairs, findings, total, same, seconds in rows:
        print(f"{suffix:<7} {documents:>9} {pairs:>5} {findings:>8} {total:>8} {same:>11} {seconds:>6.1f}")


if __name__ == "__main__":
    main()
