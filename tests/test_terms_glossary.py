"""Glossaries: CSV and TBX readers, one-line errors with the line number, and term matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.terms import read_glossary
from aligner.terms.glossary import TermMatcher


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_header_variant_columns_and_extra_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.csv",
        "\ufeffzh,en,note,zh_variants,en_variants\n"
        "数字孪生,digital twin,x,数字双胞胎 | 数字映射,\n\n"
        "人工智能,artificial intelligence,,,AI\n",
    )
    entries = read_glossary(path)
    assert [(e.en, e.zh, e.en_variants, e.zh_variants) for e in entries] == [
        ("digital twin", "数字孪生", (), ("数字双胞胎", "数字映射")),
        ("artificial intelligence", "人工智能", ("AI",), ()),
    ]


def test_csv_without_header_takes_further_columns_as_renderings(tmp_path: Path) -> None:
    (entry,) = read_glossary(write(tmp_path, "g.csv", "large model,大模型,大型模型\n"))
    assert (entry.en, entry.zh, entry.zh_variants) == ("large model", "大模型", ("大型模型",))


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("g.csv", "en,zh\ndigital twin,数字孪生\nrobots,\n", "g.csv:3: no Chinese term"),
        (
            "g.csv",
            "en,zh\n数字孪生,digital twin\n",
            "g.csv:2: the Chinese term 'digital twin' has no Chinese",
        ),
        ("g.csv", "digital twin\n", "g.csv:1: expected 'en,zh'"),
        ("g.tsv", "en\tzh\n\t数字孪生\n", "g.tsv:2: no English term"),
        ("g.csv", "en,zh\n", "g.csv:1: the glossary has no entries"),
        ("g.tbx", "<martif>\n<text><body>\n<termEntry>\n</body></text></martif>", "g.tbx:4: not valid TBX"),
        ("g.txt", "en,zh\n", "a glossary is a .csv, .tsv or .tbx file"),
    ],
)
def test_bad_glossaries_name_the_line(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        read_glossary(write(tmp_path, name, text))
    assert str(raised.value).startswith(str(tmp_path))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_tbx_entry_without_chinese_names_its_line(tmp_path: Path) -> None:
    text = (
        '<martif type="TBX-Basic"><text><body>\n'
        '<termEntry id="c1"><langSet xml:lang="en"><tig><term>robot</term></tig></langSet>\n'
        '<langSet xml:lang="zh-CN"><tig><term>机器人</term></tig></langSet></termEntry>\n'
        '<termEntry id="c2"><langSet xml:lang="en"><tig><term>sensor</term></tig></langSet></termEntry>\n'
        "</body></text></martif>\n"
    )
    with pytest.raises(InputError, match=r"g\.tbx:4: no Chinese term"):
        read_glossary(write(tmp_path, "g.tbx", text))


def test_tbx_v3_concept_entries(tmp_path: Path) -> None:
    text = (
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic"><text><body>'
        '<conceptEntry id="1"><langSec xml:lang="en"><termSec><term>robot</term></termSec>'
        "<termSec><term>robots</term></termSec></langSec>"
        '<langSec xml:lang="zh"><termSec><term>机器人</term></termSec></langSec></conceptEntry>'
        "</body></text></tbx>"
    )
    (entry,) = read_glossary(write(tmp_path, "g.tbx", text))
    assert (entry.en, entry.en_variants, entry.zh) == ("robot", ("robots",), "机器人")


def test_english_is_matched_on_word_forms_and_acronyms_keep_their_case() -> None:
    matcher = TermMatcher(["intelligent agent", "AI"], "en")
    assert matcher.count("Intelligent agents were deployed; an intelligent agent failed.") == 2
    assert matcher.count("We trained AI models.") == 1
    assert matcher.count("The ai of the plan and an agent.") == 0
    assert TermMatcher(["grade"], "en").count("Products are graded.") == 1


def test_chinese_is_matched_on_characters() -> None:
    matcher = TermMatcher(["数字孪生"], "zh")
    assert matcher.count("构建数字 孪生平台，数字孪生。") == 2  # white space ignored
    assert TermMatcher(["AI"], "zh").count("生成式ＡＩ") == 1  # full-width folded
    assert matcher.count("数字化") == 0
