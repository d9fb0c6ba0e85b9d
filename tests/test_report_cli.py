"""``aligner report``: rebuild the report of a run folder with other thresholds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.cli import main
from test_report_synthetic import PairBuilder, planted_pair, write_run_folder


@pytest.fixture
def run_folder(tmp_path: Path) -> Path:
    write_run_folder(tmp_path, [planted_pair()])
    return tmp_path


def findings(out: Path) -> list[dict[str, object]]:
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    result: list[dict[str, object]] = data["findings"]
    return result


def test_report_command_writes_the_three_files(run_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(run_folder)]) == 0
    assert "4 findings (1 critical, 3 major)" in capsys.readouterr().out
    assert [f["check"] for f in findings(run_folder)] == [
        "omission",
        "omission",
        "numbers",
        "untranslated-text",
    ]
    markdown = (run_folder / "report.md").read_text(encoding="utf-8")
    assert "#### f0001 · critical · omission" in markdown
    assert "Source, `en.txt:19`:" in markdown
    html = (run_folder / "report.html").read_text(encoding="utf-8")
    assert html.count('class="finding sev-') == 4


def test_min_severity_and_checks_filter(run_folder: Path) -> None:
    assert main(["report", str(run_folder), "--min-severity", "critical"]) == 0
    assert [f["severity"] for f in findings(run_folder)] == ["critical"]
    data = json.loads((run_folder / "report.json").read_text(encoding="utf-8"))
    assert data["min_severity"] == "critical" and data["totals"]["findings"] == 1
    assert main(["report", str(run_folder), "--checks", "numbers"]) == 0
    assert [f["check"] for f in findings(run_folder)] == ["numbers"]


def test_thresholds_change_the_outcome(tmp_path: Path) -> None:
    pair = planted_pair()
    long_source = [
        "The municipal government has published an action plan for the digital economy and services.",
        "It sets clear targets for smart factories, digital workshops and industrial internet platforms.",
    ]
    half = "市政府发布了数字经济和服务业行动方案，明确了智能工厂发展目标。"
    pair.paragraph([(long_source, half, 0.7)])
    write_run_folder(tmp_path, [pair])
    assert main(["report", str(tmp_path), "--checks", "condensed"]) == 0
    assert findings(tmp_path) == []
    assert main(["report", str(tmp_path), "--checks", "condensed", "--condensed-min-missing", "0.3"]) == 0
    (finding,) = findings(tmp_path)
    assert finding["check"] == "condensed"
    assert json.loads((tmp_path / "report.json").read_text())["options"]["condensed_min_missing"] == 0.3


def test_fail_on_findings_exit_code(run_folder: Path) -> None:
    assert main(["report", str(run_folder), "--fail-on-findings", "critical"]) == 1
    assert main(["report", str(run_folder), "--checks", "numbers", "--fail-on-findings", "critical"]) == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--min-severity", "fatal"], 2, "--min-severity must be one of"),
        (["--checks", "spelling"], 2, "unknown check(s): spelling"),
        (["--condensed-min-missing", "1.5"], 2, "--condensed-min-missing must lie in (0, 1]"),
    ],
)
def test_usage_errors(
    run_folder: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    assert main(["report", str(run_folder), *args]) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_missing_run_folder_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "nowhere")]) == 3
    assert "is not a run folder" in capsys.readouterr().err


def test_unpaired_only_run_and_escaping(tmp_path: Path) -> None:
    lonely = PairBuilder("p1", 'Appendix <u>"A" & B</u>', status="src-only")
    write_run_folder(tmp_path, [lonely])
    assert main(["report", str(tmp_path)]) == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<u>" not in html and "Appendix &lt;u&gt;&quot;A&quot; &amp; B&lt;/u&gt;" in html
    (summary,) = json.loads((tmp_path / "report.json").read_text())["documents"]
    assert summary["coverage"] == 0.0 and summary["status"] == "src-only"
