"""Command-line options that more than one command takes."""

from __future__ import annotations

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
