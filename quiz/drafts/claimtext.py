"""A sentence as a stand-alone claim: which sentences make claims, the claim's text (its light
paraphrase, full names, pronouns resolved), and the standfirst that makes none."""

from __future__ import annotations

from .entities import render
from .lexicon import COURTESY_TITLES
from .make import Context, draft
from .model import Analysis, Draft, Sentence
from .paraphrase import Rewrite


def claimable(analysis: Analysis, s: Sentence) -> bool:
    """Plain reporting sentences of a readable length with little quoted speech."""
    if s.kind != "prose" or not 7 <= len(s.tokens) <= 48:
        return False
    quoted = sum(1 for t in s.tokens if analysis.quoted(t.start, t.end))
    return quoted <= 0.25 * len(s.tokens) and s.tokens[-1].text in (".", "!")


def claim_text(
    analysis: Analysis, s: Sentence, replace=None, rw: Rewrite | None = None
) -> tuple[str, list[str]] | None:
    """The sentence as a stand-alone claim (paraphrase ``rw``, then ``replace``); None if a pronoun is unresolved."""
    merged = {**full_names(analysis, s), **(rw.replace if rw else {}), **(replace or {})}
    text, flags = render(analysis, s, replace=merged)
    return None if any("unresolved" in f for f in flags) else (text, flags)


def verdict(ctx: Context, s: Sentence, claim: str, why: str, flags, rewrites, *, rule: str, tags=(), **fields) -> Draft:
    """A verdict draft on ``s`` (``fields`` go to ``draft``): supported under "verdict-supported", else refuted."""
    supported = rule == "verdict-supported"
    d = draft(
        ctx,
        "verdict",
        rule,
        {"claim": claim, "answer": "supported" if supported else "refuted"},
        why,
        [ctx.sentence_source(s)],
        skill="read-closely" if supported else "spot-the-error",
        review=flags,
        tags=["verdicts", *tags],
        sentence=s.index,
        **fields,
    )
    d.rewrites = list(rewrites)
    return d


def full_names(analysis: Analysis, s: Sentence) -> dict[int, str | None]:
    """A claim stands alone: "Fenwick said ..." -> "Luke Fenwick said ..." (the first time in the sentence); a
    courtesy title goes with the surname ("Ms Varney added ..." -> "Helen Varney added ...")."""
    seen: set[str] = {analysis.main.name} if analysis.main else set()  # the article's subject is left as named
    out: dict[int, str | None] = {}
    for c in analysis.in_sentence(s.index):
        if c.kind != "person" or c.value in seen:
            continue
        seen.add(c.value)
        if c.last - c.first == 1 and c.text != c.value and c.text == c.value.split()[-1]:
            out[c.first] = c.value + s.tokens[c.first].text[len(c.text) :]
            if c.first > 0 and s.tokens[c.first - 1].text in COURTESY_TITLES:
                out[c.first - 1] = None
    return out


def standfirst(analysis: Analysis, s: Sentence) -> bool:
    """Whether ``s`` is the article's opening summary: the only sentence of its first paragraph of text."""
    if "standfirst" not in analysis.memo:
        sentences = analysis.sentences
        first = next((t for t in sentences if t.kind not in ("caption", "attribution", "duplicate")), None)
        same = [] if first is None else [u for u in sentences if u.paragraph == first.paragraph and u.kind != "caption"]
        paragraphs = len({u.paragraph for u in sentences})
        analysis.memo["standfirst"] = first.index if len(same) == 1 and paragraphs > 3 else None
    return analysis.memo["standfirst"] == s.index
