"""``aligner encoders``: list the encoder backends and show whether the default loads."""

from __future__ import annotations

import typer

from aligner.cli import app
from aligner.encoders import DEFAULT_ENCODER, ENCODERS, default_cache_dir


@app.command("encoders")
def list_encoders() -> None:
    """List the available encoders and the embedding cache folder.

    Example: aligner encoders
    """
    for prefix, spec in sorted(ENCODERS.items()):
        marker = " (default)" if prefix == DEFAULT_ENCODER else ""
        typer.echo(f"{prefix}{marker}\n    {spec.summary}\n    e.g. --encoder {spec.example}")
    typer.echo(f"cache: {default_cache_dir()} (set ALIGNER_CACHE_DIR or --cache-dir to move it)")
