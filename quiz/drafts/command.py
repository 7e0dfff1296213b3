"""`quiz draft`: propose anchored draft questions from article files (a thin wrapper over the pipeline)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from .checks import CHECKS
from .nlp import ModelMissing
from .pipeline import DEFAULT_MAX, TYPES, DraftRun, draft_bank


def _types(_ctx, _param, value: str | None) -> tuple[str, ...]:
    if not value:
        return TYPES
    wanted = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [t for t in wanted if t not in TYPES]
    if unknown or not wanted:
        raise click.BadParameter(f"unknown type {', '.join(unknown) or '(none)'}; choose from {', '.join(TYPES)}")
    return wanted


@click.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-n",
    "--max",
    "limit",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX,
    show_default=True,
    help="Keep the best N drafts per article (0: all that pass the checks).",
)
@click.option(
    "--types",
    callback=_types,
    metavar="LIST",
    help=f"Comma-separated question types to draft (default: all of {','.join(TYPES)}).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the draft bank here (default: standard output).",
)
@click.option("--report", is_flag=True, help="Print each draft's checks and a summary to standard error.")
@click.option(
    "--articles",
    "corpus_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of other articles for distractors and not-in-source claims (default: the other ARTICLE files given).",
)
def draft(
    articles: tuple[Path, ...],
    limit: int,
    types: tuple[str, ...],
    output: Path | None,
    report: bool,
    corpus_dir: Path | None,
) -> None:
    """Propose draft questions (status: draft) for each ARTICLE, anchored and checked, best first."""
    if output is not None and not output.resolve().parent.is_dir():
        click.echo(f"error: cannot write {output}: the folder {output.parent} does not exist", err=True)
        sys.exit(1)
    try:
        run = draft_bank(list(articles), types=types, limit=limit or None, corpus_dir=corpus_dir, output=output)
    except ModelMissing as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for p in run.problems:
        click.echo(p.format() if p.severity == "error" else f"{p.path}: warning: {p.message}", err=True)
    if report:
        click.echo(format_report(run), err=True)
    if not run.drafts:
        if run.ok:
            click.echo("error: no draft could be made from the given articles", err=True)
        sys.exit(1)
    if output:
        try:
            output.write_text(run.text, encoding="utf-8")
        except OSError as exc:
            click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
            sys.exit(1)
        click.echo(f"{output}: {len(run.drafts)} drafts written", err=True)
    else:
        click.echo(run.text, nl=False)
    sys.exit(0 if run.ok else 1)


def _marks(d) -> str:
    """The checks that apply to a draft, each ok or FAILED (retrieval with the source's rank)."""
    marks = {name: "ok" if d.checks[name] else "FAILED" for name in CHECKS if d.checks.get(name) is not None}
    if "retrieval" in marks and d.check_notes.get("retrieval-rank"):
        marks["retrieval"] += f" (rank {d.check_notes['retrieval-rank']})"
    return ", ".join(f"{name} {mark}" for name, mark in marks.items())


def _per_type(drafts) -> str:
    """How many of the drafts there are of each type: "choice 3, text 1"."""
    return ", ".join(f"{t} {n}" for t, n in sorted(Counter(d.type for d in drafts).items()))


def format_report(run: DraftRun) -> str:
    """Per-draft checks and per-article and overall summaries, as plain text."""
    lines: list[str] = []
    for result in run.results:
        lines.append(
            f"{result.path}: {result.words} words, {len(result.generated)} drafts made, "
            f"{sum(d.passed for d in result.generated)} passed the checks, {len(result.kept)} kept"
        )
        for d in result.kept:
            lines.append(f"  kept  {d.id}  ({d.type}, {d.rule})  {_marks(d)}")
            lines.extend(f"        review: {flag}" for flag in d.review)
        for d in result.generated:
            if not d.passed:
                failed = "; ".join(d.check_notes.get(name, name) for name, v in d.checks.items() if v is False)
                shown = d.text if len(d.text) <= 70 else d.text[:69] + "\u2026"
                lines.append(f"  dropped  ({d.type}, {d.rule}) {shown}  failed: {failed}")
        lines.append("  kept per type: " + _per_type(result.kept))
    made = [d for result in run.results for d in result.generated]
    applies = Counter(name for d in made for name in CHECKS if d.checks.get(name) is not None)
    passes = Counter(name for d in made for name in CHECKS if d.checks.get(name))
    kept = run.drafts
    lines.append(f"summary: {len(kept)} drafts kept of {len(made)} made; per type: " + (_per_type(kept) or "none"))
    rates = [f"{n} {passes[n]}/{applies[n]} ({100 * passes[n] / applies[n]:.0f}%)" for n in CHECKS if applies[n]]
    lines.append("checks passed (all drafts made): " + "; ".join(rates))
    lines.append("checks passed (drafts kept): " + ("all" if kept else "none kept"))
    return "\n".join(lines)
