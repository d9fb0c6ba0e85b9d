"""``aligner eval``: strict and lax precision, recall and F1 of alignments against a gold standard."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner.cli import app
from aligner.evaluate import METRICS, pair_files, read_beads, score

_HEADER = ("P strict", "R strict", "F1 strict", "P lax", "R lax", "F1 lax")


def _row(label: str, result: dict[str, float], width: int) -> str:
    return f"{label:<{width}}  " + "  ".join(f"{result[key]:>9.4f}" for key in METRICS)


@app.command("eval")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold alignment file, or folder of them.")],
    test: Annotated[Path, typer.Argument(help="Test alignment file, or folder of same-named files.")],
) -> None:
    """Score alignments (Vecalign format, e.g. [0,1]:[0] or [0,1]:[0]:0.87) against a gold standard.

    Strict counts exact beads, lax beads that overlap a gold bead on both sides; precision is over
    the test beads, recall over the gold pairs (omissions left out), as in Vecalign's score.py.
    Folders are matched by file name and micro-averaged (counts added up over files).

    Example: aligner eval gold/ out/
    """
    files = pair_files(gold, test)
    golds = [read_beads(gold_file) for _, gold_file, _ in files]
    tests = [read_beads(test_file) for _, _, test_file in files]
    width = max(len("micro-avg"), *(len(name) for name, _, _ in files))
    typer.echo(f"{'file':<{width}}  " + "  ".join(f"{title:>9}" for title in _HEADER))
    if len(files) > 1:
        for (name, _, _), gold_beads, test_beads in zip(files, golds, tests, strict=True):
            typer.echo(_row(name, score(gold_beads, test_beads), width))
    typer.echo(_row("micro-avg" if len(files) > 1 else files[0][0], score(golds, tests), width))
