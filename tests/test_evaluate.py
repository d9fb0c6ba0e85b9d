"""Vecalign-format reading and strict/lax scoring, checked against hand-computed counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligner.errors import InputError
from aligner.evaluate import format_bead, pair_files, parse_beads, read_beads, score, split_many_to_many
from aligner.model import Bead

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3, 4))]


def test_reads_beads_with_and_without_scores(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("[0]:[0]\n[1, 2]:[1]:0.8712\n\n[]:[2]\n[3]:[3,4]:0.5\n", encoding="utf-8")
    assert read_beads(path) == GOLD


@pytest.mark.parametrize("line", ["[0]", "[0]:[x]", "[0]:[1]:high", "[-1]:[0]", "[0]:[1]:0.5:2"])
def test_malformed_lines_are_input_errors(line: str) -> None:
    with pytest.raises(InputError, match="f:1"):
        parse_beads(line, "f")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_beads(tmp_path / "nope")


def test_format_round_trips() -> None:
    text = "\n".join(format_bead(s, t, 0.5) for s, t in GOLD)
    assert text.splitlines()[1] == "[1,2]:[1]:0.5000"
    assert parse_beads(text) == GOLD


def test_perfect_alignment_scores_one() -> None:
    assert all(value == 1.0 for value in score(GOLD, GOLD).values())


def test_hand_computed_counts() -> None:
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,)), ((3,), (3,)), ((), (4,))]
    result = score(GOLD, test)
    # precision over the 6 test beads: exact [0]:[0] and []:[2]; lax adds [1]:[1] and [3]:[3]
    assert result["precision_strict"] == pytest.approx(2 / 6)
    assert result["precision_lax"] == pytest.approx(4 / 6)
    # recall over the 3 gold pairs (omissions left out): only [0]:[0] exact; all 3 overlap a test pair
    assert result["recall_strict"] == pytest.approx(1 / 3)
    assert result["recall_lax"] == pytest.approx(1.0)
    assert result["f1_strict"] == pytest.approx(1 / 3)


def test_files_are_micro_averaged_and_beads_accepted() -> None:
    one = [((0,), (0,))]
    two = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    wrong = [Bead((0,), (1,), 0.3), Bead((1,), (0,), 0.2), Bead((2,), (2,), 0.9)]
    result = score([one, two], [one, wrong])
    # 4 test beads, 2 exact: micro average 0.5 (a macro average would give 0.67)
    assert result["precision_strict"] == pytest.approx(0.5)
    assert score([], [])["f1_strict"] == 0.0


def test_pairs_folders_by_name(tmp_path: Path) -> None:
    gold, test = tmp_path / "gold", tmp_path / "test"
    gold.mkdir()
    test.mkdir()
    for name in ("001", "002"):
        (gold / name).write_text("[0]:[0]\n", encoding="utf-8")
    (test / "001").write_text("[0]:[0]\n", encoding="utf-8")
    with pytest.raises(InputError, match="002"):
        pair_files(gold, test)
    (test / "002").write_text("[0]:[0]\n", encoding="utf-8")
    assert [name for name, _, _ in pair_files(gold, test)] == ["001", "002"]
    with pytest.raises(InputError, match="both"):
        pair_files(gold, test / "001")


beads_strategy = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda s: s != (0, 0)), max_size=12
)


def as_alignment(sizes: list[tuple[int, int]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    i = j = 0
    out = []
    for a, b in sizes:
        out.append((tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return out


@given(gold=beads_strategy, test=beads_strategy)
def test_scores_are_bounded_and_lax_at_least_strict(
    gold: list[tuple[int, int]], test: list[tuple[int, int]]
) -> None:
    result = score(as_alignment(gold), as_alignment(test))
    assert all(0.0 <= value <= 1.0 for value in result.values())
    for kind in ("precision", "recall", "f1"):
        assert result[f"{kind}_lax"] >= result[f"{kind}_strict"] - 1e-12


def test_many_to_many_beads_split_into_consecutive_parts() -> None:
    assert split_many_to_many(((0, 1), (0, 1))) == [((0,), (0,)), ((1,), (1,))]
    assert split_many_to_many(((4, 5), (6, 7, 8))) == [((4,), (6, 7)), ((5,), (8,))]
    assert split_many_to_many(((3,), (1, 2))) == [((3,), (1, 2))]
    assert split_many_to_many(((), (1,))) == [((), (1,))]


@given(
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=6),
)
def test_split_keeps_every_segment_once_in_order(a: int, b: int) -> None:
    parts = split_many_to_many((tuple(range(10, 10 + a)), tuple(range(b))))
    assert [i for src, _ in parts for i in src] == list(range(10, 10 + a))
    assert [j for _, tgt in parts for j in tgt] == list(range(b))
    assert len(parts) == max(1, min(a, b))
    # A gold 2-2 scored against its split parts loses the bead: the ceiling is below 1.
    if a >= 2 and b >= 2:
        gold = [(tuple(range(10, 10 + a)), tuple(range(b)))]
        assert score(gold, parts)["f1_strict"] == 0.0


def test_beads_inside_one_verse_are_merged_before_scoring() -> None:
    from aligner.evaluate import merge_within_units

    # Verse 1 is sentences 0-1 (source) and 0-2 (target); verse 2 is source 2 and target 3.
    src_verses = ["v1", "v1", "v2"]
    tgt_verses = ["v1", "v1", "v1", "v2"]
    beads = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    assert merge_within_units(beads, src_verses, tgt_verses) == [((0, 1), (0, 1, 2)), ((2,), (3,))]
    # A bead across two verses is never merged, nor is the next one into it.
    across = [((0,), (0,)), ((1, 2), (1, 2, 3))]
    assert merge_within_units(across, src_verses, tgt_verses) == across
    # An omission inside the verse joins it.
    assert merge_within_units([((0,), (0, 1)), ((), (2,)), ((1,), ())], src_verses, tgt_verses) == [
        ((0, 1), (0, 1, 2))
    ]
