"""The partial check: a sentence left out of a translation but merged into its neighbour's bead."""

from __future__ import annotations

from aligner.checks import CheckOptions, run_checks
from aligner.checks.codes import load_renderings
from aligner.checks.coverage import chinese_glosses, coverage, english_words
from test_checks_condensed import LONG, SUMMARY
from test_report_synthetic import FAITHFUL, faithful_pair

PARTIAL = CheckOptions(enabled=("partial",))
ENGINEERS, ENGINEERS_ZH = FAITHFUL[6]
DOWNTIME, DOWNTIME_ZH = FAITHFUL[7]
# Nothing of this sentence is in any Chinese of the fixtures.
DROPPED = "Farmers harvest tea leaves by hand on misty mountain slopes every spring."


def test_a_sentence_merged_into_its_neighbours_bead_but_not_translated_is_reported() -> None:
    pair = faithful_pair()
    pair.paragraph([([ENGINEERS, DROPPED], ENGINEERS_ZH, 0.7), (DOWNTIME, DOWNTIME_ZH, 0.86)])
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", PARTIAL)
    assert finding.severity == "major" and [s.text for s in finding.src] == [DROPPED]
    assert finding.detail["coverage"] == 0.0 and finding.detail["bead_kind"] == "2-1"
    assert "probably left out" in finding.message


def test_a_misaligned_bead_is_not_read_as_a_merge() -> None:
    # Neither source sentence is accounted for by the bead's target: the bead as a whole is wrong,
    # which the low-similarity check judges.
    pair = faithful_pair()
    pair.paragraph([([DROPPED, "Bakers sell bread and cakes at the weekend market."], DOWNTIME_ZH, 0.2)])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", PARTIAL) == []


def test_a_sentence_translated_in_the_neighbouring_paragraph_is_not_reported() -> None:
    pair = faithful_pair()
    moved = "农民每年春天在多雾的高山斜坡上手工收获茶叶。"
    pair.paragraph([(DOWNTIME, DOWNTIME_ZH + moved, 0.8)])
    pair.paragraph([([DROPPED, ENGINEERS], ENGINEERS_ZH, 0.7)])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", PARTIAL) == []


def test_a_fragment_cut_by_a_page_break_is_not_read() -> None:
    pair = faithful_pair()
    pair.paragraph([([ENGINEERS, "harvest tea leaves by hand on misty mountain slopes."], ENGINEERS_ZH, 0.7)])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", PARTIAL) == []


def test_inside_a_condensed_paragraph_the_sentence_is_folded_into_its_finding() -> None:
    pair = faithful_pair()
    pair.paragraph([([*LONG, DROPPED], SUMMARY, 0.5)])
    options = CheckOptions(enabled=("partial", "condensed"))
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", options)
    assert finding.check == "condensed" and finding.severity == "major"
    assert "probably left out" in finding.message
    listed = finding.detail["left_out_sentences"]
    assert isinstance(listed, list) and DROPPED in [entry["text"] for entry in listed]


def test_dictionary_coverage_counts_content_words_only() -> None:
    glosses = chinese_glosses("该平台采用物联网技术，服务于重庆的制造企业。")
    words = english_words(
        "The platform uses IoT technology for manufacturers in Chongqing and tea farmers.",
        glosses,
        load_renderings(),
    )
    by_text = {w.text: w for w in words}
    assert by_text["platform"].covered and by_text["technology"].covered
    assert by_text["IoT"].content and by_text["IoT"].covered  # a standard rendering: 物联网
    assert not by_text["Chongqing"].content  # a name: transliterated or dropped freely
    assert not by_text["for"].content and by_text["for"].covered  # a function word
    assert not by_text["tea"].covered and not by_text["farmers"].covered
    share = coverage(words)
    assert share is not None and 0.5 < share < 1.0
