"""Moses (OPUS) plain text: two line-aligned files, one segment a line, for MT toolkits.

``BASE.en`` holds line ``k``'s source text, ``BASE.zh`` its translation: the input Marian,
fairseq, OpenNMT, Moses and OPUS tools take. The file extensions are the export's language codes
without their region (``en-US`` gives ``.en``), or the whole codes when those would clash
(``zh-CN`` and ``zh-TW`` give ``.zh-cn`` and ``.zh-tw``).

A line can hold no line break, so every character that some reader takes for one (LF, CR, VT,
FF, the separators U+001C-U+001E, NEL, U+2028, U+2029) and the tab become spaces; runs of
whitespace become one space. Other control characters are removed and lone surrogates become
U+FFFD, as for TMX. A unit never has an empty side (omissions are not exported), so line ``k``
of one file always translates line ``k`` of the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from aligner.exporters.filters import Unit
from aligner.exporters.options import ExportOptions
from aligner.exporters.records import side_text
from aligner.exporters.xmlsafe import xml_safe
from aligner.fileio import atomic_open

_LINE_BREAKING = re.compile("[\t\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029 ]+")


def one_line(text: str) -> str:
    """``text`` as a single line: line breaks and tabs as single spaces, control characters gone."""
    return _LINE_BREAKING.sub(" ", xml_safe(_LINE_BREAKING.sub(" ", text))).strip()


def _extension(code: str) -> str:
    return code.split("-", 1)[0].lower()


def moses_paths(base: Path, src_lang_code: str, tgt_lang_code: str) -> tuple[Path, Path]:
    """The two files of a Moses export at ``base``: ``BASE.<src>`` and ``BASE.<tgt>``."""
    src, tgt = _extension(src_lang_code), _extension(tgt_lang_code)
    if src == tgt:
        src, tgt = src_lang_code.lower(), tgt_lang_code.lower()
    if src == tgt:
        src, tgt = f"{src}.src", f"{tgt}.tgt"
    return base.with_name(f"{base.name}.{src}"), base.with_name(f"{base.name}.{tgt}")


def write_moses(units: Sequence[Unit], path: Path, opts: ExportOptions, level: str) -> int:
    """Write the two files, both in full before either replaces what was there.

    A failure while writing (a full disk) leaves both earlier files as they were; only a crash
    between the two renames, a moment apart, could leave one new file beside an old one.
    """
    src_path, tgt_path = moses_paths(path, opts.src_lang_code, opts.tgt_lang_code)
    with (
        atomic_open(tgt_path, "w", encoding="utf-8") as tgt_stream,
        atomic_open(src_path, "w", encoding="utf-8") as src_stream,
    ):
        for unit in units:
            src_stream.write(one_line(side_text(unit.bead.src, opts.src_lang_code)) + "\n")
            tgt_stream.write(one_line(side_text(unit.bead.tgt, opts.tgt_lang_code)) + "\n")
    return len(units)
