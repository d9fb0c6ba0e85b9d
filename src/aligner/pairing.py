"""Pair each source document with its translation by content, solved globally.

Titles alone do not work: translated volumes retitle papers, and two papers may share nearly the
same title (in the bundled corpus the Air Products and Jardine Matheson papers do). So each
candidate pair gets a content similarity from three signals:

- paragraph embeddings: for every paragraph, its best match on the other side; averaged both ways
  (a translation, even a condensed one, has a close counterpart for most of its paragraphs);
- shared "anchors": numbers, Latin-script names and acronyms that survive translation
  (``33618``, ``AT&S``, ``5G``), compared as sets;
- title embeddings.

The assignment is solved globally (Hungarian algorithm), and an assigned pair is kept only when its
score stands out from the other candidates of both its row and its column (a z-score against the
document's own "chance" level). Documents without a convincing match stay unpaired.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment

from aligner.model import Document, DocumentPair

FloatMatrix = npt.NDArray[np.float64]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&+\-]*[A-Za-z0-9+]|[A-Za-z]")


@dataclass(frozen=True)
class PairingOptions:
    """Weights of the three signals and how far above chance a pair must stand to be kept."""

    content_weight: float = 0.6
    anchor_weight: float = 0.3
    title_weight: float = 0.1
    # A kept pair's score must exceed the mean of its row and of its column (the other candidates)
    # by this many standard deviations.
    min_z: float = 2.5
    # Floor on the spread of the other candidates' scores: with near-identical candidates the
    # standard deviation tends to zero and any tiny lead would look significant.
    min_spread: float = 0.03
    # With too few candidates for a z-score, fall back to an absolute content similarity.
    min_content_similarity: float = 0.55


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


def best_match_means(src_vectors: FloatMatrix, tgt_vectors: FloatMatrix) -> tuple[float, float]:
    """Mean best-match cosine of the source paragraphs against the target's, and the other way
    (the content similarity is their average)."""
    if len(src_vectors) == 0 or len(tgt_vectors) == 0:
        return 0.0, 0.0
    cosines = src_vectors @ tgt_vectors.T
    return float(cosines.max(axis=1).mean()), float(cosines.max(axis=0).mean())


def _shorter_side(means: tuple[float, float], src_paragraphs: int, tgt_paragraphs: int) -> float:
    """The best-match mean of the document with fewer paragraphs (both averaged when as many).

    A summary or a condensed translation has a counterpart for most of its own paragraphs, while
    most paragraphs of the long original have none: the two-way mean would reject the pair.
    """
    if src_paragraphs == tgt_paragraphs:
        return 0.5 * (means[0] + means[1])
    return means[0] if src_paragraphs < tgt_paragraphs else means[1]


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
) -> tuple[FloatMatrix, FloatMatrix]:
    """Combined similarity in [0, 1] of every source document with every target document, and the
    content similarity of the shorter side (:func:`_shorter_side`, what :func:`assign` falls back
    on when there are too few candidates for a z-score).
    """
    rows, columns = len(src_paragraph_vectors), len(tgt_paragraph_vectors)
    scores = np.zeros((rows, columns))
    contents = np.zeros((rows, columns))
    titles = src_title_vectors @ tgt_title_vectors.T if rows and columns else np.zeros((rows, columns))
    for i in range(rows):
        for j in range(columns):
            src, tgt = src_paragraph_vectors[i], tgt_paragraph_vectors[j]
            means = best_match_means(src, tgt)
            content = max(0.5 * (means[0] + means[1]), 0.0)
            contents[i, j] = _shorter_side(means, len(src), len(tgt))
            anchor = anchor_similarity(src_anchors[i], tgt_anchors[j])
            title = float(np.clip(titles[i, j], 0.0, 1.0))
            scores[i, j] = (
                options.content_weight * content
                + options.anchor_weight * anchor
                + options.title_weight * title
            )
    return scores, contents


def _z_against_others(values: npt.NDArray[np.float64], index: int, min_spread: float) -> float:
    """How many standard deviations ``values[index]`` stands above the other values."""
    others = np.delete(values, index)
    if len(others) < 2:
        return float("nan")
    spread = max(float(others.std()), min_spread)
    return float((values[index] - others.mean()) / spread)


def assign(
    scores: FloatMatrix, content: FloatMatrix, options: PairingOptions
) -> list[tuple[int, int, float, float]]:
    """Globally best one-to-one assignment, keeping only pairs convincingly above chance.

    Returns ``(src index, tgt index, score, confidence)`` for kept pairs; confidence is the smaller
    of the row and column z-scores (``inf`` when decided by the absolute fallback).
    """
    if scores.size == 0:
        return []
    rows, columns = linear_sum_assignment(-scores)
    kept = []
    for i, j in zip(rows.tolist(), columns.tolist(), strict=True):
        z_row = _z_against_others(scores[i, :], j, options.min_spread)
        z_column = _z_against_others(scores[:, j], i, options.min_spread)
        finite = [z for z in (z_row, z_column) if not np.isnan(z)]
        if finite:
            confidence = min(finite)
            if confidence >= options.min_z:
                kept.append((i, j, float(scores[i, j]), confidence))
        elif content[i, j] >= options.min_content_similarity:
            kept.append((i, j, float(scores[i, j]), float("inf")))
    return kept


def _slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def pair_id_for(document: Document) -> str:
    """A readable id that depends on the document's content, not on its position in the input."""
    digest = hashlib.sha1(
        "\n".join(p.text for p in document.paragraphs).encode("utf-8"), usedforsecurity=False
    ).hexdigest()[:6]
    slug = _slug(document.title) or document.lang
    return f"{slug}-{digest}"


def build_pairs(
    src_docs: Sequence[Document],
    tgt_docs: Sequence[Document],
    kept: Sequence[tuple[int, int, float, float]],
) -> list[DocumentPair]:
    """Pairs in source order, then source-only documents in place, then target-only documents."""
    by_src = {i: (j, score) for i, j, score, _ in kept}
    paired_tgt = {j for _, j, _, _ in kept}
    pairs: list[DocumentPair] = []
    for i, doc in enumerate(src_docs):
        if i in by_src:
            j, score = by_src[i]
            pairs.append(DocumentPair(pair_id_for(doc), doc, tgt_docs[j], score, "paired"))
        else:
            pairs.append(DocumentPair(pair_id_for(doc), doc, None, 0.0, "src-only"))
    for j, doc in enumerate(tgt_docs):
        if j not in paired_tgt:
            pairs.append(DocumentPair(pair_id_for(doc), None, doc, 0.0, "tgt-only"))
    _disambiguate(pairs)
    return pairs


def _disambiguate(pairs: list[DocumentPair]) -> None:
    """Suffix repeated ids (identical duplicate documents) so every pair id is unique."""
    seen: dict[str, int] = {}
    for pair in pairs:
        count = seen.get(pair.pair_id, 0)
        seen[pair.pair_id] = count + 1
        if count:
            pair.pair_id = f"{pair.pair_id}-{count + 1}"
