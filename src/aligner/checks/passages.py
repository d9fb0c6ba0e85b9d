"""One passage, one finding: what several checks say about the same lines becomes one finding.

An editor reads a condensed paragraph once. When the condensed check reports a paragraph and the
omission check reports sentences inside that same paragraph bead, the sentences are folded into the
condensed finding (listed in its message and in ``detail["untranslated_sentences"]``) instead of
standing as findings of their own; the finding keeps the more serious of the severities.
"""

from __future__ import annotations

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


def fold_sentence_omissions(findings: list[Finding]) -> list[Finding]:
    """``findings`` with sentence omissions inside a condensed paragraph folded into its finding."""
    condensed: dict[tuple[str, int], Finding] = {}
    for finding in findings:
        block = _block_of(finding)
        if finding.check == "condensed" and finding.detail.get("level") == "paragraph" and block is not None:
            condensed[(finding.pair_id, block)] = finding
    if not condensed:
        return findings
    folded: dict[int, list[Finding]] = {}
    kept: list[Finding] = []
    for finding in findings:
        blocks = finding.detail.get("blocks")
        host = None
        if (
            finding.check == "omission"
            and finding.detail.get("level") == "sentence"
            and isinstance(blocks, list)
            and len(blocks) == 1
        ):
            host = condensed.get((finding.pair_id, blocks[0]))
        if host is None:
            kept.append(finding)
        else:
            folded.setdefault(id(host), []).append(finding)
    out = []
    for finding in kept:
        parts = folded.get(id(finding))
        out.append(finding if not parts else _fold(finding, parts))
    return out


def _fold(host: Finding, omissions: list[Finding]) -> Finding:
    sentences = [segment for omission in omissions for segment in omission.src]
    quotes = ", ".join(f"“{_opening(s)}”" for s in sentences)
    noun = "sentence" if len(sentences) == 1 else f"{len(sentences)} sentences"
    severity = max([host.severity, *(o.severity for o in omissions)], key=SEVERITIES.index)
    detail = dict(host.detail)
    detail["untranslated_sentences"] = [
        {"line_start": s.line_start, "line_end": s.line_end, "text": s.text} for s in sentences
    ]
    return Finding(
        check=host.check,
        severity=severity,
        pair_id=host.pair_id,
        message=f"{host.message}; besides, {noun} in it {'is' if len(sentences) == 1 else 'are'} "
        f"not translated at all: {quotes}",
        src=host.src,
        tgt=host.tgt,
        detail=detail,
    )
