"""Class session reports: per question, per student, per skill, discernment, confident errors (no Flask)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..content import Bank, Question
from ..content.model import SKILLS
from ..extensions import db
from ..kinds import answer_text, response_text
from ..models import Answer, Attempt, ClassSession, Player
from .report_measures import Calibration, Discernment, calibration, discernment, mean
from .splits import SplitRow, split

NO_SKILL = "(no skill)"


@dataclass(frozen=True)
class QuestionReport:
    """How the class did on one question."""

    number: int
    question: Question
    expected: str
    answered: int
    right: int
    partial: int
    mean_fraction: float | None
    split: tuple[SplitRow, ...]
    mean_certainty: float | None
    median_seconds: float | None

    @property
    def share_right(self) -> float | None:
        """Share of those who answered who were fully right."""
        return self.right / self.answered if self.answered else None


@dataclass(frozen=True)
class StudentReport:
    """One student's totals."""

    player_id: int
    nickname: str
    answered: int
    correct: int
    partial: int
    points: float
    max_points: int
    marks: float | None
    confident_errors: int
    calibration: Calibration | None

    @property
    def accuracy(self) -> float | None:
        """Share of answered questions that were fully right."""
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class SkillReport:
    """The class's accuracy on the questions practising one skill."""

    skill: str
    questions: int
    answered: int
    right: int
    mean_fraction: float | None

    @property
    def accuracy(self) -> float | None:
        """Share of answers that were fully right."""
        return self.right / self.answered if self.answered else None


@dataclass(frozen=True)
class ConfidentError:
    """A wrong answer given at the highest certainty."""

    nickname: str
    number: int
    question: Question
    given: str
    expected: str


@dataclass(frozen=True)
class AnswerRow:
    """One student's answer to one question (None fields when not answered), for the CSV."""

    nickname: str
    number: int
    question: Question
    given: str | None
    expected: str
    correct: bool | None
    fraction: float | None
    points: float | None
    certainty: int | None
    marks: float | None
    seconds: float | None


@dataclass(frozen=True)
class SessionReport:
    """Everything the report page and the CSV summary show."""

    session_id: int
    title: str
    confidence: bool
    players: int
    question_count: int
    max_points: int
    answers: int
    right: int
    finished: int
    questions: tuple[QuestionReport, ...]
    students: tuple[StudentReport, ...]
    skills: tuple[SkillReport, ...]
    discernment: Discernment | None
    confident_errors: tuple[ConfidentError, ...]
    calibration: Calibration | None

    @property
    def accuracy(self) -> float | None:
        """Share of all answers that were fully right."""
        return self.right / self.answers if self.answers else None

    @property
    def mean_points(self) -> float | None:
        """Average points per student."""
        return sum(s.points for s in self.students) / len(self.students) if self.students else None


def session_players(session: ClassSession) -> list[Player]:
    """The session's players with their attempts and answers loaded, by nickname."""
    query = (
        select(Player)
        .where(Player.session_id == session.id)
        .options(selectinload(Player.attempt).selectinload(Attempt.answers))
    )
    return sorted(db.session.scalars(query), key=lambda p: (p.nickname.casefold(), p.id))


def _answers(player: Player) -> dict[str, Answer]:
    return {a.question_id: a for a in player.attempt.answers} if player.attempt else {}


def _session_questions(bank: Bank, session: ClassSession) -> list[tuple[int, Question]]:
    """(number, question) for the session's questions still in the bank."""
    found = ((n, bank.question(qid)) for n, qid in enumerate(session.question_ids, start=1))
    return [(n, q) for n, q in found if q is not None]


def _question_report(bank: Bank, number: int, question: Question, answers: list[Answer]) -> QuestionReport:
    seconds = [a.elapsed for a in answers if a.elapsed is not None]
    return QuestionReport(
        number=number,
        question=question,
        expected=answer_text(question, bank.articles),
        answered=len(answers),
        right=sum(1 for a in answers if a.correct),
        partial=sum(1 for a in answers if not a.correct and a.fraction > 0),
        mean_fraction=mean(a.fraction for a in answers),
        split=tuple(split(bank, question, [a.response for a in answers])),
        mean_certainty=mean(a.certainty for a in answers if a.certainty is not None),
        median_seconds=statistics.median(seconds) if seconds else None,
    )


def _student_report(player: Player, answers: list[Answer], max_points: int, confidence: bool) -> StudentReport:
    return StudentReport(
        player_id=player.id,
        nickname=player.nickname,
        answered=len(answers),
        correct=sum(1 for a in answers if a.correct),
        partial=sum(1 for a in answers if not a.correct and a.fraction > 0),
        points=round(sum(a.points for a in answers), 3),
        max_points=max_points,
        marks=round(sum(a.marks or 0 for a in answers), 3) if confidence else None,
        confident_errors=sum(1 for a in answers if a.certainty == 3 and not a.correct),
        calibration=calibration(answers) if confidence else None,
    )


def _skill_reports(pairs: list[tuple[Question, list[Answer]]]) -> tuple[SkillReport, ...]:
    grouped: dict[str, list[tuple[Question, list[Answer]]]] = {}
    for question, answers in pairs:
        grouped.setdefault(question.skill or NO_SKILL, []).append((question, answers))
    order = {skill: i for i, skill in enumerate(SKILLS)}
    reports = []
    for skill, items in grouped.items():
        answers = [a for _q, given in items for a in given]
        reports.append(
            SkillReport(
                skill=skill,
                questions=len(items),
                answered=len(answers),
                right=sum(1 for a in answers if a.correct),
                mean_fraction=mean(a.fraction for a in answers),
            )
        )
    return tuple(sorted(reports, key=lambda r: (order.get(r.skill, len(order)), r.skill)))


def build_report(bank: Bank, session: ClassSession) -> SessionReport:
    """The whole report of a class session, from the answers stored so far."""
    players = session_players(session)
    numbered = _session_questions(bank, session)
    max_points = sum(q.points for _n, q in numbered)
    by_player = [(player, _answers(player)) for player in players]
    pairs = [(q, [given[q.id] for _p, given in by_player if q.id in given]) for _n, q in numbered]
    in_quiz = {q.id for _n, q in numbered}
    students = []
    errors = []
    for player, given in by_player:
        answers = [a for qid, a in given.items() if qid in in_quiz]
        students.append(_student_report(player, answers, max_points, session.confidence))
        for number, question in numbered:
            answer = given.get(question.id)
            if answer is not None and answer.certainty == 3 and not answer.correct:
                errors.append(
                    ConfidentError(
                        player.nickname,
                        number,
                        question,
                        response_text(question, answer.response, bank),
                        answer_text(question, bank.articles),
                    )
                )
    every = [a for _q, answers in pairs for a in answers]
    return SessionReport(
        session_id=session.id,
        title=session.title,
        confidence=session.confidence,
        players=len(players),
        question_count=len(numbered),
        max_points=max_points,
        answers=len(every),
        right=sum(1 for a in every if a.correct),
        finished=sum(1 for s in students if s.answered == len(numbered)),
        questions=tuple(
            _question_report(bank, n, q, answers) for (n, q), (_q, answers) in zip(numbered, pairs, strict=True)
        ),
        students=tuple(students),
        skills=_skill_reports(pairs),
        discernment=discernment(pairs),
        confident_errors=tuple(sorted(errors, key=lambda e: (e.number, e.nickname.casefold()))),
        calibration=calibration(every) if session.confidence else None,
    )


def answer_rows(bank: Bank, session: ClassSession) -> list[AnswerRow]:
    """One row per student per question, in nickname then question order."""
    rows = []
    numbered = _session_questions(bank, session)
    for player in session_players(session):
        given = _answers(player)
        for number, question in numbered:
            answer = given.get(question.id)
            expected = answer_text(question, bank.articles)
            if answer is None:
                rows.append(AnswerRow(player.nickname, number, question, None, expected, *([None] * 6)))
                continue
            rows.append(
                AnswerRow(
                    nickname=player.nickname,
                    number=number,
                    question=question,
                    given=response_text(question, answer.response, bank),
                    expected=expected,
                    correct=answer.correct,
                    fraction=answer.fraction,
                    points=answer.points,
                    certainty=answer.certainty,
                    marks=answer.marks,
                    seconds=answer.elapsed,
                )
            )
    return rows
