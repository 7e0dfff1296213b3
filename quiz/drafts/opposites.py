"""Claims that turn a sentence's polarity: refuted ones, its verb negated (or its negation removed) or a word
turned into its opposite; true ones with a "not" in them ("unafraid" -> "not afraid"), so "not" is no giveaway."""

from __future__ import annotations

from . import explain
from .claimtext import claim_text, verdict
from .clauses import Clause, base_form, clause, main_clause
from .distractors import contains
from .lexicon import ADVERBS, IRREGULAR_PARTICIPLES, NEGATIONS, SPEECH_VERBS, STOPWORDS
from .make import Context
from .model import Analysis, Draft, Sentence
from .paraphrase import Rewrite
from .targets import ONCE, article_doc
from .wordlists import table

_DATA = table("opposites.yaml")  # the word tables below, in quiz/data/drafting

_UNNEGATE: dict[str, str] = dict(_DATA["unnegate"])  # "wasn't" -> "was"
REPORTING = {"reported", "reports", "revealed", "reveals"}
OBJECT_STARTS = {"the", "a", "an"}  # "acknowledged the responsibility": not speech but a stance
_HAVE = {"has": "does not have", "have": "do not have", "had": "did not have"}


def negate(ctx: Context, s: Sentence, rw: Rewrite, cl: Clause | None = None) -> tuple[str, bool] | None:
    """The claim with its main verb negated (or its negation removed); and whether the source was negative."""
    cl = cl or main_clause(ctx.analysis, s)
    if cl is None or cl.verb not in rw.kept(s):
        return None
    toks = s.tokens
    low, nxt = toks[cl.verb].lower, cl.verb + 1
    nxt_low = toks[nxt].lower if nxt < len(toks) else ""
    if low in REPORTING or low in SPEECH_VERBS and nxt_low not in OBJECT_STARTS:
        return None  # "did not say (that) ..." claims are true to the letter and useless
    verb = article_doc(ctx.analysis).char_span(toks[cl.verb].start, toks[cl.verb].end, alignment_mode="expand")
    conj = [c for c in verb.root.children if c.dep_ == "conj" and c.pos_ == "VERB"] if verb is not None else []
    if any(not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for c in conj):
        return None  # "did not record ... and had ..." denies half of what it says
    plain_not = cl.kind == "aux" and nxt_low in ("not", "never")
    if any(t.lower in NEGATIONS for t in toks[nxt : cl.verb + 4]) and low not in _UNNEGATE and not plain_not:
        return None  # "is no stranger" -> "is not no stranger"
    after = nxt
    while after < len(toks) and toks[after].lower in ADVERBS and toks[after].text.islower():
        after += 1
    following = toks[after].lower if after < len(toks) else ""
    replace: dict[int, str | None] = {}
    if low in _UNNEGATE:
        replace[cl.verb] = _UNNEGATE[low]
    elif plain_not:
        replace[nxt] = None
    elif low in _HAVE and not (following in IRREGULAR_PARTICIPLES or following.endswith(("ed", "en"))):
        replace[cl.verb] = _HAVE[low]  # "has a long resume" -> "does not have a long resume"
    elif cl.kind == "aux" and low not in ("do", "does", "did"):
        if after > nxt and nxt_low == "also":
            replace[nxt] = "not"  # "was also one of" -> "was not one of"
        else:
            replace[after - 1] = f"{toks[after - 1].text} not"  # after any adverbs: "is currently not an"
    elif cl.kind in ("past", "present"):
        helper = "did" if cl.kind == "past" else "does"  # "also campaigned" -> "did not campaign"
        replace.update({k: None for k in range(*cl.adv) if toks[k].lower == "also"})
        replace[cl.verb] = f"{helper} not {base_form(toks[cl.verb].text)}"
    else:
        return None
    made = claim_text(ctx.analysis, s, replace, rw)
    return (made[0], low in _UNNEGATE or plain_not) if made else None


# Opposites only of words the sentence itself rules out: "before Hillary Clinton was chosen" is not "after".
OPPOSITES: dict[str, str] = dict(_DATA["opposites"])
PARTY = {"Democratic": "Republican", "Democrat": "Republican", "Republican": "Democratic"}
_AFTER_ONLY = {"against": ("for", {"voted", "vote", "votes", "voting"}), "blue": ("red", {"leaned", "lean", "leans"})}
_NOT_BEFORE = {"after": {"named", "look", "looks", "looked", "looking"}, "late": {"the"}, "large": {"at", "and"}}
CONTESTS = set(_DATA["contests"])  # what "won" and "lost" are opposites for


def _opposite(toks, k: int) -> str | None:
    """The opposite of word ``k`` (never the last token) where the words around it allow one, or None."""
    tok, nxt = toks[k], toks[k + 1]
    prev = toks[k - 1].lower if k else ""
    if tok.text in PARTY and (nxt.text.islower() or nxt.text == "Party"):
        return PARTY[tok.text]
    if not tok.text.islower():
        return None
    low = tok.lower
    if low in _AFTER_ONLY:
        new, needs = _AFTER_ONLY[low]
        return new if prev in needs else None
    if low not in OPPOSITES or prev in _NOT_BEFORE.get(low, ()):
        return None
    if low == "after" and nxt.lower == "all" or low in ("less", "fewer") and nxt.lower != "than":
        return None  # "after all" is no time; "less" is turned only in "less than"
    return OPPOSITES[low]


def opposite_words(ctx: Context, s: Sentence, rw: Rewrite, flags: list[str], base: str) -> list[Draft]:
    """Refuted claims on the paraphrase ``rw`` of ``s``, each with one word turned into its opposite."""
    analysis, toks = ctx.analysis, s.tokens
    kept = set(rw.kept(s))
    spans = [(c.first, c.last) for c in analysis.in_sentence(s.index)]
    out: list[Draft] = []
    for k, tok in enumerate(toks[:-1]):
        if k not in kept or analysis.quoted(tok.start, tok.end) or any(a <= k < b for a, b in spans):
            continue
        if (new := _opposite(toks, k)) is None or not _opposable(ctx, tok):
            continue
        neighbour = next((j for j in range(k + 1, len(toks) - 1) if j in kept), None)
        context = f"{new} {toks[neighbour].text}" if neighbour is not None else f"{toks[k - 1].text} {new}"
        if contains(ctx.article.body, context) or (made := claim_text(analysis, s, {k: new}, rw)) is None:
            continue
        end = k + 1
        if toks[end].text.islower() and toks[end].lower not in STOPWORDS and end in kept:
            end += 1  # "less power", "liberal causes"
        why = explain.says_fact(analysis, s, (k, end), rw.replace, tail=f", not {new}")
        d = verdict(ctx, s, made[0], why, flags, rw.notes, rule="verdict-opposite", base=base)
        d.new_value = context
        out.append(d)
    return out


def _opposable(ctx: Context, tok) -> bool:
    """Whether the parse shows the word in the use its opposite contradicts: "before" heading a phrase or clause,
    an adjective said of something ("is possible") or compared ("largest"), a verb as a verb."""
    span = article_doc(ctx.analysis).char_span(tok.start, tok.end, alignment_mode="expand")
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
        return w.dep_ == "mark" or (w.dep_ == "prep" and any(True for _ in w.children))
    if w.pos_ == "ADJ":
        return w.dep_ in ("acomp", "attr", "oprd") or w.tag_ in ("JJR", "JJS")
    if w.pos_ == "ADV":
        return w.tag_ in ("RBR", "RBS")
    if w.lower_ in ("won", "lost"):  # "won the match" is not "lost the match"; "won a corner kick" has no opposite
        won = [o for o in w.children if o.dep_ in ("dobj", "nsubjpass")]  # what was won: "the match was won"
        active = any(o.dep_ == "nsubj" for o in w.children)  # "Sweden won 1 – 0"; not "the hikers got lost"
        return all(o.lemma_.lower() in CONTESTS for o in won) if won else active
    return w.pos_ in ("VERB", "PROPN", "NOUN")


UN_WORDS: dict[str, str] = dict(_DATA["un_words"])
_BE = {"is", "are", "was", "were", "be", "been", "being", "remains", "remained", "seems", "seemed"}
NOT_OPPOSITE_VERBS: dict[str, str] = dict(_DATA["not_opposite_verbs"])
NEEDS_TO = {"refused": "did not agree", "refuses": "does not agree", "declined": "did not agree"}
NOT_OPPOSITE_ADJECTIVES: dict[str, str] = dict(_DATA["not_opposite_adjectives"])


def negative_paraphrases(ctx: Context, s: Sentence, rw: Rewrite, flags: list[str]) -> list[Draft]:
    """True claims with a "not" in them: "unafraid" -> "not afraid", "voted against" -> "did not vote for"."""
    kept = set(rw.kept(s))
    edits = _verb_said_negatively(ctx.analysis, s, kept) or _word_said_negatively(ctx.analysis, s, kept)
    if not edits or (made := claim_text(ctx.analysis, s, edits, rw)) is None:
        return []
    why = explain.supported(ctx.analysis, s, rw.kept(s), rw.replace, lead="The article says it another way:")
    rewrites = [*rw.notes, "negated-paraphrase"]
    return [verdict(ctx, s, made[0], why, flags, rewrites, rule="verdict-supported", base=made[0])]


def _verb_said_negatively(analysis: Analysis, s: Sentence, kept: set[int]) -> dict[int, str | None]:
    """Edits turning the main verb into the negation of its opposite ("acknowledged" -> "did not deny"), or {}."""
    toks = s.tokens
    if (cl := clause(s)) is None or cl.verb not in kept or cl.verb + 1 >= len(toks) - 1:
        return {}
    if any(toks[k].lower != "also" for k in range(*cl.adv)):
        return {}
    verb, nxt = toks[cl.verb], toks[cl.verb + 1].lower
    if verb.lower in NOT_OPPOSITE_VERBS and nxt not in ("to", "by") and not analysis.quoted(verb.start, verb.end):
        new = NOT_OPPOSITE_VERBS[verb.lower]  # "acknowledged the responsibility"
    elif verb.lower in NEEDS_TO and nxt == "to":
        new = NEEDS_TO[verb.lower]
    else:
        return {}
    return {cl.verb: new, **dict.fromkeys(range(*cl.adv))}  # only "also" is left there


def _word_said_negatively(analysis: Analysis, s: Sentence, kept: set[int]) -> dict[int, str | None]:
    """Edits saying the first fitting word through the negation of its opposite ("unafraid" -> "not afraid"), or {}."""
    toks = s.tokens
    for k, tok in enumerate(toks[:-1]):
        if k not in kept or analysis.quoted(tok.start, tok.end) or not tok.text.islower():
            continue
        prev = toks[k - 1].lower if k else ""
        low, nxt = tok.lower, toks[k + 1]
        if low in UN_WORDS and (prev in _BE or prev.endswith("'s") and prev not in ("it's", "that's")):
            return {k: f"not {UN_WORDS[low]}"}
        if low in NOT_OPPOSITE_ADJECTIVES and prev in _BE and nxt.text in (".", ",", "and", "but"):
            return {k: f"not {NOT_OPPOSITE_ADJECTIVES[low]}"}  # "are small." -> "are not large."
        if low == "voted" and nxt.lower == "against":
            return {k: "did not vote", k + 1: "for"}
        if low == "failed" and nxt.lower == "to" and k + 2 < len(toks) and toks[k + 2].text.islower():
            return {k: "did not", k + 1: None}
    return {}
