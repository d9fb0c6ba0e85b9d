"""Notes with no counterpart anywhere in the other document.

Footnotes, endnotes, source lines and reference entries are notes (segment kind ``note``). The
body checks leave them out, because translators move them: the English footnotes of a page become
the Chinese endnotes of the paper, and extraction cuts them out of the flow (``removed.jsonl``).
This check compares notes with notes across the whole document: a note aligned with a note is
fine; any other note is matched with the notes of the other side, aligned or removed, by a shared
URL, figure or Latin-script name; one left unmatched is reported only when the other side has fewer
notes than this one (so a moved note is never a finding), and never above minor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aligner.checks.base import URL, Block, Check, CheckContext, is_note, location
from aligner.model import Finding, Removed, Segment, Severity

# Figures of three or more digits (years, amounts) and names in Latin script survive translation.
_ANCHOR = re.compile(r"[0-9][0-9,.]{2,}[0-9]|[A-Za-z][A-Za-z0-9&]{3,}")
_STOP = frozenset(
    {"http", "https", "with", "from", "based", "data", "report", "source", "sources", "website"}
)


def note_anchors(text: str) -> set[str]:
    """What identifies a note in either language: its URLs (host and path), figures and names."""
    anchors = set()
    for match in URL.finditer(text):
        url = re.sub(r"^(?:https?://)?(?:www\d*\.)?", "", match.group().lower()).rstrip("/.>")
        anchors.add("url:" + url)
    rest = URL.sub(" ", text)
    for match in _ANCHOR.finditer(rest):
        token = match.group().replace(",", "").lower()
        if token not in _STOP:
            anchors.add(token)
    return anchors


# A line that starts a note of its own inside a removed block: 1. / 12) / ¹ / [3] / ^[2] / *.
_NOTE_MARKER = re.compile(r"^\s*(?:\d{1,3}[.)]\s|[\u00b9\u00b2\u00b3\u2070-\u2079]+|\^?\[\d{1,3}\]|\*\s)")


def split_notes(text: str) -> list[str]:
    """The notes of one removed block, one per marker: readers group footnotes into blocks
    differently (a PDF's small-type block, a text file's blank-line groups), the notes stay the same."""
    notes: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if notes and not _NOTE_MARKER.match(line):
            notes[-1] += " " + line.strip()
        else:
            notes.append(line.strip())
    return notes


@dataclass
class _Note:
    text: str
    segments: list[Segment]
    placed: bool  # aligned with a note of the other side


def _notes(blocks: list[Block], side: str) -> list[_Note]:
    """The note paragraphs of one side, each with whether its paragraph bead pairs it with a note."""
    notes: list[_Note] = []
    for block in blocks:
        if block.paragraph is None:
            continue
        own = block.paragraph.src if side == "src" else block.paragraph.tgt
        other = block.paragraph.tgt if side == "src" else block.paragraph.src
        placed = any(is_note(s) for s in other)
        notes.extend(_Note(s.text, [s], placed) for s in own if is_note(s))
    return notes


def _removed_notes(removed: list[Removed], in_flow: list[_Note]) -> list[_Note]:
    """Footnotes the reader took out of the flow, with the URL-only lines that follow them. A URL line
    right after a note (removed or in the flow) belongs to it; after body text it is a footnote of its
    own whose marker was lost."""
    notes: list[_Note] = []
    note_ends = {s.line_end: note for note in in_flow for s in note.segments}
    previous: Removed | None = None
    for item in removed:
        if item.reason not in ("footnote", "url"):
            continue
        segment = Segment(item.text, item.file, item.line_start, item.line_end, 0, 0, "note")
        owner = next(
            (note_ends[line] for line in range(item.line_start - 2, item.line_start) if line in note_ends),
            None,
        )
        if (
            item.reason == "url"
            and previous is not None
            and previous.reason == "footnote"
            and (item.line_start - previous.line_end <= 2)
        ):
            owner = notes[-1]
        if item.reason == "url" and owner is not None:
            owner.text += " " + item.text
        elif item.reason == "footnote":
            notes.extend(_Note(text, [segment], placed=False) for text in split_notes(item.text))
        else:
            notes.append(_Note(item.text, [segment], placed=False))
        previous = item
    return notes


class NotesCheck(Check):
    name = "notes"
    title = "Missing note"
    severity = "minor"
    explanation = (
        "A footnote, source line or reference of one side with no counterpart among the notes of "
        "the other side, anywhere in the document (footnotes given as endnotes are matched by their "
        "URLs, figures and names). Reported only when the other side has fewer notes; never more "
        "than minor, since notes are often left out on purpose."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        findings = []
        for pair_id, blocks in context.blocks.items():
            if pair_id in context.unpaired:
                continue
            removed = context.removed_by_pair.get(pair_id, {})
            sides = {}
            for side in ("src", "tgt"):
                in_flow = _notes(blocks, side)
                sides[side] = (in_flow, _removed_notes(removed.get(side, []), in_flow))
            for side, other in (("src", "tgt"), ("tgt", "src")):
                own_notes, own_removed = sides[side]
                other_notes, other_removed = sides[other]
                own_count = len(own_notes) + len(own_removed)
                other_count = len(other_notes) + len(other_removed)
                if own_count <= other_count:
                    continue
                pool = [note_anchors(note.text) for note in [*other_notes, *other_removed]]
                unmatched = [
                    note
                    for note in [*own_notes, *own_removed]
                    if not note.placed and not any(note_anchors(note.text) & candidate for candidate in pool)
                ]
                findings.extend(self._report(pair_id, side, unmatched, own_count, other_count))
        return findings

    def _report(
        self, pair_id: str, side: str, unmatched: list[_Note], own_count: int, other_count: int
    ) -> list[Finding]:
        """One finding for the document listing its unmatched notes (their lines as evidence)."""
        other_name = "target" if side == "src" else "source"
        severity: Severity = "minor" if side == "src" else "info"
        # One finding for the document: which notes a block or a page holds depends on the reader
        # (a PDF's small-type block, a text file's blank-line groups), the notes do not.
        groups = [unmatched] if unmatched else []
        findings = []
        for group in groups:
            segments = list({id(seg): seg for note in group for seg in note.segments}.values())
            where = (
                location(segments)
                if len(group) == 1
                else f"{len(group)} notes, first at {location(group[0].segments)}"
            )
            findings.append(
                self.finding(
                    pair_id,
                    f"Note with no counterpart in the {other_name} ({where}); this side has {own_count} "
                    f"notes, the {other_name} {other_count}",
                    src=segments if side == "src" else (),
                    tgt=segments if side == "tgt" else (),
                    severity=severity,
                    side=side,
                    notes=len(group),
                )
            )
        return findings
