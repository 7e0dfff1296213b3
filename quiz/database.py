"""Database plumbing: SQLite pragmas, write transactions, schema migrations."""

from __future__ import annotations

import contextlib
import threading
import time
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache

from flask import current_app, has_app_context
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError

from .extensions import db

_immediate: ContextVar[bool] = ContextVar("_immediate", default=False)
_single_read: ContextVar[bool] = ContextVar("_single_read", default=False)


# A pooled connection to a database server that has sat idle this long is pinged before use (a
# restart or a firewall may have dropped it); one in steady use is not, which saves a round trip
# on every request of a busy lesson.
IDLE_PING_SECONDS = 10.0


def configure_engine(engine: Engine) -> None:
    """On SQLite: WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for write transactions.

    On a server: ping connections that come out of the pool after sitting idle.
    """
    if engine.dialect.name != "sqlite":
        _ping_when_idle(engine)
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
        if _single_read.get():  # one statement: the driver runs it on its own, no BEGIN or ROLLBACK to pay
            conn.info["immediate"] = False
            return
        # A write that reads first must hold the write lock from the start, or two such
        # transactions deadlock and one fails with "database is locked".
        immediate = _immediate.get()
        conn.info["immediate"] = immediate
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _in_use(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy):
        if time.monotonic() - record.info.get("idle_since", 0.0) < IDLE_PING_SECONDS:
            return
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        except Exception as exc:  # noqa: BLE001 - any failure means the connection is gone
            # The pool then throws this connection away and checks out a fresh one.
            raise DisconnectionError(f"a pooled connection was dropped: {exc}") from exc
        finally:
            with contextlib.suppress(Exception):  # closing a dead cursor may fail too
                cursor.close()
        if not dbapi_connection.autocommit:
            dbapi_connection.rollback()  # psycopg began a transaction for the ping; end it


@contextmanager
def read_only_connection(engine: Engine | None = None):
    """A pooled connection (of ``engine``, else the app's) for a single read outside any transaction.

    In autocommit, so one statement costs one round trip on a server, and on SQLite no BEGIN
    before it and no ROLLBACK after it: the poll of 300 phones pays this once a second each.
    """
    engine = engine if engine is not None else db.engine
    if engine.dialect.name != "sqlite":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            yield connection
        return
    # SQLite: the driver already runs in autocommit (configure_engine); only our BEGIN is left out.
    token = _single_read.set(True)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        _single_read.reset(token)


def _holds_write_lock(session) -> bool:
    """Whether the open transaction may write safely (always, except a deferred SQLite one)."""
    connection = session.connection()
    return connection.dialect.name != "sqlite" or connection.info.get("immediate", False)


def driver_row(statement, parameters: dict, engine: Engine | None = None) -> tuple | None:
    """The first row of the SELECT ``statement``, read straight through the driver on a pooled connection.

    For the hottest read only (a phone's poll: 300 a second in a lesson, nearly all answered from it
    alone): SQLAlchemy's Connection, execution context and result cost five times the query itself.
    The statement is compiled once per dialect; the DBAPI connection comes from the engine's pool and
    goes back to it (its pool events, such as the idle ping, apply); the read runs in autocommit, so
    there is no BEGIN before it and no ROLLBACK after it. Nothing is converted on the way in or out,
    so the statement's parameters and columns must be plain integers and strings.
    """
    engine = engine if engine is not None else db.engine
    compiled = _compiled(statement, engine.dialect)
    values = compiled.construct_params(parameters)
    if engine.dialect.positional:
        values = [values[name] for name in compiled.positiontup]
    pooled = engine.raw_connection()
    try:
        driver = pooled.driver_connection
        manual = engine.dialect.name != "sqlite"  # SQLite's driver already runs in autocommit (configure_engine)
        if manual:
            driver.autocommit = True
        cursor = driver.cursor()
        try:
            cursor.execute(compiled.string, values)
            row = cursor.fetchone()
        finally:
            cursor.close()
        if manual:
            driver.autocommit = False
        return row
    except Exception:
        pooled.invalidate()  # whatever failed, this connection is not handed back, in autocommit or broken
        raise
    finally:
        pooled.close()  # back to the pool (an invalidated one is replaced by a fresh connection)


@lru_cache(maxsize=64)  # a few statements, per engine's dialect
def _compiled(statement, dialect):
    return statement.compile(dialect=dialect)


@contextmanager
def writes_first():
    """Make every transaction begun inside the block a write transaction (BEGIN IMMEDIATE on SQLite)."""
    token = _immediate.set(True)
    try:
        yield
    finally:
        _immediate.reset(token)


# SQLite lets one writer in at a time and makes the others poll, sleeping 1, 2, 5, 10... ms
# between tries. Threads of one process queue on this lock instead, so only processes poll.
_sqlite_writers = threading.Lock()


@contextmanager
def reads_only():
    """A view's block that only reads: on SQLite, its statements run without a transaction around them.

    Each statement then reads the database as it stands (no BEGIN before the first, no ROLLBACK at the
    request's end): for a page of one or two reads that a class of 300 asks for at once. A
    write_transaction inside the block still begins its own transaction.
    """
    session = db.session()
    began = not session.in_transaction()
    token = _single_read.set(True)
    try:
        with session.no_autoflush:  # nothing reaches the database outside a write_transaction
            yield
    finally:
        _single_read.reset(token)
        if began and session.in_transaction():
            session.rollback()  # the transaction the block began ends with it (a change left unsaved is dropped)


@contextmanager
def write_transaction():
    """Run the block in one write transaction (BEGIN IMMEDIATE on SQLite); commit or roll back."""
    token = _single_read.set(False)  # a write always has its transaction, even inside reads_only
    try:
        with _write_transaction() as session:
            yield session
    finally:
        _single_read.reset(token)


@contextmanager
def _write_transaction():
    session = db.session()  # the scoped session's current Session
    sqlite = session.get_bind().dialect.name == "sqlite"
    if session.in_transaction() and not _holds_write_lock(session):
        session.commit()  # end the deferred read transaction so the write one starts with the lock
    with _sqlite_writers if sqlite and not session.in_transaction() else nullcontext():
        try:
            with writes_first():
                yield session
                session.commit()
        except BaseException:
            session.rollback()
            raise


# Held by whoever changes the schema on PostgreSQL, so processes starting together take turns.
MIGRATION_LOCK = 0x717569_7A_6D6967  # "quiz", "mig"
# Alembic keeps the running migration in module globals (`context`, `op`): one thread at a time.
_one_thread = threading.Lock()


class SchemaError(RuntimeError):
    """The database cannot be migrated as it stands (the message says why); it is left untouched."""


@contextmanager
def migration_connection():
    """A connection in one transaction for schema changes; other processes' schema changes wait for it."""
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration copies a table and drops the old one; with foreign keys enforced, the
            # drop would cascade deletes into every row referencing it. The pragma does nothing inside
            # a transaction, so it is set first, on the driver's connection.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            with writes_first(), connection.begin():  # BEGIN IMMEDIATE on SQLite: one migrator at a time
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                yield connection
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise SchemaError("the migration left rows whose foreign keys point nowhere; rolled back")
        finally:
            if sqlite and not connection.invalidated:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")


@dataclass
class SchemaState:
    """Whether the database's schema is the one this code needs, and if not, what to do."""

    head: str  # the code's latest revision
    revision: str | None = None  # the database's (None: no tables yet)

    @property
    def ok(self) -> bool:
        return self.revision == self.head

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        if self.revision is None:
            return "The database has no tables yet: run `quiz init-db` (or `quiz serve`, which migrates first)."
        return (
            f"The database is at schema revision {self.revision}, not {self.head} as this code needs: run "
            "`quiz init-db` to migrate it (or `quiz serve`, which migrates first). If this code is older than the "
            "one that migrated the database, install the newer code instead."
        )


def database_revision(connection) -> str | None:
    """The revision in ``alembic_version`` by plain SQL (None when there is none yet)."""
    try:
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DBAPIError:
        connection.rollback()
        return None  # no table: a database nothing has migrated


def schema_state(head: str | None = None) -> SchemaState:
    """Read the database's revision (``head``: the code's, found once by the caller)."""
    head = head or _scripts().get_current_head()
    with db.engine.connect() as connection:
        return SchemaState(head, database_revision(connection))


def create_schema() -> str:
    """Migrate the database to the latest schema revision (idempotent) and return that revision.

    A deploy step (``quiz init-db``, ``quiz serve``), never run by a request.
    """
    revision = _migrate()
    if has_app_context():  # this app's requests may stop waiting for it
        current_app.extensions["quiz_schema"] = SchemaState(revision, revision)
    return revision


def _migrate() -> str:
    from alembic import command
    from alembic.util import CommandError

    from .migrations import alembic_config

    script = _scripts()
    with db.engine.connect() as connection:
        revision = _revision(connection)
    if revision == script.get_current_head():
        return revision  # the usual case: nothing to do, and no lock taken
    with _one_thread, migration_connection() as connection:
        config = alembic_config(connection)
        if _revision(connection) is None and _made_by_create_all(connection, script.get_base()):
            command.stamp(config, script.get_base())
        try:
            command.upgrade(config, "head")
        except CommandError as exc:  # e.g. a revision unknown here: a newer version migrated the database
            raise SchemaError(f"cannot migrate the database: {exc}") from exc
        return _revision(connection)


def _scripts():
    from alembic.script import ScriptDirectory

    from .migrations import alembic_config

    return ScriptDirectory.from_config(alembic_config())


def _revision(connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _made_by_create_all(connection, base: str) -> bool:
    """Whether an unversioned database holds the tables of the ``base`` revision (made before migrations)."""
    expected = _tables_at(base)
    inspector = inspect(connection)
    found = {name: _columns(inspector, name) for name in expected if inspector.has_table(name)}
    if not found:
        return False  # an empty database
    if found != expected:
        differ = sorted(name for name in expected if found.get(name) != expected[name])
        raise SchemaError(
            f"the database has some of the app's tables but no migration history, and these differ from revision "
            f"{base}: {', '.join(differ)}. Fix them by hand, then run `python -m quiz.migrations stamp {base}`."
        )
    return True


@cache
def _tables_at(revision: str) -> dict[str, set[str]]:
    """The tables and their columns as ``revision`` leaves an empty database (found on an in-memory SQLite)."""
    from alembic import command

    from .migrations import alembic_config

    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
            inspector = inspect(connection)
            tables = set(inspector.get_table_names()) - {"alembic_version"}
            return {name: _columns(inspector, name) for name in tables}
    finally:
        engine.dispose()


def _columns(inspector, table: str) -> set[str]:
    return {column["name"] for column in inspector.get_columns(table)}
