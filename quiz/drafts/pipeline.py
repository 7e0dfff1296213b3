"""From articles to a checked, ranked draft bank: the plain function behind `quiz draft`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..content.articles import Article, read_article
from ..content.loader import load_articles, load_bank_text
from ..content.problems import ERROR, Problem, Report
from .analysis import NotEnglish, analyse, check_language
from .checks import CHECKS, Retriever, run_checks
from .claims import verdict_drafts
from .combine import multi_drafts, order_drafts, truefalse_drafts
from .evidence import evidence_drafts, source_drafts
from .interview import interview_drafts
from .make import Context
from .model import Analysis, Draft
from .questions import question_drafts
from .rank import assign_ids, score, select
from .speech import post_dates, who_said_it
from .writer import emit

TYPES = ("choice", "text", "number", "verdict", "truefalse", "multi", "order", "evidence", "source")
DEFAULT_MAX = 20
LONG_ARTICLE = 50_000  # words; longer articles are drafted from their first part only


@dataclass
class ArticleDrafts:
    """What drafting one article gave: every draft made, the ones kept, and notes for the teacher."""

    path: str
    article_id: str
    words: int = 0
    generated: list[Draft] = field(default_factory=list)
    kept: list[Draft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class DraftRun:
    """The outcome of a `quiz draft` run."""

    text: str = ""
    results: list[ArticleDrafts] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors and warnings, FILE:LINE:COL style

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    @property
    def drafts(self) -> list[Draft]:
        return [d for r in self.results for d in r.kept]


def read_articles(paths: list[Path]) -> tuple[list[Article], list[Problem]]:
    """Read the given article files; problems for those that cannot be drafted."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for path in paths:
        report = Report(str(path))
        if not path.exists():
            report.error((1, 1), "no such file")
        elif path.is_dir():
            report.error((1, 1), "this is a folder, not an article file")
        else:
            article, report = read_article(path, str(path))
            if article is not None:
                try:
                    check_language(article)
                except NotEnglish as exc:
                    report.error((1, 1), str(exc))
                    article = None
            if article is not None:
                articles.append(article)
        problems.extend(report.problems)
    return articles, problems


def draft_bank(
    paths: list[Path],
    *,
    types: tuple[str, ...] = TYPES,
    limit: int | None = DEFAULT_MAX,
    corpus_dir: Path | None = None,
    output: Path | None = None,
) -> DraftRun:
    """Draft questions for each article in ``paths`` and return the bank text (plus problems and stats)."""
    run = DraftRun()
    articles, run.problems = read_articles(paths)
    if not articles:
        return run
    folders = {Path(a.path).resolve().parent for a in articles}
    if len(folders) > 1:
        run.problems.append(
            Problem(
                articles[1].path,
                1,
                1,
                ERROR,
                "all articles drafted together must be in one "
                "folder (the bank's articles: folder); draft the others separately",
            )
        )
        return run
    folder = folders.pop()
    in_folder, folder_problems = load_articles(folder)
    broken = sorted({p.path for p in folder_problems if p.severity == ERROR})
    if broken:
        run.problems.append(
            Problem(
                str(folder),
                1,
                1,
                "warning",
                f"{len(broken)} other .md file(s) here are not valid "
                f"articles ({', '.join(broken[:3])}); `quiz check` on the drafts will report them",
            )
        )
    ids = {a.id for a in articles}
    if corpus_dir is not None:
        found, _ = load_articles(corpus_dir)
        corpus = [a for a in found.values() if a.id not in ids]
    else:
        corpus = []
    analyses = {a.id: analyse(_trimmed(a)) for a in articles}
    others = [analyse(_trimmed(a)) for a in corpus]
    retrievers = {key: Retriever(an) for key, an in analyses.items()}
    retrievers.update({an.article.id: Retriever(an) for an in others})
    bank_ids = tuple(sorted(in_folder))
    taken: set[str] = set()
    for article in articles:
        analysis = analyses[article.id]
        pool = [an for key, an in analyses.items() if key != article.id] + others
        ctx = Context(analysis, pool, types, bank_ids, retrievers[article.id], retrievers)
        result = ArticleDrafts(article.path, article.id, analysis.words, warnings=list(analysis.warnings))
        if analysis.words > LONG_ARTICLE:
            result.warnings.append(
                f"the article has {analysis.words} words: drafted from its first {LONG_ARTICLE} words"
            )
        if (
            article.id in in_folder
            and in_folder[article.id].path
            and Path(in_folder[article.id].path).resolve() != Path(article.path).resolve()
        ):
            run.problems.append(
                Problem(
                    article.path,
                    1,
                    1,
                    ERROR,
                    f'another file in {folder} has the id "{article.id}": the drafts could not be anchored',
                )
            )
            continue
        result.generated = draft_article(ctx)
        passing = [d for d in result.generated if d.passed]
        result.kept = select(passing, limit)
        assign_ids(result.kept, article.id, taken)
        if not result.kept:
            result.warnings.append("no draft passed the checks")
        run.results.append(result)
    for result in run.results:
        for warning in result.warnings:
            run.problems.append(Problem(result.path, 1, 1, "warning", warning))
    run.text = _write(run, articles, folder, output)
    return run


def _trimmed(article: Article) -> Article:
    """The article, cut after LONG_ARTICLE words (at a paragraph end) so drafting time stays bounded."""
    words = article.body.split()
    if len(words) <= LONG_ARTICLE:
        return article
    count = 0
    for start, end in article.paragraphs:
        count += len(article.body[start:end].split())
        if count > LONG_ARTICLE:
            from dataclasses import replace

            return replace(article, body=article.body[:end])
    return article


def draft_read_article(
    article: Article, bank_ids: tuple[str, ...] = (), *, limit: int | None = DEFAULT_MAX, taken: set[str] = frozenset()
) -> list[Draft]:
    """The ranked drafts that pass the checks for one article already read (from a library bank, say).

    The same pipeline as ``quiz draft ARTICLE``; ``bank_ids`` are the ids of the bank's articles
    (the ones a source question may name) and ``taken`` the question ids already in use.
    """
    analysis = analyse(_trimmed(article))
    retriever = Retriever(analysis)
    ctx = Context(analysis, [], TYPES, tuple(sorted({article.id, *bank_ids})), retriever, {article.id: retriever})
    kept = select([d for d in draft_article(ctx) if d.passed], limit)
    assign_ids(kept, article.id, set(taken))
    return kept


def draft_article(ctx: Context) -> list[Draft]:
    """Every draft the rules make for one article, scored and checked."""
    analysis: Analysis = ctx.analysis
    drafts = (
        question_drafts(ctx)
        + who_said_it(ctx)
        + interview_drafts(ctx)
        + post_dates(ctx)
        + verdict_drafts(ctx)
        + evidence_drafts(ctx)
        + source_drafts(ctx)
    )
    people = {p.name for an in [analysis, *ctx.corpus] for p in an.people}
    for d in drafts:
        d.score = score(d, analysis)
        run_checks(d, analysis, ctx.retriever, people)
    verdicts = [d for d in drafts if d.judges_claim and d.passed]
    derived = truefalse_drafts(ctx, verdicts) + multi_drafts(ctx, verdicts) + order_drafts(ctx)
    for d in derived:
        d.score = score(d, analysis)
        run_checks(d, analysis, ctx.retriever, people)
    return drafts + derived


def _write(run: DraftRun, articles: list[Article], folder: Path, output: Path | None) -> str:
    """Emit the bank, load it as `quiz check` would, and drop any draft the loader rejects."""
    base = (output.parent if output else Path.cwd()).resolve()
    try:
        rel = Path(os.path.relpath(folder, base)).as_posix()
    except ValueError:
        rel = folder.as_posix()
    title = f"Drafts: {articles[0].title}" if len(articles) == 1 else f"Drafts from {len(articles)} articles"
    display = str(output) if output else "<drafts>"
    for _attempt in range(3):
        drafts = run.drafts
        text, starts = emit(title, rel, drafts)
        loaded = load_bank_text(text, display, base=base)
        bad = {p.line for p in loaded.problems if p.severity == ERROR and p.path == display}
        if not bad:
            return text
        order = sorted(starts.items(), key=lambda kv: kv[1])
        rejected = set()
        for line in bad:
            owner = next((qid for qid, start in reversed(order) if start <= line), None)
            if owner:
                rejected.add(owner)
        for result in run.results:
            for d in result.kept:
                if d.id in rejected:
                    d.checks["quiz-check"] = False
                    d.check_notes["quiz-check"] = "quiz check rejected it"
            result.kept = [d for d in result.kept if d.id not in rejected]
        if not rejected:
            break
    return emit(title, rel, run.drafts)[0]


__all__ = ["CHECKS", "DEFAULT_MAX", "TYPES", "ArticleDrafts", "DraftRun", "draft_article", "draft_bank"]
