"""Split a proceedings volume into its papers.

Four ways in; by default (:class:`~aligner.clean.SplitRule` ``auto``) the first three are tried in
this order:

1. a table of contents (``CONTENTS``, ``目 录``, ``Table of Contents`` ...) near the top: each entry's
   title is looked up in the text after it with fuzzy matching, all entries at once and in order
   (a monotone alignment), so a title repeated in running text or a missing entry does not derail
   the others;
2. top-level headings that the reader saw in the layout (the largest type of a PDF, Word's Heading 1
   or the top heading level in use), when there are two or more;
3. repeated *title + byline* blocks (a title, then a person's name and a role such as
   ``Executive Chairman, JARDINE MATHESON``, on one line or two), the layout of a volume of speeches
   or papers;
4. a ``name,file,first_line`` manifest (see :func:`split_by_manifest`), for anything else.

A file with none of these is one document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

import numpy
from rapidfuzz import fuzz, process

from aligner.clean import (
    CAPTION,
    MARKDOWN_HEADING,
    NUMBERED,
    SECTION_WORDS,
    CleanOptions,
    FileLayout,
    Line,
    SplitRule,
    display_width,
    ends_sentence,
    group_removed,
    is_cjk,
    is_heading_like,
)
from aligner.errors import InputError
from aligner.model import Removed

_TOC_HEADING = re.compile(
    r"^(?:table\s+of\s+contents|contents|content|目\s*录|目\s*錄|目\s*次|inhalt(?:sverzeichnis)?|sommaire|"
    r"table\s+des\s+mati[eè]res|[íi]ndice|contenido)\s*[:：]?$",
    re.I,
)
_ENTRY_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:[.、．)]\s*|\s+)|[IVX]{1,5}[.、)]\s+)")
_LEADER = re.compile(r"(?:\.{3,}|…+|·{3,}|_{3,}|[—–]{3,}|-{4,}|\t)")
# A page number at the end of an entry: "(25)", "（1）", or (with no leader before it) a bare number
# of up to three digits; a bare four-digit number is more likely a year in the title ("Vision 2030").
_PAGE_REF = re.compile(r"\s*[(（]\s*\d{1,4}\s*[)）]\s*$")
_BARE_PAGE_REF = re.compile(r"\s+\d{1,3}\s*$")
_PERSON = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){1,3}$")
_ROLE = re.compile(
    r"\b(?:CEO|CTO|CFO|COO|SVP|EVP|Chairman|Chairwoman|Chair|President|Director|Officer|Advisor|Adviser|"
    r"Manager|Head|Partner|Founder|Executive|Secretary|Representative|Vice|Governor|Minister|Professor)\b"
)
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) +(?=[\u3000-\u9fff\uff00-\uffef])")
_SUBTITLE = re.compile(r"^(?:—|–|-|~|～|——)")
_NOT_ALNUM = re.compile(r"[\W_]+")
# Company suffixes that end a byline with a period without making it a sentence.
_ABBREVIATED_END = re.compile(r"\b(?:Inc|Ltd|Co|Corp|Dr|Jr|Sr|S\.A|A\.G|N\.V|plc)\.$")
# Fuzzy score (0-100) a body line needs to count as a TOC entry's title.
MATCH_THRESHOLD = 85.0
# Score added to a title match with a byline under it (see _align_titles).
BYLINE_BONUS = 2.0
# Body lines joined to match a title broken over lines.
MAX_TITLE_LINES = 3


@dataclass(frozen=True)
class DocumentSpan:
    """Where one document lies in its file: lines ``line_start``..``line_end`` (1-based)."""

    title: str
    line_start: int
    line_end: int
    title_lines: tuple[int, ...] = ()
    author_lines: tuple[int, ...] = ()


@dataclass
class VolumeSplit:
    spans: list[DocumentSpan]
    # Lines outside every document (the TOC, front matter), kept for the first document.
    removed: list[Removed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    method: str = "single"


def match_key(text: str) -> str:
    """Text reduced to letters and digits, case- and width-folded: what title matching compares."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def join_lines(texts: Sequence[str], *, tidy: bool = False) -> str:
    """Join stripped lines with a space, or with nothing between two CJK characters.

    With ``tidy`` (for titles), spaces between two CJK characters inside a line go too: Chinese has
    none, so they are layout left over from extraction (``携手迈向智能化的 可持续制造``).
    """
    out = ""
    for text in (t.strip() for t in texts):
        if out and text and not (is_cjk(out[-1]) and (is_cjk(text[0]) or text[0] == "—")):
            out += " "
        out += text
    return _CJK_SPACE.sub("", out) if tidy else out


def toc_entry_title(text: str) -> str:
    """A TOC line without its number, dotted leader or ruler, author/company and page number."""
    text = _ENTRY_NUMBER.sub("", text.strip(), count=1)
    leader = _LEADER.search(text)
    if leader and leader.start() > 0:
        # The leader runs to the page number (and the author or company, if any): all go.
        return _PAGE_REF.sub("", text[: leader.start()]).strip()
    return _BARE_PAGE_REF.sub("", _PAGE_REF.sub("", text)).strip()


def _title_score(entry: str, candidate: str) -> float:
    """How well body text ``candidate`` matches TOC entry ``entry`` (both :func:`match_key`-ed)."""
    if not candidate or len(candidate) < 0.5 * len(entry) or len(candidate) > 1.6 * len(entry) + 10:
        return 0.0
    score = fuzz.ratio(entry, candidate)
    # Entries often end with a company name or page number the body title does not have.
    if len(candidate) >= 0.6 * len(entry) and len(candidate) < len(entry):
        score = max(score, 0.98 * fuzz.ratio(entry[: len(candidate)], candidate))
    return float(score)


def _content_lines(lines: Sequence[Line], layout: FileLayout, start: int) -> list[Line]:
    return [line for line in lines[start:] if line.text.strip() and line.number not in layout.reasons]


def _find_toc(lines: Sequence[Line]) -> int | None:
    """0-based index of a TOC heading in the first part of the file."""
    limit = min(len(lines), max(300, len(lines) // 5))
    for index in range(limit):
        if _TOC_HEADING.match(lines[index].text.strip()):
            return index
    return None


def _toc_entries(lines: Sequence[Line], heading: int) -> tuple[list[tuple[Line, str]], int]:
    """TOC entries (line, cleaned title) and the 0-based index of the first line after the TOC."""
    entries: list[tuple[Line, str]] = []
    first_key = ""
    # Whether every entry so far has a number, leader or page number: then a line with none ends
    # the TOC (text extracted one printed line at a time has no long line to stop at).
    all_shaped = True
    index = heading + 1
    while index < len(lines) and len(entries) < 400:
        line = lines[index]
        text = line.text.strip()
        if text:
            title = toc_entry_title(text)
            key = match_key(title)
            entry_shaped = bool(_ENTRY_NUMBER.match(text) or _LEADER.search(text) or _PAGE_REF.search(text))
            if first_key and not entry_shaped and _title_score(first_key, key) >= MATCH_THRESHOLD:
                break  # the first paper's title: the body starts here
            if len(text) > 300:
                break
            if entries and text[0].islower() and not _ENTRY_NUMBER.match(text):
                # A title broken over two TOC lines.
                previous_line, previous_title = entries[-1]
                entries[-1] = (previous_line, join_lines([previous_title, title]))
            elif len(entries) >= 2 and all_shaped and not entry_shaped and not line.text[:1].isspace():
                break  # an indented line is still an entry (a sub-entry, a number lost in extraction)
            elif len(key) >= 3:
                entries.append((line, title))
                first_key = first_key or key
                all_shaped = all_shaped and entry_shaped
        index += 1
    return entries, index


def _candidate_scores(keys: list[str], candidates: list[Line]) -> dict[tuple[int, int], tuple[float, int]]:
    """Best (score, line count) of each entry k at each candidate line p, where it reaches the threshold.

    Full-title similarity runs for all pairs at once in rapidfuzz's C++ (``cdist``); the slower
    prefix comparison (an entry with a company name after the title) only for candidates that start
    like the entry.
    """
    # Titles are at most a few hundred characters and do not end like a sentence.
    cand_keys = [
        match_key(line.text) if display_width(text) <= 300 and text[-1] not in ".。;；" else ""
        for line in candidates
        for text in (line.text.strip(),)
    ]
    windows: list[tuple[int, int]] = []
    window_keys: list[str] = []
    for p in range(len(candidates)):
        joined = ""
        for w in range(1, MAX_TITLE_LINES + 1):
            if p + w > len(candidates) or not cand_keys[p + w - 1]:
                break
            joined += cand_keys[p + w - 1]
            windows.append((p, w))
            window_keys.append(joined)
    found: dict[tuple[int, int, int], float] = {}
    if window_keys:
        matrix = process.cdist(keys, window_keys, scorer=fuzz.ratio, score_cutoff=MATCH_THRESHOLD, workers=1)
        for k, index in zip(*numpy.nonzero(matrix), strict=True):
            p, w = windows[index]
            found[(int(k), p, w)] = float(matrix[k, index])
    by_start: dict[str, list[int]] = {}
    for index, key in enumerate(window_keys):
        by_start.setdefault(key[:3], []).append(index)
    for k, key in enumerate(keys):
        for index in by_start.get(key[:3], []):
            if not 0.6 * len(key) <= len(window_keys[index]) < len(key):
                continue  # the prefix comparison is only for candidates shorter than the entry
            score = _title_score(key, window_keys[index])
            p, w = windows[index]
            if score >= MATCH_THRESHOLD and score > found.get((k, p, w), 0.0):
                found[(k, p, w)] = score
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for (k, p, w), score in sorted(found.items()):
        # A longer window must do clearly better: the line under a title is often the company name
        # that the TOC entry also ends with.
        margin = 3.0 if (k, p) in best else 0.0
        if score > best.get((k, p), (0.0, 0))[0] + margin:
            best[(k, p)] = (score, w)
    return best


def _align_titles(entries: list[str], candidates: list[Line]) -> list[tuple[int, int, int]]:
    """Monotone best assignment of entries to candidate lines: (entry, first candidate, line count).

    Entries keep their order and do not overlap; an entry may stay unmatched. Among the (few)
    places where some entry reaches the threshold, the chain with the highest total score wins.
    """
    best = _candidate_scores([match_key(e) for e in entries], candidates)
    # Between equally good places, prefer a title with a byline under it: a paper's heading that
    # happens to repeat the title of another paper in the volume has none.
    events = []
    for (k, p), (score, w) in best.items():
        if p + w < len(candidates) and _author_like(candidates[p + w].text.strip()):
            score += BYLINE_BONUS
        events.append((p, k, w, score))
    events.sort()
    # total[i]: best total of a chain ending with events[i]; back[i]: the event before it.
    total: list[float] = []
    back: list[int] = []
    for i, (p, k, _, score) in enumerate(events):
        best_total, best_previous = 0.0, -1
        for j in range(i):
            p_j, k_j, w_j, _ = events[j]
            # Ties go to the earlier place, as a title usually comes before any later mention.
            if k_j < k and p_j + w_j <= p and total[j] > best_total:
                best_total, best_previous = total[j], j
        total.append(best_total + score)
        back.append(best_previous)
    if not events:
        return []
    i = max(range(len(events)), key=lambda index: (total[index], -index))
    chain = []
    while i >= 0:
        p, k, w, _ = events[i]
        chain.append((k, p, w))
        i = back[i]
    return chain[::-1]


def _author_like(text: str) -> bool:
    """A line that can be (part of) the byline under a title: a name, a role, a company."""
    if (
        len(text) > 120
        or "\t" in text
        or SECTION_WORDS.match(text)
        or NUMBERED.match(text)
        or CAPTION.match(text)
    ):
        return False
    if ends_sentence(text) and not _ABBREVIATED_END.search(text):
        return False
    # A byline is a name and a role, not the first line of a paragraph broken off at a page end.
    if (
        len(text.split()) > 20
        or text[-1] in ",-:：;"
        or display_width(text) > 120
        or re.search("[。！？]", text)
    ):
        return False
    first = text.lstrip("\"“'‘(（")[:1]
    return bool(first) and (first.isupper() or first.isdigit() or is_cjk(first))


def _subtitle_lines(content: list[Line], after: int) -> int:
    """How many lines after a title are its subtitle (``— Insights from ...``, ``~ ... ~``)."""
    count = 0
    while after + count < len(content) and count < 2:
        text = content[after + count].text.strip()
        if not _SUBTITLE.match(text) or len(text) > 300:
            break
        count += 1
    return count


def _author_lines(
    lines: Sequence[Line], content: list[Line], after: int, stop_keys: set[str], layout: FileLayout
) -> tuple[int, ...]:
    """Byline under a title: up to two adjacent short lines that are not a section heading.

    Where blank lines separate paragraphs, a byline is a paragraph of its own: a line that runs on
    into the next one is the start of the body.
    """
    found: list[int] = []
    for position in range(after, min(after + 2, len(content))):
        line = content[position]
        text = line.text.strip()
        if found and line.number != found[-1] + 1:
            break
        if not _author_like(text) or match_key(text) in stop_keys:
            break
        found.append(line.number)
    while found and layout.blanks_meaningful and found[-1] < len(lines) and lines[found[-1]].text.strip():
        found.pop()
    return tuple(found)


def _spans_from_starts(
    starts: list[tuple[str, tuple[int, ...], tuple[int, ...]]], last_line: int
) -> list[DocumentSpan]:
    spans = []
    for index, (title, title_lines, author_lines) in enumerate(starts):
        end = starts[index + 1][1][0] - 1 if index + 1 < len(starts) else last_line
        spans.append(DocumentSpan(title, title_lines[0], end, title_lines, author_lines))
    return spans


def _last_content_line(lines: Sequence[Line]) -> int:
    for line in reversed(lines):
        if line.text.strip():
            return line.number
    return len(lines)


def _split_by_toc(lines: Sequence[Line], layout: FileLayout, file: str) -> VolumeSplit | None:
    heading = _find_toc(lines)
    if heading is None:
        return None
    entries, after = _toc_entries(lines, heading)
    if len(entries) < 2:
        return None
    content = _content_lines(lines, layout, after)
    matches = _align_titles([title for _, title in entries], content)
    if len(matches) < 2:
        return None
    numbered = sum(
        1
        for _, p, _ in matches
        if NUMBERED.match(content[p].text.strip()) or SECTION_WORDS.match(content[p].text.strip())
    )
    if numbered > len(matches) / 2:
        return None  # the contents of one paper ("1. Introduction", "2. Methods"), not of a volume
    starts = []
    matched = {k for k, _, _ in matches}
    for k, p, matched_lines in matches:
        w = matched_lines + _subtitle_lines(content, p + matched_lines)
        title_lines = tuple(line.number for line in content[p : p + w])
        next_keys = {match_key(title) for _, title in entries[k + 1 : k + 2]}
        authors = _author_lines(lines, content, p + w, next_keys, layout)
        starts.append(
            (join_lines([line.text for line in content[p : p + w]], tidy=True), title_lines, authors)
        )
    split = VolumeSplit(_spans_from_starts(starts, _last_content_line(lines)), method="toc")
    toc_lines = lines[heading:after]
    front = [line for line in lines[:heading] if line.text.strip()]
    split.removed.extend(group_removed(lines, front, {}, file, "front-matter"))
    split.removed.extend(group_removed(lines, toc_lines, {}, file, "toc"))
    first_title = split.spans[0].line_start
    gap = [line for line in lines[after : first_title - 1] if line.text.strip()]
    if gap:
        split.removed.extend(group_removed(lines, gap, {}, file, "front-matter"))
        split.notes.append(
            f"lines {gap[0].number}-{gap[-1].number} lie between the table of contents and "
            "the first title found; kept as front matter"
        )
    for k, (line, title) in enumerate(entries):
        if k not in matched:
            split.notes.append(
                f"table of contents entry {k + 1} (line {line.number}) not found in the text: {title[:80]}"
            )
    return split


def _is_person(text: str) -> bool:
    return (
        len(text) <= 40
        and bool(_PERSON.match(text))
        and not _ROLE.search(text)
        and not NUMBERED.match(text)
        and not SECTION_WORDS.match(text)
    )


def _is_role(text: str) -> bool:
    return (
        len(text) <= 120
        and bool(_ROLE.search(text))
        and not ends_sentence(text)
        and not SECTION_WORDS.match(text)
    )


def looks_like_byline(text: str) -> bool:
    """A short line naming a person or a role (``Andreas Schierenbeck CEO, Hitachi Energy``), not
    a sentence: translators render bylines freely (a Chinese name, the role first)."""
    text = text.strip()
    return len(text) <= 80 and (_is_person(text) or _is_role(text))


def _is_named_role(text: str) -> bool:
    """A name and a role on one line (``Dr. Michael Mertin CEO of AT&S AG``)."""
    role = _ROLE.search(text)
    if role is None or not _is_role(text):
        return False
    return _is_person(text[: role.start()].strip(" ,"))


def _bylines(content: list[Line], layout: FileLayout) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """(title lines, byline lines) of every title + byline block, in order."""
    limit = 0.8 * layout.wrap_width if layout.wrap_width else 110
    blocks = []
    position = 0
    while position < len(content):
        end = position
        while end < len(content) and end - position < 4:
            text = content[end].text.strip()
            if not (_is_person(text) or _is_role(text)):
                break
            end += 1
        # Title lines in capitals look like names ("Healthcare Market"): a name is next to a role.
        while end - position >= 2 and all(
            _is_person(content[i].text.strip()) for i in (position, position + 1)
        ):
            position += 1
        block = [content[i].text.strip() for i in range(position, end)]
        if (any(map(_is_person, block)) and any(map(_is_role, block))) or any(map(_is_named_role, block)):
            title: list[int] = []
            back = position - 1
            while back >= 0 and len(title) < 4:
                text = content[back].text.strip()
                if ends_sentence(text) or display_width(text) >= limit or text[-1] in ",，;；":
                    break
                title.insert(0, back)
                back -= 1
            while title and not content[title[0]].text.strip()[0].isupper():
                title.pop(0)
            if title:
                blocks.append(
                    (
                        tuple(content[i].number for i in title),
                        tuple(content[i].number for i in range(position, end)),
                    )
                )
                position = end
                continue
        position = max(end, position + 1)
    return blocks


def _split_by_bylines(lines: Sequence[Line], layout: FileLayout, file: str) -> VolumeSplit | None:
    content = _content_lines(lines, layout, 0)
    blocks = _bylines(content, layout)
    if len(blocks) < 2:
        return None
    starts = [(join_lines([lines[n - 1].text for n in t], tidy=True), t, a) for t, a in blocks]
    return _split_at_starts(lines, content, starts, layout, file, "bylines")


def _split_at_starts(
    lines: Sequence[Line],
    content: list[Line],
    starts: list[tuple[str, tuple[int, ...], tuple[int, ...]]],
    layout: FileLayout,
    file: str,
    method: str,
) -> VolumeSplit:
    """Documents from their (title, title lines, byline lines); text above the first title is a
    document of its own, a preface or an untitled first paper, and removed lines alone there (a
    page's running header) are kept for the first document."""
    spans = _spans_from_starts(starts, _last_content_line(lines))
    split = VolumeSplit(spans, method=method)
    preamble = [line for line in content if line.number < spans[0].line_start]
    if preamble:
        first = next(line.number for line in lines if line.text.strip())
        title = _fallback_title(preamble, file, layout)
        split.spans.insert(0, DocumentSpan(title, first, spans[0].line_start - 1))
    else:
        above = [line for line in lines[: spans[0].line_start - 1] if line.text.strip()]
        split.removed.extend(group_removed(lines, above, layout.reasons, file))
    return split


def _split_by_headings(lines: Sequence[Line], layout: FileLayout, file: str) -> VolumeSplit | None:
    """Documents starting at the reader's top-level headings (two or more), each heading with the
    lines of the same level right under it as its title."""
    if not layout.headings:
        return None
    top = min(layout.headings.values())
    content = _content_lines(lines, layout, 0)
    # (first, last) positions in ``content`` of each run of top-level lines: one title each.
    runs: list[tuple[int, int]] = []
    for position, line in enumerate(content):
        if layout.headings.get(line.number) != top:
            continue
        if runs and runs[-1][1] == position - 1 and position - runs[-1][0] < MAX_TITLE_LINES:
            runs[-1] = (runs[-1][0], position)
        else:
            runs.append((position, position))
    if len(runs) < 2:
        return None  # one top heading is the file's own title
    titles = [join_lines([line.text for line in content[a : b + 1]], tidy=True) for a, b in runs]
    sections = sum(1 for title in titles if NUMBERED.match(title) or SECTION_WORDS.match(title))
    if sections > len(runs) / 2:
        return None  # "1. Introduction", "Conclusions": the sections of one paper, not papers
    keys = {match_key(title) for title in titles}
    starts = []
    for title, (first, last) in zip(titles, runs, strict=True):
        subtitle = _subtitle_lines(content, last + 1)
        title_lines = tuple(line.number for line in content[first : last + 1 + subtitle])
        authors = _author_lines(lines, content, last + 1 + subtitle, keys, layout)
        if subtitle:
            title = join_lines([line.text for line in content[first : last + 1 + subtitle]], tidy=True)
        starts.append((title, title_lines, authors))
    return _split_at_starts(lines, content, starts, layout, file, "headings")


# The rules :func:`split_volume` tries in turn for each ``--split`` choice.
_RULES: dict[SplitRule, tuple[Callable[[Sequence[Line], FileLayout, str], VolumeSplit | None], ...]] = {
    SplitRule.AUTO: (_split_by_toc, _split_by_headings, _split_by_bylines),
    SplitRule.TOC: (_split_by_toc, _split_by_bylines),
    SplitRule.TITLES: (_split_by_bylines,),
    SplitRule.HEADINGS: (_split_by_headings,),
    SplitRule.NONE: (),
}


def _heading_text(line: Line) -> str:
    """A line's text without surrounding space and Markdown ``#`` marks."""
    return MARKDOWN_HEADING.sub("", line.text.strip())


def _title_like(text: str, layout: FileLayout) -> bool:
    """A line that can be a document's title: heading-like and short (not a wrapped prose line)."""
    # In a hard-wrapped file, a line that nearly fills the width continues on the next line.
    widest = 0.75 * layout.wrap_width if layout.wrap_width else 100
    return (
        is_heading_like(text)
        and len(text) >= 4
        and display_width(text) <= widest
        and len(text.split()) <= 16
        and not SECTION_WORDS.match(text)
    )


def _fallback_title(content: Sequence[Line], file: str, layout: FileLayout) -> str:
    """First title-like line among a document's first lines, else the file's base name."""
    for line in content[:10]:
        text = _heading_text(line)
        if _title_like(text, layout):
            return text
    return PurePath(file).name


def split_volume(
    lines: Sequence[Line], layout: FileLayout, options: CleanOptions, file: str = ""
) -> VolumeSplit:
    """Documents of one file, by the rules ``options.split`` names (see ``_RULES``), else the whole file."""
    for rule in _RULES[SplitRule.parse(options.split)]:
        split = rule(lines, layout, file)
        if split is not None:
            return split
    nonempty = [line for line in lines if line.text.strip()]
    content = _content_lines(lines, layout, 0) or nonempty
    first = content[0]
    title_lines: tuple[int, ...] = ()
    author_lines: tuple[int, ...] = ()
    title = _fallback_title(content, file, layout)
    level = layout.headings.get(first.number)
    if level is not None:
        # A heading the reader saw in the layout, with the lines of its level under it (a title
        # wrapped over two printed lines).
        count = 1
        while (
            count < min(MAX_TITLE_LINES, len(content)) and layout.headings.get(content[count].number) == level
        ):
            count += 1
        title_lines = tuple(line.number for line in content[:count])
        title = join_lines([line.text for line in content[:count]], tidy=True)
        author_lines = _author_lines(lines, content, count, set(), layout)
    elif _title_like(_heading_text(first), layout):
        title_lines = (first.number,)
        title = _heading_text(first)
        author_lines = _author_lines(lines, content, 1, set(), layout)
    span = DocumentSpan(title, nonempty[0].number, _last_content_line(lines), title_lines, author_lines)
    return VolumeSplit([span])


def split_by_manifest(lines: Sequence[Line], entries: Sequence[tuple[str, int]], file: str) -> VolumeSplit:
    """Documents starting at the given 1-based lines, named as given (a manifest's rows for one file)."""
    ordered = sorted(entries, key=lambda entry: entry[1])
    for name, first_line in ordered:
        if not 1 <= first_line <= len(lines):
            raise InputError(
                f"{file}: manifest entry {name!r} starts at line {first_line}, but the file has "
                f"{len(lines)} lines"
            )
    starts = [first for _, first in ordered]
    if len(set(starts)) != len(starts):
        raise InputError(f"{file}: two manifest entries start at the same line")
    spans = []
    last = _last_content_line(lines)
    for index, (name, first_line) in enumerate(ordered):
        end = ordered[index + 1][1] - 1 if index + 1 < len(ordered) else last
        spans.append(DocumentSpan(name, first_line, max(first_line, end)))
    split = VolumeSplit(spans, method="manifest")
    front = [line for line in lines[: starts[0] - 1] if line.text.strip()]
    split.removed.extend(group_removed(lines, front, {}, file, "front-matter"))
    return split
