"""Where the document pairs of a run are aligned: in this process, or on a Ray cluster.

The unit of work is a document pair: its paragraphs and sentences are encoded and aligned
(:func:`aligner.hierarchy.align_pair`) with nothing from any other pair, so pairs can go to any
worker in any order and the run folder is assembled from the results in the run's pair order: the
outputs are the same bytes whichever engine ran them, on however many workers.

``local`` aligns the pairs one after the other with the run's own encoder. ``ray`` spreads them
over a pool of Ray actors (an existing distributed engine, installed with the ``ray`` extra): each
actor loads the encoder once and aligns the pairs it is given, encoding and aligning in one
place. A separate encoding stage (Ray Data ``map_batches`` with an encoder class, then plain DP
tasks, the pattern NeMo Curator uses) pays where a GPU encodes for many CPU workers; here the
default encoder is numpy on the CPU, and shipping every window's embedding (2 KB each) from an
encoder stage to a DP stage would cost more than it saves. With ``--gpus-per-encoder``, each actor
takes that share of a GPU, as a GPU-backed ``st:`` encoder needs. A worker process that dies (out
of memory, a node lost) is restarted by Ray and its pair retried, so a run completes with the same
outputs (tested by killing one).

The embedding cache is shared by the workers of one machine (a content-addressed folder written
atomically, see :mod:`aligner.encoders.cache`); on a cluster, point ``--cache-dir`` at shared
storage so that no node encodes a text another has encoded.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from aligner.align import AlignConfig
from aligner.encoders import CachedEncoder, get_encoder
from aligner.errors import ComponentError, UsageError
from aligner.hierarchy import align_pair, unpaired_beads
from aligner.model import AlignedBead, DocumentPair

Progress = Callable[[str], None]
# Called with each pair and its beads as soon as they are aligned (``aligner.shards`` saves them).
OnResult = Callable[[DocumentPair, list[AlignedBead]], None]


def _ignore(_pair: DocumentPair, _beads: list[AlignedBead]) -> None:
    pass


ENGINE_NAMES = ("local", "ray")
RAY_MISSING = "the ray engine needs the ray extra: pip install 'aligner[ray]'"


@dataclass(frozen=True)
class AlignSettings:
    """What aligning any pair of a run needs besides the pair: the same for every worker."""

    encoder: str
    cache_dir: Path | None
    src_lang: str
    tgt_lang: str
    paragraph: AlignConfig
    sentence: AlignConfig


def align_one(
    document_pair: DocumentPair, encoder: CachedEncoder, settings: AlignSettings
) -> list[AlignedBead]:
    """The beads of one pair: aligned if paired, else its document as omission beads."""
    if document_pair.src is None or document_pair.tgt is None:
        return unpaired_beads(document_pair, settings.src_lang, settings.tgt_lang)
    return align_pair(
        document_pair, encoder, settings.src_lang, settings.tgt_lang, settings.paragraph, settings.sentence
    )


def _paragraphs(document_pair: DocumentPair) -> int:
    return sum(len(doc.paragraphs) for doc in (document_pair.src, document_pair.tgt) if doc is not None)


class _Meter:
    """Pairs done, paragraphs per second and the time left, for the progress line."""

    def __init__(self, pairs: Sequence[DocumentPair], progress: Progress) -> None:
        self.total = len(pairs)
        self.units = sum(map(_paragraphs, pairs)) or 1
        self.done = 0
        self.units_done = 0
        self.started = time.perf_counter()
        self.progress = progress

    def tick(self, document_pair: DocumentPair) -> None:
        self.done += 1
        self.units_done += _paragraphs(document_pair)
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = self.units_done / elapsed
        left = (self.units - self.units_done) / rate if rate else 0.0
        self.progress(
            f"aligned {self.done}/{self.total}: {document_pair.pair_id} "
            f"({rate:.0f} paragraphs/s, about {left:.0f} s left)"
        )


class Engine(Protocol):
    """Aligns the pairs of a run; returns each pair's beads, in the order of ``pairs``."""

    name: str

    def align(
        self,
        pairs: Sequence[DocumentPair],
        settings: AlignSettings,
        encoder: CachedEncoder,
        progress: Progress,
        on_result: OnResult = _ignore,
    ) -> list[list[AlignedBead]]: ...


class LocalEngine:
    """The pairs one after the other, in this process, with the run's encoder."""

    name = "local"

    def align(
        self,
        pairs: Sequence[DocumentPair],
        settings: AlignSettings,
        encoder: CachedEncoder,
        progress: Progress,
        on_result: OnResult = _ignore,
    ) -> list[list[AlignedBead]]:
        meter = _Meter(pairs, progress)
        results = []
        for document_pair in pairs:
            beads = align_one(document_pair, encoder, settings)
            on_result(document_pair, beads)
            results.append(beads)
            meter.tick(document_pair)
        return results


class _PairWorker:
    """A Ray actor: the encoder, loaded once, and the pairs it is sent."""

    def __init__(self, settings: AlignSettings) -> None:
        self.settings = settings
        self.encoder = CachedEncoder(get_encoder(settings.encoder), settings.cache_dir)

    def align(self, index: int, document_pair: DocumentPair) -> tuple[int, list[AlignedBead]]:
        beads = align_one(document_pair, self.encoder, self.settings)
        self.encoder.flush()  # an actor may be ended without an exit hook running
        return index, beads

    def pid(self) -> int:
        return os.getpid()


@dataclass
class RayEngine:
    """The pairs spread over ``workers`` Ray actors (default: one per CPU of the cluster).

    ``address`` None starts a local Ray instance on this machine for the run and stops it after;
    ``auto`` or ``ray://host:10001`` joins a running cluster (``ray start --head``), whose nodes
    need this package installed.
    """

    address: str | None = None
    workers: int | None = None
    gpus_per_encoder: float = 0.0
    name: str = "ray"
    # The worker processes' ids once started (the fault test kills one).
    worker_pids: list[int] | None = None

    def _start(self) -> tuple[Any, bool]:
        try:
            import ray
        except ImportError as exc:
            raise ComponentError(RAY_MISSING) from exc
        started_here = not ray.is_initialized()
        if started_here:
            import logging

            options: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.ERROR}
            if self.address is None:
                options["num_cpus"] = self.workers or os.cpu_count() or 1
                if self.gpus_per_encoder == 0:
                    options["num_gpus"] = 0
            try:
                ray.init(address=self.address, log_to_driver=False, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise UsageError(
                    f"cannot start or join the Ray cluster at {self.address or 'this machine'}: {exc}"
                ) from exc
        return ray, started_here

    def align(
        self,
        pairs: Sequence[DocumentPair],
        settings: AlignSettings,
        encoder: CachedEncoder,
        progress: Progress,
        on_result: OnResult = _ignore,
    ) -> list[list[AlignedBead]]:
        if not pairs:
            return []
        ray, started_here = self._start()
        try:
            return self._align(ray, pairs, settings, progress, on_result)
        finally:
            if started_here:
                ray.shutdown()

    def _align(
        self,
        ray: Any,
        pairs: Sequence[DocumentPair],
        settings: AlignSettings,
        progress: Progress,
        on_result: OnResult,
    ) -> list[list[AlignedBead]]:
        from ray.util import ActorPool

        count = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        count = max(1, min(count, len(pairs)))
        worker = ray.remote(
            num_cpus=1,
            num_gpus=self.gpus_per_encoder,
            # A worker process that dies is started again and its pair sent again.
            max_restarts=-1,
            max_task_retries=-1,
        )(_PairWorker)
        # The settings go by value (they are small): an argument kept in the object store could be
        # gone when Ray restarts a worker.
        actors = [worker.remote(settings) for _ in range(count)]
        self.worker_pids = ray.get([actor.pid.remote() for actor in actors])
        progress(f"aligning {len(pairs)} pairs on {count} Ray workers")
        meter = _Meter(pairs, progress)
        results: list[list[AlignedBead] | None] = [None] * len(pairs)
        pool = ActorPool(actors)
        for index, beads in pool.map_unordered(
            lambda actor, job: actor.align.remote(*job), list(enumerate(pairs))
        ):
            results[index] = beads
            on_result(pairs[index], beads)
            meter.tick(pairs[index])
        assert all(beads is not None for beads in results)
        return [beads for beads in results if beads is not None]


def make_engine(
    name: str, *, address: str | None = None, workers: int | None = None, gpus_per_encoder: float = 0.0
) -> Engine:
    """The engine called ``name`` (``local`` or ``ray``); Ray's options are refused for ``local``."""
    if name == "local":
        if address is not None or workers is not None or gpus_per_encoder:
            raise UsageError("--ray-address, --workers and --gpus-per-encoder need --engine ray")
        return LocalEngine()
    if name == "ray":
        if workers is not None and workers < 1:
            raise UsageError(f"--workers must be 1 or more, not {workers}")
        if gpus_per_encoder < 0:
            raise UsageError(f"--gpus-per-encoder must be 0 or more, not {gpus_per_encoder}")
        return RayEngine(address, workers, gpus_per_encoder)
    raise UsageError(f"unknown engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")
