"""The main job as one function: read, pair, align paragraphs then sentences, write the run folder.

``run()`` is what ``aligner run`` and notebooks call. The run folder is built in a temporary
sibling folder and renamed into place at the end, so an interrupted or failed run leaves either
nothing or the previous complete run, never a mix of two.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from aligner import cedict
from aligner._version import __version__
from aligner.align import AlignConfig
from aligner.clean import CleanOptions, SplitRule
from aligner.encoders import DEFAULT_ENCODER, CachedEncoder, Encoder, default_cache_dir, get_encoder
from aligner.engines import AlignSettings, Engine, LocalEngine
from aligner.errors import InputError, UsageError
from aligner.fileio import atomic_write_text
from aligner.ingest import Reading, read_inputs
from aligner.langdetect import LATIN_SCRIPT, script_counts
from aligner.model import AlignedBead, Document, DocumentPair, DocumentRow, Removed
from aligner.normalise import manifest_entry as normalisation_entry
from aligner.pairing import (
    Candidate,
    PairingOptions,
    build_pairs,
    document_similarities,
    pair_documents,
)
from aligner.review import (
    Decision,
    ReviewState,
    apply_decisions,
    mark_findings,
    read_decisions,
    report_beads,
)
from aligner.review.store import REVIEW_JSONL, decision_line
from aligner.runfolder import (
    check_output_folder,
    staged_output,
    tidy_output_siblings,
    write_alignments,
    write_documents,
    write_manifest,
    write_removed,
)
from aligner.shards import ShardStore, settings_facts, shard_folder
from aligner.signature import SIGNATURE_KEY, run_signature

Progress = Callable[[str], None]


@dataclass(frozen=True)
class RunOptions:
    """Every setting that changes a run's output; all of them are recorded in ``manifest.json``."""

    encoder: str = DEFAULT_ENCODER
    src_lang: str | None = None
    tgt_lang: str | None = None
    pairs_file: str | None = None
    created: str | None = None
    exports: bool = True
    report: bool = True
    # Unicode normalisation of the text read (aligner.normalise); offsets refer to the result.
    normalise: bool = True
    # How each input file is cut into documents (``--split``, see aligner.clean.SplitRule).
    split: SplitRule = SplitRule.AUTO
    pairing: PairingOptions = field(default_factory=PairingOptions)
    # Paragraph beads stay smaller than sentence beads: a condensed translation merges a few
    # paragraphs into one, and windows of many long paragraphs blur the embeddings. Edge splitting
    # is tuned on sentences; an untranslated paragraph inside a paragraph bead still shows up in the
    # sentence alignment inside it. So is the window blend (measured on sentence sets): where
    # paragraphs repeat one pattern, the sum of their embeddings matches any one of them, and a
    # short summary's paragraphs each took in a window of four (tests/test_robustness.py).
    paragraph_align: AlignConfig = field(
        default_factory=lambda: AlignConfig(
            max_src=4, max_tgt=4, max_total=5, split_edges=False, window_blend=0.0
        )
    )
    sentence_align: AlignConfig = field(default_factory=AlignConfig)


@dataclass
class RunResult:
    """What a run produced, for the CLI summary and for callers of the Python API."""

    out_dir: Path
    pairs: list[DocumentPair]
    beads: list[AlignedBead]
    removed: list[Removed]
    manifest: dict[str, object]
    findings_by_severity: dict[str, int] = field(default_factory=dict)
    # What the user should know about the inputs: replaced bytes, TOC entries not found, documents
    # left out or duplicated (also in ``manifest.json``).
    warnings: list[str] = field(default_factory=list)

    @property
    def signature(self) -> str | None:
        """The run's settings in one line (:mod:`aligner.signature`), as ``manifest.json`` records it."""
        value = self.manifest.get(SIGNATURE_KEY)
        return value if isinstance(value, str) else None

    @property
    def documents(self) -> list[DocumentRow]:
        """The rows of ``documents.csv``."""
        return [DocumentRow.from_pair(p) for p in self.pairs]


@functools.lru_cache(maxsize=4)
def load_encoder(name: str) -> Encoder:
    """The encoder called ``name``, loaded once per process: loading a model (and checking it)
    takes most of the time of a small run, and notebooks and tests run many."""
    return get_encoder(name)


def _quiet(_message: str) -> None:
    return None


def stderr_progress(message: str) -> None:
    print(f"[aligner] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- reading


def _file_facts(path: Path) -> dict[str, object]:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return {"path": str(path), "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _input_files(documents: Sequence[Document]) -> list[Path]:
    return sorted({Path(doc.file) for doc in documents}, key=str)


def settle_undetermined(documents: Sequence[Document], src_lang: str | None, tgt_lang: str | None) -> None:
    """Give a document too short to tell its language (a table, a list of figures) the language of
    the other documents of its file, else, if it is written in Latin letters, the one Latin-script
    language among the inputs and options (English if there is none)."""
    by_file: dict[str, set[str]] = {}
    for doc in documents:
        if doc.lang != "und":
            by_file.setdefault(doc.file, set()).add(doc.lang)
    named = {doc.lang for doc in documents} | {lang for lang in (src_lang, tgt_lang) if lang}
    latin = sorted(named & LATIN_SCRIPT)
    for doc in documents:
        if doc.lang != "und":
            continue
        siblings = by_file.get(doc.file, set())
        scripts = script_counts("\n".join(p.text for p in doc.paragraphs))
        if len(siblings) == 1:
            doc.lang = next(iter(siblings))
        elif scripts and scripts.most_common(1)[0][0] == "latin" and len(latin) <= 1:
            doc.lang = latin[0] if latin else "en"


def input_warnings(readings: Sequence[Reading]) -> list[str]:
    """Replaced bytes and reading notes (TOC entries not found, paragraphs cut), per file."""
    warnings = []
    for reading in readings:
        if reading.source.replacements:
            warnings.append(
                f"{reading.file}: {reading.source.replacements} undecodable bytes replaced by U+FFFD "
                f"(read as {reading.source.encoding}); re-save the file as UTF-8 to keep them"
            )
        warnings.extend(f"{reading.file}: {note}" for note in reading.notes)
    return warnings


def document_warnings(documents: Sequence[Document], src_lang: str, tgt_lang: str) -> list[str]:
    """Documents the run leaves out (other languages, no words) and documents given twice."""
    warnings = []
    seen: dict[tuple[str, str], Document] = {}
    for doc in documents:
        where = f"{doc.file}:{doc.line_start}: {doc.title[:60]!r}"
        if doc.lang == "und":
            warnings.append(f"{where} is left out: it has no words to tell its language (only numbers?)")
        elif doc.lang not in (src_lang, tgt_lang):
            warnings.append(
                f"{where} is in {doc.lang}, left out of this {src_lang}-{tgt_lang} run "
                "(--src-lang/--tgt-lang choose the languages)"
            )
        text = "\n".join(p.text for p in doc.paragraphs)
        first = seen.setdefault((doc.lang, text), doc)
        if first is not doc:
            warnings.append(
                f"{where} has the same text as {first.file}:{first.line_start}; only one of the two "
                "can be paired"
            )
    return warnings


def choose_languages(
    documents: Sequence[Document], src_lang: str | None, tgt_lang: str | None
) -> tuple[str, str]:
    """The source and target languages: as given, else English source and the other language found."""
    found = Counter(doc.lang for doc in documents)
    if src_lang and tgt_lang:
        if src_lang == tgt_lang:
            raise UsageError("--src-lang and --tgt-lang must differ")
        return src_lang, tgt_lang
    languages = [lang for lang, _ in found.most_common() if lang != "und"]
    if not languages:
        raise InputError(
            "no input has words to tell its language from (only numbers or symbols?); "
            "give documents with text in two languages"
        )
    if len(languages) < 2:
        files = sorted({doc.file for doc in documents})
        shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        noun = "document" if len(documents) == 1 else "documents"
        raise InputError(
            f"all inputs are in {languages[0]} ({len(documents)} {noun} in {shown}); give documents "
            "in two languages (e.g. English and Chinese), or one file whose paragraphs alternate "
            "between them; 'aligner inspect' shows the language found for each document"
        )
    if src_lang is None:
        src_lang = (
            "en"
            if "en" in languages and tgt_lang != "en"
            else next(lang for lang in languages if lang != tgt_lang)
        )
    if tgt_lang is None:
        tgt_lang = (
            "zh"
            if "zh" in languages and src_lang != "zh"
            else next(lang for lang in languages if lang != src_lang)
        )
    return src_lang, tgt_lang


# --------------------------------------------------------------------------- pairing


def read_pairs_file(
    path: Path, src_docs: Sequence[Document], tgt_docs: Sequence[Document]
) -> list[tuple[Candidate, str | None]]:
    """A user-given pairing: CSV with columns ``src`` and ``tgt``, each a doc id, an exact title or
    the path of a file holding one document (relative to the CSV's folder), and an optional
    ``pair_id``. Returns each pair with the id given for it (None: made from the title)."""
    if not path.is_file():
        raise InputError(f"pairing file {path} does not exist")

    def lookup(documents: Sequence[Document], key: str, side: str, row: int) -> int:
        for index, doc in enumerate(documents):
            if key in (doc.doc_id, doc.title):
                return index
        named = (path.parent / key).resolve()
        in_file = [i for i, doc in enumerate(documents) if Path(doc.file).resolve() == named]
        if len(in_file) == 1:
            return in_file[0]
        raise InputError(
            f"pairing file {path}:{row}: no {side} document with id, title or file {key!r} "
            "(see 'aligner inspect')"
        )

    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        if not reader.fieldnames or not {"src", "tgt"} <= set(reader.fieldnames):
            raise InputError(f"pairing file {path} needs a header with columns src,tgt")
        kept = [
            (
                Candidate(
                    lookup(src_docs, row["src"], "source", number),
                    lookup(tgt_docs, row["tgt"], "target", number),
                    1.0,
                ),
                (row.get("pair_id") or "").strip() or None,
            )
            for number, row in enumerate(reader, 2)
        ]
    candidates = [c for c, _ in kept]
    if len({c.src for c in candidates}) != len(kept) or len({c.tgt for c in candidates}) != len(kept):
        raise InputError(f"pairing file {path} names a document in more than one pair")
    given = [pair_id for _, pair_id in kept if pair_id]
    if len(set(given)) != len(given):
        raise InputError(f"pairing file {path} gives a pair_id to more than one pair")
    return kept


def unpaired_hint(pairs: Sequence[DocumentPair], options: RunOptions) -> str | None:
    """What to do when content pairing left documents of both languages unpaired.

    The pairing says no when it is not sure (``documents.csv`` gives each document's reason), and
    a user who knows two documents are translations of each other (two files given on purpose, a
    free translation, a text the encoder reads poorly) should learn how to pair them anyway.
    """
    if options.pairs_file:
        return None
    src_only = sum(p.status == "src-only" for p in pairs)
    tgt_only = sum(p.status == "tgt-only" for p in pairs)
    if not (src_only and tgt_only):
        return None
    return (
        f"{src_only} source and {tgt_only} target document(s) were left unpaired (the reason column "
        "of documents.csv says why); if some are translations of each other, list them in a CSV of "
        "src,tgt (doc ids, titles, or file paths relative to the CSV) and pass it with --pairs"
    )


def pair(
    src_docs: Sequence[Document],
    tgt_docs: Sequence[Document],
    encoder: CachedEncoder,
    options: RunOptions,
) -> list[DocumentPair]:
    if options.pairs_file:
        path = Path(options.pairs_file)
        kept = read_pairs_file(path, src_docs, tgt_docs)
        pairs = build_pairs(src_docs, tgt_docs, [c for c, _ in kept])
        ids = {id(src_docs[c.src]): pair_id for c, pair_id in kept if pair_id}
        for document_pair in pairs:
            if document_pair.status != "paired":
                document_pair.reason = f"not in the pairing file {path.name}"
            elif id(document_pair.src) in ids:
                document_pair.pair_id = ids[id(document_pair.src)]
        if len({p.pair_id for p in pairs}) != len(pairs):
            raise InputError(f"pairing file {path}: a pair_id given there is also the id of another document")
        return pairs
    similarities = document_similarities(src_docs, tgt_docs, encoder, options.pairing)
    return pair_documents(src_docs, tgt_docs, similarities, options.pairing)


def batch_sources(pairs_csv: Path) -> list[Path]:
    """The files a batch file (CSV ``src,tgt[,pair_id]``, paths relative to it) names, in order;
    a one-line error for a missing column or file, with its row."""
    if not pairs_csv.is_file():
        raise InputError(f"{pairs_csv}: no such file; check the path")
    with pairs_csv.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        if not reader.fieldnames or not {"src", "tgt"} <= set(reader.fieldnames):
            raise InputError(f"{pairs_csv}: a batch file needs a header with columns src,tgt (and pair_id)")
        files: list[Path] = []
        for number, row in enumerate(reader, 2):
            for column in ("src", "tgt"):
                value = (row.get(column) or "").strip()
                if not value:
                    raise InputError(f"{pairs_csv}:{number}: the {column} column is empty")
                file = pairs_csv.parent / value
                if not file.is_file():
                    raise InputError(
                        f"{pairs_csv}:{number}: {value} does not exist (paths are relative to the batch file)"
                    )
                files.append(file)
    if not files:
        raise InputError(f"{pairs_csv}: the batch file lists no pairs")
    return list(dict.fromkeys(files))


# --------------------------------------------------------------------------- writing


def _created(options: RunOptions, files: Sequence[Path]) -> str:
    """The run's creation date: as given, else SOURCE_DATE_EPOCH, else the newest input file's mtime.

    Taking it from the inputs rather than the clock keeps outputs byte-identical across reruns.
    """
    if options.created:
        return options.created
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = float(epoch) if epoch else max((f.stat().st_mtime for f in files), default=0.0)
    return datetime.fromtimestamp(int(stamp), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parameters(options: RunOptions) -> dict[str, object]:
    return json.loads(json.dumps(asdict(options), default=str))  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- the job


def run(
    sources: Sequence[str | Path],
    out_dir: str | Path,
    options: RunOptions | None = None,
    *,
    force: bool = False,
    cache_dir: str | Path | None = None,
    progress: Progress = _quiet,
    engine: Engine | None = None,
    resume: bool = False,
    keep_review: bool = False,
) -> RunResult:
    """Align every document of ``sources`` with its translation and write a run folder.

    ``engine`` aligns the pairs (:mod:`aligner.engines`: this process by default, or a Ray
    cluster); the outputs do not depend on it. Each pair's beads are kept as a shard beside the
    run folder (:mod:`aligner.shards`); ``resume`` reuses the shards made from the same documents
    and settings, aligning only the other pairs, and may replace an earlier run in ``out_dir``.
    ``keep_review`` carries the reviewers' decisions of the earlier run in ``out_dir``
    (``review.jsonl``) over to the new beads whose texts and places are unchanged; the others
    are listed in the warnings, and the exports and the report apply the ones carried over.

    ``sources`` are files, folders or globs in either language (volumes are split into papers);
    each document's language is detected from its script. Example::

        from aligner.pipeline import run
        result = run(["corpora/cmia-19/en.txt", "corpora/cmia-19/zh.txt"], "out/cmia-19")
        print(len(result.pairs), "pairs")
    """
    options = options or RunOptions()
    out_path = Path(out_dir)
    tidy_output_siblings(out_path)
    check_output_folder(out_path, force or resume)
    timings: dict[str, float] = {}
    started = time.perf_counter()

    progress("reading sources")
    clean_options = CleanOptions(split=SplitRule.parse(options.split))
    readings = read_inputs(list(sources), normalise=options.normalise, options=clean_options)
    documents = [doc for reading in readings for doc in reading.documents]
    if not documents:
        raise InputError("no documents found in the given sources")
    settle_undetermined(documents, options.src_lang, options.tgt_lang)
    src_lang, tgt_lang = choose_languages(documents, options.src_lang, options.tgt_lang)
    # Sorted, like everything in the run folder, so that the order of the inputs changes nothing.
    warnings = sorted([*input_warnings(readings), *document_warnings(documents, src_lang, tgt_lang)])
    src_docs = [d for d in documents if d.lang == src_lang]
    tgt_docs = [d for d in documents if d.lang == tgt_lang]
    if not src_docs or not tgt_docs:
        missing = src_lang if not src_docs else tgt_lang
        unknown = sorted({doc.file for doc in documents if doc.lang == "und"})
        why = (
            f" ({', '.join(unknown[:3])}{' ...' if len(unknown) > 3 else ''}: no words to tell the "
            "language from, only numbers?)"
            if unknown
            else ""
        )
        raise InputError(f"no {missing} document among the inputs{why}; give sources in both languages")
    timings["read"] = time.perf_counter() - started
    progress(f"{len(src_docs)} {src_lang} and {len(tgt_docs)} {tgt_lang} documents")

    cache_path = Path(cache_dir) if cache_dir else default_cache_dir()
    encoder = CachedEncoder(load_encoder(options.encoder), cache_path)
    cedict.use_cache_dir(cache_path)  # the checks' parsed CC-CEDICT is kept there too

    mark = time.perf_counter()
    progress("pairing documents")
    pairs = pair(src_docs, tgt_docs, encoder, options)
    timings["pair"] = time.perf_counter() - mark
    hint = unpaired_hint(pairs, options)
    if hint:
        warnings.append(hint)

    mark = time.perf_counter()
    settings = AlignSettings(
        options.encoder, cache_path, src_lang, tgt_lang, options.paragraph_align, options.sentence_align
    )
    shards = ShardStore(shard_folder(out_path), settings_facts(settings, encoder.version))
    done: list[list[AlignedBead] | None] = [shards.load(p) if resume else None for p in pairs]
    todo = [i for i, pair_beads in enumerate(done) if pair_beads is None]
    if resume:
        progress(f"resuming: {len(pairs) - len(todo)} pairs from earlier shards, {len(todo)} to align")
    aligned = (engine or LocalEngine()).align(
        [pairs[i] for i in todo], settings, encoder, progress, on_result=shards.save
    )
    for index, pair_beads in zip(todo, aligned, strict=True):
        done[index] = pair_beads
    beads = [bead for pair_beads in done if pair_beads is not None for bead in pair_beads]
    encoder.flush()  # what this run encoded, in the cache before the outputs are written
    timings["align"] = time.perf_counter() - mark
    carried, review = carried_review(out_path, beads, warnings) if keep_review else ([], None)
    if carried:
        progress(f"review: {len(carried)} decisions carried over")
    if shards.error:
        warnings.append(
            f"the pairs' shards could not be written, so --resume will align them again: {shards.error}"
        )
    if encoder.store_error:
        warnings.append(
            f"the embedding cache could not be written, so the next run encodes again: {encoder.store_error}"
        )

    # Sorted by place, not by input order, so the order of the sources changes nothing.
    removed = sorted(
        (r for doc in documents for r in doc.removed),
        key=lambda r: (r.file, r.line_start, r.line_end, r.reason),
    )
    files = _input_files(documents)
    signature = run_signature(
        options,
        encoder=encoder.id,
        encoder_version=encoder.version,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        tool_version=__version__,
    )
    manifest: dict[str, object] = {
        "tool": "aligner",
        "tool_version": __version__,
        SIGNATURE_KEY: signature.format(),
        "created": _created(options, files),
        "inputs": [_file_facts(f) for f in files],
        "src_lang": src_lang,
        "tgt_lang": tgt_lang,
        "encoder": {"id": encoder.id, "version": encoder.version},
        "parameters": _parameters(options),
        "normalisation": normalisation_entry(
            options.normalise, {str(Path(r.file)): r.source.normalised for r in readings}
        ),
        "counts": {
            "documents": {src_lang: len(src_docs), tgt_lang: len(tgt_docs)},
            "pairs": Counter(p.status for p in pairs),
            "beads": Counter(f"{b.level}:{b.kind}" for b in beads),
            "removed": Counter(r.reason for r in removed),
        },
        "warnings": warnings,
    }

    result = RunResult(out_path, pairs, beads, removed, manifest, warnings=warnings)
    with staged_output(out_path, force or resume) as staging:
        mark = time.perf_counter()
        write_documents(staging, result.documents)
        write_alignments(staging, beads)
        write_removed(staging, removed)
        if carried:
            atomic_write_text(staging / REVIEW_JSONL, "".join(decision_line(d) for d in carried))
        write_extras(staging, result, options, progress, review if carried else None)
        timings["write"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - started
        manifest["timings_s"] = {k: round(v, 2) for k, v in timings.items()}
        manifest["cache"] = {"hits": encoder.hits, "misses": encoder.misses}
        write_manifest(staging, manifest)
    shards.keep_only(pairs)
    return result


def carried_review(
    out_dir: Path, beads: Sequence[AlignedBead], warnings: list[str]
) -> tuple[list[Decision], ReviewState | None]:
    """The decisions of the earlier run in ``out_dir`` that still apply to ``beads`` (their beads'
    texts and places unchanged), in order, and ``beads`` with them applied; one warning lists the
    decisions that do not apply."""
    decisions = read_decisions(out_dir) if (out_dir / REVIEW_JSONL).is_file() else []
    if not decisions:
        return [], None
    state = apply_decisions(beads, decisions)
    stale = {item.decision.id: item.reason for item in state.stale}
    if stale:
        listed = "; ".join(f"{decision_id}: {reason}" for decision_id, reason in list(stale.items())[:5])
        more = f" (and {len(stale) - 5} more)" if len(stale) > 5 else ""
        warnings.append(
            f"{len(stale)} of {len(decisions)} review decisions were not carried over, their beads "
            f"changed: {listed}{more}"
        )
    return [d for d in decisions if d.id not in stale], state


def write_extras(
    staging: Path,
    result: RunResult,
    options: RunOptions,
    progress: Progress,
    review: ReviewState | None = None,
) -> None:
    """Exports and the audit report, from the same data the run folder records (with ``review``,
    the reviewers' decisions ``--keep-review`` carried over, applied)."""
    documents = result.documents
    if options.exports:
        from aligner.exporters import ExportOptions, default_lang_code, write_default_exports

        progress("writing translation memories")
        write_default_exports(
            staging,
            result.beads,
            documents,
            ExportOptions(
                created=str(result.manifest["created"]),
                src_lang_code=default_lang_code(str(result.manifest["src_lang"])),
                tgt_lang_code=default_lang_code(str(result.manifest["tgt_lang"])),
                signature=result.signature,
            ),
            reviewed=review.items if review is not None else None,
        )
    if options.report:
        from aligner.checks import run_checks
        from aligner.report import build_report, write_report

        progress("checking and writing the report")
        beads = result.beads if review is None else report_beads(review.items)
        findings = run_checks(
            beads,
            documents,
            str(result.manifest["src_lang"]),
            str(result.manifest["tgt_lang"]),
            removed=result.removed,
        )
        if review is not None:
            findings = mark_findings(findings, review.findings)
        write_report(staging, build_report(beads, documents, findings, result.manifest))
        result.findings_by_severity = dict(Counter(f.severity for f in findings))
