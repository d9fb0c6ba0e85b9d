"""Text left untranslated: identical targets and Latin-script sentences in a Chinese target."""

from __future__ import annotations

from aligner.checks import CheckOptions, run_checks
from aligner.checks.untranslated_text import latin_prose
from test_report_synthetic import faithful_pair

LEFT = CheckOptions(enabled=("untranslated-text",))


def test_latin_prose_tells_sentences_from_names() -> None:
    assert latin_prose("The plant relies on cameras that detect tiny defects", 5)
    assert not latin_prose("Dr. Michael Mertin CEO of AT&S AG", 5)
    assert not latin_prose(
        "The 19th Meeting of the Chongqing Mayor's International Economic Advisory Council", 5
    )


def test_latin_sentence_inside_chinese_target_is_reported() -> None:
    pair = faithful_pair()
    pair.paragraph(
        [
            (
                "The plant relies on cameras that detect tiny defects on every panel.",
                "该工厂依靠摄像头 that detect tiny defects on every panel 来检测缺陷。",
                0.8,
            ),
            ("Dr. Michael Mertin is CEO of AT&S AG.", "Michael Mertin博士是AT&S AG的首席执行官。", 0.85),
            (
                "It uses a 3A model (auto detection, auto diagnosis, auto recovery).",
                "它采用 3A（auto detection, auto diagnosis, auto recovery）模型。",
                0.85,
            ),
        ]
    )
    (finding,) = run_checks(pair.beads, [pair.row()], "en", "zh", LEFT)
    assert finding.severity == "major" and finding.detail["reason"] == "latin-text"
    assert finding.detail["latin_text"] == ["that detect tiny defects on every panel"]


def test_identical_target_and_kept_references() -> None:
    pair = faithful_pair()
    reference = "Smith, J. et al. (2023). The economics of smart factories. Journal of Industry, 12(3)."
    pair.paragraph(
        [
            ("Growth depends on skills and capital.", "Growth depends on skills and capital.", 0.9),
            (reference, reference, 0.95),
            ("AT&S", "AT&S", 0.9),
        ]
    )
    identical, kept_reference = run_checks(pair.beads, [pair.row()], "en", "zh", LEFT)
    assert (identical.severity, identical.detail["reason"]) == ("major", "identical")
    assert kept_reference.severity == "minor"


def test_latin_targets_are_only_checked_for_identity() -> None:
    pair = faithful_pair()
    pair.paragraph([("The plant is new.", "Das Werk ist neu und arbeitet seit dem Sommer.", 0.9)])
    assert run_checks(pair.beads, [pair.row()], "en", "de", LEFT) == []
