"""TMX exports: DTD-valid, read back identically by translate-toolkit, safe for any text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.errors import UsageError
from aligner.exporters import (
    EXPORTERS,
    ExportFilter,
    ExportOptions,
    export,
    normalise_lang_code,
    pair_file_name,
    write_default_exports,
)
from aligner.exporters.filters import Unit
from aligner.exporters.tmx import tmx_bytes
from aligner.exporters.xmlsafe import unicode_safe, xml_safe
from test_export_fixtures import (
    CREATED,
    DEFAULT_SENTENCE_UNITS,
    DOCUMENTS,
    HOSTILE_SRC,
    HOSTILE_TGT,
    TMX_CREATED,
    assert_valid_tmx,
    make_bead,
    read_tmx,
    sample_beads,
)

OPTS = ExportOptions(created=CREATED)


def test_default_filter_units_read_back_identically(tmp_path: Path) -> None:
    path = tmp_path / "corpus.tmx"
    assert export(sample_beads(), DOCUMENTS, "tmx", path, ExportFilter(), OPTS) == len(DEFAULT_SENTENCE_UNITS)
    tree = assert_valid_tmx(path)
    expected = [(src, tgt, "en-US", "zh-CN") for _, src, tgt in DEFAULT_SENTENCE_UNITS]
    assert read_tmx(path) == expected
    assert tree.xpath("//tu/@tuid") == [unit_id for unit_id, _, _ in DEFAULT_SENTENCE_UNITS]


def test_header_has_every_required_attribute(tmp_path: Path) -> None:
    path = tmp_path / "p.tmx"
    export(sample_beads(), DOCUMENTS, "tmx", path, ExportFilter(level="paragraph"), OPTS)
    header = assert_valid_tmx(path).getroot().find("header")
    assert header is not None
    assert dict(header.attrib) == {
        "creationtool": "aligner",
        "creationtoolversion": OPTS.tool_version,
        "segtype": "paragraph",
        "o-tmf": "aligner",
        "adminlang": "en",
        "srclang": "en-US",
        "datatype": "plaintext",
        "creationdate": TMX_CREATED,
    }


def test_unit_metadata_props(tmp_path: Path) -> None:
    path = tmp_path / "c.tmx"
    export(sample_beads(), DOCUMENTS, "tmx", path, ExportFilter(), OPTS)
    tu = assert_valid_tmx(path).getroot().find("body/tu[@tuid='p01-s4']")
    assert tu is not None
    assert tu.get("creationdate") == TMX_CREATED
    props = {prop.get("type"): prop.text for prop in tu.findall("prop")}
    assert props == {
        "x-document": "p01",
        "x-src-title": 'Chongqing & the "World" <2019>',
        "x-tgt-title": "重庆与世界",
        "x-kind": "2-1",
        "x-score": "0.7700",
        "x-src-file": "en.txt",
        "x-src-lines": "7-8",
        "x-tgt-file": "zh.txt",
        "x-tgt-lines": "7-7",
    }


def test_creation_date_comes_from_the_manifest_and_converts_to_utc() -> None:
    assert ExportOptions(created="2026-11-23T10:30:00+02:00").tmx_date == TMX_CREATED
    assert ExportOptions(created="2026-11-23T08:30:00").tmx_date == TMX_CREATED
    with pytest.raises(UsageError):
        ExportOptions(created="yesterday")


@pytest.mark.parametrize(
    ("given_code", "written"),
    [
        ("zh-Hans", "zh-Hans"),
        ("zh-TW", "zh-TW"),
        ("zh_cn", "zh-CN"),
        ("ZH-HANT-HK", "zh-Hant-HK"),
        ("zh", "zh"),
    ],
)
def test_target_language_code_is_configurable(tmp_path: Path, given_code: str, written: str) -> None:
    opts = ExportOptions(created=CREATED, src_lang_code="en", tgt_lang_code=given_code)
    path = tmp_path / "t.tmx"
    export(sample_beads(), DOCUMENTS, "tmx", path, ExportFilter(), opts)
    assert_valid_tmx(path)
    units = read_tmx(path, tgt_lang=written)
    assert {(src_lang, tgt_lang) for _, _, src_lang, tgt_lang in units} == {("en", written)}
    assert [(src, tgt) for src, tgt, _, _ in units] == [(s, t) for _, s, t in DEFAULT_SENTENCE_UNITS]


@pytest.mark.parametrize("bad", ["", "english", "zh-", "en US", "e", "zh-CN-", "中文", "en-US;x"])
def test_bad_language_codes_are_usage_errors(bad: str) -> None:
    with pytest.raises(UsageError, match="language code"):
        normalise_lang_code(bad)


def test_same_source_and_target_language_is_refused() -> None:
    with pytest.raises(UsageError, match="differ"):
        ExportOptions(created=CREATED, src_lang_code="zh-CN", tgt_lang_code="zh-cn")


def test_hostile_text_reads_back_with_only_the_documented_replacements(tmp_path: Path) -> None:
    bead = make_bead("p01", "sentence", 0, 0.9, [HOSTILE_SRC], [HOSTILE_TGT])
    path = tmp_path / "hostile.tmx"
    assert export([bead], DOCUMENTS, "tmx", path, ExportFilter(), OPTS) == 1
    assert_valid_tmx(path)
    [(src, tgt, _, _)] = read_tmx(path)
    assert src == xml_safe(HOSTILE_SRC)
    assert tgt == xml_safe(HOSTILE_TGT)
    # The documented policy, spelled out: FF/VT -> space; NUL, other C0, U+FFFE/U+FFFF removed;
    # lone surrogates -> U+FFFD; a surrogate pair joined; tab, LF, CR, RLM, emoji, CJK kept.
    assert " page" in src and "nul" in src and "\x00" not in src and "\x07" not in src
    assert "lone \ufffd and \ufffd pair \U0001f600" in src
    assert "tab\tnew\nline cr\r\n end  kept\ufffd \U0010ffff" in src
    assert "\u200fRLM\u200e" in src and "👩‍👩‍👧" in src
    assert " 垂直制表" in tgt and "&amp;" in tgt and "𠀀𪚥" in tgt and "\ufeffBOM" in tgt


def test_xml_safe_policy() -> None:
    assert xml_safe("a\x0cb\x0bc") == "a b c"
    assert xml_safe("a\x00b\x08c\x1fd\ufffee\uffff") == "abcde"
    assert xml_safe("\ud83d\ude00|\ud800|\udc00") == "\U0001f600|\ufffd|\ufffd"
    assert xml_safe("keep\t\n\r\u0085\x7f\ufffd") == "keep\t\n\r\u0085\x7f\ufffd"
    assert unicode_safe("ctrl\x00\x0c\ud800") == "ctrl\x00\x0c\ufffd"


def test_omissions_are_never_tmx_units(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="omissions"):
        export(
            sample_beads(), DOCUMENTS, "tmx", tmp_path / "o.tmx", ExportFilter(include_omissions=True), OPTS
        )
    omission = make_bead("p01", "sentence", 0, 0.0, ["Only English."], [])
    with pytest.raises(ValueError, match="both sides"):
        tmx_bytes([Unit(omission, "p01-s1", None)], OPTS, "sentence")


def test_default_exports_one_tmx_per_paired_document_and_the_corpus(tmp_path: Path) -> None:
    written = write_default_exports(tmp_path, sample_beads(), DOCUMENTS, OPTS)
    assert written == {"tm/corpus.tmx": 5, "tm/p01.tmx": 3, "tm/p02.tmx": 2, "segments.csv": 5}
    per_pair = []
    for name in ("p01", "p02"):
        path = tmp_path / "tm" / f"{name}.tmx"
        assert_valid_tmx(path)
        per_pair += read_tmx(path)
    corpus = tmp_path / "tm" / "corpus.tmx"
    assert_valid_tmx(corpus)
    assert read_tmx(corpus) == per_pair
    assert not (tmp_path / "tm" / "p03.tmx").exists()  # src-only: nothing to translate


def test_pair_without_surviving_units_still_gets_a_valid_tmx(tmp_path: Path) -> None:
    beads = [b for b in sample_beads() if b.pair_id == "p01"]
    written = write_default_exports(tmp_path, beads, DOCUMENTS, OPTS)
    assert written["tm/p02.tmx"] == 0
    assert read_tmx(tmp_path / "tm" / "p02.tmx") == []
    assert_valid_tmx(tmp_path / "tm" / "p02.tmx")


def test_exports_are_byte_identical_twice(tmp_path: Path) -> None:
    first = write_default_exports(tmp_path / "a", sample_beads(), DOCUMENTS, OPTS)
    second = write_default_exports(tmp_path / "b", sample_beads(), DOCUMENTS, OPTS)
    assert first == second
    for name in first:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        if name.endswith(".tmx"):
            assert_valid_tmx(tmp_path / "a" / name)


# Every code point, surrogates and controls included: the exporter must cope with whatever a PDF
# extraction or a hand-edited alignments.jsonl can hold.
_ANY_TEXT = st.text(st.characters(exclude_categories=()), min_size=0, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(src=_ANY_TEXT, tgt=_ANY_TEXT, title=_ANY_TEXT, pair_id=_ANY_TEXT)
def test_random_unicode_always_gives_a_valid_tmx(
    tmp_path: Path, src: str, tgt: str, title: str, pair_id: str
) -> None:
    bead = make_bead(pair_id or "p", "sentence", 0, 0.5, [src], [tgt])
    document = {"pair_id": bead.pair_id, "src_title": title, "tgt_title": title, "status": "paired"}
    path = tmp_path / "random.tmx"
    flt = ExportFilter(min_chars=0, include_numeric=True)
    assert export([bead], [document], "tmx", path, flt, OPTS) == 1
    tree = assert_valid_tmx(path)
    assert read_tmx(path) == [(xml_safe(src), xml_safe(tgt), "en-US", "zh-CN")]
    props = {prop.get("type"): prop.text or "" for prop in tree.iter("prop")}
    assert props.get("x-src-title", "") == xml_safe(title)
    assert tree.getroot().find("body/tu").get("tuid") == xml_safe(f"{bead.pair_id}-s1")


@pytest.mark.parametrize(
    ("pair_id", "name"),
    [
        ("p01", "p01.tmx"),
        ("../etc/passwd", "_etc_passwd.tmx"),
        ("a b/c", "a_b_c.tmx"),
        ("corpus", "corpus_.tmx"),
    ],
)
def test_pair_file_names_stay_inside_tm(pair_id: str, name: str) -> None:
    assert pair_file_name(pair_id) == name


def test_registry_has_the_six_formats() -> None:
    assert {name: exporter.suffix for name, exporter in EXPORTERS.items()} == {
        "tmx": ".tmx",
        "csv": ".csv",
        "tsv": ".tsv",
        "xlsx": ".xlsx",
        "jsonl": ".jsonl",
        "moses": "",  # two files, PATH.<src> and PATH.<tgt>
    }
    assert [name for name, exporter in EXPORTERS.items() if not exporter.allows_omissions] == ["tmx", "moses"]
