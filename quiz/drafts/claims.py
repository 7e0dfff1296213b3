"""Verdict claims on the article's own sentences: supported, refuted by one change, and from reported speech.

All claims on a sentence share one light paraphrase (``paraphrase``), so a refuted claim differs from the
supported one in exactly one span. Negation, opposite words and true claims with a "not" in them are in
``opposites``; claims not in the source, with the evidence and source items, in ``evidence``."""

from __future__ import annotations

from . import explain
from .claimtext import claim_text, claimable, full_names, standfirst, verdict
from .clauses import Clause, verb_kind
from .distractors import pick
from .evidence import not_in_source
from .flags import flag
from .interview import answer_speakers, attribute_answers
from .lexicon import ADVERBS, ROLE_NOUNS
from .make import TAGS, Context, context_flags
from .model import Analysis, Candidate, Draft, Sentence
from .opposites import negate, negative_paraphrases, opposite_words
from .paraphrase import REPORTED_FLAG, Rewrite, gender_of, paraphrase, reported, speech_of
from .sentences import join
from .targets import has_verb, once, specific, still_false, trivial

# Only values the article contradicts are swapped: not people or places ("after John Kerry stepped down" for
# Biden, "in Greece" for "in Italy" are not ruled out, only absent), nor ordinals ("in the 30th minute" may be true).
SWAPPABLE = ("number", "year", "date", "district")
_SWAP_OK = (None, "score-side")  # "England won 4 – 1" (2 – 1) is a claim to check


def verdict_drafts(ctx: Context) -> list[Draft]:
    """Supported, refuted (one swapped value or word, or negation) and not-in-source verdict claims."""
    if not ctx.wants("verdict"):
        return []
    out: list[Draft] = []
    for s in ctx.analysis.sentences:
        if claimable(ctx.analysis, s):
            out.extend(_sentence_verdicts(ctx, s, said=s.index in answer_speakers(ctx)))
        if s.kind == "prose" and s.tokens and s.tokens[-1].text in (".", "!"):
            out.extend(_aside_verdicts(ctx, s))
    attribute_answers(ctx, out)  # an interviewee's answer is their view: "William Evans says ..."
    return [*out, *_speech_verdicts(ctx), *not_in_source(ctx)]


def _sentence_verdicts(ctx: Context, s: Sentence, said: bool = False) -> list[Draft]:
    """The claims on a whole sentence: supported, said negatively, and refuted by a swap, an opposite or negation.
    With ``said`` the sentence is an interviewee's answer, claimed as their view (checkable, however general)."""
    analysis = ctx.analysis
    if not has_verb(analysis, s):
        return []  # "EST (12:55 p.m. PST)." is a piece of a sentence, no claim
    rw = paraphrase(analysis, s)
    if (made := claim_text(analysis, s, rw=rw)) is None:
        return []
    base, flags = made
    kept = rw.kept(s)
    flags = [*flags, *context_flags(ctx, s, shown=base), *_names_no_one(s, kept)]
    notes = [*rw.notes, *(["full-name"] if any(k in kept for k in full_names(analysis, s)) else [])]
    out: list[Draft] = []
    if not standfirst(analysis, s) and (said or specific(analysis, s)):  # the standfirst is the least checked line,
        # and a sentence naming no one, no place and no number is a platitude, unless an interviewee says it
        why = explain.supported(analysis, s, kept, rw.replace)
        difficulty = "medium" if rw.notes else "easy"
        out.append(verdict(ctx, s, base, why, flags, notes, rule="verdict-supported", base=base, difficulty=difficulty))
        out.extend(negative_paraphrases(ctx, s, rw, flags))
    out.extend(_swaps(ctx, s, kept, base, flags, notes, rw=rw))
    out.extend(opposite_words(ctx, s, rw, flags, base))
    if negated := negate(ctx, s, rw):
        why = explain.supported(analysis, s, kept, rw.replace, lead="The article says the opposite:")
        out.append(_negation(ctx, s, negated, why, flags, notes, base))
    return out


def _aside_verdicts(ctx: Context, s: Sentence) -> list[Draft]:
    """Claims from the aside that describes a person: "Charmed star Alyssa Milano, who popularised the #MeToo
    movement, says ..." -> "Alyssa Milano popularised the #MeToo movement." (supported), negated or swapped."""
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
        if (made := claim_text(analysis, s, rw=rw)) is None or len(made[0].split()) < 5:
            continue
        base, flags = made
        flags = [*flags, *context_flags(ctx, s, shown=base)]
        described = explain.quoted_words(join(toks[c.first : close]), 30)
        if not standfirst(analysis, s):
            why = f"The article describes {c.value} as {described}."
            out.append(verdict(ctx, s, base, why, flags, rw.notes, rule="verdict-supported", base=base))
        if negated := negate(ctx, s, rw, Clause(None, (c.first, c.last), (k + 2, verb), verb, kind)):
            why = f"The article says the opposite; it describes {c.value} as {described}."
            out.append(_negation(ctx, s, negated, why, flags, rw.notes, base))
        out.extend(_swaps(ctx, s, range(k + 2, close), base, flags, rw.notes, rw=rw))
    for d in out:
        d.view = "who"  # asked about the aside, not the whole sentence
    return out


def _speech_verdicts(ctx: Context) -> list[Draft]:
    """Claims in reported speech from short first-person quotes: supported, or refuted by one value changed."""
    out: list[Draft] = []
    analysis = ctx.analysis
    for q in analysis.quotes:
        s = analysis.sentences[q.sentence]
        sp = speech_of(s, q, gender_of(analysis, q.speaker)) if q.speaker is not None else None
        if sp is None or (made := reported(analysis, s, sp)) is None:
            continue
        base = made[0]
        flags = [REPORTED_FLAG, *context_flags(ctx, s, shown=base)]
        words = explain.quoted_words(join(s.tokens[sp.first : sp.end]), 24)
        why = f"The article quotes {sp.speaker} directly: {words}."
        rewrites = ["reported-speech"]
        out.append(verdict(ctx, s, base, why, flags, rewrites, rule="verdict-supported", base=base, tags=["quotes"]))
        out.extend(_swaps(ctx, s, range(sp.first, sp.end), base, flags, rewrites, speech=sp))
    return out


def _negation(ctx: Context, s: Sentence, negated: tuple[str, bool], why: str, flags, rewrites, base: str) -> Draft:
    """The refuted claim with its verb negated (``negate``): harder when it removes the source's own negation."""
    claim, was_negative = negated
    difficulty = "hard" if was_negative else "medium"
    return verdict(ctx, s, claim, why, flags, rewrites, rule="verdict-negation", base=base, difficulty=difficulty)


def _swappable(analysis: Analysis, s: Sentence, within) -> list[Candidate]:
    """The values in tokens ``within`` a refuted claim may swap: not part of a name ("Mars 2020" -> "Mars 2023" is
    no claim), a conversion, a back-reference ("the three countries" for two) or a relative time; a score's side may."""
    values = [c for c in analysis.in_sentence(s.index) if c.kind in SWAPPABLE and trivial(analysis, c) in _SWAP_OK]
    return [c for c in values if all(k in within for k in range(c.first, c.last))]


def _swaps(ctx: Context, s: Sentence, within, base: str, flags, rewrites, rw=None, speech=None) -> list[Draft]:
    """Refuted claims, one per value among the tokens ``within`` swapped for another of its kind: of the paraphrase
    ``rw`` explained by the article's fact, or (given a ``Speech``) of the reported speech explained by the quote."""
    analysis = ctx.analysis
    out: list[Draft] = []
    for c in _swappable(analysis, s, within):
        new = next(iter(pick(ctx, c, ctx.article.body, want=1)), None)
        if not new or not still_false(ctx.article.body, c, new):
            continue
        if c.kind in ("year", "date") and not once(analysis, c):
            continue  # "scored in 2019" -> "scored in 2018" is not ruled out: it may have happened both years
        replace: dict[int, str | None] = {c.first: new, **dict.fromkeys(range(c.first + 1, c.last))}
        swapped = claim_text(analysis, s, replace, rw) if speech is None else reported(analysis, s, speech, replace)
        if swapped is None:
            continue
        if speech is None:
            why = explain.says_fact(analysis, s, explain.phrase(s, c), rw.replace, tail=f", not {new}")
        else:
            said = explain.window(analysis, s, (c.first, c.last))
            why = f"The article quotes {speech.speaker} saying {said}, not {new}."
        tags = ["quotes", TAGS.get(c.kind, c.kind)] if speech else [TAGS.get(c.kind, c.kind)]
        answer = dict(kind=c.kind, answer_spans=[(c.start, c.end, c.text)])  # the value swapped out
        d = verdict(ctx, s, swapped[0], why, flags, rewrites, rule="verdict-swap", base=base, tags=tags, **answer)
        d.new_value = new
        out.append(d)
    return out


def _finite(tok) -> str | None:
    """``verb_kind``, and any other -s form ("who chairs the committee")."""
    low = tok.lower
    plural = tok.text.islower() and low.endswith("s") and not low.endswith(("ss", "us")) and len(low) > 3
    return verb_kind(tok) or ("present" if plural else None)


def _names_no_one(s: Sentence, kept: list[int]) -> list[str]:
    """A review flag when a claim's subject is a description instead of a name ("The actress-turned-activist")."""
    toks = s.tokens
    if len(kept) < 2 or toks[kept[0]].text != "The":
        return []
    word = toks[kept[1]]
    if word.text.islower() and any(part in ROLE_NOUNS for part in word.lower.split("-")):
        text = f"the claim names no one ('The {word.text}'): say who, or players must guess from the article"
        return [flag("names-no-one", text)]
    return []
