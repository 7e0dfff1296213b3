"""A sentence as a stand-alone claim: which sentences make claims, the claim's text (its light
paraphrase, full names, pronouns resolved), the values it turns on, and the standfirst that makes none."""

from __future__ import annotations

from .entities import render
from .make import tidy
from .model import Analysis, Sentence
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
    """The sentence as a stand-alone claim (the paraphrase ``rw``, then ``replace``), or None when a
    pronoun stays unresolved."""
    merged = {**full_names(analysis, s), **(rw.replace if rw else {}), **(replace or {})}
    text, flags = render(analysis, s, replace=merged)
    if any("unresolved" in f for f in flags):
        return None
    return text, flags


def full_names(analysis: Analysis, s: Sentence) -> dict[int, str]:
    """A claim stands alone: "Fenwick said ..." -> "Luke Fenwick said ..." (the first time in the sentence)."""
    main = analysis.main.name if analysis.main else None
    out: dict[int, str] = {}
    seen: set[str] = set()
    for c in analysis.in_sentence(s.index):
        if c.kind != "person" or c.value == main or c.value in seen:
            continue
        seen.add(c.value)
        if c.last - c.first == 1 and c.text != c.value and c.text == c.value.split()[-1]:
            tok = s.tokens[c.first]
            out[c.first] = c.value + tok.text[len(c.text) :]
    return out


def salient(analysis: Analysis, s: Sentence) -> list[str]:
    """The specific values a claim turns on (numbers, dates, people but the main one, places); not
    organisations, whose names are too often said another way ("Congress" for "the Senate")."""
    main = analysis.main.name if analysis.main else None
    return [
        tidy(c.text)
        for c in analysis.in_sentence(s.index)
        if c.value != main and c.kind != "org" and not (c.kind == "place" and c.unit == "place")
    ]


def standfirst(analysis: Analysis, s: Sentence) -> bool:
    """Whether ``s`` is the article's opening summary: the only sentence of its first paragraph of text."""
    key = "standfirst"
    if key not in analysis.memo:
        found = None
        for t in analysis.sentences:
            if t.kind in ("caption", "attribution", "duplicate"):
                continue
            same = [u for u in analysis.sentences if u.paragraph == t.paragraph and u.kind != "caption"]
            paragraphs = len({u.paragraph for u in analysis.sentences})
            found = t.index if len(same) == 1 and paragraphs > 3 else None
            break
        analysis.memo[key] = found
    return analysis.memo[key] == s.index
