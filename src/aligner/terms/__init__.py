"""Terminology: term pairs mined from a run folder or read from inline glosses, written as TBX,
CSV or XLSX, and glossaries read back for the ``terminology`` check.

Example::

    >>> from aligner.terms import TermsOutput, mine_terms, terms_from_text, write_terms
    >>> pairs = mine_terms("out/cmia-19", min_freq=3, top=100)
    >>> write_terms(pairs, "terms.tbx", TermsOutput(created="2026-01-01T00:00:00Z"))
    'tbx'
    >>> terms_from_text("miit.en.txt")[0].zh_variants
    ('工信部',)

Stages, one module each: :mod:`~aligner.terms.words` (candidates of a sentence),
:mod:`~aligner.terms.mine` (association and linking over aligned sentence pairs),
:mod:`~aligner.terms.glosses` (inline glosses), :mod:`~aligner.terms.formats` (writers) and
:mod:`~aligner.terms.glossary` (readers and matching).
"""

from __future__ import annotations

from aligner.terms.formats import FORMATS, TermsOutput, format_of, write_terms
from aligner.terms.glossary import read_glossary
from aligner.terms.glosses import glosses_in, terms_from_text
from aligner.terms.mine import MineOptions, mine_beads, mine_terms
from aligner.terms.model import TermPair

__all__ = [
    "FORMATS",
    "MineOptions",
    "TermPair",
    "TermsOutput",
    "format_of",
    "glosses_in",
    "mine_beads",
    "mine_terms",
    "read_glossary",
    "terms_from_text",
    "write_terms",
]
