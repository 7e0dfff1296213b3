"""Wh-questions and gap-fill items whose answer is a candidate span (choice, text and number drafts)."""

from __future__ import annotations

from .clauses import Clause, base_form, main_clause, segment, verb_kind
from .distractors import ordered, pick
from .entities import render, render_pieces
from .explain import phrase, says_fact
from .flags import flag
from .grammar import front_question, question_form
from .lexicon import (
    DETERMINERS,
    FIRST_PERSON,
    PERSON_TITLES,
    PREPOSITIONS,
    ROLE_NOUNS,
    STOPWORDS,
    VAGUE_SUBJECTS,
)
from .make import BLANK, SKILLS, TAGS, Context, answer_forms, choice_text, context_flags, draft, flat
from .model import Candidate, Draft, Sentence
from .paraphrase import paraphrase
from .sentences import join
from .targets import dates_the_clause, trivial
from .wordlists import table

HONORIFICS = {"Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Doctor", "Sir", "Dame"}
FORMAL_TITLES: set[str] = set(table("lexicon.yaml")["formal_titles"])  # keep their capital: "which Senator"
REPORT_VERBS = {"reported", "reports", "said", "says", "announced", "confirmed", "revealed", "told"}
MAX_PROMPT_WORDS = 45  # gap-fill items show the whole sentence
MAX_QUESTION_WORDS = 36  # a question longer than this reads as a puzzle; gap-fill does better


def usable(s: Sentence) -> bool:
    """Sentences a question can quote: plain reporting, attributed quotes, embedded posts."""
    if s.kind == "embedded" and any(t.lower in FIRST_PERSON for t in s.tokens):
        return False
    return s.kind in ("prose", "embedded") and 6 <= len(s.tokens) <= 70


def question_drafts(ctx: Context) -> list[Draft]:
    """Every wh-question and gap-fill draft the article's candidates allow."""
    out: list[Draft] = []
    analysis = ctx.analysis
    by_sentence: dict[int, list[Candidate]] = {}
    for c in analysis.candidates:
        by_sentence.setdefault(c.sentence, []).append(c)
    main = analysis.main.name if analysis.main else None
    for s in analysis.sentences:
        if not usable(s):
            continue
        cl = main_clause(analysis, s)
        for c in by_sentence.get(s.index, []):
            if c.kind == "person" and c.value == main:
                continue  # "Who ...?" in an article about her: the answer is a given
            if trivial(analysis, c):
                continue  # a fragment of a name, a title, a conversion, the outlet or the headline's own words
            made = _wh(ctx, s, cl, c)
            out.extend(made)
            out.extend(_gap(ctx, s, c, bonus=not made))
    return out


def _edits(ctx: Context, s: Sentence, c: Candidate) -> dict[int, str | None]:
    """The sentence's light paraphrase (opening phrase, asides, "also" dropped), keeping ``c``."""
    if s.kind != "prose":
        return {}
    return dict(paraphrase(ctx.analysis, s, (c.first, c.last)).replace)


def _according(s: Sentence, replace: dict[int, str | None], edits: dict[int, str | None], at: int) -> None:
    """ "Variety reported that which X-Men director ...?" -> "According to Variety, which X-Men director ...?"."""
    toks = s.tokens
    if at < 3 or toks[at - 1].lower != "that" or toks[at - 2].lower not in REPORT_VERBS:
        return
    shown = {**edits, **replace}
    first = next((k for k in range(at - 2) if shown.get(k, toks[k].text) is not None), None)
    if first is None or not all(t.text[:1].isupper() for t in toks[first : at - 2]):
        return
    replace[first] = f"According to {toks[first].text}"
    replace[at - 3] = (replace.get(at - 3) or toks[at - 3].text) + ","
    if first == at - 3:
        replace[first] = f"According to {toks[first].text},"
    replace[at - 2] = None
    replace[at - 1] = None


def _finish(replace: dict[int, str | None], s: Sentence) -> bool:
    """Turn the closing full stop into a question mark; False when the sentence does not end in one."""
    last = len(s.tokens) - 1
    if s.tokens[last].text not in (".", "!"):
        return False
    replace[last] = "?"
    return True


def _wh(ctx: Context, s: Sentence, cl: Clause | None, c: Candidate) -> list[Draft]:
    toks = s.tokens
    replace: dict[int, str | None] = {}
    rule = ""
    edits = _edits(ctx, s, c)
    if (
        cl
        and c.kind in ("person", "org")
        and cl.subj[1] == c.last
        and all(t.text in PERSON_TITLES or t.lower in ROLE_NOUNS for t in toks[cl.subj[0] : c.first])
        and not toks[c.last - 1].text.endswith("s'")
    ):
        wh = "who" if c.kind == "person" else "which team" if c.text.split()[-1] in TEAM_WORDS else "which organisation"
        titles = [t.text for t in toks[cl.subj[0] : c.first] if t.text not in HONORIFICS]
        if titles and c.kind == "person":  # "Congressman McClintock was ..." -> "Which Congressman was ...?"
            wh = "which " + " ".join(t if t in FORMAL_TITLES else t.lower() for t in titles)
        replace = {k: None for k in range(cl.subj[0], cl.subj[1])}
        replace[cl.subj[0]] = wh
        rule = "wh-which" if titles and c.kind == "person" else "wh-subject"
    elif cl and c.kind in ("year", "date") and _time_slot(cl, s, c) and dates_the_clause(ctx.analysis, c):
        return _when(ctx, s, cl, c)
    elif (
        c.kind == "number"
        and c.unit
        and c.sub in ("count", "word", "multiplied", "percent")
        and not ctx.analysis.quoted(c.start, c.end)
    ):
        first = c.first
        before = toks[c.first - 1] if c.first > 0 else None
        if before is not None and (
            before.lower in ("its", "his", "her", "their", "our", "my", "your")
            or before.lower.endswith(("'s", "\u2019s"))
        ):
            return []  # "Its 24,000 books" has no natural question form
        if before is not None and before.lower in ("the", "a"):
            if c.first < 2 or toks[c.first - 2].lower not in ("of", "from", "among"):
                return []  # "The four councillors who ..." would turn into nonsense
            first = c.first - 1
        if c.sub == "percent":
            phrase = "what percentage"
        else:
            phrase = "how many million" if c.sub == "multiplied" and "million" in c.text else "how many"
        replace = {k: None for k in range(first, c.last)}
        replace[first] = phrase
        rule = "wh-how-many"
    elif c.kind == "person" and c.first > 0 and not toks[c.last - 1].text.endswith(("'s", "\u2019s")):
        k = c.first - 1
        phrase_start = k
        while phrase_start >= 0 and c.first - phrase_start <= 4:
            t = toks[phrase_start]
            if (
                not t.text.replace("-", "").isalpha()
                or t.lower in STOPWORDS | PREPOSITIONS | DETERMINERS
                or verb_kind(t)
                or (t.text.islower() and t.lower.endswith("ing"))
            ):
                break
            phrase_start -= 1
        phrase_start += 1
        if phrase_start > k or not (toks[k].lower in ROLE_NOUNS or toks[k].text in PERSON_TITLES):
            return []
        replace = {j: None for j in range(c.first, c.last)}
        if phrase_start > 0 and toks[phrase_start - 1].lower in ("the", "a", "an"):
            replace[phrase_start - 1] = None
        replace[phrase_start] = "which " + toks[phrase_start].text
        rule = "wh-which"
        _according(s, replace, edits, phrase_start)
    elif (
        c.kind == "place"
        and c.unit in ("city", "state", "country")
        and c.first > 0
        and toks[c.first - 1].lower in ("in", "at", "from", "to", "near")
    ):
        replace = {k: None for k in range(c.first, c.last)}
        replace[c.first] = f"which {c.unit}"
        if toks[c.first - 1].text[0].isupper() and c.first > 1:
            replace[c.first - 1] = toks[c.first - 1].lower
        rule = "wh-where"
    else:
        return []
    moved = set(replace)
    if not _finish(replace, s):
        return []
    first, last = segment(ctx.analysis, s, min(k for k in replace if replace[k] is not None and k < len(toks) - 1))
    end = None
    if last < len(toks) - 1:
        replace[last] = "?"  # the question stops at the end of its own clause
        end = last + 1
    replace = {**{k: v for k, v in edits.items() if k < len(toks) - 1 and (end is None or k < end - 1)}, **replace}
    prompt, flags = render(ctx.analysis, s, first, end, replace=replace)
    if question_form(prompt):  # the question phrase is still in place: move it, or make no question
        declarative, _ = render(
            ctx.analysis, s, first, end, replace={k: v for k, v in replace.items() if k not in moved}
        )
        prompt = front_question(declarative, prompt)
        if prompt is None:
            return []
    if len(prompt.split()) > MAX_QUESTION_WORDS or len(prompt.split()) < 4:
        return []
    return _typed(ctx, s, c, prompt, rule, flags)


TEAM_WORDS = {"FC", "United", "Rovers", "Athletic", "Wanderers", "Albion", "Rangers", "Celtic", "Town", "City"}


def _time_slot(cl: Clause, s: Sentence, c: Candidate) -> str | None:
    toks = s.tokens
    if (
        cl.front
        and c.last == cl.front[1] - 1
        and c.first >= 1
        and toks[c.first - 1].lower in ("in", "on")
        and all(t.lower in ("back", "just", "early", "late", "in", "on") for t in toks[: c.first])
    ):
        return "front"
    if (
        c.last == len(toks) - 1
        and toks[-1].text == "."
        and toks[c.first - 1].lower in ("in", "on")
        and c.first - 1 > cl.verb
    ):
        return "end"
    return None


def _when(ctx: Context, s: Sentence, cl: Clause, c: Candidate) -> list[Draft]:
    toks = s.tokens
    slot = _time_slot(cl, s, c)
    subj_toks = toks[cl.subj[0] : cl.subj[1]]
    if len(subj_toks) == 1 and subj_toks[0].lower in VAGUE_SUBJECTS:
        return []
    replace: dict[int, str | None] = {**_edits(ctx, s, c), len(toks) - 1: None}
    if slot == "front":
        replace.update({k: None for k in range(0, cl.front[1])})
    else:
        replace.update({k: None for k in range(c.first - 1, c.last)})
    verb = toks[cl.verb]
    if cl.kind != "aux":
        replace[cl.verb] = base_form(verb.text)
    pieces, flags = render_pieces(ctx.analysis, s, replace=replace)
    subj = join([(t, sp) for k, t, sp in pieces if cl.subj[0] <= k < cl.subj[1]])
    if subj.split()[0] in ("The", "A", "An"):
        subj = subj[0].lower() + subj[1:]
    adv = join([(t, sp) for k, t, sp in pieces if cl.adv[0] <= k < cl.adv[1]])
    rest = join([(t, sp) for k, t, sp in pieces if k > cl.verb])
    if c.kind == "year":
        when = "In what year"
    elif c.sub == "my":
        when = "In what month and year"
    else:
        when = "On what date"
    if cl.kind == "aux":
        head = [when, verb.lower, subj, adv]
        tail = rest
    else:
        helper = "did" if cl.kind == "past" else "does"
        head = [when, helper, subj, adv, replace[cl.verb]]
        tail = rest
    prompt = " ".join(p for p in head if p) + (" " + tail if tail and not tail.startswith((",", ".")) else tail)
    prompt = prompt.rstrip(" ,.;") + "?"
    if len(prompt.split()) > MAX_PROMPT_WORDS:
        return []
    return _typed(ctx, s, c, prompt, "wh-when", flags)


def _gap(ctx: Context, s: Sentence, c: Candidate, bonus: bool) -> list[Draft]:
    replace: dict[int, str | None] = {**_edits(ctx, s, c), **{k: None for k in range(c.first, c.last)}}
    ending = s.tokens[c.last - 1].text[len(c.text.split()[-1]) :] if c.kind in ("person", "org", "place") else ""
    replace[c.first] = BLANK + ending
    text, flags = render(ctx.analysis, s, replace=replace)
    if len(text.split()) > MAX_PROMPT_WORDS:
        return []
    made = _typed(ctx, s, c, f"Fill in the blank: {text}", "gap-fill", flags)
    for d in made:
        d.query = text.replace(BLANK, " ")
        d.score += 0.3 if bonus else 0.0
    return made


def _typed(ctx: Context, s: Sentence, c: Candidate, prompt: str, rule: str, flags: list[str]) -> list[Draft]:
    """Choice, text and number drafts for one prompt."""
    body = ctx.article.body
    sentence_text = flat(body[s.start : s.end])
    answer = choice_text(c)
    review = [*flags, *context_flags(ctx, s, shown=prompt)]
    common = dict(
        skill=SKILLS.get(c.kind, "read-closely"),
        sentence=s.index,
        kind=c.kind,
        answer_spans=[(c.start, c.end, c.text)],
        tags=[TAGS.get(c.kind, c.kind)],
    )
    source = [ctx.sentence_source(s)]
    explain = says_fact(ctx.analysis, s, phrase(s, c), _edits(ctx, s, c))
    out: list[Draft] = []
    wrong = pick(ctx, c, sentence_text)
    if ctx.wants("choice") and len(wrong) >= 2:
        options = ordered(c, [answer, *wrong])
        weak = (
            []
            if len(wrong) >= 3
            else [flag("weak-options", f"distractors are weak: only {len(wrong)} of the same kind found")]
        )
        if c.kind in ("person", "org"):
            here = {choice_text(x) for x in ctx.analysis.candidates if x.kind == c.kind}
            outsiders = [w for w in wrong if w not in here]
            if len(outsiders) >= 2:
                weak.append(
                    flag(
                        "options-from-elsewhere",
                        f"distractors are weak: {', '.join(outsiders)} are from other articles, not named in this one",
                    )
                )
        out.append(
            draft(
                ctx,
                "choice",
                rule,
                {"prompt": prompt, "choices": options, "answer": answer},
                explain,
                source,
                review=review + weak,
                distractors=wrong,
                difficulty="easy" if weak else "medium",
                **common,
            )
        )
    if ctx.wants("number") and c.kind in ("number", "year") and c.sub != "money":
        value = c.value
        fields = {"prompt": prompt, "answer": value}
        if c.kind == "number" and c.sub == "multiplied" and "million" in c.text and "how many million" in prompt:
            value = c.value / 1_000_000
            fields = {"prompt": prompt, "answer": int(value) if value == int(value) else value, "unit": "million"}
        elif c.kind == "number" and c.unit and c.unit not in ("$", "\u00a3", "\u20ac"):
            fields["unit"] = c.unit
        out.append(draft(ctx, "number", rule, fields, explain, source, review=review, difficulty="medium", **common))
    elif ctx.wants("text") and c.kind not in ("number", "year"):
        forms = answer_forms(c, ctx.analysis)
        fields = {"prompt": prompt, "answers": forms}
        if c.kind in ("person", "org", "place") and len(answer) > 6:
            fields["fuzzy"] = 1
        out.append(
            draft(
                ctx,
                "text",
                rule,
                fields,
                explain,
                source,
                review=review,
                difficulty="hard" if rule == "gap-fill" else "medium",
                **common,
            )
        )
    return out
