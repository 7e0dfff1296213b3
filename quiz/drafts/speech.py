"""Who said it (quoted speech and its speaker) and when a quoted post was published."""

from __future__ import annotations

import re

from .distractors import contains, ordered, pick
from .flags import flag, has
from .make import Context, context_flags, draft, excerpt, flat, says
from .model import Candidate, Draft, Quote, Sentence
from .sentences import attribution_date, join


def _verb(quote: Quote) -> str:
    """The verb of the question: "told the Guardian" as the article has it, else "wrote" or "said"."""
    if quote.verb.startswith("told "):
        return quote.verb
    return "wrote" if quote.verb in ("wrote", "writes", "tweeted", "posted") else "said"


def who_said_it(ctx: Context) -> list[Draft]:
    """A choice draft per attributed quote: "Who said: '...'?" with other people as options."""
    if not ctx.wants("choice"):
        return []
    out: list[Draft] = []
    body = ctx.article.body
    main = ctx.analysis.main
    named_here = {p.name for p in ctx.analysis.people}
    speakers = list(dict.fromkeys(q.speaker for q in ctx.analysis.quotes if q.speaker and not q.inferred))
    for q in ctx.analysis.quotes:
        if not q.speaker or q.speaker_span is None or len(q.text.split()) < 6:
            continue
        others = [p for p in speakers if p != q.speaker]
        if main and q.speaker == main.name and len(others) < 2:
            continue  # "who said it?" in an article about her, against people who never speak in it: a giveaway
        over = ctx.analysis.sentences_over(min(q.start, q.speaker_span[0]), max(q.end, q.speaker_span[1]))
        spanned = [ctx.analysis.sentences[k] for k in over]
        if not spanned or len(spanned) > 4 or any(s.kind in ("duplicate", "caption") for s in spanned):
            continue
        first, last = spanned[0], spanned[-1]
        words = excerpt(q.text.strip(" ,"), 30).rstrip(",")
        person = ctx.analysis.person(q.speaker)
        names = {q.speaker, *q.speaker.split(), *(person.aliases if person else ())}
        if any(n in words for n in names):
            continue
        fake = Candidate("person", q.speaker, q.speaker_span[0], q.speaker_span[1], first.index, 0, 0, q.speaker)
        passage = flat(body[first.start : last.end])
        wrong = [p for p in others if not contains(passage, p) and not _same_person(p, q.speaker)][:3]
        if len(wrong) < 3:
            wrong += [p for p in pick(ctx, fake, passage, want=6) if p not in wrong][: 3 - len(wrong)]
        if len(wrong) < 2:
            continue
        outsiders = [p for p in wrong if p not in named_here]
        review = []
        said_as = body[q.speaker_span[0] : q.speaker_span[1]]
        if said_as.lower() in ("she", "he"):
            note = f"the article names the speaker only as '{said_as}' (read as {q.speaker}): check"
            review.append(flag("speaker-pronoun", note))
        if q.inferred:
            review.append(flag("speaker-carried", "the speaker is carried over from the previous paragraph: check"))
        if len(wrong) < 3:
            review.append(flag("weak-options", f"distractors are weak: only {len(wrong)} other people found"))
        if outsiders:
            be = "is" if len(outsiders) == 1 else "are"
            note = f"{', '.join(outsiders)} {be} not named in this article: an easy option to rule out"
            review.append(flag("options-from-elsewhere", f"{note}; swap in someone the article quotes or names"))
        review += [f for s in spanned for f in context_flags(ctx, s, shown=words) if not has([f], "post")]
        prompt = f"Who {_verb(q)} this, according to the article? {says(words)}"
        d = draft(
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
            distractors=wrong,
            answer_spans=[(q.speaker_span[0], q.speaker_span[1], said_as)],
            query=words,
            tags=["quotes"],
        )
        out.append(d)
    return out


def _same_person(a: str, b: str) -> bool:
    """Whether two names share a word (the same person named two ways)."""
    return bool(set(a.casefold().split()) & set(b.casefold().split()))


def _attribution(ctx: Context, q: Quote, said_as: str) -> str:
    """ "The article gives the words to X: they are followed by “said Milano”." """
    body = ctx.article.body
    span = q.speaker_span
    if span[0] >= q.end:
        s = ctx.analysis.sentences[ctx.analysis.sentences_over(span[0], span[1])[0]]
        tail = body[q.end : s.end].lstrip('"\u201d\u2019 ,')
        words = re.split(r"[,.;:!?]", tail, maxsplit=1)[0].strip()
        where = "followed by"
    else:
        words = body[span[0] : q.start].rstrip('"\u201c ,:')
        where = "introduced with"
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
    out: list[Draft] = []
    body = ctx.article.body
    sentences = ctx.analysis.sentences
    for line in sentences:
        if line.kind != "attribution":
            continue
        date = next((c for c in ctx.analysis.in_sentence(line.index) if c.kind == "date"), None)
        post: list[Sentence] = []
        k = line.index - 1
        while k >= 0 and sentences[k].kind in ("embedded", "duplicate", "caption") and len(post) < 8:
            if sentences[k].kind == "embedded":
                post.insert(0, sentences[k])
            k -= 1
        if date is None or not post or not attribution_date(body[line.start : line.end]):
            continue
        poster = ctx.analysis.person(line.note)
        who = poster.name if poster else line.note
        text = " ".join(
            join([t for t in s.tokens if not t.text.startswith(("http", "pic.twitter", "www."))]) for s in post
        ).strip()
        words = excerpt(text, 25)
        prompt = f"On what date did {who} post this, according to the article? {says(words)}"
        dateline = flat(body[line.start : line.end])
        wrong = pick(ctx, date, dateline)
        if len(wrong) < 2:
            continue
        d = draft(
            ctx,
            "choice",
            "post-date",
            {"prompt": prompt, "choices": ordered(date, [date.text, *wrong]), "answer": date.text},
            f"The line under the post reads {says(dateline)}.",
            [ctx.anchor(post[0].start, line.end)],
            skill="check-the-date",
            sentence=line.index,
            kind="date",
            review=[] if len(wrong) >= 3 else [f"distractors are weak: only {len(wrong)} found"],
            answer_spans=[(date.start, date.end, date.text)],
            distractors=wrong,
            query=words,
            tags=["dates"],
        )
        out.append(d)
    return out
