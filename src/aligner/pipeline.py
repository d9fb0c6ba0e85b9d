"""The main job as one function: read, pair, align paragraphs then sentences, write the run folder.

``run()`` is what ``aligner run`` and notebooks call. The run folder is built in a temporary
sibling folder and renamed into place at the end, so an interrupted or failed run leaves either
nothing or the previous complete run, never a mix of two.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from aligner import __version__
from aligner.align import AlignConfig, align_texts
from aligner.encoders import DEFAULT_ENCODER, CachedEncoder, default_cache_dir, get_encoder
from aligner.errors import InputError, OutputError, UsageError
from aligner.fileio import atomic_write_text
from aligner.ingest import load_documents
from aligner.model import AlignedBead, Bead, Document, DocumentPair, Removed, Segment
from aligner.pairing import PairingOptions, anchors, assign, build_pairs, similarity_matrix
from aligner.runfolder import (
    ALIGNMENTS_JSONL,
    DOCUMENT_COLUMNS,
    DOCUMENTS_CSV,
    MANIFEST_JSON,
    REMOVED_JSONL,
)
from aligner.segment import split_sentences

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
    pairing: PairingOptions = field(default_factory=PairingOptions)
    # Paragraph beads stay smaller than sentence beads: a condensed translation merges a few
    # paragraphs into one, and windows of many long paragraphs blur the embeddings.
    paragraph_align: AlignConfig = field(
        default_factory=lambda: AlignConfig(max_src=4, max_tgt=4, max_total=5)
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


def _quiet(_message: str) -> None:
    return None


def stderr_progress(message: str) -> None:
    print(f"[aligner] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- output folder


def check_output_folder(out_dir: Path, force: bool) -> None:
    """Refuse to touch a folder that holds anything but an earlier run (or anything, without force)."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise OutputError(f"{out_dir} exists and is not a folder; choose another -o")
    entries = [p for p in out_dir.iterdir() if not p.name.startswith(".")]
    if not entries:
        return
    if not (out_dir / MANIFEST_JSON).is_file():
        raise OutputError(f"{out_dir} is not empty and holds no earlier run; choose an empty or new folder")
    if not force:
        raise OutputError(f"{out_dir} already holds a run; pass --force to replace it")


@contextmanager
def staged_output(out_dir: Path, force: bool) -> Iterator[Path]:
    """A temporary sibling folder that replaces ``out_dir`` only when the block succeeds."""
    check_output_folder(out_dir, force)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.tmp-"))
    except OSError as exc:
        raise OutputError(f"cannot write to {out_dir.parent}: {exc.strerror or exc}") from exc
    try:
        yield staging
        previous = None
        if out_dir.exists():
            previous = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.old-"))
            os.replace(out_dir, previous / "run")
        os.replace(staging, out_dir)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# --------------------------------------------------------------------------- reading


def _file_facts(path: Path) -> dict[str, object]:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return {"path": str(path), "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _input_files(documents: Sequence[Document]) -> list[Path]:
    return sorted({Path(doc.file) for doc in documents}, key=str)


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
    if len(languages) < 2:
        only = languages[0] if languages else "an unknown language"
        raise InputError(
            f"all inputs are in {only}; give documents in two languages (e.g. English and Chinese), "
            "or set --src-lang/--tgt-lang"
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


def _body_texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs if p.kind != "heading" and len(p.text) >= 8] or [
        p.text for p in doc.paragraphs
    ]


def read_pairs_file(
    path: Path, src_docs: Sequence[Document], tgt_docs: Sequence[Document]
) -> list[tuple[int, int, float, float]]:
    """A user-given pairing: CSV with columns ``src`` and ``tgt``, each a doc id or an exact title."""
    if not path.is_file():
        raise InputError(f"pairing file {path} does not exist")

    def lookup(documents: Sequence[Document], key: str, side: str) -> int:
        for index, doc in enumerate(documents):
            if key in (doc.doc_id, doc.title):
                return index
        raise InputError(
            f"pairing file {path}: no {side} document with id or title {key!r} (see 'aligner inspect')"
        )

    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        if not reader.fieldnames or not {"src", "tgt"} <= set(reader.fieldnames):
            raise InputError(f"pairing file {path} needs a header with columns src,tgt")
        kept = [
            (
                lookup(src_docs, row["src"], "source"),
                lookup(tgt_docs, row["tgt"], "target"),
                1.0,
                float("inf"),
            )
            for row in reader
        ]
    if len({i for i, *_ in kept}) != len(kept) or len({j for _, j, *_ in kept}) != len(kept):
        raise InputError(f"pairing file {path} names a document in more than one pair")
    return kept


def pair(
    src_docs: Sequence[Document],
    tgt_docs: Sequence[Document],
    encoder: CachedEncoder,
    options: RunOptions,
) -> list[DocumentPair]:
    if options.pairs_file:
        return build_pairs(src_docs, tgt_docs, read_pairs_file(Path(options.pairs_file), src_docs, tgt_docs))
    src_vectors = [encoder.encode(_body_texts(doc)).astype(np.float64) for doc in src_docs]
    tgt_vectors = [encoder.encode(_body_texts(doc)).astype(np.float64) for doc in tgt_docs]
    src_titles = encoder.encode([doc.title for doc in src_docs]).astype(np.float64)
    tgt_titles = encoder.encode([doc.title for doc in tgt_docs]).astype(np.float64)
    src_anchor_sets = [anchors("\n".join(p.text for p in doc.paragraphs)) for doc in src_docs]
    tgt_anchor_sets = [anchors("\n".join(p.text for p in doc.paragraphs)) for doc in tgt_docs]
    scores, content = similarity_matrix(
        src_vectors, tgt_vectors, src_anchor_sets, tgt_anchor_sets, src_titles, tgt_titles, options.pairing
    )
    return build_pairs(src_docs, tgt_docs, assign(scores, content, options.pairing))


# --------------------------------------------------------------------------- alignment


def _omission_beads(
    pair_id: str, block: int, level: str, segments: Sequence[Segment], side: str
) -> list[AlignedBead]:
    beads = []
    for segment in segments:
        src, tgt = ([segment], []) if side == "src" else ([], [segment])
        beads.append(
            AlignedBead(pair_id, level, f"{len(src)}-{len(tgt)}", 0.0, src, tgt, block)  # type: ignore[arg-type]
        )
    return beads


def _resolve(
    pair_id: str, level: str, block: int, bead: Bead, src: Sequence[Segment], tgt: Sequence[Segment]
) -> AlignedBead:
    return AlignedBead(
        pair_id=pair_id,
        level=level,  # type: ignore[arg-type]
        kind=bead.kind,
        score=float(bead.score),
        src=[src[i] for i in bead.src],
        tgt=[tgt[j] for j in bead.tgt],
        block=block,
    )


def unpaired_beads(document_pair: DocumentPair, src_lang: str, tgt_lang: str) -> list[AlignedBead]:
    """An unpaired document as omission beads, so every line of every input stays traceable."""
    side, doc, lang = (
        ("src", document_pair.src, src_lang) if document_pair.src else ("tgt", document_pair.tgt, tgt_lang)
    )
    assert doc is not None
    out: list[AlignedBead] = []
    for block, paragraph in enumerate(doc.paragraphs):
        out.extend(_omission_beads(document_pair.pair_id, block, "paragraph", [paragraph], side))
        out.extend(
            _omission_beads(document_pair.pair_id, block, "sentence", split_sentences(paragraph, lang), side)
        )
    return out


def align_pair(
    document_pair: DocumentPair,
    encoder: CachedEncoder,
    src_lang: str,
    tgt_lang: str,
    options: RunOptions,
) -> list[AlignedBead]:
    """Paragraph beads of a pair, each followed by the sentence beads aligned inside it."""
    pair_id = document_pair.pair_id
    if document_pair.src is None or document_pair.tgt is None:
        return unpaired_beads(document_pair, src_lang, tgt_lang)
    src_paragraphs = document_pair.src.paragraphs
    tgt_paragraphs = document_pair.tgt.paragraphs
    paragraph_beads = align_texts(
        [p.text for p in src_paragraphs],
        [p.text for p in tgt_paragraphs],
        encoder,
        options.paragraph_align,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
    )
    out: list[AlignedBead] = []
    for block, paragraph_bead in enumerate(paragraph_beads):
        out.append(_resolve(pair_id, "paragraph", block, paragraph_bead, src_paragraphs, tgt_paragraphs))
        src_sentences = [s for i in paragraph_bead.src for s in split_sentences(src_paragraphs[i], src_lang)]
        tgt_sentences = [s for j in paragraph_bead.tgt for s in split_sentences(tgt_paragraphs[j], tgt_lang)]
        if not src_sentences or not tgt_sentences:
            out.extend(_omission_beads(pair_id, block, "sentence", src_sentences, "src"))
            out.extend(_omission_beads(pair_id, block, "sentence", tgt_sentences, "tgt"))
            continue
        sentence_beads = align_texts(
            [s.text for s in src_sentences],
            [s.text for s in tgt_sentences],
            encoder,
            options.sentence_align,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
        )
        out.extend(
            _resolve(pair_id, "sentence", block, b, src_sentences, tgt_sentences) for b in sentence_beads
        )
    return out


# --------------------------------------------------------------------------- writing


def _documents_csv(pairs: Sequence[DocumentPair]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DOCUMENT_COLUMNS)
    for p in pairs:
        writer.writerow(
            [
                p.pair_id,
                p.src.file if p.src else "",
                p.src.title if p.src else "",
                p.src.line_start if p.src else "",
                p.tgt.file if p.tgt else "",
                p.tgt.title if p.tgt else "",
                p.tgt.line_start if p.tgt else "",
                f"{p.score:.4f}",
                p.status,
            ]
        )
    return buffer.getvalue()


def _jsonl(rows: Sequence[dict[str, object]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n" for row in rows)


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
) -> RunResult:
    """Align every document of ``sources`` with its translation and write a run folder.

    ``sources`` are files, folders or globs in either language (volumes are split into papers);
    each document's language is detected from its script. Example::

        from aligner.pipeline import run
        result = run(["corpora/cmia-19/en.txt", "corpora/cmia-19/zh.txt"], "out/cmia-19")
        print(len(result.pairs), "pairs")
    """
    options = options or RunOptions()
    out_path = Path(out_dir)
    check_output_folder(out_path, force)
    timings: dict[str, float] = {}
    started = time.perf_counter()

    progress("reading sources")
    documents = load_documents(list(sources))
    if not documents:
        raise InputError("no documents found in the given sources")
    src_lang, tgt_lang = choose_languages(documents, options.src_lang, options.tgt_lang)
    src_docs = [d for d in documents if d.lang == src_lang]
    tgt_docs = [d for d in documents if d.lang == tgt_lang]
    if not src_docs or not tgt_docs:
        missing = src_lang if not src_docs else tgt_lang
        raise InputError(f"no {missing} document among the inputs; give sources in both languages")
    timings["read"] = time.perf_counter() - started
    progress(f"{len(src_docs)} {src_lang} and {len(tgt_docs)} {tgt_lang} documents")

    encoder = CachedEncoder(
        get_encoder(options.encoder), Path(cache_dir) if cache_dir else default_cache_dir()
    )

    mark = time.perf_counter()
    progress("pairing documents")
    pairs = pair(src_docs, tgt_docs, encoder, options)
    timings["pair"] = time.perf_counter() - mark

    mark = time.perf_counter()
    beads: list[AlignedBead] = []
    paired_count = sum(p.status == "paired" for p in pairs)
    number = 0
    for document_pair in pairs:
        if document_pair.status == "paired":
            number += 1
            progress(f"aligning {number}/{paired_count}: {document_pair.pair_id}")
        beads.extend(align_pair(document_pair, encoder, src_lang, tgt_lang, options))
    timings["align"] = time.perf_counter() - mark

    # Sorted by place, not by input order, so the order of the sources changes nothing.
    removed = sorted(
        (r for doc in documents for r in doc.removed),
        key=lambda r: (r.file, r.line_start, r.line_end, r.reason),
    )
    files = _input_files(documents)
    manifest: dict[str, object] = {
        "tool": "aligner",
        "tool_version": __version__,
        "created": _created(options, files),
        "inputs": [_file_facts(f) for f in files],
        "src_lang": src_lang,
        "tgt_lang": tgt_lang,
        "encoder": {"id": encoder.id, "version": encoder.version},
        "parameters": _parameters(options),
        "counts": {
            "documents": {src_lang: len(src_docs), tgt_lang: len(tgt_docs)},
            "pairs": Counter(p.status for p in pairs),
            "beads": Counter(f"{b.level}:{b.kind}" for b in beads),
            "removed": Counter(r.reason for r in removed),
        },
    }

    result = RunResult(out_path, pairs, beads, removed, manifest)
    with staged_output(out_path, force) as staging:
        mark = time.perf_counter()
        atomic_write_text(staging / DOCUMENTS_CSV, _documents_csv(pairs))
        atomic_write_text(staging / ALIGNMENTS_JSONL, _jsonl([b.to_dict() for b in beads]))
        atomic_write_text(staging / REMOVED_JSONL, _jsonl([r.to_dict() for r in removed]))
        write_extras(staging, result, options, progress)
        timings["write"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - started
        manifest["timings_s"] = {k: round(v, 2) for k, v in timings.items()}
        manifest["cache"] = {"hits": encoder.hits, "misses": encoder.misses}
        atomic_write_text(staging / MANIFEST_JSON, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return result


def write_extras(staging: Path, result: RunResult, options: RunOptions, progress: Progress) -> None:
    """Exports and the audit report, from the same data the run folder records."""
    documents = [
        dict(zip(DOCUMENT_COLUMNS, row, strict=True))
        for row in csv.reader(io.StringIO((staging / DOCUMENTS_CSV).read_text(encoding="utf-8")))
    ][1:]
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
            ),
        )
    if options.report:
        from aligner.checks import run_checks
        from aligner.report import build_report, write_report

        progress("checking and writing the report")
        findings = run_checks(
            result.beads, documents, str(result.manifest["src_lang"]), str(result.manifest["tgt_lang"])
        )
        write_report(staging, build_report(result.beads, documents, findings, result.manifest))
        result.findings_by_severity = dict(Counter(f.severity for f in findings))
