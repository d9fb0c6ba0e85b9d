"""Words and candidate terms of one sentence: English noun-phrase chunks, Chinese jieba words.

No part-of-speech tagger ships offline with the package, so English candidates come from a
POS-free chunker: a sentence is cut at punctuation, numbers, possessives and function words
(articles, prepositions, conjunctions, pronouns, auxiliaries, common verbs and adverbs), and every
run of 1 to ``max_words`` consecutive words inside a chunk that neither starts nor ends with a
generic word (``important``, ``way``) is a candidate. Chinese candidates are runs of 1 to
``max_words`` jieba words between punctuation and function words (的, 和, 通过), the words joined.

Both sides share a *key* that ignores what does not change a term: case (acronyms keep theirs),
the plural of the last English word, full-width forms.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from aligner.clean import is_han


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Cut an English chunk: function words, auxiliaries, modals, frequent verbs and adverbs, quantifiers.
ENGLISH_BREAKS = _words(
    """a an the this that these those such its it their they them our we us you your i me my his her he
    she who whom whose which what when where why how whether while whereas if then than so as both
    either neither each every all any some many much more most few fewer less least several other others
    another same own no nor not only also very just even still already yet too again further ever never
    of to in on at by for with from into onto over under about after before between among through
    during within without across against along around toward towards upon via per beyond behind below
    above beside besides despite until since unlike like near off out up down
    and or but plus versus vs etc e.g i.e
    is are was were be been being am do does did doing done have has had having will would shall should
    can could may might must
    make makes made making help helps helped helping provide provides provided providing use uses
    using include includes included including become becomes became becoming enable enables enabled
    allow allows allowed allowing ensure ensures ensured ensuring offer offers offered offering create
    creates created creating bring brings brought bringing take takes took taken taking give gives gave
    given giving build builds built support supports supported drive drives drove driven accelerate
    accelerates accelerated promote promotes promoted promoting achieve achieves achieved achieving
    improve improves improved reduce reduces reduced increase increases increased continue continues
    continued remain remains remained seek seeks aim aims aimed need needs needed require requires
    required focus focuses focused lead leads led play plays played show shows showed shown see seen
    get gets got set sets serve serves served expand expands expanded strengthen strengthens
    strengthened enhance enhances enhanced foster fosters fostered consider considers considered
    explore explores explored leverage leverages leveraged apply applies applied develop develops
    developed integrate integrates integrated deploy deploys deployed establish establishes established
    represent represents represented face faces faced move moves moved
    one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
    hundreds thousand thousands million millions billion billions trillion dozen half
    however therefore thus hence moreover furthermore meanwhile instead indeed rather together today now
    currently here there first second third fourth fifth finally overall""",
)

# Not a term on their own, nor at the start of one: evaluative and vague adjectives.
ENGLISH_VAGUE = _words(
    """important significant key major main great greater good better best strong stronger various
    different specific certain relevant whole real true current future additional related existing
    potential possible common general similar clear effective critical crucial essential basic broad
    broader widespread rapid greatest particular notable leading robust solid unique typical entire
    multiple numerous diverse strategic comprehensive continuous successful sustainable"""
)

# Not a term on their own, nor at the end of one: modifiers and general nouns, in the singular
# (new may start one: new energy vehicles).
ENGLISH_GENERIC = ENGLISH_VAGUE | _words(
    """new newer high higher low lower large larger big small long short deep deeper wide wider fast
    faster full total
    way part area aspect level example case number lot kind type range set series role basis term time
    year day place point side end need use field thing issue people percent share world solution
    approach challenge opportunity effort impact result outcome benefit advantage goal trend situation
    factor element measure step chart figure table chapter section appendix page note source""",
)

# Adjective endings: a single word ending so modifies a term and is none itself (predictive,
# distributed); these nouns share the endings.
_ADJECTIVE_END = re.compile(r"(?:[^e]ed|ive|ous|ful|less|able|ible)$")
_NOUNS_LIKE_ADJECTIVES = _words(
    """executive initiative objective incentive alternative representative perspective archive motive
    derivative directive adhesive explosive locomotive detective drive hive bed shed
    variable table cable vegetable"""
)

# Words ending in -ly that are not adverbs.
_LY_NOUNS = _words(
    "supply assembly family anomaly monopoly italy july ally reply poly rely apply comply fly butterfly "
    "rally jelly belly holy ugly oily early daily weekly monthly quarterly yearly"
)

# Chinese function words, generic verbs and adverbs: they cut a Chinese candidate.
CHINESE_BREAKS = _words(
    """的 地 得 了 着 过 和 与 及 以及 或 或者 并 并且 而 而且 但 但是 也 还
    又 都 就 才 更 最 很 非常 不 没有 是 为 在 于 对 对于 从 以 将 把 被
    由 向 给 让 使 使得 通过 根据 按照 作为 关于 随着 其 其中 这 这些 那
    那些 该 此 各 每 我们 他们 它们 我 你 他 她 它 自己 一个 一种 一些 之
    等 等等 中 上 下 内 外 里 后 前 间 方面 可以 能够 能 会 要 需要 应
    应该 已 已经 正在 正 将会 不仅 而是 同时 此外 因此 所以 因为 如果 虽然
    尽管 以及 进一步 不断 进行 实现 推动 推进 提升 提高 提供 加强 加快 促进
    打造 建设 构建 形成 开展 发挥 支持 助力 带来 成为 具有 包括 利用 采用 围绕
    结合 依托 聚焦 推出 实施 完善 深化 拓展 优化 增强 持续 积极 全面 重要 主要
    相关 有效 关键 新 显著 大幅 不同 多种 各类 更加 持续 一 二 三 四 五 六
    七 八 九 十 年 月 日""",
)

_LATIN_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-&'’/][A-Za-z0-9]+)*")
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['’]s?$")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_NUMBER_UNITS = "十百千万亿"


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits folded) with curly apostrophes made plain."""
    return unicodedata.normalize("NFKC", text).replace("’", "'")


@lru_cache(maxsize=65536)
def is_acronym(word: str) -> bool:
    """Two capitals or more, or letters with digits (AI, IoT, AT&S, 5G, H100): kept in their case."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return False
    capitals = sum(ch.isupper() for ch in letters)
    has_digit = any(ch.isdigit() for ch in word)
    return (capitals >= 2 and capitals * 2 >= len(letters) and len(letters) <= 8) or (
        has_digit and capitals >= 1
    )


def singular(word: str) -> str:
    """The singular of a lowercase English plural, by suffix (technologies, batteries, processes)."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 18)  # a pure function the checks call for every gloss of every text
def word_form(word: str) -> str:
    """What the inflections of one English word share (agent/agents, grade/graded, manufacture/
    manufacturing): lowercase, possessive, plural and -ed/-ing endings and a final e removed.
    Acronyms keep their case and letters."""
    word = _POSSESSIVE.sub("", normalise(word))
    if is_acronym(word):
        return word
    word = singular(word.lower())
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _is_adverb(word: str) -> bool:
    return word.endswith("ly") and len(word) > 4 and word not in _LY_NOUNS


def _breaks_english(word: str) -> bool:
    lower = word.lower()
    if not any(ch.isalpha() for ch in word):
        return True
    return (lower in ENGLISH_BREAKS and not is_acronym(word)) or _is_adverb(lower)


@dataclass(frozen=True)
class Candidate:
    """One candidate term of a sentence: its key, as written there, and whether it stood at the
    start of the sentence (where capitals say nothing about names)."""

    key: str
    surface: str
    sentence_start: bool = False
    words: int = 1

    @property
    def single_word(self) -> bool:
        return self.words == 1


# Kept inside a name between capitalised words: Ministry of Commerce, Belt and Road Initiative.
NAME_CONNECTORS = _words("of and for &")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not is_acronym(word)


def english_chunks(text: str) -> Iterator[list[tuple[str, bool]]]:
    """Runs of content words of ``text``, each word with whether it starts the sentence. A
    connector (of, and, for, &) between two capitalised words stays inside the run."""
    text = normalise(text)
    tokens: list[tuple[str, str, bool]] = []
    end = 0
    for match in _LATIN_TOKEN.finditer(text):
        gap, end = text[end : match.start()].strip(), match.end()
        if gap == "&":
            tokens.append(("&", "", False))
            gap = ""
        word = match.group()
        tokens.append((_POSSESSIVE.sub("", word), gap, _POSSESSIVE.search(word) is not None))
    chunk: list[tuple[str, bool]] = []
    for index, (word, gap, possessive) in enumerate(tokens):
        at_start = index == 0 and not gap.strip("\"'“‘(")
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        connector = (
            word in NAME_CONNECTORS
            and chunk
            and _capitalised(chunk[-1][0])
            and following is not None
            and not following[1]
            and _capitalised(following[0])
            and not _breaks_english(following[0])
        )
        if gap or (_breaks_english(word) and not connector):
            if chunk:
                yield chunk
            chunk = []
        if connector or not _breaks_english(word):
            chunk.append((word, at_start))
        if possessive and chunk:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def english_candidates(text: str, max_words: int = 4, case_informative: bool = True) -> list[Candidate]:
    """Every n-gram of 1 to ``max_words`` words inside a chunk that neither starts with a vague
    word nor ends with a generic one; a single word must be no modifier (an adjective ending,
    a hyphenated compound) and have three letters, unless it is an acronym. ``case_informative``
    is False for a heading in title case, whose capitals say nothing about names."""
    found = []
    for chunk in english_chunks(text):
        words = [word for word, _ in chunk]
        connector = [word in NAME_CONNECTORS for word in words]
        can_start = [not (c or _in(w, ENGLISH_VAGUE)) for w, c in zip(words, connector, strict=True)]
        can_end = [not (c or _in(w, ENGLISH_GENERIC)) for w, c in zip(words, connector, strict=True)]
        keys = [w if is_acronym(w) else w.lower() for w in words]
        for i in range(len(words)):
            if not can_start[i]:
                continue
            content = 0
            for j in range(i + 1, len(words) + 1):
                content += not connector[j - 1]
                if content > max_words:
                    break
                if not can_end[j - 1]:
                    continue
                if j == i + 1 and not is_acronym(words[i]) and _modifier(words[i]):
                    continue
                last = keys[j - 1] if is_acronym(words[j - 1]) else singular(keys[j - 1])
                key = " ".join([*keys[i : j - 1], last])
                at_start = chunk[i][1] or not case_informative
                found.append(Candidate(key, " ".join(words[i:j]), at_start, j - i))
    return found


def _in(word: str, words: frozenset[str]) -> bool:
    """``word`` (or its singular) is one of ``words``, and no acronym."""
    lower = word.lower()
    return not is_acronym(word) and (lower in words or singular(lower) in words)


def _modifier(word: str) -> bool:
    lower = word.lower()
    if len(lower) < 3 or "-" in lower:
        return True
    return _ADJECTIVE_END.search(lower) is not None and lower not in _NOUNS_LIKE_ADJECTIVES


def title_case(text: str) -> bool:
    """True for a heading in title case: most of its longer words capitalised."""
    words = [w for w in _LATIN_TOKEN.findall(text) if len(w) > 3 and w.isalpha()]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) * 4 >= len(words) * 3


# Frequency given to CC-CEDICT headwords that jieba's dictionary lacks (物联网, 数字孪生 in some
# forms): high enough to keep them whole, as jieba's own words of middling frequency.
_CEDICT_WORD_FREQ = 50


@dataclass
class _Segmenter:
    tokenizer: Any
    # Rank of each word of jieba's own dictionary by frequency, most frequent first.
    ranks: dict[str, int]


@lru_cache(maxsize=1)
def _segmenter() -> _Segmenter:
    """A jieba tokenizer of its own (the shared one, which pair ids depend on, stays as it is),
    knowing the CC-CEDICT headwords jieba's dictionary lacks."""
    import jieba

    from aligner.cedict import simplified_headwords

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    frequencies: dict[str, int] = tokenizer.FREQ
    ordered = sorted(
        (word for word, count in frequencies.items() if count > 0), key=lambda w: -frequencies[w]
    )
    ranks = {word: rank for rank, word in enumerate(ordered)}
    for word in simplified_headwords():
        if len(word) >= 2 and word not in frequencies and _HAN_RUN.fullmatch(word):
            tokenizer.add_word(word, _CEDICT_WORD_FREQ)
    return _Segmenter(tokenizer, ranks)


def chinese_words(text: str) -> list[str]:
    """Words of ``text`` (jieba, precise mode, with CC-CEDICT's words), full-width forms folded."""
    return list(_segmenter().tokenizer.lcut(normalise(text)))


def general_rank(word: str) -> int | None:
    """Where ``word`` stands among jieba's general-language words by frequency (0 is the most
    frequent; None for words it does not know)."""
    return _segmenter().ranks.get(word)


def chinese_candidates(text: str, max_words: int = 3) -> list[Candidate]:
    """Runs of 1 to ``max_words`` Chinese words between punctuation and function words; one word
    alone needs two characters, a run of single characters is none. Latin words inside a run
    belong to it (生成式 AI), but a candidate needs a Chinese word."""
    found = []
    run: list[str] = []
    previous = ""
    for word in [*chinese_words(text), "。"]:
        if word.isspace():
            continue
        # 亿欧元 after 5: the unit belongs to the number.
        counted = previous[-1:].isdigit() and word[:1] in _NUMBER_UNITS
        previous = word
        han = _HAN_RUN.fullmatch(word) and word not in CHINESE_BREAKS and not counted
        if han or (run and _LATIN_WORD.fullmatch(word)):
            run.append(word)
            continue
        for i in range(len(run)):
            for j in range(i + 1, min(len(run), i + max_words) + 1):
                gram = run[i:j]
                if not any(_HAN_RUN.fullmatch(w) for w in gram):
                    continue
                joined = "".join(gram)
                if len(joined) >= 2 and not (len(gram) > 1 and len(gram[0]) == 1 and len(gram[-1]) == 1):
                    found.append(Candidate(joined, joined, words=len(gram)))
        run = []
    return found


def han_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(is_han(ch) for ch in letters) / len(letters) if letters else 0.0
