"""The encoder interface and the registry of encoder backends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

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


@runtime_checkable
class WindowEncoder(Protocol):
    """An encoder that can embed every window of consecutive texts faster than encoding each.

    ``encode_windows(texts, k)[size - 1][s]`` must equal (to float precision) the embedding of
    ``" ".join(texts[s : s + size])``; ``composes_windows`` is False where that does not hold
    (the caller then encodes the joined texts).
    """

    @property
    def composes_windows(self) -> bool: ...

    def encode_windows(self, texts: Sequence[str], max_size: int) -> list[Embeddings]: ...


@runtime_checkable
class PieceEncoder(Protocol):
    """An encoder whose window embeddings are composed from a cacheable record (piece) per text.

    The cache stores pieces instead of embeddings, and the junction of each two neighbouring
    texts: ``embed_pieces`` gives a text's embedding from its piece, ``compose`` the embeddings
    of every window of consecutive texts. An encoder may also name the version of its piece
    layout and composition (``piece_layout``, a string): the cache keys every record with it.
    """

    @property
    def id(self) -> str: ...

    @property
    def piece_dim(self) -> int: ...

    @property
    def composes_windows(self) -> bool: ...

    def encode_pieces(self, texts: Sequence[str]) -> Embeddings: ...

    def embed_pieces(self, pieces: Embeddings) -> Embeddings: ...

    def junctions(self, left: Embeddings, right: Embeddings) -> Embeddings:
        """What joining each text of ``left`` to the text of ``right`` beside it adds (cacheable)."""
        ...

    def compose(
        self, pieces: Embeddings, max_size: int, junctions: Embeddings | None = None
    ) -> list[Embeddings]:
        """Every window of 1..max_size consecutive texts, given the junctions of each two
        consecutive non-blank (not whitespace-only) texts, or computing them."""
        ...


def is_blank(text: str) -> bool:
    """Whether ``text`` is whitespace only: it adds nothing to a window's joined text."""
    return not text.strip()


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
