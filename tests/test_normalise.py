"""Unicode normalisation of the text read (``aligner.normalise``): each kind of change, what is
kept, line structure and idempotence, and the switch through reading, ``aligner run`` and the API."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aligner
from aligner.cli import main
from aligner.ingest import load_documents, read_source
from aligner.normalise import KINDS, _radicals_supplement, manifest_entry, normalise, normalise_counted


def changes(text: str) -> dict[str, int]:
    return normalise_counted(text).changes


# --------------------------------------------------------------------------- each kind


def test_radical_look_alikes_become_unified_ideographs() -> None:
    # U+2ECB (radicals supplement, from the table), U+2F2F and U+2F12 (Kangxi radicals, NFKC).
    text = "汽\u2ecb \u2f2f\u5382 \u2f12\u91cf"
    assert normalise(text) == "汽车 工厂 力量"
    assert changes(text) == {"radical": 3}


def test_compatibility_ideographs_become_unified_ideographs() -> None:
    # U+F900 and U+F9DC (CJK Compatibility Ideographs), U+2F800 (the supplement plane's block).
    assert normalise("\uf900\uf9dc\U0002f800") == "\u8c48\u9686\u4e3d"
    assert changes("\uf900\uf9dc\U0002f800") == {"compatibility": 3}
    # U+FA0E is a unified ideograph that happens to sit in that block: it stays.
    assert normalise("\ufa0e") == "\ufa0e"


def test_ligatures_are_spelled_out() -> None:
    assert normalise("\ufb01nancial \ufb02ow e\ufb00ect") == "financial flow effect"
    assert changes("\ufb01nancial \ufb02ow") == {"ligature": 2}


def test_full_width_letters_and_digits_become_ascii_but_chinese_punctuation_stays() -> None:
    assert normalise("\uff25\uff36 \uff19\uff10\uff05") == "EV 90%"
    kept = "重庆，成都。“新能源”：（一）！？；、《规划》"
    assert normalise(kept) == kept
    assert changes("\uff25\uff19，") == {"width": 2}
    # A full-width full stop between digits is a decimal point; after a list number it stays.
    assert normalise("增长\uff13\uff0e\uff15\uff05") == "增长3.5%"
    assert normalise("1\uff0e引言") == "1\uff0e引言"
    assert normalise("1 \uff0e5") == "1.5"  # the stray space goes first, then the point is a decimal


def test_spaces_inside_cjk_quotes_and_next_to_cjk_punctuation_go() -> None:
    assert normalise("“ 新能源 ”汽车") == "“新能源”汽车"
    assert normalise("发展 “ AI ” 产业") == "发展 “AI” 产业"
    assert normalise("重庆 ，成都") == "重庆，成都"
    assert normalise("创新， 响应市场趋势") == "创新，响应市场趋势"
    assert normalise("根据 United Nations 制作 （出处）") == "根据 United Nations 制作（出处）"
    assert changes("“ 新能源 ”，重庆 ，") == {"cjk-space": 3}


def test_latin_spacing_and_layout_spaces_are_kept() -> None:
    for text in (
        "The city grows fast. Trade rose by 20 percent.",
        "拥抱 AI 时代，以 AI 加速创新",
        "the “ Chongqing model ” of growth",
        "according to 《Made in China 2025》 plan",
        "- （1）管理层面",  # a list bullet's space
        "¹ 《Smart Manufacturing Market》",  # a footnote marker's space
        "从“照明产品”到“光环境服务” 行业的重心",  # the space ending a run-in heading
        "  （一）概述  ",  # indentation and trailing spaces
        "收入\t（亿元）",
    ):
        assert normalise(text) == text, text


def test_soft_hyphens_and_zero_width_characters_go() -> None:
    assert normalise("estab\u00adlished") == "established"
    assert normalise("重\u200b庆\u200c市\u200d发\u2060展\ufeff") == "重庆市发展"
    assert changes("a\u00adb\u200bc\ufeff") == {"soft-hyphen": 1, "invisible": 2}
    # Ending a line after a letter, a soft hyphen is where the word was broken: shown as a hyphen,
    # which the cleaning joins like any other line-end hyphen.
    assert normalise("estab\u00ad\nlished") == "estab-\nlished"
    # Joiners that shape emoji and Indic scripts stay.
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert normalise(family) == family
    assert normalise("\u0915\u094d\u200d\u0937") == "\u0915\u094d\u200d\u0937"


def test_no_break_spaces_become_spaces_and_the_ideographic_space_stays() -> None:
    assert normalise("50\u00a0km 10\u202f000 a\u2009b") == "50 km 10 000 a b"
    assert changes("50\u00a0km") == {"space": 1}
    assert normalise("目\u3000录") == "目\u3000录"


def test_characters_that_nfkc_would_break_are_kept() -> None:
    # Footnote markers, units, list numbers and the ellipsis are read by the cleaning and checks.
    text = "Growth¹ of 5 m² ① ② … ㎡ ™ Ⅳ ½"
    assert normalise(text) == text
    assert unicodedata.normalize("NFKC", text) != text


def test_radicals_supplement_table_is_complete_and_agrees_with_unicode() -> None:
    table = dict(_radicals_supplement())
    assigned = {chr(c) for c in range(0x2E80, 0x2F00) if unicodedata.category(chr(c)) != "Cn"}
    # Every radical of the block but U+2E80 CJK RADICAL REPEAT, which has no equivalent ideograph.
    assert set(table) == assigned - {"\u2e80"}
    assert len(table) == 114
    for radical, ideograph in table.items():
        assert unicodedata.name(radical).startswith("CJK RADICAL ")
        assert unicodedata.name(ideograph).startswith("CJK UNIFIED IDEOGRAPH-")
        nfkc = unicodedata.normalize("NFKC", radical)
        assert nfkc in (radical, ideograph)  # where NFKC maps one (U+2E9F, U+2EF3), it agrees
    assert table["\u2ecb"] == "车" and table["\u2ed3"] == "长" and table["\u2ea0"] == "民"
    # Kangxi radicals need no table: NFKC maps each to a unified ideograph.
    for code in range(0x2F00, 0x2FD6):
        assert unicodedata.name(unicodedata.normalize("NFKC", chr(code))).startswith("CJK UNIFIED IDEOGRAPH-")


def test_changes_are_counted_in_kind_order_and_summed_for_the_manifest() -> None:
    counted = changes("\ufb01 \u2f2f\u00a0“ 新 ”")
    assert list(counted) == [kind for kind in KINDS if kind in counted]
    entry = manifest_entry(True, {"b.txt": {"radical": 2}, "a.txt": {"radical": 1, "width": 4}, "c.txt": {}})
    assert entry == {
        "enabled": True,
        "changes": {"radical": 3, "width": 4},
        "files": {"a.txt": {"radical": 1, "width": 4}, "b.txt": {"radical": 2}},
    }
    assert manifest_entry(False, {}) == {"enabled": False, "changes": {}, "files": {}}


# --------------------------------------------------------------------------- properties

_TRICKY = list(
    "\n \t\u00a0\u2009\u3000\u00ad\u200b\u200c\u200d\u2060\ufeff“”‘’，。、：；（）《》「」．０９Ｅｆ\ufb01"
    "\u2f2f\u2ecb\uf900｡新能源AI-¹①…\u0915\U0001f468"
)
texts = st.text(alphabet=st.one_of(st.sampled_from(_TRICKY), st.characters(exclude_categories=["Cs"])))


@settings(max_examples=500)
@given(texts)
def test_normalisation_is_idempotent_and_keeps_every_line(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once.count("\n") == text.count("\n")
    # Line by line: each line of the result comes from the line of the same number.
    assert once.split("\n") == [normalise(line) for line in text.split("\n")]


@given(st.text(alphabet=st.sampled_from(list("abc XYZ019.,;:!?'\"()-\n"))))
def test_plain_ascii_text_is_never_changed(text: str) -> None:
    assert normalise(text) == text


# --------------------------------------------------------------------------- reading


def test_read_source_normalises_and_offsets_refer_to_the_normalised_text(tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    raw = "重庆的汽\u2ecb⼯业\n\n“ 新能源 ”汽车发展迅速 ， 去年增长\u200b了百分之二十。\n"
    path.write_text(raw, encoding="utf-8")
    source = read_source(path)
    assert source.text == "重庆的汽车工业\n\n“新能源”汽车发展迅速，去年增长了百分之二十。\n"
    assert source.normalised == {"radical": 2, "invisible": 1, "cjk-space": 4}
    assert source.line_count == 3
    raw_source = read_source(path, normalise=False)
    assert raw_source.text == raw and raw_source.normalised == {}
    assert raw_source.line_count == source.line_count
    # Every segment's span is a slice of the normalised text, on the line it came from.
    (document,) = load_documents([path], "zh")
    for paragraph in document.paragraphs:
        assert source.text[paragraph.char_start : paragraph.char_end] == paragraph.text
        assert source.line_of(paragraph.char_start) == paragraph.line_start
    (as_read,) = load_documents([path], "zh", normalise=False)
    assert as_read.paragraphs[-1].text.startswith("“ 新能源 ”")


def test_word_files_are_normalised_too(tmp_path: Path) -> None:
    import docx  # python-docx

    path = tmp_path / "paper.docx"
    document = docx.Document()
    document.add_paragraph("汽\u2ecb与\ufb01nance")
    document.save(str(path))
    source = read_source(path)
    assert "汽车与finance" in source.text
    assert source.normalised == {"radical": 1, "ligature": 1}
    assert "\u2ecb" in read_source(path, normalise=False).text


@pytest.mark.parametrize("name", ["three-papers.txt", "three-papers.docx", "three-papers.pdf"])
def test_every_input_format_is_read_normalised(name: str) -> None:
    path = Path(__file__).parent / "data" / name
    if not path.is_file():
        pytest.skip(f"no fixture {name}")
    source, as_read = read_source(path), read_source(path, normalise=False)
    assert source.text == normalise(as_read.text)
    assert source.line_count == as_read.line_count
    assert source.normalised == normalise_counted(as_read.text).changes
    # The PDF's text layer spells "file" with the U+FB01 ligature, as PDF fonts often do.
    assert "\ufb01" not in source.text


def test_a_file_of_zero_width_characters_has_no_text(tmp_path: Path) -> None:
    from aligner.errors import InputError

    path = tmp_path / "blank.txt"
    path.write_text("\u200b\ufeff\u200b\n", encoding="utf-8")
    with pytest.raises(InputError, match="only white space"):
        read_source(path)


def test_inspect_shows_the_changes_and_can_switch_them_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "zh.txt"
    path.write_text("汽\u2ecb工业发展迅速 ， 去年增长了百分之二十。\n", encoding="utf-8")
    assert main(["inspect", str(path)]) == 0
    assert "normalised: radical 1, cjk-space 2" in capsys.readouterr().out
    assert main(["inspect", "--json", "--no-normalise", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["normalised"] == {}


# --------------------------------------------------------------------------- the main job

EN = (
    "Chongqing Grows\n\n"
    "The city of Chongqing is growing fast. Many factories opened there last year.\n\n"
    "The government invests in roads and railways. Trade with Europe increased by 20 percent.\n\n"
    "New energy vehicles are a \ufb01eld of growth. Young people move to the city for work.\n"
)
ZH = (
    "重庆在发展\n\n"
    "重庆市发展迅速。去年那里开设了许多⼯厂。\n\n"
    "政府投资修建公路和铁路。与欧洲的贸易增长了百分之二十。\n\n"
    "“ 新能源 ”汽\u2ecb是增长的领域 。年轻人来到城市工作。\n"
)


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path]:
    en, zh = tmp_path / "en.txt", tmp_path / "zh.txt"
    en.write_text(EN, encoding="utf-8")
    zh.write_text(ZH, encoding="utf-8")
    return en, zh


def _run(out: Path) -> tuple[dict[str, object], str]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return manifest, (out / "alignments.jsonl").read_text(encoding="utf-8")


def test_run_records_normalisation_in_the_manifest(
    sources: tuple[Path, Path], tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    en, zh = sources
    out = tmp_path / "on"
    code = main(["run", str(en), str(zh), "-o", str(out), "--cache-dir", str(cache_dir), "-q"])
    assert code in (0, 1), capsys.readouterr().err
    manifest, alignments = _run(out)
    assert manifest["normalisation"] == {
        "enabled": True,
        "changes": {"radical": 2, "ligature": 1, "cjk-space": 3},
        "files": {str(en): {"ligature": 1}, str(zh): {"radical": 2, "cjk-space": 3}},
    }
    assert manifest["parameters"]["normalise"] is True  # type: ignore[index]
    assert "许多工厂" in alignments and "“新能源”汽车是增长的领域。" in alignments
    assert "field of growth" in alignments and "\u2f2f" not in alignments
    # Offsets and lines of every segment point into the normalised text.
    source = read_source(zh)
    for line in alignments.splitlines():
        for segment in json.loads(line)["tgt"]:
            assert source.text[segment["char_start"] : segment["char_end"]] == segment["text"]


def test_no_normalise_leaves_the_text_as_read(
    sources: tuple[Path, Path], tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    en, zh = sources
    out = tmp_path / "off"
    args = ["run", str(en), str(zh), "-o", str(out), "--cache-dir", str(cache_dir), "-q", "--no-normalise"]
    assert main(args) in (0, 1), capsys.readouterr().err
    manifest, alignments = _run(out)
    assert manifest["normalisation"] == {"enabled": False, "changes": {}, "files": {}}
    assert manifest["parameters"]["normalise"] is False  # type: ignore[index]
    assert "许多\u2f2f厂" in alignments and "“ 新能源 ”汽\u2ecb" in alignments and "\ufb01eld" in alignments


def test_api_run_takes_the_switch(sources: tuple[Path, Path], tmp_path: Path, cache_dir: Path) -> None:
    result = aligner.run(
        list(sources), tmp_path / "api", cache_dir=cache_dir, normalise=False, exports=False, report=False
    )
    assert result.manifest["normalisation"] == {"enabled": False, "changes": {}, "files": {}}
    texts = [s.text for bead in result.beads for s in bead.tgt]
    assert any("\u2ecb" in text for text in texts)
