"""Term pairs mined from aligned sentence pairs: candidates, association, competitive linking.

1. Every aligned sentence pair (any n-m bead with both sides, scoring at least ``min_bead_score``,
   notes left out) gives a set of English candidates (noun-phrase chunks) and Chinese candidates
   (runs of jieba words), see :mod:`aligner.terms.words`.
2. Candidates seen in fewer than ``min_freq`` sentence pairs are dropped, and so is a candidate that
   almost always occurs inside one longer candidate (``artificial`` inside ``artificial
   intelligence``).
3. Each English-Chinese pair seen together in at least ``min_freq`` sentence pairs is scored by
   the Dice coefficient of its sentence counts, ``2 * both / (english + chinese)``.
4. Competitive linking (Melamed 2000): pairs are taken best first and each candidate joins one
   pair at most, so ``artificial intelligence`` takes 人工智能 and ``intelligence`` cannot. A
   pair gives way to a longer candidate holding one of its terms that scores nearly as well
   (``prefer_longer``): 生成式 AI, not 生成式, for ``generative AI``; the shorter one is spent.
5. Generic pairs are dropped: a lowercase English term whose Chinese is one word among the
   ``generic_rank`` most frequent words of jieba's general-language dictionary (发展, 数据, 企业).
   Names and acronyms stay.
6. An unlinked candidate whose best partner is a linked term, and which stands for that term where
   its linked partner is absent (a Dice of ``variant_score`` over those sentences), becomes a variant
   (``smart manufacturing`` beside ``intelligent manufacturing`` for 智能制造).

Pairs come best first: by Dice weighted by evidence (``score * (1 - 1/sqrt(frequency + 1))``),
then frequency, then the terms, so the same run folder always gives the same list.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from aligner.errors import UsageError
from aligner.model import AlignedBead, Segment
from aligner.runfolder import read_alignments, read_manifest
from aligner.terms.model import TermKind, TermPair
from aligner.terms.words import (
    NAME_CONNECTORS,
    Candidate,
    chinese_candidates,
    english_candidates,
    general_rank,
    is_acronym,
    title_case,
)


@dataclass(frozen=True)
class MineOptions:
    """Settings of :func:`mine_beads`; every one changes the output."""

    # A pair (and each of its terms) must be seen in this many aligned sentence pairs.
    min_freq: int = 3
    # Keep the best ``top`` pairs (None: all of them).
    top: int | None = None
    # Beads scoring below this are not evidence (the translation-memory export's default).
    min_bead_score: float = 0.5
    # Pairs less associated than this are left out (Dice, 0 to 1).
    min_score: float = 0.3
    max_en_words: int = 4
    max_zh_words: int = 3
    # A candidate seen inside one longer candidate in at least this share of its sentences is the
    # longer one's fragment.
    nested_share: float = 0.8
    # A pair gives way to a longer candidate holding one of its terms whose pair scores at least
    # this share of its score.
    prefer_longer: float = 0.8
    # A single Chinese word among jieba's this many most frequent general-language words is generic.
    generic_rank: int = 10000
    # An unlinked candidate is a variant of a term when it scores this much with the term's partner
    # over the sentences lacking the term (Dice).
    variant_score: float = 0.5


Scored = tuple[float, int, str, str]


@dataclass
class _Side:
    """Candidates of one language over the sentence pairs: sentence counts and spellings."""

    # Candidates join words with a space (English) or with nothing (Chinese).
    joiner: str
    sentences: list[dict[str, Candidate]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    surfaces: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # Spellings inside sentences, where capitals mean a name.
    inner: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    single_words: set[str] = field(default_factory=set)

    def add(self, candidates: Iterable[Candidate]) -> None:
        found: dict[str, Candidate] = {}
        for candidate in candidates:
            found.setdefault(candidate.key, candidate)
            self.surfaces[candidate.key][candidate.surface] += 1
            if not candidate.sentence_start:
                self.inner[candidate.key][candidate.surface] += 1
            if candidate.single_word:
                self.single_words.add(candidate.key)
        self.sentences.append(found)
        self.counts.update(found.keys())

    def contains(self, longer: str, shorter: str) -> bool:
        """``shorter`` is a part of ``longer`` (whole words in English, characters in Chinese)."""
        if longer == shorter:
            return False
        if not self.joiner:
            return shorter in longer
        return f" {shorter} " in f" {longer} "

    def surface(self, key: str) -> str:
        """The most frequent spelling inside sentences; for a candidate seen only at sentence starts
        and in title-case headings, the most frequent spelling, lowercased if it is also written
        so (ties by the spelling itself)."""
        inner = self.inner.get(key)
        if inner:
            return _most_frequent(inner)
        best = _most_frequent(self.surfaces[key])
        lowered = " ".join(word if is_acronym(word) else word.lower() for word in best.split())
        return lowered if lowered in self.surfaces[key] else best

    def kind(self, key: str) -> TermKind:
        surface = self.surface(key)
        words = surface.split()
        if any(is_acronym(word) for word in words):
            return "acronym"
        if key in self.inner and all(word[:1].isupper() for word in words if word not in NAME_CONNECTORS):
            return "name"
        return "term"

    def kept(self, min_freq: int, nested_share: float) -> set[str]:
        """Keys seen often enough that are not mostly a fragment of one longer key."""
        frequent = {key for key, count in self.counts.items() if count >= min_freq}
        inside: Counter[tuple[str, str]] = Counter()
        for found in self.sentences:
            keys = [key for key in found if key in frequent]
            for longer in keys:
                for shorter in keys:
                    if self.contains(longer, shorter):
                        inside[(shorter, longer)] += 1
        fragments = {
            shorter for (shorter, _), count in inside.items() if count >= nested_share * self.counts[shorter]
        }
        return frequent - fragments


def _most_frequent(counts: Counter[str]) -> str:
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def _text(segments: list[Segment]) -> str:
    return " ".join(s.text for s in segments if s.kind != "note")


def _at(segments: list[Segment]) -> str:
    body = [s for s in segments if s.kind != "note"] or segments
    return f"{body[0].file}:{body[0].line_start}" if body else ""


def _evidence(
    beads: list[AlignedBead], english_first: bool, min_bead_score: float
) -> list[tuple[list[Segment], list[Segment], float]]:
    """(English side, Chinese side, score) of the sentence beads usable as evidence."""
    evidence = []
    for bead in beads:
        if bead.level != "sentence" or bead.score < min_bead_score:
            continue
        en, zh = (bead.src, bead.tgt) if english_first else (bead.tgt, bead.src)
        if _text(en).strip() and _text(zh).strip():
            evidence.append((en, zh, bead.score))
    return evidence


def _dice(both: int, first: int, second: int) -> float:
    return 2 * both / (first + second)


@dataclass
class _Linker:
    """Competitive linking over scored pairs, giving way to longer candidates that score nearly as
    well."""

    english: _Side
    chinese: _Side
    options: MineOptions
    scores: dict[tuple[str, str], float]
    linked_en: dict[str, str] = field(default_factory=dict)
    linked_zh: dict[str, str] = field(default_factory=dict)
    spent: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_zh: dict[str, list[str]] = {}
        self.by_en: dict[str, list[str]] = {}
        for en, zh in self.scores:
            self.by_zh.setdefault(zh, []).append(en)
            self.by_en.setdefault(en, []).append(zh)

    def free(self, en: str, zh: str) -> bool:
        return (
            en not in self.linked_en
            and zh not in self.linked_zh
            and not {"en:" + en, "zh:" + zh} & self.spent
        )

    def _longer(self, en: str, zh: str) -> tuple[str, str]:
        """The pair after giving way, as long as a longer candidate holding one term scores at least
        ``prefer_longer`` of the current pair."""
        while True:
            floor = self.options.prefer_longer * self.scores[(en, zh)]
            options = [
                (self.scores[(longer, zh)], longer, zh)
                for longer in self.by_zh[zh]
                if self.english.contains(longer, en) and self.free(longer, zh)
            ] + [
                (self.scores[(en, longer)], en, longer)
                for longer in self.by_en[en]
                if self.chinese.contains(longer, zh) and self.free(en, longer)
            ]
            options = [option for option in options if option[0] >= floor]
            if not options:
                return en, zh
            _, longer_en, longer_zh = max(options, key=lambda o: (o[0], len(o[1]) + len(o[2]), o[1], o[2]))
            self.spent.update({"en:" + en} if longer_en != en else {"zh:" + zh})
            en, zh = longer_en, longer_zh

    def link(self, scored: list[Scored]) -> None:
        for score, _count, en, zh in scored:
            if score < self.options.min_score:
                break
            if not self.free(en, zh):
                continue
            en, zh = self._longer(en, zh)
            self.linked_en[en], self.linked_zh[zh] = zh, en


def _variants(
    scored: list[Scored],
    linked: dict[str, str],
    linked_other: dict[str, str],
    side: _Side,
    other_side: _Side,
    options: MineOptions,
) -> dict[str, list[str]]:
    """For each linked term of the other language, the unlinked candidates of this one that render
    it where its linked partner is absent: their best partner is that term, and over the sentences
    lacking the linked partner they score at least ``variant_score`` with it, in ``min_freq`` sentences
    or more. None holds, or is held by, the linked partner or another variant. ``scored`` holds
    (score, count, candidate of this side, candidate of the other side)."""
    best: dict[str, str] = {}
    for _score, _count, mine, other in scored:
        best.setdefault(mine, other)
    candidates = {
        mine: other
        for mine, other in best.items()
        if mine not in linked
        and other in linked_other
        and not side.contains(mine, linked_other[other])
        and not side.contains(linked_other[other], mine)
    }
    wanted = set(candidates.values())
    alone: Counter[str] = Counter()
    residual: Counter[str] = Counter()
    for found, other_found in zip(side.sentences, other_side.sentences, strict=True):
        for other in wanted.intersection(other_found):
            if linked_other[other] not in found:
                residual[other] += 1
        for mine in found.keys() & candidates.keys():
            partner_term = candidates[mine]
            if partner_term in other_found and linked_other[partner_term] not in found:
                alone[mine] += 1
    variants: dict[str, list[str]] = {}
    for mine, count in alone.items():
        other = candidates[mine]
        if (
            count >= options.min_freq
            and _dice(count, side.counts[mine], residual[other]) >= options.variant_score
        ):
            variants.setdefault(other, []).append(mine)
    return {
        other: sorted(form for form in forms if not any(side.contains(form, f) for f in forms))
        for other, forms in variants.items()
    }


# An example reads best as one sentence each side, of no more than this many English characters.
EXAMPLE_MAX_CHARS = 250


def _example_key(item: tuple[list[Segment], list[Segment], float]) -> tuple[bool, bool, float]:
    """Examples by preference: 1-1 pairs, then short ones, then the best aligned."""
    en, zh, score = item
    return (len(en) == 1 and len(zh) == 1, len(_text(en)) <= EXAMPLE_MAX_CHARS, score)


def _rank_score(pair: TermPair) -> float:
    """Association weighted by evidence: a Dice of 1.0 over three sentences is less sure than 0.9
    over thirty."""
    return (pair.score or 0.0) * (1 - 1 / math.sqrt(pair.frequency + 1))


def mine_beads(
    beads: list[AlignedBead], src_lang: str, tgt_lang: str, options: MineOptions | None = None
) -> list[TermPair]:
    """Candidate term pairs of an English-Chinese run's sentence beads, best first."""
    options = options or MineOptions()
    if {src_lang[:2], tgt_lang[:2]} != {"en", "zh"}:
        raise UsageError(f"term mining needs an English-Chinese run, not {src_lang}-{tgt_lang}")
    if options.min_freq < 1:
        raise UsageError(f"the minimum frequency must be at least 1, not {options.min_freq}")
    if options.top is not None and options.top < 1:
        raise UsageError(f"top must be at least 1, not {options.top}")
    evidence = _evidence(beads, src_lang.startswith("en"), options.min_bead_score)
    english, chinese = _Side(" "), _Side("")
    for en_side, zh_side, _score in evidence:
        en_text = _text(en_side)
        informative = not (title_case(en_text) or all(s.kind == "heading" for s in en_side))
        english.add(english_candidates(en_text, options.max_en_words, informative))
        chinese.add(chinese_candidates(_text(zh_side), options.max_zh_words))
    en_keys = english.kept(options.min_freq, options.nested_share)
    zh_keys = chinese.kept(options.min_freq, options.nested_share)
    both: Counter[tuple[str, str]] = Counter()
    for en_found, zh_found in zip(english.sentences, chinese.sentences, strict=True):
        zh_here = [key for key in zh_found if key in zh_keys]
        for en in en_found:
            if en in en_keys:
                both.update((en, zh) for zh in zh_here)
    scores = {
        (en, zh): _dice(count, english.counts[en], chinese.counts[zh])
        for (en, zh), count in both.items()
        if count >= options.min_freq
    }
    scored = sorted(
        ((score, both[pair], *pair) for pair, score in scores.items()),
        key=lambda item: (-item[0], -item[1], -len(item[2]), item[2], item[3]),
    )
    linker = _Linker(english, chinese, options, scores)
    linker.link(scored)
    en_variants = _variants(scored, linker.linked_en, linker.linked_zh, english, chinese, options)
    zh_variants = _variants(
        [(score, count, zh, en) for score, count, en, zh in scored],
        linker.linked_zh,
        linker.linked_en,
        chinese,
        english,
        options,
    )
    places: defaultdict[str, list[int]] = defaultdict(list)
    for index, (en_found, zh_found) in enumerate(zip(english.sentences, chinese.sentences, strict=True)):
        for key in en_found.keys() & linker.linked_en.keys():
            places["en:" + key].append(index)
        for key in zh_found.keys() & linker.linked_zh.keys():
            places["zh:" + key].append(index)
    pairs = []
    for en, zh in sorted(linker.linked_en.items()):
        kind = english.kind(en)
        rank = general_rank(zh)
        if kind == "term" and zh in chinese.single_words and rank is not None and rank < options.generic_rank:
            continue
        shared = sorted(set(places["en:" + en]) & set(places["zh:" + zh]))
        en_side, zh_side, _score = max((evidence[index] for index in shared), key=_example_key)
        pairs.append(
            TermPair(
                en=english.surface(en),
                zh=chinese.surface(zh),
                en_variants=tuple(english.surface(v) for v in en_variants.get(zh, [])),
                zh_variants=tuple(chinese.surface(v) for v in zh_variants.get(en, [])),
                kind=kind,
                frequency=both[(en, zh)],
                en_frequency=english.counts[en],
                zh_frequency=chinese.counts[zh],
                score=round(scores[(en, zh)], 4),
                example_en=_text(en_side),
                example_zh=_text(zh_side),
                example_en_at=_at(en_side),
                example_zh_at=_at(zh_side),
            )
        )
    pairs.sort(key=lambda p: (-_rank_score(p), -p.frequency, p.en, p.zh))
    return pairs[: options.top] if options.top is not None else pairs


def mine_terms(
    run_dir: str | Path,
    *,
    min_freq: int = MineOptions.min_freq,
    top: int | None = None,
    options: MineOptions | None = None,
) -> list[TermPair]:
    """Candidate term pairs of a run folder (``aligner terms RUN_DIR``), best first.

    ``min_freq`` and ``top`` are the CLI's ``--min-freq`` and ``--top``; ``options`` sets the rest
    (see :class:`MineOptions`). Example::

        >>> from aligner.terms import mine_terms
        >>> [(p.en, p.zh) for p in mine_terms("out/cmia-19", top=3)]
        [('supply chain', '供应链'), ('Chongqing', '重庆'), ('lighting', '照明')]
    """
    chosen = replace(options or MineOptions(), min_freq=min_freq, top=top)
    manifest = read_manifest(run_dir)
    src_lang, tgt_lang = str(manifest.get("src_lang", "")), str(manifest.get("tgt_lang", ""))
    return mine_beads(read_alignments(run_dir), src_lang, tgt_lang, chosen)


__all__ = ["MineOptions", "mine_beads", "mine_terms"]
