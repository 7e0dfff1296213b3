"""Who said it in a question-and-answer interview (paragraphs that ask, each followed by one that answers): the
interviewee's answers or the reporter's own sentences, neither in quotation marks nor with "she said"."""

from __future__ import annotations

import re
from itertools import groupby, pairwise

from .make import Context, draft, excerpt, says
from .model import Draft, Sentence

FIRST_PERSON = re.compile(r"\b(I|I'm|I've|I'd|my|me|we|our)\b")
MIN_TURNS = 2  # question-and-answer pairs that make an interview
ANSWERS_PER_ARTICLE = 4  # who-said-it drafts from the answers (each from its own paragraph)
REPORTER_LINES = 2  # and from the reporter's own sentences
DISCOURSE = re.compile(r"(Yes|No|Both|Absolutely|Well|Sure|Definitely|Of course)\b", re.I)
ARTICLE_SAYS = "The article says"


def interview_turns(ctx: Context) -> list[tuple[list[Sentence], list[Sentence]]]:
    """The (question, answer) paragraph pairs of a question-and-answer interview, or [] for other articles."""
    paragraphs = [list(group) for _p, group in groupby(ctx.analysis.sentences, key=lambda s: s.paragraph)]
    body = ctx.article.body
    turns, sure = [], 0
    for question, answer in pairwise(paragraphs):
        asked = body[question[0].start : question[-1].end].strip()
        said = body[answer[0].start : answer[-1].end]
        if asked.endswith("?") and len(asked.split()) <= 40 and not said.rstrip().endswith("?"):
            turns.append((question, answer))
            sure += bool(FIRST_PERSON.search(said) or len(answer) <= 2)
    # an interview once two answers speak in the first person (or are short): then every answer is one
    return turns if sure >= MIN_TURNS else []


def interview_drafts(ctx: Context) -> list[Draft]:
    """ "Whose words are these?" for the interviewee's answers and the reporter's own sentences (both answers occur)."""
    people = ctx.analysis.people
    if not ctx.wants("choice") or not people or not (turns := interview_turns(ctx)):
        return []
    guest = people[0].name
    reporter = f"the {ctx.article.outlet} reporter" if ctx.article.outlet else "the reporter"
    other = next((p.name for p in people[1:] if p.name != guest), "a reader quoted by the reporter")
    body = ctx.article.body
    answered = answer_speakers(ctx)  # the reporter's words: all but the answers and questions
    own = [s for s in ctx.analysis.sentences if s.index not in answered and s.kind != "question"]
    if not (lines := [(s, reporter) for s in own if _quotable(body, s, guest)][:REPORTER_LINES]):
        return []  # with only the guest's words to ask about, "who said it?" is a giveaway
    answers = [next((s for s in a if _quotable(body, s, guest)), None) for _q, a in turns]
    lines += [(s, guest) for s in answers if s is not None][:ANSWERS_PER_ARTICLE]
    why = {guest: f"{guest} says it, answering a question", reporter: f"It is {reporter}'s own sentence"}
    return [_draft(ctx, s, who, [guest, reporter, other], why[who]) for s, who in lines]


def answer_speakers(ctx: Context) -> dict[int, str]:
    """The interviewee's name by the index of each sentence of their answers ({} for other articles), found once."""
    memo, people = ctx.analysis.memo, ctx.analysis.people
    if "speakers" not in memo:
        memo["speakers"] = {s.index: people[0].name for _q, a in interview_turns(ctx) for s in a} if people else {}
    return memo["speakers"]


def attribute_answers(ctx: Context, drafts: list[Draft]) -> None:
    """Claims from an interviewee's answers, and their explanations, say it is his view ("William Evans says ...")."""
    names = {c.start for c in ctx.analysis.candidates if c.kind in ("person", "org", "place")}
    for d in drafts:
        claim = d.fields.get("claim")
        if (guest := answer_speakers(ctx).get(d.sentence)) and claim and not claim.startswith(guest):
            named = ctx.analysis.sentences[d.sentence].start in names  # a name keeps its capital after "says"
            d.fields["claim"] = _says(guest, claim, named)
            if d.base:  # what a changed claim was changed from: the change stays one span
                d.base = _says(guest, d.base, named)
            if d.explain.startswith(ARTICLE_SAYS):  # his words, not the reporter's: "William Evans says ..."
                d.explain = f"{guest} says{d.explain[len(ARTICLE_SAYS) :]}"


def _says(who: str, claim: str, named: bool) -> str:
    """ "<who> says <claim>", the claim's first letter lowered unless it starts with a name."""
    return f"{who} says {claim if named else claim[:1].lower() + claim[1:]}"


def _quotable(body: str, s: Sentence, guest: str) -> bool:
    """An answer sentence worth asking about: a whole thought (not "Yes, ..."), not naming the guest."""
    text = body[s.start : s.end]
    return 8 <= len(s.tokens) <= 40 and guest.split()[-1] not in text and not DISCOURSE.match(text)


def _draft(ctx: Context, s: Sentence, answer: str, choices: list[str], why: str) -> Draft:
    """A "whose words are these?" choice draft on sentence ``s``."""
    words = excerpt(ctx.article.body[s.start : s.end].strip(), 30)
    prompt = f"Whose words are these in the interview? {says(words)}"
    return draft(
        ctx,
        "choice",
        "who-said-it",
        {"prompt": prompt, "choices": list(choices), "answer": answer},
        f"{why}: {says(words)}",
        [ctx.sentence_source(s)],
        skill="who-said-it",
        sentence=s.index,
        query=words,
        tags=["quotes"],
    )
