"""Kinds built on checked drafts or the analysis: true-or-false and multi from claims, order from the dates."""

from __future__ import annotations

from dataclasses import replace

from .make import Context, draft, flat
from .model import Draft
from .nlp import parse
from .rank import negative

MULTI_TRUE, MULTI_FALSE = 2, 2
MULTI_WORDS = 16  # options longer than this read as a paragraph, not a choice
ORDER_ITEMS = 3
LABEL_WORDS = 10
_OBJECTS = ("dobj", "attr", "prt", "acomp", "xcomp", "dative", "oprd")  # what follows a verb into an event label


def truefalse_drafts(ctx: Context, verdicts: list[Draft]) -> list[Draft]:
    """ "True or false: <claim>" for each checked supported or changed claim."""
    if not ctx.wants("truefalse"):
        return []
    return [
        replace(
            v,
            type="truefalse",
            rule="truefalse",
            fields={"prompt": f"True or false: {v.fields['claim']}", "answer": v.fields["answer"] == "supported"},
            checks={},
            check_notes={},
            review=list(v.review),
            tags=list(v.tags),
            query=v.query or v.fields["claim"],
            key_text=v.fields["claim"],
            score=0.0,
        )
        for v in verdicts
        if v.fields.get("answer") in ("supported", "refuted")
    ]


def multi_drafts(ctx: Context, verdicts: list[Draft]) -> list[Draft]:
    """One "Which of these does the article say?" from the best short true and changed claims, one a sentence."""
    if not ctx.wants("multi"):
        return []
    true, false, seen = [], [], set()
    for v in sorted(verdicts, key=lambda d: (-d.score, d.sentence, d.text)):
        claim = str(v.fields.get("claim", ""))
        if v.sentence in seen or len(claim.split()) > MULTI_WORDS or v.review or negative(claim):
            continue  # a "not" in an option gives itself away
        answer = v.fields.get("answer")
        swapped = answer == "refuted" and v.rule == "verdict-swap"  # other changes turn one word: a giveaway
        bucket = true if answer == "supported" else false if swapped else None
        if bucket is None or len(bucket) >= (MULTI_TRUE if bucket is true else MULTI_FALSE):
            continue
        bucket.append(v)
        seen.add(v.sentence)
    chosen = sorted(true + false, key=lambda d: d.sentence)
    choices = [d.fields["claim"].rstrip(".") for d in chosen]
    if len(true) < MULTI_TRUE or len(false) < MULTI_FALSE or len(set(choices)) != len(choices):
        return []
    answers = [option for option, d in zip(choices, chosen, strict=True) if d in true]
    made = draft(
        ctx,
        "multi",
        "multi-claims",
        {"prompt": "Which of these does the article say? Pick all that apply.", "choices": choices, "answers": answers},
        " ".join(d.explain for d in chosen),
        list(dict.fromkeys(s for d in chosen for s in d.sources)),
        skill="read-closely",
        sentence=chosen[0].sentence,
        tags=["verdicts"],
        query=" ".join(d.fields["claim"] for d in true),
    )
    made.key_text = made.query
    return [made]


def order_drafts(ctx: Context) -> list[Draft]:
    """Events of the article put in the order of the dates it gives them (three, each from a year of its own)."""
    if not ctx.wants("order"):
        return []
    by_year: dict[int, tuple] = {}  # one event a year: "2021" and "May 2021" cannot be put in order
    for c in ctx.analysis.candidates:  # in the article's order (``analyse`` sorts them): the first event of a year
        key = _date_key(c) if c.kind in ("date", "year") else None
        s = ctx.analysis.sentences[c.sentence]
        if key is None or key[0] in by_year or s.kind != "prose":
            continue
        if (label := event_label(ctx.article.body[s.start : s.end], c.start - s.start, c.end - s.start)) is not None:
            by_year[key[0]] = (key, label, c, s)
    events = sorted(list(by_year.values())[:ORDER_ITEMS], key=lambda e: e[0])
    items = [e[1] for e in events]
    if len(events) < ORDER_ITEMS or len(set(items)) != len(items):
        return []
    made = draft(
        ctx,
        "order",
        "order-dates",
        {"prompt": "Put these in the order they happened, according to the article.", "items": items},
        "The article dates them: " + "; ".join(f"{e[1]}, {flat(e[2].text)}" for e in events) + ".",
        list(dict.fromkeys(ctx.sentence_source(e[3]) for e in events)),
        skill="check-the-date",
        sentence=events[0][3].index,
        kind="date",
        tags=["dates"],
        query=" ".join(items),
    )
    made.key_text = made.query
    return [made]


def _date_key(c) -> tuple | None:
    """A sortable (year, month, day) for a date or year candidate, None when the year (or the value) is unknown."""
    v = c.value
    if c.kind == "year" and isinstance(v, int):
        return (v, 0, 0)
    if isinstance(v, tuple) and v and isinstance(v[0], int) and v[0] > 999:
        return tuple(x or 0 for x in [*v, 0, 0][:3])
    return None


def event_label(sentence: str, start: int, end: int) -> str | None:
    """What happened on the date at ``start:end`` of ``sentence`` ("The survey began"): its clause, or None."""
    doc = parse(sentence)
    date = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    if not date or (verb := _dated_verb(date)) is None:
        return None
    subject = _subject(verb)
    if subject is None and verb.dep_ == "conj":  # "began in March 2018 and ended in February 2023"
        subject = _subject(verb.head)
    if subject is None or subject.pos_ in ("PRON", "ADJ", "NUM"):
        return None
    dated = {t.i for ent in doc.ents if ent.label_ in ("DATE", "TIME") for t in ent}
    skip = {t.i for c in subject.children if c.dep_ in ("relcl", "appos", "acl") for t in c.subtree}
    keep = [t for t in subject.subtree if t.i not in skip and not t.is_punct]
    if {t.i for t in keep} & dated:
        return None
    parts = [t for t in verb.lefts if t.dep_ in ("aux", "auxpass", "neg")]
    tail = [t for c in verb.rights if c.dep_ in _OBJECTS for t in c.subtree if not t.is_punct]
    cut = {t.i for t in tail if t.dep_ == "prep" and {x.i for x in t.subtree} & dated for t in t.subtree}
    cut |= {t.i for t in tail for c in t.children if c.dep_ in ("relcl", "advcl") for t in c.subtree}
    words = [*keep, *parts, verb, *(t for t in tail if t.i not in cut)]
    words = sorted({t.i: t for t in words if t.i not in dated}.values(), key=lambda t: t.i)
    if not 3 <= len(words) <= LABEL_WORDS or words[-1].like_num or words[-1].is_punct:
        return None
    text = "".join(
        t.text_with_ws if k + 1 < len(words) and words[k + 1].i == t.i + 1 else t.text + " "
        for k, t in enumerate(words)
    ).strip()
    return text[:1].upper() + text[1:] if words[0].pos_ in ("DET", "PRON", "ADJ", "NOUN") else text


def _dated_verb(date):
    """The verb whose time the date tokens give ("began in March 2018"), or None."""
    ids = {t.i for t in date}
    top = next((t for t in date if t.head.i not in ids), date[0])
    verb = top.head
    if top.dep_ == "pobj" and verb.lower_ in ("in", "on", "at"):
        verb = verb.head  # "began in March 2018"
        if verb.dep_ == "pobj" and verb.head.dep_ in ("agent", "prep") and verb.head.head.pos_ == "VERB":
            verb = verb.head.head  # "was advanced by the Municipality of Livorno in 2010"
    elif top.dep_ not in ("npadvmod", "tmod"):
        return None  # a date inside a noun phrase ("the 2007 starting date") or "since 2019" dates no event
    return verb if verb.pos_ in ("VERB", "AUX") else None


def _subject(verb):
    """The subject of ``verb``; for a relative clause, the noun it describes ("The survey, which began ...")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    relative = verb.dep_ == "relcl" and (subject is None or subject.tag_ in ("WDT", "WP"))
    return verb.head if relative else subject
