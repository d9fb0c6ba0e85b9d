"""``review.jsonl``: appended whole, read back identically, readable after a writer is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.review import REVIEW_JSONL, BeadRef, Decision, append_decisions, read_decisions

REF = BeadRef("p001", "sentence", 0, (("en.txt", 1, 0, 10),), (("zh.txt", 1, 0, 5),), "ab" * 8)


def confirm(number: int, reviewer: str = "ana") -> Decision:
    return Decision(f"d{number}", "2026-02-01T10:00:00+00:00", reviewer, "confirm", (REF,))


def test_decisions_round_trip(tmp_path: Path) -> None:
    assert read_decisions(tmp_path) == []
    edit = Decision("e1", "2026-02-01T10:00:00Z", "李", "edit", (REF,), side="tgt", index=0, text="新译文 «»")
    append_decisions(tmp_path, [confirm(1), edit])
    append_decisions(tmp_path, [confirm(2, reviewer="bo")])
    assert read_decisions(tmp_path) == [confirm(1), edit, confirm(2, reviewer="bo")]
    lines = (tmp_path / REVIEW_JSONL).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and "新译文" in lines[1]  # one decision a line, readable as is


def test_a_torn_last_line_is_ignored_then_cut_off(tmp_path: Path) -> None:
    append_decisions(tmp_path, [confirm(1)])
    path = tmp_path / REVIEW_JSONL
    whole = path.read_bytes()
    with path.open("ab") as stream:  # a writer killed half-way through its line
        stream.write(whole[: len(whole) // 2])
    assert read_decisions(tmp_path) == [confirm(1)]
    append_decisions(tmp_path, [confirm(2)])
    assert read_decisions(tmp_path) == [confirm(1), confirm(2)]
    assert path.read_bytes().count(b"\n") == 2


def test_a_damaged_line_in_the_middle_is_an_input_error(tmp_path: Path) -> None:
    append_decisions(tmp_path, [confirm(1)])
    with (tmp_path / REVIEW_JSONL).open("a", encoding="utf-8") as stream:
        stream.write('{"action": "confirm"}\n')
    with pytest.raises(InputError, match=r"review.jsonl:2: not a valid review decision"):
        read_decisions(tmp_path)


WRITER = """
import sys
from aligner.review import BeadRef, Decision, append_decisions
ref = BeadRef("p001", "sentence", 0, (("en.txt", 1, 0, 10),), (), "ab" * 8)
name, count = sys.argv[2], int(sys.argv[3])
for number in range(count):
    text = "x" * 5000  # long lines, so a kill can land inside a write
    decision = Decision(f"{name}{number}", "2026-02-01T10:00:00Z", name, "edit", (ref,),
                        side="src", index=0, text=text)
    append_decisions(sys.argv[1], [decision])
"""


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name, "40"]) for name in ("a", "b")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    ids = [d.id for d in read_decisions(tmp_path)]
    assert sorted(ids) == sorted(f"{name}{n}" for name in "ab" for n in range(40))
    # Each writer's decisions stay in its own order.
    assert [i for i in ids if i[0] == "a"] == [f"a{n}" for n in range(40)]


def test_a_writer_killed_mid_stream_leaves_a_readable_store(tmp_path: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), "k", "100000"])
    path = tmp_path / REVIEW_JSONL
    deadline = time.monotonic() + 60
    while (not path.exists() or path.stat().st_size < 200_000) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    decisions = read_decisions(tmp_path)
    assert len(decisions) > 10
    assert [d.id for d in decisions] == [f"k{n}" for n in range(len(decisions))]
    append_decisions(tmp_path, [confirm(1)])
    assert read_decisions(tmp_path)[-1] == confirm(1)
