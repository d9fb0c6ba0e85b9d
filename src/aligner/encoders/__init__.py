"""Encoder backends behind one interface, a registry, and a content-addressed cache.

Importing this package registers the built-in backends: ``use-m3`` (the offline default) and
``st:MODEL`` (any sentence-transformers model).
"""

from aligner.encoders import sentence_transformers as _sentence_transformers  # noqa: F401
from aligner.encoders import use_m3 as _use_m3  # noqa: F401
from aligner.encoders.base import ENCODERS, Embeddings, Encoder, EncoderSpec, get_encoder, l2_normalise
from aligner.encoders.cache import CACHE_ENV, CachedEncoder, default_cache_dir

DEFAULT_ENCODER = "use-m3"

__all__ = [
    "CACHE_ENV",
    "DEFAULT_ENCODER",
    "ENCODERS",
    "CachedEncoder",
    "Embeddings",
    "Encoder",
    "EncoderSpec",
    "default_cache_dir",
    "get_encoder",
    "l2_normalise",
]
