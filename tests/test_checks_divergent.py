"""The divergent check: a paragraph the translation rewrites, reported once, major."""

from __future__ import annotations

from aligner.checks import CheckOptions, run_checks
from test_report_synthetic import faithful_pair

SOURCE = [
    "Ford's autonomous vehicles undergo rigorous testing in real-world environments before deployment.",
    "Simulated scenarios check that the AI systems handle unexpected situations safely.",
]
REWRITE = [
    "安全是自动驾驶的基石，我们借助仿真平台在虚拟世界中构建了数字地球，模拟各种极端天气和危险场景。",
    "我们坚持全天候进行百万公里级的测试，致力于将智能驾驶体验从功能层面提升到情感与信任层面。",
]


def test_a_rewritten_paragraph_is_one_major_finding() -> None:
    pair = faithful_pair()
    block = pair.paragraph([(SOURCE[0], REWRITE[0], 0.3), (SOURCE[1], REWRITE[1], 0.25)])
    findings = run_checks(pair.beads, [pair.row()], "en", "zh")
    divergent = [f for f in findings if f.check == "divergent"]
    assert len(divergent) == 1
    (finding,) = divergent
    assert finding.severity == "major" and finding.detail["block"] == block
    assert "Rewritten paragraph" in finding.message
    # Its low-similarity sentences are part of it, not findings of their own.
    assert [f for f in findings if f.check == "low-similarity"] == []
    assert len(finding.detail["low_similarity_sentences"]) == 2  # type: ignore[arg-type]
    assert "score as low as 0.25" in finding.message


def test_a_short_dissimilar_translation_is_condensed_not_divergent() -> None:
    pair = faithful_pair()
    pair.paragraph([(SOURCE, "测试很严格。", 0.3)])
    checks = {f.check for f in run_checks(pair.beads, [pair.row()], "en", "zh")}
    assert "divergent" not in checks


def test_a_faithful_document_has_no_divergent_finding() -> None:
    pair = faithful_pair()
    assert run_checks(pair.beads, [pair.row()], "en", "zh", CheckOptions(enabled=("divergent",))) == []


def test_a_low_paragraph_score_with_faithful_sentences_is_not_a_rewrite() -> None:
    # A paragraph window can score low (a heading read into it) while each sentence pair is faithful.
    from dataclasses import replace

    pair = faithful_pair()
    block = pair.paragraph([(SOURCE[0], REWRITE[0], 0.85), (SOURCE[1], REWRITE[1], 0.86)])
    pair.beads = [
        replace(b, score=0.3) if b.level == "paragraph" and b.block == block else b for b in pair.beads
    ]
    assert run_checks(pair.beads, [pair.row()], "en", "zh", CheckOptions(enabled=("divergent",))) == []
