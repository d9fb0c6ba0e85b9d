"""``report.html``: one self-contained page (inline CSS and JS, no network) for editors.

Layout: a toolbar of filters (checks, severities, "only flagged passages"), an overview with a
coverage bar and a findings bar per document and a link to every finding, then each document side
by side (source | target), paragraph bead by paragraph bead with its sentence beads inside. Every
finding is a card placed under the passage it concerns, and the passages it names are highlighted
in the colour of their most serious visible finding. Without JavaScript everything is shown.
"""

from __future__ import annotations

import json
from html import escape

from aligner.checks.base import location
from aligner.model import SEVERITIES, AlignedBead, Finding, Segment
from aligner.report.data import DocumentSummary, Report

SegmentKey = tuple[str, int, int]

_CSS = """
:root { --critical: #b3261e; --major: #d9480f; --minor: #c99a06; --info: #1c64b8; --line: #d8dde3;
  --muted: #5f6b7a; --bg-critical: #fbe3e1; --bg-major: #fde8d7; --bg-minor: #fdf3c4; --bg-info: #e1ecfa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
  margin: 0; color: #1d2430; background: #f6f7f9; }
header.top { padding: 1rem 2rem .5rem; background: #fff; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
.muted { color: var(--muted); font-size: .88rem; }
#filters { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line);
  padding: .5rem 2rem; display: flex; flex-wrap: wrap; gap: .35rem 1.25rem; align-items: center; }
#filters fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .15rem .7rem; }
#filters legend { float: left; font-weight: 600; margin-right: .4rem; }
#filters label { white-space: nowrap; font-size: .9rem; cursor: pointer; }
#shown { margin-left: auto; font-weight: 600; }
section.panel, section.doc { background: #fff; margin: 1rem 2rem; padding: 1rem 1.25rem;
  border: 1px solid var(--line); border-radius: 8px; }
table.docs { border-collapse: collapse; width: 100%; }
table.docs th, table.docs td { text-align: left; vertical-align: top; padding: .4rem .5rem;
  border-bottom: 1px solid var(--line); }
td.cov { white-space: nowrap; font-size: .85rem; }
.bar { display: inline-block; width: 8rem; height: .8rem; background: var(--bg-critical);
  border-radius: 3px; overflow: hidden; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: #2f9e44; }
.bar.translated { height: .5rem; } .bar.translated > span { background: #1c7c54; }
.sevbar { display: flex; width: 12rem; height: .8rem; border-radius: 3px; overflow: hidden;
  background: #eef0f3; vertical-align: middle; }
.sevbar span, .checkbar span.fill { display: block; height: 100%; }
.checkbars { display: grid; grid-template-columns: max-content 1fr max-content; gap: .2rem .6rem;
  align-items: center; max-width: 44rem; }
.checkbar { height: .8rem; background: #eef0f3; border-radius: 3px; overflow: hidden; }
.fill-critical, .s-critical { background: var(--critical); }
.fill-major, .s-major { background: var(--major); }
.fill-minor, .s-minor { background: var(--minor); }
.fill-info, .s-info { background: var(--info); }
.badge { display: inline-block; color: #fff; border-radius: 3px; padding: 0 .35rem; font-size: .78rem;
  font-weight: 600; text-transform: uppercase; letter-spacing: .02em; }
details.links ol { margin: .3rem 0; padding-left: 1.4rem; font-size: .88rem; }
details.links li, .finding, table.docs td { overflow-wrap: anywhere; }
.block { border: 1px solid var(--line); border-left: 5px solid transparent; border-radius: 6px;
  margin: .6rem 0; }
.block-head { font-size: .78rem; color: var(--muted); padding: .2rem .6rem;
  border-bottom: 1px solid var(--line); background: #fafbfc; }
.row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) 3.2rem;
  border-top: 1px dashed #edf0f2; }
.row:first-child { border-top: 0; }
.cell { padding: .3rem .6rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.cell.tgt { border-left: 1px solid var(--line); }
.cell.empty { color: var(--muted); font-style: italic; background: repeating-linear-gradient(
  135deg, #fff, #fff 6px, #f3f4f6 6px, #f3f4f6 12px); }
.score { font-size: .75rem; color: var(--muted); padding: .35rem .4rem; text-align: right; }
.kind-heading .cell { font-weight: 700; }
[data-sev] { cursor: pointer; }
.cell[data-sev=critical] { background: var(--bg-critical); }
.cell[data-sev=major] { background: var(--bg-major); }
.cell[data-sev=minor] { background: var(--bg-minor); }
.cell[data-sev=info] { background: var(--bg-info); }
.block[data-sev=critical] { border-left-color: var(--critical); }
.block[data-sev=major] { border-left-color: var(--major); }
.block[data-sev=minor] { border-left-color: var(--minor); }
.block[data-sev=info] { border-left-color: var(--info); }
.finding { margin: .4rem .6rem; padding: .4rem .6rem; border-radius: 4px; border: 1px solid var(--line);
  border-left: 4px solid var(--muted); background: #fff; font-size: .9rem; }
.finding.sev-critical { border-left-color: var(--critical); }
.finding.sev-major { border-left-color: var(--major); }
.finding.sev-minor { border-left-color: var(--minor); }
.finding.sev-info { border-left-color: var(--info); }
.finding:target { box-shadow: 0 0 0 3px #7aa7e8; }
/* Anchored elements land below the sticky filter bar, not under it. */
.finding, .block, section.doc, #overview tr { scroll-margin-top: 10rem; }
.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 .8rem; margin: .3rem 0 0;
  font-size: .82rem; color: var(--muted); }
.finding dd { margin: 0; overflow-wrap: anywhere; }
.fid { font-family: ui-monospace, monospace; font-size: .8rem; color: var(--muted); }
.explain dt { font-weight: 600; } .explain dd { margin: 0 0 .5rem 0; }
[hidden] { display: none !important; }
"""

_JS = """
(function () {
  var rank = {info: 0, minor: 1, major: 2, critical: 3};
  var total = document.querySelectorAll('.finding').length;
  function checked(cls) {
    var out = {};
    document.querySelectorAll('input.' + cls).forEach(function (b) { if (b.checked) out[b.value] = true; });
    return out;
  }
  function apply() {
    var checks = checked('filter-check'), sevs = checked('filter-severity');
    var shown = {}, count = 0;
    document.querySelectorAll('.finding').forEach(function (el) {
      var on = !!checks[el.dataset.check] && !!sevs[el.dataset.severity];
      el.hidden = !on;
      if (on) { shown[el.id] = el.dataset.severity; count += 1; }
    });
    document.querySelectorAll('.finding-link').forEach(function (el) {
      el.hidden = !shown[el.dataset.target];
    });
    document.querySelectorAll('[data-f]').forEach(function (el) {
      var best = -1, name = '';
      el.dataset.f.split(' ').forEach(function (id) {
        var sev = shown[id];
        if (sev !== undefined && rank[sev] > best) { best = rank[sev]; name = sev; }
      });
      if (best < 0) { el.removeAttribute('data-sev'); } else { el.setAttribute('data-sev', name); }
    });
    document.querySelectorAll('[data-count-doc]').forEach(function (el) {
      var doc = document.getElementById(el.dataset.countDoc);
      el.textContent = doc ? doc.querySelectorAll('.finding:not([hidden])').length : 0;
    });
    var only = document.getElementById('only-flagged').checked;
    document.querySelectorAll('.block').forEach(function (el) {
      var flagged = el.hasAttribute('data-sev') || el.querySelector('[data-sev], .finding:not([hidden])');
      el.hidden = only && !flagged;
    });
    document.getElementById('shown').textContent = count + ' of ' + total + ' findings shown';
  }
  document.querySelectorAll('#filters input').forEach(function (b) { b.addEventListener('change', apply); });
  document.addEventListener('click', function (event) {
    var el = event.target.closest('[data-sev]');
    if (!el || event.target.closest('a')) return;
    var ids = el.dataset.f.split(' ').filter(function (id) {
      var card = document.getElementById(id);
      return card && !card.hidden;
    });
    if (ids.length) location.hash = ids[0];
  });
  window.alignerReport = {apply: apply};
  apply();
})();
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _key(segment: Segment) -> SegmentKey:
    return (segment.file, segment.char_start, segment.char_end)


def _where(segments: list[Segment]) -> str:
    return location(segments) or "—"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _bar(share: float | None, label: str) -> str:
    width = 100 * (share or 0.0)
    return (
        f'<span class="bar {label.split()[0]}" title="{_percent(share)} {label}">'
        f'<span style="width:{width:.1f}%"></span></span> {_percent(share)} {label}'
    )


class _Page:
    """Builds the page; knows which element shows each segment and which findings touch it."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.doc_ids = {doc.pair_id: f"d{index}" for index, doc in enumerate(report.documents, start=1)}
        self.titles = {c["name"]: c["title"] for c in report.checks}
        self.beads: dict[str, list[AlignedBead]] = {}
        for bead in report.beads:
            self.beads.setdefault(bead.pair_id, []).append(bead)
        # Element id per segment: sentence segments map to their side's cell, paragraph segments to
        # their block. Sentence cells win where a one-sentence paragraph shares the span.
        self.cell_of: dict[SegmentKey, str] = {}
        self.block_of: dict[SegmentKey, str] = {}
        for pair_id, beads in self.beads.items():
            doc = self.doc_ids.get(pair_id)
            if doc is None:
                continue
            sentence_numbers: dict[int, int] = {}
            for bead in beads:
                block_id = f"{doc}-b{bead.block}"
                if bead.level == "paragraph":
                    for segment in [*bead.src, *bead.tgt]:
                        self.block_of.setdefault(_key(segment), block_id)
                    continue
                number = sentence_numbers.get(bead.block, 0)
                sentence_numbers[bead.block] = number + 1
                for side, segments in (("src", bead.src), ("tgt", bead.tgt)):
                    for segment in segments:
                        self.cell_of.setdefault(_key(segment), f"{block_id}-s{number}-{side}")
                        self.block_of.setdefault(_key(segment), block_id)
        self.severity_of = dict(zip(report.ids, (f.severity for f in report.findings), strict=True))
        self.marks: dict[str, list[str]] = {}  # element id -> finding ids highlighting it
        self.cards: dict[str, list[str]] = {}  # block id (or doc id) -> rendered finding cards
        for finding_id, finding in zip(report.ids, report.findings, strict=True):
            self._place(finding_id, finding)

    def _place(self, finding_id: str, finding: Finding) -> None:
        home = None
        own_doc = self.doc_ids.get(finding.pair_id, "")
        for segment in [*finding.src, *finding.tgt]:
            key = _key(segment)
            block = self.block_of.get(key)
            if block is None:
                continue
            # A whole-paragraph finding marks the block; a sentence finding marks the cell.
            target = self.cell_of.get(key, block)
            marks = self.marks.setdefault(target, [])
            if finding_id not in marks:
                marks.append(finding_id)
            if home is None and block.split("-")[0] == own_doc:
                home = block
        self.cards.setdefault(home or own_doc, []).append(self._card(finding_id, finding))

    def _card(self, finding_id: str, finding: Finding) -> str:
        rows = [
            f"<dt>source</dt><dd>{_e(_where(finding.src))}</dd>" if finding.src else "",
            f"<dt>target</dt><dd>{_e(_where(finding.tgt))}</dd>" if finding.tgt else "",
        ]
        for name, value in finding.detail.items():
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            rows.append(f"<dt>{_e(name)}</dt><dd>{_e(shown)}</dd>")
        title = self.titles.get(finding.check, finding.check)
        severity = _e(finding.severity)
        return (
            f'<div class="finding sev-{severity}" id="{finding_id}" data-check="{_e(finding.check)}" '
            f'data-severity="{severity}"><span class="badge s-{severity}">{severity}</span> '
            f'<b>{_e(title)}</b> <span class="fid">{finding_id}</span> '
            f'· {_e(finding.message)} <a href="#ov-{self.doc_ids.get(finding.pair_id, "")}">↑ overview</a>'
            f'<details><summary class="muted">evidence</summary><dl>{"".join(rows)}</dl></details></div>'
        )

    def _mark(self, element_id: str) -> str:
        ids = self.marks.get(element_id)
        if not ids:
            return ""
        rank = max(SEVERITIES.index(self.severity_of[i]) for i in ids)
        return f' data-f="{" ".join(ids)}" data-sev="{SEVERITIES[rank]}"'

    # -- page parts --------------------------------------------------------------------------------

    def toolbar(self) -> str:
        check_counts = {c["name"]: 0 for c in self.report.checks}
        severity_counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.report.findings:
            check_counts[finding.check] = check_counts.get(finding.check, 0) + 1
            severity_counts[finding.severity] += 1
        checks = "".join(
            f'<label><input type="checkbox" class="filter-check" value="{_e(name)}" checked> '
            f"{_e(self.titles.get(name, name))} ({count})</label>"
            for name, count in check_counts.items()
        )
        severities = "".join(
            f'<label><input type="checkbox" class="filter-severity" value="{s}" checked> '
            f'<span class="badge s-{s}">{s}</span> ({severity_counts[s]})</label>'
            for s in reversed(SEVERITIES)
        )
        return (
            '<nav id="filters"><fieldset><legend>Severity</legend>'
            f"{severities}</fieldset><fieldset><legend>Checks</legend>{checks}</fieldset>"
            '<label><input type="checkbox" id="only-flagged"> only passages with findings</label>'
            f'<span id="shown">{len(self.report.findings)} findings</span></nav>'
        )

    def overview(self) -> str:
        rows = []
        for index, doc in enumerate(self.report.documents, start=1):
            rows.append(self._overview_row(index, doc))
        totals = self.report.totals
        by_check = totals.findings_by_check
        most = max(by_check.values(), default=1)
        bars = []
        for name, count in by_check.items():
            severity = next((c["severity"] for c in self.report.checks if c["name"] == name), "info")
            bars.append(
                f'<span>{_e(self.titles.get(name, name))}</span><div class="checkbar">'
                f'<span class="fill fill-{_e(severity)}" style="width:{100 * count / most:.1f}%">'
                "</span></div>"
                f"<span>{count}</span>"
            )
        return (
            '<section class="panel" id="overview"><h2>Overview</h2>'
            f'<p class="muted">{totals.documents} documents, {totals.findings} findings. '
            f"{_percent(totals.coverage)} of the source text is aligned to target text (upper bar); an "
            f"estimated {_percent(totals.translated_share)} is rendered by it (lower bar: aligned text "
            "discounted where the target is shorter than the document's usual length ratio predicts, "
            "as in a condensed translation).</p>"
            f'<div class="checkbars">{"".join(bars)}</div>'
            '<table class="docs"><thead><tr><th>#</th><th>Document</th><th>Source covered</th>'
            f"<th>Findings</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
        )

    def _overview_row(self, index: int, doc: DocumentSummary) -> str:
        doc_id = self.doc_ids[doc.pair_id]
        total = sum(doc.findings_by_severity.values())
        sevbar = "".join(
            f'<span class="s-{_e(s)}" style="flex-grow:{count}" title="{count} {_e(s)}"></span>'
            for s, count in doc.findings_by_severity.items()
        )
        links = "".join(
            f'<li class="finding-link" data-target="{fid}"><a href="#{fid}">'
            f'<span class="badge s-{_e(f.severity)}">{_e(f.severity)}</span> {_e(f.message)}</a></li>'
            for fid, f in zip(self.report.ids, self.report.findings, strict=True)
            if f.pair_id == doc.pair_id
        )
        subtitle = doc.tgt_title if doc.src_title else ""
        counts = ", ".join(f"{n} {s}" for s, n in doc.findings_by_severity.items()) or "none"
        return (
            f'<tr id="ov-{doc_id}"><td>{index}</td><td><a href="#{doc_id}">{_e(doc.title)}</a>'
            f'<div class="muted">{_e(subtitle)} · {_e(doc.status)}</div>'
            + (f'<div class="muted">{_e(doc.reason)}</div>' if doc.reason else "")
            + "</td>"
            f'<td class="cov">{_bar(doc.coverage, "aligned")}<br>'
            f"{_bar(doc.translated_share, 'translated (est.)')}</td>"
            f'<td><div class="sevbar">{sevbar}</div><div class="muted">{_e(counts)}</div>'
            + (
                f'<details class="links"><summary><span data-count-doc="{doc_id}">{total}</span> findings'
                f"</summary><ol>{links}</ol></details>"
                if total
                else ""
            )
            + "</td></tr>"
        )

    def explanations(self) -> str:
        items = "".join(
            f'<dt><span class="badge s-{_e(c["severity"])}">{_e(c["severity"])}</span> {_e(c["title"])} '
            f'<span class="fid">{_e(c["name"])}</span></dt><dd>{_e(c["explanation"])}</dd>'
            for c in self.report.checks
        )
        return (
            '<section class="panel"><details><summary><b>What the checks look for</b></summary>'
            f'<dl class="explain">{items}</dl></details></section>'
        )

    def document(self, doc: DocumentSummary) -> str:
        doc_id = self.doc_ids[doc.pair_id]
        head = (
            f'<section class="doc" id="{doc_id}"><h2>{_e(doc.title)}</h2><p class="muted">'
            f"{_e(doc.src_file or '—')} ↔ {_e(doc.tgt_file or '—')} · {_e(doc.tgt_title)} · "
            f"{_e(doc.status)} · {_percent(doc.coverage)} aligned, {_percent(doc.translated_share)} "
            f"translated (est.) · {doc.paragraphs} paragraph beads, "
            f"{doc.sentences} sentence beads"
            f' · <a href="#ov-{doc_id}">↑ overview</a></p>'
        )
        parts = [head, *self.cards.get(doc_id, [])]
        blocks: dict[int, list[AlignedBead]] = {}
        for bead in self.beads.get(doc.pair_id, []):
            blocks.setdefault(bead.block, []).append(bead)
        for number, beads in blocks.items():
            parts.append(self._block(f"{doc_id}-b{number}", number, beads))
        parts.append("</section>")
        return "".join(parts)

    def _block(self, block_id: str, number: int, beads: list[AlignedBead]) -> str:
        paragraph = next((b for b in beads if b.level == "paragraph"), None)
        sentences = [b for b in beads if b.level == "sentence"]
        rows = []
        if sentences:
            for index, bead in enumerate(sentences):
                rows.append(self._row(f"{block_id}-s{index}", bead))
        elif paragraph is not None:
            rows.append(self._row(None, paragraph))
        head = ""
        if paragraph is not None:
            kinds = {s.kind for s in [*paragraph.src, *paragraph.tgt]}
            head = (
                f'<div class="block-head">¶ {number + 1} · {_e(paragraph.kind)} · '
                f"score {paragraph.score:.2f} · "
                f"{_e(_where(paragraph.src))} | {_e(_where(paragraph.tgt))}"
                f"{' · ' + _e(', '.join(sorted(kinds - {'body'}))) if kinds - {'body'} else ''}</div>"
            )
        return (
            f'<div class="block" id="{block_id}"{self._mark(block_id)}>{head}'
            f'<div class="rows">{"".join(rows)}</div>'
            f"{''.join(self.cards.get(block_id, []))}</div>"
        )

    def _row(self, row_id: str | None, bead: AlignedBead) -> str:
        kind = " kind-heading" if any(s.kind == "heading" for s in [*bead.src, *bead.tgt]) else ""
        cells = []
        for side, segments in (("src", bead.src), ("tgt", bead.tgt)):
            cell_id = f"{row_id}-{side}" if row_id else ""
            if segments:
                text = (
                    " ".join(s.text for s in segments) if side == "src" else "".join(s.text for s in segments)
                )
                attrs = f' id="{cell_id}"{self._mark(cell_id)}' if cell_id else ""
                cells.append(f'<div class="cell {side}"{attrs}>{_e(text)}</div>')
            else:
                cells.append(f'<div class="cell {side} empty">no counterpart</div>')
        score = f"{bead.score:.2f}" if bead.src and bead.tgt else ""
        return (
            f'<div class="row{kind}" title="{_e(bead.kind)}">{"".join(cells)}'
            f'<div class="score">{score}</div></div>'
        )


def render_html(report: Report) -> str:
    page = _Page(report)
    run = report.run
    header = (
        '<header class="top"><h1>Alignment audit report</h1><p class="muted">'
        f"Run created {_e(run.get('created', '—'))} · {_e(run.get('src_lang', '?'))} → "
        f"{_e(run.get('tgt_lang', '?'))} · findings of severity {_e(report.min_severity)} and above · "
        "click a highlighted passage to jump to its finding</p></header>"
    )
    body = [header, page.toolbar(), page.overview(), page.explanations()]
    body.extend(page.document(doc) for doc in report.documents)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Alignment audit report</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + f"<script>{_JS}</script></body></html>\n"
    )
