"""The right answer to a question, written for a human on the feedback page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..content.model import VERDICT_LABELS, Question
from .words import format_number

if TYPE_CHECKING:
    from ..content.articles import Article


def join_and(parts: list[str] | tuple[str, ...]) -> str:
    """``"x"``, ``"x and y"``, ``"x, y and z"``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _number(question: Question) -> str:
    text = format_number(question.answer)
    if question.tolerance:
        text += f" ± {format_number(question.tolerance)}"
    if question.unit:
        # "45%" and "20°" hug the number; words ("Republicans") are set apart by a space.
        gap = "" if question.unit[0] in "%°" else " "
        text += gap + question.unit
    return text


def answer_text(question: Question, articles: Mapping[str, Article] | None = None) -> str:
    """The right answer as a reader would write it, for the feedback page."""
    qtype = question.type
    if qtype in ("choice", "text"):
        # For text questions the first accepted form is the canonical one the teacher wrote.
        return str(question.answer) if qtype == "choice" else question.answers[0]
    if qtype == "multi":
        return join_and(question.answers)
    if qtype == "truefalse":
        return "True" if question.answer else "False"
    if qtype == "verdict":
        return VERDICT_LABELS[question.answer]
    if qtype == "number":
        return _number(question)
    if qtype == "order":
        return " → ".join(question.items)
    if qtype == "evidence":
        # The gold sentence itself is shown highlighted in its paragraph by the feedback page.
        return "the highlighted sentence"
    if qtype == "source":
        article = articles.get(question.answer) if articles else None
        return article.title if article is not None else str(question.answer)
    raise LookupError(f"question {question.id}: no answer text for question type {qtype!r}")
