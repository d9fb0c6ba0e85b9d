"""Make arbitrary Python strings storable as UTF-8 and as XML 1.0 character data.

Aligned text comes from PDF extraction and ``alignments.jsonl``, so it may hold characters that
XML 1.0 forbids or that UTF-8 cannot encode. A single one makes a CAT tool reject a whole TMX
(and openpyxl refuse a whole XLSX), so every exported string passes through here first.

The policy, the same for TMX and XLSX:

- tab, line feed and carriage return are kept (the serialiser escapes CR as ``&#13;`` so it
  survives parsing);
- form feed and vertical tab become a space: in extracted text they stand for a page or line
  break between words, and dropping them would glue those words together;
- NUL and every other C0 control character are removed: they carry no text;
- a lone surrogate becomes U+FFFD REPLACEMENT CHARACTER, the standard mark for an ill-formed
  sequence, so the reader sees that something was lost; a high and low surrogate that stand
  next to each other are joined into the character they encode (no loss);
- the noncharacters U+FFFE and U+FFFF are removed.

CSV, TSV and JSONL keep control characters (their quoting or escaping is lossless) and only get
the surrogate treatment, without which the UTF-8 encoder would fail.
"""

from __future__ import annotations

import re

# Characters outside XML 1.0's Char production once surrogates are dealt with (FF and VT are
# handled separately because they are replaced, not removed).
_REMOVED = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_AS_SPACE = re.compile("[\x0b\x0c]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Everything the policy changes, for a single-scan fast path: almost all text needs nothing.
_ANY_CHANGE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unicode_safe(text: str) -> str:
    """Return ``text`` encodable as UTF-8: surrogate pairs joined, lone surrogates as U+FFFD."""
    if _SURROGATE.search(text) is None:
        return text
    # The UTF-16 round trip pairs up adjacent high/low surrogates and lets "replace" mark the rest.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def xml_safe(text: str) -> str:
    """Return ``text`` as valid XML 1.0 character data, following the module's policy."""
    if _ANY_CHANGE.search(text) is None:
        return text
    return _REMOVED.sub("", _AS_SPACE.sub(" ", unicode_safe(text)))
