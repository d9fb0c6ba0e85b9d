"""Glossaries read from CSV/TSV or TBX, and finding their terms in text.

CSV (``.csv``, or ``.tsv`` with tabs): a header row naming the columns ``en`` and ``zh``, and
optionally ``en_variants`` and ``zh_variants`` (several forms in one cell separated by ``|``);
other columns (a ``terms.csv`` written by ``aligner terms`` has many) are ignored. Without a
header, the first column is English, the second Chinese, and further columns more Chinese
renderings. TBX: every ``termEntry`` (TBX v2, ``martif``) or ``conceptEntry`` (TBX v3) with an
English and a Chinese language section; the first term of each is the main one, the others its
variants. A file that cannot be used stops with one line naming the file and the line.

Matching: Chinese on characters (full-width forms folded, white space ignored), English on word
forms (case, plurals and -ed/-ing endings ignored; acronyms keep their case): ``intelligent
agent`` occurs in "Intelligent agents were deployed".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from aligner.errors import InputError
from aligner.terms.model import TermPair
from aligner.terms.words import normalise, word_form

_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-&'’/][A-Za-z0-9]+)*")
_SPLIT_FORMS = re.compile(r"\s*[|;]\s*")
VARIANT_COLUMNS = {"en": "en_variants", "zh": "zh_variants"}


def _forms(cell: str) -> list[str]:
    return [form for form in _SPLIT_FORMS.split(cell.strip()) if form]


def _entry(en: list[str], zh: list[str], where: str) -> TermPair:
    if not en:
        raise InputError(f"{where}: no English term")
    if not zh:
        raise InputError(f"{where}: no Chinese term")
    for form in zh:
        if not _HAN.search(form):
            raise InputError(
                f"{where}: the Chinese term {form!r} has no Chinese characters (columns swapped?)"
            )
    for form in en:
        if _HAN.search(form):
            raise InputError(f"{where}: the English term {form!r} has Chinese characters (columns swapped?)")
    return TermPair(en=en[0], zh=zh[0], en_variants=tuple(en[1:]), zh_variants=tuple(zh[1:]))


def parse_csv(text: str, source: str, delimiter: str = ",") -> list[TermPair]:
    """Glossary entries of a CSV/TSV text (see the module notes)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    entries: list[TermPair] = []
    columns: dict[str, int] | None = None
    try:
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            names = [cell.strip().lower() for cell in row]
            if columns is None and not entries and "en" in names and "zh" in names:
                columns = {name: names.index(name) for name in names if name}
                continue
            where = f"{source}:{number}"
            if columns is None:
                if len(row) < 2:
                    raise InputError(f"{where}: expected 'en,zh' (and variant columns), got {row!r}")
                en, zh = _forms(row[0]), [form for cell in row[1:] for form in _forms(cell)]
            else:
                cells = {name: row[index] if index < len(row) else "" for name, index in columns.items()}
                en = _forms(cells["en"]) + _forms(cells.get(VARIANT_COLUMNS["en"], ""))
                zh = _forms(cells["zh"]) + _forms(cells.get(VARIANT_COLUMNS["zh"], ""))
            entries.append(_entry(en, zh, where))
    except csv.Error as exc:
        raise InputError(f"{source}:{reader.line_num}: not valid CSV ({exc})") from exc
    return entries


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _language(element: etree._Element) -> str:
    return (element.get("{http://www.w3.org/XML/1998/namespace}lang") or element.get("lang") or "").lower()


def parse_tbx(data: bytes, source: str) -> list[TermPair]:
    """Glossary entries of a TBX file: English and Chinese terms of each concept entry."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else 0)
        raise InputError(f"{source}:{line}: not valid TBX ({exc.msg})") from exc
    entries = []
    for entry in root.iter():
        if _local(entry) not in ("termEntry", "conceptEntry"):
            continue
        terms: dict[str, list[str]] = {"en": [], "zh": []}
        for lang_set in entry:
            if _local(lang_set) not in ("langSet", "langSec"):
                continue
            language = _language(lang_set)[:2]
            if language in terms:
                terms[language].extend(
                    "".join(term.itertext()).strip() for term in lang_set.iter() if _local(term) == "term"
                )
        entries.append(
            _entry(
                [t for t in terms["en"] if t], [t for t in terms["zh"] if t], f"{source}:{entry.sourceline}"
            )
        )
    if not entries:
        raise InputError(f"{source}:1: no termEntry (TBX v2) or conceptEntry (TBX v3) elements")
    return entries


def read_glossary(path: str | Path) -> list[TermPair]:
    """The entries of a glossary file (``.csv``, ``.tsv`` or ``.tbx``), in file order."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".csv", ".tsv", ".tbx"):
        raise InputError(f"{file}: a glossary is a .csv, .tsv or .tbx file")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"{file}: cannot read the glossary ({exc.strerror or exc})") from exc
    if suffix == ".tbx":
        entries = parse_tbx(data, str(file))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(f"{file}:{line}: not UTF-8 text; save the glossary as UTF-8") from exc
        entries = parse_csv(text, str(file), "\t" if suffix == ".tsv" else ",")
    if not entries:
        raise InputError(f"{file}:1: the glossary has no entries")
    return entries


@lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int, size: int) -> tuple[TermPair, ...]:
    return tuple(read_glossary(path))


def load_glossary(path: str | Path) -> tuple[TermPair, ...]:
    """:func:`read_glossary`, read once per file version."""
    file = Path(path)
    try:
        stat = file.stat()
    except OSError as exc:
        raise InputError(f"{file}: cannot read the glossary ({exc.strerror or exc}); check the path") from exc
    return _cached(str(file), stat.st_mtime_ns, stat.st_size)


def english_forms(text: str) -> tuple[str, ...]:
    """The word forms of ``text``, in order (see :func:`~aligner.terms.words.word_form`)."""
    return tuple(word_form(word) for word in _WORD.findall(normalise(text)))


def chinese_chars(text: str) -> str:
    """``text`` as Chinese is matched: full-width forms folded, no white space, lowercase."""
    return re.sub(r"\s+", "", normalise(text)).lower()


def _occurrences(needle: tuple[str, ...], haystack: tuple[str, ...]) -> int:
    width = len(needle)
    return sum(1 for i in range(len(haystack) - width + 1) if haystack[i : i + width] == needle)


@dataclass(frozen=True)
class Prepared:
    """A text made ready for matching in both ways: its English word forms and its characters."""

    words: tuple[str, ...]
    vocabulary: frozenset[str]
    chars: str

    @classmethod
    def of(cls, text: str) -> Prepared:
        words = english_forms(text)
        return cls(words, frozenset(words), chinese_chars(text))


class TermMatcher:
    """Counts the occurrences of a glossary entry's forms in English or Chinese text."""

    def __init__(self, forms: Iterable[str], lang: str) -> None:
        self.english = lang.startswith("en")
        if self.english:
            self.phrases = sorted({phrase for phrase in map(english_forms, forms) if phrase})
        else:
            self.strings = sorted({chars for chars in map(chinese_chars, forms) if chars})

    def count(self, text: str | Prepared) -> int:
        """Occurrences of any of the forms (the most of any one form: ``agents`` and ``AI agents``
        in one sentence are one mention)."""
        prepared = Prepared.of(text) if isinstance(text, str) else text
        if self.english:
            return max(
                (
                    _occurrences(phrase, prepared.words)
                    for phrase in self.phrases
                    if phrase[0] in prepared.vocabulary
                ),
                default=0,
            )
        return max((prepared.chars.count(chars) for chars in self.strings), default=0)


__all__ = [
    "Prepared",
    "TermMatcher",
    "chinese_chars",
    "english_forms",
    "load_glossary",
    "parse_csv",
    "parse_tbx",
    "read_glossary",
]
