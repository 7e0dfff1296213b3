"""Claims: verdicts (supported, refuted by one change, not in the source), evidence and source items.

Every verdict claim on a sentence is written with the same light paraphrase (see ``paraphrase``), so a
true claim and a false one made from it look alike: the false one differs in exactly one span (a value
swapped, a word turned into its opposite, the verb negated or a negation removed). True claims with a
"not" in them (a source that is negative, "voted against" -> "did not vote for", "unafraid" -> "not
afraid") keep negation from marking a claim as false; the ranking keeps the kept set balanced.
"""

from __future__ import annotations

from . import explain
from .checks import Retriever, absent
from .clauses import Clause, base_form, clause, verb_kind
from .distractors import contains, pick
from .entities import render
from .explain import quoted_words
from .lexicon import ADVERBS, IRREGULAR_PARTICIPLES, NEGATIONS, ROLE_NOUNS, SPEECH_VERBS, STOPWORDS
from .make import TAGS, Context, context_flags, draft, says, tidy
from .model import Analysis, Draft, Sentence
from .paraphrase import REPORTED_FLAG, Rewrite, gender_of, paraphrase, reported, speech_of
from .sentences import join

# People are not swapped: "after John Kerry stepped down" is not contradicted by an article about Biden, only
# absent from it, so the honest answer would be not-in-source. Numbers, dates and places contradict.
SWAPPABLE = ("number", "year", "date", "ordinal", "district", "place")
NAME_KINDS = ("person", "place", "org")
_UNNEGATE = {
    "isn't": "is",
    "aren't": "are",
    "wasn't": "was",
    "weren't": "were",
    "hasn't": "has",
    "haven't": "have",
    "hadn't": "had",
    "doesn't": "does",
    "don't": "do",
    "didn't": "did",
    "won't": "will",
    "can't": "can",
    "couldn't": "could",
    "wouldn't": "would",
    "shouldn't": "should",
    "cannot": "can",
}
REPORTING = {"reported", "reports", "revealed", "reveals"}
OBJECT_STARTS = {"the", "a", "an"}  # "acknowledged the responsibility": not speech but a stance
_HAVE = {"has": "does not have", "have": "do not have", "had": "did not have"}
RELATED = 0.4  # share of a claim's words another article must use for the claim to be a fair test
NAME_SWAP_FLAG = "a name was swapped: check the article rules it out (otherwise the answer is not-in-source)"


def claimable(analysis: Analysis, s: Sentence) -> bool:
    """Plain reporting sentences of a readable length with little quoted speech."""
    if s.kind != "prose" or not 7 <= len(s.tokens) <= 48:
        return False
    quoted = sum(1 for t in s.tokens if analysis.quoted(t.start, t.end))
    return quoted <= 0.25 * len(s.tokens) and s.tokens[-1].text in (".", "!")


def claim_text(
    analysis: Analysis, s: Sentence, replace=None, rw: Rewrite | None = None
) -> tuple[str, list[str]] | None:
    """The sentence as a stand-alone claim (the paraphrase ``rw``, then ``replace``), or None when a
    pronoun stays unresolved."""
    merged = {**_full_names(analysis, s), **(rw.replace if rw else {}), **(replace or {})}
    text, flags = render(analysis, s, replace=merged)
    if any("unresolved" in f for f in flags):
        return None
    return text, flags


def _full_names(analysis: Analysis, s: Sentence) -> dict[int, str]:
    """A claim stands alone: "Fenwick said ..." -> "Luke Fenwick said ..." (the first time in the sentence)."""
    main = analysis.main.name if analysis.main else None
    out: dict[int, str] = {}
    seen: set[str] = set()
    for c in analysis.in_sentence(s.index):
        if c.kind != "person" or c.value == main or c.value in seen:
            continue
        seen.add(c.value)
        if c.last - c.first == 1 and c.text != c.value and c.text == c.value.split()[-1]:
            tok = s.tokens[c.first]
            out[c.first] = c.value + tok.text[len(c.text) :]
    return out


def salient(analysis: Analysis, s: Sentence) -> list[str]:
    """The specific values a claim turns on (numbers, dates, people but the main one, places); not
    organisations, whose names are too often said another way ("Congress" for "the Senate")."""
    main = analysis.main.name if analysis.main else None
    return [
        tidy(c.text)
        for c in analysis.in_sentence(s.index)
        if c.value != main and c.kind != "org" and not (c.kind == "place" and c.unit == "place")
    ]


def standfirst(analysis: Analysis, s: Sentence) -> bool:
    """Whether ``s`` is the article's opening summary: the only sentence of its first paragraph of text."""
    key = "standfirst"
    if key not in analysis.memo:
        found = None
        for t in analysis.sentences:
            if t.kind in ("caption", "attribution", "duplicate"):
                continue
            same = [u for u in analysis.sentences if u.paragraph == t.paragraph and u.kind != "caption"]
            paragraphs = len({u.paragraph for u in analysis.sentences})
            found = t.index if len(same) == 1 and paragraphs > 3 else None
            break
        analysis.memo[key] = found
    return analysis.memo[key] == s.index


def verdict_drafts(ctx: Context) -> list[Draft]:
    """Supported, refuted (one swapped value or word, or negation) and not-in-source verdict claims."""
    if not ctx.wants("verdict"):
        return []
    out: list[Draft] = []
    analysis = ctx.analysis
    for s in analysis.sentences:
        if claimable(analysis, s):
            out.extend(_sentence_verdicts(ctx, s))
        if s.kind == "prose" and s.tokens and s.tokens[-1].text in (".", "!"):
            out.extend(_aside_verdicts(ctx, s))
    out.extend(_speech_verdicts(ctx))
    out.extend(_not_in_source(ctx))
    return out


def _sentence_verdicts(ctx: Context, s: Sentence) -> list[Draft]:
    out: list[Draft] = []
    analysis, body = ctx.analysis, ctx.article.body
    rw = paraphrase(analysis, s)
    made = claim_text(analysis, s, rw=rw)
    if made is None:
        return out
    base, flags = made
    flags = [*flags, *context_flags(ctx, s, shown=base)]
    source = [ctx.sentence_source(s)]
    kept = rw.kept(s)
    notes = [*rw.notes, *(["full-name"] if any(k in kept for k in _full_names(analysis, s)) else [])]
    described = _described_subject(s, kept)
    if described:
        flags.append(f"the claim names no one ('{described}'): say who, or players must guess from the article")
    common = dict(sentence=s.index, base=base)
    opening_line = standfirst(analysis, s)
    if not opening_line:  # the summary under the headline is the least checked line: not a "true" item
        d = draft(
            ctx,
            "verdict",
            "verdict-supported",
            {"claim": base, "answer": "supported"},
            explain.supported(analysis, s, kept, rw.replace),
            source,
            skill="read-closely",
            difficulty="easy" if not rw.changed else "medium",
            review=flags,
            tags=["verdicts"],
            **common,
        )
        d.rewrites = list(notes)
        out.append(d)
        out.extend(_negative_paraphrases(ctx, s, rw, flags, source))
    for c in analysis.in_sentence(s.index):
        if c.kind not in SWAPPABLE or (analysis.main and c.value == analysis.main.name):
            continue
        if c.kind == "place" and c.unit not in ("city", "state", "country"):
            continue
        if any(k not in kept for k in range(c.first, c.last)):
            continue
        new = next(iter(pick(ctx, c, body, want=1)), None)
        if not new:
            continue
        ending = s.tokens[c.last - 1].text[len(c.text.split()[-1]) :] if c.kind in NAME_KINDS else ""
        replace = {k: None for k in range(c.first, c.last)}
        replace[c.first] = new + ending
        swapped = claim_text(analysis, s, replace, rw)
        if swapped is None:
            continue
        review = flags + ([NAME_SWAP_FLAG] if c.kind in NAME_KINDS else [])
        d = draft(
            ctx,
            "verdict",
            "verdict-swap",
            {"claim": swapped[0], "answer": "refuted"},
            explain.says_fact(analysis, s, explain.phrase(s, c), rw.replace, tail=f", not {new}"),
            source,
            skill="spot-the-error",
            difficulty="medium",
            review=review,
            kind=c.kind,
            answer_spans=[(c.start, c.end, c.text)],
            tags=["verdicts", TAGS.get(c.kind, c.kind)],
            **common,
        )
        d.new_value = new
        d.rewrites = list(notes)
        out.append(d)
    out.extend(_opposites(ctx, s, rw, flags, source, common))
    negated = _negate(ctx, s, rw)
    if negated:
        claim, was_negative = negated
        d = draft(
            ctx,
            "verdict",
            "verdict-negation",
            {"claim": claim, "answer": "refuted"},
            explain.supported(analysis, s, kept, rw.replace, lead="The article says the opposite:"),
            source,
            skill="spot-the-error",
            difficulty="medium" if not was_negative else "hard",
            review=flags,
            tags=["verdicts"],
            **common,
        )
        d.rewrites = list(notes)
        out.append(d)
    return out


def _aside_verdicts(ctx: Context, s: Sentence) -> list[Draft]:
    """Claims about a person from the aside that describes them: "Charmed star Alyssa Milano, who
    popularised the #MeToo movement with a tweet, says ..." -> "Alyssa Milano popularised the #MeToo
    movement with a tweet." (supported), or with its verb negated or one value changed (refuted)."""
    analysis, body, toks = ctx.analysis, ctx.article.body, s.tokens
    out: list[Draft] = []
    last = len(toks) - 1
    for c in analysis.in_sentence(s.index):
        k = c.last
        if c.kind != "person" or k + 2 >= last or toks[k].text != "," or toks[k + 1].lower != "who":
            continue
        close = next((j for j in range(k + 2, last) if toks[j].text in (",", ";")), last)
        verb = k + 2
        while verb < close and toks[verb].text.islower() and toks[verb].lower in ADVERBS:
            verb += 1
        kind = _finite(toks[verb]) if verb < close else None
        if kind is None or not 3 <= close - (k + 2) <= 25 or any(t.text in '"\u201c\u201d' for t in toks[k:close]):
            continue
        if analysis.quoted(toks[k + 2].start, toks[close - 1].end):
            continue
        keep = set(range(c.first, c.last)) | set(range(k + 2, close)) | {last}
        rw = Rewrite({j: None for j in range(len(toks)) if j not in keep}, ["aside-fact"])
        made = claim_text(analysis, s, rw=rw)
        if made is None or len(made[0].split()) < 5:
            continue
        base, flags = made
        flags = [*flags, *context_flags(ctx, s, shown=base)]
        source = [ctx.sentence_source(s)]
        common = dict(sentence=s.index, base=base)
        described = explain.quoted_words(join(toks[c.first : close]), 30)
        if not standfirst(analysis, s):
            d = draft(
                ctx,
                "verdict",
                "verdict-supported",
                {"claim": base, "answer": "supported"},
                f"The article describes {c.value} as {described}.",
                source,
                skill="read-closely",
                difficulty="medium",
                review=flags,
                tags=["verdicts"],
                **common,
            )
            d.rewrites, d.view = list(rw.notes), "who"
            out.append(d)
        cl = Clause(None, (c.first, c.last), (k + 2, verb), verb, kind)
        negated = _negate(ctx, s, rw, cl)
        if negated:
            claim, was_negative = negated
            d = draft(
                ctx,
                "verdict",
                "verdict-negation",
                {"claim": claim, "answer": "refuted"},
                f"The article says the opposite; it describes {c.value} as {described}.",
                source,
                skill="spot-the-error",
                difficulty="medium" if not was_negative else "hard",
                review=flags,
                tags=["verdicts"],
                **common,
            )
            d.rewrites, d.view = list(rw.notes), "who"
            out.append(d)
        for x in analysis.in_sentence(s.index):
            if x.kind not in SWAPPABLE or not k + 2 <= x.first < x.last <= close:
                continue
            if x.kind == "place" and x.unit not in ("city", "state", "country"):
                continue
            new = next(iter(pick(ctx, x, body, want=1)), None)
            if not new:
                continue
            replace = {j: None for j in range(x.first, x.last)}
            replace[x.first] = new
            swapped = claim_text(analysis, s, replace, rw)
            if swapped is None:
                continue
            d = draft(
                ctx,
                "verdict",
                "verdict-swap",
                {"claim": swapped[0], "answer": "refuted"},
                explain.says_fact(analysis, s, explain.phrase(s, x), rw.replace, tail=f", not {new}"),
                source,
                skill="spot-the-error",
                difficulty="medium",
                review=flags,
                kind=x.kind,
                answer_spans=[(x.start, x.end, x.text)],
                tags=["verdicts", TAGS.get(x.kind, x.kind)],
                **common,
            )
            d.new_value, d.rewrites, d.view = new, list(rw.notes), "who"
            out.append(d)
    return out


def _finite(tok) -> str | None:
    """``verb_kind``, and any other -s form ("who chairs the committee")."""
    kind = verb_kind(tok)
    low = tok.lower
    if kind is None and tok.text.islower() and low.endswith("s") and not low.endswith(("ss", "us")) and len(low) > 3:
        return "present"
    return kind


def _described_subject(s: Sentence, kept: list[int]) -> str:
    """ "The actress-turned-activist" when a claim's subject is a description instead of a name."""
    toks = s.tokens
    if len(kept) < 2 or toks[kept[0]].text != "The":
        return ""
    word = toks[kept[1]]
    if word.text.islower() and any(part in ROLE_NOUNS for part in word.lower.split("-")):
        return f"The {word.text}"
    return ""


# One word turned into its opposite makes a refuted claim without a "not" in it. Only words whose
# opposite the sentence itself rules out: "before Hillary Clinton was chosen" is not "after".
OPPOSITES = {
    "before": "after",
    "after": "before",
    "less": "more",
    "fewer": "more",
    "largest": "smallest",
    "smallest": "largest",
    "biggest": "smallest",
    "highest": "lowest",
    "lowest": "highest",
    "longest": "shortest",
    "shortest": "longest",
    "oldest": "youngest",
    "youngest": "oldest",
    "older": "younger",
    "younger": "older",
    "earliest": "latest",
    "liberal": "conservative",
    "conservative": "liberal",
    "unafraid": "afraid",
    "unpopular": "popular",
    "popular": "unpopular",
    "unknown": "known",
    "necessary": "unnecessary",
    "unnecessary": "necessary",
    "likely": "unlikely",
    "unlikely": "likely",
    "possible": "impossible",
    "impossible": "possible",
    "small": "large",
    "smaller": "larger",
    "larger": "smaller",
    "early": "late",
    "late": "early",
    "inside": "outside",
    "outside": "inside",
    "southern": "northern",
    "northern": "southern",
    "eastern": "western",
    "western": "eastern",
    "rise": "fall",
    "rose": "fell",
    "fell": "rose",
    "increased": "decreased",
    "decreased": "increased",
    "oppose": "support",
    "opposed": "supported",
    "won": "lost",
    "lost": "won",
    "difficult": "easy",
    "opened": "closed",
    "closed": "opened",
    "began": "ended",
    "ended": "began",
}
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


def _opposites(ctx: Context, s: Sentence, rw: Rewrite, flags, source, common) -> list[Draft]:
    analysis, body = ctx.analysis, ctx.article.body
    toks = s.tokens
    kept = set(rw.kept(s))
    spans = [(c.first, c.last) for c in analysis.in_sentence(s.index)]
    out: list[Draft] = []
    for k, tok in enumerate(toks[:-1]):
        if k not in kept or analysis.quoted(tok.start, tok.end) or any(a <= k < b for a, b in spans):
            continue
        new = _opposite(toks, k)
        if new is None:
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


UN_WORDS = {
    "unafraid": "afraid",
    "unable": "able",
    "unlikely": "likely",
    "unaware": "aware",
    "unclear": "clear",
    "unwilling": "willing",
    "unsure": "sure",
    "unhappy": "happy",
    "unnecessary": "necessary",
    "impossible": "possible",
}
_BE = {"is", "are", "was", "were", "be", "been", "being", "remains", "remained", "seems", "seemed"}
# A verb or a predicative adjective said through the negation of its opposite: true, with a "not" in it.
NOT_OPPOSITE_VERBS = {
    "acknowledged": "did not deny",
    "acknowledges": "does not deny",
    "admitted": "did not deny",
    "admits": "does not deny",
    "approved": "did not reject",
    "approves": "does not reject",
    "accepted": "did not reject",
    "accepts": "does not reject",
    "rejected": "did not accept",
    "rejects": "does not accept",
    "supported": "did not oppose",
    "supports": "does not oppose",
    "opposed": "did not support",
    "opposes": "does not support",
    "lost": "did not win",
    "stayed": "did not leave",
}
NEEDS_TO = {"refused": "did not agree", "refuses": "does not agree", "declined": "did not agree"}
NOT_OPPOSITE_ADJECTIVES = {
    "small": "large",
    "large": "small",
    "difficult": "easy",
    "easy": "difficult",
    "rare": "common",
    "common": "rare",
    "closed": "open",
    "safe": "dangerous",
    "dangerous": "safe",
    "cheap": "expensive",
    "expensive": "cheap",
    "legal": "illegal",
    "illegal": "legal",
    "private": "public",
    "public": "private",
    "present": "absent",
    "absent": "present",
    "alive": "dead",
    "empty": "full",
    "full": "empty",
}


def _negative_paraphrases(ctx: Context, s: Sentence, rw: Rewrite, flags, source) -> list[Draft]:
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


def _speech_verdicts(ctx: Context) -> list[Draft]:
    """Claims in reported speech from short first-person quotes: "Alyssa Milano told Bustle she went to every
    single swing state ..." (supported), or with one value in it changed (refuted)."""
    out: list[Draft] = []
    analysis, body = ctx.analysis, ctx.article.body
    for q in analysis.quotes:
        if q.speaker is None:
            continue
        s = analysis.sentences[q.sentence]
        sp = speech_of(analysis, s, q, gender_of(analysis, q.speaker))
        if sp is None:
            continue
        made = reported(analysis, s, sp)
        if made is None:
            continue
        base, agreed = made
        flags = [REPORTED_FLAG, *context_flags(ctx, s, shown=base)]
        source = [ctx.sentence_source(s)]
        words = quoted_words(join(s.tokens[sp.first : sp.end]), 24)
        who = sp.speaker
        d = draft(
            ctx,
            "verdict",
            "verdict-supported",
            {"claim": base, "answer": "supported"},
            f"The article quotes {who} directly: {words}.",
            source,
            skill="read-closely",
            difficulty="medium",
            review=flags,
            tags=["verdicts", "quotes"],
            sentence=s.index,
            base=base,
        )
        d.rewrites = ["reported-speech"]
        out.append(d)
        for c in analysis.in_sentence(s.index):
            if c.kind not in SWAPPABLE or not sp.first <= c.first < c.last <= sp.end:
                continue
            new = next(iter(pick(ctx, c, body, want=1)), None)
            if not new:
                continue
            replace = {k: None for k in range(c.first, c.last)}
            replace[c.first] = new
            swapped = reported(analysis, s, sp, replace)
            if swapped is None:
                continue
            d = draft(
                ctx,
                "verdict",
                "verdict-swap",
                {"claim": swapped[0], "answer": "refuted"},
                f"The article quotes {who} saying {explain.window(analysis, s, (c.first, c.last))}, not {new}.",
                source,
                skill="spot-the-error",
                difficulty="medium",
                review=flags,
                kind=c.kind,
                answer_spans=[(c.start, c.end, c.text)],
                tags=["verdicts", "quotes", TAGS.get(c.kind, c.kind)],
                sentence=s.index,
                base=base,
            )
            d.new_value = new
            d.rewrites = ["reported-speech"]
            out.append(d)
    return out


def _negate(ctx: Context, s: Sentence, rw: Rewrite | None = None, cl: Clause | None = None) -> tuple[str, bool] | None:
    """The claim with its main verb negated (or its negation removed); and whether the source was negative."""
    cl = cl or clause(s)
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


def _not_in_source(ctx: Context) -> list[Draft]:
    """Claims taken from the other articles and checked absent from this one."""
    out: list[Draft] = []
    retriever: Retriever = ctx.retriever
    mine = ctx.analysis
    body = mine.article.body
    for other in ctx.corpus:
        found = []
        for s in other.sentences:
            if not claimable(other, s):
                continue
            made = claim_text(other, s, rw=paraphrase(other, s))
            values = salient(other, s)
            if made is None or not values or context_flags(_Shim(other), s, shown=made[0]):
                continue
            claim = made[0]
            share, common = retriever.share(claim)
            if share < RELATED or common < 2:
                continue  # a claim on another subject would be too easy to call not-in-source
            ok, why = absent(claim, values, mine, retriever)
            closest = retriever.best(claim)
            if closest is None:
                continue
            relevance = retriever.scores(claim)[closest]
            missing = next((v for v in values if not contains(body, v)), values[0])
            found.append((not ok, -relevance, s.index, claim, closest, ok, why, missing))
        # the four most related claims that are absent, and up to two that the check rejects (reported, dropped)
        kept = [f for f in sorted(found) if f[5]][:4] + [f for f in sorted(found) if not f[5]][:2]
        for _failed, minus, _index, claim, closest, ok, why, missing in kept:
            relevance = -minus
            near = mine.sentences[closest]
            d = draft(
                ctx,
                "verdict",
                "verdict-not-in-source",
                {"claim": claim, "answer": "not-in-source"},
                explain.not_in_source(missing, other.article.title),
                [ctx.sentence_source(near)],
                skill="not-in-source",
                difficulty="hard",
                sentence=near.index,
                tags=["verdicts"],
                review=[],
            )
            d.checks["not-in-article"] = ok
            d.check_notes["not-in-article"] = why
            d.score += min(relevance, 10.0) / 10.0
            out.append(d)
    return out


class _Shim:
    """Just enough of a Context for context_flags on another article."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.article = analysis.article


def evidence_drafts(ctx: Context) -> list[Draft]:
    """ "Which sentence shows that...?" items: a shortened claim whose gold sentence is its source."""
    if not ctx.wants("evidence"):
        return []
    out: list[Draft] = []
    analysis = ctx.analysis
    has_facts = {c.sentence for c in analysis.candidates}
    for s in analysis.sentences:
        if not claimable(analysis, s) or s.index not in has_facts:
            continue
        replace = _trim(s)
        made = claim_text(analysis, s, replace)
        if made is None:
            continue
        claim, flags = made
        full = claim_text(analysis, s)
        review = [*flags, *context_flags(ctx, s, shown=claim)]
        if full is None or claim == full[0] or len(claim.split()) < 6:
            continue  # a claim that repeats its sentence is a matching exercise, not evidence-finding
        kept = [k for k in range(len(s.tokens)) if replace.get(k, "") is not None]
        out.append(
            draft(
                ctx,
                "evidence",
                "evidence",
                {"claim": claim},
                explain.supported(analysis, s, kept, replace, lead="This sentence says it:"),
                [ctx.sentence_source(s)],
                skill="find-the-evidence",
                sentence=s.index,
                review=review,
                tags=["evidence"],
                difficulty="medium",
            )
        )
    return out


def _trim(s: Sentence) -> dict[int, str | None]:
    """Token deletions that shorten a sentence to its core: fronted phrase, parentheses, trailing -ing clause."""
    toks = s.tokens
    drop: dict[int, str | None] = {}
    cl = clause(s)
    if cl and cl.front and not any(t.text[:1].isdigit() for t in toks[cl.front[0] : cl.front[1]]):
        drop.update({k: None for k in range(cl.front[0], cl.front[1])})
    depth = 0
    for k, t in enumerate(toks):
        if t.text == "(":
            depth += 1
        if depth:
            drop[k] = None
        if t.text == ")" and depth:
            depth -= 1
    for k in range(len(toks) - 2, 0, -1):
        if toks[k].text == "," and toks[k + 1].text.islower() and toks[k + 1].lower.endswith("ing") and k > 6:
            drop.update({j: None for j in range(k, len(toks) - 1)})
            break
    return drop


def source_drafts(ctx: Context) -> list[Draft]:
    """ "Which article reports this?" items for claims only this article makes (needs 2+ articles in the bank)."""
    others = [a for a in ctx.corpus if a.article.id in ctx.bank_articles]
    if not ctx.wants("source") or not others or ctx.article.id not in ctx.bank_articles:
        return []
    out: list[Draft] = []
    analysis = ctx.analysis
    retrievers = [(a, ctx.retrievers[a.article.id]) for a in others]
    choices = sorted([ctx.article.id, *[a.article.id for a in others]])[:6]
    if ctx.article.id not in choices:
        return []
    for s in analysis.sentences:
        values = salient(analysis, s)
        if not claimable(analysis, s) or not values:
            continue
        rw = paraphrase(analysis, s)
        made = claim_text(analysis, s, rw=rw)
        if made is None or context_flags(ctx, s, shown=made[0]):
            continue
        claim = made[0]
        if not any(r.share(claim)[0] >= RELATED for _a, r in retrievers):
            continue  # no other article is about this: the answer would be obvious
        if not all(absent(claim, values, a, r)[0] for a, r in retrievers):
            continue
        said = explain.supported(analysis, s, rw.kept(s), rw.replace, lead="it says")
        out.append(
            draft(
                ctx,
                "source",
                "source-only-here",
                {"prompt": f"Which article reports this? {says(claim)}", "answer": ctx.article.id, "choices": choices},
                f"Only {says(ctx.article.title)} reports it: {said}",
                [ctx.sentence_source(s)],
                skill="compare-sources",
                sentence=s.index,
                difficulty="hard",
                query=claim,
                tags=["compare"],
                review=made[1],
            )
        )
    return out
