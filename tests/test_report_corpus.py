"""The audit report on the bundled cmia-19 volumes (end to end, on the session's shared run).

The AT&S paper's Chinese cuts most paragraphs of chapters 2-4 to a few sentences; the report must
flag them. The BASF paper is a near-complete translation; the report must stay quiet about it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.report import REPORT_FILES
from aligner.runfolder import read_alignments

pytestmark = pytest.mark.slow


def _report(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data


def _document(report: dict[str, object], title_start: str) -> dict[str, object]:
    documents: list[dict[str, object]] = report["documents"]  # type: ignore[assignment]
    return next(d for d in documents if str(d["src_title"]).startswith(title_start))


def test_condensed_chapters_of_the_ats_paper_are_flagged(cmia_run: Path) -> None:
    report = _report(cmia_run)
    ats = _document(report, "AT&S")
    pair_id = ats["pair_id"]
    assert ats["translated_share"] is not None and ats["translated_share"] < 0.6  # type: ignore[operator]
    paragraphs = [b for b in read_alignments(cmia_run) if b.pair_id == pair_id and b.level == "paragraph"]
    texts = [" ".join(s.text for s in b.src) for b in paragraphs]
    start = next(i for i, text in enumerate(texts) if text.startswith("Chapter 2"))
    end = next(i for i, text in enumerate(texts) if text.startswith("Conclusion"))
    body = {b.block for b in paragraphs[start:end] if sum(len(s.text) for s in b.src) >= 300}
    flagged: set[object] = set()
    findings: list[dict[str, object]] = report["findings"]  # type: ignore[assignment]
    for finding in findings:
        detail: dict[str, object] = finding["detail"]  # type: ignore[assignment]
        if finding["pair_id"] == pair_id and finding["check"] in ("condensed", "omission"):
            flagged.update(detail.get("blocks", [detail.get("block")]))  # type: ignore[arg-type]
    assert len(body) >= 15
    assert len(body & flagged) >= 0.8 * len(body)


def test_near_complete_translation_has_few_findings(cmia_run: Path) -> None:
    report = _report(cmia_run)
    basf = _document(report, "Empowering Citrus Cultivation")
    assert basf["translated_share"] > 0.9  # type: ignore[operator]
    by_severity: dict[str, int] = basf["findings_by_severity"]  # type: ignore[assignment]
    assert "critical" not in by_severity
    assert sum(by_severity.values()) <= 5


def test_report_rebuilds_identically_from_the_run_folder(cmia_run: Path, tmp_path: Path) -> None:
    before = {name: (cmia_run / name).read_bytes() for name in REPORT_FILES}
    for name in ("documents.csv", "alignments.jsonl", "removed.jsonl", "manifest.json"):
        (tmp_path / name).write_bytes((cmia_run / name).read_bytes())
    assert main(["report", str(tmp_path)]) == 0
    assert {name: (tmp_path / name).read_bytes() for name in REPORT_FILES} == before
