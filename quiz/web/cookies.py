"""The session cookie: Flask's signed cookie, read as no session at all when its content is not what we write."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

MAX_TEXT = 256  # longer than any token, id or marker the app keeps in the cookie


def _text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


def _players(value: Any) -> bool:
    return isinstance(value, dict) and all(_text(key) and _text(token) for key, token in value.items())


def _flashes(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, list | tuple) and len(item) == 2 and all(isinstance(part, str) for part in item)
        for item in value
    )


def _seconds(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# What each key the app, Flask, Flask-Login and Flask-WTF keep in the session must look like. Keys
# not listed are left to the code that reads them.
SHAPES: dict[str, Callable[[Any], bool]] = {
    "player": _text,
    "players": _players,
    "known_teacher": _text,
    "csrf_token": _text,
    "_user_id": _text,
    "_id": _text,
    "_fresh": _flag,
    "_permanent": _flag,
    "_flashes": _flashes,
    "_remember": _text,
    "_remember_seconds": _seconds,
}


def well_formed(data: Any) -> bool:
    """Whether ``data`` is a dictionary whose known keys hold values of the types the app writes."""
    return isinstance(data, dict) and all(check(data[key]) for key, check in SHAPES.items() if key in data)


class CheckedSessionInterface(SecureCookieSessionInterface):
    """A cookie signed with our key whose values have the wrong types is treated as no cookie.

    Only someone holding the secret key can sign one, but the views should not fail with a 500
    (or be steered) when one arrives: they would call string methods on lists, or send an integer
    to a database column of text.
    """

    REMEMBERED = 4096  # cookies whose signature was checked, per process (tens of MB at most)

    def get_signing_serializer(self, app):
        """Flask's serializer, made once per secret key rather than on every request and response."""
        made = app.extensions.setdefault("quiz_cookie_serializer", {})
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        serializer = made.get(key)
        if serializer is None:  # two threads may both get here: each uses the one it made
            serializer = super().get_signing_serializer(app)
            made.clear()
            app.extensions["quiz_cookies_checked"] = {}  # checked with the old keys: check again
            made[key] = serializer
        return serializer

    def checked(self, app, value: str) -> dict | None:
        """The content of the cookie ``value`` if it is ours, well formed and not expired; None otherwise.

        A browser sends the same cookie with every request (a phone polls once a second), so the
        signature of one already checked is not checked again; its age still is. Only cookies that
        passed the check are remembered. The content returned is shared: copy it before changing it.
        """
        serializer = self.get_signing_serializer(app)  # first: a new key forgets what the old one checked
        if serializer is None:
            return None
        remembered = app.extensions.setdefault("quiz_cookies_checked", {})
        max_age = app.permanent_session_lifetime.total_seconds()
        known = remembered.get(value)
        if known is None:
            try:
                data, signed = serializer.loads(value, max_age=int(max_age), return_timestamp=True)
            except Exception:  # a bad signature, or a signed payload whose tags do not decode (TypeError, ...)
                return None
            if not well_formed(data):
                return None
            if len(remembered) >= self.REMEMBERED:
                remembered.clear()  # a bound on memory; the next requests check their cookies again
            known = remembered[value] = (signed.timestamp(), data)
        if time.time() - known[0] > max_age:
            return None
        return known[1]

    def open_session(self, app, request) -> SecureCookieSession | None:
        if self.get_signing_serializer(app) is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        data = self.checked(app, value) if value else None
        # A copy: views and Flask change the session in place (flash() appends to its list).
        return self.session_class(copy.deepcopy(data)) if data else self.session_class()
