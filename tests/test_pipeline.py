"""The main job end to end on the bundled corpus, and the run folder's contract."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from aligner.cli import main
from aligner.errors import InputError, OutputError
from aligner.pipeline import RunOptions, check_output_folder, run, staged_output
from conftest import EARLIER_VOLUME, EN_VOLUME, ZH_VOLUME


def documents(out: Path) -> list[dict[str, str]]:
    with (out / "documents.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def doc_number(row: dict[str, str], side: str) -> int:
    """The paper's position in its volume's table of contents, from its doc id in the beads."""
    return int(row[f"{side}_first_line"])


def test_all_22_papers_pair_with_their_translation(cmia_run: Path) -> None:
    rows = documents(cmia_run)
    paired = [r for r in rows if r["status"] == "paired"]
    assert len(paired) == 22
    assert len(rows) == 22
    # Both volumes list the papers in the same order, so the k-th English paper's translation is
    # the k-th Chinese paper: sorting pairs by English position must sort them by Chinese position.
    by_src = sorted(paired, key=lambda r: doc_number(r, "src"))
    assert [doc_number(r, "tgt") for r in by_src] == sorted(doc_number(r, "tgt") for r in paired)


def test_every_body_line_is_aligned_or_listed_as_removed(cmia_run: Path) -> None:
    covered: dict[str, set[int]] = {}
    with (cmia_run / "alignments.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            bead = json.loads(line)
            if bead["level"] != "paragraph":
                continue
            for segment in bead["src"] + bead["tgt"]:
                covered.setdefault(
                    Path(segment["file"]).name + Path(segment["file"]).parent.name, set()
                ).update(range(segment["line_start"], segment["line_end"] + 1))
    with (cmia_run / "removed.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            item = json.loads(line)
            covered.setdefault(Path(item["file"]).name + Path(item["file"]).parent.name, set()).update(
                range(item["line_start"], item["line_end"] + 1)
            )
    for volume in (EN_VOLUME, ZH_VOLUME):
        key = volume.name + volume.parent.name
        lines = volume.read_text(encoding="utf-8").splitlines()
        missing = [
            n for n, text in enumerate(lines, start=1) if text.strip() and n not in covered.get(key, set())
        ]
        assert missing == [], f"{volume}: lines {missing[:10]} neither aligned nor removed"


def test_beads_trace_back_to_input_lines(cmia_run: Path) -> None:
    en_lines = EN_VOLUME.read_text(encoding="utf-8").splitlines()
    with (cmia_run / "alignments.jsonl").open(encoding="utf-8") as stream:
        beads = [json.loads(line) for line in stream]
    sentence_beads = [b for b in beads if b["level"] == "sentence" and b["src"]]
    assert len(sentence_beads) > 1000
    for bead in sentence_beads[::97]:
        segment = bead["src"][0]
        first_words = re.sub(r"\W+", " ", segment["text"]).split()[:2]
        source = " ".join(en_lines[segment["line_start"] - 1 : segment["line_end"]])
        assert all(word in re.sub(r"\W+", " ", source) for word in first_words), segment


def test_manifest_records_inputs_encoder_parameters_and_timings(cmia_run: Path) -> None:
    manifest = json.loads((cmia_run / "manifest.json").read_text(encoding="utf-8"))
    assert {Path(i["path"]).name for i in manifest["inputs"]} == {"en.txt", "zh.txt"}
    assert all(len(i["sha256"]) == 64 and i["bytes"] > 0 for i in manifest["inputs"])
    assert manifest["encoder"]["id"] == "use-m3"
    assert manifest["src_lang"] == "en" and manifest["tgt_lang"] == "zh"
    assert manifest["created"] == "2026-01-01T00:00:00Z"
    assert {"read", "pair", "align", "total"} <= set(manifest["timings_s"])
    assert "sentence_align" in manifest["parameters"]


def test_rerun_is_byte_identical_and_order_insensitive(
    cmia_run: Path, tmp_path: Path, cache_dir: Path
) -> None:
    again = tmp_path / "again"
    run([ZH_VOLUME, EN_VOLUME], again, RunOptions(created="2026-01-01T00:00:00Z"), cache_dir=cache_dir)
    for name in ("documents.csv", "alignments.jsonl", "removed.jsonl"):
        assert (again / name).read_bytes() == (cmia_run / name).read_bytes(), name


@pytest.mark.slow
def test_extra_english_volume_stays_unpaired(cmia_run: Path, tmp_path: Path, cache_dir: Path) -> None:
    out = tmp_path / "with-earlier"
    run(
        [EN_VOLUME, ZH_VOLUME, EARLIER_VOLUME],
        out,
        RunOptions(created="2026-01-01T00:00:00Z", report=False, exports=False),
        cache_dir=cache_dir,
    )
    rows = documents(out)
    earlier = [r for r in rows if "cmia-earlier" in r["src_file"]]
    assert earlier and all(r["status"] == "src-only" for r in earlier)
    pairs = {(r["src_title"], r["tgt_title"]) for r in rows if r["status"] == "paired"}
    assert pairs == {(r["src_title"], r["tgt_title"]) for r in documents(cmia_run) if r["status"] == "paired"}


def test_existing_run_is_refused_without_force(cmia_run: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(cmia_run, copy)
    with pytest.raises(OutputError, match="--force"):
        check_output_folder(copy, force=False)
    check_output_folder(copy, force=True)


def test_folder_with_other_files_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_text("precious")
    with pytest.raises(OutputError, match="holds no earlier run"):
        check_output_folder(tmp_path, force=True)


def test_failed_run_leaves_previous_run_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("{}")
    with pytest.raises(RuntimeError), staged_output(out, force=True) as staging:
        (staging / "manifest.json").write_text('{"new": true}')
        raise RuntimeError("boom")
    assert (out / "manifest.json").read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_one_language_only_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(EN_VOLUME), str(EARLIER_VOLUME), "-o", str(tmp_path / "o"), "-q"])
    assert code == InputError.exit_code
    err = capsys.readouterr().err.strip()
    assert err.startswith("aligner: error: all inputs are in en")
    assert "\n" not in err
    assert not (tmp_path / "o").exists()
