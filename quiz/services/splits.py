"""How a group's answers to one question split: each distinct answer, its count, right or not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..content import Bank, Question
from ..content.model import VERDICTS
from ..scoring import score
from .attempts import response_text


@dataclass(frozen=True)
class SplitRow:
    """One answer given by ``count`` players (``share`` of those who answered)."""

    label: str
    count: int
    share: float
    correct: bool


def _all_options(question: Question) -> list[Any]:
    """Every possible response of closed question types, so unpicked options show as 0."""
    if question.type == "choice":
        return list(range(len(question.choices)))
    if question.type == "source":
        return list(question.choices)
    if question.type == "truefalse":
        return [True, False]
    if question.type == "verdict":
        return list(VERDICTS)
    return []


def _right(question: Question, response: Any) -> bool:
    """Whether a stored response is right (False if the bank has changed so it no longer fits)."""
    try:
        return score(question, response).correct
    except (ValueError, LookupError, TypeError):
        return False


def split(bank: Bank, question: Question, responses: list[Any]) -> list[SplitRow]:
    """Rows for each distinct response (and each unpicked option), most common first."""
    counts: dict[str, int] = {}
    example: dict[str, Any] = {}
    for response in _all_options(question) + list(responses):
        key = json.dumps(response, sort_keys=True)
        example.setdefault(key, response)
        counts.setdefault(key, 0)
    for response in responses:
        counts[json.dumps(response, sort_keys=True)] += 1
    total = len(responses)
    rows = [
        SplitRow(
            response_text(question, example[key], bank),
            count,
            count / total if total else 0.0,
            _right(question, example[key]),
        )
        for key, count in counts.items()
    ]
    rows.sort(key=lambda r: (-r.count, not r.correct, r.label))
    return rows
