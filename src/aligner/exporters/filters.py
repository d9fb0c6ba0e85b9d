"""Which beads an export holds: one filter, applied the same way for every format.

The defaults give a clean translation memory: sentence beads only, no omissions (a bead with an
empty side is not a translation), no headings, no numbers-only segments, no segments with fewer
than ``DEFAULT_MIN_CHARS`` letters or digits, nothing scoring below ``DEFAULT_MIN_SCORE``.
Everything dropped is counted by reason, so a user trying thresholds sees what each one costs.

Reviewers' decisions (``review.jsonl``, see :mod:`aligner.review`) come first: a rejected bead is
never exported, a bead a reviewer confirmed or corrected skips the score test (their verdict
outranks the aligner's score), and ``review`` keeps only the reviewed or the unreviewed beads.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from aligner.errors import UsageError
from aligner.model import AlignedBead, DocumentRow, DocumentRowLike, Level, Segment
from aligner.review.apply import initial_beads
from aligner.review.model import BeadReview, ReviewedBead

# Scores are length-discounted similarities in [0, 1]. On the bundled cmia-19 volumes the
# sentence pairs' deciles run from 0.53 to 0.80 and 0.5 drops the bottom 6%, where loose and wrong
# pairs gather; a wrong unit does more harm in a TM than a missing one. Raise it for a stricter TM.
DEFAULT_MIN_SCORE = 0.5
# Counted in letters and digits (a CJK character counts one), so "(a)", "1." and "—" go but
# "OK" and "谢谢" stay.
DEFAULT_MIN_CHARS = 2
LEVELS: tuple[Level, ...] = ("sentence", "paragraph")

_KIND = re.compile(r"[0-9]+-[0-9]+")

# A side longer than this many characters is counted in every export's summary; ``max_chars``
# leaves such units out. On the bundled corpus 163 of the 2,249 default sentence units are longer
# (the English side every time; median 475 characters), 142 of them several English sentences
# against one or two Chinese ones: merges that make long, rarely matching translation-memory
# entries. The median sentence unit has 193 characters.
LONG_UNIT_CHARS = 400

# Reasons a bead in scope is left out, in the order they are tested (a bead counts once).
DROP_REASONS = (
    "rejected",
    "unreviewed",
    "reviewed",
    "omission",
    "kind",
    "score",
    "heading",
    "numeric",
    "short",
    "long",
)
# ExportFilter.review: keep only the beads a reviewer confirmed or corrected, or only the others.
REVIEW_SCOPES = ("reviewed", "unreviewed")


@dataclass(frozen=True)
class ExportFilter:
    """Which beads to export.

    ``kinds`` and ``pair_ids`` of ``None`` mean all. A bead is a heading when each of its non-empty
    sides holds a heading segment; numbers-only when a side has digits but no letters. ``min_chars``
    applies to each non-empty side, counting letters and digits. ``include_omissions`` only affects
    tables and JSONL: a TMX never holds a unit with an empty side. Omissions, when included, skip
    the score and length tests (they score 0 and have an empty side by definition).
    ``max_chars`` of ``None`` keeps sides of any length; else a bead with a side of more
    characters (:func:`side_chars`) goes. ``review`` of ``None`` keeps reviewed and unreviewed
    beads alike; ``"reviewed"`` or ``"unreviewed"`` keeps only those (rejected beads never stay).
    """

    min_score: float = DEFAULT_MIN_SCORE
    kinds: frozenset[str] | None = None
    level: str = "sentence"
    pair_ids: frozenset[str] | None = None
    include_headings: bool = False
    include_numeric: bool = False
    min_chars: int = DEFAULT_MIN_CHARS
    include_omissions: bool = False
    max_chars: int | None = None
    review: str | None = None

    def __post_init__(self) -> None:
        if self.review is not None and self.review not in REVIEW_SCOPES:
            raise UsageError(f"review scope {self.review!r} is not one of {', '.join(REVIEW_SCOPES)}")
        if not 0.0 <= self.min_score <= 1.0:
            raise UsageError(f"minimum score {self.min_score} is outside [0, 1]")
        if self.level not in LEVELS:
            raise UsageError(f"level {self.level!r} is not one of {', '.join(LEVELS)}")
        if self.min_chars < 0:
            raise UsageError(f"minimum length {self.min_chars} is negative")
        if self.max_chars is not None and self.max_chars < 1:
            raise UsageError(f"maximum length {self.max_chars} is not a positive number of characters")
        if self.kinds is not None:
            bad = sorted(kind for kind in self.kinds if not _KIND.fullmatch(kind))
            if bad:
                raise UsageError(f"bead kind {bad[0]!r} is not of the form N-M, such as 1-1 or 2-1")
            if not self.kinds:
                raise UsageError("no bead kind given; name kinds such as 1-1,2-1, or leave the option out")
            # "01-1" is the 1-1 kind: compare kinds as numbers, as beads write them.
            object.__setattr__(self, "kinds", frozenset(_canonical_kind(kind) for kind in self.kinds))


def _canonical_kind(kind: str) -> str:
    src, tgt = kind.split("-")
    return f"{int(src)}-{int(tgt)}"


@dataclass(frozen=True)
class BeadLimits:
    """The largest beads an alignment level may hold: ``max_src`` and ``max_tgt`` segments a side,
    ``max_total`` on both sides together; omissions are ``1-0`` and ``0-1``."""

    max_src: int
    max_tgt: int
    max_total: int

    def allows(self, kind: str) -> bool:
        src, tgt = (int(part) for part in kind.split("-"))
        if src == 0 or tgt == 0:
            return src + tgt == 1
        return src <= self.max_src and tgt <= self.max_tgt and src + tgt <= self.max_total

    def describe(self) -> str:
        return (
            f"at most {self.max_src} source and {self.max_tgt} target segments, {self.max_total} in all, "
            "and omissions are 1-0 or 0-1"
        )


def check_kinds(flt: ExportFilter, limits: BeadLimits, present: Iterable[str]) -> None:
    """A usage error for a kind of ``flt`` that no bead of the run can have: beyond ``limits``
    (the run's, from ``manifest.json``) and not among the kinds ``present`` in the run."""
    found = set(present)
    impossible = sorted(kind for kind in flt.kinds or () if not limits.allows(kind) and kind not in found)
    if impossible:
        raise UsageError(
            f"bead kind {impossible[0]!r} cannot occur: this run's {flt.level} beads have "
            f"{limits.describe()} (kinds in the run: {', '.join(sorted(found, key=_kind_order)) or 'none'})"
        )


def _kind_order(kind: str) -> tuple[int, int, str]:
    if not _KIND.fullmatch(kind):
        return (1 << 31, 1 << 31, kind)
    src, tgt = kind.split("-")
    return int(src), int(tgt), kind


@dataclass(frozen=True)
class Unit:
    """A selected bead with its stable id and its document's row from ``documents.csv``.

    ``unit_id`` numbers the beads of one pair and level in run order, counting the ones the filter
    dropped, so the same bead has the same id in every export of a run whatever the thresholds.
    Review decisions keep the numbers: a merged bead has the number of its first part, the second
    part of a split bead 5 is ``5.2``. ``review`` says what reviewers did (``None``: nothing).
    """

    bead: AlignedBead
    unit_id: str
    # None for a bead of a pair that documents.csv lacks.
    document: DocumentRow | None
    review: BeadReview | None = None


@dataclass
class Selection:
    """The kept units, the beads in scope, drops by reason, and ``long_units``: kept units with a
    side over ``LONG_UNIT_CHARS`` characters."""

    units: list[Unit]
    in_scope: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    long_units: int = 0
    # Kept units a reviewer confirmed or corrected, and review decisions that no longer applied.
    reviewed_units: int = 0
    stale_decisions: int = 0

    def summary(self) -> str:
        """A one-line account such as ``kept 812 of 1040 beads (dropped: 120 score, 40 omission)``,
        followed by ``; 12 kept units have a side over 400 characters`` where there are any."""
        reasons = ", ".join(f"{self.dropped[r]} {r}" for r in DROP_REASONS if self.dropped[r])
        kept = f"kept {len(self.units)} of {self.in_scope} beads"
        line = f"{kept} (dropped: {reasons})" if reasons else kept
        if self.long_units:
            unit = "unit has" if self.long_units == 1 else "units have"
            line += f"; {self.long_units} kept {unit} a side over {LONG_UNIT_CHARS} characters"
        if self.reviewed_units:
            line += f"; {self.reviewed_units} reviewed"
        if self.stale_decisions:
            line += f"; {self.stale_decisions} stale review decisions skipped (see aligner review)"
        return line


def side_chars(side: Sequence[Segment]) -> int:
    """The characters of one side's text, its segments joined by one space (the length of an
    English side as exported; a Chinese side, joined without spaces, counts one more per join)."""
    return sum(len(segment.text) for segment in side) + max(len(side) - 1, 0)


def _has_letters_or_digits(text: str, count: int) -> bool:
    """True if ``text`` holds at least ``count`` letters or digits (stops as soon as it does)."""
    if count <= 0:
        return True
    for ch in text:
        if ch.isalnum():
            count -= 1
            if count == 0:
                return True
    return False


def _is_numeric(text: str) -> bool:
    """True for a side made of numbers and punctuation only, such as "2019", "3.5%" or "(12)"."""
    return any(ch.isnumeric() for ch in text) and not any(ch.isalpha() for ch in text)


def _drop_reason(bead: AlignedBead, flt: ExportFilter, review: BeadReview | None = None) -> str | None:
    if review is not None and review.status == "rejected":
        return "rejected"
    if flt.review == "reviewed" and review is None:
        return "unreviewed"
    if flt.review == "unreviewed" and review is not None:
        return "reviewed"
    sides: list[list[Segment]] = [side for side in (bead.src, bead.tgt) if side]
    omission = len(sides) < 2
    if omission and not flt.include_omissions:
        return "omission"
    if flt.kinds is not None and bead.kind not in flt.kinds:
        return "kind"
    if not omission and review is None and bead.score < flt.min_score:
        return "score"
    # A heading on one side only is, on real volumes, mostly a lead-in sentence ("... three key
    # trends:") or list item the segmenter took for a heading, in ordinary prose; only a bead that
    # is a heading on every side counts as one.
    if not flt.include_headings and all(any(seg.kind == "heading" for seg in side) for side in sides):
        return "heading"
    texts = ["".join(seg.text for seg in side) for side in sides]
    if not flt.include_numeric and any(_is_numeric(text) for text in texts):
        return "numeric"
    if not omission and not all(_has_letters_or_digits(text, flt.min_chars) for text in texts):
        return "short"
    if flt.max_chars is not None and any(side_chars(side) > flt.max_chars for side in sides):
        return "long"
    return None


def parse_kinds(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """Bead kinds from ``"1-1,2-1"`` or ``["1-1", "2-1"]``; ``None`` (all kinds) stays ``None``.

    Blank entries are dropped; :class:`ExportFilter` validates the rest.
    """
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else value
    return frozenset(part.strip() for part in parts if part.strip())


def known_pair_ids(beads: Iterable[AlignedBead], documents: Iterable[DocumentRowLike]) -> set[str]:
    return {DocumentRow.coerce(row).pair_id for row in documents} | {bead.pair_id for bead in beads}


def select_units(
    beads: Sequence[AlignedBead], documents: Sequence[DocumentRowLike], flt: ExportFilter
) -> Selection:
    """Apply ``flt`` to ``beads`` (in run order) and return the kept units with drop counts."""
    return select_reviewed(initial_beads(beads), documents, flt)


def select_reviewed(
    items: Sequence[ReviewedBead], documents: Sequence[DocumentRowLike], flt: ExportFilter
) -> Selection:
    """Like :func:`select_units`, for beads with the reviewers' decisions applied
    (:func:`aligner.review.apply_decisions`): units carry their review and keep their numbers."""
    if flt.pair_ids is not None:
        unknown = sorted(flt.pair_ids - known_pair_ids((item.bead for item in items), documents))
        if unknown:
            raise UsageError(f"no document pair {unknown[0]!r} in this run (see documents.csv)")
    rows = {row.pair_id: row for row in map(DocumentRow.coerce, documents)}
    selection = Selection(units=[])
    for item in items:
        bead = item.bead
        if bead.level != flt.level:
            continue
        if flt.pair_ids is not None and bead.pair_id not in flt.pair_ids:
            continue
        selection.in_scope += 1
        reason = _drop_reason(bead, flt, item.review)
        if reason is not None:
            selection.dropped[reason] += 1
            continue
        unit_id = f"{bead.pair_id}-{bead.level[0]}{item.label}"
        selection.units.append(Unit(bead, unit_id, rows.get(bead.pair_id), item.review))
        selection.reviewed_units += item.review is not None
        if any(side_chars(side) > LONG_UNIT_CHARS for side in (bead.src, bead.tgt)):
            selection.long_units += 1
    return selection


def select_beads(
    beads: Sequence[AlignedBead], documents: Sequence[DocumentRowLike], flt: ExportFilter
) -> list[AlignedBead]:
    """The beads ``flt`` keeps, in run order."""
    return [unit.bead for unit in select_units(beads, documents, flt).units]
