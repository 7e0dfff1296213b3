"""Claims that turn a sentence's polarity: its verb negated or its negation removed, and one word turned
into its opposite (refuted claims, the latter without a "not" in it); and true claims with a "not" in
them ("she's unafraid" -> "she is not afraid"), so that negation does not mark a claim as false."""

from __future__ import annotations

from . import explain
from .claimtext import claim_text
from .clauses import Clause, base_form, clause, main_clause
from .distractors import contains
from .lexicon import ADVERBS, IRREGULAR_PARTICIPLES, NEGATIONS, SPEECH_VERBS, STOPWORDS
from .make import Context, draft
from .model import Draft, Sentence
from .paraphrase import Rewrite
from .targets import ONCE, article_doc
from .wordlists import table

_DATA = table("opposites.yaml")  # the word tables below, in quiz/data/drafting

# The main verb negated, or its negation removed ("wasn't" -> "was"), makes a refuted claim.
_UNNEGATE: dict[str, str] = dict(_DATA["unnegate"])
REPORTING = {"reported", "reports", "revealed", "reveals"}
OBJECT_STARTS = {"the", "a", "an"}  # "acknowledged the responsibility": not speech but a stance
_HAVE = {"has": "does not have", "have": "do not have", "had": "did not have"}


def negate(ctx: Context, s: Sentence, rw: Rewrite | None = None, cl: Clause | None = None) -> tuple[str, bool] | None:
    """The claim with its main verb negated (or its negation removed); and whether the source was negative."""
    cl = cl or main_clause(ctx.analysis, s)
    if cl is None:
        return None
    toks = s.tokens
    if rw is not None and cl.verb not in rw.kept(s):
        return None
    verb = toks[cl.verb]
    low = verb.lower
    nxt = cl.verb + 1
    replace: dict[int, str | None] = {}
    was_negative = False
    if low in REPORTING or low in SPEECH_VERBS and (nxt >= len(toks) or toks[nxt].lower not in OBJECT_STARTS):
        return None  # "did not say (that) ..." claims are true to the letter and useless
    negated_nearby = any(t.lower in NEGATIONS for t in toks[cl.verb + 1 : cl.verb + 4])
    plain_not = cl.kind == "aux" and nxt < len(toks) and toks[nxt].lower in ("not", "never")
    if negated_nearby and low not in _UNNEGATE and not plain_not:
        return None  # "is no stranger" -> "is not no stranger"
    after = cl.verb + 1
    while after < len(toks) and toks[after].lower in ADVERBS and toks[after].text.islower():
        after += 1
    following = toks[after].lower if after < len(toks) else ""
    participle = following in IRREGULAR_PARTICIPLES or following.endswith(("ed", "en"))
    if low in _UNNEGATE:
        replace[cl.verb] = _UNNEGATE[low]
        was_negative = True
    elif low in _HAVE and not plain_not and not participle:
        replace[cl.verb] = _HAVE[low]  # "has a long resume" -> "does not have a long resume"
    elif nxt < len(toks) and toks[nxt].lower in ("not", "never") and cl.kind == "aux":
        replace[nxt] = None
        was_negative = True
    elif cl.kind == "aux" and low not in ("do", "does", "did"):
        if after > nxt and toks[nxt].lower == "also":
            replace[nxt] = "not"  # "was also one of" -> "was not one of"
        elif after > nxt:
            replace[after - 1] = f"{toks[after - 1].text} not"  # "is currently an" -> "is currently not an"
        else:
            replace[cl.verb] = f"{verb.text} not"
    elif cl.kind in ("past", "present"):
        helper = "did" if cl.kind == "past" else "does"
        for k in range(cl.adv[0], cl.adv[1]):
            if toks[k].lower == "also":
                replace[k] = None  # "also campaigned" -> "did not campaign"
        replace[cl.verb] = f"{helper} not {base_form(verb.text)}"
    else:
        return None
    made = claim_text(ctx.analysis, s, replace, rw)
    return (made[0], was_negative) if made else None


# One word turned into its opposite makes a refuted claim without a "not" in it. Only words whose
# opposite the sentence itself rules out: "before Hillary Clinton was chosen" is not "after".
OPPOSITES: dict[str, str] = dict(_DATA["opposites"])
PARTY = {"Democratic": "Republican", "Democrat": "Republican", "Republican": "Democratic"}
_AFTER_ONLY = {"against": ("for", {"voted", "vote", "votes", "voting"}), "blue": ("red", {"leaned", "lean", "leans"})}
_NOT_BEFORE = {"after": {"named", "look", "looks", "looked", "looking"}, "late": {"the"}, "large": {"at", "and"}}


def _opposite(toks, k: int) -> str | None:
    tok = toks[k]
    prev = toks[k - 1].lower if k else ""
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if tok.text in PARTY and nxt is not None and (nxt.text.islower() or nxt.text == "Party"):
        return PARTY[tok.text]
    if not tok.text.islower():
        return None
    low = tok.lower
    if low in _AFTER_ONLY:
        new, needs = _AFTER_ONLY[low]
        return new if prev in needs else None
    if low not in OPPOSITES or prev in _NOT_BEFORE.get(low, ()):
        return None
    if low == "after" and nxt is not None and nxt.lower == "all":
        return None
    if low in ("less", "fewer") and (nxt is None or nxt.lower != "than"):
        return None
    return OPPOSITES[low]


def opposite_words(ctx: Context, s: Sentence, rw: Rewrite, flags, source, common) -> list[Draft]:
    analysis, body = ctx.analysis, ctx.article.body
    toks = s.tokens
    kept = set(rw.kept(s))
    spans = [(c.first, c.last) for c in analysis.in_sentence(s.index)]
    out: list[Draft] = []
    for k, tok in enumerate(toks[:-1]):
        if k not in kept or analysis.quoted(tok.start, tok.end) or any(a <= k < b for a, b in spans):
            continue
        new = _opposite(toks, k)
        if new is None or not _opposable(ctx, tok):
            continue
        neighbour = next((j for j in range(k + 1, len(toks) - 1) if j in kept), None)
        context = f"{new} {toks[neighbour].text}" if neighbour is not None else f"{toks[k - 1].text} {new}"
        if contains(body, context):
            continue
        made = claim_text(analysis, s, {k: new}, rw)
        if made is None:
            continue
        end = k + 1
        if toks[end].text.islower() and toks[end].lower not in STOPWORDS and end in kept:
            end += 1  # "less power", "liberal causes"
        d = draft(
            ctx,
            "verdict",
            "verdict-opposite",
            {"claim": made[0], "answer": "refuted"},
            explain.says_fact(analysis, s, (k, end), rw.replace, tail=f", not {new}"),
            source,
            skill="spot-the-error",
            difficulty="medium",
            review=flags,
            tags=["verdicts"],
            **common,
        )
        d.new_value = context
        d.rewrites = list(rw.notes)
        out.append(d)
    return out


def _opposable(ctx: Context, tok) -> bool:
    """Whether the parse shows the word in the use its opposite contradicts: "before" heading a phrase or a
    clause (not "ever before"), an adjective said of something ("is possible") or compared ("largest"),
    not a set phrase ("as soon as possible"), and a verb as a verb."""
    doc = article_doc(ctx.analysis)
    span = doc.char_span(tok.start, tok.end, alignment_mode="expand")
    order = tok.lower in ("before", "after")
    if span is None or len(span) != 1:
        return not order  # the tokenisers disagree: keep the older reading, but never guess an order
    w = span[0]
    if order:
        # "called for a ceasefire after Biden stepped down" does not rule out a call before it too: only
        # events that happen once ("resigned before the vote was held") cannot be on both sides of each other.
        if w.dep_ == "mark":  # "called ... after [Biden] stepped down": both called and stepped
            events = [w.head.head, w.head]
        elif w.dep_ == "prep":
            events = [w.head] + [t for t in w.children if t.dep_ == "pcomp" and t.pos_ == "VERB"]
        else:
            return False
        return all(event.lemma_.lower() in ONCE for event in events)
    if w.pos_ in ("ADP", "SCONJ"):
        return w.dep_ in ("prep", "mark") and any(True for _ in w.children) or w.dep_ == "mark"
    if w.pos_ == "ADJ":
        return w.dep_ in ("acomp", "attr", "oprd") or w.tag_ in ("JJR", "JJS")
    if w.pos_ == "ADV":
        return w.tag_ in ("RBR", "RBS")
    return w.pos_ in ("VERB", "PROPN", "NOUN")


# A word said through the negation of its opposite ("unafraid" -> "not afraid"): true, with a "not" in it.
UN_WORDS: dict[str, str] = dict(_DATA["un_words"])
_BE = {"is", "are", "was", "were", "be", "been", "being", "remains", "remained", "seems", "seemed"}
# A verb or a predicative adjective said through the negation of its opposite: true, with a "not" in it.
NOT_OPPOSITE_VERBS: dict[str, str] = dict(_DATA["not_opposite_verbs"])
NEEDS_TO = {"refused": "did not agree", "refuses": "does not agree", "declined": "did not agree"}
NOT_OPPOSITE_ADJECTIVES: dict[str, str] = dict(_DATA["not_opposite_adjectives"])


def negative_paraphrases(ctx: Context, s: Sentence, rw: Rewrite, flags, source) -> list[Draft]:
    """True claims with a "not" in them, so that a negation does not mark a claim as false: "she's unafraid"
    -> "she is not afraid", "voted against the plan" -> "did not vote for the plan"."""
    analysis, toks = ctx.analysis, s.tokens
    kept = set(rw.kept(s))
    edits: dict[int, str | None] = {}
    cl = clause(s)
    adverbs = [] if cl is None else [toks[k].lower for k in range(cl.adv[0], cl.adv[1]) if toks[k].lower != "also"]
    if cl is not None and cl.verb in kept and cl.verb + 1 < len(toks) - 1 and not adverbs:
        verb, nxt = toks[cl.verb].lower, toks[cl.verb + 1].lower
        if verb in NOT_OPPOSITE_VERBS and nxt not in ("to", "by") and not analysis.quoted(*_span(toks, cl.verb)):
            edits[cl.verb] = NOT_OPPOSITE_VERBS[verb]  # "acknowledged the responsibility" -> "did not deny ..."
        elif verb in NEEDS_TO and nxt == "to":
            edits[cl.verb] = NEEDS_TO[verb]
        for k in range(cl.adv[0], cl.adv[1]):
            if edits and toks[k].lower == "also":
                edits[k] = None
    for k, tok in enumerate(toks[:-1]):
        if edits:
            break
        if k not in kept or analysis.quoted(tok.start, tok.end) or not tok.text.islower():
            continue
        prev = toks[k - 1].lower if k else ""
        if tok.lower in UN_WORDS and (prev in _BE or prev.endswith("'s") and prev not in ("it's", "that's")):
            edits[k] = f"not {UN_WORDS[tok.lower]}"
            break
        if tok.lower in NOT_OPPOSITE_ADJECTIVES and prev in _BE and toks[k + 1].text in (".", ",", "and", "but"):
            edits[k] = f"not {NOT_OPPOSITE_ADJECTIVES[tok.lower]}"  # "are small." -> "are not large."
            break
        if tok.lower == "voted" and toks[k + 1].lower == "against":
            edits.update({k: "did not vote", k + 1: "for"})
            break
        if tok.lower == "failed" and toks[k + 1].lower == "to" and k + 2 < len(toks) and toks[k + 2].text.islower():
            edits.update({k: "did not", k + 1: None})
            break
    if not edits:
        return []
    made = claim_text(analysis, s, edits, rw)
    if made is None:
        return []
    d = draft(
        ctx,
        "verdict",
        "verdict-supported",
        {"claim": made[0], "answer": "supported"},
        explain.supported(analysis, s, rw.kept(s), rw.replace, lead="The article says it another way:"),
        source,
        skill="read-closely",
        difficulty="medium",
        review=flags,
        tags=["verdicts"],
        sentence=s.index,
        base=made[0],
    )
    d.rewrites = [*rw.notes, "negated-paraphrase"]
    return [d]


def _span(toks, k: int) -> tuple[int, int]:
    return toks[k].start, toks[k].end
