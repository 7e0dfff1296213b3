"""Wrong join codes: a guesser is stopped, while a class behind one school address always gets in."""

from __future__ import annotations

import re

import pytest
from helpers import create_session, csrf, join, register_teacher
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Player
from quiz.services.classroom import CODE_ALPHABET
from quiz.web import student as student_views

ELSEWHERE = {"REMOTE_ADDR": "198.51.100.7"}


@pytest.fixture
def teacher(app):
    return register_teacher(app, "teacher@school.example")


def players(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Player))


def wrong_code(number: int) -> str:
    """A well-formed code that no session has (test codes are random; these end in a fixed pattern)."""
    return "ZZ" + "".join(CODE_ALPHABET[(number // len(CODE_ALPHABET) ** i) % len(CODE_ALPHABET)] for i in range(4))


def type_codes(browser, codes, **kwargs) -> list[int]:
    """Submit each code on the join page in this browser; the statuses."""
    token = csrf(browser.get("/join", **kwargs).data)
    return [browser.post("/join", data={"csrf_token": token, "code": code}, **kwargs).status_code for code in codes]


def test_a_mischievous_student_and_typists_never_lock_the_class_out(app, teacher, clock):
    _sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    _other, other_code = create_session(teacher, quiz_id="starter", mode="live")  # another class, same school
    # A mischievous student types wrong codes in three private windows: 105 from the school's address,
    # three and a half times what used to lock the whole address out.
    for window in range(3):
        mischief = app.test_client()
        statuses = type_codes(mischief, [wrong_code(35 * window + n) for n in range(35)])
        assert statuses[:29] == [404] * 29 and set(statuses[29:]) == {429}  # each window is stopped on its own
    assert type_codes(mischief, [code]) == [429]  # a blocked window stays blocked, even with the right code
    # Five typists get it wrong a few times, then right.
    for typist in range(5):
        browser = app.test_client()
        assert type_codes(browser, [wrong_code(1000 + 3 * typist + n) for n in range(3)]) == [404] * 3
        assert type_codes(browser, [code]) == [303]
    # The class of forty, and the other class, all join.
    for number in range(40):
        join(app, code, f"Student {number:02d}")
    for number in range(5):
        join(app, other_code, f"Other {number:02d}")
    assert players(app) == 45


def test_a_script_guessing_from_one_address_is_stopped_there(app, teacher, clock, monkeypatch):
    # The real budget is 600 wrong codes an hour per address; the rule is the same with 60.
    monkeypatch.setitem(student_views.WRONG_CODES_PER_ADDRESS, "limit", 60)
    _sid, code = create_session(teacher, quiz_id="starter", mode="live")
    early, home = join(app, code, "Early Bird")
    statuses = []
    for batch in range(4):  # a fresh browser every 20 codes, so no one browser reaches its own limit
        statuses += type_codes(app.test_client(), [wrong_code(20 * batch + n) for n in range(20)])
    assert statuses[:59] == [404] * 59 and set(statuses[59:]) == {429}
    assert type_codes(app.test_client(), [code]) == [429]  # a new browser here cannot be told from the script
    assert type_codes(early, [code]) == [303]  # a student who had joined comes back all the same
    assert early.get(f"/join/{code}").location == home
    assert type_codes(app.test_client(), [code], environ_base=ELSEWHERE) == [303]  # other addresses are not blocked
    # The QR code's link carries a key only the teacher's screen shows: it lets a new browser in at once.
    sid = _sid
    page = teacher.get(f"/teacher/sessions/{sid}").data.decode()
    link = re.search(r'Or open <a href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert f"/join/{code}?k=" in link
    scanned = app.test_client()
    joined = scanned.get(link.split("localhost", 1)[1])
    assert joined.status_code == 200 and "Choose a nickname" in joined.data.decode()
    forged = app.test_client().get(f"/join/{code}?k=" + "0" * 24)
    assert forged.status_code == 429  # a made-up key is a guess like any other
    assert app.test_client().get(f"/join/{code}?k=%C3%A9t%C3%A9").status_code == 429  # any text, never a 500
    clock.advance(600)
    assert type_codes(app.test_client(), [code]) == [303]  # ten minutes later the school's address joins again
