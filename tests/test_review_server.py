"""The review server's API: every endpoint, bad input, stale requests, path traversal, two tabs."""

from __future__ import annotations

import contextlib
import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from aligner.errors import UsageError
from aligner.report import rebuild_report
from aligner.review import REVIEW_JSONL, append_decisions, read_decisions
from aligner.review.model import BeadRef, Decision
from aligner.review.server import HTTPProblem, create_app
from aligner.runfolder import read_alignments
from test_report_synthetic import PairBuilder, planted_pair, write_run_folder

HOSTS = ["testserver", "127.0.0.1", "localhost"]
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def run(tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    extra = PairBuilder("p002", "An appendix", status="src-only")
    extra.paragraph([("An appendix nobody translated.", None, 0.0)])
    write_run_folder(folder, [planted_pair(), extra])
    rebuild_report(folder)
    return folder


@pytest.fixture
def client(run: Path) -> TestClient:
    return TestClient(create_app(run, "ana", allowed_hosts=HOSTS))


def document(client: TestClient, pair_id: str = "p001", level: str = "sentence") -> dict[str, Any]:
    answer = client.get(f"/api/documents/{pair_id}", params={"level": level})
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


def post(client: TestClient, payload: object, **kwargs: Any) -> Any:
    return client.post("/api/decisions", content=json.dumps(payload), headers=JSON, **kwargs)


def test_page_is_self_contained(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert "<title>Alignment review</title>" in answer.text
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", answer.text)


def test_run_summary_lists_documents_with_scores_and_findings(client: TestClient, run: Path) -> None:
    data = client.get("/api/run").json()
    assert data["reviewer"] == "ana" and data["langs"] == ["en", "zh"]
    docs = {d["pair_id"]: d for d in data["documents"]}
    assert set(docs) == {"p001", "p002"}
    report = json.loads((run / "report.json").read_text(encoding="utf-8"))
    assert docs["p001"]["findings"] == sum(f["pair_id"] == "p001" for f in report["findings"]) > 0
    assert docs["p001"]["score"] == 0.9 and docs["p002"]["score"] is None
    assert docs["p001"]["reviewed"] == 0 and docs["p001"]["beads"] > 20
    assert data["stale"] == [] and data["decisions"] == 0


def test_document_has_beads_side_by_side_with_findings(client: TestClient, run: Path) -> None:
    doc = document(client)
    beads = doc["beads"]
    sentence_beads = [b for b in read_alignments(run) if b.pair_id == "p001" and b.level == "sentence"]
    assert len(beads) == len(sentence_beads)
    assert beads[1]["src"][0]["text"] == sentence_beads[1].src[0].text
    assert beads[1]["ref"] == BeadRef.of(sentence_beads[1]).to_dict()
    assert beads[1]["id"] == "p001-s2" and beads[1]["status"] == "unreviewed"
    # The omitted sentences carry their omission findings.
    flagged = [b for b in beads if b["findings"]]
    assert flagged and all(doc["findings"][n]["check"] for b in flagged for n in b["findings"])
    assert any(not b["tgt"] for b in flagged)
    assert len(document(client, level="paragraph")["beads"]) < len(beads)


def test_document_errors(client: TestClient) -> None:
    missing = client.get("/api/documents/p999")
    assert missing.status_code == 404 and "p999" in missing.json()["error"]
    bad = client.get("/api/documents/p001", params={"level": "word"})
    assert bad.status_code == 400 and "level" in bad.json()["error"]


def test_a_decision_is_stored_before_it_is_acknowledged(client: TestClient, run: Path) -> None:
    bead = document(client)["beads"][1]
    answer = post(client, {"action": "confirm", "beads": [bead["ref"]]})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["document"]["beads"][1]["status"] == "confirmed"
    assert body["document"]["beads"][1]["reviewers"] == ["ana"]
    [stored] = read_decisions(run)
    assert stored.action == "confirm" and stored.reviewer == "ana" and stored.id == body["decision"]["id"]
    assert stored.beads[0].to_dict() == bead["ref"]
    assert client.get("/api/run").json()["documents"][0]["reviewed"] == 1


@pytest.mark.parametrize(
    ("body", "headers", "status", "message"),
    [
        ("{not json", JSON, 400, "not valid JSON"),
        ("[1, 2]", JSON, 400, "JSON object"),
        ('{"action": "confirm"}', {"Content-Type": "text/plain"}, 415, "as JSON"),
        ('{"action": "explode"}', JSON, 400, "unknown action"),
        ('{"action": "confirm"}', JSON, 400, "names 1 bead"),
        ('{"action": "confirm", "beads": [{"pair_id": 3}]}', JSON, 400, "'pair_id' must be a string"),
        ('{"action": "undo", "reviewer": "mallory", "target": "x"}', JSON, 400, "unknown field 'reviewer'"),
        ('{"action": "undo", "target": "nothing"}', JSON, 409, "no decision 'nothing'"),
        ('{"action": "edit", "beads": [], "side": "src", "index": 0, "text": "x"}', JSON, 400, "names 1"),
        ("x" * (1 << 21), JSON, 413, "limited"),
    ],
)
def test_malformed_requests_get_a_4xx_with_a_message(
    client: TestClient, run: Path, body: str, headers: dict[str, str], status: int, message: str
) -> None:
    answer = client.post("/api/decisions", content=body, headers=headers)
    assert answer.status_code == status, answer.text
    assert message in answer.json()["error"]
    assert read_decisions(run) == []


def test_a_request_on_a_changed_bead_is_refused(client: TestClient, run: Path) -> None:
    bead = document(client)["beads"][1]
    stale = {**bead["ref"], "digest": "0" * 16}
    answer = post(client, {"action": "reject", "beads": [stale]})
    assert answer.status_code == 409 and "has changed since it was shown" in answer.json()["error"]
    moved = {**bead["ref"], "src": [["en.txt", 999, 1, 2]]}
    answer = post(client, {"action": "reject", "beads": [moved]})
    assert answer.status_code == 409 and "no longer in the run" in answer.json()["error"]
    assert read_decisions(run) == []


def test_two_tabs_lose_nothing(client: TestClient, run: Path) -> None:
    tab_a = document(client)["beads"]
    tab_b = document(client)["beads"]  # the same page, open twice
    merged = post(client, {"action": "merge", "beads": [tab_a[1]["ref"], tab_a[2]["ref"]]})
    assert merged.status_code == 200
    # Tab B still shows the bead as it was: its edit is refused, not applied to the merged bead.
    edit = {"action": "edit", "beads": [tab_b[2]["ref"]], "side": "src", "index": 0, "text": "Tab B's text."}
    refused = post(client, edit)
    assert refused.status_code == 409 and "no longer in the run" in refused.json()["error"]
    # After reloading, tab B decides again and both decisions are kept.
    fresh = document(client)["beads"]
    again = post(client, {**edit, "beads": [fresh[1]["ref"]], "index": 1})
    assert again.status_code == 200, again.text
    assert [d.action for d in read_decisions(run)] == ["merge", "edit"]
    texts = [seg["text"] for seg in again.json()["document"]["beads"][1]["src"]]
    assert texts == [tab_a[1]["src"][0]["text"], "Tab B's text."]


def test_every_action_and_undo(client: TestClient, run: Path) -> None:
    beads = document(client)["beads"]
    two = next(i for i, b in enumerate(beads) if len(b["src"]) + len(b["tgt"]) >= 2 and b["src"] and b["tgt"])
    answers = [
        post(client, {"action": "split", "beads": [beads[two]["ref"]], "at": [1, 0]}),
        post(
            client,
            {
                "action": "move",
                "beads": [beads[3]["ref"], beads[4]["ref"]],
                "side": "tgt",
                "direction": "next",
            },
        ),
        post(client, {"action": "reject", "beads": [beads[5]["ref"]]}),
    ]
    assert [a.status_code for a in answers] == [200, 200, 200], [a.text for a in answers]
    listed = client.get("/api/decisions").json()["decisions"]
    assert [d["action"] for d in listed] == ["split", "move", "reject"]
    assert not any(d["undone"] for d in listed)
    for decision in reversed(listed):
        answer = post(client, {"action": "undo", "target": decision["id"]})
        assert answer.status_code == 200, answer.text
    assert document(client)["beads"] == beads
    assert all(d["undone"] for d in client.get("/api/decisions").json()["decisions"] if d["action"] != "undo")
    again = post(client, {"action": "undo", "target": listed[0]["id"]})
    assert again.status_code == 409 and "already undone" in again.json()["error"]


def test_an_undo_others_depend_on_is_refused(client: TestClient) -> None:
    beads = document(client)["beads"]
    merge = post(client, {"action": "merge", "beads": [beads[1]["ref"], beads[2]["ref"]]}).json()
    merged = merge["document"]["beads"][1]
    assert post(client, {"action": "confirm", "beads": [merged["ref"]]}).status_code == 200
    answer = post(client, {"action": "undo", "target": merge["decision"]["id"]})
    assert answer.status_code == 409 and "undo it first" in answer.json()["error"]


def test_finding_verdicts(client: TestClient) -> None:
    doc = document(client)
    before = client.get("/api/run").json()["documents"][0]["findings"]
    finding = doc["findings"][0]
    answer = post(client, {"action": "finding", "finding": finding["ref"], "verdict": "false-alarm"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["document"]["findings"][0]["verdict"] == "false-alarm"
    assert client.get("/api/run").json()["documents"][0]["findings"] == before - 1
    bad = post(client, {"action": "finding", "finding": finding["ref"], "verdict": "maybe"})
    assert bad.status_code == 400 and "verdict" in bad.json()["error"]


def test_search_in_both_languages(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "智能工厂"}).json()["hits"]
    assert [(h["pair_id"], h["side"]) for h in hits] == [("p001", "tgt")]
    hits = client.get("/api/search", params={"q": "SMART FACTORIES"}).json()["hits"]
    assert [(h["pair_id"], h["side"]) for h in hits] == [("p001", "src")]
    assert "smart factories" in hits[0]["snippet"]
    assert client.get("/api/search", params={"q": " "}).status_code == 400
    assert client.get("/api/search", params={"q": "x", "level": "word"}).status_code == 400


def test_decisions_written_elsewhere_are_picked_up(client: TestClient, run: Path) -> None:
    bead = read_alignments(run)[1]
    append_decisions(run, [Decision("other", "2026-02-01T10:00:00Z", "bo", "reject", (BeadRef.of(bead),))])
    assert document(client)["beads"][0]["status"] == "rejected"


def test_only_the_run_folders_own_files_are_served(client: TestClient, run: Path, tmp_path: Path) -> None:
    assert client.get("/files/report.json").json()["format"] == "aligner-report/1"
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (run / "link.txt").symlink_to(secret)
    (run / ".hidden").write_text("hidden", encoding="utf-8")
    for path in (
        "/files/../secret.txt",
        "/files/%2e%2e/secret.txt",
        "/files/..%2fsecret.txt",
        "/files/%2e%2e%2f%2e%2e%2fetc/passwd",
        "/files//etc/passwd",
        "/files/%2fetc%2fpasswd",
        "/files/link.txt",
        "/files/.hidden",
        "/files/tm",
        "/files/nothing.txt",
    ):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "secret" not in answer.text and "root:" not in answer.text
    session = client.app.state.session  # type: ignore[attr-defined]
    for relative in ("../secret.txt", "tm/../../secret.txt", "tm/../report.json", str(secret), "link.txt"):
        with pytest.raises(HTTPProblem):
            session.run_file(relative)
    (run / "exports").mkdir()
    (run / "exports" / "a.tmx").write_text("<tmx/>", encoding="utf-8")
    assert client.get("/files/exports/a.tmx").text == "<tmx/>"


def test_other_hosts_and_origins_are_refused(run: Path) -> None:
    client = TestClient(create_app(run, "ana"))  # the default: loopback names only
    assert client.get("/api/run", headers={"Host": "127.0.0.1:8720"}).status_code == 200
    assert client.get("/api/run", headers={"Host": "evil.example"}).status_code == 400
    bead = document(TestClient(create_app(run, "ana", allowed_hosts=HOSTS)))["beads"][1]
    answer = client.post(
        "/api/decisions",
        content=json.dumps({"action": "confirm", "beads": [bead["ref"]]}),
        headers={**JSON, "Host": "127.0.0.1:8720", "Origin": "http://evil.example"},
    )
    assert answer.status_code == 403
    assert read_decisions(run) == []


@contextlib.contextmanager
def serving(run: Path, reviewer: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``aligner review RUN --port 0 --no-browser`` in a process of its own, and the URL it printed."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aligner",
            "review",
            str(run),
            "--port",
            "0",
            "--no-browser",
            "--reviewer",
            reviewer,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)", line)
        assert match, line
        yield server, match.group(1)
    finally:
        if server.poll() is None:
            server.terminate()
        server.wait(timeout=30)


def test_the_command_serves_and_a_killed_server_leaves_the_store_readable(run: Path) -> None:
    with serving(run, "li") as (server, url):
        with urllib.request.urlopen(f"{url}api/documents/p001", timeout=30) as answer:
            bead = json.loads(answer.read())["beads"][1]
        request = urllib.request.Request(
            f"{url}api/decisions",
            data=json.dumps({"action": "confirm", "beads": [bead["ref"]]}).encode(),
            headers=JSON,
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200
        server.send_signal(signal.SIGKILL)
    [decision] = read_decisions(run)
    assert decision.reviewer == "li" and (run / REVIEW_JSONL).read_bytes().endswith(b"\n")


def test_simultaneous_requests_are_each_stored_or_refused(run: Path) -> None:
    def send(url: str, payload: dict[str, Any]) -> int:
        request = urllib.request.Request(
            f"{url}api/decisions", data=json.dumps(payload).encode(), headers=JSON
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as refused:
            return int(refused.code)

    with serving(run, "li") as (_, url):
        with urllib.request.urlopen(f"{url}api/documents/p001", timeout=30) as answer:
            beads = json.loads(answer.read())["beads"]
        confirms = [{"action": "confirm", "beads": [b["ref"]]} for b in beads[3:19]]
        # Two tabs merge the same two beads at the same moment: one merge is stored, one refused.
        merge = {"action": "merge", "beads": [beads[1]["ref"], beads[2]["ref"]]}
        with ThreadPoolExecutor(max_workers=6) as pool:
            codes = list(pool.map(lambda p: send(url, p), [merge, *confirms, merge]))
    assert codes[1:-1] == [200] * len(confirms)
    assert sorted((codes[0], codes[-1])) == [200, 409]
    stored = read_decisions(run)
    assert sorted(d.action for d in stored) == ["confirm"] * len(confirms) + ["merge"]
    assert len({d.id for d in stored}) == len(stored)


def test_a_busy_port_is_a_usage_error() -> None:
    from aligner.cli.review_cmd import _listen

    taken = _listen("127.0.0.1", 0)
    try:
        with pytest.raises(UsageError, match="--port 0"):
            _listen("127.0.0.1", taken.getsockname()[1])
    finally:
        taken.close()
