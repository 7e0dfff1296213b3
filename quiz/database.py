"""Database plumbing: SQLite pragmas, write transactions, schema creation."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

_immediate: ContextVar[bool] = ContextVar("_immediate", default=False)


def configure_engine(engine: Engine) -> None:
    """On SQLite: WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for write transactions."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A write that reads first must hold the write lock from the start, or two such
        # transactions deadlock and one fails with "database is locked".
        immediate = _immediate.get()
        conn.info["immediate"] = immediate
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _holds_write_lock(session) -> bool:
    """Whether the open transaction may write safely (always, except a deferred SQLite one)."""
    connection = session.connection()
    return connection.dialect.name != "sqlite" or connection.info.get("immediate", False)


@contextmanager
def writes_first():
    """Make every transaction begun inside the block a write transaction (BEGIN IMMEDIATE on SQLite)."""
    token = _immediate.set(True)
    try:
        yield
    finally:
        _immediate.reset(token)


@contextmanager
def write_transaction():
    """Run the block in one write transaction (BEGIN IMMEDIATE on SQLite); commit or roll back."""
    session = db.session()  # the scoped session's current Session
    if session.in_transaction() and not _holds_write_lock(session):
        session.commit()  # end the deferred read transaction so the write one starts with the lock
    try:
        with writes_first():
            yield session
            session.commit()
    except BaseException:
        session.rollback()
        raise


def create_schema() -> None:
    """Create missing tables (idempotent)."""
    from . import models  # noqa: F401 - registers the tables

    db.create_all()
