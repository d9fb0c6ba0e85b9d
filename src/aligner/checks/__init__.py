"""QA checks over aligned text: a registry of checks and ``run_checks``.

Each check lives in its own module, subclasses :class:`~aligner.checks.base.Check` (a stable name,
a default severity, an explanation for editors) and is registered in ``CHECKS`` below; the report
shows the checks in registry order.

Example::

    >>> from aligner.checks import CheckOptions, run_checks
    >>> findings = run_checks(beads, documents, "en", "zh", CheckOptions(condensed_min_missing=0.4))
"""

from __future__ import annotations

from collections.abc import Sequence

from aligner.checks.addition import AdditionCheck
from aligner.checks.base import Check, CheckContext, CheckOptions, as_recorded
from aligner.checks.codes import CodesCheck
from aligner.checks.condensed import CondensedCheck
from aligner.checks.consistency import ConsistencyCheck
from aligner.checks.divergent import DivergentCheck
from aligner.checks.low_similarity import LowSimilarityCheck
from aligner.checks.notes import NotesCheck
from aligner.checks.numbers import NumbersCheck
from aligner.checks.omission import OmissionCheck
from aligner.checks.partial import PartialCheck
from aligner.checks.passages import fold_passages
from aligner.checks.terminology import TerminologyCheck
from aligner.checks.unpaired import UnpairedCheck
from aligner.checks.untranslated_text import UntranslatedTextCheck
from aligner.errors import UsageError
from aligner.model import SEVERITIES, AlignedBead, DocumentRow, DocumentRowLike, Finding, Removed

CHECKS: dict[str, Check] = {
    check.name: check
    for check in (
        UnpairedCheck(),
        OmissionCheck(),
        CondensedCheck(),
        PartialCheck(),
        NumbersCheck(),
        UntranslatedTextCheck(),
        CodesCheck(),
        TerminologyCheck(),
        DivergentCheck(),
        LowSimilarityCheck(),
        AdditionCheck(),
        NotesCheck(),
        ConsistencyCheck(),
    )
}


def sort_findings(
    findings: list[Finding], beads: list[AlignedBead], documents: Sequence[DocumentRowLike]
) -> list[Finding]:
    """Findings in reading order: by document (``documents.csv`` order), then by the position of the
    first bead holding their first segment (source or target), most serious first, then by check.

    The key is total over the content of a finding, so the order never depends on the order in
    which checks ran: the same inputs always give the same report.
    """
    order = {DocumentRow.coerce(row).pair_id: index for index, row in enumerate(documents)}
    positions: dict[tuple[str, int, int], int] = {}
    for index, bead in enumerate(beads):
        for segment in [*bead.src, *bead.tgt]:
            positions.setdefault((segment.file, segment.char_start, segment.char_end), index)
    checks = list(CHECKS)

    def key(finding: Finding) -> tuple[object, ...]:
        segments = finding.src or finding.tgt
        first = (segments[0].file, segments[0].char_start, segments[0].char_end) if segments else None
        return (
            order.get(finding.pair_id, len(order)),
            finding.pair_id,
            positions.get(first, -1) if first else -1,
            first or ("", -1, -1),
            -SEVERITIES.index(finding.severity),
            checks.index(finding.check) if finding.check in checks else len(checks),
            finding.check,
            finding.message,
        )

    return sorted(findings, key=key)


def run_checks(
    beads: list[AlignedBead],
    documents: Sequence[DocumentRowLike],
    src_lang: str,
    tgt_lang: str,
    options: CheckOptions | None = None,
    removed: list[Removed] | None = None,
) -> list[Finding]:
    """Run the enabled checks over a run's beads; findings come sorted (see ``sort_findings``).

    ``removed`` is what cleaning took out of the text flow (``removed.jsonl``): footnotes there
    count as notes of their document when notes are matched across languages. Sentence omissions
    inside a condensed paragraph, low-similarity ones inside a rewritten paragraph, are folded into
    its finding (see :mod:`aligner.checks.passages`)."""
    options = options or CheckOptions()
    if options.enabled is not None:
        unknown = sorted(set(options.enabled) - set(CHECKS))
        if unknown:
            raise UsageError(f"unknown check(s): {', '.join(unknown)}; choose from {', '.join(CHECKS)}")
    beads = as_recorded(beads)
    rows = [DocumentRow.coerce(row) for row in documents]
    context = CheckContext(beads, rows, src_lang, tgt_lang, options, list(removed or []))
    findings = [
        finding
        for name, check in CHECKS.items()
        if options.is_enabled(name)
        for finding in check.run(context)
    ]
    return sort_findings(fold_passages(findings), beads, rows)


__all__ = ["CHECKS", "Check", "CheckContext", "CheckOptions", "run_checks", "sort_findings"]
