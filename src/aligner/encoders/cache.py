"""A content-addressed on-disk cache of embeddings, safe for concurrent runs.

Each entry is one ``.f32`` file (the vector's raw little-endian float32 values: no header to
parse, which made loading thousands of ``.npy`` entries slow) named by the SHA-256 of (encoder
id, text), under a folder per encoder id. Entries are written to a temporary file and renamed
into place, so a reader sees a whole entry or none, two runs writing the same entry both write
identical bytes, and a run killed mid-write leaves at most a stray temporary file, which a later
run that writes to the same folder removes once it is an hour old (a write takes milliseconds).
A corrupt entry (wrong shape, unreadable) is treated as missing and recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sys
import time
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np

from aligner.encoders.base import Embeddings, Encoder, PieceEncoder, is_blank

CACHE_ENV = "ALIGNER_CACHE_DIR"
ENTRY_SUFFIX = ".f32"
TEMPORARY_SUFFIX = ".tmp"
# A temporary file this old was left by a killed run: a live write renames it within milliseconds.
STALE_TEMPORARY_SECONDS = 3600.0


def default_cache_dir() -> Path:
    """``$ALIGNER_CACHE_DIR``, else ``$XDG_CACHE_HOME/aligner``, else ``~/.cache/aligner``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aligner"


def _key(encoder_id: str, text: str) -> str:
    return hashlib.sha256(f"{encoder_id}\x00{text}".encode()).hexdigest()


ProgressCallback = Callable[[int, int], None]


def _remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporary files that killed runs left in ``folder`` (best effort)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # not there yet, or unreadable: nothing to tidy
        return
    now = time.time()
    for entry in entries:
        if not entry.name.endswith(TEMPORARY_SUFFIX):
            continue
        with contextlib.suppress(OSError):  # gone already (another run tidied it), or not ours
            if now - entry.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                os.unlink(entry.path)


class CachedEncoder:
    """An :class:`Encoder` wrapper that encodes only the texts it has not seen before."""

    def __init__(self, encoder: Encoder, cache_dir: Path | None, batch_size: int = 512) -> None:
        self.encoder = encoder
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self.hits = 0
        self.misses = 0
        self.store_error: str | None = None
        self._swept: set[Path] = set()
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
        return self.cache_dir / safe_id

    def _load(self, path: Path, width: int) -> Embeddings | None:
        """The entry at ``path`` if it is whole and sound: ``width`` finite float32 values."""
        try:
            vector = np.fromfile(path, dtype="<f4")
        except (OSError, ValueError):
            return None
        if vector.shape != (width,) or not np.all(np.isfinite(vector)):
            return None
        return vector.astype(np.float32, copy=False)

    def _store(self, folder: Path, key: str, vector: Embeddings) -> None:
        """Write one entry; a cache that cannot be written (full disk, read-only) is given up.

        The cache only saves time, so the run goes on without it; ``store_error`` says why.
        """
        if self.store_error is not None:
            return
        target = folder / key[:2] / f"{key}{ENTRY_SUFFIX}"
        if target.parent not in self._swept:
            self._swept.add(target.parent)
            _remove_stale_temporaries(target.parent)
        # Named before it exists, so that an interrupt at any point (Ctrl-C, SIGTERM) can remove it.
        temporary = target.with_name(f"{target.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(handle, "wb") as stream:
                stream.write(np.ascontiguousarray(vector, dtype="<f4").tobytes())
            os.replace(temporary, target)
        except BaseException as exc:
            if not isinstance(exc, FileExistsError):  # that name is another writer's file
                with contextlib.suppress(OSError):
                    temporary.unlink(missing_ok=True)
            if not isinstance(exc, OSError):
                raise
            self.store_error = f"{exc.strerror or exc} ({folder})"

    @property
    def composes_windows(self) -> bool:
        """Whether the encoder composes window embeddings from cached per-text pieces."""
        return isinstance(self.encoder, PieceEncoder) and self.encoder.composes_windows

    def encode(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> Embeddings:
        """Embeddings for ``texts`` in order; duplicates and cached texts are encoded once."""
        if self.composes_windows:
            assert isinstance(self.encoder, PieceEncoder)
            return self.encoder.embed_pieces(self.encode_pieces(texts, progress))
        return self._records(texts, self.encoder.id, self.dim, self.encoder.encode, progress)

    def encode_pieces(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> Embeddings:
        """The per-text pieces of a :class:`PieceEncoder`, cached like embeddings."""
        if not isinstance(self.encoder, PieceEncoder):
            raise TypeError(f"encoder {self.encoder.id} does not compose windows from pieces")
        kind = f"{self.encoder.id}/pieces"
        return self._records(texts, kind, self.encoder.piece_dim, self.encoder.encode_pieces, progress)

    def encode_windows(self, texts: Sequence[str], max_size: int) -> list[Embeddings]:
        """Embeddings of every window of 1..max_size consecutive texts, composed from pieces.

        Pieces are cached per text and junctions per two neighbouring (non-blank) texts, so a
        warm run composes windows without running the encoder's network on any token.
        """
        encoder = self.encoder
        assert isinstance(encoder, PieceEncoder)
        pieces = self.encode_pieces(texts)
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

        junctions = self._records(neighbours, f"{encoder.id}/junctions", self.dim, compute, None)
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
        folder = self._folder()
        memory = self._memory.setdefault(kind, {})
        unique = list(dict.fromkeys(texts))
        found = {text: memory[text] for text in unique if text in memory}
        if folder is not None:
            for text in unique:
                if text in found:
                    continue
                key = _key(kind, text)
                vector = self._load(folder / key[:2] / f"{key}{ENTRY_SUFFIX}", width)
                if vector is not None:
                    found[text] = vector
        # Similar lengths batch together, which keeps the encoder's token batches full.
        missing = sorted((text for text in unique if text not in found), key=len)
        self.hits += len(unique) - len(missing)
        self.misses += len(missing)
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start : start + self.batch_size]
            vectors = compute(batch)
            for text, vector in zip(batch, vectors, strict=True):
                found[text] = vector
                if folder is not None:
                    self._store(folder, _key(kind, text), vector)
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
