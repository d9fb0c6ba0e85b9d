"""Term pairs from inline glosses: an English text that gives the Chinese of its key terms in
brackets, ``Ministry of Industry and Information Technology (MIIT; 工业和信息化部; 工信部)``.

A gloss is a bracketed group (``()``, ``（）`` or ``[]``, nested ones too) holding Chinese. Its parts,
cut at semicolons, are the Chinese term, then its short forms (variants), and acronyms or quoted
English forms (English variants); a part with Chinese commas or enumeration marks is a sentence,
not a term, and makes no gloss. The English the gloss translates is, by the first rule that
applies to the text just before the bracket:

1. a quoted or ``*italic*`` phrase ending there (``"Model-Data Resonance" (“模数共振”)``);
2. with an acronym in the gloss, the run of capitalised words (``of``, ``and``, ``the`` inside
   allowed) from the word whose initial starts the acronym (``Chinese Ministry of Industry and
   Information Technology (MIIT; ...)`` gives ``Ministry of ...``);
3. a run of capitalised words (``National Data Administration (国家数据局)``);
4. otherwise the words before the bracket that CC-CEDICT glosses of the Chinese's words account
   for, at most two words unaccounted for in a row, the last word always included, leading
   function words dropped (``create new quality productive forces (新质生产力)`` gives ``new
   quality productive forces``).

Spans written in pinyin (tone marks) are not English and give no pair.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from aligner.ingest import read_source
from aligner.terms.model import TermKind, TermPair
from aligner.terms.words import ENGLISH_BREAKS, is_acronym, normalise, word_form

_OPEN = {"(": ")", "（": "）", "[": "]"}
_HAN = re.compile(r"[\u3400-\u9fff]")
_SENTENCE_MARKS = re.compile(r"[，、。！？]|,\s")
_QUOTES = "\"'“”‘’「」『』《》*"
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’&/.][A-Za-z0-9]+)*")
_PINYIN = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
# Words that may sit inside a name between capitalised words.
_NAME_INNER = frozenset({"of", "and", "the", "for", "on", "in", "&"})
# Words a span never starts with.
_LEADING = frozenset(
    re.findall(
        r"\S+",
        "the a an of and or to for with such as in on by its their our this these that so also known "
        "called termed named i.e e.g",
    )
)
# A phrase ends at these marks; what lies before is another clause.
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]（）；：，。—–]")
MAX_SPAN_WORDS = 10
# A quoted title can be longer than a phrase found by the dictionary.
MAX_QUOTED_WORDS = 20
MAX_UNEXPLAINED_RUN = 2


@dataclass
class _Gloss:
    start: int  # offset of the opening bracket
    end: int  # offset after the closing bracket
    content: str
    zh: list[str] = field(default_factory=list)
    en_variants: list[str] = field(default_factory=list)


def _groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of every bracketed group, nested ones included, in order of their start."""
    found = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char in _OPEN:
            stack.append((_OPEN[char], index))
        elif stack and char == stack[-1][0]:
            _, start = stack.pop()
            found.append((start, index + 1))
        elif char == "\n":
            stack.clear()
    return sorted(found)


def _strip(part: str) -> str:
    return part.strip().strip(_QUOTES).strip()


def _parse(text: str, start: int, end: int) -> _Gloss | None:
    """The gloss in ``text[start:end]``, or None if it holds no Chinese term."""
    inner = text[start + 1 : end - 1]
    # A nested group is a gloss of its own ("also known as ... [CAC; ...]"): leave it out here.
    depth, flat = 0, []
    for char in inner:
        if char in _OPEN:
            depth += 1
        elif char in _OPEN.values():
            depth = max(0, depth - 1)
        elif depth == 0:
            flat.append(char)
    gloss = _Gloss(start, end, inner)
    for raw in re.split(r"[;；]", "".join(flat)):
        part = _strip(raw)
        if not part:
            continue
        if _HAN.search(part):
            if _SENTENCE_MARKS.search(part) or len(re.findall(r"[A-Za-z]+", part)) > 2:
                return None
            term = re.sub(f"[{re.escape(_QUOTES)}]", "", part)
            gloss.zh.append(re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", term).strip())
        elif len(part.split()) <= 4 and (
            all(is_acronym(word) for word in part.split()) or raw.strip()[:1] in _QUOTES
        ):
            gloss.en_variants.append(part)
    return gloss if gloss.zh else None


def _before(text: str, gloss: _Gloss, floor: int) -> str:
    """The text of the line before the gloss, after ``floor`` (the end of the previous gloss)."""
    line_start = text.rfind("\n", 0, gloss.start) + 1
    return text[max(line_start, floor) : gloss.start].rstrip()


def _quoted(before: str) -> str | None:
    """A quoted or italic phrase ending ``before``."""
    pairs = {"”": "“", '"': '"', "’": "‘", "*": "*", "」": "「", "》": "《"}
    if not before or before[-1] not in pairs:
        return None
    opening = before.rfind(pairs[before[-1]], 0, len(before) - 1)
    if opening < 0:
        return None
    phrase = before[opening + 1 : -1].strip().strip(",.")
    return phrase if phrase and len(phrase.split()) <= MAX_QUOTED_WORDS else None


def _words_before(before: str) -> list[str]:
    """The words of the last clause of ``before``, quote marks dropped."""
    clause = _CLAUSE_END.split(before)[-1]
    return [w.strip(_QUOTES) for w in clause.split() if w.strip(_QUOTES)]


def _name_run(words: list[str]) -> list[str]:
    """The capitalised words (with ``of``, ``and`` ... between them) ending ``words``."""
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or (word in _NAME_INNER and run):
            run.insert(0, word)
        else:
            break
    while run and (run[0].lower() in _NAME_INNER or run[0].lower() in _LEADING):
        run.pop(0)
    return run


def _from_acronym(run: list[str], acronyms: list[str]) -> list[str] | None:
    """``run`` from the word whose initial starts one of ``acronyms`` and whose capitalised words'
    initials spell it out (MIIT: Ministry of Industry and Information Technology)."""
    for acronym in acronyms:
        letters = [ch for ch in acronym if ch.isalpha()]
        if len(letters) < 2:
            continue
        for start in range(len(run)):
            initials = [w[0] for w in run[start:] if w not in _NAME_INNER]
            # Hyphenated words give an initial per part: State-owned Assets ... = SA...
            parts = [p[0] for w in run[start:] if w not in _NAME_INNER for p in w.split("-") if p]
            for spelled in (initials, parts):
                if "".join(spelled[: len(letters)]).upper() == "".join(letters).upper():
                    return run[start:]
    return None


@lru_cache(maxsize=1)
def _dictionary() -> Mapping[str, frozenset[str]]:
    from aligner.lexicon import cedict_glosses

    return cedict_glosses()


def _gloss_forms(zh: str) -> set[str]:
    """Word forms of the English glosses CC-CEDICT gives the words inside ``zh``; a character
    counts alone only outside them (法 has many glosses, 办法 means measures)."""
    dictionary = _dictionary()
    headwords = dictionary.keys()
    words = [
        (i, j) for i in range(len(zh)) for j in range(i + 2, min(len(zh), i + 6) + 1) if zh[i:j] in headwords
    ]
    covered = {k for i, j in words for k in range(i, j)}
    spans = words + [(i, i + 1) for i in range(len(zh)) if i not in covered]
    return {word_form(gloss) for i, j in spans for gloss in dictionary.get(zh[i:j], ())}


def _explained(word: str, forms: set[str]) -> bool:
    """A part of ``word`` (hyphenated words have several) matches a gloss form: the same form, or
    one a prefix of the other (four letters at least), or six letters in common at the start
    (dominating, dominant)."""
    for part in re.split(r"[-/]", word):
        form = word_form(part).lower()
        if len(form) < 2:
            continue
        for gloss in forms:
            shorter, longer = sorted((form, gloss), key=len)
            if form == gloss or (len(shorter) >= 4 and longer.startswith(shorter)):
                return True
            if len(shorter) >= 6 and shorter[:6] == longer[:6]:
                return True
    return False


def _by_dictionary(words: list[str], zh: str) -> list[str]:
    """The words before the gloss that the Chinese's dictionary glosses account for (see the
    module notes, rule 4)."""
    words = words[-MAX_SPAN_WORDS:]
    if not words:
        return []
    forms = _gloss_forms(zh)
    start = len(words) - 1
    unexplained = 0
    for index in range(len(words) - 2, -1, -1):
        word = words[index]
        if word.lower() in _LEADING:
            continue
        if _explained(word, forms):
            start, unexplained = index, 0
        else:
            unexplained += 1
            if unexplained > MAX_UNEXPLAINED_RUN:
                break
    span = words[start:]
    while len(span) > 1 and span[0].lower() in _LEADING:
        span.pop(0)
    # One word for a longer Chinese term: the word before it most likely modifies it (inverse
    # design for 反向设计), unless it is a function word or a verb.
    before = words[: len(words) - len(span)]
    if len(span) == 1 and len(zh) >= 3 and before and _modifies(before[-1]):
        span.insert(0, before[-1])
    return span


def _modifies(word: str) -> bool:
    lower = word.lower()
    return (
        word.isalpha()
        and lower not in _LEADING
        and lower not in ENGLISH_BREAKS
        and not (lower.endswith("ly") and len(lower) > 4)
    )


def _span(before: str, gloss: _Gloss) -> tuple[str, TermKind] | None:
    quoted = _quoted(before)
    if quoted is not None:
        return quoted, "name" if quoted[:1].isupper() else "term"
    words = _words_before(before)
    run = _name_run(words)
    acronyms = [v for v in gloss.en_variants if is_acronym(v.split()[0])]
    if run and acronyms:
        spelled = _from_acronym(run, acronyms)
        if spelled:
            return " ".join(spelled), "name"
    span = _by_dictionary(words, gloss.zh[0])
    if run and any(w[:1].isupper() and w.lower() not in _LEADING for w in run):
        if len(span) > len(run):
            # A name with a lowercase word inside (China-BRICS Artificial intelligence Development
            # and Cooperation Center): the dictionary reaches further back.
            return " ".join(span), "name"
        return " ".join(_trim_name(run, gloss.zh[0])), "name"
    return (" ".join(span), "term") if span else None


def _trim_name(run: list[str], zh: str) -> list[str]:
    """``run`` without the leading words the Chinese does not account for (a capitalised verb
    starting the sentence: Implement the Cybersecurity Law and the Measures for ...), as long as
    two words or more remain."""
    forms = _gloss_forms(zh)
    for start, word in enumerate(run):
        if _explained(word, forms):
            rest = run[start:]
            return rest if len([w for w in rest if w not in _NAME_INNER]) >= 2 else run
    return run


def _sentence_at(text: str, start: int, end: int) -> str:
    """The line around ``text[start:end]``, cut to the sentence holding it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    offset = start - line_start
    head = max((m.end() for m in re.finditer(r"[.!?]\s+(?=[A-Z\"“(])", line[:offset])), default=0)
    tail = re.search(r"[.!?](?=\s+[A-Z\"“(]|\s*$)", line[offset:])
    return line[head : offset + tail.end() if tail else len(line)].strip()


def glosses_in(text: str, file: str = "<text>") -> list[TermPair]:
    """Term pairs of the inline glosses of ``text``, in order of first appearance; a pair glossed
    again counts its frequency up and gathers the variants of every place."""
    text = normalise(text)
    merged: dict[tuple[str, str], TermPair] = {}
    groups = _groups(text)
    for start, end in groups:
        gloss = _parse(text, start, end)
        if gloss is None:
            continue
        # The English of a gloss lies after the group before it, or inside the group around it.
        floor = max([e for s, e in groups if e <= start] + [s + 1 for s, e in groups if s < start < e] + [0])
        before = _before(text, gloss, floor)
        found = _span(before, gloss)
        if (
            found is None
            or _PINYIN.search(found[0])
            or _HAN.search(found[0])
            or not re.search("[A-Za-z]", found[0])
        ):
            continue
        en, kind = found
        if any(is_acronym(v) for v in gloss.en_variants):
            kind = "acronym" if kind == "term" else kind
        key = (en.casefold(), gloss.zh[0])
        line = text.count("\n", 0, start) + 1
        previous = merged.get(key)
        if previous is None:
            merged[key] = TermPair(
                en=en,
                zh=gloss.zh[0],
                en_variants=tuple(dict.fromkeys(gloss.en_variants)),
                zh_variants=tuple(dict.fromkeys(gloss.zh[1:])),
                kind=kind,
                frequency=1,
                example_en=_sentence_at(text, start, end),
                example_en_at=f"{file}:{line}",
            )
        else:
            merged[key] = replace(
                previous,
                en_variants=tuple(dict.fromkeys([*previous.en_variants, *gloss.en_variants])),
                zh_variants=tuple(dict.fromkeys([*previous.zh_variants, *gloss.zh[1:]])),
                frequency=previous.frequency + 1,
            )
    return list(merged.values())


def terms_from_text(path: str | Path) -> list[TermPair]:
    """Term pairs of the inline glosses of one text file (``aligner terms --from-text FILE``).

    Example::

        >>> from aligner.terms import terms_from_text
        >>> pair = terms_from_text("miit-ai-manufacturing-translation.en.txt")[0]
        >>> pair.en, pair.zh, pair.zh_variants, pair.en_variants
        ('Ministry of Industry and Information Technology', '工业和信息化部', ('工信部',), ('MIIT',))
    """
    source = read_source(Path(path))
    return glosses_in(source.text, str(path))


__all__ = ["glosses_in", "terms_from_text"]
