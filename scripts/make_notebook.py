#!/usr/bin/env python3
"""Write notebooks/explore_cmia19.ipynb from the cells below, then execute it in place.

The notebook is built here so that it can be reviewed as code and regenerated after any change
to the alignment: this script is the one command that does it, outputs included::

    .venv/bin/python scripts/make_notebook.py                   # run the main job, then execute
    ALIGNER_RUN_DIR=out/cmia-19 .venv/bin/python scripts/make_notebook.py   # reuse a run folder
    .venv/bin/python scripts/make_notebook.py --no-execute      # cells only, no outputs

Without ``ALIGNER_RUN_DIR`` the notebook runs ``aligner.run`` on the bundled corpus into
``out/cmia-19`` (about 45 s with an empty embedding cache, 15 s warm); a relative
``ALIGNER_RUN_DIR`` is taken from the repository root. The outputs hold no machine-specific paths
and no dates, so rerunning on the same alignment gives the same file. The kernel is this
interpreter (``sys.executable``), whatever Jupyter kernels are installed, so the notebook always
runs against the aligner of this checkout. ``tests/test_notebook.py`` executes the same file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbformat.notebooknode import NotebookNode
from traitlets import default

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore_cmia19.ipynb"
KERNEL_NAME = "python3"

# (cell type, tag, source). Tagged code cells are the ones tests/test_notebook.py looks at.
CELLS: list[tuple[str, str, str]] = [
    (
        "markdown",
        "",
        """\
# Exploring a run of the bundled corpus

The English and Chinese volumes of the 19th Chongqing Mayor's International Economic Advisory
Council meeting (`corpora/cmia-19`), aligned by `aligner run`, explored with the Python API:
`aligner.run`, `aligner.load_run` (pandas DataFrames) and `aligner.export`.

Set `ALIGNER_RUN_DIR` to a run folder to explore it; otherwise the first code cell runs the main
job into `out/cmia-19` (about 45 s with an empty embedding cache, 15 s warm). Regenerate this
notebook, outputs included, with `.venv/bin/python scripts/make_notebook.py`.""",
    ),
    (
        "code",
        "setup",
        """\
%matplotlib inline
import os
import tempfile
import xml.etree.ElementTree as ET
from contextlib import redirect_stderr
from io import StringIO
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import aligner

pd.set_option("display.max_colwidth", 70)
plt.rcParams.update({"figure.dpi": 80, "axes.spines.top": False, "axes.spines.right": False})


def repo_root() -> Path:
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "corpora" / "cmia-19" / "en.txt").is_file():
            return folder
    raise FileNotFoundError("open this notebook inside the aligner repository (no corpora/cmia-19 found)")


# Inputs are given relative to the repository root, as `make demo` does, so the run folder
# records portable paths.
os.chdir(repo_root())
if os.environ.get("ALIGNER_RUN_DIR"):
    RUN_DIR = Path(os.environ["ALIGNER_RUN_DIR"])
    shown = "$ALIGNER_RUN_DIR"
else:
    RUN_DIR = Path("out/cmia-19")
    shown = str(RUN_DIR)
    with redirect_stderr(StringIO()):  # the word segmenter's start-up messages
        aligner.run(["corpora/cmia-19/en.txt", "corpora/cmia-19/zh.txt"], RUN_DIR, force=True)

data = aligner.load_run(RUN_DIR)
print(f"run folder: {shown}")
print(f"encoder: {data.manifest['encoder']['id']}, aligner {data.manifest['tool_version']}")
print(f"{len(data.documents)} documents, {len(data.beads)} beads, {len(data.findings)} findings")""",
    ),
    (
        "markdown",
        "",
        """\
## Document pairs

`data.documents` is `documents.csv`: one row per pair (or unpaired document), with the pairing
score. Papers are paired by content, not by position.""",
    ),
    (
        "code",
        "pairs",
        """\
docs = data.documents
pairs = docs[docs.status == "paired"].reset_index(drop=True)
print(f"{len(pairs)} document pairs, {int((docs.status != 'paired').sum())} unpaired documents")
pairs[["src_title", "tgt_title", "score"]].round(3)""",
    ),
    (
        "markdown",
        "",
        """\
## Scores per bead kind

`data.beads` holds one row per bead: paragraph beads, each followed by the sentence beads aligned
inside it (same `block`). A bead's score is `max(0, cosine) x sqrt(short/long)`; above ~0.6 is a
confident pair. Omissions (`1-0`, `0-1`) score 0 and are counted apart.""",
    ),
    (
        "code",
        "kinds",
        """\
sentences = data.beads[data.beads.level == "sentence"]
aligned = sentences[(sentences.src_chars > 0) & (sentences.tgt_chars > 0)]
print(f"{len(sentences)} sentence beads, {len(sentences) - len(aligned)} of them omissions")

counts = aligned.kind.value_counts()
main_kinds = sorted(counts[counts >= 50].index, key=lambda kind: (-counts[kind], kind))
grouped = aligned.assign(kind=aligned.kind.where(aligned.kind.isin(main_kinds), "other"))
order = [*main_kinds, "other"]

bins = np.linspace(0, 1, 21)
fig, axes = plt.subplots(1, len(order), figsize=(2.6 * len(order), 2.6), sharex=True)
for ax, kind in zip(axes, order, strict=True):
    scores = grouped.score[grouped.kind == kind]
    ax.hist(scores, bins=bins, color="#4c72b0")
    ax.axvline(scores.median(), color="#c44e52", linewidth=1)
    ax.set_title(f"{kind} ({len(scores)} beads)")
    ax.set_xlabel("score")
axes[0].set_ylabel("sentence beads")
fig.suptitle("Sentence bead scores by kind (red: median)")
fig.tight_layout()
plt.show()
grouped.groupby("kind").score.describe().loc[order].round(3).astype({"count": int})""",
    ),
    (
        "markdown",
        "",
        """\
## Scores per document

Sentence bead scores of each pair, lowest median first: a low box points at a loose translation
(or a condensed one: see the coverage below).""",
    ),
    (
        "code",
        "documents",
        """\
titles = pairs.set_index("pair_id").src_title.str.slice(0, 45)
by_median = aligned.groupby("pair_id").score.median().sort_values(kind="stable")
fig, ax = plt.subplots(figsize=(9, 7))
ax.boxplot(
    [aligned.score[aligned.pair_id == pid] for pid in by_median.index],
    orientation="horizontal",
    widths=0.6,
    flierprops={"markersize": 2},
)
ax.set_yticks(range(1, len(by_median) + 1), [titles[pid] for pid in by_median.index], fontsize=8)
ax.set_xlabel("sentence bead score")
ax.set_title("Sentence bead scores per document pair")
fig.tight_layout()
plt.show()""",
    ),
    (
        "markdown",
        "",
        """\
## The least confident sentence pairs

The aligned sentence beads with the lowest scores, with their lines in the input files: the first
place to look when checking an alignment. Short fragments score low by construction (the length
factor), so beads with fewer than 20 English characters are left out here.""",
    ),
    (
        "code",
        "least-confident",
        """\
worst = aligned[aligned.src_chars >= 20].nsmallest(10, "score")
worst.assign(document=worst.pair_id.map(titles).str.slice(0, 25))[
    ["document", "kind", "score", "src_lines", "tgt_lines", "src", "tgt"]
].reset_index(drop=True)""",
    ),
    (
        "markdown",
        "",
        """\
## Coverage of each Chinese paper

The share of each English paper's characters that sit in a sentence bead with a Chinese
counterpart (the plot shows the rest: what has none, by English title). What a paper lacks is an
omission; a passage whose Chinese side is much shorter than expected is reported as `condensed`
in the audit report (`report.html`).""",
    ),
    (
        "code",
        "coverage",
        """\
sides = sentences.assign(covered=sentences.src_chars.where(sentences.tgt_chars > 0, 0))
chars = sides.groupby("pair_id")[["src_chars", "covered"]].sum()
coverage = (
    pairs.set_index("pair_id")[["tgt_title"]]
    .join(chars)
    .assign(coverage=lambda t: t.covered / t.src_chars)
    .sort_values("coverage", kind="stable")
)
total = chars.covered.sum() / chars.src_chars.sum()
print(f"English text with a Chinese counterpart: {total:.1%}")

fig, ax = plt.subplots(figsize=(9, 6))
ax.barh(range(len(coverage)), 100 * (1 - coverage.coverage), color="#dd8452")
ax.set_yticks(range(len(coverage)), [titles[pid] for pid in coverage.index], fontsize=8)
ax.invert_yaxis()
ax.set_xlabel("% of the English characters without a Chinese counterpart")
ax.set_title("What each Chinese paper leaves out")
fig.tight_layout()
plt.show()
coverage[["tgt_title", "src_chars", "covered", "coverage"]].head(5).round(3)""",
    ),
    (
        "markdown",
        "",
        """\
## Findings of the audit report

`data.findings` is `report.json`'s findings, one row each; `report.html` shows them in place.""",
    ),
    (
        "code",
        "findings",
        """\
severities = [s for s in ("critical", "major", "minor", "info") if s in set(data.findings.severity)]
table = pd.crosstab(data.findings.check, data.findings.severity, margins=True, margins_name="all")
by_count = table.drop(index="all").sort_values("all", ascending=False, kind="stable").index
table.loc[[*by_count, "all"], [*severities, "all"]]""",
    ),
    (
        "markdown",
        "",
        """\
## Export a filtered translation memory

`aligner.export` rebuilds an export from the run folder with other filters, without re-encoding
(the CLI's `aligner export out/cmia-19 --format tmx --min-score 0.7 --kinds 1-1 -o cmia-1to1.tmx`).
Here: a stricter TM than the default one, 1-1 sentence pairs scoring at least 0.7.""",
    ),
    (
        "code",
        "export",
        """\
with tempfile.TemporaryDirectory() as folder:
    done = aligner.export(RUN_DIR, Path(folder) / "cmia-1to1.tmx", min_score=0.7, kinds=["1-1"])
    tmx_units = len(ET.parse(done.path).getroot().findall("body/tu"))
print(f"{done.path.name}: {done.units} units; {done.summary}")
print(f"translation units in the file: {tmx_units}")""",
    ),
]


def build() -> NotebookNode:
    """The notebook, without outputs."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {
        "kernelspec": {"name": KERNEL_NAME, "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
    }
    cells = []
    for number, (kind, tag, source) in enumerate(CELLS):
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(source, metadata={"tags": [tag]} if tag else {})
        cell["id"] = f"cell-{number:02d}"  # stable ids keep regenerated notebooks diffable
        cells.append(cell)
    notebook.cells = cells
    return notebook


class _ThisInterpreter(KernelSpecManager):
    """Kernel specs that always start this interpreter, whatever kernels Jupyter knows of."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (ipykernel)",
            language="python",
            resource_dir="",
        )


class _ThisInterpreterKernel(AsyncKernelManager):
    """A kernel manager that finds its kernel spec in :class:`_ThisInterpreter`."""

    @default("kernel_spec_manager")
    def _this_interpreter(self) -> KernelSpecManager:
        return _ThisInterpreter()


def execute(notebook: NotebookNode, timeout: int = 600) -> NotebookNode:
    """Run every cell of ``notebook`` in a fresh kernel (this interpreter) from ``notebooks/``.

    Raises :class:`nbclient.exceptions.CellExecutionError` on the first failing cell. The kernel
    inherits this process's environment (``ALIGNER_RUN_DIR``, ``ALIGNER_CACHE_DIR``).
    """
    NOTEBOOK.parent.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        notebook,
        kernel_manager_class=_ThisInterpreterKernel,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    return notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-execute", action="store_true", help="Write the cells without running them.")
    parser.add_argument("--timeout", type=int, default=3600, help="Seconds a cell may run [3600].")
    args = parser.parse_args(argv)
    notebook = build()
    if not args.no_execute:
        execute(notebook, timeout=args.timeout)
    nbformat.write(notebook, NOTEBOOK)
    print(f"wrote {NOTEBOOK.relative_to(ROOT)}" + ("" if args.no_execute else " with its outputs"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
