"""The HTML report as an editor works with it, in headless Chromium: search in both languages, the
findings sorted by severity, score or position, the document sidebar, documents laid out only when
opened (so a report of thousands of beads opens at once), deep links to passages.

Uses the DevTools client and Chromium fixture of ``test_report_browser``; skipped where Chromium
or websocket-client is missing.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

import test_report_browser
from aligner.report import rebuild_report
from aligner.runfolder import read_alignments
from test_report_browser import CHROMIUM, DevTools
from test_report_synthetic import FAITHFUL, PairBuilder, planted_pair, score_for, write_run_folder

# The Chromium fixture of test_report_browser, under a name of this module's own.
chromium = test_report_browser.browser
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make browser)")

VISIBLE = "[...document.querySelectorAll('#finding-list > .finding')].filter(e => !e.hidden).map(e => e.id)"
ORDER = "[...document.querySelectorAll('#finding-list > .finding')].map(e => e.id)"


def second_pair() -> PairBuilder:
    """A faithful pair of its own title whose translation gives the investment as 32亿元, not 23亿元."""
    pair = PairBuilder("p002", "Green energy for factories", "工厂的绿色能源")
    pair.paragraph([("Green energy for factories", "工厂的绿色能源", 0.86)], kind="heading")
    for start in range(0, len(FAITHFUL), 3):
        sentences = []
        for index, (en, zh) in enumerate(FAITHFUL[start : start + 3]):
            sentences.append((en, zh.replace("23亿元", "32亿元"), score_for(start + index)))
        pair.paragraph(sentences)
    return pair


@pytest.fixture(scope="module")
def browser(chromium: DevTools) -> DevTools:
    """The Chromium page of ``test_report_browser``, started once for this module."""
    return chromium


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("worklist")
    appendix = PairBuilder("p003", "An untranslated appendix", status="src-only")
    write_run_folder(out, [planted_pair(), second_pair(), appendix])
    rebuild_report(out)
    return out


@pytest.fixture(scope="module")
def report(run_dir: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
    return data


def findings(report: dict[str, object]) -> list[dict[str, object]]:
    result: list[dict[str, object]] = report["findings"]  # type: ignore[assignment]
    return result


def type_into_search(browser: DevTools, text: str) -> None:
    """Type as a user does (input events, then the search's short debounce)."""
    before = browser.js("document.getElementById('shown').textContent")
    browser.js("document.getElementById('search').focus()")
    browser.call("Input.insertText", text=text)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if browser.js("document.getElementById('search').value") == text and (
            browser.js("document.getElementById('shown').textContent") != before
            or browser.js("document.getElementById('hits').textContent")
        ):
            return
        time.sleep(0.05)
    raise TimeoutError(f"search for {text!r} did not apply")


def clear_search(browser: DevTools) -> None:
    browser.js("document.getElementById('search').focus()")
    browser.call(
        "Input.dispatchKeyEvent", type="keyDown", key="Escape", code="Escape", windowsVirtualKeyCode=27
    )
    browser.call(
        "Input.dispatchKeyEvent", type="keyUp", key="Escape", code="Escape", windowsVirtualKeyCode=27
    )


def rows_containing(run_dir: Path, pair_id: str, word: str) -> int:
    """Sentence beads of a pair with ``word`` on either side, straight from alignments.jsonl."""
    return sum(
        1
        for bead in read_alignments(run_dir)
        if bead.pair_id == pair_id
        and bead.level == "sentence"
        and (word in " ".join(s.text for s in bead.src) or word in "".join(s.text for s in bead.tgt))
    )


def test_chinese_search_narrows_findings_and_passages(
    browser: DevTools, run_dir: Path, report: dict[str, object]
) -> None:
    browser.open((run_dir / "report.html").as_uri())
    assert len(browser.js(VISIBLE)) == 6
    word = "出口"
    expected = [
        str(f["id"])
        for f in findings(report)
        if any(word in str(s["text"]) for s in [*f["src"], *f["tgt"]])  # type: ignore[misc]
    ]
    assert expected == ["f0003"]  # the wrong export figure, 上半年出口增长了25%
    type_into_search(browser, word)
    assert browser.js(VISIBLE) == expected
    assert browser.js("document.getElementById('shown').textContent") == "1 of 6 findings shown"
    # The sidebar counts the matching passages of each document, opened or not.
    d1, d2 = rows_containing(run_dir, "p001", word), rows_containing(run_dir, "p002", word)
    assert d1 >= 2 and d2 >= 1
    assert browser.js("document.querySelector('[data-hits-doc=d1]').textContent") == f"{d1} matches"
    assert browser.js("document.querySelector('[data-hits-doc=d2]').textContent") == f"{d2} matches"
    assert browser.js("document.getElementById('hits').textContent") == f"{d1 + d2} passages match"
    # An unmatched document is dimmed in the sidebar.
    assert browser.js("document.querySelector('#sidebar a[data-doc=d3]').classList.contains('nohits')")
    # Opened, a document shows only its matching rows, the word highlighted.
    browser.js("alignerReport.open('d1')")
    shown_rows = browser.js(
        "[...document.querySelectorAll('#d1 .row')].filter(r => r.offsetParent).map(r => r.textContent)"
    )
    assert len(shown_rows) == d1 and all(word in text for text in shown_rows)
    marks = browser.js("[...document.querySelectorAll('#d1 mark')].map(m => m.textContent)")
    assert marks and set(marks) == {word}
    assert browser.js("document.querySelector('#f0003 mark').textContent") == word

    clear_search(browser)
    assert len(browser.js(VISIBLE)) == 6
    assert browser.js("document.querySelectorAll('mark').length") == 0
    assert browser.js("[...document.querySelectorAll('#d1 .row')].every(r => !r.hidden)")
    assert browser.exceptions == []


def test_search_folds_case_spacing_and_full_width(browser: DevTools, run_dir: Path) -> None:
    browser.open((run_dir / "report.html").as_uri())
    type_into_search(browser, "EXPORTS grew")
    assert browser.js(VISIBLE) == ["f0003"]
    clear_search(browser)
    # Spacing inside Chinese text (a PDF's line breaks) and full-width letters match.
    type_into_search(browser, "上半年 出口")
    assert browser.js(VISIBLE) == ["f0003"]
    clear_search(browser)
    type_into_search(browser, "ｑｕａｌｉｔｙ inspection")
    assert browser.js(VISIBLE) == ["f0004"]
    # Search and filters combine: the untranslated-text card goes with its check.
    browser.js("document.querySelector('input.filter-check[value=\"untranslated-text\"]').click()")
    assert browser.js(VISIBLE) == []
    assert browser.js("document.getElementById('shown').textContent") == "0 of 6 findings shown"
    assert browser.exceptions == []


def test_sort_by_severity_score_and_position(browser: DevTools, run_dir: Path) -> None:
    browser.open((run_dir / "report.html").as_uri())
    position = ["f0001", "f0002", "f0003", "f0004", "f0005", "f0006"]
    assert browser.js(ORDER) == position
    browser.js("document.querySelector('button.sort[data-sort=severity]').click()")
    # The two criticals (omitted paragraph, unpaired appendix) first, then the majors in place.
    assert browser.js(ORDER) == ["f0001", "f0006", "f0002", "f0003", "f0004", "f0005"]
    severities = browser.js(
        "[...document.querySelectorAll('#finding-list > .finding')].map(e => e.dataset.severity)"
    )
    assert severities == ["critical", "critical", "major", "major", "major", "major"]
    assert browser.js(
        "document.querySelector('button.sort[data-sort=severity]').getAttribute('aria-pressed')"
    ) == ("true")
    browser.js("document.querySelector('button.sort[data-sort=score]').click()")
    # Omissions have no counterpart (0), then the untranslated pair (0.83), the wrong figures (0.84,
    # 0.85); the unpaired document has no score and comes last.
    assert browser.js(ORDER) == ["f0001", "f0002", "f0004", "f0003", "f0005", "f0006"]
    scores = browser.js(
        "[...document.querySelectorAll('#finding-list > .finding')].map(e => e.dataset.score)"
    )
    assert scores == ["0.0000", "0.0000", "0.8300", "0.8400", "0.8500", None]
    # Sorting keeps filters and search as they were.
    type_into_search(browser, "numbers differ")
    assert browser.js(VISIBLE) == ["f0003", "f0005"]
    browser.js("document.querySelector('button.sort[data-sort=position]').click()")
    assert browser.js(ORDER) == position
    assert browser.js(VISIBLE) == ["f0003", "f0005"]
    assert browser.exceptions == []


def test_sidebar_opens_a_document_laid_out_on_demand(browser: DevTools, run_dir: Path) -> None:
    browser.open((run_dir / "report.html").as_uri())
    # Nothing is laid out at load: the passages wait as JSON.
    assert browser.js("document.querySelectorAll('.block').length") == 0
    entries = browser.js(
        "[...document.querySelectorAll('#sidebar a.side-doc')].map(a => [a.dataset.doc, a.textContent])"
    )
    assert [doc for doc, _ in entries] == ["d1", "d2", "d3"]
    assert "Smart manufacturing in Chongqing" in entries[0][1] and "4 findings" in entries[0][1]
    assert "Green energy for factories" in entries[1][1] and "1 finding" in entries[1][1]
    assert "100.0%" in entries[1][1]

    browser.js("document.querySelector('#sidebar a[data-doc=d2]').click()")
    assert browser.js("location.hash") == "#d2"
    paragraphs = sum(1 for b in read_alignments(run_dir) if b.pair_id == "p002" and b.level == "paragraph")
    assert browser.js("document.querySelectorAll('#d2 .block').length") == paragraphs
    assert browser.js("document.querySelector('#d2 details.sbs').open") is True
    assert browser.js("document.querySelectorAll('#d1 .block').length") == 0
    assert browser.js("document.querySelector('#sidebar a[data-doc=d2]').classList.contains('current')")
    top = browser.js("document.getElementById('d2').getBoundingClientRect().top")
    toolbar = browser.js("document.getElementById('filters').getBoundingClientRect().bottom")
    assert toolbar <= top < toolbar + 60
    # The document's numbers finding is noted under its passage and marks the wrong figure.
    ref_block = browser.js("document.querySelector('#d2 .ref[data-ref=f0005]').closest('.block').id")
    assert browser.js(f"document.getElementById('{ref_block}').querySelector('[data-sev=major]') !== null")
    assert browser.exceptions == []


def test_links_to_passages_open_their_document(browser: DevTools, run_dir: Path) -> None:
    # A deep link to a passage of a document not yet laid out.
    browser.open((run_dir / "report.html").as_uri() + "#d1-b9")
    assert browser.js("document.getElementById('d1-b9') !== null")
    assert browser.js("document.getElementById('d1-b9').classList.contains('flash')")
    top = browser.js("document.getElementById('d1-b9').getBoundingClientRect().top")
    assert 0 <= top < browser.js("window.innerHeight")

    browser.open((run_dir / "report.html").as_uri())
    link = browser.js("document.querySelector('#f0005 a[href^=\"#d2-\"]').getAttribute('href')")
    browser.js("document.querySelector('#f0005 a[href^=\"#d2-\"]').click()")
    target = link.removeprefix("#")
    assert browser.js(f"document.getElementById('{target}').querySelector('.ref[data-ref=f0005]') !== null")
    # And a highlighted passage leads back to its finding.
    browser.js(f"document.getElementById('{target}').querySelector('.cell[data-sev]').click()")
    assert browser.js("location.hash") == "#f0005"
    assert browser.exceptions == []


def test_charts_are_inline_svg(browser: DevTools, run_dir: Path) -> None:
    browser.open((run_dir / "report.html").as_uri())
    # Findings per document: one bar group per document, each a link to it.
    links = browser.js("[...document.querySelectorAll('#overview svg a')].map(a => a.getAttribute('href'))")
    assert links == ["#d1", "#d2", "#d3"]
    bars = browser.js(
        "[...document.querySelectorAll('#overview svg a')].map(a => a.querySelectorAll('rect').length)"
    )
    assert bars == [1 + 2, 1 + 1, 1 + 1]  # the row's track, then one bar per severity found
    # Score distribution: a histogram per document in the overview and in the document's head.
    assert browser.js("document.querySelectorAll('#overview td.hist svg').length") == 2
    assert browser.js("document.querySelectorAll('section.doc svg').length") == 2
    tips = browser.js("[...document.querySelectorAll('#d2 svg rect title')].map(t => t.textContent)")
    counts = {tip.rsplit(": ", 1)[0]: int(tip.rsplit(": ", 1)[1]) for tip in tips}
    assert list(counts)[:2] == ["no counterpart", "score 0.0–0.1"] and len(counts) == 11
    sentences = [b for b in read_alignments(run_dir) if b.pair_id == "p002" and b.level == "sentence"]
    assert sum(counts.values()) == len(sentences)
    assert counts["score 0.8–0.9"] == sum(0.8 <= b.score < 0.9 for b in sentences) > 0
    assert browser.exceptions == []


def test_thousands_of_beads_open_without_laying_them_out(
    browser: DevTools, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("large")
    pairs = []
    for number in range(29):
        pair = PairBuilder(f"p{number:03d}", f"Document {number}", f"文件 {number}")
        for _ in range(4):
            for start in range(0, len(FAITHFUL), 3):
                chunk = FAITHFUL[start : start + 3]
                pair.paragraph([(en, zh, score_for(start + i)) for i, (en, zh) in enumerate(chunk)])
        pairs.append(pair)
    write_run_folder(out, pairs)
    report = rebuild_report(out)
    assert sum(b.level == "sentence" for b in report.beads) >= 2700
    html = (out / "report.html").read_text(encoding="utf-8")
    # The page holds the text once, as data: no row markup is written for any bead.
    body = html.split('<script id="report-js">')[0]
    assert 'class="row' not in body and len(re.findall(r'<script type="application/json"', body)) == 29

    browser.open((out / "report.html").as_uri())
    assert browser.js("document.querySelectorAll('.row').length") == 0
    # The page grows with the documents (sidebar, overview rows, charts), not with their beads.
    assert browser.js("document.getElementsByTagName('*').length") < 150 * len(pairs)
    browser.js("alignerReport.open('d7')")
    assert browser.js("document.querySelectorAll('.row').length") == 96
    type_into_search(browser, "机器学习")
    assert browser.js("document.getElementById('hits').textContent") == f"{29 * 4} passages match"
    assert browser.exceptions == []
