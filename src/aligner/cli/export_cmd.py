"""``aligner export``: rebuild a TMX, table or JSONL from a run folder with other filters."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner import api
from aligner.cli import app
from aligner.errors import UsageError
from aligner.exporters import CLI_OPTION_NAMES, DEFAULT_MIN_CHARS, DEFAULT_MIN_SCORE, EXPORTERS, plan_export
from aligner.exporters.filters import LONG_UNIT_CHARS


@app.command("export")
def export_command(
    out_dir: Annotated[Path, typer.Argument(help="Run folder written by 'aligner run'.", show_default=False)],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help=f"One of {', '.join(EXPORTERS)}; default: from -o.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write (moses: PATH.en and PATH.zh); default OUT_DIR/exports/corpus-LEVEL.FORMAT.",
        ),
    ] = None,
    min_score: Annotated[
        float, typer.Option(help="Drop beads scoring below this (0 to 1).")
    ] = DEFAULT_MIN_SCORE,
    kinds: Annotated[
        str | None, typer.Option(help="Keep only these bead kinds, comma-separated (e.g. 1-1,2-1).")
    ] = None,
    level: Annotated[str, typer.Option(help="sentence or paragraph beads.")] = "sentence",
    pair: Annotated[
        list[str] | None, typer.Option("--pair", help="Keep only this document pair id (repeatable).")
    ] = None,
    include_headings: Annotated[
        bool, typer.Option("--include-headings", help="Keep beads that contain a heading.")
    ] = False,
    include_numeric: Annotated[
        bool, typer.Option("--include-numeric", help="Keep beads with a numbers-only side.")
    ] = False,
    min_chars: Annotated[
        int, typer.Option(help="Drop beads with a side of fewer letters and digits than this.")
    ] = DEFAULT_MIN_CHARS,
    include_omissions: Annotated[
        bool,
        typer.Option("--include-omissions", help="Keep beads with an empty side (tables and JSONL only)."),
    ] = False,
    max_chars: Annotated[
        int | None,
        typer.Option(
            help=f"Drop beads with a side longer than this many characters (the summary counts the "
            f"units over {LONG_UNIT_CHARS}).",
            show_default=False,
        ),
    ] = None,
    src_lang_code: Annotated[
        str | None, typer.Option(help="Source language code (default: run language, en -> en-US).")
    ] = None,
    tgt_lang_code: Annotated[
        str | None, typer.Option(help="Target language code (default: run language, zh -> zh-CN).")
    ] = None,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help='CSV/TSV for Excel and LibreOffice: UTF-8 BOM, apostrophe before =+-@, and ="1-1" for '
            "values they would turn into dates or numbers (1-1, 3-2, 0012, long digit strings).",
        ),
    ] = False,
    reviewed_only: Annotated[
        bool,
        typer.Option(
            "--reviewed-only", help="Keep only the beads a reviewer confirmed or corrected (aligner review)."
        ),
    ] = False,
    unreviewed_only: Annotated[
        bool, typer.Option("--unreviewed-only", help="Keep only the beads no reviewer has touched yet.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
) -> None:
    """Rebuild an export from a run's alignments.jsonl with other filters, without re-encoding.

    The reviewers' decisions in OUT_DIR/review.jsonl (aligner review) apply first: rejected beads
    leave, corrected beads go out as corrected and pass the score threshold.

    Example: aligner export out/cmia-19 --format tmx --min-score 0.7 --kinds 1-1 -o cmia-1to1.tmx

    Example: aligner export out/cmia-19 --format tmx --reviewed-only -o reviewed.tmx
    """
    if reviewed_only and unreviewed_only:
        raise UsageError("--reviewed-only and --unreviewed-only exclude each other; give one")
    # Checked here first, with the API's own checker, so that the messages name the options as typed.
    plan = plan_export(
        out_dir,
        output,
        fmt,
        level,
        excel=excel,
        force=force,
        src_lang_code=src_lang_code,
        tgt_lang_code=tgt_lang_code,
        names=CLI_OPTION_NAMES,
    )
    fmt, path = plan.format, plan.path
    done = api.export(
        out_dir,
        path,
        format=fmt,
        min_score=min_score,
        kinds=kinds,
        level=level,
        pairs=pair or None,
        include_headings=include_headings,
        include_numeric=include_numeric,
        min_chars=min_chars,
        include_omissions=include_omissions,
        max_chars=max_chars,
        review="reviewed" if reviewed_only else "unreviewed" if unreviewed_only else None,
        src_lang_code=src_lang_code,
        tgt_lang_code=tgt_lang_code,
        excel=excel,
        force=True,
    )
    written = " and ".join(map(str, done.files))
    typer.echo(f"wrote {done.units} {level} units to {written} ({fmt}); {done.summary}")
