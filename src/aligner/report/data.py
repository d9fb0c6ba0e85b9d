"""The report as plain data: per-document summaries, numbered findings, and what produced them.

``build_report`` does all the counting; the writers only format. Everything is sorted with total
keys so the same inputs give byte-identical files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from aligner.checks import CHECKS, CheckOptions, sort_findings
from aligner.checks.base import CheckContext, as_recorded, is_omission, side_length
from aligner.model import SEVERITIES, AlignedBead, DocumentRow, DocumentRowLike, Finding, Severity

REPORT_FORMAT = "aligner-report/1"
# Manifest entries that describe the result, copied into the report. Timings and cache counts
# describe one execution and would make otherwise identical reports differ.
RUN_KEYS = (
    "tool",
    "tool_version",
    "signature",
    "created",
    "src_lang",
    "tgt_lang",
    "encoder",
    "parameters",
    "inputs",
)


@dataclass
class DocumentSummary:
    """One row of ``documents.csv`` with its coverage and finding counts."""

    pair_id: str
    status: str
    src_file: str
    src_title: str
    tgt_file: str
    tgt_title: str
    paragraphs: int
    sentences: int
    src_chars: int
    covered_chars: int
    # Share of source characters whose bead has a counterpart (None: no source text in the run).
    coverage: float | None
    # The document's usual target/source length ratio (None where it could not be learnt).
    length_ratio: float | None
    # Estimated share of the source that the target renders: coverage, discounted where the aligned
    # target text is shorter than the length ratio predicts (condensed translation).
    translated_share: float | None
    findings_by_check: dict[str, int] = field(default_factory=dict)
    findings_by_severity: dict[str, int] = field(default_factory=dict)
    # Why an unpaired document got no counterpart (``documents.csv`` reason; empty when paired).
    reason: str = ""

    @property
    def title(self) -> str:
        return self.src_title or self.tgt_title or self.pair_id

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Report:
    """Everything the writers need; ``ids[i]`` is the anchor of ``findings[i]``."""

    run: dict[str, object]
    options: dict[str, object]
    min_severity: Severity
    checks: list[dict[str, str]]
    documents: list[DocumentSummary]
    findings: list[Finding]
    ids: list[str]
    beads: list[AlignedBead]

    @property
    def totals(self) -> Totals:
        src_chars = sum(d.src_chars for d in self.documents)
        covered = sum(d.covered_chars for d in self.documents)
        estimated = [d for d in self.documents if d.translated_share is not None]
        estimated_chars = sum(d.src_chars for d in estimated)
        return Totals(
            documents=len(self.documents),
            paired=sum(d.status == "paired" for d in self.documents),
            findings=len(self.findings),
            findings_by_severity=_count_severities(self.findings),
            findings_by_check=_count_checks(self.findings),
            src_chars=src_chars,
            covered_chars=covered,
            coverage=round(covered / src_chars, 4) if src_chars else None,
            translated_share=(
                round(sum(d.src_chars * (d.translated_share or 0.0) for d in estimated) / estimated_chars, 4)
                if estimated_chars
                else None
            ),
        )


@dataclass
class Totals:
    """The whole run at a glance (same meanings as in :class:`DocumentSummary`)."""

    documents: int
    paired: int
    findings: int
    findings_by_severity: dict[str, int]
    findings_by_check: dict[str, int]
    src_chars: int
    covered_chars: int
    coverage: float | None
    translated_share: float | None


def _count_severities(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {severity: counts[severity] for severity in reversed(SEVERITIES) if counts[severity]}


def _count_checks(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.check for f in findings)
    return {name: counts[name] for name in [*CHECKS, *sorted(set(counts) - set(CHECKS))] if counts[name]}


def _coverage(beads: list[AlignedBead]) -> tuple[int, int, int]:
    """Source characters, those in beads with a counterpart, and the target characters of those
    beads, counted on the finest beads."""
    context = CheckContext(beads, [], "", "", CheckOptions())
    units = context.units()
    aligned = [unit for unit in units if not is_omission(unit)]
    total = sum(side_length(unit.src) for unit in units)
    return total, sum(side_length(u.src) for u in aligned), sum(side_length(u.tgt) for u in aligned)


def _translated_share(src_chars: int, covered: int, tgt_chars: int, ratio: float | None) -> float | None:
    if not src_chars or ratio is None or ratio <= 0:
        return None
    rendered = min(float(covered), tgt_chars / ratio)
    return round(rendered / src_chars, 4)


def build_report(
    beads: list[AlignedBead],
    documents: Sequence[DocumentRowLike],
    findings: list[Finding],
    manifest: dict[str, object],
    *,
    options: CheckOptions | None = None,
    min_severity: Severity = "info",
) -> Report:
    """Summaries per document (coverage, findings by check and severity) and the numbered findings.

    Findings below ``min_severity`` are left out of the report (and of its counts).
    """
    options = options or CheckOptions()
    beads = as_recorded(beads)
    rows = [DocumentRow.coerce(row) for row in documents]
    floor = SEVERITIES.index(min_severity)
    kept = sort_findings([f for f in findings if SEVERITIES.index(f.severity) >= floor], beads, rows)
    by_pair: dict[str, list[AlignedBead]] = {}
    for bead in beads:
        by_pair.setdefault(bead.pair_id, []).append(bead)
    ratios = CheckContext(beads, rows, "", "", options).length_ratios
    summaries = []
    # Beads of a pair that documents.csv lacks still get a summary, so none of their findings is lost.
    listed = {row.pair_id for row in rows}
    extra = [DocumentRow(pair_id) for pair_id in by_pair if pair_id not in listed]
    for row in [*rows, *extra]:
        pair_id = row.pair_id
        pair_beads = by_pair.get(pair_id, [])
        src_chars, covered, tgt_chars = _coverage(pair_beads)
        pair_findings = [f for f in kept if f.pair_id == pair_id]
        ratio = ratios.get(pair_id)
        unpaired = row.status != "paired"
        summaries.append(
            DocumentSummary(
                pair_id=pair_id,
                status=row.status,
                src_file=row.src_file,
                src_title=row.src_title,
                tgt_file=row.tgt_file,
                tgt_title=row.tgt_title,
                paragraphs=sum(b.level == "paragraph" for b in pair_beads),
                sentences=sum(b.level == "sentence" for b in pair_beads),
                src_chars=src_chars,
                covered_chars=covered,
                coverage=(
                    round(covered / src_chars, 4)
                    if src_chars
                    else (0.0 if row.status == "src-only" else None)
                ),
                length_ratio=round(ratio, 4) if ratio is not None and not unpaired else None,
                translated_share=_translated_share(
                    src_chars, covered, tgt_chars, None if unpaired else ratio
                ),
                findings_by_check=_count_checks(pair_findings),
                findings_by_severity=_count_severities(pair_findings),
                reason=row.reason,
            )
        )
    return Report(
        run={key: manifest[key] for key in RUN_KEYS if key in manifest},
        options=asdict(options),
        min_severity=min_severity,
        checks=[
            {"name": c.name, "title": c.title, "severity": c.severity, "explanation": c.explanation}
            for c in CHECKS.values()
            if options.is_enabled(c.name)
        ],
        documents=summaries,
        findings=kept,
        ids=[f"f{index:04d}" for index in range(1, len(kept) + 1)],
        beads=beads,
    )
