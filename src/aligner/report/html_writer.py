"""``report.html``: one self-contained page (inline CSS, SVG and JS, no network) for editors.

Layout: a sidebar of documents (coverage and findings count each, a click opens the document), a
sticky toolbar (search in both languages, filters by check and severity, "only flagged passages"),
an overview (findings per check, a findings-per-document chart, per document its coverage and the
distribution of its sentence scores), the findings as a worklist that sorts by position, severity
or score, then each document side by side (source | target), paragraph bead by paragraph bead with
its sentence beads inside, the passages a finding names highlighted in the colour of their most
serious visible finding and a note of each finding under its passage.

The passages of each document travel as JSON and are laid out by the script when the document is
opened (from the sidebar, a link, or its "side by side" toggle), so a report of thousands of beads
opens at once and weighs little more than its text. Without JavaScript the overview and the
findings, with their passages, are all there; the side-by-side documents need it. The page is the
same bytes for the same report.
"""

from __future__ import annotations

import json
import statistics
from html import escape
from typing import TypedDict

from aligner.checks.base import location
from aligner.model import SEVERITIES, AlignedBead, Finding, Segment
from aligner.report.data import DocumentSummary, Report
from aligner.report.html_assets import CSS, JS

SegmentKey = tuple[str, int, int]
# Score histogram bins: [0, 0.1), ..., [0.9, 1.0]; scores outside [0, 1] go to the end bins.
BINS = 10
# Characters of a document title in the findings-per-document chart.
CHART_TITLE_CHARS = 38


class _Block(TypedDict, total=False):
    """One paragraph bead and its sentence beads, as the script lays them out (see html_assets)."""

    n: int
    p: list[object]
    f: str
    c: list[str]
    s: int
    r: list[list[object]]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _key(segment: Segment) -> SegmentKey:
    return (segment.file, segment.char_start, segment.char_end)


def _where(segments: list[Segment]) -> str:
    return location(segments) or "—"


def _lines(segments: list[Segment]) -> str:
    if not segments:
        return "—"
    first, last = segments[0].line_start, segments[-1].line_end
    return str(first) if first == last else f"{first}-{last}"


def _located(segments: list[Segment], file: str) -> str:
    """Lines of ``segments``, with their file where it is not the document's own ``file``."""
    if segments and any(s.file != file for s in segments):
        return _where(segments)
    return _lines(segments)


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _bar(share: float | None, label: str) -> str:
    width = 100 * (share or 0.0)
    return (
        f'<span class="bar {label.split()[0]}" title="{_percent(share)} {label}">'
        f'<span style="width:{width:.1f}%"></span></span> {_percent(share)} {label}'
    )


def _side_text(side: str, segments: list[Segment]) -> str:
    return (" " if side == "src" else "").join(s.text for s in segments)


def _json_script(element_id: str, value: object) -> str:
    """``value`` as JSON in a non-executed script element; ``<`` escaped, so no text can close the
    element (a script's content is not markup: ``&`` and quotes need nothing)."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{data}</script>'


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _ScoreHistogram:
    """Sentence-bead scores of one document: BINS bins, the beads with one side only, the median."""

    def __init__(self, beads: list[AlignedBead]) -> None:
        sentences = [b for b in beads if b.level == "sentence"] or [
            b for b in beads if b.level == "paragraph"
        ]
        scores = [b.score for b in sentences if b.src and b.tgt]
        self.counts = [0] * BINS
        for score in scores:
            self.counts[min(BINS - 1, max(0, int(score * BINS)))] += 1
        self.unaligned = sum(1 for b in sentences if not (b.src and b.tgt))
        self.median = statistics.median(scores) if scores else None

    def svg(self, width: int, height: int, labelled: bool) -> str:
        if self.median is None and not self.unaligned:
            return '<span class="muted">no scores</span>'
        top = max([*self.counts, self.unaligned, 1])
        label_h = 14 if labelled else 0
        plot_h = height - label_h
        slot = width / (BINS + 1.5)
        parts = [
            f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            'role="img" aria-label="sentence score distribution">'
        ]

        def bar(x: float, count: int, css: str, tip: str) -> str:
            h = plot_h * count / top
            return (
                f'<rect class="{css}" x="{x:.1f}" y="{plot_h - h:.1f}" width="{slot * 0.85:.1f}" '
                f'height="{h:.1f}"><title>{_e(tip)}</title></rect>'
            )

        parts.append(bar(0, self.unaligned, "c-none", f"no counterpart: {self.unaligned}"))
        for index, count in enumerate(self.counts):
            low, high = index / BINS, (index + 1) / BINS
            parts.append(bar(slot * (index + 1.5), count, "c-score", f"score {low:.1f}–{high:.1f}: {count}"))
        x0 = slot * 1.5
        parts.append(f'<line class="axis" x1="{x0:.1f}" y1="{plot_h}" x2="{width}" y2="{plot_h}"/>')
        if self.median is not None:
            x = x0 + (width - x0) * min(1.0, max(0.0, self.median))
            parts.append(
                f'<line class="median" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{plot_h}">'
                f"<title>median {self.median:.2f}</title></line>"
            )
        if labelled:
            y = height - 2
            parts.append(f'<text class="lab" x="0" y="{y}">none</text>')
            for value, anchor in ((0.0, "start"), (0.5, "middle"), (1.0, "end")):
                x = x0 + (width - x0) * value
                parts.append(f'<text class="lab" x="{x:.1f}" y="{y}" text-anchor="{anchor}">{value:g}</text>')
        parts.append("</svg>")
        return "".join(parts)

    def summary(self) -> str:
        median = "—" if self.median is None else f"{self.median:.2f}"
        return f"median score {median}, {self.unaligned} without counterpart"


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
        self.score_of: dict[SegmentKey, float] = {}
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
                        self.score_of.setdefault(_key(segment), bead.score)
            for bead in beads:
                if bead.level == "paragraph":
                    for segment in [*bead.src, *bead.tgt]:
                        self.score_of.setdefault(_key(segment), bead.score)
        self.severity_of = dict(zip(report.ids, (f.severity for f in report.findings), strict=True))
        self.marks: dict[str, list[str]] = {}  # element id -> finding ids highlighting it
        self.placed: dict[str, list[str]] = {}  # block id (or doc id) -> finding ids placed there
        self.home: dict[str, str] = {}  # finding id -> block id (or doc id) it is placed under
        for finding_id, finding in zip(report.ids, report.findings, strict=True):
            self._place(finding_id, finding)
        self.histograms = {
            doc.pair_id: _ScoreHistogram(self.beads.get(doc.pair_id, [])) for doc in report.documents
        }

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
        self.home[finding_id] = home or own_doc
        self.placed.setdefault(home or own_doc, []).append(finding_id)

    def _score(self, finding: Finding) -> float | None:
        """The similarity the finding is about: its own ``score`` detail, else the lowest score of
        the beads its passages sit in (0 for a passage with no counterpart)."""
        own = finding.detail.get("score")
        if isinstance(own, int | float) and not isinstance(own, bool):
            return float(own)
        scores = [self.score_of[k] for k in map(_key, [*finding.src, *finding.tgt]) if k in self.score_of]
        return min(scores) if scores else None

    def _marked(self, element_id: str) -> str:
        return " ".join(self.marks.get(element_id, []))

    # -- page parts --------------------------------------------------------------------------------

    def sidebar(self) -> str:
        items = []
        for index, doc in enumerate(self.report.documents, start=1):
            doc_id = self.doc_ids[doc.pair_id]
            total = sum(doc.findings_by_severity.values())
            tip = doc.title if not doc.src_title else f"{doc.title} / {doc.tgt_title}"
            share = 100 * (doc.coverage or 0.0)
            items.append(
                f'<li><a class="side-doc" href="#{doc_id}" data-doc="{doc_id}" title="{_e(tip)}">'
                f'<span class="n">{index}</span><span class="t">{_e(doc.title)}</span>'
                f'<span class="meta"><span class="bar mini"><span style="width:{share:.1f}%"></span></span> '
                f'{_percent(doc.coverage)} · <b data-count-doc="{doc_id}" data-unit="finding">'
                f"{_count(total, 'finding')}</b>"
                f'<span class="hits" data-hits-doc="{doc_id}"></span></span></a></li>'
            )
        return f'<aside id="sidebar"><h2>Documents</h2><ol>{"".join(items)}</ol></aside>'

    def toolbar(self) -> str:
        check_counts = {c["name"]: 0 for c in self.report.checks}
        severity_counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.report.findings:
            check_counts[finding.check] = check_counts.get(finding.check, 0) + 1
            severity_counts[finding.severity] += 1
        # Checks that found nothing would only be filters that filter nothing: named, not listed.
        checks = "".join(
            f'<label><input type="checkbox" class="filter-check" value="{_e(name)}" checked> '
            f"{_e(self.titles.get(name, name))} ({count})</label>"
            for name, count in check_counts.items()
            if count
        )
        quiet = [self.titles.get(name, name) for name, count in check_counts.items() if not count]
        if quiet:
            checks += (
                f'<span class="muted" title="{_e(", ".join(quiet))}">{len(quiet)} more found nothing</span>'
            )
        severities = "".join(
            f'<label><input type="checkbox" class="filter-severity" value="{s}" checked> '
            f'<span class="badge s-{s}">{s}</span> ({severity_counts[s]})</label>'
            for s in reversed(SEVERITIES)
        )
        src_lang, tgt_lang = (
            self.report.run.get("src_lang", "source"),
            self.report.run.get("tgt_lang", "target"),
        )
        return (
            '<nav id="filters"><div class="searchline">'
            f'<input type="search" id="search" placeholder="Search {_e(src_lang)} and {_e(tgt_lang)} text '
            'and findings" aria-label="Search both languages" autocomplete="off" spellcheck="false">'
            '<span id="hits" class="hits"></span>'
            f'<span id="shown">{len(self.report.findings)} findings</span></div>'
            f"<fieldset><legend>Severity</legend>{severities}</fieldset>"
            '<label><input type="checkbox" id="only-flagged"> only passages with findings</label>'
            f'<fieldset class="checks"><legend>Checks</legend>{checks}</fieldset></nav>'
        )

    def overview(self) -> str:
        rows = [self._overview_row(index, doc) for index, doc in enumerate(self.report.documents, start=1)]
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
            '<div class="charts"><div><h3>Findings by check</h3>'
            f'<div class="checkbars">{"".join(bars)}</div></div>'
            f"<div><h3>Findings per document</h3>{self._findings_chart()}</div></div>"
            '<table class="docs"><thead><tr><th class="n">#</th><th>Document</th><th>Source covered</th>'
            "<th>Sentence scores</th><th>Findings</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>"
        )

    def _findings_chart(self) -> str:
        """One stacked bar of findings by severity per document, each a link to the document."""
        documents = self.report.documents
        row_h, label_w, count_w, width = 18, 250, 30, 540
        most = max((sum(d.findings_by_severity.values()) for d in documents), default=0) or 1
        plot_w = width - label_w - count_w
        height = row_h * len(documents) + 4
        parts = [
            f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            'role="img" aria-label="findings per document">'
        ]
        for index, doc in enumerate(documents):
            doc_id = self.doc_ids[doc.pair_id]
            y = index * row_h + 2
            total = sum(doc.findings_by_severity.values())
            counts = ", ".join(f"{n} {s}" for s, n in doc.findings_by_severity.items()) or "no findings"
            parts.append(
                f'<a href="#{doc_id}"><title>{index + 1} · {_e(doc.title)}: {_e(counts)}</title>'
                f'<rect class="track" x="0" y="{y}" width="{width}" height="{row_h}"/>'
                f'<text x="0" y="{y + 13}">{index + 1:>2} {_e(_shorten(doc.title, CHART_TITLE_CHARS))}</text>'
            )
            x = float(label_w)
            for severity in reversed(SEVERITIES):
                count = doc.findings_by_severity.get(severity, 0)
                if count:
                    w = plot_w * count / most
                    parts.append(
                        f'<rect class="c-{severity}" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" '
                        f'height="{row_h - 6}"/>'
                    )
                    x += w
            parts.append(f'<text class="lab" x="{x + 4:.1f}" y="{y + 13}">{total}</text></a>')
        parts.append("</svg>")
        return "".join(parts)

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
        histogram = self.histograms[doc.pair_id]
        return (
            f'<tr id="ov-{doc_id}"><td class="n">{index}</td><td><a href="#{doc_id}">{_e(doc.title)}</a>'
            f'<div class="muted">{_e(subtitle)} · {_e(doc.status)}</div>'
            + (f'<div class="muted">{_e(doc.reason)}</div>' if doc.reason else "")
            + "</td>"
            f'<td class="cov">{_bar(doc.coverage, "aligned")}<br>'
            f"{_bar(doc.translated_share, 'translated (est.)')}</td>"
            f'<td class="hist" title="{_e(histogram.summary())}">'
            f"{histogram.svg(120, 30, labelled=False)}</td>"
            f'<td><div class="sevbar">{sevbar}</div><div class="muted">{_e(counts)}</div>'
            + (
                f'<details class="links"><summary><span data-count-doc="{doc_id}" data-unit="finding">'
                f"{_count(total, 'finding')}</span></summary>"
                f"<ol>{links}</ol></details>"
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

    def findings(self) -> str:
        cards = [
            self._card(position, finding_id, finding)
            for position, (finding_id, finding) in enumerate(
                zip(self.report.ids, self.report.findings, strict=True), start=1
            )
        ]
        buttons = "".join(
            f'<button type="button" class="sort" data-sort="{key}" '
            f'aria-pressed="{"true" if key == "position" else "false"}">{label}</button>'
            for key, label in (
                ("position", "position"),
                ("severity", "severity"),
                ("score", "score (lowest first)"),
            )
        )
        return (
            '<section class="panel" id="findings"><h2>Findings</h2>'
            f'<div class="sortbar"><span class="muted">Sort by</span> {buttons}</div>'
            f'<div id="finding-list">{"".join(cards)}</div></section>'
        )

    def _card(self, position: int, finding_id: str, finding: Finding) -> str:
        rows = [
            f"<dt>source</dt><dd>{_e(_where(finding.src))}</dd>" if finding.src else "",
            f"<dt>target</dt><dd>{_e(_where(finding.tgt))}</dd>" if finding.tgt else "",
        ]
        for name, value in finding.detail.items():
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            rows.append(f"<dt>{_e(name)}</dt><dd>{_e(shown)}</dd>")
        title = self.titles.get(finding.check, finding.check)
        severity = _e(finding.severity)
        doc_id = self.doc_ids.get(finding.pair_id, "")
        home = self.home.get(finding_id, doc_id)
        number = doc_id.removeprefix("d")
        doc_title = next((d.title for d in self.report.documents if d.pair_id == finding.pair_id), "")
        where = f" ¶ {int(home.rsplit('-b', 1)[1]) + 1}" if "-b" in home else ""
        score = self._score(finding)
        pair = ""
        if finding.src or finding.tgt:
            pair = (
                '<div class="pair" title="click to show all">'
                + "".join(
                    f'<div class="cell {side} hl">{_e(_side_text(side, segments))}</div>'
                    if segments
                    else f'<div class="cell {side} empty">—</div>'
                    for side, segments in (("src", finding.src), ("tgt", finding.tgt))
                )
                + "</div>"
            )
        return (
            f'<div class="finding sev-{severity}" id="{finding_id}" data-check="{_e(finding.check)}" '
            f'data-severity="{severity}" data-doc="{doc_id}" data-pos="{position}"'
            + (f' data-score="{score:.4f}"' if score is not None else "")
            + f'><span class="badge s-{severity}">{severity}</span> '
            f'<b class="ftitle">{_e(title)}</b> <span class="fid">{finding_id}</span> · '
            f'<a href="#{home}">{number} · {_e(_shorten(doc_title, 60))}{where}</a>'
            + (f' <span class="fscore">score {score:.2f}</span>' if score is not None else "")
            + f'<div class="msg">{_e(finding.message)}</div>{pair}'
            f'<details><summary class="muted">evidence</summary><dl>{"".join(rows)}</dl></details></div>'
        )

    def document(self, doc: DocumentSummary) -> str:
        doc_id = self.doc_ids[doc.pair_id]
        histogram = self.histograms[doc.pair_id]
        blocks = self._blocks(doc_id, doc)
        sentence_pairs = sum(len(block.get("r", [])) for block in blocks)
        summary = (
            f'Side by side <span class="muted">{len(blocks)} passages, {sentence_pairs} rows</span>'
            if blocks
            else 'Side by side <span class="muted">no aligned passages</span>'
        )
        refs = self.placed.get(doc_id, [])
        return (
            f'<section class="doc" id="{doc_id}" data-doc="{doc_id}"><h2>{_e(doc.title)}</h2>'
            '<div class="dochead"><p class="muted facts">'
            f"{_e(doc.src_file or '—')} ↔ {_e(doc.tgt_file or '—')} · {_e(doc.tgt_title)} · "
            f"{_e(doc.status)} · {_percent(doc.coverage)} aligned, {_percent(doc.translated_share)} "
            f"translated (est.) · {doc.paragraphs} paragraph beads, "
            f"{doc.sentences} sentence beads · {_e(histogram.summary())}"
            f' · <a href="#ov-{doc_id}">↑ overview</a></p>'
            f"<div><h3>Sentence scores</h3>{histogram.svg(280, 70, labelled=True)}</div></div>"
            + (f'<div class="doc-findings" data-refs="{" ".join(refs)}"></div>' if refs else "")
            + f'<details class="sbs"><summary>{summary}</summary><div class="blocks"></div></details>'
            '<noscript><p class="nojs">The side-by-side text needs JavaScript; the findings above '
            "show each passage.</p></noscript>"
            + _json_script(f"data-{doc_id}", {"files": [doc.src_file, doc.tgt_file], "b": blocks})
            + "</section>"
        )

    def _blocks(self, doc_id: str, doc: DocumentSummary) -> list[_Block]:
        by_block: dict[int, list[AlignedBead]] = {}
        for bead in self.beads.get(doc.pair_id, []):
            by_block.setdefault(bead.block, []).append(bead)
        files = (doc.src_file, doc.tgt_file)
        return [
            self._block(f"{doc_id}-b{number}", number, group, files) for number, group in by_block.items()
        ]

    def _block(self, block_id: str, number: int, beads: list[AlignedBead], files: tuple[str, str]) -> _Block:
        paragraph = next((b for b in beads if b.level == "paragraph"), None)
        sentences = [b for b in beads if b.level == "sentence"]
        lines = f"{_lines(paragraph.src)} | {_lines(paragraph.tgt)}" if paragraph else ""
        if sentences:
            rows = [self._row(f"{block_id}-s{index}", bead, lines) for index, bead in enumerate(sentences)]
        else:
            rows = [self._row(None, paragraph, lines)] if paragraph is not None else []
        block: _Block = {"n": number, "r": rows}
        if paragraph is not None:
            kinds = sorted({s.kind for s in [*paragraph.src, *paragraph.tgt]} - {"body"})
            block["p"] = [
                paragraph.kind,
                round(paragraph.score, 2),
                _located(paragraph.src, files[0]),
                _located(paragraph.tgt, files[1]),
                ", ".join(kinds),
            ]
        if self.marks.get(block_id):
            block["f"] = self._marked(block_id)
        if self.placed.get(block_id):
            block["c"] = self.placed[block_id]
        if not sentences:
            block["s"] = 0
        return block

    def _row(self, row_id: str | None, bead: AlignedBead, block_lines: str) -> list[object]:
        """``[source, target, score, kind, source marks, target marks, heading, lines]``, the
        trailing defaults (1-1, no marks, no heading, the block's lines) left out."""
        lines = f"{_lines(bead.src)} | {_lines(bead.tgt)}"
        row: list[object] = [
            _side_text("src", bead.src) if bead.src else None,
            _side_text("tgt", bead.tgt) if bead.tgt else None,
            round(bead.score, 2) if bead.src and bead.tgt else None,
            "" if bead.kind == "1-1" else bead.kind,
            self._marked(f"{row_id}-src") if row_id else "",
            self._marked(f"{row_id}-tgt") if row_id else "",
            1 if any(s.kind == "heading" for s in [*bead.src, *bead.tgt]) else 0,
            "" if lines == block_lines else lines,
        ]
        while row[-1] in ("", 0) and len(row) > 3:
            row.pop()
        return row


def render_html(report: Report) -> str:
    page = _Page(report)
    run = report.run
    signature = run.get("signature")
    settings = f'<p class="muted">Settings: <code>{_e(signature)}</code></p>' if signature else ""
    header = (
        '<header class="top"><h1>Alignment audit report</h1><p class="muted">'
        f"Run created {_e(run.get('created', '—'))} · {_e(run.get('src_lang', '?'))} → "
        f"{_e(run.get('tgt_lang', '?'))} · findings of severity {_e(report.min_severity)} and above · "
        "click a document in the sidebar to read it side by side, a highlighted passage to jump to "
        "its finding</p>"
        f"{settings}</header>"
    )
    main = [header, page.toolbar(), page.overview(), page.explanations(), page.findings()]
    main.extend(page.document(doc) for doc in report.documents)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Alignment audit report</title><style>{CSS}</style></head><body>"
        f'<div class="layout">{page.sidebar()}<main>'
        + "\n".join(main)
        + f'</main></div><script id="report-js">{JS}</script></body></html>\n'
    )
