"""Who said it (quoted speech and its speaker) and when a quoted post was published."""

from __future__ import annotations

import re
from itertools import takewhile

from .distractors import contains, ordered, pick
from .flags import flag, has
from .make import Context, context_flags, draft, excerpt, flat, says
from .model import Candidate, Draft, Quote, Sentence
from .sentences import attribution_date, join

_LINKS = ("http", "pic.twitter", "www.")  # link words a post's question leaves out


def _verb(quote: Quote) -> str:
    """The verb of the question: "told the Guardian" as the article has it, else "wrote" or "said"."""
    if quote.verb.startswith("told "):
        return quote.verb
    return "wrote" if quote.verb in ("wrote", "writes", "tweeted", "posted") else "said"


def who_said_it(ctx: Context) -> list[Draft]:
    """A choice draft per attributed quote: "Who said: '...'?" with other people as options."""
    if not ctx.wants("choice"):
        return []
    speakers = list(dict.fromkeys(q.speaker for q in ctx.analysis.quotes if q.speaker and not q.inferred))
    drafts = [_who_said(ctx, q, [p for p in speakers if p != q.speaker]) for q in ctx.analysis.quotes if q.speaker]
    return [d for d in drafts if d is not None]


def _who_said(ctx: Context, q: Quote, others: list[str]) -> Draft | None:
    """The "who said it?" draft on quote ``q``, the article's ``others`` speakers first among its options, or None."""
    if q.speaker_span is None or len(q.text.split()) < 6:
        return None
    if ctx.analysis.main and q.speaker == ctx.analysis.main.name and len(others) < 2:
        return None  # "who said it?" in an article about her, against people who never speak in it: a giveaway
    over = ctx.analysis.sentences_over(min(q.start, q.speaker_span[0]), max(q.end, q.speaker_span[1]))
    spanned = [ctx.analysis.sentences[k] for k in over]
    if not spanned or len(spanned) > 4 or any(s.kind in ("duplicate", "caption") for s in spanned):
        return None
    first, last = spanned[0], spanned[-1]
    words = excerpt(q.text.strip(" ,"), 30).rstrip(",")
    person = ctx.analysis.person(q.speaker)
    if any(n in words for n in {q.speaker, *q.speaker.split(), *(person.aliases if person else ())}):
        return None
    fake = Candidate("person", q.speaker, q.speaker_span[0], q.speaker_span[1], first.index, 0, 0, q.speaker)
    wrong = _wrong_speakers(ctx, fake, others, flat(ctx.article.body[first.start : last.end]))
    if len(wrong) < 2:
        return None
    said_as = ctx.article.body[q.speaker_span[0] : q.speaker_span[1]]
    review = _speaker_review(ctx, q, said_as, wrong)
    review += [f for s in spanned for f in context_flags(ctx, s, shown=words) if not has([f], "post")]
    prompt = f"Who {_verb(q)} this, according to the article? {says(words)}"
    return draft(
        ctx,
        "choice",
        "who-said-it",
        {"prompt": prompt, "choices": ordered(fake, [q.speaker, *wrong]), "answer": q.speaker},
        _attribution(ctx, q, said_as),
        [ctx.anchor(first.start, last.end)],
        skill="who-said-it",
        sentence=first.index,
        kind="person",
        difficulty="medium" if len(wrong) >= 3 else "easy",
        review=review,
        answer_spans=[(q.speaker_span[0], q.speaker_span[1], said_as)],
        query=words,
        tags=["quotes"],
    )


def _wrong_speakers(ctx: Context, fake: Candidate, others: list[str], passage: str) -> list[str]:
    """Up to three options: other speakers the passage does not name, then people picked elsewhere."""
    names = set(fake.text.casefold().split())  # a name sharing a word with the speaker's may be the speaker
    wrong = [p for p in others if not contains(passage, p) and not names & set(p.casefold().split())][:3]
    if len(wrong) < 3:
        wrong += [p for p in pick(ctx, fake, passage, want=6) if p not in wrong][: 3 - len(wrong)]
    return wrong


def _speaker_review(ctx: Context, q: Quote, said_as: str, wrong: list[str]) -> list[str]:
    """Review flags on the speaker (a pronoun, carried over) and on the options (weak, from other articles)."""
    review = []
    if said_as.lower() in ("she", "he"):
        note = f"the article names the speaker only as '{said_as}' (read as {q.speaker}): check"
        review.append(flag("speaker-pronoun", note))
    if q.inferred:
        review.append(flag("speaker-carried", "the speaker is carried over from the previous paragraph: check"))
    if len(wrong) < 3:
        review.append(flag("weak-options", f"distractors are weak: only {len(wrong)} other people found"))
    named_here = {person.name for person in ctx.analysis.people} | {q.speaker for q in ctx.analysis.quotes}
    if outsiders := [p for p in wrong if p not in named_here]:
        be = "is" if len(outsiders) == 1 else "are"
        note = f"{', '.join(outsiders)} {be} not named in this article: an easy option to rule out"
        review.append(flag("options-from-elsewhere", f"{note}; swap in someone the article quotes or names"))
    return review


def _attribution(ctx: Context, q: Quote, said_as: str) -> str:
    """ "The article gives the words to X: they are followed by “said Milano”." """
    body, span = ctx.article.body, q.speaker_span
    if span[0] >= q.end:
        s = ctx.analysis.sentences[ctx.analysis.sentences_over(span[0], span[1])[0]]
        tail = body[q.end : s.end].lstrip('"\u201d\u2019 ,')
        words, where = re.split(r"[,.;:!?]", tail, maxsplit=1)[0].strip(), "followed by"
    else:
        words, where = body[span[0] : q.start].rstrip('"\u201c ,:'), "introduced with"
    if not words or len(words.split()) > 8:
        return f"The article gives these words to {q.speaker}: {says(excerpt(q.text.strip(' ,'), 20))}"
    note = ""
    if said_as.lower() in ("she", "he"):
        main = ctx.analysis.main
        who = "the article's subject" if main and main.name == q.speaker else "named just before"
        note = f", and \u201c{said_as.lower()}\u201d is {q.speaker}, {who}"
    return f"The article gives these words to {q.speaker}: they are {where} \u201c{words}\u201d{note}."


def post_dates(ctx: Context) -> list[Draft]:
    """ "On what date did X post '...'?" for embedded posts whose date line the article keeps."""
    if not ctx.wants("choice"):
        return []
    return [d for line in ctx.analysis.sentences if line.kind == "attribution" and (d := _post_date(ctx, line))]


def _post_date(ctx: Context, line: Sentence) -> Draft | None:
    """The "on what date?" draft on the post above the date line ``line``, or None."""
    body = ctx.article.body
    date = next((c for c in ctx.analysis.in_sentence(line.index) if c.kind == "date"), None)
    before = ctx.analysis.sentences[: line.index]
    above = takewhile(lambda s: s.kind in ("embedded", "duplicate", "caption"), reversed(before))
    post = [s for s in above if s.kind == "embedded"][:8][::-1]  # the post's last eight sentences, in order
    if date is None or not post or not attribution_date(body[line.start : line.end]):
        return None
    who = poster.name if (poster := ctx.analysis.person(line.note)) else line.note
    text = " ".join(join([t for t in s.tokens if not t.text.startswith(_LINKS)]) for s in post)
    words = excerpt(text.strip(), 25)
    prompt = f"On what date did {who} post this, according to the article? {says(words)}"
    dateline = flat(body[line.start : line.end])
    wrong = pick(ctx, date, dateline)
    if len(wrong) < 2:
        return None
    return draft(
        ctx,
        "choice",
        "post-date",
        {"prompt": prompt, "choices": ordered(date, [date.text, *wrong]), "answer": date.text},
        f"The line under the post reads {says(dateline)}.",
        [ctx.anchor(post[0].start, line.end)],
        skill="check-the-date",
        sentence=line.index,
        kind="date",
        review=[] if len(wrong) >= 3 else [flag("weak-options", f"distractors are weak: only {len(wrong)} found")],
        answer_spans=[(date.start, date.end, date.text)],
        query=words,
        tags=["dates"],
    )
