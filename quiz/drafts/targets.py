"""Judging answer targets and sentences with the parser: what is worth asking, checking or swapping."""

from __future__ import annotations

import re
from collections import Counter

from ..content.text import fold
from .gazetteer import COUNTRY_OF, PLACE_KIND
from .model import Analysis, Candidate
from .nlp import parse
from .wordlists import lines, table, words

NAMES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")
MONTHS = words("months")
# "six minutes later", "two days after": no anchor ("ten days before the Hajj" has one)
_RELATIVE_TIME = re.compile(
    r"\s*(second|minute|hour|day|week|month|year)s?\s+(later|earlier|(after|before)(?![^\S\n]+[\w\u201c\"]))"
)
_CONVERSION = re.compile(r"\d[\d,.]*\s*[^\W\d]*\s*\($")
_SCORE_BEFORE = re.compile(r"\d\s*[\u2013\u2014-]\s*$")  # "1 – " before the number: one side of a score
_SCORE_AFTER = re.compile(r"\s*[\u2013\u2014-]\s*\d")  # " – 0" after it
NUMERIC = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE", "TIME", "ORDINAL"}
CENTRAL = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
CHECKABLE = CENTRAL | NUMERIC  # the model's PRODUCT is noisy
_CONTENT = {"NOUN", "PROPN", "VERB", "NUM", "ADJ"}
COMMON = ("NOUN", "ADJ", "DET", "ADV", "NUM")  # the parts of speech of a word written small inside a sentence
_DATE_BOUND = re.compile(r"\b(before|after|since|by|until|till|from|between|prior to|as of)\s+(the\s+)?$", re.I)
_ROUGHLY = re.compile(  # "up to 15" and "as much as 15" are not contradicted by "up to 20"
    r"\b(about|nearly|around|some|roughly|approximately|almost|close to|up to|as (much|many|high|low|few) as)\s+$", re.I
)
_AT_LEAST, _AT_MOST = (  # the bound words of lexicon.yaml; after "no"/"not" a word is the other side's
    re.compile(rf"(?<!\bno )(?<!\bnot )\b({'|'.join(table('lexicon.yaml')[side])})\s+$", re.I)
    for side in ("at_least", "at_most")
)
# a range's end: "between 5 and 10 percent", "5 to 10 percent" ("between 7 and 10" is no contradiction of it)
_RANGE_BEFORE = re.compile(r"\bbetween\s+(\S+\s+(\w+\s+)?and\s+)?$|(?<!from )\b\d[\d.,]*\s+to\s+$", re.I)
_RANGE_AFTER = re.compile(r"\s+(\w+\s+)?to\s+\d")
_PART_OF = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+)?(\d[\d,]*)\b")  # "3 of the 4 regions"
ONCE = lines("once-verbs.txt")
# a dateline: "HARLAN SPRINGS, Colo. (AP) —"
_DATELINE = re.compile(r"[^\n()]{0,60}?\((?:[A-Z]{2,}|Reuters|Bloomberg)\)\s*[\u2014\u2013-]")


def article_doc(analysis: Analysis):
    """The article's body read by the parser (parsed once; the rules and judges share it)."""
    return parse(analysis.article.body)


def common_word(analysis: Analysis, t) -> bool:
    """Whether token ``t`` is a common word (no proper noun, no part of a name or nationality), so that a capital
    only starts its sentence: "Veteran producer ...", "Sales rose ...", not "Swedish captain ..."."""
    if t.text in analysis.capitals() or not t.text[1:].islower():  # a capital inside a sentence too ("Rovers"),
        return False  # or inside the word ("X-Men")
    span = article_doc(analysis).char_span(t.start, t.end, alignment_mode="expand") or ()
    words = [x for x in span if not x.is_punct]
    return bool(words) and all(x.pos_ in COMMON and x.ent_type_ not in NAMES for x in words)


def fragment(analysis: Analysis, c: Candidate) -> str | None:
    """Why ``c`` is only part of something larger ("2" of MEDLI2, "Suleiman" of Suleiman al-Amr), or None."""
    body = analysis.article.body
    if (c.start > 0 and body[c.start - 1].isalnum()) or (c.end < len(body) and body[c.end].isalnum()):
        return "part-of-word"
    doc = article_doc(analysis)
    if (span := doc.char_span(c.start, c.end, alignment_mode="expand")) is None:
        return None
    for ent in doc.ents:
        if ent.end_char <= c.start or ent.start_char >= c.end or ent.label_ not in NAMES:
            continue
        first = ent[0].idx + len(ent[0]) + 1 if ent[0].lower_ == "the" else ent.start_char  # "the United States"
        last = ent[-1].idx if ent[-1].tag_ == "POS" else ent.end_char  # "Kevin De Bruyne's"
        if first < c.start or last > c.end:
            return "part-of-name"
    if c.kind in ("year", "number") and span.start > 0:
        before = doc[span.start - 1]
        if before.pos_ in ("PROPN", "NOUN") and before.lower_ not in MONTHS and before.is_title and before.i > 0:
            return "part-of-name"  # "Mars 2020", "Instrumentation 2", "Movimento 5 Stelle", "Studio 54"
    return None


def trivial(analysis: Analysis, c: Candidate) -> str | None:
    """Why ``c`` is not worth asking (a fragment, a conversion, the outlet, the headline's name, a title), or None."""
    if why := fragment(analysis, c):
        return why
    body = analysis.article.body
    if _CONVERSION.search(body[max(0, c.start - 30) : c.start]):
        return "unit-conversion"  # "28 miles (45 kilometers)"
    if (line := _DATELINE.match(body, analysis.sentences[c.sentence].start)) and c.end <= line.end():
        return "dateline"  # "DENVER (AP) — ": where and by whom it was filed, not news
    if c.kind == "number":
        before, after = body[max(0, c.start - 8) : c.start].lower(), body[c.end : c.end + 24].lower()
        if isinstance(c.value, (int, float)) and c.value <= 12 and re.search(r"\b(the|both|these|those)\s+$", before):
            return "back-reference"  # "the two countries": the article has said which ("the 63 republicans" is news)
        if _RELATIVE_TIME.match(after):
            return "relative-time"  # "six minutes later": later than what?
        if _SCORE_BEFORE.search(before) or _SCORE_AFTER.match(after):
            return "score-side"  # one side of "1 – 0": the other side and the story give it away
        if c.unit and f"{c.text} {c.unit}".casefold() in fold(analysis.article.title).casefold():
            return "in-headline"  # "win three points" in the headline: the blank is given away
    if c.kind in ("person", "org", "place"):
        name = fold(c.text).casefold()
        if (outlet := fold(analysis.article.outlet or "").casefold()) and (name == outlet or name in outlet.split()):
            return "the-outlet"
        title = fold(analysis.article.title).casefold()
        if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", title) and _setting(analysis, c):
            return "in-headline"
        if c.kind == "place" and c.text in _home_countries(analysis):
            return "setting-country"  # "the United States" in a story headlined "Small Montana City Elects ..."
        if c.unit in ("state", "country") and body[max(0, c.start - 2) : c.start] == ", ":
            here = analysis.in_sentence(c.sentence)
            if any(x.kind == "place" and x.unit not in ("state", "country") and x.end == c.start - 2 for x in here):
                return "city-state"  # "Columbus, _____": the state after its city is an address, not news
        if c.kind == "org" and _before_a_name(analysis, c):
            return "title-before-name"
    return None


def _setting(analysis: Analysis, c: Candidate) -> bool:
    """A headline name the question would only echo: not a place, or the one place (the setting) it names."""
    if c.kind != "place":
        return True
    return len({e.text for e in parse(analysis.article.title).ents if e.label_ in ("GPE", "LOC", "NORP")}) <= 1


def _home_countries(analysis: Analysis) -> set[str]:
    """The names of the country the headline's state or city lies in ("Montana": United States, America, U.S.)."""
    if "home" not in analysis.memo:
        from .distractors import contains, same_place

        title = analysis.article.title
        named = [p for p, kind in PLACE_KIND.items() if kind in ("state", "city") and contains(title, p)]
        homes = {"United States" if PLACE_KIND[p] == "state" else COUNTRY_OF.get(p) for p in named} - {None}
        places = {c.text for c in analysis.candidates if c.kind == "place"}
        analysis.memo["home"] = {p for p in places if any(same_place(p, h) for h in homes)}
    return analysis.memo["home"]


def _before_a_name(analysis: Analysis, c: Candidate) -> bool:
    """ "Civil Defense Authority director General Suleiman al-Amr": the organisation is a title here."""
    doc = article_doc(analysis)
    if (span := doc.char_span(c.start, c.end, alignment_mode="expand")) is None:
        return False
    k = span.end
    while k < len(doc) and k - span.end < 3 and doc[k].ent_type_ != "PERSON":
        if doc[k].is_punct or doc[k].pos_ not in ("NOUN", "PROPN"):
            return False
        k += 1
    return k < len(doc) and doc[k].ent_type_ == "PERSON"


def specific(analysis: Analysis, s) -> bool:
    """Whether sentence ``s`` reports something checkable: a name, a number or a verb in the past."""
    doc = article_doc(analysis)
    if any(e.label_ in CHECKABLE for e in doc.ents if s.start <= e.start_char and e.end_char <= s.end):
        return True
    span = doc.char_span(s.start, s.end, alignment_mode="expand")
    return span is not None and any(t.tag_ in ("VBD", "VBN") for t in span)


def dated_verb(analysis: Analysis, c: Candidate):
    """The verb the date ``c`` dates ("opened in 1962" -> opened), or None when it dates no verb."""
    if (span := article_doc(analysis).char_span(c.start, c.end, alignment_mode="expand")) is None:
        return None
    head = span.root.head.head if span.root.dep_ == "pobj" else span.root.head
    return head if head.pos_ in ("VERB", "AUX") else None


def once(analysis: Analysis, c: Candidate) -> bool:
    """Whether the date ``c`` dates a once-only event ("was born in"), so that another date contradicts it."""
    return (verb := dated_verb(analysis, c)) is not None and verb.lemma_.lower() in ONCE


def has_verb(analysis: Analysis, s) -> bool:
    """Whether sentence ``s`` has a verb (a sentence split at "p.m." leaves pieces without one)."""
    span = article_doc(analysis).char_span(s.start, s.end, alignment_mode="expand")
    return span is None or any(t.pos_ in ("VERB", "AUX") for t in span)


def still_false(body: str, c: Candidate, new: str) -> bool:
    """Whether putting ``new`` for the number ``c`` makes a false claim ("107 or more" -> "50 or more" does not),
    and not one false on its face ("across 0 continents", "in 6 of the 4 regions")."""
    before = body[max(0, c.start - 24) : c.start]
    if c.kind in ("year", "date"):  # "before 1900" -> "before 1905" is still true: a bound is not swapped
        return not _DATE_BOUND.search(before)  # (the caller checks that the event happens once)
    if c.kind != "number":
        return True
    if _ROUGHLY.search(before):
        return False  # "nearly 10" -> "nearly 11" is no contradiction
    if _RANGE_BEFORE.search(before) or (_RANGE_AFTER.match(body[c.end : c.end + 24]) and not before.endswith("from ")):
        return False  # one end of a range: a range inside it, or reversed, is no clear contradiction
    from .distractors import number_value

    old, value = number_value(c.text), number_value(new)
    if old is None or value is None:
        return True
    whole = _PART_OF.match(body[c.end : c.end + 40])
    if value == 0 < old or (whole and value >= (number_value(whole.group(1)) or value + 1)):
        return False
    after = body[c.end : c.end + 12].lower().lstrip()
    if _AT_LEAST.search(before) or after.startswith(("or more", "or over", "plus")):
        return value > old
    if _AT_MOST.search(before) or after.startswith(("or fewer", "or less")):
        return value < old
    return True


def dates_the_clause(analysis: Analysis, c: Candidate) -> bool:
    """Whether the date ``c`` dates the sentence's main verb, not a noun in it ("after Warhol's death in 1987")."""
    return (verb := dated_verb(analysis, c)) is not None and verb.dep_ == "ROOT"


def centrality(analysis: Analysis, index: int) -> float:
    """How central sentence ``index`` is, 0 to 1: its words in the headline and lead, and how often its names recur."""
    if memo := analysis.memo.get("centrality"):
        return memo.get(index, 0.0)
    doc = article_doc(analysis)
    article = analysis.article
    lead_end = next((b for a, b in article.paragraphs if len(article.body[a:b].split()) >= 12), 0)
    key = {t.lemma_.lower() for t in parse(article.title) if t.pos_ in _CONTENT and not t.is_stop}
    key |= {t.lemma_.lower() for t in doc if t.idx < lead_end and t.pos_ in _CONTENT and not t.is_stop}
    mentions = Counter(e.root.lemma_.lower() for e in doc.ents if e.label_ in CENTRAL)
    out = {}
    for s in analysis.sentences:
        if (span := doc.char_span(s.start, s.end, alignment_mode="expand")) is None:
            continue
        words = {t.lemma_.lower() for t in span if t.pos_ in _CONTENT and not t.is_stop}
        share = len(words & key) / max(1, min(len(words), 10))
        names = [mentions.get(e.root.lemma_.lower(), 0) for e in span.ents if e.label_ in CENTRAL]
        salience = min(1.0, max(names, default=0) / 5)
        out[s.index] = round(min(1.0, 0.6 * share + 0.4 * salience), 4)
    analysis.memo["centrality"] = out
    return out.get(index, 0.0)
