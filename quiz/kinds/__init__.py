"""Question kinds: one module each, and the registry the rest of the code asks (no Flask).

``KINDS`` maps a question's ``type`` to its kind, in the order the README lists them. Adding
a kind means one module here (a ``Kind`` subclass and its ``KIND``), its name in ``_MODULES``,
and one template, ``templates/kinds/<name>.html``.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .base import MAX_TEXT, Kind, Presented, ResponseError, form_int, join_and, letter, permutation

if TYPE_CHECKING:
    from ..content.articles import Article
    from ..content.model import Bank, Question
    from ..scoring.marks import Score

_MODULES = ("choice", "multi", "truefalse", "verdict", "text", "number", "order", "evidence", "source")
KINDS: Mapping[str, Kind] = {k.name: k for k in (import_module(f"{__name__}.{m}").KIND for m in _MODULES)}
TYPES = tuple(KINDS)


def kind_of(question: Question) -> Kind:
    """The kind of ``question`` (LookupError for a type no kind knows)."""
    try:
        return KINDS[question.type]
    except KeyError:
        raise LookupError(f"question {question.id}: no kind for question type {question.type!r}") from None


def present(bank: Bank, seed: int, question: Question) -> Presented:
    """The options of ``question`` as the attempt with ``seed`` sees them."""
    return kind_of(question).present(bank, seed, question)


def parse_response(shown: Presented, values: dict[str, Any]) -> Any:
    """Turn submitted form values into a scoring response; ResponseError says what to fix."""
    return kind_of(shown.question).parse(shown, values)


def score(question: Question, response: Any) -> Score:
    """Score a parsed response to ``question``; ValueError when the response has the wrong shape."""
    return kind_of(question).score(question, response)


def answer_text(question: Question, articles: Mapping[str, Article] | None = None) -> str:
    """The right answer as a reader would write it, for the feedback page."""
    return kind_of(question).answer_text(question, articles)


def response_text(question: Question, response: Any, bank: Bank) -> str:
    """The player's answer as they would read it (the raw value if the bank changed under it)."""
    try:
        return kind_of(question).response_text(question, response, bank)
    except (IndexError, KeyError, TypeError, ValueError, LookupError):
        return str(response)


SCORERS = {name: kind.score for name, kind in KINDS.items()}

__all__ = [
    "KINDS",
    "MAX_TEXT",
    "SCORERS",
    "TYPES",
    "Kind",
    "Presented",
    "ResponseError",
    "answer_text",
    "form_int",
    "join_and",
    "kind_of",
    "letter",
    "parse_response",
    "permutation",
    "present",
    "response_text",
    "score",
]
