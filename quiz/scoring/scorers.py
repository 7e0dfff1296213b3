"""One scoring function per question type, in a registry keyed by type.

Responses arrive parsed by the web layer and always refer to the question's original YAML
order (choice and item indices), never to the shuffled order a player saw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rapidfuzz.distance import Levenshtein

from ..content.model import VERDICTS, Question
from .marks import Score
from .words import normalize_answer, number_tokens, parse_number

Scorer = Callable[[Question, Any], Score]


def _is_int(value: Any) -> bool:
    # bool is an int subclass, but True is not a choice index.
    return isinstance(value, int) and not isinstance(value, bool)


def _index(question: Question, value: Any, size: int, what: str) -> int:
    if not _is_int(value):
        raise ValueError(f"question {question.id}: a {what} index must be a whole number, not {value!r}")
    if not 0 <= value < size:
        raise ValueError(f"question {question.id}: {what} index {value} is out of range (0 to {size - 1})")
    return value


def score_choice(question: Question, response: Any) -> Score:
    """All or nothing: the picked choice (an index) is the answer."""
    i = _index(question, response, len(question.choices), "choice")
    return Score.of(question.choices[i] == question.answer)


def score_multi(question: Question, response: Any) -> Score:
    """Right picks minus wrong picks, over the number of right choices, never below 0."""
    if not isinstance(response, (set, frozenset, list, tuple)):
        raise ValueError(f"question {question.id}: a multi answer is a set of choice indices, not {response!r}")
    picks = [_index(question, i, len(question.choices), "choice") for i in response]
    if len(set(picks)) != len(picks):
        raise ValueError(f"question {question.id}: a choice is picked more than once")
    if not question.answers:
        raise ValueError(f"question {question.id}: a multi question needs at least one right answer")
    right_answers = set(question.answers)
    right = sum(question.choices[i] in right_answers for i in picks)
    wrong = len(picks) - right
    # Wrong picks cost as much as right picks earn, so ticking every box is worth nothing.
    return Score.of(max(0.0, (right - wrong) / len(right_answers)))


def score_truefalse(question: Question, response: Any) -> Score:
    """All or nothing: the response (a bool) is the answer."""
    if not isinstance(response, bool):
        raise ValueError(f"question {question.id}: a true/false answer is True or False, not {response!r}")
    return Score.of(response == question.answer)


def score_verdict(question: Question, response: Any) -> Score:
    """All or nothing over supported / refuted / not-in-source."""
    if not isinstance(response, str) or response not in VERDICTS:
        raise ValueError(f"question {question.id}: a verdict is one of {', '.join(VERDICTS)}, not {response!r}")
    return Score.of(response == question.answer)


def text_matches(typed: str, accepted: str, fuzzy: int = 0) -> bool:
    """Whether a typed answer matches one accepted form, after normalisation and within ``fuzzy`` typos."""
    a, b = normalize_answer(typed), normalize_answer(accepted)
    if not a:
        return False
    if a == b:
        return True
    # A typo allowance is for spelling, not for facts: "5th" is one edit from "4th" and "1962"
    # one from "1963", so the numbers in the answer must match exactly before typos are forgiven.
    if fuzzy <= 0 or number_tokens(a) != number_tokens(b):
        return False
    return Levenshtein.distance(a, b, score_cutoff=fuzzy) <= fuzzy


def score_text(question: Question, response: Any) -> Score:
    """Right when the typed text matches an accepted form (see ``normalize_answer``)."""
    if not isinstance(response, str):
        raise ValueError(f"question {question.id}: a typed answer is text, not {response!r}")
    return Score.of(any(text_matches(response, form, question.fuzzy) for form in question.answers))


def score_number(question: Question, response: Any) -> Score:
    """Right when the typed number is within the question's tolerance of the answer."""
    if not isinstance(response, str):
        raise ValueError(f"question {question.id}: a typed number is text, not {response!r}")
    value = parse_number(response)
    if value is None:
        return Score.wrong()
    # A hair of slack so that 2.6 counts as within 0.1 of 2.5 despite binary floating point.
    slack = 1e-9 * max(1.0, abs(question.answer))
    return Score.of(abs(value - question.answer) <= question.tolerance + slack)


def order_fraction(placed: Sequence[int]) -> float:
    """Share of item pairs whose relative order in ``placed`` matches the true order 0, 1, 2, …."""
    position = {item: pos for pos, item in enumerate(placed)}
    n = len(placed)
    total = n * (n - 1) // 2
    if total == 0:
        return 1.0
    agree = sum(position[i] < position[j] for i in range(n) for j in range(i + 1, n))
    return agree / total


def score_order(question: Question, response: Any) -> Score:
    """Partial credit by pairs of items placed in the right relative order."""
    if isinstance(response, (str, bytes)) or not isinstance(response, Sequence):
        raise ValueError(f"question {question.id}: an order answer is a sequence of item indices, not {response!r}")
    n = len(question.items)
    placed = [_index(question, i, n, "item") for i in response]
    if sorted(placed) != list(range(n)):
        raise ValueError(f"question {question.id}: an order answer must place each of the {n} items exactly once")
    return Score.of(order_fraction(placed))


def score_evidence(question: Question, response: Any) -> Score:
    """Right when the picked sentence span overlaps a gold sentence."""
    if not isinstance(response, (tuple, list)) or len(response) != 2 or not all(map(_is_int, response)):
        raise ValueError(
            f"question {question.id}: an evidence answer is a (start, end) pair of offsets, not {response!r}"
        )
    start, end = response
    if not 0 <= start < end:
        raise ValueError(f"question {question.id}: the span ({start}, {end}) is empty or negative")
    return Score.of(any(start < a.end and a.start < end for a in question.sources))


def score_source(question: Question, response: Any) -> Score:
    """All or nothing: the named article is the one that reports it."""
    if not isinstance(response, str):
        raise ValueError(f"question {question.id}: a source answer is an article id, not {response!r}")
    if question.choices and response not in question.choices:
        raise ValueError(f"question {question.id}: {response!r} is not among the articles offered")
    return Score.of(response == question.answer)


SCORERS: dict[str, Scorer] = {
    "choice": score_choice,
    "multi": score_multi,
    "truefalse": score_truefalse,
    "verdict": score_verdict,
    "text": score_text,
    "number": score_number,
    "order": score_order,
    "evidence": score_evidence,
    "source": score_source,
}


def score(question: Question, response: Any) -> Score:
    """Score a parsed response to ``question``; ValueError when the response has the wrong shape."""
    try:
        scorer = SCORERS[question.type]
    except KeyError:
        raise LookupError(f"question {question.id}: no scorer for question type {question.type!r}") from None
    return scorer(question, response)
