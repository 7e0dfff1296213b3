"""Judging a drafted question's form, and moving its question phrase to the front with inversion (spaCy parse)."""

from __future__ import annotations

from collections.abc import Container
from os.path import commonprefix

from .make import BLANK
from .nlp import parse
from .wordlists import words

WH_WORDS = words("question_words")
AUX_WORDS = words("auxiliaries")
PREPOSITIONS = words("question_prepositions")
SPEECH_LEMMAS = words("speech_verbs")
DO = {"VBD": "did", "VBZ": "does", "VBP": "do"}


def _words(text: str) -> list[str]:
    return [w.strip(",;:\u201c\u201d\"'()").lower() for w in text.split()]


def question_form(text: str) -> str | None:
    """Why ``text`` is not a well-formed question, or None; gap-fill prompts and claims are not questions and pass."""
    text = text.strip()
    if BLANK in text or not text.endswith("?"):
        return None
    words = _words(text)
    front = 0  # where the question proper starts: after "According to X," and an opening preposition
    if words[0] == "according":  # without a comma, no question proper: front is past the end
        front = next((i + 1 for i, w in enumerate(text.split()) if w.endswith(",")), len(words))
    if front < len(words) and words[front] in PREPOSITIONS:
        front += 1
    if front < len(words) and (words[front] in WH_WORDS or words[front] in AUX_WORDS):
        head, comma, rest = text.partition(", ")
        if comma and words[0] != "according" and len(head.split()) <= 14 and not _inverted(head, rest):
            return "no inversion after the question phrase"  # "How many minutes later, the goalkeeper was ..."
        return None
    if any(w in WH_WORDS for w in words[front:]):
        return "the question word is not at the front of its clause"
    return "it does not begin like a question"


def _inverted(head: str, rest: str) -> bool:
    """Whether "<head>, <rest>" is a question after all: the head has its own verb ("How many saves did Doyle
    make, according to ...") or the rest is no clause with a subject ("Which team, after a season, won")."""
    if any(w in AUX_WORDS for w in _words(head)):
        return True
    doc = parse(f"{head}, {rest}")
    after = next((t for t in doc if t.idx >= len(head) + 2), None)
    verbed = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc if t.idx < len(head))
    return verbed or after is None or after.pos_ not in ("DET", "PRON", "PROPN", "NOUN", "NUM", "ADJ")


def _segments(doc, ids: list[int]) -> str:
    """Tokens ``ids`` written out with their own spacing inside a run of neighbours and one space between runs."""
    parts = ["".join(doc[i].text_with_ws for i in run).strip() for run in _runs(ids)]
    return " ".join(p for p in parts if p).replace(" ,", ",").replace(" '", "'").replace(" \u2019", "\u2019")


def _runs(indexes: list[int], alone: Container[int] = ()) -> list[list[int]]:
    """Runs of consecutive ``indexes``, with each index in ``alone`` a run of its own."""
    out: list[list[int]] = []
    for i in sorted(indexes):
        if out and out[-1][-1] == i - 1 and i not in alone and i - 1 not in alone:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _differ(a: str, b: str) -> tuple[int, int, int, int]:
    """The middle where ``a`` and ``b`` differ, at word boundaries: (a_start, a_end, b_start, b_end)."""
    p = a.rfind(" ", 0, len(commonprefix([a, b]))) + 1  # the common start, back to a word boundary
    s = min(len(commonprefix([a[::-1], b[::-1]])), min(len(a), len(b)) - p)  # the common end, after it
    while s > 0 and a[len(a) - s] != " ":
        s -= 1
    return p, len(a) - s, p, len(b) - s


def front_question(declarative: str, question: str, common: bool = False) -> str | None:
    """``question`` ("Doyle made how many saves?") with its question phrase moved to the front and inverted ("How
    many saves did Doyle make?"), read from the parse of ``declarative``; None when the parse does not allow it.
    ``common``: the first word is a common word, lowered when it moves ("Sales rose ..." -> "did sales rise")."""
    d_text, q_text = (text.strip().rstrip("?.!").rstrip() for text in (declarative, question))
    a0, a1, w0, w1 = _differ(d_text, q_text)
    while a1 > a0 and d_text[a1 - 1] in " ,;:" and w1 > w0 and q_text[w1 - 1] == d_text[a1 - 1]:
        a1, w1 = a1 - 1, w1 - 1  # "In 2014, ..." / "In what year, ...": the comma is not the answer's
    wh_text = q_text[w0:w1].strip()
    wh_words = wh_text.lower().split()
    at = 1 if wh_words and wh_words[0] in PREPOSITIONS else 0  # the question word: "rose by what percentage"
    if len(wh_words) <= at or a1 <= a0 or wh_words[at] not in WH_WORDS:
        return None
    doc = parse(d_text + ".")
    if (found := _unit(doc, a0, a1)) is None:
        return None
    unit_ids, verb = found
    lead: list[int] = []
    if verb.dep_ == "ccomp" and verb.head.dep_ == "ROOT" and verb.head.lemma_ in SPEECH_LEMMAS:
        speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if speaker is None or speaker.pos_ == "PRON":
            return None
        lead = [t.i for t in speaker.subtree]
    elif verb.dep_ != "ROOT":
        return None
    if (subject := next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)) is None:
        return None
    dropped = {t.i for c in verb.rights if c.dep_ in ("conj", "cc") for t in c.subtree}
    dropped |= {t.i for c in verb.rights if _aside(c) for t in [doc[c.left_edge.i - 1], *c.subtree]}  # and its comma
    dropped |= {t.i for t in doc if t.is_punct and t.i == len(doc) - 1}
    clause = [t.i for t in verb.subtree if t.i not in unit_ids and t.i not in dropped]
    if clause and doc[clause[0]].dep_ == "mark":
        clause = clause[1:]
    subj_ids = [t.i for t in subject.subtree]
    fronted = [i for i in clause if i < subj_ids[0] and doc[i].dep_ != "cc"]
    adverbials = {t.i for c in verb.children if c.dep_ in ("prep", "advmod", "npadvmod", "punct") for t in c.subtree}
    if any(i not in adverbials for i in fronted):
        return None  # only an adverbial may come before the subject
    clause = [i for i in clause if i >= subj_ids[0]]
    return _assemble(doc, a0, a1, wh_text, unit_ids, verb, subject, clause, fronted, lead, common)


def _aside(clause) -> bool:
    """Whether ``clause`` is an aside after a comma a question does without (", while ...", ", with X coming ...")."""
    first = clause.doc[clause.left_edge.i]
    if first.i == 0 or clause.doc[first.i - 1].text != ",":
        return False
    if clause.dep_ == "prep" and first.lower_ == "with":
        return any(t.tag_ == "VBG" for t in clause.subtree)
    return clause.dep_ == "advcl" and first.lower_ in ("while", "whereas")


def _unit(doc, a0: int, a1: int):
    """(Token ids of the phrase holding the answer at ``a0:a1``, the verb it hangs on), or None if it cannot move."""
    answer = [t for t in doc if t.idx < a1 and t.idx + len(t) > a0]
    if not answer:
        return None
    ids = {t.i for t in answer}
    head = next((t for t in answer if t.head.i not in ids or t.head.i == t.i), answer[-1])
    while head.dep_ in ("nummod", "compound", "amod", "quantmod", "det") and head.head.i != head.i:
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return None
    unit = head.head if head.dep_ == "pobj" else head
    if unit.head.pos_ == "ADV" and unit.head.dep_ == "advmod":
        unit = unit.head  # "four minutes later"
    verb = unit.head
    if head.dep_ == "poss" or verb.pos_ not in ("VERB", "AUX") or unit.i == verb.i:
        return None
    clausal = {t.i for c in head.rights if c.dep_ in ("acl", "relcl", "advcl") for t in c.subtree}
    unit_ids = [t.i for t in unit.subtree if t.i not in clausal]
    after = unit_ids[-1] + 1
    if after + 1 < len(doc) and doc[after].lower_ == "to" and doc[after + 1].like_num:
        return None  # "by six votes to five": a score does not split
    opening = doc.text[doc[unit_ids[0]].idx : a0].split()
    if len(opening) > 1 or (opening and doc[unit_ids[0]].dep_ != "prep"):
        return None  # "every how many nights", "one of how many"
    if any(c.pos_ not in ("VERB", "AUX") for c in verb.rights if c.dep_ == "conj"):
        return None  # "..., in 2007 and a second recently": dropping it would change the answer
    return unit_ids, verb


def _assemble(doc, a0, a1, wh_text, unit_ids, verb, subject, clause, fronted, lead, common) -> str | None:
    """The moved question: phrase, auxiliary (or "do"), subject, the rest of the clause, a fronted adverbial last."""
    subj_ids = [t.i for t in subject.subtree]
    be = verb if verb.lemma_ == "be" else None  # with no auxiliary, "be" itself moves: "was he ...?"
    aux = next((c for c in verb.lefts if c.dep_ in ("aux", "auxpass") and c.lower_ != "to"), be)
    replace: dict[int, str] = {}
    if subject.i in unit_ids:  # "According to X, how many students had taken part?": no inversion
        moved, subj_ids = "", []
        rest = [i for i in clause if i > unit_ids[-1]]
    elif aux is not None:
        moved = aux.text.lower()
        rest = [i for i in clause if i not in subj_ids and i != aux.i]
    elif verb.tag_ in DO:
        moved = DO[verb.tag_]
        from lemminflect import getInflection

        replace[verb.i] = (getInflection(verb.lemma_, tag="VB") or (verb.lemma_,))[0]  # the base form: "make"
        rest = [i for i in clause if i not in subj_ids]
    else:
        return None
    subj_text = _segments(doc, subj_ids)
    if subj_ids and subj_ids[0] == 0 and (common or doc[0].pos_ in ("DET", "PRON")) and doc[0].text != "I":
        subj_text = subj_text[:1].lower() + subj_text[1:]
    start, end = doc[unit_ids[0]].idx, doc[unit_ids[-1]].idx + len(doc[unit_ids[-1]])
    unit_text = doc.text[start:a0] + wh_text + doc.text[a1:end] if start <= a0 else wh_text
    runs = _runs(rest, alone=replace)  # each replaced token is written as its replacement
    rest_text = " ".join(replace[run[0]] if run[0] in replace else _segments(doc, run) for run in runs)
    tail = _segments(doc, [i for i in fronted if not doc[i].is_punct])
    if tail and doc[fronted[0]].pos_ in ("DET", "PRON", "ADV", "ADP"):
        tail = tail[:1].lower() + tail[1:]
    text = " ".join(w for w in [unit_text[:1].upper() + unit_text[1:], moved, subj_text, rest_text, tail] if w)
    if lead:
        who = _segments(doc, lead)
        if doc[lead[0]].pos_ in ("DET", "PRON", "NOUN"):
            who = who[:1].lower() + who[1:]
        text = f"According to {who}, {text[:1].lower()}{text[1:]}"
    text = " ".join(text.rstrip(" ,;:").split()).replace(" ,", ",") + "?"
    return text if question_form(text) is None else None
