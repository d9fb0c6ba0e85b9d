"""Bilingual files: a document whose paragraphs alternate between two languages is a document pair.

Reviewed translations are often delivered as one file, each source paragraph followed by its
translation, or as a table with one language per column (a Word table, a spreadsheet: read row by
row, cells separated by tabs). Such a file is read as two documents, one per language, whose
paragraphs keep their own lines in the file (a cell keeps its span within its row's line), so
pairing and alignment treat them like any two documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
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


# Rows of a two-column table: at least this share of the paragraphs have exactly two non-empty cells.
MIN_TABLE_SHARE = 0.8


def _cells(paragraph: Segment) -> list[tuple[int, str]]:
    """The non-empty tab-separated cells of a one-line paragraph, with their offsets in its text."""
    if paragraph.line_start != paragraph.line_end:
        return []
    cells = []
    offset = 0
    for cell in paragraph.text.split("\t"):
        stripped = cell.strip()
        if stripped:
            cells.append((offset + len(cell) - len(cell.lstrip()), stripped))
        offset += len(cell) + 1
    return cells


# A header cell naming a column's language or role: a language code (en, zh-CN), a language's name,
# or source/target.
_COLUMN_HEADER = re.compile(
    r"^(?:[a-z]{2,3}(?:[-_][a-z]{2,4})?|english|chinese|german|french|japanese|korean|spanish|source|target"
    r"|original|translation|英文|中文|英语|汉语|日文|德文|法文|原文|译文)$",
    re.IGNORECASE,
)


def split_columns(paragraphs: Sequence[Segment]) -> dict[str, list[Segment]] | None:
    """The cells per language if the paragraphs are rows of a table with one language per column
    (left and right cells in two different languages), else ``None``. A row with one cell (a
    heading over both columns) goes with the language it is in."""
    if len(paragraphs) < MIN_PARAGRAPHS:
        return None
    rows = [_cells(p) for p in paragraphs]
    two = [(p, row) for p, row in zip(paragraphs, rows, strict=True) if len(row) == 2]
    if len(two) < MIN_TABLE_SHARE * len(paragraphs):
        return None
    # Short cells (a title, a name) may not tell their language; the others must agree per column.
    left = Counter(lang for _, row in two if (lang := detect_language(row[0][1])) != "und")
    right = Counter(lang for _, row in two if (lang := detect_language(row[1][1])) != "und")
    if not left or not right:
        return None
    left_lang, left_count = left.most_common(1)[0]
    right_lang, right_count = right.most_common(1)[0]
    if left_lang == right_lang:
        return None
    if left_count < MIN_TABLE_SHARE * sum(left.values()) or right_count < MIN_TABLE_SHARE * sum(
        right.values()
    ):
        return None
    if min(sum(left.values()), sum(right.values())) < 0.5 * len(two):
        return None
    split: dict[str, list[Segment]] = {left_lang: [], right_lang: []}
    for paragraph, row in zip(paragraphs, rows, strict=True):
        if len(row) == 2 and all(_COLUMN_HEADER.match(text.strip()) for _, text in row):
            continue  # a header row naming the columns ("en | zh", "Source | Target", "英文 | 中文")
        if len(row) == 2:
            pieces = [(left_lang, row[0]), (right_lang, row[1])]
        elif len(row) == 1:
            lang = detect_language(row[0][1])
            pieces = [(lang if lang in split else left_lang, row[0])]
        else:
            continue  # a row of more cells (a data table inside the text) belongs to neither column
        for lang, (offset, text) in pieces:
            start = paragraph.char_start + offset
            split[lang].append(
                replace(paragraph, text=text, char_start=start, char_end=start + len(text), source_map=())
            )
    return split


def read_as_pair(paragraphs: Sequence[Segment]) -> tuple[str, dict[str, list[Segment]]] | None:
    """How a document is a pair (``columns``: a table with one language per column, else
    ``bilingual``: alternating paragraphs) and its paragraphs per language, or ``None``."""
    by_language = split_columns(paragraphs)
    if by_language is not None:
        return "columns", by_language
    by_language = split_bilingual(paragraphs)
    return None if by_language is None else ("bilingual", by_language)
