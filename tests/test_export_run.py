"""End to end: the exports ``aligner run`` writes on the bundled corpus, and re-exporting them."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.cli import main
from aligner.exporters import ExportFilter, pair_file_name, select_units
from aligner.exporters.xmlsafe import xml_safe
from aligner.runfolder import read_alignments, read_documents
from test_export_fixtures import assert_valid_tmx, read_tmx

pytestmark = pytest.mark.slow


def test_run_tmx_files_validate_and_match_the_alignments(cmia_run: Path) -> None:
    documents = read_documents(cmia_run)
    units = select_units(read_alignments(cmia_run), documents, ExportFilter()).units
    assert units, "the default filter should keep sentence pairs of the bundled corpus"
    corpus = cmia_run / "tm" / "corpus.tmx"
    assert_valid_tmx(corpus)
    read_back = read_tmx(corpus)
    assert len(read_back) == len(units)
    assert read_back[0][:2] == (
        xml_safe(" ".join(segment.text for segment in units[0].bead.src)),
        xml_safe("".join(segment.text for segment in units[0].bead.tgt)),
    )
    per_pair = []
    for row in documents:
        if row.status == "paired":
            path = cmia_run / "tm" / pair_file_name(row.pair_id)
            assert_valid_tmx(path)
            per_pair += read_tmx(path)
    assert per_pair == read_back


def test_reexport_reproduces_the_run_tmx_byte_for_byte(cmia_run: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.tmx"
    assert main(["export", str(cmia_run), "-o", str(again)]) == 0
    assert again.read_bytes() == (cmia_run / "tm" / "corpus.tmx").read_bytes()
    stricter = tmp_path / "strict.tmx"
    assert main(["export", str(cmia_run), "-o", str(stricter), "--min-score", "0.8", "--kinds", "1-1"]) == 0
    assert_valid_tmx(stricter)
    assert len(read_tmx(stricter)) <= len(read_tmx(again))
