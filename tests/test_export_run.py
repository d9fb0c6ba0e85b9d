"""End to end: the exports ``aligner run`` writes on the bundled corpus, and re-exporting them."""

from __future__ import annotations

import json
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


def test_run_tmx_headers_carry_the_manifest_signature(cmia_run: Path) -> None:
    signature = json.loads((cmia_run / "manifest.json").read_text(encoding="utf-8"))["signature"]
    assert signature.startswith("aligner:") and "|enc:use-m3@" in signature and "|lang:en-zh|" in signature
    for path in sorted((cmia_run / "tm").glob("*.tmx")):
        header = assert_valid_tmx(path).getroot().find("header")
        assert header is not None
        props = [(prop.get("type"), prop.text) for prop in header.findall("prop")]
        assert props == [("x-aligner-signature", signature)]
