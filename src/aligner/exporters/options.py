"""Settings that shape an export's output but not which beads go in it (see ``filters``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aligner._version import __version__
from aligner.errors import UsageError

# language[-script][-region][-variant...] as in BCP 47 (RFC 5646), without extensions or
# grandfathered tags: what OmegaT, Trados, memoQ and Okapi accept in xml:lang.
_LANG_CODE = re.compile(
    r"(?P<language>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?P<variants>(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*)"
)

# The regional defaults CAT tools expect when a run only knows the bare language.
PREFERRED_REGION = {"en": "en-US", "zh": "zh-CN"}


def normalise_lang_code(code: str) -> str:
    """Validate a BCP-47-style code and give it the canonical case (``zh-hans`` -> ``zh-Hans``).

    Underscores are accepted as separators (``zh_CN``), since that is how locales are often written.
    """
    match = _LANG_CODE.fullmatch(code.strip().replace("_", "-"))
    if match is None:
        raise UsageError(
            f"{code!r} is not a language code; use a BCP 47 tag such as en, en-US, zh-CN, zh-Hans or zh-TW"
        )
    parts = [match["language"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    parts.extend(variant.lower() for variant in match["variants"].split("-") if variant)
    return "-".join(parts)


def default_lang_code(run_lang: str) -> str:
    """The code to write for a run language such as ``en``: its preferred regional variant."""
    code = normalise_lang_code(run_lang)
    return PREFERRED_REGION.get(code, code)


def parse_created(value: str) -> datetime:
    """Parse the manifest's ISO-8601 ``created`` timestamp as an aware UTC datetime.

    A timestamp without an offset is taken as UTC, the manifest's documented zone.
    """
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise UsageError(f"{value!r} is not an ISO-8601 timestamp such as 2026-11-23T08:30:00Z") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


@dataclass(frozen=True, kw_only=True)
class ExportOptions:
    """How exports are written.

    ``created`` is the run's creation time from ``manifest.json``; every date an export carries
    comes from it, never from the clock, so exporting the same run twice gives identical bytes.
    ``excel_bom`` starts CSV/TSV files with a UTF-8 byte order mark, which Excel needs to detect
    UTF-8. ``guard_formulas`` prefixes an apostrophe to CSV/TSV cells that Excel would run as a
    formula and writes cells it would turn into a date or a number as ``="1-1"`` (see
    ``tabular.excel_cell``); the CLI's ``--excel`` turns on both. ``signature`` is the run's
    settings signature (``manifest.json``), which TMX headers carry.
    """

    created: str
    src_lang_code: str = "en-US"
    tgt_lang_code: str = "zh-CN"
    tool_version: str = __version__
    # The run's settings signature (:mod:`aligner.signature`), written in each TMX header; None
    # for a run folder written before runs had one.
    signature: str | None = None
    excel_bom: bool = False
    guard_formulas: bool = False
    created_at: datetime = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Validate once here so every exporter can trust the codes and the date.
        src = normalise_lang_code(self.src_lang_code)
        tgt = normalise_lang_code(self.tgt_lang_code)
        if src.lower() == tgt.lower():
            raise UsageError(f"source and target language codes are both {src}; they must differ")
        object.__setattr__(self, "src_lang_code", src)
        object.__setattr__(self, "tgt_lang_code", tgt)
        object.__setattr__(self, "created_at", parse_created(self.created))

    @property
    def tmx_date(self) -> str:
        """``created`` in TMX's date format, YYYYMMDDThhmmssZ."""
        return self.created_at.strftime("%Y%m%dT%H%M%SZ")
