"""Dictionary coverage: which English words of a sentence the aligned Chinese accounts for.

A word is *accounted for* when one of the English glosses CC-CEDICT gives a word of the Chinese
text has the same word form (``manufacturing`` = ``manufacture``), or one is the start of the
other (four letters at least: ``digital`` and ``digitalization``), or both share their first six
letters (``dominating``, ``dominant``). Every substring of two to six Han characters that is a
dictionary headword counts, and single characters outside them, so the test is generous: a word
it leaves unaccounted for has no plausible rendering anywhere in the Chinese. Latin words kept in
the Chinese (``AI``, ``FC-CSP``, ``Latitude``) account for themselves, and acronyms for their
standard renderings (``aligner/data/renderings.tsv``).

Function words, numbers and names (capitalised words inside a sentence, acronyms that the
Chinese does not render) are *neutral*: a translator transliterates or drops names freely, and
the numbers and codes checks compare those. What remains are the *content* words whose coverage
the partial check measures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from aligner.lexicon import STOPWORDS
from aligner.terms.words import ENGLISH_BREAKS, is_acronym, normalise, word_form

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’&-][A-Za-z0-9]+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Longest Chinese headword looked up, in characters.
MAX_HEADWORD = 6
# Shortest shared start that makes two word forms one word (digital, digitalization).
MIN_PREFIX = 4
# Letters two forms must share at the start when neither is the start of the other.
SHARED_START = 6


@lru_cache(maxsize=1)
def _dictionary() -> Mapping[str, frozenset[str]]:
    from aligner.lexicon import cedict_glosses

    return cedict_glosses()


@dataclass(frozen=True)
class ChineseGlosses:
    """The English word forms a Chinese text can account for, indexed for prefix tests."""

    text: str
    forms: frozenset[str]
    # Every start of at least MIN_PREFIX letters of a form: a word that begins a gloss.
    starts: frozenset[str]
    # The first SHARED_START letters of the forms that long.
    heads: frozenset[str]

    def accounts_for(self, form: str) -> bool:
        if form in self.forms or (len(form) >= MIN_PREFIX and form in self.starts):
            return True
        if any(form[:k] in self.forms for k in range(MIN_PREFIX, len(form))):
            return True
        return len(form) >= SHARED_START and form[:SHARED_START] in self.heads


@lru_cache(maxsize=4096)
def chinese_glosses(text: str) -> ChineseGlosses:
    """The gloss forms of ``text`` (see the module notes)."""
    dictionary = _dictionary()
    headwords = dictionary.keys()
    text = normalise(text)
    found = [
        (i, j)
        for i in range(len(text))
        if _HAN.match(text[i])
        for j in range(i + 2, min(len(text), i + MAX_HEADWORD) + 1)
        if text[i:j] in headwords
    ]
    inside = {k for i, j in found for k in range(i, j)}
    spans = found + [(i, i + 1) for i in range(len(text)) if i not in inside and _HAN.match(text[i])]
    forms = {word_form(gloss) for i, j in spans for gloss in dictionary.get(text[i:j], ())}
    forms |= {word_form(word).lower() for word in _LATIN.findall(text)}
    forms = {form for form in forms if len(form) >= 2}
    starts = {form[:k] for form in forms for k in range(MIN_PREFIX, len(form) + 1)}
    heads = {form[:SHARED_START] for form in forms if len(form) >= SHARED_START}
    return ChineseGlosses(text, frozenset(forms), frozenset(starts), frozenset(heads))


@dataclass(frozen=True)
class Word:
    """One English word of a sentence: whether it is a content word, and whether the Chinese
    accounts for it (always True for neutral words)."""

    text: str
    content: bool
    covered: bool


def _is_function(lower: str) -> bool:
    return len(lower) <= 2 or lower in STOPWORDS or lower in ENGLISH_BREAKS


def english_words(
    sentence: str, glosses: ChineseGlosses, renderings: Mapping[str, Sequence[str]]
) -> list[Word]:
    """The words of ``sentence``, each marked content or neutral and covered or not."""
    words = []
    folded = glosses.text.casefold()
    for index, text in enumerate(_WORD.findall(sentence)):
        plain = text.replace("’", "'")
        lower = plain.lower()
        if is_acronym(plain):
            forms = renderings.get(plain.upper(), ())
            covered = lower in folded or any(form.casefold() in folded for form in forms)
            # An acronym the Chinese neither keeps nor renders is the codes check's to judge.
            words.append(Word(text, covered, True))
            continue
        if _is_function(lower) or (index > 0 and text[:1].isupper()):
            words.append(Word(text, False, True))
            continue
        parts = [word_form(part).lower() for part in re.split(r"[-&']", plain) if len(part) >= 2]
        covered = any(glosses.accounts_for(part) for part in parts if not _is_function(part))
        words.append(Word(text, True, covered))
    return words


def coverage(words: Sequence[Word]) -> float | None:
    """Share of the content words that are covered (None without content words)."""
    content = [word for word in words if word.content]
    return sum(word.covered for word in content) / len(content) if content else None


def share_accounted_for(text: str, glosses: ChineseGlosses, renderings: Mapping[str, Sequence[str]]) -> float:
    """The coverage of ``text``'s words by ``glosses`` (0.0 for a text without content words)."""
    return coverage(english_words(text, glosses, renderings)) or 0.0
