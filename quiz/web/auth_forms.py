"""Forms of the teacher account pages; the account rules themselves live in services.accounts."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import EqualTo, InputRequired, Length

from ..services.accounts import MAX_EMAIL, MAX_PASSWORD, MIN_PASSWORD

EMAIL_FIELD = {"autocomplete": "email", "maxlength": MAX_EMAIL, "spellcheck": "false", "autocapitalize": "none"}
NEW_PASSWORD = {"autocomplete": "new-password", "minlength": MIN_PASSWORD, "maxlength": MAX_PASSWORD}


def _email() -> EmailField:
    return EmailField(
        "Email address",
        validators=[InputRequired("Enter your email address."), Length(max=MAX_EMAIL)],
        render_kw=EMAIL_FIELD,
    )


class RegisterForm(FlaskForm):
    """A new teacher account."""

    email = _email()
    password = PasswordField("Password", validators=[InputRequired("Choose a password.")], render_kw=NEW_PASSWORD)
    confirm = PasswordField(
        "Password again",
        validators=[InputRequired("Type the password again."), EqualTo("password", "The two passwords differ.")],
        render_kw=NEW_PASSWORD,
    )


class LoginForm(FlaskForm):
    """Email and password."""

    email = _email()
    password = PasswordField(
        "Password",
        validators=[InputRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password", "maxlength": MAX_PASSWORD},
    )


class PasswordForm(FlaskForm):
    """Change the password: the current one, then the new one twice."""

    current = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password", "maxlength": MAX_PASSWORD},
    )
    new = PasswordField("New password", validators=[InputRequired("Choose a new password.")], render_kw=NEW_PASSWORD)
    confirm = PasswordField(
        "New password again",
        validators=[InputRequired("Type the new password again."), EqualTo("new", "The two new passwords differ.")],
        render_kw=NEW_PASSWORD,
    )


class LogoutForm(FlaskForm):
    """The log out button (CSRF only)."""
