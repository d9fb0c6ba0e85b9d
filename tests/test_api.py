"""The importable API: align two texts, load a run folder as DataFrames."""

from __future__ import annotations

from pathlib import Path

import aligner


def test_align_texts_pairs_sentences_in_order(cache_dir: Path) -> None:
    beads = aligner.align_texts(
        "It rains today. We stay at home. The cat sleeps on the sofa.",
        "今天下雨。我们待在家里。猫在沙发上睡觉。",
        cache_dir=cache_dir,
    )
    assert list(beads["kind"]) == ["1-1", "1-1", "1-1"]
    assert list(beads["tgt"]) == ["今天下雨。", "我们待在家里。", "猫在沙发上睡觉。"]
    assert beads["score"].between(0.3, 1.0).all()


def test_load_run_gives_dataframes(cmia_run: Path) -> None:
    data = aligner.load_run(cmia_run)
    assert len(data.documents) == 22
    assert set(data.beads["level"]) == {"paragraph", "sentence"}
    assert data.beads["score"].between(0, 1).all()
    assert {"check", "severity", "pair_id"} <= set(data.findings.columns)
    assert data.manifest["src_lang"] == "en"
