"""Issue 8: every input gets a correct result or a one-line error with a distinct exit code, and no
fault (an interrupted run, a full disk, a shared or corrupted cache) leaves a broken output behind.

The CLI tests call ``aligner.cli.main``, the console script's entry point, which turns errors into
one-line messages and exit codes (typer's ``CliRunner`` would skip that layer). They use the real
default encoder on small texts written here, each with its own embedding cache.
"""

from __future__ import annotations

import codecs
import csv
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner import fileio
from aligner.cli import main
from aligner.errors import InputError, OutputError, UsageError
from aligner.model import Document, Segment
from aligner.pipeline import settle_undetermined, tidy_output_siblings
from aligner.segment import split_long, split_sentences
from test_export_fixtures import assert_valid_tmx

ROOT = Path(__file__).resolve().parent.parent

EN = (
    "Chongqing Grows\n\n"
    "The city of Chongqing is growing fast. Many factories opened there last year.\n\n"
    "The government invests in roads and railways. Trade with Europe increased by 20 percent.\n\n"
    "Young people move to the city for work. Housing prices rose in 2023.\n"
)
ZH = (
    "重庆在发展\n\n"
    "重庆市发展迅速。去年那里开设了许多工厂。\n\n"
    "政府投资修建公路和铁路。与欧洲的贸易增长了百分之二十。\n\n"
    "年轻人来到城市工作。2023年房价上涨。\n"
)
ZH_TRADITIONAL = (
    "重慶在發展\n\n"
    "重慶市發展迅速。去年那裡開設了許多工廠。\n\n"
    "政府投資修建公路和鐵路。與歐洲的貿易增長了百分之二十。\n\n"
    "年輕人來到城市工作。2023年房價上漲。\n"
)

# --------------------------------------------------------------------------- helpers


def leftovers(folder: Path) -> list[str]:
    """Hidden entries beside a run folder, less the pairs' shards (``aligner.shards``), which a
    run keeps on purpose: they let ``--resume`` finish an interrupted run."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".") and not p.name.endswith(".shards")]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def aligner(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run the command line in-process: (exit code, stdout, stderr)."""
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, *sources: object, out: Path | None = None
) -> tuple[int, str, str]:
    """``aligner run SOURCES -o OUT`` quietly, with the test's own embedding cache."""
    out = out or tmp_path / "out"
    return aligner(capsys, "run", *sources, "-o", out, "--cache-dir", tmp_path / "cache", "-q")


def assert_one_line_error(err: str, code: int, expected: int, *needles: str) -> str:
    """Exit code ``expected`` and exactly one stderr line: ``aligner: error: ...`` naming the problem."""
    assert code == expected, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("aligner: error: "), err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def beads(out: Path) -> list[dict[str, Any]]:
    with (out / "alignments.jsonl").open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def sentence_pairs(out: Path) -> list[tuple[str, str]]:
    return [
        (" ".join(s["text"] for s in b["src"]), " ".join(s["text"] for s in b["tgt"]))
        for b in beads(out)
        if b["level"] == "sentence" and b["src"] and b["tgt"]
    ]


def documents(out: Path) -> list[dict[str, str]]:
    with (out / "documents.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path -> SHA-256), to show a folder did not change."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def cache_entries(cache: Path) -> list[Path]:
    """The cache's pack files (see ``aligner.encoders.packs``)."""
    return sorted(cache.rglob("*.pack")) if cache.exists() else []


def assert_cache_consistent(cache: Path) -> None:
    """Every pack is whole and sound (a reader takes all of it or, if damaged, none), and holds
    records of the encoder's sizes."""
    from aligner.encoders.packs import PackStore, _open_pack

    entries = cache_entries(cache)
    assert entries
    widths = set()
    for entry in entries:
        pack = _open_pack(entry)
        assert pack is not None, entry
        widths |= {int(w) for w in pack.meta[:, 2]}
    # embeddings, the pieces and junctions composing encoders keep, and the self-check's answer
    assert widths <= {1, 512, 1554}, widths
    store = PackStore(entries[0].parent)
    assert any(store.get_many(store.keys(), width) for width in widths)


@pytest.fixture
def pair_files(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path / "in" / "en.txt", EN), write(tmp_path / "in" / "zh.txt", ZH)


@dataclass(frozen=True)
class Reference:
    """One complete run of EN and ZH, its inputs and its cache, shared by the module's tests: a
    test that needs an earlier run or a warm cache copies them (``copy_out``, ``copy_cache``)."""

    en: Path
    zh: Path
    out: Path
    cache: Path

    def copy_out(self, to: Path) -> Path:
        shutil.copytree(self.out, to)
        return to

    def copy_cache(self, to: Path) -> Path:
        shutil.copytree(self.cache, to)
        return to


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    base = tmp_path_factory.mktemp("reference")
    done = Reference(
        write(base / "in" / "en.txt", EN), write(base / "in" / "zh.txt", ZH), base / "out", base / "cache"
    )
    code = main(
        ["run", str(done.en), str(done.zh), "-o", str(done.out), "--cache-dir", str(done.cache), "-q"]
    )
    assert code == 0
    return done


# --------------------------------------------------------------------------- inputs: errors


def test_missing_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pair_files: tuple[Path, Path]
) -> None:
    missing = tmp_path / "in" / "nope.txt"
    code, _, err = run(capsys, tmp_path, pair_files[0], missing)
    assert_one_line_error(err, code, InputError.exit_code, str(missing), "no such file or folder")
    assert not (tmp_path / "out").exists()


def test_folder_without_usable_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pair_files: tuple[Path, Path]
) -> None:
    folder = tmp_path / "scans"
    write(folder / "figure.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    write(folder / "notes.rtf", "{\\rtf1 hello}")
    write(folder / ".hidden" / "draft.txt", EN)  # hidden folders are skipped
    code, _, err = run(capsys, tmp_path, pair_files[0], folder)
    listing = "has no .txt, .md, .docx, .odt, .pdf, .html or .xlsx"
    assert_one_line_error(err, code, InputError.exit_code, str(folder), listing)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"), (b"  \n\t\r\n \n", "the file is empty"), ("\u3000\n\n", "only white space")],
    ids=["empty", "whitespace", "ideographic-space"],
)
def test_empty_and_whitespace_only_files(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    pair_files: tuple[Path, Path],
    content: str | bytes,
    message: str,
) -> None:
    blank = write(tmp_path / "in" / "blank.txt", content)
    code, _, err = run(capsys, tmp_path, pair_files[0], blank)
    assert_one_line_error(err, code, InputError.exit_code, str(blank), message)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF file"),
        ("figure.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "a PNG image"),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200), "a JPEG image"),
        ("data.txt", bytes(range(256)) * 8, "binary file"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "not a readable PDF"),
    ],
    ids=["pdf-renamed-txt", "png", "jpeg-renamed-txt", "binary", "truncated-pdf"],
)
def test_binary_files(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    pair_files: tuple[Path, Path],
    name: str,
    content: bytes,
    message: str,
) -> None:
    binary = write(tmp_path / "in" / name, content)
    code, _, err = run(capsys, tmp_path, pair_files[0], binary)
    assert_one_line_error(err, code, InputError.exit_code, str(binary), message)


def test_same_language_on_both_sides_for_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pair_files: tuple[Path, Path]
) -> None:
    # English twice is tested on the bundled volumes (test_pipeline.py); this is Chinese twice.
    other = write(tmp_path / "in" / "zh-tw.txt", ZH_TRADITIONAL)
    code, _, err = run(capsys, tmp_path, pair_files[1], other)
    assert_one_line_error(err, code, InputError.exit_code, "all inputs are in zh", "two languages")


def test_documents_of_only_numbers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = "2019\t2020\t2021\n12.5\t13.1\t14.2\n3%\t4%\t5%\n"
    first = write(tmp_path / "in" / "a.txt", table)
    second = write(tmp_path / "in" / "b.txt", table.replace("\t", "  "))
    code, _, err = run(capsys, tmp_path, first, second)
    assert_one_line_error(err, code, InputError.exit_code, "no input has words to tell its language")
    # Naming the languages cannot help: there is no text to align, and the message says so.
    code, _, err = aligner(
        capsys, "run", first, second, "-o", tmp_path / "o2", "--src-lang", "en", "--tgt-lang", "zh", "-q"
    )
    assert_one_line_error(err, code, InputError.exit_code, "no en document", "only numbers", "a.txt")


# --------------------------------------------------------------------------- inputs: read correctly


def inspect_paragraphs(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[dict[str, Any], list[Any]]:
    """``aligner inspect --json --paragraphs``: the file record and its paragraphs with their places."""
    code, out, err = aligner(capsys, "inspect", path, "--json", "--paragraphs")
    assert code == 0 and "Traceback" not in err, err
    (record,) = json.loads(out)["files"]
    paragraphs = [
        (p["text"], p["line_start"], p["line_end"], p["char_start"], p["char_end"])
        for doc in record["documents"]
        for p in doc["paragraph_list"]
    ]
    return record, paragraphs


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        (codecs.BOM_UTF16_LE + ZH.encode("utf-16-le"), "utf-16", ZH),
        (codecs.BOM_UTF16_BE + EN.encode("utf-16-be"), "utf-16", EN),
        (ZH.encode("utf-16-le"), "utf-16-le", ZH),
        (EN.encode("utf-16-be"), "utf-16-be", EN),
        (ZH.encode("gb18030"), "gb18030", ZH),
        (ZH_TRADITIONAL.encode("big5"), "big5hkscs", ZH_TRADITIONAL),
    ],
    ids=["utf-16-bom-zh", "utf-16-bom-en", "utf-16-le-no-bom", "utf-16-be-no-bom", "gb18030", "big5"],
)
def test_encodings_are_detected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes, encoding: str, expected: str
) -> None:
    record, paragraphs = inspect_paragraphs(capsys, write(tmp_path / "legacy.txt", data))
    assert (record["encoding"], record["replacement_chars"]) == (encoding, 0)
    assert [text for text, *_ in paragraphs] == expected.strip().split("\n\n")


def test_run_on_utf16_without_bom(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "in" / "en16.txt", EN.encode("utf-16-le"))
    tgt = write(tmp_path / "in" / "zh16.txt", ZH.encode("utf-16-be"))
    code, out, err = run(capsys, tmp_path, src, tgt)
    assert code == 0, err
    assert "1 paired" in out
    assert ("Housing prices rose in 2023.", "2023年房价上涨。") in sentence_pairs(tmp_path / "out")


def test_latin1_mislabelled_as_utf8_is_read_and_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = EN.replace("The city of", "The cité of").replace("Europe", "Europé").replace("fast", "fäst")
    latin = write(tmp_path / "in" / "latin.txt", text.encode("latin-1"))
    code, _, err = run(capsys, tmp_path, latin, write(tmp_path / "in" / "zh.txt", ZH))
    assert code == 0, err
    assert "Traceback" not in err
    (warning,) = err.splitlines()
    assert warning.startswith("aligner: warning: ") and "3 undecodable bytes replaced by U+FFFD" in warning
    assert str(latin) in warning and "UTF-8" in warning
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["warnings"] == [warning.removeprefix("aligner: warning: ")]
    assert any("cit\ufffd" in src for src, _ in sentence_pairs(tmp_path / "out"))


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["windows", "old-mac"])
def test_windows_and_old_mac_line_endings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, newline: str
) -> None:
    # the same paragraphs, lines and character offsets as with \n line ends
    _, expected = inspect_paragraphs(capsys, write(tmp_path / "lf.txt", EN))
    _, found = inspect_paragraphs(capsys, write(tmp_path / "other.txt", EN.replace("\n", newline)))
    assert found == expected


def test_run_on_windows_and_old_mac_line_endings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "in" / "en-crlf.txt", EN.replace("\n", "\r\n"))
    tgt = write(tmp_path / "in" / "zh-cr.txt", ZH.replace("\n", "\r"))
    code, _, err = run(capsys, tmp_path, src, tgt)
    assert code == 0, err
    places = {
        s["text"]: (s["line_start"], s["line_end"])
        for b in beads(tmp_path / "out")
        if b["level"] == "sentence"
        for s in b["src"] + b["tgt"]
    }
    assert places["Housing prices rose in 2023."] == (7, 7)
    assert places["2023年房价上涨。"] == (7, 7)


def test_a_single_5mb_line_without_breaks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pair_files: tuple[Path, Path]
) -> None:
    # An English paper with an embedded 5 MB data blob on one line: no line break, no space.
    blob = "data:" + "QUJDREVGR0" * 500_000
    src = write(tmp_path / "in" / "with-blob.txt", EN + "\n" + blob + "\n")
    started = time.perf_counter()
    code, _, err = run(capsys, tmp_path, src, pair_files[1])
    assert code == 0, err
    assert time.perf_counter() - started < 60
    (warning,) = err.splitlines()
    assert (
        warning.startswith("aligner: warning: ")
        and "a paragraph of 5,000,005 characters is cut into" in warning
    )
    # the real text is aligned; the blob is kept, cut into paragraphs, and shows as omissions
    assert ("Housing prices rose in 2023.", "2023年房价上涨。") in sentence_pairs(tmp_path / "out")
    blob_parts = [
        s
        for b in beads(tmp_path / "out")
        if b["level"] == "paragraph"
        for s in b["src"]
        if s["line_start"] == 9
    ]
    assert "".join(s["text"] for s in blob_parts) == blob
    assert max(len(s["text"]) for s in blob_parts) <= 10_000


def test_splitting_a_huge_line_takes_linear_time() -> None:
    """Long paragraphs split in linear time (splitting 200,000 characters took half a minute when
    each sentence end looked back at the whole text before it)."""
    for text, lang in (
        ("The city grows fast. It opened 12 plants, e.g. in Liangjiang. " * 3_200, "en"),
        ("重庆市发展迅速。去年开设了许多工厂！" * 11_000, "zh"),
    ):
        paragraph = Segment(text.strip(), "huge.txt", 1, 1, 0, len(text.strip()))
        started = time.perf_counter()
        sentences = split_sentences(paragraph, lang)
        parts = split_long(paragraph, lang, 10_000)
        assert time.perf_counter() - started < 10
        assert len(sentences) > 6_000 and all(len(p.text) <= 10_000 for p in parts)


_PIECES = st.sampled_from(["word", " ", "  ", "\n", "Dr.", "end.", "重庆", "。", "x" * 37, "！", "The", "A."])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=60), st.integers(1, 80), st.sampled_from(["en", "zh"]))
def test_cutting_long_paragraphs_never_loses_a_character(pieces: list[str], limit: int, lang: str) -> None:
    text = "".join(pieces).strip() or "x"
    paragraph = Segment(text, "f.txt", 1, 1, 0, len(text))
    parts = split_long(paragraph, lang, limit)
    assert re.sub(r"\s", "", "".join(p.text for p in parts)) == re.sub(r"\s", "", text)
    for part in parts:
        assert part.text and part.text == part.text.strip() and len(part.text) <= max(limit, 1)
        assert text[part.char_start : part.char_end] == part.text
    assert [p.char_start for p in parts] == sorted(p.char_start for p in parts)


def test_source_and_target_swapped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reference: Reference
) -> None:
    code, _, err = run(capsys, tmp_path, reference.zh, reference.en, out=tmp_path / "zh-en")
    assert code == 0, err
    # English is the source whatever the argument order: the same run folder
    for name in ("alignments.jsonl", "documents.csv", "tm/corpus.tmx", "report.json"):
        assert (reference.out / name).read_bytes() == (tmp_path / "zh-en" / name).read_bytes(), name
    # and Chinese is the source when asked
    code, _, err = aligner(
        capsys, "run", reference.en, reference.zh, "-o", tmp_path / "zh-src", "--src-lang", "zh",
        "--tgt-lang", "en", "--cache-dir", tmp_path / "cache", "-q",
    )  # fmt: skip
    assert code == 0, err
    assert ("2023年房价上涨。", "Housing prices rose in 2023.") in sentence_pairs(tmp_path / "zh-src")


def _long_paper(paragraphs: int) -> tuple[str, list[str]]:
    cities = ["Chongqing", "Chengdu", "Wuhan", "Nanjing", "Tianjin", "Hangzhou", "Suzhou", "Xiamen"]
    templates = [
        "In {year}, the factories of {city} built {n} cars.",
        "The port of {city} handled {n} containers in {year}.",
        "{city} opened {n} new schools in {year}.",
        "The population of {city} grew by {n} people in {year}.",
    ]
    lines = [
        templates[i % 4].format(year=1950 + i % 70, city=cities[(i // 4) % 8], n=100 + 7 * i)
        for i in range(paragraphs)
    ]
    return "Industry in Eight Cities\n\n" + "\n\n".join(lines) + "\n", lines


def test_three_line_summary_against_a_300_paragraph_paper(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    paper, lines = _long_paper(300)
    assert lines[0] == "In 1950, the factories of Chongqing built 100 cars."
    summary = (
        "八城工业\n\n1950年，重庆的工厂生产了100辆汽车。\n\n"
        "1951年，重庆港处理了107个集装箱。\n\n1952年，重庆新开了114所学校。\n"
    )
    src = write(tmp_path / "in" / "paper.txt", paper)
    tgt = write(tmp_path / "in" / "summary.txt", summary)
    code, out, err = run(capsys, tmp_path, src, tgt)
    assert code == 0, err
    assert "1 paired" in out and "report findings:" in out  # findings exit 0 without --fail-on-findings
    pairs = sentence_pairs(tmp_path / "out")
    assert (
        "In 1950, the factories of Chongqing built 100 cars.",
        "1950年，重庆的工厂生产了100辆汽车。",
    ) in pairs
    assert len(pairs) <= 6
    sentences = [b for b in beads(tmp_path / "out") if b["level"] == "sentence"]
    assert sum(len(b["src"]) for b in sentences) == 301  # every source sentence, aligned or omitted
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert {f["check"] for f in report["findings"]} & {"omission", "condensed"}


def test_documents_that_are_only_tables(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # too few words to tell the language by its function words: English goes by its Latin letters
    src = write(tmp_path / "in" / "table-en.txt", "Year\tRevenue\tGrowth\n2019\t12.5\t3%\n2020\t13.1\t4%\n")
    tgt = write(tmp_path / "in" / "table-zh.txt", "年份\t收入\t增长\n2019\t12.5\t3%\n2020\t13.1\t4%\n")
    code, _, err = run(capsys, tmp_path, src, tgt)
    assert code == 0, err
    rows = documents(tmp_path / "out")
    assert {(r["src_file"], r["tgt_file"]) for r in rows if r["status"] == "paired"} == {(str(src), str(tgt))}


def test_a_table_paper_inside_a_volume_keeps_the_volume_language() -> None:
    def doc(lang: str, file: str, text: str) -> Document:
        return Document("d", "t", lang, file, 1, 1, [Segment(text, file, 1, 1, 0, len(text))])

    docs = [doc("en", "vol.txt", "Prose."), doc("und", "vol.txt", "2019 12.5"), doc("und", "x.txt", "12 13")]
    settle_undetermined(docs, None, None)
    assert [d.lang for d in docs] == ["en", "en", "und"]


def test_toc_entries_not_found_in_the_body(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    contents = (
        "Proceedings of the Council\n\nContents\n\n"
        "1. Green Steel in the Valley ........ 3\n"
        "2. A Paper Nobody Wrote ........ 7\n"
        "3. Water Policy for Cities ........ 9\n\n"
    )
    body = (
        "Green Steel in the Valley\n\nThe valley makes steel with hydrogen. Emissions fell by 40 percent.\n\n"
        "Water Policy for Cities\n\nCities must save water. Leaks waste 30 percent of it.\n"
    )
    src = write(tmp_path / "in" / "volume.txt", contents + body)
    steel = write(tmp_path / "in" / "steel.txt", "山谷绿色钢铁\n\n山谷用氢气炼钢。排放量下降了百分之四十。\n")
    water = write(
        tmp_path / "in" / "water.txt", "城市水政策\n\n城市必须节约用水。漏水浪费了其中百分之三十。\n"
    )
    code, out, err = run(capsys, tmp_path, src, steel, water)
    assert code == 0, err
    assert "2 paired, 0 source-only, 0 target-only" in out
    (warning,) = err.splitlines()
    assert warning.startswith("aligner: warning: ")
    assert "table of contents entry 2 (line 6) not found in the text: A Paper Nobody Wrote" in warning
    removed = [json.loads(line) for line in (tmp_path / "out" / "removed.jsonl").read_text().splitlines()]
    assert any(r["reason"] == "toc" and r["line_start"] == 3 for r in removed)

    # none of the entries in the text: the file is one document, the contents lines kept as its text
    ghost = write(
        tmp_path / "ghost.txt", contents + body.replace("Green Steel", "Brown Coal").replace("Water", "Air")
    )
    record, paragraphs = inspect_paragraphs(capsys, ghost)
    assert record["split"] == "single"
    texts = [text for text, *_ in paragraphs]
    assert texts[1:5] == ["Contents", *contents.splitlines()[4:7]]


def test_duplicate_documents(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pair_files: tuple[Path, Path]
) -> None:
    en, zh = pair_files
    # the same file named twice (directly and through its folder) is read once
    code, out, err = run(capsys, tmp_path, en, en.parent, out=tmp_path / "twice")
    assert code == 0, err
    assert "1 paired, 0 source-only, 0 target-only" in out and not err
    # a copy under another name: both kept, the copy unpaired, and the user told
    copy = write(tmp_path / "in2" / "copy of en.txt", EN)
    code, out, err = aligner(
        capsys, "run", en, copy, zh, "-o", tmp_path / "copy", "--cache-dir", tmp_path / "cache", "-q",
        "--fail-on-findings", "critical",
    )  # fmt: skip
    assert code == 1, err
    assert "1 paired, 1 source-only, 0 target-only" in out
    (warning,) = err.splitlines()
    assert (
        warning.startswith("aligner: warning: ") and "has the same text as" in warning and str(en) in warning
    )


def test_file_names_with_spaces_quotes_and_non_ascii(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = write(tmp_path / "in put" / "my 'en' \"paper\" & é.txt", EN)
    tgt = write(tmp_path / "in put" / "中文 “译文” <it's>.txt", ZH)
    out = tmp_path / "out folder 'ü' 结果"
    code, _, err = run(capsys, tmp_path, src, tgt, out=out)
    assert code == 0, err
    (row,) = documents(out)
    assert (row["src_file"], row["tgt_file"]) == (str(src), str(tgt))
    tree = assert_valid_tmx(out / "tm" / "corpus.tmx")
    props = {p.get("type"): p.text for p in tree.iter("prop")}
    assert (props["x-src-file"], props["x-tgt-file"]) == (str(src), str(tgt))
    with (out / "segments.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows and all((r["src_file"], r["tgt_file"]) == (str(src), str(tgt)) for r in rows)


# --------------------------------------------------------------------------- the output folder


def test_output_folder_with_a_previous_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pair_files: tuple[Path, Path], reference: Reference
) -> None:
    out = reference.copy_out(tmp_path / "out")
    before = snapshot(out)
    assert "tm/corpus.tmx" in before and "report.html" in before

    code, _, err = run(capsys, tmp_path, *pair_files)
    assert_one_line_error(err, code, OutputError.exit_code, str(out), "already holds a run", "--force")
    assert snapshot(out) == before

    # --force replaces the run as a whole: nothing of the first run is left beside the second
    code, _, err = aligner(
        capsys, "run", *pair_files, "-o", out, "--force", "--no-exports", "--no-report",
        "--cache-dir", tmp_path / "cache", "-q",
    )  # fmt: skip
    assert code == 0, err
    assert sorted(snapshot(out)) == ["alignments.jsonl", "documents.csv", "manifest.json", "removed.jsonl"]
    assert leftovers(tmp_path) == []

    # a folder holding anything else is never replaced, even with --force
    other = tmp_path / "thesis"
    write(other / "chapter1.docx", b"precious")
    code, _, err = aligner(capsys, "run", *pair_files, "-o", other, "--force", "-q")
    assert_one_line_error(err, code, OutputError.exit_code, str(other), "holds no earlier run")
    assert (other / "chapter1.docx").read_bytes() == b"precious"


def test_output_path_that_is_a_file_or_under_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pair_files: tuple[Path, Path]
) -> None:
    afile = write(tmp_path / "results.txt", "not a folder")
    code, _, err = run(capsys, tmp_path, *pair_files, out=afile)
    assert_one_line_error(err, code, OutputError.exit_code, str(afile), "is not a folder")
    code, _, err = run(capsys, tmp_path, *pair_files, out=afile / "run")
    assert_one_line_error(err, code, OutputError.exit_code, "is a file, not a folder", "choose another -o")
    # refused before reading or encoding anything
    assert cache_entries(tmp_path / "cache") == []
    assert afile.read_text() == "not a folder"


def test_output_folder_that_cannot_be_written(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    pair_files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse as it would refuse a user
        real_mkdtemp = tempfile.mkdtemp

        def refuse(*args: Any, **kwargs: Any) -> str:
            if Path(str(kwargs.get("dir", ""))) == locked:
                raise PermissionError(errno.EACCES, "Permission denied")
            return real_mkdtemp(*args, **kwargs)

        monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    try:
        code, _, err = run(capsys, tmp_path, *pair_files, out=locked / "run")
    finally:
        locked.chmod(0o755)
    assert_one_line_error(
        err, code, OutputError.exit_code, str(locked), "Permission denied", "choose another"
    )
    assert list(locked.iterdir()) == []
    assert cache_entries(tmp_path / "cache") == []


# --------------------------------------------------------------------------- faults


class _FullDisk:
    """A file stream that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, stream: IO[Any], room: int) -> None:
        self._stream = stream
        self._room = room

    def write(self, data: Any) -> int:
        if len(data) > self._room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._stream.write(data)  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


def test_disk_full_while_writing_exports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reference: Reference, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = reference.copy_out(tmp_path / "out")
    cache = reference.copy_cache(tmp_path / "cache")
    before = snapshot(out)

    # Every atomic write goes through fileio's os.fdopen: files written into tm/ find the disk
    # full after 200 bytes, i.e. part-way through the first translation memory.
    real_fdopen = os.fdopen

    def fdopen(handle: int, *args: Any, **kwargs: Any) -> Any:
        stream = real_fdopen(handle, *args, **kwargs)
        if "/tm/" in os.readlink(f"/proc/self/fd/{handle}"):
            return _FullDisk(stream, 200)
        return stream

    monkeypatch.setattr(fileio.os, "fdopen", fdopen)
    code, _, err = aligner(
        capsys, "run", reference.en, reference.zh, "-o", out, "--force", "--cache-dir", cache, "-q"
    )
    line = assert_one_line_error(
        err, code, OutputError.exit_code, "No space left on device", "free some disk space", str(out / "tm")
    )
    assert ".tmp-" not in line  # the file is named where the user would look for it
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_a_cache_that_cannot_be_written_warns_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pair_files: tuple[Path, Path]
) -> None:
    blocked = write(tmp_path / "cache-is-a-file", "not a folder")
    code, _, err = aligner(capsys, "run", *pair_files, "-o", tmp_path / "out", "--cache-dir", blocked, "-q")
    assert code == 0, err
    assert "Traceback" not in err
    assert re.search(r"aligner: warning: the embedding cache could not be written.*cache-is-a-file", err), err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert any("embedding cache" in warning for warning in manifest["warnings"])


def test_internal_error_is_one_line_with_a_hint(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    pair_files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("aligner.pipeline.pair", broken)
    code, _, err = run(capsys, tmp_path, *pair_files)
    assert_one_line_error(err, code, 70, "internal error: ZeroDivisionError: a bug", "rerun with --debug")
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path) == []
    code, _, err = aligner(
        capsys, "--debug", "run", *pair_files, "-o", tmp_path / "out", "--cache-dir", tmp_path / "cache", "-q"
    )
    assert code == 70 and "Traceback" in err and "ZeroDivisionError" in err


def test_corrupted_cache_entries_are_recomputed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, reference: Reference
) -> None:
    entries = cache_entries(reference.copy_cache(tmp_path / "cache"))
    whole = entries[0].read_bytes()
    damage = [  # truncated, garbage, empty, values that are not finite
        whole[:40],
        b"garbage of no pack size",
        b"",
        whole[: len(whole) - 4096] + np.full(1024, np.nan, dtype="<f4").tobytes(),
    ]
    for k, entry in enumerate(entries):
        entry.write_bytes(damage[k % len(damage)] if k else damage[-1])
    write(entries[0].parent / ".stray123.tmp", b"left by a killed run")
    code, _, err = run(capsys, tmp_path, reference.en, reference.zh, out=tmp_path / "again")
    assert code == 0, err
    assert (tmp_path / "again" / "alignments.jsonl").read_bytes() == (
        reference.out / "alignments.jsonl"
    ).read_bytes()
    assert_cache_consistent(tmp_path / "cache")


def test_next_run_cleans_up_after_a_killed_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # killed while writing: a staging folder with partial output
    write(tmp_path / ".out.tmp-dead1" / "alignments.jsonl", '{"half": ')
    # killed between the two renames that replace a run: the earlier run parked, out/ missing
    write(tmp_path / ".out.old-dead2" / "run" / "manifest.json", "{}")
    # a staging folder a live run holds: left alone
    live = tmp_path / ".out.tmp-live"
    live.mkdir()
    handle = os.open(live, os.O_RDONLY)
    try:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)
        tidy_output_siblings(out)
    finally:
        os.close(handle)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".shards")) == [
        ".out.tmp-live",
        "out",
    ]
    assert (out / "manifest.json").read_text() == "{}"


# --------------------------------------------------------------------------- killed runs


def _medium_inputs(folder: Path) -> tuple[Path, Path]:
    """Two papers that take a cold run several seconds of encoding."""
    cities = {"Chongqing": "重庆", "Chengdu": "成都", "Wuhan": "武汉", "Nanjing": "南京", "Xiamen": "厦门"}
    en, zh = ["Five Cities at Work"], ["五城工作"]
    for i in range(60):
        city, city_zh = list(cities.items())[i % 5]
        year, n = 1960 + i, 50 + 11 * i
        en.append(f"In {year}, the factories of {city} built {n} trucks and hired {3 * n} workers.")
        zh.append(f"{year}年，{city_zh}的工厂生产了{n}辆卡车，雇用了{3 * n}名工人。")
    return (
        write(folder / "en.txt", "\n\n".join(en) + "\n"),
        write(folder / "zh.txt", "\n\n".join(zh) + "\n"),
    )


def _start_run(sources: tuple[Path, Path], out: Path, cache: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "aligner", "run", *map(str, sources), "-o", str(out), "--force", "-q"],
        env={**os.environ, "ALIGNER_CACHE_DIR": str(cache)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_cache_entries(process: subprocess.Popen[str], cache: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not cache_entries(cache):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never started encoding"
        time.sleep(0.02)


@pytest.fixture
def previous_run(tmp_path: Path, reference: Reference) -> Path:
    """An output folder holding an earlier, complete run."""
    return reference.copy_out(tmp_path / "out")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT", "SIGTERM"])
def test_run_interrupted_while_encoding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, previous_run: Path, how: str
) -> None:
    sources = _medium_inputs(tmp_path / "medium")
    cache = tmp_path / "cache"
    before = snapshot(previous_run)
    process = _start_run(sources, previous_run, cache)
    try:
        _wait_for_cache_entries(process, cache)
        process.send_signal(getattr(signal, how))
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    if how == "SIGINT":  # Ctrl-C: a clean stop, said in one line
        assert_one_line_error(err, process.returncode, 130, "interrupted")
    elif how == "SIGTERM":  # kill, a scheduler or a container stopping: the same clean stop
        assert_one_line_error(err, process.returncode, 143, "terminated (SIGTERM)")
        assert list(cache.rglob("*.tmp")) == []
    else:
        assert process.returncode == -signal.SIGKILL

    # the earlier run is untouched, nothing half-written lies beside it, the cache is whole
    assert snapshot(previous_run) == before
    assert leftovers(tmp_path) == []
    assert_cache_consistent(cache)

    # and a rerun with the same cache finishes, reusing what the killed run encoded
    code, out, err = aligner(
        capsys, "run", *sources, "-o", previous_run, "--force", "--cache-dir", cache, "-q"
    )
    assert code == 0, err
    assert "1 paired" in out
    manifest = json.loads((previous_run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["cache"]["hits"] > 0
    assert [name for name in leftovers(tmp_path) if name.startswith(".out.")] == []


# --------------------------------------------------------------------------- exit codes


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = aligner(capsys, "--help")
    assert code == 0
    flat = " ".join(out.split())
    for text in (
        "Exit codes: 0 ok",
        "2 usage",
        "3 input",
        "4 output",
        "5 encoder",
        "70 internal",
        "130 interrupted",
        "143 terminated",
    ):
        assert text in flat
    code, out, _ = aligner(capsys, "run", "--help")
    assert code == 0 and "--fail-on-findings" in out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for exit_code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 5 |", "| 70 |", "| 130 |", "| 143 |"):
        assert exit_code in section


def test_usage_errors_of_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pair_files: tuple[Path, Path]
) -> None:
    code, _, err = aligner(capsys, "run", *pair_files)
    assert code == UsageError.exit_code and "Missing option" in err and "Traceback" not in err
    code, _, err = aligner(
        capsys, "run", *pair_files, "-o", tmp_path / "o", "--fail-on-findings", "fatal", "-q"
    )
    assert code == UsageError.exit_code and "--fail-on-findings" in err and "Traceback" not in err
    code, _, err = aligner(
        capsys, "run", *pair_files, "-o", tmp_path / "o", "--src-lang", "en", "--tgt-lang", "en", "-q"
    )
    assert_one_line_error(err, code, UsageError.exit_code, "--src-lang and --tgt-lang must differ")
    assert not (tmp_path / "o").exists()


def test_fail_on_findings_is_opt_in(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The Chinese leaves out a sentence with a number: findings. Without the option a run with
    # findings exits 0 (the summary and 300-paragraph tests); with it, 1, and the run is written.
    src = write(tmp_path / "in" / "en.txt", EN)
    tgt = write(tmp_path / "in" / "zh.txt", ZH.replace("与欧洲的贸易增长了百分之二十。", ""))
    code, out, err = aligner(
        capsys, "run", src, tgt, "-o", tmp_path / "gate", "--fail-on-findings", "minor",
        "--cache-dir", tmp_path / "cache", "-q",
    )  # fmt: skip
    assert code == 1 and err == ""
    assert "report findings:" in out
    assert (tmp_path / "gate" / "manifest.json").is_file()


# --------------------------------------------------------------------------- the alignment core, fuzzed


def _vectors(kind: str, rows: int, rng: np.random.Generator) -> np.ndarray:
    if kind == "zero":  # what an encoder may give an empty or unencodable text
        return np.zeros((rows, 8), dtype=np.float32)
    base = rng.normal(size=(1 if kind in ("same", "opposite") else rows, 8)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    if kind in ("same", "opposite"):  # every row identical: all ties
        base = np.repeat(base, rows, axis=0) * (-1 if kind == "opposite" else 1)
    return base


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(0, 30),
    m=st.integers(0, 30),
    kinds=st.tuples(*[st.sampled_from(["random", "zero", "same", "opposite"])] * 2),
    lengths=st.sampled_from(["none", "zero", "random", "huge"]),
    seed=st.integers(0, 2**16),
)
def test_alignment_covers_every_segment_whatever_the_similarities(
    n: int, m: int, kinds: tuple[str, str], lengths: str, seed: int
) -> None:
    from aligner.align import AlignConfig, align_similarity

    rng = np.random.default_rng(seed)
    src, tgt = _vectors(kinds[0], n, rng), _vectors(kinds[1], m, rng)
    sizes = {
        "none": (None, None),
        "zero": (np.zeros(n), np.zeros(m)),
        "random": (rng.integers(1, 80, n), rng.integers(1, 80, m)),
        "huge": (np.full(n, 10**7), rng.integers(1, 3, m)),
    }[lengths]
    beads = align_similarity([src], [tgt], *sizes, config=AlignConfig(coarse_size=8, band=2))
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    assert all((b.src or b.tgt) and 0.0 <= b.score <= 1.0 for b in beads)


def test_align_sentences_refuses_a_5mb_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "en.txt", "One sentence.\n" + "QUJDREVGR0" * 500_000 + "\n")
    tgt = write(tmp_path / "zh.txt", "一句话。\n")
    code, _, err = aligner(capsys, "align-sentences", src, tgt, "--presplit", "--cache-dir", tmp_path / "c")
    assert_one_line_error(err, code, InputError.exit_code, str(src), "5,000,000 characters", "break the line")
