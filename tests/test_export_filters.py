"""The export filter: one selection, the same for every format, with clean-TM defaults."""

from __future__ import annotations

import dataclasses

import pytest

from aligner.errors import UsageError
from aligner.exporters import DEFAULT_MIN_CHARS, DEFAULT_MIN_SCORE, ExportFilter, select_beads, select_units
from test_export_fixtures import DEFAULT_SENTENCE_UNITS, DOCUMENTS, make_bead, sample_beads


def _ids(flt: ExportFilter) -> list[str]:
    return [unit.unit_id for unit in select_units(sample_beads(), DOCUMENTS, flt).units]


def test_defaults_give_a_clean_translation_memory() -> None:
    flt = ExportFilter()
    assert (flt.level, flt.min_score, flt.min_chars) == ("sentence", DEFAULT_MIN_SCORE, DEFAULT_MIN_CHARS)
    assert not (flt.include_headings or flt.include_numeric or flt.include_omissions)
    selection = select_units(sample_beads(), DOCUMENTS, flt)
    assert [unit.unit_id for unit in selection.units] == [unit_id for unit_id, _, _ in DEFAULT_SENTENCE_UNITS]
    assert selection.in_scope == 11
    assert dict(selection.dropped) == {"heading": 1, "numeric": 1, "omission": 2, "score": 1, "short": 1}
    assert selection.summary() == (
        "kept 5 of 11 beads (dropped: 2 omission, 1 score, 1 heading, 1 numeric, 1 short)"
    )


def test_select_beads_returns_the_kept_beads_in_run_order() -> None:
    beads = select_beads(sample_beads(), DOCUMENTS, ExportFilter())
    assert [bead.src[0].text for bead in beads] == [
        "Chongqing grew fast.",
        "It is big.",
        "Trade rose 5% in 2019.",
        "=SUM(A1:A3) is a formula.",
        "-5% growth",
    ]


def test_unit_ids_do_not_depend_on_thresholds() -> None:
    strict = _ids(ExportFilter(min_score=0.85))
    assert strict == ["p01-s2"]
    everything = _ids(
        ExportFilter(
            min_score=0, include_headings=True, include_numeric=True, min_chars=0, include_omissions=True
        )
    )
    assert everything == [f"p01-s{n}" for n in range(1, 9)] + ["p02-s1", "p02-s2", "p02-s3"]


def test_each_opt_in_brings_back_its_beads() -> None:
    base = set(_ids(ExportFilter()))
    assert set(_ids(ExportFilter(include_headings=True))) - base == {"p01-s1"}
    assert set(_ids(ExportFilter(include_numeric=True))) - base == {"p01-s5"}
    assert set(_ids(ExportFilter(min_score=0.3))) - base == {"p01-s7"}
    assert set(_ids(ExportFilter(min_chars=1))) - base == {"p01-s8"}
    # Omissions skip the score and length tests: they score 0 and have an empty side.
    assert set(_ids(ExportFilter(include_omissions=True))) - base == {"p01-s6", "p02-s2"}


def test_kinds_level_and_pairs() -> None:
    assert _ids(ExportFilter(kinds=frozenset({"2-1"}))) == ["p01-s4"]
    assert _ids(ExportFilter(pair_ids=frozenset({"p02"}))) == ["p02-s1", "p02-s3"]
    assert _ids(ExportFilter(level="paragraph")) == ["p01-p2", "p01-p3", "p02-p1"]
    assert _ids(ExportFilter(level="paragraph", include_headings=True, min_score=0.9)) == ["p01-p1"]


def test_numbers_only_means_no_letters() -> None:
    beads = [
        make_bead("p01", "sentence", 0, 0.9, ["3.5% (2019)"], ["3.5%（2019）"]),
        make_bead("p01", "sentence", 0, 0.9, ["In 2019"], ["2019年"]),
        make_bead("p01", "sentence", 0, 0.9, ["Figure ①"], ["①"]),
    ]
    kept = select_units(beads, DOCUMENTS, ExportFilter()).units
    assert [unit.unit_id for unit in kept] == ["p01-s2"]


def test_short_counts_letters_and_digits_per_side() -> None:
    beads = [
        make_bead("p01", "sentence", 0, 0.9, ["OK."], ["好。"]),  # 好 is one character: too short
        make_bead("p01", "sentence", 0, 0.9, ["Thanks."], ["谢谢。"]),
        make_bead("p01", "sentence", 0, 0.9, ["— …"], ["——"]),
    ]
    assert [unit.unit_id for unit in select_units(beads, DOCUMENTS, ExportFilter()).units] == ["p01-s2"]
    assert len(select_units(beads, DOCUMENTS, ExportFilter(min_chars=1)).units) == 2


def test_units_carry_their_document_row() -> None:
    flt = ExportFilter(pair_ids=frozenset({"p02"}), kinds=frozenset({"1-1"}), min_score=0.75)
    [unit] = select_units(sample_beads(), DOCUMENTS, flt).units
    assert unit.document is not None and unit.document.tgt_title == "贸易"
    stray = make_bead("p09", "sentence", 0, 0.9, ["No document row."], ["没有文档行。"])
    [orphan] = select_units([stray], DOCUMENTS, ExportFilter()).units
    assert orphan.document is None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"min_score": 1.5}, "outside"),
        ({"min_score": -0.1}, "outside"),
        ({"level": "word"}, "level"),
        ({"min_chars": -1}, "negative"),
        ({"kinds": frozenset({"1-1", "one-one"})}, "N-M"),
    ],
)
def test_bad_filters_are_usage_errors(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        ExportFilter(**arguments)  # type: ignore[arg-type]


def test_unknown_pair_id_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="p99"):
        select_units(sample_beads(), DOCUMENTS, ExportFilter(pair_ids=frozenset({"p01", "p99"})))


def test_a_heading_on_one_side_only_is_prose() -> None:
    beads = [
        make_bead("p01", "sentence", 0, 0.9, ["There are three trends:"], ["有三大趋势："]),
        make_bead("p01", "sentence", 0, 0.9, ["7. Conclusion"], ["7. 结论"], "heading"),
    ]
    beads[0] = dataclasses.replace(beads[0], tgt=[dataclasses.replace(beads[0].tgt[0], kind="heading")])
    kept = select_units(beads, DOCUMENTS, ExportFilter()).units
    assert [unit.unit_id for unit in kept] == ["p01-s1"]
