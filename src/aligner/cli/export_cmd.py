"""``aligner export``: rebuild a TMX, table or JSONL from a run folder with other filters."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner.cli import app
from aligner.errors import InputError, OutputError, UsageError
from aligner.exporters import (
    DEFAULT_MIN_CHARS,
    DEFAULT_MIN_SCORE,
    EXPORTERS,
    ExportFilter,
    ExportOptions,
    default_lang_code,
    export_selection,
    get_exporter,
)
from aligner.exporters.options import parse_created
from aligner.runfolder import MANIFEST_JSON, read_alignments, read_documents, read_manifest


def _format_for(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output's suffix names."""
    if fmt:
        return fmt.lower()
    if output is not None:
        by_suffix = {exporter.suffix: name for name, exporter in EXPORTERS.items()}
        found = by_suffix.get(output.suffix.lower())
        if found:
            return found
    raise UsageError(f"give --format ({', '.join(EXPORTERS)}) or an -o path ending in one of them")


def _kinds(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def _run_lang_code(manifest: dict[str, object], key: str, fallback: str) -> str:
    value = manifest.get(key)
    return default_lang_code(value) if isinstance(value, str) and value else fallback


@app.command("export")
def export_command(
    out_dir: Annotated[Path, typer.Argument(help="Run folder written by 'aligner run'.", show_default=False)],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help=f"One of {', '.join(EXPORTERS)}; default: from -o.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write; default OUT_DIR/exports/corpus-LEVEL.FORMAT."),
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
    src_lang_code: Annotated[
        str | None, typer.Option(help="Source language code (default: run language, en -> en-US).")
    ] = None,
    tgt_lang_code: Annotated[
        str | None, typer.Option(help="Target language code (default: run language, zh -> zh-CN).")
    ] = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="CSV/TSV for Excel: UTF-8 BOM and apostrophe before =+-@.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
) -> None:
    """Rebuild an export from a run's alignments.jsonl with other filters, without re-encoding.

    Example: aligner export out/cmia-19 --format tmx --min-score 0.7 --kinds 1-1 -o cmia-1to1.tmx
    """
    fmt = _format_for(fmt, output)
    exporter = get_exporter(fmt)
    if excel and fmt not in ("csv", "tsv"):
        raise UsageError("--excel applies to csv and tsv only (xlsx cells are always stored as text)")
    flt = ExportFilter(
        min_score=min_score,
        kinds=_kinds(kinds),
        level=level,
        pair_ids=frozenset(pair) if pair else None,
        include_headings=include_headings,
        include_numeric=include_numeric,
        min_chars=min_chars,
        include_omissions=include_omissions,
    )
    path = output if output is not None else out_dir / "exports" / f"corpus-{level}{exporter.suffix}"
    if path.exists() and not force:
        raise OutputError(f"{path} exists; add --force to overwrite it")
    manifest = read_manifest(out_dir)
    created = manifest.get("created")
    if not isinstance(created, str) or not created:
        raise InputError(f"{out_dir / MANIFEST_JSON} has no 'created' timestamp; rerun 'aligner run'")
    try:
        parse_created(created)
    except UsageError as exc:  # a bad date in the run folder is an input problem, not a usage one
        raise InputError(f"{out_dir / MANIFEST_JSON}: bad 'created' date: {exc}") from exc
    opts = ExportOptions(
        created=created,
        src_lang_code=src_lang_code or _run_lang_code(manifest, "src_lang", "en-US"),
        tgt_lang_code=tgt_lang_code or _run_lang_code(manifest, "tgt_lang", "zh-CN"),
        excel_bom=excel,
        guard_formulas=excel,
    )
    selection = export_selection(read_alignments(out_dir), read_documents(out_dir), fmt, path, flt, opts)
    typer.echo(f"wrote {len(selection.units)} {level} units to {path} ({fmt}); {selection.summary()}")
