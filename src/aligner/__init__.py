"""aligner: bilingual document collections into aligned parallel corpora.

The API (see :mod:`aligner.api`) is imported lazily so that ``import aligner`` stays light::

    import aligner
    aligner.align_texts("It rains.", "下雨了。")
    aligner.run(["en.txt", "zh.txt"], "out/run1")
    aligner.load_run("out/run1").beads
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("aligner")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

_API = {"align_texts", "run", "load_run", "RunData"}

__all__ = ["RunData", "__version__", "align_texts", "load_run", "run"]


def __getattr__(name: str) -> Any:
    if name in _API:
        from aligner import api

        return getattr(api, name)
    raise AttributeError(f"module 'aligner' has no attribute {name!r}")
