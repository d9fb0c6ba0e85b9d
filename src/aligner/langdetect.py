"""Offline language identification from the script a text is written in.

Good enough to label documents of a proceedings volume (long, single-language texts); it is not
meant for short strings or for telling apart close relatives (Serbian/Croatian, Malay/Indonesian).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Languages written in Latin script: a document in Latin letters too short to tell its language
# takes the one of these among the run's languages (:func:`aligner.pipeline.settle_undetermined`).
LATIN_SCRIPT = frozenset(
    re.findall(r"\w+", "en de fr es it pt nl sv da no nb fi pl cs sk sl hr ro hu tr id ms vi ca eu")
)

# Frequent short function words of the Latin-script languages we tell apart. A word list beats
# letter statistics here: documents are long, and these words make up a tenth of any running text.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words("the and of to in is that for with as are this be by on it from which"),
    "de": _words("der die und das ist nicht mit den von zu ein eine sich auf für dem des im"),
    "fr": _words("le la les et des est une du que pour dans un sur pas au avec ce qui sont"),
    "es": _words("el la de que y los en las por una del se con para es al como"),
    "it": _words("il di che la per un non della sono è una del con alla gli le nel"),
    "pt": _words("o de que e do da em não uma os para com no na por se ao"),
    "nl": _words("de het een van en is dat niet op te zijn met voor die er aan"),
}
_WORD = re.compile(r"[^\W\d_]+")

# Unicode script of a character, coarse: only the scripts whose languages we name.
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x3040, 0x30FF, "kana"),
    (0x31F0, 0x31FF, "kana"),
    (0xFF66, 0xFF9F, "kana"),
    (0x1100, 0x11FF, "hangul"),
    (0x3130, 0x318F, "hangul"),
    (0xAC00, 0xD7AF, "hangul"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xF900, 0xFAFF, "han"),
    (0x20000, 0x2FA1F, "han"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0370, 0x03FF, "greek"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0E00, 0x0E7F, "thai"),
)
_SCRIPT_LANGUAGE = {
    "hangul": "ko",
    "cyrillic": "ru",
    "greek": "el",
    "hebrew": "he",
    "arabic": "ar",
    "devanagari": "hi",
    "thai": "th",
}
# Sample size: the first characters of a document decide; more changes nothing but time.
_SAMPLE = 20000
_ASCII_LETTERS = re.compile("[A-Za-z]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def script_of(char: str) -> str:
    """``'latin'``, ``'han'``, ``'kana'``, ... or ``''`` for digits, punctuation and spaces."""
    code = ord(char)
    if code < 0x80:
        return "latin" if char.isalpha() else ""
    for low, high, script in _SCRIPT_RANGES:
        if low <= code <= high:
            return script
    if char.isalpha() and "LATIN" in unicodedata.name(char, ""):
        return "latin"
    return ""


def script_counts(text: str) -> Counter[str]:
    """Letters of each script in the first characters of ``text``."""
    sample = text[:_SAMPLE]
    counts: Counter[str] = Counter({"latin": len(_ASCII_LETTERS.findall(sample))})
    # Only the rarer non-ASCII characters go through the per-character lookup.
    for char in _NON_ASCII.findall(sample):
        script = script_of(char)
        if script:
            counts[script] += 1
    return +counts


def detect_language(text: str) -> str:
    """ISO 639-1 code of the dominant language of ``text``, from its script; ``'und'`` if unsure.

    Han-dominant text is ``'zh'`` (Japanese when kana make up a tenth of the CJK characters),
    Latin text is told apart by its function words (``'en'``, ``'de'``, ``'fr'``, ``'es'``, ``'it'``,
    ``'pt'``, ``'nl'``).
    """
    counts = script_counts(text)
    if not counts:
        return "und"
    han, kana, latin = counts["han"], counts["kana"], counts["latin"]
    # A Chinese word is one or two characters, an English one about five letters: weigh Han
    # characters accordingly so English names and acronyms inside Chinese text do not outvote it.
    cjk_weight = 3 * (han + kana)
    script, weight = max(
        ((s, c) for s, c in counts.items() if s not in ("han", "kana")),
        key=lambda item: item[1],
        default=("", 0),
    )
    if cjk_weight >= weight and han + kana:
        return "ja" if kana >= 0.1 * (han + kana) else "zh"
    if script != "latin":
        return _SCRIPT_LANGUAGE.get(script, "und")
    if latin < 20:
        return "und"
    words = Counter(word.lower() for word in _WORD.findall(text[:_SAMPLE]))
    scores = {lang: sum(words[w] for w in vocabulary) for lang, vocabulary in _FUNCTION_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 3 or ranked[0] < 1.3 * ranked[1]:
        return "und"
    return best
