"""``aligner export``: re-export a run folder with other filters, formats and language codes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from aligner.cli import main
from test_export_fixtures import DEFAULT_SENTENCE_UNITS, assert_valid_tmx, read_tmx, write_run


@pytest.fixture
def run(tmp_path: Path) -> Path:
    return write_run(tmp_path / "run")


def test_tmx_with_defaults(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(run), "--format", "tmx"]) == 0
    path = run / "exports" / "corpus-sentence.tmx"
    assert capsys.readouterr().out == (
        f"wrote 5 sentence units to {path} (tmx); "
        "kept 5 of 11 beads (dropped: 2 omission, 1 score, 1 heading, 1 numeric, 1 short)\n"
    )
    assert_valid_tmx(path)
    assert read_tmx(path) == [(src, tgt, "en-US", "zh-CN") for _, src, tgt in DEFAULT_SENTENCE_UNITS]


def test_refuses_to_overwrite_without_force(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = run / "mine.tmx"
    assert main(["export", str(run), "-o", str(target)]) == 0
    before = target.read_bytes()
    assert main(["export", str(run), "-o", str(target), "--min-score", "0.85"]) == 4
    assert "exists; add --force" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert main(["export", str(run), "-o", str(target), "--min-score", "0.85", "--force"]) == 0
    assert len(read_tmx(target)) == 1


def test_filters_reach_the_export(run: Path) -> None:
    out = run / "f.jsonl"
    args = ["export", str(run), "-o", str(out), "--kinds", "1-1,0-1", "--pair", "p02", "--include-omissions"]
    assert main(args) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["unit_id"] for row in rows] == ["p02-s1", "p02-s2", "p02-s3"]
    para = run / "p.tsv"
    assert main(["export", str(run), "-o", str(para), "--level", "paragraph", "--include-headings"]) == 0
    table = pd.read_csv(para, sep="\t", dtype=str, keep_default_na=False)
    assert list(table.unit_id) == ["p01-p1", "p01-p2", "p01-p3", "p02-p1"]


def test_language_codes_from_the_manifest_and_the_options(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", src_lang="de", tgt_lang="zh")
    out = run / "de.tmx"
    assert main(["export", str(run), "-o", str(out)]) == 0
    assert {(s, t) for _, _, s, t in read_tmx(out)} == {("de", "zh-CN")}
    codes = ["--src-lang-code", "en-GB", "--tgt-lang-code", "zh-hant"]
    assert main(["export", str(run), "-o", str(out), "--force", *codes]) == 0
    assert {(s, t) for _, _, s, t in read_tmx(out, tgt_lang="zh-Hant")} == {("en-GB", "zh-Hant")}


def test_excel_csv(run: Path) -> None:
    out = run / "excel.csv"
    assert main(["export", str(run), "-f", "csv", "-o", str(out), "--excel"]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "'=SUM(A1:A3)" in out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        ([], 2, "give --format"),
        (["-f", "docx"], 2, "unknown export format"),
        (["-f", "tmx", "--tgt-lang-code", "chinese"], 2, "not a language code"),
        (["-f", "tmx", "--src-lang-code", "zh-CN"], 2, "must differ"),
        (["-f", "tmx", "--include-omissions"], 2, "never hold omissions"),
        (["-f", "xlsx", "--excel"], 2, "--excel applies to csv and tsv"),
        (["-f", "csv", "--min-score", "2"], 2, "outside [0, 1]"),
        (["-f", "csv", "--kinds", "1to1"], 2, "N-M"),
        (["-f", "csv", "--pair", "p99"], 2, "no document pair 'p99'"),
        (["-f", "csv", "--level", "word"], 2, "level"),
    ],
)
def test_usage_errors_are_one_line(
    run: Path, capsys: pytest.CaptureFixture[str], extra: list[str], code: int, message: str
) -> None:
    assert main(["export", str(run), *extra]) == code
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (run / "exports").exists()


def test_input_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "nowhere"), "-f", "tmx"]) == 3
    assert "is not a run folder" in capsys.readouterr().err
    run = write_run(tmp_path / "run", created="")
    assert main(["export", str(run), "-f", "tmx"]) == 3
    assert "no 'created' timestamp" in capsys.readouterr().err
    run = write_run(tmp_path / "run2", created="last Tuesday")
    assert main(["export", str(run), "-f", "tmx"]) == 3
    assert "bad 'created' date: 'last Tuesday' is not an ISO-8601 timestamp" in capsys.readouterr().err


def test_help_shows_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--help"]) == 0
    assert "Example: aligner export" in capsys.readouterr().out


def test_numeric_and_length_options(run: Path) -> None:
    out = run / "n.csv"
    assert main(["export", str(run), "-o", str(out), "--include-numeric", "--min-chars", "1"]) == 0
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.unit_id) == ["p01-s2", "p01-s3", "p01-s4", "p01-s5", "p01-s8", "p02-s1", "p02-s3"]
