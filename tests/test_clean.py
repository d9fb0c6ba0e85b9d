"""Cleaning rules, each shown on a snippet taken from the bundled corpus."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.clean import CleanOptions, classify
from aligner.ingest import load_documents, read_source
from aligner.model import Document

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def load_text(
    tmp_path: Path,
    text: str,
    name: str = "doc.txt",
    options: CleanOptions | None = None,
    lang: str | None = None,
) -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    documents = load_documents([path], lang, options=options)
    assert len(documents) == 1
    return documents[0]


def texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def reasons(document: Document) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for removed in document.removed:
        found.setdefault(removed.reason, []).append(removed.text)
    return found


# cmia-19/en.txt lines 187-189: a paragraph cut by a page break inside a hyphenated word.
ADIENT = (
    "Chapter 2: Leveraging AI in Manufacturing Process\n\n"
    "Through introducing advanced automation equipment, industrial IoT, and 5G technology, "
    "Adient has estab-\n\n"
    "lished a highly intelligent production monitoring and management system at our footprint in China.\n\n"
    "Chongqing holds a strategic significance for Adient in China. Over the years, "
    "Adient has continuously in-\n\n"
    "¹ China Passenger Car Association (CPCA)\n\n"
    "² China Committee of Electric Vehicles 100 Members\n\n"
    "vested in the city.\n"
)


def test_page_break_join_with_hyphen_and_footnotes_between(tmp_path: Path) -> None:
    document = load_text(tmp_path, ADIENT)
    assert texts(document) == [
        "Chapter 2: Leveraging AI in Manufacturing Process",
        "Through introducing advanced automation equipment, industrial IoT, and 5G technology, Adient has "
        "established a highly intelligent production monitoring and management system at our "
        "footprint in China.",
        "Chongqing holds a strategic significance for Adient in China. Over the years, "
        "Adient has continuously "
        "invested in the city.",
    ]
    assert [p.kind for p in document.paragraphs] == ["heading", "body", "body"]
    joined = document.paragraphs[2]
    assert (joined.line_start, joined.line_end) == (7, 13)
    assert reasons(document)["footnote"] == [
        "¹ China Passenger Car Association (CPCA)\n² China Committee of Electric Vehicles 100 Members"
    ]


def test_page_break_join_switched_off(tmp_path: Path) -> None:
    options = CleanOptions(join_page_breaks=False)
    document = load_text(tmp_path, ADIENT, options=options)
    assert len(document.paragraphs) == 5
    assert document.paragraphs[1].text.endswith("Adient has estab-")


def test_chinese_page_break_join(tmp_path: Path) -> None:
    # cmia-19/zh.txt lines 97-99.
    text = (
        "第二章：AI 驱动产业转型的挑战与风险\n\n"
        "第四，全球供应链不确定性增加。从高性能载板、AI 芯片到嵌入式模块，供应短缺、出口限制\n\n"
        "与原材料价格波动都可能影响本地部署节奏。\n\n"
        "最后，政策与法规的不确定性亦为瓶颈。\n"
    )
    document = load_text(tmp_path, text)
    assert texts(document) == [
        "第二章：AI 驱动产业转型的挑战与风险",
        "第四，全球供应链不确定性增加。从高性能载板、AI 芯片到嵌入式模块，"
        "供应短缺、出口限制与原材料价格波动都可能影响本地部署节奏。",
        "最后，政策与法规的不确定性亦为瓶颈。",
    ]
    assert document.lang == "zh"
    assert document.paragraphs[0].kind == "heading"


def test_short_chinese_list_item_is_not_joined_to_the_next_paragraph(tmp_path: Path) -> None:
    # cmia-19/zh.txt lines 747-749: a circled-number item heading, then its body.
    text = (
        "韩国的经验值得借鉴。\n\n①先行个性化提醒服务：基于生命周期与场景自动提醒\n\n"
        "韩国“政府 24+”平台设有“安心孕产”这类一站式孕产服务包。\n"
    )
    document = load_text(tmp_path, text)
    assert len(document.paragraphs) == 3
    assert document.paragraphs[1].kind == "list"


def test_real_hyphenated_words_keep_their_hyphen(tmp_path: Path) -> None:
    text = (
        "The high-quality plan covers the Chengdu-\n"
        "Chongqing region and AI-\n"
        "driven plants with FC-\n"
        "CSP substrates and high-\n"
        "quality output and smart manu-\n"
        "facturing.\n"
    )
    document = load_text(tmp_path, text)
    assert texts(document) == [
        "The high-quality plan covers the Chengdu-Chongqing region and AI-driven plants "
        "with FC-CSP substrates "
        "and high-quality output and smart manufacturing."
    ]


def test_dehyphenation_switched_off_keeps_the_line_end_hyphen(tmp_path: Path) -> None:
    document = load_text(
        tmp_path, "Adient has estab-\nlished a system.\n", options=CleanOptions(dehyphenate=False)
    )
    assert texts(document) == ["Adient has estab- lished a system."]


def test_footnote_markers_are_stripped_but_units_kept(tmp_path: Path) -> None:
    # cmia-19/en.txt lines 41 and 45.
    text = (
        "Its role in the Chengdu–Chongqing Economic Circle ¹strengthens its capacity. It follows the "
        '"dual circulation³" strategy, the "AI Plus" campaign⁵, and a plant of 130,000 m².\n'
    )
    document = load_text(tmp_path, text)
    assert texts(document) == [
        "Its role in the Chengdu–Chongqing Economic Circle strengthens its capacity. It follows the "
        '"dual circulation" strategy, the "AI Plus" campaign, and a plant of 130,000 m².'
    ]
    kept = load_text(tmp_path, text, options=CleanOptions(strip_footnote_markers=False))
    assert "¹strengthens" in kept.paragraphs[0].text


def test_footnotes_urls_and_page_numbers_are_removed(tmp_path: Path) -> None:
    text = (
        "Chongqing's transformation aligns with national priorities.\n\n"
        "https://en.planning.org.cn/planning/view?id=1293\n\n"
        "² https://app.ichongqing.info/mixmedia/a/202402/20/WS65d418b2e4b075523e30a873.html\n\n"
        "⁷ Ibid.\n\n"
        "1 Source of data: Wind\n\n"
        " - 9 - \n\n"
        "12\n\n"
        "1 Citizen-centered services\n\n"
        "This is the next paragraph.\n"
    )
    document = load_text(tmp_path, text)
    found = reasons(document)
    assert found["url"] == ["https://en.planning.org.cn/planning/view?id=1293"]
    assert found["footnote"] == [
        "² https://app.ichongqing.info/mixmedia/a/202402/20/WS65d418b2e4b075523e30a873.html\n⁷ Ibid.\n"
        "1 Source of data: Wind"
    ]
    assert found["page-number"] == ["- 9 -\n12"]
    # A numbered heading is not a footnote.
    assert texts(document)[1:] == ["1 Citizen-centered services", "This is the next paragraph."]
    assert document.paragraphs[1].kind == "heading"


def test_no_clean_keeps_every_line(tmp_path: Path) -> None:
    document = load_text(tmp_path, "Body text here.\n\n¹ A footnote\n\n- 9 -\n", options=CleanOptions.none())
    assert texts(document) == ["Body text here.", "¹ A footnote", "- 9 -"]
    assert document.removed == []


def test_running_headers_repeated_and_next_to_page_numbers(tmp_path: Path) -> None:
    page = "Proceedings of the 19th CMIA Meeting 2025\n\nA paragraph of text on page {n} that ends here.\n\n"
    text = "".join(page.format(n=n) for n in range(5)) + "CORNING \n\n - 9 - \n\nLast words.\n"
    document = load_text(tmp_path, text)
    found = reasons(document)
    assert len(found["running-header"]) == 6
    assert "CORNING" in found["running-header"]
    assert found["page-number"] == ["- 9 -"]
    assert len(document.paragraphs) == 6
    # Labels that recur on purpose stay.
    labels = "".join(f"- Key Initiatives:\n\nItem {n} is described here.\n\n" for n in range(5))
    assert reasons(load_text(tmp_path, labels)) == {}


def test_reflow_of_hard_wrapped_double_spaced_text() -> None:
    # cmia-earlier/en.txt is wrapped at ~95 characters with a blank line after every line.
    documents = load_documents([CORPORA / "cmia-earlier" / "en.txt"])
    first = documents[0].paragraphs
    assert first[0].text.startswith(
        "This article serves as the theme report of Corning Corporation at the annual "
        "Chongqing Mayor’s International Economic Advisory Group Meeting."
    )
    assert first[0].text.endswith("as well as the development of a modern industrial system.")
    assert (first[0].line_start, first[0].line_end) == (1, 17)
    headings = [p.text for p in first if p.kind == "heading"]
    assert "Corning is a leader in diversified material sciences" in headings
    # A word hyphenated at a line end whose hyphenated form occurs elsewhere keeps its hyphen.
    body = " ".join(p.text for d in documents for p in d.paragraphs)
    assert "achieve high-quality and innovative city life" in body
    assert "high- quality" not in body


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Chapter 2: Challenges and Risks in AI-Enabled Industrial Transformation", "heading"),
        ("第二章：AI 驱动产业转型的挑战与风险", "heading"),
        ("2.1 Build an AI-driven Smart Manufacturing Hub and Set Industry Benchmark", "heading"),
        ("（一）AI 产业正迈入指数级增长新周期", "heading"),
        ("Introduction:", "heading"),
        ("摘要", "heading"),
        ("Figure 1 Top 10 Global Strategic Technology Trends", "caption"),
        ("图 3 AI+ 智能制造应用场景", "caption"),
        ("Table 1: Comparison of AI Development Paths in Various Countries", "caption"),
        ("• Strengthen Predictive Maintenance and Operations Optimization:", "list"),
        ("① Expand high-risk area sensing and integrate control: Deploy additional IoT sensors.", "list"),
        (
            "1. Build a systematic AI promotion mechanism, especially for small and medium-sized firms.",
            "list",
        ),
        ("In recent years, Chongqing has rapidly scaled up efforts to transform itself.", "body"),
        ("Specifically, we propose that the city acts on the following points now:", "body"),
    ],
)
def test_paragraph_kinds(text: str, kind: str) -> None:
    assert classify(text) == kind


def test_bullets_leave_the_text_but_mark_list_items(tmp_path: Path) -> None:
    text = "Targets include:\n- Establishing 30 smart factories by 2027.\n- · Advancing six clusters.\n"
    document = load_text(tmp_path, text)
    assert texts(document) == [
        "Targets include:",
        "Establishing 30 smart factories by 2027.",
        "Advancing six clusters.",
    ]
    assert [p.kind for p in document.paragraphs][1:] == ["list", "list"]
    item = document.paragraphs[1]
    source = read_source(tmp_path / "doc.txt")
    assert source.text[item.char_start : item.char_end] == "Establishing 30 smart factories by 2027."


def test_source_map_pieces_are_verbatim_file_text() -> None:
    documents = load_documents([CORPORA / "cmia-19" / "en.txt"])
    source = read_source(CORPORA / "cmia-19" / "en.txt")
    checked = 0
    for document in documents:
        for paragraph in document.paragraphs:
            bounds = [*paragraph.source_map[1:], (len(paragraph.text), 0, 0)]
            for (offset, char, line), (next_offset, _, _) in zip(paragraph.source_map, bounds, strict=True):
                piece = paragraph.text[offset:next_offset].rstrip(" ")
                assert source.text[char : char + len(piece)] == piece
                assert source.line_of(char) == line
                checked += 1
    assert checked > 1500


def test_hand_wrapped_markdown_keeps_blank_lines_as_paragraph_breaks(tmp_path: Path) -> None:
    sentences = [
        "Chongqing is investing heavily in 5G networks, industrial internet platforms, cloud computing "
        "hubs, and edge computing frameworks, all critical enablers of smart manufacturing.",
        "Together, these initiatives underscore the city's determination to lead in industrial "
        "digitalization, not only regionally but nationally, over the coming decade.",
    ]
    paragraphs = [f"{sentences[k % 2]} This is part {k} of the report." for k in range(12)]
    text = "# Smart manufacturing\n\n" + "\n\n".join(textwrap.fill(p, 72) for p in paragraphs) + "\n"
    document = load_text(tmp_path, text, name="wrapped.md")
    assert document.title == "Smart manufacturing"
    # The first body line runs on into the next: it is prose, not a byline under the title.
    assert document.author is None
    assert texts(document) == ["Smart manufacturing", *paragraphs]
    assert document.removed == []


def test_markdown_emphasis_marks_are_cut_from_the_text(tmp_path: Path) -> None:
    # cmia-19/zh.txt line 951 style: emphasis kept from a Markdown conversion.
    text = "开头一段。\n\n·**工厂规划、产线设计与工程调试：**通过数字孪生缩短调试周期。\n"
    document = load_text(tmp_path, text)
    item = document.paragraphs[1]
    assert (item.kind, item.text) == ("list", "工厂规划、产线设计与工程调试：通过数字孪生缩短调试周期。")
    source = read_source(tmp_path / "doc.txt")
    # The span runs from the first to the last character kept; marks inside it stay in the file.
    assert (
        source.text[item.char_start : item.char_end]
        == "工厂规划、产线设计与工程调试：**通过数字孪生缩短调试周期。"
    )
    kept = load_text(tmp_path, text, options=CleanOptions(strip_markup=False))
    assert kept.paragraphs[1].text.startswith("**工厂规划")


def test_lines_left_empty_by_cleaning_are_accounted_for(tmp_path: Path) -> None:
    document = load_text(tmp_path, "Opening sentence here.\n\n**\n\nClosing sentence here.\n")
    assert texts(document) == ["Opening sentence here.", "Closing sentence here."]
    assert [(r.line_start, r.reason, r.text) for r in document.removed] == [(3, "markup", "**")]


_LINES = st.sampled_from(
    [
        "",
        "",
        "Chapter 2: Challenges and Risks",
        "第二章：挑战与风险",
        "Adient has estab-",
        "lished a system.",
        "¹ https://example.com/a",
        "https://example.com/b",
        "- 9 -",
        "12",
        "**",
        "- A bullet item.",
        "• 项目一",
        "重庆正在建设智能工厂，供应短缺、出口限制",
        "与原材料价格波动都可能影响部署。",
        "Figure 1 A chart",
        "A body sentence without an end",
        "continued in lower case.",
        "CORNING",
        "Dr. Jane Roe CEO of X",
        "Contents",
        "1. A Title ..... 3",
        "A Title",
        "Table of Contents",
        "2. Another ..... 9",
        "Another",
    ]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_LINES, min_size=1, max_size=40), st.booleans())
def test_every_non_empty_line_is_covered_whatever_the_input(
    tmp_path: Path, lines: list[str], clean: bool
) -> None:
    if not any(line.strip() for line in lines):
        lines = [*lines, "Some text."]
    path = tmp_path / "random.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    covered: set[int] = set()
    for document in load_documents([path], options=CleanOptions() if clean else CleanOptions.none()):
        for paragraph in document.paragraphs:
            assert paragraph.text and paragraph.text == paragraph.text.strip()
            covered.update(range(paragraph.line_start, paragraph.line_end + 1))
        for removed in document.removed:
            covered.update(range(removed.line_start, removed.line_end + 1))
    assert {n for n, line in enumerate(lines, 1) if line.strip()} <= covered
