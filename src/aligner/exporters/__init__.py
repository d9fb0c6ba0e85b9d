"""Exports of aligned beads: TMX translation memories, CSV/TSV/XLSX tables and JSONL.

Every format goes through the same steps: :func:`select_units` applies one :class:`ExportFilter`,
then the format's writer turns the kept units into a file through :mod:`aligner.fileio`, so an
interrupted export never leaves a partial file. :data:`EXPORTERS` is the registry of formats.

Example::

    opts = ExportOptions(created=manifest["created"])
    export(beads, documents, "tmx", Path("out/tm/corpus.tmx"), ExportFilter(min_score=0.7), opts)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import OutputError, UsageError
from aligner.exporters.filters import (
    DEFAULT_MIN_CHARS,
    DEFAULT_MIN_SCORE,
    ExportFilter,
    Selection,
    Unit,
    select_beads,
    select_units,
)
from aligner.exporters.jsonl import write_jsonl
from aligner.exporters.options import ExportOptions, default_lang_code, normalise_lang_code
from aligner.exporters.tabular import write_csv, write_tsv, write_xlsx
from aligner.exporters.tmx import write_tmx
from aligner.model import AlignedBead

__all__ = [
    "DEFAULT_MIN_CHARS",
    "DEFAULT_MIN_SCORE",
    "EXPORTERS",
    "ExportFilter",
    "ExportOptions",
    "Exporter",
    "Selection",
    "Unit",
    "default_lang_code",
    "export",
    "export_selection",
    "get_exporter",
    "normalise_lang_code",
    "pair_file_name",
    "select_beads",
    "select_units",
    "write_default_exports",
]

Writer = Callable[[Sequence[Unit], Path, ExportOptions, str], int]


@dataclass(frozen=True)
class Exporter:
    """One output format: its name, its file suffix and the function that writes it."""

    name: str
    suffix: str
    write: Writer
    # TMX units are translations by definition, so a TMX never holds a bead with an empty side.
    allows_omissions: bool = True


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("tmx", ".tmx", write_tmx, allows_omissions=False),
        Exporter("csv", ".csv", write_csv),
        Exporter("tsv", ".tsv", write_tsv),
        Exporter("xlsx", ".xlsx", write_xlsx),
        Exporter("jsonl", ".jsonl", write_jsonl),
    )
}


def get_exporter(fmt: str) -> Exporter:
    exporter = EXPORTERS.get(fmt.lower())
    if exporter is None:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    return exporter


def export_selection(
    beads: Sequence[AlignedBead],
    documents: Sequence[Mapping[str, str]],
    fmt: str,
    path: Path,
    flt: ExportFilter,
    opts: ExportOptions,
) -> Selection:
    """Like :func:`export`, returning the selection (kept units and drop counts by reason)."""
    exporter = get_exporter(fmt)
    if flt.include_omissions and not exporter.allows_omissions:
        raise UsageError(f"{exporter.name} exports never hold omissions; drop the omissions option")
    selection = select_units(beads, documents, flt)
    exporter.write(selection.units, Path(path), opts, flt.level)
    return selection


def export(
    beads: Sequence[AlignedBead],
    documents: Sequence[Mapping[str, str]],
    fmt: str,
    path: Path,
    flt: ExportFilter,
    opts: ExportOptions,
) -> int:
    """Write the beads ``flt`` keeps to ``path`` in format ``fmt``; return the number of units."""
    return len(export_selection(beads, documents, fmt, path, flt, opts).units)


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def pair_file_name(pair_id: str) -> str:
    """A file name for a pair id that cannot leave its folder or clash with ``corpus.tmx``."""
    name = _UNSAFE_NAME.sub("_", pair_id).lstrip(".") or "_"
    return f"{name}.tmx" if name != "corpus" else "corpus_.tmx"


def write_default_exports(
    out_dir: Path,
    beads: Sequence[AlignedBead],
    documents: Sequence[Mapping[str, str]],
    opts: ExportOptions,
) -> dict[str, int]:
    """Write a run's standard exports with the default (clean-TM) filter.

    ``tm/corpus.tmx`` (every pair), ``tm/<pair_id>.tmx`` (one per paired document, even when no
    unit passes the filter, so the folder always lists every pair) and ``segments.csv``. Returns
    the units written per file, keyed by the path relative to ``out_dir`` with ``/`` separators.
    """
    out_dir = Path(out_dir)
    flt = ExportFilter()
    units = select_units(beads, documents, flt).units
    written = {"tm/corpus.tmx": write_tmx(units, out_dir / "tm" / "corpus.tmx", opts, flt.level)}
    by_pair: dict[str, list[Unit]] = {}
    for unit in units:
        by_pair.setdefault(unit.bead.pair_id, []).append(unit)
    for row in documents:
        if row["status"] != "paired":
            continue
        name = f"tm/{pair_file_name(row['pair_id'])}"
        if name in written:
            raise OutputError(f"pair ids {row['pair_id']!r} and another map to the same file {name}")
        written[name] = write_tmx(by_pair.get(row["pair_id"], []), out_dir / name, opts, flt.level)
    written["segments.csv"] = write_csv(units, out_dir / "segments.csv", opts, flt.level)
    return written
