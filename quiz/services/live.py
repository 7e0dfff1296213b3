"""Live (teacher-paced) sessions: the phase machine, timed answers, and the shared state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Engine

from ..content import Bank
from ..database import driver_row, write_transaction
from ..extensions import db
from ..kinds import present
from ..models import Answer, Attempt, ClassSession, Player, as_utc
from ..scoring import speed_factor
from . import clock
from .attempts import PlayError, answers_by_question, record_answer
from .classroom import SETTLED_PHASES, ClassroomError, player_count
from .splits import SplitRow, split

GRACE_SECONDS = 2.0  # network latency allowance after the deadline


@dataclass(frozen=True)
class LiveState:
    """What every screen of a live session needs to know, cheap to compute and to compare."""

    version: int
    status: str
    phase: str
    current: int
    total: int
    remaining: float | None  # seconds left to answer, while a question is open


def remaining(session: ClassSession, now: dt.datetime | None = None) -> float | None:
    """Seconds left on the current question (None outside the question phase and once closed)."""
    if session.phase != "question" or session.phase_started_at is None or session.status == "closed":
        return None
    now = as_utc(session.paused_at) or now or clock.now()  # a paused question's clock stands still
    elapsed = (now - as_utc(session.phase_started_at)).total_seconds()
    return max(0.0, session.time_limit - elapsed)


# A phone's poll: the session's version and mode, and whether the token names one of its players.
_POLL = (
    select(ClassSession.version, ClassSession.mode, Player.id)
    .select_from(ClassSession)
    .outerjoin(Player, (Player.session_id == ClassSession.id) & (Player.token == bindparam("token")))
    .where(ClassSession.id == bindparam("session_id"))
)


def poll(session_id: int, token: str | None, engine: Engine | None = None) -> tuple[int, str, int | None] | None:
    """(version, mode, player id or None) of a session for a phone's poll, in one read; None if no such session.

    Most polls find nothing changed, so they are answered from this alone (see web.live_state.StatePolls).
    """
    row = driver_row(_POLL, {"session_id": session_id, "token": token or ""}, engine)
    return None if row is None else (row[0], row[1], row[2])


def state(session: ClassSession) -> LiveState:
    """The session's live state."""
    return LiveState(
        session.version, session.status, session.phase, session.current, len(session.question_ids), remaining(session)
    )


def advance(session: ClassSession, action: str, bank: Bank | None = None) -> None:
    """Move the live session on: start, reveal, leaderboard, next, finish (which also closes it).

    With ``bank``, a question that sets its own ``time`` gets that long instead of the session's seconds.
    """
    if session.mode != "live":
        raise ClassroomError("Only live sessions are teacher-paced.")
    with write_transaction():
        # Read the phase inside the write transaction, so a double click moves on only once.
        db.session.refresh(session, with_for_update=True)
        if session.status == "closed":
            raise ClassroomError(
                "This game is finished." if session.finished else "This session is closed; reopen it first."
            )
        session.phase, session.current = _next_phase(session, action)
        session.phase_started_at = clock.now()
        if session.phase == "question":
            question = bank.question(session.question_ids[session.current]) if bank is not None else None
            session.question_seconds = question.time if question is not None else None
        if session.paused_at is not None:  # moved on while paused: the new phase starts paused
            session.paused_at = session.phase_started_at
        if session.phase == "finished":  # the end: the code dies, no one joins, answers are shown
            session.status, session.join_code, session.closed_at = "closed", None, session.phase_started_at
            session.paused_at = None
        session.version += 1


def _next_phase(session: ClassSession, action: str) -> tuple[str, int]:
    """The (phase, question index) that ``action`` leads to, or ClassroomError."""
    total = len(session.question_ids)
    phase, current = session.phase, session.current
    if action == "start" and phase == "lobby":
        return "question", 0
    if action == "reveal" and phase == "question":
        return "reveal", current
    if action == "leaderboard" and phase == "reveal":
        return "leaderboard", current
    if action == "next" and phase in ("reveal", "leaderboard") and current + 1 < total:
        return "question", current + 1
    if action == "finish" and phase in ("reveal", "leaderboard"):
        return "finished", current
    raise ClassroomError("That step is not possible now.")


def answer_live(
    bank: Bank,
    session: ClassSession,
    player: Player,
    index: int | None,
    response: Any,
    certainty: int | None = None,
    now: dt.datetime | None = None,
) -> Answer:
    """Record a player's answer to the open question, refusing late or out-of-turn ones."""
    moment = now or clock.now()
    attempt = player.attempt
    if index is not None and 0 <= index < len(attempt.question_ids):
        existing = answers_by_question(attempt).get(attempt.question_ids[index])
        if existing is not None:  # sent again (its reply was lost): the first answer stands, even after the time
            return existing
    _check_open(session, index, moment)  # quick refusal before any scoring

    def still_open() -> None:
        # Again inside the write transaction, under a shared row lock on PostgreSQL (SQLite's
        # BEGIN IMMEDIATE already excludes the teacher's update), so a reveal cannot slip between.
        now = db.session.connection().execute(_OPEN_STATE, {"session_id": session.id}).one()
        _refuse_unless_open(now.status, now.phase, now.current, now.phase_started_at, now.limit, index, moment)

    elapsed = (moment - as_utc(session.phase_started_at)).total_seconds()
    limit = session.time_limit
    factor = speed_factor(min(elapsed, limit), limit) if session.speed_bonus else 1.0
    answer, created = record_answer(
        bank,
        player.attempt,
        index,
        response,
        certainty,
        in_order=False,
        elapsed=elapsed,
        speed=factor,
        guard=still_open,
    )
    if created and session.auto_reveal:
        _end_when_everyone_answered(session, index)
    return answer


def _end_when_everyone_answered(session: ClassSession, index: int) -> None:
    """Move on to the reveal once every player has answered question ``index`` (the teacher chose so)."""
    if answered_count(session, index) < player_count(session):
        return  # the usual case, decided without taking the session's row lock
    with write_transaction():
        db.session.refresh(session, with_for_update=True)
        if session.status != "open" or session.phase != "question" or session.current != index:
            return  # the teacher, or another last answer, moved on already
        if answered_count(session, index) < player_count(session):
            return
        session.phase, session.phase_started_at = "reveal", clock.now()
        session.version += 1


def _check_open(session: ClassSession, index: int | None, moment: dt.datetime) -> None:
    """Refuse with PlayError unless question ``index`` is open and its deadline (plus grace) not past."""
    _refuse_unless_open(
        session.status, session.phase, session.current, session.phase_started_at, session.time_limit, index, moment
    )


# What decides whether an answer is still taken, read under the lock in the answer's transaction
# (a few columns by a statement built once: reloading the whole session row cost more).
_OPEN_STATE = (
    select(
        ClassSession.status,
        ClassSession.phase,
        ClassSession.current,
        ClassSession.phase_started_at,
        func.coalesce(ClassSession.question_seconds, ClassSession.seconds).label("limit"),
    )
    .where(ClassSession.id == bindparam("session_id"))
    .with_for_update(read=True)
)


def _refuse_unless_open(status, phase, current, started, limit, index, moment) -> None:
    if status != "open":
        raise PlayError("The session is paused; wait for your teacher.")
    if phase != "question" or index != current:
        raise PlayError("This question is no longer open.")
    if (moment - as_utc(started)).total_seconds() > limit + GRACE_SECONDS:
        raise PlayError("Time is up: your answer came in after the deadline and was not counted.")


def _answers_to(session: ClassSession, index: int, *columns):
    """A select of ``columns`` over the session's players' answers to question ``index``."""
    qid = session.question_ids[index]
    return (
        select(*columns)
        .select_from(Answer)
        .join(Attempt)
        .join(Player)
        .where(Player.session_id == session.id, Answer.question_id == qid)
    )


def answered_count(session: ClassSession, index: int) -> int:
    """How many players have answered question ``index``."""
    return db.session.scalar(_answers_to(session, index, func.count())) or 0


def waiting_for(session: ClassSession, index: int) -> list[str]:
    """Nicknames of the players who have not answered question ``index`` yet, alphabetically."""
    answered = _answers_to(session, index, Player.id)
    query = (
        select(Player.nickname)
        .where(Player.session_id == session.id, Player.id.not_in(answered))
        .order_by(Player.nickname)
    )
    return list(db.session.scalars(query))


def responses(session: ClassSession, index: int) -> list:
    """The stored responses of the session's players to question ``index``."""
    return list(db.session.scalars(_answers_to(session, index, Answer.response)))


def reveal_split(bank: Bank, session: ClassSession, index: int) -> list[SplitRow]:
    """How the class answered question ``index``, for the reveal, in the letters its options had."""
    question = bank.question(session.question_ids[index])
    return split(bank, question, responses(session, index), present(bank, session.seed, question))


@dataclass(frozen=True)
class Standing:
    """A player's place on the leaderboard."""

    rank: int
    nickname: str
    points: float
    player_id: int
    marks: float | None = None  # certainty marks, when the session asks for confidence
    by_marks: bool = False  # ranked by marks rather than points

    @property
    def score(self) -> float:
        """What the player is ranked by."""
        return self.marks if self.by_marks and self.marks is not None else self.points


def standings_key(session: ClassSession) -> tuple | None:
    """What the leaderboard depends on once it cannot change within the session's state, else None.

    From the reveal on, the question is closed to answers (an answer's write transaction checks the
    phase under the session's lock), so until the state's version moves on, every phone and the
    projector would compute the same standings: a process may keep them by this key.
    """
    if session.phase not in SETTLED_PHASES:
        return None
    # created_at too: on SQLite a deleted session's id may be given to the next one, from version 1 again.
    return (session.id, session.created_at, session.version, session.ranks_by_marks, session.confidence)


def leaderboard(session: ClassSession) -> list[Standing]:
    """Every player by points, or by certainty marks when the teacher chose so (ties share a rank)."""
    points = func.coalesce(func.sum(Answer.points), 0.0)
    marks = func.coalesce(func.sum(Answer.marks), 0.0)
    by_marks = session.ranks_by_marks
    query = (
        select(Player.id, Player.nickname, points, marks)
        .select_from(Player)
        .outerjoin(Attempt, Attempt.player_id == Player.id)
        .outerjoin(Answer, Answer.attempt_id == Attempt.id)
        .where(Player.session_id == session.id)
        .group_by(Player.id, Player.nickname)
        .order_by((marks if by_marks else points).desc(), Player.nickname)
    )
    standings, rank, last = [], 0, None
    for position, (player_id, nickname, total, marked) in enumerate(db.session.execute(query), start=1):
        total, marked = round(float(total), 3), round(float(marked), 3) if session.confidence else None
        key = marked if by_marks else total
        if key != last:
            rank, last = position, key
        standings.append(Standing(rank, nickname, total, player_id, marked, by_marks))
    return standings
