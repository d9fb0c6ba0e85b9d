"""Pair each source document with its translation by content, solved globally, or leave it unpaired.

Titles alone do not work: translated volumes retitle papers, and two papers may share nearly the
same title (in the bundled corpus the Air Products and Jardine Matheson papers do). So each
candidate pair gets a content similarity from three signals:

- paragraph embeddings: for every paragraph, its best match on the other side; averaged both ways
  (a translation, even a condensed one, has a close counterpart for most of its paragraphs);
- shared "anchors": numbers, Latin-script names and acronyms that survive translation
  (``33618``, ``AT&S``, ``5G``), compared as sets;
- title embeddings.

The assignment is solved globally (Hungarian algorithm), and an assigned pair is kept only when it is
confident (:class:`~aligner.model.PairConfidence`) on two independent tests:

- **margin**: its score beats the best rival candidate of both documents (other targets for the
  source, other sources for the target) by ``min_margin``. A document on a topic shared by the whole
  collection has a best candidate too, but only by a hair;
- **coverage**: on at least one side, ``min_coverage`` of the paragraphs have a close match
  (cosine >= ``match_cosine``) in the other document. This is the test that still says no when a
  document has a single candidate, or when its closest rival is as unrelated as its best candidate.

One side is enough for coverage because a condensed translation renders most of its own paragraphs
while many of the original's have no counterpart. Documents left out get a ``reason`` naming their
best candidate and the figures that fell short.

Up to ``PairingOptions.dense_limit`` candidate pairs (source documents times target documents, 2,000
a side by default) every pair is scored and the assignment is the exact optimum. Beyond it, scoring
every pair (about 80 us each) and the dense matrices (32 bytes a pair) do not scale: 20,000 a side
would take nine hours and 13 GB. Then each document's ``candidates`` nearest documents of the other
side are retrieved by exact inner-product search (faiss ``IndexFlatIP``) over document vectors (the
normalised mean of a document's paragraph vectors), in both directions; only those pairs are scored,
and the assignment is solved on that sparse graph (:class:`SparseSimilarities`). Margins then count
the retrieved rivals only: a document's rivals are its nearest documents, so the best rival is
almost always among them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from aligner.encoders import CachedEncoder
from aligner.model import Document, DocumentPair, PairConfidence

FloatMatrix = npt.NDArray[np.float64]
FloatVector = npt.NDArray[np.float64]
IntVector = npt.NDArray[np.int64]
Side = Literal["src", "tgt"]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&+\-]*[A-Za-z0-9+]|[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class PairingOptions:
    """Weights of the three signals and the confidence a pair needs to be kept.

    The thresholds lie halfway between true pairs and documents without a counterpart, measured
    with the default encoder by ``scripts/bench_pairing.py`` (the bundled volumes, the earlier
    meetings' volume, two unrelated English texts): the 22 true pairs have margins of 0.147-0.436
    and a best-side coverage of 0.69-1.00; the 18 documents without a counterpart, against their
    best candidate, margins of at most 0.029 and coverage of at most 0.48.
    """

    content_weight: float = 0.6
    anchor_weight: float = 0.3
    title_weight: float = 0.1
    # A paragraph has a close match when its best cosine on the other side reaches this: the cut
    # with the widest coverage gap between true pairs and every other candidate pair (the bench's
    # --sweep: 0.69 against 0.48; 0.81 against 0.70 at 0.55; overlapping at 0.65).
    match_cosine: float = 0.6
    # Share of a document's paragraphs with a close match, on the better-covered side.
    min_coverage: float = 0.58
    # Lead of the pair's score over the best rival candidate of either document.
    min_margin: float = 0.09
    # Candidate pairs (source documents x target documents) up to which every pair is scored and
    # the assignment solved exactly: 2,000 a side take about 5 minutes and 128 MB, against hours of
    # encoding for that many documents (``scripts/bench_pairing.py --scale``). Beyond it, the
    # sparse path of the module docstring.
    dense_limit: int = 2000 * 2000
    # On the sparse path: nearest documents of the other side retrieved per document, each way.
    candidates: int = 10


@dataclass(frozen=True)
class Similarities:
    """The signals of every candidate pair: source documents in rows, target documents in columns."""

    scores: FloatMatrix
    coverage_src: FloatMatrix
    coverage_tgt: FloatMatrix
    anchors: FloatMatrix
    # Per document, the index of the first document of its side with the same paragraphs: a copy
    # is no rival of its original (either may take the pair; the other is reported as a duplicate).
    src_twins: IntVector
    tgt_twins: IntVector

    @property
    def shape(self) -> tuple[int, int]:
        rows, columns = self.scores.shape
        return rows, columns

    def row(self, i: int) -> tuple[IntVector, FloatVector]:
        """The targets source ``i`` is a candidate with, and the scores: every target."""
        return np.arange(self.shape[1]), self.scores[i, :]

    def column(self, j: int) -> tuple[IntVector, FloatVector]:
        """The sources target ``j`` is a candidate with, and the scores: every source."""
        return np.arange(self.shape[0]), self.scores[:, j]

    def signals(self, i: int, j: int) -> tuple[float, float, float, float]:
        """Score, coverage of each side and anchor similarity of one candidate pair."""
        return (
            float(self.scores[i, j]),
            float(self.coverage_src[i, j]),
            float(self.coverage_tgt[i, j]),
            float(self.anchors[i, j]),
        )


@dataclass(frozen=True)
class SparseSimilarities:
    """The signals of the retrieved candidate pairs only, one entry per pair, sorted by source and
    then target (the sparse path of the module docstring)."""

    shape: tuple[int, int]
    src: IntVector
    tgt: IntVector
    scores: FloatVector
    coverage_src: FloatVector
    coverage_tgt: FloatVector
    anchors: FloatVector
    src_twins: IntVector
    tgt_twins: IntVector

    @cached_property
    def _row_starts(self) -> IntVector:
        return np.searchsorted(self.src, np.arange(self.shape[0] + 1)).astype(np.int64)

    @cached_property
    def _by_tgt(self) -> tuple[IntVector, IntVector]:
        """Entry numbers ordered by target, then source, and where each target's run starts."""
        order = np.lexsort((self.src, self.tgt)).astype(np.int64)
        return order, np.searchsorted(self.tgt[order], np.arange(self.shape[1] + 1)).astype(np.int64)

    def row(self, i: int) -> tuple[IntVector, FloatVector]:
        start, end = self._row_starts[i], self._row_starts[i + 1]
        return self.tgt[start:end], self.scores[start:end]

    def column(self, j: int) -> tuple[IntVector, FloatVector]:
        order, starts = self._by_tgt
        entries = order[starts[j] : starts[j + 1]]
        return self.src[entries], self.scores[entries]

    def signals(self, i: int, j: int) -> tuple[float, float, float, float]:
        start, end = self._row_starts[i], self._row_starts[i + 1]
        found = start + int(np.searchsorted(self.tgt[start:end], j))
        if found == end or self.tgt[found] != j:
            raise KeyError(f"source {i} and target {j} are not a candidate pair")
        return (
            float(self.scores[found]),
            float(self.coverage_src[found]),
            float(self.coverage_tgt[found]),
            float(self.anchors[found]),
        )


# What :func:`similarity_matrix` gives: every pair's signals, or the retrieved candidates' only.
Signals = Similarities | SparseSimilarities


class DocumentRef(NamedTuple):
    """A document of one side, by its index in that side's list."""

    side: Side
    # The name "index" is tuple's method.
    position: int


@dataclass(frozen=True)
class Candidate:
    """A pair proposed by the assignment (or by the user), with its confidence and verdict."""

    src: int
    tgt: int
    score: float
    # None for a pair the user gave, which is kept without question.
    confidence: PairConfidence | None = None
    # The rival candidate that sets the margin: another target of the source or another source of
    # the target.
    rival: DocumentRef | None = None
    # What fell short of the options, e.g. "margin 0.015, needs 0.09" (empty: kept).
    shortfalls: tuple[str, ...] = ()

    @property
    def kept(self) -> bool:
        return not self.shortfalls


def anchors(text: str) -> set[str]:
    """Numbers (2+ digits, separators removed) and name-like Latin tokens of a text, case-folded.

    Name-like means a capital or a digit besides letters (``AT&S``, ``5G``, ``Siemens``): those
    survive translation into Chinese, while lower-case English words never appear there.
    """
    normalised = unicodedata.normalize("NFKC", text)
    numbers = {re.sub(r"[.,]", "", m) for m in _NUMBER.findall(normalised)}
    numbers = {n.lstrip("0") or "0" for n in numbers if len(n) >= 2}
    words = {
        w.casefold()
        for w in _LATIN_TOKEN.findall(normalised)
        if any(c.isalpha() for c in w) and any(c.isupper() or c.isdigit() for c in w)
    }
    return numbers | words


def best_matches(src_vectors: FloatMatrix, tgt_vectors: FloatMatrix) -> tuple[FloatVector, FloatVector]:
    """Each source paragraph's best cosine among the target's paragraphs, and the other way."""
    if len(src_vectors) == 0 or len(tgt_vectors) == 0:
        return np.zeros(len(src_vectors)), np.zeros(len(tgt_vectors))
    cosines = src_vectors @ tgt_vectors.T
    return cosines.max(axis=1), cosines.max(axis=0)


def _mean(values: npt.NDArray[np.float64 | np.bool_]) -> float:
    return float(values.mean()) if len(values) else 0.0


def _twins(paragraph_vectors: Sequence[FloatMatrix]) -> IntVector:
    """For each document, the first document with identical paragraph embeddings (itself if none).

    The same text always encodes the same, so equal embeddings stand for equal texts here.
    """
    first: dict[tuple[tuple[int, ...], bytes], int] = {}
    return np.array(
        [first.setdefault((v.shape, v.tobytes()), index) for index, v in enumerate(paragraph_vectors)],
        dtype=np.int64,
    )


def anchor_similarity(src: set[str], tgt: set[str]) -> float:
    """Share of the smaller anchor set found in the other (a condensed translation keeps fewer)."""
    if not src or not tgt:
        return 0.0
    return len(src & tgt) / min(len(src), len(tgt))


def _pair_signals(
    src_vectors: FloatMatrix,
    tgt_vectors: FloatMatrix,
    src_anchors: set[str],
    tgt_anchors: set[str],
    title_cosine: float,
    options: PairingOptions,
) -> tuple[float, float, float, float]:
    """Score, coverage of each side and anchor similarity of one pair of documents (both paths
    score a pair with this, so that they agree on every pair they both score)."""
    src_best, tgt_best = best_matches(src_vectors, tgt_vectors)
    content = max(0.5 * (_mean(src_best) + _mean(tgt_best)), 0.0)
    anchor = anchor_similarity(src_anchors, tgt_anchors)
    title = float(np.clip(title_cosine, 0.0, 1.0))
    score = options.content_weight * content + options.anchor_weight * anchor + options.title_weight * title
    return score, _mean(src_best >= options.match_cosine), _mean(tgt_best >= options.match_cosine), anchor


def similarity_matrix(
    src_paragraph_vectors: Sequence[FloatMatrix],
    tgt_paragraph_vectors: Sequence[FloatMatrix],
    src_anchors: Sequence[set[str]],
    tgt_anchors: Sequence[set[str]],
    src_title_vectors: FloatMatrix,
    tgt_title_vectors: FloatMatrix,
    options: PairingOptions,
) -> Signals:
    """Combined score in [0, 1] of every source document with every target document (or, beyond
    ``options.dense_limit`` pairs, with its retrieved candidates), with the paragraph coverage both
    ways and the anchor similarity that :func:`assign` judges by."""
    rows, columns = len(src_paragraph_vectors), len(tgt_paragraph_vectors)
    if rows * columns > options.dense_limit:
        return _sparse_similarities(
            src_paragraph_vectors,
            tgt_paragraph_vectors,
            src_anchors,
            tgt_anchors,
            src_title_vectors,
            tgt_title_vectors,
            options,
        )
    scores, coverage_src, coverage_tgt, anchor_matrix = (np.zeros((rows, columns)) for _ in range(4))
    titles = src_title_vectors @ tgt_title_vectors.T if rows and columns else np.zeros((rows, columns))
    for i in range(rows):
        for j in range(columns):
            scores[i, j], coverage_src[i, j], coverage_tgt[i, j], anchor_matrix[i, j] = _pair_signals(
                src_paragraph_vectors[i],
                tgt_paragraph_vectors[j],
                src_anchors[i],
                tgt_anchors[j],
                titles[i, j],
                options,
            )
    return Similarities(
        scores,
        coverage_src,
        coverage_tgt,
        anchor_matrix,
        _twins(src_paragraph_vectors),
        _twins(tgt_paragraph_vectors),
    )


def _body_texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs if p.kind != "heading" and len(p.text) >= 8] or [
        p.text for p in doc.paragraphs
    ]


def document_similarities(
    src_docs: Sequence[Document],
    tgt_docs: Sequence[Document],
    encoder: CachedEncoder,
    options: PairingOptions,
) -> Signals:
    """Every candidate pair's signals, from the documents' body paragraphs, titles and anchors."""
    src_vectors = [encoder.encode(_body_texts(doc)).astype(np.float64) for doc in src_docs]
    tgt_vectors = [encoder.encode(_body_texts(doc)).astype(np.float64) for doc in tgt_docs]
    src_titles = encoder.encode([doc.title for doc in src_docs]).astype(np.float64)
    tgt_titles = encoder.encode([doc.title for doc in tgt_docs]).astype(np.float64)
    src_anchor_sets = [anchors("\n".join(p.text for p in doc.paragraphs)) for doc in src_docs]
    tgt_anchor_sets = [anchors("\n".join(p.text for p in doc.paragraphs)) for doc in tgt_docs]
    return similarity_matrix(
        src_vectors, tgt_vectors, src_anchor_sets, tgt_anchor_sets, src_titles, tgt_titles, options
    )


def document_vectors(paragraph_vectors: Sequence[FloatMatrix], dim: int) -> npt.NDArray[np.float32]:
    """One unit vector per document, the mean of its paragraph vectors (zero for a document with
    no paragraphs), for retrieving candidates: float32, as faiss searches."""
    vectors = np.zeros((len(paragraph_vectors), dim), dtype=np.float32)
    for index, paragraphs in enumerate(paragraph_vectors):
        if len(paragraphs):
            mean = paragraphs.mean(axis=0)
            norm = float(np.linalg.norm(mean))
            if norm > 0:
                vectors[index] = mean / norm
    return vectors


def nearest(queries: npt.NDArray[np.float32], base: npt.NDArray[np.float32], k: int) -> IntVector:
    """For each query, the indices of its ``k`` highest inner products in ``base`` (exact search)."""
    # Imported here: faiss takes 0.4 s to import, and only runs beyond ``dense_limit`` need it.
    import faiss

    index = faiss.IndexFlatIP(base.shape[1])
    index.add(np.ascontiguousarray(base))
    _, found = index.search(np.ascontiguousarray(queries), k)
    return found.astype(np.int64)


def candidate_pairs(
    src_vectors: npt.NDArray[np.float32], tgt_vectors: npt.NDArray[np.float32], k: int
) -> tuple[IntVector, IntVector]:
    """The pairs where either document is among the other's ``k`` nearest, sorted by source then
    target (each pair once)."""
    rows, columns = len(src_vectors), len(tgt_vectors)
    for_src = nearest(src_vectors, tgt_vectors, min(k, columns))
    for_tgt = nearest(tgt_vectors, src_vectors, min(k, rows))
    codes = np.concatenate(
        [
            np.repeat(np.arange(rows, dtype=np.int64), for_src.shape[1]) * columns + for_src.ravel(),
            for_tgt.ravel() * columns + np.repeat(np.arange(columns, dtype=np.int64), for_tgt.shape[1]),
        ]
    )
    # faiss marks a missing neighbour -1 (none here: k is at most the size of the base).
    codes = np.unique(codes[codes >= 0])
    return codes // columns, codes % columns


def _sparse_similarities(
    src_paragraph_vectors: Sequence[FloatMatrix],
    tgt_paragraph_vectors: Sequence[FloatMatrix],
    src_anchors: Sequence[set[str]],
    tgt_anchors: Sequence[set[str]],
    src_title_vectors: FloatMatrix,
    tgt_title_vectors: FloatMatrix,
    options: PairingOptions,
) -> SparseSimilarities:
    dim = next((len(v[0]) for v in (*src_paragraph_vectors, *tgt_paragraph_vectors) if len(v)), 1)
    src, tgt = candidate_pairs(
        document_vectors(src_paragraph_vectors, dim),
        document_vectors(tgt_paragraph_vectors, dim),
        options.candidates,
    )
    signals = np.array(
        [
            _pair_signals(
                src_paragraph_vectors[i],
                tgt_paragraph_vectors[j],
                src_anchors[i],
                tgt_anchors[j],
                float(src_title_vectors[i] @ tgt_title_vectors[j]),
                options,
            )
            for i, j in zip(src.tolist(), tgt.tolist(), strict=True)
        ],
        dtype=np.float64,
    ).reshape(-1, 4)
    return SparseSimilarities(
        (len(src_paragraph_vectors), len(tgt_paragraph_vectors)),
        src,
        tgt,
        signals[:, 0],
        signals[:, 1],
        signals[:, 2],
        signals[:, 3],
        _twins(src_paragraph_vectors),
        _twins(tgt_paragraph_vectors),
    )


def _best_rival(indices: IntVector, values: FloatVector, index: int, twins: IntVector) -> int | None:
    """The candidate (of ``indices``, scored ``values``) with the highest score but ``index`` and
    its twins (the first of equals), or None when there is no other document."""
    others = np.where(twins[indices] == twins[index], -np.inf, values)
    if not np.isfinite(others).any():
        return None
    return int(indices[int(np.argmax(others))])


def evaluate(similarities: Signals, i: int, j: int, options: PairingOptions) -> Candidate:
    """The confidence of pairing source ``i`` with target ``j``, and what falls short of ``options``."""
    score, coverage_src, coverage_tgt, anchor = similarities.signals(i, j)
    rivals: list[tuple[float, DocumentRef]] = []
    targets, target_scores = similarities.row(i)
    other_tgt = _best_rival(targets, target_scores, j, similarities.tgt_twins)
    if other_tgt is not None:
        rivals.append((score - similarities.signals(i, other_tgt)[0], DocumentRef("tgt", other_tgt)))
    sources, source_scores = similarities.column(j)
    other_src = _best_rival(sources, source_scores, i, similarities.src_twins)
    if other_src is not None:
        rivals.append((score - similarities.signals(other_src, j)[0], DocumentRef("src", other_src)))
    margin, rival = min(rivals) if rivals else (None, None)
    confidence = PairConfidence(
        margin=margin, coverage_src=coverage_src, coverage_tgt=coverage_tgt, anchors=anchor
    )
    shortfalls = []
    if margin is not None and margin < options.min_margin:
        shortfalls.append(f"margin {margin:.3f}, needs {options.min_margin:.2f}")
    if max(confidence.coverage_src, confidence.coverage_tgt) < options.min_coverage:
        shortfalls.append(
            f"coverage {confidence.coverage_src:.0%} / {confidence.coverage_tgt:.0%}, "
            f"needs {options.min_coverage:.0%} on one side"
        )
    return Candidate(i, j, score, confidence, rival, tuple(shortfalls))


def _dense_assignment(similarities: Similarities) -> list[tuple[int, int]]:
    # Imported here: scipy.optimize takes 0.3 s to import, which every command would pay.
    from scipy.optimize import linear_sum_assignment

    rows, columns = linear_sum_assignment(-similarities.scores)
    return list(zip(rows.tolist(), columns.tolist(), strict=True))


def _sparse_assignment(similarities: SparseSimilarities) -> list[tuple[int, int]]:
    """The one-to-one assignment of the candidate pairs with the highest total score.

    Unlike the dense assignment it does not pair as many documents as it can: the dense matrix
    lets every document left over take some partner (a pair then rejected by :func:`evaluate`),
    while on the sparse graph more pairs can only be had by moving true pairs apart.
    """
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    rows, columns = similarities.shape
    # Costs ``top - score`` with ``top`` above every score, so that none is zero (scipy reads a zero
    # as no edge). Each source also gets a column of its own at cost ``top`` (a score of 0): being
    # left out, so a full matching always exists and its cost is ``rows * top`` less the total score.
    top = float(similarities.scores.max()) + 1.0
    graph = csr_array(
        (
            np.concatenate([top - similarities.scores, np.full(rows, top)]),
            (
                np.concatenate([similarities.src, np.arange(rows)]),
                np.concatenate([similarities.tgt, columns + np.arange(rows)]),
            ),
        ),
        shape=(rows, columns + rows),
    )
    matched_rows, matched_columns = min_weight_full_bipartite_matching(graph)
    return [
        (i, j) for i, j in zip(matched_rows.tolist(), matched_columns.tolist(), strict=True) if j < columns
    ]


def assign(similarities: Signals, options: PairingOptions) -> list[Candidate]:
    """The globally best one-to-one assignment, each pair judged by :func:`evaluate`.

    Every assigned pair is returned, kept or not (``Candidate.kept``), so that a rejected pair can
    explain why its documents stay unpaired.
    """
    if similarities.scores.size == 0:
        return []
    if isinstance(similarities, SparseSimilarities):
        matches = _sparse_assignment(similarities)
    else:
        matches = _dense_assignment(similarities)
    return [evaluate(similarities, i, j, options) for i, j in matches]


def _label(doc: Document) -> str:
    title = doc.title if len(doc.title) <= 50 else doc.title[:49] + "…"
    return f"{title} ({doc.file}:{doc.line_start})"


def unpaired_reasons(
    src_docs: Sequence[Document],
    tgt_docs: Sequence[Document],
    similarities: Signals,
    candidates: Sequence[Candidate],
    options: PairingOptions,
) -> dict[DocumentRef, str]:
    """Why each document left without a counterpart has none, keyed by document.

    It names the candidate the assignment gave the document, or its best candidate where it got
    none (the other side has fewer documents), and what fell short: a negative margin there means
    the candidate fits another document better (the rival).
    """
    docs: dict[Side, Sequence[Document]] = {"src": src_docs, "tgt": tgt_docs}
    owner: dict[DocumentRef, Candidate] = {}
    for candidate in candidates:
        owner[DocumentRef("src", candidate.src)] = candidate
        owner[DocumentRef("tgt", candidate.tgt)] = candidate
    reasons: dict[DocumentRef, str] = {}
    sides: tuple[tuple[Side, Side], ...] = (("src", "tgt"), ("tgt", "src"))
    for side, other_side in sides:
        for index in range(len(docs[side])):
            assigned = owner.get(DocumentRef(side, index))
            if assigned is not None and assigned.kept:
                continue
            others, row = similarities.row(index) if side == "src" else similarities.column(index)
            if len(row) == 0:
                reasons[DocumentRef(side, index)] = "no document in the other language"
                continue
            best = int(others[int(np.argmax(row))])
            judged = assigned or (
                evaluate(similarities, index, best, options)
                if side == "src"
                else evaluate(similarities, best, index, options)
            )
            partner = judged.tgt if side == "src" else judged.src
            label = _label(docs[other_side][partner])
            which = "best candidate" if partner == best else "assigned candidate"
            if judged.kept:
                # Confident on its own, yet the global assignment gave the candidate to another
                # document: the sum over all pairs came out higher that way.
                taker = owner[DocumentRef(other_side, partner)]
                taker_doc = docs[side][taker.src if side == "src" else taker.tgt]
                reasons[DocumentRef(side, index)] = (
                    f"{which} {label} at {judged.score:.2f} went to {_label(taker_doc)} at {taker.score:.2f}"
                )
            else:
                reasons[DocumentRef(side, index)] = (
                    f"{which} {label} at {judged.score:.2f}{_rival(judged, docs)}: "
                    + "; ".join(judged.shortfalls)
                )
    return reasons


def _rival(candidate: Candidate, docs: Mapping[Side, Sequence[Document]]) -> str:
    """``", rival <document> at 0.45"``: the document that set the candidate's margin, if any (the
    best other candidate of either document; it scores higher where the margin is negative)."""
    if candidate.rival is None or candidate.confidence is None or candidate.confidence.margin is None:
        return ""
    side, index = candidate.rival
    return f", rival {_label(docs[side][index])} at {candidate.score - candidate.confidence.margin:.2f}"


def _romanised(title: str) -> str:
    """The title with its Chinese words in pinyin (``重庆制造业`` -> ``chongqing zhizaoye``).

    Words (jieba) keep their syllables together, as pinyin is written, so a cut id still reads.
    """
    if not _HAN.search(title):
        return title
    import jieba
    from pypinyin import lazy_pinyin

    jieba.setLogLevel(logging.WARNING)
    # ü rather than pypinyin's "v" (lüe -> "lue" in the slug, as pinyin is usually typed).
    return " ".join("".join(lazy_pinyin(word, v_to_u=True)) for word in jieba.lcut(title))


def _slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def pair_id_for(document: Document) -> str:
    """A readable id that depends on the document's content, not on its position in the input."""
    digest = hashlib.sha1(
        "\n".join(p.text for p in document.paragraphs).encode("utf-8"), usedforsecurity=False
    ).hexdigest()[:6]
    slug = _slug(_romanised(document.title)) or document.lang
    return f"{slug}-{digest}"


def build_pairs(
    src_docs: Sequence[Document],
    tgt_docs: Sequence[Document],
    kept: Sequence[Candidate],
    reasons: Mapping[DocumentRef, str] | None = None,
) -> list[DocumentPair]:
    """Pairs in source order, then source-only documents in place, then target-only documents."""
    by_src = {c.src: c for c in kept}
    paired_tgt = {c.tgt for c in kept}
    reasons = reasons or {}
    pairs: list[DocumentPair] = []
    for i, doc in enumerate(src_docs):
        if i in by_src:
            c = by_src[i]
            pairs.append(
                DocumentPair(pair_id_for(doc), doc, tgt_docs[c.tgt], c.score, "paired", c.confidence)
            )
        else:
            pairs.append(
                DocumentPair(
                    pair_id_for(doc),
                    doc,
                    None,
                    0.0,
                    "src-only",
                    reason=reasons.get(DocumentRef("src", i), ""),
                )
            )
    for j, doc in enumerate(tgt_docs):
        if j not in paired_tgt:
            pairs.append(
                DocumentPair(
                    pair_id_for(doc),
                    None,
                    doc,
                    0.0,
                    "tgt-only",
                    reason=reasons.get(DocumentRef("tgt", j), ""),
                )
            )
    _disambiguate(pairs)
    return pairs


def pair_documents(
    src_docs: Sequence[Document],
    tgt_docs: Sequence[Document],
    similarities: Signals,
    options: PairingOptions,
) -> list[DocumentPair]:
    """Assign, keep the confident pairs, and explain every document left unpaired."""
    candidates = assign(similarities, options)
    reasons = unpaired_reasons(src_docs, tgt_docs, similarities, candidates, options)
    return build_pairs(src_docs, tgt_docs, [c for c in candidates if c.kept], reasons)


def _disambiguate(pairs: list[DocumentPair]) -> None:
    """Suffix repeated ids (identical duplicate documents) so every pair id is unique."""
    seen: dict[str, int] = {}
    for pair in pairs:
        count = seen.get(pair.pair_id, 0)
        seen[pair.pair_id] = count + 1
        if count:
            pair.pair_id = f"{pair.pair_id}-{count + 1}"
