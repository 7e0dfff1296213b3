"""How a group's answers to one question split: each distinct answer, its count, right or not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..content import Bank, Question
from ..kinds import Presented, kind_of, response_text, score


@dataclass(frozen=True)
class SplitRow:
    """One answer given by ``count`` players (``share`` of those who answered)."""

    label: str
    count: int
    share: float
    correct: bool
    letters: str = ""  # the answer in the options' letters, as on the projector and phones ("B", "A, C", "B → A → C")


def _right(question: Question, response: Any) -> bool:
    """Whether a stored response is right (False if the bank has changed so it no longer fits)."""
    try:
        return score(question, response).correct
    except (ValueError, LookupError, TypeError):
        return False


def letters(shown: Presented, response: Any) -> str:
    """A response in the letters of the options ``shown`` ("" for typed answers, or one that no longer fits)."""
    try:
        return kind_of(shown.question).letters(shown, response)
    except (ValueError, TypeError, IndexError, AttributeError, KeyError):
        return ""


def right_letters(shown: Presented) -> str:
    """The right answer of a multi or order question in the letters of the options ``shown`` ("" otherwise)."""
    return kind_of(shown.question).right_letters(shown)


def split(bank: Bank, question: Question, responses: list[Any], shown: Presented | None = None) -> list[SplitRow]:
    """Rows for each distinct response (and each unpicked option), most common first.

    With ``shown`` (how the options were shown to the group), each row also carries its letters,
    and rows of single-option questions come in the options' order (A, B, C), as on the projector.
    """
    counts: dict[str, int] = {}
    example: dict[str, Any] = {}
    for response in kind_of(question).all_responses(question) + list(responses):
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
            letters(shown, example[key]) if shown is not None else "",
        )
        for key, count in counts.items()
    ]
    rows.sort(key=lambda r: (-r.count, not r.correct, r.label))
    if shown is not None and kind_of(question).single_option:
        rows.sort(key=lambda r: (len(r.letters) != 1, r.letters))  # A, B, C, then answers that no longer fit
    return rows
