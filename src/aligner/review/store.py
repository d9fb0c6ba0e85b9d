"""``RUN_DIR/review.jsonl``: the reviewers' decisions, one JSON object a line, in the order made.

The file is only ever appended to, under an exclusive ``flock`` (two servers or two tabs on one run
folder take turns), each decision written whole with one ``write`` and ``fsync``-ed before it is
acknowledged; ``alignments.jsonl`` is never touched. A decision counts once its line ends in a
newline: a line cut short because the writer was killed is ignored by :func:`read_decisions` and
cut off by the next append, so the store always stays readable.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from aligner.errors import InputError, OutputError
from aligner.fileio import current_umask, describe_os_error
from aligner.review.model import Decision

REVIEW_JSONL = "review.jsonl"


def parse_decisions(data: bytes, path: Path) -> list[Decision]:
    """The decisions in the bytes of a store; an unterminated last line (a torn write) is ignored."""
    lines = data.split(b"\n")
    decisions = []
    for number, line in enumerate(lines[:-1], start=1):  # lines[-1]: after the last newline
        if not line.strip():
            continue
        try:
            decisions.append(Decision.from_dict(json.loads(line)))
        except (ValueError, UnicodeDecodeError) as exc:  # DecisionError is a ValueError
            raise InputError(f"{path}:{number}: not a valid review decision ({exc})") from exc
    return decisions


def decision_line(decision: Decision) -> str:
    """One decision as its line of ``review.jsonl``."""
    return json.dumps(decision.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


def read_decisions(run_dir: str | Path) -> list[Decision]:
    """The decisions of a run folder, in order; none for a run nobody has reviewed."""
    path = Path(run_dir) / REVIEW_JSONL
    try:
        return parse_decisions(path.read_bytes(), path)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise InputError(f"cannot read {path}: {describe_os_error(exc)}") from exc


class LockedStore:
    """The store while this process holds its lock: read it, append to it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    @property
    def size(self) -> int:
        return os.fstat(self._fd).st_size

    def read(self) -> list[Decision]:
        return parse_decisions(os.pread(self._fd, self.size, 0), self.path)

    def append(self, decisions: Sequence[Decision]) -> None:
        """Write ``decisions`` at the end, each line whole, and flush them to disk."""
        payload = b"".join(decision_line(d).encode("utf-8") for d in decisions)
        try:
            self._drop_torn_tail()
            view = memoryview(payload)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {describe_os_error(exc)}") from exc

    def _drop_torn_tail(self) -> None:
        size = self.size
        if size == 0 or os.pread(self._fd, 1, size - 1) == b"\n":
            return
        data = os.pread(self._fd, size, 0)
        os.ftruncate(self._fd, data.rfind(b"\n") + 1)


@contextlib.contextmanager
def locked_store(run_dir: str | Path) -> Iterator[LockedStore]:
    """Hold the store's lock (creating the file if needed) while the block runs."""
    path = Path(run_dir) / REVIEW_JSONL
    created = not path.exists()
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666 & ~current_umask())
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {describe_os_error(exc)}") from exc
    try:
        if created:  # the new name must survive a crash too
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield LockedStore(path, fd)
    finally:
        os.close(fd)  # closing releases the lock


def append_decisions(run_dir: str | Path, decisions: Sequence[Decision]) -> None:
    """Append ``decisions`` to the run's store (for scripts; the server checks them first)."""
    with locked_store(run_dir) as store:
        store.append(decisions)


__all__ = [
    "REVIEW_JSONL",
    "LockedStore",
    "append_decisions",
    "decision_line",
    "locked_store",
    "parse_decisions",
    "read_decisions",
]
