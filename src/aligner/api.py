"""The Python API: what the CLI does, importable for scripts and notebooks.

Four entry points, one per job::

    import aligner
    beads = aligner.align_texts("The cat sleeps. It is late.", "猫在睡觉。天晚了。")
    result = aligner.run(["corpora/cmia-19/en.txt", "corpora/cmia-19/zh.txt"], "out/cmia-19")
    data = aligner.load_run("out/cmia-19")   # pandas DataFrames: documents, beads, findings
    done = aligner.export("out/cmia-19", "cmia-1to1.tmx", min_score=0.7, kinds=["1-1"])

Errors are :class:`aligner.errors.AlignerError` subclasses (``UsageError``, ``InputError``,
``OutputError``, ``EncoderError``) with a one-line message, as the CLI prints them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

from aligner.clean import SplitRule
from aligner.encoders import DEFAULT_ENCODER, CachedEncoder, default_cache_dir
from aligner.engines import Engine, make_engine
from aligner.errors import UsageError
from aligner.exporters import (
    DEFAULT_MIN_CHARS,
    DEFAULT_MIN_SCORE,
    ExportFilter,
    export_run,
    parse_kinds,
    plan_export,
)
from aligner.exporters.filters import DROP_REASONS
from aligner.pipeline import RunOptions, RunResult, load_encoder, stderr_progress
from aligner.pipeline import run as _run_pipeline
from aligner.runfolder import DOCUMENT_COLUMNS, read_alignments, read_documents, read_manifest

# RunOptions fields that run() takes as named keywords; the others go through **options.
_NAMED_OPTIONS = (
    "encoder",
    "src_lang",
    "tgt_lang",
    "pairs_file",
    "created",
    "exports",
    "report",
    "normalise",
    "split",
)


def align_texts(
    src: str | Sequence[str],
    tgt: str | Sequence[str],
    *,
    src_lang: str = "en",
    tgt_lang: str = "zh",
    encoder: str = DEFAULT_ENCODER,
    cache_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Align two texts sentence by sentence; one row per bead, in order.

    ``src``/``tgt`` are whole texts (split into sentences here) or lists of sentences. Columns:
    ``src_idx``, ``tgt_idx`` (0-based sentence indices), ``kind`` (``1-1``, ``2-1``, ``1-0``...),
    ``score`` (0-1, higher is surer; omissions 0), ``src``, ``tgt`` (joined text). Embeddings are
    cached in ``cache_dir`` (default: ``$ALIGNER_CACHE_DIR`` or ``~/.cache/aligner``). Example::

        >>> aligner.align_texts("It rains today. We stay at home.", "今天下雨。我们待在家里。")
          src_idx tgt_idx kind   score               src      tgt
        0     [0]     [0]  1-1  0.8192   It rains today.    今天下雨。
        1     [1]     [1]  1-1  0.7209  We stay at home.  我们待在家里。
    """
    import pandas as pd  # here: importing pandas costs every command 0.15 s

    from aligner.align import align_texts as align_sequences
    from aligner.segment import split_text

    src_sentences = split_text(src, src_lang) if isinstance(src, str) else list(src)
    tgt_sentences = split_text(tgt, tgt_lang) if isinstance(tgt, str) else list(tgt)
    cached = CachedEncoder(load_encoder(encoder), Path(cache_dir) if cache_dir else default_cache_dir())
    beads = align_sequences(src_sentences, tgt_sentences, cached)
    cached.flush()
    joiner = {"zh": "", "ja": ""}
    return pd.DataFrame(
        [
            {
                "src_idx": list(b.src),
                "tgt_idx": list(b.tgt),
                "kind": b.kind,
                "score": round(b.score, 4),
                "src": joiner.get(src_lang, " ").join(src_sentences[i] for i in b.src),
                "tgt": joiner.get(tgt_lang, " ").join(tgt_sentences[j] for j in b.tgt),
            }
            for b in beads
        ],
        columns=["src_idx", "tgt_idx", "kind", "score", "src", "tgt"],
    )


def _ignore(_line: str) -> None:
    return None


def run(
    sources: Sequence[str | Path],
    out_dir: str | Path,
    *,
    force: bool = False,
    cache_dir: str | Path | None = None,
    encoder: str = DEFAULT_ENCODER,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    pairs_file: str | Path | None = None,
    created: str | None = None,
    exports: bool = True,
    report: bool = True,
    normalise: bool = True,
    split: str = "auto",
    progress: bool | Callable[[str], None] = False,
    engine: str | Engine = "local",
    resume: bool = False,
    **options: Any,
) -> RunResult:
    """Run the whole job (``aligner run``): read, pair, align, write the run folder ``out_dir``.

    ``sources`` are files, folders or globs in both languages (volumes are split into papers).
    The keywords are those of ``aligner run``: ``force`` replaces an earlier run in ``out_dir``,
    ``encoder`` is an encoder spec such as ``use-m3`` or ``st:/path/to/LaBSE``, ``pairs_file`` a
    CSV ``src,tgt`` overriding the pairing, ``created`` an ISO-8601 date for the outputs,
    ``exports``/``report`` turn the default TMX/CSV exports and the audit report off,
    ``normalise=False`` keeps the characters read as they are (see :mod:`aligner.normalise`),
    ``split`` is how files are cut into documents: ``auto`` (table of contents, else top-level
    headings, else title + byline blocks), ``toc``, ``titles``, ``headings`` or ``none``.
    ``progress=True`` prints progress to stderr (or pass a function taking one line).
    ``engine`` aligns the pairs: ``local``, ``ray`` (a Ray instance on this machine) or an engine
    (``aligner.engines.RayEngine(address="auto", workers=8)``); ``resume=True`` reuses the pairs
    an earlier run into ``out_dir`` aligned from the same documents and settings.
    ``options`` are further :class:`aligner.pipeline.RunOptions` fields (``pairing``,
    ``paragraph_align``, ``sentence_align``). Returns the pairs, beads, removed text and manifest;
    :func:`load_run` reads the folder back as DataFrames. Example::

        >>> result = aligner.run(["corpora/cmia-19/en.txt", "corpora/cmia-19/zh.txt"],
        ...                      "out/cmia-19", force=True)
        >>> sum(p.status == "paired" for p in result.pairs), len(result.beads)
        (22, 4145)
    """
    fields = {f.name for f in dataclasses.fields(RunOptions)}
    unknown = sorted(set(options) - (fields - set(_NAMED_OPTIONS)))
    if unknown:
        known = ", ".join(sorted(fields | {"force", "cache_dir", "progress", "engine", "resume"}))
        raise UsageError(f"unknown run option {unknown[0]!r}; choose from {known}")
    sink: Callable[[str], None] = _ignore
    if progress is True:
        sink = stderr_progress
    elif callable(progress):
        sink = progress
    run_options = RunOptions(
        encoder=encoder,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        pairs_file=str(pairs_file) if pairs_file is not None else None,
        created=created,
        exports=exports,
        report=report,
        normalise=normalise,
        split=SplitRule.parse(split),
        **options,
    )
    pair_engine = make_engine(engine) if isinstance(engine, str) else engine
    return _run_pipeline(
        sources,
        out_dir,
        run_options,
        force=force,
        cache_dir=cache_dir,
        progress=sink,
        engine=pair_engine,
        resume=resume,
    )


@dataclass
class RunData:
    """A run folder loaded as DataFrames (see :func:`load_run` for the columns)."""

    documents: pd.DataFrame
    beads: pd.DataFrame
    findings: pd.DataFrame
    manifest: dict[str, object]


def load_run(out_dir: str | Path) -> RunData:
    """Load a run folder: its documents, one row per bead, and the report's findings.

    ``documents``: the columns of ``documents.csv`` (``pair_id``, titles, files, first lines,
    ``score`` as a float, ``status``, the pairing confidence ``margin``, ``coverage_src``,
    ``coverage_tgt``, ``anchors`` as floats, NaN where not measured, and ``reason``). ``beads``:
    ``pair_id, level, block, kind, score, src, tgt`` (each side's text joined), ``src_chars``,
    ``tgt_chars`` and ``src_lines``/``tgt_lines`` (``first-last`` lines of the input file).
    ``findings``: one row per finding of ``report.json`` (``check``, ``severity``, ``pair_id``,
    ``message``, ...; empty without a report). ``manifest``: ``manifest.json`` as a dict. Example::

        >>> data = aligner.load_run("out/cmia-19")
        >>> data.beads.query("level == 'sentence'").kind.value_counts().head(3)
        kind
        1-1    2133
        2-1     360
        1-2      69
        Name: count, dtype: int64
    """
    import pandas as pd  # here: importing pandas costs every command 0.15 s

    out = Path(out_dir)
    documents = pd.DataFrame([asdict(row) for row in read_documents(out)], columns=list(DOCUMENT_COLUMNS))
    # Line numbers as integers where a side has none (unpaired documents), not as floats.
    for column in ("src_first_line", "tgt_first_line"):
        documents[column] = documents[column].astype("Int64")
    rows = []
    for bead in read_alignments(out):
        rows.append(
            {
                "pair_id": bead.pair_id,
                "level": bead.level,
                "block": bead.block,
                "kind": bead.kind,
                "score": bead.score,
                "src": " ".join(s.text for s in bead.src),
                "tgt": "".join(s.text for s in bead.tgt),
                "src_chars": sum(len(s.text) for s in bead.src),
                "tgt_chars": sum(len(s.text) for s in bead.tgt),
                "src_lines": f"{bead.src[0].line_start}-{bead.src[-1].line_end}" if bead.src else "",
                "tgt_lines": f"{bead.tgt[0].line_start}-{bead.tgt[-1].line_end}" if bead.tgt else "",
            }
        )
    beads = pd.DataFrame(rows)
    report_path = out / "report.json"
    findings = pd.DataFrame()
    if report_path.is_file():
        report = json.loads(report_path.read_text(encoding="utf-8"))
        findings = pd.json_normalize(report.get("findings", []))
    return RunData(documents, beads, findings, read_manifest(out))


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export` wrote: the file, its format and level, and what the filter kept.

    ``units`` were written out of the ``in_scope`` beads of the level (and pairs) asked for;
    ``dropped`` counts the others by reason (``omission``, ``kind``, ``score``, ``heading``,
    ``numeric``, ``short``, ``long``); ``long_units`` counts the written units with a side over
    400 characters; ``summary`` says the same in one line, as ``aligner export`` prints it.
    """

    path: Path
    # The files written: ``path`` itself, or for ``moses`` ``PATH.<src>`` and ``PATH.<tgt>``.
    files: tuple[Path, ...]
    format: str
    level: str
    units: int
    in_scope: int
    dropped: dict[str, int]
    summary: str
    long_units: int = 0


def export(
    run_dir: str | Path,
    out_path: str | Path | None = None,
    *,
    format: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    kinds: str | Iterable[str] | None = None,
    level: str = "sentence",
    pairs: Iterable[str] | None = None,
    include_headings: bool = False,
    include_numeric: bool = False,
    min_chars: int = DEFAULT_MIN_CHARS,
    include_omissions: bool = False,
    src_lang_code: str | None = None,
    tgt_lang_code: str | None = None,
    excel: bool = False,
    force: bool = False,
    max_chars: int | None = None,
    review: str | None = None,
) -> ExportResult:
    """Rebuild an export from a run folder with other filters (``aligner export``), no re-encoding.

    ``format`` is one of ``tmx``, ``csv``, ``tsv``, ``xlsx``, ``jsonl``, ``moses`` (two files,
    ``OUT_PATH.en`` and ``OUT_PATH.zh``); without it, the suffix of ``out_path`` names it.
    ``out_path`` defaults to ``RUN_DIR/exports/corpus-LEVEL.FORMAT``;
    an existing file is replaced only with ``force=True``. The filters are the CLI's options:
    ``min_score``, ``kinds`` (``["1-1", "2-1"]`` or ``"1-1,2-1"``), ``level`` (``sentence`` or
    ``paragraph``), ``pairs`` (pair ids), ``include_headings``, ``include_numeric``,
    ``min_chars``, ``include_omissions`` (tables and JSONL only), ``max_chars`` (drop beads with a
    side longer than this many characters). ``excel=True`` writes CSV/TSV
    for Excel (UTF-8 BOM, formula guard). The reviewers' decisions in ``RUN_DIR/review.jsonl``
    (``aligner review``) apply first; ``review="reviewed"`` or ``"unreviewed"`` keeps only the beads
    a reviewer confirmed or corrected, or only the others. Example::

        >>> done = aligner.export("out/cmia-19", "cmia-1to1.tmx", min_score=0.7, kinds=["1-1"])
        >>> done.units, done.dropped
        (822, {'omission': 48, 'kind': 552, 'score': 1160, 'heading': 150, 'numeric': 1})
    """
    run_path = Path(run_dir)
    output = Path(out_path) if out_path is not None else None
    plan = plan_export(
        run_path,
        output,
        format,
        level,
        excel=excel,
        force=force,
        src_lang_code=src_lang_code,
        tgt_lang_code=tgt_lang_code,
    )
    fmt, path = plan.format, plan.path
    flt = ExportFilter(
        min_score=min_score,
        kinds=parse_kinds(kinds),
        level=level,
        pair_ids=frozenset(pairs) if pairs is not None else None,
        include_headings=include_headings,
        include_numeric=include_numeric,
        min_chars=min_chars,
        include_omissions=include_omissions,
        max_chars=max_chars,
        review=review,
    )
    selection = export_run(
        run_path, fmt, path, flt, src_lang_code=src_lang_code, tgt_lang_code=tgt_lang_code, excel=excel
    )
    return ExportResult(
        path=path,
        files=plan.files,
        format=fmt,
        level=level,
        units=len(selection.units),
        in_scope=selection.in_scope,
        dropped={reason: selection.dropped[reason] for reason in DROP_REASONS if selection.dropped[reason]},
        summary=selection.summary(),
        long_units=selection.long_units,
    )
