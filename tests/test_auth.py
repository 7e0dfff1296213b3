"""Teacher accounts through the test client: register, log in and out, change password, rate limits."""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import re
import secrets
import zlib

import pytest
from argon2 import PasswordHasher
from conftest import make_app
from helpers import csrf
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import LoginSession, Teacher
from quiz.services import accounts

EMAIL = "ann.teacher@school.example"
GOOD = "purple otters read closely"
OTHER = "seven quiet lanterns glow"


@pytest.fixture
def real_hashing():
    """Marks a test that needs the production Argon2id parameters."""


@pytest.fixture(autouse=True)
def fast_hashing(request, monkeypatch):
    """Cheap Argon2id, unless the test asks for ``real_hashing``: tests log in dozens of times."""
    if "real_hashing" in request.fixturenames:
        yield
        return
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()


def home(app) -> str:
    """Where a teacher lands after logging in."""
    return "/teacher/" if "classroom.dashboard" in app.view_functions else "/"


def text(response) -> str:
    return htmllib.unescape(response.get_data(as_text=True))


def register(client, email=EMAIL, password=GOOD, confirm=None):
    page = client.get("/teacher/register")
    data = {"csrf_token": csrf(page.data), "email": email, "password": password, "confirm": confirm or password}
    return client.post("/teacher/register", data=data)


def login(client, email=EMAIL, password=GOOD, query="", **kwargs):
    page = client.get("/teacher/login" + query, **kwargs)
    data = {"csrf_token": csrf(page.data), "email": email, "password": password}
    return client.post("/teacher/login" + query, data=data, **kwargs)


def logout(client):
    page = client.get("/teacher/password")
    return client.post("/teacher/logout", data={"csrf_token": csrf(page.data)})


def logged_in(client) -> bool:
    """Whether the client can open a teacher-only page."""
    response = client.get("/teacher/password")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def make_teacher(app, email=EMAIL, password=GOOD):
    """An account, made directly (no browser is logged in, no registration is counted)."""
    with app.app_context():
        accounts.register(email, password)


def teachers(app) -> list[Teacher]:
    with app.app_context():
        return list(db.session.scalars(select(Teacher)))


def logins(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(LoginSession.id)))


# -- registering -------------------------------------------------------------------------------------


def test_register_logs_in_and_stores_an_argon2id_hash(app, client, real_hashing):
    response = register(client, email="  Ann.Teacher@School.EXAMPLE ")
    assert response.status_code == 303
    assert response.location == home(app)
    assert logged_in(client)
    [teacher] = teachers(app)
    assert teacher.email == EMAIL
    # RFC 9106 low-memory profile: Argon2id v1.3, 64 MiB, 3 passes, 4 lanes.
    assert teacher.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert GOOD not in teacher.password_hash
    assert "ann.teacher@school.example" in text(client.get("/teacher/password"))


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "Use at least 8 characters."),
        ("Password123", "one of the most common ones"),
        ("LETMEIN123", "one of the most common ones"),
        ("iloveyou", "one of the most common ones"),
        (EMAIL, "Do not use your email address"),
        ("Ann.Teacher", "Do not use your email address"),
        ("x" * 1025, "Use at most 1024 characters."),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(app, client, password, reason):
    response = register(client, password=password)
    assert response.status_code == 422
    page = text(response)
    assert reason in page
    assert re.search(r'aria-describedby="password-hint password-error" aria-invalid="true"', page)
    assert '<p class="error" id="password-error">' in page
    assert not teachers(app)
    assert not logged_in(client)


def test_the_common_password_list_ships_with_the_package():
    common = accounts.common_passwords()
    assert len(common) >= 500
    assert {"password", "123456", "qwerty", "letmein", "iloveyou", "password1", "password123"} <= common
    assert all(word == word.lower() for word in common)


@pytest.mark.parametrize("email", ["not-an-email", "ann@", "@school.example", "ann@school", "a b@school.example"])
def test_bad_emails_are_refused(app, client, email):
    response = register(client, email=email)
    assert response.status_code == 422
    assert "Enter an email address like name@school.example." in text(response)
    assert not teachers(app)


def test_an_overlong_email_is_refused(app, client):
    response = register(client, email="a" * 60 + "@" + "b" * 200 + ".example")
    assert response.status_code == 422
    assert not teachers(app)


def test_a_taken_email_is_refused_whatever_its_case(app, client):
    make_teacher(app)
    response = register(client, email="ANN.teacher@School.example", password=OTHER)
    assert response.status_code == 422
    assert "An account with this email address already exists." in text(response)
    assert len(teachers(app)) == 1


def test_the_two_passwords_must_match(app, client):
    response = register(client, password=GOOD, confirm=OTHER)
    assert response.status_code == 422
    assert "The two passwords differ." in text(response)
    assert not teachers(app)


def test_registrations_are_limited_per_address(app, client):
    for number in range(10):
        assert register(app.test_client(), email=f"t{number}@school.example").status_code == 303
    response = register(client, email="eleven@school.example")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "3600"
    assert len(teachers(app)) == 10


def test_pages_label_every_input_and_say_what_to_autocomplete(app, client):
    for url, fields in [
        ("/teacher/register", {"email": "email", "password": "new-password", "confirm": "new-password"}),
        ("/teacher/login", {"email": "email", "password": "current-password"}),
    ]:
        page = text(client.get(url))
        for name, autocomplete in fields.items():
            assert f'<label for="{name}">' in page
            assert re.search(rf'<input[^>]*autocomplete="{autocomplete}"[^>]*id="{name}"', page)
        assert "<script>" not in page and "style=" not in page
    make_teacher(app)
    login(client)
    page = text(client.get("/teacher/password"))
    for name, autocomplete in {"current": "current-password", "new": "new-password", "confirm": "new-password"}.items():
        assert f'<label for="{name}">' in page
        assert re.search(rf'<input[^>]*autocomplete="{autocomplete}"[^>]*id="{name}"', page)


# -- logging in and out ------------------------------------------------------------------------------


def test_login_and_logout(app, client):
    make_teacher(app)
    assert not logged_in(client)
    response = login(client, email=" ANN.Teacher@school.example")
    assert response.status_code == 303
    assert response.location == home(app)
    assert logged_in(client)
    response = logout(client)
    assert response.status_code == 303
    assert not logged_in(client)
    assert not logins(app)


def test_wrong_password_and_unknown_email_get_the_same_answer(app, client):
    make_teacher(app)
    wrong = login(client, password=OTHER)
    unknown = login(client, email="nobody@school.example")
    for response in (wrong, unknown):
        assert response.status_code == 422
        page = text(response)
        assert "Wrong email or password." in page
        assert 'role="alert" id="form-error"' in page
        assert re.search(r'aria-describedby="form-error" aria-invalid="true"[^>]*id="password"', page)
    assert not logged_in(client)


def test_an_unknown_email_still_costs_an_argon2_verification(app, client, monkeypatch, real_hashing):
    calls = []
    verify = accounts.verify_password
    monkeypatch.setattr(
        accounts, "verify_password", lambda hashed, password: calls.append(hashed) or verify(hashed, password)
    )
    login(client, email="nobody@school.example")
    assert len(calls) == 1
    assert calls[0].startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_an_old_hash_is_upgraded_at_login(app, client, real_hashing):
    with app.app_context():
        weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(GOOD)
        db.session.add(Teacher(email=EMAIL, password_hash=weak))
        db.session.commit()
    assert login(client).status_code == 303
    [teacher] = teachers(app)
    assert teacher.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert accounts.verify_password(teacher.password_hash, GOOD)


def test_each_login_gets_a_new_session_id_and_drops_what_came_before(app, client):
    make_teacher(app)
    with client.session_transaction() as session:
        session["player"] = "pre-login-token"
        session["anything"] = "else"
    login(client)
    first = logins(app)
    with client.session_transaction() as session:
        assert "anything" not in session  # nothing from before the login survives...
        assert session["player"] == "pre-login-token"  # ...but the device's own student identity
        assert session["_user_id"] in first
    logout(client)
    login(client)
    second = logins(app)
    assert len(first) == len(second) == 1
    assert first != second
    assert len(next(iter(second))) >= 43  # 256 bits, URL-safe base64


def test_a_copied_cookie_is_useless_after_logout(app, client):
    make_teacher(app)
    login(client)
    stolen = client.get_cookie("session").value
    logout(client)
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/teacher/password")
    assert response.status_code == 302
    assert response.location.startswith("/teacher/login")


def test_teacher_pages_redirect_to_login_and_back(app, client):
    make_teacher(app)
    response = client.get("/teacher/password")
    assert response.status_code == 302
    assert response.location == "/teacher/login?next=%2Fteacher%2Fpassword"
    assert "Please log in to see your teacher pages." in text(client.get(response.location))
    response = login(client, query="?next=%2Fteacher%2Fpassword")
    assert response.location == "/teacher/password"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\n/evil.example",
        " //evil.example",
        "/\t/evil.example",
    ],
)
def test_login_never_redirects_off_site(app, client, target):
    make_teacher(app)
    page = client.get("/teacher/login", query_string={"next": target})
    data = {"csrf_token": csrf(page.data), "email": EMAIL, "password": GOOD}
    response = client.post("/teacher/login", query_string={"next": target}, data=data)
    assert response.status_code == 303
    assert response.location == home(app)


def test_a_logged_in_teacher_skips_the_login_and_register_pages(app, client):
    make_teacher(app)
    login(client)
    assert client.get("/teacher/login").location == home(app)
    assert client.get("/teacher/register").location == home(app)


def test_cookies_are_httponly_lax_and_no_remember_cookie(app, client):
    make_teacher(app)
    response = login(client)
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1
    assert cookies[0].startswith("session=")
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
    assert "Secure" not in cookies[0]  # plain HTTP in development


def test_cookies_are_secure_in_production(database_url, monkeypatch):
    monkeypatch.setenv("QUIZ_ENV", "production")
    app = make_app(database_url, SECRET_KEY=secrets.token_hex(32))  # production refuses short keys
    try:
        response = register(app.test_client())
        assert response.status_code == 303
        [cookie] = response.headers.getlist("Set-Cookie")
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


# -- changing the password ---------------------------------------------------------------------------


def change(client, current=GOOD, new=OTHER, confirm=None):
    page = client.get("/teacher/password")
    data = {"csrf_token": csrf(page.data), "current": current, "new": new, "confirm": confirm or new}
    return client.post("/teacher/password", data=data)


def test_change_password_signs_out_every_other_browser(app, client):
    make_teacher(app)
    other = app.test_client()
    login(other)
    login(client)
    before = logins(app)
    response = change(client)
    assert response.status_code == 303
    assert "Your password is changed." in text(client.get(response.location))
    assert logged_in(client)
    assert not logged_in(other)
    assert not logins(app) & before  # this browser got a new login session id too
    assert login(app.test_client(), password=GOOD).status_code == 422
    assert login(app.test_client(), password=OTHER).status_code == 303


def test_change_password_checks_the_current_one_and_the_new_one(app, client):
    make_teacher(app)
    login(client)
    hashed = teachers(app)[0].password_hash
    cases = [
        ({"current": "not my password"}, "Your current password is not right."),
        ({"new": "password123"}, "one of the most common ones"),
        ({"new": "short"}, "Use at least 8 characters."),
        ({"new": EMAIL}, "Do not use your email address"),
        ({"new": GOOD}, "different from the current one"),
        ({"confirm": "something else entirely"}, "The two new passwords differ."),
    ]
    for fields, reason in cases:
        response = change(client, **fields)
        assert response.status_code == 422, reason
        assert reason in text(response)
    assert teachers(app)[0].password_hash == hashed
    assert logged_in(client)


# -- CSRF --------------------------------------------------------------------------------------------


def test_every_auth_post_needs_its_csrf_token(app, client):
    make_teacher(app)
    response = client.post("/teacher/register", data={"email": "b@school.example", "password": OTHER, "confirm": OTHER})
    assert response.status_code == 303 and response.location == "/teacher/register"
    assert len(teachers(app)) == 1
    response = client.post("/teacher/login", data={"email": EMAIL, "password": GOOD})
    assert response.status_code == 303 and response.location == "/teacher/login"
    assert not logged_in(client)

    login(client)
    response = client.post("/teacher/password", data={"current": GOOD, "new": OTHER, "confirm": OTHER})
    assert response.status_code == 303 and response.location == "/teacher/password"
    assert accounts.verify_password(teachers(app)[0].password_hash, GOOD)
    # Log out has no page of its own: back to the page the form was on, or home.
    response = client.post(
        "/teacher/logout", data={"csrf_token": "forged"}, headers={"Referer": "http://localhost/teacher/password"}
    )
    assert response.status_code == 303 and response.location == "/teacher/password"
    response = client.post("/teacher/logout", data={"csrf_token": "forged"})
    assert response.status_code == 303 and response.location == "/"
    response = client.post(
        "/teacher/logout", data={"csrf_token": "forged"}, headers={"Referer": "https://evil.example/x"}
    )
    assert response.location == "/"
    assert logged_in(client)
    assert client.get("/teacher/logout").status_code == 405


# -- rate limits -------------------------------------------------------------------------------------


def test_failed_logins_are_limited_per_account(app, client, clock):
    make_teacher(app)
    for attempt in range(1, 6):
        response = login(client, password=f"wrong guess {attempt}")
        assert response.status_code == 422
    assert "try again in 30 seconds" in text(response)  # the fifth failure says the block has begun
    sixth = login(client, password="wrong guess 6")
    assert sixth.status_code == 429
    assert sixth.headers["Retry-After"] == "30"
    assert "Too many attempts; try again in 30 seconds." in text(sixth)
    # Even the right password waits out the block here; from another address the teacher gets in,
    # so a guesser blocks only themselves.
    assert login(client).status_code == 429
    assert login(app.test_client(), environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 303
    clock.advance(20)
    assert login(client).headers["Retry-After"] == "10"
    clock.advance(10)
    assert login(client).status_code == 303
    assert logged_in(client)


def test_the_account_block_doubles_but_never_passes_five_minutes(app, client, clock):
    make_teacher(app)
    for attempt in range(5):
        login(client, password=f"wrong {attempt}")
    waits = []
    for attempt in range(6):
        refused = login(client)
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        clock.advance(waits[-1])
        assert login(client, password=f"wrong again {attempt}").status_code == 422  # a new failure
    assert waits == [30, 60, 120, 240, 300, 300]
    clock.advance(300)
    assert login(client).status_code == 303


def test_a_successful_login_clears_the_account_count(app, client, clock):
    make_teacher(app)
    for attempt in range(4):
        login(client, password=f"wrong {attempt}")
    assert login(client).status_code == 303
    logout(client)
    for attempt in range(4):
        assert login(client, password=f"wrong again {attempt}").status_code == 422
    assert login(client).status_code == 303


def test_failed_logins_are_limited_per_address(app, client, clock):
    make_teacher(app)
    for number in range(30):
        assert login(client, email=f"guess{number}@school.example").status_code == 422
    response = login(client)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "300"
    # A teacher elsewhere is not affected.
    assert login(app.test_client(), environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 303
    clock.advance(300)
    assert login(client).status_code == 303


def test_the_login_limits_are_counted_in_the_throttle_table(app, client, clock):
    make_teacher(app)
    login(client, password="wrong")
    with app.app_context():
        from quiz.models import Throttle

        keys = set(db.session.scalars(select(Throttle.key).where(Throttle.key.startswith("login:"))))
    assert len(keys) == 3  # the account from this address, the account from everywhere, the address
    assert sum(key.startswith("login:account:") for key in keys) == 2
    assert "login:address:127.0.0.1" in keys
    assert not any(EMAIL in key for key in keys)  # account keys are hashed


def test_guesses_from_many_addresses_do_not_lock_out_a_known_browser(app, client, clock):
    make_teacher(app)
    assert login(client).status_code == 303  # the teacher's own browser, signed in before
    logout(client)
    for n in range(50):  # a distributed guesser: one try from each of fifty addresses
        login(app.test_client(), password=f"guess {n}", environ_base={"REMOTE_ADDR": f"203.0.113.{n + 1}"})
    stranger = login(app.test_client(), environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert stranger.status_code == 429  # the account-wide limit holds for unknown browsers
    assert login(client).status_code == 303  # the teacher's browser still gets in


def test_taken_emails_cannot_be_enumerated_through_registration_without_limit(app):
    for number in range(12):
        make_teacher(app, email=f"t{number}@school.example")
    answers = [register(app.test_client(), email=f"t{number}@school.example").status_code for number in range(12)]
    assert answers == [422] * 10 + [429] * 2  # "already exists" ten times an hour from one address, then a wait
    # Once limited, a free address gets the same answer, so the wait itself tells nothing.
    assert register(app.test_client(), email="free@school.example").status_code == 429
    assert len(teachers(app)) == 12


# -- no lockouts (issue 9, item 11) ------------------------------------------------------------------

SCHOOL = {"REMOTE_ADDR": "192.0.2.10"}  # the school's one public address
ELSEWHERE = {"REMOTE_ADDR": "198.51.100.7"}


def session_cookie_text(client) -> str:
    """The session cookie's readable content (signed, not encrypted: anyone holding it can read it)."""
    value = client.get_cookie("session").value
    compressed = value.startswith(".")
    payload = value.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(data) if compressed else data).decode()


def test_one_address_cannot_keep_the_teacher_out_of_new_browsers_or_their_password_change(app, clock):
    make_teacher(app)
    teacher = app.test_client()
    assert login(teacher, environ_base=ELSEWHERE).status_code == 303
    guesser = app.test_client()
    token = csrf(guesser.get("/teacher/login", environ_base=SCHOOL).data)
    statuses = []
    for minute in range(1, 25):  # eight guesses a minute from one address, for longer than any window
        clock.advance(60)
        for attempt in range(8):
            data = {"csrf_token": token, "email": EMAIL, "password": f"guess {minute} {attempt}"}
            statuses.append(guesser.post("/teacher/login", data=data, environ_base=SCHOOL).status_code)
        if minute % 8 == 0:  # the guesser's refused tries do not count against the account from everywhere
            fresh = app.test_client()
            assert login(fresh, environ_base={"REMOTE_ADDR": f"203.0.113.{minute}"}).status_code == 303
            logout(fresh)
    assert set(statuses) == {422, 429} and statuses.count(422) <= 25  # 192 tries, at most 25 passwords checked
    assert change(teacher).status_code == 303  # nor against the signed-in teacher's password change


def test_wrong_logins_at_the_school_address_never_lock_out_the_teachers_own_browser(app, client, clock):
    make_teacher(app)
    assert login(client, environ_base=SCHOOL).status_code == 303  # the teacher's browser, at school
    logout(client)
    student = app.test_client()  # a mischievous student behind the same address
    for attempt in range(5):
        assert login(student, password=f"guess {attempt}", environ_base=SCHOOL).status_code == 422
    for number in range(30):
        login(student, email=f"guess{number}@school.example", environ_base=SCHOOL)
    assert login(student, environ_base=SCHOOL).status_code == 429  # a new browser here could be the guesser
    assert login(client, environ_base=SCHOOL).status_code == 303  # the teacher's own browser is not
    assert logged_in(client)


def test_the_teachers_own_browser_has_a_limit_of_its_own(app, client, clock):
    make_teacher(app)
    assert login(client).status_code == 303
    logout(client)
    for attempt in range(5):
        assert login(client, password=f"typo {attempt}").status_code == 422
    assert login(client).status_code == 429  # so the browser is no way round the limits
    assert login(app.test_client()).status_code == 303  # and its typos lock out no one else at this address
    clock.advance(30)
    assert login(client).status_code == 303


def test_the_known_browser_cookie_does_not_carry_the_email(app, client):
    make_teacher(app)
    login(client)
    logout(client)
    text = session_cookie_text(client)
    assert "known_teacher" in text  # the browser is remembered...
    assert "ann.teacher" not in text.lower() and "school.example" not in text  # ...but not whose it is
    assert hashlib.sha256(EMAIL.encode()).hexdigest()[:16] not in text  # nor a hash a guess could be checked against
    assert login(client, password="wrong").status_code == 422
    with app.app_context():
        from quiz.models import Throttle

        keys = set(db.session.scalars(select(Throttle.key)))
    assert len(keys) == 1 and next(iter(keys)).startswith("login:known:")  # it still counts as the known browser


@pytest.mark.parametrize("marker", [EMAIL, "zoë.é", ".", "x." + "0" * 32])
def test_an_old_or_made_up_known_browser_marker_counts_as_a_new_browser(app, client, marker):
    make_teacher(app)
    with client.session_transaction() as session:
        session["known_teacher"] = marker  # EMAIL: what the cookie held before markers
    assert login(client, password="wrong").status_code == 422
    with app.app_context():
        from quiz.models import Throttle

        keys = set(db.session.scalars(select(Throttle.key)))
    assert not any(key.startswith("login:known:") for key in keys) and len(keys) == 3
    assert login(client).status_code == 303


def test_wrong_current_passwords_are_limited_per_signed_in_browser(app, client, clock):
    make_teacher(app)
    other = app.test_client()
    login(client)
    login(other, environ_base=ELSEWHERE)
    for attempt in range(5):
        assert change(client, current=f"not it {attempt}").status_code == 422
    refused = change(client)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "30"
    assert change(other).status_code == 303  # someone at the first browser cannot block the teacher's other one
