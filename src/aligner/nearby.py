"""Where the content of a sentence without counterpart sits in a nearby sentence of the other side.

A translator often folds a short sentence into its neighbour ("... 价格合理，广泛适用于中小企业。"
for two English sentences) or moves it across a paragraph break. The sentence DP then leaves it
as a 1-0 bead: merged into the neighbour's bead, the short clause barely moves the window's
embedding, so the merge gains nothing. The omission check would report a sentence that is
translated.

This stage looks for that case after alignment. For each sentence bead with one side only, it
cuts the other side's sentences of the nearby beads into clauses (at commas, semicolons and
colons, and pairs of neighbouring clauses) and measures each clause against the lonely text and
against the text the clause is aligned with. A clause that reads clearly more like the lonely
sentence than like its own bead's source holds the lonely sentence's content. The best such
clause is recorded on the bead (:class:`aligner.model.NearbyMatch`); the checks decide what it
means.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from aligner.encoders import CachedEncoder, l2_normalise
from aligner.model import AlignedBead, NearbyMatch, Segment

# Sentence beads on each side of a lonely bead, in text order, whose clauses are candidates.
REACH = 2
# A clause is a candidate only if its cosine with the lonely text is at least this: lower, the
# two share words of the topic, not content (use-m3's translations score about 0.5 to 0.8).
MIN_COSINE = 0.25
# Lonely texts shorter than this (characters) are stray numbers or labels: not measured.
MIN_CHARS = 15

_CLAUSE_END = {
    "cjk": re.compile(r"(?<=[，；：,;:])"),
    "latin": re.compile(r"(?<=[,;:—])\s+|\s+(?=—)"),
}
_CJK_LANGS = {"zh", "ja", "ko"}


def clauses(text: str, lang: str) -> list[str]:
    """``text``'s clauses, the pairs of neighbouring clauses, and ``text`` itself, in that order.

    Clause ends are commas, semicolons and colons (and dashes in Latin script). Pieces too short
    to mean much alone (under 4 characters in CJK, 12 elsewhere) stay attached to their pair.
    """
    cjk = lang in _CJK_LANGS
    minimum = 4 if cjk else 12
    pieces = [p.strip() for p in _CLAUSE_END["cjk" if cjk else "latin"].split(text.strip())]
    pieces = [p for p in pieces if p]
    joiner = "" if cjk else " "
    found = [p for p in pieces if len(p) >= minimum]
    found += [joiner.join(pieces[i : i + 2]) for i in range(len(pieces) - 1)]
    found.append(text.strip())
    return list(dict.fromkeys(found))


# A nearby bead with the other side only (an omission beside an addition: the translator moved a
# sentence across a paragraph break, so the two never met in one paragraph bead) has no text of
# its own to compare its clauses with: they count as if that text scored this. So a margin of 0.2
# needs a cosine of 0.5, what use-m3 gives a translation.
LONELY_OWN_COSINE = 0.3


@dataclass(frozen=True)
class Neighbour:
    """A nearby bead, seen from a lonely one: its text on the lonely side (None where it has none),
    its texts on the other."""

    own: str | None
    others: tuple[str, ...]


def best_clause(
    text: str, neighbours: Sequence[Neighbour], other_lang: str, encoder: CachedEncoder
) -> tuple[float, float, str, int, int] | None:
    """The clause of ``neighbours``' other-side texts that reads most like ``text`` rather than
    like its own bead: (cosine, margin, clause, neighbour index, text index), or None when no
    clause has a cosine of at least :data:`MIN_COSINE` with ``text``."""
    places = [
        (clause, n, k)
        for n, neighbour in enumerate(neighbours)
        for k, other in enumerate(neighbour.others)
        for clause in clauses(other, other_lang)
    ]
    if not places:
        return None
    owns = [n.own for n in neighbours if n.own is not None]
    texts = sorted({text, *(c for c, _, _ in places), *owns})
    vectors = l2_normalise(encoder.encode(texts))
    row = {t: i for i, t in enumerate(texts)}
    clause_vectors = vectors[[row[c] for c, _, _ in places]]
    cosine = clause_vectors @ vectors[row[text]]
    own_cosine = np.array(
        [
            LONELY_OWN_COSINE
            if (own := neighbours[n].own) is None
            else float(clause_vectors[k] @ vectors[row[own]])
            for k, (_, n, _) in enumerate(places)
        ]
    )
    margin = cosine - own_cosine
    eligible = np.flatnonzero(cosine >= MIN_COSINE)
    if eligible.size == 0:
        return None
    # Highest margin first; among equal floats, the earlier clause, for determinism.
    best = int(eligible[np.argmax(margin[eligible])])
    clause, n, k = places[best]
    return float(cosine[best]), float(margin[best]), clause, n, k


def _joined(segments: Sequence[Segment]) -> str:
    return " ".join(s.text.strip() for s in segments)


def _lonely_side(bead: AlignedBead) -> str | None:
    if bead.level != "sentence":
        return None
    if bead.src and not bead.tgt:
        return "src"
    if bead.tgt and not bead.src:
        return "tgt"
    return None


def _neighbours(beads: Sequence[AlignedBead], index: int, side: str) -> list[tuple[Neighbour, list[Segment]]]:
    """The beads near ``index`` (same pair, with other-side text), with their other-side segments."""
    out = []
    for j in range(max(0, index - REACH), min(len(beads), index + REACH + 1)):
        near = beads[j]
        own, other = (near.src, near.tgt) if side == "src" else (near.tgt, near.src)
        if j != index and near.pair_id == beads[index].pair_id and other:
            out.append(
                (Neighbour(_joined(own) if own else None, tuple(s.text.strip() for s in other)), other)
            )
    return out


def find_nearby_matches(
    beads: Sequence[AlignedBead], encoder: CachedEncoder, src_lang: str, tgt_lang: str
) -> list[AlignedBead]:
    """``beads`` (one pair's, in text order) with :attr:`AlignedBead.nearby` set on each sentence
    bead with one side only that has a candidate clause nearby (see :func:`best_clause`)."""
    sentence_beads = [b for b in beads if b.level == "sentence"]
    found: dict[int, NearbyMatch] = {}
    for index, bead in enumerate(sentence_beads):
        side = _lonely_side(bead)
        text = _joined(bead.src or bead.tgt)
        if side is None or len(text) < MIN_CHARS:
            continue
        near = _neighbours(sentence_beads, index, side)
        match = best_clause(text, [n for n, _ in near], tgt_lang if side == "src" else src_lang, encoder)
        if match is not None:
            cosine, margin, clause, n, k = match
            segment = near[n][1][k]
            found[id(bead)] = NearbyMatch(cosine, margin, clause, segment.file, segment.line_start)
    return [replace(b, nearby=found[id(b)]) if id(b) in found else b for b in beads]
