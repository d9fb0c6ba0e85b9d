"""One passage, one finding: what several checks say about the same lines becomes one finding.

An editor reads a condensed or rewritten paragraph once. When the condensed check reports a
paragraph and the omission check reports sentences inside that same paragraph bead, the sentences
are folded into the condensed finding (listed in its message and in
``detail["untranslated_sentences"]``) instead of standing as findings of their own; likewise the
low-similarity findings inside a paragraph the divergent check reports as rewritten
(``detail["low_similarity_sentences"]``), and the partial check's sentences left out of a merged
bead inside a condensed or rewritten paragraph (``detail["left_out_sentences"]``). The finding
keeps the more serious of the severities.
"""

from __future__ import annotations

from collections.abc import Callable

from aligner.model import SEVERITIES, Finding, Segment

# Words of a sentence quoted in a folded finding's message: enough to find it in the paragraph.
QUOTE_WORDS = 8


def _opening(segment: Segment) -> str:
    words = segment.text.split()
    if len(words) <= QUOTE_WORDS:
        return segment.text.strip()
    return " ".join(words[:QUOTE_WORDS]) + "…"


def _block_of(finding: Finding) -> int | None:
    block = finding.detail.get("block")
    return block if isinstance(block, int) else None


def _guest_block(finding: Finding) -> int | None:
    """The one paragraph block a sentence-level finding lies in, or ``None``."""
    if finding.detail.get("level") != "sentence":
        return None
    blocks = finding.detail.get("blocks")
    if isinstance(blocks, list):
        return blocks[0] if len(blocks) == 1 and isinstance(blocks[0], int) else None
    return _block_of(finding)


def _sentences(guests: list[Finding]) -> tuple[str, str, list[dict[str, object]]]:
    """The guests' source sentences: how to name them ("sentence", "3 sentences"), their openings
    quoted, and their places for the host's detail."""
    sentences = [segment for guest in guests for segment in guest.src]
    noun = "sentence" if len(sentences) == 1 else f"{len(sentences)} sentences"
    quotes = ", ".join(f"“{_opening(s)}”" for s in sentences)
    listed: list[dict[str, object]] = [
        {"line_start": s.line_start, "line_end": s.line_end, "text": s.text} for s in sentences
    ]
    return noun, quotes, listed


def _untranslated(host: Finding, guests: list[Finding]) -> tuple[str, str, list[dict[str, object]]]:
    noun, quotes, listed = _sentences(guests)
    verb = "is" if len(listed) == 1 else "are"
    return f"; besides, {noun} in it {verb} not translated at all: {quotes}", "untranslated_sentences", listed


def _left_out(host: Finding, guests: list[Finding]) -> tuple[str, str, list[dict[str, object]]]:
    noun, quotes, listed = _sentences(guests)
    return f"; {noun} in it probably left out: {quotes}", "left_out_sentences", listed


def _dissimilar(host: Finding, guests: list[Finding]) -> tuple[str, str, list[dict[str, object]]]:
    scores = [float(str(guest.detail.get("score", 0.0))) for guest in guests]
    noun = "sentence pair" if len(guests) == 1 else f"{len(guests)} sentence pairs"
    listed = [
        {
            "line_start": g.src[0].line_start if g.src else 0,
            "score": score,
            "text": g.src[0].text if g.src else "",
        }
        for g, score in zip(guests, scores, strict=True)
    ]
    return f"; {noun} in it score as low as {min(scores):.2f}", "low_similarity_sentences", listed


# (host check, guest check, what the folded guests add to the host).
FOLDS: tuple[
    tuple[str, str, Callable[[Finding, list[Finding]], tuple[str, str, list[dict[str, object]]]]], ...
] = (
    ("condensed", "omission", _untranslated),
    ("divergent", "low-similarity", _dissimilar),
    ("condensed", "partial", _left_out),
    ("divergent", "partial", _left_out),
)


def fold_passages(findings: list[Finding]) -> list[Finding]:
    """``findings`` with sentence findings inside a reported paragraph folded into its finding."""
    for host_check, guest_check, describe in FOLDS:
        findings = _fold(findings, host_check, guest_check, describe)
    return findings


def _fold(
    findings: list[Finding],
    host_check: str,
    guest_check: str,
    describe: Callable[[Finding, list[Finding]], tuple[str, str, list[dict[str, object]]]],
) -> list[Finding]:
    hosts: dict[tuple[str, int], Finding] = {}
    for finding in findings:
        block = _block_of(finding)
        if finding.check == host_check and finding.detail.get("level") == "paragraph" and block is not None:
            hosts[(finding.pair_id, block)] = finding
    if not hosts:
        return findings
    folded: dict[int, list[Finding]] = {}
    kept: list[Finding] = []
    for finding in findings:
        block = _guest_block(finding) if finding.check == guest_check else None
        host = hosts.get((finding.pair_id, block)) if block is not None else None
        if host is None:
            kept.append(finding)
        else:
            folded.setdefault(id(host), []).append(finding)
    out = []
    for finding in kept:
        guests = folded.get(id(finding))
        if not guests:
            out.append(finding)
            continue
        addition, key, listed = describe(finding, guests)
        detail = dict(finding.detail)
        detail[key] = listed
        out.append(
            Finding(
                check=finding.check,
                severity=max([finding.severity, *(g.severity for g in guests)], key=SEVERITIES.index),
                pair_id=finding.pair_id,
                message=finding.message + addition,
                src=finding.src,
                tgt=finding.tgt,
                detail=detail,
            )
        )
    return out
