"""Document pairing: by content, globally, leaving unconvincing documents unpaired."""

from __future__ import annotations

import numpy as np

from aligner.model import Document, Segment
from aligner.pairing import (
    Candidate,
    PairingOptions,
    Similarities,
    anchor_similarity,
    anchors,
    assign,
    build_pairs,
    pair_id_for,
)


def make_doc(doc_id: str, title: str, lang: str, paragraphs: list[str]) -> Document:
    segments = [
        Segment(text, f"{lang}.txt", n + 1, n + 1, 0, len(text), "body", n)
        for n, text in enumerate(paragraphs)
    ]
    return Document(doc_id, title, lang, f"{lang}.txt", 1, len(paragraphs), segments)


def similarities(scores: list[list[float]], coverage: float = 1.0) -> Similarities:
    """Signals of distinct documents with the given scores and the same coverage everywhere."""
    matrix = np.array(scores)
    rows, columns = matrix.shape
    covered = np.full(matrix.shape, coverage)
    return Similarities(matrix, covered, covered, covered, np.arange(rows), np.arange(columns))


def kept_pairs(candidates: list[Candidate]) -> list[tuple[int, int]]:
    return [(c.src, c.tgt) for c in candidates if c.kept]


def test_anchors_keep_numbers_and_latin_tokens_across_scripts() -> None:
    english = anchors("The 33618 model targets 30 smart factories by 2027 with AT&S and 5G.")
    chinese = anchors("通过“33618”工程，到2027年建成30个智能工厂，奥特斯（AT&S）部署5G。")
    assert {"33618", "2027", "30", "at&s", "5g"} <= english & chinese
    assert anchor_similarity(english, chinese) > 0.6


def test_assignment_is_global_and_rejects_documents_no_better_than_chance() -> None:
    # 4 source documents, 3 targets: target j translates source j; source 3 has no translation.
    scores = [
        [0.80, 0.30, 0.32],
        [0.35, 0.78, 0.31],
        [0.30, 0.33, 0.82],
        [0.36, 0.34, 0.35],
    ]
    assert kept_pairs(assign(similarities(scores), PairingOptions())) == [(0, 0), (1, 1), (2, 2)]


def test_assignment_leaves_a_forced_match_unpaired() -> None:
    # target 1 matches nothing: the assignment gives it a source, but by a hair over the others
    scores = [[0.8, 0.31, 0.3], [0.3, 0.33, 0.31], [0.29, 0.3, 0.79], [0.3, 0.32, 0.33]]
    candidates = assign(similarities(scores), PairingOptions())
    assert kept_pairs(candidates) == [(0, 0), (2, 2)]
    (forced,) = [c for c in candidates if c.tgt == 1]
    assert not forced.kept and forced.shortfalls[0].startswith("margin 0.0")


def test_single_candidates_are_judged_by_coverage() -> None:
    # no rival, so no margin: the paragraphs with a close match decide, whatever the score
    good = assign(similarities([[0.5]], coverage=0.9), PairingOptions())
    bad = assign(similarities([[0.7]], coverage=0.3), PairingOptions())
    assert kept_pairs(good) == [(0, 0)] and good[0].confidence and good[0].confidence.margin is None
    assert kept_pairs(bad) == [] and bad[0].shortfalls == ("coverage 30% / 30%, needs 58% on one side",)


def test_pair_ids_depend_on_content_not_position() -> None:
    a = make_doc("x#01", "Building an AI Hub", "en", ["First paragraph.", "Second."])
    b = make_doc("x#02", "Building an AI Hub", "en", ["Other text entirely.", "More."])
    assert pair_id_for(a) != pair_id_for(b)
    assert pair_id_for(a).startswith("building-an-ai-hub-")
    moved = make_doc("y#09", "Building an AI Hub", "en", ["First paragraph.", "Second."])
    assert pair_id_for(moved) == pair_id_for(a)


def test_build_pairs_reports_unpaired_on_both_sides_and_unique_ids() -> None:
    src = [make_doc(f"en#{i}", f"Paper {i}", "en", [f"text {i}"]) for i in range(3)]
    tgt = [make_doc(f"zh#{i}", f"论文 {i}", "zh", [f"文本 {i}"]) for i in range(3)]
    pairs = build_pairs(src, tgt, [Candidate(0, 1, 0.9), Candidate(2, 0, 0.8)])
    assert [(p.status, p.src and p.src.doc_id, p.tgt and p.tgt.doc_id) for p in pairs] == [
        ("paired", "en#0", "zh#1"),
        ("src-only", "en#1", None),
        ("paired", "en#2", "zh#0"),
        ("tgt-only", None, "zh#2"),
    ]
    assert len({p.pair_id for p in pairs}) == 4
