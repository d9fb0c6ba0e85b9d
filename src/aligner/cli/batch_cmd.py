"""``aligner batch``: document pairs the user already knows, listed in a CSV, aligned as one run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner.clean import SplitRule
from aligner.cli import EXIT_OK, app
from aligner.cli.options import (
    EngineOption,
    GpusPerEncoderOption,
    KeepReviewOption,
    RayAddressOption,
    ResumeOption,
    WorkersOption,
)
from aligner.cli.run_cmd import summary
from aligner.engines import make_engine
from aligner.pipeline import RunOptions, batch_sources, run, stderr_progress


@app.command("batch")
def batch_command(
    pairs_csv: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns src,tgt (file paths, relative to the CSV) and an optional pair_id; "
            "one pair a row, each file one document."
        ),
    ],
    out: Annotated[Path, typer.Option("-o", "--out", help="Run folder to create.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an earlier run in the folder.")] = False,
    encoder: Annotated[str, typer.Option(help="Encoder (see 'aligner encoders').")] = RunOptions.encoder,
    cache_dir: Annotated[
        Path | None,
        typer.Option(help="Embedding cache folder [default: $ALIGNER_CACHE_DIR or ~/.cache/aligner]."),
    ] = None,
    src_lang: Annotated[
        str | None, typer.Option(help="Language of the src column [default: detected, English first].")
    ] = None,
    tgt_lang: Annotated[
        str | None, typer.Option(help="Language of the tgt column [default: detected].")
    ] = None,
    created: Annotated[
        str | None,
        typer.Option(help="Creation date for the outputs (ISO 8601) [default: newest input file's date]."),
    ] = None,
    exports: Annotated[
        bool, typer.Option("--exports/--no-exports", help="Write tm/*.tmx and segments.csv.")
    ] = True,
    report: Annotated[bool, typer.Option("--report/--no-report", help="Write report.json/md/html.")] = True,
    engine: EngineOption = "local",
    ray_address: RayAddressOption = None,
    workers: WorkersOption = None,
    gpus_per_encoder: GpusPerEncoderOption = 0.0,
    resume: ResumeOption = False,
    keep_review: KeepReviewOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> int:
    """Align the pairs a CSV lists (no pairing step), on either engine, into one run folder.

    Example: aligner batch pairs.csv -o out/batch --engine ray
    """
    pair_engine = make_engine(engine, address=ray_address, workers=workers, gpus_per_encoder=gpus_per_encoder)
    sources = batch_sources(pairs_csv)
    options = RunOptions(
        encoder=encoder,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        pairs_file=str(pairs_csv),
        created=created,
        exports=exports,
        report=report,
        # The user knows the documents: each file is one, whatever headings it holds.
        split=SplitRule.NONE,
    )
    result = run(
        sources,
        out,
        options,
        force=force,
        cache_dir=cache_dir,
        progress=(lambda _m: None) if quiet else stderr_progress,
        engine=pair_engine,
        resume=resume,
        keep_review=keep_review,
    )
    typer.echo(summary(result))
    for warning in result.warnings:
        typer.echo(f"aligner: warning: {warning}", err=True)
    return EXIT_OK
