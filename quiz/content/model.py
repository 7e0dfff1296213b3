"""The bank as frozen dataclasses: what every other layer reads."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .articles import Article

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # ids of questions, quizzes and articles
VERDICTS = ("supported", "refuted", "not-in-source")
VERDICT_LABELS = {
    "supported": "Supported by the source",
    "refuted": "Refuted by the source",
    "not-in-source": "Not in the source",
}
SKILLS = (
    "read-closely",
    "check-the-date",
    "who-said-it",
    "compare-sources",
    "spot-the-error",
    "not-in-source",
    "check-the-numbers",
    "find-the-evidence",
)
DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Anchor:
    """A quote located in an article: ``article.body[start:end]`` is the passage."""

    article: str
    quote: str
    start: int
    end: int
    prefix: str | None = None
    suffix: str | None = None


@dataclass(frozen=True)
class Question:
    """One question of any kind (``quiz.kinds``); fields that its kind does not use keep their defaults."""

    id: str
    type: str
    prompt: str
    explain: str
    sources: tuple[Anchor, ...]
    claim: str | None = None
    choices: tuple[str, ...] = ()
    answer: Any = None
    answers: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    tolerance: float = 0
    unit: str | None = None
    fuzzy: int = 0
    tags: tuple[str, ...] = ()
    skill: str | None = None
    difficulty: str | None = None
    points: int = 1
    time: int | None = None  # seconds to answer in a live session (None: the session's time)
    status: str = "ready"
    rule: str | None = None
    review: tuple[str, ...] = ()
    line: int = 0

    @property
    def articles(self) -> tuple[str, ...]:
        """Ids of the articles this question cites, in order of first citation."""
        return tuple(dict.fromkeys(a.article for a in self.sources))


@dataclass(frozen=True)
class Quiz:
    """A named selection of questions with its play settings."""

    id: str
    title: str
    description: str = ""
    question_ids: tuple[str, ...] = ()
    confidence: bool = False
    open_book: bool = True


@dataclass(frozen=True)
class Bank:
    """A loaded, validated bank."""

    title: str
    questions: tuple[Question, ...]
    articles: Mapping[str, Article]
    quizzes: tuple[Quiz, ...] = ()
    path: str = ""
    _by_id: Mapping[str, Question] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "articles", MappingProxyType(dict(self.articles)))
        object.__setattr__(self, "_by_id", MappingProxyType({q.id: q for q in self.questions}))

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return self._by_id.get(question_id)

    @property
    def ready(self) -> tuple[Question, ...]:
        """Questions that may be served (drafts are not)."""
        return tuple(q for q in self.questions if q.status == "ready")

    def all_quizzes(self) -> tuple[Quiz, ...]:
        """Named quizzes, then "all questions", then one quiz per article."""
        ready = self.ready
        built = [Quiz("all", "All questions", "Every question in the bank.", tuple(q.id for q in ready))]
        for article in sorted(self.articles.values(), key=lambda a: a.title.lower()):
            ids = tuple(q.id for q in ready if article.id in q.articles)
            if ids:
                built.append(
                    Quiz(f"article-{article.id}", article.title, "Every question that cites this article.", ids)
                )
        # A built-in quiz that a named one already offers (same questions) would be listed twice.
        named = {q.id for q in self.quizzes} | {frozenset(q.question_ids) for q in self.quizzes}
        return self.quizzes + tuple(q for q in built if q.id not in named and frozenset(q.question_ids) not in named)

    def quiz(self, quiz_id: str) -> Quiz | None:
        """A quiz by id among named and built-in quizzes."""
        return next((q for q in self.all_quizzes() if q.id == quiz_id), None)
