"""Splitting volumes into documents: table of contents, bylines, manifests."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.ingest import load_documents, read_inputs
from aligner.volumes import match_key, toc_entry_title

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


@pytest.fixture(scope="module")
def cmia19() -> tuple[list, list]:
    readings = read_inputs([CORPORA / "cmia-19" / "en.txt", CORPORA / "cmia-19" / "zh.txt"])
    return readings[0].documents, readings[1].documents


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "1.\tAT&S and Chongqing's Joint Path Toward AI-Driven, Sustainable Manufacturing AT&S (1)",
            "AT&S and Chongqing's Joint Path Toward AI-Driven, Sustainable Manufacturing AT&S",
        ),
        (
            "1. 奥特斯与重庆：携手迈向智能化的可持续制造.....\t奥特斯 (1)",
            "奥特斯与重庆：携手迈向智能化的可持续制造",
        ),
        (
            "13.AI 赋能制造业转型升级助力重庆打造新质生产力高地.....\t高通 (100)",
            "AI 赋能制造业转型升级助力重庆打造新质生产力高地",
        ),
        (
            "5. 发展超大规模城市智能治理体系树立 “AI+ 城市” 全球标杆.....\tSK(29)",
            "发展超大规模城市智能治理体系树立 “AI+ 城市” 全球标杆",
        ),
        (
            "10.\tAI in France and Enlightenment for Chongqing ————————————————————",
            "AI in France and Enlightenment for Chongqing",
        ),
        (
            "\tAdvancing AI Applications to Drive High-Quality Growth in Chongqing's Manufacturing Sector",
            "Advancing AI Applications to Drive High-Quality Growth in Chongqing's Manufacturing Sector",
        ),
        ("Introduction ........ 3", "Introduction"),
        ("3 Chongqing Vision 2030 155", "Chongqing Vision 2030"),
        ("4. Chongqing Vision 2030", "Chongqing Vision 2030"),
    ],
)
def test_toc_entry_title(line: str, title: str) -> None:
    assert toc_entry_title(line) == title


def test_match_key_folds_width_case_spacing_and_punctuation() -> None:
    assert match_key("奥特斯与重庆：携手迈向智能化的 可持续制造") == match_key(
        "奥特斯与重庆:携手迈向智能化的可持续制造"
    )
    assert match_key("AI＋ City") == match_key("ai+city")


def test_bundled_volumes_split_into_22_documents_in_toc_order(cmia19: tuple[list, list]) -> None:
    english, chinese = cmia19
    assert len(english) == 22 and len(chinese) == 22
    assert english[0].title == "AT&S and Chongqing's Joint Path Toward AI-Driven, Sustainable Manufacturing"
    assert english[0].author == "Dr. Michael Mertin CEO of AT&S AG"
    assert chinese[0].title == "奥特斯与重庆：携手迈向智能化的可持续制造"
    assert chinese[0].author == "奥特斯集团首席执行官 马铭天 博士"
    # Entries 8 and 12 share most of a title; each lands on its own paper.
    assert english[7].title == "Building an AI Application Hub to Enable High-Quality Industrial Development"
    assert english[11].title.startswith("Theme: Building an AI Application Hub")
    # The TOC entry truncated to "Digital-Intelligence gration" still finds its paper.
    assert english[20].title.endswith("Advance Digital-Intelligence Integration")
    # A title broken over two lines, and a subtitle on the next line, are part of the title.
    assert chinese[13].title == "智启未来，AI 赋能——共谱重庆人工智能 + 先进制造新篇章"
    assert chinese[21].title == "推进人工智能应用赋能重庆制造业高质量发展"
    assert english[17].title.endswith("— Insights from MSD and AI applications in related industrial parks")
    # Company names after the title in the TOC are not part of the title.
    assert english[19].title == "Empowering Citrus Cultivation in Chongqing with AI and Digital Technologies"
    assert english[19].author == "BASF"
    for documents, name in ((english, "en.txt"), (chinese, "zh.txt")):
        assert [d.doc_id for d in documents] == [f"{name}#{k:02d}" for k in range(1, 23)]
        starts = [d.line_start for d in documents]
        assert starts == sorted(starts)
        assert all(a.line_end == b.line_start - 1 for a, b in pairwise(documents))
        assert all(d.paragraphs[0].kind == "heading" and d.paragraphs[0].text for d in documents)
    assert {d.lang for d in english} == {"en"} and {d.lang for d in chinese} == {"zh"}
    # Same TOC order in both languages: the company named in each English title or byline is the one
    # the Chinese byline names.
    pairs = {
        0: "奥特斯",
        1: "安道拓",
        2: "日立能源",
        3: "福特",
        4: "SK",
        6: "惠普",
        8: "意法半导体",
        9: "索德尚",
        10: "昕诺飞",
        11: "怡和",
        12: "高通",
        13: "康宁",
        14: "嘉士伯",
        15: "三菱日联",
        16: "施耐德电气",
        17: "默沙东",
        18: "瑞穗",
        19: "巴斯夫",
        20: "霍尼韦尔",
        21: "康明斯",
    }
    for index, company in pairs.items():
        assert company in (chinese[index].author or ""), (index, chinese[index].author)


def test_toc_and_front_matter_are_removed_not_lost(cmia19: tuple[list, list]) -> None:
    english, _ = cmia19
    reasons = {r.reason: r for r in english[0].removed}
    assert (reasons["toc"].line_start, reasons["toc"].line_end) == (9, 33)
    assert reasons["front-matter"].text.startswith("第十九屆")


@pytest.mark.parametrize("name", ["cmia-19/en.txt", "cmia-19/zh.txt", "cmia-earlier/en.txt"])
def test_every_non_empty_line_is_a_paragraph_or_removed(name: str) -> None:
    readings = read_inputs([CORPORA / name])
    source = readings[0].source
    covered: set[int] = set()
    for document in readings[0].documents:
        for paragraph in document.paragraphs:
            covered.update(range(paragraph.line_start, paragraph.line_end + 1))
        for removed in document.removed:
            covered.update(range(removed.line_start, removed.line_end + 1))
    missing = [line.number for line in source.lines if line.text.strip() and line.number not in covered]
    assert missing == []


def test_byline_volume_without_toc_is_split_at_title_and_byline_blocks() -> None:
    documents = load_documents([CORPORA / "cmia-earlier" / "en.txt"])
    assert len(documents) >= 15
    by_start = {d.line_start: d for d in documents}
    keswick = by_start[3386]
    assert (
        keswick.title
        == "Good tales of two cities Building Chengdu-Chongqing Economic Circle: Opportunities and Challenges"
    )
    assert keswick.author == "Ben Keswick Executive Chairman, JARDINE MATHESON"
    assert keswick.paragraphs[2].text == "Executive Summary"
    bp = next(d for d in documents if d.author and d.author.startswith("Simon Yang"))
    assert bp.title.endswith("Meet the Carbon Peaking and Neutrality Goals")


VOLUME = """Proceedings of a small meeting

Table of Contents

1. Green Steel in the Valley .......... 1
2. Water Policy for Cities ........... 7
3. A Paper Nobody Wrote .............. 9

Green Steel in the Valley

Jane Roe, CEO of Example Steel

Steel plants can cut emissions. Water Policy for Cities is the title of the next paper, mentioned here.

Water Policy for Cities

Steel plants need water too, which is why the heading above repeats a title.

Water Policy for Cities
John Doe
Director, Water Institute

Cities need water.
"""


def test_toc_volume_written_for_the_test(tmp_path: Path) -> None:
    path = tmp_path / "volume.txt"
    path.write_text(VOLUME, encoding="utf-8")
    reading = read_inputs([path])[0]
    documents = reading.documents
    assert [d.title for d in documents] == ["Green Steel in the Valley", "Water Policy for Cities"]
    assert [d.author for d in documents] == [
        "Jane Roe, CEO of Example Steel",
        "John Doe Director, Water Institute",
    ]
    # The title repeated as a heading inside the first paper (line 15) is not taken for the second.
    assert [(d.line_start, d.line_end) for d in documents] == [(9, 18), (19, 23)]
    assert any("entry 3" in note and "A Paper Nobody Wrote" in note for note in reading.notes)


def test_manifest_splits_a_volume_without_toc(tmp_path: Path) -> None:
    (tmp_path / "vol.txt").write_text(
        "Front page\n\nFirst paper\n\nText one.\n\nSecond paper\n\nText two.\n", encoding="utf-8"
    )
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("name,file,first_line\nPaper B,vol.txt,7\nPaper A,vol.txt,3\n", encoding="utf-8")
    documents = load_documents([manifest])
    assert [(d.doc_id, d.title, d.line_start, d.line_end) for d in documents] == [
        ("vol.txt#01", "Paper A", 3, 6),
        ("vol.txt#02", "Paper B", 7, 9),
    ]
    assert [p.text for p in documents[0].paragraphs] == ["First paper", "Text one."]
    assert documents[0].removed[0].reason == "front-matter"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,file\nA,vol.txt\n", "needs the columns name,file,first_line"),
        ("name,file,first_line\nA,vol.txt,x\n", "first_line must be a line number"),
        ("name,file,first_line\nA,vol.txt,99\n", "starts at line 99"),
        ("name,file,first_line\nA,missing.txt,1\n", "which does not exist"),
        ("name,file,first_line\n", "lists no documents"),
    ],
)
def test_bad_manifests(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "vol.txt").write_text("One\n\nTwo\n", encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_documents([manifest])


def test_one_document_file_takes_its_title_from_the_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "paper.md"
    path.write_text("# Smart Factories in Chongqing\n\nFactories are getting smarter.\n", encoding="utf-8")
    (document,) = load_documents([path])
    assert (document.doc_id, document.title) == ("paper.md", "Smart Factories in Chongqing")
    assert document.paragraphs[0].text == "Smart Factories in Chongqing"
    untitled = tmp_path / "notes.txt"
    untitled.write_text("just some text, no heading at all.\n", encoding="utf-8")
    assert load_documents([untitled])[0].title == "notes.txt"


def test_a_papers_own_table_of_contents_does_not_split_it(tmp_path: Path) -> None:
    text = (
        "Smart Factories in Chongqing\n\nContents\n\n1. Introduction ..... 1\n2. Methods ..... 2\n"
        "3. Results ..... 3\n\n1. Introduction\n\nFactories are smart.\n\n2. Methods\n\nWe counted.\n\n"
        "3. Results\n\nThere are many.\n"
    )
    path = tmp_path / "paper.txt"
    path.write_text(text, encoding="utf-8")
    (document,) = load_documents([path])
    assert document.title == "Smart Factories in Chongqing"
    assert [p.kind for p in document.paragraphs][-6:] == ["heading", "body"] * 3


def test_many_papers_with_similar_titles_are_found_in_order(tmp_path: Path) -> None:
    words = ["Smart", "Factory", "Energy", "Policy", "Talent", "Data", "Cloud", "Supply", "Chain", "Growth"]
    titles = [" ".join(words[(k * 7 + i * 3) % 10] for i in range(6)) + f" in Region {k}" for k in range(30)]
    toc = "Contents\n\n" + "\n".join(f"{k + 1}. {t} ...... {k * 5 + 1}" for k, t in enumerate(titles))
    authors = [f"{first} {last}, CEO" for first in ("Jane", "John", "Mary") for last in words]
    papers = [
        f"{title}\n\n{authors[k]}\n\n"
        + "\n\n".join(f"Paragraph {n} of paper {k} mentions {title} in passing." for n in range(40))
        for k, title in enumerate(titles)
    ]
    path = tmp_path / "volume.txt"
    path.write_text(toc + "\n\n" + "\n\n".join(papers) + "\n", encoding="utf-8")
    documents = load_documents([path])
    assert [d.title for d in documents] == titles
    assert [d.author for d in documents] == authors
    assert all(len(d.paragraphs) == 42 for d in documents)
