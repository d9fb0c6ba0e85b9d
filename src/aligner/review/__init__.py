"""The review loop: translators correct the alignment, and every export uses their corrections.

``aligner review RUN_DIR`` serves a page (:mod:`aligner.review.server`) where reviewers confirm,
reject, merge, split and edit beads and judge findings. Each action is a
:class:`~aligner.review.model.Decision` appended to ``RUN_DIR/review.jsonl``
(:mod:`aligner.review.store`); ``alignments.jsonl`` stays as the aligner wrote it.
:func:`~aligner.review.apply.apply_decisions` replays the decisions on the beads, and
``aligner export`` and ``aligner report`` read the run through :func:`reviewed_run`. Example::

    from aligner.review import reviewed_run
    state = reviewed_run("out/cmia-19")   # alignments.jsonl with review.jsonl applied
    rejected = [item.bead for item in state.items if item.status == "rejected"]
    for stale in state.stale:             # decisions that no longer fit the run
        print(stale.decision.id, stale.reason)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aligner.model import AlignedBead
from aligner.review.apply import (
    FindingMark,
    ReviewState,
    StaleDecision,
    StaleError,
    apply_decisions,
    mark_findings,
    report_beads,
)
from aligner.review.model import (
    BeadRef,
    BeadReview,
    Decision,
    DecisionError,
    FindingRef,
    ReviewedBead,
    text_digest,
)
from aligner.review.store import REVIEW_JSONL, append_decisions, locked_store, read_decisions
from aligner.runfolder import read_alignments


def reviewed_run(run_dir: str | Path, beads: Sequence[AlignedBead] | None = None) -> ReviewState:
    """The run's beads (``beads``, else its ``alignments.jsonl``) with its ``review.jsonl`` applied."""
    return apply_decisions(read_alignments(run_dir) if beads is None else beads, read_decisions(run_dir))


__all__ = [
    "REVIEW_JSONL",
    "BeadRef",
    "BeadReview",
    "Decision",
    "DecisionError",
    "FindingMark",
    "FindingRef",
    "ReviewState",
    "ReviewedBead",
    "StaleDecision",
    "StaleError",
    "append_decisions",
    "apply_decisions",
    "locked_store",
    "mark_findings",
    "read_decisions",
    "report_beads",
    "reviewed_run",
    "text_digest",
]
