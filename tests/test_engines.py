"""The Ray engine: the same run folder as the local engine, byte for byte, even when a worker dies."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from aligner.align import AlignConfig
from aligner.cli import main
from aligner.engines import RAY_MISSING, LocalEngine, RayEngine, make_engine
from aligner.errors import ComponentError, UsageError
from aligner.pipeline import RunOptions, run
from aligner.shards import shard_folder

OUTPUTS = [
    "alignments.jsonl",
    "documents.csv",
    "removed.jsonl",
    "segments.csv",
    "report.json",
    "tm/corpus.tmx",
]
PAPERS = [
    (
        "Smart factories in Chongqing",
        "Chongqing has built thirty smart factories since 2021. Each of them shares its data with a city "
        "platform. Engineers trained in local colleges run most of the lines.",
        "重庆的智能工厂",
        "自2021年以来，重庆已建成30家智能工厂。每家工厂都与城市平台共享数据。大部分生产线由本地院校培养的工程师运行。",
    ),
    (
        "Hydrogen buses on the river",
        "The city runs two hundred hydrogen buses along the Yangtze. Refuelling stations open every "
        "ten kilometres. The buses cut emissions by half on the routes they serve.",
        "长江沿线的氢能公交",
        "该市沿长江运营200辆氢能公交车。每隔十公里设有一座加氢站。这些公交车使所服务线路的排放减少了一半。",
    ),
    (
        "Training robot technicians",
        "A new academy trains five hundred robot technicians a year. Students spend half their time in "
        "partner plants. Most graduates stay in the region after their studies.",
        "培养机器人技术员",
        "一所新学院每年培养500名机器人技术员。学生一半时间在合作工厂实习。大多数毕业生毕业后留在本地区工作。",
    ),
    (
        "Data centres and green power",
        "Two new data centres draw their power from hydroelectric plants. Their servers are cooled "
        "with river water. The operator publishes its energy use every quarter.",
        "数据中心与绿色电力",
        "两座新数据中心的电力来自水电站。其服务器用江水冷却。运营商每季度公布其能耗。",
    ),
]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("papers")
    files = []
    for number, (en_title, en_text, zh_title, zh_text) in enumerate(PAPERS, 1):
        for lang, title, text in (("en", en_title, en_text), ("zh", zh_title, zh_text)):
            path = folder / f"{number:02d}-{lang}.txt"
            path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
            files.append(path)
    return files


def _run(sources: list[Path], out: Path, cache_dir: Path, **kwargs: object) -> Path:
    run(sources, out, RunOptions(created="2026-01-01T00:00:00Z"), cache_dir=cache_dir, **kwargs)  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="module")
def local_run(sources: list[Path], cache_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(sources, tmp_path_factory.mktemp("local") / "run", cache_dir)


def _same_outputs(first: Path, second: Path) -> None:
    for name in OUTPUTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_ray_gives_the_local_engines_outputs_byte_for_byte(
    sources: list[Path], local_run: Path, cache_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("ray")
    messages: list[str] = []
    engine = RayEngine(workers=2)
    _run(sources, tmp_path / "ray", cache_dir, engine=engine, progress=messages.append)
    _same_outputs(local_run, tmp_path / "ray")
    assert "aligning 4 pairs on 2 Ray workers" in messages
    assert sum(m.startswith("aligned ") for m in messages) == 4
    assert engine.worker_pids is not None and len(set(engine.worker_pids)) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_worker_killed_mid_run_is_restarted_and_the_outputs_stay_the_same(
    sources: list[Path], local_run: Path, cache_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("ray")
    engine = RayEngine(workers=2)
    killed: list[int] = []

    def kill_a_worker(message: str) -> None:
        # When the first pair is back, the other worker still has pairs to do: kill it.
        if message.startswith("aligned 1/") and not killed and engine.worker_pids:
            victim = engine.worker_pids[-1]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    _run(sources, tmp_path / "ray", cache_dir, engine=engine, progress=kill_a_worker)
    assert killed
    _same_outputs(local_run, tmp_path / "ray")


def test_engine_options_are_checked() -> None:
    assert isinstance(make_engine("local"), LocalEngine)
    assert isinstance(make_engine("ray", workers=3), RayEngine)
    with pytest.raises(UsageError, match="need --engine ray"):
        make_engine("local", workers=2)
    with pytest.raises(UsageError, match="unknown engine 'spark'"):
        make_engine("spark")
    with pytest.raises(UsageError, match="--workers must be 1 or more"):
        make_engine("ray", workers=0)


def test_without_the_extra_the_ray_engine_says_how_to_install_it(
    sources: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(ComponentError, match="pip install 'aligner\\[ray\\]'"):
        RayEngine()._start()
    code = main(["run", *map(str, sources), "-o", str(tmp_path / "out"), "--engine", "ray", "-q"])
    err = capsys.readouterr().err.strip()
    assert code == ComponentError.exit_code == 5
    assert err == f"aligner: error: {RAY_MISSING}"
    assert not (tmp_path / "out").exists()


class _Interrupted(Exception):
    pass


def test_resume_aligns_only_the_pairs_an_interrupted_run_did_not_finish(
    sources: list[Path], local_run: Path, cache_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run"

    class StopsAfterTwo(LocalEngine):
        def align(self, pairs, settings, encoder, progress, on_result):  # type: ignore[no-untyped-def, override]
            def count(pair, beads):  # type: ignore[no-untyped-def]
                on_result(pair, beads)
                if len(list(shard_folder(out).glob("*.jsonl"))) == 2:
                    raise _Interrupted

            return super().align(pairs, settings, encoder, progress, count)

    with pytest.raises(_Interrupted):
        _run(sources, out, cache_dir, engine=StopsAfterTwo())
    assert not out.exists()  # an interrupted run leaves no run folder
    messages: list[str] = []
    _run(sources, out, cache_dir, resume=True, progress=messages.append)
    assert "resuming: 2 pairs from earlier shards, 2 to align" in messages
    assert sum(m.startswith("aligned ") for m in messages) == 2
    _same_outputs(local_run, out)
    # Everything is in shards now; one pair more aligns that pair only.
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "05-en.txt").write_text(
        "Cable cars over the city\n\nThe new cable car carries three thousand people an hour.\n",
        encoding="utf-8",
    )
    (extra / "05-zh.txt").write_text("城市上空的缆车\n\n新缆车每小时运送三千人。\n", encoding="utf-8")
    messages.clear()
    _run([*sources, *sorted(extra.iterdir())], out, cache_dir, resume=True, progress=messages.append)
    assert "resuming: 4 pairs from earlier shards, 1 to align" in messages


def test_a_shard_made_with_other_settings_is_not_used(
    sources: list[Path], cache_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    _run(sources, out, cache_dir)
    messages: list[str] = []
    options = RunOptions(created="2026-01-01T00:00:00Z", sentence_align=AlignConfig(max_total=5))
    run(sources, out, options, cache_dir=cache_dir, resume=True, progress=messages.append)
    assert "resuming: 0 pairs from earlier shards, 4 to align" in messages
    # The earlier settings' shards are gone; this run's are kept.
    assert len(list(shard_folder(out).glob("*.jsonl"))) == 4


def _batch_file(sources: list[Path], folder: Path) -> Path:
    """A batch CSV of the pairs (paths relative to it), with ids of the user's choosing."""
    rows = ["src,tgt,pair_id"]
    for number, (en, zh) in enumerate(zip(sources[::2], sources[1::2], strict=True), 1):
        rows.append(f"{os.path.relpath(en, folder)},{os.path.relpath(zh, folder)},paper-{number}")
    path = folder / "pairs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_batch_aligns_the_listed_pairs_with_their_ids_on_either_engine(
    sources: list[Path], cache_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = _batch_file(sources, tmp_path)
    common = ["--cache-dir", str(cache_dir), "--created", "2026-01-01T00:00:00Z", "-q"]
    assert main(["batch", str(batch), "-o", str(tmp_path / "local"), *common]) == 0
    out = capsys.readouterr().out
    assert "documents: 4 paired, 0 source-only, 0 target-only" in out
    assert [
        line.split(",")[0] for line in (tmp_path / "local" / "documents.csv").read_text().splitlines()[1:]
    ] == [
        "paper-1",
        "paper-2",
        "paper-3",
        "paper-4",
    ]
    pytest.importorskip("ray")
    assert (
        main(["batch", str(batch), "-o", str(tmp_path / "ray"), "--engine", "ray", "--workers", "2", *common])
        == 0
    )
    _same_outputs(tmp_path / "local", tmp_path / "ray")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("source,target\na.txt,b.txt\n", "needs a header with columns src,tgt"),
        ("src,tgt\n01-en.txt,missing.txt\n", "pairs.csv:2: missing.txt does not exist"),
        ("src,tgt\n01-en.txt,\n", "pairs.csv:2: the tgt column is empty"),
        ("src,tgt\n", "lists no pairs"),
    ],
)
def test_a_bad_batch_file_is_a_one_line_error(
    sources: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    batch = sources[0].parent / "pairs.csv"
    batch.write_text(content, encoding="utf-8")
    code = main(["batch", str(batch), "-o", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err.strip()
    assert code == 3 and message in err and "\n" not in err
    batch.unlink()
