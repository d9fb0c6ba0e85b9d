"""One passage, one finding: sentence omissions inside a condensed paragraph are folded into it."""

from __future__ import annotations

from aligner.checks.passages import fold_passages
from aligner.model import Finding, Segment


def segment(text: str, line: int = 5) -> Segment:
    return Segment(text, "en.txt", line, line, 0, len(text))


def condensed(block: int, pair_id: str = "p1") -> Finding:
    return Finding(
        "condensed",
        "major",
        pair_id,
        "Condensed paragraph (en.txt:5): about 60% of the content is missing",
        [segment("The whole paragraph.")],
        detail={"level": "paragraph", "block": block},
    )


def omission(block: int, text: str, pair_id: str = "p1", level: str = "sentence") -> Finding:
    return Finding(
        "omission",
        "major",
        pair_id,
        "Untranslated sentence in a translated paragraph (en.txt:5, 40 characters)",
        [segment(text)],
        detail={"level": level, "blocks": [block]},
    )


def test_omissions_inside_a_condensed_paragraph_become_part_of_it() -> None:
    findings = [
        condensed(3),
        omission(3, "However, achieving this vision requires more than technological readiness alone."),
        omission(3, "Short one."),
    ]
    folded = fold_passages(findings)
    assert len(folded) == 1
    (finding,) = folded
    assert finding.check == "condensed"
    assert "2 sentences in it are not translated at all" in finding.message
    assert "“However, achieving this vision requires more than technological…”" in finding.message
    assert "“Short one.”" in finding.message
    assert [s["text"] for s in finding.detail["untranslated_sentences"]] == [  # type: ignore[attr-defined]
        "However, achieving this vision requires more than technological readiness alone.",
        "Short one.",
    ]


def test_omissions_elsewhere_stay_findings_of_their_own() -> None:
    findings = [
        condensed(3),
        omission(4, "In the next paragraph."),
        omission(3, "Same block, other document.", pair_id="p2"),
        omission(3, "A whole paragraph gap.", level="paragraph"),
    ]
    folded = fold_passages(findings)
    assert [f.check for f in folded] == ["condensed", "omission", "omission", "omission"]
    assert folded[0].message == findings[0].message


def test_the_folded_finding_keeps_the_more_serious_severity() -> None:
    critical = omission(3, "A long untranslated sentence.")
    critical.severity = "critical"
    (finding,) = fold_passages([condensed(3), critical])
    assert finding.severity == "critical"
    assert "1 sentence" not in finding.message and "sentence in it is not translated" in finding.message
