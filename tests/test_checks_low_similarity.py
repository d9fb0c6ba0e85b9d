"""The low-similarity check: robust per-document baseline, run baseline for small documents."""

from __future__ import annotations

from aligner.checks import CheckOptions, run_checks
from test_report_synthetic import FAITHFUL, PairBuilder, faithful_pair

LOW = CheckOptions(enabled=("low-similarity",))
MISMATCH = ("Water recycling allows the factory to reuse most of its process water.", "公司计划扩大产能。")


def test_outlier_is_reported_with_the_document_baseline() -> None:
    pair = faithful_pair()
    pair.paragraph([(*MISMATCH, 0.41)])
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", LOW)
    assert finding.severity == "minor"
    assert finding.detail["score"] == 0.41 and finding.detail["baseline"] == "document"
    assert 0.82 <= finding.detail["baseline_median"] <= 0.92  # type: ignore[operator]
    assert "against the document's median" in finding.message


def test_ordinary_spread_and_short_segments_are_not_reported() -> None:
    pair = faithful_pair()
    pair.paragraph([(*FAITHFUL[0], 0.74), ("Introduction", "前言", 0.2)])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", LOW) == []


def test_small_document_uses_the_run_baseline() -> None:
    big = faithful_pair("p1")
    small = PairBuilder("p2")
    small.paragraph([(*FAITHFUL[1], 0.86), (*MISMATCH, 0.4)])
    findings = run_checks([*big.beads, *small.beads], [big.row(), small.row()], "en", "zh", LOW)
    assert [(f.pair_id, f.detail["baseline"]) for f in findings] == [("p2", "run")]


def test_a_stricter_z_reports_less() -> None:
    pair = faithful_pair()
    pair.paragraph([(*MISMATCH, 0.6)])
    assert len(run_checks(pair.beads, [pair.row()], "en", "zh", LOW)) == 1
    strict = CheckOptions(enabled=("low-similarity",), low_similarity_min_gap=0.3)
    assert run_checks(pair.beads, [pair.row()], "en", "zh", strict) == []


def test_a_reordered_paragraph_is_not_low_similarity() -> None:
    # The translator swapped two sentences: the sentence DP keeps the order, so each English sentence
    # meets the other's translation, while the dictionary finds each one's content in the other bead.
    pair = faithful_pair()
    (first_en, first_zh), (second_en, second_zh) = FAITHFUL[6], FAITHFUL[12]
    pair.paragraph([(first_en, second_zh, 0.3), (second_en, first_zh, 0.3)])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", LOW) == []
    # Unrelated text in the same place is still reported.
    other = faithful_pair()
    other.paragraph([(first_en, "天气很好，我们去公园散步。", 0.3), (second_en, "他喜欢喝茶和读书。", 0.3)])
    assert len(run_checks(other.beads, [other.row()], "en", "zh", LOW)) == 2
