"""Markdown emphasis and backslash escapes leave the text at reading time, and every character left
still points at its place in the file.

The snippets are lines of the bundled corpus (``cmia-19/en.txt``), whose Markdown conversion left
``*Government Work Report*`` and ``US\\$84`` in the text flow.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.clean import SUPERSCRIPT_DIGITS, CleanOptions
from aligner.ingest import load_documents, read_source
from aligner.model import Segment
from aligner.segment import split_sentences
from test_clean import load_text, texts

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

# cmia-19/en.txt lines 670 and 322.
GOVERNMENT = (
    "China is prioritizing AI development. In 2024, AI was included for the first time in the "
    "*Government Work Report*. The 2025 Government Work Report called for the AI Plus initiative."
)
SPENDING = (
    "China's AI capital expenditure could reach 600 - 700 billion yuan (US\\$84 -US\\$98 billion) in 2025, "
    "rising by up to 48% from 2024."
)
# What an emphasis mark or an escape may leave behind: nothing but these characters is cut.
CUTTABLE = set("*_\\" + SUPERSCRIPT_DIGITS)


def assert_traced(segment: Segment, source_text: str) -> None:
    """Each source-map piece is verbatim file text, the pieces follow each other in the file, and
    what lies between two of them on a line is cut marks, escapes' backslashes or spacing (whole
    lines between them were removed: footnotes, page numbers)."""
    bounds = [*segment.source_map[1:], (len(segment.text), 0, 0)]
    previous_end = None
    for (offset, char, _), (next_offset, _, _) in zip(segment.source_map, bounds, strict=True):
        piece = segment.text[offset:next_offset].rstrip(" ")
        assert source_text[char : char + len(piece)] == piece
        if previous_end is not None:
            gap = source_text[previous_end:char]
            if "\n" in gap:
                gap = gap[: gap.index("\n")].removesuffix("-") + gap[gap.rindex("\n") + 1 :]
            assert previous_end <= char and all(c in CUTTABLE or c.isspace() for c in gap), (
                gap,
                segment.text,
            )
        previous_end = char + len(piece)
    assert segment.char_start == segment.source_map[0][1] and segment.char_end == previous_end


def test_single_emphasis_and_escapes_leave_the_text(tmp_path: Path) -> None:
    document = load_text(tmp_path, f"Opening paragraph of the paper.\n\n{GOVERNMENT}\n\n{SPENDING}\n")
    government, spending = document.paragraphs[1:]
    assert government.text == GOVERNMENT.replace("*", "")
    assert spending.text == SPENDING.replace("\\$", "$")
    source = read_source(tmp_path / "doc.txt").text
    for paragraph in (government, spending):
        assert_traced(paragraph, source)
    # The span still runs from the first character kept to the last, marks inside it in the file.
    assert source[spending.char_start : spending.char_end] == SPENDING
    # Sentences cut from the cleaned text point into the file too.
    sentences = split_sentences(government, "en")
    assert [s.text for s in sentences][
        1
    ] == "In 2024, AI was included for the first time in the Government Work Report."
    title = sentences[1]
    assert source[title.char_start : title.char_end] == (
        "In 2024, AI was included for the first time in the *Government Work Report*."
    )
    first_kept = title.text.index("Government")
    file_offset = next(
        char + first_kept - offset for offset, char, _ in reversed(title.source_map) if offset <= first_kept
    )
    assert source[file_offset : file_offset + len("Government")] == "Government"
    for sentence in [*sentences, *split_sentences(spending, "en")]:
        assert_traced(sentence, source)


@pytest.mark.parametrize(
    ("line", "cleaned"),
    [
        ("Read *Horizon Europe* and _Digital Markets Act_ first.",
         "Read Horizon Europe and Digital Markets Act first."),
        ("It is **strong** and __bold__, or ***both***.", "It is strong and bold, or both."),
        ("政府发布了*重点任务*清单。", "政府发布了重点任务清单。"),
        ("Costs fell by 30\\% to US\\$5 for \\*every\\* \\_item\\_ \\# 3 \\& more.",
         "Costs fell by 30% to US$5 for *every* _item_ # 3 & more."),
        # Emphasis may run over a hand-wrapped line break.
        ("The *Three-Year Action\nPlan for Governance*, aiming high.",
         "The Three-Year Action Plan for Governance, aiming high."),
    ],
)  # fmt: skip
def test_markup_cut_out(tmp_path: Path, line: str, cleaned: str) -> None:
    document = load_text(tmp_path, f"Opening paragraph of the paper.\n\n{line}\n")
    assert texts(document)[1:] == [cleaned]
    assert_traced(document.paragraphs[1], read_source(tmp_path / "doc.txt").text)


@pytest.mark.parametrize(
    "line",
    [
        "The product is a * b, and 2*3*4 is 24.",
        "A public-private partnership platform led by A*STAR (Singapore).",
        "See WEF Harnessing AI to accelerate the Energy_Transition_2021.pdf for the figures.",
        "Rename my_snake_case_name and x_1 before the release.",
        "Download it from https://example.com/_DMO/_Corporate/report_2024_final_.pdf today.",
        "Files matching *.pdf and *.docx are read.",
        "A literal backslash \\\\$ stays as it is, as does C:\\data.",
        "Revenue* grew and profit* fell (* estimated).",
    ],
)
def test_look_alikes_keep_their_marks(tmp_path: Path, line: str) -> None:
    document = load_text(tmp_path, f"Opening paragraph of the paper.\n\n{line}\n")
    assert texts(document)[1:] == [line]


def test_each_step_has_its_switch(tmp_path: Path) -> None:
    text = f"Opening paragraph of the paper.\n\n{GOVERNMENT}\n\n{SPENDING}\n"
    no_emphasis = load_text(tmp_path, text, options=CleanOptions(strip_markup=False))
    assert texts(no_emphasis)[1:] == [GOVERNMENT, SPENDING.replace("\\$", "$")]
    no_escapes = load_text(tmp_path, text, options=CleanOptions(strip_escapes=False))
    assert texts(no_escapes)[1:] == [GOVERNMENT.replace("*", ""), SPENDING]
    assert texts(load_text(tmp_path, text, options=CleanOptions.none()))[1:] == [GOVERNMENT, SPENDING]


_RESIDUE = re.compile(
    r"(?<![A-Za-z0-9*\\])\*(?=[^\s*])[^*\n]+(?<=[^\s\\])\*(?![A-Za-z0-9*])|\*\*|\\[$%*_#&]"
    r"|(?<![\w\\])_(?=[^\s_])[^_\n]+(?<=[^\s\\])_(?!\w)"
)


def test_no_markup_residue_is_left_in_the_bundled_corpus() -> None:
    """The 17 *titles* and 18 \\$ amounts of cmia-19 leave the text; A*STAR and the underscores of
    file names and URLs stay."""
    kept: list[str] = []
    residue: list[str] = []
    for path in (CORPORA / "cmia-19" / "en.txt", CORPORA / "cmia-19" / "zh.txt"):
        source = read_source(path).text
        for document in load_documents([path]):
            for paragraph in document.paragraphs:
                residue.extend(m.group() for m in _RESIDUE.finditer(paragraph.text))
                kept.extend(re.findall(r"A\*STAR|\w+_\w+\.pdf", paragraph.text))
                if "*" in source[paragraph.char_start : paragraph.char_end] or "\\" in paragraph.text:
                    assert_traced(paragraph, source)
    assert residue == []
    assert "A*STAR" in kept and any(name.endswith(".pdf") for name in kept)


_PIECES = st.sampled_from(
    ["word", "中文", " ", " ", "*", "**", "_", "__", "\\$", "\\*", "\\_", "\\%", "a_b", "2*3", "¹", "m²", "."]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=12).map("".join), min_size=1, max_size=4))
def test_every_kept_character_points_into_the_file(tmp_path: Path, lines: list[str]) -> None:
    lines = [line for line in lines if line.strip()] or ["word"]
    path = tmp_path / "random.md"
    path.write_text("Opening paragraph of the paper.\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    source = read_source(path).text
    for document in load_documents([path]):
        for paragraph in document.paragraphs:
            assert_traced(paragraph, source)
            for sentence in split_sentences(paragraph, "en"):
                assert_traced(sentence, source)
