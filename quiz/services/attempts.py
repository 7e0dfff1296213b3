"""The attempt lifecycle: start, answer once, review."""

from __future__ import annotations

import secrets
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from ..content import Bank, Question, Quiz
from ..database import read_only_connection, write_transaction
from ..extensions import db
from ..kinds import answer_text, response_text, score
from ..models import Answer, Attempt, Player, as_utc, utcnow
from ..scoring import cbm_marks
from .held import any_held_back, held_back


class PlayError(Exception):
    """A play action that is not allowed now; the message is for the player."""


def new_token() -> str:
    """An unguessable identifier (128 bits)."""
    return secrets.token_hex(16)


def start_attempt(
    quiz: Quiz,
    owner: str,
    question_ids: tuple[str, ...] | None = None,
    title: str | None = None,
    *,
    version: tuple[int | None, str | None] = (None, None),
) -> Attempt:
    """Create and store an attempt at ``quiz`` (or at a subset of its questions) on a bank ``version`` (id, hash)."""
    attempt = Attempt(
        bank_version_id=version[0],
        bank_hash=version[1],
        id=new_token(),
        owner=owner,
        quiz_id=quiz.id,
        title=title or quiz.title,
        question_ids=list(question_ids or quiz.question_ids),
        seed=secrets.randbits(31),
        confidence=quiz.confidence,
        open_book=quiz.open_book,
    )
    with write_transaction() as session:
        session.add(attempt)
    return attempt


# One query for the attempt, its answers and (in a class) its player and session, built once: the
# question page is the busiest and building the statement cost a fifth of its time.
_ATTEMPT = (
    select(Attempt)
    .options(joinedload(Attempt.answers), joinedload(Attempt.player).joinedload(Player.session))
    .where(Attempt.id == bindparam("attempt_id"))
)


def get_attempt(attempt_id: str, owner: str | None) -> Attempt | None:
    """The attempt if it exists and belongs to ``owner``; None otherwise."""
    if not owner or len(attempt_id) > 64:
        return None
    attempt = db.session.execute(_ATTEMPT, {"attempt_id": attempt_id}).unique().scalar_one_or_none()
    if attempt is None or not secrets.compare_digest(attempt.owner, owner):
        return None
    return attempt


@dataclass(frozen=True, slots=True)
class SoloAttempt:
    """A solo attempt as a page that only shows it reads it: plain values from one Core query.

    The question page is the busiest page, and building ORM objects with their answers cost about a
    sixth of it. The fields are the Attempt columns; ``answers`` holds the Answer columns as rows (the
    readers use only attribute access). An attempt to change is loaded with ``get_attempt`` instead.
    """

    id: str
    owner: str
    quiz_id: str
    title: str
    question_ids: list[str]
    seed: int
    confidence: bool
    open_book: bool
    created_at: Any
    finished_at: Any
    player_id: None
    bank_version_id: int | None
    bank_hash: str | None
    answers: tuple[Any, ...]
    held_back: frozenset[str]  # its questions whose answers are held back now (held_back_in)

    player = None  # a solo attempt has no player


_ATTEMPT_COLUMNS = tuple(column.key for column in Attempt.__table__.columns)
_ANSWER_COLUMNS = tuple(column.key for column in Answer.__table__.columns)
_AnswerRow = namedtuple("_AnswerRow", _ANSWER_COLUMNS)  # an Answer's columns, read only
# The attempt's row with its held-back flag, worked out once (LIMIT 1 keeps the databases from folding
# it into the join, where the flag's subquery would run again for every answer), then its answers.
_ONE_ATTEMPT = (
    select(*Attempt.__table__.columns, any_held_back(Attempt.__table__.c.bank_version_id).label("any_held_back"))
    .where(Attempt.__table__.c.id == bindparam("attempt_id"))
    .limit(1)
    .subquery("one")
)
_SOLO_ATTEMPT = (
    select(_ONE_ATTEMPT, *(column.label(f"answer_{column.key}") for column in Answer.__table__.columns))
    .outerjoin(Answer.__table__, Answer.__table__.c.attempt_id == _ONE_ATTEMPT.c.id)
    .order_by(Answer.__table__.c.position)
)


def read_attempt(attempt_id: str, owner: str | None) -> SoloAttempt | Attempt | None:
    """``get_attempt`` for a page that only reads the attempt: a SoloAttempt, or the Attempt of a class player."""
    if not owner or len(attempt_id) > 64:
        return None
    with read_only_connection() as connection:  # one statement: no transaction to begin and end around it
        rows = connection.execute(_SOLO_ATTEMPT, {"attempt_id": attempt_id}).all()
    if not rows or not secrets.compare_digest(rows[0].owner, owner):
        return None
    if rows[0].player_id is not None:  # a class attempt: its session decides what it shows
        return get_attempt(attempt_id, owner)
    answers = tuple(
        _AnswerRow(*(row[f"answer_{key}"] for key in _ANSWER_COLUMNS))
        for row in (r._mapping for r in rows)
        if row["answer_id"] is not None
    )
    first = rows[0]._mapping
    held = frozenset()
    if first["any_held_back"]:  # otherwise (no such session open) one query fewer
        held = held_back(first["bank_version_id"]) & set(first["question_ids"])
    return SoloAttempt(**{key: first[key] for key in _ATTEMPT_COLUMNS}, answers=answers, held_back=held)


def held_back_in(attempt: SoloAttempt | Attempt) -> frozenset[str]:
    """The questions of a solo attempt whose answers are held back now (none for a class attempt)."""
    if attempt.player_id is not None:
        return frozenset()  # a class attempt follows its own session's setting (answers_hidden)
    if isinstance(attempt, SoloAttempt):
        return attempt.held_back  # read with it
    return held_back(attempt.bank_version_id) & set(attempt.question_ids)


def answers_by_question(attempt: Attempt) -> dict[str, Answer]:
    """The attempt's recorded answers keyed by question id."""
    return {a.question_id: a for a in attempt.answers}


def answers_hidden(attempt: Attempt) -> bool:
    """True while a class session keeps its answers back until it closes."""
    return attempt.player_id is not None and not attempt.player.session.answers_shown


def next_index(attempt: Attempt, bank: Bank | None = None) -> int:
    """0-based index of the first unanswered question (== length when finished).

    With ``bank``, questions taken out of the bank since the attempt began are passed over.
    """
    done = answers_by_question(attempt)
    for i, qid in enumerate(attempt.question_ids):
        if qid not in done and (bank is None or bank.question(qid) is not None):
            return i
    return len(attempt.question_ids)


def record_answer(
    bank: Bank,
    attempt: Attempt,
    index: int,
    response: Any,
    certainty: int | None = None,
    *,
    in_order: bool = True,
    elapsed: float | None = None,
    speed: float = 1.0,
    guard: Callable[[], None] | None = None,
) -> tuple[Answer, bool]:
    """Score and store the answer to question ``index``; the first answer stands.

    ``guard`` runs inside the write transaction, just before the insert, and may refuse with
    PlayError (the live deadline and phase are checked there, so a reveal cannot slip between).
    Returns the stored answer and whether this call created it.
    """
    qid = attempt.question_ids[index]
    existing = answers_by_question(attempt).get(qid)
    if existing is not None:
        return existing, False
    if attempt.player_id is not None and attempt.player.session.status != "open":
        raise PlayError("Your teacher has paused or closed this session, so answers are not being taken.")
    if in_order and index != next_index(attempt, bank):
        raise PlayError("Please answer the questions in order.")
    if elapsed is None:
        since = max(as_utc(moment) for moment in [a.created_at for a in attempt.answers] + [attempt.created_at])
        elapsed = (utcnow() - since).total_seconds()
    question = bank.question(qid)
    result = score(question, response)
    answer = Answer(
        question_id=qid,
        position=index,
        response=response,
        fraction=result.fraction,
        correct=result.correct,
        points=round(result.fraction * question.points * speed, 3),
        max_points=question.points,
        certainty=certainty if attempt.confidence else None,
        marks=round(cbm_marks(result.fraction, certainty) * question.points, 3)
        if attempt.confidence and certainty
        else None,
        elapsed=round(elapsed, 3),
    )
    attempt_id = attempt.id
    answer.attempt_id, answer.created_at = attempt_id, utcnow()
    finished = len(attempt.answers) + 1 == len(attempt.question_ids)
    try:
        with write_transaction() as session:
            if guard is not None:
                guard()
            # Core statements, not the unit of work: flushing one new row cost more than the rest of
            # the answer (a class of 300 sends its answers within seconds).
            connection = session.connection()
            inserted = connection.execute(_INSERT_ANSWER, _row_of(answer))
            answer.id = inserted.inserted_primary_key[0]
            if finished:
                connection.execute(_FINISH, {"attempt_id": attempt_id, "finished_at": answer.created_at})
    except IntegrityError:  # a double click raced us to the same row (the unique constraint): theirs stands
        stored = db.session.scalar(select(Answer).where(Answer.attempt_id == attempt_id, Answer.question_id == qid))
        return stored, False
    # The stored row, as the ORM would hold it after a flush: the attempt's answers include it.
    make_transient_to_detached(answer)
    db.session.add(answer)
    set_committed_value(attempt, "answers", [*attempt.answers, answer])
    if finished:
        set_committed_value(attempt, "finished_at", answer.created_at)
    return answer, True


_INSERT_ANSWER = insert(Answer.__table__)
_FINISH = (
    update(Attempt.__table__)
    .where(Attempt.__table__.c.id == bindparam("attempt_id"))
    .values(finished_at=bindparam("finished_at"))
)


def _row_of(answer: Answer) -> dict:
    return {column: getattr(answer, column) for column in _ANSWER_COLUMNS if column != "id"}


@dataclass
class ReviewItem:
    """One question of a finished attempt, with what was answered and what was right."""

    number: int
    question: Question
    answer: Answer | None
    given: str
    expected: str


@dataclass
class Summary:
    """Totals and the per-question review of an attempt."""

    items: list[ReviewItem]
    points: float = 0
    max_points: int = 0
    correct: int = 0
    answered: int = 0
    marks: float | None = None
    by_certainty: dict[int, tuple[int, int]] = field(default_factory=dict)  # level -> (answered, right)
    confident_errors: list[ReviewItem] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of answered questions that were fully right."""
        return self.correct / self.answered if self.answered else 0.0

    @property
    def missed_ids(self) -> list[str]:
        """Questions not fully right, in quiz order."""
        return [i.question.id for i in self.items if i.answer is None or not i.answer.correct]


def review_item(bank: Bank, number: int, question: Question, answer: Answer | None) -> ReviewItem:
    """One question as the feedback and summary pages review it."""
    given = response_text(question, answer.response, bank) if answer else "(not answered)"
    return ReviewItem(number, question, answer, given, answer_text(question, bank.articles))


def summarize(bank: Bank, attempt: Attempt) -> Summary:
    """Score, accuracy, confidence calibration and the review of every question."""
    done = answers_by_question(attempt)
    summary = Summary(items=[])
    for number, qid in enumerate(attempt.question_ids, start=1):
        question = bank.question(qid)
        if question is None:
            continue
        answer = done.get(qid)
        item = review_item(bank, number, question, answer)
        summary.items.append(item)
        summary.max_points += question.points
        if answer is None:
            continue
        summary.answered += 1
        summary.points += answer.points
        summary.correct += answer.correct
        if answer.certainty:
            seen, right = summary.by_certainty.get(answer.certainty, (0, 0))
            summary.by_certainty[answer.certainty] = (seen + 1, right + answer.correct)
            summary.marks = (summary.marks or 0) + (answer.marks or 0)
            if answer.certainty == 3 and not answer.correct:
                summary.confident_errors.append(item)
    return summary


def score_so_far(attempt: Attempt) -> tuple[float, int]:
    """Points earned and points available among answered questions."""
    return (sum(a.points for a in attempt.answers), sum(a.max_points for a in attempt.answers))
