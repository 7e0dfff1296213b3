"""How a question is shown to one attempt, and how a submitted form maps back to a response.

Display values are positions in a per-attempt shuffle, so nothing in the page depends on the
answer: not the order, not the values, not the ids.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from typing import Any

from ..content import Bank, Question
from ..content.model import VERDICT_LABELS, VERDICTS
from ..scoring import parse_number

MAX_TEXT = 200
PASSAGE_PARAGRAPHS = 3


class ResponseError(ValueError):
    """A submitted form that cannot be scored; the message is for the player."""


@dataclass(frozen=True)
class Presented:
    """What the question page needs: options as (value, label) and, for evidence, the passage."""

    question: Question
    options: tuple[tuple[str, str], ...] = ()
    permutation: tuple[int, ...] = ()
    passage: tuple[tuple[int, int], ...] = field(default=(), repr=False)  # evidence sentence spans


def permutation(seed: int, question_id: str, size: int) -> tuple[int, ...]:
    """A shuffle of ``range(size)`` fixed by the attempt's seed and the question."""
    digest = hashlib.sha256(f"{seed}:{question_id}".encode()).digest()
    order = list(range(size))
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return tuple(order)


def evidence_passage(bank: Bank, question: Question) -> tuple[tuple[int, int], ...]:
    """Sentence spans shown for an evidence question: the fixed block of paragraphs holding the gold.

    Blocks are cut at fixed places (every PASSAGE_PARAGRAPHS paragraphs), so where the gold sits in
    the passage tells the player nothing.
    """
    anchor = question.sources[0]
    article = bank.articles[anchor.article]
    paragraphs = article.paragraphs
    first = article.paragraph_of(anchor.start) // PASSAGE_PARAGRAPHS * PASSAGE_PARAGRAPHS
    last = min(len(paragraphs) - 1, first + PASSAGE_PARAGRAPHS - 1)
    lo, hi = paragraphs[first][0], paragraphs[last][1]
    return tuple(s for s in article.sentences if s[0] >= lo and s[1] <= hi)


def present(bank: Bank, seed: int, question: Question) -> Presented:
    """The options of ``question`` as this attempt sees them."""
    qtype = question.type
    if qtype in ("choice", "multi"):
        perm = permutation(seed, question.id, len(question.choices))
        return Presented(question, tuple((str(k), question.choices[i]) for k, i in enumerate(perm)), perm)
    if qtype == "order":
        # Shuffle from alphabetical order, not from the right order, so the page cannot depend on it.
        items = question.items
        alphabetical = sorted(range(len(items)), key=lambda i: (items[i].casefold(), i))
        perm = tuple(alphabetical[k] for k in permutation(seed, question.id, len(items)))
        return Presented(question, tuple((str(k), items[i]) for k, i in enumerate(perm)), perm)
    if qtype == "source":
        perm = permutation(seed, question.id, len(question.choices))
        labels = [bank.articles[question.choices[i]].title for i in perm]
        return Presented(question, tuple((str(k), label) for k, label in enumerate(labels)), perm)
    if qtype == "truefalse":
        return Presented(question, (("true", "True"), ("false", "False")))
    if qtype == "verdict":
        return Presented(question, tuple((v, VERDICT_LABELS[v]) for v in VERDICTS))
    if qtype == "evidence":
        spans = evidence_passage(bank, question)
        body = bank.articles[question.sources[0].article].body
        return Presented(question, tuple((str(k), body[s:e]) for k, (s, e) in enumerate(spans)), passage=spans)
    return Presented(question)


_FORM_INT = re.compile(r"[0-9]{1,7}")


def form_int(value: str | None) -> int | None:
    """A small non-negative whole number typed or sent in a form or URL; None for anything else."""
    return int(value) if value and _FORM_INT.fullmatch(value) else None


def _index(value: str | None, size: int, missing: str) -> int:
    if value is None or value == "":
        raise ResponseError(missing)
    index = form_int(value)
    if index is None or index >= size:
        raise ResponseError("That option is not one of this question's options. Please choose again.")
    return index


def parse_response(shown: Presented, values: dict[str, Any]) -> Any:
    """Turn submitted form values into a scoring response; ResponseError says what to fix."""
    question = shown.question
    qtype = question.type
    size = len(shown.options)
    if qtype in ("choice", "source"):
        k = _index(values.get("choice"), size, "Choose one of the options.")
        i = shown.permutation[k]
        return i if qtype == "choice" else question.choices[i]
    if qtype == "multi":
        picked = values.get("choices") or []
        if not picked:
            raise ResponseError("Tick every option that applies (at least one).")
        return sorted({shown.permutation[_index(v, size, "")] for v in picked})
    if qtype == "truefalse":
        value = values.get("choice")
        if value not in ("true", "false"):
            raise ResponseError("Choose True or False.")
        return value == "true"
    if qtype == "verdict":
        value = values.get("choice")
        if value not in VERDICTS:
            raise ResponseError("Choose one of the three verdicts.")
        return value
    if qtype == "evidence":
        k = _index(values.get("choice"), size, "Choose the sentence that proves the claim.")
        return list(shown.passage[k])
    if qtype == "order":
        return _parse_order(shown, values.get("positions") or {})
    typed = " ".join(str(values.get("text") or "").split())
    if not typed:
        raise ResponseError("Type your answer.")
    if len(typed) > MAX_TEXT:
        raise ResponseError(f"Your answer is too long (at most {MAX_TEXT} characters).")
    if qtype == "number" and parse_number(typed) is None:
        raise ResponseError("Type a number, for example 63 or sixty-three.")
    return typed


def _parse_order(shown: Presented, positions: dict[str, str]) -> list[int]:
    size = len(shown.options)
    chosen: dict[int, int] = {}
    for k in range(size):
        raw = positions.get(str(k))
        if raw is None or raw == "":
            raise ResponseError("Give every event a position.")
        position = form_int(raw)
        if position is None or not 1 <= position <= size:
            raise ResponseError("That position is not one of the choices. Please choose again.")
        chosen[k] = position
    if len(set(chosen.values())) != size:
        raise ResponseError(f"Use each position from 1 to {size} exactly once.")
    return [shown.permutation[k] for k in sorted(chosen, key=chosen.get)]
