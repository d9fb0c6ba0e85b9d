"""Bad option values of ``aligner export``: one line naming the value, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

import aligner
from aligner.cli import main
from aligner.errors import UsageError
from aligner.exporters import BeadLimits, run_bead_limits
from test_export_fixtures import write_run

# As aligner run records them in manifest.json.
PARAMETERS = {
    "sentence_align": {"max_src": 5, "max_tgt": 5, "max_total": 6},
    "paragraph_align": {"max_src": 4, "max_tgt": 4, "max_total": 5},
}


@pytest.fixture
def run(tmp_path: Path) -> Path:
    return write_run(tmp_path / "run", parameters=PARAMETERS)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--kinds", "1-1,7-7"], "bead kind '7-7' cannot occur: this run's sentence beads have at most 5"),
        (["--kinds", "6-1"], "bead kind '6-1' cannot occur"),  # 6 source segments: over max_src
        (["--kinds", "3-4"], "bead kind '3-4' cannot occur"),  # 7 in all: over max_total
        (["--kinds", "0-0"], "bead kind '0-0' cannot occur"),
        (["--kinds", "2-0"], "bead kind '2-0' cannot occur"),  # omissions are 1-0 or 0-1
        (["--level", "paragraph", "--kinds", "5-1"], "paragraph beads have at most 4 source"),
        (["--kinds", ","], "no bead kind given"),
        (["--kinds", "1to1"], "bead kind '1to1' is not of the form N-M"),
        (["--level", "word"], "--level: level 'word' is not one of sentence, paragraph"),
        (["--format", "docx"], "unknown export format 'docx'"),
        (["-o", "tm.docx"], "no export format ends in '.docx'"),
        (["--src-lang-code", ""], "--src-lang-code: '' is not a language code"),
        (["--tgt-lang-code", "chinese"], "--tgt-lang-code: 'chinese' is not a language code"),
        (["-f", "moses", "--tgt-lang-code", "../../x"], "--tgt-lang-code: '../../x' is not a language code"),
    ],
)
def test_bad_values_are_one_line_usage_errors(
    run: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    args = extra if "-o" in extra else ["-o", str(run / "out" / "tm.csv"), *extra]
    assert main(["export", str(run), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aligner: error: ") and message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (run / "out").exists() and not (run / "exports").exists()


def test_kinds_name_the_kinds_the_run_has(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(run), "-f", "csv", "--kinds", "9-9"]) == 2
    assert "(kinds in the run: 0-1, 1-0, 1-1, 2-1)" in capsys.readouterr().err


def test_possible_kinds_pass_and_leading_zeros_are_the_same_kind(run: Path) -> None:
    one = aligner.export(run, run / "a.csv", kinds="1-1")
    padded = aligner.export(run, run / "b.csv", kinds="01-1")
    assert padded.units == one.units > 0
    assert (run / "a.csv").read_bytes() == (run / "b.csv").read_bytes()
    # Within the limits but absent from this run: allowed, and simply exports nothing.
    assert aligner.export(run, run / "c.csv", kinds=["5-1"]).units == 0


def test_a_kind_the_run_has_is_never_refused(tmp_path: Path) -> None:
    # A run made with tighter limits than its beads show (an older version, hand-edited beads).
    tight = {"sentence_align": {"max_src": 1, "max_tgt": 1, "max_total": 2}}
    run = write_run(tmp_path / "run", parameters=tight)
    assert aligner.export(run, run / "x.csv", kinds=["2-1"]).units > 0
    with pytest.raises(UsageError, match="'3-1' cannot occur"):
        aligner.export(run, run / "y.csv", kinds=["3-1"])


def test_limits_come_from_the_manifest_else_the_aligner_defaults() -> None:
    assert run_bead_limits({"parameters": PARAMETERS}, "paragraph") == BeadLimits(4, 4, 5)
    assert run_bead_limits({}, "sentence") == BeadLimits(5, 5, 6)
    broken = {"parameters": {"sentence_align": {"max_src": "five"}}}
    assert run_bead_limits(broken, "sentence") == BeadLimits(5, 5, 6)


def test_the_api_raises_the_same_errors(run: Path) -> None:
    with pytest.raises(UsageError, match="'7-7' cannot occur"):
        aligner.export(run, run / "x.csv", kinds=["1-1", "7-7"])
    with pytest.raises(UsageError, match="tgt_lang_code=: 'chinese'"):
        aligner.export(run, run / "x.tmx", tgt_lang_code="chinese")
    with pytest.raises(UsageError, match="level=: level 'word'"):
        aligner.export(run, run / "x.csv", level="word")
    assert not (run / "x.csv").exists() and not (run / "x.tmx").exists()
