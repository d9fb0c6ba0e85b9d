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
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

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


@dataclass(frozen=True)
class Candidate:
    """A pair proposed by the assignment (or by the user), with its confidence and verdict."""

    src: int
    tgt: int
    score: float
    # None for a pair the user gave, which is kept without question.
    confidence: PairConfidence | None = None
    # The rival candidate that sets the margin: another target of the source ("tgt", index) or
    # another source of the target ("src", index).
    rival: tuple[Side, int] | None = None
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


def similarity_matrix(
    src_paragraph_vectors: Sequence[FloatMatrix],
    tgt_paragraph_vectors: Sequence[FloatMatrix],
    src_anchors: Sequence[set[str]],
    tgt_anchors: Sequence[set[str]],
    src_title_vectors: FloatMatrix,
    tgt_title_vectors: FloatMatrix,
    options: PairingOptions,
) -> Similarities:
    """Combined score in [0, 1] of every source document with every target document, with the
    paragraph coverage both ways and the anchor similarity that :func:`assign` judges by."""
    rows, columns = len(src_paragraph_vectors), len(tgt_paragraph_vectors)
    scores, coverage_src, coverage_tgt, anchor_matrix = (np.zeros((rows, columns)) for _ in range(4))
    titles = src_title_vectors @ tgt_title_vectors.T if rows and columns else np.zeros((rows, columns))
    for i in range(rows):
        for j in range(columns):
            src_best, tgt_best = best_matches(src_paragraph_vectors[i], tgt_paragraph_vectors[j])
            content = max(0.5 * (_mean(src_best) + _mean(tgt_best)), 0.0)
            coverage_src[i, j] = _mean(src_best >= options.match_cosine)
            coverage_tgt[i, j] = _mean(tgt_best >= options.match_cosine)
            anchor_matrix[i, j] = anchor_similarity(src_anchors[i], tgt_anchors[j])
            title = float(np.clip(titles[i, j], 0.0, 1.0))
            scores[i, j] = (
                options.content_weight * content
                + options.anchor_weight * anchor_matrix[i, j]
                + options.title_weight * title
            )
    return Similarities(
        scores,
        coverage_src,
        coverage_tgt,
        anchor_matrix,
        _twins(src_paragraph_vectors),
        _twins(tgt_paragraph_vectors),
    )


def _best_rival(values: FloatVector, index: int, twins: IntVector) -> int | None:
    """Index of the highest value but ``values[index]`` and its twins' (the first of equals), or
    None when there is no other document."""
    others = np.where(twins == twins[index], -np.inf, values)
    if not np.isfinite(others).any():
        return None
    return int(np.argmax(others))


def evaluate(similarities: Similarities, i: int, j: int, options: PairingOptions) -> Candidate:
    """The confidence of pairing source ``i`` with target ``j``, and what falls short of ``options``."""
    score = float(similarities.scores[i, j])
    rivals: list[tuple[float, tuple[Side, int]]] = []
    other_tgt = _best_rival(similarities.scores[i, :], j, similarities.tgt_twins)
    if other_tgt is not None:
        rivals.append((score - float(similarities.scores[i, other_tgt]), ("tgt", other_tgt)))
    other_src = _best_rival(similarities.scores[:, j], i, similarities.src_twins)
    if other_src is not None:
        rivals.append((score - float(similarities.scores[other_src, j]), ("src", other_src)))
    margin, rival = min(rivals) if rivals else (None, None)
    confidence = PairConfidence(
        margin=margin,
        coverage_src=float(similarities.coverage_src[i, j]),
        coverage_tgt=float(similarities.coverage_tgt[i, j]),
        anchors=float(similarities.anchors[i, j]),
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


def assign(similarities: Similarities, options: PairingOptions) -> list[Candidate]:
    """The globally best one-to-one assignment, each pair judged by :func:`evaluate`.

    Every assigned pair is returned, kept or not (``Candidate.kept``), so that a rejected pair can
    explain why its documents stay unpaired.
    """
    if similarities.scores.size == 0:
        return []
    # Imported here: scipy.optimize takes 0.3 s to import, which every command would pay.
    from scipy.optimize import linear_sum_assignment

    rows, columns = linear_sum_assignment(-similarities.scores)
    return [
        evaluate(similarities, i, j, options) for i, j in zip(rows.tolist(), columns.tolist(), strict=True)
    ]


def _label(doc: Document) -> str:
    title = doc.title if len(doc.title) <= 50 else doc.title[:49] + "…"
    return f"{title} ({doc.file}:{doc.line_start})"


def unpaired_reasons(
    src_docs: Sequence[Document],
    tgt_docs: Sequence[Document],
    similarities: Similarities,
    candidates: Sequence[Candidate],
    options: PairingOptions,
) -> dict[tuple[Side, int], str]:
    """Why each document left without a counterpart has none, keyed by ``(side, index)``.

    It names the candidate the assignment gave the document, or its best candidate where it got
    none (the other side has fewer documents), and what fell short: a negative margin there means
    the candidate fits another document better (the rival).
    """
    docs: dict[Side, Sequence[Document]] = {"src": src_docs, "tgt": tgt_docs}
    owner: dict[tuple[Side, int], Candidate] = {}
    for candidate in candidates:
        owner[("src", candidate.src)] = candidate
        owner[("tgt", candidate.tgt)] = candidate
    reasons: dict[tuple[Side, int], str] = {}
    sides: tuple[tuple[Side, Side], ...] = (("src", "tgt"), ("tgt", "src"))
    for side, other_side in sides:
        for index in range(len(docs[side])):
            assigned = owner.get((side, index))
            if assigned is not None and assigned.kept:
                continue
            row = similarities.scores[index, :] if side == "src" else similarities.scores[:, index]
            if len(row) == 0:
                reasons[(side, index)] = "no document in the other language"
                continue
            best = int(np.argmax(row))
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
                taker = owner[(other_side, partner)]
                taker_doc = docs[side][taker.src if side == "src" else taker.tgt]
                reasons[(side, index)] = (
                    f"{which} {label} at {judged.score:.2f} went to {_label(taker_doc)} at {taker.score:.2f}"
                )
            else:
                reasons[(side, index)] = (
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
    reasons: Mapping[tuple[Side, int], str] | None = None,
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
                DocumentPair(pair_id_for(doc), doc, None, 0.0, "src-only", reason=reasons.get(("src", i), ""))
            )
    for j, doc in enumerate(tgt_docs):
        if j not in paired_tgt:
            pairs.append(
                DocumentPair(pair_id_for(doc), None, doc, 0.0, "tgt-only", reason=reasons.get(("tgt", j), ""))
            )
    _disambiguate(pairs)
    return pairs


def pair_documents(
    src_docs: Sequence[Document],
    tgt_docs: Sequence[Document],
    similarities: Similarities,
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
