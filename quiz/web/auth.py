"""Teacher accounts: register, log in, log out, change password (Flask-Login over login sessions)."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_required, login_user, logout_user

from ..extensions import login_manager
from ..models import Teacher
from ..services import accounts
from .auth_forms import LoginForm, LogoutForm, PasswordForm, RegisterForm
from .keys import same_mac, secret_mac

bp = Blueprint("auth", __name__, url_prefix="/teacher")
# Session keys that survive sign-in and sign-out: the device's student identities (solo attempts,
# class sessions joined) and the marker of the account it has signed in to before (see _known_marker).
DEVICE_KEYS = ("player", "players", "known_teacher")

login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see your teacher pages."
login_manager.login_message_category = "info"


class TeacherUser(UserMixin):
    """A signed-in teacher as Flask-Login sees them: the account plus this browser's login id."""

    def __init__(self, teacher: Teacher, login_id: str):
        self.teacher = teacher
        self.login_id = login_id

    @property
    def id(self) -> int:
        """The teacher's id (for queries such as "this teacher's sessions")."""
        return self.teacher.id

    @property
    def email(self) -> str:
        return self.teacher.email

    def get_id(self) -> str:
        # The session cookie holds the login session id, never the teacher id: deleting the row
        # at logout makes a copy of the cookie worthless.
        return self.login_id


@login_manager.user_loader
def load_user(login_id: str) -> TeacherUser | None:
    login = accounts.load_login(login_id)
    return TeacherUser(login.teacher, login.id) if login else None


def home_url() -> str:
    """Where a signed-in teacher lands: their classroom dashboard."""
    return url_for("classroom.dashboard")


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site (so never an open redirect), else None."""
    if not target or len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 33 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _address() -> str:
    return request.remote_addr or ""


def _sign_in(teacher: Teacher, login_id: str | None = None) -> None:
    """Sign this browser in with a fresh login session; nothing from before the login survives."""
    login_id = login_id or accounts.start_login(teacher)
    kept = _device_keys()
    session.clear()
    session.update(kept)
    session["known_teacher"] = _known_marker(teacher.email)  # this browser has signed in to this account
    login_user(TeacherUser(teacher, login_id))


def _known_marker(email: str) -> str:
    """``nonce.mac``: marks a browser that signed in to ``email``, which only this server can make or check.

    The session cookie is signed, not encrypted, so it must not show the email; a keyed MAC over a fresh
    nonce also tells nothing to someone who guesses the email, and gives each browser its own limit.
    """
    nonce = secrets.token_urlsafe(12)
    return f"{nonce}.{_known_mac(nonce, email)}"


def _known_mac(nonce: str, email: str) -> str:
    return secret_mac(f"known-teacher\0{nonce}\0{email}", 32)


def _known_browser(email: str) -> str | None:
    """This browser's id for the login limits if it has signed in to ``email`` before, else None."""
    nonce, _, mac = (session.get("known_teacher") or "").partition(".")
    expected = _known_mac(nonce, accounts.normalise_email(email))
    return mac if nonce and same_mac(mac, expected) else None


def _device_keys() -> dict:
    """What belongs to the device rather than the login: its player identities, known accounts."""
    return {key: session[key] for key in DEVICE_KEYS if key in session}


def _field_errors(form, error: accounts.AccountError) -> None:
    form[error.field].errors = list(form[error.field].errors) + error.messages


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = RegisterForm()
    status = 200
    if form.validate_on_submit():
        try:
            teacher = accounts.register(form.email.data, form.password.data, _address())
        except accounts.Throttled as exc:
            return _throttled("auth/register.html", form, exc.retry_after)
        except accounts.AccountError as exc:
            _field_errors(form, exc)
            status = 422
        else:
            _sign_in(teacher)
            flash("Welcome! Your teacher account is ready.", "info")
            return redirect(home_url(), code=303)
    elif form.is_submitted():
        status = 422
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or home_url())
    form = LoginForm()
    status, error = 200, None
    if form.validate_on_submit():
        try:
            known = _known_browser(form.email.data or "")
            teacher = accounts.authenticate(form.email.data, form.password.data, _address(), known)
        except accounts.Throttled as exc:
            return _throttled("auth/login.html", form, exc.retry_after)
        except accounts.InvalidCredentials as exc:
            error = "Wrong email or password."
            if exc.retry_after:
                error += f" Too many attempts; try again in {exc.retry_after} seconds."
            status = 422
        else:
            _sign_in(teacher)
            return redirect(target or home_url(), code=303)
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    # CSRFProtect has already checked the LogoutForm's token by the time we get here.
    if current_user.is_authenticated:
        accounts.end_login(current_user.login_id)
    logout_user()
    kept = _device_keys()
    session.clear()
    session.update(kept)
    flash("You are logged out.", "info")
    return redirect(url_for("play.home"), code=303)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        teacher = current_user.teacher
        try:
            login_id = accounts.change_password(teacher, form.current.data, form.new.data, current_user.login_id)
        except accounts.Throttled as exc:
            return _throttled("auth/password.html", form, exc.retry_after, logout_form=LogoutForm())
        except accounts.AccountError as exc:
            _field_errors(form, exc)
            status = 422
        else:
            _sign_in(teacher, login_id)
            flash("Your password is changed. Any other browser signed in to your account was signed out.", "info")
            return redirect(url_for(".password"), code=303)
    elif form.is_submitted():
        status = 422
    return render_template("auth/password.html", form=form, logout_form=LogoutForm()), status


def _throttled(template: str, form, wait: int, **context):
    error = f"Too many attempts; try again in {wait} seconds."
    response = current_app.make_response((render_template(template, form=form, error=error, **context), 429))
    response.headers["Retry-After"] = str(wait)
    return response
