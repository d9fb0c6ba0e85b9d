"""``aligner batch``: document pairs the user already knows, listed in a CSV, aligned as one run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner.clean import SplitRule
from aligner.cli import EXIT_OK, app
from aligner.cli.options import (
    CacheDirOption,
    CreatedOption,
    EncoderOption,
    EngineOption,
    ExportsOption,
    ForceOption,
    GpusPerEncoderOption,
    KeepReviewOption,
    OutOption,
    QuietOption,
    RayAddressOption,
    ReportOption,
    ResumeOption,
    WorkersOption,
)
from aligner.cli.run_cmd import echo_result
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
    out: OutOption,
    force: ForceOption = False,
    encoder: EncoderOption = RunOptions.encoder,
    cache_dir: CacheDirOption = None,
    src_lang: Annotated[
        str | None, typer.Option(help="Language of the src column [default: detected, English first].")
    ] = None,
    tgt_lang: Annotated[
        str | None, typer.Option(help="Language of the tgt column [default: detected].")
    ] = None,
    created: CreatedOption = None,
    exports: ExportsOption = True,
    report: ReportOption = True,
    engine: EngineOption = "local",
    ray_address: RayAddressOption = None,
    workers: WorkersOption = None,
    gpus_per_encoder: GpusPerEncoderOption = 0.0,
    resume: ResumeOption = False,
    keep_review: KeepReviewOption = False,
    quiet: QuietOption = False,
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
    echo_result(result)
    return EXIT_OK
