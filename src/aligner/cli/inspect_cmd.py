"""``aligner inspect``: show how input files are read and split, before aligning them."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from typing import Annotated

import typer

from aligner.clean import CleanOptions, SplitRule
from aligner.cli import app
from aligner.cli.options import SplitOption
from aligner.ingest import Reading, read_inputs
from aligner.model import Document
from aligner.segment import split_sentences

_METHODS = {
    "toc": "split by its table of contents",
    "bylines": "split at title + byline blocks",
    "headings": "split at its top-level headings",
    "manifest": "split by the manifest",
    "single": "one document",
    "bilingual": "paragraphs alternating between two languages",
    "columns": "a table with one language per column",
}


def _removed_summary(documents: list[Document]) -> dict[str, dict[str, int]]:
    entries: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    for document in documents:
        for removed in document.removed:
            entries[removed.reason] += 1
            lines[removed.reason] += removed.line_end - removed.line_start + 1
    return {reason: {"entries": entries[reason], "lines": lines[reason]} for reason in sorted(entries)}


def _document_record(document: Document, with_paragraphs: bool) -> dict[str, object]:
    sentences = [split_sentences(p, document.lang) for p in document.paragraphs]
    record: dict[str, object] = {
        "doc_id": document.doc_id,
        "title": document.title,
        "author": document.author,
        "lang": document.lang,
        "line_start": document.line_start,
        "line_end": document.line_end,
        "paragraphs": len(document.paragraphs),
        "sentences": sum(map(len, sentences)),
    }
    if with_paragraphs:
        record["paragraph_list"] = [
            {**p.to_dict(), "sentences": [s.text for s in group]}
            for p, group in zip(document.paragraphs, sentences, strict=True)
        ]
    return record


def _file_record(reading: Reading, with_paragraphs: bool, with_removed: bool) -> dict[str, object]:
    record: dict[str, object] = {
        "file": reading.file,
        "encoding": reading.source.encoding,
        "replacement_chars": reading.source.replacements,
        "normalised": reading.source.normalised,
        "lines": reading.source.line_count,
        "split": reading.split_method,
        "notes": reading.notes,
        "documents": [_document_record(d, with_paragraphs) for d in reading.documents],
        "removed": _removed_summary(reading.documents),
    }
    if with_removed:
        record["removed_list"] = [r.to_dict() for d in reading.documents for r in d.removed]
    return record


def _print_file(record: dict[str, object], with_paragraphs: bool, with_removed: bool) -> None:
    documents: list[dict[str, object]] = record["documents"]  # type: ignore[assignment]
    method = _METHODS.get(str(record["split"]), str(record["split"]))
    count = len(documents)
    typer.echo(
        f"{record['file']}: {record['encoding']}, {record['lines']} lines, {method}: "
        f"{count} document{'s' if count != 1 else ''}"
    )
    if record["replacement_chars"]:
        # A PDF has no bytes to decode, but glyphs its fonts map to no character.
        what = "glyphs with no character" if record["encoding"] == "pdf" else "undecodable bytes"
        typer.echo(f"  warning: {record['replacement_chars']} {what} replaced by U+FFFD")
    normalised: dict[str, int] = record["normalised"]  # type: ignore[assignment]
    if normalised:
        typer.echo(f"  normalised: {', '.join(f'{kind} {n}' for kind, n in normalised.items())}")
    width = max([len("doc_id"), *(len(str(doc["doc_id"])) for doc in documents)])
    typer.echo(f"  {'#':>3}  {'doc_id':<{width}} {'lines':<13} {'paras':>5} {'sents':>5}  lang  title")
    for index, doc in enumerate(documents, 1):
        lines = f"{doc['line_start']}-{doc['line_end']}"
        title = str(doc["title"])
        title = title if len(title) <= 70 else title[:69] + "…"
        counts = f"{doc['paragraphs']:>5} {doc['sentences']:>5}"
        typer.echo(
            f"  {index:>3}  {doc['doc_id']!s:<{width}} {lines:<13} {counts}  {doc['lang']!s:<4}  {title}"
        )
        if doc["author"]:
            typer.echo(f"  {'':>3}  {'':<{width}} {'':<13} {'':>5} {'':>5}  {'':<4}  by {doc['author']}")
        if with_paragraphs:
            for paragraph in doc["paragraph_list"]:  # type: ignore[attr-defined]
                text = paragraph["text"]
                text = text if len(text) <= 100 else text[:99] + "…"
                typer.echo(
                    f"         {paragraph['line_start']:>6}-{paragraph['line_end']:<6} "
                    f"{paragraph['kind']:<7} [{len(paragraph['sentences'])}] {text}"
                )
    removed: dict[str, dict[str, int]] = record["removed"]  # type: ignore[assignment]
    if removed:
        parts = [
            f"{reason} {n['lines']} line{'s' if n['lines'] != 1 else ''}" for reason, n in removed.items()
        ]
        typer.echo(f"  removed: {', '.join(parts)}")
    if with_removed:
        for entry in record["removed_list"]:  # type: ignore[attr-defined]
            text = entry["text"].replace("\n", " / ")
            text = text if len(text) <= 90 else text[:89] + "…"
            typer.echo(f"    {entry['line_start']:>6}-{entry['line_end']:<6} {entry['reason']:<15} {text}")
    for note in record["notes"]:  # type: ignore[attr-defined]
        typer.echo(f"  note: {note}")


@app.command("inspect")
def inspect(
    files: Annotated[
        list[str],
        typer.Argument(help="Files, folders, glob patterns or name,file,first_line .csv manifests."),
    ],
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of all documents (e.g. en, zh) instead of detecting it."),
    ] = None,
    no_clean: Annotated[
        bool,
        typer.Option("--no-clean", help="Keep footnotes, page numbers, hyphens and line breaks as they are."),
    ] = False,
    paragraphs: Annotated[
        bool,
        typer.Option(
            "--paragraphs", help="List each document's paragraphs with lines, kind and sentence count."
        ),
    ] = False,
    removed: Annotated[
        bool, typer.Option("--removed", help="List every removed stretch (footnotes, TOC, page numbers ...).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    normalise: Annotated[
        bool,
        typer.Option(
            "--normalise/--no-normalise",
            help="Unicode normalisation of the text read, as 'aligner run' does (changes are counted).",
        ),
    ] = True,
    split: SplitOption = SplitRule.AUTO,
) -> None:
    """Show the documents found in FILES (titles, lines, paragraphs, sentences, language) and what
    cleaning removed, so the split can be checked before aligning.

    Example: aligner inspect corpora/cmia-19/en.txt corpora/cmia-19/zh.txt
    """
    options = replace(CleanOptions.none() if no_clean else CleanOptions(), split=split)
    readings = read_inputs(files, lang, options=options, normalise=normalise)
    records = [_file_record(r, paragraphs, removed) for r in readings]
    if as_json:
        typer.echo(json.dumps({"files": records}, ensure_ascii=False, indent=2))
        return
    for record in records:
        _print_file(record, paragraphs, removed)
