"""Names and codes: URLs, e-mails, product codes and acronyms on one side only."""

from __future__ import annotations

from aligner.checks import CheckOptions, run_checks
from aligner.checks.codes import extract_codes
from test_report_synthetic import faithful_pair

CODES = CheckOptions(enabled=("codes",))


def test_extraction_kinds() -> None:
    found = extract_codes(
        "See https://www.example.com/plan/ or write to info@example.com about FC-CSP, 5G, H100, ABF, "
        "IoT and AT&S, AI-powered; not about the 19th CONFERENCE, 10km, USD815.9, 2000-Present or Chongqing."
    )
    assert sorted(found) == [
        "acronym:ABF",
        "acronym:AI",
        "acronym:AT&S",
        "acronym:IOT",
        "code:5G",
        "code:FC-CSP",
        "code:H100",
        "email:info@example.com",
        "url:example.com/plan",
    ]


def test_missing_code_and_url_are_reported() -> None:
    pair = faithful_pair()
    pair.paragraph(
        [
            ("The plant makes FC-CSP substrates for 5G phones.", "该工厂为5G手机生产载板。", 0.85),
            ("Details are at https://example.com/report.", "详情见公司网站。", 0.8),
            ("Write to sales@example.com for samples.", "如需样品，请联系销售部门。", 0.8),
            (
                "The SF6-free switchgear uses 5G-Advanced links.",
                "不含六氟化硫 (SF₆) 的开关设备采用 5G-A 连接。",
                0.8,
            ),
        ]
    )
    first, second, third = run_checks(pair.beads, [pair.row()], "en", "zh", CODES)
    assert first.severity == "minor" and first.detail["missing_in_target"] == ["FC-CSP"]
    assert second.severity == "minor" and second.detail["missing_in_target"] == ["https://example.com/report"]
    assert third.severity == "major" and third.detail["missing_in_target"] == ["sales@example.com"]


def test_acronyms_count_only_where_the_translation_keeps_them() -> None:
    pair = faithful_pair()
    kept = [
        (f"ABF substrate line {n} is running at full capacity.", f"ABF载板第{n}号生产线满负荷运转。", 0.86)
        for n in (7, 8)
    ]
    pair.paragraph(kept[:1])
    pair.paragraph(kept[1:])
    pair.paragraph([("The new ABF line starts next month.", "新生产线下个月投产。", 0.85)])
    # ABF is kept elsewhere, so its absence here is reported; AI, always spelled out, is not.
    pair.paragraph([("AI helps engineers plan the line.", "人工智能帮助工程师规划生产线。", 0.85)])
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", CODES)
    assert finding.detail["missing_in_target"] == ["ABF"]


def test_level_codes_match_their_spelled_out_form() -> None:
    pair = faithful_pair()
    pair.paragraph([("Ford launched an SAE Level 2 system.", "福特推出了 SAE 标准的 L2 级系统。", 0.85)])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", CODES) == []


def test_acronym_spelled_out_in_the_source_is_not_extra() -> None:
    pair = faithful_pair()
    rows = [
        ("AI is changing factories.", "AI正在改变工厂。", 0.86),
        ("Factories use AI every day.", "工厂每天都在使用AI。", 0.86),
        ("Artificial intelligence needs data.", "AI需要数据。", 0.86),
    ]
    pair.paragraph(rows[:1])
    pair.paragraph(rows[1:2])
    pair.paragraph(rows[2:])
    assert run_checks(pair.beads, [pair.row()], "en", "zh", CODES) == []
