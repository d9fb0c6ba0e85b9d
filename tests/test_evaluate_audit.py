"""Scoring audit findings against judged passages (aligner.evaluate_audit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.evaluate_audit import COLUMNS, read_judgements, score_findings
from aligner.model import Finding, Segment

HEADER = "\t".join(COLUMNS)


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "judged.tsv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def segment(text: str, line: int, file: str = "en.txt") -> Segment:
    return Segment(text, file, line, line, 0, len(text))


def finding(check: str, severity: str, src: list[Segment], tgt: list[Segment] = ()) -> Finding:  # type: ignore[assignment]
    return Finding(check, severity, "p", "message", list(src), list(tgt))  # type: ignore[arg-type]


PARAGRAPH = "The plant opened in 2020. It employs 300 people. Sales grew by 12%."


def test_a_finding_is_right_false_debatable_or_unjudged(tmp_path: Path) -> None:
    judgements = read_judgements(
        write(
            tmp_path,
            "01\t10-20\t5-15\tjudged\t-\t-\t-\tread in full",
            "01\t12-12\t-\tgap\tomission\tmajor\tIt employs 300 people\t[missed] dropped",
            "01\t12-12\t6-6\tfine\tsame-number\t-\tSales grew by 12%\tsame figure",
            "01\t14-14\t-\tdebatable\tnuance\t-\t-\tan adjective",
        )
    )
    findings = [
        finding("omission", "major", [segment("It employs 300 people.", 12)]),
        finding("numbers", "major", [segment("Sales grew by 12%.", 12)]),
        finding("low-similarity", "minor", [segment("Something else.", 14)]),
        finding("numbers", "major", [segment("Outside the judged paper.", 40)]),
    ]
    score = score_findings(findings, judgements)
    assert score.by_check["omission"].right == 1
    assert score.by_check["numbers"].false == 1
    assert score.by_check["numbers"].unjudged == 1
    assert score.by_check["low-similarity"].debatable == 1
    assert score.total.precision == pytest.approx(0.5)
    assert (score.found, score.gaps) == (1, 1)
    assert score.false_alarms[0].check == "numbers"


def test_quote_says_which_sentence_of_a_line_is_meant(tmp_path: Path) -> None:
    judgements = read_judgements(
        write(
            tmp_path,
            "01\t10-20\t5-15\tjudged\t-\t-\t-\tread in full",
            "01\t12-12\t-\tgap\tomission\tcritical\tIt employs 300 people\tdropped",
        )
    )
    other_sentence = finding("omission", "critical", [segment("The plant opened in 2020.", 12)])
    whole_paragraph = finding("condensed", "major", [segment(PARAGRAPH, 12)], [segment("工厂", 6, "zh.txt")])
    score = score_findings([other_sentence, whole_paragraph], judgements)
    assert score.by_check["omission"].false == 1
    assert score.by_check["condensed"].right == 1
    assert score.false_criticals == [other_sentence]
    assert score.missed == []


def test_a_gap_no_finding_covers_is_missed(tmp_path: Path) -> None:
    judgements = read_judgements(
        write(
            tmp_path,
            "01\t10-20\t5-15\tjudged\t-\t-\t-\tread in full",
            "01\t-\t7-7\tgap\taddition\tminor\t全新的营销口号\tno source",
        )
    )
    score = score_findings([], judgements)
    assert (score.found, score.gaps) == (0, 1)
    assert score.missed[0].kind == "addition"
    assert score.recall == 0.0


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("01\t10-20\t-\tgap\tomission\tsevere\t-\tx", "severity"),
        ("01\t10-20\t-\tmaybe\tomission\tminor\t-\tx", "verdict"),
        ("01\t20-10\t-\tgap\tomission\tminor\t-\tx", "ends before"),
        ("01\t-\t-\tfine\tx\t-\t-\tx", "en_lines or zh_lines"),
        ("01\t10-20\tgap", "fields"),
    ],
)
def test_malformed_rows_are_refused_with_their_line(tmp_path: Path, row: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        read_judgements(write(tmp_path, row))
