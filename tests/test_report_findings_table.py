"""``findings.csv`` and ``findings.xlsx``: the report's findings as an editor's worklist."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from aligner import fileio
from aligner.cli import main
from aligner.errors import OutputError
from aligner.report import FINDING_COLUMNS, REPORT_FILES, rebuild_report
from test_report_synthetic import PairBuilder, planted_pair, write_run_folder


def second_pair() -> PairBuilder:
    """The planted pair again, as another document with other titles."""
    pair = planted_pair()
    pair.pair_id, pair.src_title, pair.tgt_title = "p002", "Second paper", "第二篇"
    pair.beads = [replace(bead, pair_id="p002") for bead in pair.beads]
    return pair


@pytest.fixture
def run_folder(tmp_path: Path) -> Path:
    # Listed second first: the table must follow documents.csv's order, as the report does.
    write_run_folder(tmp_path, [second_pair(), planted_pair()])
    return tmp_path


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_xlsx(path: Path) -> pd.DataFrame:
    return pd.read_excel(path, dtype=str, keep_default_na=False)


def report_findings(out: Path) -> list[dict[str, object]]:
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    findings: list[dict[str, object]] = data["findings"]
    return findings


def _lines(segments: list[dict[str, object]]) -> str:
    if not segments:
        return ""
    return f"{min(int(s['line_start']) for s in segments)}-{max(int(s['line_end']) for s in segments)}"  # type: ignore[call-overload]


def test_one_row_per_finding_in_report_order(run_folder: Path) -> None:
    assert main(["report", str(run_folder)]) == 0
    table = read_csv(run_folder / "findings.csv")
    findings = report_findings(run_folder)
    assert list(table.columns) == list(FINDING_COLUMNS)
    assert len(table) == len(findings) == 8
    assert list(table.id) == [f["id"] for f in findings] == [f"f{i:04d}" for i in range(1, 9)]
    assert list(table.pair_id) == ["p002"] * 4 + ["p001"] * 4
    assert list(table.severity) == [f["severity"] for f in findings]
    assert list(table.check) == ["omission", "omission", "numbers", "untranslated-text"] * 2
    assert list(table.message) == [f["message"] for f in findings]
    assert set(zip(table.pair_id, table.src_title, table.tgt_title, strict=True)) == {
        ("p002", "Second paper", "第二篇"),
        ("p001", "Smart manufacturing in Chongqing", "重庆的智能制造"),
    }
    for row, finding in zip(table.to_dict("records"), findings, strict=True):
        src: list[dict[str, object]] = finding["src"]  # type: ignore[assignment]
        tgt: list[dict[str, object]] = finding["tgt"]  # type: ignore[assignment]
        assert row["src_text"] == " ".join(str(s["text"]) for s in src)
        assert row["tgt_text"] == "".join(str(s["text"]) for s in tgt)
        assert row["src_lines"] == _lines(src) and row["tgt_lines"] == _lines(tgt)
        assert row["src_file"] == ("en.txt" if src else "") and row["tgt_file"] == ("zh.txt" if tgt else "")
        assert row["status"] == "" and row["comment"] == ""
    omission = table.iloc[0]
    assert omission.severity == "critical" and omission.tgt_text == "" and omission.tgt_lines == ""
    assert omission.src_text.startswith("A second plant in the western district")
    numbers = table.iloc[2]
    assert "35%" in numbers.src_text and "25%" in numbers.tgt_text


def test_xlsx_holds_the_same_table(run_folder: Path) -> None:
    assert main(["report", str(run_folder)]) == 0
    csv_table = read_csv(run_folder / "findings.csv")
    xlsx_table = read_xlsx(run_folder / "findings.xlsx")
    pd.testing.assert_frame_equal(xlsx_table, csv_table)


def test_min_severity_applies_to_the_table(run_folder: Path) -> None:
    assert main(["report", str(run_folder), "--min-severity", "critical"]) == 0
    assert list(read_csv(run_folder / "findings.csv").severity) == ["critical", "critical"]
    assert list(read_xlsx(run_folder / "findings.xlsx").id) == ["f0001", "f0002"]


def test_format_rewrites_only_the_files_asked_for(
    run_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(run_folder), "--format", "csv"]) == 0
    assert capsys.readouterr().out.endswith(f"wrote findings.csv in {run_folder}\n")
    assert sorted(p.name for p in run_folder.iterdir() if p.name.startswith(("report.", "findings."))) == [
        "findings.csv"
    ]
    assert main(["report", str(run_folder), "-f", "XLSX,json"]) == 0
    assert "wrote report.json, findings.xlsx in" in capsys.readouterr().out
    assert (run_folder / "findings.xlsx").is_file() and not (run_folder / "report.html").exists()
    assert main(["report", str(run_folder)]) == 0
    assert all((run_folder / name).is_file() for name in REPORT_FILES)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("pdf", "unknown report format 'pdf'; choose from json, md, html, csv, xlsx"),
        ("csv,docx", "unknown report format 'docx'"),
        (",", "no report format given"),
    ],
)
def test_unknown_format_is_a_one_line_usage_error(
    run_folder: Path, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    assert main(["report", str(run_folder), "--format", value]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (run_folder / "findings.csv").exists()


def test_a_failed_write_keeps_the_previous_table(run_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rebuild_report(run_folder)
    before = (run_folder / "findings.xlsx").read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", full_disk)
    with pytest.raises(OutputError, match="free some disk space"):
        rebuild_report(run_folder, formats=["xlsx"])
    assert (run_folder / "findings.xlsx").read_bytes() == before
    assert [p.name for p in run_folder.iterdir() if p.name.endswith(".tmp")] == []


def test_the_table_is_byte_identical_when_rebuilt(run_folder: Path) -> None:
    rebuild_report(run_folder)
    first = [(run_folder / name).read_bytes() for name in ("findings.csv", "findings.xlsx")]
    rebuild_report(run_folder)
    assert [(run_folder / name).read_bytes() for name in ("findings.csv", "findings.xlsx")] == first


@pytest.mark.slow
def test_the_bundled_run_writes_the_table(cmia_run: Path) -> None:
    table = read_csv(cmia_run / "findings.csv")
    findings = report_findings(cmia_run)
    assert list(table.id) == [f["id"] for f in findings] and len(table) >= 50
    assert list(table.check) == [f["check"] for f in findings]
    # Every row points back into the volumes: a file and a first-last line range on some side.
    located = (table.src_file + table.tgt_file).str.contains("cmia-19")
    assert located.all()
    assert table.src_lines.str.fullmatch(r"(\d+-\d+)?").all()
    assert (table.src_lines != "").sum() >= 0.9 * len(table)
    pd.testing.assert_frame_equal(read_xlsx(cmia_run / "findings.xlsx"), table)
