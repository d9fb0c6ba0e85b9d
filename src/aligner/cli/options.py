"""Command-line options that more than one command takes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner.clean import SplitRule

SplitOption = Annotated[
    SplitRule,
    typer.Option(
        "--split",
        help="How a file is cut into documents: toc (its table of contents, else title + byline "
        "blocks), titles (title + byline blocks), headings (a PDF's largest type, Word's Heading 1 "
        "or top heading level in use), none (one document per file); auto tries toc, then headings, "
        "then titles.",
    ),
]

EngineOption = Annotated[
    str,
    typer.Option("--engine", help="Where pairs are aligned: local (this process) or ray (a Ray cluster)."),
]
RayAddressOption = Annotated[
    str | None,
    typer.Option(
        "--ray-address", help="Ray cluster to join (auto, ray://host:10001) [default: start one here]."
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", help="Ray workers, each with its own encoder [default: one per CPU]."),
]
GpusPerEncoderOption = Annotated[
    float,
    typer.Option(
        "--gpus-per-encoder", help="Share of a GPU each Ray worker takes (for a GPU-backed encoder)."
    ),
]
ResumeOption = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Reuse the pairs aligned by an earlier or interrupted run into the same folder from the "
        "same documents and settings (their shards in .OUT.shards/); align only the others.",
    ),
]
KeepReviewOption = Annotated[
    bool,
    typer.Option(
        "--keep-review",
        help="Carry the reviewers' decisions of the earlier run in the folder (review.jsonl) over to "
        "the beads whose texts are unchanged; the others are listed as warnings.",
    ),
]

# The options of the commands that write a run folder (aligner run, aligner batch).
OutOption = Annotated[Path, typer.Option("-o", "--out", help="Run folder to create.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an earlier run in the folder.")]
EncoderOption = Annotated[str, typer.Option(help="Encoder (see 'aligner encoders').")]
CacheDirOption = Annotated[
    Path | None,
    typer.Option(help="Embedding cache folder [default: $ALIGNER_CACHE_DIR or ~/.cache/aligner]."),
]
CreatedOption = Annotated[
    str | None,
    typer.Option(help="Creation date for the outputs (ISO 8601) [default: newest input file's date]."),
]
ExportsOption = Annotated[
    bool, typer.Option("--exports/--no-exports", help="Write tm/*.tmx and segments.csv.")
]
ReportOption = Annotated[bool, typer.Option("--report/--no-report", help="Write report.json/md/html.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]
