"""A faithful synthetic English-Chinese document pair, planted faults, and the report that finds them.

The builder here is shared by the check and report tests: it lays out paragraphs in two virtual
files (one paragraph per line, blank lines between), so every segment has a real file, line and
character span, and writes run folders the way ``aligner run`` does.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from aligner.checks import CheckOptions, run_checks
from aligner.model import AlignedBead, Finding, Segment
from aligner.report import REPORT_FILES, build_report, rebuild_report, write_report
from aligner.runfolder import DOCUMENT_COLUMNS, read_alignments, read_documents, read_manifest

Side = str | list[str] | None


@dataclass
class _File:
    name: str
    lang: str
    text: str = ""
    line: int = 1

    def add(self, sentences: list[str], kind: str) -> tuple[Segment, list[Segment]]:
        """Append one paragraph made of ``sentences``; returns its segment and its sentences'."""
        joiner = " " if self.lang == "en" else ""
        start = len(self.text)
        pieces = []
        offset = start
        for sentence in sentences:
            pieces.append(
                Segment(sentence, self.name, self.line, self.line, offset, offset + len(sentence), kind)
            )
            offset += len(sentence) + len(joiner)
        paragraph_text = joiner.join(sentences)
        self.text += paragraph_text + "\n\n"
        paragraph = Segment(
            paragraph_text, self.name, self.line, self.line, start, start + len(paragraph_text), kind
        )
        self.line += 2
        return paragraph, pieces


def _as_list(side: Side) -> list[str]:
    if side is None:
        return []
    return [side] if isinstance(side, str) else side


@dataclass
class PairBuilder:
    """Builds the beads of one document pair, paragraph by paragraph."""

    pair_id: str
    src_title: str = "A document"
    tgt_title: str = "一份文件"
    status: str = "paired"
    beads: list[AlignedBead] = field(default_factory=list)
    src: _File = field(default_factory=lambda: _File("en.txt", "en"))
    tgt: _File = field(default_factory=lambda: _File("zh.txt", "zh"))
    first_line: tuple[int, int] = (1, 1)

    def paragraph(self, sentences: list[tuple[Side, Side, float]], kind: str = "body") -> int:
        """One paragraph bead and its sentence beads: (source, target, score) per sentence bead."""
        block = len({bead.block for bead in self.beads})
        src_texts = [text for s, _, _ in sentences for text in _as_list(s)]
        tgt_texts = [text for _, t, _ in sentences for text in _as_list(t)]
        src_para, src_sents = self.src.add(src_texts, kind) if src_texts else (None, [])
        tgt_para, tgt_sents = self.tgt.add(tgt_texts, kind) if tgt_texts else (None, [])
        scored = [score for s, t, score in sentences if s and t]
        self.beads.append(
            AlignedBead(
                self.pair_id,
                "paragraph",
                f"{int(src_para is not None)}-{int(tgt_para is not None)}",
                sum(scored) / len(scored) if scored else 0.0,
                [src_para] if src_para else [],
                [tgt_para] if tgt_para else [],
                block,
            )
        )
        src_iter, tgt_iter = iter(src_sents), iter(tgt_sents)
        for s, t, score in sentences:
            src_part = [next(src_iter) for _ in _as_list(s)]
            tgt_part = [next(tgt_iter) for _ in _as_list(t)]
            kind_label = f"{len(src_part)}-{len(tgt_part)}"
            self.beads.append(
                AlignedBead(
                    self.pair_id,
                    "sentence",
                    kind_label,
                    score if src_part and tgt_part else 0.0,
                    src_part,
                    tgt_part,
                    block,
                )
            )
        return block

    def row(self) -> dict[str, str]:
        paired = self.status == "paired"
        return {
            "pair_id": self.pair_id,
            "src_file": self.src.name if self.status != "tgt-only" else "",
            "src_title": self.src_title if self.status != "tgt-only" else "",
            "src_first_line": str(self.first_line[0]) if self.status != "tgt-only" else "",
            "tgt_file": self.tgt.name if self.status != "src-only" else "",
            "tgt_title": self.tgt_title if self.status != "src-only" else "",
            "tgt_first_line": str(self.first_line[1]) if self.status != "src-only" else "",
            "score": "0.9" if paired else "",
            "status": self.status,
        }


def write_run_folder(out: Path, pairs: list[PairBuilder], created: str = "2026-01-01T00:00:00Z") -> None:
    """Write documents.csv, alignments.jsonl and manifest.json as the run folder contract says."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "documents.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=DOCUMENT_COLUMNS)
        writer.writeheader()
        for pair in pairs:
            writer.writerow(pair.row())
    lines = [json.dumps(bead.to_dict(), ensure_ascii=False) for pair in pairs for bead in pair.beads]
    (out / "alignments.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = {"src_lang": "en", "tgt_lang": "zh", "created": created, "encoder": "test"}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


# Faithful sentence pairs: real translations, so the length ratio is the language pair's.
FAITHFUL: list[tuple[str, str]] = [
    ("Chongqing is emerging as a strategic centre of advanced manufacturing in western China.",
     "重庆正日益成为中国西部先进制造业的战略中心。"),
    ("The city plans to build 30 smart factories and 300 digital workshops by 2027.",
     "该市计划到2027年建成30个智能工厂和300个数字化车间。"),
    ("Its location at the meeting point of two major economic corridors gives it unique advantages.",
     "其位于两大经济走廊交汇处的区位赋予了它独特的优势。"),
    ("Local governments have introduced policies to support the digital transformation of factories.",
     "地方政府出台了支持工厂数字化转型的政策。"),
    ("In 2024, the plant produced 1.5 million substrates for servers and data centres.",
     "2024年，该工厂为服务器和数据中心生产了150万片载板。"),
    ("Around 48 percent of the output is exported to customers in Europe and North America.",
     "约百分之四十八的产品出口到欧洲和北美的客户。"),
    ("Engineers use machine learning models to predict equipment failures before they happen.",
     "工程师利用机器学习模型在设备故障发生之前进行预测。"),
    ("Predictive maintenance has reduced unplanned downtime considerably over the past year.",
     "在过去一年中，预测性维护大大减少了计划外停机。"),
    ("Energy consumption per unit of output fell by 12% compared with the previous year.",
     "单位产出能耗比上一年下降了12%。"),
    ("The company invested 2.3 billion yuan in a new production line for advanced packaging.",
     "公司投资23亿元建设了一条新的先进封装生产线。"),
    ("Skilled workers remain scarce, and vocational schools cannot yet meet the demand.",
     "熟练工人仍然短缺，职业学校尚无法满足需求。"),
    ("Universities and companies are setting up joint laboratories to train data engineers.",
     "高校和企业正在共建联合实验室，培养数据工程师。"),
    ("Supply chains for high-performance chips face export restrictions and price volatility.",
     "高性能芯片的供应链面临出口限制和价格波动。"),
    ("Local suppliers are encouraged to qualify for the requirements of global customers.",
     "政府鼓励本地供应商达到全球客户的资质要求。"),
    ("A shared industrial data platform would let small firms adopt artificial intelligence at lower cost.",
     "共享的工业数据平台可以让小企业以更低的成本采用人工智能。"),
    ("The platform should follow common standards for interfaces, security and data exchange.",
     "该平台应遵循接口、安全和数据交换方面的统一标准。"),
    ("Green electricity now covers a growing share of the plant's power demand.",
     "绿色电力在工厂用电需求中所占的比例不断提高。"),
    ("Rooftop solar panels supply about 15,000 megawatt hours of electricity every year.",
     "屋顶太阳能电池板每年供电约1.5万兆瓦时。"),
    ("Water recycling allows the factory to reuse most of its process water.",
     "水循环利用使工厂能够重复使用大部分工艺用水。"),
    ("These measures show that growth and sustainability can go hand in hand.",
     "这些举措表明，增长与可持续发展可以齐头并进。"),
    ("The next step is to connect the factories of the region in a common network.",
     "下一步是将本地区的工厂连接成一个共同的网络。"),
    ("Such a network would allow capacity to be shared when demand changes quickly.",
     "这样的网络可以在需求快速变化时实现产能共享。"),
    ("We recommend that the city set up a task force to coordinate these efforts.",
     "我们建议该市成立专项工作组来协调这些工作。"),
    ("The task force should report its progress to the council every six months.",
     "该工作组应每六个月向理事会汇报一次进展。"),
]  # fmt: skip


def score_for(index: int) -> float:
    """A faithful bead's score: high, with a small deterministic spread like a real encoder's."""
    return 0.82 + ((index * 37) % 11) / 100


def faithful_pair(pair_id: str = "p001") -> PairBuilder:
    """Eight paragraphs of three faithful sentence pairs each, after a heading."""
    pair = PairBuilder(pair_id, "Smart manufacturing in Chongqing", "重庆的智能制造")
    pair.paragraph([("Smart manufacturing in Chongqing", "重庆的智能制造", 0.86)], kind="heading")
    for start in range(0, len(FAITHFUL), 3):
        pair.paragraph(
            [(en, zh, score_for(start + i)) for i, (en, zh) in enumerate(FAITHFUL[start : start + 3])]
        )
    return pair


OMITTED_PARAGRAPH = [
    "A second plant in the western district is under construction.",
    "It will employ about 1,200 people when it opens.",
    "Its roof will also carry solar panels.",
]
SENTENCES_LEFT_OUT = [
    "Robots already handle most material transport inside the plant.",
    "Autonomous vehicles move wafers between the clean rooms without human intervention.",
]
UNTRANSLATED = "Quality inspection relies on cameras that detect tiny defects on every panel."


def planted_pair() -> PairBuilder:
    """The faithful pair with an omitted paragraph, two omitted sentences, a wrong number and an
    untranslated sentence."""
    pair = faithful_pair()
    pair.paragraph([(en, None, 0.0) for en in OMITTED_PARAGRAPH])
    sentences: list[tuple[Side, Side, float]] = [
        ("Automation is spreading quickly in the electronics industry.", "自动化在电子行业迅速普及。", 0.86),
        *[(en, None, 0.0) for en in SENTENCES_LEFT_OUT],
        (
            "Labour productivity has doubled since the plant opened in 2016.",
            "自2016年工厂投产以来，劳动生产率翻了一番。",
            0.88,
        ),
        (
            "Managers review the results of every production line each morning.",
            "管理人员每天早上查看每条生产线的结果。",
            0.87,
        ),
        (
            "Digital twins of each line are used to test changes before they are made.",
            "每条生产线的数字孪生用于在实施变更之前进行测试。",
            0.85,
        ),
    ]
    pair.paragraph(sentences)
    pair.paragraph(
        [
            ("Exports grew by 35% in the first half of the year.", "上半年出口增长了25%。", 0.84),
            (UNTRANSLATED, UNTRANSLATED, 0.83),
            (
                "The company plans to hire 500 engineers over the next three years.",
                "公司计划在未来三年招聘500名工程师。",
                0.86,
            ),
        ]
    )
    return pair


def test_faithful_pair_has_no_findings() -> None:
    pair = faithful_pair()
    assert run_checks(pair.beads, [pair.row()], "en", "zh") == []


def _by_check(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.check, []).append(finding)
    return grouped


def test_planted_faults_are_found_and_nothing_else(tmp_path: Path) -> None:
    pair = planted_pair()
    write_run_folder(tmp_path, [pair])
    beads, documents = read_alignments(tmp_path), read_documents(tmp_path)
    findings = run_checks(beads, documents, "en", "zh")
    grouped = _by_check(findings)
    assert sorted(grouped) == ["numbers", "omission", "untranslated-text"], [f.message for f in findings]

    paragraph, sentences = grouped["omission"]
    assert paragraph.severity == "critical" and paragraph.detail["level"] == "paragraph"
    assert [s.text for s in paragraph.src] == [" ".join(OMITTED_PARAGRAPH)]
    assert sentences.severity == "major" and sentences.detail["level"] == "sentence"
    assert [s.text for s in sentences.src] == SENTENCES_LEFT_OUT

    (numbers,) = grouped["numbers"]
    assert numbers.detail["missing_in_target"] == ["35"] and numbers.detail["extra_in_target"] == ["25"]
    assert numbers.src[0].text.startswith("Exports grew")

    (untranslated,) = grouped["untranslated-text"]
    assert untranslated.tgt[0].text == UNTRANSLATED and untranslated.detail["reason"] == "identical"

    report = build_report(beads, documents, findings, read_manifest(tmp_path))
    write_report(tmp_path, report)
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [f["check"] for f in data["findings"]] == [f.check for f in findings]
    omission = data["findings"][0]
    assert omission["severity"] == "critical"
    assert omission["src"][0]["file"] == "en.txt" and omission["src"][0]["line_start"] > 1
    (summary,) = data["documents"]
    omitted_chars = sum(len("".join(s.split())) for s in OMITTED_PARAGRAPH + SENTENCES_LEFT_OUT)
    assert summary["src_chars"] - summary["covered_chars"] == omitted_chars
    assert summary["findings_by_severity"] == {"critical": 1, "major": 3}


def test_report_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for attempt in ("a", "b"):
        out = tmp_path / attempt
        pair = planted_pair()
        write_run_folder(out, [pair])
        beads, documents = read_alignments(out), read_documents(out)
        findings = run_checks(beads, documents, "en", "zh", CheckOptions())
        write_report(out, build_report(beads, documents, findings, read_manifest(out)))
        outputs.append([(out / name).read_bytes() for name in ("report.json", "report.md", "report.html")])
    assert outputs[0] == outputs[1]


def test_report_built_during_a_run_matches_one_rebuilt_from_the_folder(tmp_path: Path) -> None:
    """The pipeline reports on in-memory beads (full-precision scores); ``aligner report`` on the
    rounded scores of alignments.jsonl. Both must give the same files."""
    pair = planted_pair()
    pair.beads = [replace(bead, score=bead.score + 0.000049) if bead.score else bead for bead in pair.beads]
    manifest: dict[str, object] = {"src_lang": "en", "tgt_lang": "zh", "created": "2026-01-01T00:00:00Z"}
    manifest["encoder"] = "test"
    manifest["timings_s"] = {"total": 1.5}  # written to manifest.json after the report; not reported
    live = tmp_path / "live"
    findings = run_checks(pair.beads, [pair.row()], "en", "zh")
    write_report(live, build_report(pair.beads, [pair.row()], findings, manifest))
    write_run_folder(tmp_path / "folder", [pair])
    rebuild_report(tmp_path / "folder")
    for name in REPORT_FILES:
        assert (live / name).read_bytes() == (tmp_path / "folder" / name).read_bytes(), name


def test_pairs_missing_from_documents_csv_keep_their_findings(tmp_path: Path) -> None:
    pair = planted_pair()
    findings = run_checks(pair.beads, [], "en", "zh")
    report = build_report(pair.beads, [], findings, {"src_lang": "en", "tgt_lang": "zh"})
    assert [d.pair_id for d in report.documents] == ["p001"]
    write_report(tmp_path, report)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert all(f'id="{finding_id}"' in html for finding_id in report.ids) and len(report.ids) == 4
