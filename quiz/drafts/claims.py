"""Verdict claims on the article's own sentences: supported, refuted by one change, and from reported speech.

Every verdict claim on a sentence is written with the same light paraphrase (see ``paraphrase``), so a
true claim and a false one made from it look alike: the false one differs in exactly one span (a value
swapped, a word turned into its opposite, the verb negated or a negation removed). True claims with a
"not" in them (a source that is negative, "voted against" -> "did not vote for", "unafraid" -> "not
afraid") keep negation from marking a claim as false; the ranking keeps the kept set balanced. Negation,
opposite words and negative paraphrases are in ``opposites``; claims not in the source, with the
evidence and source items, in ``evidence``.
"""

from __future__ import annotations

from . import explain
from .claimtext import claim_text, claimable, full_names, standfirst
from .clauses import Clause, verb_kind
from .distractors import pick
from .evidence import not_in_source
from .explain import quoted_words
from .flags import flag
from .interview import attribute_answers
from .lexicon import ADVERBS, ROLE_NOUNS
from .make import TAGS, Context, context_flags, draft
from .model import Analysis, Candidate, Draft, Sentence
from .opposites import negate, negative_paraphrases, opposite_words
from .paraphrase import REPORTED_FLAG, Rewrite, Speech, gender_of, paraphrase, reported, speech_of
from .sentences import join
from .targets import fragment, has_verb, once, specific, still_false

# People are not swapped: "after John Kerry stepped down" is not contradicted by an article about Biden, only
# absent from it, so the honest answer would be not-in-source. Numbers, dates and places contradict.
SWAPPABLE = ("number", "year", "date", "district")  # not ordinals ("in the 30th minute" may be true too), not
# places or names: "in Greece" for "in Italy" is a claim the article does not rule out, so not refuted
NAME_KINDS = ("person", "place", "org")
NAME_SWAP_FLAG = flag(
    "name-swapped", "a name was swapped: check the article rules it out (otherwise the answer is not-in-source)"
)


def verdict_drafts(ctx: Context) -> list[Draft]:
    """Supported, refuted (one swapped value or word, or negation) and not-in-source verdict claims."""
    if not ctx.wants("verdict"):
        return []
    out: list[Draft] = []
    analysis = ctx.analysis
    for s in analysis.sentences:
        if claimable(analysis, s):
            out.extend(_sentence_verdicts(ctx, s))
        if s.kind == "prose" and s.tokens and s.tokens[-1].text in (".", "!"):
            out.extend(_aside_verdicts(ctx, s))
    attribute_answers(ctx, out)  # an interviewee's answer is their view: "William Evans says ..."
    out.extend(_speech_verdicts(ctx))
    out.extend(not_in_source(ctx))
    return out


def _sentence_verdicts(ctx: Context, s: Sentence) -> list[Draft]:
    out: list[Draft] = []
    analysis = ctx.analysis
    if not has_verb(analysis, s):
        return out  # "EST (12:55 p.m. PST)." is a piece of a sentence, no claim
    rw = paraphrase(analysis, s)
    made = claim_text(analysis, s, rw=rw)
    if made is None:
        return out
    base, flags = made
    flags = [*flags, *context_flags(ctx, s, shown=base)]
    source = [ctx.sentence_source(s)]
    kept = rw.kept(s)
    notes = [*rw.notes, *(["full-name"] if any(k in kept for k in full_names(analysis, s)) else [])]
    described = _described_subject(s, kept)
    if described:
        flags.append(
            flag(
                "names-no-one",
                f"the claim names no one ('{described}'): say who, or players must guess from the article",
            )
        )
    common = dict(sentence=s.index, base=base)
    opening_line = standfirst(analysis, s)
    if not opening_line and specific(analysis, s):  # the standfirst is the least checked line; a sentence
        # naming no one, no place and no number is a platitude, with nothing to check
        d = draft(
            ctx,
            "verdict",
            "verdict-supported",
            {"claim": base, "answer": "supported"},
            explain.supported(analysis, s, kept, rw.replace),
            source,
            skill="read-closely",
            difficulty="easy" if not rw.changed else "medium",
            review=flags,
            tags=["verdicts"],
            **common,
        )
        d.rewrites = list(notes)
        out.append(d)
        out.extend(negative_paraphrases(ctx, s, rw, flags, source))
    main = analysis.main
    values = [
        c
        for c in _swappable(analysis, s, places=True)
        if not (main and c.value == main.name) and all(k in kept for k in range(c.first, c.last))
    ]
    out.extend(_swaps(ctx, s, values, base, source, flags, notes, rw=rw, names=True))
    out.extend(opposite_words(ctx, s, rw, flags, source, common))
    negated = negate(ctx, s, rw)
    if negated:
        why = explain.supported(analysis, s, kept, rw.replace, lead="The article says the opposite:")
        out.append(_negation(ctx, negated, why, source, flags, notes, common))
    return out


def _aside_verdicts(ctx: Context, s: Sentence) -> list[Draft]:
    """Claims about a person from the aside that describes them: "Charmed star Alyssa Milano, who
    popularised the #MeToo movement with a tweet, says ..." -> "Alyssa Milano popularised the #MeToo
    movement with a tweet." (supported), or with its verb negated or one value changed (refuted)."""
    analysis, toks = ctx.analysis, s.tokens
    out: list[Draft] = []
    last = len(toks) - 1
    for c in analysis.in_sentence(s.index):
        k = c.last
        if c.kind != "person" or k + 2 >= last or toks[k].text != "," or toks[k + 1].lower != "who":
            continue
        close = next((j for j in range(k + 2, last) if toks[j].text in (",", ";")), last)
        verb = k + 2
        while verb < close and toks[verb].text.islower() and toks[verb].lower in ADVERBS:
            verb += 1
        kind = _finite(toks[verb]) if verb < close else None
        if kind is None or not 3 <= close - (k + 2) <= 25 or any(t.text in '"\u201c\u201d' for t in toks[k:close]):
            continue
        if analysis.quoted(toks[k + 2].start, toks[close - 1].end):
            continue
        keep = set(range(c.first, c.last)) | set(range(k + 2, close)) | {last}
        rw = Rewrite({j: None for j in range(len(toks)) if j not in keep}, ["aside-fact"])
        made = claim_text(analysis, s, rw=rw)
        if made is None or len(made[0].split()) < 5:
            continue
        base, flags = made
        flags = [*flags, *context_flags(ctx, s, shown=base)]
        source = [ctx.sentence_source(s)]
        common = dict(sentence=s.index, base=base)
        described = explain.quoted_words(join(toks[c.first : close]), 30)
        if not standfirst(analysis, s):
            d = draft(
                ctx,
                "verdict",
                "verdict-supported",
                {"claim": base, "answer": "supported"},
                f"The article describes {c.value} as {described}.",
                source,
                skill="read-closely",
                difficulty="medium",
                review=flags,
                tags=["verdicts"],
                **common,
            )
            d.rewrites, d.view = list(rw.notes), "who"
            out.append(d)
        cl = Clause(None, (c.first, c.last), (k + 2, verb), verb, kind)
        negated = negate(ctx, s, rw, cl)
        if negated:
            why = f"The article says the opposite; it describes {c.value} as {described}."
            d = _negation(ctx, negated, why, source, flags, rw.notes, common)
            d.view = "who"
            out.append(d)
        values = [x for x in _swappable(analysis, s, places=True) if k + 2 <= x.first < x.last <= close]
        for d in _swaps(ctx, s, values, base, source, flags, rw.notes, rw=rw):
            d.view = "who"
            out.append(d)
    return out


def _speech_verdicts(ctx: Context) -> list[Draft]:
    """Claims in reported speech from short first-person quotes: "Alyssa Milano told Bustle she went to every
    single swing state ..." (supported), or with one value in it changed (refuted)."""
    out: list[Draft] = []
    analysis = ctx.analysis
    for q in analysis.quotes:
        if q.speaker is None:
            continue
        s = analysis.sentences[q.sentence]
        sp = speech_of(analysis, s, q, gender_of(analysis, q.speaker))
        if sp is None:
            continue
        made = reported(analysis, s, sp)
        if made is None:
            continue
        base, agreed = made
        flags = [REPORTED_FLAG, *context_flags(ctx, s, shown=base)]
        source = [ctx.sentence_source(s)]
        words = quoted_words(join(s.tokens[sp.first : sp.end]), 24)
        d = draft(
            ctx,
            "verdict",
            "verdict-supported",
            {"claim": base, "answer": "supported"},
            f"The article quotes {sp.speaker} directly: {words}.",
            source,
            skill="read-closely",
            difficulty="medium",
            review=flags,
            tags=["verdicts", "quotes"],
            sentence=s.index,
            base=base,
        )
        d.rewrites = ["reported-speech"]
        out.append(d)
        values = [c for c in _swappable(analysis, s) if sp.first <= c.first < c.last <= sp.end]
        out.extend(_swaps(ctx, s, values, base, source, flags, ["reported-speech"], speech=sp))
    return out


def _negation(ctx: Context, negated: tuple[str, bool], why: str, source, flags, rewrites, common) -> Draft:
    """The refuted claim with its verb negated (``negate``): harder when it removes the source's own negation."""
    claim, was_negative = negated
    d = draft(
        ctx,
        "verdict",
        "verdict-negation",
        {"claim": claim, "answer": "refuted"},
        why,
        source,
        skill="spot-the-error",
        difficulty="medium" if not was_negative else "hard",
        review=flags,
        tags=["verdicts"],
        **common,
    )
    d.rewrites = list(rewrites)
    return d


def _swappable(analysis: Analysis, s: Sentence, places: bool = False) -> list[Candidate]:
    """The values in ``s`` a refuted claim may swap; with ``places``, only places that are a city, state or country."""
    return [
        c
        for c in analysis.in_sentence(s.index)
        if c.kind in SWAPPABLE
        and not (places and c.kind == "place" and c.unit not in ("city", "state", "country"))
        and not fragment(analysis, c)  # "Mars 2020" is a name: "Mars 2023" is no claim
    ]


def _swaps(
    ctx: Context,
    s: Sentence,
    values: list[Candidate],
    base: str,
    source,
    flags: list[str],
    rewrites: list[str],
    rw: Rewrite | None = None,
    speech: Speech | None = None,
    names: bool = False,
) -> list[Draft]:
    """Refuted claims, one per value in ``values`` swapped for another of its kind: the paraphrase ``rw``
    of ``s`` explained by the article's fact, or (given ``speech``) the reported speech explained by the
    quote. With ``names``, a swapped name keeps its ending ("Ohio's") and is flagged for review."""
    analysis = ctx.analysis
    out: list[Draft] = []
    for c in values:
        new = next(iter(pick(ctx, c, ctx.article.body, want=1)), None)
        if not new or not still_false(ctx.article.body, c, new):
            continue
        if c.kind in ("year", "date") and not once(analysis, c):
            continue  # "scored in 2019" -> "scored in 2018" is not ruled out: it may have happened both years
        named = names and c.kind in NAME_KINDS
        ending = s.tokens[c.last - 1].text[len(c.text.split()[-1]) :] if named else ""
        replace: dict[int, str | None] = {k: None for k in range(c.first, c.last)}
        replace[c.first] = new + ending
        swapped = claim_text(analysis, s, replace, rw) if speech is None else reported(analysis, s, speech, replace)
        if swapped is None:
            continue
        if speech is None:
            why = explain.says_fact(analysis, s, explain.phrase(s, c), rw.replace, tail=f", not {new}")
        else:
            said = explain.window(analysis, s, (c.first, c.last))
            why = f"The article quotes {speech.speaker} saying {said}, not {new}."
        d = draft(
            ctx,
            "verdict",
            "verdict-swap",
            {"claim": swapped[0], "answer": "refuted"},
            why,
            source,
            skill="spot-the-error",
            difficulty="medium",
            review=flags + ([NAME_SWAP_FLAG] if named else []),
            kind=c.kind,
            answer_spans=[(c.start, c.end, c.text)],
            tags=["verdicts", *(["quotes"] if speech else []), TAGS.get(c.kind, c.kind)],
            sentence=s.index,
            base=base,
        )
        d.new_value = new
        d.rewrites = list(rewrites)
        out.append(d)
    return out


def _finite(tok) -> str | None:
    """``verb_kind``, and any other -s form ("who chairs the committee")."""
    kind = verb_kind(tok)
    low = tok.lower
    if kind is None and tok.text.islower() and low.endswith("s") and not low.endswith(("ss", "us")) and len(low) > 3:
        return "present"
    return kind


def _described_subject(s: Sentence, kept: list[int]) -> str:
    """ "The actress-turned-activist" when a claim's subject is a description instead of a name."""
    toks = s.tokens
    if len(kept) < 2 or toks[kept[0]].text != "The":
        return ""
    word = toks[kept[1]]
    if word.text.islower() and any(part in ROLE_NOUNS for part in word.lower.split("-")):
        return f"The {word.text}"
    return ""
