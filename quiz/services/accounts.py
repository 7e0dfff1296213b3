"""Teacher accounts: register, authenticate (rate-limited), change password, login sessions."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
import unicodedata

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..database import write_transaction
from ..extensions import db
from ..models import LoginSession, Teacher, utcnow
from ..paths import read_word_list
from . import throttle

# Argon2id with RFC 9106's second recommended option, the "low memory" profile (argon2-cffi's
# default): m=64 MiB, t=3, p=4, 16-byte salt, 32-byte tag. That costs an attacker about three times
# what OWASP's minimum (m=19 MiB, t=2, p=1) does, and takes ~0.12 s on a 2-core server: fine for
# teacher logins, which are rare, and limited per account and address before any hashing happens.
HASHER = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)

MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # long enough for any passphrase, short enough not to be a hashing DoS
MAX_EMAIL = 254  # RFC 5321's limit on a forward path
LOGIN_ID_BYTES = 32  # 256-bit login session identifiers
LOGIN_MAX_AGE = dt.timedelta(days=30)  # a signed-in browser must sign in again after this

# Login limits. A try refused by one limit counts toward no other, so no limit can be run up by
# tries it never let through.
# * A browser that has signed in to the account before (it holds a marker only the server can make):
#   5 failures in 15 minutes, then 30 s, doubling per further failure up to 5 minutes, counted for
#   that browser alone. No other limit applies to it, so nobody's guesses, from any address, keep the
#   teacher's own browser out, and its typos keep no one else out.
# * Any other browser, per account and address: the same. So a guesser blocks only themselves.
# * Any other browser, per account from everywhere: 50 in 15 minutes, then a minute, so a distributed
#   attacker cannot guess fast either; the teacher's known browsers skip it.
# * Any other browser, per address: 30 failures in 15 minutes, then 5 minutes (a school's teachers
#   share one address, but their known browsers skip it).
# Changing the password: 5 wrong current passwords in 15 minutes per signed-in browser, as above.
# Registrations: 10 an hour per address, counting refusals of a taken email too, so taken emails
# cannot be listed faster than accounts can be made.
ACCOUNT_POLICY = {"limit": 5, "window": 15 * 60, "block": 30, "max_block": 5 * 60}
ACCOUNT_WIDE_POLICY = {"limit": 50, "window": 15 * 60, "block": 60}
ADDRESS_POLICY = {"limit": 30, "window": 15 * 60, "block": 5 * 60}
REGISTER_POLICY = {"limit": 10, "window": 3600, "block": 3600}

EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


class AccountError(ValueError):
    """An account action was refused; ``messages`` say why, for the form ``field``."""

    def __init__(self, field: str, messages: list[str]):
        super().__init__(" ".join(messages))
        self.field = field
        self.messages = messages


class InvalidCredentials(Exception):
    """The email and password do not match an account (deliberately not saying which is wrong)."""

    def __init__(self, retry_after: int = 0):
        super().__init__("Wrong email or password.")
        self.retry_after = retry_after


class Throttled(Exception):
    """Too many failed attempts; ``retry_after`` is the wait in seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many attempts; try again in {retry_after} seconds.")
        self.retry_after = retry_after


# -- passwords and emails --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lowercased."""
    return frozenset(word.lower() for word in read_word_list("common-passwords.txt"))


def normalise_email(email: str) -> str:
    """The email as stored: surrounding space removed, lowercased."""
    return (email or "").strip().lower()


def email_problems(email: str) -> list[str]:
    """What is wrong with a (normalised) email address; empty when it looks usable."""
    if not email:
        return ["Enter your email address."]
    if len(email) > MAX_EMAIL:
        return [f"An email address has at most {MAX_EMAIL} characters."]
    if not EMAIL.fullmatch(email) or len(email.partition("@")[0]) > 64 or not email.isprintable():
        return ["Enter an email address like name@school.example."]
    return []


def password_problems(password: str, email: str = "") -> list[str]:
    """Why ``password`` is too weak for the account ``email``; empty when it is acceptable."""
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(f"Use at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        problems.append(f"Use at most {MAX_PASSWORD} characters.")
    lowered = password.strip().lower()
    if lowered in common_passwords():
        problems.append("This password is one of the most common ones; choose one that is harder to guess.")
    email = normalise_email(email)
    if email and lowered in (email, email.partition("@")[0]):
        problems.append("Do not use your email address as your password.")
    return problems


def _prepared(password: str) -> str:
    # The same password typed on two devices may arrive composed differently (é vs e + ´).
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` with the parameters above."""
    return HASHER.hash(_prepared(password))


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (in constant time for a given hash)."""
    try:
        return HASHER.verify(password_hash, _prepared(password))
    except (VerificationError, InvalidHashError):
        return False


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return HASHER.hash(secrets.token_urlsafe(16))


# -- accounts --------------------------------------------------------------------------------------


def register(email: str, password: str, address: str | None = None) -> Teacher:
    """Create a teacher account; raise AccountError for a bad or taken email or a weak password.

    With the client ``address``, every attempt that gets as far as the taken check counts against it
    (Throttled when over REGISTER_POLICY), whether it makes an account or finds the email taken.
    """
    email = normalise_email(email)
    problems = email_problems(email)
    if problems:
        raise AccountError("email", problems)
    problems = password_problems(password, email)
    if problems:
        raise AccountError("password", problems)
    if address is not None:
        allowed, wait = throttle.take(_register_key(address), **REGISTER_POLICY)
        if not allowed:
            raise Throttled(wait)
    taken = AccountError("email", ["An account with this email address already exists. Log in instead?"])
    if db.session.scalar(select(Teacher.id).where(Teacher.email == email)) is not None:
        raise taken
    teacher = Teacher(email=email, password_hash=hash_password(password))
    try:
        with write_transaction() as session:
            session.add(teacher)
    except IntegrityError:  # registered by a concurrent request since the check above
        raise taken from None
    return teacher


def authenticate(email: str, password: str, address: str, known_browser: str | None = None) -> Teacher:
    """The teacher with this email and password; raise InvalidCredentials or Throttled.

    ``known_browser`` names a browser that has signed in to this account before; it is limited on its
    own. Any other attempt counts against the account from this address, then from everywhere, before
    the password is checked, and a success clears those counts, so parallel guesses cannot slip past
    the limits; its failures also count against the client ``address``. Unknown emails cost the same
    Argon2 verification as known ones.
    """
    email = normalise_email(email)
    if known_browser:
        keys, address_key = ["login:known:" + throttle.hashed(known_browser)], None
        allowed, wait = throttle.take(keys[0], **ACCOUNT_POLICY)
        if not allowed:
            raise Throttled(wait)
    else:
        address = throttle.address_key(address)
        address_key = "login:address:" + address
        keys = [_account_key(email) + ":" + address, _account_key(email)]
        wait = max(throttle.retry_after(address_key), throttle.retry_after(keys[1]))
        if wait:
            raise Throttled(wait)
        waits = []
        for key, policy in zip(keys, (ACCOUNT_POLICY, ACCOUNT_WIDE_POLICY), strict=True):
            allowed, key_wait = throttle.take(key, **policy)
            if not allowed:  # the narrow limit first: what it refuses never reaches the account-wide count
                raise Throttled(key_wait)
            waits.append(key_wait)
        wait = max(waits)
    teacher = None
    if len(email) <= MAX_EMAIL and len(password) <= MAX_PASSWORD:
        teacher = db.session.scalar(select(Teacher).where(Teacher.email == email))
    stored = teacher.password_hash if teacher is not None else _dummy_hash()
    if not verify_password(stored, password[:MAX_PASSWORD]) or teacher is None:
        if address_key is not None:
            wait = max(wait, throttle.record_failure(address_key, **ADDRESS_POLICY))
        raise InvalidCredentials(wait)
    for key in keys:
        throttle.clear(key)
    if HASHER.check_needs_rehash(teacher.password_hash):
        with write_transaction():
            teacher.password_hash = hash_password(password)
    return teacher


def change_password(teacher: Teacher, old: str, new: str, login_id: str) -> str:
    """Set a new password after checking the old one; sign out every browser of the teacher.

    Returns a fresh login session id for the browser that made the change. Raises AccountError
    (field ``current`` or ``new``) or Throttled: wrong current passwords count against the signed-in
    browser ``login_id`` alone, so failed logins elsewhere never block the change.
    """
    key = "password:login:" + throttle.hashed(login_id)
    allowed, wait = throttle.take(key, **ACCOUNT_POLICY)
    if not allowed:
        raise Throttled(wait)
    if not verify_password(teacher.password_hash, old[:MAX_PASSWORD]):
        raise AccountError("current", ["Your current password is not right."])
    throttle.clear(key)
    problems = password_problems(new, teacher.email)
    if not problems and new == old:
        problems = ["Choose a password different from the current one."]
    if problems:
        raise AccountError("new", problems)
    login_id = _new_login_id()
    with write_transaction() as session:
        teacher.password_hash = hash_password(new)
        session.execute(delete(LoginSession).where(LoginSession.teacher_id == teacher.id))
        session.add(LoginSession(id=login_id, teacher_id=teacher.id))
    return login_id


# -- login sessions --------------------------------------------------------------------------------


def start_login(teacher: Teacher) -> str:
    """Record a new signed-in browser for ``teacher``; return its fresh 256-bit identifier."""
    login_id = _new_login_id()
    oldest = utcnow() - LOGIN_MAX_AGE
    with write_transaction() as session:
        session.execute(
            delete(LoginSession).where(LoginSession.teacher_id == teacher.id, LoginSession.created_at < oldest)
        )
        session.add(LoginSession(id=login_id, teacher_id=teacher.id))
    return login_id


def load_login(login_id: str) -> LoginSession | None:
    """The current login session with this id, or None if it ended, expired or never existed."""
    if not isinstance(login_id, str) or not 0 < len(login_id) <= 64:
        return None
    login = db.session.get(LoginSession, login_id)
    if login is None:
        return None
    created = login.created_at if login.created_at.tzinfo else login.created_at.replace(tzinfo=dt.UTC)
    if created < utcnow() - LOGIN_MAX_AGE:
        return None
    return login


def end_login(login_id: str) -> None:
    """Forget a login session, so its cookie no longer signs anyone in."""
    with write_transaction() as session:
        session.execute(delete(LoginSession).where(LoginSession.id == login_id))


def _new_login_id() -> str:
    return secrets.token_urlsafe(LOGIN_ID_BYTES)


def _account_key(email: str) -> str:
    # Hashed, so the table does not collect every address someone typed, and the key stays short.
    return "login:account:" + hashlib.sha256(email.encode()).hexdigest()[:40]


def _register_key(address: str) -> str:
    return "register:address:" + throttle.address_key(address)
