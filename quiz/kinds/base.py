"""What every question kind answers, and the pieces several kinds share.

A kind is one object (CTFd's challenge classes are the model). The rest of the code asks a
question's kind, never its ``type``: how its YAML fields are read and checked, how it is shown to
an attempt, how a submitted form is parsed and scored, how its right answer and a player's answer
read, how answers split in a report, its form field and template, and how it travels to other
formats (``exchange``). Display values are positions in a per-attempt shuffle, so nothing in a
page depends on the answer: not the order, not the values, not the ids.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..content.model import Question
from ..scoring.marks import Score

if TYPE_CHECKING:
    from ..content.articles import Article
    from ..content.fields import Fields
    from ..content.model import Anchor, Bank
    from .exchange import Shape

MAX_TEXT = 200  # characters of a typed answer


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


_FORM_INT = re.compile(r"[0-9]{1,7}")


def form_int(value: str | None) -> int | None:
    """A small non-negative whole number typed or sent in a form or URL; None for anything else."""
    return int(value) if value and _FORM_INT.fullmatch(value) else None


def option_index(value: str | None, size: int, missing: str) -> int:
    """The option a submitted value names; ResponseError (``missing`` when nothing was sent)."""
    if value is None or value == "":
        raise ResponseError(missing)
    index = form_int(value)
    if index is None or index >= size:
        raise ResponseError("That option is not one of this question's options. Please choose again.")
    return index


def is_int(value: Any) -> bool:
    """A whole number that is not a bool (True is not a choice index)."""
    return isinstance(value, int) and not isinstance(value, bool)


def checked_index(question: Question, value: Any, size: int, what: str) -> int:
    """A stored index checked against ``size``; ValueError when it has the wrong shape."""
    if not is_int(value):
        raise ValueError(f"question {question.id}: a {what} index must be a whole number, not {value!r}")
    if not 0 <= value < size:
        raise ValueError(f"question {question.id}: {what} index {value} is out of range (0 to {size - 1})")
    return value


def letter(position: int) -> str:
    """The letter of the option at ``position`` (0 is A), as every screen labels options."""
    return chr(ord("A") + position) if 0 <= position < 26 else str(position + 1)


def join_and(parts: list[str] | tuple[str, ...]) -> str:
    """``"x"``, ``"x and y"``, ``"x, y and z"``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


_THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")


def _number(typed: str) -> Any:
    """A typed number (7700, 7,700, 2.5); anything else stays text, which the loader refuses at its line."""
    plain = typed.replace(",", "") if _THOUSANDS.fullmatch(typed) else typed  # "3,5" is not 35
    try:
        number = float(plain)
    except ValueError:
        return typed
    if not math.isfinite(number):
        return typed
    return int(number) if number.is_integer() and "." not in plain and "e" not in plain.lower() else number


@dataclass(frozen=True)
class Entry:
    """One field of a kind's form for teachers: how its YAML value is typed.

    ``widget``: "line" (one line of text), "text" (a paragraph), "lines" (a list, one item per
    line), "words" (a list, separated by commas), "number", "yesno" (true or false), "pick" (one
    of ``picks``; the pick "articles" stands for the bank's articles).
    The form only turns typed text into YAML values; the loader checks them, as it checks a file.
    """

    name: str
    label: str
    widget: str = "line"
    hint: str = ""
    picks: tuple[tuple[str, str], ...] = ()
    optional: bool = False

    def value(self, typed: str) -> Any:
        """The YAML value of what was typed (None when left empty)."""
        typed = (typed or "").strip()
        if self.widget in ("lines", "words"):
            parts = typed.split(",") if self.widget == "words" else typed.splitlines()
            items = [" ".join(item.split()) for item in parts]
            return [item for item in items if item] or None
        if not typed:
            return None
        if self.widget == "number":
            return _number(typed)
        if self.widget == "yesno":
            return {"true": True, "false": False}.get(typed.lower(), typed)
        if self.widget == "text":  # a paragraph or more: line breaks are the teacher's (Markdown)
            return "\n".join(line.rstrip() for line in typed.replace("\r\n", "\n").split("\n"))
        return " ".join(typed.split())

    def shown(self, value: Any) -> str:
        """A YAML value as the form shows it."""
        if value is None:
            return ""
        if self.widget in ("lines", "words"):
            joiner = ", " if self.widget == "words" else "\n"
            return joiner.join(str(v) for v in (value if isinstance(value, list) else [value]))
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)


class Kind:
    """One question kind. Subclasses set the attributes and override what differs."""

    name: str = ""
    keys: tuple[str, ...] = ()  # the YAML fields of this kind, beyond the common ones
    summary: str = ""  # one line: what the player does (README, schema)
    fields_help: str = ""  # its fields in a few words (the schema's table of types)
    optional: tuple[str, ...] = ()  # which of ``keys`` may be left out
    asks_claim: bool = False  # the question is about a ``claim`` (the prompt then has a default)
    default_prompt: str | None = None
    field: str = "text"  # the answer form's field: choice (radio), choices (boxes), positions, text
    single_option: bool = False  # the answer is one of the options shown
    lettered: bool = False  # the answer is several letters (multi, order): the projector shows letters
    states_answer: bool = True  # the right answer reads as words (evidence's is the highlighted sentence)
    reads_articles: bool = False  # the player chooses among articles: open book lists them all
    answer_is_phrase: bool = False  # the right answer is words of the source (drafting finds it in a sentence)

    @property
    def template(self) -> str:
        """The template of this kind's answer controls."""
        return f"kinds/{self.name}.html"

    # -- the bank file ---------------------------------------------------------------------------
    def load(self, f: Fields, articles: Mapping[str, Article], sources: tuple[Anchor, ...]) -> dict:
        """This kind's fields of a question read from YAML, their problems reported on ``f``."""
        return {}

    def schema(self) -> dict:
        """JSON Schema of this kind's fields (the ``then`` of ``if type is this kind``)."""
        return {"properties": {}, "required": []}

    def snippet(self) -> dict:
        """An editor's snippet: a new question of this kind."""
        return {}

    def entries(self) -> tuple[Entry, ...]:
        """The fields a teacher fills in for this kind's answer (prompt or claim, explanation, source: common)."""
        return ()

    # -- play ------------------------------------------------------------------------------------
    def present(self, bank: Bank, seed: int, question: Question) -> Presented:
        """The options of ``question`` as one attempt sees them."""
        return Presented(question)

    def parse(self, shown: Presented, values: dict[str, Any]) -> Any:
        """Submitted form values as a scoring response; ResponseError says what to fix."""
        raise NotImplementedError

    def score(self, question: Question, response: Any) -> Score:
        """Score a parsed response; ValueError when the response has the wrong shape."""
        raise NotImplementedError

    def answer_text(self, question: Question, articles: Mapping[str, Article] | None = None) -> str:
        """The right answer as a reader would write it, for the feedback page."""
        raise NotImplementedError

    def response_text(self, question: Question, response: Any, bank: Bank) -> str:
        """A stored response as the player would read it."""
        return str(response)

    # -- reports ---------------------------------------------------------------------------------
    def all_responses(self, question: Question) -> list[Any]:
        """Every possible response of a closed kind, so that options nobody picked show as 0."""
        return []

    def position(self, shown: Presented, response: Any) -> int:
        """Where a one-option response sits among the options ``shown`` (ValueError if nowhere)."""
        return [value for value, _label in shown.options].index(response)

    def letters(self, shown: Presented, response: Any) -> str:
        """A response in the letters of the options shown ("" when it has none)."""
        return letter(self.position(shown, response))

    def right_positions(self, shown: Presented) -> list[int]:
        """Where the right option(s) sit among the options ``shown``, for kinds whose answer is one option."""
        if self.field != "choice":
            return []
        question = shown.question
        return [
            i
            for i, (value, _label) in enumerate(shown.options)
            if self.score(question, self.parse(shown, {"choice": value})).correct
        ]

    def right_letters(self, shown: Presented) -> str:
        """The right answer in letters, for kinds whose answer is several letters ("" otherwise)."""
        return ""

    def claim_kind(self, question: Question) -> str | None:
        """For a judged claim: whether it is "true", "false" or "not-in-source" (None: not a claim)."""
        return None

    # -- other formats ---------------------------------------------------------------------------
    def exchange(self, question: Question, bank: Bank) -> Shape:
        """The question's answer in a shape every export format maps (see ``exchange``)."""
        raise NotImplementedError

    def from_exchange(self, shape: Shape, question: dict, bank: Bank | None) -> dict | None:
        """A draft question's YAML fields rebuilt from an imported shape (None: not this kind)."""
        return None

    def claim_review(self, question: Question, bank: Bank) -> dict | None:
        """The rating of a reviewed claim (ClaimReview), for kinds that judge claims."""
        return None

    def fever(self, question: Question, bank: Bank) -> dict | None:
        """A FEVER record (claim, label, evidence), for kinds that judge claims against a source."""
        return None
