"""Glossary terms in a source sentence whose translation uses none of their renderings."""

from __future__ import annotations

from dataclasses import dataclass

from aligner.checks.base import Block, Check, CheckContext, body_of, is_omission, join_text, location
from aligner.model import AlignedBead, Finding
from aligner.terms.glossary import Prepared, TermMatcher, load_glossary
from aligner.terms.model import TermPair


@dataclass(frozen=True)
class _Entry:
    pair: TermPair
    term: str
    renderings: tuple[str, ...]
    source: TermMatcher
    target: TermMatcher


class TerminologyCheck(Check):
    name = "terminology"
    title = "Glossary term not used"
    # Minor: a translation that avoids a glossary rendering most often still says the same thing
    # (a synonym, a pronoun, a subject Chinese leaves implicit, the term moved into a neighbouring
    # sentence); what is lost is consistency with the glossary, not content, which the omission
    # and condensed checks report.
    severity = "minor"
    explanation = (
        "A source sentence holds a term of the glossary given with --glossary, and its translation "
        "holds none of the term's renderings (Chinese matched on characters, English on word forms). "
        "Not reported when the paragraph's translation has the rendering as often as its source has "
        "the term: the translator moved it into a neighbouring sentence."
    )

    def run(self, context: CheckContext) -> list[Finding]:
        path = context.options.glossary_file
        src, tgt = context.src_lang[:2], context.tgt_lang[:2]
        if not path or {src, tgt} != {"en", "zh"}:
            return []
        entries = [self._entry(pair, src == "en") for pair in load_glossary(path)]
        findings = []
        for pair_id, blocks in context.blocks.items():
            if pair_id in context.unpaired:
                continue
            for block in blocks:
                for unit, entry in self._missing(block, entries):
                    findings.append(self._finding(pair_id, unit, entry))
        return findings

    @staticmethod
    def _entry(pair: TermPair, english_source: bool) -> _Entry:
        if english_source:
            return _Entry(
                pair,
                pair.en,
                pair.zh_forms,
                TermMatcher(pair.en_forms, "en"),
                TermMatcher(pair.zh_forms, "zh"),
            )
        return _Entry(
            pair, pair.zh, pair.en_forms, TermMatcher(pair.zh_forms, "zh"), TermMatcher(pair.en_forms, "en")
        )

    @staticmethod
    def _missing(block: Block, entries: list[_Entry]) -> list[tuple[AlignedBead, _Entry]]:
        """Units of ``block`` whose source has an entry's term and whose target none of its
        renderings, as many per entry as the block's target has fewer renderings than its source
        has terms (the first ones in order)."""
        units = [u for u in block.units if not is_omission(u) and body_of(u.src) and body_of(u.tgt)]
        texts = [
            (Prepared.of(join_text(body_of(u.src))), Prepared.of(join_text(body_of(u.tgt)))) for u in units
        ]
        found: list[tuple[AlignedBead, _Entry]] = []
        for entry in entries:
            terms = [entry.source.count(src) for src, _ in texts]
            if not any(terms):
                continue
            renderings = [entry.target.count(tgt) for _, tgt in texts]
            deficit = sum(terms) - sum(renderings)
            if deficit <= 0:
                continue
            missing = [unit for unit, s, t in zip(units, terms, renderings, strict=True) if s and not t]
            found.extend((unit, entry) for unit in missing[:deficit])
        return found

    def _finding(self, pair_id: str, unit: AlignedBead, entry: _Entry) -> Finding:
        renderings = " / ".join(entry.renderings)
        src = body_of(unit.src)
        return self.finding(
            pair_id,
            f"'{entry.term}' ({location(src)}) is in the glossary as {renderings}; "
            "its translation has none of them",
            src,
            body_of(unit.tgt),
            term=entry.term,
            renderings=list(entry.renderings),
        )
