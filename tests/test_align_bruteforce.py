"""The DP search against an exhaustive search of every monotone bead path, on small inputs."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.align import AlignConfig, _full_band, _prepare, _Problem, _search, _Side, mean_windows


def _problem(n: int, m: int, seed: int, config: AlignConfig) -> _Problem:
    rng = np.random.default_rng(seed)
    # Correlated sides: target j resembles source round(j * n / m), so real paths compete.
    src = rng.normal(size=(n, 8)).astype(np.float32)
    tgt = np.stack([src[min(n - 1, round(j * n / m))] for j in range(m)]) + rng.normal(scale=0.8, size=(m, 8))
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt = (tgt / np.linalg.norm(tgt, axis=1, keepdims=True)).astype(np.float32)
    lengths_src = rng.integers(10, 120, size=n).astype(np.float64)
    lengths_tgt = rng.integers(10, 120, size=m).astype(np.float64)
    src_side = _Side(mean_windows(src, config.max_src), lengths_src)
    tgt_side = _Side(mean_windows(tgt, config.max_tgt), lengths_tgt)
    _prepare(src_side, tgt_side, config)
    return _Problem(src_side, tgt_side, config.moves(), config, ratio=1.0)


def _gain(problem: _Problem, i: int, j: int, move: int) -> float:
    """The gain of ``problem.moves[move]`` ending at node (i, j), as the DP computes it."""
    return float(problem.gains(np.array([i]), np.array([[j]]))[0, 0, move])


def _best_total(problem: _Problem) -> float:
    """The best total gain over every monotone path from (0, 0) to (n, m), by exhaustive recursion."""
    n, m = problem.src.size, problem.tgt.size

    @functools.cache
    def best(i: int, j: int) -> float:
        if i == 0 and j == 0:
            return 0.0
        options = [
            best(i - a, j - b) + _gain(problem, i, j, index)
            for index, (a, b) in enumerate(problem.moves)
            if i >= a and j >= b
        ]
        return max(options)

    return best(n, m)


def _path_total(problem: _Problem, path: list[tuple[int, int]]) -> float:
    i = j = 0
    total = 0.0
    for a, b in path:
        i, j = i + a, j + b
        total += _gain(problem, i, j, problem.moves.index((a, b)))
    assert (i, j) == (problem.src.size, problem.tgt.size)
    return total


CONFIGS = [
    AlignConfig(),
    AlignConfig(max_src=3, max_tgt=3, max_total=4),
    AlignConfig(max_src=2, max_tgt=4, max_total=5, threshold=0.1, length_weight=0.0),
]


@pytest.mark.parametrize("config", CONFIGS, ids=["default", "3-3 total 4", "2-4 total 5"])
@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 6), m=st.integers(1, 6), seed=st.integers(0, 10_000))
def test_the_search_finds_the_best_path_and_respects_the_bead_limits(
    config: AlignConfig, n: int, m: int, seed: int
) -> None:
    problem = _problem(n, m, seed, config)
    low, high = _full_band(n, m)
    path = _search(problem, low, high)
    assert all(
        (a, b) in problem.moves
        and a <= config.max_src
        and b <= config.max_tgt
        and a + b <= max(config.max_total, 1)
        for a, b in path
    )
    assert _path_total(problem, path) == pytest.approx(_best_total(problem), abs=1e-9)


def test_more_bead_shapes_than_int8_back_pointers_hold() -> None:
    # 12 x 12 beads with no total limit: 146 shapes, past int8's 127; the 12-1 bead is move 134.
    config = AlignConfig(max_src=12, max_tgt=12, max_total=24, hubness_correction=False, length_weight=0.0)
    assert config.moves().index((12, 1)) > 127
    rng = np.random.default_rng(3)
    src = rng.normal(size=(12, 8)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    # One target sentence that says what the twelve source sentences say together.
    tgt = src.sum(axis=0, keepdims=True)
    tgt /= np.linalg.norm(tgt)
    src_side = _Side(mean_windows(src, 12), np.full(12, 50.0))
    tgt_side = _Side(mean_windows(tgt.astype(np.float32), 12), np.array([600.0]))
    low, high = _full_band(12, 1)
    _prepare(src_side, tgt_side, config)
    problem = _Problem(src_side, tgt_side, config.moves(), config, ratio=1.0)
    path = _search(problem, low, high)
    assert path == [(12, 1)]
    assert _path_total(problem, path) == pytest.approx(_best_total(problem), abs=1e-9)
