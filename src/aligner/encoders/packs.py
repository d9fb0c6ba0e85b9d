"""An append-only store of float32 records in a few pack files, safe for concurrent runs.

A *pack* holds many records, each a (rows x width) float32 matrix named by a 32-byte key (a
SHA-256). A process keeps the records it computes in memory and writes them as one new pack
(``flush``): a temporary file renamed into place, so a reader sees a whole pack or none, and a
run killed mid-write leaves at most a stray temporary file, which a later writer removes once it is
an hour old. Packs are never changed after they are written, only merged: when a folder holds more
than ``MAX_PACKS``, a writer merges the smallest into one new pack and deletes them (a reader that
has read its index misses the records it finds gone, and computes them again).

Reading a folder reads every pack's index once (keys, shapes, offsets), and the records a call
asks for are read from each pack in one open, so a warm run reads a few files instead of one file
per record (and holds no file open between calls). A pack that is truncated, foreign or
otherwise unsound is skipped whole (and deleted by the next writer: packs are renamed into place
whole, so such a file is never one being written); a record with a value that is not finite is a
miss. Where two packs hold the same key, the newer pack (by name, which starts with the time it was
written) wins, so a record computed again after a damaged one is the one read.

Layout (little-endian): ``MAGIC`` (8 bytes), the record count ``n`` (uint64), ``n`` keys of 32
bytes, ``n`` rows of (byte offset into the data, rows, width) as uint64, then the data: each
record's float32 values, one after the other.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

MAGIC = b"ALNPACK1"
PACK_SUFFIX = ".pack"
TEMPORARY_SUFFIX = ".tmp"
KEY_BYTES = 32
_HEADER = len(MAGIC) + 8
# A temporary file this old was left by a killed run: a live write renames it within seconds.
STALE_TEMPORARY_SECONDS = 3600.0
# More packs than this in a folder: a writer merges the smallest MERGE_COUNT of them into one.
MAX_PACKS = 16
MERGE_COUNT = 12

Records = npt.NDArray[np.float32]


@dataclass
class _Pack:
    path: Path
    size: int
    start: int  # where the data section begins in the file
    keys: list[bytes]
    meta: npt.NDArray[np.uint64]  # (n, 3): byte offset into the data, rows, width


def _open_pack(path: Path) -> _Pack | None:
    """The pack at ``path``, or None if it is missing, truncated or not a pack."""
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            head = stream.read(_HEADER)
            if len(head) != _HEADER or head[: len(MAGIC)] != MAGIC:
                return None
            count = int.from_bytes(head[len(MAGIC) :], "little")
            start = _HEADER + count * (KEY_BYTES + 24)
            if start > size:
                return None
            blob = stream.read(count * KEY_BYTES)
            meta = np.frombuffer(stream.read(count * 24), dtype="<u8").reshape(count, 3)
            if len(blob) != count * KEY_BYTES or meta.shape[0] != count:
                return None
            lengths = meta[:, 1] * meta[:, 2] * 4
            offsets = np.zeros(count, dtype=np.uint64)
            if count:
                np.cumsum(lengths[:-1], out=offsets[1:])
            total = int(lengths.sum()) if count else 0
            if not np.array_equal(meta[:, 0], offsets) or start + total != size:
                return None
    except (OSError, ValueError):
        return None
    keys = [blob[i : i + KEY_BYTES] for i in range(0, len(blob), KEY_BYTES)]
    return _Pack(path, size, start, keys, meta.astype(np.uint64))


def _read_records(pack: _Pack, rows: Iterable[int]) -> dict[int, Records]:
    """The records at ``rows`` of ``pack`` (any it cannot read, as when it is gone, left out)."""
    out: dict[int, Records] = {}
    try:
        handle = os.open(pack.path, os.O_RDONLY)
    except OSError:  # merged away by another run since this one read the index
        return out
    try:
        for row in rows:
            offset, count, width = (int(v) for v in pack.meta[row])
            size = count * width * 4
            blob = os.pread(handle, size, pack.start + offset) if size else b""
            if len(blob) == size:
                out[row] = np.frombuffer(blob, dtype="<f4").astype(np.float32).reshape(count, width)
    except OSError:
        pass
    finally:
        os.close(handle)
    return out


def _write_pack(folder: Path, records: list[tuple[bytes, Records]]) -> Path:
    """Write ``records`` as a new pack in ``folder``: whole or not at all."""
    name = f"{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(4)}"
    target = folder / f"{name}{PACK_SUFFIX}"
    temporary = folder / f".{name}{TEMPORARY_SUFFIX}"
    meta = np.zeros((len(records), 3), dtype="<u8")
    offset = 0
    for row, (_, values) in enumerate(records):
        meta[row] = (offset, values.shape[0], values.shape[1])
        offset += values.size * 4
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(MAGIC + len(records).to_bytes(8, "little"))
            stream.write(b"".join(key for key, _ in records))
            stream.write(meta.tobytes())
            for _, values in records:
                stream.write(np.ascontiguousarray(values, dtype="<f4").tobytes())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    return target


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


class PackStore:
    """The records of one folder of packs, and the ones this process adds (see the module)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.RLock()
        self._packs: list[_Pack] | None = None
        self._index: dict[bytes, tuple[_Pack, int]] = {}
        self._pending: dict[bytes, Records] = {}
        self._swept = False
        self._unsound: list[Path] = []

    def _opened(self) -> list[_Pack]:
        if self._packs is None:
            self._packs = []
            try:
                names = sorted(p.name for p in os.scandir(self.folder) if p.name.endswith(PACK_SUFFIX))
            except OSError:
                names = []
            for name in names:
                self._add(self.folder / name)
        return self._packs

    def _add(self, path: Path) -> None:
        pack = _open_pack(path)
        if pack is None:
            if path.exists():
                self._unsound.append(path)
            return
        assert self._packs is not None
        self._packs.append(pack)
        for row, key in enumerate(pack.keys):
            self._index[key] = (pack, row)  # packs are added oldest first: the newest wins

    def get(self, key: bytes, width: int) -> Records | None:
        """The record ``key`` if it is stored (or pending) with ``width`` finite values a row."""
        return self.get_many([key], width).get(key)

    def get_many(self, keys: Iterable[bytes], width: int) -> dict[bytes, Records]:
        """The records of ``keys`` that are stored (or pending), each of ``width`` finite values a
        row; each pack that holds some is opened once."""
        found: dict[bytes, Records] = {}
        wanted: dict[int, tuple[_Pack, dict[int, bytes]]] = {}
        with self._lock:
            self._opened()
            for key in keys:
                pending = self._pending.get(key)
                if pending is not None:
                    if pending.shape[1] == width:
                        found[key] = pending.copy()
                    continue
                place = self._index.get(key)
                if place is None or int(place[0].meta[place[1], 2]) != width:
                    continue
                wanted.setdefault(id(place[0]), (place[0], {}))[1][place[1]] = key
        for pack, rows in wanted.values():
            for row, values in _read_records(pack, sorted(rows)).items():
                if np.all(np.isfinite(values)):
                    found[rows[row]] = values
        return found

    def put(self, key: bytes, values: Records) -> None:
        """Keep a record (rows x width) to write with the next :meth:`flush` (readable here at once)."""
        record = np.array(values, dtype=np.float32)
        if record.ndim != 2 or len(key) != KEY_BYTES:
            raise ValueError(f"a record is a matrix with a key of {KEY_BYTES} bytes")
        with self._lock:
            self._pending[key] = record

    @property
    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> None:
        """Write the pending records as one new pack (raises OSError when it cannot)."""
        with self._lock:
            if not self._pending:
                return
            self._opened()
            self.folder.mkdir(parents=True, exist_ok=True)
            if not self._swept:
                self._swept = True
                _remove_stale_temporaries(self.folder)
                for path in self._unsound:
                    with contextlib.suppress(OSError):
                        path.unlink()
            records = list(self._pending.items())
            path = _write_pack(self.folder, records)
            self._pending.clear()
            self._add(path)
            self._merge_if_many()

    def _merge_if_many(self) -> None:
        """Merge the smallest packs into one when the folder holds more than MAX_PACKS."""
        try:
            present = sorted(p.name for p in os.scandir(self.folder) if p.name.endswith(PACK_SUFFIX))
        except OSError:
            return
        if len(present) <= MAX_PACKS:
            return
        assert self._packs is not None
        known = {p.path.name for p in self._packs}
        for name in present:  # packs other runs wrote since this one opened the folder
            if name not in known:
                self._add(self.folder / name)
        on_disk = [p for p in self._packs if p.path.name in set(present)]
        smallest = sorted(on_disk, key=lambda p: p.size)[:MERGE_COUNT]
        # Newest first, so that the merged pack keeps the record each key had before.
        smallest.sort(key=lambda p: p.path.name, reverse=True)
        merged: dict[bytes, Records] = {}
        for pack in smallest:
            for row, values in _read_records(pack, range(len(pack.keys))).items():
                if np.all(np.isfinite(values)):
                    merged.setdefault(pack.keys[row], values)
        if not merged:
            return
        path = _write_pack(self.folder, list(merged.items()))
        for pack in smallest:
            with contextlib.suppress(OSError):  # another run merged it already
                pack.path.unlink()
        gone = {id(pack) for pack in smallest}
        self._packs = [pack for pack in self._packs if id(pack) not in gone]
        new = _open_pack(path)
        if new is None:  # pragma: no cover - it was written just now
            return
        self._packs.append(new)
        for row, key in enumerate(new.keys):
            place = self._index.get(key)
            if place is None or id(place[0]) in gone:
                self._index[key] = (new, row)

    def keys(self) -> list[bytes]:
        """The keys of every record stored (as of this process's reading) or pending."""
        with self._lock:
            self._opened()
            return [*self._index, *(key for key in self._pending if key not in self._index)]


_OPEN: dict[Path, PackStore] = {}
_STORES_LOCK = threading.Lock()


def store_for(folder: Path) -> PackStore:
    """The one store of ``folder`` in this process: every cache on a folder shares what it adds."""
    key = Path(os.path.abspath(folder))
    with _STORES_LOCK:
        store = _OPEN.get(key)
        if store is None:
            store = _OPEN[key] = PackStore(folder)
        return store


def forget_stores() -> None:
    """Write what every store holds pending and forget them, so the next use reads the folders
    again (for tests, and for a long process that wants to see what other runs wrote)."""
    flush_all()
    with _STORES_LOCK:
        _OPEN.clear()


def flush_all() -> None:
    """Write what every store of this process holds pending (at exit; best effort)."""
    with _STORES_LOCK:
        stores = list(_OPEN.values())
    for store in stores:
        with contextlib.suppress(OSError):
            store.flush()


atexit.register(flush_all)
