"""``aligner run``: the whole job, from sources to a run folder, with a one-screen summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from aligner.checks import CheckOptions
from aligner.clean import SplitRule
from aligner.cli import EXIT_FINDINGS, EXIT_OK, app
from aligner.cli.options import (
    CacheDirOption,
    CreatedOption,
    EncoderOption,
    EngineOption,
    ExportsOption,
    ForceOption,
    GpusPerEncoderOption,
    KeepReviewOption,
    OutOption,
    QuietOption,
    RayAddressOption,
    ReportOption,
    ResumeOption,
    SplitOption,
    WorkersOption,
)
from aligner.engines import make_engine
from aligner.errors import UsageError
from aligner.model import SEVERITIES
from aligner.pipeline import RunOptions, RunResult, run, stderr_progress
from aligner.report import rebuild_report
from aligner.terms import read_glossary


def summary(result: RunResult) -> str:
    """The end-of-run summary: pairs, unpaired documents, beads, coverage, findings, the settings
    signature (:mod:`aligner.signature`), time."""
    lines = [f"run folder: {result.out_dir}"]
    statuses = Counter(p.status for p in result.pairs)
    lines.append(
        f"documents: {statuses['paired']} paired, {statuses['src-only']} source-only, "
        f"{statuses['tgt-only']} target-only"
    )
    for p in result.pairs:
        if p.status == "paired" and p.src and p.tgt:
            lines.append(f"  {p.pair_id}  {p.score:.2f}  {p.src.title[:60]}  <->  {p.tgt.title[:30]}")
    unpaired = [p for p in result.pairs if p.status != "paired"]
    if unpaired:
        lines.append("unpaired:")
        for p in unpaired:
            doc = p.src or p.tgt
            assert doc is not None
            lines.append(f"  {p.status:9} {doc.title[:70]} ({doc.file}:{doc.line_start})")
    sentence_beads = [b for b in result.beads if b.level == "sentence"]
    kinds = Counter(b.kind for b in sentence_beads)
    lines.append(
        "sentence beads: "
        + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]))
    )
    src_chars = sum(len(s.text) for b in sentence_beads for s in b.src)
    covered = sum(len(s.text) for b in sentence_beads if b.tgt for s in b.src)
    if src_chars:
        lines.append(f"source text with a counterpart: {100 * covered / src_chars:.1f}%")
    if result.findings_by_severity:
        found = ", ".join(
            f"{result.findings_by_severity[s]} {s}"
            for s in reversed(SEVERITIES)
            if s in result.findings_by_severity
        )
        lines.append(f"report findings: {found} (see report.html)")
    if result.signature:
        lines.append(f"signature: {result.signature}")
    timings = result.manifest.get("timings_s", {})
    if isinstance(timings, dict) and "total" in timings:
        lines.append(f"time: {timings['total']:.1f} s")
    return "\n".join(lines)


def echo_result(result: RunResult) -> None:
    """The summary on stdout, the warnings on stderr."""
    typer.echo(summary(result))
    for warning in result.warnings:
        typer.echo(f"aligner: warning: {warning}", err=True)


@app.command("run")
def run_command(
    sources: Annotated[
        list[Path],
        typer.Argument(help="Files, folders or globs in both languages (volumes are split into papers)."),
    ],
    out: OutOption,
    force: ForceOption = False,
    encoder: EncoderOption = RunOptions.encoder,
    cache_dir: CacheDirOption = None,
    src_lang: Annotated[
        str | None, typer.Option(help="Source language [default: detected, English first].")
    ] = None,
    tgt_lang: Annotated[str | None, typer.Option(help="Target language [default: detected].")] = None,
    pairs: Annotated[
        Path | None, typer.Option(help="CSV with columns src,tgt (doc ids or titles) overriding the pairing.")
    ] = None,
    created: CreatedOption = None,
    exports: ExportsOption = True,
    report: ReportOption = True,
    normalise: Annotated[
        bool,
        typer.Option(
            "--normalise/--no-normalise",
            help="Unicode normalisation of the text read: compatibility ideographs and radical "
            "look-alikes, ligatures, full-width letters and digits, odd spaces, soft hyphens and "
            "zero-width characters, spaces at CJK punctuation (counts in manifest.json).",
        ),
    ] = True,
    split: SplitOption = SplitRule.AUTO,
    fail_on_findings: Annotated[
        str | None,
        typer.Option(help="Exit 1 on report findings of this severity or worse (info|minor|major|critical)."),
    ] = None,
    engine: EngineOption = "local",
    ray_address: RayAddressOption = None,
    workers: WorkersOption = None,
    gpus_per_encoder: GpusPerEncoderOption = 0.0,
    glossary: Annotated[
        Path | None,
        typer.Option(
            help="Glossary (CSV en,zh[,en_variants,zh_variants] or TBX) for the report's terminology check.",
            show_default=False,
        ),
    ] = None,
    resume: ResumeOption = False,
    keep_review: KeepReviewOption = False,
    quiet: QuietOption = False,
) -> int:
    """Pair documents, align paragraphs then sentences, write exports and the audit report.

    Example: aligner run corpora/cmia-19/en.txt corpora/cmia-19/zh.txt -o out/cmia-19
    """
    if fail_on_findings is not None and fail_on_findings not in SEVERITIES:
        raise typer.BadParameter(f"must be one of {', '.join(SEVERITIES)}", param_hint="--fail-on-findings")
    if glossary is not None:
        if not report:
            raise UsageError("--glossary feeds the report's terminology check; drop --no-report")
        read_glossary(glossary)
    pair_engine = make_engine(engine, address=ray_address, workers=workers, gpus_per_encoder=gpus_per_encoder)
    options = RunOptions(
        encoder=encoder,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        pairs_file=str(pairs) if pairs else None,
        created=created,
        exports=exports,
        report=report,
        normalise=normalise,
        split=split,
    )
    result = run(
        sources,
        out,
        options,
        force=force,
        cache_dir=cache_dir,
        progress=(lambda _m: None) if quiet else stderr_progress,
        engine=pair_engine,
        resume=resume,
        keep_review=keep_review,
    )
    if glossary is not None:
        # The pipeline runs the checks with their defaults; the terminology check needs the
        # glossary, so the report is rebuilt with it (the glossary was read before the run).
        report_with_glossary = rebuild_report(out, CheckOptions(glossary_file=str(glossary)))
        result.findings_by_severity = dict(report_with_glossary.totals.findings_by_severity)
    echo_result(result)
    if fail_on_findings is not None:
        threshold = SEVERITIES.index(fail_on_findings)  # type: ignore[arg-type]
        worst = [s for s in result.findings_by_severity if SEVERITIES.index(s) >= threshold]  # type: ignore[arg-type]
        if worst:
            return EXIT_FINDINGS
    return EXIT_OK
