"""SQLAlchemy 2 models: attempts and answers; teachers, class sessions, players, removed devices; library banks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> dt.datetime:
    """The current time in UTC (a callable default for timestamps)."""
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite returns naive ones)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


class Attempt(db.Model):
    """One player's run through a quiz; the id is an unguessable token."""

    __tablename__ = "attempt"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    quiz_id: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[bool] = mapped_column(Boolean, default=False)
    open_book: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    player_id: Mapped[int | None] = mapped_column(ForeignKey("player.id", ondelete="CASCADE"), unique=True)
    # The bank version played (None: an attempt made before the library, on the file bank of the day).
    bank_version_id: Mapped[int | None] = mapped_column(ForeignKey("bank_version.id", ondelete="CASCADE"), index=True)
    bank_hash: Mapped[str | None] = mapped_column(String(64))  # the version's content hash: its cache key

    player: Mapped[Player | None] = relationship(back_populates="attempt")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="Answer.position"
    )


class Answer(db.Model):
    """The first recorded answer to one question of an attempt (it stands)."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="uq_answer_attempt_question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[str] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)
    response: Mapped[Any] = mapped_column(JSON)
    fraction: Mapped[float] = mapped_column(Float)
    correct: Mapped[bool] = mapped_column(Boolean)
    points: Mapped[float] = mapped_column(Float)
    max_points: Mapped[int] = mapped_column(Integer)
    certainty: Mapped[int | None] = mapped_column(Integer)
    marks: Mapped[float | None] = mapped_column(Float)
    elapsed: Mapped[float | None] = mapped_column(Float)  # seconds taken, for reports and speed bonus
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")


class Teacher(db.Model):
    """A teacher account: email and an Argon2id password hash."""

    __tablename__ = "teacher"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    logins: Mapped[list[LoginSession]] = relationship(back_populates="teacher", cascade="all, delete-orphan")
    sessions: Mapped[list[ClassSession]] = relationship(back_populates="teacher", cascade="all, delete-orphan")


class LoginSession(db.Model):
    """One signed-in browser of a teacher; deleting it makes that cookie useless."""

    __tablename__ = "login_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    teacher: Mapped[Teacher] = relationship(back_populates="logins")


class Throttle(db.Model):
    """A rate-limit counter (failed logins per account or address, wrong join codes per address)."""

    __tablename__ = "throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ClassSession(db.Model):
    """A quiz run by a teacher for a class: live (teacher-paced) or self-paced homework."""

    __tablename__ = "class_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    mode: Mapped[str] = mapped_column(String(16))  # live | self-paced
    confidence: Mapped[bool] = mapped_column(Boolean, default=False)
    speed_bonus: Mapped[bool] = mapped_column(Boolean, default=False)
    reveal: Mapped[str] = mapped_column(String(16), default="each")  # each | close
    seconds: Mapped[int] = mapped_column(Integer, default=60)  # live: time per question
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | paused | closed
    join_code: Mapped[str | None] = mapped_column(String(6), unique=True)  # only while not closed
    question_ids: Mapped[list[str]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(Integer)
    phase: Mapped[str] = mapped_column(
        String(16), default="lobby"
    )  # lobby | question | reveal | leaderboard | finished
    current: Mapped[int] = mapped_column(Integer, default=-1)  # live: index of the current question
    phase_started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    paused_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))  # the clock stops
    version: Mapped[int] = mapped_column(Integer, default=0)  # bumped on every live change (ETag)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The bank version the session is pinned to; its report and CSVs read that version, whatever changes later.
    bank_version_id: Mapped[int | None] = mapped_column(ForeignKey("bank_version.id", ondelete="RESTRICT"), index=True)
    bank_hash: Mapped[str | None] = mapped_column(String(64))
    # Added later, so nullable (None reads as the default): students only get generated nicknames;
    # a live question ends once every player has answered; the open question's own time (its
    # `time:`), else `seconds`; every join code the session has had, so a device that played
    # can still use an old one to find its results.
    generated_names: Mapped[bool | None] = mapped_column(Boolean, default=False)
    auto_reveal: Mapped[bool | None] = mapped_column(Boolean, default=False)
    question_seconds: Mapped[int | None] = mapped_column(Integer)
    codes: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    # Live, with confidence on: the leaderboard ranks by "points" or by certainty "marks".
    rank_by: Mapped[str | None] = mapped_column(String(8), default="points")

    teacher: Mapped[Teacher] = relationship(back_populates="sessions")

    @property
    def answers_shown(self) -> bool:
        """Whether students may see right answers now (after each question, or once closed)."""
        return self.reveal == "each" or self.status == "closed"

    @property
    def finished(self) -> bool:
        """Whether a live session was played to its end (it is then closed for good)."""
        return self.phase == "finished"

    @property
    def ranks_by_marks(self) -> bool:
        """Whether the leaderboard ranks by certainty marks (only ever with confidence on)."""
        return bool(self.confidence) and self.rank_by == "marks"

    @property
    def time_limit(self) -> int:
        """Seconds to answer the open question (its own time, or the session's)."""
        return self.question_seconds or self.seconds

    players: Mapped[list[Player]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Player.nickname"
    )
    removed: Mapped[list[RemovedDevice]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="RemovedDevice.removed_at"
    )


class Player(db.Model):
    """A student in a class session, known only by a nickname and a device cookie."""

    __tablename__ = "player"
    __table_args__ = (UniqueConstraint("session_id", "nickname", name="uq_player_nickname"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"), index=True)
    nickname: Mapped[str] = mapped_column(String(40))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    session: Mapped[ClassSession] = relationship(back_populates="players")
    attempt: Mapped[Attempt | None] = relationship(back_populates="player", cascade="all, delete-orphan")


class RemovedDevice(db.Model):
    """A device the teacher removed from a session: it cannot join it again until the teacher lets it back."""

    __tablename__ = "removed_device"
    __table_args__ = (UniqueConstraint("session_id", "device", name="uq_removed_device"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"), index=True)
    device: Mapped[str] = mapped_column(String(64))  # SHA-256 of the browser's token (Attempt.owner)
    nickname: Mapped[str] = mapped_column(String(40))
    # The attempt that went with the player, so its old pages can say "removed" rather than "not found".
    attempt_id: Mapped[str | None] = mapped_column(String(32), index=True)
    removed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    session: Mapped[ClassSession] = relationship(back_populates="removed")


class LibraryBank(db.Model):
    """A question bank in the library: owned by a teacher (or, with a ``system_key``, the served file bank)."""

    __tablename__ = "bank"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    system_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # "file": QUIZ_BANK's versions
    title: Mapped[str] = mapped_column(String(200))
    latest: Mapped[int] = mapped_column(Integer, default=0)  # number of the newest version (0: none yet)
    practice_token: Mapped[str | None] = mapped_column(String(43), unique=True)  # the practice link, when on
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # A save that did not check clean: the teacher's text and its problems, kept but never played.
    draft_text: Mapped[str | None] = mapped_column(Text)
    draft_problems: Mapped[list | None] = mapped_column(JSON)
    draft_base: Mapped[int | None] = mapped_column(Integer)  # the version the draft was edited from
    draft_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    owner: Mapped[Teacher | None] = relationship()
    shares: Mapped[list[BankShare]] = relationship(back_populates="bank", cascade="all, delete-orphan")


class BankVersion(db.Model):
    """One immutable, numbered, checked-clean state of a bank: its questions.yaml and its article files."""

    __tablename__ = "bank_version"
    __table_args__ = (UniqueConstraint("bank_id", "number", name="uq_bank_version_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    questions_yaml: Mapped[str] = mapped_column(Text)
    articles: Mapped[dict[str, str]] = mapped_column(JSON)  # file name -> Markdown text
    author_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # added / removed / changed ids
    question_count: Mapped[int] = mapped_column(Integer, default=0)
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(String(300))  # how it was made: "saved in the editor", "imported"...

    author: Mapped[Teacher | None] = relationship()


class BankShare(db.Model):
    """A bank shared read-only with another teacher of the server (who may play, preview and copy it)."""

    __tablename__ = "bank_share"

    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    bank: Mapped[LibraryBank] = relationship(back_populates="shares")
    teacher: Mapped[Teacher] = relationship()


class DraftDecision(db.Model):
    """A draft a teacher added to a bank or set aside, so that its article's list does not offer it again."""

    __tablename__ = "draft_decision"

    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    draft_key: Mapped[str] = mapped_column(String(64), primary_key=True)  # the draft's own hash (quiz.drafts)
    decision: Mapped[str] = mapped_column(String(8))  # "added" or "rejected"
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
