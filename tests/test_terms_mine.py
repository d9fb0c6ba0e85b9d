"""Term mining: candidates of a sentence, association over aligned sentence pairs, linking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.errors import UsageError
from aligner.model import AlignedBead, Segment
from aligner.terms import MineOptions, mine_beads, mine_terms
from aligner.terms.words import chinese_candidates, english_candidates, english_chunks, word_form


def keys(text: str) -> set[str]:
    return {candidate.key for candidate in english_candidates(text)}


def test_english_chunks_break_at_function_words_and_punctuation() -> None:
    chunks = [[word for word, _ in chunk] for chunk in english_chunks("The city uses digital twins, and AI.")]
    assert chunks == [["city"], ["digital", "twins"], ["AI"]]


def test_connectors_stay_inside_names_only() -> None:
    assert "Ministry of Commerce" in {
        c.surface for c in english_candidates("He met the Ministry of Commerce.")
    }
    assert "development of robot" not in keys("The development of robots is fast.")


def test_candidates_skip_generic_edges_and_lone_modifiers() -> None:
    found = keys("Important digital twins predict distributed failures in a predictive way.")
    assert "digital twin" in found
    assert "important digital twin" not in found  # a vague word starts no term
    assert "predictive" not in found and "distributed" not in found  # adjectives alone are no terms
    assert "way" not in found


def test_plural_and_case_share_a_key_but_acronyms_keep_theirs() -> None:
    assert keys("Digital Twins") == keys("digital twin")
    assert "AI" in keys("We use AI daily.")
    assert word_form("agents") == word_form("agent") and word_form("graded") == word_form("grade")


def test_chinese_candidates_join_words_and_keep_latin_inside() -> None:
    found = {c.key for c in chinese_candidates("发展生成式 AI 和工业物联网。")}
    assert {"生成式AI", "工业物联网", "物联网"} <= found
    assert "和" not in "".join(found)  # a function word cuts the run
    assert "亿欧元" not in {c.key for c in chinese_candidates("投资5亿欧元")}  # a number's unit


def segment(text: str, file: str, line: int) -> Segment:
    return Segment(text, file, line, line, 0, len(text))


def beads(pairs: list[tuple[str, str]], score: float = 0.8) -> list[AlignedBead]:
    return [
        AlignedBead("doc", "sentence", "1-1", score, [segment(en, "en.txt", i)], [segment(zh, "zh.txt", i)])
        for i, (en, zh) in enumerate(pairs, start=1)
    ]


CORPUS = [
    ("Digital twins help the factory.", "数字孪生帮助工厂。"),
    ("The city builds digital twins.", "城市建设数字孪生。"),
    ("Digital twins cut costs.", "数字孪生降低成本。"),
    ("Siemens sells software.", "西门子销售软件。"),
    ("Siemens opened a plant.", "西门子开设了一家工厂。"),
    ("Engineers at Siemens agree.", "西门子的工程师同意。"),
    ("We use generative AI for reports.", "我们用生成式 AI 撰写报告。"),
    ("Staff ask generative AI questions.", "员工向生成式 AI 提问。"),
    ("Managers like generative AI.", "经理喜欢生成式 AI。"),
    ("Lawyers test generative AI.", "律师测试生成式 AI。"),
    ("Teachers fear generative AI.", "教师担心生成式 AI。"),
    ("Pupils love generative AI.", "学生喜欢生成式 AI。"),
    ("Doctors try generative AI.", "医生尝试生成式 AI。"),
    ("Banks adopt generative AI.", "银行采用了生成式人工智能。"),
    ("Shops, too, use generative AI.", "商店也用生成式人工智能。"),
    ("Cities test generative AI.", "城市在测试生成式人工智能。"),
    ("The development is fast.", "发展很快。"),
    ("The development continues.", "发展继续。"),
    ("Rapid development matters.", "快速发展很重要。"),
]


def test_mining_links_terms_and_names() -> None:
    found = {(p.en, p.zh): p for p in mine_beads(beads(CORPUS), "en", "zh")}
    assert ("digital twins", "数字孪生") in found
    twins = found[("digital twins", "数字孪生")]
    assert (twins.frequency, twins.en_frequency, twins.zh_frequency, twins.score) == (3, 3, 3, 1.0)
    assert twins.example_en.startswith("Digital twins") and twins.example_en_at == "en.txt:1"
    assert found[("Siemens", "西门子")].kind == "name"


def test_the_longer_candidate_wins_and_the_other_rendering_is_a_variant() -> None:
    (pair,) = [p for p in mine_beads(beads(CORPUS), "en", "zh") if p.en == "generative AI"]
    assert pair.zh == "生成式AI"  # not the fragment 生成式 that both renderings share
    assert pair.zh_variants == ("生成式人工智能",)
    assert pair.kind == "acronym"


def test_generic_words_are_left_out() -> None:
    assert all(p.zh != "发展" for p in mine_beads(beads(CORPUS), "en", "zh"))
    kept = mine_beads(beads(CORPUS), "en", "zh", MineOptions(generic_rank=0))
    assert any(p.zh == "发展" for p in kept)


def test_min_freq_top_order_and_weak_beads() -> None:
    pairs = mine_beads(beads(CORPUS), "en", "zh")
    assert [p.en for p in mine_beads(beads(CORPUS), "en", "zh", MineOptions(top=2))] == [
        p.en for p in pairs[:2]
    ]
    assert all(p.frequency >= 3 for p in pairs)
    assert [p.en for p in mine_beads(beads(CORPUS), "en", "zh", MineOptions(min_freq=4))] == ["generative AI"]
    assert mine_beads(beads(CORPUS, score=0.3), "en", "zh") == []  # below the bead score floor
    assert pairs == mine_beads(beads(CORPUS), "en", "zh")  # deterministic
    reordered = mine_beads(list(reversed(beads(CORPUS))), "en", "zh")
    assert [(p.en, p.zh) for p in reordered] == [(p.en, p.zh) for p in pairs]


def test_a_chinese_source_run_mines_the_same_pairs() -> None:
    flipped = [AlignedBead(b.pair_id, b.level, b.kind, b.score, b.tgt, b.src, b.block) for b in beads(CORPUS)]
    assert [(p.en, p.zh) for p in mine_beads(flipped, "zh", "en")] == [
        (p.en, p.zh) for p in mine_beads(beads(CORPUS), "en", "zh")
    ]


def test_other_languages_and_bad_options_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="English-Chinese"):
        mine_beads(beads(CORPUS), "en", "de")
    with pytest.raises(UsageError, match="at least 1"):
        mine_beads(beads(CORPUS), "en", "zh", MineOptions(min_freq=0))


def test_mine_terms_reads_a_run_folder(tmp_path: Path) -> None:
    lines = [json.dumps(bead.to_dict(), ensure_ascii=False) for bead in beads(CORPUS)]
    (tmp_path / "alignments.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"src_lang": "en", "tgt_lang": "zh"}))
    assert [p.en for p in mine_terms(tmp_path, top=1)] == [mine_beads(beads(CORPUS), "en", "zh")[0].en]
