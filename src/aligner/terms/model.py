"""The plain data of terminology: a term pair (one concept in two languages) and its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TermKind = Literal["term", "name", "acronym"]


@dataclass(frozen=True)
class TermPair:
    """One concept: its English and Chinese terms, their variants, and where it was found.

    ``en_variants`` are other English forms of the concept (an acronym, a synonym the translator
    rendered the same way), ``zh_variants`` other Chinese renderings (a short form). ``frequency``
    counts the aligned sentence pairs (or glosses) holding both terms, ``en_frequency`` and
    ``zh_frequency`` the sentences holding each; ``score`` is their association (Dice coefficient
    over aligned sentence pairs, None for a term written as a gloss). The example is one sentence
    pair holding both terms, each side with its ``file:line``.
    """

    en: str
    zh: str
    en_variants: tuple[str, ...] = ()
    zh_variants: tuple[str, ...] = ()
    kind: TermKind = "term"
    frequency: int = 0
    en_frequency: int = 0
    zh_frequency: int = 0
    score: float | None = None
    example_en: str = ""
    example_zh: str = ""
    example_en_at: str = ""
    example_zh_at: str = ""

    @property
    def en_forms(self) -> tuple[str, ...]:
        return (self.en, *self.en_variants)

    @property
    def zh_forms(self) -> tuple[str, ...]:
        return (self.zh, *self.zh_variants)
