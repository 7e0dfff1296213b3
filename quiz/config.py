"""Configuration from the environment (``QUIZ_…``), with safe defaults for development."""

from __future__ import annotations

import os
from pathlib import Path

from .paths import default_bank

DEV_SECRET = "dev-only-not-secret"  # noqa: S105 - refused in production, see check_production


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to set."""


def from_environment(instance_path: str) -> dict:
    """Settings read from ``os.environ`` when the app is built (never at import time)."""
    env = os.environ
    database = env.get("QUIZ_DATABASE_URL") or env.get("DATABASE_URL")
    if not database:
        database = "sqlite:///" + str(Path(instance_path) / "quiz.sqlite3")
    elif database.startswith("postgres://"):  # Heroku-style URLs
        database = "postgresql+psycopg://" + database[len("postgres://") :]
    elif database.startswith("postgresql://"):
        database = "postgresql+psycopg://" + database[len("postgresql://") :]
    production = env.get("QUIZ_ENV", "development") == "production"
    return {
        "SECRET_KEY": env.get("QUIZ_SECRET_KEY", DEV_SECRET),
        "SQLALCHEMY_DATABASE_URI": database,
        "QUIZ_BANK": env.get("QUIZ_BANK", str(default_bank())),
        "QUIZ_PRODUCTION": production,
        "SESSION_COOKIE_SECURE": production or env.get("QUIZ_SECURE_COOKIES") == "1",
        "QUIZ_REDIS_URL": env.get("QUIZ_REDIS_URL"),
        "QUIZ_TRUSTED_PROXIES": int(env.get("QUIZ_TRUSTED_PROXIES", "0") or 0),
        **{key: _number(env, key, default) for key, default in LIMITS.items()},
        "QUIZ_FETCH_ENABLED": env.get("QUIZ_FETCH", "1") != "0",
        "QUIZ_FETCH_ALLOW_LOOPBACK": env.get("QUIZ_FETCH_ALLOW_LOOPBACK") == "1",
    }


# Library limits (environment variables of the same names override them); the README lists them.
LIMITS = {
    "QUIZ_UPLOAD_MAX_BYTES": 10 * 1024 * 1024,  # an uploaded zip, page or file, and the editor's text
    "QUIZ_BUNDLE_MAX_BYTES": 20 * 1024 * 1024,  # a zip's files once unzipped
    "QUIZ_FETCH_MAX_BYTES": 5 * 1024 * 1024,  # a page fetched by address
    "QUIZ_FETCH_TIMEOUT": 10,  # seconds for the whole fetch, however slowly the server sends
    "QUIZ_BANK_RELOAD_SECONDS": 2,  # how often the bank file is checked for edits
}


def _number(env, key: str, default: float) -> float:
    raw = env.get(key)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a number, not {raw!r}") from None
    return int(value) if value.is_integer() else value


DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": 4 * 3600,  # a double lesson, so a question left open still submits
    "MAX_CONTENT_LENGTH": 64 * 1024,
    # A permanent session would otherwise re-sign and re-send its cookie on every response.
    "SESSION_REFRESH_EACH_REQUEST": False,
    "JSON_SORT_KEYS": False,
    # Static files carry a content hash in their URL (see web.render), so browsers may keep them.
    "SEND_FILE_MAX_AGE_DEFAULT": 365 * 24 * 3600,
}


def engine_options(database_url: str) -> dict:
    """A server's connections can drop between requests (so ping them); a SQLite file's cannot."""
    return {} if database_url.startswith("sqlite") else {"pool_pre_ping": True}


def check_production(config) -> None:
    """Refuse to run in production with the development secret."""
    if config.get("QUIZ_PRODUCTION") and config.get("SECRET_KEY") in (None, "", DEV_SECRET):
        raise ConfigError("QUIZ_ENV=production needs QUIZ_SECRET_KEY set to a long random value")
