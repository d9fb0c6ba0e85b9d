"""A figure's bound ("more than 300", "nearly 20") dropped or turned by the translation."""

from __future__ import annotations

import pytest

from aligner.checks import run_checks
from aligner.checks.numbers import bound_changes, number_bounds
from test_checks_numbers import ONLY_NUMBERS, _pair


@pytest.mark.parametrize(
    ("english", "chinese", "changes"),
    [
        # The judged gaps of the bundled corpus (papers 08 and 10).
        (
            "Air Liquide has been rooted in Chongqing for over 20 years.",
            "扎根重庆近 20 年。",
            [("20", "above", "20", "near")],
        ),
        (
            "The company expects to generate more than 300 million euros in 2025.",
            "预计 2025 年将增至 3 亿欧元。",
            [("300 million", "above", "3 亿", "")],
        ),
        ("Fewer than 50 firms applied.", "超过 50 家企业申请。", [("50", "below", "50", "above")]),
        ("Nearly 40% of plants use it.", "超过 40% 的工厂使用它。", [("40%", "near", "40%", "above")]),
    ],
)
def test_a_bound_the_target_drops_or_turns_is_a_change(
    english: str, chinese: str, changes: list[tuple[str, str, str, str]]
) -> None:
    assert bound_changes(english, chinese) == changes


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("It serves more than 500,000 farmers.", "已累计服务农户超 50 万户。"),
        ("It serves over 4 million farmers.", "为 400 余万名农户提供服务。"),
        ("Over 80% of edge devices lack it.", "80% 以上边缘设备缺乏。"),
        ("More than 30 partners joined.", "即有 30+ 家合作伙伴加入。"),
        ("The cycle falls to within 25 weeks.", "周期压缩至 25 周以内。"),
        ("A lamp may fail within 48 hours.", "灯具可能在 48 小时内失效。"),
        ("It stayed active for over two decades.", "已有二十余年的发展历史。"),
        # A bound only the target has: a round figure stated as a floor is no gap.
        ("Chongqing produced 2.5 million vehicles.", "汽车产量突破 250 万辆。"),
        # "Almost" dropped from a round figure, and approximations on either side.
        ("Corning, an almost 175 years old company.", "康宁作为一家具有 175 年历史的企业。"),
        ("GDP reached almost 1.6 trillion yuan.", "GDP 总量已达约 1.6 万亿元。"),
        ("More than 300 firms took part.", "约 300 家企业参与。"),
        # "Over" before a duration is as often a period as a bound.
        ("It predicts outbreaks over 15 days.", "预测 15 天的病害。"),
        # Ages: "65 and over" is 65 岁以上; years are comparisons, not bounds.
        ("The share aged 65 and over rose.", "65 岁以上人口比例上升。"),
        ("Sales grew over 2024 levels.", "销售额较 2024 年增长。"),
    ],
)
def test_kept_bounds_and_figures_without_one_are_no_change(english: str, chinese: str) -> None:
    assert bound_changes(english, chinese) == []


def test_a_figure_written_twice_has_no_bound_to_compare() -> None:
    assert "20" not in number_bounds("Over 20 plants and 20 labs.")
    assert number_bounds("over 20 plants")["20"] == ("above", "20")


def test_a_dropped_bound_is_a_minor_numbers_finding_on_its_sentence() -> None:
    pair = _pair(
        ("Revenue will reach more than 300 million euros.", "收入将增至 3 亿欧元。"),
        ("Exports grew as well.", "出口同样有所增长。"),
    )
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", ONLY_NUMBERS)
    assert finding.check == "numbers" and finding.severity == "minor"
    assert finding.src[0].text == "Revenue will reach more than 300 million euros."
    assert finding.detail["bound_changes"] == [["300 million", "above", "3 亿", ""]]
    assert "300 million (more than) is 3 亿 (no bound)" in finding.message
