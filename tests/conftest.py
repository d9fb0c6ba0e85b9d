"""Shared fixtures: the bundled corpus and one real run of the main job on it per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run: a suite that passed once passes again, and CI
# never fails on a newly drawn example (a failure found by exploring is reproduced with --hypothesis-seed).
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
EN_VOLUME = CORPORA / "cmia-19" / "en.txt"
ZH_VOLUME = CORPORA / "cmia-19" / "zh.txt"
EARLIER_VOLUME = CORPORA / "cmia-earlier" / "en.txt"


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for the whole session (CI starts cold; reruns here stay warm)."""
    shared = os.environ.get("ALIGNER_TEST_CACHE_DIR")
    return Path(shared) if shared else tmp_path_factory.mktemp("embedding-cache")


@pytest.fixture(scope="session")
def cmia_run(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Path:
    """The main job on the bundled cmia-19 volumes, run once and shared by the end-to-end tests."""
    from aligner.pipeline import RunOptions, run

    out = tmp_path_factory.mktemp("runs") / "cmia-19"
    run([EN_VOLUME, ZH_VOLUME], out, RunOptions(created="2026-01-01T00:00:00Z"), cache_dir=cache_dir)
    return out
