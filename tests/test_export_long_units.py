"""Units over the length limit: counted in every export's summary, left out with ``--max-chars``."""

from __future__ import annotations

from pathlib import Path

import pytest

import aligner
from aligner.cli import main
from aligner.exporters import ExportFilter, select_units
from aligner.exporters.filters import LONG_UNIT_CHARS
from aligner.model import AlignedBead
from test_export_fixtures import DOCUMENTS, make_bead, write_run


def beads() -> list[AlignedBead]:
    return [
        make_bead("p01", "sentence", 0, 0.9, ["a" * 400], ["短句。"]),  # at the limit: not long
        make_bead("p01", "sentence", 1, 0.9, ["b" * 401], ["短句。"]),  # source side over it
        make_bead("p01", "sentence", 2, 0.9, ["Short."], ["长" * 401]),  # target side over it
        make_bead("p01", "sentence", 3, 0.9, ["c" * 200, "d" * 200], ["短句。"]),  # 401 with the join
        make_bead("p01", "sentence", 4, 0.9, ["A short sentence."], ["一个短句。"]),
        make_bead("p01", "sentence", 5, 0.0, ["e" * 900], []),  # an omission stays an omission
    ]


def test_the_summary_counts_long_units() -> None:
    selection = select_units(beads(), DOCUMENTS, ExportFilter())
    assert LONG_UNIT_CHARS == 400
    assert len(selection.units) == 5 and selection.long_units == 3
    assert selection.summary() == (
        "kept 5 of 6 beads (dropped: 1 omission); 3 kept units have a side over 400 characters"
    )


def test_max_chars_drops_them_and_says_how_many() -> None:
    selection = select_units(beads(), DOCUMENTS, ExportFilter(max_chars=400))
    assert [unit.unit_id for unit in selection.units] == ["p01-s1", "p01-s5"]
    assert selection.dropped["long"] == 3 and selection.dropped["omission"] == 1
    assert selection.summary() == "kept 2 of 6 beads (dropped: 1 omission, 3 long)"
    looser = select_units(beads(), DOCUMENTS, ExportFilter(max_chars=401))
    assert [unit.unit_id for unit in looser.units] == ["p01-s1", "p01-s2", "p01-s3", "p01-s4", "p01-s5"]
    assert looser.summary().endswith("; 3 kept units have a side over 400 characters")
    tight = select_units(beads(), DOCUMENTS, ExportFilter(max_chars=20, include_omissions=True))
    assert [unit.unit_id for unit in tight.units] == ["p01-s5"]
    assert tight.dropped["long"] == 5  # an included omission is held to the limit too


def test_one_long_unit_reads_in_the_singular() -> None:
    selection = select_units(beads()[:2], DOCUMENTS, ExportFilter())
    assert selection.summary() == "kept 2 of 2 beads; 1 kept unit has a side over 400 characters"


def test_the_cli_prints_both_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = write_run(tmp_path / "run", beads())
    out = run / "tm.tmx"
    assert main(["export", str(run), "-o", str(out)]) == 0
    assert capsys.readouterr().out.endswith(
        "(dropped: 1 omission); 3 kept units have a side over 400 characters\n"
    )
    assert main(["export", str(run), "-o", str(out), "--force", "--max-chars", "400"]) == 0
    assert capsys.readouterr().out == (
        f"wrote 2 sentence units to {out} (tmx); kept 2 of 6 beads (dropped: 1 omission, 3 long)\n"
    )
    assert out.read_text(encoding="utf-8").count("<tu ") == 2


@pytest.mark.parametrize("value", ["0", "-3"])
def test_a_limit_below_one_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    run = write_run(tmp_path / "run", beads())
    assert main(["export", str(run), "-o", str(run / "x.csv"), f"--max-chars={value}"]) == 2
    err = capsys.readouterr().err
    assert f"maximum length {value} is not a positive number" in err and err.count("\n") == 1
    assert not (run / "x.csv").exists()


def test_the_api_reports_them(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", beads())
    done = aligner.export(run, run / "x.jsonl")
    assert done.long_units == 3 and "long" not in done.dropped
    done = aligner.export(run, run / "y.jsonl", max_chars=400)
    assert done.units == 2 and done.dropped["long"] == 3 and done.long_units == 0
