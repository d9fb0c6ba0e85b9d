"""Sentence splitting: English and Chinese hard cases, the general rule, and exact spans."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.clean import CleanOptions, FileLayout, Line, assemble
from aligner.model import Segment
from aligner.segment import split_sentences, split_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Michael Mertin leads AT&S. The company invests in Chongqing.",
            ["Dr. Michael Mertin leads AT&S.", "The company invests in Chongqing."],
        ),
        (
            "Output grew 3.5% in 2024. Exports rose by 12.25%.",
            ["Output grew 3.5% in 2024.", "Exports rose by 12.25%."],
        ),
        (
            "Firms in the U.S. and the EU, e.g. Ford, i.e. a carmaker, etc. all agree. Then came 5G.",
            ["Firms in the U.S. and the EU, e.g. Ford, i.e. a carmaker, etc. all agree.", "Then came 5G."],
        ),
        (
            "See No. 5 in Fig. 3 for details. It shows the trend.",
            ["See No. 5 in Fig. 3 for details.", "It shows the trend."],
        ),
        (
            "Visit https://en.planning.org.cn/planning/view?id=1293 for more. It is free.",
            ["Visit https://en.planning.org.cn/planning/view?id=1293 for more.", "It is free."],
        ),
        (
            "Three stages: 1. Local pilots. 2. City-wide platforms. 3. Transformation.",
            ["Three stages: 1. Local pilots.", "2. City-wide platforms.", "3. Transformation."],
        ),
        ('He said "We will invest." Then he left.', ['He said "We will invest."', "Then he left."]),
        ("Is it ready? Yes! It is (mostly).", ["Is it ready?", "Yes!", "It is (mostly)."]),
        ("Brendan M. Mosher spoke. Y.K. Pang replied.", ["Brendan M. Mosher spoke.", "Y.K. Pang replied."]),
        (
            "It opened in the U.S. The plant employs 500 people.",
            ["It opened in the U.S.", "The plant employs 500 people."],
        ),
        (
            "Many factors matter, etc. These include cost.",
            ["Many factors matter, etc.", "These include cost."],
        ),
        (
            "(1) Optimize the process. (2) Develop materials.",
            ["(1) Optimize the process.", "(2) Develop materials."],
        ),
        (
            "Partners include Apple Inc. and Ford. They agree.",
            ["Partners include Apple Inc. and Ford.", "They agree."],
        ),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert split_text(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "重庆正日益成为重要支点。作为交汇点，重庆有望发展成为物流枢纽！这是为什么？",
            ["重庆正日益成为重要支点。", "作为交汇点，重庆有望发展成为物流枢纽！", "这是为什么？"],
        ),
        ("他说：“我们将继续投资。”随后离开了。", ["他说：“我们将继续投资。”", "随后离开了。"]),
        (
            "包括：建成 30 个智能工厂；推动六大产业集群发展；建设示范区。下一步是落实。",
            ["包括：建成 30 个智能工厂；推动六大产业集群发展；建设示范区。", "下一步是落实。"],
        ),
        (
            "市场规模为 104.7 亿美元（2024 年）。增长率为 19.20%。",
            ["市场规模为 104.7 亿美元（2024 年）。", "增长率为 19.20%。"],
        ),
        ("问题仍然很多……我们需要行动。", ["问题仍然很多……", "我们需要行动。"]),
        ("AI 芯片（如 GPU。）很重要。", ["AI 芯片（如 GPU。）", "很重要。"]),
        ("1. 奥特斯与重庆携手。2. 安道拓推动智能化。", ["1. 奥特斯与重庆携手。", "2. 安道拓推动智能化。"]),
        ("真的吗？”他问道。", ["真的吗？”他问道。"]),
    ],
)
def test_chinese_sentences(text: str, expected: list[str]) -> None:
    assert split_text(text, "zh") == expected


def test_general_rule_for_other_languages() -> None:
    assert split_text("Das ist gut. Wir bauen 5 Werke. Und dann? Mehr.", "de") == [
        "Das ist gut.",
        "Wir bauen 5 Werke.",
        "Und dann?",
        "Mehr.",
    ]
    # Lower case after a period: an abbreviation, no split.
    assert split_text("Die Firma z.B. baut Werke. Sie wächst.", "de") == [
        "Die Firma z.B. baut Werke.",
        "Sie wächst.",
    ]
    # Japanese uses the CJK full stop; Korean periods followed by Hangul split too.
    assert split_text("東京は大きい。大阪も大きい。", "ja") == ["東京は大きい。", "大阪も大きい。"]
    assert split_text("서울은 크다. 부산도 크다.", "ko") == ["서울은 크다.", "부산도 크다."]


def test_empty_and_whitespace_text() -> None:
    assert split_text("", "en") == []
    assert split_text("   ", "zh") == []
    assert split_text("No final stop", "en") == ["No final stop"]


def _paragraph_from(lines_text: list[str], file_text: str) -> Segment:
    lines = []
    offset = 0
    for number, line in enumerate(file_text.split("\n"), 1):
        lines.append(Line(number, offset, line))
        offset += len(line) + 1
    chosen = [line for line in lines if line.text.strip() and line.text.strip() in lines_text]
    segment = assemble(chosen, "f.txt", FileLayout(), CleanOptions())
    assert segment is not None
    return segment


def test_sentences_keep_exact_file_spans_across_joined_lines() -> None:
    file_text = "Title\n\nAdient has estab-\n\n¹ footnote\n\nlished a plant. It runs well.\nEnd."
    paragraph = _paragraph_from(["Adient has estab-", "lished a plant. It runs well."], file_text)
    assert paragraph.text == "Adient has established a plant. It runs well."
    first, second = split_sentences(paragraph, "en")
    assert first.text == "Adient has established a plant."
    assert (first.line_start, first.line_end) == (3, 7)
    assert (
        file_text[first.char_start : first.char_end] == "Adient has estab-\n\n¹ footnote\n\nlished a plant."
    )
    assert (second.line_start, second.line_end) == (7, 7)
    assert file_text[second.char_start : second.char_end] == "It runs well."
    assert second.paragraph == paragraph.paragraph and second.kind == paragraph.kind


def test_sentences_of_a_verbatim_segment_without_source_map() -> None:
    paragraph = Segment("One. Two.", "f.txt", 4, 4, 100, 109)
    one, two = split_sentences(paragraph, "en")
    assert (one.char_start, one.char_end, two.char_start, two.char_end) == (100, 104, 105, 109)


_TOKENS = st.sampled_from(
    [
        "Dr.",
        "U.S.",
        "e.g.",
        "etc.",
        "No.",
        "5",
        "3.5%",
        "(1)",
        "1.",
        "word",
        "The",
        "AI",
        "。",
        "！",
        "？",
        "；",
        "”",
        "“",
        "）",
        "（",
        "……",
        "重庆",
        "制造",
        ".",
        "!",
        "?",
        " ",
        "  ",
        "\t",
        "https://a.b/c.d",
        "M.",
        "，",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKENS, max_size=40), st.sampled_from(["en", "zh", "de", "ja", "ko", "und"]))
def test_split_never_loses_or_duplicates_characters(tokens: list[str], lang: str) -> None:
    text = "".join(tokens)
    paragraph = Segment(text, "f.txt", 1, 1, 0, len(text))
    sentences = split_sentences(paragraph, lang)
    assert re.sub(r"\s", "", "".join(s.text for s in sentences)) == re.sub(r"\s", "", text)
    for sentence in sentences:
        assert sentence.text == sentence.text.strip() and sentence.text
        assert text[sentence.char_start : sentence.char_end] == sentence.text


_LINE_TOKENS = st.sampled_from(
    [
        "Adient",
        "has",
        "estab-",
        "lished",
        "a",
        "plant.",
        "It",
        "runs",
        "well.",
        "Dr.",
        "重庆",
        "制造。",
        "是",
        "AI-",
        "driven",
        "“好。”",
        "3.5%",
        "？",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(_LINE_TOKENS, min_size=1, max_size=8), min_size=1, max_size=6),
    st.sampled_from(["en", "zh"]),
)
def test_sentences_of_joined_lines_map_back_to_their_file_characters(
    lines: list[list[str]], lang: str
) -> None:
    file_text = "Title\n\n" + "\n\n".join(" ".join(tokens) for tokens in lines) + "\n"
    paragraph = _paragraph_from([" ".join(tokens) for tokens in lines], file_text)
    line_starts = [0] + [i + 1 for i, c in enumerate(file_text) if c == "\n"]
    for sentence in split_sentences(paragraph, lang):
        assert file_text[sentence.char_start] == sentence.text[0]
        assert file_text[sentence.char_end - 1] == sentence.text[-1]
        assert line_starts[sentence.line_start - 1] <= sentence.char_start < line_starts[sentence.line_start]
        assert line_starts[sentence.line_end - 1] < sentence.char_end <= line_starts[sentence.line_end]
