#!/usr/bin/env python3
"""Pairing confidence of true pairs against documents that have no counterpart, per input mix.

True pairs are the 22 papers of the bundled cmia-19 volumes (the k-th English paper translates the
k-th Chinese one). Documents without a counterpart are the papers of ``cmia-earlier/en.txt`` and
any ``--extra`` English texts; each is judged against its best candidate (or the one the
assignment gave it). Every mix is run with the Chinese volume alone and with both volumes, so the
no-counterpart documents meet rivals that have a real partner and rivals that have none.

    .venv/bin/python scripts/bench_pairing.py
    .venv/bin/python scripts/bench_pairing.py --extra /work/shared/corpora/other/*.txt --details --sweep

Prints one row per mix and group (``score``, ``margin``, ``coverage`` of the better- and the
worse-covered side, ``anchors``: min-max) and whether the pairing came out right: every true pair
kept with its partner, nothing else paired. ``--sweep`` first prints, per paragraph cosine cut
(``match_cosine``), the lowest best-side coverage of a true pair and the highest of any other
candidate pair, over every mix at once.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aligner.encoders import CachedEncoder, default_cache_dir
from aligner.ingest import read_inputs
from aligner.model import Document
from aligner.pairing import Candidate, PairingOptions, assign, document_similarities, evaluate
from aligner.pipeline import choose_languages, load_encoder, settle_undetermined

ROOT = Path(__file__).resolve().parent.parent
EN_VOLUME = ROOT / "corpora" / "cmia-19" / "en.txt"
ZH_VOLUME = ROOT / "corpora" / "cmia-19" / "zh.txt"
EARLIER_VOLUME = ROOT / "corpora" / "cmia-earlier" / "en.txt"


@dataclass
class Mix:
    name: str
    sources: list[Path]


def read(sources: list[Path]) -> tuple[list[Document], list[Document]]:
    documents = [doc for reading in read_inputs([str(s) for s in sources]) for doc in reading.documents]
    settle_undetermined(documents, None, None)
    src_lang, tgt_lang = choose_languages(documents, None, None)
    return [d for d in documents if d.lang == src_lang], [d for d in documents if d.lang == tgt_lang]


def judge(
    mix: Mix, encoder: CachedEncoder, options: PairingOptions, details: bool
) -> dict[str, list[Candidate]]:
    src_docs, tgt_docs = read(mix.sources)
    similarities = document_similarities(src_docs, tgt_docs, encoder, options)
    assigned = {c.src: c for c in assign(similarities, options)}
    kept = {(c.src, c.tgt) for c in assigned.values() if c.kept}
    en_true = [i for i, d in enumerate(src_docs) if Path(d.file).resolve() == EN_VOLUME.resolve()]
    zh_true = [j for j, d in enumerate(tgt_docs) if Path(d.file).resolve() == ZH_VOLUME.resolve()]
    truth = set(zip(en_true, zh_true, strict=True)) if en_true else set()
    groups: dict[str, list[Candidate]] = {"true pairs": [], "no counterpart": []}
    for i, j in sorted(truth):
        groups["true pairs"].append(evaluate(similarities, i, j, options))
    for i in range(len(src_docs)):
        if i in en_true:
            continue
        candidate = assigned.get(i) or evaluate(
            similarities, i, int(np.argmax(similarities.scores[i])), options
        )
        groups["no counterpart"].append(candidate)
    verdict = "right" if kept == truth else f"WRONG: kept {sorted(kept - truth)}, lost {sorted(truth - kept)}"
    print(f"{mix.name}: {len(src_docs)} x {len(tgt_docs)} documents, pairing {verdict}")
    if details:
        for name, candidates in groups.items():
            for c in candidates:
                conf = c.confidence
                assert conf is not None
                margin = "-" if conf.margin is None else f"{conf.margin:.3f}"
                print(
                    f"    {name:14} {src_docs[c.src].title[:34]:34} -> {tgt_docs[c.tgt].title[:18]:18} "
                    f"score {c.score:.3f} margin {margin} coverage {conf.coverage_src:.2f}/"
                    f"{conf.coverage_tgt:.2f} anchors {conf.anchors:.2f} {'kept' if c.kept else 'no'}"
                )
    return groups


def span(values: list[float]) -> str:
    return f"{min(values):.3f} to {max(values):.3f}" if values else "-"


def table(rows: list[tuple[str, str, list[Candidate]]]) -> None:
    header = ("mix", "group", "n", "score", "margin", "coverage best side", "coverage other side", "anchors")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for mix, group, candidates in rows:
        confs = [c.confidence for c in candidates if c.confidence is not None]
        cells = (
            mix,
            group,
            str(len(candidates)),
            span([c.score for c in candidates]),
            span([c.margin for c in confs if c.margin is not None]),
            span([max(c.coverage_src, c.coverage_tgt) for c in confs]),
            span([min(c.coverage_src, c.coverage_tgt) for c in confs]),
            span([c.anchors for c in confs]),
        )
        print("| " + " | ".join(cells) + " |")


def sweep(encoder: CachedEncoder, extras: list[Path]) -> None:
    """Best-side coverage of the true pairs against every other candidate pair, per paragraph cut."""
    src_docs, tgt_docs = read([EARLIER_VOLUME, *extras, EN_VOLUME, ZH_VOLUME])
    en_true = [i for i, d in enumerate(src_docs) if Path(d.file).resolve() == EN_VOLUME.resolve()]
    truth = set(zip(en_true, range(len(tgt_docs)), strict=True))
    print("| paragraph cosine | true pairs: lowest | other candidates: highest |")
    print("|---|---|---|")
    for cut in (0.5, 0.55, 0.6, 0.65, 0.7):
        similarities = document_similarities(src_docs, tgt_docs, encoder, PairingOptions(match_cosine=cut))
        best_side = np.maximum(similarities.coverage_src, similarities.coverage_tgt)
        true = [best_side[i, j] for i, j in truth]
        other = [
            best_side[i, j] for i in range(len(src_docs)) for j in range(len(tgt_docs)) if (i, j) not in truth
        ]
        print(f"| {cut} | {min(true):.3f} | {max(other):.3f} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--extra", nargs="*", type=Path, default=[], help="English texts with no counterpart")
    parser.add_argument("--details", action="store_true", help="one line per judged pair")
    parser.add_argument("--sweep", action="store_true", help="coverage gap per paragraph cosine cut")
    args = parser.parse_args()
    options = PairingOptions()
    encoder = CachedEncoder(load_encoder("use-m3"), default_cache_dir())
    if args.sweep:
        sweep(encoder, args.extra)
    mixes = [
        Mix("cmia-19 en + zh", [EN_VOLUME, ZH_VOLUME]),
        Mix("earlier + zh", [EARLIER_VOLUME, ZH_VOLUME]),
        Mix("earlier + cmia-19 en + zh", [EARLIER_VOLUME, EN_VOLUME, ZH_VOLUME]),
    ]
    for extra in args.extra:
        mixes.append(Mix(f"{extra.name} + zh", [extra, ZH_VOLUME]))
        mixes.append(Mix(f"{extra.name} + cmia-19 en + zh", [extra, EN_VOLUME, ZH_VOLUME]))
    rows = []
    everything: dict[str, list[Candidate]] = {"true pairs": [], "no counterpart": []}
    for mix in mixes:
        for group, candidates in judge(mix, encoder, options, args.details).items():
            if candidates:
                rows.append((mix.name, group, candidates))
                everything[group].extend(candidates)
    rows.extend(("all mixes", group, candidates) for group, candidates in everything.items())
    print()
    print(
        f"options: margin >= {options.min_margin}, coverage >= {options.min_coverage} on one side "
        f"(paragraph cosine >= {options.match_cosine})"
    )
    table(rows)


if __name__ == "__main__":
    main()
