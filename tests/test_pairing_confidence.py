"""Pairing that can say no: margins, coverage, reasons for unpaired documents, readable ids."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import aligner
from aligner.model import Document, DocumentRow, Segment
from aligner.pairing import PairingOptions, Similarities, assign, pair_documents, pair_id_for
from aligner.pipeline import RunOptions, run, unpaired_hint
from aligner.runfolder import DOCUMENT_COLUMNS, read_documents, read_manifest

PORT_EN = """Smart Logistics at the Port of Guoyuan

The port of Guoyuan on the Yangtze River handled 1.3 million containers last year, most bound for Shanghai.

Since 2021 the cranes have been run from an office two kilometres away; one operator watches three cranes.

China-Europe Railway Express trains leave the port every day for Duisburg, a journey of about fifteen days.

By 2026 automated guided vehicles will move containers from ship to train without a driver.

Managers say the biggest challenge is training workers who can repair the new machines.
"""
PORT_ZH = """果园港的智慧物流

长江上的果园港去年处理了130万个集装箱，其中大部分运往上海。

自2021年起，起重机由两公里外的办公室操控；一名操作员同时看管三台起重机。

中欧班列每天从港口开往杜伊斯堡，全程大约十五天。

到2026年，自动导引车将在无人驾驶的情况下把集装箱从船上运到火车上。

管理人员表示，最大的挑战是培养能够维修新机器的工人。
"""
CITRUS_EN = """Drones in the Citrus Orchards of Fengjie

Farmers in Fengjie county grow oranges on steep hillsides where tractors cannot go.

Since last spring, drones spray the trees against pests, and one drone covers forty mu of orchard in an hour.

Sensors in the soil measure moisture every ten minutes and send the data to the farmers' phones.

With these tools the harvest grew by 12 percent, while the use of pesticides fell by a third.

The county now offers free courses for older farmers who are not used to smartphones.
"""
CITRUS_ZH = """奉节柑橘园里的无人机

奉节县的农民在拖拉机无法到达的陡峭山坡上种植橙子。

从去年春天开始，无人机为果树喷洒农药防治病虫害，一架无人机一小时可以覆盖四十亩果园。

土壤中的传感器每十分钟测量一次湿度，并把数据发送到农民的手机上。

借助这些工具，收成增加了12%，而农药的使用量减少了三分之一。

该县现在为不习惯使用智能手机的老年农民提供免费课程。
"""
# No counterpart on the other side, each on a subject of its own (same city, same kind of text).
TOURISM_EN = """Night Markets and Tourism in Chongqing

Visitors come to Chongqing for its hot pot, its bridges and the lights of Hongyadong at night.

The city counted more than 100 million tourist visits in 2023, a record for the region.

Street food stalls open after dark along the river, selling noodles, skewers and sweet rice cakes.

Hotels near the old town are often full during the spring festival and the summer holidays.

The tourism bureau wants visitors to stay longer and see the mountains outside the city.
"""
HOSPITAL_ZH = """智慧医院建设的经验

重庆一家大型医院去年开始使用电子病历系统，医生可以在平板电脑上查看病人的检查结果。

病人通过手机预约挂号，平均等待时间从两小时缩短到四十分钟。

医院的药房引入了自动配药机器人，每天可以处理三千张处方。

院方表示，下一步将在偏远地区的诊所推广远程会诊。
"""
TEXTS = {
    "port.en.txt": PORT_EN,
    "port.zh.txt": PORT_ZH,
    "citrus.en.txt": CITRUS_EN,
    "citrus.zh.txt": CITRUS_ZH,
    "tourism.en.txt": TOURISM_EN,
    "hospital.zh.txt": HOSPITAL_ZH,
}
QUIET = RunOptions(created="2026-01-01T00:00:00Z", report=False, exports=False)


def write_inputs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in TEXTS.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def by_file(rows: list[DocumentRow]) -> dict[str, dict[str, str]]:
    """Each row's CSV cells under the file name of its document (source side first)."""
    return {
        Path(row.src_file or row.tgt_file).name: dict(zip(DOCUMENT_COLUMNS, row.to_row(), strict=True))
        for row in rows
    }


@pytest.fixture(scope="module")
def confidence_run(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Path:
    """One run with the report and exports, so that every reader of documents.csv sees it."""
    folder = tmp_path_factory.mktemp("confidence")
    out = folder / "out"
    run(write_inputs(folder / "in"), out, RunOptions(created="2026-01-01T00:00:00Z"), cache_dir=cache_dir)
    return out


def test_unrelated_documents_stay_unpaired_although_a_candidate_is_free(
    confidence_run: Path, tmp_path: Path, cache_dir: Path
) -> None:
    rows = by_file(read_documents(confidence_run))
    assert {name: row["status"] for name, row in rows.items()} == {
        "port.en.txt": "paired",
        "citrus.en.txt": "paired",
        "tourism.en.txt": "src-only",
        "hospital.zh.txt": "tgt-only",
    }
    assert Path(rows["port.en.txt"]["tgt_file"]).name == "port.zh.txt"
    assert Path(rows["citrus.en.txt"]["tgt_file"]).name == "citrus.zh.txt"
    # Without the confidence tests the assignment pairs the two leftovers: the rule said no.
    anything_goes = replace(QUIET, pairing=PairingOptions(min_margin=-1.0, min_coverage=0.0))
    loose = by_file(
        read_documents(
            run(write_inputs(tmp_path / "in"), tmp_path / "loose", anything_goes, cache_dir=cache_dir).out_dir
        )
    )
    assert Path(loose["tourism.en.txt"]["tgt_file"]).name == "hospital.zh.txt"


def test_documents_csv_shows_margins_coverage_and_reasons(confidence_run: Path) -> None:
    header = (confidence_run / "documents.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(DOCUMENT_COLUMNS)
    assert header.endswith(",score,status,margin,coverage_src,coverage_tgt,anchors,reason")
    rows = by_file(read_documents(confidence_run))
    for name in ("port.en.txt", "citrus.en.txt"):
        row = rows[name]
        assert float(row["margin"]) >= PairingOptions().min_margin, row
        assert max(float(row["coverage_src"]), float(row["coverage_tgt"])) >= PairingOptions().min_coverage
        assert float(row["anchors"]) > 0 and row["reason"] == ""
    for name in ("tourism.en.txt", "hospital.zh.txt"):
        row = rows[name]
        assert (row["margin"], row["coverage_src"], row["coverage_tgt"], row["anchors"]) == ("", "", "", "")
        assert row["reason"].startswith(("best candidate ", "assigned candidate ")), row
        assert re.search(r"at 0\.\d\d.*coverage \d+% / \d+%, needs 58% on one side", row["reason"]), row
    assert "hospital.zh.txt" in rows["tourism.en.txt"]["reason"]


def test_readers_of_the_run_folder_take_the_new_columns(confidence_run: Path) -> None:
    data = aligner.load_run(confidence_run)
    documents = data.documents
    paired = documents["status"] == "paired"
    assert documents["margin"].dtype == np.float64
    assert float(documents.loc[paired, "margin"].min()) >= PairingOptions().min_margin
    assert documents.loc[~paired, ["margin", "coverage_src", "coverage_tgt", "anchors"]].isna().all().all()
    report = (confidence_run / "report.md").read_text(encoding="utf-8")
    (reason,) = [r.reason for r in read_documents(confidence_run) if r.status == "src-only"]
    assert reason in report.replace("\\|", "|")
    assert (confidence_run / "tm" / "corpus.tmx").is_file()


def test_a_chinese_only_document_gets_a_pinyin_id(confidence_run: Path) -> None:
    pair_id = by_file(read_documents(confidence_run))["hospital.zh.txt"]["pair_id"]
    assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{6}", pair_id), pair_id
    assert pair_id.replace("-", "").startswith("zhihuiyiyuanjianshe"), pair_id


def test_pinyin_ids_keep_words_together_and_latin_words_as_they_are() -> None:
    def doc(title: str) -> Document:
        text = "正文。"
        return Document("zh#1", title, "zh", "zh.txt", 1, 1, [Segment(text, "zh.txt", 1, 1, 0, len(text))])

    assert pair_id_for(doc("重庆制造业")).startswith("chongqing-zhizaoye-")
    assert pair_id_for(doc("AI 赋能 5G 工厂")).startswith("ai-funeng-5g-gongchang-")
    assert pair_id_for(doc("绿色战略")).replace("-", "").startswith("lusezhanlue")
    # no letters to spell: the language, as before
    assert re.fullmatch(r"zh-[0-9a-f]{6}", pair_id_for(doc("——")))


def test_reruns_in_another_order_give_the_same_documents_csv(
    confidence_run: Path, tmp_path: Path, cache_dir: Path
) -> None:
    again = tmp_path / "again"
    inputs = write_inputs(tmp_path / "in")
    run(list(reversed(inputs)), again, QUIET, cache_dir=cache_dir)
    first = (confidence_run / "documents.csv").read_text(encoding="utf-8")
    second = (again / "documents.csv").read_text(encoding="utf-8")
    # the same rows, ids, figures and reasons (rows follow the input order; the folders differ)
    assert sorted(second.replace(str(tmp_path / "in"), "IN").splitlines()) == sorted(
        first.replace(str(confidence_run.parent / "in"), "IN").splitlines()
    )


def test_a_user_pairing_explains_the_documents_it_leaves_out(tmp_path: Path, cache_dir: Path) -> None:
    inputs = write_inputs(tmp_path / "in")
    pairs_file = tmp_path / "pairs.csv"
    pairs_file.write_text(
        "src,tgt\nSmart Logistics at the Port of Guoyuan,果园港的智慧物流\n", encoding="utf-8"
    )
    result = run(inputs, tmp_path / "out", replace(QUIET, pairs_file=str(pairs_file)), cache_dir=cache_dir)
    rows = by_file(read_documents(result.out_dir))
    assert rows["port.en.txt"]["status"] == "paired" and rows["port.en.txt"]["margin"] == ""
    assert rows["citrus.en.txt"]["reason"] == "not in the pairing file pairs.csv"


# --------------------------------------------------------------------------- the rule on matrices


def signals(
    scores: list[list[float]], coverage: float = 1.0, src_twins: list[int] | None = None
) -> Similarities:
    matrix = np.array(scores)
    covered = np.full(matrix.shape, coverage)
    rows, columns = matrix.shape
    twins = np.array(src_twins) if src_twins is not None else np.arange(rows)
    return Similarities(matrix, covered, covered, covered, twins, np.arange(columns))


def test_the_margin_counts_rivals_of_the_target_too() -> None:
    # source 0's best by far, but target 0 is nearly as good a match for source 1
    candidates = assign(signals([[0.80, 0.30], [0.76, 0.35]]), PairingOptions())
    first = next(c for c in candidates if c.src == 0)
    assert first.tgt == 0 and first.confidence is not None
    assert first.confidence.margin == pytest.approx(0.04) and first.rival == ("src", 1)
    assert not first.kept


def test_a_copy_is_no_rival_of_its_original() -> None:
    candidates = assign(signals([[0.8], [0.8]], src_twins=[0, 0]), PairingOptions())
    assert [(c.src, c.tgt, c.kept) for c in candidates] == [(0, 0, True)]


def test_coverage_says_no_where_there_is_no_rival() -> None:
    src = [Document(f"en#{i}", f"Paper {i}", "en", "en.txt", i + 1, i + 1) for i in range(1)]
    tgt = [Document("zh#0", "论文", "zh", "zh.txt", 1, 1)]
    pairs = pair_documents(src, tgt, signals([[0.9]], coverage=0.2), PairingOptions())
    assert [p.status for p in pairs] == ["src-only", "tgt-only"]
    assert (
        pairs[0].reason == "best candidate 论文 (zh.txt:1) at 0.90: coverage 20% / 20%, needs 58% on one side"
    )


def test_documents_left_unpaired_on_both_sides_get_a_hint_how_to_pair_them(confidence_run: Path) -> None:
    warnings = read_manifest(confidence_run)["warnings"]
    assert isinstance(warnings, list)
    (hint,) = [w for w in warnings if "left unpaired" in w]
    assert hint.startswith("1 source and 1 target document(s) were left unpaired")
    assert "--pairs" in hint


def test_no_hint_where_one_side_is_all_paired_or_the_pairs_were_given() -> None:
    src = Document("en#0", "Paper", "en", "en.txt", 1, 1)
    tgt = Document("zh#0", "论文", "zh", "zh.txt", 1, 1)
    both = pair_documents([src], [tgt], signals([[0.9]], coverage=0.2), PairingOptions())
    assert unpaired_hint(both, RunOptions()) is not None
    assert unpaired_hint(both, RunOptions(pairs_file="pairs.csv")) is None
    # Earlier papers with no translation among the inputs: nothing to pair them with.
    assert unpaired_hint([both[0]], RunOptions()) is None
