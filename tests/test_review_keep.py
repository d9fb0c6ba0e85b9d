"""``aligner run --keep-review``: a new run carries the reviewers' decisions over where it can."""

from __future__ import annotations

from pathlib import Path

from aligner.pipeline import RunOptions, run
from aligner.review import append_decisions, read_decisions
from aligner.runfolder import read_alignments
from test_engines import PAPERS
from test_review_apply import decide


def _papers(folder: Path) -> list[Path]:
    files = []
    for number, (en_title, en_text, zh_title, zh_text) in enumerate(PAPERS[:2], 1):
        for lang, title, text in (("en", en_title, en_text), ("zh", zh_title, zh_text)):
            path = folder / f"{number:02d}-{lang}.txt"
            path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
            files.append(path)
    return files


def _tmx(out: Path) -> str:
    return (out / "tm" / "corpus.tmx").read_text(encoding="utf-8")


def test_decisions_on_unchanged_beads_are_carried_over_and_applied(tmp_path: Path, cache_dir: Path) -> None:
    sources, out = _papers(tmp_path), tmp_path / "run"
    options = RunOptions(created="2026-01-01T00:00:00Z")
    run(sources, out, options, cache_dir=cache_dir)
    beads = [b for b in read_alignments(out) if b.level == "sentence" and b.src and b.tgt]
    first, second = beads[1], beads[5]  # a body sentence of each paper (beads 0 and 4: titles)
    append_decisions(out, [decide("reject", first), decide("confirm", second)])
    rejected = first.src[0].text.strip()
    assert rejected in _tmx(out)  # the run's own TM was written before the review

    # Without --keep-review, a new run starts over: no review.jsonl.
    run(sources, out, options, cache_dir=cache_dir, force=True)
    assert read_decisions(out) == []

    append_decisions(out, [decide("reject", first), decide("confirm", second)])
    result = run(sources, out, options, cache_dir=cache_dir, force=True, keep_review=True)
    assert [d.action for d in read_decisions(out)] == ["reject", "confirm"]
    assert rejected not in _tmx(out)  # the default TM applies the carried decisions
    assert 'x-reviewed">confirmed' in _tmx(out)
    assert not [w for w in result.warnings if "review decisions" in w]

    # Change the rejected bead's sentence: that decision cannot be carried, the other can.
    first_en = sources[0]
    first_en.write_text(
        first_en.read_text(encoding="utf-8").replace(rejected, "An entirely new first claim about the city."),
        encoding="utf-8",
    )
    result = run(sources, out, options, cache_dir=cache_dir, force=True, keep_review=True)
    assert [d.action for d in read_decisions(out)] == ["confirm"]
    (warning,) = [w for w in result.warnings if "review decisions" in w]
    assert warning.startswith("1 of 2 review decisions were not carried over")
