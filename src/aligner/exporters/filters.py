"""Which beads an export holds: one filter, applied the same way for every format.

The defaults give a clean translation memory: sentence beads only, no omissions (a bead with an
empty side is not a translation), no headings, no numbers-only segments, no segments with fewer
than ``DEFAULT_MIN_CHARS`` letters or digits, nothing scoring below ``DEFAULT_MIN_SCORE``.
Everything dropped is counted by reason, so a user trying thresholds sees what each one costs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from aligner.errors import UsageError
from aligner.model import AlignedBead, Level, Segment

# Scores are length-discounted similarities in [0, 1]. On the bundled cmia-19 volumes the
# sentence pairs' deciles run from 0.53 to 0.80 and 0.5 drops the bottom 6%, where loose and wrong
# pairs gather; a wrong unit does more harm in a TM than a missing one. Raise it for a stricter TM.
DEFAULT_MIN_SCORE = 0.5
# Counted in letters and digits (a CJK character counts one), so "(a)", "1." and "—" go but
# "OK" and "谢谢" stay.
DEFAULT_MIN_CHARS = 2
LEVELS: tuple[Level, ...] = ("sentence", "paragraph")

_KIND = re.compile(r"[0-9]+-[0-9]+")

# Reasons a bead in scope is left out, in the order they are tested (a bead counts once).
DROP_REASONS = ("omission", "kind", "score", "heading", "numeric", "short")


@dataclass(frozen=True)
class ExportFilter:
    """Which beads to export.

    ``kinds`` and ``pair_ids`` of ``None`` mean all. A bead is a heading when each of its non-empty
    sides holds a heading segment; numbers-only when a side has digits but no letters. ``min_chars``
    applies to each non-empty side, counting letters and digits. ``include_omissions`` only affects
    tables and JSONL: a TMX never holds a unit with an empty side. Omissions, when included, skip
    the score and length tests (they score 0 and have an empty side by definition).
    """

    min_score: float = DEFAULT_MIN_SCORE
    kinds: frozenset[str] | None = None
    level: str = "sentence"
    pair_ids: frozenset[str] | None = None
    include_headings: bool = False
    include_numeric: bool = False
    min_chars: int = DEFAULT_MIN_CHARS
    include_omissions: bool = False

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_score <= 1.0:
            raise UsageError(f"minimum score {self.min_score} is outside [0, 1]")
        if self.level not in LEVELS:
            raise UsageError(f"level {self.level!r} is not one of {', '.join(LEVELS)}")
        if self.min_chars < 0:
            raise UsageError(f"minimum length {self.min_chars} is negative")
        bad = sorted(kind for kind in self.kinds or () if not _KIND.fullmatch(kind))
        if bad:
            raise UsageError(f"bead kind {bad[0]!r} is not of the form N-M, such as 1-1 or 2-1")


@dataclass(frozen=True)
class Unit:
    """A selected bead with its stable id and its document's row from ``documents.csv``.

    ``unit_id`` numbers the beads of one pair and level in run order, counting the ones the filter
    dropped, so the same bead has the same id in every export of a run whatever the thresholds.
    """

    bead: AlignedBead
    unit_id: str
    document: Mapping[str, str]


@dataclass
class Selection:
    units: list[Unit]
    in_scope: int = 0
    dropped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """A one-line account such as ``kept 812 of 1040 beads (dropped: 120 score, 40 omission)``."""
        reasons = ", ".join(f"{self.dropped[r]} {r}" for r in DROP_REASONS if self.dropped[r])
        kept = f"kept {len(self.units)} of {self.in_scope} beads"
        return f"{kept} (dropped: {reasons})" if reasons else kept


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


def _drop_reason(bead: AlignedBead, flt: ExportFilter) -> str | None:
    sides: list[list[Segment]] = [side for side in (bead.src, bead.tgt) if side]
    omission = len(sides) < 2
    if omission and not flt.include_omissions:
        return "omission"
    if flt.kinds is not None and bead.kind not in flt.kinds:
        return "kind"
    if not omission and bead.score < flt.min_score:
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
    return None


def parse_kinds(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """Bead kinds from ``"1-1,2-1"`` or ``["1-1", "2-1"]``; ``None`` (all kinds) stays ``None``.

    Blank entries are dropped; :class:`ExportFilter` validates the rest.
    """
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else value
    return frozenset(part.strip() for part in parts if part.strip())


def known_pair_ids(beads: Iterable[AlignedBead], documents: Iterable[Mapping[str, str]]) -> set[str]:
    return {row["pair_id"] for row in documents} | {bead.pair_id for bead in beads}


def select_units(
    beads: Sequence[AlignedBead], documents: Sequence[Mapping[str, str]], flt: ExportFilter
) -> Selection:
    """Apply ``flt`` to ``beads`` (in run order) and return the kept units with drop counts."""
    if flt.pair_ids is not None:
        unknown = sorted(flt.pair_ids - known_pair_ids(beads, documents))
        if unknown:
            raise UsageError(f"no document pair {unknown[0]!r} in this run (see documents.csv)")
    rows = {row["pair_id"]: row for row in documents}
    numbers: Counter[str] = Counter()
    selection = Selection(units=[])
    for bead in beads:
        if bead.level != flt.level:
            continue
        numbers[bead.pair_id] += 1
        if flt.pair_ids is not None and bead.pair_id not in flt.pair_ids:
            continue
        selection.in_scope += 1
        reason = _drop_reason(bead, flt)
        if reason is not None:
            selection.dropped[reason] += 1
            continue
        unit_id = f"{bead.pair_id}-{bead.level[0]}{numbers[bead.pair_id]}"
        selection.units.append(Unit(bead, unit_id, rows.get(bead.pair_id, {})))
    return selection


def select_beads(
    beads: Sequence[AlignedBead], documents: Sequence[Mapping[str, str]], flt: ExportFilter
) -> list[AlignedBead]:
    """The beads ``flt`` keeps, in run order."""
    return [unit.bead for unit in select_units(beads, documents, flt).units]
