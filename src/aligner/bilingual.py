"""Bilingual files: a document whose paragraphs alternate between two languages is a document pair.

Reviewed translations are often delivered as one file, each source paragraph followed by its
translation. Such a file is read as two documents, one per language, whose paragraphs keep their
own lines in the file, so pairing and alignment treat them like any two documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from aligner.langdetect import detect_language, script_counts
from aligner.model import Segment

# Each language holds at least this share of the paragraphs whose language is told...
MIN_SHARE = 0.3
# ...and the language changes at least this often per paragraph of the rarer language: alternating
# paragraphs change at every one, a file with a foreign quotation or two far less.
MIN_SWITCHES_PER_PARAGRAPH = 0.6
# Paragraphs counted (headings too; a heading in each language is usual).
MIN_PARAGRAPHS = 4
CJK_LANGUAGES = frozenset({"zh", "ja"})


def paragraph_languages(paragraphs: Sequence[Segment]) -> list[str]:
    """The language of each paragraph. One too short to tell (a title, a name) takes the language
    of its script among those of the other paragraphs, else its predecessor's."""
    detected = [detect_language(paragraph.text) for paragraph in paragraphs]
    known = sorted({lang for lang in detected if lang != "und"})
    cjk = [lang for lang in known if lang in CJK_LANGUAGES]
    latin = [lang for lang in known if lang not in CJK_LANGUAGES]
    languages: list[str] = []
    for paragraph, lang in zip(paragraphs, detected, strict=True):
        if lang == "und":
            counts = script_counts(paragraph.text)
            if counts["han"] + counts["kana"] and len(cjk) == 1:
                lang = cjk[0]
            elif counts["latin"] and len(latin) == 1:
                lang = latin[0]
            elif languages:
                lang = languages[-1]
        languages.append(lang)
    return languages


def split_bilingual(paragraphs: Sequence[Segment]) -> dict[str, list[Segment]] | None:
    """The paragraphs per language if they alternate between two languages, else ``None``.

    Languages come in order of first appearance (the first is the file's first language)."""
    if len(paragraphs) < MIN_PARAGRAPHS:
        return None
    languages = paragraph_languages(paragraphs)
    counts = Counter(languages)
    if len(counts) != 2 or "und" in counts:
        return None
    rarer = min(counts.values())
    if rarer < MIN_SHARE * len(languages):
        return None
    switches = sum(1 for a, b in pairwise(languages) if a != b)
    if switches < MIN_SWITCHES_PER_PARAGRAPH * rarer:
        return None
    split: dict[str, list[Segment]] = {}
    for paragraph, lang in zip(paragraphs, languages, strict=True):
        split.setdefault(lang, []).append(paragraph)
    return split
