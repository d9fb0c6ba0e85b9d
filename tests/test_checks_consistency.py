"""Consistency: one source translated differently, one translation for different sources."""

from __future__ import annotations

from aligner.checks import CheckOptions, run_checks
from test_report_synthetic import faithful_pair

CONSISTENCY = CheckOptions(enabled=("consistency",))
SOURCE = "Artificial intelligence is the engine of the new industrial revolution."


def test_same_source_translated_differently() -> None:
    first, second = faithful_pair("p1"), faithful_pair("p2")
    first.paragraph([(SOURCE, "人工智能是新一轮产业革命的引擎。", 0.9)])
    second.paragraph([(SOURCE + " ", "人工智能推动制造业转型。", 0.7)])
    second.paragraph([(SOURCE.upper(), "人工智能是新一轮产业革命的引擎！", 0.9)])
    (finding,) = run_checks(
        [*first.beads, *second.beads], [first.row(), second.row()], "en", "zh", CONSISTENCY
    )
    assert finding.severity == "info" and finding.pair_id == "p1"
    variants = finding.detail["variants"]
    assert [v["count"] for v in variants] == [2, 1]  # type: ignore[attr-defined]
    assert len(finding.src) == 3 and {s.file for s in finding.src} == {"en.txt"}


def test_near_identical_translations_and_short_sentences_are_consistent() -> None:
    pair = faithful_pair()
    pair.paragraph([(SOURCE, "人工智能是新一轮产业革命的引擎。", 0.9)])
    pair.paragraph([(SOURCE, "人工智能是新一轮产业革命的引擎", 0.9)])
    pair.paragraph([("Introduction", "前言", 0.9)])
    pair.paragraph([("Introduction", "引言", 0.9)])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", CONSISTENCY) == []


def test_same_translation_for_different_sources() -> None:
    pair = faithful_pair()
    pair.paragraph([(SOURCE, "人工智能是新一轮产业革命的引擎。", 0.9)])
    pair.paragraph(
        [("Robots now move most materials inside the new plant.", "人工智能是新一轮产业革命的引擎。", 0.5)]
    )
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", CONSISTENCY)
    assert finding.detail["varying_side"] == "src"
