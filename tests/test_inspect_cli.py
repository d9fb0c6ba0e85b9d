"""``aligner inspect``: table and JSON output, options, and one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aligner.cli import main

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def test_inspect_lists_the_documents_of_a_volume(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["inspect", str(CORPORA / "cmia-19" / "en.txt")])
    out = capsys.readouterr().out
    assert code == 0
    assert "en.txt: utf-8, 3485 lines, split by its table of contents: 22 documents" in out
    assert re.search(r"^ +1  en\.txt#01 +35-141 +\d+ +\d+  en  +AT&S", out, re.M)
    assert "AT&S and Chongqing's Joint Path Toward AI-Driven" in out
    assert "by Dr. Michael Mertin CEO of AT&S AG" in out
    assert re.search(r"^ +22  en\.txt#22 +3411-3482 ", out, re.M)
    assert "removed: footnote" in out and "toc 25 lines" in out


def test_inspect_json_with_paragraphs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "paper.txt"
    path.write_text(
        "Smart Factories\n\nDr. Jane Roe leads it. It works.\n\n¹ https://example.com/a\n", encoding="utf-8"
    )
    assert main(["inspect", "--json", "--paragraphs", "--removed", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    (record,) = data["files"]
    assert record["encoding"] == "utf-8" and record["split"] == "single"
    (document,) = record["documents"]
    assert document["title"] == "Smart Factories"
    assert (document["paragraphs"], document["sentences"]) == (2, 3)
    assert document["paragraph_list"][1]["sentences"] == ["Dr. Jane Roe leads it.", "It works."]
    assert record["removed"] == {"footnote": {"entries": 1, "lines": 1}}
    assert record["removed_list"][0]["line_start"] == 5


def test_inspect_options_lang_and_no_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "paper.txt"
    path.write_text("Some body text here.\n\n- 9 -\n", encoding="utf-8")
    assert main(["inspect", "--lang", "fr", "--no-clean", "--paragraphs", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  fr    " in out
    assert "- 9 -" in out
    assert "removed:" not in out


def test_inspect_reports_input_errors_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["inspect", str(tmp_path / "missing.txt")])
    err = capsys.readouterr().err
    assert code == 3
    assert err.strip().splitlines() == [
        f"aligner: error: {tmp_path / 'missing.txt'}: no such file or folder; check the path"
    ]
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main(["inspect", str(png)]) == 3
    assert "PNG image" in capsys.readouterr().err


def test_inspect_help_shows_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--help"]) == 0
    assert "Example: aligner inspect" in capsys.readouterr().out
