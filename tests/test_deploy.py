"""Migrations are a deploy step: no request runs Alembic; a database behind the code is said at start and on pages."""

from __future__ import annotations

import logging
import secrets

import pytest
from sqlalchemy import inspect

from quiz.app import create_app
from quiz.database import create_schema
from quiz.extensions import db


def fresh_app(database_url: str, **extra):
    settings = {"TESTING": True, "SECRET_KEY": "test-" + secrets.token_hex(8), "SQLALCHEMY_DATABASE_URI": database_url}
    settings.update(extra)
    return create_app(settings)


def wipe(app) -> None:
    with app.app_context():
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()


@pytest.fixture
def unmigrated(database_url, caplog):
    """An app started on an empty database, and what it logged at start."""
    wipe(fresh_app(database_url))
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        app = fresh_app(database_url)
    yield app, [r.getMessage() for r in caplog.records]
    wipe(app)


def test_an_app_on_a_database_behind_its_code_says_so_at_start(unmigrated):
    _app, logged = unmigrated
    assert any("quiz init-db" in message for message in logged), logged


def test_requests_never_migrate_and_pages_say_why_they_wait(unmigrated, monkeypatch):
    app, _logged = unmigrated
    import alembic.command

    def refuse(*args, **kwargs):
        raise AssertionError("a request ran an Alembic migration")

    monkeypatch.setattr(alembic.command, "upgrade", refuse)
    client = app.test_client()
    for path in ("/", "/join", "/teacher/login"):
        response = client.get(path)
        assert response.status_code == 503, path
        page = response.get_data(as_text=True)
        assert "The site is being upgraded" in page and "quiz init-db" not in page  # the log says it, not the public
    with app.app_context():
        assert "alembic_version" not in inspect(db.engine).get_table_names()
    monkeypatch.undo()
    with app.app_context():
        create_schema()  # the deploy step (what `quiz init-db` and `quiz serve` run)
    assert client.get("/").status_code == 200


def test_a_running_app_notices_when_another_process_migrated(unmigrated):
    app, _logged = unmigrated
    other = fresh_app(app.config["SQLALCHEMY_DATABASE_URI"])
    with other.app_context():
        create_schema()  # e.g. `quiz init-db` in another terminal
        db.engine.dispose()
    assert app.test_client().get("/").status_code == 200


def test_unhandled_errors_propagate_in_tests_and_show_the_500_page_otherwise(app):
    def broken():
        raise RuntimeError("boom")

    made = []
    for propagate in (None, False):
        extra = {} if propagate is None else {"PROPAGATE_EXCEPTIONS": False}
        other = fresh_app(app.config["SQLALCHEMY_DATABASE_URI"], **extra)
        other.add_url_rule("/broken", "broken", broken)
        made.append(other)
    with pytest.raises(RuntimeError, match="boom"):
        made[0].test_client().get("/broken")
    response = made[1].test_client().get("/broken")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    for other in made:
        with other.app_context():
            db.engine.dispose()
