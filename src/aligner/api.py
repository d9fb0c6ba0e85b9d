"""The Python API: what the CLI does, importable for scripts and notebooks.

Three entry points::

    import aligner
    pairs = aligner.align_texts("The cat sleeps. It is late.", "猫在睡觉。天晚了。")
    result = aligner.run(["corpora/cmia-19/en.txt", "corpora/cmia-19/zh.txt"], "out/cmia-19")
    data = aligner.load_run("out/cmia-19")   # pandas DataFrames: documents, beads, findings
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from aligner.encoders import DEFAULT_ENCODER, CachedEncoder, default_cache_dir, get_encoder
from aligner.pipeline import RunOptions, RunResult
from aligner.pipeline import run as _run_pipeline
from aligner.runfolder import read_alignments, read_documents, read_manifest


def align_texts(
    src: str | Sequence[str],
    tgt: str | Sequence[str],
    *,
    src_lang: str = "en",
    tgt_lang: str = "zh",
    encoder: str = DEFAULT_ENCODER,
    cache_dir: str | Path | None = None,
) -> pd.DataFrame:
    """Align two texts sentence by sentence; one row per bead, in order.

    ``src``/``tgt`` are whole texts (split into sentences here) or lists of sentences. Columns:
    ``src_idx``, ``tgt_idx`` (0-based sentence indices), ``kind`` (``1-1``, ``2-1``, ``1-0``...),
    ``score`` (0-1, higher is surer; omissions 0), ``src``, ``tgt`` (joined text). Example::

        >>> aligner.align_texts("It rains. We stay home.", "下雨了。我们待在家里。")[["src", "tgt"]]
    """
    from aligner.align import align_texts as align_sequences
    from aligner.segment import split_text

    src_sentences = split_text(src, src_lang) if isinstance(src, str) else list(src)
    tgt_sentences = split_text(tgt, tgt_lang) if isinstance(tgt, str) else list(tgt)
    cached = CachedEncoder(get_encoder(encoder), Path(cache_dir) if cache_dir else default_cache_dir())
    beads = align_sequences(src_sentences, tgt_sentences, cached, src_lang=src_lang, tgt_lang=tgt_lang)
    joiner = {"zh": "", "ja": ""}
    return pd.DataFrame(
        [
            {
                "src_idx": list(b.src),
                "tgt_idx": list(b.tgt),
                "kind": b.kind,
                "score": round(b.score, 4),
                "src": joiner.get(src_lang, " ").join(src_sentences[i] for i in b.src),
                "tgt": joiner.get(tgt_lang, " ").join(tgt_sentences[j] for j in b.tgt),
            }
            for b in beads
        ],
        columns=["src_idx", "tgt_idx", "kind", "score", "src", "tgt"],
    )


def run(
    sources: Sequence[str | Path],
    out_dir: str | Path,
    *,
    force: bool = False,
    cache_dir: str | Path | None = None,
    **options: object,
) -> RunResult:
    """Run the whole job (``aligner run``) and return what it produced.

    ``options`` are :class:`aligner.pipeline.RunOptions` fields (``encoder``, ``src_lang``,
    ``tgt_lang``, ``pairs_file``, ``created``, ``exports``, ``report``). Example::

        >>> result = aligner.run(["en.txt", "zh.txt"], "out/run1", force=True)
        >>> [p.pair_id for p in result.pairs if p.status == "paired"]
    """
    return _run_pipeline(sources, out_dir, RunOptions(**options), force=force, cache_dir=cache_dir)  # type: ignore[arg-type]


@dataclass
class RunData:
    """A run folder loaded as DataFrames."""

    documents: pd.DataFrame
    beads: pd.DataFrame
    findings: pd.DataFrame
    manifest: dict[str, object]


def load_run(out_dir: str | Path) -> RunData:
    """Load a run folder: documents, one row per bead (text joined per side), and report findings.

    Example::

        >>> data = aligner.load_run("out/cmia-19")
        >>> data.beads.query("level == 'sentence'").groupby("kind").score.describe()
    """
    out = Path(out_dir)
    documents = pd.DataFrame(read_documents(out))
    if not documents.empty:
        documents["score"] = documents["score"].astype(float)
    rows = []
    for bead in read_alignments(out):
        rows.append(
            {
                "pair_id": bead.pair_id,
                "level": bead.level,
                "block": bead.block,
                "kind": bead.kind,
                "score": bead.score,
                "src": " ".join(s.text for s in bead.src),
                "tgt": "".join(s.text for s in bead.tgt),
                "src_chars": sum(len(s.text) for s in bead.src),
                "tgt_chars": sum(len(s.text) for s in bead.tgt),
                "src_lines": f"{bead.src[0].line_start}-{bead.src[-1].line_end}" if bead.src else "",
                "tgt_lines": f"{bead.tgt[0].line_start}-{bead.tgt[-1].line_end}" if bead.tgt else "",
            }
        )
    beads = pd.DataFrame(rows)
    report_path = out / "report.json"
    findings = pd.DataFrame()
    if report_path.is_file():
        report = json.loads(report_path.read_text(encoding="utf-8"))
        findings = pd.json_normalize(report.get("findings", []))
    return RunData(documents, beads, findings, read_manifest(out))
