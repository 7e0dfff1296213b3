"""Shared fixtures: a fresh database per test (SQLite, and PostgreSQL when named), clients, a live server."""

from __future__ import annotations

import os
import re
import secrets
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
POSTGRES_ENV = "QUIZ_TEST_POSTGRES"
CHROMIUM = os.environ.get("QUIZ_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def skip_or_fail(reason: str):
    """Skip with ``reason``, unless CI demands every test run (QUIZ_TEST_REQUIRE_ALL=1)."""
    if os.environ.get("QUIZ_TEST_REQUIRE_ALL") == "1":
        pytest.fail(f"{reason} (QUIZ_TEST_REQUIRE_ALL=1 forbids skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server():
    """A uniquely named PostgreSQL database for this run, dropped afterwards; skips when none is named."""
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        skip_or_fail(f"PostgreSQL runs skipped: set {POSTGRES_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    import psycopg

    name = f"quiz_test_{secrets.token_hex(6)}"
    plain = re.sub(r"^postgresql\+psycopg://", "postgresql://", admin_url)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = plain.rpartition("/")
    yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    """Each app test runs on SQLite and, when available, on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'quiz.sqlite3'}"
    return request.getfixturevalue("postgres_server")


def make_app(database_url: str, **config):
    """An app on ``database_url`` with a fresh schema."""
    from quiz.app import create_app
    from quiz.database import create_schema
    from quiz.extensions import db

    settings = {"TESTING": True, "SECRET_KEY": "test-" + secrets.token_hex(8), "SQLALCHEMY_DATABASE_URI": database_url}
    settings.update(config)
    app = create_app(settings)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:  # drop_all leaves Alembic's version table behind
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        create_schema()
    return app


def discard_app(app) -> None:
    """Empty an app's database and close its connections."""
    from quiz.extensions import db

    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app(database_url):
    """A fresh app per test; the database is emptied afterwards."""
    app = make_app(database_url)
    yield app
    discard_app(app)


@pytest.fixture
def configured_app(database_url):
    """Make a fresh app with extra settings (one per test); its database is emptied afterwards."""
    made = []

    def make(**config):
        made.append(make_app(database_url, **config))
        return made[-1]

    yield make
    for app in made:
        discard_app(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def bank():
    """The seed bank, as the app loads it."""
    from quiz.content import load_bank

    result = load_bank(REPO / "questions.yaml")
    assert result.ok, [p.format() for p in result.problems]
    return result.bank


class LiveServer:
    """The app served by Werkzeug on 127.0.0.1 in a background thread."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(tmp_path):
    """A live server on a fresh SQLite database (browser tests)."""
    app = make_app(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


class Clock:
    """A clock the test moves by hand (the rate limiter reads ``QUIZ_CLOCK``)."""

    def __init__(self, start: float = 1_700_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(app):
    """The app's clock, under the test's control."""
    clock = Clock()
    app.config["QUIZ_CLOCK"] = clock
    return clock
