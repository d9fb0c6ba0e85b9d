"""Edge splitting: sentences a many-to-one bead swallowed without support become omissions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from aligner.align import (
    AlignConfig,
    align_texts,
    mean_windows,
    split_unsupported_edges,
)
from aligner.encoders import CachedEncoder, get_encoder

CONFIG = AlignConfig()


def unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def windows(*vectors: np.ndarray) -> list[np.ndarray]:
    return mean_windows(np.vstack(vectors).astype(np.float32), CONFIG.max_src)


def lengths(*values: float) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def test_a_sentence_the_target_does_not_cover_is_split_off() -> None:
    # Target = first source sentence only; the second is orthogonal and its length is not there.
    src = windows(unit(1, 0, 0), unit(0, 1, 0))
    tgt = windows(unit(1, 0, 0))
    path = split_unsupported_edges([(2, 1)], src, tgt, lengths(100, 100), lengths(30), 0.3, CONFIG)
    assert path == [(1, 1), (1, 0)]


def test_the_first_sentence_can_be_the_unsupported_one() -> None:
    src = windows(unit(0, 1, 0), unit(1, 0, 0))
    tgt = windows(unit(1, 0, 0))
    path = split_unsupported_edges([(2, 1)], src, tgt, lengths(100, 100), lengths(30), 0.3, CONFIG)
    assert path == [(1, 0), (1, 1)]


def test_a_target_covering_both_sentences_keeps_the_merge() -> None:
    src = windows(unit(1, 0, 0), unit(0, 1, 0))
    tgt = windows(unit(1, 1, 0))
    path = split_unsupported_edges([(2, 1)], src, tgt, lengths(100, 100), lengths(60), 0.3, CONFIG)
    assert path == [(2, 1)]


def test_a_short_rendering_of_the_whole_keeps_the_merge_when_the_length_fits() -> None:
    # Dissimilar second sentence, but the target is as long as both: a free translation, not a gap.
    src = windows(unit(1, 0, 0), unit(0, 1, 0))
    tgt = windows(unit(1, 0, 0))
    path = split_unsupported_edges([(2, 1)], src, tgt, lengths(100, 100), lengths(60), 0.3, CONFIG)
    assert path == [(2, 1)]


def test_short_edges_stay_merged() -> None:
    src = windows(unit(1, 0, 0), unit(0, 1, 0))
    tgt = windows(unit(1, 0, 0))
    path = split_unsupported_edges([(2, 1)], src, tgt, lengths(100, 20), lengths(30), 0.3, CONFIG)
    assert path == [(2, 1)]


def test_an_omission_beside_an_addition_comes_out_as_both() -> None:
    # s1 = t1; s2 and t2 are unrelated to everything: the DP's 2-2 bead is an omission and an addition.
    src = windows(unit(0, 0, 0, 1), unit(1, 0, 0, 0), unit(0, 1, 0, 0))
    tgt = windows(unit(0, 0, 0, 1), unit(1, 0, 0, 0), unit(0, 0, 1, 0))
    path = split_unsupported_edges(
        [(1, 1), (2, 2)], src, tgt, lengths(100, 100, 100), lengths(30, 30, 30), 0.3, CONFIG
    )
    assert path == [(1, 1), (1, 1), (1, 0), (0, 1)]


def test_a_real_two_two_bead_is_kept() -> None:
    # Each source sentence has its own translation inside the bead: nothing is missing.
    src = windows(unit(1, 0, 0), unit(0, 1, 0))
    tgt = windows(unit(1, 0, 0), unit(0, 1, 0))
    path = split_unsupported_edges([(2, 2)], src, tgt, lengths(100, 100), lengths(30, 30), 0.3, CONFIG)
    assert path == [(2, 2)]


def test_a_target_sentence_alone_is_not_split_off() -> None:
    # 1-2 bead with an unsupported second target sentence: left to the length and similarity checks.
    src = windows(unit(1, 0, 0))
    tgt = windows(unit(1, 0, 0), unit(0, 1, 0))
    path = split_unsupported_edges([(1, 2)], src, tgt, lengths(100), lengths(30, 30), 0.3, CONFIG)
    assert path == [(1, 2)]


# A paragraph of the bundled corpus (Ford, predictive maintenance) whose Chinese drops two of its
# sentences in the middle ("This integration allows..." and "Over time, as the models...").
FORD_EN = [
    "AI-driven Predictive Maintenance: Ford installs sensors on critical equipment throughout its "
    "manufacturing plants.",
    "These sensors collect data on various operational parameters such as temperature, vibration, "
    "pressure, and more.",
    "The data collected from these sensors are integrated into a centralized system where it's "
    "continuously monitored.",
    "This integration allows for comprehensive visibility across all equipment.",
    "AI algorithms, particularly machine learning models, are used to analyze the sensor data.",
    "These models learn from historical data to recognize patterns and predict potential failures.",
    "Over time, as the models receive more data, their accuracy and predictive capabilities improve.",
    "When the AI system predicts a potential issue, it sends alerts to the maintenance team.",
    "These alerts provide details about the specific equipment, the nature of the potential failure, "
    "and the suggested timing for maintenance.",
]
FORD_ZH = [
    "人工智能驱动预测性维护PdM：福特在其制造工厂的关键设备上安装传感器，收集温度、振动、压力等运行参数数据并将这些数据集成到工业物联网IIOT云平台进行持续监控。",
    "人工智能算法，特别是机器学习模型，用于分析传感器数据，从历史数据中学习以识别模式并预测潜在故障。",
    "当人工智能系统预测到潜在问题时，它会通过移动端的APP等多种方式推送PdM信息给设备维护团队，提供详细信息和建议的维护时间表。",
]


@pytest.fixture(scope="module")
def encoder(cache_dir: Path) -> CachedEncoder:
    return CachedEncoder(get_encoder("use-m3"), cache_dir)


def test_sentences_deleted_mid_paragraph_are_omissions(encoder: CachedEncoder) -> None:
    ratio = 0.3  # about what this document's Chinese/English character ratio is
    on = align_texts(FORD_EN, FORD_ZH, encoder, length_ratio=ratio)
    off = align_texts(FORD_EN, FORD_ZH, encoder, replace(CONFIG, split_edges=False), length_ratio=ratio)
    omitted_on = [b.src for b in on if not b.tgt]
    omitted_off = [b.src for b in off if not b.tgt]
    assert (3,) in omitted_on and (6,) in omitted_on
    assert (3,) not in omitted_off and (6,) not in omitted_off  # the DP alone merges them
    assert all(b.src or b.tgt for b in on)
    assert [i for b in on for i in b.src] == list(range(len(FORD_EN)))


def test_a_run_reports_the_sentences_deleted_mid_paragraph(tmp_path: Path, cache_dir: Path) -> None:
    # End to end: a faithful document around the Ford paragraph; the report names the deletion.
    import json

    import aligner
    from test_report_synthetic import FAITHFUL

    faithful = [FAITHFUL[i : i + 3] for i in range(0, 12, 3)]
    en = [
        "Smart Manufacturing at Ford",
        *[" ".join(e for e, _ in group) for group in faithful],
        " ".join(FORD_EN),
    ]
    zh = ["福特的智能制造", *["".join(z for _, z in group) for group in faithful], "".join(FORD_ZH)]
    (tmp_path / "en.txt").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "zh.txt").write_text("\n\n".join(zh) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    aligner.run([tmp_path / "en.txt", tmp_path / "zh.txt"], out, cache_dir=cache_dir, exports=False)
    findings = json.loads((out / "report.json").read_text(encoding="utf-8"))["findings"]
    reported = " ".join(s["text"] for f in findings if f["check"] == "omission" for s in f["src"])
    assert "This integration allows for comprehensive visibility" in reported
    # "Over time, as the models..." is split off at this paper's own length ratio (about 0.3, see
    # the test above); these faithful paragraphs' terse Chinese (0.24) leaves it inside its bead.
    assert "AI algorithms, particularly machine learning models" not in reported
