#!/usr/bin/env python3
"""Encoding throughput of an encoder on the bundled corpus: sentences per second, cold and warm.

Sentences come from corpora/cmia-19/en.txt and zh.txt (the sentence splitter's output per line,
or the non-empty lines where no splitter is available). *Cold* encodes into a fresh cache
folder; *warm* reads the same sentences back from that folder with a new cache object (disk hits,
not the in-process memory of the first one).

    .venv/bin/python scripts/bench_encode.py                   # default encoder, 2000 sentences
    .venv/bin/python scripts/bench_encode.py --limit 0         # the whole corpus
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from aligner.encoders import DEFAULT_ENCODER, CachedEncoder, get_encoder

ROOT = Path(__file__).resolve().parent.parent


def sentences(path: Path, lang: str) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    try:
        from aligner.segment import split_text
    except ImportError:
        print("no sentence splitter available: one sentence a line", file=sys.stderr)
        return lines
    return [sentence for line in lines for sentence in split_text(line, lang)]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--encoder", default=DEFAULT_ENCODER)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "cmia-19")
    parser.add_argument("--limit", type=int, default=2000, help="Sentences per language (0: all).")
    args = parser.parse_args()
    encoder = get_encoder(args.encoder)
    print(f"{'lang':<5} {'sentences':>9} {'chars/sent':>10} {'cold s/s':>9} {'warm s/s':>9}")
    for lang in ("en", "zh"):
        path = args.corpus / f"{lang}.txt"
        if not path.is_file():
            print(f"{path}: not found", file=sys.stderr)
            return 2
        texts = list(dict.fromkeys(sentences(path, lang)))  # the cache encodes duplicates once anyway
        if args.limit:
            texts = texts[: args.limit]
        with tempfile.TemporaryDirectory(prefix="aligner-bench-encode-") as folder:
            cached = CachedEncoder(encoder, Path(folder))
            started = time.perf_counter()
            cached.encode(texts)
            cold = time.perf_counter() - started
            started = time.perf_counter()
            CachedEncoder(encoder, Path(folder)).encode(texts)
            warm = time.perf_counter() - started
        chars = sum(len(t) for t in texts) / max(len(texts), 1)
        print(f"{lang:<5} {len(texts):>9} {chars:>10.0f} {len(texts) / cold:>9.0f} {len(texts) / warm:>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
