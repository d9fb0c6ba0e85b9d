"""Applying review decisions to a run's beads: a pure replay, and the state the server keeps.

:func:`apply_decisions` takes the beads of ``alignments.jsonl`` and the decisions of
``review.jsonl`` in file order and returns the beads as the reviewers left them. Decisions apply
one after the other, each to the beads the earlier ones produced, which is what the reviewer saw
when making it. Undone decisions (and the undos themselves) are left out before the replay. A
decision whose bead cannot be found by its spans, or whose text digest no longer matches (the run
was realigned, or the file edited by hand), is *stale*: it is reported with the reason and
skipped, never applied to another bead.

Scores are the aligner's, not measured again: a merged bead has the lower score of its parts
with both sides, a split part and a bead that gained or lost a segment the score it had (a bead
with an empty side scores 0). Exports keep a reviewed bead whatever its score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from aligner.model import AlignedBead, Finding, Segment
from aligner.review.model import (
    BeadRef,
    BeadReview,
    Decision,
    FindingRef,
    ReviewedBead,
    ReviewStatus,
    Verdict,
)


class StaleError(Exception):
    """A decision that does not fit the beads as they now are; the message says why."""


@dataclass(frozen=True)
class StaleDecision:
    decision: Decision
    reason: str


@dataclass(frozen=True)
class FindingMark:
    """A reviewer's verdict on a finding."""

    verdict: Verdict
    reviewer: str
    time: str
    decision: str


def initial_beads(beads: Iterable[AlignedBead]) -> list[ReviewedBead]:
    """The run's beads, unreviewed, labelled ``1``, ``2``... within each pair and level."""
    numbers: dict[tuple[str, str], int] = {}
    items = []
    for bead in beads:
        key = (bead.pair_id, bead.level)
        numbers[key] = numbers.get(key, 0) + 1
        items.append(ReviewedBead(bead, str(numbers[key])))
    return items


def _kind(src: Sequence[Segment], tgt: Sequence[Segment]) -> str:
    return f"{len(src)}-{len(tgt)}"


def _rebuilt(bead: AlignedBead, src: list[Segment], tgt: list[Segment], score: float) -> AlignedBead:
    return replace(
        bead, src=src, tgt=tgt, kind=_kind(src, tgt), score=score if src and tgt else 0.0, nearby=None
    )


def _touched(reviews: Iterable[BeadReview | None], decision: Decision, status: ReviewStatus) -> BeadReview:
    earlier = [review for review in reviews if review is not None]
    names = [name for name in (*(n for r in earlier for n in r.reviewers), decision.reviewer) if name]
    # In the order of their latest decision: the last is the one who touched the bead last.
    reviewers = tuple(reversed(dict.fromkeys(reversed(names))))
    decisions = dict.fromkeys([*(d for r in earlier for d in r.decisions), decision.id])
    # Confirming a bead a reviewer corrected keeps it "corrected": it still differs from the run.
    if status == "confirmed" and any(r.status == "corrected" for r in earlier):
        status = "corrected"
    return BeadReview(status, reviewers, decision.time, tuple(decisions))


@dataclass
class ReviewState:
    """The beads as the applied decisions left them, with the finding verdicts.

    :meth:`add` applies one more decision (or raises :class:`StaleError` and changes nothing);
    :meth:`check` only tells whether it would apply.
    """

    base: list[AlignedBead]
    items: list[ReviewedBead] = field(init=False)
    findings: dict[FindingRef, FindingMark] = field(default_factory=dict, init=False)
    # Every decision added, applied or undone, in order; undone holds the ids undone.
    decisions: list[Decision] = field(default_factory=list, init=False)
    undone: set[str] = field(default_factory=set, init=False)
    stale: list[StaleDecision] = field(default_factory=list, init=False)
    _labels: set[tuple[str, str, str]] = field(default_factory=set, init=False, repr=False)

    def __post_init__(self) -> None:
        self.items = initial_beads(self.base)
        self._labels = {(i.bead.pair_id, i.bead.level, i.label) for i in self.items}

    # Looking beads up ------------------------------------------------------------------------
    def find(self, ref: BeadRef) -> int:
        """The position of the bead ``ref`` names, if its text is still what the reviewer saw."""
        changed = False
        for position, item in enumerate(self.items):
            if item.ref.key == ref.key:
                if item.ref.digest == ref.digest:
                    return position
                changed = True
        if changed:
            raise StaleError(f"the {ref.describe()} has changed since it was shown (edited elsewhere?)")
        raise StaleError(f"the {ref.describe()} is no longer in the run (merged, split or realigned?)")

    def neighbour(self, position: int, step: int) -> int | None:
        """The next (``step`` 1) or previous (-1) bead of the same pair and level, if any."""
        bead = self.items[position].bead
        index = position + step
        while 0 <= index < len(self.items):
            other = self.items[index].bead
            if other.pair_id == bead.pair_id and other.level == bead.level:
                return index
            index += step
        return None

    def _pair_of(self, decision: Decision, step: int) -> tuple[int, int]:
        first = self.find(decision.beads[0])
        second = self.find(decision.beads[1])
        if self.neighbour(first, step) != second:
            where = "next" if step > 0 else "previous"
            raise StaleError(f"the second bead is not the {where} bead of the {decision.beads[0].describe()}")
        return first, second

    def _fresh_label(self, item: ReviewedBead) -> str:
        number = 2
        while (item.bead.pair_id, item.bead.level, f"{item.label}.{number}") in self._labels:
            number += 1
        label = f"{item.label}.{number}"
        self._labels.add((item.bead.pair_id, item.bead.level, label))
        return label

    # Planning a decision: validate everything first, then return the change -------------------
    def _plan(self, decision: Decision) -> Callable[[], None]:
        planners: dict[str, Callable[[Decision], Callable[[], None]]] = {
            "confirm": self._plan_verdict,
            "reject": self._plan_verdict,
            "merge": self._plan_merge,
            "split": self._plan_split,
            "move": self._plan_move,
            "edit": self._plan_edit,
            "finding": self._plan_finding,
        }
        return planners[decision.action](decision)

    def _plan_verdict(self, decision: Decision) -> Callable[[], None]:
        position = self.find(decision.beads[0])
        status: ReviewStatus = "confirmed" if decision.action == "confirm" else "rejected"

        def change() -> None:
            item = self.items[position]
            self.items[position] = replace(item, review=_touched([item.review], decision, status))

        return change

    def _plan_merge(self, decision: Decision) -> Callable[[], None]:
        first, second = self._pair_of(decision, 1)
        a, b = self.items[first], self.items[second]
        scores = [bead.score for bead in (a.bead, b.bead) if bead.src and bead.tgt]

        def change() -> None:
            src, tgt = [*a.bead.src, *b.bead.src], [*a.bead.tgt, *b.bead.tgt]
            merged = _rebuilt(a.bead, src, tgt, min(scores or [0.0]))
            review = _touched([a.review, b.review], decision, "corrected")
            self.items[first] = ReviewedBead(merged, a.label, review)
            del self.items[second]

        return change

    def _plan_split(self, decision: Decision) -> Callable[[], None]:
        position = self.find(decision.beads[0])
        item = self.items[position]
        src, tgt = item.bead.src, item.bead.tgt
        assert decision.at is not None  # Decision checks split decisions have one
        src_at, tgt_at = decision.at
        if src_at > len(src) or tgt_at > len(tgt):
            raise StaleError(f"the {item.bead.kind} bead has no boundary at {src_at},{tgt_at}")
        if src_at + tgt_at == 0 or (src_at == len(src) and tgt_at == len(tgt)):
            raise StaleError(f"splitting at {src_at},{tgt_at} would leave one part empty")

        def change() -> None:
            review = _touched([item.review], decision, "corrected")
            score = item.bead.score
            first = ReviewedBead(_rebuilt(item.bead, src[:src_at], tgt[:tgt_at], score), item.label, review)
            rest = _rebuilt(item.bead, src[src_at:], tgt[tgt_at:], score)
            self.items[position : position + 1] = [first, ReviewedBead(rest, self._fresh_label(item), review)]

        return change

    def _plan_move(self, decision: Decision) -> Callable[[], None]:
        step = 1 if decision.direction == "next" else -1
        origin, target = self._pair_of(decision, step)
        side = decision.side
        assert side is not None  # Decision checks move decisions have one
        a, b = self.items[origin], self.items[target]
        moving: list[Segment] = getattr(a.bead, side)
        if not moving:
            raise StaleError(f"the {decision.beads[0].describe()} has no {side} segment to move")

        def change() -> None:
            segment = moving[-1] if step > 0 else moving[0]
            left = moving[:-1] if step > 0 else moving[1:]
            received = [segment, *getattr(b.bead, side)] if step > 0 else [*getattr(b.bead, side), segment]
            sides_a = {"src": a.bead.src, "tgt": a.bead.tgt, side: left}
            sides_b = {"src": b.bead.src, "tgt": b.bead.tgt, side: received}
            self.items[target] = ReviewedBead(
                _rebuilt(b.bead, sides_b["src"], sides_b["tgt"], b.bead.score),
                b.label,
                _touched([b.review], decision, "corrected"),
            )
            if sides_a["src"] or sides_a["tgt"]:
                self.items[origin] = ReviewedBead(
                    _rebuilt(a.bead, sides_a["src"], sides_a["tgt"], a.bead.score),
                    a.label,
                    _touched([a.review], decision, "corrected"),
                )
            else:
                del self.items[origin]

        return change

    def _plan_edit(self, decision: Decision) -> Callable[[], None]:
        position = self.find(decision.beads[0])
        item = self.items[position]
        side = decision.side
        assert side is not None and decision.index is not None and decision.text is not None
        index, text = decision.index, decision.text.strip()
        segments: list[Segment] = list(getattr(item.bead, side))
        if index >= len(segments):
            raise StaleError(f"the bead has no {side} segment {index}")

        def change() -> None:
            segments[index] = replace(segments[index], text=text)
            src = segments if side == "src" else item.bead.src
            tgt = segments if side == "tgt" else item.bead.tgt
            review = _touched([item.review], decision, "corrected")
            self.items[position] = ReviewedBead(replace(item.bead, src=src, tgt=tgt), item.label, review)

        return change

    def _plan_finding(self, decision: Decision) -> Callable[[], None]:
        assert decision.finding is not None and decision.verdict is not None
        mark = FindingMark(decision.verdict, decision.reviewer, decision.time, decision.id)
        ref = decision.finding

        def change() -> None:
            self.findings[ref] = mark

        return change

    # Adding decisions -----------------------------------------------------------------------
    def check(self, decision: Decision) -> None:
        """Raise :class:`StaleError` if ``decision`` would not apply now; change nothing."""
        if decision.action == "undo":
            self._replay_without(decision)
        else:
            self._plan(decision)

    def add(self, decision: Decision) -> None:
        """Apply ``decision`` to the beads, or raise :class:`StaleError` and change nothing.

        An undo that would leave a later decision stale (an edit of a bead the undone merge made)
        is refused: undo the later one first.
        """
        if decision.action == "undo":
            replayed = self._replay_without(decision)
            self.items, self.findings, self._labels = replayed.items, replayed.findings, replayed._labels
            self.undone.add(str(decision.target))
        else:
            self._plan(decision)()
        self.decisions.append(decision)

    def _replay_without(self, undo: Decision) -> ReviewState:
        target = undo.target
        known = {d.id: d for d in self.decisions}
        if target not in known:
            raise StaleError(f"there is no decision {target!r} to undo")
        if target in self.undone:
            raise StaleError(f"decision {target!r} is already undone")
        if known[target].action == "undo":
            raise StaleError("an undo cannot be undone; make the decision again")
        replayed = ReviewState(self.base)
        for decision in self.effective(extra_undone={str(target)}):
            try:
                replayed._plan(decision)()
            except StaleError as exc:
                if all(s.decision.id != decision.id for s in self.stale):
                    raise StaleError(
                        f"decision {decision.id} ({decision.action}) depends on {target}; undo it first"
                    ) from exc
        return replayed

    def effective(self, extra_undone: Iterable[str] = ()) -> list[Decision]:
        """The decisions that count: all but the undos and those undone, in order."""
        undone = self.undone | set(extra_undone)
        return [d for d in self.decisions if d.action != "undo" and d.id not in undone]

    # Reading the result ---------------------------------------------------------------------
    def beads_of(self, pair_id: str, level: str) -> list[ReviewedBead]:
        return [i for i in self.items if i.bead.pair_id == pair_id and i.bead.level == level]


def apply_decisions(beads: Sequence[AlignedBead], decisions: Sequence[Decision]) -> ReviewState:
    """Replay ``decisions`` (``review.jsonl``, in order) on ``beads`` (``alignments.jsonl``).

    The result's ``items`` are the beads as reviewed, ``findings`` the verdicts on findings and
    ``stale`` the decisions that could not be applied, each with the reason.
    """
    state = ReviewState(list(beads))
    known: set[str] = set()
    for decision in decisions:
        if decision.action != "undo":
            known.add(decision.id)
        elif decision.target not in known or decision.target in state.undone:
            state.stale.append(StaleDecision(decision, f"there is no decision {decision.target!r} to undo"))
        else:
            state.undone.add(str(decision.target))
    state.decisions = list(decisions)
    for decision in state.effective():
        try:
            state._plan(decision)()
        except StaleError as exc:
            state.stale.append(StaleDecision(decision, str(exc)))
    return state


def report_beads(items: Iterable[ReviewedBead]) -> list[AlignedBead]:
    """The beads the report's checks see: a rejected bead's sides stand alone (neither is the
    other's translation), each a one-sided bead."""
    beads: list[AlignedBead] = []
    for item in items:
        bead = item.bead
        if item.status != "rejected" or not (bead.src and bead.tgt):
            beads.append(bead)
            continue
        beads.append(_rebuilt(bead, list(bead.src), [], 0.0))
        beads.append(_rebuilt(bead, [], list(bead.tgt), 0.0))
    return beads


def mark_findings(findings: Iterable[Finding], marks: dict[FindingRef, FindingMark]) -> list[Finding]:
    """``findings`` less those marked false alarms; an accepted one says so in ``detail["review"]``."""
    kept = []
    for finding in findings:
        mark = marks.get(FindingRef.of(finding))
        if mark is None:
            kept.append(finding)
        elif mark.verdict == "accepted":
            who = f" by {mark.reviewer}" if mark.reviewer else ""
            kept.append(replace(finding, detail={**finding.detail, "review": f"accepted{who} ({mark.time})"}))
    return kept
