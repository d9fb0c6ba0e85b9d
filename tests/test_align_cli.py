"""``aligner align-sentences``: output formats, atomic output files, one-line input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.evaluate import parse_beads

EN = "The museum opens at nine.\nTickets cost 20 euros.\nChildren enter for free.\n"
ZH = "博物馆九点开门。\n门票20欧元。\n儿童免费入场。\n"


@pytest.fixture
def texts(tmp_path: Path) -> tuple[Path, Path]:
    src, tgt = tmp_path / "en.txt", tmp_path / "zh.txt"
    src.write_text(EN, encoding="utf-8")
    tgt.write_text(ZH, encoding="utf-8")
    return src, tgt


def run(args: list[str], cache_dir: Path) -> int:
    return main(["align-sentences", *args, "--cache-dir", str(cache_dir)])


def test_writes_vecalign_beads_with_scores(texts: tuple[Path, Path], tmp_path: Path, cache_dir: Path) -> None:
    out = tmp_path / "out" / "en-zh.align"
    assert run([str(texts[0]), str(texts[1]), "--presplit", "-o", str(out)], cache_dir) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert parse_beads("\n".join(lines)) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert all(0.0 < float(line.rsplit(":", 1)[1]) <= 1.0 for line in lines)
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temporary left


def test_tsv_and_jsonl_to_stdout(
    texts: tuple[Path, Path], cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(texts[0]), str(texts[1]), "--src-lang", "en", "--tgt-lang", "zh"]
    assert run([*args, "--format", "tsv"], cache_dir) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [row[1:] for row in rows][1] == ["1-1", "Tickets cost 20 euros.", "门票20欧元。"]
    assert run([*args, "--format", "jsonl"], cache_dir) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records[2]["src"] == "Children enter for free." and records[2]["tgt_idx"] == [2]


def test_splits_sentences_without_presplit(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, tgt = tmp_path / "en.txt", tmp_path / "zh.txt"
    src.write_text(EN.replace("\n", " "), encoding="utf-8")
    tgt.write_text(ZH.replace("\n", ""), encoding="utf-8")
    assert run([str(src), str(tgt)], cache_dir) == 0
    assert parse_beads(capsys.readouterr().out) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


@pytest.mark.parametrize("problem", ["missing", "empty"])
def test_bad_input_is_a_one_line_input_error(
    problem: str,
    texts: tuple[Path, Path],
    tmp_path: Path,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "bad.txt"
    if problem == "empty":
        bad.write_text("\n  \n", encoding="utf-8")
    assert run([str(texts[0]), str(bad)], cache_dir) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.txt" in err and "Traceback" not in err
