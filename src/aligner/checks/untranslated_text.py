"""Text left in the source language: a target identical to its source, or a Latin-script sentence
inside a target written in another script."""

from __future__ import annotations

import re

from aligner.checks.base import (
    Check,
    CheckContext,
    content_key,
    is_note,
    is_omission,
    join_text,
    location,
    looks_like_reference,
)
from aligner.model import Finding, Severity

# Target languages not written in Latin script: a Latin sentence in them was left untranslated.
NON_LATIN_LANGUAGES = frozenset(
    {"zh", "ja", "ko", "ru", "uk", "bg", "sr", "el", "ar", "fa", "he", "hi", "bn", "th", "ka", "hy"}
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# A stretch of Latin words joined by spaces and ordinary punctuation, without other scripts.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’&.,:;!?()/ -]*[A-Za-z0-9.!?)]")
# A Latin gloss in brackets after its translation (视觉质量检测（Machine Vision Quality Inspection）)
# is kept on purpose.
_GLOSS = re.compile(r"[(（][^()（）]*[)）]")


# A target identical to its source is reported if the text is prose: this many Latin words (with a
# lower-case one), or this many Han characters, rather than a name, code or number.
IDENTICAL_MIN_WORDS = 3
IDENTICAL_MIN_HAN = 6


def _is_prose(text: str) -> bool:
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return latin_prose(text, IDENTICAL_MIN_WORDS) or han >= IDENTICAL_MIN_HAN


def latin_prose(text: str, min_words: int) -> bool:
    """True if ``text`` reads as a Latin-script sentence, not a run of names or acronyms.

    Names, titles and acronyms are capitalised; prose has many lower-case words, so at least half
    of the words must start in lower case.
    """
    words = _WORD.findall(text)
    lower = sum(1 for word in words if word[0].islower())
    return len(words) >= min_words and lower * 2 >= len(words)


def _is_non_latin(lang: str) -> bool:
    return lang.lower().replace("_", "-").split("-")[0] in NON_LATIN_LANGUAGES


class UntranslatedTextCheck(Check):
    name = "untranslated-text"
    title = "Text left untranslated"
    severity = "major"
    explanation = (
        "The target repeats the source word for word, or a target written in a non-Latin script "
        "contains a whole sentence in Latin script (names, acronyms and titles, which are mostly "
        "capitalised, do not count). The passage was probably copied over and never translated. "
        "Bibliography entries, customarily kept in their original language, are only minor."
    )

    def _severity(self, text: str) -> Severity:
        return "minor" if looks_like_reference(text) else self.severity

    def run(self, context: CheckContext) -> list[Finding]:
        findings = []
        min_words = context.options.latin_min_words
        check_script = _is_non_latin(context.tgt_lang)
        for pair_id in context.blocks:
            for unit in context.units(pair_id):
                if is_omission(unit) or any(is_note(s) for s in [*unit.src, *unit.tgt]):
                    continue  # references are customarily kept in their original language
                src, tgt = join_text(unit.src), join_text(unit.tgt)
                if content_key(src) == content_key(tgt) and _is_prose(src):
                    message = f"Target identical to the source ({location(unit.tgt)})"
                    findings.append(
                        self.finding(
                            pair_id,
                            message,
                            unit.src,
                            unit.tgt,
                            severity=self._severity(src),
                            reason="identical",
                            level=unit.level,
                            block=unit.block,
                        )
                    )
                    continue
                if not check_script:
                    continue
                unglossed = _GLOSS.sub(" ", tgt)
                runs = [
                    m.group() for m in _LATIN_RUN.finditer(unglossed) if latin_prose(m.group(), min_words)
                ]
                if runs:
                    findings.append(
                        self.finding(
                            pair_id,
                            f"Latin-script text left in the target ({location(unit.tgt)}): {runs[0][:80]}",
                            unit.src,
                            unit.tgt,
                            severity=self._severity(tgt),
                            reason="latin-text",
                            latin_text=runs,
                            level=unit.level,
                            block=unit.block,
                        )
                    )
        return findings
