"""Alembic migrations: the revisions build exactly the models' schema, and older databases join in."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import uuid

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import inspect, select

from quiz.app import create_app
from quiz.cli import main
from quiz.database import SchemaError, create_schema
from quiz.extensions import Base, db
from quiz.migrations import HERE, alembic_config
from quiz.migrations.__main__ import main as migrations_main
from quiz.models import Answer, Attempt, Teacher

TABLES = set(Base.metadata.tables)


def new_app(database_url: str):
    settings = {"TESTING": True, "SECRET_KEY": "test-" + secrets.token_hex(8), "SQLALCHEMY_DATABASE_URI": database_url}
    return create_app(settings)


def wipe() -> None:
    """Drop the app's tables and Alembic's, leaving an empty database."""
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


@pytest.fixture
def empty(database_url):
    """An app context on an empty database (no tables, no migration history)."""
    app = new_app(database_url)
    with app.app_context():
        wipe()
        yield app
        wipe()
        db.engine.dispose()


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def differences() -> list:
    """What autogenerate would change to make the database match the models (nothing, if in step)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_server_default": True})
        return compare_metadata(context, Base.metadata)


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def add_teacher(email: str = "ann@school.example") -> None:
    db.session.add(Teacher(email=email, password_hash="x"))
    db.session.commit()


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(empty):
    assert tables() == set()
    assert create_schema() == head()
    assert tables() == TABLES | {"alembic_version"}
    assert revision() == head()
    assert differences() == []


def test_upgrading_again_changes_nothing(empty):
    create_schema()
    add_teacher()
    assert create_schema() == head()
    assert db.session.scalar(select(Teacher.email)) == "ann@school.example"


def test_downgrading_to_base_drops_everything_and_upgrading_restores_it(empty):
    create_schema()
    command.downgrade(alembic_config(), "base")
    assert tables() <= {"alembic_version"}
    assert revision() is None
    create_schema()
    assert differences() == []


def create_all_before_migrations() -> None:
    """The tables `db.create_all()` made before the app had migrations: the first revision's, unversioned."""
    base = ScriptDirectory.from_config(alembic_config()).get_base()
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), base)
        connection.exec_driver_sql("DROP TABLE alembic_version")


def test_a_database_made_by_create_all_is_stamped_and_keeps_working(empty, monkeypatch):
    create_all_before_migrations()  # how the app made its tables before it had migrations
    add_teacher()
    assert revision() is None

    monkeypatch.setenv("QUIZ_DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    result = CliRunner().invoke(main, ["init-db"])
    assert result.exit_code == 0, result.output
    assert f"Database at revision {head()}" in result.output

    assert revision() == head()
    assert differences() == []
    assert db.session.scalar(select(Teacher.email)) == "ann@school.example"
    add_teacher("bob@school.example")
    assert empty.test_client().get("/").status_code == 200


def test_a_request_on_a_create_all_database_waits_for_init_db_and_migrates_nothing(empty):
    create_all_before_migrations()
    response = empty.test_client().get("/")
    assert response.status_code == 503 and "being upgraded" in response.get_data(as_text=True)
    assert revision() is None  # migrating is a deploy step, never a request's
    create_schema()
    assert empty.test_client().get("/").status_code == 200
    assert revision() == head()


def test_tables_unlike_any_revision_are_left_alone(empty, monkeypatch):
    with db.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE teacher (id INTEGER PRIMARY KEY, name VARCHAR(40))")
    with pytest.raises(SchemaError, match="teacher"):
        create_schema()
    assert tables() == {"teacher"}

    monkeypatch.setenv("QUIZ_DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    result = CliRunner().invoke(main, ["init-db"])
    assert result.exit_code == 1
    assert "no migration history" in result.output and "stamp" in result.output


def test_a_database_from_a_newer_version_is_refused(empty, monkeypatch):
    create_schema()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'feedbeef0000'")
    monkeypatch.setenv("QUIZ_DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    result = CliRunner().invoke(main, ["init-db"])
    assert result.exit_code == 1
    assert "feedbeef0000" in result.output and "Traceback" not in result.output
    assert revision() == "feedbeef0000"


def test_the_revisions_form_one_line():
    # Two branches each adding a revision onto the same parent leave two heads: merge them
    # (python -m quiz.migrations merge heads -m "...") before either can be applied.
    scripts = ScriptDirectory(str(HERE))
    assert len(scripts.get_heads()) == 1, scripts.get_heads()
    assert len(scripts.get_bases()) == 1, scripts.get_bases()


def test_processes_starting_together_all_get_the_schema(empty, monkeypatch):
    monkeypatch.setenv("QUIZ_DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    command = [sys.executable, "-W", "error", "-m", "quiz", "init-db"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(4)
    ]
    for process in processes:
        output, _ = process.communicate(timeout=60)
        assert process.returncode == 0, output
        assert f"Database at revision {head()}" in output
    assert differences() == []


def test_threads_starting_together_all_get_the_schema(database_url, empty):
    # gunicorn's threaded workers: each thread's first request runs create_schema.
    apps = [new_app(database_url) for _ in range(3)]
    start = threading.Barrier(len(apps))
    outcomes = []

    def migrate(app):
        with app.app_context():
            start.wait()
            try:
                outcomes.append(create_schema())
            except Exception as exc:  # reported below
                outcomes.append(exc)
            finally:
                db.engine.dispose()

    threads = [threading.Thread(target=migrate, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == [head()] * len(apps)
    assert differences() == []


LATER_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"


def upgrade():
    with op.batch_alter_table("attempt") as batch_op:  # SQLite copies the table to alter a column
        batch_op.alter_column("title", existing_type=sa.String(300), type_=sa.String(400))


def downgrade():
    with op.batch_alter_table("attempt") as batch_op:
        batch_op.alter_column("title", existing_type=sa.String(400), type_=sa.String(300))
"""


def title_length() -> int:
    [title] = [column for column in inspect(db.engine).get_columns("attempt") if column["name"] == "title"]
    return title["type"].length


def test_a_later_batch_revision_keeps_the_rows_that_reference_the_altered_table(empty, tmp_path):
    # On SQLite a batch alteration copies the table and drops the old one: with foreign keys
    # enforced, that drop would cascade into every answer of every attempt.
    create_schema()
    db.session.add(Attempt(id="a1", owner="o", quiz_id="q", title="T", question_ids=["x"], seed=1))
    db.session.flush()
    fields = {"fraction": 1.0, "correct": True, "points": 1.0, "max_points": 1, "response": "r"}
    db.session.add(Answer(attempt_id="a1", question_id="x", position=0, **fields))
    db.session.commit()
    db.session.remove()

    later = uuid.uuid4().hex[:12]
    (tmp_path / f"{later}_longer_titles.py").write_text(LATER_REVISION.format(revision=later, down=head()))
    config = alembic_config()
    config.set_main_option("version_locations", f"{HERE / 'versions'}{os.pathsep}{tmp_path}")

    command.upgrade(config, "head")
    assert revision() == later
    assert title_length() == 400
    assert db.session.scalar(select(Answer.question_id)) == "x"

    command.downgrade(config, "-1")
    assert revision() == head()
    assert title_length() == 300
    assert db.session.scalar(select(Answer.question_id)) == "x"
    assert differences() == []


def test_the_migration_command_prints_the_sql_without_running_it(empty, monkeypatch, capfd):
    monkeypatch.setenv("QUIZ_DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    migrations_main(["upgrade", "head", "--sql"])
    sql = capfd.readouterr().out
    assert "CREATE TABLE attempt" in sql and "CREATE TABLE alembic_version" in sql
    assert tables() == set()
