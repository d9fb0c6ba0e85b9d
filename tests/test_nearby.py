"""Sentences merged into a neighbour of the other side: measured, recorded, and not reported."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from aligner.checks import CheckOptions, run_checks
from aligner.encoders import CachedEncoder, get_encoder
from aligner.model import AlignedBead, NearbyMatch
from aligner.nearby import MIN_COSINE, Neighbour, best_clause, clauses, find_nearby_matches
from test_report_synthetic import PairBuilder, faithful_pair

GAPS = CheckOptions(enabled=("omission", "addition"))
MERGED = [
    ("The solution comprises core data services, energy audits and carbon certification.", None),
    ("With its low cost, the system is well suited to small and medium-sized enterprises.", None),
]
# One Chinese sentence for both: the second English sentence is its last clauses.
MERGED_ZH = "该解决方案包括核心数据服务、能源审计和碳认证等模块，价格低廉，非常适合中小企业。"
UNRELATED = "Last summer the river flooded two villages in the north of the province."


@pytest.fixture(scope="module")
def encoder(cache_dir: Path) -> CachedEncoder:
    return CachedEncoder(get_encoder("use-m3"), cache_dir)


def test_clauses_are_cut_at_commas_semicolons_and_colons() -> None:
    found = clauses("该方案包括核心模块，价格低廉，适合中小企业。", "zh")
    assert found[:3] == ["该方案包括核心模块，", "价格低廉，", "适合中小企业。"]
    assert "价格低廉，适合中小企业。" in found  # neighbouring clauses together
    assert found[-1] == "该方案包括核心模块，价格低廉，适合中小企业。"
    english = clauses("The system is cheap; it suits small firms, and it is easy to install.", "en")
    assert english[:3] == ["The system is cheap;", "it suits small firms,", "and it is easy to install."]
    assert clauses("No clause ends here", "en") == ["No clause ends here"]


def test_a_sentence_merged_into_its_neighbour_reads_like_one_of_its_clauses(encoder: CachedEncoder) -> None:
    neighbour = Neighbour(MERGED[0][0], (MERGED_ZH,))
    merged = best_clause(MERGED[1][0], [neighbour], "zh", encoder)
    assert merged is not None
    cosine, margin, clause, _, _ = merged
    assert "中小企业" in clause and margin >= CheckOptions().nearby_min_margin and cosine >= MIN_COSINE
    unrelated = best_clause(UNRELATED, [neighbour], "zh", encoder)
    assert unrelated is None or unrelated[1] < CheckOptions().nearby_min_margin


def _merged_pair(second: str) -> PairBuilder:
    pair = faithful_pair()
    pair.paragraph([(MERGED[0][0], MERGED_ZH, 0.7), (second, None, 0.0)])
    return pair


def test_the_pipeline_stage_records_the_match_and_the_check_passes_over_it(encoder: CachedEncoder) -> None:
    beads = find_nearby_matches(_merged_pair(MERGED[1][0]).beads, encoder, "en", "zh")
    (lonely,) = [b for b in beads if b.level == "sentence" and not b.tgt]
    assert lonely.nearby is not None and lonely.nearby.file == "zh.txt"
    assert "中小企业" in lonely.nearby.clause
    pair = _merged_pair(MERGED[1][0])
    assert run_checks(beads, [pair.row()], "en", "zh", GAPS) == []
    # A sentence that is really missing is still reported.
    pair = _merged_pair(UNRELATED)
    beads = find_nearby_matches(pair.beads, encoder, "en", "zh")
    (finding,) = run_checks(beads, [pair.row()], "en", "zh", GAPS)
    assert finding.check == "omission" and finding.src[0].text == UNRELATED


def _with_nearby(beads: list[AlignedBead], margin: float) -> list[AlignedBead]:
    match = NearbyMatch(0.5, margin, "价格低廉，非常适合中小企业。", "zh.txt", 3)
    return [replace(b, nearby=match) if b.level == "sentence" and not b.tgt else b for b in beads]


def test_the_margin_threshold_decides() -> None:
    pair = _merged_pair(MERGED[1][0])
    assert run_checks(_with_nearby(pair.beads, 0.3), [pair.row()], "en", "zh", GAPS) == []
    (finding,) = run_checks(_with_nearby(pair.beads, 0.1), [pair.row()], "en", "zh", GAPS)
    assert finding.check == "omission"
    stricter = CheckOptions(enabled=("omission",), nearby_min_margin=0.4)
    assert len(run_checks(_with_nearby(pair.beads, 0.3), [pair.row()], "en", "zh", stricter)) == 1


def test_a_paragraph_moved_into_the_neighbouring_paragraph_is_not_reported() -> None:
    pair = faithful_pair()
    pair.paragraph([("However, AI in manufacturing still faces several constraints.", None, 0.0)])
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", GAPS)
    assert finding.detail["whole_paragraphs"] == 1
    assert run_checks(_with_nearby(pair.beads, 0.3), [pair.row()], "en", "zh", GAPS) == []


def test_the_match_is_written_to_and_read_from_alignments_jsonl() -> None:
    (bead,) = [b for b in _with_nearby(_merged_pair(MERGED[1][0]).beads, 0.3) if b.nearby]
    data = bead.to_dict()
    assert data["nearby"] == {
        "cosine": 0.5,
        "margin": 0.3,
        "clause": "价格低廉，非常适合中小企业。",
        "file": "zh.txt",
        "line": 3,
    }
    assert AlignedBead.from_dict(data) == bead
    plain = replace(bead, nearby=None)
    assert "nearby" not in plain.to_dict() and AlignedBead.from_dict(plain.to_dict()) == plain


def test_an_omission_beside_its_own_translation_as_an_addition_is_neither(encoder: CachedEncoder) -> None:
    # The translator moved a lead-in across a paragraph break: 1-0 and 0-1 beads next to each other.
    pair = faithful_pair()
    pair.paragraph([(None, "制造业人工智能应用落地的难点主要有：", 0.0)])
    pair.paragraph([("The main challenges of applying AI in manufacturing include:", None, 0.0)])
    beads = find_nearby_matches(pair.beads, encoder, "en", "zh")
    assert run_checks(beads, [pair.row()], "en", "zh", GAPS) == []
    # Two unrelated lonely sentences side by side stay an omission and an addition.
    pair = faithful_pair()
    pair.paragraph([(None, "该市今年夏天遭遇了严重的洪水。", 0.0)])
    pair.paragraph([("The main challenges of applying AI in manufacturing include:", None, 0.0)])
    beads = find_nearby_matches(pair.beads, encoder, "en", "zh")
    assert sorted(f.check for f in run_checks(beads, [pair.row()], "en", "zh", GAPS)) == [
        "addition",
        "omission",
    ]
