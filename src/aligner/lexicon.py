"""English content words and the CC-CEDICT glosses of Chinese words, for the dictionary checks.

:func:`cedict_glosses` maps every simplified and traditional CC-CEDICT headword to the stemmed
content words of its English definitions (:func:`english_words`); the partial check
(:mod:`aligner.checks.coverage`) and the term glosses (:mod:`aligner.terms.glosses`) look words up
in it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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


def stem(word: str) -> str:
    """A crude English suffix stripper: enough to meet ``walked``/``walk``, ``cities``/``city``."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def english_words(text: str) -> frozenset[str]:
    """The stemmed lowercase words of ``text`` longer than two letters, stopwords left out."""
    return frozenset(stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2)


def cedict_glosses() -> Mapping[str, frozenset[str]]:
    """Simplified and traditional headword -> stemmed English gloss words (CC-CEDICT, parsed once
    and kept in the cache folder: see :mod:`aligner.cedict`)."""
    from aligner import cedict

    return cedict.glosses()
