"""Claims checked against the articles: evidence items, source items and not-in-source verdicts."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

from ..content.text import fold
from . import explain
from .checks import absent
from .claimtext import claim_text, claimable
from .clauses import clause
from .distractors import contains
from .make import Context, context_flags, draft, says, tidy
from .model import Analysis, Draft, Sentence
from .paraphrase import Rewrite, dateline_end, facts, paraphrase, said_comma

RELATED = 0.4  # share of a claim's words another article must use for the claim to be a fair test


def not_in_source(ctx: Context) -> list[Draft]:
    """Claims taken from the other articles and checked absent from this one."""
    out: list[Draft] = []
    for other in ctx.corpus:
        for minus, _index, claim, closest, ok, why, missing in _unsaid(ctx, other):
            near = ctx.analysis.sentences[closest]
            d = draft(
                ctx,
                "verdict",
                "verdict-not-in-source",
                {"claim": claim, "answer": "not-in-source"},
                f"Nothing in this article says so: it never mentions {missing}. "
                f"The claim comes from another article, \u201c{other.article.title}\u201d.",
                [ctx.sentence_source(near)],
                skill="not-in-source",
                difficulty="hard",
                sentence=near.index,
                tags=["verdicts"],
            )
            d.checks["not-in-article"] = ok
            d.check_notes["not-in-article"] = why
            d.score += min(-minus, 10.0) / 10.0
            out.append(d)
    return out


def _unsaid(ctx: Context, other: Analysis) -> list[tuple]:
    """Claims of ``other`` to test this article on: the four most related it lacks, two the check rejects."""
    found = []
    for s, claim, _flags, values, _rw in _claims(other):
        share, common = ctx.retriever.share(claim)
        if share < RELATED or common < 2:
            continue  # a claim on another subject would be too easy to call not-in-source
        ok, why = absent(claim, values, ctx.analysis, ctx.retriever)
        if (closest := ctx.retriever.best(claim)) is None:
            continue
        missing = next((v for v in values if not contains(ctx.article.body, v)), values[0])
        found.append((-ctx.retriever.scores(claim)[closest], s.index, claim, closest, ok, why, missing))
    found.sort()
    return [f for f in found if f[4]][:4] + [f for f in found if not f[4]][:2]  # the rejected: reported, dropped


def _claims(analysis: Analysis) -> Iterator[tuple[Sentence, str, list[str], list[str], Rewrite]]:
    """(sentence, claim, flags, salient values, paraphrase) for each sentence whose claim stands alone."""
    shim = SimpleNamespace(article=analysis.article)  # all of a Context that context_flags reads
    for s in analysis.sentences:
        if not claimable(analysis, s) or not (values := [tidy(c.text) for c in facts(analysis, s)]):
            continue
        rw = paraphrase(analysis, s)
        if (made := claim_text(analysis, s, rw=rw)) is None or context_flags(shim, s, shown=made[0]):
            continue
        yield s, made[0], made[1], values, rw


def evidence_drafts(ctx: Context) -> list[Draft]:
    """ "Which sentence shows that...?" items: a shortened claim whose gold sentence is its source."""
    if not ctx.wants("evidence"):
        return []
    out: list[Draft] = []
    analysis = ctx.analysis
    has_facts = {c.sentence for c in analysis.candidates}
    for s in analysis.sentences:
        if not claimable(analysis, s) or s.index not in has_facts:
            continue
        replace = _trim(s)
        if (made := claim_text(analysis, s, replace)) is None:
            continue
        claim, flags = made
        full = claim_text(analysis, s)
        if full is None or claim == full[0] or len(claim.split()) < 6 or _verbatim(claim, analysis, s):
            continue  # a claim that repeats its sentence is a matching exercise, not evidence-finding
        d = draft(
            ctx,
            "evidence",
            "evidence",
            {"claim": claim},
            explain.supported(analysis, s, Rewrite(replace).kept(s), replace, lead="This sentence says it:"),
            [ctx.sentence_source(s)],
            skill="find-the-evidence",
            sentence=s.index,
            review=[*flags, *context_flags(ctx, s, shown=claim)],
            tags=["evidence"],
        )
        out.append(d)
    return out


def _verbatim(claim: str, analysis, s: Sentence) -> bool:
    """The claim is a run of its sentence's own words (a cut, not a paraphrase)."""
    words = " ".join(fold(claim).casefold().rstrip(".").split())
    return words in " ".join(fold(analysis.article.body[s.start : s.end]).casefold().split())


def _trim(s: Sentence) -> dict[int, str | None]:
    """Token deletions that shorten a sentence to its core: fronted phrase, parentheses, trailing -ing clause."""
    toks = s.tokens
    drop: dict[int, str | None] = dict.fromkeys(range(dateline_end(toks)))  # "DENVER (AP) — " goes
    if (cl := clause(s)) and cl.front and not any(t.text[:1].isdigit() for t in toks[cl.front[0] : cl.front[1]]):
        drop.update(dict.fromkeys(range(cl.front[0], cl.front[1])))
        if (comma := said_comma(toks, cl.front[1])) is not None:
            drop[comma] = None
    depth = 0
    for k, t in enumerate(toks):
        if t.text == "(":
            depth += 1
        if depth:
            drop[k] = None
        if t.text == ")" and depth:
            depth -= 1
    for k in range(len(toks) - 2, 6, -1):
        if toks[k].text == "," and toks[k + 1].text.islower() and toks[k + 1].lower.endswith("ing"):
            drop.update(dict.fromkeys(range(k, len(toks) - 1)))
            break
    return drop


def source_drafts(ctx: Context) -> list[Draft]:
    """ "Which article reports this?" items for claims only this article makes (needs 2+ articles in the bank)."""
    others = [a for a in ctx.corpus if a.article.id in ctx.bank_articles]
    choices = sorted([ctx.article.id, *[a.article.id for a in others]])[:6]
    if not (ctx.wants("source") and others and ctx.article.id in ctx.bank_articles and ctx.article.id in choices):
        return []
    out: list[Draft] = []
    retrievers = [(a, ctx.retrievers[a.article.id]) for a in others]
    for s, claim, flags, values, rw in _claims(ctx.analysis):
        related = any(r.share(claim)[0] >= RELATED for _a, r in retrievers)  # if none is, the answer is obvious
        if not related or not all(absent(claim, values, a, r)[0] for a, r in retrievers):
            continue
        said = explain.supported(ctx.analysis, s, rw.kept(s), rw.replace, lead="it says")
        d = draft(
            ctx,
            "source",
            "source-only-here",
            {"prompt": f"Which article reports this? {says(claim)}", "answer": ctx.article.id, "choices": choices},
            f"Only {says(ctx.article.title)} reports it: {said}",
            [ctx.sentence_source(s)],
            skill="compare-sources",
            sentence=s.index,
            difficulty="hard",
            query=claim,
            tags=["compare"],
            review=flags,
        )
        out.append(d)
    return out
