"""``aligner report``: rerun the QA checks on a run folder and rewrite report.json/md/html and
findings.csv/xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aligner.checks import CHECKS, CheckOptions
from aligner.cli import EXIT_FINDINGS, EXIT_OK, app
from aligner.errors import UsageError
from aligner.model import SEVERITIES, Severity
from aligner.report import REPORT_FORMATS, parse_report_formats, rebuild_report

_DEFAULTS = CheckOptions()
_FORMAT_HELP = ", ".join(f"{name} ({fmt.file})" for name, fmt in REPORT_FORMATS.items())


def _severity(value: str | None, option: str) -> Severity | None:
    if value is None:
        return None
    for severity in SEVERITIES:
        if severity == value.lower():
            return severity
    raise UsageError(f"{option} must be one of {', '.join(SEVERITIES)}, not {value!r}")


def _share(value: float, option: str) -> float:
    if not 0.0 < value <= 1.0:
        raise UsageError(f"{option} must lie in (0, 1], not {value}")
    return value


@app.command("report")
def report_command(
    out_dir: Annotated[Path, typer.Argument(help="Run folder written by 'aligner run'.", show_default=False)],
    min_severity: Annotated[
        str, typer.Option(help=f"Leave out findings below this severity ({', '.join(SEVERITIES)}).")
    ] = "info",
    checks: Annotated[
        str | None, typer.Option(help=f"Run only these checks, comma-separated ({', '.join(CHECKS)}).")
    ] = None,
    low_similarity_z: Annotated[
        float, typer.Option(help="Flag beads this many robust standard deviations below the median score.")
    ] = _DEFAULTS.low_similarity_z,
    low_similarity_min_gap: Annotated[
        float, typer.Option(help="...and at least this far below the median score (0 to 1).")
    ] = _DEFAULTS.low_similarity_min_gap,
    condensed_min_missing: Annotated[
        float, typer.Option(help="Flag targets missing at least this share of the expected length (0 to 1).")
    ] = _DEFAULTS.condensed_min_missing,
    condensed_min_src_chars: Annotated[
        int, typer.Option(help="Only check condensation of passages with this many source characters.")
    ] = _DEFAULTS.condensed_min_src_chars,
    latin_min_words: Annotated[
        int, typer.Option(help="Latin-script words in a row that make an untranslated sentence.")
    ] = _DEFAULTS.latin_min_words,
    codes_min_kept_share: Annotated[
        float,
        typer.Option(help="Report a missing acronym only if kept in this share of its places (0 to 1)."),
    ] = _DEFAULTS.codes_min_kept_share,
    renderings: Annotated[
        Path | None,
        typer.Option(
            help="TSV of standard renderings (ACRONYM<tab>rendering|rendering) added to the bundled ones.",
            show_default=False,
        ),
    ] = None,
    consistency_min_chars: Annotated[
        int, typer.Option(help="Only compare translations of repeated sentences at least this long.")
    ] = _DEFAULTS.consistency_min_chars,
    glossary: Annotated[
        Path | None,
        typer.Option(
            help="Glossary (CSV en,zh[,en_variants,zh_variants] or TBX) for the terminology check: "
            "source terms whose translation has none of their renderings.",
            show_default=False,
        ),
    ] = None,
    fail_on_findings: Annotated[
        str | None, typer.Option(help="Exit with status 1 if a finding of this severity or above remains.")
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"Rewrite only these files, comma-separated: {_FORMAT_HELP}; the others stay as "
            "they are. Default: all.",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Rerun the QA checks on OUT_DIR/alignments.jsonl and rewrite report.json, report.md,
    report.html, findings.csv and findings.xlsx (one row per finding, with empty status and
    comment columns for the editor).

    Use it to try other thresholds without aligning again, or to keep only serious findings.

    Example: aligner report out/cmia-19 --min-severity major --condensed-min-missing 0.4

    Example: aligner report out/cmia-19 --min-severity major --format xlsx
    """
    chosen = parse_report_formats(formats)
    floor = _severity(min_severity, "--min-severity") or "info"
    fail_at = _severity(fail_on_findings, "--fail-on-findings")
    enabled = None
    if checks is not None:
        enabled = tuple(name.strip() for name in checks.split(",") if name.strip())
    if low_similarity_z <= 0:
        raise UsageError(f"--low-similarity-z must be positive, not {low_similarity_z}")
    options = CheckOptions(
        enabled=enabled,
        low_similarity_z=low_similarity_z,
        low_similarity_min_gap=_share(low_similarity_min_gap, "--low-similarity-min-gap"),
        condensed_min_missing=_share(condensed_min_missing, "--condensed-min-missing"),
        condensed_min_src_chars=max(condensed_min_src_chars, 1),
        latin_min_words=max(latin_min_words, 1),
        codes_min_kept_share=_share(codes_min_kept_share, "--codes-min-kept-share"),
        consistency_min_chars=max(consistency_min_chars, 1),
        renderings_file=str(renderings) if renderings is not None else None,
        glossary_file=str(glossary) if glossary is not None else None,
    )
    report = rebuild_report(out_dir, options, floor, chosen)
    counts = report.totals.findings_by_severity
    summary = ", ".join(f"{n} {s}" for s, n in counts.items()) or "none"
    files = ", ".join(REPORT_FORMATS[name].file for name in chosen)
    typer.echo(f"{len(report.findings)} findings ({summary}); wrote {files} in {out_dir}")
    if fail_at is not None and any(
        SEVERITIES.index(f.severity) >= SEVERITIES.index(fail_at) for f in report.findings
    ):
        return EXIT_FINDINGS
    return EXIT_OK
