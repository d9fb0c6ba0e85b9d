"""The check registry and run_checks' contract."""

from __future__ import annotations

import pytest

from aligner.checks import CHECKS, CheckOptions, run_checks
from aligner.errors import UsageError
from aligner.model import SEVERITIES
from test_report_synthetic import planted_pair


def test_every_check_describes_itself() -> None:
    assert len(CHECKS) == 13
    for name, check in CHECKS.items():
        assert check.name == name and check.title
        assert check.severity in SEVERITIES
        assert len(check.explanation) > 80 and check.explanation.endswith(".")


def test_enabled_selects_checks_and_unknown_names_are_usage_errors() -> None:
    pair = planted_pair()
    only = run_checks(pair.beads, [pair.row()], "en", "zh", CheckOptions(enabled=("numbers",)))
    assert {f.check for f in only} == {"numbers"}
    with pytest.raises(UsageError, match="unknown check"):
        run_checks(pair.beads, [pair.row()], "en", "zh", CheckOptions(enabled=("nope",)))


def test_findings_are_in_reading_order() -> None:
    pair = planted_pair()
    findings = run_checks(pair.beads, [pair.row()], "en", "zh")
    starts = [(f.src or f.tgt)[0].char_start for f in findings]
    assert starts == sorted(starts)


def test_empty_run_has_no_findings() -> None:
    assert run_checks([], [], "en", "zh") == []
