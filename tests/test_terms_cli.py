"""``aligner terms`` and ``--glossary`` on ``aligner run`` and ``aligner report``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from translate.storage import tbx

from aligner.cli import main
from test_report_synthetic import PairBuilder, write_run_folder
from test_robustness import EN, ZH
from test_terms_mine import CORPUS

# Digital twins and Siemens three times each, then digital twins once without their rendering.
SENTENCES = [*CORPUS[:6], ("The plant runs digital twins of each line.", "工厂为每条产线运行虚拟模型。")]


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    pair = PairBuilder("doc")
    for en, zh in SENTENCES:
        pair.paragraph([(en, zh, 0.8)])
    out = tmp_path / "run"
    write_run_folder(out, [pair])
    return out


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and err[0].startswith("aligner: error: "), err
    return err[0]


def test_terms_of_a_run_as_csv(run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "terms.csv"
    assert main(["terms", str(run_dir), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote 2 term pairs to {out} (csv)\n"
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert {(r["en"], r["zh"]) for r in rows} == {("digital twins", "数字孪生"), ("Siemens", "西门子")}
    assert main(["terms", str(run_dir), "-o", str(out), "--force", "--top", "1"]) == 0
    assert len(list(csv.DictReader(out.open(encoding="utf-8", newline="")))) == 1
    assert main(["terms", str(run_dir), "-o", str(out), "--force", "--min-freq", "4"]) == 0
    assert list(csv.DictReader(out.open(encoding="utf-8", newline=""))) == []


def test_terms_from_text_as_tbx(tmp_path: Path) -> None:
    text = tmp_path / "policy.en.txt"
    text.write_text("Issued by the Ministry of Commerce (MOFCOM; 商务部).\n", encoding="utf-8")
    out = tmp_path / "policy.tbx"
    assert main(["terms", "--from-text", str(text), "-o", str(out)]) == 0
    (unit,) = tbx.tbxfile.parsestring(out.read_bytes(), sourcelanguage="en-US", targetlanguage="zh-CN").units
    assert (unit.source, unit.target) == ("Ministry of Commerce", "商务部")
    assert [t.text for t in unit.get_source_terms()] == ["Ministry of Commerce", "MOFCOM"]


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["terms", "-o", "t.csv"], 2, "either a run folder or --from-text"),
        (["terms", "RUN", "--from-text", "x.txt", "-o", "t.csv"], 2, "not both or neither"),
        (["terms", "RUN", "-o", "terms.txt"], 2, ".tbx, .csv or .xlsx"),
        (["terms", "NOWHERE", "-o", "t.csv"], 3, "is not a run folder"),
        (["terms", "RUN", "-o", "EXISTING"], 4, "exists; pass --force"),
    ],
)
def test_terms_errors(
    run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, needle: str
) -> None:
    existing = tmp_path / "existing.csv"
    existing.write_text("keep", encoding="utf-8")
    names = {"RUN": str(run_dir), "NOWHERE": str(tmp_path / "nowhere"), "EXISTING": str(existing)}
    assert (
        main([names.get(arg, str(tmp_path / arg) if arg.endswith((".csv", ".txt")) else arg) for arg in args])
        == code
    )
    assert needle in one_error_line(capsys)
    assert existing.read_text(encoding="utf-8") == "keep"


def test_report_with_a_glossary(run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("en,zh\ndigital twin,数字孪生\n", encoding="utf-8")
    assert main(["report", str(run_dir), "--glossary", str(glossary), "--checks", "terminology"]) == 0
    findings = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))["findings"]
    assert [(f["check"], f["src"][0]["text"]) for f in findings] == [
        ("terminology", "The plant runs digital twins of each line.")
    ]
    assert "1 findings (1 minor)" in capsys.readouterr().out


def test_bad_glossary_is_one_line_with_the_line_number(
    run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("en,zh\ndigital twin,数字孪生\nrobot,\n", encoding="utf-8")
    assert main(["report", str(run_dir), "--glossary", str(glossary)]) == 3
    assert f"{glossary}:3: no Chinese term" in one_error_line(capsys)
    # aligner run reads the glossary before any work: no run folder appears.
    en, zh = tmp_path / "en.txt", tmp_path / "zh.txt"
    en.write_text("The city grows.\n", encoding="utf-8")
    zh.write_text("城市在发展。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(en), str(zh), "-o", str(out), "--glossary", str(glossary), "-q"]) == 3
    assert f"{glossary}:3: no Chinese term" in one_error_line(capsys)
    assert not out.exists()
    glossary.write_text("en,zh\ncity,城市\n", encoding="utf-8")
    assert (
        main(["run", str(en), str(zh), "-o", str(out), "--glossary", str(glossary), "--no-report", "-q"]) == 2
    )
    assert "drop --no-report" in one_error_line(capsys)


def test_run_with_a_glossary_reports_terminology(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    en, zh = tmp_path / "en.txt", tmp_path / "zh.txt"
    en.write_text(EN + "\nEngineers in the city build digital twins of factories.\n", encoding="utf-8")
    zh.write_text(ZH + "\n城市里的工程师为工厂建立虚拟模型。\n", encoding="utf-8")
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("en,zh\ndigital twin,数字孪生\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(en), str(zh), "-o", str(out), "--cache-dir", str(tmp_path / "cache"), "-q"]
    assert main([*args, "--glossary", str(glossary)]) == 0
    findings = json.loads((out / "report.json").read_text(encoding="utf-8"))["findings"]
    (finding,) = [f for f in findings if f["check"] == "terminology"]
    assert finding["tgt"][0]["text"] == "城市里的工程师为工厂建立虚拟模型。"
    summary = capsys.readouterr().out
    minor = sum(f["severity"] == "minor" for f in findings)
    assert f"{minor} minor" in summary
