"""Number extraction and normalisation, and the numbers check on beads."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligner.checks import CheckOptions, run_checks
from aligner.checks.numbers import extract_numbers, parse_chinese_numeral
from test_report_synthetic import FAITHFUL, PairBuilder, score_for

ONLY_NUMBERS = CheckOptions(enabled=("numbers",))


def hard(text: str) -> list[str]:
    return sorted(extract_numbers(text)[0].elements())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5万", ["15000"]),
        ("15,000 people", ["15000"]),
        ("百分之四十八", ["48"]),
        ("48 percent", ["48"]),
        ("48％的企业", ["48"]),
        ("2025年", ["2025"]),
        ("二〇二五年", ["2025"]),
        ("三十家企业", ["30"]),
        ("2.3亿元", ["230000000"]),
        ("1.5 million units", ["1500000"]),
        ("US$3.2bn", ["3200000000"]),
        ("1,200", ["1200"]),
        ("约 30 万吨", ["300000"]),
        ("一百多万人", ["1000000"]),
        ("三亿五千万", ["350000000"]),
        ("the 19th meeting", ["19"]),
        ("第十九届会议", ["19"]),
        ("“十四五”规划", ["14"]),
        ("Industry 4.0", []),
        ("2025–2027", ["2025", "2027"]),
        ("USD815.9 billion", ["815900000000"]),
        (
            # the bracketed dollar range restates the yuan range: soft, a translation may drop it
            "600 - 700 billion yuan (US$84 -US$98 billion)",
            ["600000000000", "700000000000"],
        ),
        (
            "6000 亿至 7000 亿元（折合约 840 亿至 980 亿美元）",
            ["600000000000", "700000000000"],
        ),
        ("1 千兆瓦", []),
        ("每年供电约1.5万兆瓦时", ["15000"]),
        ('the "14th Five-Year Plan"', ["14"]),
        ("约 1 亿 2808 万人", ["128080000"]),
        ("RMB 10 million", ["10000000"]),
    ],
)
def test_numbers_are_normalised(text: str, expected: list[str]) -> None:
    assert hard(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1. Introduction",
        "（一）发展背景",
        "一、总体要求",
        "(2) the second point",
        "as noted in [12], growth",
        "the dual circulation³ strategy",
        "Chengdu–Chongqing Economic Circle ¹strengthens",
        "① Expand high-risk area sensing",
        "COVID-19, 5G, H100, FC-CSP and CO2",
        "统一的一带一路，十分重要，百姓",
        "growth.12 The next",
        'the "dual circulation"3 strategy',
        "1 Citizen-centered services",
        "Hunyuan World-1 and Level-4 and GPT-4",
        "3.1 AI+ Intelligent Manufacturing",
        "2.1 打造 AI 赋能的智能制造中枢",
    ],
)
def test_markers_codes_footnotes_and_idioms_are_not_numbers(text: str) -> None:
    assert hard(text) == []


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Level 2 driving", "L2 级驾驶"),
        ("24/7 operation", "7x24 小时运行"),
        ("supercomputers of the 1990s", "90 年代的超级计算机"),
        ("three key measures", "三大措施"),
        ("on October 12", "10月12日"),
        ("signed in May 2025", "2025 年 5 月签署"),
        ("for over two decades", "二十余年来"),
        ("over RMB 10 million in savings", "超千万元成本节约"),
    ],
)
def test_soft_forms_match_hard_numbers(english: str, chinese: str) -> None:
    (en_hard, en_soft), (zh_hard, zh_soft) = extract_numbers(english), extract_numbers(chinese)
    assert not en_hard - (zh_hard + zh_soft) and not zh_hard - (en_hard + en_soft)


def test_spelled_out_numbers_are_soft() -> None:
    hard_part, soft_part = extract_numbers("three factories opened in October, one of them in June")
    assert hard_part == Counter()
    assert soft_part == Counter({"3": 1, "10": 1, "1": 1, "6": 1})
    assert extract_numbers("三个工厂")[1] == Counter({"3": 1})


_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """Render ``n`` as a standard Chinese numeral, independently of the parser under test."""

    def section(value: int) -> str:
        out, zero = "", False
        for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            digit, value = divmod(value, size)
            if digit:
                out += ("零" if zero and out else "") + _DIGITS[digit] + unit
                zero = False
            else:
                zero = True
        return out

    if n == 0:
        return "零"
    parts, out = [], ""
    for unit, size in (("亿", 10**8), ("万", 10**4), ("", 1)):
        value, n = divmod(n, size)
        parts.append((value, unit, size))
    for value, unit, size in parts:
        if value:
            text = section(value) if size < 10**8 else chinese(value)
            if out and value < 1000:
                text = "零" + text
            out += text + unit
    return out


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_chinese_numeral(chinese(n)) == n


@given(st.integers(min_value=10, max_value=10**9), st.sampled_from(["{:,}", "{}"]))
def test_english_and_chinese_forms_agree(n: int, english_format: str) -> None:
    english = hard(f"about {english_format.format(n)} units")
    assert english == [str(n)]
    assert english == hard(f"约{chinese(n)}个单位")


def _pair(second: tuple[str, str], third: tuple[str, str]) -> PairBuilder:
    pair = PairBuilder("p1")
    for start in range(0, 12, 3):
        pair.paragraph([(en, zh, score_for(i)) for i, (en, zh) in enumerate(FAITHFUL[start : start + 3])])
    pair.paragraph([(FAITHFUL[20][0], FAITHFUL[20][1], 0.85), (*second, 0.86), (*third, 0.84)])
    return pair


def test_number_moved_to_the_next_sentence_is_not_reported() -> None:
    pair = _pair(
        ("Output rose by 12% last year.", "去年产量有所增长。"),
        ("Exports grew as well.", "出口增长了12%，同样有所增长。"),
    )
    assert run_checks(pair.beads, [pair.row()], "en", "zh", ONLY_NUMBERS) == []


def test_wrong_number_is_reported_on_its_sentence() -> None:
    pair = _pair(
        ("Output rose by 12% in 2024.", "2024年产量增长了21%。"),
        ("Exports grew by 1.5 million tonnes.", "出口增长了150万吨。"),
    )
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", ONLY_NUMBERS)
    assert finding.severity == "major"
    assert finding.src[0].text == "Output rose by 12% in 2024."
    assert finding.detail["missing_in_target"] == ["12"]
    assert finding.detail["extra_in_target"] == ["21"]


def test_numbers_in_omitted_sentences_are_left_to_the_omission_check() -> None:
    pair = _pair(("Output rose by 12% in 2024.", "2024年产量增长了12%。"), ("Exports fell by 3%.", None))  # type: ignore[arg-type]
    assert run_checks(pair.beads, [pair.row()], "en", "zh", ONLY_NUMBERS) == []


@pytest.mark.parametrize(
    ("english", "chinese", "changes"),
    [
        # Growth of 7.9% becomes a lead of 7.9 percentage points: another claim.
        ("Spending grew 11.5%, far above the 7.9% growth of the budget.",
         "年均增长 11.5%，远超预算支出增幅 7.9 个百分点。", [("7.9%", "7.9 个百分点")]),
        ("The share rose by 2 percentage points to 48%.", "占比上升 2%，达到 48%。",
         [("2 percentage points", "2%")]),
        # Same units on both sides, or a value written both ways on one side: nothing to report.
        ("The share rose by 2 percentage points to 48%.", "占比上升 2 个百分点，达到 48%。", []),
        ("Growth was 5% in 2024, 5 pp above 2023.", "2024 年增长 5%。", []),
    ],
)  # fmt: skip
def test_percent_and_percentage_points_are_told_apart(
    english: str, chinese: str, changes: list[tuple[str, str]]
) -> None:
    from aligner.checks.numbers import unit_changes

    assert unit_changes(english, chinese) == changes
    pair = PairBuilder("p1")
    pair.paragraph([(english, chinese, 0.8)])
    findings = [
        f for f in run_checks(pair.beads, [pair.row()], "en", "zh", ONLY_NUMBERS) if "points" in f.message
    ]
    assert len(findings) == (1 if changes else 0)
    if changes:
        assert findings[0].detail["unit_changes"] == [list(c) for c in changes]
