"""The flat, one-row-per-bead form shared by every export format."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aligner.exporters.filters import Unit
from aligner.model import Segment

# The text of each side and where it stands: the columns every table of segments shares (the
# exports here, the report's findings table), from :func:`side_fields`.
SIDE_COLUMNS = ("src_text", "tgt_text", "src_file", "src_lines", "tgt_file", "tgt_lines")
# Column order of CSV, TSV and XLSX tables and key order of JSONL objects.
COLUMNS = ("unit_id", "pair_id", "level", "block", "kind", "score", *SIDE_COLUMNS, "src_title", "tgt_title")

# Languages written without spaces between words or sentences: their segments join with "".
_UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my"})

Record = dict[str, str | int | float]


def side_text(segments: Sequence[Segment], lang_code: str) -> str:
    """The text of one side of a bead: its segments joined the way the language writes them."""
    joiner = "" if lang_code.split("-", 1)[0].lower() in _UNSPACED else " "
    return joiner.join(segment.text for segment in segments)


def side_file(segments: Sequence[Segment]) -> str:
    # A side normally comes from one file; several are listed in order of first appearance.
    return ";".join(dict.fromkeys(segment.file for segment in segments))


def side_lines(segments: Sequence[Segment]) -> str:
    """1-based line range as ``first-last`` (``12-12`` for one line, so it always splits in two)."""
    if not segments:
        return ""
    first = min(segment.line_start for segment in segments)
    last = max(segment.line_end for segment in segments)
    return f"{first}-{last}"


def side_fields(
    src: Sequence[Segment], tgt: Sequence[Segment], src_lang_code: str, tgt_lang_code: str
) -> dict[str, str]:
    """The ``SIDE_COLUMNS`` of a pair of sides: each side's text, file and line range."""
    return {
        "src_text": side_text(src, src_lang_code),
        "tgt_text": side_text(tgt, tgt_lang_code),
        "src_file": side_file(src),
        "src_lines": side_lines(src),
        "tgt_file": side_file(tgt),
        "tgt_lines": side_lines(tgt),
    }


def record(unit: Unit, src_lang_code: str, tgt_lang_code: str) -> Record:
    bead = unit.bead
    return {
        "unit_id": unit.unit_id,
        "pair_id": bead.pair_id,
        "level": bead.level,
        "block": bead.block,
        "kind": bead.kind,
        "score": round(bead.score, 4),
        **side_fields(bead.src, bead.tgt, src_lang_code, tgt_lang_code),
        "src_title": unit.document.src_title if unit.document else "",
        "tgt_title": unit.document.tgt_title if unit.document else "",
    }


def cleaned(fields: Record, clean: Callable[[str], str]) -> Record:
    """``fields`` with ``clean`` applied to every text value (numbers pass through)."""
    return {key: clean(value) if isinstance(value, str) else value for key, value in fields.items()}
