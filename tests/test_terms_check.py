"""The terminology check: glossary terms whose translation uses none of their renderings."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.checks import CHECKS, CheckOptions, run_checks
from aligner.model import AlignedBead, Finding
from test_report_synthetic import PairBuilder

GLOSSARY = (
    "en,zh,en_variants,zh_variants\ndigital twin,数字孪生,,数字映射\nlarge language model,大语言模型,LLM,\n"
)


@pytest.fixture
def glossary(tmp_path: Path) -> str:
    path = tmp_path / "glossary.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return str(path)


def terminology(
    beads: list[AlignedBead], glossary: str | None, src: str = "en", tgt: str = "zh"
) -> list[Finding]:
    documents = [{"pair_id": "doc", "status": "paired"}]
    options = CheckOptions(enabled=("terminology",), glossary_file=glossary)
    return run_checks(beads, documents, src, tgt, options)


def test_registered_as_a_minor_check() -> None:
    assert CHECKS["terminology"].severity == "minor"
    assert list(CHECKS).index("terminology") == list(CHECKS).index("codes") + 1


def test_a_term_without_its_rendering_is_reported(glossary: str) -> None:
    pair = PairBuilder("doc")
    pair.paragraph([("The plant runs digital twins of every line.", "工厂为每条产线运行虚拟模型。", 0.8)])
    (finding,) = terminology(pair.beads, glossary)
    assert finding.check == "terminology" and finding.severity == "minor"
    assert finding.detail == {"term": "digital twin", "renderings": ["数字孪生", "数字映射"]}
    assert finding.src[0].text.startswith("The plant runs") and finding.tgt[0].text.startswith("工厂")
    assert "'digital twin' (en.txt:1) is in the glossary as 数字孪生 / 数字映射" in finding.message


def test_renderings_variants_and_word_forms_count(glossary: str) -> None:
    pair = PairBuilder("doc")
    pair.paragraph([("Digital twins help.", "数字孪生有帮助。", 0.8)])
    pair.paragraph([("A digital twin of the city.", "城市的数字映射。", 0.8)])
    pair.paragraph([("Our LLM answers.", "我们的大语言模型回答。", 0.8)])
    assert terminology(pair.beads, glossary) == []


def test_a_rendering_moved_to_the_neighbouring_sentence_is_no_finding(glossary: str) -> None:
    pair = PairBuilder("doc")
    pair.paragraph(
        [
            ("Engineers build digital twins.", "工程师搭建模型。", 0.7),
            ("They test them.", "他们测试这些数字孪生。", 0.7),
        ]
    )
    assert terminology(pair.beads, glossary) == []
    pair.paragraph(
        [
            ("Engineers build digital twins.", "工程师搭建模型。", 0.7),
            ("The digital twin is tested.", "该数字孪生接受测试。", 0.7),
        ]
    )
    (finding,) = terminology(pair.beads, glossary)  # two terms, one rendering: the first is missing
    assert finding.src[0].text == "Engineers build digital twins."


def test_chinese_source_runs_are_checked_the_other_way(glossary: str) -> None:
    pair = PairBuilder("doc")
    pair.paragraph([("该平台使用数字孪生。", "The platform uses a virtual replica.", 0.8)])
    pair.paragraph([("数字孪生很重要。", "Digital twins matter.", 0.8)])
    (finding,) = terminology(pair.beads, glossary, src="zh", tgt="en")
    assert finding.detail["term"] == "数字孪生"
    assert finding.detail["renderings"] == ["digital twin"]


def test_off_without_a_glossary_and_for_other_languages(glossary: str) -> None:
    pair = PairBuilder("doc")
    pair.paragraph([("The plant runs digital twins.", "工厂运行虚拟模型。", 0.8)])
    assert terminology(pair.beads, None) == []
    assert terminology(pair.beads, glossary, src="en", tgt="de") == []
