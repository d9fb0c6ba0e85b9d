"""``aligner eval``: one file or folders of same-named files, per-file table and micro-average."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.cli import main


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_single_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = write(tmp_path / "g", "001", "[0]:[0]\n[1]:[1,2]\n")
    test = write(tmp_path / "t", "001", "[0]:[0]:0.9\n[1]:[1]:0.8\n[]:[2]:0\n")
    assert main(["eval", str(gold), str(test)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["file", "P"]
    values = [float(v) for v in lines[1].split()[1:]]
    # P strict 1/3, R strict 1/2, P lax 2/3, R lax 1
    assert values[:2] == pytest.approx([0.3333, 0.5], abs=1e-4)
    assert values[3:5] == pytest.approx([0.6667, 1.0], abs=1e-4)


def test_folders_show_each_file_and_the_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, test_text in (("a", "[0]:[0]\n"), ("b", "[0]:[1]\n[1]:[0]\n")):
        write(tmp_path / "gold", name, "[0]:[0]\n" if name == "a" else "[0]:[0]\n[1]:[1]\n")
        write(tmp_path / "test", name, test_text)
    assert main(["eval", str(tmp_path / "gold"), str(tmp_path / "test")]) == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()[1:]}
    assert float(rows["a"][2]) == 1.0 and float(rows["b"][2]) == 0.0
    assert float(rows["micro-avg"][2]) == pytest.approx(1 / 3, abs=1e-4)


def test_missing_test_file_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "gold", "a", "[0]:[0]\n")
    (tmp_path / "test").mkdir()
    assert main(["eval", str(tmp_path / "gold"), str(tmp_path / "test")]) == 3
    assert "no test file for a" in capsys.readouterr().err
