"""JSON Lines for researchers: one object per bead, keys ``records.COLUMNS`` in that order.

Text is exact except for lone surrogates (U+FFFD), which UTF-8 cannot encode; control characters
are kept, escaped by JSON. The other characters that some readers take for line ends (NEL, U+2028,
U+2029: Python's ``str.splitlines``, older JavaScript) are escaped too, so every way of splitting
the file into lines gives one object per line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from aligner.exporters.filters import Unit
from aligner.exporters.options import ExportOptions
from aligner.exporters.records import cleaned, record
from aligner.exporters.xmlsafe import unicode_safe
from aligner.fileio import atomic_open

_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def write_jsonl(units: Sequence[Unit], path: Path, opts: ExportOptions, level: str) -> int:
    with atomic_open(path, "w", encoding="utf-8") as stream:
        for unit in units:
            fields = cleaned(record(unit, opts.src_lang_code, opts.tgt_lang_code), unicode_safe)
            stream.write(json.dumps(fields, ensure_ascii=False).translate(_LINE_BREAKS) + "\n")
    return len(units)
