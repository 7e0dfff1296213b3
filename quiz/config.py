"""Configuration from the environment (``QUIZ_…``), with safe defaults for development."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from .paths import default_bank

DEV_SECRET = "dev-only-not-secret"  # noqa: S105 - refused in production, see check_production
ENVIRONMENTS = ("development", "production")
MIN_SECRET_KEY = 32  # characters: 128 bits or more from secrets.token_hex(16); the README makes 64
HSTS = "max-age=31536000"  # a year of HTTPS only; no includeSubDomains, since the app owns no subdomains


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
    production = _environment(env) == "production"
    return {
        "SECRET_KEY": env.get("QUIZ_SECRET_KEY", DEV_SECRET),
        "SQLALCHEMY_DATABASE_URI": database,
        "QUIZ_BANK": env.get("QUIZ_BANK", str(default_bank())),
        "QUIZ_PRODUCTION": production,
        "SESSION_COOKIE_SECURE": production or env.get("QUIZ_SECURE_COOKIES") == "1",
        "QUIZ_REDIS_URL": env.get("QUIZ_REDIS_URL"),
        "QUIZ_TRUSTED_PROXIES": int(env.get("QUIZ_TRUSTED_PROXIES", "0") or 0),
        "QUIZ_PUBLIC_URL": public_url(env.get("QUIZ_PUBLIC_URL", "")),
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


def public_url(raw: str) -> str | None:
    """QUIZ_PUBLIC_URL as scheme://host[:port] without a trailing slash, or None when unset; else ConfigError."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
        or any(c.isspace() for c in parts.netloc)
        or parts.port == 0
    ):
        raise ConfigError(
            f"QUIZ_PUBLIC_URL must be the address students open, such as https://quiz.example-school.org "
            f"or http://192.168.1.20:5000 (no path), not {raw!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"


def _environment(env) -> str:
    """QUIZ_ENV in any case; a value that is neither environment is refused, not taken for development."""
    raw = env.get("QUIZ_ENV") or ""
    name = raw.strip().lower() or "development"
    if name not in ENVIRONMENTS:
        raise ConfigError(f"QUIZ_ENV must be development or production, not {raw!r}")
    return name


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
    """Engine settings: none beyond the defaults.

    A server's connections can drop between requests, but SQLAlchemy's pool_pre_ping would cost a
    round trip on every request; database.configure_engine pings only a connection that sat idle.
    """
    return {}


def check_production(config) -> None:
    """Refuse to run in production with the development secret or a short one."""
    key = config.get("SECRET_KEY") or ""
    if config.get("QUIZ_PRODUCTION") and (key == DEV_SECRET or len(key) < MIN_SECRET_KEY):
        raise ConfigError(
            f"QUIZ_ENV=production needs QUIZ_SECRET_KEY set to a random value of at least {MIN_SECRET_KEY} "
            "characters, the same on every host: make one with "
            "python3 -c 'import secrets; print(secrets.token_hex(32))'"
        )
