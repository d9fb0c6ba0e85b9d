"""Alignment files in the Vecalign/Bertalign format, and strict/lax precision, recall and F1.

A bead is written ``[src indices]:[tgt indices]``, 0-based, an empty list for an omission, with an
optional third field, the bead score: ``[0,1]:[0]:0.8712``.

Scoring follows Vecalign's ``score.py`` (which Bertalign's evaluation reuses), so figures are
comparable with published ones:

- *strict*: a bead counts only if the same bead (same indices on both sides) is in the other set;
- *lax*: a bead that is not an exact match still counts if it shares at least one source index
  and one target index with some bead of the other set;
- precision is computed over the test beads (a test omission counts as a false positive unless
  the gold has the same omission); recall over the gold beads, with omissions left out of both
  sets (so recall measures the aligned pairs only);
- counts are added up over files before dividing (micro-average).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aligner.errors import InputError

Alignment = tuple[tuple[int, ...], tuple[int, ...]]
METRICS = (
    "precision_strict",
    "recall_strict",
    "f1_strict",
    "precision_lax",
    "recall_lax",
    "f1_lax",
)


def _indices(field: str, where: str) -> tuple[int, ...]:
    try:
        value = json.loads(field)
    except ValueError as exc:
        raise InputError(f"{where}: {field!r} is not a list of indices") from exc
    if not isinstance(value, list) or not all(isinstance(v, int) and v >= 0 for v in value):
        raise InputError(f"{where}: {field!r} is not a list of non-negative integers")
    return tuple(value)


def parse_beads(text: str, source: str = "<text>") -> list[Alignment]:
    """Parse Vecalign-format lines (blank lines ignored; a third ``:score`` field is allowed)."""
    beads = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.strip().split(":")
        where = f"{source}:{number}"
        if len(fields) not in (2, 3):
            raise InputError(f"{where}: expected '[src]:[tgt]' or '[src]:[tgt]:score', got {line.strip()!r}")
        if len(fields) == 3:
            try:
                float(fields[2])
            except ValueError as exc:
                raise InputError(f"{where}: the score {fields[2]!r} is not a number") from exc
        beads.append((_indices(fields[0], where), _indices(fields[1], where)))
    return beads


def read_beads(path: str | Path) -> list[Alignment]:
    """Read one alignment file in the Vecalign/Bertalign format."""
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{target}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{target}: cannot read ({exc})") from exc
    return parse_beads(text, str(target))


def format_bead(src: Sequence[int], tgt: Sequence[int], score: float | None = None) -> str:
    """One bead in the Vecalign/Bertalign format, e.g. ``[0,1]:[0]:0.8712``."""
    line = f"[{','.join(map(str, src))}]:[{','.join(map(str, tgt))}]"
    return line if score is None else f"{line}:{score:.4f}"


@dataclass
class Counts:
    """True and false positives of one comparison, strict and lax."""

    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp_strict += other.tp_strict
        self.fp_strict += other.fp_strict
        self.tp_lax += other.tp_lax
        self.fp_lax += other.fp_lax
        return self


def _matches(reference: Iterable[Alignment], candidates: Iterable[Alignment]) -> Counts:
    """How many ``candidates`` are found in ``reference``, exactly (strict) or by overlap (lax)."""
    reference_set = {bead for bead in reference if bead[0] or bead[1]}
    tgt_of_src: dict[int, set[int]] = defaultdict(set)
    for src, tgt in reference_set:
        for i in src:
            tgt_of_src[i].update(tgt)
    counts = Counts()
    for bead in {bead for bead in candidates if bead[0] or bead[1]}:
        if bead in reference_set:
            counts.tp_strict += 1
            counts.tp_lax += 1
            continue
        counts.fp_strict += 1
        linked = set().union(*(tgt_of_src[i] for i in bead[0])) if bead[0] else set()
        if linked.intersection(bead[1]):
            counts.tp_lax += 1
        else:
            counts.fp_lax += 1
    return counts


def _normalise(beads: Iterable[object]) -> list[Alignment]:
    """Accept (src, tgt) pairs of index sequences or objects with ``src``/``tgt`` (``model.Bead``)."""
    result = []
    for bead in beads:
        if hasattr(bead, "src") and hasattr(bead, "tgt"):
            src, tgt = bead.src, bead.tgt
        else:
            src, tgt = bead  # type: ignore[misc]
        result.append((tuple(int(i) for i in src), tuple(int(j) for j in tgt)))
    return result


def _is_file_list(value: Sequence[object]) -> bool:
    """True for a list of files (each a list of beads), False for one file's beads."""
    for item in value:
        if hasattr(item, "src"):
            return False
        first = item[0]  # type: ignore[index]
        if hasattr(first, "src"):
            return True
        for element in first:
            return not isinstance(element, int)
    return False


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(gold: Sequence[object], test: Sequence[object]) -> dict[str, float]:
    """Strict and lax precision, recall and F1 of ``test`` against ``gold``.

    Each argument is one file's beads, or a list of files' beads (same length and order for both,
    micro-averaged). Beads are ``(src, tgt)`` index sequences or :class:`aligner.model.Bead`.
    Returns the keys in :data:`METRICS`.
    """
    gold_files = [_normalise(f) for f in gold] if _is_file_list(gold) else [_normalise(gold)]  # type: ignore[arg-type]
    test_files = [_normalise(f) for f in test] if _is_file_list(test) else [_normalise(test)]  # type: ignore[arg-type]
    if len(gold_files) != len(test_files):
        raise InputError(f"{len(gold_files)} gold files but {len(test_files)} test files")
    precision_counts, recall_counts = Counts(), Counts()
    for gold_beads, test_beads in zip(gold_files, test_files, strict=True):
        precision_counts += _matches(gold_beads, test_beads)
        gold_pairs = [bead for bead in gold_beads if bead[0] and bead[1]]
        test_pairs = [bead for bead in test_beads if bead[0] and bead[1]]
        recall_counts += _matches(test_pairs, gold_pairs)
    p_strict = _ratio(precision_counts.tp_strict, precision_counts.tp_strict + precision_counts.fp_strict)
    p_lax = _ratio(precision_counts.tp_lax, precision_counts.tp_lax + precision_counts.fp_lax)
    r_strict = _ratio(recall_counts.tp_strict, recall_counts.tp_strict + recall_counts.fp_strict)
    r_lax = _ratio(recall_counts.tp_lax, recall_counts.tp_lax + recall_counts.fp_lax)
    return {
        "precision_strict": p_strict,
        "recall_strict": r_strict,
        "f1_strict": _f1(p_strict, r_strict),
        "precision_lax": p_lax,
        "recall_lax": r_lax,
        "f1_lax": _f1(p_lax, r_lax),
    }


def split_many_to_many(bead: Alignment) -> list[Alignment]:
    """A bead with two or more segments on both sides, cut into ``min(a, b)`` smaller beads.

    Gold sets that group segments by an outside unit (the Bible's verses) hold 2-2 beads whose
    sentences translate one by one: from the text, the right alignment there is two 1-1 pairs.
    Scoring the gold with these beads split gives the ceiling of an aligner that works from the
    text alone (``scripts/bench_accuracy.py --ceiling``). The parts are consecutive and as even
    as possible; other beads come back as they are (as a tuple of tuples).
    """
    src, tgt = tuple(bead[0]), tuple(bead[1])
    parts = min(len(src), len(tgt))
    if parts < 2:
        return [(src, tgt)]

    def cut(indices: tuple[int, ...]) -> list[tuple[int, ...]]:
        size, extra = divmod(len(indices), parts)
        pieces, start = [], 0
        for part in range(parts):
            end = start + size + (1 if part < extra else 0)
            pieces.append(indices[start:end])
            start = end
        return pieces

    return list(zip(cut(src), cut(tgt), strict=True))


def merge_within_units(
    beads: Sequence[object], src_units: Sequence[str], tgt_units: Sequence[str]
) -> list[Alignment]:
    """Consecutive beads merged while the merged bead lies inside one outside unit.

    Bertalign's protocol for the Bible, whose gold aligns whole verses: an aligner that follows
    the text splits a verse into the sentence pairs it holds, which the gold counts as wrong. Each
    output bead is merged into the one before while every segment of both (of either side) has
    the same unit label (``src_units[i]`` for source segment ``i``; the Bible's verses, ``Gen:1:2``,
    share one label set across languages); a bead with a segment of another unit starts a new one.
    Omissions merge too when their segments lie in the unit.
    """
    merged: list[Alignment] = []
    current_unit: str | None = None
    for src, tgt in _normalise(beads):
        units = {src_units[i] for i in src} | {tgt_units[j] for j in tgt}
        unit = next(iter(units)) if len(units) == 1 else None
        if merged and unit is not None and unit == current_unit:
            last_src, last_tgt = merged[-1]
            merged[-1] = (last_src + src, last_tgt + tgt)
        else:
            merged.append((src, tgt))
            current_unit = unit
    return merged


def pair_files(gold: str | Path, test: str | Path) -> list[tuple[str, Path, Path]]:
    """Match gold and test inputs: two files, or two folders compared by file name.

    Returns ``(name, gold file, test file)`` in name order. In folder mode every gold file needs
    a test file of the same name (extra test files are ignored).
    """
    gold_path, test_path = Path(gold), Path(test)
    for path in (gold_path, test_path):
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    if gold_path.is_dir() != test_path.is_dir():
        raise InputError("GOLD and TEST must both be files or both be folders")
    if not gold_path.is_dir():
        return [(gold_path.name, gold_path, test_path)]
    names = sorted(p.name for p in gold_path.iterdir() if p.is_file() and not p.name.startswith("."))
    if not names:
        raise InputError(f"{gold_path}: the gold folder has no files")
    missing = [name for name in names if not (test_path / name).is_file()]
    if missing:
        raise InputError(f"{test_path}: no test file for {', '.join(missing)}")
    return [(name, gold_path / name, test_path / name) for name in names]
