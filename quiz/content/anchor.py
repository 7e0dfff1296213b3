"""Finding a quote in an article (the W3C TextQuoteSelector idea: quote, prefix, suffix)."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from .articles import Article
from .text import fold


@dataclass(frozen=True)
class Located:
    """The outcome of looking for a quote: a span, or why there is none."""

    span: tuple[int, int] | None = None
    occurrences: tuple[tuple[int, int], ...] = ()  # all matches when ambiguous or filtered out
    closest: tuple[int, int] | None = None  # best near match when not found
    similarity: float = 0.0
    suggestion: str | None = None  # a prefix that would pick the first occurrence


def _find_all(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def locate(article: Article, quote: str, prefix: str | None = None, suffix: str | None = None) -> Located:
    """Locate ``quote`` in ``article``; offsets returned are into ``article.body``."""
    norm = article.normalized
    hay = norm.text
    needle = fold(quote)
    if not needle:
        return Located()
    hits = _find_all(hay, needle)
    if not hits:
        return _closest(article, needle)
    want_prefix = fold(prefix) if prefix else ""
    want_suffix = fold(suffix) if suffix else ""
    chosen = [
        h
        for h in hits
        if (not want_prefix or hay[:h].rstrip().endswith(want_prefix))
        and (not want_suffix or hay[h + len(needle) :].lstrip().startswith(want_suffix))
    ]
    spans = tuple(norm.span(h, h + len(needle)) for h in hits)
    if len(chosen) == 1:
        return Located(span=norm.span(chosen[0], chosen[0] + len(needle)), occurrences=spans)
    return Located(occurrences=spans, suggestion=_suggest_prefix(hay, hits) if len(hits) > 1 else None)


def _suggest_prefix(hay: str, hits: list[int]) -> str | None:
    """The fewest words before the first occurrence that no other occurrence shares."""
    first = hits[0]
    words = hay[:first].split()
    for count in range(1, min(len(words), 12) + 1):
        candidate = " ".join(words[-count:])
        if sum(1 for h in hits if hay[:h].rstrip().endswith(candidate)) == 1:
            return candidate
    return None


def _closest(article: Article, needle: str) -> Located:
    norm = article.normalized
    result = fuzz.partial_ratio_alignment(needle, norm.text, processor=None)
    if result is None or result.dest_end <= result.dest_start:
        return Located(similarity=0.0)
    start, end = norm.span(result.dest_start, result.dest_end)
    body = article.body
    while start > 0 and body[start - 1].isalnum():  # widen to whole words, so it reads as text
        start -= 1
    while end < len(body) and body[end].isalnum():
        end += 1
    return Located(closest=(start, end), similarity=result.score)


@dataclass(frozen=True)
class Selection:
    """A passage picked by offsets, as the bank's YAML anchors it: the quote, and prefix/suffix if needed."""

    start: int
    end: int
    quote: str
    prefix: str | None = None
    suffix: str | None = None

    def source(self, article_id: str) -> dict:
        """The ``sources`` entry that finds exactly this passage."""
        found = {"article": article_id, "quote": self.quote}
        if self.prefix:
            found["prefix"] = self.prefix
        if self.suffix:
            found["suffix"] = self.suffix
        return found


MAX_CONTEXT_WORDS = 12


def select(article: Article, start: int, end: int) -> Selection | None:
    """The anchor of ``article.body[start:end]``, widened to whole words; None when it holds no words.

    When the text occurs more than once, a prefix (else a suffix) of the fewest words is added so
    that ``locate`` finds exactly this occurrence: the anchor is exact by construction.
    """
    body = article.body
    start, end = max(0, min(start, len(body))), max(0, min(end, len(body)))
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    while 0 < start < len(body) and body[start - 1].isalnum() and body[start].isalnum():
        start -= 1
    while 0 < end < len(body) and body[end - 1].isalnum() and body[end].isalnum():
        end += 1
    quote = " ".join(body[start:end].split())
    if not fold(quote):
        return None
    found = locate(article, quote)
    if found.span is not None:
        return Selection(*found.span, quote)
    mine = min(found.occurrences, key=lambda span: abs(span[0] - start), default=None)
    if mine is None:
        return None
    before = body[: mine[0]].split()
    after = body[mine[1] :].split()
    for count in range(1, MAX_CONTEXT_WORDS + 1):
        for prefix, suffix in ((" ".join(before[-count:]), None), (None, " ".join(after[:count]))):
            if not (prefix or suffix):
                continue
            if locate(article, quote, prefix, suffix).span == mine:
                return Selection(*mine, quote, prefix, suffix)
    return None
