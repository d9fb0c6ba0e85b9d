"""A hand-written run folder and TMX checkers shared by the ``test_export_*`` modules.

The run folder is written the way ``aligner run`` writes one (documents.csv, alignments.jsonl,
manifest.json), so the export tests do not depend on the pipeline. The tests at the bottom check
that the repository's run-folder readers accept it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from lxml import etree
from translate.storage.tmx import tmxfile

from aligner.model import AlignedBead, Segment
from aligner.runfolder import DOCUMENT_COLUMNS, read_alignments, read_documents, read_manifest

DTD_PATH = Path(__file__).parent / "data" / "tmx14.dtd"
CREATED = "2026-11-23T08:30:00Z"
TMX_CREATED = "20261123T083000Z"

# Text that breaks naive exporters: markup, CDATA end, quotes, controls, NUL, lone and paired
# surrogates, bidi marks, emoji sequences, astral CJK, noncharacters, CR/LF/tab.
HOSTILE_SRC = (
    "a < b && c > d ]]> \"double\" 'single' \x0cpage\x00nul\x01\x1f bell\x07 "
    "lone \ud800 and \udfff pair \ud83d\ude00 \u200fRLM\u200e \u202bembedding\u202c "
    "emoji 🎉👩‍👩‍👧 tab\tnew\nline cr\r\n end \ufffe\uffff kept\ufffd \U0010ffff"
)
HOSTILE_TGT = "中文 <标签> &amp; 「引号」 \x0b垂直制表 \u0600 \ufeffBOM 𠀀𪚥 עברית العربية"

DOCUMENTS = [
    {
        "pair_id": "p01",
        "src_file": "en.txt",
        "src_title": 'Chongqing & the "World" <2019>',
        "src_first_line": "1",
        "tgt_file": "zh.txt",
        "tgt_title": "重庆与世界",
        "tgt_first_line": "1",
        "score": "0.93",
        "status": "paired",
    },
    {
        "pair_id": "p02",
        "src_file": "en.txt",
        "src_title": "Trade",
        "src_first_line": "40",
        "tgt_file": "zh.txt",
        "tgt_title": "贸易",
        "tgt_first_line": "30",
        "score": "0.88",
        "status": "paired",
    },
    {
        "pair_id": "p03",
        "src_file": "en.txt",
        "src_title": "A paper without translation",
        "src_first_line": "80",
        "tgt_file": "",
        "tgt_title": "",
        "tgt_first_line": "",
        "score": "0",
        "status": "src-only",
    },
]


class _Lines:
    """Hands out consecutive line numbers per file, so every segment has a distinct, real span."""

    def __init__(self) -> None:
        self.next = {"en.txt": 1, "zh.txt": 1}

    def segments(self, texts: list[str], file: str, kind: str = "body") -> list[Segment]:
        out = []
        for text in texts:
            line = self.next[file]
            self.next[file] += 1
            out.append(Segment(text, file, line, line, line * 100, line * 100 + len(text), kind))  # type: ignore[arg-type]
        return out


def make_bead(
    pair_id: str,
    level: str,
    block: int,
    score: float,
    src: list[str],
    tgt: list[str],
    kind: str = "body",
    lines: _Lines | None = None,
) -> AlignedBead:
    lines = lines or _Lines()
    return AlignedBead(
        pair_id=pair_id,
        level=level,  # type: ignore[arg-type]
        kind=f"{len(src)}-{len(tgt)}",
        score=score,
        src=lines.segments(src, "en.txt", kind),
        tgt=lines.segments(tgt, "zh.txt", kind),
        block=block,
    )


def sample_beads() -> list[AlignedBead]:
    """Beads of two pairs, covering every filter: kept, heading, numeric, omission, score, short."""
    lines = _Lines()

    def bead(
        pair: str, level: str, block: int, score: float, src: list[str], tgt: list[str], kind: str = "body"
    ) -> AlignedBead:
        return make_bead(pair, level, block, score, src, tgt, kind, lines)

    return [
        bead("p01", "paragraph", 0, 0.95, ["Introduction"], ["引言"], "heading"),
        bead("p01", "sentence", 0, 0.95, ["Introduction"], ["引言"], "heading"),
        bead("p01", "paragraph", 1, 0.88, ["Chongqing grew fast. It is big."], ["重庆发展很快。它很大。"]),
        bead("p01", "sentence", 1, 0.91, ["Chongqing grew fast."], ["重庆发展很快。"]),
        bead("p01", "sentence", 1, 0.83, ["It is big."], ["它很大。"]),
        bead(
            "p01",
            "paragraph",
            2,
            0.7,
            ["Trade rose 5% in 2019. Exports doubled."],
            ["贸易增长了5%，出口翻番。"],
        ),
        bead(
            "p01",
            "sentence",
            2,
            0.77,
            ["Trade rose 5% in 2019.", 'Exports "doubled" & more.'],
            ["贸易增长5%，出口翻番。"],
        ),
        bead("p01", "sentence", 2, 0.99, ["2019"], ["2019"]),
        bead("p01", "sentence", 2, 0.0, ["An untranslated sentence."], []),
        bead("p01", "sentence", 2, 0.31, ["Weak match here."], ["完全无关的句子。"]),
        bead("p01", "sentence", 2, 0.9, ["(a)"], ["（甲）"]),
        bead(
            "p02",
            "paragraph",
            0,
            0.8,
            ["=SUM(A1:A3) is a formula. -5% growth"],
            ["=SUM(A1:A3)是公式。-5%的增长"],
        ),
        bead("p02", "sentence", 0, 0.8, ["=SUM(A1:A3) is a formula."], ["=SUM(A1:A3)是公式。"]),
        bead("p02", "sentence", 0, 0.0, [], ["多余的句子。"]),
        bead("p02", "sentence", 0, 0.7, ["-5% growth"], ["-5%的增长"]),
    ]


# Sentence beads of sample_beads() that the default filter keeps, as (unit id, source, target).
DEFAULT_SENTENCE_UNITS = [
    ("p01-s2", "Chongqing grew fast.", "重庆发展很快。"),
    ("p01-s3", "It is big.", "它很大。"),
    ("p01-s4", 'Trade rose 5% in 2019. Exports "doubled" & more.', "贸易增长5%，出口翻番。"),
    ("p02-s1", "=SUM(A1:A3) is a formula.", "=SUM(A1:A3)是公式。"),
    ("p02-s3", "-5% growth", "-5%的增长"),
]


def write_run(folder: Path, beads: list[AlignedBead] | None = None, **manifest: object) -> Path:
    """Write a run folder holding ``beads`` (default: :func:`sample_beads`) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "documents.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=DOCUMENT_COLUMNS)
        writer.writeheader()
        writer.writerows(DOCUMENTS)
    chosen = sample_beads() if beads is None else beads
    (folder / "alignments.jsonl").write_text(
        "".join(json.dumps(bead.to_dict(), ensure_ascii=False) + "\n" for bead in chosen), encoding="utf-8"
    )
    facts: dict[str, object] = {
        "tool": "aligner",
        "tool_version": "0.1.0",
        "created": CREATED,
        "src_lang": "en",
        "tgt_lang": "zh",
    }
    facts.update(manifest)
    (folder / "manifest.json").write_text(json.dumps(facts, indent=2), encoding="utf-8")
    return folder


def assert_valid_tmx(path: Path) -> etree._ElementTree:
    """Parse ``path`` strictly and validate it against the TMX 1.4b DTD; return the tree."""
    data = path.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)))
    dtd = etree.DTD(str(DTD_PATH))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    return tree


def read_tmx(path: Path, tgt_lang: str = "zh-CN") -> list[tuple[str, str, str, str]]:
    """Units as (source, target, source xml:lang, target xml:lang), read by translate-toolkit.

    The file is validated against the DTD first, so every TMX a test reads is also validated.
    """
    assert_valid_tmx(path)
    with path.open("rb") as stream:
        store = tmxfile(stream, targetlanguage=tgt_lang)
    units = []
    for unit in store.units:
        nodes = unit.getlanguageNodes()
        langs = [node.get("{http://www.w3.org/XML/1998/namespace}lang") for node in nodes]
        assert len(langs) == 2
        units.append((unit.source, unit.target, langs[0], langs[1]))
    return units


def test_run_folder_reads_back_with_the_runfolder_readers(tmp_path: Path) -> None:
    folder = write_run(tmp_path / "run")
    beads = read_alignments(folder)
    assert [bead.to_dict() for bead in beads] == [bead.to_dict() for bead in sample_beads()]
    assert [row.pair_id for row in read_documents(folder)] == ["p01", "p02", "p03"]
    assert read_manifest(folder)["created"] == CREATED


def test_sample_segments_have_distinct_lines() -> None:
    spans = [(seg.file, seg.line_start) for bead in sample_beads() for seg in bead.src + bead.tgt]
    assert len(spans) == len(set(spans))
