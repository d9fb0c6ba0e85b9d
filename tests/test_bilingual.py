"""Bilingual files: paragraphs alternating between two languages are read as a document pair."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import aligner
from aligner.bilingual import split_bilingual
from aligner.ingest import load_documents, read_inputs
from aligner.model import Segment

PAIRS = [
    ("Rain in the City", "城市里的雨"),
    (
        "It rains today in Chongqing. We stay at home and read books all afternoon.",
        "今天重庆下雨。我们整个下午待在家里看书。",
    ),
    (
        "The cat sleeps on the sofa. It is late, and the streets are quiet.",
        "猫在沙发上睡觉。天晚了，街道很安静。",
    ),
    ("Tomorrow the sun will shine again over the river and the hills.", "明天太阳将再次照耀江河与山丘。"),
]


def write_bilingual(path: Path) -> Path:
    path.write_text("\n\n".join(p for pair in PAIRS for p in pair) + "\n", encoding="utf-8")
    return path


def segment(text: str, line: int) -> Segment:
    return Segment(text, "f.txt", line, line, 0, len(text))


def test_alternating_paragraphs_become_one_document_per_language(tmp_path: Path) -> None:
    documents = load_documents([write_bilingual(tmp_path / "draft.txt")])
    assert [(d.doc_id, d.lang, d.title) for d in documents] == [
        ("draft.txt@en", "en", "Rain in the City"),
        ("draft.txt@zh", "zh", "城市里的雨"),
    ]
    english, chinese = documents
    assert [p.text for p in english.paragraphs] == [en for en, _ in PAIRS]
    assert [p.text for p in chinese.paragraphs] == [zh for _, zh in PAIRS]
    # Each paragraph keeps its own line of the one file.
    assert [p.line_start for p in english.paragraphs] == [1, 5, 9, 13]
    assert [p.line_start for p in chinese.paragraphs] == [3, 7, 11, 15]


def test_a_bilingual_file_alone_is_a_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = aligner.run([write_bilingual(tmp_path / "draft.txt")], out, exports=False)
    assert [p.status for p in result.pairs] == ["paired"]
    sentences = [b for b in result.beads if b.level == "sentence"]
    assert [b.kind for b in sentences] == ["1-1"] * 6
    findings = json.loads((out / "report.json").read_text(encoding="utf-8"))["findings"]
    assert findings == []


def test_a_quotation_or_two_in_another_language_is_no_bilingual_file() -> None:
    english = [
        segment(f"Paragraph {i} of an English paper about smart manufacturing in the city.", i)
        for i in range(8)
    ]
    quoted = [*english[:3], segment("推动人工智能与制造业深度融合。", 9), *english[3:]]
    assert split_bilingual(quoted) is None
    # Two blocks, one per language (a translation appended after its source), do not alternate.
    chinese = [segment(f"第{i}段：重庆智能制造的发展情况。", 20 + i) for i in range(8)]
    assert split_bilingual([*english, *chinese]) is None


def test_the_split_is_off_when_the_language_is_given(tmp_path: Path) -> None:
    documents = load_documents([write_bilingual(tmp_path / "draft.txt")], "en")
    assert [d.doc_id for d in documents] == ["draft.txt"]


def test_one_language_only_names_what_was_found(tmp_path: Path) -> None:
    import pytest

    from aligner.errors import InputError

    path = tmp_path / "en.txt"
    path.write_text("\n\n".join(en for en, _ in PAIRS) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"all inputs are in en \(1 document in .*en\.txt\).*alternate"):
        aligner.run([path], tmp_path / "out")


def test_inspect_says_the_file_was_read_as_a_pair(tmp_path: Path) -> None:
    (reading,) = read_inputs([write_bilingual(tmp_path / "draft.txt")])
    assert reading.split_method == "bilingual"


def test_a_table_with_one_language_per_column_is_a_pair(tmp_path: Path) -> None:
    import docx
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in PAIRS:
        workbook.active.append(row)
    workbook.save(tmp_path / "pair.xlsx")
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for en, zh in PAIRS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = en, zh
    document.save(str(tmp_path / "pair.docx"))
    # CSV as spreadsheets save it (a quoted cell with a comma), and TSV.
    # A header row naming the columns is no text of either language.
    with (tmp_path / "pair.csv").open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([("English", "中文"), *PAIRS])
    (tmp_path / "pair.tsv").write_text("\n".join("\t".join(row) for row in PAIRS) + "\n", encoding="utf-8")
    for name in ("pair.xlsx", "pair.docx", "pair.csv", "pair.tsv"):
        (reading,) = read_inputs([tmp_path / name])
        assert reading.split_method == "columns"
        english, chinese = reading.documents
        assert [p.text for p in english.paragraphs] == [en for en, _ in PAIRS]
        assert [p.text for p in chinese.paragraphs] == [zh for _, zh in PAIRS]
        # A cell's span is its place in its row's line of the extracted text.
        text = reading.source.text
        assert all(
            text[p.char_start : p.char_end] == p.text for p in [*english.paragraphs, *chinese.paragraphs]
        )


def test_a_table_of_one_language_stays_one_document(tmp_path: Path) -> None:
    path = tmp_path / "table.txt"
    rows = [f"Item {i} of the plan\tThe city will build {i} new smart factories by 2027." for i in range(6)]
    path.write_text("\n\n".join(rows) + "\n", encoding="utf-8")
    (document,) = load_documents([path])
    assert document.doc_id == "table.txt"


def test_a_csv_manifest_is_still_a_manifest_and_a_csv_table_is_text(tmp_path: Path) -> None:
    from aligner.ingest import is_manifest

    volume = tmp_path / "volume.txt"
    volume.write_text("First paper\n\nIts text.\n\nSecond paper\n\nMore text.\n", encoding="utf-8")
    manifest = tmp_path / "papers.csv"
    manifest.write_text("name,file,first_line\nOne,volume.txt,1\nTwo,volume.txt,5\n", encoding="utf-8")
    assert is_manifest(manifest)
    assert [d.title for d in load_documents([manifest])] == ["One", "Two"]
    table = tmp_path / "table.csv"
    table.write_text("name,comment\nsmart factory,a factory run by software\n", encoding="utf-8")
    assert not is_manifest(table)
    (document,) = load_documents([table])
    assert [p.text for p in document.paragraphs] == [
        "name\tcomment",
        "smart factory\ta factory run by software",
    ]
