"""The encoder interface and the registry of encoder backends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from aligner.errors import EncoderError

Embeddings = npt.NDArray[np.float32]


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    @property
    def id(self) -> str:
        """A stable identifier of the model and its settings, used as the cache namespace."""
        ...

    @property
    def version(self) -> str:
        """The version of the package or weights behind the model, recorded in run manifests."""
        ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> Embeddings: ...


@dataclass(frozen=True)
class EncoderSpec:
    """How to build one kind of encoder from the part of ``--encoder`` after the prefix."""

    prefix: str
    summary: str
    factory: Callable[[str], Encoder]
    example: str


ENCODERS: dict[str, EncoderSpec] = {}


def register(spec: EncoderSpec) -> None:
    ENCODERS[spec.prefix] = spec


def l2_normalise(vectors: npt.ArrayLike) -> Embeddings:
    """Return float32 rows scaled to unit length (zero rows stay zero)."""
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (array / norms).astype(np.float32, copy=False)


def get_encoder(name: str) -> Encoder:
    """Build an encoder from a name such as ``use-m3`` or ``st:sentence-transformers/LaBSE``.

    A bare name is looked up as a prefix with an empty argument; ``prefix:argument`` passes the
    argument (a model name or path) to that backend.
    """
    prefix, _, argument = name.partition(":")
    spec = ENCODERS.get(prefix)
    if spec is None:
        known = ", ".join(sorted(ENCODERS))
        raise EncoderError(f"unknown encoder {name!r}; available: {known} (see 'aligner encoders')")
    return spec.factory(argument)
