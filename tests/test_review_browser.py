"""The review page in a real headless Chromium: merge, split, reject, edit and undo by clicks and
keys, then ``aligner export`` shows exactly those changes.

Needs Debian's chromium and websocket-client (see ``test_report_browser``); skipped without them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.review import read_decisions
from test_export_fixtures import assert_valid_tmx, write_run
from test_report_browser import DevTools, browser
from test_review_server import serving

__all__ = ["browser"]  # the fixture, shared with the report's browser test


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    run = write_run(tmp_path / "run")
    with serving(run, "mei") as (_, url):
        yield run, url


def wait_for(page: DevTools, expression: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.js(f"Boolean({expression})"):
            return
        time.sleep(0.05)
    message = page.js("document.getElementById('message').textContent")
    raise AssertionError(f"never true: {expression}; message: {message}")


def key(page: DevTools, name: str) -> None:
    page.call("Input.dispatchKeyEvent", type="keyDown", key=name, text=name)
    page.call("Input.dispatchKeyEvent", type="keyUp", key=name)


def set_value(page: DevTools, element_id: str, value: str, event: str = "input") -> None:
    """Type ``value`` into the field, as a user would (the page listens for ``event``)."""
    page.js(
        f"(() => {{ const field = document.getElementById({json.dumps(element_id)});"
        f" field.value = {json.dumps(value)}; field.dispatchEvent(new Event({json.dumps(event)})); }})()"
    )


def bead(label: str) -> str:
    return f"document.getElementById('b-{label}')"


def units(path: Path) -> dict[str, tuple[str, str, dict[str, str]]]:
    tree = assert_valid_tmx(path)
    out = {}
    for tu in tree.iter("tu"):
        segs = [seg.text or "" for seg in tu.iter("seg")]
        props = {str(p.get("type")): p.text or "" for p in tu.iter("prop")}
        out[str(tu.get("tuid"))] = (segs[0], segs[1], props)
    return out


def test_review_in_the_browser_then_export(
    browser: DevTools, served: tuple[Path, str], tmp_path: Path
) -> None:
    run, url = served
    before_path, after_path = tmp_path / "before.tmx", tmp_path / "after.tmx"
    assert main(["export", str(run), "-o", str(before_path)]) == 0
    before = units(before_path)

    browser.open(url)
    wait_for(browser, "document.body.dataset.ready === 'true'")
    assert browser.js("document.getElementById('doc-title').textContent").endswith("(p01)")
    assert browser.js("document.querySelectorAll('nav button.doc').length") == 3

    # Reject bead 2 from the keyboard: j moves down from bead 1, x rejects.
    wait_for(browser, f"{bead('1')}.classList.contains('current')")
    key(browser, "j")
    wait_for(browser, f"{bead('2')}.classList.contains('current')")
    key(browser, "x")
    wait_for(browser, f"{bead('2')}.dataset.status === 'rejected'")

    # Edit the target of bead 3.
    browser.js(f"{bead('3')}.click(); {bead('3')}.querySelector('[data-action=edit]').click()")
    browser.js(f"{bead('3')}.querySelector('textarea[data-side=tgt]').value = '它非常大。'")
    browser.js(f"{bead('3')}.querySelector('[data-action=do-edit]').click()")
    wait_for(browser, f"{bead('3')}.dataset.status === 'corrected'")
    assert browser.js(f"{bead('3')}.querySelector('.side.tgt').textContent") == "它非常大。"

    # Split the 2-1 bead 4 after its first source sentence (s opens the form).
    browser.js(f"{bead('4')}.click()")
    key(browser, "s")
    wait_for(browser, f"{bead('4')}.querySelector('.split-form')")
    browser.js(f"{bead('4')}.querySelector('[data-action=do-split]').click()")
    wait_for(browser, bead("4.2"))
    assert browser.js(f"{bead('4')}.dataset.kind") == "1-1"
    assert browser.js(f"{bead('4.2')}.dataset.kind") == "1-0"

    # Confirm the weak bead 7, then take it back with u.
    browser.js(f"{bead('7')}.click(); {bead('7')}.querySelector('[data-action=confirm]').click()")
    wait_for(browser, f"{bead('7')}.dataset.status === 'confirmed'")
    key(browser, "u")
    wait_for(browser, f"{bead('7')}.dataset.status === 'unreviewed'")

    # Filters: only the unreviewed beads, then only those scoring below 0.5.
    browser.js("document.getElementById('f-unreviewed').click()")
    assert browser.js(f"{bead('2')}.hidden") is True and browser.js(f"{bead('7')}.hidden") is False
    browser.js("document.getElementById('f-unreviewed').click()")
    set_value(browser, "f-score", "0.5")
    shown = browser.js(
        "[...document.querySelectorAll('.bead')].filter(b => !b.hidden).map(b => b.dataset.label)"
    )
    assert shown == ["4.2", "6", "7"]
    set_value(browser, "f-score", "")

    # Search the Chinese side, jump to the other document and merge its bead 1 with the next (m).
    set_value(browser, "search", "公式")
    browser.js(
        "document.getElementById('search').dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}))"
    )
    wait_for(browser, "document.querySelector('#results button.hit')")
    browser.js("document.querySelector('#results button.hit').click()")
    wait_for(browser, "document.getElementById('doc-title').textContent.endsWith('(p02)')")
    wait_for(browser, f"{bead('1')}.classList.contains('current')")
    browser.js(f"{bead('1')}.querySelector('[data-action=merge]').focus()")
    key(browser, "m")
    wait_for(browser, f"{bead('1')}.dataset.kind === '1-2'")
    assert browser.js(bead("2")) is None
    shot = browser.call("Page.captureScreenshot", format="png")["data"]
    assert len(shot) > 10_000
    assert browser.exceptions == []

    decisions = read_decisions(run)
    assert [d.action for d in decisions] == ["reject", "edit", "split", "confirm", "undo", "merge"]
    assert {d.reviewer for d in decisions} == {"mei"}

    assert main(["export", str(run), "-o", str(after_path)]) == 0
    after = units(after_path)
    assert set(before) == {"p01-s2", "p01-s3", "p01-s4", "p02-s1", "p02-s3"}
    assert set(after) == {"p01-s3", "p01-s4", "p02-s1", "p02-s3"}  # p01-s2 rejected; p01-s7 undone
    assert after["p01-s3"][:2] == (before["p01-s3"][0], "它非常大。")
    assert after["p01-s4"][:2] == ("Trade rose 5% in 2019.", before["p01-s4"][1])
    assert after["p02-s1"][:2] == (before["p02-s1"][0], before["p02-s1"][1] + "多余的句子。")
    assert after["p02-s3"] == before["p02-s3"]
    assert {key: after[key][2].get("x-reviewed") for key in after} == {
        "p01-s3": "corrected",
        "p01-s4": "corrected",
        "p02-s1": "corrected",
        "p02-s3": None,
    }
    assert json.loads((run / "manifest.json").read_text(encoding="utf-8"))["created"]  # run folder intact
