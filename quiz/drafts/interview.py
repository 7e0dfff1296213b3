"""Who said it in a question-and-answer interview: the interviewee's answers and the interviewer's
questions, which carry no quotation marks or "she said" (paragraphs that ask, each followed by a
paragraph that answers in the first person)."""

from __future__ import annotations

import re

from .make import Context, draft, excerpt, says
from .model import Draft, Sentence

FIRST_PERSON = re.compile(r"\b(I|I'm|I've|I'd|my|me|we|our)\b")
MIN_TURNS = 2  # question-and-answer pairs that make an interview
ANSWERS_PER_ARTICLE = 3  # who-said-it drafts from the answers (each from its own paragraph)


def interview_turns(ctx: Context) -> list[tuple[list[Sentence], list[Sentence]]]:
    """The (question, answer) paragraph pairs of a question-and-answer interview, or [] for other articles."""
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in ctx.analysis.sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    order = sorted(by_paragraph)
    body = ctx.article.body
    turns = []
    for a, b in zip(order, order[1:], strict=False):
        question, answer = by_paragraph[a], by_paragraph[b]
        asked = body[question[0].start : question[-1].end].strip()
        said = body[answer[0].start : answer[-1].end]
        asks = asked.endswith("?") and len(asked.split()) <= 40
        if asks and not said.rstrip().endswith("?") and (FIRST_PERSON.search(said) or len(answer) <= 2):
            turns.append((question, answer))
    return turns if len(turns) >= MIN_TURNS else []


def interview_drafts(ctx: Context) -> list[Draft]:
    """ "In the interview, who says ...?" for answers (the interviewee) and one question (the interviewer)."""
    if not ctx.wants("choice"):
        return []
    turns = interview_turns(ctx)
    people = ctx.analysis.people
    if not turns or not people:
        return []
    guest = people[0].name
    asker = f"the {ctx.article.outlet} interviewer" if ctx.article.outlet else "the interviewer"
    others = [p.name for p in people[1:] if p.name != guest][:1] or ["a reader of the interview"]
    choices = [guest, asker, others[0]]
    out: list[Draft] = []
    body = ctx.article.body
    made = 0
    for _question, answer in turns:
        if made < ANSWERS_PER_ARTICLE:
            line = next((s for s in answer if _quotable(body, s, guest)), None)
            if line is not None:
                out.append(_draft(ctx, line, "says", guest, choices, f"{guest} answers the interviewer's question"))
                made += 1
    first_q = turns[0][0][-1]
    out.append(_draft(ctx, first_q, "asks", asker, choices, f"It is a question put by {asker} to {guest}"))
    return out


def _quotable(body: str, s: Sentence, guest: str) -> bool:
    """An answer sentence worth asking about: a whole thought (not "Yes, ..."), not naming the guest."""
    text = _text(body, s)
    return 8 <= len(s.tokens) <= 40 and guest.split()[-1] not in text and not DISCOURSE.match(text)


DISCOURSE = re.compile(r"(Yes|No|Both|Absolutely|Well|Sure|Definitely|Of course)\b", re.I)


def _text(body: str, s: Sentence) -> str:
    return body[s.start : s.end]


def _draft(ctx: Context, s: Sentence, verb: str, answer: str, choices: list[str], why: str) -> Draft:
    words = excerpt(_text(ctx.article.body, s).strip(), 30)
    return draft(
        ctx,
        "choice",
        "who-said-it",
        {"prompt": f"In the interview, who {verb} this? {says(words)}", "choices": list(choices), "answer": answer},
        f"{why}: {says(words)}",
        [ctx.sentence_source(s)],
        skill="who-said-it",
        sentence=s.index,
        difficulty="easy",
        distractors=[c for c in choices if c != answer],
        query=words,
        tags=["quotes"],
    )
