"""One shard per aligned document pair, so that an interrupted or grown run aligns only what it lacks.

Each pair's beads are written, as soon as they are aligned, to a shard in a hidden sibling of the
run folder (``.NAME.shards/``), named by a digest of everything the pair's alignment depends on:
the tool's version, the encoder and its version, the two alignment settings, the languages, and
both documents' paragraphs with their places in their files. ``aligner run --resume`` reads the
shards whose digest matches and aligns the other pairs: after an interruption (Ctrl-C, a node
lost) the pairs already done are not redone, and after a paper is added to the inputs only the
new pair is aligned. A shard made with other inputs or options has another name, so it is never
used by mistake. After a successful run, the shards of pairs no longer in it are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path

from aligner._version import __version__
from aligner.engines import AlignSettings
from aligner.errors import OutputError
from aligner.fileio import atomic_write_text
from aligner.model import AlignedBead, Document, DocumentPair

SHARD_SUFFIX = ".jsonl"
# Bump when the shard layout or the meaning of a bead changes without a version change.
SHARD_FORMAT = 1


def shard_folder(out_dir: Path) -> Path:
    """Where the shards of the run folder ``out_dir`` live."""
    return out_dir.parent / f".{out_dir.name}.shards"


def _document_facts(document: Document | None) -> object:
    if document is None:
        return None
    return {
        "doc_id": document.doc_id,
        "lang": document.lang,
        "paragraphs": [paragraph.to_dict() for paragraph in document.paragraphs],
    }


def settings_facts(settings: AlignSettings, encoder_version: str) -> dict[str, object]:
    """What every pair's alignment depends on besides its documents."""
    return {
        "format": SHARD_FORMAT,
        "tool_version": __version__,
        "encoder": settings.encoder,
        "encoder_version": encoder_version,
        "src_lang": settings.src_lang,
        "tgt_lang": settings.tgt_lang,
        "paragraph": asdict(settings.paragraph),
        "sentence": asdict(settings.sentence),
    }


def pair_key(document_pair: DocumentPair, settings: dict[str, object]) -> str:
    """The digest that names a pair's shard."""
    facts = {
        "settings": settings,
        "pair_id": document_pair.pair_id,
        "status": document_pair.status,
        "src": _document_facts(document_pair.src),
        "tgt": _document_facts(document_pair.tgt),
    }
    text = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ShardStore:
    """The shards of one run folder, for the settings of this run."""

    def __init__(self, folder: Path, settings: dict[str, object]) -> None:
        self.folder = folder
        self.settings = settings
        self.error: str | None = None
        # Digests by pair (a pair's documents do not change during a run): a run asks for each
        # pair's shard up to three times (load, save, keep_only), each a digest of its documents.
        self._keys: dict[int, str] = {}

    def path(self, document_pair: DocumentPair) -> Path:
        key = self._keys.get(id(document_pair))
        if key is None:
            key = self._keys[id(document_pair)] = pair_key(document_pair, self.settings)
        return self.folder / f"{key}{SHARD_SUFFIX}"

    def load(self, document_pair: DocumentPair) -> list[AlignedBead] | None:
        """The pair's beads from its shard, or None when there is none (or it cannot be read:
        then the pair is aligned again)."""
        path = self.path(document_pair)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            return [AlignedBead.from_dict(json.loads(line)) for line in lines if line]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, document_pair: DocumentPair, beads: Sequence[AlignedBead]) -> None:
        """Write the pair's shard; one that cannot be written (a full disk) is given up, with
        ``error`` saying why: shards only save time."""
        if self.error is not None:
            return
        text = "".join(json.dumps(b.to_dict(), ensure_ascii=False) + "\n" for b in beads)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path(document_pair), text)
        except (OSError, OutputError) as exc:
            self.error = str(exc)

    def keep_only(self, pairs: Iterable[DocumentPair]) -> None:
        """Remove the shards of pairs not in ``pairs`` (an earlier run's, other settings')."""
        wanted = {self.path(p).name for p in pairs}
        if not self.folder.is_dir():
            return
        for path in self.folder.glob(f"*{SHARD_SUFFIX}"):
            if path.name not in wanted:
                with contextlib.suppress(OSError):
                    path.unlink()
