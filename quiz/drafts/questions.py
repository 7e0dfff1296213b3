"""Wh-questions and gap-fill items whose answer is a candidate span (choice, text and number drafts)."""

from __future__ import annotations

from typing import NamedTuple

from .clauses import Clause, base_form, main_clause, segment, verb_kind
from .distractors import ordered, pick
from .entities import render, render_pieces
from .explain import phrase, says_fact, window
from .flags import flag
from .grammar import front_question, question_form
from .interview import answer_speakers
from .lexicon import (
    DETERMINERS,
    FIRST_PERSON,
    PERSON_TITLES,
    PREPOSITIONS,
    ROLE_NOUNS,
    STOPWORDS,
    UNIQUE_ROLES,
    VAGUE_SUBJECTS,
)
from .make import BLANK, SKILLS, TAGS, Context, answer_forms, choice_text, context_flags, draft, flat, says
from .model import Candidate, Draft, Sentence
from .paraphrase import paraphrase
from .sentences import join
from .targets import common_word, dates_the_clause, has_verb, trivial
from .wordlists import table

HONORIFICS: set[str] = set(table("lexicon.yaml")["honorifics"])  # go with the name: "which veteran engineer"
FORMAL_TITLES: set[str] = set(table("lexicon.yaml")["formal_titles"])  # keep their capital: "which Senator"
CHANGE_VERBS: set[str] = set(table("lexicon.yaml")["change_verbs"])  # a percentage right after them: "by"
REPORT_VERBS: set[str] = set(table("lexicon.yaml")["report_verbs"])  # "Variety reported that": "According to ..."
TEAM_WORDS: set[str] = set(table("lexicon.yaml")["team_words"])  # "Ashworth Rovers" is asked "which team"
LEAD_INS = ("back", "just", "early", "late", "in", "on")  # words before a fronted date: "Back in 2019, ..."
COUNTED = ("count", "word", "multiplied", "percent")  # the numbers "how many" can ask for
MAX_PROMPT_WORDS = 45  # gap-fill items show the whole sentence
MAX_QUESTION_WORDS = 36  # a question longer than this reads as a puzzle; gap-fill does better


class _Ask(NamedTuple):
    """A question phrase put in place of the answer: the token replacements and the rule that made them."""

    replace: dict[int, str | None]
    rule: str


def usable(s: Sentence) -> bool:
    """Sentences a question can quote: plain reporting, attributed quotes, embedded posts."""
    if s.kind == "embedded" and any(t.lower in FIRST_PERSON for t in s.tokens):
        return False
    return s.kind in ("prose", "embedded") and 6 <= len(s.tokens) <= 70


def question_drafts(ctx: Context) -> list[Draft]:
    """Every wh-question and gap-fill draft the article's candidates allow."""
    out: list[Draft] = []
    analysis = ctx.analysis
    main = analysis.main.name if analysis.main else None
    answers = answer_speakers(ctx)
    for s in analysis.sentences:
        if not has_verb(analysis, s):
            continue  # "EST (12:55 p.m. PST)." is a piece the splitter cut off: no question quotes it
        if (guest := answers.get(s.index)) and s.kind in ("first-person", "prose") and 6 <= len(s.tokens) <= 70:
            # an interviewee's own words, not the reporter's: a blank in what they say, nothing else changed
            for c in analysis.in_sentence(s.index):
                if c.value != guest and not trivial(analysis, c):
                    out.extend(_gap(ctx, s, c, bonus=True, speaker=guest))
            continue
        if not usable(s):
            continue
        cl = main_clause(analysis, s)
        for c in analysis.in_sentence(s.index):
            if (c.kind == "person" and c.value == main) or trivial(analysis, c):
                continue  # the article's own subject (the answer is a given), or a target not worth asking
            made = _wh(ctx, s, cl, c)
            out.extend(made)
            out.extend(_gap(ctx, s, c, bonus=not made))
    return out


def _edits(ctx: Context, s: Sentence, c: Candidate) -> dict[int, str | None]:
    """The sentence's light paraphrase (opening phrase, asides, "also" dropped), keeping ``c``."""
    return dict(paraphrase(ctx.analysis, s, (c.first, c.last)).replace) if s.kind == "prose" else {}


def _put(first: int, last: int, text: str) -> dict[int, str | None]:
    """Replacements that show ``text`` for the tokens ``first:last``."""
    return {first: text, **dict.fromkeys(range(first + 1, last))}


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
    replace.update(dict.fromkeys((at - 2, at - 1)))  # "reported that" goes


def _wh(ctx: Context, s: Sentence, cl: Clause | None, c: Candidate) -> list[Draft]:
    """Drafts of the wh-question asking for ``c``, its question phrase moved to the front, or none."""
    if c.kind in ("year", "date"):
        return _when(ctx, s, cl, c)
    edits = _edits(ctx, s, c)
    ask = _ask_subject(s, cl, c) or _ask_how_many(ctx, s, c) or _ask_which(ctx, s, c) or _ask_where(s, c)
    toks = s.tokens
    if ask is None or toks[-1].text not in (".", "!"):
        return []
    replace = ask.replace
    moved = set(replace)
    replace[len(toks) - 1] = "?"
    first, last = segment(ctx.analysis, s, min(k for k, v in replace.items() if v is not None and k < len(toks) - 1))
    replace[last] = "?"  # the question stops at the end of its own clause (``last`` is the full stop at most)
    replace = {**{k: v for k, v in edits.items() if k < last}, **replace}
    prompt, flags = render(ctx.analysis, s, first, last + 1, replace=replace)
    if question_form(prompt):  # the question phrase is still in place: move it, or make no question
        unmoved = {k: v for k, v in replace.items() if k not in moved}
        declarative, _ = render(ctx.analysis, s, first, last + 1, replace=unmoved)
        common = first == 0 and 0 not in replace and common_word(ctx.analysis, toks[0])  # "did sales rise ...?"
        prompt = front_question(declarative, prompt, common)
    if prompt is None or not 4 <= len(prompt.split()) <= MAX_QUESTION_WORDS:
        return []
    return _typed(ctx, s, c, prompt, ask.rule, flags)


def _ask_subject(s: Sentence, cl: Clause | None, c: Candidate) -> _Ask | None:
    """A person or organisation as the subject: "who", "which team" or "which Congressman" in its place."""
    toks = s.tokens
    if not cl or c.kind not in ("person", "org") or cl.subj[1] != c.last or toks[c.last - 1].text.endswith("s'"):
        return None
    if not all(t.text in PERSON_TITLES or t.lower in ROLE_NOUNS for t in toks[cl.subj[0] : c.first]):
        return None  # only titles may stand before the name in the subject
    wh = "who" if c.kind == "person" else "which team" if c.text.split()[-1] in TEAM_WORDS else "which organisation"
    titles = [t.text for t in toks[cl.subj[0] : c.first] if t.text not in HONORIFICS]
    which = bool(titles) and c.kind == "person"
    if which:  # "Congressman McClintock was ..." -> "Which Congressman was ...?"
        wh = "which " + " ".join(t if t in FORMAL_TITLES else t.lower() for t in titles)
    return _Ask(_put(cl.subj[0], cl.subj[1], wh), rule="wh-which" if which else "wh-subject")


def _ask_how_many(ctx: Context, s: Sentence, c: Candidate) -> _Ask | None:
    """A counted phrase or a percentage: "how many", "how many million" or "what percentage" in its place."""
    if c.kind != "number" or not c.unit or c.sub not in COUNTED or ctx.analysis.quoted(c.start, c.end):
        return None
    toks = s.tokens
    before = toks[c.first - 1].lower if c.first > 0 else ""
    if before in ("its", "his", "her", "their", "our", "my", "your") or before.endswith(("'s", "\u2019s")):
        return None  # "Its 24,000 books" has no natural question form
    if before in ("the", "a") and (c.first < 2 or toks[c.first - 2].lower not in ("of", "from", "among")):
        return None  # "The four councillors who ..." would turn into nonsense
    first = c.first - 1 if before in ("the", "a") else c.first  # "one of the four" -> "one of how many"
    wh = "what percentage" if c.sub == "percent" else "how many"
    if c.sub == "percent" and before in CHANGE_VERBS and (c.last >= len(toks) or toks[c.last].lower != "of"):
        wh = "by what percentage"  # "Sales rose 31% to ..." -> "By what percentage did sales rise to ...?"
    if c.sub == "multiplied" and "million" in c.text:
        wh = "how many million"
    return _Ask(_put(first, c.last, wh), rule="wh-how-many")


def _ask_which(ctx: Context, s: Sentence, c: Candidate) -> _Ask | None:
    """A person after their role ("the club's head coach Ann Lee"): "which head coach" in place of both (and of
    an honorific between them: "Veteran producer Sir Anthony Greaves" -> "which veteran producer")."""
    toks = s.tokens
    name = c.first
    while name > 0 and toks[name - 1].text in HONORIFICS:
        name -= 1
    if c.kind != "person" or name == 0 or toks[c.last - 1].text.endswith(("'s", "\u2019s")):
        return None
    start = name  # the role: up to four plain words before the name
    while start > 0 and name - start < 4:
        t = toks[start - 1]
        plain = t.text.replace("-", "").isalpha() and t.lower not in STOPWORDS | PREPOSITIONS | DETERMINERS
        if not plain or verb_kind(t) or (t.text.islower() and t.lower.endswith("ing")):
            break  # the role is plain words, and a verb is no part of it
        start -= 1
    role = toks[name - 1]
    if start == name or not (role.lower in ROLE_NOUNS or role.text in PERSON_TITLES):
        return None
    if role.lower in UNIQUE_ROLES and start < name - 1:
        return None  # "which Swedish captain" says there are several: the name is a blank instead
    replace: dict[int, str | None] = dict.fromkeys(range(name, c.last))
    if start > 0 and toks[start - 1].lower in ("the", "a", "an"):
        replace[start - 1] = None
    first = toks[start].text
    replace[start] = "which " + (first.lower() if start == 0 and common_word(ctx.analysis, toks[0]) else first)
    _according(s, replace, _edits(ctx, s, c), start)
    return _Ask(replace, rule="wh-which")


def _ask_where(s: Sentence, c: Candidate) -> _Ask | None:
    """A city, state or country after "in", "at", "from", "to" or "near": "which city" in its place."""
    toks = s.tokens
    where = c.kind == "place" and c.unit in ("city", "state", "country") and c.first > 0
    if not where or toks[c.first - 1].lower not in ("in", "at", "from", "to", "near"):
        return None
    replace = _put(c.first, c.last, f"which {c.unit}")
    if toks[c.first - 1].text[0].isupper() and c.first > 1:
        replace[c.first - 1] = toks[c.first - 1].lower
    return _Ask(replace, rule="wh-where")


def _time_phrase(cl: Clause, s: Sentence, c: Candidate) -> range | None:
    """The tokens of "in"/"on" and the date ``c`` to drop: fronted ("In 2019, ..."), ending ("... in 2019.") or None."""
    toks = s.tokens
    if c.first < 1 or toks[c.first - 1].lower not in ("in", "on"):
        return None
    if cl.front and c.last == cl.front[1] - 1 and all(t.lower in LEAD_INS for t in toks[: c.first]):
        return range(0, cl.front[1])
    if c.last == len(toks) - 1 and toks[-1].text == "." and c.first - 1 > cl.verb:
        return range(c.first - 1, c.last)
    return None


def _when(ctx: Context, s: Sentence, cl: Clause | None, c: Candidate) -> list[Draft]:
    """Drafts of "In what year/On what date did ...?" for a date that dates the main verb, or none."""
    toks = s.tokens
    dropped = cl and _time_phrase(cl, s, c)
    if not dropped or not dates_the_clause(ctx.analysis, c):
        return []
    if cl.subj[1] - cl.subj[0] == 1 and toks[cl.subj[0]].lower in VAGUE_SUBJECTS:
        return []  # "In what year did it ...?" cannot be answered from the question
    replace: dict[int, str | None] = {**_edits(ctx, s, c), len(toks) - 1: None, **dict.fromkeys(dropped)}
    moved, base = toks[cl.verb].lower, ""  # an auxiliary moves; another verb leaves "did"/"does" and its base form
    if cl.kind != "aux":
        moved, base = "did" if cl.kind == "past" else "does", base_form(toks[cl.verb].text)
        replace[cl.verb] = base
    pieces, flags = render_pieces(ctx.analysis, s, replace=replace)
    subj = join([(t, sp) for k, t, sp in pieces if cl.subj[0] <= k < cl.subj[1]])
    if subj.split()[0] in ("The", "A", "An"):
        subj = subj[0].lower() + subj[1:]
    adv = join([(t, sp) for k, t, sp in pieces if cl.adv[0] <= k < cl.adv[1]])
    rest = join([(t, sp) for k, t, sp in pieces if k > cl.verb])
    when = "In what year" if c.kind == "year" else "In what month and year" if c.sub == "my" else "On what date"
    head = " ".join(p for p in [when, moved, subj, adv, base] if p)
    prompt = head + (" " + rest if rest and not rest.startswith((",", ".")) else rest)
    prompt = prompt.rstrip(" ,.;") + "?"
    return [] if len(prompt.split()) > MAX_PROMPT_WORDS else _typed(ctx, s, c, prompt, "wh-when", flags)


def _gap(ctx: Context, s: Sentence, c: Candidate, bonus: bool, speaker: str = "") -> list[Draft]:
    """Gap-fill drafts on ``c``; with ``speaker``, the sentence is their words, quoted and explained as theirs."""
    ending = s.tokens[c.last - 1].text[len(c.text.split()[-1]) :] if c.kind in ("person", "org", "place") else ""
    replace = {**_edits(ctx, s, c), **_put(c.first, c.last, BLANK + ending)}
    text, flags = render(ctx.analysis, s, replace=replace, resolve=not speaker)
    if len(text.split()) > MAX_PROMPT_WORDS:
        return []
    shown = f"{speaker} says, {says(text)}" if speaker else text
    made = _typed(ctx, s, c, f"Fill in the blank: {shown}", "gap-fill", flags)
    for d in made:
        d.query = text.replace(BLANK, " ")
        d.score += 0.3 if bonus else 0.0
        if speaker:
            d.explain = f"{speaker} says so, answering a question: {window(ctx.analysis, s, (c.first, c.last))}."
    return made


def _weak(ctx: Context, c: Candidate, wrong: list[str]) -> list[str]:
    """Review flags for weak distractors: fewer than three, or names that this article does not mention."""
    weak = []
    if len(wrong) < 3:
        weak.append(flag("weak-options", f"distractors are weak: only {len(wrong)} of the same kind found"))
    if c.kind in ("person", "org"):
        here = {choice_text(x) for x in ctx.analysis.candidates if x.kind == c.kind}
        outsiders = [w for w in wrong if w not in here]
        if len(outsiders) >= 2:
            why = f"distractors are weak: {', '.join(outsiders)} are from other articles, not named in this one"
            weak.append(flag("options-from-elsewhere", why))
    return weak


def _typed(ctx: Context, s: Sentence, c: Candidate, prompt: str, rule: str, flags: list[str]) -> list[Draft]:
    """Choice, text and number drafts for one prompt."""
    answer = choice_text(c)
    review = [*flags, *context_flags(ctx, s, shown=prompt)]
    common = dict(
        sources=[ctx.sentence_source(s)],
        explain=says_fact(ctx.analysis, s, phrase(s, c), _edits(ctx, s, c)),
        skill=SKILLS.get(c.kind, "read-closely"),
        sentence=s.index,
        kind=c.kind,
        answer_spans=[(c.start, c.end, c.text)],
        tags=[TAGS.get(c.kind, c.kind)],
    )
    out: list[Draft] = []
    wrong = pick(ctx, c, flat(ctx.article.body[s.start : s.end]))
    if ctx.wants("choice") and len(wrong) >= 2:
        fields = {"prompt": prompt, "choices": ordered(c, [answer, *wrong]), "answer": answer}
        weak = _weak(ctx, c, wrong)
        difficulty = "easy" if weak else "medium"
        out.append(draft(ctx, "choice", rule, fields, review=review + weak, difficulty=difficulty, **common))
    if ctx.wants("number") and c.kind in ("number", "year") and c.sub != "money":
        fields = {"prompt": prompt, "answer": c.value}
        if c.kind == "number" and c.sub == "multiplied" and "million" in c.text and "how many million" in prompt:
            value = c.value / 1_000_000
            fields = {"prompt": prompt, "answer": int(value) if value == int(value) else value, "unit": "million"}
        elif c.kind == "number" and c.unit and c.unit not in ("$", "\u00a3", "\u20ac"):
            fields["unit"] = c.unit
        out.append(draft(ctx, "number", rule, fields, review=review, difficulty="medium", **common))
    elif ctx.wants("text") and c.kind not in ("number", "year"):
        fields = {"prompt": prompt, "answers": answer_forms(c)}
        if c.kind in ("person", "org", "place") and len(answer) > 6:
            fields["fuzzy"] = 1
        difficulty = "hard" if rule == "gap-fill" else "medium"
        out.append(draft(ctx, "text", rule, fields, review=review, difficulty=difficulty, **common))
    return out
