"""Numbers present on one side of a bead but not the other.

Both sides are reduced to normalised numeric values (``1.5万`` and ``15,000`` are both 15000,
``百分之四十八`` and ``48 percent`` are both 48, ``二〇二五年`` is 2025) and compared as multisets,
block by block (see :func:`~aligner.checks.base.block_confirmed_differences`). Enumeration markers,
bracketed references and footnote digits are not numbers of the text and are skipped. Spelled-out
small numbers and lone Chinese numeral characters are "soft": they can match a number on the other
side, but are never reported, because Chinese uses them inside ordinary words (一些, 统一, 十分).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from aligner.checks.base import (
    URL,
    Block,
    Check,
    CheckContext,
    Mentions,
    block_confirmed_differences,
    body_of,
    is_omission,
    join_text,
    location,
)
from aligner.model import AlignedBead, Finding

_HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}  # fmt: skip
_HAN_UNITS = {"十": 10, "百": 100, "千": 1000}
_HAN_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_EN_MULTIPLIERS = {"thousand": 10**3, "million": 10**6, "mn": 10**6, "billion": 10**9, "bn": 10**9,
                   "trillion": 10**12, "decade": 10, "decades": 10}  # fmt: skip
_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "dozen": 12, "single": 1, "double": 2, "twice": 2, "triple": 3, "half": 0.5,
    # Month names: Chinese writes months as numbers (10月).
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip

# Full-width digits, letters and percent signs as ASCII; superscript and circled digits (footnote
# and list markers) are dropped first so they never read as numbers.
_DROP = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u209f\u2460-\u24ff\u2776-\u2793]")
_WIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
     **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}, "％": "%", "．": "."}
)  # fmt: skip

_NUMBER = re.compile(
    r"""
    (?P<marker>
        ^\s*[(（\[]?\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[.)）\]、](?![0-9])  # 1. 2) 一、
      | ^\s*[0-9]{1,2}\s+(?=(?-i:[A-Z]))                                    # 1 Citizen services
      | ^\s*[0-9]{1,2}(?:\.[0-9]{1,2}){1,3}\.?\s+(?=(?-i:[A-Z])|[\u4e00-\u9fff])  # 3.1 Smart logistics
      | [(（\[]\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3}|[a-z])\s*[)）\]]          # (1) [12] （一）
    )
  | 百分之(?P<pct_han>[零〇一二两三四五六七八九十百千]+|[0-9]+(?:\.[0-9]+)?)
  | (?:(?<![A-Za-z])(?P<currency>US\$|HK\$|S\$|A\$|USD|RMB|CNY|EUR|GBP|JPY|HKD)\s?|(?<![0-9A-Za-z.]))
    (?<![A-Za-z]-)
    (?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)
    (?:
        (?P<ordinal>st|nd|rd|th)
      | (?P<decade>s)
      # 千 before a unit is the SI prefix kilo (千米, 千瓦, 千兆), not a thousand times the number.
      | \s?[多余]?(?P<han_mult>[十百千万亿]*[万亿]|百|千(?![米克瓦兆赫焦]))
      # 500-billion-yuan: a hyphenated amount is the same amount.
      | [\s-]?(?P<en_mult>thousand|million|billion|trillion|bn|mn)
    )?
    (?![0-9A-Za-z])
  | (?P<han>[零〇一二两三四五六七八九十百千万亿][零〇一二两三四五六七八九十百千万亿多余]*)
  # Digits inside a code or unit (L2, GPT-4, 5G, 7x24, 10km): soft, they may match a number elsewhere.
  | (?P<glued>(?<=[A-Za-z])-?[0-9]+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?(?=[A-Za-z]))
  | (?<![A-Za-z])(?P<word>[A-Za-z]+)
    (?:[\s-]+(?P<word_mult>thousand|million|billion|trillion|decades?))?(?![A-Za-z])
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Between two numbers of a range whose multiplier is written once: 600 - 700 billion, 30 to 50 billion.
_RANGE = re.compile(r"\s*(?:-|–|—|~|～|to|至|到|or|或)\s*(?:US\$|HK\$|\$|USD|RMB|€|£|¥)?\s*", re.IGNORECASE)
_PERCENT = re.compile(r"\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
# A short bare number glued to a closing quote or bracket (one that follows text, not a space) and
# followed by a space is a footnote call: the "dual circulation"3 strategy.
_FOOTNOTE_BEFORE = set('"”’)]')
_SECTION = re.compile(
    r"^零?(?:(?P<q>[一二两三四五六七八九])千)?零?(?:(?P<b>[一二两三四五六七八九])百)?"
    r"零?(?:(?P<s>[一二三四五六七八九])?(?P<ten>十))?零?(?P<g>[一二两三四五六七八九])?$"
)


def _key(value: Decimal) -> str:
    normal = value.normalize()
    return format(normal, "f")


def _section(text: str) -> int | None:
    """A Chinese numeral below 10,000 (三千零五, 十二), or None if ``text`` is not one."""
    match = _SECTION.match(text)
    if not text or match is None:
        return None
    if text in ("零", "〇"):
        return 0
    if not any(match.group(g) for g in ("q", "b", "ten", "g")):
        return None
    total = 0
    for group, factor in (("q", 1000), ("b", 100), ("g", 1)):
        if match.group(group):
            total += _HAN_DIGITS[match.group(group)] * factor
    if match.group("ten"):
        total += 10 * (_HAN_DIGITS[match.group("s")] if match.group("s") else 1)
    return total


def parse_chinese_numeral(text: str) -> int | None:
    """The value of a well-formed Chinese numeral (三亿五千万, 一万亿, 二十), else None."""
    if text and all(ch in _HAN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_HAN_DIGITS[ch]) for ch in text))
    for unit, factor in (("亿", 10**8), ("万", 10**4)):
        head, found, tail = text.partition(unit)
        if found:
            high = parse_chinese_numeral(head) if head else None
            low = parse_chinese_numeral(tail.lstrip("零〇")) if tail.lstrip("零〇") else 0
            if high is None or low is None:
                return None
            return high * factor + low
    return _section(text)


def _chinese_run(run: str, followed_by: str) -> list[tuple[int, bool]]:
    """Values in a run of Chinese numeral characters, each with whether it is hard evidence.

    A run may hold several numbers (十二五 is 12 then 5), so the longest well-formed prefix is taken
    repeatedly. A number is hard if it combines a digit with a unit (三十, 两千) or is a digit-by-digit
    year (二〇二五年); a lone digit or unit (一, 十, 百) is soft.
    """
    # 多/余 mean "more than": 三十多 is about 30, 一百多万 is over a million.
    run = run.replace("多", "").replace("余", "")
    values = []
    start = 0
    while start < len(run):
        for end in range(len(run), start, -1):
            piece = run[start:end]
            if len(piece) > 1 and all(ch in _HAN_DIGITS for ch in piece):
                # Digit-by-digit strings are years only: 二〇二五年. Elsewhere (一二线城市) they are lists.
                if len(piece) == 4 and end == len(run) and followed_by == "年":
                    values.append((parse_chinese_numeral(piece) or 0, True))
                    start = end
                    break
                continue
            value = parse_chinese_numeral(piece)
            if value is None and all(ch in _HAN_MULTIPLIERS for ch in piece):
                # 万亿 alone is "a trillion" (突破万亿规模), 千万 ten million; soft, since these
                # characters also start ordinary words (万物, 千方百计).
                value = 1
                for ch in piece:
                    value *= _HAN_MULTIPLIERS[ch]
            if value is not None:
                has_digit = any(ch in _HAN_DIGITS for ch in piece)
                has_unit = any(ch in _HAN_MULTIPLIERS for ch in piece)
                values.append((value, has_digit and has_unit))
                start = end
                break
        else:
            start += 1
    return values


@dataclass
class _Mention:
    value: Decimal
    surface: str
    hard: bool
    start: int
    end: int
    multiplier: int = 1
    digits: bool = False


_CONVERSION_BEFORE = re.compile(
    r"[(（]\s*(?:(?:approximately|approx\.|about|around|roughly|nearly|some|折合约|折合|约合|约|大约|~|≈)\s*"
    r"(?:US\$|HK\$|\$|€|£|¥|USD|RMB|EUR)?|US\$|HK\$|\$|€|£|¥|USD|RMB|EUR)\s*$",
    re.IGNORECASE,
)


def _digits_mention(match: re.Match[str], text: str) -> list[_Mention]:
    raw = match.group("num")
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    closing = before in _FOOTNOTE_BEFORE and match.start() >= 2 and not text[match.start() - 2].isspace()
    if closing and match.group() == raw and len(raw) <= 2 and (not after or after.isspace()):
        return []
    value = Decimal(raw.replace(",", ""))
    surface = match.group().strip()
    if match.group("decade"):
        # 1990s is 90年代 in Chinese: both readings may match, neither is required.
        return [
            _Mention(value, surface, False, match.start(), match.end()),
            _Mention(value % 100, surface, False, 0, 0),
        ]
    multiplier = 1
    if match.group("han_mult"):
        for unit in match.group("han_mult"):
            multiplier *= _HAN_MULTIPLIERS[unit]
    elif match.group("en_mult"):
        multiplier = _EN_MULTIPLIERS[match.group("en_mult").lower()]
    # Show the percent sign with the number in the evidence; values compare without it.
    percent = _PERCENT.match(text, match.end())
    surface += percent.group() if percent else ""
    # A conversion in brackets ("2 million mu (approximately 133,333 hectares)") restates a figure:
    # a translation may leave it out.
    before = text[max(0, match.start() - 30) : match.start()]
    bracketed_amount = bool(match.group("currency")) and before.rstrip().endswith(("(", "（"))
    hard = not (_CONVERSION_BEFORE.search(before) or bracketed_amount)
    return [_Mention(value * multiplier, surface, hard, match.start(), match.end(), multiplier, digits=True)]


def _mentions(match: re.Match[str], text: str) -> list[_Mention]:
    surface = match.group().strip()
    start, end = match.start(), match.end()
    if match.group("marker"):
        return []
    if match.group("pct_han"):
        raw = match.group("pct_han")
        # 百分之百 (a hundred per cent) is the one percentage whose numeral is a bare unit.
        number = Decimal(raw) if raw[0].isdigit() else parse_chinese_numeral(raw if raw != "百" else "一百")
        return [] if number is None else [_Mention(Decimal(number), surface, True, start, end)]
    if match.group("num"):
        return _digits_mention(match, text)
    if match.group("han"):
        following = text[end] if end < len(text) else ""
        return [
            _Mention(Decimal(n), surface, hard, start, end)
            for n, hard in _chinese_run(match.group("han"), following)
        ]
    if match.group("glued"):
        return [_Mention(Decimal(match.group("glued").lstrip("-")), surface, False, start, end)]
    if match.group("word") == "May":
        # The month, capitalised; the lower-case modal verb is not a number.
        return [_Mention(Decimal(5), surface, False, start, end)]
    word = match.group("word").lower()
    if word in _EN_WORDS:
        value = Decimal(str(_EN_WORDS[word]))
        if match.group("word_mult"):
            value *= _EN_MULTIPLIERS[match.group("word_mult").lower()]
        return [_Mention(value, surface, False, start, end)]
    if word in _EN_MULTIPLIERS and word not in ("mn", "bn"):
        return [_Mention(Decimal(_EN_MULTIPLIERS[word]), surface, False, start, end)]
    if match.group("word_mult"):
        # "per thousand", "several million": the multiplier alone, as a soft figure (‰ = 1000 分率).
        return [
            _Mention(Decimal(_EN_MULTIPLIERS[match.group("word_mult").lower()]), surface, False, start, end)
        ]
    return []


# Digits inside a URL (paths, ids, %-escapes) are not figures of the text.
# Markdown escapes left by converters: US\$84, 5\%.
_ESCAPE = re.compile(r"\\([$%*_])")
# A figure extraction printed twice (200200 million, 3.13.1, 400,000400,000, 0–1300–130): the half
# holds a separator or a multiplier follows, so a real number such as 2020 or 4848 is never halved.
_DOUBLED = re.compile(r"(?<![\d.,])(\d[\d.,–-]*\d)\1(?![\d])")
_MULTIPLIER_AFTER = re.compile(r"\s*(?:thousand|million|billion|trillion|万|亿)")
# A footnote call that lost its superscript: "in 2020, 12 the National Skills Strategy".
# After a comma only before a determiner: "90 in Beijing, 70 in Guangdong" lists figures.
_LOST_MARKER = re.compile(
    r"(?<=[.;:]\s)\d{1,2}(?=\s+(?:the|a|an|this|these|that|it|its|and|in)\b)"
    r"|(?<=,\s)\d{1,2}(?=\s+(?:the|a|an|this|these|that|it|its)\b)"
)
# Decimal figures that are versions or section numbers (Society 5.0, GTT 1.0, Industry 4.0).
_VERSION = re.compile(r"^[0-9]\.0$")


def _halve_doubled(match: re.Match[str]) -> str:
    half = match.group(1)
    if re.search(r"[.,–-]", half) or _MULTIPLIER_AFTER.match(match.string, match.end()):
        return half
    return match.group()


def normalise_for_numbers(text: str) -> str:
    """``text`` as the number extractor reads it: markers, URLs, escapes and doubled figures out."""
    text = _DROP.sub("", text).translate(_WIDTH)
    text = _ESCAPE.sub(r"\1", URL.sub(" ", text))
    text = _DOUBLED.sub(_halve_doubled, text)
    return _LOST_MARKER.sub(" ", text)


def number_mentions(text: str) -> Iterator[tuple[str, str, bool]]:
    """The numbers of ``text``: (canonical value, surface text, hard) in text order."""
    _normalised, found = _located_mentions(text)
    for mention in found:
        # "A gigawatt" is 1 千兆瓦 in Chinese; a version number is no figure: both only soft.
        key = _key(mention.value)
        yield key, mention.surface, mention.hard and key != "1" and not _VERSION.match(mention.surface)


def _located_mentions(text: str) -> tuple[str, list[_Mention]]:
    """The normalised text and its number mentions, with their places in it."""
    text = normalise_for_numbers(text)
    found = [mention for match in _NUMBER.finditer(text) for mention in _mentions(match, text)]
    merged: list[_Mention] = []
    for mention in found:
        previous = merged[-1] if merged else None
        # 1 亿 2808 万 is one number, 128,080,000.
        if (
            previous is not None
            and previous.multiplier == _HAN_MULTIPLIERS["亿"]
            and mention.multiplier == _HAN_MULTIPLIERS["万"]
            and not text[previous.end : mention.start].strip()
        ):
            previous.value += mention.value
            previous.surface = text[previous.start : mention.end].strip()
            previous.end = mention.end
            continue
        merged.append(mention)
    found = merged
    for previous, current in pairwise(found):
        if not (
            previous.digits
            and current.digits
            and previous.end <= current.start
            and _RANGE.fullmatch(text, previous.end, current.start)
        ):
            continue
        if current.multiplier > 1 and previous.multiplier == 1:
            previous.value *= current.multiplier
            previous.multiplier = current.multiplier
        # Both ends of a range are as firm as the weaker one (a bracketed conversion is soft).
        previous.hard = current.hard = previous.hard and current.hard
    return text, found


def extract_numbers(text: str) -> Mentions:
    """Normalised numbers in ``text``: (hard, soft) multisets of canonical value strings."""
    hard: Counter[str] = Counter()
    soft: Counter[str] = Counter()
    for key, _surface, is_hard in number_mentions(text):
        (hard if is_hard else soft)[key] += 1
    return hard, soft


# Amounts given in another currency: a yuan figure 5-9 times a dollar or euro figure of 100,000 or more.
CONVERSION_RATES = (Decimal(5), Decimal(9))
CONVERSION_MIN = Decimal(100_000)


def reconcile(
    missing: Counter[str], extra: Counter[str], matched: Counter[str] | None = None
) -> tuple[Counter[str], Counter[str]]:
    """``missing``/``extra`` less the figures that are the same thing written otherwise: two numbers
    joined (the "4+16" framework is 416, the 30-60 goals are 3060) and currency conversions.
    ``matched`` are the source figures found on both sides: the first half of a joined number may
    be one of them (the 4 of "4+16" matched a 四 elsewhere in the paragraph)."""
    missing, extra = Counter(missing), Counter(extra)
    matched = matched or Counter()
    for joined in sorted(extra):
        for first in sorted(set(missing) | set(matched)):
            rest = joined[len(first) :] if joined.startswith(first) and len(joined) > len(first) else ""
            if not rest or rest not in missing:
                continue
            if first in missing and (rest != first or missing[first] > 1):
                missing -= Counter([first, rest])
            elif first in matched:
                missing -= Counter([rest])
            else:
                continue
            extra -= Counter([joined])
            break
    for amount in sorted(missing, key=Decimal):
        value = Decimal(amount)
        if value < CONVERSION_MIN:
            continue
        low, high = CONVERSION_RATES
        converted = next(
            (key for key in sorted(extra, key=Decimal) if low * value <= Decimal(key) <= high * value), None
        )
        if converted is not None:
            missing -= Counter([amount])
            extra -= Counter([converted])
    return missing, extra


# A year written as a relative date on one side: "a year earlier" is 2023 in the Chinese, 今年 is 2025.
_RELATIVE_YEAR = re.compile(
    r"\b(?:this|last|next|previous|coming|same|that)\s+year\b|\ba\s+year\s+(?:earlier|later|before|ago)\b"
    r"|今年|去年|明年|前年|后年|同年|当年|次年|上年|本年",
    re.IGNORECASE,
)


def _is_year(key: str) -> bool:
    return key.isdigit() and 1900 <= int(key) <= 2100


def drop_relative_years(difference: Counter[str], other_side_text: str) -> Counter[str]:
    """``difference`` (figures one side lacks) less as many years as the other side, which lacks
    them, has relative dates: the two sides date the same thing, one in words."""
    relative = len(_RELATIVE_YEAR.findall(other_side_text))
    kept = Counter(difference)
    for key in sorted(difference):
        while relative and _is_year(key) and kept[key]:
            kept[key] -= 1
            relative -= 1
    return +kept


# Percentage points: a difference of two percentages, not a percentage of something.
_POINTS_AFTER = re.compile(r"\s?(?:个百分点|百分点|percentage[\s-]points?\b|pp\b|ppts?\b)", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)


def percent_kinds(text: str) -> dict[str, tuple[str, str]]:
    """Figures of ``text`` written as a percentage or as percentage points: value key -> (kind,
    surface), kind ``percent`` or ``points``; a value written both ways is left out."""
    found: dict[str, tuple[str, str]] = {}
    both: set[str] = set()
    clean = _DROP.sub("", text).translate(_WIDTH)
    for match in re.finditer(r"(?<![0-9.,])[0-9]+(?:\.[0-9]+)?", clean):
        after = clean[match.end() :]
        points = _POINTS_AFTER.match(after)
        percent = None if points else _PERCENT_AFTER.match(after)
        if not (points or percent):
            continue
        key = _key(Decimal(match.group()))
        kind = "points" if points else "percent"
        tail = (points or percent).group()  # type: ignore[union-attr]
        if key in found and found[key][0] != kind:
            both.add(key)
        found.setdefault(key, (kind, match.group() + tail))
    return {key: value for key, value in found.items() if key not in both}


def unit_changes(src_text: str, tgt_text: str) -> list[tuple[str, str]]:
    """(source surface, target surface) of each figure that is a percentage on one side and
    percentage points on the other (a growth of 7.9% given as 7.9 个百分点 more than something)."""
    src, tgt = percent_kinds(src_text), percent_kinds(tgt_text)
    return [
        (src[key][1], tgt[key][1]) for key in sorted(src.keys() & tgt.keys()) if src[key][0] != tgt[key][0]
    ]


# Bounds on a figure: "more than 300" (above) and "nearly 20" or "fewer than 20" (below). A
# translation that drops or turns one changes the claim ("over 20 years" as 近20年, nearly 20
# years; "300 applications" as 超过300个). An approximation ("about", 约) is no bound and makes
# the figure's bound unknown: "almost 1.6 trillion" as 约一万六千亿 is not reported.
_CURRENCY = r"(?:US\$|HK\$|\$|€|£|¥|RMB\s?|USD\s?|EUR\s?|KRW\s?)?"
_ABOVE_BEFORE = re.compile(
    r"(?:\b(?:more|greater|higher) than|\bat least|\bover the age of|\b(?P<over>over)|\babove"
    r"|\bexceed(?:s|ed|ing)?|\bsurpass(?:es|ed|ing)?"
    r"|\btop(?:s|ped)|\bin excess of|\bupwards of|超过了?|超出|超|逾|多于|高于|大于|突破)\s*"
    + _CURRENCY
    + r"\s*$",
    re.IGNORECASE,
)
_BELOW_BEFORE = re.compile(
    r"(?:\b(?:less than|fewer than|just under|below|within)|不到|不足|少于|低于|小于)\s*"
    + _CURRENCY
    + r"\s*$",
    re.IGNORECASE,
)
# "Nearly 20" says about 20: only "more than 20" contradicts it.
_NEAR_BEFORE = re.compile(
    r"(?:\b(?:nearly|almost|close to)|(?<![最附])近|将近|接近)\s*" + _CURRENCY + r"\s*$", re.IGNORECASE
)
_APPROXIMATE_BEFORE = re.compile(
    r"(?:\b(?:about|around|approximately|approx\.|roughly|some|an estimated)|约|大约|大概)\s*"
    + _CURRENCY
    + r"\s*$",
    re.IGNORECASE,
)
_ABOVE_AFTER = re.compile(
    r"^(?:\s*(?:多|余)|\+(?!\s*\d)|[^\d，。；、,.;]{0,4}以上|(?:\s+[a-z]+)?\s+(?:or|and)\s+(?:more|over|above|older|higher)\b|-plus\b)",
    re.IGNORECASE,
)
_BELOW_AFTER = re.compile(r"^[^\d，。；、,.;]{0,4}(?:以下|以内|内(?![容部地]))")
_APPROXIMATE_AFTER = re.compile(r"^[^\d，。；、,.;]{0,4}左右")
# "Over 15 days" is a period, "for over 20 years" a bound: "over" before a duration counts only
# after "for" or "of".
_DURATION_AFTER = re.compile(r"^\s*(?:days?|weeks?|months?|years?|decades?)\b", re.IGNORECASE)
_FOR_OVER = re.compile(r"\b(?:for|of)\s+over\s*$", re.IGNORECASE)
# How far before a figure its bound may start, in characters ("more than US$ 300").
_BOUND_REACH = 24


def _bound(normalised: str, mention: _Mention) -> str | None:
    """``above``, ``below``, ``near`` ("nearly"), ``""`` (none) or None (approximate, or "over"
    before a duration: any bound may render it)."""
    before = normalised[max(0, mention.start - _BOUND_REACH) : mention.start]
    after = normalised[mention.end : mention.end + 20]
    if _APPROXIMATE_BEFORE.search(before) or _APPROXIMATE_AFTER.match(after):
        return None
    above = _ABOVE_BEFORE.search(before)
    if above and above.group("over") and _DURATION_AFTER.match(after) and not _FOR_OVER.search(before):
        return None  # a period or a bound: "including over 40 years" is one, "over 15 days" the other
    if above or _ABOVE_AFTER.match(after) or re.search(r"[多余]", mention.surface):
        return "above"
    if _BELOW_BEFORE.search(before) or _BELOW_AFTER.match(after):
        return "below"
    if _NEAR_BEFORE.search(before):
        return "near"
    return ""


def number_bounds(text: str) -> dict[str, tuple[str | None, str]]:
    """The figures of ``text`` written once, by value key: (bound, surface), bound as
    :func:`_bound` gives it. Years, soft figures (conversions, "one") and figures written more
    than once are left out (a year follows "over" as a comparison, "growth over 2024"; a repeated
    figure cannot be told apart)."""
    normalised, mentions = _located_mentions(text)
    counts = Counter(_key(m.value) for m in mentions)
    bounds: dict[str, tuple[str | None, str]] = {}
    for mention in mentions:
        key = _key(mention.value)
        if (
            counts[key] > 1
            or not mention.hard
            or key == "1"
            or mention.end <= mention.start
            or (_is_year(key) and mention.multiplier == 1)
        ):
            continue
        bounds[key] = (_bound(normalised, mention), mention.surface)
    return bounds


def bound_changes(src_text: str, tgt_text: str) -> list[tuple[str, str, str, str]]:
    """(source surface, its bound, target surface, its bound) of each figure both sides give once
    whose source bound the target drops or turns: "more than 300 million euros" as 3亿欧元, "over
    20 years" as 近20年 (nearly 20 years)."""
    src, tgt = number_bounds(src_text), number_bounds(tgt_text)
    changes = []
    for key in sorted(src.keys() & tgt.keys()):
        (src_bound, src_surface), (tgt_bound, tgt_surface) = src[key], tgt[key]
        if tgt_bound is not None and tgt_bound in _LOST_BOUNDS.get(src_bound or "-", ()):
            changes.append((src_surface, src_bound or "", tgt_surface, tgt_bound))
    return changes


# What the target may not turn a source bound into. A bound only the target has is not reported:
# translators state round figures as floors ("2.5 million vehicles" as 突破250万辆), and the judged
# papers count none of those as a gap; "almost 175 years" given as 175年 is no gap either.
_LOST_BOUNDS: dict[str, tuple[str, ...]] = {
    "above": ("", "below", "near"),
    "below": ("", "above"),
    "near": ("above",),
}


_BOUND_WORDS = {"above": "more than", "below": "less than", "near": "nearly", "": "no bound"}


def _listing(counter: Counter[str]) -> list[str]:
    return sorted(counter.elements(), key=lambda key: (Decimal(key), key))


def _paired_body_units(block: Block) -> Iterator[tuple[AlignedBead, str, str]]:
    """The block's units with body text on both sides, with the text of each side: where a
    figure's form (percent or points, its bound) can be compared."""
    for unit in block.units:
        if not is_omission(unit) and body_of(unit.src) and body_of(unit.tgt):
            yield unit, join_text(unit.src), join_text(unit.tgt)


class NumbersCheck(Check):
    name = "numbers"
    title = "Number mismatch"
    severity = "major"
    explanation = (
        "A number, percentage, year or amount appears on one side of an aligned passage but not on "
        "the other. Both sides are normalised before comparing (1.5万 = 15,000, 百分之四十八 = 48%, "
        "2.3亿 = 230 million, 二〇二五年 = 2025), list markers and footnote digits are ignored, and a "
        "number moved to the next sentence of the same paragraph is not reported. A percentage given "
        "as percentage points on the other side (7.9% as 7.9 个百分点) is reported too, and (minor) a "
        "bound the translation drops or turns (more than 300 million as 3 亿, over 20 years as 近 20 "
        "年). Check the figure in the translation against the source."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        findings = []
        for pair_id, blocks in context.blocks.items():
            for block in blocks:
                for unit, unit_missing, unit_extra in block_confirmed_differences(
                    block, extract_numbers, extract_numbers
                ):
                    src_text = " ".join(segment.text for segment in unit.src)
                    tgt_text = " ".join(segment.text for segment in unit.tgt)
                    src_numbers, _ = extract_numbers(src_text)
                    missing, extra = reconcile(unit_missing, unit_extra, src_numbers - unit_missing)
                    missing = drop_relative_years(missing, tgt_text)
                    extra = drop_relative_years(extra, src_text)
                    if not missing and not extra:
                        continue
                    surfaces = {
                        key: surface
                        for segment in [*unit.src, *unit.tgt]
                        for key, surface, _hard in number_mentions(segment.text)
                    }
                    parts = []
                    if missing:
                        parts.append(
                            "missing in the target: " + ", ".join(surfaces[k] for k in _listing(missing))
                        )
                    if extra:
                        parts.append("only in the target: " + ", ".join(surfaces[k] for k in _listing(extra)))
                    findings.append(
                        self.finding(
                            pair_id,
                            f"Numbers differ ({location(unit.src)}); " + "; ".join(parts),
                            unit.src,
                            unit.tgt,
                            missing_in_target=_listing(missing),
                            extra_in_target=_listing(extra),
                            level=unit.level,
                            block=unit.block,
                        )
                    )
                findings.extend(self._unit_changes(pair_id, block))
                findings.extend(self._bound_changes(pair_id, block))
        return findings

    def _bound_changes(self, pair_id: str, block: Block) -> list[Finding]:
        findings = []
        for unit, src_text, tgt_text in _paired_body_units(block):
            changes = bound_changes(src_text, tgt_text)
            if changes:
                listed = ", ".join(
                    f"{src} ({_BOUND_WORDS[src_bound]}) is {tgt} ({_BOUND_WORDS[tgt_bound]})"
                    for src, src_bound, tgt, tgt_bound in changes
                )
                findings.append(
                    self.finding(
                        pair_id,
                        f"A figure's bound differs ({location(unit.src)}): {listed} in the target",
                        unit.src,
                        unit.tgt,
                        severity="minor",
                        bound_changes=[list(change) for change in changes],
                        level=unit.level,
                        block=unit.block,
                    )
                )
        return findings

    def _unit_changes(self, pair_id: str, block: Block) -> list[Finding]:
        findings = []
        for unit, src_text, tgt_text in _paired_body_units(block):
            changes = unit_changes(src_text, tgt_text)
            if changes:
                listed = ", ".join(f"{src} is {tgt}" for src, tgt in changes)
                findings.append(
                    self.finding(
                        pair_id,
                        f"Percent and percentage points differ ({location(unit.src)}): {listed} in the "
                        "target",
                        unit.src,
                        unit.tgt,
                        unit_changes=[list(change) for change in changes],
                        level=unit.level,
                        block=unit.block,
                    )
                )
        return findings
