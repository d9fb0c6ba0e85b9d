"""Applying review decisions to beads: merge, split, move, reject, edit, undo, and stale decisions."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from aligner.model import AlignedBead, Finding
from aligner.review import (
    BeadRef,
    Decision,
    DecisionError,
    FindingRef,
    ReviewState,
    StaleError,
    apply_decisions,
    mark_findings,
    report_beads,
)
from test_report_synthetic import FAITHFUL, PairBuilder

_ids = itertools.count(1)


def decide(action: str, *beads: AlignedBead, reviewer: str = "ana", **fields: Any) -> Decision:
    """A decision on ``beads`` as they are now, by ``reviewer``, with a fresh id."""
    return Decision(
        id=f"d{next(_ids)}",
        time="2026-02-01T10:00:00Z",
        reviewer=reviewer,
        action=action,  # type: ignore[arg-type]
        beads=tuple(BeadRef.of(bead) for bead in beads),
        **fields,
    )


def sample() -> list[AlignedBead]:
    """One paragraph of sentence beads: 1-1, 1-0, 0-1, 2-1, 1-1."""
    (en1, zh1), (en2, zh2), (en3, zh3), (en4, _zh4), (en5, zh5) = FAITHFUL[:5]
    pair = PairBuilder("p001")
    pair.paragraph([(en1, zh1, 0.9), (en2, None, 0), (None, zh2, 0), ([en3, en4], zh3, 0.7), (en5, zh5, 0.8)])
    return pair.beads


def sentences(state: ReviewState) -> list[AlignedBead]:
    return [item.bead for item in state.beads_of("p001", "sentence")]


def texts(bead: AlignedBead) -> tuple[list[str], list[str]]:
    return [s.text for s in bead.src], [s.text for s in bead.tgt]


def test_no_decisions_leave_the_beads_as_they_are() -> None:
    beads = sample()
    state = apply_decisions(beads, [])
    assert [item.bead for item in state.items] == beads
    assert [item.label for item in state.beads_of("p001", "sentence")] == ["1", "2", "3", "4", "5"]
    assert {item.status for item in state.items} == {"unreviewed"}
    assert state.stale == []


def test_merge_joins_a_bead_with_the_next() -> None:
    beads = sample()
    _, omitted, added, *_ = beads[1:]
    state = apply_decisions(beads, [decide("merge", omitted, added)])
    after = sentences(state)
    assert len(after) == 4
    merged = after[1]
    assert merged.kind == "1-1" and texts(merged) == ([FAITHFUL[1][0]], [FAITHFUL[1][1]])
    assert merged.block == omitted.block
    item = state.beads_of("p001", "sentence")[1]
    assert item.label == "2" and item.status == "corrected" and item.review is not None
    assert item.review.reviewers == ("ana",)
    # Beads no decision names stay exactly as they were.
    assert after[0] == beads[1] and after[2:] == beads[4:]
    assert state.items[0].bead == beads[0]  # the paragraph bead


def test_merge_of_beads_that_are_not_neighbours_is_stale() -> None:
    beads = sample()
    state = apply_decisions(beads, [decide("merge", beads[1], beads[3])])
    assert [s.decision.action for s in state.stale] == ["merge"]
    assert "not the next bead" in state.stale[0].reason
    assert sentences(state) == beads[1:]


def test_split_cuts_a_bead_at_a_sentence_boundary_and_labels_the_parts() -> None:
    beads = sample()
    two_one = beads[4]
    first_split = decide("split", two_one, at=(1, 1))
    state = apply_decisions(beads, [first_split])
    after = sentences(state)
    assert [b.kind for b in after] == ["1-1", "1-0", "0-1", "1-1", "1-0", "1-1"]
    assert texts(after[3]) == ([FAITHFUL[2][0]], [FAITHFUL[2][1]])
    assert texts(after[4]) == ([FAITHFUL[3][0]], [])
    assert after[4].score == 0.0 and after[3].score == two_one.score
    assert [i.label for i in state.beads_of("p001", "sentence")] == ["1", "2", "3", "4", "4.2", "5"]
    # Merging the parts back and splitting again never reuses a label.
    again = apply_decisions(
        beads, [first_split, decide("merge", after[3], after[4]), decide("split", two_one, at=(1, 1))]
    )
    assert [i.label for i in again.beads_of("p001", "sentence")][3:5] == ["4", "4.3"]
    assert again.stale == []


@pytest.mark.parametrize("at", [(0, 0), (2, 1), (3, 0)])
def test_a_split_that_leaves_a_part_empty_or_lies_outside_the_bead_is_stale(at: tuple[int, int]) -> None:
    beads = sample()
    state = apply_decisions(beads, [decide("split", beads[4], at=at)])
    assert len(state.stale) == 1
    assert sentences(state) == beads[1:]


def test_move_sends_a_boundary_sentence_to_the_neighbour() -> None:
    beads = sample()
    two_one, last = beads[4], beads[5]
    state = apply_decisions(beads, [decide("move", two_one, last, side="src", direction="next")])
    after = sentences(state)
    assert texts(after[3]) == ([FAITHFUL[2][0]], [FAITHFUL[2][1]])
    assert texts(after[4]) == ([FAITHFUL[3][0], FAITHFUL[4][0]], [FAITHFUL[4][1]])
    assert (after[3].kind, after[4].kind) == ("1-1", "2-1")
    # Moving the first segment back, to the previous bead.
    back = decide("move", after[4], after[3], side="src", direction="prev")
    state = apply_decisions(beads, [decide("move", two_one, last, side="src", direction="next"), back])
    assert [texts(b) for b in sentences(state)] == [texts(b) for b in beads[1:]]
    assert state.stale == []


def test_a_bead_emptied_by_a_move_goes() -> None:
    beads = sample()
    state = apply_decisions(beads, [decide("move", beads[3], beads[2], side="tgt", direction="prev")])
    after = sentences(state)
    assert len(after) == 4
    assert texts(after[1]) == ([FAITHFUL[1][0]], [FAITHFUL[1][1]])
    # Nothing to move from the empty side of a one-sided bead.
    state = apply_decisions(beads, [decide("move", beads[2], beads[3], side="tgt", direction="next")])
    assert "no tgt segment" in state.stale[0].reason


def test_reject_and_confirm_mark_the_bead_and_collect_reviewers() -> None:
    beads = sample()
    state = apply_decisions(
        beads,
        [
            decide("confirm", beads[1]),
            decide("reject", beads[4], reviewer="bo"),
            decide("edit", beads[5], side="tgt", index=0, text="改过的译文。"),
        ],
    )
    items = state.beads_of("p001", "sentence")
    assert [i.status for i in items] == ["confirmed", "unreviewed", "unreviewed", "rejected", "corrected"]
    assert sentences(state)[3] == beads[4]  # rejected beads keep their text; exports leave them out
    edit = decide("edit", beads[1], side="src", index=0, text="Edited.")
    edited = sentences(apply_decisions(beads, [edit]))[0]
    confirm_edited = apply_decisions(beads, [edit, decide("confirm", edited, reviewer="bo")])
    first = confirm_edited.beads_of("p001", "sentence")[0]
    assert first.status == "corrected" and first.review is not None
    assert first.review.reviewers == ("ana", "bo") and len(first.review.decisions) == 2


def test_edit_changes_one_segment_and_a_decision_on_the_old_text_is_stale() -> None:
    beads = sample()
    edit = decide("edit", beads[1], side="tgt", index=0, text="  新的译文。 ")
    state = apply_decisions(beads, [edit, decide("confirm", beads[1])])
    bead = sentences(state)[0]
    assert texts(bead) == ([FAITHFUL[0][0]], ["新的译文。"])
    assert (bead.tgt[0].char_start, bead.tgt[0].char_end) == (
        beads[1].tgt[0].char_start,
        beads[1].tgt[0].char_end,
    )
    assert [s.decision.action for s in state.stale] == ["confirm"]
    assert "has changed since it was shown" in state.stale[0].reason
    state = apply_decisions(beads, [decide("edit", beads[1], side="tgt", index=1, text="x")])
    assert "no tgt segment 1" in state.stale[0].reason


def test_undo_takes_a_decision_back() -> None:
    beads = sample()
    merge = decide("merge", beads[2], beads[3])
    undo = decide("undo", target=merge.id)
    state = apply_decisions(beads, [merge, undo])
    assert sentences(state) == beads[1:]
    assert state.undone == {merge.id} and state.stale == []
    assert [d.id for d in state.effective()] == []


def test_undo_of_an_unknown_or_undone_decision_is_stale() -> None:
    beads = sample()
    merge = decide("merge", beads[2], beads[3])
    undo = decide("undo", target=merge.id)
    state = apply_decisions(
        beads, [merge, undo, decide("undo", target=merge.id), decide("undo", target="nope")]
    )
    assert len(state.stale) == 2 and all("no decision" in s.reason for s in state.stale)


def test_replay_reports_a_decision_left_stale_by_an_undo_before_it() -> None:
    beads = sample()
    merge = decide("merge", beads[2], beads[3])
    merged = sentences(apply_decisions(beads, [merge]))[1]
    edit = decide("edit", merged, side="src", index=0, text="Changed.")
    state = apply_decisions(beads, [merge, edit, decide("undo", target=merge.id)])
    assert [s.decision.id for s in state.stale] == [edit.id]
    assert sentences(state) == beads[1:]


def test_state_add_applies_or_refuses_without_changing_anything() -> None:
    beads = sample()
    state = ReviewState(beads)
    merge = decide("merge", beads[2], beads[3])
    state.add(merge)
    merged = sentences(state)[1]
    state.add(decide("edit", merged, side="src", index=0, text="Changed."))
    before = list(state.items)
    with pytest.raises(StaleError, match="depends on"):
        state.add(decide("undo", target=merge.id))
    with pytest.raises(StaleError, match="has changed"):
        state.add(decide("reject", merged))
    assert state.items == before and len(state.decisions) == 2
    # Undoing in reverse order works.
    state.add(decide("undo", target=state.decisions[1].id))
    state.add(decide("undo", target=merge.id))
    assert sentences(state) == beads[1:]


def test_decisions_round_trip_and_malformed_ones_are_refused() -> None:
    beads = sample()
    decision = decide("split", beads[4], at=(1, 0))
    assert Decision.from_dict(decision.to_dict()) == decision
    bad = [
        {**decision.to_dict(), "action": "explode"},
        {**decision.to_dict(), "at": [1]},
        {**decision.to_dict(), "beads": []},
        {**decision.to_dict(), "beads": [{"pair_id": "p001"}]},
        {**decide("edit", beads[1], side="src", index=0, text="x").to_dict(), "text": "   "},
        {**decide("move", beads[1], beads[2], side="src", direction="next").to_dict(), "direction": "up"},
        "not an object",
    ]
    for data in bad:
        with pytest.raises(DecisionError):
            Decision.from_dict(data)


def test_report_beads_and_finding_marks() -> None:
    beads = sample()
    state = apply_decisions(beads, [decide("reject", beads[1])])
    seen = report_beads(state.items)
    assert [b.kind for b in seen if b.level == "sentence"] == ["1-0", "0-1", "1-0", "0-1", "2-1", "1-1"]
    findings = [
        Finding("low_similarity", "major", "p001", "low", src=beads[4].src, tgt=beads[4].tgt),
        Finding("numbers", "minor", "p001", "numbers differ", src=beads[5].src, tgt=beads[5].tgt),
        Finding("omission", "critical", "p001", "omitted", src=beads[2].src),
    ]
    marks = apply_decisions(
        beads,
        [
            decide("finding", finding=FindingRef.of(findings[0]), verdict="false-alarm"),
            decide("finding", finding=FindingRef.of(findings[1]), verdict="accepted", reviewer="bo"),
        ],
    ).findings
    kept = mark_findings(findings, marks)
    assert [f.check for f in kept] == ["numbers", "omission"]
    assert kept[0].detail["review"] == "accepted by bo (2026-02-01T10:00:00Z)"
    assert kept[1] is findings[2]
