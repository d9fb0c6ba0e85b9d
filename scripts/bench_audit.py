#!/usr/bin/env python3
"""Precision and recall of the audit report against an editor's judged gold of the bundled corpus.

The checks are rerun with the current code on a run folder's alignments (so a change to a check is
measured without aligning again); without ``--run-dir`` the bundled corpus is aligned first into a
temporary folder (the embedding cache makes a rerun quick).

    .venv/bin/python scripts/bench_audit.py [--run-dir out/cmia-19] [--show]

Prints per check: findings, right, false alarms, debatable, unjudged (outside the judged papers) and
precision; then the recall of the judged gaps by kind, findings per severity and false criticals.
``--show`` lists every false alarm and every missed gap, for tuning.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from aligner.api import run as run_pipeline
from aligner.checks import CheckOptions, run_checks
from aligner.evaluate_audit import AuditScore, read_judgements, score_findings
from aligner.model import SEVERITIES, Finding
from aligner.runfolder import read_alignments, read_documents, read_manifest, read_removed

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpora/cmia-19/en.txt", ROOT / "corpora/cmia-19/zh.txt"]
JUDGEMENTS = ROOT / "corpora/cmia-19/audit-judgements.tsv"
READER_SHARES = ROOT / "corpora/cmia-19/condensed-reader-shares.tsv"


def print_calibration(path: Path) -> None:
    """How the condensed shortfall and its calibrated share compare with a reader's share."""
    import csv
    import statistics

    shift = CheckOptions().condensed_calibration_shift
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    pairs = [(float(row["estimate"]), float(row["reader_share"])) for row in rows]
    gaps = [estimate - reader for estimate, reader in pairs]
    calibrated = [abs(max(0.0, estimate - shift) - reader) for estimate, reader in pairs]
    print(
        f"\ncondensed share vs a reader's ({len(pairs)} findings read): shortfall - reader mean "
        f"{statistics.mean(gaps):+.3f}, median {statistics.median(gaps):+.3f}; mean absolute error "
        f"{statistics.mean(abs(g) for g in gaps):.3f} raw, {statistics.mean(calibrated):.3f} calibrated "
        f"(shift {shift})"
    )


def findings_of(run_dir: Path, options: CheckOptions | None = None) -> list[Finding]:
    manifest = read_manifest(run_dir)
    return run_checks(
        read_alignments(run_dir),
        read_documents(run_dir),
        str(manifest["src_lang"]),
        str(manifest["tgt_lang"]),
        options=options,
        removed=read_removed(run_dir),
    )


def check_options(settings: list[str]) -> CheckOptions:
    """CheckOptions with ``name=value`` settings applied (values typed like the defaults)."""
    options = CheckOptions()
    changes: dict[str, object] = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        if not hasattr(options, name) or name == "enabled":
            raise SystemExit(f"bench_audit: no check option {name!r}")
        changes[name] = type(getattr(options, name))(value)
    return replace(options, **changes)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _where(finding: Finding) -> str:
    segments = finding.src or finding.tgt
    side = "en" if finding.src else "zh"
    return f"{side} {segments[0].line_start}-{segments[-1].line_end}" if segments else "?"


def print_score(score: AuditScore, show: bool) -> None:
    print(f"judged papers: {', '.join(score.papers)}")
    print()
    print(
        f"{'check':<18}{'findings':>9}{'right':>7}{'false':>7}{'debat.':>8}{'unjudged':>10}{'precision':>11}"
    )
    for name, check in [*score.by_check.items(), ("all", score.total)]:
        print(
            f"{name:<18}{check.findings:>9}{check.right:>7}{check.false:>7}{check.debatable:>8}"
            f"{check.unjudged:>10}{_percent(check.precision):>11}"
        )
    print()
    print(
        f"gaps found: {score.found} of {score.gaps} ({_percent(score.recall)}); reported twice or more: "
        f"{score.repeated}"
    )
    for label, table in (("by severity", score.gaps_by_severity), ("by kind", score.gaps_by_kind)):
        print(f"  {label}: " + ", ".join(f"{key} {hit}/{total}" for key, (total, hit) in table.items()))
    severities = ", ".join(f"{score.by_severity[s]} {s}" for s in reversed(SEVERITIES))
    print(f"findings by severity: {severities}")
    print(f"false criticals: {len(score.false_criticals)}")
    if show:
        print("\nfalse alarms:")
        for finding in score.false_alarms:
            print(f"  [{finding.check}/{finding.severity}] {_where(finding)}: {finding.message[:160]}")
        print("\nmissed gaps:")
        for gap in score.missed:
            print(f"  [{gap.severity}] {gap.label}: {gap.quote[:60]!r} {gap.reason[:100]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--run-dir", type=Path, help="a run folder of the bundled corpus (default: align it now)"
    )
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    parser.add_argument("--show", action="store_true", help="list the false alarms and the missed gaps")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a CheckOptions setting to try"
    )
    args = parser.parse_args(argv)
    judgements = read_judgements(args.judgements)
    options = check_options(args.set)
    if args.run_dir is not None:
        findings = findings_of(args.run_dir, options)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run_dir = Path(folder) / "run"
            run_pipeline([str(s.relative_to(ROOT)) for s in SOURCES], run_dir, report=False, exports=False)
            findings = findings_of(run_dir, options)
    print_score(score_findings(findings, judgements), args.show)
    if READER_SHARES.is_file():
        print_calibration(READER_SHARES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
