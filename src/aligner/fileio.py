"""Atomic file writes: a failed or interrupted run never leaves a half-written output file."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from aligner.errors import OutputError


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def describe_os_error(exc: OSError) -> str:
    """The reason an output could not be written, with what to do about it."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{reason}; free some disk space and rerun"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{reason}; choose another place or check its permissions"
    return reason


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:  # type: ignore[type-arg]
    """Open a temporary file beside ``path``; rename it over ``path`` only if the block succeeds.

    ``mode`` is ``"w"`` (text, ``newline=""`` so the caller controls line ends) or ``"wb"``.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    try:
        if "b" in mode:
            stream: IO = os.fdopen(handle, mode)  # type: ignore[type-arg]
        else:
            stream = os.fdopen(handle, mode, encoding=encoding, newline="")
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates 0600 files; outputs get the permissions any new file would (umask).
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_open(path, "w") as stream:
        stream.write(text)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_open(path, "wb", encoding=None) as stream:
        stream.write(data)
