"""Claims: verdicts (supported, refuted by one change, not in the source), evidence and source items."""

from __future__ import annotations

from .checks import Retriever, absent
from .clauses import base_form, clause
from .distractors import pick
from .entities import render
from .lexicon import ADVERBS, NEGATIONS, SPEECH_VERBS
from .make import TAGS, Context, context_flags, draft, excerpt, flat, says, tidy
from .model import Analysis, Draft, Sentence

# People are not swapped: "after John Kerry stepped down" is not contradicted by an article about Biden, only
# absent from it, so the honest answer would be not-in-source. Numbers, dates and places contradict.
SWAPPABLE = ("number", "year", "date", "ordinal", "district", "place")
ASIDES = {
    "even",
    "however",
    "meanwhile",
    "indeed",
    "notably",
    "interestingly",
    "surprisingly",
    "importantly",
    "still",
    "moreover",
    "furthermore",
    "additionally",
    "instead",
    "yet",
    "but",
    "and",
    "so",
    "also",
}
NAME_KINDS = ("person", "place", "org")
_UNNEGATE = {
    "isn't": "is",
    "aren't": "are",
    "wasn't": "was",
    "weren't": "were",
    "hasn't": "has",
    "haven't": "have",
    "hadn't": "had",
    "doesn't": "does",
    "don't": "do",
    "didn't": "did",
    "won't": "will",
    "can't": "can",
    "couldn't": "could",
    "wouldn't": "would",
    "shouldn't": "should",
    "cannot": "can",
}
RELATED = 0.4  # share of a claim's words another article must use for the claim to be a fair test
NAME_SWAP_FLAG = "a name was swapped: check the article rules it out (otherwise the answer is not-in-source)"


def claimable(analysis: Analysis, s: Sentence) -> bool:
    """Plain reporting sentences of a readable length with little quoted speech."""
    if s.kind != "prose" or not 7 <= len(s.tokens) <= 48:
        return False
    quoted = sum(1 for t in s.tokens if analysis.quoted(t.start, t.end))
    return quoted <= 0.25 * len(s.tokens) and s.tokens[-1].text in (".", "!")


def claim_text(analysis: Analysis, s: Sentence, replace=None) -> tuple[str, list[str]] | None:
    """The sentence as a stand-alone claim (pronouns resolved, an opening aside like "Even more impressive,"
    dropped), or None when a pronoun stays unresolved."""
    replace = dict(replace or {})
    cl = clause(s)
    if cl and cl.front and s.tokens[0].lower in ASIDES:
        for k in range(cl.front[0], cl.front[1]):
            replace.setdefault(k, None)
    text, flags = render(analysis, s, replace=replace)
    if any("unresolved" in f for f in flags):
        return None
    return text, flags


def salient(analysis: Analysis, s: Sentence) -> list[str]:
    """The specific values a claim turns on (numbers, dates, people but the main one, places); not
    organisations, whose names are too often said another way ("Congress" for "the Senate")."""
    main = analysis.main.name if analysis.main else None
    return [
        tidy(c.text)
        for c in analysis.in_sentence(s.index)
        if c.value != main and c.kind != "org" and not (c.kind == "place" and c.unit == "place")
    ]


def verdict_drafts(ctx: Context) -> list[Draft]:
    """Supported, refuted (one swapped value, or negation) and not-in-source verdict claims."""
    if not ctx.wants("verdict"):
        return []
    out: list[Draft] = []
    analysis, body = ctx.analysis, ctx.article.body
    for s in analysis.sentences:
        if not claimable(analysis, s):
            continue
        made = claim_text(analysis, s)
        if made is None:
            continue
        base, flags = made
        flags = [*flags, *context_flags(ctx, s)]
        source = [ctx.sentence_source(s)]
        sentence_text = flat(body[s.start : s.end])
        cands = analysis.in_sentence(s.index)
        common = dict(sentence=s.index, base=base)
        out.append(
            draft(
                ctx,
                "verdict",
                "verdict-supported",
                {"claim": base, "answer": "supported"},
                f"The article says so: {says(excerpt(sentence_text))}",
                source,
                skill="read-closely",
                difficulty="easy",
                review=flags,
                tags=["verdicts"],
                **common,
            )
        )
        for c in cands:
            if c.kind not in SWAPPABLE or (analysis.main and c.value == analysis.main.name):
                continue
            if c.kind == "place" and c.unit not in ("city", "state", "country"):
                continue
            new = next(iter(pick(ctx, c, body, want=1)), None)
            if not new:
                continue
            ending = s.tokens[c.last - 1].text[len(c.text.split()[-1]) :] if c.kind in NAME_KINDS else ""
            replace = {k: None for k in range(c.first, c.last)}
            replace[c.first] = new + ending
            swapped = claim_text(analysis, s, replace)
            if swapped is None:
                continue
            review = flags + ([NAME_SWAP_FLAG] if c.kind in NAME_KINDS else [])
            d = draft(
                ctx,
                "verdict",
                "verdict-swap",
                {"claim": swapped[0], "answer": "refuted"},
                f"The article says {tidy(c.text)}, not {new}: {says(excerpt(sentence_text))}",
                source,
                skill="spot-the-error",
                difficulty="medium",
                review=review,
                kind=c.kind,
                answer_spans=[(c.start, c.end, c.text)],
                tags=["verdicts", TAGS.get(c.kind, c.kind)],
                **common,
            )
            d.new_value = new
            out.append(d)
        negated = _negate(ctx, s)
        if negated:
            claim, was_negative = negated
            explain = f"The article says the opposite: {says(excerpt(sentence_text))}"
            out.append(
                draft(
                    ctx,
                    "verdict",
                    "verdict-negation",
                    {"claim": claim, "answer": "refuted"},
                    explain,
                    source,
                    skill="spot-the-error",
                    difficulty="medium" if not was_negative else "hard",
                    review=flags,
                    tags=["verdicts"],
                    **common,
                )
            )
    out.extend(_not_in_source(ctx))
    return out


def _negate(ctx: Context, s: Sentence) -> tuple[str, bool] | None:
    """The claim with its main verb negated (or its negation removed); and whether the source was negative."""
    cl = clause(s)
    if cl is None:
        return None
    toks = s.tokens
    verb = toks[cl.verb]
    low = verb.lower
    nxt = cl.verb + 1
    replace: dict[int, str | None] = {}
    was_negative = False
    if low in SPEECH_VERBS:
        return None  # "did not say" claims are true to the letter and useless
    negated_nearby = any(t.lower in NEGATIONS for t in toks[cl.verb + 1 : cl.verb + 4])
    plain_not = cl.kind == "aux" and nxt < len(toks) and toks[nxt].lower in ("not", "never")
    if negated_nearby and low not in _UNNEGATE and not plain_not:
        return None  # "is no stranger" -> "is not no stranger"
    after = cl.verb + 1
    while after < len(toks) and toks[after].lower in ADVERBS and toks[after].text.islower():
        after += 1
    if low in _UNNEGATE:
        replace[cl.verb] = _UNNEGATE[low]
        was_negative = True
    elif nxt < len(toks) and toks[nxt].lower in ("not", "never") and cl.kind == "aux":
        replace[nxt] = None
        was_negative = True
    elif cl.kind == "aux" and low not in ("do", "does", "did"):
        if after > nxt and toks[nxt].lower == "also":
            replace[nxt] = "not"  # "was also one of" -> "was not one of"
        elif after > nxt:
            replace[after - 1] = f"{toks[after - 1].text} not"  # "is currently an" -> "is currently not an"
        else:
            replace[cl.verb] = f"{verb.text} not"
    elif cl.kind in ("past", "present"):
        helper = "did" if cl.kind == "past" else "does"
        for k in range(cl.adv[0], cl.adv[1]):
            if toks[k].lower == "also":
                replace[k] = None  # "also campaigned" -> "did not campaign"
        replace[cl.verb] = f"{helper} not {base_form(verb.text)}"
    else:
        return None
    made = claim_text(ctx.analysis, s, replace)
    return (made[0], was_negative) if made else None


def _not_in_source(ctx: Context) -> list[Draft]:
    """Claims taken from the other articles and checked absent from this one."""
    out: list[Draft] = []
    retriever: Retriever = ctx.retriever
    mine = ctx.analysis
    for other in ctx.corpus:
        found = []
        for s in other.sentences:
            if not claimable(other, s):
                continue
            made = claim_text(other, s)
            values = salient(other, s)
            if made is None or not values or context_flags(_Shim(other), s):
                continue
            claim = made[0]
            share, common = retriever.share(claim)
            if share < RELATED or common < 2:
                continue  # a claim on another subject would be too easy to call not-in-source
            ok, why = absent(claim, values, mine, retriever)
            closest = retriever.best(claim)
            if closest is None:
                continue
            relevance = retriever.scores(claim)[closest]
            found.append((not ok, -relevance, s.index, claim, closest, ok, why))
        # the four most related claims that are absent, and up to two that the check rejects (reported, dropped)
        kept = [f for f in sorted(found) if f[5]][:4] + [f for f in sorted(found) if not f[5]][:2]
        for _failed, minus, _index, claim, closest, ok, why in kept:
            relevance = -minus
            near = mine.sentences[closest]
            explain = (
                f"This article does not say this: the closest passage is about something else. "
                f"(The claim comes from another article, {says(other.article.title)}.)"
            )
            d = draft(
                ctx,
                "verdict",
                "verdict-not-in-source",
                {"claim": claim, "answer": "not-in-source"},
                explain,
                [ctx.sentence_source(near)],
                skill="not-in-source",
                difficulty="hard",
                sentence=near.index,
                tags=["verdicts"],
                review=[],
            )
            d.checks["not-in-article"] = ok
            d.check_notes["not-in-article"] = why
            d.score += min(relevance, 10.0) / 10.0
            out.append(d)
    return out


class _Shim:
    """Just enough of a Context for context_flags on another article."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.article = analysis.article


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
        made = claim_text(analysis, s, replace)
        if made is None:
            continue
        claim, flags = made
        full = claim_text(analysis, s)
        review = [*flags, *context_flags(ctx, s)]
        if full is None or claim == full[0] or len(claim.split()) < 6:
            continue  # a claim that repeats its sentence is a matching exercise, not evidence-finding
        text = flat(ctx.article.body[s.start : s.end])
        out.append(
            draft(
                ctx,
                "evidence",
                "evidence",
                {"claim": claim},
                f"This sentence says it: {says(excerpt(text))}",
                [ctx.sentence_source(s)],
                skill="find-the-evidence",
                sentence=s.index,
                review=review,
                tags=["evidence"],
                difficulty="medium",
            )
        )
    return out


def _trim(s: Sentence) -> dict[int, str | None]:
    """Token deletions that shorten a sentence to its core: fronted phrase, parentheses, trailing -ing clause."""
    toks = s.tokens
    drop: dict[int, str | None] = {}
    cl = clause(s)
    if cl and cl.front and not any(t.text[:1].isdigit() for t in toks[cl.front[0] : cl.front[1]]):
        drop.update({k: None for k in range(cl.front[0], cl.front[1])})
    depth = 0
    for k, t in enumerate(toks):
        if t.text == "(":
            depth += 1
        if depth:
            drop[k] = None
        if t.text == ")" and depth:
            depth -= 1
    for k in range(len(toks) - 2, 0, -1):
        if toks[k].text == "," and toks[k + 1].text.islower() and toks[k + 1].lower.endswith("ing") and k > 6:
            drop.update({j: None for j in range(k, len(toks) - 1)})
            break
    return drop


def source_drafts(ctx: Context) -> list[Draft]:
    """ "Which article reports this?" items for claims only this article makes (needs 2+ articles in the bank)."""
    others = [a for a in ctx.corpus if a.article.id in ctx.bank_articles]
    if not ctx.wants("source") or not others or ctx.article.id not in ctx.bank_articles:
        return []
    out: list[Draft] = []
    analysis = ctx.analysis
    retrievers = [(a, ctx.retrievers[a.article.id]) for a in others]
    choices = sorted([ctx.article.id, *[a.article.id for a in others]])[:6]
    if ctx.article.id not in choices:
        return []
    for s in analysis.sentences:
        values = salient(analysis, s)
        if not claimable(analysis, s) or not values:
            continue
        made = claim_text(analysis, s)
        if made is None or context_flags(ctx, s):
            continue
        claim = made[0]
        if not any(r.share(claim)[0] >= RELATED for _a, r in retrievers):
            continue  # no other article is about this: the answer would be obvious
        if not all(absent(claim, values, a, r)[0] for a, r in retrievers):
            continue
        text = flat(ctx.article.body[s.start : s.end])
        explain = f"Only {says(ctx.article.title)} reports it: {says(excerpt(text))}"
        out.append(
            draft(
                ctx,
                "source",
                "source-only-here",
                {"prompt": f"Which article reports this? {says(claim)}", "answer": ctx.article.id, "choices": choices},
                explain,
                [ctx.sentence_source(s)],
                skill="compare-sources",
                sentence=s.index,
                difficulty="hard",
                query=claim,
                tags=["compare"],
                review=made[1],
            )
        )
    return out
