"""The condensed check: learnt length ratio, paragraph first, omissions not counted twice."""

from __future__ import annotations

import pytest

from aligner.checks import CheckOptions, run_checks
from aligner.checks.base import learn_length_ratios
from test_report_synthetic import FAITHFUL, PairBuilder, faithful_pair, score_for

CONDENSED = CheckOptions(enabled=("condensed",))

LONG = [
    "The municipal government has published an action plan for the digital economy and the services sector.",
    "It sets clear targets for smart factories, digital workshops and industrial internet platforms by 2027.",
    "It also asks the districts to coordinate their industrial parks and to share data across departments.",
]
SUMMARY = "市政府发布了数字经济行动方案。"


def test_condensed_paragraph_is_reported_once_with_the_missing_share() -> None:
    pair = faithful_pair()
    block = pair.paragraph([(LONG, SUMMARY, 0.55)])
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", CONDENSED)
    assert finding.severity == "major" and finding.detail["level"] == "paragraph"
    assert finding.detail["block"] == block
    assert 0.75 < finding.detail["missing_share"] < 0.95  # type: ignore[operator]
    assert "of the content is missing" in finding.message


def test_condensed_sentence_group_inside_an_otherwise_faithful_paragraph() -> None:
    pair = faithful_pair()
    pair.paragraph([*[(en, zh, 0.88) for en, zh in FAITHFUL[:6]], (LONG, SUMMARY, 0.55)])
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", CONDENSED)
    assert finding.detail["level"] == "sentence" and finding.src[0].text == LONG[0]


def test_omitted_sentences_do_not_make_a_paragraph_condensed() -> None:
    pair = faithful_pair()
    pair.paragraph([(FAITHFUL[0][0], FAITHFUL[0][1], 0.9), *[(en, None, 0.0) for en in LONG]])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", CONDENSED) == []


def test_ratio_is_learnt_per_document() -> None:
    terse = faithful_pair("p1")
    verbose = PairBuilder("p2")
    # A translator who writes twice as long: nothing of this document is condensed by its own measure.
    for start in range(0, 24, 3):
        verbose.paragraph(
            [(en, zh + zh, score_for(start + i)) for i, (en, zh) in enumerate(FAITHFUL[start : start + 3])]
        )
    ratios = learn_length_ratios([*terse.beads, *verbose.beads], CheckOptions())
    assert ratios["p2"] == pytest.approx(2 * ratios["p1"], rel=0.1)
    documents = [terse.row(), verbose.row()]
    assert run_checks([*terse.beads, *verbose.beads], documents, "en", "zh", CONDENSED) == []


def test_threshold_is_an_option() -> None:
    pair = faithful_pair()
    half = "市政府发布了数字经济和服务业行动方案，明确了到2027年智能工厂、数字化车间和工业互联网平台的目标。"
    pair.paragraph([(LONG, half, 0.7)])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", CONDENSED) == []
    loose = CheckOptions(enabled=("condensed",), condensed_min_missing=0.3)
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", loose)
    assert 0.3 <= finding.detail["missing_share"] < 0.5  # type: ignore[operator]


def test_paragraph_only_runs_learn_from_paragraph_beads() -> None:
    pair = faithful_pair()
    pair.paragraph([(LONG, SUMMARY, 0.55)])
    paragraphs = [bead for bead in pair.beads if bead.level == "paragraph"]
    (finding,) = run_checks(paragraphs, [pair.row()], "en", "zh", CONDENSED)
    assert finding.detail["level"] == "paragraph"


def test_a_short_sentence_whose_content_sits_in_its_neighbour_is_not_reported() -> None:
    pair = faithful_pair()
    # The translator moved most of LONG's content into the neighbouring target sentence: the
    # paragraph as a whole has its expected length, so no sentence group is condensed.
    moved = (
        SUMMARY
        + "明确了到2027年智能工厂、数字化车间和工业互联网平台的目标，并要求各区协调产业园区、跨部门共享数据。"
    )
    pair.paragraph([(FAITHFUL[0][0], FAITHFUL[0][1] + moved, 0.7), (LONG, SUMMARY, 0.55)])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", CONDENSED) == []


def test_a_lead_in_whose_list_follows_is_not_condensed() -> None:
    pair = faithful_pair()
    pair.paragraph([*[(en, zh, 0.88) for en, zh in FAITHFUL[:6]], (LONG, "行动方案主要包括：", 0.5)])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", CONDENSED) == []


def test_the_content_share_is_the_shortfall_less_the_calibration() -> None:
    pair = faithful_pair()
    pair.paragraph([(LONG, SUMMARY, 0.55)])
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", CONDENSED)
    shortfall = finding.detail["missing_share"]
    assert finding.detail["content_missing_share"] == pytest.approx(shortfall - 0.25, abs=0.002)  # type: ignore[operator]
    assert f"about {finding.detail['content_missing_share']:.0%} of the content is missing" in finding.message
    uncalibrated = CheckOptions(enabled=("condensed",), condensed_calibration_shift=0.0)
    (raw,) = run_checks(pair.beads, [pair.row()], "en", "zh", uncalibrated)
    assert raw.detail["content_missing_share"] == shortfall
