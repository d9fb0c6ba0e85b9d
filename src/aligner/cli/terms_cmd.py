"""``aligner terms``: candidate term pairs of a run folder, or the inline glosses of a text, as TBX,
CSV or XLSX."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from aligner.cli import app
from aligner.errors import OutputError, UsageError
from aligner.runfolder import read_manifest
from aligner.terms import (
    FORMATS,
    MineOptions,
    TermsOutput,
    format_of,
    mine_terms,
    terms_from_text,
    write_terms,
)


def _file_date(path: Path) -> str:
    """``SOURCE_DATE_EPOCH`` if set, else the file's modification time (ISO 8601, UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else int(path.stat().st_mtime)
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@app.command("terms")
def terms_command(
    run_dir: Annotated[
        Path | None, typer.Argument(help="Run folder written by 'aligner run'.", show_default=False)
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "-o", "--out", help=f"File to write; its suffix names the format ({', '.join(FORMATS)})."
        ),
    ] = Path("terms.tbx"),
    from_text: Annotated[
        Path | None,
        typer.Option(
            "--from-text",
            help="Read term pairs from the inline glosses of one English text, as in "
            "'Ministry of Commerce (MOFCOM; 商务部)', instead of mining a run folder.",
            show_default=False,
        ),
    ] = None,
    min_freq: Annotated[
        int, typer.Option(help="Keep pairs seen together in at least this many aligned sentence pairs.")
    ] = MineOptions.min_freq,
    top: Annotated[int | None, typer.Option(help="Keep only the best this many pairs.")] = None,
    en_code: Annotated[str, typer.Option(help="Language code of the English terms in TBX.")] = "en-US",
    zh_code: Annotated[str, typer.Option(help="Language code of the Chinese terms in TBX.")] = "zh-CN",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
) -> None:
    """Mine candidate term pairs from a run's aligned sentence pairs (noun phrases, names and
    acronyms with their Chinese renderings), each with its frequency, Dice score and an example
    sentence pair; or read the term pairs a text glosses inline (--from-text).

    Example: aligner terms out/cmia-19 -o terms.tbx --top 200

    Example: aligner terms --from-text miit.en.txt -o miit-terms.csv
    """
    if (run_dir is None) == (from_text is None):
        raise UsageError("give either a run folder or --from-text FILE, not both or neither")
    if top is not None and top < 1:
        raise UsageError(f"--top must be at least 1, not {top}")
    fmt = format_of(out)
    if out.exists() and not force:
        raise OutputError(f"{out} exists; pass --force to overwrite it")
    if from_text is not None:
        pairs = terms_from_text(from_text)
        pairs = pairs[:top] if top is not None else pairs
        output = TermsOutput(
            _file_date(from_text), en_code, zh_code, f"aligner: inline glosses of {from_text.name}"
        )
    else:
        assert run_dir is not None
        pairs = mine_terms(run_dir, min_freq=min_freq, top=top)
        created = str(read_manifest(run_dir).get("created", "")) or _file_date(run_dir / "alignments.jsonl")
        output = TermsOutput(created, en_code, zh_code, f"aligner: term pairs mined from {run_dir.name}")
    write_terms(pairs, out, output, fmt=fmt, force=force)
    typer.echo(f"wrote {len(pairs)} term pairs to {out} ({fmt})")
