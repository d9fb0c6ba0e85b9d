"""Reading inputs: encodings, line ends, formats, folders and globs, errors, language detection."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.errors import InputError
from aligner.ingest import decode_bytes, detect_language, load_documents, read_source

CORPORA = Path(__file__).resolve().parents[1] / "corpora"

ZH = (
    "重庆正日益成为这一进程的重要战略支点。"
    "作为“一带一路”倡议与长江经济带的交汇点，重庆凭借独特的区位优势发展。\n"
)
ZH_TRADITIONAL = "重慶正日益成為這一進程的重要戰略支點。我們說這個國家的經濟發展對世界很重要。\n"
EN = "Chongqing is emerging as a strategic center of gravity for the region and the country.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ZH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ZH.encode("utf-8"), "utf-8-sig"),
        (ZH.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"), "utf-16"),
        (EN.encode("utf-16-le"), "utf-16-le"),
        (EN.encode("utf-16-be"), "utf-16-be"),
        ((ZH + "AI 2025\n").encode("utf-16-le"), "utf-16-le"),
        (ZH.encode("gb18030"), "gb18030"),
        ("短文本。\n".encode("gbk"), "gb18030"),
        (ZH_TRADITIONAL.encode("big5"), "big5hkscs"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    source = read_source(path)
    assert source.encoding == encoding
    assert source.text.strip() in (
        ZH.strip(),
        EN.strip(),
        ZH_TRADITIONAL.strip(),
        "短文本。",
        (ZH + "AI 2025").strip(),
    )
    assert source.replacements == 0


def test_latin1_mislabelled_as_utf8_is_read_with_replacements(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Café in München, déjà vu. The rest of the text is plain English here.\n".encode("latin-1")
    )
    source = read_source(path)
    assert source.encoding == "utf-8"
    assert source.replacements == 4
    assert source.text.startswith("Caf\ufffd in M\ufffdnchen")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_ends_are_normalised_and_numbers_kept(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(
        newline.join(["First line.", "", "Second line.", "Third line."]).encode("utf-8") + b"\r\n"
    )
    source = read_source(path)
    assert source.text == "First line.\n\nSecond line.\nThird line.\n"
    assert [line.number for line in source.lines if line.text] == [1, 3, 4]
    assert source.line_of(source.text.index("Third")) == 4
    (document,) = load_documents([path])
    assert [(p.text, p.line_start) for p in document.paragraphs] == [
        ("First line.", 1),
        ("Second line.", 3),
        ("Third line.", 4),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\t\n ", "is empty"),
        ("\u3000\n".encode(), "only white space"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this is a PDF file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (bytes(range(256)) * 4, "binary file"),
        (bytes([0x81, 0x30, 0xFF, 0xFE, 0x80, 0xFF]) * 50, "cannot tell the text encoding"),
    ],
)
def test_bad_files_raise_input_errors(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        load_documents([path])


def test_missing_paths_empty_folders_and_unmatched_globs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        load_documents([tmp_path / "nope.txt"])
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(InputError, match=r"has no \.txt, \.md, \.docx, \.odt, \.pdf, \.html or \.xlsx files"):
        load_documents([tmp_path / "empty"])
    with pytest.raises(InputError, match="matches no files"):
        load_documents([str(tmp_path / "*.txt")])
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")


def test_folder_and_glob_inputs_in_sorted_order(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_text("Second paper text.\n", encoding="utf-8")
    (folder / "a.md").write_text("First paper text.\n", encoding="utf-8")
    (folder / "sub" / "c.txt").write_text("Third paper text.\n", encoding="utf-8")
    (folder / "skip.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.txt").write_text("Hidden.\n", encoding="utf-8")
    documents = load_documents([folder])
    assert [d.doc_id for d in documents] == ["a.md", "b.txt", "c.txt"]
    assert [d.paragraphs[0].text for d in documents] == [
        "First paper text.",
        "Second paper text.",
        "Third paper text.",
    ]
    globbed = load_documents([str(folder / "*.txt"), str(folder / "a.md")])
    assert [d.doc_id for d in globbed] == ["b.txt", "a.md"]


def test_doc_ids_stay_unique_when_file_names_repeat(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "en.txt").write_text(f"Paper {name}.\n", encoding="utf-8")
    documents = load_documents([tmp_path / "one" / "en.txt", tmp_path / "two" / "en.txt"])
    assert [d.doc_id for d in documents] == ["one/en.txt", "two/en.txt"]
    assert documents[0].file == str(tmp_path / "one" / "en.txt")


def test_docx_input(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Smart Manufacturing in Chongqing", level=1)
    document.add_paragraph("Chongqing is investing in smart factories. It plans 30 of them by 2027.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Factories"
    table.cell(1, 0).text, table.cell(1, 1).text = "2027", "30"
    document.add_paragraph("重庆正在建设智能工厂。")
    path = tmp_path / "paper.docx"
    document.save(str(path))
    source = read_source(path)
    assert source.encoding == "docx"
    assert "Year\tFactories" in source.text
    (loaded,) = load_documents([path])
    assert loaded.title == "Smart Manufacturing in Chongqing"
    texts = [p.text for p in loaded.paragraphs]
    assert texts[1] == "Chongqing is investing in smart factories. It plans 30 of them by 2027."
    assert texts[-1] == "重庆正在建设智能工厂。"
    assert loaded.lang == "en"


def test_pdf_input(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Smart Manufacturing in Chongqing\n\nChongqing is investing in smart factories.")
    pdf.add_page()
    pdf.multi_cell(0, 8, "The city plans thirty of them by 2027.")
    path = tmp_path / "paper.pdf"
    pdf.output(str(path))
    source = read_source(path)
    assert source.encoding == "pdf"
    (loaded,) = load_documents([path])
    texts = [p.text for p in loaded.paragraphs]
    assert texts[0] == "Smart Manufacturing in Chongqing"
    assert "Chongqing is investing in smart factories." in texts
    assert texts[-1] == "The city plans thirty of them by 2027."


def test_broken_docx_and_pdf_files(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match=r"not a readable \.docx"):
        load_documents([tmp_path / "broken.docx"])
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnonsense")
    with pytest.raises(InputError, match="PDF"):
        load_documents([tmp_path / "broken.pdf"])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (EN * 3, "en"),
        (ZH + "AI 芯片与 5G 网络。", "zh"),
        (ZH_TRADITIONAL, "zh"),
        ("東京は日本の首都です。ここにはたくさんの人が住んでいます。", "ja"),
        ("서울은 한국의 수도입니다. 많은 사람들이 살고 있습니다.", "ko"),
        ("Die Stadt ist ein wichtiger Standort für die Industrie und die Forschung in der Region.", "de"),
        ("La ville est un centre important pour les entreprises et la recherche dans la région.", "fr"),
        ("Москва является столицей России и крупнейшим городом страны.", "ru"),
        ("12345 !!! ...", "und"),
        ("OK", "und"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_lang_argument_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_text(ZH, encoding="utf-8")
    assert load_documents([path])[0].lang == "zh"
    assert load_documents([path], "ja")[0].lang == "ja"


def test_loading_both_bundled_volumes_is_fast() -> None:
    started = time.perf_counter()
    documents = load_documents([CORPORA / "cmia-19" / "en.txt", CORPORA / "cmia-19" / "zh.txt"])
    elapsed = time.perf_counter() - started
    assert len(documents) == 44
    assert elapsed < 5.0


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_raise_an_input_error(data: bytes) -> None:
    try:
        text, encoding, replacements = decode_bytes(data, "input.txt")
    except InputError as error:
        assert str(error).startswith("input.txt: ")
    else:
        assert isinstance(text, str) and encoding and replacements >= 0


@pytest.mark.parametrize(
    ("text", "encoding", "detected", "replacements"),
    [
        ("C'est déjà l'été à Paris, où il fait très chaud.\n", "latin-1", "utf-8", 7),
        ("こんにちは、これは日本語のテキストです。東京は大きな都市です。\n", "shift_jis", "cp932", 0),
        ("Привет, как дела? Это тест на кириллице.\n", "cp1251", "cp1251", 0),
    ],
)
def test_other_legacy_encodings(
    tmp_path: Path, text: str, encoding: str, detected: str, replacements: int
) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    source = read_source(path)
    assert (source.encoding, source.replacements) == (detected, replacements)
    if not replacements:
        assert source.text == text
