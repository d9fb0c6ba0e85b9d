"""Plain data classes handed from one pipeline stage to the next.

Every piece of text the tool handles is a :class:`Segment` that remembers the file it came from,
its 1-based first and last line, and its character span in the decoded file text. Exports and
report findings are built from segments only, so everything traces back to a line of an input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Literal, get_args

SegmentKind = Literal["body", "heading", "list", "caption", "note"]
Level = Literal["paragraph", "sentence"]
PairStatus = Literal["paired", "src-only", "tgt-only"]
PAIR_STATUSES: frozenset[str] = frozenset(get_args(PairStatus))
Severity = Literal["info", "minor", "major", "critical"]

SEVERITIES: tuple[Severity, ...] = ("info", "minor", "major", "critical")


@dataclass(frozen=True)
class Segment:
    """A paragraph or a sentence, with where it stands in its source file.

    ``text`` is the cleaned text (page-break joins and de-hyphenation applied), so it need not
    be a literal substring of the file; ``char_start``/``char_end`` delimit the stretch of the
    decoded file text it was built from, and ``line_start``/``line_end`` are the 1-based lines
    of that stretch.
    """

    text: str
    file: str
    line_start: int
    line_end: int
    char_start: int
    char_end: int
    kind: SegmentKind = "body"
    # Index of the paragraph this segment belongs to within its document (a paragraph's own index).
    paragraph: int = 0
    # Breakpoints (offset in ``text``, char offset in the file, 1-based line) at the start of each
    # verbatim piece of ``text`` (one per joined source line). They let a sub-segment, such as a
    # sentence cut from a paragraph, recover its exact file span and lines. Empty means ``text``
    # is a verbatim copy of the file from ``char_start`` on.
    source_map: tuple[tuple[int, int, int], ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "file": self.file,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Segment:
        """Rebuild a segment from its ``alignments.jsonl`` form (see :meth:`to_dict`)."""
        return cls(
            text=str(data["text"]),
            file=str(data["file"]),
            line_start=int(data["line_start"]),  # type: ignore[call-overload]
            line_end=int(data["line_end"]),  # type: ignore[call-overload]
            char_start=int(data.get("char_start", 0)),  # type: ignore[call-overload]
            char_end=int(data.get("char_end", 0)),  # type: ignore[call-overload]
            kind=data.get("kind", "body"),  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class Removed:
    """Text the cleaner took out of the body flow, kept so nothing disappears silently."""

    file: str
    line_start: int
    line_end: int
    text: str
    reason: str  # "footnote", "url", "page-number", "running-header", "toc", ...

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "reason": self.reason,
            "text": self.text,
        }


@dataclass
class Document:
    """One paper or file: its title and its paragraphs (headings included, in text order)."""

    doc_id: str
    title: str
    lang: str
    file: str
    line_start: int
    line_end: int
    paragraphs: list[Segment] = field(default_factory=list)
    author: str | None = None
    removed: list[Removed] = field(default_factory=list)


@dataclass(frozen=True)
class Bead:
    """One alignment unit: source and target segment indices (either may be empty) and a score.

    ``score`` lies in [0, 1]: the cosine similarity of the two sides' embeddings (concatenated
    where a side has several segments), mapped to [0, 1] and discounted for length mismatch;
    omissions (one side empty) score 0.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def is_omission(self) -> bool:
        return not self.src or not self.tgt


@dataclass(frozen=True)
class PairConfidence:
    """How clearly a candidate pair of documents belongs together (see ``aligner.pairing``)."""

    # Score above the best rival candidate of either document (None: neither has a rival).
    margin: float | None
    # Share of each side's paragraphs with a close match on the other side.
    coverage_src: float
    coverage_tgt: float
    # Shared numbers and Latin-script names (``anchor_similarity``).
    anchors: float


@dataclass
class DocumentPair:
    """A source document and its counterpart; one side is ``None`` for an unpaired document."""

    pair_id: str
    src: Document | None
    tgt: Document | None
    score: float
    status: PairStatus
    # Of a paired document pair chosen by content (None for a pair given in a pairing file).
    confidence: PairConfidence | None = None
    # Why an unpaired document got no counterpart, with the figures of its best candidate.
    reason: str = ""


def _optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


def _optional_int(text: str) -> int | None:
    return int(text) if text.strip() else None


def _fixed(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


@dataclass(frozen=True)
class DocumentRow:
    """One row of ``documents.csv``: a document pair, or a document with no counterpart.

    The fields are the file's columns, in its order (``DOCUMENT_COLUMNS``). The pipeline hands
    these rows to the checks, the exports and the report in memory; ``from_row`` rebuilds them
    from the file, and accepts the rows of run folders written before a column existed.
    """

    pair_id: str
    src_file: str = ""
    src_title: str = ""
    src_first_line: int | None = None
    tgt_file: str = ""
    tgt_title: str = ""
    tgt_first_line: int | None = None
    # None where the cell is empty (rows a user or an older tool wrote); the pipeline writes 0.0
    # for a document with no counterpart.
    score: float | None = None
    status: PairStatus = "paired"
    # The pairing's confidence (PairConfidence): None where there is none (unpaired, or paired by
    # a pairing file).
    margin: float | None = None
    coverage_src: float | None = None
    coverage_tgt: float | None = None
    anchors: float | None = None
    reason: str = ""

    @classmethod
    def from_pair(cls, pair: DocumentPair) -> DocumentRow:
        c = pair.confidence
        return cls(
            pair_id=pair.pair_id,
            src_file=pair.src.file if pair.src else "",
            src_title=pair.src.title if pair.src else "",
            src_first_line=pair.src.line_start if pair.src else None,
            tgt_file=pair.tgt.file if pair.tgt else "",
            tgt_title=pair.tgt.title if pair.tgt else "",
            tgt_first_line=pair.tgt.line_start if pair.tgt else None,
            score=pair.score,
            status=pair.status,
            margin=None if c is None else c.margin,
            coverage_src=None if c is None else c.coverage_src,
            coverage_tgt=None if c is None else c.coverage_tgt,
            anchors=None if c is None else c.anchors,
            reason=pair.reason,
        )

    @classmethod
    def from_row(cls, row: Mapping[str, str]) -> DocumentRow:
        """From a CSV row keyed by column name; a missing or empty column takes its default.

        Raises ``ValueError`` for a number that does not parse or an unknown status.
        """
        status = row.get("status") or "paired"
        if status not in PAIR_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        return cls(
            pair_id=row["pair_id"],
            src_file=row.get("src_file") or "",
            src_title=row.get("src_title") or "",
            src_first_line=_optional_int(row.get("src_first_line") or ""),
            tgt_file=row.get("tgt_file") or "",
            tgt_title=row.get("tgt_title") or "",
            tgt_first_line=_optional_int(row.get("tgt_first_line") or ""),
            score=_optional_float(row.get("score") or ""),
            status=status,  # type: ignore[arg-type]  # checked against PAIR_STATUSES above
            margin=_optional_float(row.get("margin") or ""),
            coverage_src=_optional_float(row.get("coverage_src") or ""),
            coverage_tgt=_optional_float(row.get("coverage_tgt") or ""),
            anchors=_optional_float(row.get("anchors") or ""),
            reason=row.get("reason") or "",
        )

    @classmethod
    def coerce(cls, row: DocumentRow | Mapping[str, str]) -> DocumentRow:
        """``row`` itself, or the row a mapping of column names to CSV text describes (for
        callers of the Python API that build rows as dictionaries)."""
        return row if isinstance(row, DocumentRow) else cls.from_row(row)

    def to_row(self) -> list[str]:
        """The CSV cells, in ``DOCUMENT_COLUMNS`` order: scores with four decimals, empty cells
        for what is unknown."""
        return [
            self.pair_id,
            self.src_file,
            self.src_title,
            "" if self.src_first_line is None else str(self.src_first_line),
            self.tgt_file,
            self.tgt_title,
            "" if self.tgt_first_line is None else str(self.tgt_first_line),
            _fixed(self.score),
            self.status,
            _fixed(self.margin),
            _fixed(self.coverage_src),
            _fixed(self.coverage_tgt),
            _fixed(self.anchors),
            self.reason,
        ]

    def side(self, side: Literal["src", "tgt"]) -> tuple[str, str, int | None]:
        """The file, title and first line of one side."""
        if side == "src":
            return self.src_file, self.src_title, self.src_first_line
        return self.tgt_file, self.tgt_title, self.tgt_first_line


DOCUMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(DocumentRow))
# What the Python API takes for document rows: the data class, or a mapping of column names to CSV
# text (as ``csv.DictReader`` gives).
DocumentRowLike = DocumentRow | Mapping[str, str]


@dataclass(frozen=True)
class NearbyMatch:
    """The closest part of a nearby segment of the other side, for a bead with one side only.

    A translator who merges a short sentence into its neighbour leaves it without a bead of its
    own: its content is a clause of the neighbouring sentence of the other side (see
    ``aligner.nearby``).
    """

    # Cosine of the bead's text with the clause.
    cosine: float
    # That cosine less the clause's cosine with the other side of its own bead: above 0, the clause
    # reads more like this bead's text than like the text it is aligned with.
    margin: float
    clause: str
    file: str
    line: int

    def to_dict(self) -> dict[str, object]:
        return {
            "cosine": round(self.cosine, 4),
            "margin": round(self.margin, 4),
            "clause": self.clause,
            "file": self.file,
            "line": self.line,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> NearbyMatch:
        return cls(
            cosine=float(data["cosine"]),  # type: ignore[arg-type]
            margin=float(data["margin"]),  # type: ignore[arg-type]
            clause=str(data["clause"]),
            file=str(data["file"]),
            line=int(data["line"]),  # type: ignore[call-overload]
        )


@dataclass
class AlignedBead:
    """A bead resolved to its segments, as written to ``alignments.jsonl``."""

    pair_id: str
    level: Level
    kind: str
    score: float
    src: list[Segment]
    tgt: list[Segment]
    # Index (0-based, within the pair) of the paragraph bead this bead is or belongs to: a paragraph
    # bead and the sentence beads aligned inside it share one block number.
    block: int = 0
    # Of a sentence bead with one side only: the closest clause of a nearby sentence of the other
    # side (None when not measured).
    nearby: NearbyMatch | None = None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "pair_id": self.pair_id,
            "level": self.level,
            "block": self.block,
            "kind": self.kind,
            "score": round(self.score, 4),
            "src": [s.to_dict() for s in self.src],
            "tgt": [s.to_dict() for s in self.tgt],
        }
        if self.nearby is not None:
            data["nearby"] = self.nearby.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> AlignedBead:
        return cls(
            pair_id=str(data["pair_id"]),
            level=data["level"],  # type: ignore[arg-type]
            kind=str(data["kind"]),
            score=float(data["score"]),  # type: ignore[arg-type]
            src=[Segment.from_dict(s) for s in data["src"]],  # type: ignore[attr-defined]
            tgt=[Segment.from_dict(s) for s in data["tgt"]],  # type: ignore[attr-defined]
            block=int(data.get("block", 0)),  # type: ignore[call-overload]
            nearby=NearbyMatch.from_dict(data["nearby"]) if data.get("nearby") else None,  # type: ignore[arg-type]
        )


@dataclass
class Finding:
    """One report finding: what a check found, how serious it is, and the evidence."""

    check: str
    severity: Severity
    pair_id: str
    message: str
    src: list[Segment] = field(default_factory=list)
    tgt: list[Segment] = field(default_factory=list)
    detail: dict[str, object] = field(default_factory=dict)
