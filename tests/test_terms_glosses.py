"""Term pairs from inline glosses: which English a gloss translates, its variants, what is no gloss."""

from __future__ import annotations

from pathlib import Path

from aligner.terms import glosses_in, terms_from_text

AUTHORS = (
    "Authors: Chinese Ministry of Industry and Information Technology (MIIT; 工业和信息化部; 工信部), "
    "Office of the Central Cyberspace Affairs Commission (中央网络安全和信息化委员会办公室; 中央网信办; "
    "also known as the Cyberspace Administration of China [CAC; 国家互联网信息办公室; 国家网信办]), "
    "and National Data Administration (国家数据局).\n"
)


def pairs_of(text: str) -> dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return {p.zh: (p.en, p.en_variants, p.zh_variants) for p in glosses_in(text)}


def test_acronym_gloss_takes_the_spelled_out_name_not_the_sentence() -> None:
    found = pairs_of(AUTHORS)
    assert found["工业和信息化部"] == (
        "Ministry of Industry and Information Technology",
        ("MIIT",),
        ("工信部",),
    )
    assert found["国家数据局"] == ("National Data Administration", (), ())


def test_nested_gloss_inside_another_one() -> None:
    found = pairs_of(AUTHORS)
    assert found["中央网络安全和信息化委员会办公室"] == (
        "Office of the Central Cyberspace Affairs Commission",
        (),
        ("中央网信办",),
    )
    assert found["国家互联网信息办公室"] == ("Cyberspace Administration of China", ("CAC",), ("国家网信办",))


def test_lowercase_term_is_the_phrase_the_dictionary_accounts_for() -> None:
    text = (
        "We must create new quality productive forces (新质生产力) and empower "
        "new-style industrialization (新型工业化).\n"
    )
    found = pairs_of(text)
    assert found["新质生产力"][0] == "new quality productive forces"
    assert found["新型工业化"][0] == "new-style industrialization"


def test_quoted_and_italic_phrases() -> None:
    text = (
        "(3) Launch a “Model-Data Resonance” (“模数共振”) campaign. See the "
        "*Measures for Artificial Intelligence Technology Ethics Management Services* "
        "(人工智能科技伦理管理服务办法).\n"
        'The term "central state-owned enterprises" ("central SOEs"; 央企) is common.\n'
    )
    found = pairs_of(text)
    assert found["模数共振"][0] == "Model-Data Resonance"
    assert found["人工智能科技伦理管理服务办法"][0].startswith("Measures for Artificial Intelligence")
    assert found["央企"] == ("central state-owned enterprises", ("central SOEs",), ())


def test_sentences_pinyin_and_chinese_only_spans_make_no_pair() -> None:
    text = (
        "The first sentences (制造业是国民经济的主体, 是立国之本、兴国之器).\n"
        "The Chinese term wǎngluò qiángguó (网络强国) has no English here.\n"
        "See 工业和信息化领域数据安全管理办法(试行).\n"
    )
    assert glosses_in(text) == []


def test_a_repeated_gloss_counts_up_and_keeps_its_first_place(tmp_path: Path) -> None:
    path = tmp_path / "policy.en.txt"
    path.write_text(
        "Build smart ports (智慧港口) first.\n\nThen more smart ports (智慧港口; 港口) follow.\n",
        encoding="utf-8",
    )
    (pair,) = terms_from_text(path)
    assert (pair.en, pair.zh, pair.frequency, pair.zh_variants) == ("smart ports", "智慧港口", 2, ("港口",))
    assert pair.example_en == "Build smart ports (智慧港口) first."
    assert pair.example_en_at == f"{path}:1"
    assert pair.score is None
