"""Omissions, additions and unpaired documents: grouping and severities."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.checks import CheckOptions, run_checks
from aligner.model import AlignedBead, Finding
from test_report_synthetic import FAITHFUL, PairBuilder, score_for

GAPS = CheckOptions(enabled=("omission", "addition", "unpaired"))


def faithful_paragraph(pair: PairBuilder, start: int) -> None:
    pair.paragraph([(en, zh, score_for(start + i)) for i, (en, zh) in enumerate(FAITHFUL[start : start + 3])])


def check(*pairs: PairBuilder) -> list[Finding]:
    beads = [bead for pair in pairs for bead in pair.beads]
    return run_checks(beads, [pair.row() for pair in pairs], "en", "zh", GAPS)


def test_consecutive_untranslated_paragraphs_are_one_critical_finding() -> None:
    pair = PairBuilder("p1")
    faithful_paragraph(pair, 0)
    pair.paragraph([(FAITHFUL[3][0], None, 0.0), (FAITHFUL[4][0], None, 0.0)])
    pair.paragraph([(FAITHFUL[5][0], None, 0.0)])
    faithful_paragraph(pair, 6)
    pair.paragraph([(FAITHFUL[9][0], None, 0.0)])
    (first, second) = check(pair)
    assert (first.check, first.severity, first.detail["level"]) == ("omission", "critical", "paragraph")
    assert first.detail["blocks"] == [1, 2] and first.detail["whole_paragraphs"] == 2
    assert first.message.startswith("Untranslated 2 paragraphs (en.txt:3-5")
    assert second.detail["blocks"] == [4]


def test_untranslated_heading_is_major() -> None:
    pair = PairBuilder("p1")
    pair.paragraph([("Chapter 2: Challenges and risks", None, 0.0)], kind="heading")
    faithful_paragraph(pair, 0)
    (finding,) = check(pair)
    assert finding.severity == "major"


def test_sentence_runs_inside_translated_paragraph_are_grouped() -> None:
    pair = PairBuilder("p1")
    pair.paragraph(
        [
            (FAITHFUL[0][0], FAITHFUL[0][1], 0.9),
            (FAITHFUL[1][0], None, 0.0),
            (FAITHFUL[2][0], None, 0.0),
            (FAITHFUL[3][0], FAITHFUL[3][1], 0.9),
            (FAITHFUL[4][0], None, 0.0),
            (None, "这是译者添加的说明。", 0.0),
        ]
    )
    first, second, addition = check(pair)
    assert first.severity == "major" and [s.text for s in first.src] == [FAITHFUL[1][0], FAITHFUL[2][0]]
    assert second.severity == "major" and [s.text for s in second.src] == [FAITHFUL[4][0]]
    assert addition.check == "addition" and addition.severity == "minor"
    assert addition.message.startswith("Target sentence with no source")


def test_a_whole_source_paragraph_dropped_inside_a_merged_bead_is_critical() -> None:
    """A 2-1 paragraph bead whose second source paragraph has no aligned sentence at all."""
    pair = PairBuilder("p1")
    para_a, (sent_a,) = pair.src.add([FAITHFUL[0][0]], "body")
    para_b, sents_b = pair.src.add([FAITHFUL[1][0], FAITHFUL[2][0]], "body")
    tgt_para, (tgt_sent,) = pair.tgt.add([FAITHFUL[0][1]], "body")
    pair.beads = [
        AlignedBead("p1", "paragraph", "2-1", 0.7, [para_a, para_b], [tgt_para], 0),
        AlignedBead("p1", "sentence", "1-1", 0.9, [sent_a], [tgt_sent], 0),
        AlignedBead("p1", "sentence", "1-0", 0.0, [sents_b[0]], [], 0),
        AlignedBead("p1", "sentence", "1-0", 0.0, [sents_b[1]], [], 0),
    ]
    (finding,) = check(pair)
    assert finding.severity == "critical" and finding.detail["whole_paragraphs"] == 1
    assert "(a whole paragraph)" in finding.message


def test_unpaired_documents_are_reported_once() -> None:
    paired = PairBuilder("p1")
    faithful_paragraph(paired, 0)
    lonely = PairBuilder("p2", "Appendix", status="src-only")
    lonely.paragraph([(FAITHFUL[3][0], None, 0.0)])
    extra = PairBuilder("p3", tgt_title="附录", status="tgt-only")
    findings = check(paired, lonely, extra)
    assert [(f.check, f.severity, f.pair_id) for f in findings] == [
        ("unpaired", "critical", "p2"),
        ("unpaired", "major", "p3"),
    ]
    assert findings[0].src[0].file == "en.txt" and findings[1].tgt[0].file == "zh.txt"
    assert findings[0].message == "Source document has no translation: Appendix"


def test_short_lines_and_source_references_are_major() -> None:
    pair = PairBuilder("p1")
    faithful_paragraph(pair, 0)
    pair.paragraph([("The main challenges include:", None, 0.0)])
    faithful_paragraph(pair, 3)
    source = (
        "Data sourced from https://www.example.com/group-structure (accessed 31 August 2025), a long line."
    )
    pair.paragraph([(source, None, 0.0)])
    assert [f.severity for f in check(pair)] == ["major", "major"]


# One paragraph: per sentence bead, whether it has a source and a target sentence (never neither).
_BEAD = st.sampled_from([(True, True), (True, False), (False, True)])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_BEAD, min_size=1, max_size=5), min_size=1, max_size=8))
def test_every_lonely_segment_is_reported_exactly_once(paragraphs: list[list[tuple[bool, bool]]]) -> None:
    pair = PairBuilder("p1")
    texts = iter(range(10_000))
    for shape in paragraphs:
        pair.paragraph(
            [
                (
                    f"Source sentence {next(texts)}." if s else None,
                    f"目标句子{next(texts)}。" if t else None,
                    0.9,
                )
                for s, t in shape
            ]
        )
    findings = check(pair)
    for side, name in (("src", "omission"), ("tgt", "addition")):
        reported = [seg for f in findings if f.check == name for seg in getattr(f, side)]
        expected = []
        for block in {b.block for b in pair.beads}:
            paragraph = next(b for b in pair.beads if b.block == block and b.level == "paragraph")
            own, other = getattr(paragraph, side), getattr(paragraph, "tgt" if side == "src" else "src")
            if own and not other:
                expected.extend(own)  # the whole paragraph, once, not its sentences
                continue
            sentences = [b for b in pair.beads if b.block == block and b.level == "sentence"]
            for bead in sentences:
                if getattr(bead, side) and not getattr(bead, "tgt" if side == "src" else "src"):
                    expected.extend(getattr(bead, side))
        assert sorted(reported, key=lambda s: s.char_start) == sorted(expected, key=lambda s: s.char_start)


def test_an_unpaired_document_quotes_why_pairing_said_no() -> None:
    lonely = PairBuilder("p2", "Appendix", status="src-only")
    lonely.paragraph([(FAITHFUL[3][0], None, 0.0)])
    row = lonely.row()
    row["reason"] = "best candidate 附录 (zh.txt:1) at 0.47: margin 0.015, needs 0.09"
    findings = run_checks(lonely.beads, [row], "en", "zh")
    (finding,) = [f for f in findings if f.check == "unpaired"]
    assert finding.message == (
        "Source document has no translation: Appendix "
        "(best candidate 附录 (zh.txt:1) at 0.47: margin 0.015, needs 0.09)"
    )
    assert finding.detail["reason"] == row["reason"]
