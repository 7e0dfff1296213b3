"""Shared helpers for the question rules: the drafting context, anchors, excerpts and answer forms."""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..content.anchor import locate
from ..content.articles import Article
from .flags import flag
from .model import Analysis, Candidate, Draft, Sentence, Source
from .registry import rule as registered

BLANK = "_____"
RELATIVE_DATE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|tonight|ago"
    r"|(last|next|this|recent) (weeks?|months?|years?|weekend|season|days|spring|summer|autumn|fall|winter)"
    r"|in recent \w+|recently)\b"
)
SKILLS = {"number": "check-the-numbers", "year": "check-the-date", "date": "check-the-date"}  # others: read-closely
TAGS = {
    "number": "numbers",
    "year": "dates",
    "date": "dates",
    "ordinal": "numbers",
    "district": "places",
    "person": "people",
    "org": "organisations",
    "place": "places",
}


@dataclass
class Context:
    """One article being drafted and the corpus around it."""

    analysis: Analysis
    corpus: list[Analysis]  # the other articles (distractors, not-in-source claims)
    types: tuple[str, ...]
    bank_articles: tuple[str, ...] = ()  # ids of articles the output bank will be able to cite
    retriever: Any = None  # checks.Retriever over this article
    retrievers: dict[str, Any] = field(default_factory=dict)  # article id -> Retriever, for the corpus
    cache: dict = field(default_factory=dict)
    _anchors: dict[tuple[int, int], Source] = field(default_factory=dict)

    @property
    def article(self) -> Article:
        return self.analysis.article

    @cached_property
    def seed(self) -> str:
        return hashlib.sha256(self.article.body.encode()).hexdigest()[:16]

    def rng(self, key: str) -> random.Random:
        """A random generator seeded by the article text and ``key``: same input, same output."""
        return random.Random(f"{self.seed}:{key}")

    def wants(self, qtype: str) -> bool:
        return qtype in self.types

    def anchor(self, start: int, end: int) -> Source:
        """An anchor on ``body[start:end]``, with a prefix or suffix when the text repeats."""
        if (start, end) not in self._anchors:
            self._anchors[start, end] = make_anchor(self.article, start, end)
        return self._anchors[start, end]

    def sentence_source(self, s: Sentence) -> Source:
        return self.anchor(s.start, s.end)


def flat(text: str) -> str:
    """White space folded to single spaces."""
    return " ".join(text.split())


def make_anchor(article: Article, start: int, end: int) -> Source:
    """A source for the passage ``start:end`` that `quiz check` resolves to exactly those offsets."""
    quote = flat(article.body[start:end])
    before, after = article.body[:start].split()[-12:], article.body[end:].split()[:12]
    prefixes = [{"prefix": " ".join(before[-n:])} for n in range(1, len(before) + 1)]
    suffixes = [{"suffix": " ".join(after[:n])} for n in range(1, len(after) + 1)]
    for around in [{}, *prefixes, *suffixes]:  # the passage alone, else the fewest words around it that make it unique
        if locate(article, quote, **around).span == (start, end):
            return Source(article.id, quote, start, end, **around)
    return Source(article.id, quote, start, end)  # the checks will catch it


def excerpt(text: str, limit: int = 32) -> str:
    """At most ``limit`` words of ``text``, with an ellipsis when cut (at a sentence end when possible)."""
    words = text.split()
    if len(words) <= limit:
        return " ".join(words)
    cut = " ".join(words[:limit])
    stop = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[: stop + 1] if stop > len(cut) // 2 else cut.rstrip(",;:") + "\u2026"


def says(text: str) -> str:
    """``text`` in curly quotes, with its own double quotes turned to single ones."""
    inner = text.replace("\u201c", "\u2018").replace("\u201d", "\u2019").replace('"', "'")
    return f"\u201c{inner}\u201d"


def answer_forms(c: Candidate) -> list[str]:
    """Accepted typed answers for a candidate: its text and common variants, distinct."""
    forms = [c.text]
    if c.kind == "person":
        forms = [c.value, c.text, c.value.split()[-1]]
    elif c.kind == "district":
        state, num = c.value
        core = ordinal.group() if (ordinal := re.search(r"\d+(?:st|nd|rd|th)", c.text)) else str(num)
        forms = [c.text, f"{state}'s {core}" if state else core, f"{core} District"]
    elif c.kind == "date":
        forms = [c.text, c.text.replace(".", "")]
    elif c.kind == "number" and c.sub == "multiplied":
        forms = [c.text, str(c.value)]
    distinct: dict[str, str] = {}  # casefolded form -> its first spelling
    for form in filter(None, map(tidy, forms)):
        distinct.setdefault(form.casefold(), form)
    return list(distinct.values())


def choice_text(c: Candidate) -> str:
    """How the answer reads as an option."""
    return c.value if c.kind == "person" else tidy(c.text)


def tidy(text: str) -> str:
    """Text as an option: single spaces, no trailing comma or full stop (but "U.S." keeps its own)."""
    text = flat(text).strip(" ,;:")
    return text[:-1] if text.endswith(".") and "." not in text[:-1] else text


def draft(
    ctx: Context,
    qtype: str,
    rule: str,
    fields: dict,
    explain: str,
    sources: list[Source],
    *,
    skill: str,
    sentence: int,
    kind: str = "",
    difficulty: str = "medium",
    review=(),
    answer_spans=(),
    query: str = "",
    tags=(),
    base: str = "",
) -> Draft:
    """A Draft with its bookkeeping filled in (the id is given later, when drafts are ranked)."""
    registered(rule)  # every rule is in the registry, with its id code and prior
    return Draft(
        id="",
        type=qtype,
        rule=rule,
        fields=fields,
        explain=explain,
        sources=list(sources),
        skill=skill,
        difficulty=difficulty,
        tags=list(dict.fromkeys(["draft", *tags])),
        review=list(dict.fromkeys(review)),
        sentence=sentence,
        article=ctx.article.id,
        answer_spans=list(answer_spans),
        kind=kind,
        query=query or str(fields.get("prompt") or fields.get("claim") or ""),
        base=base,
    )


def context_flags(ctx: Context, s: Sentence, shown: str) -> list[str]:
    """Review flags a sentence brings: relative dates in ``shown`` (the words shown), posts, a dangling "This"."""
    flags = []
    if relative := RELATIVE_DATE.search(shown.lower().replace("\u2019", "'")):  # only the article's date pins it down
        when = f"the article is dated {ctx.article.published}" if ctx.article.published else "the article gives no date"
        advice = "name the day or cut it so players are not left guessing"
        flags.append(flag("relative-date", f"relative date '{relative.group()}': {when}; {advice}"))
    if s.kind == "embedded":
        why = f"from a social-media post by {s.note or 'someone'} quoted in the article: the words are the poster's"
        flags.append(flag("post", why))
    if s.tokens and s.tokens[0].lower in ("this", "that", "these", "those", "it", "they", "such"):
        why = f"the sentence starts with '{s.tokens[0].text}': it may need the previous sentence"
        flags.append(flag("needs-previous", why))
    return flags
