"""CC-CEDICT parsed once and kept in the cache folder (aligner.cedict), with a small stand-in parse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner import cedict

FAKE = ({"人工": "artificial man", "智能": "intelligent", "的": ""}, ["人工", "智能"])


@pytest.fixture
def parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Parses counted (a stand-in dictionary), the cache in ``tmp_path``; the real one after."""
    calls: list[int] = []

    def parse() -> tuple[dict[str, str], list[str]]:
        calls.append(1)
        return dict(FAKE[0]), list(FAKE[1])

    monkeypatch.setattr(cedict, "_parse", parse)
    cedict.use_cache_dir(tmp_path)
    cedict._loaded.cache_clear()
    yield calls
    cedict._loaded.cache_clear()
    cedict.use_cache_dir(None)


def _again() -> cedict.Glosses:
    cedict._loaded.cache_clear()  # as a new run would
    return cedict.glosses()


def test_the_dictionary_is_parsed_once_and_read_back(tmp_path: Path, parses: list[int]) -> None:
    first = cedict.glosses()
    assert first["人工"] == frozenset({"artificial", "man"})
    assert [file.parent.name for file in tmp_path.rglob("*.txt")] == ["cc-cedict"]
    again = _again()
    assert len(parses) == 1
    assert dict(again) == dict(first)
    assert cedict.simplified_headwords() == ("人工", "智能")


@pytest.mark.parametrize("damage", ["truncated", "empty", "foreign"])
def test_a_partial_or_foreign_kept_file_is_ignored(tmp_path: Path, parses: list[int], damage: str) -> None:
    reference = dict(cedict.glosses())
    [kept] = tmp_path.rglob("*.txt")
    whole = kept.read_text(encoding="utf-8")
    kept.write_text(
        {"truncated": whole[: len(whole) // 2], "empty": "", "foreign": whole.replace("aligner", "other")}[
            damage
        ],
        encoding="utf-8",
    )
    assert dict(_again()) == reference
    assert len(parses) == 2  # parsed again, and kept again whole
    assert dict(_again()) == reference and len(parses) == 2


def test_a_cache_folder_that_cannot_be_written_only_costs_the_parse(
    tmp_path: Path, parses: list[int]
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    cedict.use_cache_dir(blocked)
    assert cedict.glosses()["智能"] == frozenset({"intelligent"})
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_glosses_behave_as_a_mapping(parses: list[int]) -> None:
    glosses = cedict.glosses()
    headwords = glosses.keys()
    assert "智能" in glosses and "智能" in headwords and "电脑" not in glosses
    assert glosses.get("电脑") is None and glosses.get("电脑", frozenset()) == frozenset()
    assert glosses.get("的") == frozenset()
    assert len(glosses) == 3 and sorted(glosses) == sorted(FAKE[0])
