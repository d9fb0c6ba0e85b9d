"""Source passages with no counterpart in the target: the translation left them out."""

from __future__ import annotations

from aligner.checks.base import (
    Check,
    CheckContext,
    CheckOptions,
    has_words,
    join_text,
    location,
    looks_like_reference,
    side_length,
)
from aligner.checks.gaps import Gap, find_gaps
from aligner.model import Finding, Severity
from aligner.volumes import looks_like_byline


def _severity(gap: Gap, options: CheckOptions) -> Severity:
    text = join_text(gap.segments)
    if not has_words(text):
        # Stray page numbers or symbols the cleaner left behind; worth a look, not an alarm.
        return "minor"
    substantial = len(gap.segments) > 1 or side_length(gap.segments) >= options.omission_critical_min_chars
    # Running text only: headings, captions, notes and author lines are never critical.
    body = any(s.kind in ("body", "list") and not looks_like_byline(s.text) for s in gap.segments)
    if gap.whole_paragraphs and body and substantial and not looks_like_reference(text):
        return "critical"
    return "major"


def _describe(gap: Gap) -> str:
    where = location(gap.segments)
    if gap.level == "paragraph":
        count = len(gap.segments)
        noun = "paragraph" if count == 1 else f"{count} paragraphs"
        return f"Untranslated {noun} ({where}, {side_length(gap.segments)} characters)"
    count = len(gap.segments)
    noun = "sentence" if count == 1 else f"{count} consecutive sentences"
    whole = " (a whole paragraph)" if gap.whole_paragraphs else " in a translated paragraph"
    return f"Untranslated {noun}{whole} ({where}, {side_length(gap.segments)} characters)"


class OmissionCheck(Check):
    name = "omission"
    title = "Untranslated passage"
    severity = "critical"
    explanation = (
        "Source text with no counterpart in the translation. Consecutive untranslated paragraphs are "
        "reported as one passage, and so are consecutive untranslated sentences inside a paragraph "
        "that is otherwise translated. Critical when whole paragraphs of running text are missing, "
        "major for sentences, headings, short lines and source references. Find the passage in the "
        "source and check whether the translation really drops it (or moved it elsewhere)."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        return [
            self.finding(
                gap.pair_id,
                _describe(gap),
                src=gap.segments,
                severity=_severity(gap, context.options),
                level=gap.level,
                blocks=gap.blocks,
                segments=len(gap.segments),
                whole_paragraphs=gap.whole_paragraphs,
                chars=side_length(gap.segments),
            )
            for gap in find_gaps(context, "src")
        ]
