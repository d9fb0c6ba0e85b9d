"""Review decisions as plain data: which bead (or finding) a decision is about, and what it does.

A decision names the bead(s) it applies to *as they were* when the reviewer saw them: pair id,
level, block, each segment's file, first line and character span, and a digest of the segments'
text. :mod:`aligner.review.apply` finds the bead again by those spans and applies the decision only
if the digest still matches, so a decision made on text that has changed since is reported as
stale, never applied to some other bead.

Actions (``Decision.action``):

- ``confirm``: the bead is right as it is; ``reject``: it is wrong and leaves every TM;
- ``merge``: the bead and the next bead of its pair and level become one (``beads``: both);
- ``split``: the bead becomes two at a segment boundary, ``at = (src_at, tgt_at)``: the first
  bead keeps ``src[:src_at]`` and ``tgt[:tgt_at]``, the second the rest;
- ``move``: the last (``direction="next"``) or first (``"prev"``) segment of one ``side`` of the bead
  moves to the neighbouring bead (``beads``: the bead and that neighbour); a bead left empty goes;
- ``edit``: segment ``index`` of ``side`` gets ``text``;
- ``finding``: a finding (``finding``) is a ``false-alarm`` (it leaves the report) or ``accepted``;
- ``undo``: decision ``target`` no longer counts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, cast

from aligner.model import AlignedBead, Finding, Level, Segment

Action = Literal["confirm", "reject", "merge", "split", "move", "edit", "finding", "undo"]
ACTIONS: tuple[Action, ...] = ("confirm", "reject", "merge", "split", "move", "edit", "finding", "undo")
Side = Literal["src", "tgt"]
Verdict = Literal["false-alarm", "accepted"]
VERDICTS: tuple[Verdict, ...] = ("false-alarm", "accepted")
ReviewStatus = Literal["confirmed", "corrected", "rejected"]
# The longest segment text an edit may write: far above any real sentence or paragraph.
MAX_EDIT_CHARS = 20_000

# One segment's place: file, first line, character start and end in the decoded file.
Span = tuple[str, int, int, int]


class DecisionError(ValueError):
    """A decision that is malformed: a missing or ill-typed field, an unknown action."""


def span_of(segment: Segment) -> Span:
    return (segment.file, segment.line_start, segment.char_start, segment.char_end)


def text_digest(*sides: Sequence[Segment]) -> str:
    """A short digest of the segments' texts, side by side (16 hex digits of SHA-256)."""
    texts = [[segment.text for segment in side] for side in sides]
    payload = json.dumps(texts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class BeadRef:
    """A bead as a reviewer saw it: where its segments are, and a digest of their text."""

    pair_id: str
    level: Level
    block: int
    src: tuple[Span, ...]
    tgt: tuple[Span, ...]
    digest: str

    @classmethod
    def of(cls, bead: AlignedBead) -> BeadRef:
        return cls(
            bead.pair_id,
            bead.level,
            bead.block,
            tuple(span_of(s) for s in bead.src),
            tuple(span_of(s) for s in bead.tgt),
            text_digest(bead.src, bead.tgt),
        )

    @property
    def key(self) -> tuple[object, ...]:
        """What locates the bead, whatever its text now says."""
        return (self.pair_id, self.level, self.block, self.src, self.tgt)

    def describe(self) -> str:
        first = (self.src or self.tgt or (("", 0, 0, 0),))[0]
        return f"{self.level} bead of {self.pair_id} at {first[0]}:{first[1]}"

    def to_dict(self) -> dict[str, object]:
        return {
            "pair_id": self.pair_id,
            "level": self.level,
            "block": self.block,
            "src": [list(span) for span in self.src],
            "tgt": [list(span) for span in self.tgt],
            "digest": self.digest,
        }

    @classmethod
    def from_dict(cls, data: object) -> BeadRef:
        obj = _object(data, "bead")
        pair_id, level = _string(obj, "pair_id"), _string(obj, "level")
        if level not in ("paragraph", "sentence"):
            raise DecisionError(f"bead level {level!r} is not paragraph or sentence")
        return cls(
            pair_id,
            cast(Level, level),
            _integer(obj, "block"),
            _spans(obj.get("src"), "src"),
            _spans(obj.get("tgt"), "tgt"),
            _string(obj, "digest"),
        )


@dataclass(frozen=True)
class FindingRef:
    """A finding as a reviewer saw it: its check, document and the spans of its evidence."""

    check: str
    pair_id: str
    src: tuple[Span, ...]
    tgt: tuple[Span, ...]

    @classmethod
    def of(cls, finding: Finding) -> FindingRef:
        return cls(
            finding.check,
            finding.pair_id,
            tuple(span_of(s) for s in finding.src),
            tuple(span_of(s) for s in finding.tgt),
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "pair_id": self.pair_id,
            "src": [list(span) for span in self.src],
            "tgt": [list(span) for span in self.tgt],
        }

    @classmethod
    def from_dict(cls, data: object) -> FindingRef:
        obj = _object(data, "finding")
        return cls(
            _string(obj, "check"),
            _string(obj, "pair_id"),
            _spans(obj.get("src"), "src"),
            _spans(obj.get("tgt"), "tgt"),
        )


@dataclass(frozen=True)
class Decision:
    """One line of ``review.jsonl``; which optional fields an action needs is in the module doc."""

    id: str
    time: str
    reviewer: str
    action: Action
    beads: tuple[BeadRef, ...] = ()
    side: Side | None = None
    direction: Literal["next", "prev"] | None = None
    at: tuple[int, int] | None = None
    index: int | None = None
    text: str | None = None
    finding: FindingRef | None = None
    verdict: Verdict | None = None
    target: str | None = None

    def __post_init__(self) -> None:
        needs_beads = {"confirm": 1, "reject": 1, "split": 1, "edit": 1, "merge": 2, "move": 2}
        wanted = needs_beads.get(self.action, 0)
        if len(self.beads) != wanted:
            raise DecisionError(f"a {self.action} decision names {wanted} bead(s), not {len(self.beads)}")
        if not self.id:
            raise DecisionError("a decision needs an id")
        for name in ("id", "reviewer", "text", "target"):
            value = getattr(self, name)
            if value is not None and not _encodable(value):
                raise DecisionError(f"'{name}' holds a lone surrogate, which UTF-8 cannot store")
        try:
            datetime.fromisoformat(self.time)
        except ValueError as exc:
            raise DecisionError(f"time {self.time!r} is not an ISO-8601 timestamp") from exc
        if self.action in ("move", "edit") and self.side not in ("src", "tgt"):
            raise DecisionError(f"a {self.action} decision needs side 'src' or 'tgt'")
        if self.action == "move" and self.direction not in ("next", "prev"):
            raise DecisionError("a move decision needs direction 'next' or 'prev'")
        if self.action == "split" and (self.at is None or min(self.at) < 0):
            raise DecisionError("a split decision needs 'at': [source index, target index], both >= 0")
        if self.action == "edit":
            if self.index is None or self.index < 0:
                raise DecisionError("an edit decision needs the index (>= 0) of the segment it changes")
            if self.text is None or not self.text.strip():
                raise DecisionError("an edit decision needs a non-empty text")
            if len(self.text) > MAX_EDIT_CHARS:
                raise DecisionError(f"an edited text is limited to {MAX_EDIT_CHARS} characters")
        if self.action == "finding" and (self.finding is None or self.verdict not in VERDICTS):
            raise DecisionError(f"a finding decision needs a finding and a verdict ({', '.join(VERDICTS)})")
        if self.action == "undo" and not self.target:
            raise DecisionError("an undo decision needs the id of the decision it undoes ('target')")

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.id,
            "time": self.time,
            "reviewer": self.reviewer,
            "action": self.action,
        }
        if self.beads:
            data["beads"] = [ref.to_dict() for ref in self.beads]
        for name in ("side", "direction", "index", "text", "verdict", "target"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.at is not None:
            data["at"] = list(self.at)
        if self.finding is not None:
            data["finding"] = self.finding.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: object) -> Decision:
        """Parse one decision, as written by :meth:`to_dict`; :class:`DecisionError` says what is wrong."""
        obj = _object(data, "decision")
        action = _string(obj, "action")
        if action not in ACTIONS:
            raise DecisionError(f"unknown action {action!r}; choose one of {', '.join(ACTIONS)}")
        beads = obj.get("beads", [])
        if not isinstance(beads, list):
            raise DecisionError("'beads' must be a list")
        at = obj.get("at")
        if at is not None and not (isinstance(at, list) and len(at) == 2 and all(_is_int(v) for v in at)):
            raise DecisionError("'at' must be [source index, target index]")
        return cls(
            id=_string(obj, "id"),
            time=_string(obj, "time"),
            reviewer=_optional_string(obj, "reviewer") or "",
            action=cast(Action, action),
            beads=tuple(BeadRef.from_dict(ref) for ref in beads),
            side=cast(Side | None, _choice(obj, "side", ("src", "tgt"))),
            direction=cast(Literal["next", "prev"] | None, _choice(obj, "direction", ("next", "prev"))),
            at=(int(at[0]), int(at[1])) if at is not None else None,
            index=_optional_integer(obj, "index"),
            text=_optional_string(obj, "text"),
            finding=FindingRef.from_dict(obj["finding"]) if obj.get("finding") is not None else None,
            verdict=cast(Verdict | None, _choice(obj, "verdict", VERDICTS)),
            target=_optional_string(obj, "target"),
        )


@dataclass(frozen=True)
class BeadReview:
    """What reviewers did to a bead: its status, who (in the order of their latest decision),
    when (the latest decision) and which decisions."""

    status: ReviewStatus
    reviewers: tuple[str, ...]
    time: str
    decisions: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "reviewers": list(self.reviewers),
            "time": self.time,
            "decisions": list(self.decisions),
        }


@dataclass(frozen=True)
class ReviewedBead:
    """A bead after the decisions: the bead, its ``label`` (its number among the run's beads of
    its pair and level, ``5`` or ``5.2`` for the second part of a split of bead 5), and its review
    (``None``: no reviewer has touched it)."""

    bead: AlignedBead
    label: str
    review: BeadReview | None = None
    ref: BeadRef = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ref", BeadRef.of(self.bead))

    @property
    def status(self) -> str:
        return self.review.status if self.review else "unreviewed"


def _object(data: object, what: str) -> Mapping[str, object]:
    if not isinstance(data, dict):
        raise DecisionError(f"a {what} must be a JSON object")
    return data


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _string(obj: Mapping[str, object], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise DecisionError(f"'{key}' must be a string")
    return value


def _optional_string(obj: Mapping[str, object], key: str) -> str | None:
    return None if obj.get(key) is None else _string(obj, key)


def _integer(obj: Mapping[str, object], key: str) -> int:
    value = obj.get(key)
    if not _is_int(value):
        raise DecisionError(f"'{key}' must be an integer")
    return cast(int, value)


def _optional_integer(obj: Mapping[str, object], key: str) -> int | None:
    return None if obj.get(key) is None else _integer(obj, key)


def _choice(obj: Mapping[str, object], key: str, choices: Sequence[str]) -> str | None:
    value = _optional_string(obj, key)
    if value is not None and value not in choices:
        raise DecisionError(f"'{key}' must be one of {', '.join(choices)}, not {value!r}")
    return value


def _spans(value: object, what: str) -> tuple[Span, ...]:
    if not isinstance(value, list):
        raise DecisionError(f"'{what}' must be a list of [file, line, start, end]")
    spans = []
    for item in value:
        if not (
            isinstance(item, list)
            and len(item) == 4
            and isinstance(item[0], str)
            and all(_is_int(v) for v in item[1:])
        ):
            raise DecisionError(f"each '{what}' span must be [file, line, start, end]")
        spans.append((item[0], int(item[1]), int(item[2]), int(item[3])))
    return tuple(spans)
