"""How a group's answers to one question split: each distinct answer, its count, right or not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..content import Bank, Question
from ..content.model import VERDICTS
from ..scoring import score
from .attempts import response_text
from .present import Presented


@dataclass(frozen=True)
class SplitRow:
    """One answer given by ``count`` players (``share`` of those who answered)."""

    label: str
    count: int
    share: float
    correct: bool
    letters: str = ""  # the answer in the options' letters, as on the projector and phones ("B", "A, C", "B → A → C")


SINGLE_OPTION = ("choice", "source", "truefalse", "verdict", "evidence")  # one option is the answer


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


def letter(position: int) -> str:
    """The letter of the option at ``position`` (0 is A), as every screen labels options."""
    return chr(ord("A") + position) if 0 <= position < 26 else str(position + 1)


def _position(shown: Presented, response: Any) -> int:
    """Where a single-option response sits among the options ``shown`` (ValueError if nowhere)."""
    question = shown.question
    if question.type in ("choice", "multi", "order"):
        return shown.permutation.index(response)
    if question.type == "source":
        return shown.permutation.index(question.choices.index(response))
    if question.type == "evidence":
        return shown.passage.index(tuple(response))
    return [value for value, _label in shown.options].index(
        ("true" if response else "false") if question.type == "truefalse" else response
    )


def letters(shown: Presented, response: Any) -> str:
    """A response in the letters of the options ``shown`` ("" for typed answers, or one that no longer fits)."""
    kind = shown.question.type
    try:
        if kind == "multi":
            return ", ".join(sorted(letter(_position(shown, i)) for i in response))
        if kind == "order":
            return " → ".join(letter(_position(shown, i)) for i in response)
        if kind in ("text", "number"):
            return ""
        return letter(_position(shown, response))
    except (ValueError, TypeError, IndexError, AttributeError):
        return ""


def right_letters(shown: Presented) -> str:
    """The right answer of a multi or order question in the letters of the options ``shown`` ("" otherwise)."""
    question = shown.question
    if question.type == "multi":
        return letters(shown, [question.choices.index(answer) for answer in question.answers])
    if question.type == "order":
        return letters(shown, list(range(len(question.items))))  # the bank lists the items in their order
    return ""


def split(bank: Bank, question: Question, responses: list[Any], shown: Presented | None = None) -> list[SplitRow]:
    """Rows for each distinct response (and each unpicked option), most common first.

    With ``shown`` (how the options were shown to the group), each row also carries its letters,
    and rows of single-option questions come in the options' order (A, B, C), as on the projector.
    """
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
            letters(shown, example[key]) if shown is not None else "",
        )
        for key, count in counts.items()
    ]
    rows.sort(key=lambda r: (-r.count, not r.correct, r.label))
    if shown is not None and question.type in SINGLE_OPTION:
        rows.sort(key=lambda r: (len(r.letters) != 1, r.letters))  # A, B, C, then answers that no longer fit
    return rows
