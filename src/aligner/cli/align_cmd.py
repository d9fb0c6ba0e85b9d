"""``aligner align-sentences``: align two texts sentence by sentence and write the beads."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer

from aligner.cli import app
from aligner.encoders import DEFAULT_ENCODER, CachedEncoder, default_cache_dir, get_encoder
from aligner.errors import InputError
from aligner.evaluate import format_bead
from aligner.fileio import atomic_open
from aligner.ingest import MAX_PARAGRAPH_CHARS
from aligner.model import Bead


class OutputFormat(StrEnum):
    vecalign = "vecalign"
    tsv = "tsv"
    jsonl = "jsonl"


def read_input(path: Path) -> str:
    """The text of an input file; a missing, unreadable, non-UTF-8 or blank file is an InputError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, expected a text file") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return text


def sentences_of(text: str, lang: str, presplit: bool) -> list[str]:
    """One sentence a non-empty line (``presplit``), else the sentence splitter's output."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if presplit:
        return lines
    try:
        from aligner.segment import split_text
    except ImportError:  # the splitter is optional for this command: fall back to line = sentence
        print("aligner: note: no sentence splitter available; using one sentence a line", file=sys.stderr)
        return lines
    # Lines are split separately so that a line break (a paragraph or title end) always ends a sentence.
    return [sentence for line in lines for sentence in split_text(line, lang) if sentence.strip()]


def _language(text: str, given: str | None) -> str:
    if given:
        return given
    from aligner.langdetect import detect_language

    return detect_language(text)


def _joined(texts: Sequence[str], indices: Sequence[int]) -> str:
    return " ".join(texts[i] for i in indices)


def write_beads(
    stream: IO[str], beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str], fmt: OutputFormat
) -> None:
    for bead in beads:
        if fmt is OutputFormat.vecalign:
            stream.write(format_bead(bead.src, bead.tgt, bead.score) + "\n")
        elif fmt is OutputFormat.tsv:
            cells = [f"{bead.score:.4f}", bead.kind, _joined(src, bead.src), _joined(tgt, bead.tgt)]
            stream.write("\t".join(cell.replace("\t", " ") for cell in cells) + "\n")
        else:
            record = {
                "src_idx": list(bead.src),
                "tgt_idx": list(bead.tgt),
                "kind": bead.kind,
                "score": round(bead.score, 4),
                "src": _joined(src, bead.src),
                "tgt": _joined(tgt, bead.tgt),
            }
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")


@app.command("align-sentences")
def align_sentences(
    src: Annotated[Path, typer.Argument(help="Source text file (UTF-8).")],
    tgt: Annotated[Path, typer.Argument(help="Target text file (UTF-8).")],
    presplit: Annotated[
        bool, typer.Option("--presplit", help="The files already hold one sentence a line.")
    ] = False,
    encoder: Annotated[str, typer.Option(help="Encoder (see 'aligner encoders').")] = DEFAULT_ENCODER,
    cache_dir: Annotated[
        Path | None,
        typer.Option(help="Embedding cache folder [default: $ALIGNER_CACHE_DIR or ~/.cache/aligner]."),
    ] = None,
    src_lang: Annotated[str | None, typer.Option(help="Source language [default: detected].")] = None,
    tgt_lang: Annotated[str | None, typer.Option(help="Target language [default: detected].")] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            help="vecalign: [src]:[tgt]:score lines (0-based); tsv: score, kind, source, target; "
            "jsonl: one object a bead.",
        ),
    ] = OutputFormat.vecalign,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Output file [default: stdout].")] = None,
) -> None:
    """Align two texts sentence by sentence; one bead a line, 0-based indices, score last.

    Scores lie in [0, 1]: the cosine of the two sides' embeddings, discounted for unusual
    length ratios; omissions (an empty side) score 0.

    Example: aligner align-sentences en.txt zh.txt --presplit -o en-zh.align
    """
    from aligner.align import align_texts

    src_text, tgt_text = read_input(src), read_input(tgt)
    src_language, tgt_language = _language(src_text, src_lang), _language(tgt_text, tgt_lang)
    src_sentences = sentences_of(src_text, src_language, presplit)
    tgt_sentences = sentences_of(tgt_text, tgt_language, presplit)
    for path, sentences in ((src, src_sentences), (tgt, tgt_sentences)):
        longest = max(map(len, sentences), default=0)
        if longest > MAX_PARAGRAPH_CHARS:  # an embedding's memory grows with its text
            raise InputError(
                f"{path}: a sentence of {longest:,} characters is too long to align (at most "
                f"{MAX_PARAGRAPH_CHARS:,}); break the line{', or leave out --presplit' if presplit else ''}"
            )
    cached = CachedEncoder(get_encoder(encoder), cache_dir or default_cache_dir())
    beads = align_texts(src_sentences, tgt_sentences, cached)
    cached.flush()
    if out is None:
        write_beads(sys.stdout, beads, src_sentences, tgt_sentences, output_format)
        return
    with atomic_open(out) as stream:
        write_beads(stream, beads, src_sentences, tgt_sentences, output_format)
    print(f"{len(beads)} beads written to {out}", file=sys.stderr)
