"""The importable API: align two texts, run the main job, load a run folder, export it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import aligner
from aligner.cli import main
from aligner.errors import InputError, OutputError, UsageError
from test_export_fixtures import DEFAULT_SENTENCE_UNITS, read_tmx, write_run


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


EN_TEXT = """Rain in the City

It rains today in Chongqing. We stay at home and read.

The cat sleeps on the sofa. It is late, and the streets are quiet.
"""
ZH_TEXT = """城市里的雨

今天重庆下雨。我们待在家里看书。

猫在沙发上睡觉。天晚了，街道很安静。
"""


def test_run_writes_a_run_folder_with_the_named_options(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "en.txt").write_text(EN_TEXT, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(ZH_TEXT, encoding="utf-8")
    lines: list[str] = []
    out = tmp_path / "out"
    result = aligner.run(
        [tmp_path / "en.txt", tmp_path / "zh.txt"],
        out,
        cache_dir=cache_dir,
        created="2026-01-01T00:00:00Z",
        report=False,
        progress=lines.append,
    )
    assert [p.status for p in result.pairs] == ["paired"]
    assert "pairing documents" in lines
    assert not (out / "report.json").exists() and (out / "tm" / "corpus.tmx").is_file()
    data = aligner.load_run(out)
    assert data.findings.empty
    sentences = data.beads.query("level == 'sentence'")
    assert "".join(sentences["tgt"]) == ZH_TEXT.replace("\n", "")
    assert len(sentences) == 5
    parameters = data.manifest["parameters"]
    assert isinstance(parameters, dict) and parameters["report"] is False


def test_run_refuses_unknown_options_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown run option 'colour'; choose from cache_dir, created, "):
        aligner.run([tmp_path / "en.txt"], tmp_path / "out", colour="red")
    assert not (tmp_path / "out").exists()


def test_export_is_what_the_cli_writes(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run")
    done = aligner.export(run, tmp_path / "api.tmx", min_score=0.7, kinds="1-1,2-1")
    cli = tmp_path / "cli.tmx"
    assert main(["export", str(run), "-o", str(cli), "--min-score", "0.7", "--kinds", "1-1,2-1"]) == 0
    assert done.path.read_bytes() == cli.read_bytes()
    assert (done.format, done.level) == ("tmx", "sentence")
    assert done.units == len(read_tmx(done.path)) > 0
    assert done.summary.startswith(f"kept {done.units} of {done.in_scope} beads")
    assert sum(done.dropped.values()) == done.in_scope - done.units


def test_export_default_path_and_overwrite(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run")
    done = aligner.export(run, format="CSV")
    assert done.path == run / "exports" / "corpus-sentence.csv"
    assert done.units == len(DEFAULT_SENTENCE_UNITS)
    with pytest.raises(OutputError, match="exists; pass force=True"):
        aligner.export(run, format="csv")
    assert aligner.export(run, format="csv", include_omissions=True, force=True).units > done.units
    paragraphs = aligner.export(run, tmp_path / "p.jsonl", level="paragraph", pairs=["p02"])
    assert (paragraphs.format, paragraphs.level) == ("jsonl", "paragraph")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "give format= "),
        ({"format": "tmx", "excel": True}, "excel=True applies to csv and tsv only"),
        ({"format": "docx"}, "unknown export format 'docx'"),
        ({"format": "tmx", "include_omissions": True}, "never hold omissions"),
        ({"format": "csv", "kinds": ["1to1"]}, "N-M"),
        ({"format": "csv", "pairs": ["p99"]}, "no document pair 'p99'"),
        ({"format": "csv", "min_score": 2.0}, "outside"),
    ],
)
def test_export_usage_errors(tmp_path: Path, options: dict[str, Any], message: str) -> None:
    run = write_run(tmp_path / "run")
    with pytest.raises(UsageError, match=re.escape(message)):
        aligner.export(run, **options)
    assert not (run / "exports").exists()


def test_export_of_a_missing_run_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a run folder"):
        aligner.export(tmp_path / "nowhere", format="tmx")
