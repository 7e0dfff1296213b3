"""Answers held back from solo play while a class session on the same bank keeps them for its close."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.expression import ColumnClause

from ..extensions import db
from ..models import BankVersion, ClassSession, LibraryBank
from .library import SYSTEM_FILE

# Built once (the question page asks on every solo answer): open "answers after close" sessions on a
# version's bank, and, for attempts from before versions, on the bank file.
_PINNED = aliased(BankVersion)
_OPEN_HIDING = (
    select(ClassSession.question_ids)
    .outerjoin(BankVersion, ClassSession.bank_version_id == BankVersion.id)
    .where(ClassSession.reveal == "close", ClassSession.status != "closed")
)


def _on_bank_of(version_id) -> ColumnElement[bool]:
    """The session is on the bank of version ``version_id`` (a parameter, or a column of the outer query)."""
    pinned = select(_PINNED.bank_id).where(_PINNED.id == version_id)
    if isinstance(version_id, ColumnClause):
        pinned = pinned.correlate(version_id.table)  # two levels down, it would not correlate by itself
    return BankVersion.bank_id == pinned.scalar_subquery()


_ON_FILE_BANK = or_(
    ClassSession.bank_version_id.is_(None),
    BankVersion.bank_id == select(LibraryBank.id).where(LibraryBank.system_key == SYSTEM_FILE).scalar_subquery(),
)
_ON_BANK = _OPEN_HIDING.where(_on_bank_of(bindparam("version_id")))
_ON_FILE = _OPEN_HIDING.where(_ON_FILE_BANK)


def any_held_back(version_id: ColumnElement) -> ColumnElement[bool]:
    """SQL: whether ``held_back`` of the version in the column ``version_id`` may hold anything back.

    For a query that reads an attempt: when it is false, as it is while no such session is open, the
    page need not ask ``held_back`` at all.
    """
    on_its_bank = or_(and_(version_id.is_(None), _ON_FILE_BANK), _on_bank_of(version_id))
    return _OPEN_HIDING.where(on_its_bank).exists()


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
