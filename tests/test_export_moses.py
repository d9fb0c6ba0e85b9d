"""Moses/OPUS plain text: two line-aligned files, one segment a line, whatever the text holds."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import aligner
import aligner.fileio
from aligner.cli import main
from aligner.errors import OutputError, UsageError
from aligner.exporters import ExportFilter, ExportOptions, export, format_for_suffix
from aligner.exporters.moses import moses_paths, one_line
from test_export_fixtures import (
    CREATED,
    DEFAULT_SENTENCE_UNITS,
    DOCUMENTS,
    HOSTILE_SRC,
    HOSTILE_TGT,
    make_bead,
    write_run,
)


@pytest.fixture
def run(tmp_path: Path) -> Path:
    return write_run(tmp_path / "run")


def read_lines(path: Path) -> list[str]:
    # newline="" and split("\n") only: any other line break left in a line would show up here
    with path.open(encoding="utf-8", newline="") as stream:
        text = stream.read()
    assert text.endswith("\n")
    return text[:-1].split("\n")


def test_two_line_aligned_files_named_by_language(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(run), "--format", "moses"]) == 0
    src, tgt = run / "exports" / "corpus-sentence.en", run / "exports" / "corpus-sentence.zh"
    said = capsys.readouterr().out
    assert said.startswith(f"wrote 5 sentence units to {src} and {tgt} (moses); kept 5 of 11")
    assert read_lines(src) == [text for _, text, _ in DEFAULT_SENTENCE_UNITS]
    assert read_lines(tgt) == [text for _, _, text in DEFAULT_SENTENCE_UNITS]


def test_hostile_text_stays_on_one_line(tmp_path: Path) -> None:
    beads = [
        make_bead("p01", "sentence", 0, 0.9, [HOSTILE_SRC], [HOSTILE_TGT]),
        make_bead("p01", "sentence", 0, 0.9, ["two\nlines\u2028and\x85more"], ["第一行\r\n第二行\u2029"]),
        make_bead("p01", "sentence", 0, 0.9, ["Last one."], ["最后一句。"]),
    ]
    base = tmp_path / "bitext"
    assert export(beads, DOCUMENTS, "moses", base, ExportFilter(), ExportOptions(created=CREATED)) == 3
    src, tgt = read_lines(tmp_path / "bitext.en"), read_lines(tmp_path / "bitext.zh")
    assert len(src) == len(tgt) == 3
    assert src[1] == "two lines and more" and tgt[1] == "第一行 第二行"
    assert src[2] == "Last one." and tgt[2] == "最后一句。"
    for line in src + tgt:
        assert line == line.strip() and "  " not in line
        assert not any(ord(c) < 32 or c in "\x85\u2028\u2029" for c in line)
    assert "]]> \"double\" 'single' page" in src[0] and "\ufffd" in src[0]  # lone surrogates marked


def test_one_line_collapses_breaks_and_removes_controls() -> None:
    assert one_line(" a\tb\x0cc\x00d\r\ne ") == "a b cd e"
    assert one_line("\u2028") == ""


def test_file_names_when_the_languages_share_a_prefix() -> None:
    base = Path("out/bitext")
    assert moses_paths(base, "en-US", "zh-CN") == (Path("out/bitext.en"), Path("out/bitext.zh"))
    assert moses_paths(base, "zh-CN", "zh-TW") == (Path("out/bitext.zh-cn"), Path("out/bitext.zh-tw"))
    assert moses_paths(base, "en", "en") == (Path("out/bitext.en.src"), Path("out/bitext.en.tgt"))


def test_language_codes_name_the_files(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", src_lang="de", tgt_lang="zh")
    done = aligner.export(run, tmp_path / "c", format="moses", tgt_lang_code="zh-Hant")
    assert [path.name for path in done.files] == ["c.de", "c.zh"]


def test_existing_files_need_force_and_omissions_are_refused(run: Path, tmp_path: Path) -> None:
    base = tmp_path / "c"
    (tmp_path / "c.zh").write_text("keep me\n", encoding="utf-8")
    with pytest.raises(OutputError, match=r"c\.zh exists; pass force=True"):
        aligner.export(run, base, format="moses")
    assert (tmp_path / "c.zh").read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / "c.en").exists()
    assert aligner.export(run, base, format="moses", force=True).units == 5
    with pytest.raises(UsageError, match="never hold omissions"):
        aligner.export(run, base, format="moses", force=True, include_omissions=True)


def test_a_path_without_suffix_names_no_format() -> None:
    assert format_for_suffix(Path("corpus")) is None
    assert format_for_suffix(Path("corpus.tmx")) == "tmx"


def test_a_failed_write_leaves_both_earlier_files(
    run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "c"
    aligner.export(run, base, format="moses", kinds=["1-1"])
    before = {path: path.read_bytes() for path in (tmp_path / "c.en", tmp_path / "c.zh")}
    real_open = aligner.fileio.atomic_open

    @contextlib.contextmanager
    def disk_full_on_the_source_side(path: Path, *args: Any, **kwargs: Any) -> Iterator[Any]:
        with real_open(path, *args, **kwargs) as stream:
            if Path(path).suffix == ".en":  # the second file fills the disk on its last line
                lines = len(before[tmp_path / "c.en"].splitlines())
                stream.write = _fails_after(stream.write, lines + 1)
            yield stream

    monkeypatch.setattr("aligner.exporters.moses.atomic_open", disk_full_on_the_source_side)
    with pytest.raises(OutputError, match="No space left"):
        aligner.export(run, base, format="moses", force=True)
    assert {path: path.read_bytes() for path in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.en", "c.zh", "run"]


def _fails_after(write: Callable[[str], int], calls: int) -> Callable[[str], int]:
    count = 0

    def failing(text: str) -> int:
        nonlocal count
        count += 1
        if count >= calls:
            raise OSError(28, "No space left on device")
        return write(text)

    return failing
