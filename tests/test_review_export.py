"""``aligner export`` and ``aligner report`` apply the reviewers' decisions of ``review.jsonl``."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from aligner.cli import main
from aligner.model import AlignedBead
from aligner.report import rebuild_report
from aligner.review import BeadRef, Decision, FindingRef, append_decisions, read_decisions
from aligner.runfolder import read_alignments
from test_export_fixtures import DEFAULT_SENTENCE_UNITS, assert_valid_tmx, read_tmx, write_run
from test_report_synthetic import planted_pair, write_run_folder
from test_review_apply import decide

_exports = itertools.count(1)


def sentence_beads(run: Path, pair_id: str) -> list[AlignedBead]:
    return [b for b in read_alignments(run) if b.pair_id == pair_id and b.level == "sentence"]


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    """The export fixture's run with one decision of each kind that changes a TM."""
    run = write_run(tmp_path / "run")
    p01, p02 = sentence_beads(run, "p01"), sentence_beads(run, "p02")
    append_decisions(
        run,
        [
            decide("reject", p01[1]),  # p01-s2 "Chongqing grew fast."
            decide("edit", p01[2], side="tgt", index=0, text="它非常大。"),  # p01-s3
            decide("split", p01[3], at=(1, 1), reviewer="bo"),  # p01-s4, a 2-1
            decide("confirm", p01[6]),  # p01-s7, scoring 0.31: below the default threshold
            decide("merge", p02[0], p02[1], reviewer="bo"),  # p02-s1 with the 0-1 after it
        ],
    )
    return run


def export(run: Path, *options: str) -> tuple[int, Path]:
    target = run / f"out-{next(_exports)}.tmx"
    return main(["export", str(run), "-o", str(target), *options]), target


def tmx_units(path: Path) -> dict[str, dict[str, Any]]:
    tree = assert_valid_tmx(path)
    units = {}
    for tu in tree.iter("tu"):
        props = {prop.get("type"): prop.text for prop in tu.iter("prop")}
        segs = [seg.text for seg in tu.iter("seg")]
        units[tu.get("tuid")] = {"props": props, "segs": segs, "attrs": dict(tu.attrib)}
    return units


def test_export_applies_every_decision(reviewed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, path = export(reviewed)
    assert code == 0
    out = capsys.readouterr().out
    assert "kept 5 of 11 beads (dropped: 1 rejected, 2 omission, 1 heading, 1 numeric, 1 short)" in out
    assert out.rstrip().endswith("; 4 reviewed")
    units = tmx_units(path)
    assert list(units) == ["p01-s3", "p01-s4", "p01-s7", "p02-s1", "p02-s3"]
    assert units["p01-s3"]["segs"] == ["It is big.", "它非常大。"]
    assert units["p01-s4"]["segs"] == ["Trade rose 5% in 2019.", "贸易增长5%，出口翻番。"]
    assert units["p01-s7"]["segs"] == ["Weak match here.", "完全无关的句子。"]
    assert units["p02-s1"]["segs"] == ["=SUM(A1:A3) is a formula.", "=SUM(A1:A3)是公式。多余的句子。"]
    assert units["p01-s3"]["props"]["x-reviewed"] == "corrected"
    assert units["p01-s7"]["props"]["x-reviewed"] == "confirmed"
    assert units["p02-s1"]["props"]["x-reviewer"] == "bo"
    assert units["p02-s1"]["props"]["x-kind"] == "1-2"
    assert units["p01-s3"]["attrs"]["changedate"] == "20260201T100000Z"
    assert units["p01-s3"]["attrs"]["changeid"] == "ana"
    # An unreviewed unit carries nothing new.
    assert "x-reviewed" not in units["p02-s3"]["props"] and "changeid" not in units["p02-s3"]["attrs"]
    # translate-toolkit, an independent reader, sees the corrected text too.
    assert ("It is big.", "它非常大。", "en-US", "zh-CN") in read_tmx(path)


def test_without_decisions_the_export_is_unchanged(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run")
    code, path = export(run)
    assert code == 0
    assert [(s, t) for s, t, *_ in read_tmx(path)] == [(s, t) for _, s, t in DEFAULT_SENTENCE_UNITS]
    assert b"x-reviewed" not in path.read_bytes()


def test_reviewed_only_and_unreviewed_only(reviewed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, path = export(reviewed, "--reviewed-only")
    assert code == 0
    assert list(tmx_units(path)) == ["p01-s3", "p01-s4", "p01-s7", "p02-s1"]
    assert "unreviewed" in capsys.readouterr().out  # the drop reason, counted
    code, path = export(reviewed, "--unreviewed-only")
    assert code == 0
    assert list(tmx_units(path)) == ["p02-s3"]
    code, _ = export(reviewed, "--reviewed-only", "--unreviewed-only")
    assert code == 2
    assert "exclude each other" in capsys.readouterr().err


def test_tables_number_split_parts_and_rejected_beads_leave_them_too(reviewed: Path) -> None:
    target = reviewed / "all.csv"
    assert main(["export", str(reviewed), "-o", str(target), "--include-omissions"]) == 0
    with target.open(encoding="utf-8", newline="") as stream:
        rows = {row["unit_id"]: row for row in csv.DictReader(stream)}
    assert "p01-s2" not in rows
    assert rows["p01-s4.2"]["src_text"] == 'Exports "doubled" & more.' and rows["p01-s4.2"]["tgt_text"] == ""
    assert "p02-s2" not in rows  # merged into p02-s1


def test_stale_decisions_are_counted_not_applied(reviewed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gone = sentence_beads(reviewed, "p01")[1]
    append_decisions(reviewed, [decide("confirm", gone)])  # rejected, still there: applies
    ghost = BeadRef("p01", "sentence", 2, (("en.txt", 99, 1, 2),), (), "0" * 16)
    append_decisions(reviewed, [Decision("ghost", "2026-02-01T10:00:00Z", "ana", "reject", (ghost,))])
    code, path = export(reviewed)
    assert code == 0
    assert "1 stale review decisions skipped" in capsys.readouterr().out
    assert "p01-s2" in tmx_units(path)  # confirmed after its rejection
    assert len(read_decisions(reviewed)) == 7


def test_report_applies_rejections_and_finding_verdicts(tmp_path: Path) -> None:
    run = tmp_path / "run"
    write_run_folder(run, [planted_pair()])
    before = rebuild_report(run)
    checks = [f.check for f in before.findings]
    false_alarm, accepted = before.findings[1], before.findings[2]
    faithful = next(b for b in read_alignments(run) if b.level == "sentence" and b.score > 0.8)
    assert not any(f.src == faithful.src for f in before.findings)
    append_decisions(
        run,
        [
            decide("finding", finding=FindingRef.of(false_alarm), verdict="false-alarm"),
            decide("finding", finding=FindingRef.of(accepted), verdict="accepted", reviewer="bo"),
            decide("reject", faithful),
        ],
    )
    after = rebuild_report(run)
    assert FindingRef.of(false_alarm) not in {FindingRef.of(f) for f in after.findings}
    [kept] = [f for f in after.findings if FindingRef.of(f) == FindingRef.of(accepted)]
    assert kept.detail["review"] == "accepted by bo (2026-02-01T10:00:00Z)"
    # The rejected bead's source now stands alone, and the report says its translation is missing.
    assert any(f.src == faithful.src and not f.tgt for f in after.findings)
    report = json.loads((run / "report.json").read_text(encoding="utf-8"))
    assert len(report["findings"]) == len(after.findings)
    assert len(checks) == len(before.findings)
