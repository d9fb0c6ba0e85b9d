"""Audit findings scored against an editor's judgements: per-check precision, recall of real gaps.

A judgement file is a TSV written by a person who read papers in both languages (see
``corpora/cmia-19/audit-judgements.tsv``), one row per passage:

``paper, en_lines, zh_lines, verdict, kind, severity, quote, reason``

- ``verdict`` is ``judged`` (the paper's whole line ranges: everything in them was read),
  ``gap`` (a real problem an editor wants reported, with the ``severity`` they would give it),
  ``fine`` (read and found faithful: a finding there is a false alarm) or ``debatable``.
- ``en_lines``/``zh_lines`` are ``a-b`` ranges of the source and target files, ``-`` for none.
- ``quote`` (or ``-``) is a verbatim piece of the sentence a row is about: lines of this corpus
  hold whole paragraphs, so the quote says which sentence of the line is meant.

Rows are about passages, not about findings, so the judgements stay valid when the checks change:
a finding is *right* if it covers a gap row, *debatable* if it covers only debatable rows, and a
*false alarm* otherwise (inside a judged paper; findings elsewhere are *unjudged*). A finding covers
a row when their lines overlap on either side and the row's quote, if any, is in the finding's text.
A gap is *found* when any finding covers it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aligner.checks.base import content_key
from aligner.errors import InputError
from aligner.model import SEVERITIES, Finding, Segment

COLUMNS = ("paper", "en_lines", "zh_lines", "verdict", "kind", "severity", "quote", "reason")
VERDICTS = ("judged", "gap", "fine", "debatable")

LineRange = tuple[int, int] | None


def _range(value: str, where: str) -> LineRange:
    value = value.strip()
    if value in ("", "-"):
        return None
    match = re.fullmatch(r"(\d+)(?:-(\d+))?", value)
    if match is None:
        raise InputError(f"{where}: {value!r} is not a line range like 12-15")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise InputError(f"{where}: the range {value!r} ends before it starts")
    return first, last


@dataclass(frozen=True)
class Judgement:
    paper: str
    en_lines: LineRange
    zh_lines: LineRange
    verdict: str
    kind: str
    severity: str
    quote: str
    reason: str

    @property
    def label(self) -> str:
        side = self.en_lines or self.zh_lines
        where = f"{'en' if self.en_lines else 'zh'} {side[0]}-{side[1]}" if side else "?"
        return f"paper {self.paper} {where} {self.kind}"


def read_judgements(path: str | Path) -> list[Judgement]:
    """Read and validate a judgement TSV (see the module docstring)."""
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{target}: no such file") from exc
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise InputError(f"{target}: the header must be {' '.join(COLUMNS)}")
    judgements = []
    for number, row in enumerate(rows[1:], start=2):
        where = f"{target}:{number}"
        if not row:
            continue
        if len(row) != len(COLUMNS):
            raise InputError(f"{where}: {len(row)} fields, expected {len(COLUMNS)}")
        values = dict(zip(COLUMNS, row, strict=True))
        if values["verdict"] not in VERDICTS:
            raise InputError(f"{where}: verdict {values['verdict']!r} is not one of {', '.join(VERDICTS)}")
        if values["verdict"] == "gap" and values["severity"] not in SEVERITIES:
            raise InputError(f"{where}: a gap needs a severity ({', '.join(SEVERITIES)})")
        judgement = Judgement(
            paper=values["paper"],
            en_lines=_range(values["en_lines"], where),
            zh_lines=_range(values["zh_lines"], where),
            verdict=values["verdict"],
            kind=values["kind"],
            severity=values["severity"],
            quote="" if values["quote"].strip() == "-" else values["quote"].strip(),
            reason=values["reason"],
        )
        if judgement.en_lines is None and judgement.zh_lines is None:
            raise InputError(f"{where}: a row needs en_lines or zh_lines")
        judgements.append(judgement)
    return judgements


def _lines(segments: Sequence[Segment]) -> LineRange:
    if not segments:
        return None
    return min(s.line_start for s in segments), max(s.line_end for s in segments)


def _overlap(a: LineRange, b: LineRange) -> bool:
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


def covers(finding: Finding, judgement: Judgement) -> bool:
    """True if ``finding`` is about the passage of ``judgement`` (see the module docstring)."""
    if not (
        _overlap(_lines(finding.src), judgement.en_lines) or _overlap(_lines(finding.tgt), judgement.zh_lines)
    ):
        return False
    if not judgement.quote:
        return True
    text = content_key(" ".join(s.text for s in [*finding.src, *finding.tgt]))
    return content_key(judgement.quote) in text


@dataclass
class CheckScore:
    findings: int = 0
    right: int = 0
    false: int = 0
    debatable: int = 0
    unjudged: int = 0

    @property
    def precision(self) -> float | None:
        judged = self.right + self.false
        return self.right / judged if judged else None


@dataclass
class AuditScore:
    """What :func:`score_findings` measured; ``false_alarms`` and ``missed`` hold the evidence."""

    by_check: dict[str, CheckScore]
    gaps: int
    found: int
    gaps_by_kind: dict[str, tuple[int, int]]
    gaps_by_severity: dict[str, tuple[int, int]]
    by_severity: Counter[str]
    false_criticals: list[Finding]
    false_alarms: list[Finding]
    missed: list[Judgement]
    repeated: int
    papers: list[str] = field(default_factory=list)

    @property
    def total(self) -> CheckScore:
        total = CheckScore()
        for score in self.by_check.values():
            total.findings += score.findings
            total.right += score.right
            total.false += score.false
            total.debatable += score.debatable
            total.unjudged += score.unjudged
        return total

    @property
    def recall(self) -> float | None:
        return self.found / self.gaps if self.gaps else None


def _in_paper(finding: Finding, paper: Judgement) -> bool:
    return _overlap(_lines(finding.src), paper.en_lines) or _overlap(_lines(finding.tgt), paper.zh_lines)


def score_findings(findings: Iterable[Finding], judgements: Sequence[Judgement]) -> AuditScore:
    """Score ``findings`` against ``judgements``: precision per check, recall of the gap rows."""
    papers = [j for j in judgements if j.verdict == "judged"]
    rows = [j for j in judgements if j.verdict != "judged"]
    gaps = [j for j in rows if j.verdict == "gap"]
    by_check: dict[str, CheckScore] = {}
    by_severity: Counter[str] = Counter()
    found: Counter[int] = Counter()
    false_alarms: list[Finding] = []
    false_criticals: list[Finding] = []
    for finding in findings:
        score = by_check.setdefault(finding.check, CheckScore())
        score.findings += 1
        by_severity[finding.severity] += 1
        if not any(_in_paper(finding, paper) for paper in papers):
            score.unjudged += 1
            continue
        covered = [row for row in rows if covers(finding, row)]
        covered_gaps = [row for row in covered if row.verdict == "gap"]
        for row in covered_gaps:
            found[id(row)] += 1
        if covered_gaps:
            score.right += 1
        elif any(row.verdict == "debatable" for row in covered):
            score.debatable += 1
        else:
            score.false += 1
            false_alarms.append(finding)
        if finding.severity == "critical" and not any(row.severity == "critical" for row in covered_gaps):
            false_criticals.append(finding)
    kinds: dict[str, tuple[int, int]] = {}
    severities: dict[str, tuple[int, int]] = {}
    for gap in gaps:
        for table, key in ((kinds, gap.kind), (severities, gap.severity)):
            total, hit = table.get(key, (0, 0))
            table[key] = (total + 1, hit + (1 if found[id(gap)] else 0))
    return AuditScore(
        by_check=dict(sorted(by_check.items())),
        gaps=len(gaps),
        found=sum(1 for gap in gaps if found[id(gap)]),
        gaps_by_kind=dict(sorted(kinds.items())),
        gaps_by_severity={s: severities[s] for s in reversed(SEVERITIES) if s in severities},
        by_severity=by_severity,
        false_criticals=false_criticals,
        false_alarms=false_alarms,
        missed=[gap for gap in gaps if not found[id(gap)]],
        repeated=sum(1 for gap in gaps if found[id(gap)] > 1),
        papers=[paper.paper for paper in papers],
    )
