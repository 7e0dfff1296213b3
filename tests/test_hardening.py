"""Bad input and production hardening: each test is a finding of a fuzzer or a reviewer, reproduced."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import secrets
import subprocess
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from conftest import make_app
from flask.sessions import SecureCookieSessionInterface
from helpers import create_session, csrf, form_for, identify, join, register_teacher
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from quiz.config import ConfigError
from quiz.extensions import db
from quiz.models import ClassSession
from quiz.services import accounts

REPO = Path(__file__).resolve().parents[1]
EMAIL = "ann.teacher@school.example"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    """Cheap Argon2id: these tests sign teachers in, and the hash parameters are not what they test."""
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def count_sessions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ClassSession))


# -- NUL bytes and control characters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/quiz/starter%00",
        "/practice/abc%00def/",
        "/join/ABC%00EF",
        "/play/abc%00def",
        "/teacher/login%00",
        "/library/%00",
        "/articles/%00x",
    ],
)
def test_a_nul_byte_in_a_path_is_a_404(client, path):
    for response in (client.get(path), client.post(path, data={})):
        assert response.status_code == 404
        assert "Page not found" in response.get_data(as_text=True)


def test_a_nul_byte_in_the_login_email_is_refused_and_not_logged(app, client, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: an error is logged, not raised
    with app.app_context():
        accounts.register(EMAIL, "purple otters read closely")
    page = client.get("/teacher/login")
    typed = "ann.teacher\x00@school.example"
    with caplog.at_level(logging.DEBUG):
        response = client.post("/teacher/login", data={"csrf_token": csrf(page.data), "email": typed, "password": "x"})
    assert response.status_code == 422
    assert "cannot be stored" in response.get_data(as_text=True)
    assert "ann.teacher" not in caplog.text  # nor its tracebacks
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    page = client.get("/teacher/register")
    data = {"csrf_token": csrf(page.data), "email": "bob\x00@school.example", "password": "x" * 12, "confirm": "x" * 12}
    assert client.post("/teacher/register", data=data).status_code == 422


def test_a_nul_byte_in_a_session_title_is_refused(app):
    teacher = register_teacher(app, EMAIL)
    page = teacher.get("/teacher/")
    data = {"csrf_token": csrf(page.data), "quiz_id": "starter", "mode": "live", "reveal": "each", "seconds": "60"}
    response = teacher.post("/teacher/sessions", data=data | {"title": "Week\x00one"})
    assert response.status_code == 422
    assert count_sessions(app) == 0
    create_session(teacher, quiz_id="starter", mode="live", title="Week one")  # the same form without it works
    assert count_sessions(app) == 1


def test_a_nul_byte_in_a_query_value_is_refused(client):
    assert client.get("/join?code=AB%00CD").status_code == 422
    assert client.get("/join?code=ABCD").status_code == 200


@pytest.mark.parametrize("path", ["/join/AB%0d%0aX-Injected:%20yes", "/quiz/starter%0d%0aX-Injected:%20yes", "/%0a"])
def test_an_encoded_cr_lf_in_a_path_is_a_404_and_logs_nothing(app, client, caplog, path):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: an error is logged, not raised
    with caplog.at_level(logging.DEBUG):
        responses = [client.get(path), client.post(path, data={}), client.post(path, data={"csrf_token": "forged"})]
    assert [r.status_code for r in responses] == [404, 404, 404]
    assert all("X-Injected" not in str(r.headers) for r in responses)
    assert "X-Injected" not in caplog.text


NAMELESS = (  # one plain part and one file part, neither with a name
    b"--XX\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n"
    b'--XX\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\nfile\r\n--XX--\r\n'
)


@pytest.mark.parametrize("path", ["/join", "/teacher/login", "/teacher/logout", "/quiz/starter", "/library/new"])
def test_a_multipart_part_without_a_name_is_a_400(client, path):
    response = client.post(path, data=NAMELESS, content_type="multipart/form-data; boundary=XX")
    assert response.status_code == 400
    assert "Something went wrong" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "referer",
    [
        "http://localhost//evil.example/x",
        "http://localhost//evil.example",
        "http://localhost/\\evil.example/",
        "http://localhost/%0d%0a//evil.example",
        "https://evil.example/teacher/login",
    ],
)
def test_the_csrf_failure_redirect_never_leaves_the_site(client, referer):
    response = client.post("/teacher/logout", data={"csrf_token": "forged"}, headers={"Referer": referer})
    assert response.status_code == 303
    assert response.location == "/"


def test_the_csrf_failure_redirect_still_returns_to_the_page_of_the_form(client):
    response = client.post(
        "/teacher/logout", data={"csrf_token": "forged"}, headers={"Referer": "http://localhost/quiz/starter?x=1"}
    )
    assert response.location == "/quiz/starter?x=1"


# -- forged cookies ------------------------------------------------------------------------------------


def forge(app, client, data: dict) -> None:
    """Set a session cookie signed with the app's key, as someone who knows it could."""
    value = SecureCookieSessionInterface().get_signing_serializer(app).dumps(data)
    client.set_cookie("session", value)


# "SID" stands for the id of a session the student really joined.
WRONG_TYPES = [
    {"players": "x"},
    {"players": ["x"]},
    {"players": {"SID": 5}},
    {"players": {"SID": ["x"]}},
    {"player": 5},
    {"player": ["x"]},
    {"player": {"a": 1}},
    {"_flashes": 5},
    {"_flashes": "ab"},
    {"_flashes": [5]},
    {"_flashes": [["info"]]},
    {"csrf_token": 5},
    {"csrf_token": ["x"]},
    {"_user_id": 5},
    {"_fresh": "yes"},
    {"_id": ["x"]},
    {"known_teacher": 5},
    {"_permanent": "x"},
]


@pytest.mark.parametrize("forged", WRONG_TYPES, ids=[repr(f) for f in WRONG_TYPES])
def test_a_forged_cookie_with_values_of_the_wrong_type_counts_as_no_session(app, forged):
    teacher = register_teacher(app, EMAIL)
    live_id, live_code = create_session(teacher, quiz_id="starter", mode="live")
    homework_id, homework_code = create_session(teacher, quiz_id="starter", mode="self-paced")
    student, _ = join(app, live_code, "Merry Walrus")
    join(app, homework_code, "Calm Otter")
    # The wrong values ride on an otherwise valid cookie: a signed-in teacher's and a joined student's.
    with student.session_transaction() as real:
        data = dict(real)
    with teacher.session_transaction() as real:
        data |= {key: real[key] for key in ("_user_id", "_fresh", "_id")}
    for key, value in forged.items():
        data[key] = {str(live_id): value["SID"]} if isinstance(value, dict) and "SID" in value else value
    browser = app.test_client()
    paths = ["/", "/join", f"/join/{live_code}", f"/join/{homework_code}", f"/live/{live_id}", f"/live/{live_id}/state"]
    for path in [*paths, "/teacher/login", "/teacher/", f"/teacher/sessions/{homework_id}"]:
        forge(app, browser, data)
        assert browser.get(path).status_code != 500, path
    forge(app, browser, data)
    assert browser.get("/teacher/").status_code == 302  # not signed in: the whole cookie was ignored
    forge(app, browser, data)
    assert browser.get(f"/live/{live_id}").status_code == 404  # nor joined
    forge(app, browser, data)
    page = browser.get("/join")
    response = browser.post("/join", data={"csrf_token": csrf(page.data), "code": homework_code})
    assert response.status_code == 303  # and it can join like any new browser


def test_a_cookie_sent_again_is_read_as_it_was_signed_whatever_an_earlier_request_did_with_it(app):
    """Checked cookies are remembered; the session a request gets is still its own copy (flash() appends)."""
    player = app.test_client()
    start = player.post("/quiz/starter", data={"csrf_token": csrf(player.get("/quiz/starter").data)})
    out_of_order = start.location.rsplit("/", 1)[0] + "/3"  # the run token itself may start with a 1
    assert player.get(out_of_order).status_code == 303  # flashes "in order", and sends the player back
    signed = player.get_cookie("session").value  # holds that one message
    assert player.get(out_of_order).status_code == 303  # a second message joins the first
    assert player.get(start.location).data.decode().count("Please answer the questions in order.") == 2
    copy = app.test_client()  # the cookie as it was after the first message, from another tab's request
    copy.set_cookie("session", signed)
    page = copy.get(start.location)
    assert page.status_code == 200 and page.data.decode().count("Please answer the questions in order.") == 1


def test_a_cookie_older_than_the_session_lifetime_counts_as_no_session_even_once_checked(app, monkeypatch):
    teacher = register_teacher(app, EMAIL)
    session_id, code = create_session(teacher, quiz_id="starter", mode="live")
    student, _ = join(app, code, "Merry Walrus")
    state = student.get(f"/live/{session_id}/state")
    polled = student.get(f"/live/{session_id}/state", headers={"If-None-Match": state.headers["ETag"]})
    assert polled.status_code == 304 and student.get(f"/live/{session_id}").status_code == 200
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    polled = student.get(f"/live/{session_id}/state", headers={"If-None-Match": state.headers["ETag"]})
    assert polled.status_code == 404  # no longer a player here, not a 304 from the remembered cookie
    assert student.get(f"/live/{session_id}").status_code == 404


class RawJSON:
    """Writes JSON as it is, so a test can sign what Flask's own serializer would never write."""

    dumps = staticmethod(lambda value: json.dumps(value, separators=(",", ":")))
    loads = staticmethod(json.loads)


@pytest.mark.parametrize(
    "payload", [["ab", "cd"], "text", 5, None, {"k": {" t": 5}}, {"k": {" u": 5}}, {"k": {" d": []}}]
)
def test_a_forged_cookie_flask_cannot_read_counts_as_no_session(app, client, payload):
    interface = SecureCookieSessionInterface()
    signer = URLSafeTimedSerializer(
        app.secret_key,
        salt=interface.salt,
        serializer=RawJSON,
        signer_kwargs={"key_derivation": interface.key_derivation, "digest_method": interface.digest_method},
    )
    client.set_cookie("session", signer.dumps(payload))
    assert client.get("/join").status_code == 200
    assert client.get("/teacher/login").status_code == 200


# -- CSV cells -----------------------------------------------------------------------------------------

FORMULA_STARTS = "=+-@\t\r"
SEPARATORS = ",; \t|\r\n"
TYPED = 'Milano;=HYPERLINK("http://evil.example")|+cmd,@SUM(1) -2 =3'


def dangerous_starts(cell: str) -> list[int]:
    """Where a spreadsheet splitting the cell at any separator would find a formula."""
    return [i for i, char in enumerate(cell) if char in FORMULA_STARTS and (i == 0 or cell[i - 1] in SEPARATORS)]


def test_csv_cells_are_quoted_and_formulas_neutralised_wherever_a_spreadsheet_may_split(app, bank):
    teacher = register_teacher(app, EMAIL)
    session_id, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    student, url = join(app, code, "Ann -Dash")
    url = student.get(url).location
    typed = None
    while url and "/summary" not in url:
        page = student.get(url).get_data(as_text=True)
        question = identify(bank, page)
        data = form_for(bank, question, page, right=False)
        if question.type == "text":
            data["text"] = typed = TYPED
        response = student.post(url, data=data)
        assert response.status_code == 303
        feedback = student.get(response.location).get_data(as_text=True)
        found = re.search(r'href="([^"]+)">Next question', feedback)
        url = found.group(1) if found else None
    assert typed, "the starter quiz has a text question"
    for kind in ("answers", "students"):
        response = teacher.get(f"/teacher/sessions/{session_id}/report/{kind}.csv")
        assert response.status_code == 200
        raw = response.data.decode("utf-8-sig")
        for line in raw.split("\r\n")[:-1]:
            assert re.fullmatch(r'"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*', line), line  # every cell quoted
        rows = list(csv.reader(io.StringIO(raw, newline="")))
        for row in rows:
            for cell in row:
                assert not dangerous_starts(cell), cell
        if kind == "answers":
            given = [row[rows[0].index("answer given")] for row in rows[1:]]
            assert "Milano;'=HYPERLINK(\"http://evil.example\")|'+cmd,'@SUM(1) '-2 '=3" in given
        assert any(row[0] == "Ann '-Dash" for row in rows[1:])


# -- production ----------------------------------------------------------------------------------------

LONG_KEY = secrets.token_hex(32)


@pytest.mark.parametrize("value", ["production", "Production", " PRODUCTION "])
def test_production_sends_hsts_whatever_the_case_of_quiz_env(database_url, monkeypatch, value):
    monkeypatch.setenv("QUIZ_ENV", value)
    app = make_app(database_url, SECRET_KEY=LONG_KEY)
    try:
        response = app.test_client().get("/")
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert app.config["SESSION_COOKIE_SECURE"] is True
    finally:
        dispose(app)


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.parametrize("value", ["prod", "staging", "productoin", "1"])
def test_an_unknown_quiz_env_is_refused(database_url, monkeypatch, value):
    monkeypatch.setenv("QUIZ_ENV", value)
    with pytest.raises(ConfigError, match="QUIZ_ENV"):
        make_app(database_url, SECRET_KEY=LONG_KEY)


def app_from_environment(database_url):
    """An app configured from the environment alone, as a host following the README would build it."""
    from quiz.app import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})


@pytest.mark.parametrize("key", [None, "", "dev-only-not-secret", "short", "x" * 31])
def test_production_refuses_a_missing_or_short_secret_key(database_url, monkeypatch, key):
    monkeypatch.setenv("QUIZ_ENV", "production")
    if key is None:
        monkeypatch.delenv("QUIZ_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("QUIZ_SECRET_KEY", key)
    with pytest.raises(ConfigError, match="QUIZ_SECRET_KEY"):
        app_from_environment(database_url)


def larger_deployments_recipe() -> str:
    """The shell block of the README's "Larger deployments" section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Larger deployments", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_the_readme_scale_out_recipe_shares_one_secret_key_across_hosts(database_url, monkeypatch):
    recipe = larger_deployments_recipe().splitlines()
    setting = [line for line in recipe if "QUIZ_SECRET_KEY=" in line]
    assert setting, "the recipe sets QUIZ_SECRET_KEY"
    for line in setting:  # this runs on every host, so it must read the one shared key, never make one
        assert not re.search(r"secrets|token_|urandom|openssl|random", line), line
    [making] = [line for line in recipe if "token_hex" in line]  # the key is made once, apart
    command = re.search(r"python3 -c '([^']+)'", making).group(1)
    key = subprocess.run(["python3", "-c", command], capture_output=True, text=True, check=True).stdout.strip()
    monkeypatch.setenv("QUIZ_ENV", "production")
    monkeypatch.setenv("QUIZ_SECRET_KEY", key)  # the production rule accepts the key the recipe makes
    first = make_app(database_url, SECRET_KEY=key)
    second = app_from_environment(database_url)  # another host, the same key from the environment
    try:
        with first.app_context():
            accounts.register(EMAIL, "purple otters read closely")
        browser = first.test_client()
        page = browser.get("/teacher/login", base_url="https://quiz.example")
        data = {"csrf_token": csrf(page.data), "email": EMAIL, "password": "purple otters read closely"}
        https = {"base_url": "https://quiz.example", "headers": {"Referer": "https://quiz.example/teacher/login"}}
        assert browser.post("/teacher/login", data=data, **https).status_code == 303
        assert browser.get("/teacher/password", base_url="https://quiz.example").status_code == 200
        other_host = second.test_client()
        other_host.set_cookie(
            "session", browser.get_cookie("session", domain="quiz.example").value, domain="quiz.example"
        )
        assert other_host.get("/teacher/password", base_url="https://quiz.example").status_code == 200
    finally:
        with second.app_context():
            db.engine.dispose()
        dispose(first)
