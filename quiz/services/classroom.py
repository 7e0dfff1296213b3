"""Class sessions: create and manage them, join codes, players, removed devices."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from ..content import Quiz
from ..database import write_transaction
from ..extensions import db
from ..models import Attempt, ClassSession, Player, RemovedDevice, as_utc
from . import clock, nicknames
from .attempts import new_token

# No 0/O, 1/I/L: 31 symbols, so 6 characters give 31**6 (about 2**29.7) codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MODES = ("live", "self-paced")
REVEALS = ("each", "close")
RANKINGS = ("points", "marks")  # what a live leaderboard ranks by


class ClassroomError(Exception):
    """An action that cannot be done now; the message is for the person who tried."""


class NicknameTaken(ClassroomError):
    """Someone in the session already has that nickname."""


REMOVED = "Your teacher removed you from this session. Ask them to let you back in if that was a mistake."
FINISHED = "This game is finished. Duplicate the session to play it again."


@dataclass(frozen=True)
class SessionSettings:
    """What a teacher chooses when creating a session."""

    quiz_id: str
    title: str
    mode: str = "self-paced"
    confidence: bool = False
    speed_bonus: bool = False
    reveal: str = "each"
    seconds: int = 60
    version: tuple[int | None, str | None] = (None, None)  # the bank version pinned: (row id, content hash)
    generated_names: bool = False  # students get a generated nickname and cannot type their own
    auto_reveal: bool = False  # live: a question ends as soon as every player has answered
    rank_by: str = "points"  # live with confidence on: the leaderboard ranks by "points" or "marks"


def new_code() -> str:
    """A random join code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """A typed code as stored: upper case, with spaces and dashes dropped."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:16]


def _assign_code(session: ClassSession) -> None:
    """Give ``session`` a code unique among live codes (retrying on the rare clash)."""
    for _ in range(20):
        code = new_code()
        taken = db.session.scalar(select(func.count()).where(ClassSession.join_code == code))
        if not taken:
            session.join_code = code
            session.codes = [*(session.codes or []), code]  # a new list, so the JSON column sees the change
            return
    raise ClassroomError("Could not find a free join code; please try again.")


def create_session(teacher_id: int, quiz: Quiz, settings: SessionSettings) -> ClassSession:
    """Create an open session from a quiz with the teacher's settings."""
    if settings.mode not in MODES or settings.reveal not in REVEALS:
        raise ClassroomError("Unknown mode or reveal setting.")
    session = ClassSession(
        teacher_id=teacher_id,
        quiz_id=quiz.id,
        title=settings.title.strip() or quiz.title,
        mode=settings.mode,
        confidence=settings.confidence,
        speed_bonus=settings.speed_bonus,
        reveal=settings.reveal,
        seconds=max(5, min(settings.seconds, 600)),
        generated_names=settings.generated_names,
        auto_reveal=settings.auto_reveal,
        rank_by=settings.rank_by if settings.confidence and settings.rank_by in RANKINGS else "points",
        bank_version_id=settings.version[0],
        bank_hash=settings.version[1],
        question_ids=list(quiz.question_ids),
        seed=secrets.randbits(31),
        status="open",
        phase="lobby",
        current=-1,
        version=1,
    )
    for _ in range(3):
        try:
            with write_transaction() as s:
                _assign_code(session)
                s.add(session)
            return session
        except IntegrityError:  # another session took the same code between check and insert
            db.session.expunge_all()
    raise ClassroomError("Could not create the session; please try again.")


def teacher_sessions(teacher_id: int) -> list[tuple[ClassSession, int]]:
    """A teacher's sessions, newest first, each with its number of players (one query)."""
    players = select(func.count(Player.id)).where(Player.session_id == ClassSession.id).scalar_subquery()
    query = select(ClassSession, players).where(ClassSession.teacher_id == teacher_id).order_by(ClassSession.id.desc())
    return [(session, count) for session, count in db.session.execute(query)]


def player_count(session: ClassSession) -> int:
    """How many players have joined ``session``."""
    return db.session.scalar(select(func.count(Player.id)).where(Player.session_id == session.id)) or 0


def owned_session(teacher_id: int, session_id: int) -> ClassSession | None:
    """The session if it belongs to this teacher; None otherwise (the caller answers 404)."""
    session = db.session.get(ClassSession, session_id)
    return session if session is not None and session.teacher_id == teacher_id else None


def set_status(session: ClassSession, status: str) -> None:
    """Pause, close or reopen; closing kills the join code, reopening issues a new one.

    A live question's clock stands still whenever the session is not open (paused or closed) and
    goes on from the same second when it opens again. A finished live game stays closed.
    """
    if status not in ("open", "paused", "closed"):
        raise ClassroomError("Unknown status.")
    with write_transaction():
        db.session.refresh(session, with_for_update=True)  # decide on the current status, not a stale one
        if session.finished and status != "closed":
            raise ClassroomError(FINISHED)
        now = clock.now()
        if status != "open" and session.paused_at is None:
            session.paused_at = now
        elif status == "open" and session.paused_at is not None:
            # The clock stood still: move the phase's start on by the time it stood.
            if session.phase_started_at is not None:
                session.phase_started_at = as_utc(session.phase_started_at) + (now - as_utc(session.paused_at))
            session.paused_at = None
        session.status = status
        session.version += 1
        if status == "closed":
            session.join_code = None
            session.closed_at = now
        else:
            session.closed_at = None
            if session.join_code is None:
                _assign_code(session)


def duplicate_session(session: ClassSession) -> ClassSession:
    """A fresh open session with the same quiz and settings and no players."""
    settings = SessionSettings(
        quiz_id=session.quiz_id,
        title=session.title,
        mode=session.mode,
        confidence=session.confidence,
        speed_bonus=session.speed_bonus,
        reveal=session.reveal,
        seconds=session.seconds,
        version=(session.bank_version_id, session.bank_hash),  # a copy plays the same version
        generated_names=bool(session.generated_names),
        auto_reveal=bool(session.auto_reveal),
        rank_by=session.rank_by or "points",
    )
    quiz = Quiz(session.quiz_id, session.title, question_ids=tuple(session.question_ids))
    return create_session(session.teacher_id, quiz, settings)


def delete_session(session: ClassSession) -> None:
    """Delete a session with every player and answer in it."""
    with write_transaction() as s:
        s.delete(session)


SETTLED_PHASES = ("reveal", "leaderboard", "finished")  # a live session's phases in which no answer comes in


def find_open_session(code: str) -> ClassSession | None:
    """The session a typed join code opens, if it is open or paused."""
    code = normalize_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(select(ClassSession).where(ClassSession.join_code == code))


# Built once: a statement made per call costs its cache key and more on every phone request.
_SESSION_AND_PLAYER = (
    select(ClassSession, Player)
    .outerjoin(Player, (Player.session_id == ClassSession.id) & (Player.token == bindparam("token")))
    .outerjoin(Player.attempt)
    .options(contains_eager(Player.attempt).joinedload(Attempt.answers))
    .where(ClassSession.id == bindparam("session_id"))
)


def session_and_player(session_id: int, token: str | None) -> tuple[ClassSession | None, Player | None]:
    """A session and the player this device's token names in it, with the player's attempt and answers, in one query."""
    row = db.session.execute(_SESSION_AND_PLAYER, {"session_id": session_id, "token": token or ""}).unique().first()
    return (None, None) if row is None else (row[0], row[1])


def session_player(session: ClassSession, token: str | None) -> Player | None:
    """The player this device's token names in ``session``, if any."""
    if not token:
        return None
    player = db.session.scalar(select(Player).where(Player.token == token))
    return player if player is not None and player.session_id == session.id else None


def player_of_browser(session: ClassSession, browser: str) -> Player | None:
    """The player this browser became in ``session`` (its answers are bound to the browser)."""
    query = (
        select(Player)
        .join(Attempt, Attempt.player_id == Player.id)
        .where(Player.session_id == session.id, Attempt.owner == browser)
    )
    return db.session.scalars(query).first()


def taken_nicknames(session: ClassSession) -> set[str]:
    """Nicknames already used in a session."""
    return set(db.session.scalars(select(Player.nickname).where(Player.session_id == session.id)))


def suggest_nickname(session: ClassSession) -> str:
    """A generated nickname free in this session."""
    return nicknames.generate(taken_nicknames(session))


def _nickname_or_error(session: ClassSession, raw: str, exclude: int | None = None) -> str:
    nickname = nicknames.clean(raw)
    reason = nicknames.problem(nickname)
    if reason:
        raise ClassroomError(reason)
    query = select(Player.id).where(Player.session_id == session.id, func.lower(Player.nickname) == nickname.lower())
    clash = db.session.scalar(query)
    if clash is not None and clash != exclude:
        raise NicknameTaken("Someone in this session already has that nickname; please choose another.")
    return nickname


def join(session: ClassSession, raw_nickname: str, browser: str, *, suggested: str | None = None) -> Player:
    """Add a player to an open session, with an attempt bound to this browser.

    ``suggested`` is the generated nickname the join page offered. When the student kept it, or
    the session gives generated names only, a clash (someone took that name a moment earlier, as
    happens when a whole class joins at once) is retried with another generated name.
    """
    if session.status != "open" or session.finished:
        raise ClassroomError("This session is not taking new players right now.")
    if removed_device(session, browser) is not None:
        raise ClassroomError(REMOVED)
    offered = nicknames.clean(suggested or "")
    if session.generated_names:
        wanted, retry = offered or suggest_nickname(session), True
    else:
        wanted = nicknames.clean(raw_nickname)
        retry = bool(offered) and wanted.casefold() == offered.casefold()
    for _ in range(10):
        try:
            return _add_player(session, _nickname_or_error(session, wanted), browser)
        except NicknameTaken:
            if not retry:
                raise
            wanted = suggest_nickname(session)
    raise ClassroomError("Could not find a free nickname; please try again.")


def _add_player(session: ClassSession, nickname: str, browser: str) -> Player:
    player = Player(session_id=session.id, nickname=nickname, token=new_token())
    attempt = Attempt(
        id=new_token(),
        owner=browser,
        bank_version_id=session.bank_version_id,
        bank_hash=session.bank_hash,
        quiz_id=session.quiz_id,
        title=session.title,
        question_ids=list(session.question_ids),
        seed=session.seed if session.mode == "live" else secrets.randbits(31),
        confidence=session.confidence,
        open_book=False,
    )
    try:
        with write_transaction() as s:
            s.add(player)
            _new_board(session)
            s.flush()
            attempt.player_id = player.id
            s.add(attempt)
    except IntegrityError:  # two students picked the same nickname at the same moment
        raise NicknameTaken("Someone in this session already has that nickname; please choose another.") from None
    return player


def rename_player(player: Player, raw_nickname: str) -> None:
    """Give a player another nickname (the teacher's fix for an unsuitable one)."""
    nickname = _nickname_or_error(player.session, raw_nickname, exclude=player.id)
    try:
        with write_transaction():
            player.nickname = nickname
            _new_board(player.session)
    except IntegrityError:
        raise ClassroomError("Someone in this session already has that nickname.") from None


def _new_board(session: ClassSession) -> None:
    """Inside a write transaction that changes the players: while leaderboards show, a new state.

    Then every phone and the projector redraws its board, and no process keeps serving one it
    worked out before (see live.standings_key).
    """
    if session.mode == "live" and session.phase in SETTLED_PHASES:
        bump = update(ClassSession).where(ClassSession.id == session.id)
        db.session.execute(bump.values(version=ClassSession.version + 1))


def device_key(browser: str) -> str:
    """How a removed device is remembered: a hash of its browser token, never the token itself."""
    return hashlib.sha256(browser.encode()).hexdigest()


def remove_player(player: Player) -> None:
    """Remove a player and their answers; their device cannot join the session again until let back in."""
    attempt = player.attempt
    with write_transaction() as s:
        if attempt is not None and removed_device(player.session, attempt.owner) is None:
            s.add(
                RemovedDevice(
                    session_id=player.session_id,
                    device=device_key(attempt.owner),
                    nickname=player.nickname,
                    attempt_id=attempt.id,
                    removed_at=clock.now(),
                )
            )
        s.delete(player)
        _new_board(player.session)


def removed_device(session: ClassSession, browser: str | None) -> RemovedDevice | None:
    """The removal that keeps this browser out of ``session``, if any."""
    if not isinstance(browser, str) or not browser:
        return None
    query = select(RemovedDevice).where(
        RemovedDevice.session_id == session.id, RemovedDevice.device == device_key(browser)
    )
    return db.session.scalar(query)


def removal_of_attempt(attempt_id: str, browser: str | None) -> RemovedDevice | None:
    """The removal that took this browser's attempt away, so its pages can say why they are gone."""
    if not isinstance(browser, str) or not browser or len(attempt_id) > 32:
        return None
    query = select(RemovedDevice).where(
        RemovedDevice.attempt_id == attempt_id, RemovedDevice.device == device_key(browser)
    )
    return db.session.scalar(query)


def let_back(session: ClassSession, removed_id: int) -> RemovedDevice | None:
    """Let a removed device join ``session`` again (as a new player); None if there is no such removal."""
    removal = db.session.get(RemovedDevice, removed_id)
    if removal is None or removal.session_id != session.id:
        return None
    with write_transaction() as s:
        s.delete(removal)
    return removal


def owned_player(session: ClassSession, player_id: int) -> Player | None:
    """A player of this session, or None."""
    player = db.session.get(Player, player_id)
    return player if player is not None and player.session_id == session.id else None


def device_sessions(browser: str | None, limit: int = 30) -> list[tuple[ClassSession, Player]]:
    """The sessions this browser played in, newest first, each with its player there."""
    if not isinstance(browser, str) or not browser:  # none yet, or a cookie that is not ours
        return []
    query = (
        select(ClassSession, Player)
        .join(Player, Player.session_id == ClassSession.id)
        .join(Attempt, Attempt.player_id == Player.id)
        .options(contains_eager(Player.attempt))  # the links need each attempt: no query per row
        .where(Attempt.owner == browser)
        .order_by(Player.created_at.desc(), Player.id.desc())
        .limit(limit)
    )
    return [(session, player) for session, player in db.session.execute(query)]


def played_with_code(browser: str | None, code: str) -> tuple[ClassSession, Player] | None:
    """The session this browser played whose join code was ``code`` (today's or an old one)."""
    code = normalize_code(code)
    if len(code) != CODE_LENGTH:
        return None
    for session, player in device_sessions(browser):
        if code == session.join_code or code in (session.codes or ()):
            return session, player
    return None
