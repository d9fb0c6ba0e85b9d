"""The HTML report in a real headless Chromium: it renders, filters hide and show findings, and
every in-page link lands on an existing element.

Needs Debian's chromium (``make browser`` installs it) and websocket-client to speak the DevTools
protocol; the test is skipped where either is missing.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aligner.report import rebuild_report
from test_report_synthetic import PairBuilder, planted_pair, write_run_folder

websocket = pytest.importorskip("websocket")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make browser)")


class DevTools:
    """A minimal DevTools-protocol client for one page."""

    def __init__(self, url: str) -> None:
        # Chromium refuses websocket clients that send an Origin it was not told to allow.
        self.socket = websocket.create_connection(url, timeout=20, suppress_origin=True)
        self.ids = itertools.count(1)
        self.exceptions: list[str] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self.ids)
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("method") == "Runtime.exceptionThrown":
                self.exceptions.append(json.dumps(message["params"]["exceptionDetails"])[:500])
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            # Without the fragment: a page may set one as soon as it runs (the review page puts
            # the open document's id there), and then location.href never equals the url again.
            here = self.js("location.href.split('#')[0]")
            if self.js("document.readyState") == "complete" and here == url.split("#")[0]:
                return
            time.sleep(0.05)
        raise TimeoutError(url)


@pytest.fixture(scope="module")
def browser() -> Iterator[DevTools]:
    profile = tempfile.mkdtemp(prefix="aligner-chromium-")
    process = subprocess.Popen(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1280,900",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and port_file.read_text().count("\n") >= 1):
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port = port_file.read_text().splitlines()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            pages = [t for t in json.loads(answer.read()) if t["type"] == "page"]
        client = DevTools(pages[0]["webSocketDebuggerUrl"])
        client.call("Runtime.enable")
        client.call("Page.enable")
        yield client
        client.socket.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("run")
    # A second, unpaired document: its finding has no passage to sit beside.
    extra = PairBuilder("p002", "An untranslated appendix <script>alert(1)</script>", status="src-only")
    write_run_folder(out, [planted_pair(), extra])
    rebuild_report(out)
    return (out / "report.html").as_uri()


VISIBLE = "[...document.querySelectorAll('.finding')].filter(e => !e.hidden).map(e => e.id)"


def test_report_renders_without_errors_or_network(browser: DevTools, report_url: str) -> None:
    browser.open(report_url)
    assert browser.js("document.title") == "Alignment audit report"
    assert browser.js("document.querySelectorAll('.doc').length") == 2
    assert browser.js(VISIBLE) == ["f0001", "f0002", "f0003", "f0004", "f0005"]
    assert browser.js("document.getElementById('shown').textContent") == "5 of 5 findings shown"
    # Escaped text stays text: no script element but ours (the page's script and the documents'
    # JSON data), and the title shows literally.
    assert browser.js("[...document.scripts].filter(s => s.type !== 'application/json').length") == 1
    assert browser.js("document.scripts.length") == 1 + 2
    assert browser.js("[...document.scripts].every(s => s.id == 'report-js' || /^data-d\\d+$/.test(s.id))")
    assert "<script>" in browser.js("document.getElementById('d2').querySelector('h2').textContent")
    # Self-contained: no external resources of any kind.
    html = Path(report_url.removeprefix("file://")).read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", html)
    assert browser.js("performance.getEntriesByType('resource').length") == 0
    shot = browser.call("Page.captureScreenshot", format="png")["data"]
    assert len(shot) > 10_000
    assert browser.exceptions == []


def test_filters_hide_and_show_findings(browser: DevTools, report_url: str) -> None:
    browser.open(report_url)
    by_severity = (
        "[...document.querySelectorAll('.finding')].filter(e => e.dataset.severity == '%s').map(e => e.id)"
    )
    assert browser.js(by_severity % "critical") == ["f0001", "f0005"]
    # The document's passages are laid out when it is opened; each finding's note sits in its block.
    browser.js("alignerReport.open('d1')")
    omission_block = browser.js("document.querySelector('.ref[data-ref=f0001]').closest('.block').id")
    assert browser.js(f"document.getElementById('{omission_block}').dataset.sev") == "critical"

    browser.js("document.querySelector('input.filter-severity[value=critical]').click()")
    assert browser.js(VISIBLE) == ["f0002", "f0003", "f0004"]
    assert browser.js("document.getElementById('shown').textContent") == "3 of 5 findings shown"
    # The omitted paragraph loses its highlight, and its overview link goes, with its only finding.
    assert browser.js(f"document.getElementById('{omission_block}').hasAttribute('data-sev')") is False
    assert browser.js("document.querySelector('.finding-link[data-target=f0001]').hidden") is True

    assert browser.js("document.getElementById('f0003').dataset.check") == "numbers"
    browser.js("document.querySelector('input.filter-check[value=numbers]').click()")
    assert browser.js(VISIBLE) == ["f0002", "f0004"]

    browser.js("document.getElementById('only-flagged').click()")
    shown_blocks = browser.js("[...document.querySelectorAll('.block')].filter(b => !b.hidden).length")
    assert 0 < shown_blocks < browser.js("document.querySelectorAll('.block').length")

    for selector in (
        "input.filter-severity[value=critical]",
        "input.filter-check[value=numbers]",
        "#only-flagged",
    ):
        browser.js(f"document.querySelector('{selector}').click()")
    assert len(browser.js(VISIBLE)) == 5
    assert browser.js("[...document.querySelectorAll('.block')].every(b => !b.hidden)") is True
    assert browser.exceptions == []


def test_links_land_on_existing_elements(browser: DevTools, report_url: str) -> None:
    browser.open(report_url)
    browser.js("alignerReport.openAll()")
    broken = browser.js(
        "[...document.querySelectorAll('a[href^=\"#\"]')]"
        ".map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))"
    )
    assert broken == []
    links = browser.js("[...document.querySelectorAll('#overview .finding-link a')].map(a => a.hash)")
    assert links == ["#f0001", "#f0002", "#f0003", "#f0004", "#f0005"]

    browser.js("document.querySelectorAll('#overview details').forEach(d => d.open = true)")
    browser.js("document.querySelector('#overview a[href=\"#f0005\"]').click()")
    assert browser.js("location.hash") == "#f0005"
    top = browser.js("document.getElementById('f0005').getBoundingClientRect().top")
    toolbar = browser.js("document.getElementById('filters').getBoundingClientRect().bottom")
    assert toolbar <= top < browser.js("window.innerHeight")
    # A finding in the middle of a document lands just below the sticky filter bar.
    browser.js("document.querySelector('#overview a[href=\"#f0003\"]').click()")
    top = browser.js("document.getElementById('f0003').getBoundingClientRect().top")
    at_bottom = browser.js("window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1")
    assert toolbar <= top and (top < toolbar + 200 or at_bottom)

    # Clicking a highlighted passage jumps to its finding.
    browser.js("document.querySelector('.cell[data-sev=major]').click()")
    assert browser.js("location.hash") in ("#f0002", "#f0003", "#f0004")
    assert browser.exceptions == []
