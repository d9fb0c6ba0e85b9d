"""The command line's contract: help with examples, one-line errors, distinct exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aligner.cli import app, main


def test_help_shows_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "Example: aligner run" in capsys.readouterr().out


def test_every_command_help_shows_an_example() -> None:
    import typer.main

    group = typer.main.get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert "encoders" in names
    for name in names:
        result = subprocess.run(
            [sys.executable, "-m", "aligner", name, "--help"], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, name
        assert "Example:" in result.stdout, name


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["encoders", "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert "No such option: --no-such-option" in err
    assert "Traceback" not in err


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "No such command" in capsys.readouterr().err
