"""The stylesheet and the script inlined into ``report.html`` (see :mod:`aligner.report.html_writer`).

The script reads the page the writer built: finding cards (``.finding``, with ``data-check``,
``data-severity``, ``data-doc``, ``data-pos``, ``data-score``), one ``<script type="application/json"
id="data-dN">`` per document holding its passages, and the controls (``#search``, ``.sort``,
``input.filter-*``, ``#only-flagged``). A document's side-by-side table is built from its JSON the
first time it is opened, so a report of thousands of beads opens at once.

Passage data, per document: ``{"files": [source file, target file], "b": [block, ...]}``; a
block is ``{"n": number, "p": [kind, score, source lines, target lines, segment kinds] (its
paragraph bead), "f": finding ids marking it, "c": finding ids placed under it, "s": 0 when its
one row is the paragraph bead, "r": [row, ...]}``; a row is ``[source, target, score, kind, source
finding ids, target finding ids, heading, lines]``, a side without text null, trailing defaults
(1-1, none, 0, the block's lines) left out. Lines are given without the file where it is the
document's.
"""

from __future__ import annotations

CSS = """
:root { --critical: #b3261e; --major: #d9480f; --minor: #c99a06; --info: #1c64b8; --line: #d8dde3;
  --muted: #5f6b7a; --bg-critical: #fbe3e1; --bg-major: #fde8d7; --bg-minor: #fdf3c4; --bg-info: #e1ecfa;
  --accent: #1c64b8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
  margin: 0; color: #1d2430; background: #f6f7f9; }
.layout { display: grid; grid-template-columns: 17.5rem minmax(0, 1fr); }
#sidebar { position: sticky; top: 0; height: 100vh; overflow-y: auto; overflow-x: hidden; background: #fff;
  border-right: 1px solid var(--line); padding: .75rem .5rem 2rem; font-size: .84rem; }
#sidebar h2 { font-size: 1rem; margin: .1rem .4rem .5rem; }
#sidebar ol { list-style: none; margin: 0; padding: 0; }
#sidebar a.side-doc { display: grid; grid-template-columns: 1.8rem minmax(0, 1fr); gap: 0 .3rem;
  padding: .35rem .4rem; border-radius: 5px; color: inherit; text-decoration: none; }
#sidebar a.side-doc:hover { background: #eef3fb; }
#sidebar a.side-doc.current { background: #e1ecfa; }
#sidebar a.side-doc.nohits { opacity: .45; }
#sidebar .n { color: var(--muted); text-align: right; font-variant-numeric: tabular-nums; }
#sidebar .t { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
#sidebar .meta { grid-column: 2; color: var(--muted); font-size: .78rem; }
#sidebar .meta .hits { display: block; white-space: nowrap; }
#sidebar .meta .hits:empty { display: none; }
#sidebar .meta b { color: #1d2430; white-space: nowrap; }
#sidebar .meta b.zero { color: var(--muted); font-weight: 400; }
.hits { color: var(--accent); font-weight: 600; }
main { min-width: 0; }
header.top { padding: 1rem 2rem .5rem; background: #fff; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
.muted { color: var(--muted); font-size: .88rem; }
#filters { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line);
  padding: .5rem 2rem; display: flex; flex-wrap: wrap; gap: .35rem 1.25rem; align-items: center; }
#filters .searchline { display: flex; gap: .8rem; align-items: center; width: 100%; }
#search { flex: 0 1 28rem; font: inherit; padding: .3rem .6rem; border: 1px solid #aab3bf;
  border-radius: 5px; }
#filters fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .15rem .7rem; }
#filters legend { float: left; font-weight: 600; margin-right: .4rem; }
#filters label { white-space: nowrap; font-size: .9rem; cursor: pointer; }
#filters fieldset.checks { width: 100%; }
#shown { margin-left: auto; font-weight: 600; white-space: nowrap; }
section.panel, section.doc { background: #fff; margin: 1rem 2rem; padding: 1rem 1.25rem;
  border: 1px solid var(--line); border-radius: 8px; }
table.docs { border-collapse: collapse; width: 100%; }
table.docs th, table.docs td { text-align: left; vertical-align: top; padding: .4rem .5rem;
  border-bottom: 1px solid var(--line); }
table.docs .n { white-space: nowrap; width: 2.5rem; text-align: right; font-variant-numeric: tabular-nums; }
td.cov, td.hist { white-space: nowrap; font-size: .85rem; }
.bar { display: inline-block; width: 8rem; height: .8rem; background: var(--bg-critical);
  border-radius: 3px; overflow: hidden; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: #2f9e44; }
.bar.translated { height: .5rem; } .bar.translated > span { background: #1c7c54; }
.bar.mini { width: 3rem; height: .45rem; }
.sevbar { display: flex; width: 12rem; height: .8rem; border-radius: 3px; overflow: hidden;
  background: #eef0f3; vertical-align: middle; }
.sevbar span, .checkbar span.fill { display: block; height: 100%; }
.charts { display: grid; grid-template-columns: minmax(0, 22rem) minmax(0, 34rem); gap: 1rem 2rem;
  align-items: start; margin-bottom: 1rem; }
@media (max-width: 1100px) { .charts { grid-template-columns: minmax(0, 1fr); } }
.charts h3, .dochead h3 { font-size: .9rem; margin: 0 0 .3rem; }
.checkbars { display: grid; grid-template-columns: max-content 1fr max-content; gap: .2rem .6rem;
  align-items: center; }
.checkbar { height: .8rem; background: #eef0f3; border-radius: 3px; overflow: hidden; }
.fill-critical, .s-critical { background: var(--critical); }
.fill-major, .s-major { background: var(--major); }
.fill-minor, .s-minor { background: var(--minor); }
.fill-info, .s-info { background: var(--info); }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 11px; }
svg.chart text { fill: #3b4452; }
svg.chart .lab { fill: var(--muted); }
svg.chart .c-critical { fill: var(--critical); } svg.chart .c-major { fill: var(--major); }
svg.chart .c-minor { fill: var(--minor); } svg.chart .c-info { fill: var(--info); }
svg.chart .c-score { fill: #4c8bd6; } svg.chart .c-none { fill: #e8a29c; }
svg.chart .axis { stroke: #aab3bf; stroke-width: 1; } svg.chart .median { stroke: #1d2430;
  stroke-width: 1.5; stroke-dasharray: 3 2; }
svg.chart a:hover rect.track { fill: #eef3fb; }
svg.chart rect.track { fill: transparent; }
.badge { display: inline-block; color: #fff; border-radius: 3px; padding: 0 .35rem; font-size: .78rem;
  font-weight: 600; text-transform: uppercase; letter-spacing: .02em; }
details.links ol { margin: .3rem 0; padding-left: 1.4rem; font-size: .88rem; }
details.links li, .finding, table.docs td { overflow-wrap: anywhere; }
.sortbar { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: 0 0 .6rem; }
.sortbar button { font: inherit; font-size: .85rem; padding: .15rem .6rem; border: 1px solid #aab3bf;
  background: #fff; border-radius: 4px; cursor: pointer; }
.sortbar button[aria-pressed=true] { background: var(--accent); border-color: var(--accent); color: #fff; }
.dochead { display: flex; flex-wrap: wrap; gap: .5rem 2rem; align-items: flex-start; }
.dochead .facts { flex: 1 1 24rem; }
details.sbs > summary { cursor: pointer; font-weight: 600; padding: .3rem 0; }
details.sbs > summary .muted { font-weight: 400; }
.block { border: 1px solid var(--line); border-left: 5px solid transparent; border-radius: 6px;
  margin: .6rem 0; }
.block.flash, .cell.flash { box-shadow: 0 0 0 3px #7aa7e8; }
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
mark { background: #ffe066; color: inherit; padding: 0; border-radius: 2px; }
[data-sev] { cursor: pointer; }
.cell[data-sev=critical] { background: var(--bg-critical); }
.cell[data-sev=major] { background: var(--bg-major); }
.cell[data-sev=minor] { background: var(--bg-minor); }
.cell[data-sev=info] { background: var(--bg-info); }
.block[data-sev=critical] { border-left-color: var(--critical); }
.block[data-sev=major] { border-left-color: var(--major); }
.block[data-sev=minor] { border-left-color: var(--minor); }
.block[data-sev=info] { border-left-color: var(--info); }
.finding, .ref { margin: .4rem 0; padding: .4rem .6rem; border-radius: 4px; border: 1px solid var(--line);
  border-left: 4px solid var(--muted); background: #fff; font-size: .9rem; }
.ref { margin: .4rem .6rem; font-size: .85rem; }
.sev-critical { border-left-color: var(--critical); }
.sev-major { border-left-color: var(--major); }
.sev-minor { border-left-color: var(--minor); }
.sev-info { border-left-color: var(--info); }
.finding:target { box-shadow: 0 0 0 3px #7aa7e8; }
.finding .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); margin: .3rem 0;
  border: 1px solid var(--line); border-radius: 4px; font-size: .85rem; cursor: pointer; }
.finding .pair .cell { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical;
  overflow: hidden; }
.finding .pair.full .cell, .finding .pair.found .cell { display: block; }
.fscore { color: var(--muted); font-size: .8rem; white-space: nowrap; }
/* Anchored elements land below the sticky filter bar (its height, set by the script), not under it. */
.finding, .block, .cell, section.doc, #overview tr { scroll-margin-top: var(--bar, 11rem); }
.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 .8rem; margin: .3rem 0 0;
  font-size: .82rem; color: var(--muted); }
.finding dd { margin: 0; overflow-wrap: anywhere; }
.fid { font-family: ui-monospace, monospace; font-size: .8rem; color: var(--muted); }
.explain dt { font-weight: 600; } .explain dd { margin: 0 0 .5rem 0; }
.nojs { color: var(--critical); }
[hidden] { display: none !important; }
@media (max-width: 900px) {
  .layout { display: block; }
  #sidebar { position: static; height: auto; max-height: 45vh; border-right: 0;
    border-bottom: 1px solid var(--line); }
  #filters, header.top { padding-left: 1rem; padding-right: 1rem; }
  section.panel, section.doc { margin: .75rem .5rem; padding: .75rem; }
}
"""

JS = r"""
(function () {
  'use strict';
  var rank = {info: 0, minor: 1, major: 2, critical: 3};
  var cards = Array.prototype.slice.call(document.querySelectorAll('#finding-list > .finding'));
  var cardById = {};
  cards.forEach(function (card) { cardById[card.id] = card; });
  var total = cards.length;
  var docs = {};  // doc id -> {data, rendered, rows: [{el, src, tgt, cells}], folded: [[src, tgt]]}
  var search = document.getElementById('search');
  var timer = null;
  var original = new WeakMap();  // highlighted element -> its plain text

  function esc(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
  }
  // Search folds case, full-width forms and spacing, so 智能化的 可持续 matches 智能化的可持续,
  // ＡＩ matches AI and "machine  learning" matches "Machine learning". With positions: where each
  // folded character came from, to highlight the match in the text.
  function fold(text, withPositions) {
    var out = [], positions = withPositions ? [] : null;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i), ch;
      if (code <= 32 || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b)) continue;
      if (code >= 65 && code <= 90) ch = String.fromCharCode(code + 32);
      else if (code < 128) ch = text.charAt(i);
      else {
        ch = code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : text.charAt(i);
        var lower = ch.toLowerCase();
        if (lower.length === 1) ch = lower;
      }
      out.push(ch);
      if (positions) positions.push(i);
    }
    return withPositions ? {text: out.join(''), positions: positions} : out.join('');
  }
  function marked(text, query) {
    var folded = fold(text, true), html = '', last = 0, from = 0, at;
    while (query && (at = folded.text.indexOf(query, from)) >= 0) {
      var start = folded.positions[at], end = folded.positions[at + query.length - 1] + 1;
      html += esc(text.slice(last, start)) + '<mark>' + esc(text.slice(start, end)) + '</mark>';
      last = end;
      from = at + query.length;
    }
    return html + esc(text.slice(last));
  }
  function highlight(el, query) {
    if (!original.has(el)) {
      if (!query) return;
      original.set(el, el.textContent);
    }
    var text = original.get(el);
    if (query) el.innerHTML = marked(text, query); else el.textContent = text;
  }

  function doc(id) {
    var state = docs[id];
    if (!state) {
      var source = document.getElementById('data-' + id);
      state = docs[id] = {data: source ? JSON.parse(source.textContent) : {b: []}, rendered: false,
        rows: [], folded: null};
    }
    return state;
  }
  function foldedRows(state) {
    if (!state.folded) {
      state.folded = [];
      state.data.b.forEach(function (block) {
        block.r.forEach(function (row) { state.folded.push([fold(row[0] || ''), fold(row[1] || '')]); });
      });
    }
    return state.folded;
  }
  function ref(id) {
    var card = cardById[id];
    if (!card) return '';
    var sev = card.dataset.severity;
    return '<div class="ref sev-' + sev + '" data-ref="' + id + '"><span class="badge s-' + sev + '">' + sev +
      '</span> <b>' + esc(card.querySelector('.ftitle').textContent) + '</b> <a class="fid" href="#' + id +
      '">' + id + '</a> · ' + esc(card.querySelector('.msg').textContent) + '</div>';
  }
  function marks(ids) { return ids ? ' data-f="' + ids + '"' : ''; }
  function located(where, file) { return /^[\d-]+$/.test(where) ? file + ':' + where : where; }
  function render(id) {
    var state = doc(id);
    if (state.rendered) return state;
    var container = document.querySelector('.doc[data-doc="' + id + '"] .blocks');
    if (!container) return state;
    var files = state.data.files || ['', ''], html = [];
    state.data.b.forEach(function (block) {
      var blockId = id + '-b' + block.n, p = block.p, lines = p ? p[2] + ' | ' + p[3] : '';
      html.push('<div class="block" id="' + blockId + '"' + marks(block.f) + '>');
      if (p) {
        html.push('<div class="block-head">' + esc('¶ ' + (block.n + 1) + ' · ' + p[0] + ' · score ' +
          p[1].toFixed(2) + ' · ' + located(p[2], files[0]) + ' | ' + located(p[3], files[1]) +
          (p[4] ? ' · ' + p[4] : '')) + '</div>');
      }
      html.push('<div class="rows">');
      block.r.forEach(function (row, index) {
        var rowId = block.s === 0 ? '' : blockId + '-s' + index;
        html.push('<div class="row' + (row[6] ? ' kind-heading' : '') + '" title="' + esc(row[3] || '1-1') +
          ' · lines ' + esc(row[7] || lines) + '">');
        ['src', 'tgt'].forEach(function (side, k) {
          var text = row[k];
          if (text === null) {
            html.push('<div class="cell ' + side + ' empty">no counterpart</div>');
          } else {
            var attrs = rowId ? ' id="' + rowId + '-' + side + '"' + marks(row[4 + k]) : '';
            html.push('<div class="cell ' + side + ' hl"' + attrs + '>' + esc(text) + '</div>');
          }
        });
        html.push('<div class="score">' + (row[2] === null ? '' : row[2].toFixed(2)) + '</div></div>');
      });
      html.push('</div>');
      (block.c || []).forEach(function (fid) { html.push(ref(fid)); });
      html.push('</div>');
    });
    container.innerHTML = html.join('');
    state.rendered = true;
    state.rows = [];
    container.querySelectorAll('.row').forEach(function (el) {
      state.rows.push({el: el, cells: el.querySelectorAll('.cell.hl')});
    });
    return state;
  }
  function open(id) {
    var section = document.querySelector('.doc[data-doc="' + id + '"]');
    if (!section) return;
    render(id);
    var details = section.querySelector('details.sbs');
    if (details) details.open = true;
    apply();
  }
  function docOf(id) {
    var match = /^(d\d+)(?:-|$)/.exec(id);
    return match ? match[1] : null;
  }
  function reveal(id) {
    var d = docOf(id);
    if (d) open(d);
    var el = document.getElementById(id);
    if (!el) return false;
    el.scrollIntoView({block: 'start'});
    if (d && el.classList) {
      document.querySelectorAll('.flash').forEach(function (x) { x.classList.remove('flash'); });
      if (id !== d) el.classList.add('flash');
      document.querySelectorAll('#sidebar a.side-doc').forEach(function (a) {
        a.classList.toggle('current', a.dataset.doc === d);
      });
    }
    return true;
  }

  function checked(cls) {
    var out = {};
    document.querySelectorAll('input.' + cls).forEach(function (b) { if (b.checked) out[b.value] = true; });
    return out;
  }
  function cardText(card) {
    if (card._folded === undefined) card._folded = fold(card.textContent);
    return card._folded;
  }
  function best(ids, active) {
    var top = -1, name = '';
    ids.split(' ').forEach(function (fid) {
      var sev = active[fid];
      if (sev !== undefined && rank[sev] > top) { top = rank[sev]; name = sev; }
    });
    return name;
  }
  function apply() {
    var checks = checked('filter-check'), sevs = checked('filter-severity');
    var query = fold(search.value);
    var active = {}, shown = {}, count = 0, perDoc = {};
    cards.forEach(function (card) {
      var on = !!checks[card.dataset.check] && !!sevs[card.dataset.severity];
      if (on) active[card.id] = card.dataset.severity;
      var visible = on && (!query || cardText(card).indexOf(query) >= 0);
      card.hidden = !visible;
      card.querySelectorAll('.hl').forEach(function (el) { highlight(el, visible ? query : ''); });
      // A match in the passage shows the passage whole.
      card.querySelectorAll('.pair').forEach(function (pair) {
        pair.classList.toggle('found', !!query && !!pair.querySelector('mark'));
      });
      if (visible) {
        shown[card.id] = true;
        count += 1;
        perDoc[card.dataset.doc] = (perDoc[card.dataset.doc] || 0) + 1;
      }
    });
    document.querySelectorAll('.finding-link').forEach(function (el) {
      el.hidden = !shown[el.dataset.target];
    });
    document.querySelectorAll('.ref').forEach(function (el) { el.hidden = !active[el.dataset.ref]; });
    document.querySelectorAll('[data-f]').forEach(function (el) {
      var name = best(el.dataset.f, active);
      if (name) el.setAttribute('data-sev', name); else el.removeAttribute('data-sev');
    });
    document.querySelectorAll('[data-count-doc]').forEach(function (el) {
      var n = perDoc[el.dataset.countDoc] || 0, unit = el.dataset.unit;
      el.textContent = unit ? n + ' ' + unit + (n === 1 ? '' : 's') : n;
      el.classList.toggle('zero', n === 0);
    });
    var only = document.getElementById('only-flagged').checked, passages = 0;
    document.querySelectorAll('.doc[data-doc]').forEach(function (section) {
      var id = section.dataset.doc, state = query ? doc(id) : docs[id], hits = 0;
      var folded = query ? foldedRows(state) : [];
      folded.forEach(function (pair) {
        if (pair[0].indexOf(query) >= 0 || pair[1].indexOf(query) >= 0) hits += 1;
      });
      passages += hits;
      var label = document.querySelector('[data-hits-doc="' + id + '"]');
      if (label) label.textContent = query ? hits + (hits === 1 ? ' match' : ' matches') : '';
      var link = document.querySelector('#sidebar a.side-doc[data-doc="' + id + '"]');
      if (link) link.classList.toggle('nohits', !!query && hits === 0 && !perDoc[id]);
      if (!state || !state.rendered) return;
      state.rows.forEach(function (row, index) {
        var match = !query || folded[index][0].indexOf(query) >= 0 || folded[index][1].indexOf(query) >= 0;
        row.el.hidden = !match;
        row.cells.forEach(function (cell) { highlight(cell, match ? query : ''); });
      });
      section.querySelectorAll('.block').forEach(function (block) {
        var flagged = block.hasAttribute('data-sev') || block.querySelector('[data-sev], .ref:not([hidden])');
        var matching = !query || block.querySelector('.row:not([hidden])');
        block.hidden = (only && !flagged) || !matching;
      });
    });
    document.getElementById('shown').textContent = count + ' of ' + total + ' findings shown';
    document.getElementById('hits').textContent = query
      ? passages + (passages === 1 ? ' passage matches' : ' passages match') : '';
  }

  var severityOrder = function (card) { return -rank[card.dataset.severity]; };
  var keys = {
    position: function () { return 0; },
    severity: severityOrder,
    score: function (card) {
      var score = card.dataset.score;
      return score === undefined || score === '' ? Infinity : parseFloat(score);
    }
  };
  function sort(by) {
    var key = keys[by] || keys.position;
    var list = document.getElementById('finding-list');
    cards.slice().sort(function (a, b) {
      return (key(a) - key(b)) || (a.dataset.pos - b.dataset.pos);
    }).forEach(function (card) { list.appendChild(card); });
    document.querySelectorAll('button.sort').forEach(function (button) {
      button.setAttribute('aria-pressed', button.dataset.sort === by ? 'true' : 'false');
    });
  }

  document.querySelectorAll('#filters input[type=checkbox]').forEach(function (b) {
    b.addEventListener('change', apply);
  });
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  });
  search.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') { clearTimeout(timer); apply(); }
    if (event.key === 'Escape') { search.value = ''; apply(); }
  });
  document.querySelectorAll('button.sort').forEach(function (button) {
    button.addEventListener('click', function () { sort(button.dataset.sort); });
  });
  document.querySelectorAll('details.sbs').forEach(function (details) {
    details.addEventListener('toggle', function () {
      var section = details.closest('.doc');
      if (details.open && section && !doc(section.dataset.doc).rendered) {
        render(section.dataset.doc);
        apply();
      }
    });
  });
  document.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (link) {
      var id = decodeURIComponent(link.getAttribute('href').slice(1));
      if (docOf(id)) {
        event.preventDefault();
        if (location.hash !== '#' + id) history.pushState(null, '', '#' + id);
        reveal(id);
      }
      return;
    }
    var pair = event.target.closest('.finding .pair');
    if (pair) { pair.classList.toggle('full'); return; }
    var el = event.target.closest('[data-sev]');
    if (!el || !el.dataset.f) return;
    var checks = checked('filter-check'), sevs = checked('filter-severity');
    var ids = el.dataset.f.split(' ').filter(function (fid) {
      var card = cardById[fid];
      return card && checks[card.dataset.check] && sevs[card.dataset.severity];
    });
    if (!ids.length) return;
    if (cardById[ids[0]].hidden) { search.value = ''; apply(); }
    location.hash = ids[0];
  });
  function measureBar() {
    var bar = document.getElementById('filters');
    document.documentElement.style.setProperty('--bar', (bar.offsetHeight + 12) + 'px');
  }
  window.addEventListener('resize', measureBar);
  measureBar();
  window.addEventListener('hashchange', function () { reveal(decodeURIComponent(location.hash.slice(1))); });
  document.querySelectorAll('.doc-findings[data-refs]').forEach(function (el) {
    el.innerHTML = el.dataset.refs.split(' ').map(ref).join('');
  });
  window.alignerReport = {apply: apply, open: open, sort: sort, reveal: reveal,
    openAll: function () { Object.keys(docIds()).forEach(function (id) { render(id); }); apply(); }};
  function docIds() {
    var ids = {};
    document.querySelectorAll('.doc[data-doc]').forEach(function (s) { ids[s.dataset.doc] = true; });
    return ids;
  }
  apply();
  if (location.hash && docOf(decodeURIComponent(location.hash.slice(1)))) {
    reveal(decodeURIComponent(location.hash.slice(1)));
  }
})();
"""
