"""The run folder contract: file names, and readers that rebuild data classes from them.

A run folder (``aligner run ... -o OUTDIR``) holds:

- ``documents.csv``: one row per document pair or unpaired document (see ``DOCUMENT_COLUMNS``);
- ``alignments.jsonl``: one :class:`~aligner.model.AlignedBead` per line, per pair in text order,
  each paragraph bead followed by the sentence beads aligned inside it (same ``block``);
- ``removed.jsonl``: what the cleaner took out of the text flow (:class:`~aligner.model.Removed`);
- ``manifest.json``: inputs with sizes and SHA-256, encoder, parameters, versions, timings;
- exports (``tm/``, ``segments.csv``) and the report (``report.*``) built from the above.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from aligner.errors import InputError
from aligner.model import AlignedBead, Removed

DOCUMENTS_CSV = "documents.csv"
ALIGNMENTS_JSONL = "alignments.jsonl"
REMOVED_JSONL = "removed.jsonl"
MANIFEST_JSON = "manifest.json"

DOCUMENT_COLUMNS = (
    "pair_id",
    "src_file",
    "src_title",
    "src_first_line",
    "tgt_file",
    "tgt_title",
    "tgt_first_line",
    "score",
    "status",
    # Pairing confidence (aligner.pairing): empty for unpaired documents, whose reason says why.
    "margin",
    "coverage_src",
    "coverage_tgt",
    "anchors",
    "reason",
)


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


def read_documents(out_dir: str | Path) -> list[dict[str, str]]:
    """Rows of ``documents.csv`` as dictionaries keyed by ``DOCUMENT_COLUMNS``."""
    path = _require(Path(out_dir), DOCUMENTS_CSV)
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


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
