"""Answers held back from solo play while a class session on the same bank keeps them for its close."""

from __future__ import annotations

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Attempt, BankVersion, ClassSession, LibraryBank
from .library import SYSTEM_FILE

# Built once (the question page asks on every solo answer): open "answers after close" sessions on a
# version's bank, and, for attempts from before versions, on the bank file.
_PINNED = aliased(BankVersion)
_OPEN_HIDING = (
    select(ClassSession.question_ids)
    .outerjoin(BankVersion, ClassSession.bank_version_id == BankVersion.id)
    .where(ClassSession.reveal == "close", ClassSession.status != "closed")
)
_ON_BANK = _OPEN_HIDING.where(
    BankVersion.bank_id == select(_PINNED.bank_id).where(_PINNED.id == bindparam("version_id")).scalar_subquery()
)
_ON_FILE = _OPEN_HIDING.where(
    or_(
        ClassSession.bank_version_id.is_(None),
        BankVersion.bank_id == select(LibraryBank.id).where(LibraryBank.system_key == SYSTEM_FILE).scalar_subquery(),
    )
)


def held_back(version_id: int | None) -> frozenset[str]:
    """Ids of the questions that an open "answers only after close" session on this version's bank uses.

    Any version of the bank counts (a practice link plays the latest one, the session the one it
    pinned), so solo play of the sample or of a practice link cannot show those answers early.
    """
    # Core, not the ORM: the question page asks on every solo answer, and the rows are plain lists.
    connection = db.session.connection()
    if version_id is None:  # an attempt from before versions: the bank file, whatever its version
        rows = connection.execute(_ON_FILE).scalars()
    else:
        rows = connection.execute(_ON_BANK, {"version_id": version_id}).scalars()
    return frozenset(qid for ids in rows for qid in ids)


def held_back_in(attempt: Attempt) -> frozenset[str]:
    """The questions of a solo attempt whose answers are held back now (none for a class attempt)."""
    if attempt.player_id is not None:
        return frozenset()  # a class attempt follows its own session's setting (answers_hidden)
    return held_back(attempt.bank_version_id) & set(attempt.question_ids)
