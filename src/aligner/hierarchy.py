"""The alignment hierarchy of one document pair: paragraphs first, then sentences inside each
paragraph bead.

Paragraph alignment finds the stretches that correspond; each paragraph bead's sentences are then
aligned with each other, so a sentence can never pair with one of a paragraph far away, and an
untranslated paragraph stays one omission. Sentence windows are encoded once per document and
sliced per paragraph bead. Sentence beads with one side only are then measured against nearby
clauses of the other side (:mod:`aligner.nearby`). Unpaired documents become omission beads, so
every line of every input stays traceable.
"""

from __future__ import annotations

from collections.abc import Sequence

from aligner.align import AlignConfig, align_encoded, align_texts, encode_windows, slice_windows
from aligner.encoders import CachedEncoder
from aligner.model import AlignedBead, Bead, DocumentPair, Segment
from aligner.nearby import find_nearby_matches
from aligner.segment import split_sentences


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
    paragraph_config: AlignConfig,
    sentence_config: AlignConfig,
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
        paragraph_config,
    )
    # Sentence windows are encoded once per document and sliced for each paragraph bead: the
    # sentences of a bead are a contiguous stretch of the document's sentences.
    src_split = [split_sentences(p, src_lang) for p in src_paragraphs]
    tgt_split = [split_sentences(p, tgt_lang) for p in tgt_paragraphs]
    config = sentence_config
    src_flat, src_offsets = _flatten(src_split)
    tgt_flat, tgt_offsets = _flatten(tgt_split)
    src_texts = [s.text.strip() for s in src_flat]
    tgt_texts = [s.text.strip() for s in tgt_flat]
    src_windows = encode_windows(src_texts, encoder, config.max_src, config.window_embeddings)
    tgt_windows = encode_windows(tgt_texts, encoder, config.max_tgt, config.window_embeddings)
    document_ratio = (sum(map(len, tgt_texts)) + 10.0) / (sum(map(len, src_texts)) + 10.0)
    out: list[AlignedBead] = []
    for block, paragraph_bead in enumerate(paragraph_beads):
        out.append(_resolve(pair_id, "paragraph", block, paragraph_bead, src_paragraphs, tgt_paragraphs))
        src_start, src_stop = _stretch(paragraph_bead.src, src_offsets)
        tgt_start, tgt_stop = _stretch(paragraph_bead.tgt, tgt_offsets)
        src_sentences = src_flat[src_start:src_stop]
        tgt_sentences = tgt_flat[tgt_start:tgt_stop]
        if not src_sentences or not tgt_sentences:
            out.extend(_omission_beads(pair_id, block, "sentence", src_sentences, "src"))
            out.extend(_omission_beads(pair_id, block, "sentence", tgt_sentences, "tgt"))
            continue
        sentence_beads = align_encoded(
            src_texts[src_start:src_stop],
            tgt_texts[tgt_start:tgt_stop],
            slice_windows(src_windows, src_start, src_stop),
            slice_windows(tgt_windows, tgt_start, tgt_stop),
            config,
            length_ratio=document_ratio,
        )
        out.extend(
            _resolve(pair_id, "sentence", block, b, src_sentences, tgt_sentences) for b in sentence_beads
        )
    return find_nearby_matches(out, encoder, src_lang, tgt_lang)


def _flatten(groups: Sequence[Sequence[Segment]]) -> tuple[list[Segment], list[int]]:
    """All segments in order, and where each group starts (plus the total, last)."""
    offsets = [0]
    for group in groups:
        offsets.append(offsets[-1] + len(group))
    return [segment for group in groups for segment in group], offsets


def _stretch(indices: Sequence[int], offsets: Sequence[int]) -> tuple[int, int]:
    """The flat range of the segments of consecutive groups ``indices`` (empty: an empty range)."""
    if not indices:
        return 0, 0
    return offsets[indices[0]], offsets[indices[-1] + 1]
