"""The review server behind ``aligner review``: a page and a small JSON API over one run folder.

Built on Starlette (an ASGI toolkit: routing, requests, responses and a test client, nothing we do
not use) and served by uvicorn. Routes:

- ``GET /``: the review page (``aligner/data/review.html``, self-contained);
- ``GET /api/run``: the documents with scores, finding and review counts, and stale decisions;
- ``GET /api/documents/{pair_id}?level=sentence``: one document's beads, side by side, with their
  findings (from the run's ``report.json``) and reviews; the page loads each document on demand;
- ``GET /api/search?q=...&level=sentence``: beads whose source or target text holds ``q``;
- ``GET /api/decisions``: every decision, each marked undone or stale where it is;
- ``POST /api/decisions``: one decision (a JSON object; the server adds id, time and reviewer);
  400 for a malformed one, 409 for one made on beads that have changed since the page showed
  them (each action carries the digest of the beads it was made on), 415 for a body that is not
  JSON; it answers 200 only once the decision is on disk;
- ``GET /files/{path}``: a file of the run folder (report.html, tm/corpus.tmx...), nothing outside.

Safe by default: it binds 127.0.0.1 and then answers only requests for that host (a web page
elsewhere cannot reach it by DNS rebinding), and refuses a POST whose ``Origin`` is another site.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from aligner.errors import AlignerError
from aligner.model import AlignedBead, Finding, Segment
from aligner.review.apply import ReviewState, StaleError, apply_decisions
from aligner.review.model import Decision, DecisionError, FindingRef, ReviewedBead
from aligner.review.store import REVIEW_JSONL, locked_store, read_decisions
from aligner.runfolder import read_alignments, read_documents, read_manifest

LEVELS = ("sentence", "paragraph")
MAX_BODY_BYTES = 1 << 20
MAX_SEARCH_HITS = 100
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
# Fields a page may send; the server sets id, time and reviewer itself.
CLIENT_FIELDS = (
    "action",
    "beads",
    "side",
    "direction",
    "at",
    "index",
    "text",
    "finding",
    "verdict",
    "target",
)


class HTTPProblem(Exception):
    """A request the server refuses, with its status and the message the page shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _read_findings(run_dir: Path) -> list[Finding]:
    """The findings of the run's ``report.json`` (none if it has no report)."""
    path = run_dir / "report.json"
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            Finding(
                check=str(item["check"]),
                severity=item["severity"],
                pair_id=str(item["pair_id"]),
                message=str(item["message"]),
                src=[Segment.from_dict(s) for s in item.get("src", [])],
                tgt=[Segment.from_dict(s) for s in item.get("tgt", [])],
            )
            for item in data.get("findings", [])
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return []  # a damaged report only costs the page its findings; rerun 'aligner report'


def _overlaps(a: Sequence[Segment], b: Sequence[Segment]) -> bool:
    return any(
        (x.file == y.file and x.char_start < y.char_end and y.char_start < x.char_end)
        or (x.file, x.char_start, x.char_end) == (y.file, y.char_start, y.char_end)
        for x in a
        for y in b
    )


def _segments(side: Sequence[Segment]) -> list[dict[str, object]]:
    return [{"text": s.text, "line": s.line_start, "kind": s.kind} for s in side]


@dataclass
class _Loaded:
    state: ReviewState
    size: int


class ReviewSession:
    """One run folder under review: its beads, findings and decisions, shared by all requests."""

    def __init__(self, run_dir: Path, reviewer: str = "") -> None:
        self.run_dir = Path(run_dir)
        self.reviewer = reviewer
        self.beads: list[AlignedBead] = read_alignments(self.run_dir)
        self.documents = read_documents(self.run_dir)
        manifest = read_manifest(self.run_dir)
        self.langs = (str(manifest.get("src_lang") or "en"), str(manifest.get("tgt_lang") or "zh"))
        self.findings = _read_findings(self.run_dir)
        self._lock = threading.Lock()
        self._loaded = _Loaded(apply_decisions(self.beads, read_decisions(self.run_dir)), self._size())

    def _size(self) -> int:
        try:
            return (self.run_dir / REVIEW_JSONL).stat().st_size
        except FileNotFoundError:
            return 0

    def state(self) -> ReviewState:
        """The state, reloaded if another process (another server) appended decisions."""
        with self._lock:
            size = self._size()
            if size != self._loaded.size:
                self._loaded = _Loaded(apply_decisions(self.beads, read_decisions(self.run_dir)), size)
            return self._loaded.state

    def decide(self, fields: dict[str, Any]) -> Decision:
        """Check a decision against the beads as they now are, store it, then apply it."""
        try:
            decision = Decision.from_dict(
                {**fields, "id": uuid.uuid4().hex[:12], "time": _now(), "reviewer": self.reviewer}
            )
        except DecisionError as exc:
            raise HTTPProblem(400, str(exc)) from exc
        with self._lock, locked_store(self.run_dir) as store:
            if store.size != self._loaded.size:
                self._loaded = _Loaded(apply_decisions(self.beads, store.read()), store.size)
            state = self._loaded.state
            try:
                state.check(decision)
            except StaleError as exc:
                raise HTTPProblem(409, f"{exc}; reload the document and decide again") from exc
            store.append([decision])
            state.add(decision)
            self._loaded.size = store.size
        return decision

    # What the page shows -----------------------------------------------------------------------
    def run_summary(self) -> dict[str, object]:
        state = self.state()
        counts: dict[str, dict[str, int]] = {}
        for item in state.items:
            if item.bead.level != "sentence":
                continue
            row = counts.setdefault(item.bead.pair_id, {"beads": 0, "reviewed": 0, "low": 0})
            row["beads"] += 1
            row["reviewed"] += item.review is not None
            row["low"] += bool(item.bead.src and item.bead.tgt and item.bead.score < 0.5)
        open_findings: dict[str, int] = {}
        for finding in self.findings:
            if FindingRef.of(finding) not in state.findings:
                open_findings[finding.pair_id] = open_findings.get(finding.pair_id, 0) + 1
        documents = [
            {
                "pair_id": row.pair_id,
                "status": row.status,
                "src_title": row.src_title,
                "tgt_title": row.tgt_title,
                "score": row.score,
                "findings": open_findings.get(row.pair_id, 0),
                **counts.get(row.pair_id, {"beads": 0, "reviewed": 0, "low": 0}),
            }
            for row in self.documents
        ]
        return {
            "run": self.run_dir.name,
            "reviewer": self.reviewer,
            "langs": list(self.langs),
            "documents": documents,
            "decisions": len(state.decisions),
            "stale": [
                {"id": s.decision.id, "action": s.decision.action, "reason": s.reason} for s in state.stale
            ],
            "has_report": (self.run_dir / "report.json").is_file(),
        }

    def document(self, pair_id: str, level: str) -> dict[str, object]:
        if pair_id not in {row.pair_id for row in self.documents} | {b.pair_id for b in self.beads}:
            raise HTTPProblem(404, f"no document pair {pair_id!r} in this run")
        if level not in LEVELS:
            raise HTTPProblem(400, f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        state = self.state()
        items = state.beads_of(pair_id, level)
        findings = [f for f in self.findings if f.pair_id == pair_id]
        marks = state.findings
        finding_rows = []
        for number, finding in enumerate(findings):
            ref = FindingRef.of(finding)
            mark = marks.get(ref)
            finding_rows.append(
                {
                    "n": number,
                    "check": finding.check,
                    "severity": finding.severity,
                    "message": finding.message,
                    "ref": ref.to_dict(),
                    "verdict": mark.verdict if mark else None,
                }
            )
        beads = []
        for item in items:
            attached = [
                n
                for n, f in enumerate(findings)
                if _overlaps(f.src, item.bead.src) or _overlaps(f.tgt, item.bead.tgt)
            ]
            beads.append(self._bead(item, attached))
        return {"pair_id": pair_id, "level": level, "beads": beads, "findings": finding_rows}

    @staticmethod
    def _bead(item: ReviewedBead, findings: list[int]) -> dict[str, object]:
        bead = item.bead
        return {
            "id": f"{bead.pair_id}-{bead.level[0]}{item.label}",
            "label": item.label,
            "ref": item.ref.to_dict(),
            "kind": bead.kind,
            "score": round(bead.score, 4),
            "block": bead.block,
            "status": item.status,
            "reviewers": list(item.review.reviewers) if item.review else [],
            "src": _segments(bead.src),
            "tgt": _segments(bead.tgt),
            "findings": findings,
        }

    def search(self, query: str, level: str) -> list[dict[str, object]]:
        if level not in LEVELS:
            raise HTTPProblem(400, f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        needle = query.strip().casefold()
        if not needle:
            raise HTTPProblem(400, "give some text to search for (q=...)")
        hits: list[dict[str, object]] = []
        for item in self.state().items:
            if item.bead.level != level:
                continue
            for side in ("src", "tgt"):
                text = " ".join(s.text for s in getattr(item.bead, side))
                at = text.casefold().find(needle)
                if at >= 0:
                    start = max(at - 40, 0)
                    hits.append(
                        {
                            "pair_id": item.bead.pair_id,
                            "label": item.label,
                            "side": side,
                            "snippet": text[start : at + len(needle) + 40],
                        }
                    )
                    break
            if len(hits) >= MAX_SEARCH_HITS:
                break
        return hits

    def decision_list(self) -> list[dict[str, object]]:
        state = self.state()
        stale = {s.decision.id: s.reason for s in state.stale}
        return [
            {**d.to_dict(), "undone": d.id in state.undone, "stale": stale.get(d.id)} for d in state.decisions
        ]

    def pair_of(self, decision: Decision) -> str | None:
        """The document a decision is about (for an undo: the undone decision's)."""
        if decision.action == "undo":
            target = next((d for d in self.state().decisions if d.id == decision.target), None)
            return self.pair_of(target) if target else None
        if decision.finding is not None:
            return decision.finding.pair_id
        return decision.beads[0].pair_id if decision.beads else None

    def run_file(self, relative: str) -> Path:
        """A file of the run folder named by a URL path; 404 for anything else."""
        root = self.run_dir.resolve()
        parts = Path(relative).parts
        if not parts or any(part.startswith(".") for part in parts) or Path(relative).is_absolute():
            raise HTTPProblem(404, "no such file in this run")
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise HTTPProblem(404, "no such file in this run")
        return path


def _page() -> str:
    return resources.files("aligner").joinpath("data/review.html").read_text(encoding="utf-8")


Handler = Callable[[Request], Awaitable[Response]]


def _answers(handler: Handler) -> Handler:
    """Turn refusals and run-folder errors into JSON answers with a message."""

    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except HTTPProblem as problem:
            return JSONResponse({"error": str(problem)}, status_code=problem.status)
        except AlignerError as problem:
            return JSONResponse({"error": str(problem)}, status_code=500)

    return wrapped


def create_app(
    run_dir: str | Path, reviewer: str = "", *, allowed_hosts: Sequence[str] = LOOPBACK_HOSTS
) -> Starlette:
    """The review app for ``run_dir``; decisions are made in the name of ``reviewer``.

    ``allowed_hosts`` are the host names requests may be addressed to (``["*"]``: any).
    """
    session = ReviewSession(Path(run_dir), reviewer)
    page = _page()

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    @_answers
    async def run_summary(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(session.run_summary))

    @_answers
    async def document(request: Request) -> Response:
        level = request.query_params.get("level", "sentence")
        return JSONResponse(await run_in_threadpool(session.document, request.path_params["pair_id"], level))

    @_answers
    async def search(request: Request) -> Response:
        level = request.query_params.get("level", "sentence")
        hits = await run_in_threadpool(session.search, request.query_params.get("q", ""), level)
        return JSONResponse({"hits": hits})

    @_answers
    async def decisions(request: Request) -> Response:
        return JSONResponse({"decisions": await run_in_threadpool(session.decision_list)})

    @_answers
    async def decide(request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
            raise HTTPProblem(403, f"requests from {origin} are not accepted")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise HTTPProblem(415, "send the decision as JSON (Content-Type: application/json)")
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            raise HTTPProblem(413, f"a decision is limited to {MAX_BODY_BYTES} bytes")
        try:
            fields = json.loads(body)
        except ValueError as exc:
            raise HTTPProblem(400, f"the body is not valid JSON ({exc})") from exc
        if not isinstance(fields, dict):
            raise HTTPProblem(400, "the body must be a JSON object")
        unknown = sorted(set(fields) - set(CLIENT_FIELDS))
        if unknown:
            raise HTTPProblem(400, f"unknown field {unknown[0]!r}; a decision has {', '.join(CLIENT_FIELDS)}")
        decision = await run_in_threadpool(session.decide, fields)
        answer: dict[str, object] = {"decision": decision.to_dict()}
        pair_id = session.pair_of(decision)
        level = decision.beads[0].level if decision.beads else request.query_params.get("level", "sentence")
        if pair_id is not None and level in LEVELS:
            answer["document"] = await run_in_threadpool(session.document, pair_id, level)
        return JSONResponse(answer)

    @_answers
    async def run_file(request: Request) -> Response:
        return FileResponse(session.run_file(request.path_params["path"]))

    routes = [
        Route("/", index),
        Route("/api/run", run_summary),
        Route("/api/documents/{pair_id}", document),
        Route("/api/search", search),
        Route("/api/decisions", decisions, methods=["GET"]),
        Route("/api/decisions", decide, methods=["POST"]),
        Route("/files/{path:path}", run_file),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts), www_redirect=False)]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.session = session
    return app


__all__ = ["LOOPBACK_HOSTS", "ReviewSession", "create_app"]
