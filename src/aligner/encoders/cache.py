"""A content-addressed on-disk cache of embeddings, safe for concurrent runs.

Records are kept in a few append-only pack files per encoder (:mod:`aligner.encoders.packs`),
under ``CACHE_DIR/<encoder id>/packs``: a run writes what it computed as one new pack now and then
(and at exit), renamed into place whole, and a warm run reads each pack's index once instead of
one small file per text. A pack that is truncated or corrupt is skipped (its records are computed
again); a record with a value that is not finite is a miss.

A record's key is the SHA-256 of everything that fixes its values: the cache's format, the
encoder's id *and version* (an upgraded model or package never reuses the vectors of the old
one), the kind of record and, for a composing encoder, the version of its piece layout, then the
text. For composing encoders the cache also keeps each call's window embeddings, keyed by the
ordered texts of the call: the encoder's dense head runs on a whole batch of windows at once, and
keeping the result of that batch (not of each window) is what reproduces it exactly.

Caches of earlier releases (one ``.f32`` file per entry under ``<encoder id>/xx/``) are left
alone and not read: their keys did not name the encoder's version. They can be deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np

from aligner.encoders.base import Embeddings, Encoder, PieceEncoder, is_blank
from aligner.encoders.packs import PackStore, store_for

CACHE_ENV = "ALIGNER_CACHE_DIR"
# The cache's own format, in every key: bump it when what a record holds changes.
CACHE_FORMAT = "aligner-cache-2"
PACKS_FOLDER = "packs"
# A run writes the records it computed at most this often (and at exit, and on flush()).
FLUSH_SECONDS = 2.0
FLUSH_RECORDS = 20000


def default_cache_dir() -> Path:
    """``$ALIGNER_CACHE_DIR``, else ``$XDG_CACHE_HOME/aligner``, else ``~/.cache/aligner``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aligner"


def record_key(namespace: str, kind: str, text: str) -> bytes:
    """The key of one record: SHA-256 of (namespace, kind, text), each part delimited."""
    return hashlib.sha256(f"{namespace}\x00{kind}\x00{text}".encode()).digest()


def cache_namespace(encoder: Encoder) -> str:
    """What every key of ``encoder``'s records starts with: the format, the encoder's id and
    version, and the version of its piece layout where it composes windows from pieces."""
    layout = getattr(encoder, "piece_layout", "none")
    return f"{CACHE_FORMAT}\x00{encoder.id}\x00{encoder.version}\x00{layout}"


ProgressCallback = Callable[[int, int], None]


class CachedEncoder:
    """An :class:`Encoder` wrapper that encodes only the texts it has not seen before."""

    def __init__(self, encoder: Encoder, cache_dir: Path | None, batch_size: int = 512) -> None:
        self.encoder = encoder
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self.hits = 0
        self.misses = 0
        self.store_error: str | None = None
        self._store: PackStore | None = None
        self._last_flush: float | None = None
        self._namespace: str | None = None
        self._composes: bool | None = None
        # Texts seen in this process, per kind of record: the pipeline asks for the same paragraphs
        # more than once (pairing, then alignment), and memory is cheaper than re-reading the disk.
        self._memory: dict[str, dict[str, Embeddings]] = {}

    @property
    def id(self) -> str:
        return self.encoder.id

    @property
    def version(self) -> str:
        return self.encoder.version

    @property
    def dim(self) -> int:
        return self.encoder.dim

    def _folder(self) -> Path | None:
        if self.cache_dir is None:
            return None
        safe_id = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.encoder.id)
        return self.cache_dir / safe_id / PACKS_FOLDER

    def _packs(self) -> PackStore | None:
        if self._store is None and self.store_error is None:
            folder = self._folder()
            if folder is not None:
                self._store = store_for(folder)
        return self._store

    def _key(self, kind: str, text: str) -> bytes:
        if self._namespace is None:
            self._namespace = cache_namespace(self.encoder)
        return record_key(self._namespace, kind, text)

    def flush(self) -> None:
        """Write the records computed so far to the cache (a pack), unless it cannot be written.

        The cache only saves time, so a run goes on without it; ``store_error`` says why.
        """
        store = self._store
        self._last_flush = time.monotonic()
        if store is None or self.store_error is not None:
            return
        try:
            store.flush()
        except OSError as exc:
            self.store_error = f"{exc.strerror or exc} ({self.cache_dir})"
            self._store = None

    def _maybe_flush(self) -> None:
        """Flush after a call that computed records: at once the first time, then at most every
        FLUSH_SECONDS (or when many records wait), so that a killed run keeps most of its work."""
        store = self._store
        if store is None or not store.pending:
            return
        due = self._last_flush is None or time.monotonic() - self._last_flush >= FLUSH_SECONDS
        if due or store.pending >= FLUSH_RECORDS:
            self.flush()

    @property
    def composes_windows(self) -> bool:
        """Whether the encoder composes window embeddings from cached per-text pieces."""
        if self._composes is None:
            self._composes = self._composition()
        return self._composes

    def _composition(self) -> bool:
        """The encoder's answer, or the one it gave an earlier run of the same version: checking
        composition encodes a few texts, which would load the model in a run that needs none.

        The hook is looked up as a plain attribute: a protocol ``isinstance`` evaluates the
        encoder's ``composes_windows``, i.e. runs the check it is meant to spare.
        """
        encoder = self.encoder
        assume = getattr(encoder, "assume_composition", None)
        store = self._packs() if callable(assume) else None
        key = self._key("self-check", "composes_windows")
        remembered = store.get(key, 1) if store is not None else None
        if assume is not None and remembered is not None and remembered.shape == (1, 1):
            assume(bool(remembered[0, 0] > 0))
        result = isinstance(encoder, PieceEncoder) and encoder.composes_windows
        if store is not None and remembered is None and self.store_error is None:
            store.put(key, np.array([[1.0 if result else 0.0]], dtype=np.float32))
        return result

    def encode(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> Embeddings:
        """Embeddings for ``texts`` in order; duplicates and cached texts are encoded once."""
        if self.composes_windows:
            encoder = self.encoder
            assert isinstance(encoder, PieceEncoder)
            # The dense head runs on the call's pieces as one batch: kept per call, like windows.
            return self._batch(
                "embeddings",
                texts,
                len(texts),
                lambda: encoder.embed_pieces(self.encode_pieces(texts, progress)),
            )
        vectors = self._records(texts, "embedding", self.dim, self.encoder.encode, progress)
        self._maybe_flush()
        return vectors

    def encode_pieces(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> Embeddings:
        """The per-text pieces of a :class:`PieceEncoder`, cached like embeddings."""
        if not isinstance(self.encoder, PieceEncoder):
            raise TypeError(f"encoder {self.encoder.id} does not compose windows from pieces")
        pieces = self._records(texts, "pieces", self.encoder.piece_dim, self.encoder.encode_pieces, progress)
        self._maybe_flush()
        return pieces

    def encode_windows(self, texts: Sequence[str], max_size: int) -> list[Embeddings]:
        """Embeddings of every window of 1..max_size consecutive texts, composed from pieces.

        Pieces are cached per text and junctions per two neighbouring (non-blank) texts, so a
        cold run composes windows without running the encoder's network on a joined text; the
        composed windows of the call are cached too, keyed by its ordered texts (the dense head
        runs on them as one batch), so a warm run reads them back instead of composing again.
        """
        sizes = [max(len(texts) - k + 1, 0) for k in range(1, max_size + 1)]
        stacked = self._batch(
            "windows", [str(max_size), *texts], sum(sizes), lambda: np.vstack(self._compose(texts, max_size))
        )
        bounds = np.cumsum([0, *sizes]).tolist()
        return [stacked[a:b] for a, b in pairwise(bounds)]

    def _batch(
        self, kind: str, texts: Sequence[str], rows: int, compute: Callable[[], Embeddings]
    ) -> Embeddings:
        """The ``rows`` x dim result of one call on the ordered ``texts``, from the cache, else
        ``compute`` (and kept). What a batch gives depends on the whole batch, so it is kept whole."""
        store = self._packs()
        key = self._key(kind, json.dumps(list(texts), ensure_ascii=False))
        if store is not None and rows:
            stored = store.get(key, self.dim)
            if stored is not None and stored.shape[0] == rows:
                self.hits += 1
                return stored
        result = compute()
        if store is not None and rows and self.store_error is None:
            self.misses += 1
            store.put(key, result)
        self._maybe_flush()
        return result

    def _compose(self, texts: Sequence[str], max_size: int) -> list[Embeddings]:
        encoder = self.encoder
        assert isinstance(encoder, PieceEncoder)
        pieces = self._records(texts, "pieces", encoder.piece_dim, encoder.encode_pieces, None)
        piece_of = dict(zip(texts, pieces, strict=True))
        kept = [text for text in texts if not is_blank(text)]
        # A junction's key: the left text's length, then both texts (unambiguous, any text).
        neighbours = [f"{len(left)}:{left}{right}" for left, right in pairwise(kept)]

        def compute(keys: Sequence[str]) -> Embeddings:
            lefts, rights = [], []
            for key in keys:
                size, _, both = key.partition(":")
                lefts.append(piece_of[both[: int(size)]])
                rights.append(piece_of[both[int(size) :]])
            return encoder.junctions(np.stack(lefts), np.stack(rights))

        junctions = self._records(neighbours, "junctions", self.dim, compute, None)
        return encoder.compose(pieces, max_size, junctions)

    def _records(
        self,
        texts: Sequence[str],
        kind: str,
        width: int,
        compute: Callable[[Sequence[str]], Embeddings],
        progress: ProgressCallback | None,
    ) -> Embeddings:
        """Rows of ``width`` floats for ``texts`` from memory, the disk cache, else ``compute``."""
        store = self._packs()
        memory = self._memory.setdefault(kind, {})
        unique = list(dict.fromkeys(texts))
        found = {text: memory[text] for text in unique if text in memory}
        if store is not None:
            keys = {self._key(kind, text): text for text in unique if text not in found}
            for key, stored in store.get_many(keys, width).items():
                if stored.shape[0] == 1:
                    found[keys[key]] = stored[0]
        # Similar lengths batch together, which keeps the encoder's token batches full.
        missing = sorted((text for text in unique if text not in found), key=len)
        self.hits += len(unique) - len(missing)
        self.misses += len(missing)
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start : start + self.batch_size]
            vectors = compute(batch)
            for text, vector in zip(batch, vectors, strict=True):
                found[text] = vector
                if store is not None and self.store_error is None:
                    store.put(self._key(kind, text), vector.reshape(1, -1))
            if progress is not None:
                progress(min(start + self.batch_size, len(missing)), len(missing))
        memory.update(found)
        if not texts:
            return np.zeros((0, width), dtype=np.float32)
        return np.vstack([found[text] for text in texts]).astype(np.float32, copy=False)


def stderr_progress(label: str) -> ProgressCallback:
    """A minimal progress line on stderr, for encodes long enough to need one."""

    def report(done: int, total: int) -> None:
        if sys.stderr.isatty() or total >= 2000:
            end = "\n" if done >= total else "\r"
            print(f"{label}: {done}/{total} texts encoded", end=end, file=sys.stderr, flush=True)

    return report
