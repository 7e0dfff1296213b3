"""Reading an article for drafting: sentences, candidates, people, quotes, main person, language."""

from __future__ import annotations

import re

from ..content.articles import Article
from .candidates import find_patterns, find_quotes
from .entities import find_entities, main_gender, main_person
from .lexicon import ENGLISH_MARKERS
from .model import Analysis, Sentence
from .nlp import parse
from .sentences import read_sentences

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


class NotEnglish(ValueError):
    """The article's text or its ``language`` field says it is not English."""


def check_language(article: Article) -> None:
    """Raise NotEnglish when the drafter's English rules cannot apply."""
    lang = (article.language or "en").lower()
    if not (lang == "en" or lang.startswith(("en-", "en_"))):
        raise NotEnglish(f'the article\'s language is "{article.language}"; quiz draft only knows English')
    words = _WORD.findall(article.body[:20000])[:2000]
    share = sum(w.lower() in ENGLISH_MARKERS for w in words) / max(len(words), 1)  # of very common English words
    if len(words) >= 20 and share < 0.12:
        raise NotEnglish(
            f"the text does not read as English ({share:.0%} common English words); "
            "quiz draft only knows English (set language: in the front matter if it is not)"
        )


def _usable(s: Sentence) -> bool:
    return s.kind not in ("duplicate", "caption")


def analyse(article: Article) -> Analysis:
    """Everything the question rules need about one article."""
    sentences, spans = read_sentences(article)
    persons = {(e.start_char, e.end_char) for e in parse(article.body).ents if e.label_ == "PERSON"}
    names, people = find_entities(sentences, _usable, persons)
    patterns = [c for s in sentences if _usable(s) for c in find_patterns(article.body, s)]
    names = [c for c in names if not any(p.start < c.end and c.start < p.end for p in patterns)]
    candidates = sorted(patterns + names, key=lambda c: (c.start, c.end))
    analysis = Analysis(article, sentences, candidates, people, [], words=len(article.body.split()), quote_spans=spans)
    analysis.main = main_person(people, article.title)
    analysis.main_gender = main_gender(analysis)
    analysis.quotes = find_quotes(analysis, spans)
    if not patterns:  # find_patterns gives numbers, years, dates, ordinals and districts only
        analysis.warnings.append("no numbers or dates found: no number or date questions")
    if not any(s.kind == "prose" for s in sentences):
        analysis.warnings.append("no sentence of plain reporting found: few drafts are possible")
    return analysis
