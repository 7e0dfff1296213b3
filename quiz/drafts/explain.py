"""Explanations that read like a teacher's sentence ("The article says Alyssa Milano campaigned ... “back in
2004”."), quoting word for word only the span that settles the answer; the rest has its pronouns resolved."""

from __future__ import annotations

from .clauses import clause, segment
from .entities import render
from .lexicon import PERSON_TITLES
from .make import excerpt, says
from .model import Analysis, Candidate, Quote, Sentence
from .paraphrase import lower_first, opening
from .sentences import join

OPEN, CLOSE = "\u201c", "\u201d"
MAX_QUOTED = 16  # words quoted before the span is cut with an ellipsis
MAX_STATEMENT = 26  # longer explanations quote the words around the answer instead
_LEAD_WORDS = {"the", "a", "an", "in", "on", "at", "since", "by", "from", "until", "about", "around", "than", "of"}
_LEAD_MORE = {"back", "just", "only", "more", "less", "fewer", "nearly", "almost", "over", "early", "late"}
_QUOTE_MARKS = '"\u201c\u201d'


def phrase(s: Sentence, c: Candidate) -> tuple[int, int]:
    """Token range of the words that settle a question on ``c``: the answer, its lead-in ("back in"), its unit."""
    toks = s.tokens
    a, b = c.first, c.last
    if c.kind == "number" and c.unit and b < len(toks) and toks[b].lower == c.unit.split()[0].lower():
        b += 1
    while c.kind == "person" and a > 0 and toks[a - 1].text in PERSON_TITLES and toks[a - 1].text[:1].isupper():
        a -= 1  # "Vice President Kamala Harris"
    if a > 0 and toks[a - 1].lower in _LEAD_WORDS:
        a -= 1
        if a > 0 and toks[a - 1].lower in _LEAD_MORE:
            a -= 1
    return a, b


def _plain(s: Sentence) -> bool:
    """A sentence of reporting, not of quotation: at most a few words in quotation marks."""
    marks = [k for k, t in enumerate(s.tokens) if t.text in _QUOTE_MARKS]
    return not marks or len(marks) == 2 and (marks[1] - marks[0] - 1) / len(s.tokens) <= 0.25


def statement(analysis: Analysis, s: Sentence, span: tuple[int, int], replace=None, cut_after=None) -> str | None:
    """The sentence as reported speech, ``span`` quoted word for word ("she campaigned ... “back in 2004”"), or None;
    ``cut_after``: the token from which the sentence is left out (a retry when it reads too long)."""
    if (kept := _clause_edits(analysis, s, span, replace, cut_after)) is None:
        return None
    edits, last = kept
    moved, b = _quote(analysis, s, span, last, edits)
    if last < len(s.tokens):
        edits[last] = None
    text, flags = render(analysis, s, replace=edits)
    if any("unresolved" in f for f in flags):
        return None
    text = text.rstrip(" ,;:")
    if moved:
        text = f"{text} {OPEN}{lower_first(analysis, moved)}{CLOSE}"
    if len(text.split()) > MAX_STATEMENT:
        if cut_after is None and not moved:  # try again without what follows the span's clause
            comma = next((k for k in range(b, last) if s.tokens[k].text == "," and k - span[0] >= 3), None)
            if comma is not None:
                return statement(analysis, s, span, replace, cut_after=comma)
        return None
    text = lower_first(analysis, text)
    return "that, " + text if text.startswith("according to ") else text


def _clause_edits(analysis: Analysis, s: Sentence, span, replace, cut_after) -> tuple[dict, int] | None:
    """(Edits keeping only the clause that holds ``span``, the index of the end mark to drop), or None if unquotable."""
    toks = s.tokens
    last = len(toks) - 1
    a, b = span
    marks = [k for k, t in enumerate(toks) if t.text in _QUOTE_MARKS]
    if not _plain(s) or not toks[last].text.endswith((".", "!")) or any(a <= k < b for k in marks):
        return None
    edits = {k: v for k, v in (replace or {}).items() if not a <= k < b}
    edits.update(dict.fromkeys(marks, "'"))  # a few quoted words inside the quotation: single quotes
    if toks[last].text not in (".", "!"):  # "... in the U.S.": the abbreviation ends the sentence
        if b > last:
            return None
        edits[last] = toks[last].text[:-1]
        last += 1
    if cut_after is not None:
        edits.update(dict.fromkeys(range(cut_after, last)))
    seg_start, seg_end = segment(analysis, s, a)
    if seg_start > 0 or seg_end < len(toks) - 1:  # only the clause that holds the span
        edits.update(dict.fromkeys(k for k in [*range(seg_start), *range(seg_end, last)] if not a <= k < b))
    return edits, last


def _quote(analysis: Analysis, s: Sentence, span: tuple[int, int], last: int, edits: dict) -> tuple[str, int]:
    """Quotes ``span`` into ``edits``, cut short or moved to the end; returns (the words moved, the quote's end)."""
    toks = s.tokens
    a, b = span
    cl = clause(s)
    front = cl.front[1] if cl and cl.front else opening(analysis, s)
    if front and b <= front:  # "Back in 2004, she campaigned ..." -> "she campaigned ... “back in 2004”"
        end = front - 1 if toks[front - 1].text == "," else front
        edits.update(dict.fromkeys(range(front)))
        return join(toks[a:end]), b
    cut = ""
    if b - a > MAX_QUOTED:
        stop = next((k for k in range(a + 6, b) if toks[k].text in (",", ";")), a + MAX_QUOTED)
        edits.update(dict.fromkeys(range(stop, last)))
        b, cut = stop, "\u2026"
    inner = join(toks[a:b]).replace('"', "'")
    edits.update(dict.fromkeys(range(a + 1, b)))
    edits[a] = f"{OPEN}{inner}{cut}{CLOSE}"
    return "", b


def quote_holding(analysis: Analysis, start: int, end: int) -> Quote | None:
    """The quotation that holds ``start:end``."""
    return next((q for q in analysis.quotes if q.start <= start and end <= q.end), None)


def window(analysis: Analysis, s: Sentence, span: tuple[int, int], reach: int = 9) -> str:
    """The words around ``span`` up to the nearest clause mark or quotation mark, word for word."""
    toks = s.tokens
    a, b = span
    stops = {",", ";", ":", ".", "!", "?", "\u2014"}
    if quote_holding(analysis, toks[a].start, toks[b - 1].end) is not None:
        stops |= set(_QUOTE_MARKS)  # stay inside the quotation
    first, end = a, b
    while first > 0 and a - first < reach and toks[first - 1].text not in stops:
        first -= 1
    while end < len(toks) and end - b < reach and toks[end].text not in stops:
        end += 1
    text = join(toks[first:end])
    if end == len(toks):
        text = text.rstrip(".")
    lead = "\u2026" if first > 0 and toks[first - 1].text not in _QUOTE_MARKS else ""
    tail = "\u2026" if end < len(toks) - 1 and toks[end].text not in _QUOTE_MARKS else ""
    return says(f"{lead}{text}{tail}")


def says_fact(analysis: Analysis, s: Sentence, span: tuple[int, int], replace=None, tail: str = "") -> str:
    """ "The article says ...": the settling words quoted in the sentence, or around them in a quotation or post."""
    said = statement(analysis, s, span, replace)
    if s.kind == "embedded":
        poster = analysis.person(s.note) if s.note else None
        who = poster.name if poster else s.note
        lead = f"{who}\u2019s post, quoted in the article, says" if who else "The post quoted in the article says"
    else:
        q = None if said else quote_holding(analysis, s.tokens[span[0]].start, s.tokens[span[1] - 1].end)
        lead = f"The article quotes {q.speaker}:" if q is not None and q.speaker else "The article says"
    return f"{lead} {said or window(analysis, s, span)}{tail}."


def predicate(s: Sentence, kept: list[int]) -> tuple[int, int]:
    """The span a claim asserts: from the main verb to the end of what the claim keeps."""
    toks = s.tokens
    words = [k for k in kept if k < len(toks) - 1]
    if not words:
        return 0, len(toks) - 1
    end = words[-1] + 1
    cl = clause(s)
    start = cl.verb if cl and cl.verb in words else words[0]
    if cl and cl.adv[0] in words:  # adverbs before the verb ("also said"); with none, adv[0] is the verb
        start = min(start, cl.adv[0])
    # where the claim leaves out an aside, quote what follows it, so the quote and the claim read alike
    kept = set(words)
    gaps = [k for k in range(start + 1, end - 1) if k not in kept and k - 1 not in kept and k + 1 in kept]
    if gaps:
        start = gaps[-1] + 1
    if end - start > MAX_QUOTED:  # a long predicate: quote its last clause, unless that is a list's tail
        comma = next((k for k in range(end - 5, start, -1) if s.tokens[k].text == ","), None)
        if comma is not None and s.tokens[comma + 1].lower not in ("and", "or", "but", "nor"):
            start = comma + 1
    return start, end


def supported(analysis: Analysis, s: Sentence, kept: list[int], replace, lead: str = "The article says") -> str:
    """What the article says that bears a claim out, its asserting words quoted."""
    span = predicate(s, kept)
    said = statement(analysis, s, span, replace)
    if said is None and _plain(s):
        a, b = span
        words = join(s.tokens[a : min(b, a + MAX_QUOTED)]).replace('"', "'")
        before = "\u2026" if a > 0 else ""
        after = "\u2026" if b - a > MAX_QUOTED else ""
        said = f"{OPEN}{before}{words}{after}{CLOSE}"
    return f"{lead} {said or says(excerpt(analysis.article.body[s.start : s.end], 24))}."


def quoted_words(text: str, limit: int = 20) -> str:
    """At most ``limit`` words of ``text``, in curly quotes."""
    return says(excerpt(text.strip(" ,"), limit).rstrip(","))
