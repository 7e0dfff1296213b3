"""Classroom sessions through the test client: lifecycle, joining, live play, authorization."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from helpers import create_session, csrf, form_for, identify, join, register_teacher
from sqlalchemy import func, select, update

from quiz.extensions import db
from quiz.models import Answer, Attempt, ClassSession, Player
from quiz.services.classroom import CODE_ALPHABET, CODE_LENGTH


@pytest.fixture
def teacher(app):
    return register_teacher(app, "teacher@example.org")


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def session_row(app, session_id) -> ClassSession:
    with app.app_context():
        row = db.session.get(ClassSession, session_id)
        db.session.expunge(row)
        return row


def post(client, url, page_url=None, **data):
    page = client.get(page_url or url)
    return client.post(url, data={"csrf_token": csrf(page.data), **data})


def test_join_codes_are_short_unambiguous_and_unique(app, teacher):
    codes = {create_session(teacher, quiz_id="starter", mode="self-paced")[1] for _ in range(25)}
    assert len(codes) == 25
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)


def test_a_student_joins_with_code_and_nickname_only(app, teacher):
    _sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    student = app.test_client()
    page = student.get(f"/join/{code}").data.decode()
    fields = set(re.findall(r'<input[^>]*name="([^"]+)"', page))
    assert fields == {"csrf_token", "nickname"}  # no other personal data is asked
    suggested = re.search(r'id="nickname"[^>]*value="([^"]+)"', page).group(1)
    assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+( \d+)?", suggested)
    response = student.post(f"/join/{code}", data={"csrf_token": csrf(page), "nickname": suggested})
    assert response.status_code == 303 and "/play/" in response.location
    question = student.get(student.get(response.location).location).data.decode()
    assert "Question 1 of 10" in question


def test_typed_codes_forgive_case_and_spaces(app, teacher):
    _sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    student = app.test_client()
    response = post(student, "/join", code=f" {code[:3].lower()} {code[3:].lower()} ")
    assert response.status_code == 303 and response.location.endswith(f"/join/{code}")


@pytest.mark.parametrize(
    "nickname,message",
    [
        ("sh1t happens", "Please choose another nickname."),
        ("x", "at least 2"),
        ("A" * 30, "at most 24"),
        ("<script>", "letters, numbers"),
    ],
)
def test_bad_nicknames_are_refused_with_a_reason(app, teacher, nickname, message):
    _sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    response = post(app.test_client(), f"/join/{code}", nickname=nickname)
    assert response.status_code == 422
    assert message in response.data.decode()
    assert count(app, Player) == 0


def test_nicknames_are_unique_in_a_session(app, teacher):
    _sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    join(app, code, "Curious Otter")
    response = post(app.test_client(), f"/join/{code}", nickname="curious  otter")
    assert response.status_code == 422
    assert "already has that nickname" in response.data.decode()


def test_a_student_rejoins_as_themselves_on_the_same_device(app, teacher, bank):
    _sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    student, location = join(app, code, "Brave Heron")
    url = student.get(location).location
    page = student.get(url).data.decode()
    student.post(url, data=form_for(bank, identify(bank, page), page))
    # the tab is closed and the code typed again: same player, next question
    again = post(student, "/join", code=code)
    resumed = student.get(again.location)
    assert resumed.status_code == 303 and resumed.location == location
    assert "Question 2 of 10" in student.get(student.get(location).location).data.decode()
    assert count(app, Player) == 1


def test_pause_close_reopen_duplicate_and_delete(app, teacher, bank):
    sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    student, location = join(app, code, "Keen Lynx")
    url = student.get(location).location
    page = student.get(url).data.decode()
    answer = form_for(bank, identify(bank, page), page)

    post(teacher, f"/teacher/sessions/{sid}/status", f"/teacher/sessions/{sid}", do="pause")
    assert session_row(app, sid).status == "paused"
    refused = student.post(url, data=answer)
    assert refused.status_code == 422 and "paused or closed" in refused.data.decode()
    assert post(app.test_client(), f"/join/{code}", nickname="Late Comer").status_code == 422

    post(teacher, f"/teacher/sessions/{sid}/status", f"/teacher/sessions/{sid}", do="resume")
    assert student.post(url, data=answer).status_code == 303

    post(teacher, f"/teacher/sessions/{sid}/status", f"/teacher/sessions/{sid}", do="close")
    closed = session_row(app, sid)
    assert closed.status == "closed" and closed.join_code is None
    dead = post(app.test_client(), "/join", code=code)
    assert dead.status_code == 404 and "No open session has that code" in dead.data.decode()

    post(teacher, f"/teacher/sessions/{sid}/status", f"/teacher/sessions/{sid}", do="reopen")
    reopened = session_row(app, sid)
    assert reopened.status == "open" and reopened.join_code and reopened.join_code != code

    copy = post(teacher, f"/teacher/sessions/{sid}/duplicate", f"/teacher/sessions/{sid}")
    copy_id = int(copy.location.rsplit("/", 1)[1])
    duplicate = session_row(app, copy_id)
    assert (duplicate.quiz_id, duplicate.mode, duplicate.question_ids) == (
        closed.quiz_id,
        closed.mode,
        closed.question_ids,
    )
    assert duplicate.join_code not in (None, reopened.join_code)
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Player.session_id == copy_id)) == 0

    unconfirmed = post(teacher, f"/teacher/sessions/{sid}/delete")
    assert unconfirmed.status_code == 422 and "Tick the box" in unconfirmed.data.decode()
    assert count(app, Answer) == 1
    gone = post(teacher, f"/teacher/sessions/{sid}/delete", confirm="y")
    assert gone.status_code == 303
    assert teacher.get(f"/teacher/sessions/{sid}").status_code == 404
    assert (count(app, Player), count(app, Attempt), count(app, Answer)) == (0, 0, 0)


def test_teacher_renames_and_removes_players(app, teacher):
    sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    join(app, code, "Quick Yak")
    with app.app_context():
        player_id = db.session.scalar(select(Player.id))
    base = f"/teacher/sessions/{sid}/players/{player_id}"
    post(teacher, f"{base}/rename", f"/teacher/sessions/{sid}", nickname="b00bs")
    assert "Please choose another nickname." in teacher.get(f"/teacher/sessions/{sid}").data.decode()
    post(teacher, f"{base}/rename", f"/teacher/sessions/{sid}", nickname="Player One")
    assert "Player One" in teacher.get(f"/teacher/sessions/{sid}").data.decode()
    post(teacher, f"{base}/remove", f"/teacher/sessions/{sid}")
    assert count(app, Player) == 0 and count(app, Attempt) == 0


def test_wrong_codes_are_limited_but_a_class_behind_one_address_joins(app, teacher):
    _sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    for i in range(40):  # one school address, forty students, all within a minute
        join(app, code, f"Student {i:02d}")
    assert count(app, Player) == 40
    guesser = app.test_client()
    statuses = [post(guesser, "/join", code="ZZZZZ" + CODE_ALPHABET[i % 20]).status_code for i in range(31)]
    assert statuses[:29] == [404] * 29 and statuses[-1] == 429
    blocked = post(guesser, "/join", code=code)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0


def live_session(app, teacher, **fields):
    sid, code = create_session(teacher, quiz_id="starter", mode="live", **fields)
    return sid, code


def advance(teacher, sid, do):
    response = post(teacher, f"/teacher/sessions/{sid}/live", do=do)
    assert response.status_code == 303
    return response


def set_started(app, sid, seconds_ago):
    with app.app_context():
        row = db.session.get(ClassSession, sid)
        row.phase_started_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds_ago)
        db.session.commit()


def test_live_state_endpoint_is_conditional(app, teacher):
    sid, code = live_session(app, teacher)
    student, location = join(app, code, "Steady Crane")
    assert location.endswith(f"/live/{sid}")
    first = student.get(f"/live/{sid}/state")
    assert first.status_code == 200 and first.json["phase"] == "lobby"
    etag = first.headers["ETag"]
    same = student.get(f"/live/{sid}/state", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.data == b""
    assert "You're in!" in first.json["panel"]  # a phone's new state comes with the panel its script draws
    advance(teacher, sid, "start")
    moved = student.get(f"/live/{sid}/state", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.json["phase"] == "question" and moved.headers["ETag"] != etag
    panel = moved.json["panel"]
    page = student.get(f"/live/{sid}?partial=1").data.decode()

    def tokenless(html: str) -> str:  # a CSRF token is signed with the time, to the second
        return re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', "", html)

    assert tokenless(panel) == tokenless(page)  # the same as the panel's own address gives
    assert '<form method="post"' in panel and 'name="csrf_token"' in panel and "<html" not in panel
    assert "panel" not in teacher.get(f"/teacher/sessions/{sid}/state").json  # the projector fetches its own


def test_a_poll_with_an_expired_cookie_is_not_answered_from_memory(app, teacher, monkeypatch):
    """The 304 middleware remembers cookies it has checked, but not past their age."""
    sid, code = live_session(app, teacher)
    student, _ = join(app, code, "Late Heron")
    etag = student.get(f"/live/{sid}/state").headers["ETag"]
    for _ in range(2):  # checked once, then remembered
        assert student.get(f"/live/{sid}/state", headers={"If-None-Match": etag}).status_code == 304
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert student.get(f"/live/{sid}/state", headers={"If-None-Match": etag}).status_code == 404


def test_live_deadline_is_enforced_on_the_server(app, teacher, bank):
    sid, code = live_session(app, teacher, seconds="30")
    early, _ = join(app, code, "Early Bird")
    late, _ = join(app, code, "Late Owl")
    advance(teacher, sid, "start")
    pages = {name: c.get(f"/live/{sid}").data.decode() for name, c in (("early", early), ("late", late))}
    question = identify(bank, pages["early"])
    set_started(app, sid, 31)  # after the deadline but inside the grace period
    assert early.post(f"/live/{sid}", data=form_for(bank, question, pages["early"]) | {"index": "0"}).status_code == 303
    set_started(app, sid, 40)
    refused = late.post(f"/live/{sid}", data=form_for(bank, question, pages["late"]) | {"index": "0"})
    assert refused.status_code == 422 and "Time is up" in refused.data.decode()
    assert count(app, Answer) == 1


def test_live_answers_only_for_the_open_question(app, teacher, bank):
    sid, code = live_session(app, teacher)
    student, _ = join(app, code, "Jolly Moose")
    advance(teacher, sid, "start")
    page = student.get(f"/live/{sid}").data.decode()
    data = form_for(bank, identify(bank, page), page)
    wrong_index = student.post(f"/live/{sid}", data=data | {"index": "3"})
    assert wrong_index.status_code == 422 and "no longer open" in wrong_index.data.decode()
    advance(teacher, sid, "reveal")
    too_late = student.post(f"/live/{sid}", data=data | {"index": "0"})
    assert too_late.status_code == 422
    assert count(app, Answer) == 0


def test_a_phones_script_gets_its_panel_back_from_the_answer_post(app, teacher, bank):
    """live.js posts to the partial URL: the reply is the panel as it now stands, not a redirect."""
    sid, code = live_session(app, teacher, seconds="30")
    phone, _ = join(app, code, "Keen Otter")
    late, _ = join(app, code, "Late Lynx")
    advance(teacher, sid, "start")
    page = phone.get(f"/live/{sid}?partial=1").data.decode()
    assert "<html" not in page and 'name="index" value="0"' in page
    data = form_for(bank, identify(bank, page), page) | {"index": "0"}
    reply = phone.post(f"/live/{sid}?partial=1", data=data)
    body = reply.data.decode()
    assert reply.status_code == 200 and "<html" not in body
    assert "Answer recorded" in body and "<form" not in body
    assert count(app, Answer) == 1
    again = phone.post(f"/live/{sid}?partial=1", data=data)  # sent twice (a retry): the first answer stands
    assert again.status_code == 200 and "Answer recorded" in again.data.decode()
    assert count(app, Answer) == 1
    late_page = late.get(f"/live/{sid}?partial=1").data.decode()
    set_started(app, sid, 40)  # past the deadline and its grace
    resent = phone.post(f"/live/{sid}?partial=1", data=data)  # its reply was lost: told it counted, not "too late"
    assert resent.status_code == 200 and "Answer recorded" in resent.data.decode()
    late_answer = form_for(bank, identify(bank, late_page), late_page) | {"index": "0"}
    refused = late.post(f"/live/{sid}?partial=1", data=late_answer)
    assert refused.status_code == 422 and "<html" not in refused.data.decode() and "Time is up" in refused.data.decode()
    assert count(app, Answer) == 1


def test_speed_bonus_follows_kahoots_rule(app, teacher, bank):
    sid, code = live_session(app, teacher, seconds="40", speed_bonus="y")
    student, _ = join(app, code, "Swift Falcon")
    advance(teacher, sid, "start")
    page = student.get(f"/live/{sid}").data.decode()
    question = identify(bank, page)
    set_started(app, sid, 20)
    student.post(f"/live/{sid}", data=form_for(bank, question, page) | {"index": "0"})
    with app.app_context():
        points = db.session.scalar(select(Answer.points))
    assert points == pytest.approx(question.points * (1 - (20 / 40) / 2), abs=0.01)


def test_self_paced_answers_hidden_until_the_session_closes(app, teacher, bank):
    sid, code = create_session(teacher, quiz_id="starter", mode="self-paced", reveal="close")
    student, location = join(app, code, "Patient Tapir")
    url = student.get(location).location
    page = student.get(url).data.decode()
    question = identify(bank, page)
    feedback = student.get(student.post(url, data=form_for(bank, question, page, right=False)).location)
    text = feedback.data.decode()
    assert "Answer recorded" in text and "The right answer" not in text and "<mark" not in text
    post(teacher, f"/teacher/sessions/{sid}/status", f"/teacher/sessions/{sid}", do="close")
    after = student.get(url + "/feedback").data.decode()
    assert "Not quite" in after and "<mark" in after


def teacher_urls(app, session_id, player_id):
    """Every teacher URL of one session, with its methods."""
    for rule in app.url_map.iter_rules():
        if "session_id" not in rule.arguments or not rule.rule.startswith("/teacher"):
            continue
        values = {"session_id": session_id, "player_id": player_id, "article_id": "sbs-milano-politics"}
        path = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, path


def test_other_teachers_and_students_cannot_reach_a_session(app, teacher):
    sid, code = create_session(teacher, quiz_id="starter", mode="live")
    student, _ = join(app, code, "Gentle Koala")
    with app.app_context():
        player_id = db.session.scalar(select(Player.id))
    intruder = register_teacher(app, "other@example.org")
    token = csrf(intruder.get("/teacher/").data)
    urls = list(teacher_urls(app, sid, player_id))
    assert len(urls) >= 12
    for method, path in urls:
        response = intruder.open(
            path, method=method, data={"csrf_token": token, "do": "close", "confirm": "y", "nickname": "Hacked"}
        )
        assert response.status_code == 404, (method, path, response.status_code)
        anonymous = student.open(path, method=method, data={"csrf_token": csrf(student.get("/join").data)})
        assert anonymous.status_code == 302 and "/teacher/login" in anonymous.location, (method, path)
    row = session_row(app, sid)
    assert row.status == "open" and count(app, Player) == 1
    # the owner still sees everything
    assert teacher.get(f"/teacher/sessions/{sid}").status_code == 200


def test_a_player_acts_only_as_themselves_in_their_own_session(app, teacher, bank):
    sid, code = live_session(app, teacher)
    other_sid, other_code = live_session(app, teacher)
    mine, _ = join(app, code, "Noble Bison")
    theirs, _ = join(app, other_code, "Witty Gecko")
    assert theirs.get(f"/live/{sid}").status_code == 404
    assert theirs.get(f"/live/{sid}/state").status_code == 404
    assert app.test_client().get(f"/live/{sid}").status_code == 404
    sp_sid, sp_code = create_session(teacher, quiz_id="starter", mode="self-paced")
    player, location = join(app, sp_code, "Sunny Ibis")
    assert theirs.get(location).status_code == 404  # another device cannot open someone's attempt
    assert mine.get(f"/live/{sid}").status_code == 200


def test_pausing_a_live_question_stops_its_clock(app, teacher, bank):
    sid, code = live_session(app, teacher, seconds="30")
    student, _ = join(app, code, "Calm Heron")
    advance(teacher, sid, "start")
    page = student.get(f"/live/{sid}").data.decode()
    question = identify(bank, page)
    set_started(app, sid, 20)  # 10 seconds left
    post(teacher, f"/teacher/sessions/{sid}/status", f"/teacher/sessions/{sid}", do="pause")
    with app.app_context():  # as if the pause began a minute ago, 20 s into the question
        row = db.session.get(ClassSession, sid)
        row.paused_at = row.paused_at - dt.timedelta(seconds=60)
        row.phase_started_at = row.phase_started_at - dt.timedelta(seconds=60)
        db.session.commit()
    paused = student.get(f"/live/{sid}/state").json
    assert paused["status"] == "paused" and 9 <= paused["remaining"] <= 10.5
    post(teacher, f"/teacher/sessions/{sid}/status", f"/teacher/sessions/{sid}", do="resume")
    resumed = student.get(f"/live/{sid}/state").json
    assert resumed["status"] == "open" and 9 <= resumed["remaining"] <= 10.5
    answered = student.post(f"/live/{sid}", data=form_for(bank, question, page) | {"index": "0"})
    assert answered.status_code == 303 and count(app, Answer) == 1


def test_self_paced_question_pages_hide_the_score_until_close(app, teacher, bank):
    _sid, code = create_session(teacher, quiz_id="starter", mode="self-paced", reveal="close")
    student, location = join(app, code, "Quiet Raven")
    url = student.get(location).location
    page = student.get(url).data.decode()
    student.post(url, data=form_for(bank, identify(bank, page), page, right=True))
    second = student.get(url[: url.rfind("/")] + "/2").data.decode()
    assert "Question 2 of 10" in second and "Score so far" not in second


def test_live_reveal_close_shows_the_split_but_not_the_answer(app, teacher, bank):
    sid, code = live_session(app, teacher, reveal="close")
    student, _ = join(app, code, "Merry Walrus")
    advance(teacher, sid, "start")
    page = student.get(f"/live/{sid}").data.decode()
    student.post(f"/live/{sid}", data=form_for(bank, identify(bank, page), page) | {"index": "0"})
    advance(teacher, sid, "reveal")
    projector = teacher.get(f"/teacher/sessions/{sid}/live").data.decode()
    phone = student.get(f"/live/{sid}").data.decode()
    assert "How the class answered" in projector
    for text in (projector, phone):
        assert "(right)" not in text and "<mark" not in text and "You are number" not in text
    assert "Answer recorded" in phone and "Show the top five" not in projector


def test_guessing_codes_in_the_url_is_limited_too(app, teacher):
    _sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    guesser = app.test_client()
    statuses = [guesser.get(f"/join/ZZZZZ{CODE_ALPHABET[i % 20]}").status_code for i in range(31)]
    assert statuses[:29] == [303] * 29 and statuses[-1] == 429
    assert guesser.get(f"/join/{code}").status_code == 429


@pytest.mark.parametrize(
    "path",
    [
        "/live/99999999999",
        "/live/99999999999/state",
        "/teacher/sessions/99999999999",
        "/teacher/sessions/2147483648/report/",
    ],
)
def test_huge_ids_are_404_not_500(app, teacher, path):
    assert teacher.get(path).status_code == 404


def test_unicode_digits_and_huge_numbers_in_forms_are_messages(app, teacher, bank):
    sid, code = live_session(app, teacher)
    student, _ = join(app, code, "Lucky Salmon")
    advance(teacher, sid, "start")
    page = student.get(f"/live/{sid}").data.decode()
    data = form_for(bank, identify(bank, page), page)
    for index in ("²", "9" * 5000):
        response = student.post(f"/live/{sid}", data=data | {"index": index})
        assert response.status_code == 422 and "no longer open" in response.data.decode()
    if "choice" in data:
        for value in ("²", "9" * 5000):
            response = student.post(f"/live/{sid}", data=data | {"index": "0", "choice": value})
            assert response.status_code == 422


def test_a_resent_join_form_rejoins_the_same_player(app, teacher):
    _sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    student = app.test_client()
    token = csrf(student.get(f"/join/{code}").data)
    first = student.post(f"/join/{code}", data={"csrf_token": token, "nickname": "Bold Badger"})
    with student.session_transaction() as cookie:  # the first answer never arrived
        cookie.pop("players", None)
    again = student.post(f"/join/{code}", data={"csrf_token": token, "nickname": "Bold Badger"})
    assert again.status_code == 303 and again.location == first.location
    assert count(app, Player) == 1


def test_live_players_cannot_play_ahead_on_the_solo_pages(app, teacher):
    sid, code = live_session(app, teacher)
    student, _ = join(app, code, "Keen Kestrel")
    with app.app_context():
        attempt_id = db.session.scalar(select(Attempt.id))
    assert student.get(f"/play/{attempt_id}/1").status_code == 404
    assert student.get(f"/play/{attempt_id}").status_code == 404


def test_a_question_taken_out_of_the_file_bank_is_passed_over_by_sessions_made_before_versions(app, teacher, bank):
    """Sessions made before the library pinned nothing and follow the bank file as it changes."""
    from quiz.content import Bank
    from quiz.models import Attempt, ClassSession
    from quiz.services.versions import Played

    sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    live_sid, live_code = live_session(app, teacher)
    student, location = join(app, code, "Daring Zebra")
    phone, _ = join(app, live_code, "Daring Yak")
    advance(teacher, live_sid, "start")
    first = session_row(app, sid).question_ids[0]
    with app.app_context():
        for model in (ClassSession, Attempt):
            db.session.execute(update(model).values(bank_version_id=None, bank_hash=None))
        db.session.commit()
    state = app.extensions["quiz_file_bank"]
    smaller = Bank(bank.title, tuple(q for q in bank.questions if q.id != first), bank.articles, bank.quizzes)
    state.good = Played(state.good.version_id, state.good.number, state.good.hash, smaller)
    url = student.get(location).location
    assert url.endswith("/2") and "Question 2 of 10" in student.get(url).data.decode()
    assert "taken out of the quiz" in phone.get(f"/live/{live_sid}").data.decode()
    assert "taken out of the question bank" in teacher.get(f"/teacher/sessions/{live_sid}/live").data.decode()
    advance(teacher, live_sid, "reveal")
    assert teacher.get(f"/teacher/sessions/{live_sid}/report/").status_code == 200
