"""The run folder: its file names, the staging that replaces it whole, and its readers and writers.

A run folder (``aligner run ... -o OUTDIR``) holds:

- ``documents.csv``: one row per document pair or unpaired document (see ``DOCUMENT_COLUMNS``);
- ``alignments.jsonl``: one :class:`~aligner.model.AlignedBead` per line, per pair in text order,
  each paragraph bead followed by the sentence beads aligned inside it (same ``block``);
- ``removed.jsonl``: what the cleaner took out of the text flow (:class:`~aligner.model.Removed`);
- ``manifest.json``: inputs with sizes and SHA-256, encoder, parameters, versions, timings;
- exports (``tm/``, ``segments.csv``) and the report (``report.*``) built from the above.

Every file of the folder is written and read here, so that the format of each lives in one place.
A run is written into a locked staging folder beside the run folder (:func:`staged_output`) and
renamed into place at the end: an interrupted or failed run leaves either nothing or the previous
complete run, never a mix of two.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from aligner.errors import InputError, OutputError
from aligner.fileio import atomic_write_text, current_umask, describe_os_error
from aligner.model import DOCUMENT_COLUMNS, AlignedBead, DocumentRow, Removed

if sys.platform != "win32":
    import fcntl

__all__ = [
    "ALIGNMENTS_JSONL",
    "DOCUMENTS_CSV",
    "DOCUMENT_COLUMNS",
    "MANIFEST_JSON",
    "REMOVED_JSONL",
    "check_output_folder",
    "documents_csv",
    "read_alignments",
    "read_documents",
    "read_manifest",
    "read_removed",
    "staged_output",
    "tidy_output_siblings",
    "write_alignments",
    "write_documents",
    "write_manifest",
    "write_removed",
]

DOCUMENTS_CSV = "documents.csv"
ALIGNMENTS_JSONL = "alignments.jsonl"
REMOVED_JSONL = "removed.jsonl"
MANIFEST_JSON = "manifest.json"


def _require(out_dir: Path, name: str) -> Path:
    path = out_dir / name
    if not path.is_file():
        raise InputError(f"{out_dir} is not a run folder: {name} is missing (create one with 'aligner run')")
    return path


def read_alignments(out_dir: str | Path) -> list[AlignedBead]:
    """All beads of a run, in file order."""
    path = _require(Path(out_dir), ALIGNMENTS_JSONL)
    beads = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                beads.append(AlignedBead.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{number}: not a valid bead ({exc})") from exc
    return beads


def read_documents(out_dir: str | Path) -> list[DocumentRow]:
    """The rows of ``documents.csv``; those of older run folders lack some columns and get their
    defaults (:meth:`DocumentRow.from_row`)."""
    path = _require(Path(out_dir), DOCUMENTS_CSV)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = []
        for number, row in enumerate(csv.DictReader(stream), start=2):
            try:
                rows.append(DocumentRow.from_row(row))
            except (ValueError, KeyError) as exc:
                raise InputError(f"{path}:{number}: not a valid document row ({exc})") from exc
        return rows


def read_manifest(out_dir: str | Path) -> dict[str, object]:
    path = _require(Path(out_dir), MANIFEST_JSON)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object")
    return data


def read_removed(out_dir: str | Path) -> list[Removed]:
    """What cleaning took out of the text flow; empty for a run folder without ``removed.jsonl``."""
    path = Path(out_dir) / REMOVED_JSONL
    if not path.is_file():
        return []
    removed = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                removed.append(
                    Removed(
                        str(data["file"]),
                        int(data["line_start"]),
                        int(data["line_end"]),
                        str(data["text"]),
                        str(data["reason"]),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{number}: not a valid removed entry ({exc})") from exc
    return removed


# --------------------------------------------------------------------------- writing


def documents_csv(rows: Sequence[DocumentRow]) -> str:
    """The text of ``documents.csv``: the header, then one row each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DOCUMENT_COLUMNS)
    writer.writerows(row.to_row() for row in rows)
    return buffer.getvalue()


def _jsonl(rows: Sequence[Mapping[str, object]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n" for row in rows)


def write_documents(folder: Path, rows: Sequence[DocumentRow]) -> None:
    atomic_write_text(folder / DOCUMENTS_CSV, documents_csv(rows))


def write_alignments(folder: Path, beads: Sequence[AlignedBead]) -> None:
    atomic_write_text(folder / ALIGNMENTS_JSONL, _jsonl([bead.to_dict() for bead in beads]))


def write_removed(folder: Path, removed: Sequence[Removed]) -> None:
    atomic_write_text(folder / REMOVED_JSONL, _jsonl([r.to_dict() for r in removed]))


def write_manifest(folder: Path, manifest: Mapping[str, object]) -> None:
    atomic_write_text(folder / MANIFEST_JSON, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


# --------------------------------------------------------------------------- staging


def _check_writable(out_dir: Path) -> None:
    """Fail before any work when ``out_dir`` could not be created or replaced."""
    existing = next((p for p in (out_dir.parent, *out_dir.parent.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise OutputError(f"cannot create {out_dir}: {existing} is a file, not a folder; choose another -o")
    try:
        os.rmdir(tempfile.mkdtemp(dir=existing, prefix=".aligner-probe-"))
    except OSError as exc:
        raise OutputError(f"cannot write to {existing}: {describe_os_error(exc)}") from exc


def check_output_folder(out_dir: Path, force: bool) -> None:
    """Refuse to touch a folder that holds anything but an earlier run (or anything, without force),
    or one that cannot be written."""
    if out_dir.exists():
        if not out_dir.is_dir():
            raise OutputError(f"{out_dir} exists and is not a folder; choose another -o")
        entries = [p for p in out_dir.iterdir() if not p.name.startswith(".")]
        if entries and not (out_dir / MANIFEST_JSON).is_file():
            raise OutputError(
                f"{out_dir} is not empty and holds no earlier run; choose an empty or new folder"
            )
        if entries and not force:
            raise OutputError(f"{out_dir} already holds a run; pass --force to replace it")
    _check_writable(out_dir)


def _lock(folder: Path) -> int | None:
    """Lock ``folder`` for this process (``None`` where locks are not supported); the lock lasts
    until the returned descriptor is closed or the process ends, however it ends."""
    if sys.platform == "win32":
        return None
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise
    return handle


def _unlock(handle: int | None) -> None:
    if handle is not None:
        os.close(handle)


def tidy_output_siblings(out_dir: Path) -> None:
    """Clean up after runs into ``out_dir`` that were killed (no process holds their lock).

    A killed run can leave its staging folder (``.NAME.tmp-*``, partial output: removed) and,
    if killed between the two renames that replace an earlier run, that run parked in
    ``.NAME.old-*/run`` with ``out_dir`` missing: it is put back.
    """
    if sys.platform == "win32" or not out_dir.parent.is_dir():
        return
    name = glob.escape(out_dir.name)
    leftovers = sorted(out_dir.parent.glob(f".{name}.tmp-*")) + sorted(out_dir.parent.glob(f".{name}.old-*"))
    for leftover in leftovers:
        try:
            handle = _lock(leftover)
        except OSError:
            continue  # a live run holds it, or it is gone
        try:
            parked = leftover / "run"
            if ".old-" in leftover.name and parked.is_dir() and not out_dir.exists():
                os.replace(parked, out_dir)
            shutil.rmtree(leftover, ignore_errors=True)
        finally:
            _unlock(handle)


@contextmanager
def staged_output(out_dir: Path, force: bool) -> Iterator[Path]:
    """A temporary sibling folder that replaces ``out_dir`` only when the block succeeds.

    The staging folder is locked while it lives, so that a later run can tell the folder of a
    killed run (see :func:`tidy_output_siblings`) from that of a run still going.
    """
    tidy_output_siblings(out_dir)
    check_output_folder(out_dir, force)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.tmp-"))
        # mkdtemp makes a private folder; the run folder gets the permissions any new folder would.
        os.chmod(staging, 0o777 & ~current_umask())
        staging_lock = _lock(staging)
    except OSError as exc:
        raise OutputError(f"cannot write to {out_dir.parent}: {describe_os_error(exc)}") from exc
    previous_lock = None
    try:
        try:
            yield staging
        except OutputError as exc:
            # Name the file as the user will find it, not by its place in the staging folder.
            raise OutputError(str(exc).replace(str(staging), str(out_dir))) from exc
        if out_dir.exists():
            previous = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.old-"))
            previous_lock = _lock(previous)
            os.replace(out_dir, previous / "run")
            os.replace(staging, out_dir)
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        _unlock(previous_lock)
        _unlock(staging_lock)
