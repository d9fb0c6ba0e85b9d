"""Pairing at scale: candidates retrieved by vector search and a sparse assignment, switched on by size,
agreeing with the dense path where both apply."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from aligner.encoders import DEFAULT_ENCODER, CachedEncoder, get_encoder
from aligner.ingest import read_inputs
from aligner.model import DocumentPair
from aligner.pairing import (
    PairingOptions,
    Similarities,
    SparseSimilarities,
    assign,
    candidate_pairs,
    document_similarities,
    pair_documents,
    similarity_matrix,
)

ROOT = Path(__file__).resolve().parent.parent
CMIA = ROOT / "corpora" / "cmia-19"


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


def synthetic(
    pairs: int, src_only: int, tgt_only: int, seed: int = 7
) -> tuple[
    list[np.ndarray], list[np.ndarray], list[set[str]], list[set[str]], np.ndarray, np.ndarray, list[int]
]:
    """Documents of 3 paragraphs whose translations are noisy copies, in shuffled order, with
    documents on each side that have no counterpart; returns the inputs of ``similarity_matrix``
    and, per source, the index of its translation (-1: none)."""
    rng = np.random.default_rng(seed)
    dim = 48
    src = [_unit(rng.standard_normal((3, dim))) for _ in range(pairs + src_only)]
    order = rng.permutation(pairs + tgt_only)
    originals = [*range(pairs), *[-1] * tgt_only]
    tgt = []
    for position in order:
        source = originals[position]
        base = src[source] if source >= 0 else rng.standard_normal((3, dim))
        tgt.append(_unit(base + 0.9 * rng.standard_normal((3, dim)) / np.sqrt(dim)))
    src_titles = _unit(rng.standard_normal((len(src), dim)))
    tgt_titles = _unit(rng.standard_normal((len(tgt), dim)))
    anchors = [{f"n{i}"} for i in range(len(src))]
    tgt_anchors = [{f"n{originals[p]}"} if originals[p] >= 0 else set() for p in order]
    partner = [-1] * len(src)
    for j, position in enumerate(order):
        if originals[position] >= 0:
            partner[originals[position]] = j
    return src, tgt, anchors, tgt_anchors, src_titles, tgt_titles, partner


def test_sparse_and_dense_paths_find_the_same_pairs_with_the_same_scores() -> None:
    *inputs, partner = synthetic(pairs=120, src_only=9, tgt_only=5)
    options = PairingOptions()
    dense = similarity_matrix(*inputs, options)  # type: ignore[arg-type]
    sparse = similarity_matrix(*inputs, replace(options, dense_limit=0))  # type: ignore[arg-type]
    assert isinstance(dense, Similarities) and isinstance(sparse, SparseSimilarities)
    # Far fewer pairs scored: at most 10 candidates per document each way.
    assert len(sparse.scores) <= 10 * (129 + 125) < dense.scores.size / 5
    dense_pairs = [c for c in assign(dense, options) if c.kept]
    sparse_pairs = [c for c in assign(sparse, options) if c.kept]
    assert [(c.src, c.tgt) for c in sparse_pairs] == [(c.src, c.tgt) for c in dense_pairs]
    # The same arithmetic scores a pair on both paths.
    assert [c.score for c in sparse_pairs] == [c.score for c in dense_pairs]
    # And it is the right answer: every translation kept, no document without one paired.
    assert [(c.src, c.tgt) for c in sparse_pairs] == [(i, j) for i, j in enumerate(partner) if j >= 0]


def test_the_path_switches_above_the_dense_limit() -> None:
    *inputs, _ = synthetic(pairs=20, src_only=0, tgt_only=0)
    at_limit = PairingOptions(dense_limit=20 * 20)
    assert isinstance(similarity_matrix(*inputs, at_limit), Similarities)  # type: ignore[arg-type]
    above = replace(at_limit, dense_limit=20 * 20 - 1)
    assert isinstance(similarity_matrix(*inputs, above), SparseSimilarities)  # type: ignore[arg-type]


def test_candidates_are_the_nearest_documents_both_ways_each_pair_once() -> None:
    src = np.eye(4, dtype=np.float32)
    # target 0 is near source 0; targets 1 and 2 both near source 1; nothing is near source 2 or 3
    tgt = np.array([[1, 0, 0, 0], [0.1, 0.9, 0, 0], [0, 1, 0, 0.2]], dtype=np.float32)
    src_index, tgt_index = candidate_pairs(src, tgt, 1)
    pairs = list(zip(src_index.tolist(), tgt_index.tolist(), strict=True))
    assert pairs == sorted(set(pairs))
    # each source's nearest target, and each target's nearest source
    assert {(0, 0), (1, 2)} <= set(pairs) and {(1, 1), (1, 2)} <= set(pairs)
    assert {i for i, _ in pairs} == {0, 1, 2, 3}


def _sparse(shape: tuple[int, int], entries: list[tuple[int, int, float]]) -> SparseSimilarities:
    entries = sorted(entries)
    src, tgt, scores = (np.array(values) for values in zip(*entries, strict=True))
    covered = np.ones(len(entries))
    rows, columns = shape
    return SparseSimilarities(
        shape, src, tgt, scores.astype(float), covered, covered, covered, np.arange(rows), np.arange(columns)
    )


def test_the_sparse_assignment_takes_the_highest_total_and_leaves_documents_out() -> None:
    # Source 2 could take target 0 or 1: the higher total pairs it with 1, so that 0 is free for
    # source 1. Source 0 is left out rather than pushing a better pair apart.
    similarities = _sparse((3, 2), [(0, 0, 0.70), (1, 0, 0.90), (2, 0, 0.95), (2, 1, 0.50)])
    assert [(c.src, c.tgt) for c in assign(similarities, PairingOptions())] == [(1, 0), (2, 1)]
    # Two pairs could be had (0-1 and 1-0), but only by parting source 0 from its translation.
    similarities = _sparse((2, 2), [(0, 0, 0.90), (0, 1, 0.10), (1, 0, 0.20)])
    assert [(c.src, c.tgt) for c in assign(similarities, PairingOptions())] == [(0, 0)]


def test_margins_on_the_sparse_path_count_the_retrieved_rivals() -> None:
    similarities = _sparse((2, 2), [(0, 0, 0.80), (0, 1, 0.75), (1, 1, 0.90)])
    first = next(c for c in assign(similarities, PairingOptions()) if c.src == 0)
    assert first.tgt == 0 and first.rival == ("tgt", 1)
    assert first.confidence is not None and first.confidence.margin == pytest.approx(0.05)
    assert not first.kept


def _summary(pairs: list[DocumentPair]) -> list[tuple[str, str, str | None, str | None, str]]:
    return [
        (
            p.pair_id,
            p.status,
            p.src.doc_id if p.src else None,
            p.tgt.doc_id if p.tgt else None,
            f"{p.score:.4f}",
        )
        for p in pairs
    ]


@pytest.mark.slow
def test_on_the_bundled_corpus_the_forced_sparse_path_gives_the_dense_pairs(cache_dir: Path) -> None:
    documents = [
        doc
        for reading in read_inputs([str(CMIA / "en.txt"), str(CMIA / "zh.txt")])
        for doc in reading.documents
    ]
    src_docs = [doc for doc in documents if doc.lang == "en"]
    tgt_docs = [doc for doc in documents if doc.lang == "zh"]
    assert len(src_docs) == len(tgt_docs) == 22
    encoder = CachedEncoder(get_encoder(DEFAULT_ENCODER), cache_dir)
    options = PairingOptions()
    # 5 candidates each way: a quarter of the other side, so retrieval has to find the partner.
    forced = replace(options, dense_limit=0, candidates=5)
    dense = pair_documents(
        src_docs, tgt_docs, document_similarities(src_docs, tgt_docs, encoder, options), options
    )
    sparse_signals = document_similarities(src_docs, tgt_docs, encoder, forced)
    assert isinstance(sparse_signals, SparseSimilarities) and len(sparse_signals.scores) < 22 * 22 / 2
    sparse = pair_documents(src_docs, tgt_docs, sparse_signals, forced)
    assert sum(p.status == "paired" for p in dense) == 22
    assert _summary(sparse) == _summary(dense)
