"""Sentences with offsets, tokens, quotations and a label saying whether a question can use them."""

from __future__ import annotations

import re
from itertools import groupby
from typing import TYPE_CHECKING

from ..content.articles import Article
from ..content.text import fold
from .lexicon import FIRST_PERSON, PERSON_TITLES, SPEECH_VERBS
from .model import Sentence, Token, inside
from .nlp import parse

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

# Where a word goes on past the piece spaCy cut: a mark between letters ("al-Amr", "Korea's"), a clitic
# ("do" + "n't"), a handle or an amount ("#MeToo", "$5", "12%"). The rules read these as one word.
_INNER = ("-", "'", "\u2019", ".")
_CLITIC = re.compile(r"[\u2019'](s|re|ll|ve|d|m|t)?|n[\u2019']t", re.I)
_PREFIXES = ("#", "@", "$", "\u00a3", "\u20ac")
# an opening mark, then the text up to the first closing mark (or the paragraph's end); '"' opens and closes
_QUOTED = re.compile(r'[\u201c\u201e"](?P<text>[^\u201d"]*)(?P<close>[\u201d"]?)')
_ATTRIBUTION = re.compile(r"^[\u2014\u2013-]+\s*(?P<name>[^()\n]+?)\s*\(@\w+\)\s*(?P<date>.*)$")
_CAPTION = re.compile(r"\b(Source|Photo|Image|Credit|Picture|Getty Images|AAP|AP Photo|Reuters)\b:?")
_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
_CREDIT = re.compile(r"\bcontributed (?:to )?(?:this )?(?:report|reporting)\b", re.I)  # "CNN's Jane Doe ..."
# a team line-up: a name of capitalised words, then 5 or more short capitalised items ("Kingsmere: Bale, Lyle, ...")
_NAME_LIST = re.compile(r"^(?:[A-Z(\d][^\s:]*\s+){0,4}[A-Z(\d][^\s:]*:\s*(?:[A-Z][^,:;]{0,40}[,;]\s*){4,}")


def tokenize(doc: Doc, start: int, end: int) -> list[Token]:
    """The words and marks of ``doc`` (the parsed body) over ``start:end``: spaCy's tokens, one word's pieces joined."""
    text = doc.text
    tokens: list[Token] = []
    glue = False  # the last token ended in a mark between letters: a word continues it
    for t in doc.char_span(start, end, alignment_mode="expand") or ():
        t_start, t_end = max(t.idx, start), min(t.idx + len(t.text), end)  # a token over an edge is cut there
        if t.is_space or t_start >= t_end:
            continue
        prev = tokens[-1] if tokens and tokens[-1].end == t_start else None
        if prev is not None and (
            (glue and t.text[:1].isalpha())
            or (t.text in _INNER and prev.text[-1].isalpha() and text[t_end : t_end + 1].isalpha())
            or (_CLITIC.fullmatch(t.text) and prev.text[-1].isalpha())
            or (prev.text in _PREFIXES and t.text[:1].isalnum())
            or (t.text == "%" and prev.text[-1].isdigit())
            or (t.text == "." and prev.text + "." in PERSON_TITLES)  # a title's full stop: "Sgt" + "."
        ):
            glue = t.text in _INNER and not glue
            tokens[-1] = Token(text[prev.start : t_end], prev.start, t_end, prev.space)
            continue
        glue = False
        tokens.append(Token(text[t_start:t_end], t_start, t_end, t_start > (tokens[-1].end if tokens else start)))
    return tokens


def join(tokens: list[Token] | list[tuple[str, bool]]) -> str:
    """Tokens (or ``(text, space_before)`` pairs) back into text with single spaces."""
    pairs = [(t.text, t.space) if isinstance(t, Token) else t for t in tokens]
    return "".join(f" {text}" if space and k else text for k, (text, space) in enumerate(pairs))


def quote_spans(body: str, paragraphs) -> list[tuple[int, int]]:
    """Spans of quoted text (inside the marks); a quote left open runs to its paragraph's end."""
    matches = (m for p_start, p_end in paragraphs for m in _QUOTED.finditer(body, p_start, p_end))
    return [m.span("text") for m in matches if m.group("close") or m.group("text")]  # not an empty quote left open


def _merge_fragments(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a piece the splitter cut after a title ("Who's the Boss?" + ", Commando") to its sentence."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        head = body[start:end].lstrip()[:1]
        if merged and head and (head in ",;:)]" or head.islower()) and "\n\n" not in body[merged[-1][1] : start]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def read_sentences(article: Article) -> tuple[list[Sentence], list[tuple[int, int]]]:
    """The article's sentences, labelled, and its quotation spans."""
    body = article.body
    quotes = quote_spans(body, article.paragraphs)
    doc = parse(body)
    spans = _merge_fragments(body, list(article.sentences))
    sentences = [Sentence(k, a, b, article.paragraph_of(a), tokenize(doc, a, b)) for k, (a, b) in enumerate(spans)]
    folded = article.normalized.text
    seen: set[str] = set()
    for s in sentences:
        key = fold(body[s.start : s.end])
        s.repeats = max(1, folded.count(key)) if key else 1
        s.kind = "duplicate" if key in seen else _label(s, body, quotes)
        seen.add(key)
    _mark_embedded(sentences, body)
    return sentences, quotes


def _label(s: Sentence, body: str, quotes: list[tuple[int, int]]) -> str:
    text = body[s.start : s.end].strip()
    words = [t for t in s.tokens if t.text[0].isalnum()]
    if _ATTRIBUTION.match(text):
        return "attribution"
    fragment = len(words) < 4 or _CAPTION.search(text) and len(words) < 12 or not _END.search(text) and len(words) < 8
    if fragment or _NAME_LIST.match(text) or _CREDIT.search(text):  # nor a list of names, nor a reporter's credit
        return "caption"
    outside = [t for t in s.tokens if not inside(quotes, t.start, t.end)]
    bare = [t for t in outside if t.text not in '"\u201c\u201d']
    if len(s.tokens) - len(outside) >= 0.6 * len(s.tokens) and not any(t.lower in SPEECH_VERBS for t in outside):
        return "quote"  # mostly quoted words, and no "she said"
    if bare and bare[-1].text == "?":
        return "question"
    if any(t.lower in FIRST_PERSON for t in outside):
        return "first-person"
    return "caption" if any(t.text.startswith(("http", "www.", "pic.twitter")) for t in s.tokens) else "prose"


def _mark_embedded(sentences: list[Sentence], body: str) -> None:
    """Mark the paragraphs of an embedded social-media post (the lines above "— Name (@handle) date")."""
    by_para = {para: list(group) for para, group in groupby(sentences, key=lambda s: s.paragraph)}  # in paragraph order
    for s in sentences:
        if s.kind != "attribution":
            continue
        s.note = _ATTRIBUTION.match(body[s.start : s.end].strip()).group("name").strip()  # _label matched this text
        for para in range(s.paragraph - 1, -1, -1):
            if (group := by_para.get(para)) is None:
                break
            words = sum(len(g.tokens) for g in group)
            repeated = all(g.repeats > 1 or g.kind in ("duplicate", "caption") for g in group)
            if para < s.paragraph - 1 and (words > 40 or not repeated):
                break
            for g in group:
                if g.kind != "duplicate":
                    g.kind, g.note = "embedded", s.note


def attribution_date(text: str) -> str:
    """The date written after an embedded post's "(@handle)"."""
    match = _ATTRIBUTION.match(text.strip())
    return match.group("date").strip() if match else ""
