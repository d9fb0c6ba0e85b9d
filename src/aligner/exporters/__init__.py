"""Exports of aligned beads: TMX translation memories, CSV/TSV/XLSX tables and JSONL.

Every format goes through the same steps: :func:`select_units` applies one :class:`ExportFilter`,
then the format's writer turns the kept units into a file through :mod:`aligner.fileio`, so an
interrupted export never leaves a partial file. :data:`EXPORTERS` is the registry of formats.

Example::

    opts = ExportOptions(created=manifest["created"])
    export(beads, documents, "tmx", Path("out/tm/corpus.tmx"), ExportFilter(min_score=0.7), opts)

:func:`export_run` does the same from a run folder (what ``aligner export`` and
``aligner.export`` call)::

    export_run(Path("out/cmia-19"), "tmx", Path("cmia-1to1.tmx"), ExportFilter(kinds=frozenset({"1-1"})))

An export of a run folder applies the reviewers' decisions of its ``review.jsonl`` first
(:mod:`aligner.review`): rejected beads leave, merged, split and edited beads go out as corrected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import InputError, OutputError, UsageError
from aligner.exporters.filters import (
    DEFAULT_MIN_CHARS,
    DEFAULT_MIN_SCORE,
    LEVELS,
    BeadLimits,
    ExportFilter,
    Selection,
    Unit,
    check_kinds,
    parse_kinds,
    select_beads,
    select_reviewed,
    select_units,
)
from aligner.exporters.jsonl import write_jsonl
from aligner.exporters.moses import moses_paths, write_moses
from aligner.exporters.options import ExportOptions, default_lang_code, normalise_lang_code, parse_created
from aligner.exporters.tabular import write_csv, write_tsv, write_xlsx
from aligner.exporters.tmx import write_tmx
from aligner.model import AlignedBead, DocumentRow, DocumentRowLike
from aligner.review import ReviewedBead, reviewed_run
from aligner.runfolder import MANIFEST_JSON, read_alignments, read_documents, read_manifest

__all__ = [
    "DEFAULT_MIN_CHARS",
    "DEFAULT_MIN_SCORE",
    "EXPORTERS",
    "BeadLimits",
    "ExportFilter",
    "ExportOptions",
    "ExportPlan",
    "Exporter",
    "Selection",
    "Unit",
    "default_export_path",
    "default_lang_code",
    "export",
    "export_run",
    "export_selection",
    "format_for_suffix",
    "get_exporter",
    "normalise_lang_code",
    "pair_file_name",
    "parse_kinds",
    "plan_export",
    "run_bead_limits",
    "run_lang_codes",
    "select_beads",
    "select_reviewed",
    "select_units",
    "write_default_exports",
]

Writer = Callable[[Sequence[Unit], Path, ExportOptions, str], int]
# The files an export at a path writes, given the source and target language codes.
Files = Callable[[Path, str, str], tuple[Path, ...]]


def single_file(path: Path, src_lang_code: str, tgt_lang_code: str) -> tuple[Path, ...]:
    return (path,)


@dataclass(frozen=True)
class Exporter:
    """One output format: its name, its file suffix and the function that writes it."""

    name: str
    suffix: str
    write: Writer
    # TMX units are translations by definition, so a TMX never holds a bead with an empty side.
    allows_omissions: bool = True
    # Most formats write the path they are given; Moses writes two files named from it.
    files: Files = single_file


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("tmx", ".tmx", write_tmx, allows_omissions=False),
        Exporter("csv", ".csv", write_csv),
        Exporter("tsv", ".tsv", write_tsv),
        Exporter("xlsx", ".xlsx", write_xlsx),
        Exporter("jsonl", ".jsonl", write_jsonl),
        Exporter("moses", "", write_moses, allows_omissions=False, files=moses_paths),
    )
}


def get_exporter(fmt: str) -> Exporter:
    """The exporter of format ``fmt`` (any case); a usage error names the known formats."""
    exporter = EXPORTERS.get(fmt.lower())
    if exporter is None:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    return exporter


def export_selection(
    beads: Sequence[AlignedBead],
    documents: Sequence[DocumentRowLike],
    fmt: str,
    path: Path,
    flt: ExportFilter,
    opts: ExportOptions,
) -> Selection:
    """Like :func:`export`, returning the selection (kept units and drop counts by reason)."""
    return _write_selection(fmt, path, flt, opts, lambda: select_units(beads, documents, flt))


def _write_selection(
    fmt: str, path: Path, flt: ExportFilter, opts: ExportOptions, select: Callable[[], Selection]
) -> Selection:
    exporter = get_exporter(fmt)
    if flt.include_omissions and not exporter.allows_omissions:
        raise UsageError(f"{exporter.name} exports never hold omissions; drop the omissions option")
    selection = select()
    exporter.write(selection.units, Path(path), opts, flt.level)
    return selection


def export(
    beads: Sequence[AlignedBead],
    documents: Sequence[DocumentRowLike],
    fmt: str,
    path: Path,
    flt: ExportFilter,
    opts: ExportOptions,
) -> int:
    """Write the beads ``flt`` keeps to ``path`` in format ``fmt``; return the number of units."""
    return len(export_selection(beads, documents, fmt, path, flt, opts).units)


def format_for_suffix(path: Path) -> str | None:
    """The format whose file suffix ``path`` ends in (``x.TMX`` gives ``tmx``), else ``None``."""
    by_suffix = {exporter.suffix: name for name, exporter in EXPORTERS.items() if exporter.suffix}
    return by_suffix.get(Path(path).suffix.lower())


def default_export_path(out_dir: Path, fmt: str, level: str) -> Path:
    """Where an export of a run goes when no path is given: ``OUT_DIR/exports/corpus-LEVEL.SUFFIX``."""
    return Path(out_dir) / "exports" / f"corpus-{level}{get_exporter(fmt).suffix}"


@dataclass(frozen=True)
class OptionNames:
    """How a caller spells the export options, so that an error names them as the user typed them."""

    format: str
    output: str
    excel: str
    force_hint: str
    src_lang_code: str
    tgt_lang_code: str
    level: str


API_OPTION_NAMES = OptionNames(
    format="format=",
    output="an out_path",
    excel="excel=True",
    force_hint="pass force=True",
    src_lang_code="src_lang_code=",
    tgt_lang_code="tgt_lang_code=",
    level="level=",
)
CLI_OPTION_NAMES = OptionNames(
    format="--format",
    output="an -o path",
    excel="--excel",
    force_hint="add --force",
    src_lang_code="--src-lang-code",
    tgt_lang_code="--tgt-lang-code",
    level="--level",
)


@dataclass(frozen=True)
class ExportPlan:
    """What an export will write: its format, its path and the files at that path."""

    format: str
    path: Path
    files: tuple[Path, ...]


def run_lang_codes(out_dir: Path, src_lang_code: str | None, tgt_lang_code: str | None) -> tuple[str, str]:
    """The export's language codes: as given, else from the run's languages (``en`` -> ``en-US``)."""
    if src_lang_code is not None and tgt_lang_code is not None:
        return src_lang_code, tgt_lang_code
    return _manifest_lang_codes(read_manifest(out_dir), src_lang_code, tgt_lang_code)


def _manifest_lang_codes(
    manifest: Mapping[str, object], src_lang_code: str | None, tgt_lang_code: str | None
) -> tuple[str, str]:
    # None means "not given"; an empty code is given, and fails validation like any bad one.
    return (
        src_lang_code if src_lang_code is not None else _run_lang_code(manifest, "src_lang", "en-US"),
        tgt_lang_code if tgt_lang_code is not None else _run_lang_code(manifest, "tgt_lang", "zh-CN"),
    )


def run_bead_limits(manifest: Mapping[str, object], level: str) -> BeadLimits:
    """The largest beads of ``level`` the run could make: its ``manifest.json`` parameters
    (``sentence_align``, ``paragraph_align``), else the aligner's defaults."""
    parameters = manifest.get("parameters")
    config = parameters.get(f"{level}_align") if isinstance(parameters, dict) else None
    if isinstance(config, dict):
        maxima = [config.get(key) for key in ("max_src", "max_tgt", "max_total")]
        valid = [value for value in maxima if isinstance(value, int) and value > 0]
        if len(valid) == len(maxima):
            return BeadLimits(*valid)
    from aligner.align import AlignConfig

    default = AlignConfig()
    return BeadLimits(default.max_src, default.max_tgt, default.max_total)


def plan_export(
    run_dir: Path,
    output: Path | None,
    fmt: str | None,
    level: str,
    *,
    excel: bool,
    force: bool,
    src_lang_code: str | None = None,
    tgt_lang_code: str | None = None,
    names: OptionNames = API_OPTION_NAMES,
) -> ExportPlan:
    """The checked format, path and files of an export of ``run_dir``, before any bead is read.

    The format is ``fmt`` (any case), else the one ``output``'s suffix names; the path is
    ``output``, else :func:`default_export_path`. Usage errors: a bad language code, no format,
    an unknown one, ``excel`` with a format other than CSV/TSV; an output error: a file exists
    and not ``force``.
    """
    for code, option in ((src_lang_code, names.src_lang_code), (tgt_lang_code, names.tgt_lang_code)):
        if code is not None:
            try:
                normalise_lang_code(code)
            except UsageError as exc:
                raise UsageError(f"{option}: {exc}") from exc
    if level not in LEVELS:
        raise UsageError(f"{names.level}: level {level!r} is not one of {', '.join(LEVELS)}")
    chosen = fmt.lower() if fmt else (format_for_suffix(output) if output is not None else None)
    if chosen is None:
        known = ", ".join(EXPORTERS)
        if output is not None and output.suffix:
            raise UsageError(
                f"no export format ends in {output.suffix!r} ({output}); give {names.format} ({known})"
            )
        raise UsageError(f"give {names.format} ({known}) or {names.output} ending in one of them")
    exporter = get_exporter(chosen)
    if excel and chosen not in ("csv", "tsv"):
        raise UsageError(f"{names.excel} applies to csv and tsv only (xlsx cells are always stored as text)")
    path = output if output is not None else default_export_path(run_dir, chosen, level)
    files: tuple[Path, ...] = (path,)
    if exporter.files is not single_file:  # file names from the language codes
        files = exporter.files(path, *run_lang_codes(run_dir, src_lang_code, tgt_lang_code))
    for file in files:
        if file.exists() and not force:
            raise OutputError(f"{file} exists; {names.force_hint} to overwrite it")
    return ExportPlan(chosen, path, files)


def _run_lang_code(manifest: Mapping[str, object], key: str, fallback: str) -> str:
    value = manifest.get(key)
    return default_lang_code(value) if isinstance(value, str) and value else fallback


def export_run(
    out_dir: Path,
    fmt: str,
    path: Path,
    flt: ExportFilter,
    *,
    src_lang_code: str | None = None,
    tgt_lang_code: str | None = None,
    excel: bool = False,
) -> Selection:
    """Export the beads of the run folder ``out_dir`` that ``flt`` keeps to ``path`` in ``fmt``.

    Dates and the settings signature (TMX headers) come from the run's ``manifest.json``, language
    codes from its languages (``en`` gives ``en-US``, ``zh`` gives ``zh-CN``) unless given;
    ``excel`` writes CSV/TSV with a UTF-8 BOM and guards cells Excel would run as formulas. The
    decisions of the run's ``review.jsonl`` are applied first (those that no longer fit the run
    are counted in ``stale_decisions``). Returns the selection (kept units, drops by reason). An
    existing ``path`` is replaced: callers decide whether overwriting is allowed.
    """
    manifest = read_manifest(out_dir)
    created = manifest.get("created")
    if not isinstance(created, str) or not created:
        raise InputError(f"{out_dir / MANIFEST_JSON} has no 'created' timestamp; rerun 'aligner run'")
    try:
        parse_created(created)
    except UsageError as exc:  # a bad date in the run folder is an input problem, not a usage one
        raise InputError(f"{out_dir / MANIFEST_JSON}: bad 'created' date: {exc}") from exc
    src_lang_code, tgt_lang_code = _manifest_lang_codes(manifest, src_lang_code, tgt_lang_code)
    signature = manifest.get("signature")
    opts = ExportOptions(
        created=created,
        src_lang_code=src_lang_code,
        tgt_lang_code=tgt_lang_code,
        excel_bom=excel,
        guard_formulas=excel,
        # The run's signature, so the TMX says what settings made the beads; none from a run
        # folder written before runs had one.
        signature=signature if isinstance(signature, str) and signature else None,
    )
    review = reviewed_run(out_dir, read_alignments(out_dir))
    if flt.kinds is not None:
        present = {item.bead.kind for item in review.items if item.bead.level == flt.level}
        check_kinds(flt, run_bead_limits(manifest, flt.level), present)
    documents = read_documents(out_dir)
    selection = _write_selection(fmt, path, flt, opts, lambda: select_reviewed(review.items, documents, flt))
    selection.stale_decisions = len(review.stale)
    return selection


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def pair_file_name(pair_id: str) -> str:
    """A file name for a pair id that cannot leave its folder or clash with ``corpus.tmx``."""
    name = _UNSAFE_NAME.sub("_", pair_id).lstrip(".") or "_"
    return f"{name}.tmx" if name != "corpus" else "corpus_.tmx"


def write_default_exports(
    out_dir: Path,
    beads: Sequence[AlignedBead],
    documents: Sequence[DocumentRowLike],
    opts: ExportOptions,
    reviewed: Sequence[ReviewedBead] | None = None,
) -> dict[str, int]:
    """Write a run's standard exports with the default (clean-TM) filter (on ``reviewed``, the
    beads with the reviewers' decisions applied, when given).

    ``tm/corpus.tmx`` (every pair), ``tm/<pair_id>.tmx`` (one per paired document, even when no
    unit passes the filter, so the folder always lists every pair) and ``segments.csv``. Returns
    the units written per file, keyed by the path relative to ``out_dir`` with ``/`` separators.
    """
    out_dir = Path(out_dir)
    flt = ExportFilter()
    units = (
        select_units(beads, documents, flt) if reviewed is None else select_reviewed(reviewed, documents, flt)
    ).units
    written = {"tm/corpus.tmx": write_tmx(units, out_dir / "tm" / "corpus.tmx", opts, flt.level)}
    by_pair: dict[str, list[Unit]] = {}
    for unit in units:
        by_pair.setdefault(unit.bead.pair_id, []).append(unit)
    for row in map(DocumentRow.coerce, documents):
        if row.status != "paired":
            continue
        name = f"tm/{pair_file_name(row.pair_id)}"
        if name in written:
            raise OutputError(f"pair ids {row.pair_id!r} and another map to the same file {name}")
        written[name] = write_tmx(by_pair.get(row.pair_id, []), out_dir / name, opts, flt.level)
    written["segments.csv"] = write_csv(units, out_dir / "segments.csv", opts, flt.level)
    return written
