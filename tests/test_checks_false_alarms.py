"""The false-alarm classes an editor found in the bundled-corpus report, each on a small fixture.

Every test builds a faithful pair, adds the one passage of its class, and asserts what the report
says about it, so a regression in any class shows up by name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from aligner.checks import CheckOptions, run_checks
from aligner.checks.codes import parse_renderings, rendered
from aligner.checks.numbers import extract_numbers, reconcile
from aligner.clean import classify, is_note
from aligner.model import Removed
from test_report_synthetic import faithful_pair


def checks_on(pair, **kwargs):  # type: ignore[no-untyped-def]
    return run_checks(pair.beads, [pair.row()], "en", "zh", **kwargs)


@pytest.mark.parametrize(
    "text",
    [
        "Computing power drives AI revolution, China Daily, May 2025",
        "National Data website of China's National Bureau of Statistics. https://data.stats.gov.cn/q?cn=E0103",
        "[3] 内阁府「2025 年版老龄社会白皮书」,P3",
        "^[2] 2025 年重庆市生产力发展研判",
        "Source: Based on the National Data website.",
        "资料来源：国家统计局",
        "资料) 根据中国国家统计局官网“国家数据”制成",  # the Japanese 資料） style
        "资料来源）日本总务省「数字应用支援推进项目」",
        "² Calculated from the sample survey.",
    ],
)
def test_footnotes_endnotes_and_references_are_notes(text: str) -> None:
    assert is_note(text)
    assert classify(text) == "note"


@pytest.mark.parametrize(
    "text",
    [
        "He was born in Paris, 1990.",
        "Chongqing produced 2.5 million vehicles in 2024, including 950,000 electric vehicles.",
        "智能制造是重庆的重点产业。",
        "资料显示，重庆的智能工厂数量逐年增加。",
    ],
)
def test_body_text_is_not_a_note(text: str) -> None:
    assert not is_note(text)


def test_a_footnote_moved_to_the_endnotes_makes_no_finding() -> None:
    pair = faithful_pair()
    # The English footnote sits in the flow (its marker lost), the Chinese gives it as an endnote.
    pair.paragraph([("Computing power drives AI revolution, China Daily, May 2025", None, 0.0)], kind="note")
    pair.paragraph([("The plan was approved in May.", "该计划于五月获批。", 0.84)])
    pair.paragraph([(None, "[1] 《算力驱动人工智能革命》，China Daily，2025 年 5 月", 0.0)], kind="note")
    findings = checks_on(pair)
    assert findings == []


def test_a_note_with_no_counterpart_anywhere_is_minor_never_critical() -> None:
    pair = faithful_pair()
    note = "Hitachi Energy invests US$250 million in transformer parts, Industry Insider, March 2025"
    pair.paragraph([(note, None, 0.0)], kind="note")
    findings = checks_on(pair)
    assert [(f.check, f.severity) for f in findings] == [("notes", "minor")]
    assert findings[0].src[0].text == note


def test_a_removed_footnote_is_matched_to_an_endnote_by_its_url() -> None:
    pair = faithful_pair()
    pair.paragraph(
        [(None, "[1] 国家统计局网站 https://data.stats.gov.cn/easyquery.htm?cn=E0103", 0.0)], kind="note"
    )
    removed = [Removed("en.txt", 3, 3, "¹ https://data.stats.gov.cn/easyquery.htm?cn=E0103", "footnote")]
    assert checks_on(pair, removed=removed) == []
    # A different URL is a note the translation does not have: the English note is reported.
    other = [
        *removed,
        Removed("en.txt", 9, 9, "² https://en.wikipedia.org/wiki/Dual_circulation", "footnote"),
    ]
    findings = checks_on(pair, removed=other)
    assert [(f.check, f.severity) for f in findings] == [("notes", "minor")]
    assert "wikipedia" in findings[0].src[0].text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("users have driven over 200200 million kilometers", ["200000000"]),  # doubled by extraction
        ("over 400,000400,000 kilometers", ["400000"]),
        ("3.13.1 million hours", ["3100000"]),
        ("US$5-US$7 billion", ["5000000000", "7000000000"]),  # range, currency repeated
        ("three 500-billion-yuan-level clusters", ["500000000000"]),  # hyphenated amount
        ("see https://www.example.com/2024/11-report?id=2025", []),  # digits in a URL
        ("Society 5.0 and GTT 1.0", []),  # versions
        ("since its release in 2020, 12 the strategy", ["2020"]),  # lost footnote marker
        ("2 million mu (approximately 133,333 hectares)", ["2000000"]),  # bracketed conversion
        ("in 2020 and 100100 units", ["2020", "100100"]),  # real numbers are never halved
    ],
)
def test_number_artifacts_are_read_as_the_figure_they_stand_for(text: str, expected: list[str]) -> None:
    assert sorted(extract_numbers(text)[0].elements()) == sorted(expected)


def test_joined_numbers_and_currency_conversions_reconcile() -> None:
    assert reconcile(Counter(["4", "16"]), Counter(["416"])) == (Counter(), Counter())
    assert reconcile(Counter(["30", "60"]), Counter(["3060"])) == (Counter(), Counter())
    # US$100 billion given as 7000 亿元.
    assert reconcile(Counter(["100000000000"]), Counter(["700000000000"])) == (Counter(), Counter())
    # A changed figure stays a difference.
    assert reconcile(Counter(["12"]), Counter(["15"])) == (Counter(["12"]), Counter(["15"]))


def test_a_changed_figure_in_a_range_is_still_reported() -> None:
    pair = faithful_pair()
    pair.paragraph(
        [("Sales will reach US$5-US$7 billion by 2030.", "到2030年销售额将达到50亿至90亿美元。", 0.8)]
    )
    findings = [f for f in checks_on(pair) if f.check == "numbers"]
    assert len(findings) == 1
    assert findings[0].detail["missing_in_target"] == ["7000000000"]
    assert findings[0].detail["extra_in_target"] == ["9000000000"]


def test_numbers_in_notes_and_headings_make_no_finding() -> None:
    pair = faithful_pair()
    pair.paragraph([("3.2 Best practices", "最佳实践", 0.8)], kind="heading")
    pair.paragraph([("Source: survey of 2024.", "资料来源：2023 年调查。", 0.6)], kind="note")
    assert [f for f in checks_on(pair) if f.check == "numbers"] == []


def test_standard_renderings_and_respacing_are_not_code_mismatches() -> None:
    renderings = parse_renderings("IoT\t物联网\n3D\t三维|立体\n")
    assert rendered("IoT", "工业物联网平台", renderings)
    assert rendered("3D", "三维视觉检测", renderings)
    assert rendered("BellSystem24", "Bellsystem 24 公司", renderings)
    assert not rendered("IoT", "工业互联网平台", renderings)
    assert not rendered("AI", "mail 系统", renderings)  # short codes are never matched inside words


def test_a_users_renderings_file_extends_the_bundled_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pair = faithful_pair()
    kept = [
        (f"The XQZ line {n} runs at full capacity.", f"XQZ第{n}号生产线满负荷运转。", 0.86) for n in (7, 8, 9)
    ]
    for bead in kept:
        pair.paragraph([bead])
    pair.paragraph([("The new XQZ line starts next month.", "新的星桥线下个月投产。", 0.85)])
    assert [f.check for f in checks_on(pair, options=CheckOptions(enabled=("codes",)))] == ["codes"]
    extra = tmp_path / "renderings.tsv"
    extra.write_text("XQZ\t星桥\n", encoding="utf-8")
    options = CheckOptions(enabled=("codes",), renderings_file=str(extra))
    assert checks_on(pair, options=options) == []


def test_a_glossarys_acronyms_are_renderings_for_the_codes_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pair = faithful_pair()
    for n in (7, 8, 9):
        pair.paragraph([(f"The XQZ line {n} runs at full capacity.", f"XQZ第{n}号生产线满负荷运转。", 0.86)])
    pair.paragraph([("The new XQZ line starts next month.", "新的星桥线下个月投产。", 0.85)])
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("en,zh\nXQZ,星桥\nsmart factory,智能工厂\n", encoding="utf-8")
    options = CheckOptions(enabled=("codes",), glossary_file=str(glossary))
    assert checks_on(pair, options=options) == []
    # A glossary without the acronym changes nothing.
    glossary.write_text("en,zh\nsmart factory,智能工厂\n", encoding="utf-8")
    assert [f.check for f in checks_on(pair, options=options)] == ["codes"]


def test_low_similarity_is_not_reported_for_bylines_and_notes() -> None:
    pair = faithful_pair()
    pair.paragraph(
        [("Andreas Schierenbeck CEO, Hitachi Energy", "日立能源首席执行官 沈瑞博", 0.2)], kind="heading"
    )
    pair.paragraph([("Source: Hitachi Energy annual report, 2024", "资料来源：公司年报", 0.1)], kind="note")
    assert [f for f in checks_on(pair) if f.check == "low-similarity"] == []


def test_a_byline_in_body_text_is_not_low_similarity() -> None:
    # The reader did not see this byline as a heading; it is still no sentence to compare.
    pair = faithful_pair()
    pair.paragraph([("Andreas Schierenbeck CEO, Hitachi Energy", "日立能源首席执行官 沈瑞博", 0.2)])
    assert [f for f in checks_on(pair) if f.check == "low-similarity"] == []
    # A real sentence scoring as low is still reported.
    pair.paragraph([("The factory exports transformers to Saudi Arabia and Japan.", "天气很好。", 0.2)])
    assert [f.check for f in checks_on(pair) if f.check == "low-similarity"] == ["low-similarity"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("over 90 data centers in Beijing, 70 in Guangdong, and around 40 in Shandong", ["90", "70", "40"]),
        ("‰ indicates per thousand people", []),  # soft: per thousand matches 1000 分率
    ],
)
def test_listed_figures_after_a_comma_are_figures(text: str, expected: list[str]) -> None:
    assert sorted(extract_numbers(text)[0].elements()) == sorted(expected)
    if "thousand" in text:
        assert extract_numbers(text)[1] == Counter(["1000"])


def test_a_relative_date_matches_the_year_the_other_side_writes() -> None:
    pair = faithful_pair()
    pair.paragraph(
        [
            (
                "Usage rose to 78% in 2025 from 55% a year earlier.",
                "2025 年使用率达 78%，2023 年为 55%。",
                0.8,
            )
        ]
    )
    pair.paragraph([("Output will double next year.", "2026 年产量将翻番。", 0.8)])
    pair.paragraph([("It reached 1.3 million in 2025.", "今年有望达到 130 万。", 0.8)])
    assert [f for f in checks_on(pair) if f.check == "numbers"] == []
    # Without a relative date on the other side, an added year is still a difference.
    pair.paragraph([("Output will double.", "2027 年产量将翻番。", 0.8)])
    (finding,) = [f for f in checks_on(pair) if f.check == "numbers"]
    assert finding.detail["extra_in_target"] == ["2027"]


def test_a_joined_number_reconciles_when_one_half_matched_elsewhere() -> None:
    # The 4 of "4+16" was matched to another 4 of the paragraph; 416 still stands for 4+16.
    assert reconcile(Counter(["16"]), Counter(["416"]), Counter(["4"])) == (Counter(), Counter())
    assert reconcile(Counter(["16"]), Counter(["416"])) == (Counter(["16"]), Counter(["416"]))


def test_a_note_beside_body_text_makes_no_number_finding() -> None:
    pair = faithful_pair()
    pair.paragraph(
        [
            (
                "Source: National Bureau of Statistics.",
                ["资料) 根据国家统计局数据制成。", "“‰”指 1000 分率。"],
                0.5,
            )
        ],
        kind="note",
    )
    assert [f for f in checks_on(pair) if f.check in ("numbers", "codes")] == []


def test_acronyms_glued_to_chinese_and_added_acronyms() -> None:
    pair = faithful_pair()
    for n in (1, 2, 3):
        pair.paragraph([(f"AI project {n} is running.", f"AI 项目 {n} 正在运行。", 0.85)])
    pair.paragraph([('Exploring "gas technology + AI" together.', "共同探索“气体技术+AI”的路径。", 0.8)])
    pair.paragraph([("Supply side: high R&D difficulty", "供给端：AI 研发难度大", 0.7)])
    assert [f for f in checks_on(pair) if f.check == "codes"] == []


def test_a_name_one_letter_off_in_the_translation_is_reported() -> None:
    pair = faithful_pair()
    pair.paragraph(
        [
            (
                "The center is called the Joint Center for Industrial Intelligence and IoT (JCIIOT).",
                "该中心名为工业智能与物联网联合研究中心 (JCIOT)。",
                0.8,
            )
        ]
    )
    pair.paragraph([("The platform is known as CreAItech.", "该平台名为 CreAItech。", 0.8)])
    (finding,) = [f for f in checks_on(pair) if f.check == "codes"]
    assert finding.detail["spelled_otherwise"] == {"JCIIOT": "JCIOT"}
    assert "JCIIOT as JCIOT" in finding.message


def test_a_url_moved_to_the_endnotes_is_not_missing() -> None:
    pair = faithful_pair()
    pair.paragraph([("Details are at https://data.stats.gov.cn/easyquery.htm.", "详见国家统计局网站。", 0.8)])
    findings = [f for f in checks_on(pair) if f.check == "codes"]
    assert len(findings) == 1 and "data.stats.gov.cn" in findings[0].message
    pair.paragraph([(None, "[1] https://data.stats.gov.cn/easyquery.htm", 0.0)], kind="note")
    assert [f for f in checks_on(pair) if f.check == "codes"] == []
    # Also when the reader removed the footnote from the flow.
    other = faithful_pair()
    other.paragraph(
        [("Details are at https://data.stats.gov.cn/easyquery.htm.", "详见国家统计局网站。", 0.8)]
    )
    removed = [Removed("zh.txt", 40, 40, "¹ https://data.stats.gov.cn/easyquery.htm", "footnote")]
    assert [f for f in checks_on(other, removed=removed) if f.check == "codes"] == []


@pytest.mark.parametrize(
    ("texts", "kind"),
    [
        (
            ["Figure 3: Output of the smart factory by quarter, 2021-2024, in thousands of units shipped"]
            * 2,
            "caption",
        ),
        (["Andreas Schierenbeck CEO, Hitachi Energy", "Dr. Michael Mertin CEO of AT&S AG"], "body"),
    ],
)
def test_captions_and_author_lines_are_never_critical(texts: list[str], kind: str) -> None:
    pair = faithful_pair()
    for text in texts:
        pair.paragraph([(text, None, 0.0)], kind=kind)
    findings = [f for f in checks_on(pair) if f.check == "omission"]
    assert findings and all(f.severity != "critical" for f in findings)


def test_footnotes_removed_as_one_block_count_one_note_each() -> None:
    from aligner.checks.notes import split_notes

    block = (
        "1. https://en.planning.org.cn/planning/view?id=1293\n"
        "2. China Daily, May 2025\ncontinued here\n³ Source: CPCA"
    )
    assert split_notes(block) == [
        "1. https://en.planning.org.cn/planning/view?id=1293",
        "2. China Daily, May 2025 continued here",
        "³ Source: CPCA",
    ]
    # The Chinese has two endnotes for the first two; the third is missing: one finding for the
    # document (the source has more notes), and the block's lines are reported once.
    pair = faithful_pair()
    pair.paragraph([(None, "[1] https://en.planning.org.cn/planning/view?id=1293", 0.0)], kind="note")
    pair.paragraph([(None, "[2] 《中国日报》，China Daily，2025 年 5 月", 0.0)], kind="note")
    removed = [Removed("en.txt", 30, 33, block, "footnote")]
    findings = [f for f in checks_on(pair, removed=removed) if f.check == "notes"]
    assert len(findings) == 1 and findings[0].detail["notes"] == 1
    assert "this side has 3 notes, the target 2" in findings[0].message


def _sentence_in_sound_paragraph(pair, score: float) -> None:  # type: ignore[no-untyped-def]
    """A paragraph of three faithful pairs and one free one, the paragraph bead scoring ``score``."""
    block = pair.paragraph(
        [
            ("The plan was approved in May.", "该计划于五月获批。", 0.84),
            (
                "It brings together firms and research institutes to speed up transfer.",
                "专注于技术转化。",
                0.3,
            ),
            ("The city will fund new training centres.", "该市将资助新的培训中心。", 0.85),
        ]
    )
    index = next(i for i, b in enumerate(pair.beads) if b.level == "paragraph" and b.block == block)
    pair.beads[index] = replace(pair.beads[index], score=score)


def test_a_low_sentence_in_a_paragraph_that_reads_well_is_not_low_similarity() -> None:
    # The translator moved a clause to the previous sentence: the sentence pair scores low, the
    # paragraph as a whole does not.
    pair = faithful_pair()
    _sentence_in_sound_paragraph(pair, 0.95)
    assert [f for f in checks_on(pair) if f.check == "low-similarity"] == []
    # The same sentence pair inside a paragraph that scores below the document's median is reported.
    pair = faithful_pair()
    _sentence_in_sound_paragraph(pair, 0.5)
    (finding,) = [f for f in checks_on(pair) if f.check == "low-similarity"]
    assert finding.src[0].text.startswith("It brings together")
