"""From articles to a checked, ranked draft bank: the plain function behind `quiz draft`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content.articles import Article, read_article
from ..content.loader import load_articles, load_bank_text
from ..content.problems import ERROR, WARNING, Problem
from .analysis import NotEnglish, analyse, check_language
from .checks import CHECKS, Retriever, run_checks
from .claims import verdict_drafts
from .combine import multi_drafts, order_drafts, truefalse_drafts
from .evidence import evidence_drafts, source_drafts
from .interview import interview_drafts
from .make import Context
from .model import Draft
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
        if not path.exists():
            problems.append(_problem(path, "no such file"))
        elif path.is_dir():
            problems.append(_problem(path, "this is a folder, not an article file"))
        else:
            article, report = read_article(path, str(path))
            problems.extend(report.problems)
            if article is not None:
                try:
                    check_language(article)
                    articles.append(article)
                except NotEnglish as exc:
                    problems.append(_problem(path, str(exc)))
    return articles, problems


def _problem(path: str | Path, message: str, severity: str = ERROR) -> Problem:
    """A problem about a whole file or folder, reported at its line 1, column 1."""
    return Problem(str(path), 1, 1, severity, message)


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
        why = "all articles drafted together must be in one folder (the bank's articles: folder)"
        run.problems.append(_problem(articles[1].path, f"{why}; draft the others separately"))
        return run
    folder = folders.pop()
    in_folder, folder_problems = load_articles(folder)
    if broken := sorted({p.path for p in folder_problems if p.severity == ERROR}):
        invalid = f"{len(broken)} other .md file(s) here are not valid articles ({', '.join(broken[:3])})"
        run.problems.append(_problem(folder, f"{invalid}; `quiz check` on the drafts will report them", WARNING))
    contexts = _contexts(articles, corpus_dir, types, tuple(sorted(in_folder)))
    taken: set[str] = set()
    for article, ctx in zip(articles, contexts, strict=True):
        same_id = in_folder.get(article.id)
        if same_id is not None and same_id.path and Path(same_id.path).resolve() != Path(article.path).resolve():
            message = f'another file in {folder} has the id "{article.id}": the drafts could not be anchored'
            run.problems.append(_problem(article.path, message))
            continue
        run.results.append(_article_drafts(ctx, article, limit, taken))
    run.problems.extend(_problem(r.path, warning, WARNING) for r in run.results for warning in r.warnings)
    run.text = _write(run, articles, folder, output)
    return run


def _contexts(
    articles: list[Article], corpus_dir: Path | None, types: tuple[str, ...], bank_ids: tuple[str, ...]
) -> list[Context]:
    """A drafting context for each article: the other articles (and those in ``corpus_dir``) are its corpus."""
    analyses = {a.id: analyse(_trimmed(a)) for a in articles}
    corpus = load_articles(corpus_dir)[0].values() if corpus_dir is not None else []
    others = [analyse(_trimmed(a)) for a in corpus if a.id not in analyses]
    retrievers = {an.article.id: Retriever(an) for an in [*analyses.values(), *others]}
    pools = {key: [an for other, an in analyses.items() if other != key] + others for key in analyses}
    return [Context(analyses[a.id], pools[a.id], types, bank_ids, retrievers[a.id], retrievers) for a in articles]


def _article_drafts(ctx: Context, article: Article, limit: int | None, taken: set[str]) -> ArticleDrafts:
    """What drafting one article gives: its drafts, the ranked ones kept (with ids not in ``taken``), warnings."""
    analysis = ctx.analysis
    result = ArticleDrafts(article.path, article.id, analysis.words, warnings=list(analysis.warnings))
    if analysis.words > LONG_ARTICLE:
        result.warnings.append(f"the article has {analysis.words} words: drafted from its first {LONG_ARTICLE} words")
    result.generated = draft_article(ctx)
    result.kept = select([d for d in result.generated if d.passed], limit)
    assign_ids(result.kept, article.id, taken)
    if not result.kept:
        result.warnings.append("no draft passed the checks")
    return result


def _trimmed(article: Article) -> Article:
    """The article, cut after LONG_ARTICLE words (at a paragraph end) so drafting time stays bounded."""
    count = 0
    for start, end in article.paragraphs:
        count += len(article.body[start:end].split())
        if count > LONG_ARTICLE:
            return replace(article, body=article.body[:end])
    return article


def draft_read_article(
    article: Article, bank_ids: tuple[str, ...] = (), *, limit: int | None = DEFAULT_MAX, taken: set[str] = frozenset()
) -> list[Draft]:
    """The ranked drafts that pass the checks for one article already read (from a library bank, say), as
    ``quiz draft`` makes them; ``bank_ids``: the bank's articles a source may name, ``taken``: ids in use."""
    ctx = _contexts([article], None, TYPES, tuple(sorted({article.id, *bank_ids})))[0]
    return _article_drafts(ctx, article, limit, set(taken)).kept


def draft_article(ctx: Context) -> list[Draft]:
    """Every draft the rules make for one article, scored and checked."""
    rules = (question_drafts, who_said_it, interview_drafts, post_dates, verdict_drafts, evidence_drafts, source_drafts)
    drafts = _checked(ctx, [d for rule in rules for d in rule(ctx)])
    verdicts = [d for d in drafts if d.judges_claim and d.passed]
    return drafts + _checked(ctx, truefalse_drafts(ctx, verdicts) + multi_drafts(ctx, verdicts) + order_drafts(ctx))


def _checked(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """The drafts, each scored and run through the checks."""
    people = {p.name for an in [ctx.analysis, *ctx.corpus] for p in an.people}
    for d in drafts:
        d.score = score(d, ctx.analysis)
        run_checks(d, ctx.analysis, ctx.retriever, people)
    return drafts


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
        text, starts = emit(title, rel, run.drafts)
        loaded = load_bank_text(text, display, base=base)
        bad = {p.line for p in loaded.problems if p.severity == ERROR and p.path == display}
        order = sorted(starts.items(), key=lambda kv: kv[1])
        rejected = {next((qid for qid, start in reversed(order) if start <= line), None) for line in bad} - {None}
        if not rejected:  # the loader found nothing wrong inside a question
            return text
        for result in run.results:
            for d in result.kept:
                if d.id in rejected:
                    d.checks["quiz-check"] = False
                    d.check_notes["quiz-check"] = "quiz check rejected it"
            result.kept = [d for d in result.kept if d.id not in rejected]
    return emit(title, rel, run.drafts)[0]


__all__ = ["CHECKS", "DEFAULT_MAX", "TYPES", "ArticleDrafts", "DraftRun", "draft_article", "draft_bank"]
