"""Ranking drafts so the best come first, with variety of rules, types, sentences and verdicts."""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter

from .checks import overlap
from .flags import has
from .lexicon import NEGATIONS, STOPWORDS
from .model import Analysis, Draft
from .registry import rule
from .targets import centrality

KIND_BONUS = {"number": 0.5, "year": 0.5, "date": 0.5, "district": 0.5, "ordinal": 0.2, "person": 0.2}
CENTRALITY = 1.5  # a central fact outranks an aside of the same rule
# Kinds whose answer names its fact: one day asked from two sentences (a post and the story's account) is one fact
# asked twice; a number or year can be two ("4,000 cars", "4,000 homes"): deferring those cost the evaluation 2 drafts.
SAME_FACT_KINDS = ("date",)
GREEDY = 150  # drafts chosen with variety penalties; the rest follow in score order (keeps this linear)
MIN_KINDS = 5  # a top N shows at least this many kinds of question where its drafts allow
# How far apart true and false claims may grow when only that puts a new fact in the top N: on the evaluation's wire
# story, new sentences had only true claims and strict turns left 4 of 10 drafts on one (LOOSE 1: 6 facts, 2: 7, 3: 8).
LOOSE = 3
_NEG = re.compile(r"n't\b|\b(" + "|".join(sorted(NEGATIONS)) + r")\b", re.I)


def negative(text: str) -> bool:
    """Whether a claim contains a negation."""
    return bool(_NEG.search(text.replace("\u2019", "'")))


def score(d: Draft, analysis: Analysis) -> float:
    """How good a draft looks before it is compared with the others."""
    total = d.score + rule(d.rule).prior + KIND_BONUS.get(d.kind, 0.0) - 0.45 * len(d.review)
    if has(d.review, "relative-date"):
        total -= 0.8  # needs the article's date to make sense
    if d.judges_claim and d.fields.get("answer") == "supported":
        total += 0.4 if d.rewrites else -0.3  # a claim copied word for word is a matching exercise
        if negative(d.text):
            total += 0.5  # a true claim with a "not" in it: negation alone must not mean "false"
    total -= max(0, len(d.text.split()) - 28) * 0.06
    if analysis.sentences and d.sentence >= 0:
        total += 0.6 * (1 - d.sentence / len(analysis.sentences))
        total += CENTRALITY * centrality(analysis, d.sentence)  # headline and lead overlap, names' salience
    total += {"choice": 0.25, "number": 0.2, "verdict": 0.1}.get(d.type, 0.0)
    return round(total, 6)


def group_key(d: Draft) -> tuple:
    """Drafts asking the same thing share a key; only one of them is kept."""
    if d.rule == "who-said-it":  # it shows the sentence as the article's words: a claim on it is given away
        return ("verdict", d.sentence, "")
    if d.verdict in ("supported", "refuted"):  # a verdict and a true-or-false on one claim: one of the two
        return ("verdict", d.sentence, d.view)
    if d.answer_spans and d.phrase_answer:
        return ("answer", d.answer_spans[0][0])
    return (d.rule, d.text)


def _repeats_fact(d: Draft, facts: dict[str, list[str]]) -> bool:
    """The same answer from a sentence that says the same thing (a quoted post and its repeat)."""
    if not d.kind or not d.phrase_answer or not d.sources:
        return False
    quote = d.sources[0].quote
    return any(overlap(quote, seen) >= 0.6 or overlap(seen, quote) >= 0.6 for seen in facts.get(_answer_key(d), ()))


class _Chosen:
    """What the drafts chosen so far cover: their groups, claims, facts, sentences, types, rules and verdicts."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.groups: set[tuple] = set()
        self.claims: set[str] = set()
        self.facts: dict[str, list[str]] = {}  # answer -> source sentences already asked about
        self.days: set[str] = set()  # the days asked about (SAME_FACT_KINDS)
        self.fact_of = SentenceFacts()
        self.on_sentence: dict[int, list[Draft]] = {}
        self.values: set[int] = set()  # where the values asked about (or swapped in a claim) start
        self.per_type: Counter[str] = Counter()
        self.per_rule: Counter[str] = Counter()
        self.per_answer: Counter[str] = Counter()
        self.verdicts = {"supported": 0, "refuted": 0, "not-in-source": 0}
        self.negatives = {"refuted": 0, "other": 0}

    def covered(self, d: Draft, any_rule_twice: bool = False) -> bool:
        """Whether ``d`` asks what a chosen draft asks: its group, fact or claim, or a giveaway on its sentence;
        or the same rule again on a near-copy of a sentence (on any sentence with ``any_rule_twice``)."""
        if group_key(d) in self.groups or _repeats_fact(d, self.facts):
            return True
        if d.answer_spans and d.answer_spans[0][0] in self.values:
            return True  # "wounding _____" and "... wounding 480" (for 238) ask the same value
        sentence = self.fact_of(d)
        here = self.on_sentence.get(sentence, ())
        if any(reveals(c, d) or reveals(d, c) for c in here):
            return True  # a claim on a sentence and a blank in its words: the claim gives the blank away
        if (any_rule_twice or sentence != d.sentence) and any(c.rule == d.rule for c in here):
            return True
        return _claim_of(d) in self.claims  # the same words as a verdict and as an evidence item

    def negation_allowed(self, d: Draft) -> bool:
        """A claim with a "not" in it may be refuted only as often as one is not (negation is no sign of false)."""
        return d.verdict != "refuted" or not negative(d.text) or self.negatives["refuted"] < self.negatives["other"]

    def adjusted(self, d: Draft) -> float:
        """``d``'s score less what it repeats of the chosen drafts' sentences, types, rules, answers, verdicts."""
        value = d.score - 0.9 * len(self.on_sentence.get(self.fact_of(d), ())) - 0.3 * self.per_type[d.type]
        value -= 0.35 * self.per_rule[d.rule]
        value -= 0.8 * self.per_answer[_answer_key(d)]  # 0 for a draft without a phrase answer
        if d.verdict:
            value -= 0.4 * self.verdicts[d.verdict]
        return value

    def add(self, d: Draft, day: str = "") -> None:
        """Choose ``d`` (which asks about ``day``, if any)."""
        self.drafts.append(d)
        self.groups.add(group_key(d))
        if d.answer_spans:
            self.values.add(d.answer_spans[0][0])
        if claim := _claim_of(d):
            self.claims.add(claim)
        if d.kind and d.phrase_answer:
            self.facts.setdefault(_answer_key(d), []).append(d.sources[0].quote)
        if d.phrase_answer:
            self.per_answer[_answer_key(d)] += 1
        self.on_sentence.setdefault(self.fact_of(d), []).append(d)
        if day:
            self.days.add(day)
        self.per_type[d.type] += 1
        self.per_rule[d.rule] += 1
        if d.verdict:
            self.verdicts[d.verdict] += 1
            if negative(d.text):
                self.negatives["refuted" if d.verdict == "refuted" else "other"] += 1


def _day(d: Draft) -> str:
    """The day a date answer names, with or without its year (not so a month); "" for other answers."""
    return re.sub(r"^(date:[a-z]+\.? \d{1,2}),? \d{4}$", r"\1", _answer_key(d)) if d.kind in SAME_FACT_KINDS else ""


def select(drafts: list[Draft], limit: int | None) -> list[Draft]:
    """Greedy best-first choice with penalties for repetition; negation never gives a verdict away. A sentence
    (or a near-copy of it) and a day are asked about once before any is asked about again; when only verdicts
    waiting for their turn are left on new sentences, true and false claims may be 1 + LOOSE apart. A top N is
    then filled to N with what those rules passed over, never a draft that repeats or gives away one chosen."""
    heap = [(-d.score, k) for k, d in enumerate(drafts)]
    heapq.heapify(heap)
    chosen = _Chosen()
    deferred: list[int] = []  # negated refuted claims, until a negated claim is not refuted
    waiting: dict[str, list[tuple[float, int]]] = {answer: [] for answer in chosen.verdicts}
    second: list[tuple[float, int]] = []  # drafts on a sentence already asked about, for a second round
    relaxed = limit is None
    loose = False  # true and false claims in looser balance, for verdicts on sentences not yet asked about
    while (heap or second) and (limit is None or len(chosen.drafts) < limit):
        if not heap and not relaxed and not loose and any(waiting.values()):
            loose = True  # verdicts on sentences not yet asked about come before second questions
            for queue in waiting.values():
                heap.extend(queue)
                queue.clear()
            heapq.heapify(heap)
        if not heap:  # every sentence has its question: the best second questions follow
            heap, second, relaxed, loose = second, [], True, False
            heapq.heapify(heap)
        _neg, k = heapq.heappop(heap)
        d = drafts[k]
        if chosen.covered(d):
            continue
        sentence, day = chosen.fact_of(d), _day(d)
        if not relaxed and ((sentence >= 0 and chosen.on_sentence.get(sentence)) or (day and day in chosen.days)):
            second.append((_neg, k))  # one question per fact in the top N first: per sentence, per day
            continue
        value = chosen.adjusted(d) if len(chosen.drafts) < GREEDY else -_neg  # past the top few, plain score order
        if heap and value < -heap[0][0] - 1e-9:
            heapq.heappush(heap, (-value, k))
            continue
        if not chosen.negation_allowed(d):
            deferred.append(k)
            continue
        if d.verdict and not balanced(d.verdict, chosen.verdicts, loose):
            heapq.heappush(waiting[d.verdict], (_neg, k))  # true and false claims take turns
            continue
        chosen.add(d, day)
        if d.verdict:
            for answer, queue in waiting.items():
                if queue and balanced(answer, chosen.verdicts):  # its turn again: the best one waiting comes back
                    heapq.heappush(heap, heapq.heappop(queue))
            if d.verdict != "refuted" and negative(d.text):
                for j in deferred:
                    heapq.heappush(heap, (-drafts[j].score, j))
                deferred = []
    picked = {id(d) for d in chosen.drafts}
    rest = sorted((d for d in drafts if id(d) not in picked), key=lambda d: -d.score)
    if limit is None:  # "all": the ones the variety rules passed over follow, best first
        return chosen.drafts + rest
    for d in rest:  # the top N filled up with them, with no draft that repeats or gives away one chosen
        if len(chosen.drafts) >= limit:
            break
        if chosen.covered(d, any_rule_twice=True) or not chosen.negation_allowed(d):
            continue
        if not d.verdict or balanced(d.verdict, chosen.verdicts, loose=True):
            chosen.add(d)
    return more_kinds(chosen.drafts, rest)


def more_kinds(top: list[Draft], rest: list[Draft]) -> list[Draft]:
    """``top`` with, while it shows fewer than MIN_KINDS kinds, its lowest-scored drafts (never a kind's last) asked
    as their twins of a kind not shown (a verdict for a true-or-false, a typed blank for a chosen one)."""
    top = list(top)
    for k in sorted(range(len(top)), key=lambda k: top[k].score):
        kinds = Counter(d.type for d in top)
        if len(kinds) >= MIN_KINDS:
            break
        if kinds[top[k].type] > 1:
            top[k] = next((d for d in rest if not kinds[d.type] and twins(top[k], d)), top[k])  # a kind not shown
    return top


def twins(a: Draft, b: Draft) -> bool:
    """Whether ``a`` and ``b`` ask one thing of a sentence two ways: one claim and verdict, or one blank and prompt."""
    if a.sentence != b.sentence or a.rule == "who-said-it" or b.rule == "who-said-it":
        return False
    if a.verdict or b.verdict:
        return a.verdict == b.verdict and _claim_of(a) == _claim_of(b) != ""
    return a.answer_spans == b.answer_spans != [] and a.fields.get("prompt") == b.fields.get("prompt")


def reveals(shown: Draft, asked: Draft) -> bool:
    """Whether ``shown`` gives ``asked`` away: its words (a claim, a quote, another prompt) hold ``asked``'s answer."""
    answer = _answer_of(asked).casefold() if asked.phrase_answer else ""
    return bool(answer) and answer in shown.text.casefold()


class SentenceFacts:
    """The sentence a draft asks about, with a near-copy of an earlier sentence read as that sentence
    ("October is National Magic Month in the United States." and, later, "... in the US.")."""

    def __init__(self) -> None:
        self.alike: dict[int, int] = {}
        self.quotes: dict[int, str] = {}

    def __call__(self, d: Draft) -> int:
        if d.sentence < 0 or not d.sources:
            return d.sentence
        if d.sentence not in self.alike:
            quote = d.sources[0].quote
            same = next((k for k, seen in self.quotes.items() if near_copy(quote, seen)), d.sentence)
            self.alike[d.sentence] = same
            if same == d.sentence:
                self.quotes[d.sentence] = quote
        return self.alike[d.sentence]


def near_copy(a: str, b: str) -> bool:
    """Whether two sentences say the same words but for one or two ("the United States" / "the US"): nearly
    all of one's content words are the other's, and most of the other's are the one's."""
    low, high = sorted((overlap(a, b), overlap(b, a)))
    return high >= 0.9 and low >= 0.6


def balanced(answer: str, verdicts: dict[str, int], loose: bool = False) -> bool:
    """Whether one more ``answer`` keeps supported and refuted within 1 (1 + LOOSE when ``loose``) of each other,
    and not-in-source claims no more frequent than the rarer of the two (one is always allowed)."""
    supported, refuted, absent = verdicts["supported"], verdicts["refuted"], verdicts["not-in-source"]
    slack = LOOSE if loose else 0
    if answer == "supported":
        return supported <= refuted + slack
    if answer == "refuted":
        return refuted <= supported + slack
    return absent < max(1, min(supported, refuted))


def _answer_of(d: Draft) -> str:
    """The answer a phrase question asks for (its first accepted form)."""
    return str(d.fields.get("answer", (d.fields.get("answers") or [""])[0]))


def _claim_of(d: Draft) -> str:
    """The claim a verdict, true-or-false or evidence draft states, folded ("" for other drafts)."""
    return str(d.fields.get("claim") or (d.key_text if d.verdict else "")).casefold()


def _answer_key(d: Draft) -> str:
    return f"{d.kind}:{_answer_of(d).casefold()}" if d.phrase_answer else ""


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII words joined by dashes, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.lower()):
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "item"


def assign_ids(drafts: list[Draft], article_id: str, taken: set[str]) -> None:
    """Stable, readable, unique ids: article, rule and the answer or the claim's first words."""
    for d in drafts:
        if d.phrase_answer:
            tail = slug(_answer_of(d), 24)
            if d.rule in ("who-said-it", "post-date"):
                tail = f"{tail}-{slug(_key_words(d.query, 3), 24)}"
        else:
            tail = slug(_key_words(d.key_text or d.text, 4), 32)
        base = f"{article_id}-{rule(d.rule).code}-{tail}"
        d.id, n = base, 2
        while d.id in taken:
            d.id, n = f"{base}-{n}", n + 1
        taken.add(d.id)


def _key_words(text: str, count: int) -> str:
    words = [w for w in re.findall(r"[A-Za-z0-9]+", text) if w.lower() not in STOPWORDS and len(w) > 1]
    return " ".join(words[:count])
