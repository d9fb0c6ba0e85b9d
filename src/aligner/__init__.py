"""aligner: bilingual document collections into aligned parallel corpora.

The API (see :mod:`aligner.api`) is imported lazily so that ``import aligner`` stays light::

    import aligner
    aligner.align_texts("It rains.", "下雨了。")
    aligner.run(["en.txt", "zh.txt"], "out/run1")
    aligner.load_run("out/run1").beads
    aligner.export("out/run1", "run1-1to1.tmx", min_score=0.7, kinds=["1-1"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aligner._version import __version__

if TYPE_CHECKING:  # type checkers see the real signatures; at run time they load on first use
    from aligner.api import ExportResult, RunData, align_texts, export, load_run, run

_API = {"align_texts", "run", "load_run", "export", "RunData", "ExportResult"}

__all__ = ["ExportResult", "RunData", "__version__", "align_texts", "export", "load_run", "run"]


def __getattr__(name: str) -> Any:
    """Load the API on first use of one of its names."""
    if name in _API:
        from aligner import api

        return getattr(api, name)
    raise AttributeError(f"module 'aligner' has no attribute {name!r}")
