"""The web layer: blueprints, error pages, security headers, shared template helpers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from ..config import HSTS
from ..database import schema_state
from .auth import safe_next
from .bank import BankUnavailable, current_bank
from .cookies import CheckedSessionInterface
from .render import SAMPLE_LINKS, register_filters

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
NUL_REFUSED = (
    "What you sent contains a character that cannot be stored (a NUL byte, often left by copying from "
    "another program). Nothing was saved; remove it and try again."
)
NAMELESS_REFUSED = "What you sent has a form field without a name, so it cannot be read. Nothing was saved."


def register(app: Flask) -> None:
    """Attach blueprints, handlers and filters to ``app``."""
    from .articles import bp as articles_bp
    from .auth import bp as auth_bp
    from .authoring import bp as authoring_bp
    from .classroom import bp as classroom_bp
    from .library import bp as library_bp
    from .play import bp as play_bp
    from .reports import bp as reports_bp
    from .student import bp as student_bp
    from .travel import bp as travel_bp

    app.url_map.converters["id"] = RowId
    app.session_interface = CheckedSessionInterface()
    blueprints = (play_bp, articles_bp, auth_bp, classroom_bp, student_bp, reports_bp, library_bp, travel_bp)
    for blueprint in (*blueprints, authoring_bp):
        app.register_blueprint(blueprint)
    register_filters(app)
    # First of all hooks, so CSRFProtect (which reads the form) already sees the library's larger limits.
    app.before_request_funcs.setdefault(None, []).insert(0, _request_limits)
    app.before_request_funcs[None].insert(1, _refuse_unusable_input)  # also before CSRFProtect reads the form
    app.before_request(_schema_ready)
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
    app.context_processor(_bank_context)
    with app.app_context():
        from ..extensions import db
        from .live_state import StatePolls

        app.wsgi_app = StatePolls(app, app.wsgi_app, db.engine)
    check_schema(app)


class RowId(IntegerConverter):
    """A database row id in a URL: a positive 32-bit integer, so a huge one is a 404, not a 500."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


def _bank_context() -> dict:
    if not current_app.extensions["quiz_schema"].ok:  # the upgrade page reads nothing from the database
        return {"bank": None, "links": SAMPLE_LINKS}
    try:
        return {"bank": current_bank(), "links": SAMPLE_LINKS}
    except BankUnavailable:
        return {"bank": None, "links": SAMPLE_LINKS}


def _request_limits() -> None:
    """Library pages take bank texts and uploads up to QUIZ_UPLOAD_MAX_BYTES; other forms stay small."""
    if request.path.startswith("/library/"):
        limit = int(current_app.config["QUIZ_UPLOAD_MAX_BYTES"])
        request.max_content_length = limit + 64 * 1024  # room for the form around the file
        request.max_form_memory_size = limit
    if request.content_length is not None and request.content_length > (request.max_content_length or 0):
        abort(413)  # before the body is read: a part spooled to a temporary file would be left open


def _refuse_unusable_input() -> None:
    """Refuse what no view can use, before any runs: control characters in the path, NUL in values, nameless parts.

    PostgreSQL cannot store NUL, so it would reach a query as a 500 (logging what was typed), and a CR or
    LF from the path would reach a redirect's Location header or a log line.
    """
    if CONTROL_CHARACTERS.search(request.path):
        abort(404)
    if _has_nul(request.args):
        abort(422, description=NUL_REFUSED)
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if None in request.form or None in request.files:
            abort(400, description=NAMELESS_REFUSED)
        files = (upload.filename or "" for upload in request.files.values())
        if _has_nul(request.form) or any("\0" in name for name in files):
            abort(422, description=NUL_REFUSED)


def _has_nul(values) -> bool:
    return any("\0" in key or "\0" in value for key, value in values.items(multi=True))


def check_schema(app: Flask) -> None:
    """At start: read the database's schema revision and say clearly if it is not this code's.

    Migrating is a deploy step (``quiz init-db``, ``quiz serve``); a request never runs Alembic.
    Until the database is migrated, pages say so (503) instead of failing on missing tables.
    """
    with app.app_context():
        state = schema_state()
    app.extensions["quiz_schema"] = state
    if not state.ok and not app.config.get("QUIZ_MIGRATES_AT_START"):  # `quiz init-db` is about to migrate it
        app.logger.error(state.message)


def _schema_ready():
    state = current_app.extensions["quiz_schema"]
    if state.ok or request.endpoint == "static":
        return None
    # Migrated since by `quiz init-db`? One plain read of the revision (no Alembic), only while behind.
    state = current_app.extensions["quiz_schema"] = schema_state(state.head)
    if state.ok:
        return None
    return render_template("errors/upgrading.html"), 503  # the log says what to run; the public page need not


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint and request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config.get("QUIZ_PRODUCTION"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _csrf_error(error: CSRFError):
    # The form expired or lost its token: say so kindly and show the same page again.
    if request.blueprint in ("play", "student"):
        flash("Your page had expired, so nothing was recorded. Please answer again.", "warning")
    else:
        flash("Your page had expired, so nothing was saved. Please try again.", "warning")
    return redirect(_page_to_retry_from(), code=303)


def _page_to_retry_from() -> str:
    """The page that showed the expired form: this URL if it has a page, else where it came from, else home.

    Either must be a page of this site: a path such as ``//evil.example/`` would send the browser away.
    """
    adapter = current_app.url_map.bind("")
    if safe_next(request.path) and adapter.test(request.path, method="GET"):
        return request.path
    referrer = urlsplit(request.referrer or "")
    target = safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))
    if referrer.netloc == request.host and target and adapter.test(referrer.path, method="GET"):
        return target
    return url_for("play.home")


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    limit = request.max_content_length if error.code == 413 else None
    shown = (
        f"{limit / 1024 / 1024:.1f} MB"
        if limit and limit >= 1024 * 1024
        else (f"{limit // 1024} kB" if limit else None)
    )
    return render_template("errors/error.html", error=error, upload_limit=shown), error.code


def _server_error(error: Exception):
    propagate = current_app.config.get("PROPAGATE_EXCEPTIONS")
    if propagate if propagate is not None else current_app.testing or current_app.debug:
        raise error  # tests see the traceback; users see the page below
    current_app.logger.exception("unhandled error")
    return render_template("errors/error.html", error=None), 500
