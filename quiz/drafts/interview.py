"""Who said it in a question-and-answer interview: the interviewee's answers or the reporter's own
sentences, neither in quotation marks nor with "she said" (paragraphs that ask, each followed by a
paragraph that answers in the first person, with the reporter's introduction around them)."""

from __future__ import annotations

import re

from .make import Context, draft, excerpt, says
from .model import Draft, Sentence

FIRST_PERSON = re.compile(r"\b(I|I'm|I've|I'd|my|me|we|our)\b")
MIN_TURNS = 2  # question-and-answer pairs that make an interview
ANSWERS_PER_ARTICLE = 4  # who-said-it drafts from the answers (each from its own paragraph)
REPORTER_LINES = 2  # and from the reporter's own sentences


def interview_turns(ctx: Context) -> list[tuple[list[Sentence], list[Sentence]]]:
    """The (question, answer) paragraph pairs of a question-and-answer interview, or [] for other articles."""
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in ctx.analysis.sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    order = sorted(by_paragraph)
    body = ctx.article.body
    turns, sure = [], 0
    for a, b in zip(order, order[1:], strict=False):
        question, answer = by_paragraph[a], by_paragraph[b]
        asked = body[question[0].start : question[-1].end].strip()
        said = body[answer[0].start : answer[-1].end]
        if asked.endswith("?") and len(asked.split()) <= 40 and not said.rstrip().endswith("?"):
            turns.append((question, answer))
            sure += bool(FIRST_PERSON.search(said) or len(answer) <= 2)
    # an interview once two answers speak in the first person (or are short): then every answer is one
    return turns if sure >= MIN_TURNS else []


def interview_drafts(ctx: Context) -> list[Draft]:
    """ "Whose words are these, the interviewee's or the reporter's?" for answers of the interviewee and
    for the reporter's own sentences around the questions (the introduction), so both answers occur."""
    if not ctx.wants("choice"):
        return []
    turns = interview_turns(ctx)
    people = ctx.analysis.people
    if not turns or not people:
        return []
    guest = people[0].name
    reporter = f"the {ctx.article.outlet} reporter" if ctx.article.outlet else "the reporter"
    others = [p.name for p in people[1:] if p.name != guest][:1] or ["a reader quoted by the reporter"]
    choices = [guest, reporter, others[0]]
    body = ctx.article.body
    answered = {s.index for _q, a in turns for s in a}  # the reporter's words: all but the answers and questions
    own = [
        s
        for s in ctx.analysis.sentences
        if s.index not in answered and s.kind != "question" and _quotable(body, s, guest)
    ]
    answers = [next((s for s in a if _quotable(body, s, guest)), None) for _q, a in turns]
    lines = [(s, reporter) for s in own[:REPORTER_LINES]]
    lines += [(s, guest) for s in answers if s is not None][:ANSWERS_PER_ARTICLE]
    if not any(who == reporter for _s, who in lines):
        return []  # with only the guest's words to ask about, "who said it?" is a giveaway
    why = {guest: f"{guest} says it, answering a question", reporter: f"It is {reporter}'s own sentence"}
    return [_draft(ctx, s, who, choices, why[who]) for s, who in lines]


def attribute_answers(ctx: Context, drafts: list[Draft]) -> None:
    """Claims made from an interviewee's answers keep who says so ("There will always be an audience ..."
    -> "William Evans says there will always be an audience ..."): in an interview, they are his view."""
    turns = interview_turns(ctx)
    if not turns or not ctx.analysis.people:
        return
    guest = ctx.analysis.people[0].name
    answers = {s.index for _q, a in turns for s in a}
    names = {c.start for c in ctx.analysis.candidates if c.kind in ("person", "org", "place")}
    starts = {s.index: s.start for s in ctx.analysis.sentences}
    for d in drafts:
        claim = d.fields.get("claim")
        if d.sentence in answers and claim and not claim.startswith(guest):
            d.fields["claim"] = _says(guest, claim, starts[d.sentence] in names)
            if d.base:  # what a changed claim was changed from: the change stays one span
                d.base = _says(guest, d.base, starts[d.sentence] in names)


def _says(who: str, claim: str, named: bool) -> str:
    return f"{who} says {claim if named else claim[:1].lower() + claim[1:]}"


def _quotable(body: str, s: Sentence, guest: str) -> bool:
    """An answer sentence worth asking about: a whole thought (not "Yes, ..."), not naming the guest."""
    text = _text(body, s)
    return 8 <= len(s.tokens) <= 40 and guest.split()[-1] not in text and not DISCOURSE.match(text)


DISCOURSE = re.compile(r"(Yes|No|Both|Absolutely|Well|Sure|Definitely|Of course)\b", re.I)


def _text(body: str, s: Sentence) -> str:
    return body[s.start : s.end]


def _draft(ctx: Context, s: Sentence, answer: str, choices: list[str], why: str) -> Draft:
    words = excerpt(_text(ctx.article.body, s).strip(), 30)
    return draft(
        ctx,
        "choice",
        "who-said-it",
        {
            "prompt": f"Whose words are these in the interview? {says(words)}",
            "choices": list(choices),
            "answer": answer,
        },
        f"{why}: {says(words)}",
        [ctx.sentence_source(s)],
        skill="who-said-it",
        sentence=s.index,
        difficulty="medium",
        distractors=[c for c in choices if c != answer],
        query=words,
        tags=["quotes"],
    )
