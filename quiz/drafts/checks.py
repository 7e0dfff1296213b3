"""The built-in checks every draft must pass, and BM25 retrieval over an article's sentences."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from rank_bm25 import BM25Okapi

from ..content.anchor import locate
from ..content.text import fold
from .candidates import DATE_DMY, DATE_MDY, DISTRICT, MONTH_YEAR, ORDINAL, ORDINAL_WORD
from .distractors import contains, same_place
from .gazetteer import PLACE_KIND
from .lexicon import NUMBER_WORDS, STOPWORDS
from .model import Analysis, Draft
from .registry import Check

_MINOR = {"of", "and", "the", "for", "&", "de", "la"}  # words that initials skip ("and" in NASA)


def stem(word: str) -> str:
    """A crude English stem, enough for matching a question to its sentence ("opposed" ~ "oppose")."""
    for ending in ("ing", "ed", "es", "s", "e", "ly"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=4096)
def content_tokens(text: str) -> tuple[str, ...]:
    """Lower-case stemmed words of ``text`` without stop words."""
    words = re.findall(r"[a-z0-9]+", fold(text).casefold().replace("'", ""))
    return tuple(stem(w) for w in words if w not in STOPWORDS and len(w) > 1)


class Retriever:
    """BM25 (rank-bm25's Okapi scoring) over one article's sentences, scored only where terms occur."""

    def __init__(self, analysis: Analysis):
        self.texts = [" ".join(analysis.article.body[s.start : s.end].split()) for s in analysis.sentences]
        bm25 = BM25Okapi([list(content_tokens(t)) or ["\u2205"] for t in self.texts])
        self.postings: dict[str, dict[int, float]] = {}  # word -> {sentence: its BM25 term weight}
        for i, freqs in enumerate(bm25.doc_freqs):
            norm = bm25.k1 * (1 - bm25.b + bm25.b * bm25.doc_len[i] / bm25.avgdl)
            for word, tf in freqs.items():
                self.postings.setdefault(word, {})[i] = (bm25.idf.get(word) or 0.0) * tf * (bm25.k1 + 1) / (tf + norm)

    def scores(self, query: str) -> dict[int, float]:
        """Okapi BM25 scores as rank-bm25 computes them, for the sentences sharing a word with ``query``; words
        in over half the sentences only add to sentences matching a rarer word, so long articles stay fast."""
        words = content_tokens(query)
        common_limit = max(8, len(self.texts) // 2)
        rare = [w for w in words if len(self.postings.get(w, ())) <= common_limit]
        common = [w for w in words if len(self.postings.get(w, ())) > common_limit]
        scores: dict[int, float] = {}
        for word in rare or common:
            for i, weight in self.postings.get(word, {}).items():
                scores[i] = scores.get(i, 0.0) + weight
        for word in common if rare else ():
            for i in scores:
                scores[i] += self.postings[word].get(i, 0.0)
        return scores

    def rank_of(self, query: str, targets: set[int]) -> tuple[int, int]:
        """1-based rank of the best target sentence for ``query`` (ties with identical text allowed), and the best."""
        scores = self.scores(query)
        if not scores:
            return len(self.texts), -1
        target_texts = {self.texts[t] for t in targets}
        mine = max((scores.get(t, 0.0) for t in targets), default=0.0)
        above = {self.texts[i] for i, v in scores.items() if v > mine + 1e-9 and self.texts[i] not in target_texts}
        return 1 + len(above), max(scores, key=lambda i: (scores[i], -i))

    def share(self, text: str) -> tuple[float, int]:
        """Share (and number) of ``text``'s content words that occur somewhere in the article."""
        words = set(content_tokens(text))
        common = sum(1 for w in words if w in self.postings)
        return (common / len(words) if words else 0.0), common

    def best(self, query: str) -> int | None:
        """Index of the sentence that best matches ``query``."""
        scores = self.scores(query)
        return max(scores, key=lambda i: (scores[i], -i)) if scores else None


def overlap(a: str, b: str) -> float:
    """Share of ``a``'s content words that ``b`` also has."""
    ta, tb = set(content_tokens(a)), set(content_tokens(b))
    return len(ta & tb) / len(ta) if ta else 1.0


def absent(claim: str, salient: list[str], analysis: Analysis, retriever: Retriever) -> tuple[bool, str]:
    """Whether ``analysis``'s article does not state ``claim``: a key value it never mentions, no close sentence."""
    missing = [v for v in salient if not contains(analysis.article.body, v)]
    if not missing:
        return False, "every key value of the claim occurs in the article"
    if (best := retriever.best(claim)) is not None and overlap(claim, retriever.texts[best]) >= 0.6:
        return False, f"sentence {best + 1} is close to the claim"
    return True, f"the article never mentions {missing[0]}"


def _kind_ok(kind: str, option: str, analysis_people: set[str]) -> bool:
    if kind == "year":
        return bool(re.fullmatch(r"(1[89]|20)\d\d", option))
    if kind == "number":
        return bool(re.search(r"\d", option)) or option.split()[0].lower() in NUMBER_WORDS
    if kind == "date":
        return any(p.fullmatch(option) for p in (DATE_MDY, DATE_DMY, MONTH_YEAR))
    if kind == "district":
        return bool(DISTRICT.fullmatch(option))
    if kind == "ordinal":
        return bool(ORDINAL.fullmatch(option) or ORDINAL_WORD.match(option + " time"))
    if kind == "person":
        return option in analysis_people or bool(re.fullmatch(r"[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,3}", option))
    if kind == "place":
        return option in PLACE_KIND or option in analysis_people or option[:1].isupper()
    return bool(option.strip())


@dataclass
class Checking:
    """What the checks of one draft read, with where each of its sources resolved in its article (or None)."""

    analysis: Analysis
    retriever: Retriever
    people: set[str]
    spans: list[tuple[int, int] | None]


def run_checks(d: Draft, analysis: Analysis, retriever: Retriever, people: set[str]) -> None:
    """Fill ``d.checks`` (True passed, False failed, None not applicable) by every registered check in turn."""
    article = analysis.article
    spans = [locate(article, s.quote, s.prefix, s.suffix).span if s.article == article.id else None for s in d.sources]
    checking = Checking(analysis, retriever, people, spans)
    for check in CHECKS.values():
        d.checks[check.name] = check.run(d, checking)


def _failed(d: Draft, check: str, note: str) -> bool:
    """Note why ``d`` failed ``check``; returns False."""
    d.check_notes[check] = note
    return False


def _anchored(d: Draft, c: Checking) -> bool:
    ok = all(found == (src.start, src.end) for src, found in zip(d.sources, c.spans, strict=True))
    return ok or _failed(d, "anchored", "a source does not resolve to its passage")


def _answer_at_source(d: Draft, c: Checking) -> bool | None:
    if not d.answer_spans:
        return None
    body = c.analysis.article.body
    good = all(
        fold(body[s:e]).casefold() == fold(text).casefold() and any(sp and sp[0] <= s and e <= sp[1] for sp in c.spans)
        for s, e, text in d.answer_spans
    )
    return good or _failed(d, "answer-at-source", "the answer is not at its offsets inside the source")


def _answer_not_in_prompt(d: Draft, c: Checking) -> bool | None:
    if not d.phrase_answer:
        return None
    prompt = str(d.fields.get("prompt") or "")
    hit = next((a for a in _answer_strings(d) if a and contains(prompt, a)), None)
    if hit is None and d.kind in ("org", "place", "person"):
        hit = next(filter(None, (short_form_in(str(a), prompt) for a in _answer_strings(d))), None)
    return hit is None or _failed(d, "answer-not-in-prompt", f'the prompt gives away "{hit}"')


def _distractors(d: Draft, c: Checking) -> bool | None:
    if "choices" not in d.fields:
        return None
    if "answers" in d.fields:  # multi: distinct options, some right, some wrong
        choices, answers = d.fields["choices"], d.fields["answers"]
        ok = len(set(choices)) == len(choices) >= 3 and 0 < len(answers) < len(choices) and set(answers) <= set(choices)
        return ok or _failed(d, "distractors", "options repeat, or are all right or all wrong")
    choices = [str(option) for option in d.fields["choices"]]
    answer = str(d.fields["answer"])
    if len({fold(text).casefold() for text in choices}) != len(choices) or answer not in choices or len(choices) < 3:
        return _failed(d, "distractors", "options repeat, miss the answer or are fewer than three")
    source = " ".join(c.analysis.article.body[s.start : s.end] for s in d.sources)
    for option in [option for option in choices if option != answer]:
        if d.kind and not _kind_ok(d.kind, option, c.people):
            return _failed(d, "distractors", f'"{option}" is not of the answer\'s kind ({d.kind})')
        if contains(source, option) or (d.kind == "place" and same_place(option, answer)):
            return _failed(d, "distractors", f'"{option}" is stated in the source')
    return True


def _one_span(d: Draft, c: Checking) -> bool | None:
    if d.fields.get("answer") != "refuted":
        return None
    body = c.analysis.article.body
    base, claim = d.base.split(), str(d.fields.get("claim", "")).split()
    ops = [op for op in difflib.SequenceMatcher(a=base, b=claim, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(ops) != 1:
        return _failed(d, "one-span", f"the claim differs from its source in {len(ops)} places")
    if d.new_value and contains(body, d.new_value):
        return _failed(d, "one-span", f'"{d.new_value}" is stated elsewhere in the article')
    if contains(body, " ".join(claim).rstrip(".")):
        return _failed(d, "one-span", "the changed claim occurs in the article")
    return True


def _not_in_article(d: Draft, c: Checking) -> bool | None:
    return d.checks.get("not-in-article")  # its rule (verdict-not-in-source) searched the article already


def _retrieval(d: Draft, c: Checking) -> bool | None:
    if d.fields.get("answer") == "not-in-source":
        return None
    targets = {k for sp in c.spans if sp for k in c.analysis.sentences_over(sp[0], sp[1])}
    rank, best = c.retriever.rank_of(d.query or d.text, targets) if targets else (0, -1)
    d.check_notes["retrieval-rank"] = str(rank)
    return rank == 1 or _failed(d, "retrieval", f"its source ranks {rank} for the prompt (best: sentence {best + 1})")


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _MINOR and w[:1].isupper())


def short_form_in(answer: str, prompt: str) -> str | None:
    """The answer's short form in the prompt ("United States" and "the U.S.-India dialogue"), or its long
    form when the answer is the short one ("NASA" and "the National Aeronautics and Space Administration")."""
    words = answer.replace("-", " ").split()
    compact = answer.replace(".", "")
    if len(words) >= 2 and len(caps := _initials(words)) >= 2:
        found = re.search(r"(?<![A-Za-z])" + r"\.?".join(caps) + r"\.?(?![A-Za-z])", prompt)
        return found.group() if found else None
    elif compact.isalpha() and compact.isupper() and 2 <= len(compact) <= 6:
        for run in re.finditer(r"[A-Z][\w'\u2019]*(?:\s+(?:(?:of|and|the|for|&)\s+)?[A-Z][\w'\u2019]*)+", prompt):
            if _initials(run.group().split()) == compact:
                return run.group()
    return None


def _answer_strings(d: Draft) -> list[str]:
    f = d.fields
    if "answers" in f:  # every accepted form
        return [str(a) for a in f["answers"]]
    value = f["answer"]
    if "choices" in f:  # the right option, and a person's names one by one
        return [str(value)] + ([w for w in str(value).split() if len(w) > 2] if d.kind == "person" else [])
    return [str(value), f"{value:,}" if isinstance(value, int) else str(value)]


_CHECKS = (
    Check("anchored", "every source quote resolves to its passage in its article", _anchored),
    Check("answer-at-source", "the answer's offsets lie inside a source passage", _answer_at_source),
    Check("answer-not-in-prompt", "the prompt does not give the answer away", _answer_not_in_prompt),
    Check("distractors", "options are distinct, of the answer's kind and not stated in the source", _distractors),
    Check("one-span", "a refuted claim differs from its sentence in one place, said nowhere else", _one_span),
    Check("not-in-article", "a not-in-source claim is not in the article (its rule searched)", _not_in_article),
    Check("retrieval", "the source sentence ranks first for the prompt (BM25 over the article)", _retrieval),
)
CHECKS: dict[str, Check] = {check.name: check for check in _CHECKS}
