"""Classroom sessions that hold up in a real class (issue 9): nicknames, removals, ends, results after close, the clock.

Everything goes through the pages, as a teacher's and students' browsers would, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import create_session, csrf, form_for, identify, join, register_teacher
from sqlalchemy import func, select, update

from quiz.app import create_app
from quiz.config import ConfigError
from quiz.content.loader import read_bank_files
from quiz.extensions import db
from quiz.models import Answer, Attempt, ClassSession, Player, RemovedDevice, Teacher
from quiz.services import library

REPO = Path(__file__).resolve().parents[1]
REFUSED = "Please choose another nickname."
SUGGESTED = re.compile(r'id="nickname"[^>]*value="([^"]+)"')
OFFERED = re.compile(r'class="offered-name"><strong>([^<]+)</strong>')
NO_SCRIPT_REFRESH = '<noscript><meta http-equiv="refresh" content="3"></noscript>'


@pytest.fixture
def teacher(app):
    return register_teacher(app, "teacher@example.org")


def post(client, url, page_url=None, **data):
    page = client.get(page_url or url)
    return client.post(url, data={"csrf_token": csrf(page.data), **data})


def status(teacher, sid, do):
    response = post(teacher, f"/teacher/sessions/{sid}/status", f"/teacher/sessions/{sid}", do=do)
    assert response.status_code == 303
    return response


def advance(teacher, sid, do):
    response = post(teacher, f"/teacher/sessions/{sid}/live", do=do)
    assert response.status_code == 303
    return response


def session_row(app, sid) -> ClassSession:
    with app.app_context():
        row = db.session.get(ClassSession, sid)
        db.session.expunge(row)
        return row


def players(app, sid) -> list[str]:
    with app.app_context():
        query = select(Player.nickname).where(Player.session_id == sid).order_by(Player.nickname)
        return list(db.session.scalars(query))


def attempt_of(app, nickname) -> str:
    with app.app_context():
        return db.session.scalar(select(Attempt.id).join(Player).where(Player.nickname == nickname))


def answers(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Answer))


def answer_live(bank, phone, sid, right=True):
    page = phone.get(f"/live/{sid}").data.decode()
    index = re.search(r'name="index" value="(\d+)"', page).group(1)
    return phone.post(f"/live/{sid}", data=form_for(bank, identify(bank, page), page, right=right) | {"index": index})


def library_bank(app, email, edit=None, practice=False) -> tuple[int, str | None]:
    """A teacher's library bank holding the sample (optionally edited); its id and practice token."""
    raw, texts, _folder = read_bank_files(REPO / "questions.yaml")
    if edit:
        raw = edit(raw)
    with app.app_context():
        owner = db.session.scalar(select(Teacher.id).where(Teacher.email == email))
        bank, result = library.create_bank(owner, "My copy of the sample", raw, texts)
        assert result.saved, [str(p) for p in result.problems]
        if practice:
            library.set_practice(bank, True)
        return bank.id, bank.practice_token


# --------------------------------------------------------------------------- 1. nicknames


def test_the_join_page_refuses_words_run_together_and_lets_ordinary_names_in(app, teacher):
    sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    for nickname in ("BigDick", "B1gD1ck", "Shithead", "Fuckface", "Fuuuuck"):
        response = post(app.test_client(), f"/join/{code}", nickname=nickname)
        assert response.status_code == 422 and REFUSED in response.data.decode(), nickname
    for nickname in ("Dickens", "Scunthorpe", "Student 455", "Group 717"):
        join(app, code, nickname)
    assert players(app, sid) == ["Dickens", "Group 717", "Scunthorpe", "Student 455"]
    # The teacher's rename goes through the same filter.
    with app.app_context():
        player_id = db.session.scalar(select(Player.id).where(Player.nickname == "Dickens"))
    post(
        teacher, f"/teacher/sessions/{sid}/players/{player_id}/rename", f"/teacher/sessions/{sid}", nickname="D1ckHead"
    )
    assert REFUSED in teacher.get(f"/teacher/sessions/{sid}").data.decode()
    assert "Dickens" in players(app, sid)


def test_three_hundred_students_who_load_the_join_page_at_once_all_join_with_the_name_offered(app, teacher):
    sid, code = create_session(teacher, quiz_id="starter", mode="live")
    loaded = []
    for _ in range(300):  # every page is loaded before anyone joins: the suggestions cannot see each other
        student = app.test_client()
        page = student.get(f"/join/{code}").data.decode()
        loaded.append((student, csrf(page), SUGGESTED.search(page).group(1)))
    statuses = [
        student.post(f"/join/{code}", data={"csrf_token": token, "nickname": offered}).status_code
        for student, token, offered in loaded
    ]
    assert statuses == [303] * 300  # nobody is told "someone already has that nickname"
    names = players(app, sid)
    assert len(names) == 300 and len({n.casefold() for n in names}) == 300


def test_a_kept_suggestion_someone_took_meanwhile_is_replaced_but_a_typed_name_is_not(app, teacher):
    sid, code = create_session(teacher, quiz_id="starter", mode="live")
    first, second, third = (app.test_client() for _ in range(3))
    first_page = first.get(f"/join/{code}").data.decode()
    offered = SUGGESTED.search(first_page).group(1)
    # The second student types exactly the name the first was offered, and joins first.
    assert post(second, f"/join/{code}", nickname=offered).status_code == 303
    kept = first.post(f"/join/{code}", data={"csrf_token": csrf(first_page), "nickname": offered})
    assert kept.status_code == 303
    phone = first.get(kept.location).data.decode()
    given = re.search(r"you are <strong>([^<]+)</strong>", phone).group(1)
    assert given != offered and re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+( \d+)?", given)
    typed = post(third, f"/join/{code}", nickname=offered.upper())
    assert typed.status_code == 422 and "already has that nickname" in typed.data.decode()
    assert sorted(players(app, sid)) == sorted([offered, given])


def test_generated_names_only_gives_each_student_a_name_they_cannot_type(app, teacher):
    sid, code = create_session(teacher, quiz_id="starter", mode="live", generated_names="y")
    assert "generated nicknames only" in teacher.get(f"/teacher/sessions/{sid}").data.decode()
    student = app.test_client()
    page = student.get(f"/join/{code}").data.decode()
    assert 'name="nickname"' not in page and "Your teacher gives everyone a generated nickname" in page
    offered = OFFERED.search(page).group(1)
    for _ in range(5):  # "Another name" offers a different one
        other = student.post(f"/join/{code}", data={"csrf_token": csrf(page), "another": "1"}).data.decode()
        if OFFERED.search(other).group(1) != offered:
            break
    offered = OFFERED.search(other).group(1)
    joined = student.post(f"/join/{code}", data={"csrf_token": csrf(page), "nickname": "Typed Name"})
    assert joined.status_code == 303
    assert f"you are <strong>{offered}</strong>" in student.get(joined.location).data.decode()
    assert players(app, sid) == [offered]


# --------------------------------------------------------------------------- 2. remove means removed


def test_removing_asks_first_then_the_phone_says_so_and_cannot_rejoin_until_let_back(app, teacher):
    sid, code = create_session(teacher, quiz_id="starter", mode="live")
    phone, _ = join(app, code, "Brave Heron")
    other, _ = join(app, code, "Calm Crane")
    with app.app_context():
        player_id = db.session.scalar(select(Player.id).where(Player.nickname == "Brave Heron"))
    remove = f"/teacher/sessions/{sid}/players/{player_id}/remove"
    assert f'href="{remove}"' in teacher.get(f"/teacher/sessions/{sid}").data.decode()
    confirm = teacher.get(remove)
    assert confirm.status_code == 200 and "Remove “Brave Heron” from" in confirm.data.decode()
    assert players(app, sid) == ["Brave Heron", "Calm Crane"]  # asking changed nothing

    assert post(teacher, remove).status_code == 303
    assert players(app, sid) == ["Calm Crane"]
    # The phone says so at once: its page, the piece its script redraws, and the state it polls.
    for path in (f"/live/{sid}", f"/live/{sid}?partial=1"):
        page = phone.get(path)
        assert page.status_code == 410 and "You were removed from this session" in page.data.decode()
    state = phone.get(f"/live/{sid}/state")
    assert state.status_code == 410 and state.json == {"removed": True}
    assert other.get(f"/live/{sid}").status_code == 200

    # That device cannot come back in: not with the code, not with a new nickname.
    again = post(phone, "/join", code=code)
    refused = phone.get(again.location)
    assert refused.status_code == 410 and "cannot join it again" in refused.data.decode()
    resent = phone.post(again.location, data={"csrf_token": csrf(phone.get("/join").data), "nickname": "New Me"})
    assert resent.status_code == 410
    with phone.session_transaction() as cookie:  # a device that forgot which player it was is still known
        cookie.pop("players", None)
    assert phone.get(f"/join/{code}").status_code == 410
    assert players(app, sid) == ["Calm Crane"]

    # The teacher lets it back in: it joins again as a new player.
    page = teacher.get(f"/teacher/sessions/{sid}").data.decode()
    assert "Removed (1)" in page and "Brave Heron" in page
    with app.app_context():
        removed_id = db.session.scalar(select(RemovedDevice.id))
    let_back = post(teacher, f"/teacher/sessions/{sid}/let-back", f"/teacher/sessions/{sid}", removed=str(removed_id))
    assert let_back.status_code == 303
    assert "Removed (" not in teacher.get(f"/teacher/sessions/{sid}").data.decode()
    back = post(phone, f"/join/{code}", nickname="Brave Heron")
    assert back.status_code == 303
    assert "you are <strong>Brave Heron</strong>" in phone.get(back.location).data.decode()


def test_removing_a_player_at_the_top_five_takes_them_off_every_leaderboard(app, teacher, bank):
    """The standings a process keeps for a settled state are not served once a player is removed."""
    sid, code = create_session(teacher, quiz_id="starter", mode="live")
    phones = {name: join(app, code, name)[0] for name in ("Brave Heron", "Calm Crane")}
    advance(teacher, sid, "start")
    for phone in phones.values():
        page = phone.get(f"/live/{sid}?partial=1").data.decode()
        sent = form_for(bank, identify(bank, page), page) | {"index": "0"}
        assert phone.post(f"/live/{sid}?partial=1", data=sent).status_code == 200
    advance(teacher, sid, "reveal")
    advance(teacher, sid, "leaderboard")
    calm = phones["Calm Crane"]
    etag = calm.get(f"/live/{sid}/state").headers["ETag"]
    assert "Brave Heron" in calm.get(f"/live/{sid}?partial=1").data.decode()  # on its top five
    with app.app_context():
        heron = db.session.scalar(select(Player.id).where(Player.nickname == "Brave Heron"))
    assert post(teacher, f"/teacher/sessions/{sid}/players/{heron}/remove").status_code == 303
    moved = calm.get(f"/live/{sid}/state", headers={"If-None-Match": etag})
    assert moved.status_code == 200  # a new state: the phone redraws
    assert "Calm Crane" in moved.json["panel"] and "Brave Heron" not in moved.json["panel"]
    projector = teacher.get(f"/teacher/sessions/{sid}/live").data.decode()
    top = re.search(r'<ol class="leaders[^"]*">(.*?)</ol>', projector, re.S).group(1)
    assert "Calm Crane" in top and "Brave Heron" not in top

    # A rename and a student joining late are new states too: no board keeps the old names.
    etag = moved.headers["ETag"]
    with app.app_context():
        crane = db.session.scalar(select(Player.id).where(Player.nickname == "Calm Crane"))
    renamed = post(
        teacher, f"/teacher/sessions/{sid}/players/{crane}/rename", f"/teacher/sessions/{sid}", nickname="Calm Kestrel"
    )
    assert renamed.status_code == 303
    moved = calm.get(f"/live/{sid}/state", headers={"If-None-Match": etag})
    assert (
        moved.status_code == 200 and "Calm Kestrel" in moved.json["panel"] and "Calm Crane" not in moved.json["panel"]
    )
    late, _ = join(app, code, "Late Lark")
    assert "Late Lark" in calm.get(f"/live/{sid}/state", headers={"If-None-Match": moved.headers["ETag"]}).json["panel"]
    assert "You are number <strong>2</strong>" in late.get(f"/live/{sid}?partial=1").data.decode()  # its own rank


def test_a_new_session_on_a_deleted_ones_id_gets_its_own_leaderboard(app, teacher, bank):
    """SQLite may give a deleted session's id to the next one: its kept board is not reused."""

    def to_top_five(nickname: str) -> tuple[int, str]:
        sid, code = create_session(teacher, quiz_id="starter", mode="live")
        phone, _ = join(app, code, nickname)
        for step in ("start", "reveal", "leaderboard"):
            advance(teacher, sid, step)
        return sid, phone.get(f"/live/{sid}?partial=1").data.decode()

    first, page = to_top_five("First Finch")
    assert "First Finch" in page
    assert post(teacher, f"/teacher/sessions/{first}/delete", confirm="y").status_code == 303
    second, page = to_top_five("Second Swift")
    assert "Second Swift" in page and "First Finch" not in page
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    assert second == first or not sqlite  # the case this is about (PostgreSQL never reuses an id)


def test_a_removed_homework_player_is_told_so_on_their_next_page(app, teacher, bank):
    sid, code = create_session(teacher, quiz_id="starter", mode="self-paced")
    student, location = join(app, code, "Quiet Vole")
    url = student.get(location).location
    page = student.get(url).data.decode()
    with app.app_context():
        player_id = db.session.scalar(select(Player.id))
    post(teacher, f"/teacher/sessions/{sid}/players/{player_id}/remove")
    sent = student.post(url, data=form_for(bank, identify(bank, page), page))
    assert sent.status_code == 410 and "You were removed from this session" in sent.data.decode()
    assert answers(app) == 0
    assert post(student, f"/join/{code}", "/join", nickname="Quiet Vole").status_code == 410


# --------------------------------------------------------------------------- 3. ends that hold


def run_to_the_end(teacher, sid, total):
    advance(teacher, sid, "start")
    for _ in range(total - 1):
        advance(teacher, sid, "reveal")
        advance(teacher, sid, "next")
    advance(teacher, sid, "reveal")
    advance(teacher, sid, "finish")


def test_finish_closes_a_live_game_and_no_one_joins_it(app, teacher, bank):
    sid, code = create_session(teacher, quiz_id="starter", mode="live", title="Friday quiz")
    phone, _ = join(app, code, "Early Owl")
    run_to_the_end(teacher, sid, len(bank.quiz("starter").question_ids))
    row = session_row(app, sid)
    assert (row.status, row.join_code, row.phase) == ("closed", None, "finished")
    dashboard = teacher.get("/teacher/").data.decode()
    assert re.search(r">Friday quiz</a></th>\s*<td>live</td><td>finished</td><td>–</td>", dashboard)
    assert "That's the end of the quiz" in phone.get(f"/live/{sid}").data.decode()

    newcomer = post(app.test_client(), "/join", code=code)
    assert newcomer.status_code == 404 and "No open session has that code" in newcomer.data.decode()
    assert app.test_client().get(f"/join/{code}").status_code == 303  # back to the code form, with a message

    # Reopening a finished game is refused with a message (duplicating it is the way to play again).
    page = teacher.get(status(teacher, sid, "reopen").location).data.decode()
    assert "This game is finished" in page and 'value="reopen"' not in page
    assert session_row(app, sid).status == "closed"
    moved = teacher.get(advance(teacher, sid, "next").location).data.decode()
    assert "This game is finished." in moved


def test_closing_in_the_middle_of_a_question_updates_phones_and_projector_at_once(app, teacher, bank, clock):
    sid, code = create_session(teacher, quiz_id="starter", mode="live", seconds="120")
    phone, _ = join(app, code, "Steady Crane")
    advance(teacher, sid, "start")
    etag = phone.get(f"/live/{sid}/state").headers["ETag"]
    question = phone.get(f"/live/{sid}").data.decode()  # the form a student is filling in
    clock.advance(30)
    status(teacher, sid, "close")

    state = phone.get(f"/live/{sid}/state", headers={"If-None-Match": etag})
    assert state.status_code == 200 and state.json["status"] == "closed" and state.json["remaining"] is None
    page = phone.get(f"/live/{sid}").data.decode()
    assert 'class="answer"' not in page and "data-remaining" not in page
    assert "Your teacher has closed the session" in page
    assert f'href="/play/{attempt_of(app, "Steady Crane")}/summary"' in page
    projector = teacher.get(f"/teacher/sessions/{sid}/live").data.decode()
    assert 'value="reveal"' not in projector and "data-remaining" not in projector
    assert "The session is closed" in projector and 'value="reopen"' in projector
    # A click from a stale page, and a late answer, get a message, not an error.
    refused = teacher.get(advance(teacher, sid, "reveal").location).data.decode()
    assert "This session is closed; reopen it first." in refused
    late = phone.post(f"/live/{sid}", data=form_for(bank, identify(bank, question), question) | {"index": "0"})
    assert late.status_code == 422 and "closed" in late.data.decode() and answers(app) == 0

    # Reopened, the question carries on with the seconds it had when it closed.
    clock.advance(100)
    status(teacher, sid, "reopen")
    assert phone.get(f"/live/{sid}/state").json["remaining"] == pytest.approx(90)
    assert answer_live(bank, phone, sid).status_code == 303


# --------------------------------------------------------------------------- 4. homework after close


def test_homework_results_after_close_for_a_student_who_stopped_halfway(app, teacher, bank):
    sid, code = create_session(teacher, quiz_id="starter", mode="self-paced", reveal="close", title="Homework")
    student, location = join(app, code, "Halfway Hare")
    url = student.get(location).location
    given = []
    for number in (1, 2, 3):  # three of ten, the second wrong, then the student stops
        page = student.get(url.rsplit("/", 1)[0] + f"/{number}").data.decode()
        question = identify(bank, page)
        student.post(url.rsplit("/", 1)[0] + f"/{number}", data=form_for(bank, question, page, right=number != 2))
        given.append(question)
    attempt = attempt_of(app, "Halfway Hare")
    early = student.get(f"/play/{attempt}/summary")
    assert early.status_code == 303  # no results before the close: "Finish the quiz to see the summary"

    status(teacher, sid, "close")
    resumed = student.get(f"/play/{attempt}")
    assert resumed.location.endswith(f"/play/{attempt}/summary")
    summary = student.get(resumed.location).data.decode()
    assert "You answered 3 of 10 questions" in summary
    assert summary.count("<dt>The right answer</dt>") == 10 and summary.count("(not answered)") == 7
    assert summary.count("<mark") >= 10  # every question's passage, the unanswered ones too
    assert "(wrong)" in summary and summary.count("(right)") == 2
    for question in given:
        assert question.prompt.replace("'", "&#39;") in summary or question.prompt in summary
    # The question pages lead to the results, not to a form that cannot be sent.
    assert student.get(url.rsplit("/", 1)[0] + "/4").location.endswith("/summary")

    # The device finds them again: "My sessions" on the join page, and the old, dead code.
    join_page = student.get("/join").data.decode()
    assert "My sessions" in join_page and f'href="/play/{attempt}/summary">Homework</a>' in join_page
    assert post(student, "/join", code=code).location.endswith(f"/play/{attempt}/summary")
    assert student.get(f"/join/{code.lower()}").location.endswith(f"/play/{attempt}/summary")
    # Another device typing that code finds nothing, and sees no one's sessions.
    stranger = app.test_client()
    assert "My sessions" not in stranger.get("/join").data.decode()
    assert post(stranger, "/join", code=code).status_code == 404


def test_a_live_player_reads_their_results_once_the_game_is_over(app, teacher, bank):
    sid, code = create_session(teacher, quiz_id="starter", mode="live", reveal="close")
    phone, _ = join(app, code, "Late Lark")
    advance(teacher, sid, "start")
    assert answer_live(bank, phone, sid, right=False).status_code == 303
    attempt = attempt_of(app, "Late Lark")
    assert phone.get(f"/play/{attempt}/summary").status_code == 404  # during the game: the live page only
    run_rest = len(bank.quiz("starter").question_ids)
    for _ in range(run_rest - 1):
        advance(teacher, sid, "reveal")
        advance(teacher, sid, "next")
    advance(teacher, sid, "reveal")
    advance(teacher, sid, "finish")
    end = phone.get(f"/live/{sid}").data.decode()
    assert f'href="/play/{attempt}/summary"' in end and "Final top five" in end
    summary = phone.get(f"/play/{attempt}/summary").data.decode()
    assert "You answered 1 of 10 questions" in summary and summary.count("<dt>The right answer</dt>") == 10


def test_answers_only_after_close_cannot_be_read_by_playing_the_sample_solo(app, teacher, bank):
    sid, _code = create_session(teacher, quiz_id="starter", mode="self-paced", reveal="close")
    held = set(bank.quiz("starter").question_ids)
    solo = app.test_client()

    def play_first(quiz_id, prefix=""):
        start = solo.post(
            f"{prefix}/quiz/{quiz_id}", data={"csrf_token": csrf(solo.get(f"{prefix}/quiz/{quiz_id}").data)}
        )
        page = solo.get(start.location).data.decode()
        question = identify(bank, page)
        feedback = solo.get(solo.post(start.location, data=form_for(bank, question, page, right=False)).location)
        return question, page, feedback.data.decode()

    question, page, feedback = play_first("starter")
    assert question.id in held
    assert "Score so far" not in page  # the question page keeps the running score back too
    assert "Answer recorded" in feedback and "held back here until then" in feedback
    assert "The right answer" not in feedback and "<mark" not in feedback and "Not quite" not in feedback
    free = next(q for q in bank.all_quizzes() if q.question_ids[0] not in held)
    question, page, feedback = play_first(free.id)
    assert "Not quite" in feedback and "<mark" in feedback  # questions the session does not use show as ever

    status(teacher, sid, "close")
    question, page, feedback = play_first("starter")
    assert "Not quite" in feedback and "The right answer" in feedback and "<mark" in feedback
    assert "Score so far" in page


def test_a_solo_attempt_from_before_versions_is_held_back_by_a_session_from_before_them(app, teacher, bank):
    sid, _code = create_session(teacher, quiz_id="starter", mode="self-paced", reveal="close")
    solo = app.test_client()
    start = solo.post("/quiz/starter", data={"csrf_token": csrf(solo.get("/quiz/starter").data)})
    attempt_id = start.location.split("/")[-2]
    with app.app_context():  # both rows as they were stored before bank versions existed: nothing pinned
        unpinned = {"bank_version_id": None, "bank_hash": None}
        db.session.execute(update(Attempt).where(Attempt.id == attempt_id).values(**unpinned))
        db.session.execute(update(ClassSession).where(ClassSession.id == sid).values(**unpinned))
        db.session.commit()
    page = solo.get(start.location)
    assert page.status_code == 200 and "Score so far" not in page.data.decode()
    status(teacher, sid, "close")
    assert "Score so far" in solo.get(start.location).data.decode()


def test_answers_only_after_close_hold_on_a_library_banks_practice_link(app, teacher, bank):
    bank_id, token = library_bank(app, "teacher@example.org", practice=True)
    sid, _code = create_session(teacher, quiz_id=f"bank-{bank_id}:starter", mode="live", reveal="close")
    solo = app.test_client()

    pages = []

    def feedback_of(prefix):
        start_page = solo.get(f"{prefix}/quiz/starter")
        start = solo.post(f"{prefix}/quiz/starter", data={"csrf_token": csrf(start_page.data)})
        page = solo.get(start.location).data.decode()
        pages.append(page)
        sent = solo.post(start.location, data=form_for(bank, identify(bank, page), page, right=True))
        return solo.get(sent.location).data.decode()

    practice = feedback_of(f"/practice/{token}")
    assert "Answer recorded" in practice and "Right!" not in practice and "<mark" not in practice
    assert "Right!" in feedback_of("")  # the sample is another bank: its feedback is not held back
    run_to_the_end(teacher, sid, len(bank.quiz("starter").question_ids))  # finishing closes it
    assert "Right!" in feedback_of(f"/practice/{token}")
    held, sample, after = pages  # the question pages: the running score is kept back only while held
    assert "Score so far" not in held and "Score so far" in sample and "Score so far" in after


# --------------------------------------------------------------------------- 5. an honest clock


def test_pausing_freezes_every_countdown_and_resuming_goes_on_from_the_same_second(app, teacher, bank, clock):
    sid, code = create_session(teacher, quiz_id="starter", mode="live", seconds="60")
    phone, _ = join(app, code, "Patient Pika")
    other, _ = join(app, code, "Prompt Puffin")
    advance(teacher, sid, "start")
    clock.advance(20)
    assert phone.get(f"/live/{sid}/state").json["remaining"] == pytest.approx(40)
    status(teacher, sid, "pause")
    clock.advance(300)  # a long pause
    assert phone.get(f"/live/{sid}/state").json["remaining"] == pytest.approx(40)
    for page in (phone.get(f"/live/{sid}"), teacher.get(f"/teacher/sessions/{sid}/live")):
        assert '<span data-frozen data-remaining="40">40</span>' in page.data.decode()
    paused = answer_live(bank, phone, sid)
    assert paused.status_code == 422 and "paused" in paused.data.decode()

    status(teacher, sid, "resume")
    assert phone.get(f"/live/{sid}/state").json["remaining"] == pytest.approx(40)
    resumed = phone.get(f"/live/{sid}").data.decode()
    assert 'data-remaining="40">40<' in resumed and "data-frozen" not in resumed
    clock.advance(39.5)
    early_page = other.get(f"/live/{sid}").data.decode()
    assert 'class="answer"' in early_page
    clock.advance(1)  # 0 s: the form is gone from the page...
    at_zero = phone.get(f"/live/{sid}").data.decode()
    assert 'class="answer"' not in at_zero and "Time is up" in at_zero
    # ...but an answer sent from the form just before is still taken, within the grace.
    data = form_for(bank, identify(bank, early_page), early_page) | {"index": "0"}
    assert other.post(f"/live/{sid}", data=data).status_code == 303
    clock.advance(2)  # after the grace
    late = phone.post(f"/live/{sid}", data=form_for(bank, identify(bank, resumed), resumed) | {"index": "0"})
    assert late.status_code == 422 and "Time is up" in late.data.decode()
    assert answers(app) == 1


def test_a_question_may_set_its_own_time(app, teacher, bank, clock):
    def timed(raw: str) -> str:
        return raw.replace("  - id: district-considered\n", "  - id: district-considered\n    time: 15\n", 1)

    bank_id, _token = library_bank(app, "teacher@example.org", edit=timed)
    sid, code = create_session(teacher, quiz_id=f"bank-{bank_id}:starter", mode="live", seconds="90")
    phone, _ = join(app, code, "Timely Tern")
    advance(teacher, sid, "start")  # district-considered: 15 seconds, its own time
    assert phone.get(f"/live/{sid}/state").json["remaining"] == pytest.approx(15)
    assert 'data-remaining="15">15<' in teacher.get(f"/teacher/sessions/{sid}/live").data.decode()
    page = phone.get(f"/live/{sid}").data.decode()
    clock.advance(18)  # past its deadline and its grace, though well inside the session's 90 s
    late = phone.post(f"/live/{sid}", data=form_for(bank, identify(bank, page), page) | {"index": "0"})
    assert late.status_code == 422 and "Time is up" in late.data.decode()
    advance(teacher, sid, "reveal")
    advance(teacher, sid, "next")  # the next question has no time of its own: the session's
    assert phone.get(f"/live/{sid}/state").json["remaining"] == pytest.approx(90)


def test_the_projector_lists_who_has_not_answered_yet(app, teacher, bank):
    sid, code = create_session(teacher, quiz_id="starter", mode="live")
    phones = {name: join(app, code, name)[0] for name in ("Amber Ant", "Bold Bat", "Coral Cod")}
    advance(teacher, sid, "start")
    assert answer_live(bank, phones["Bold Bat"], sid).status_code == 303
    projector = teacher.get(f"/teacher/sessions/{sid}/live").data.decode()
    waiting = re.search(r'<section class="waiting".*?</section>', projector, re.S).group(0)
    assert "Not answered yet (2)" in waiting
    assert re.findall(r"<li>([^<]+)</li>", waiting) == ["Amber Ant", "Coral Cod"]
    for name in ("Amber Ant", "Coral Cod"):
        answer_live(bank, phones[name], sid)
    assert "Everyone has answered." in teacher.get(f"/teacher/sessions/{sid}/live").data.decode()
    assert session_row(app, sid).phase == "question"  # the teacher did not ask to end it by itself


def test_a_question_ends_when_everyone_has_answered_if_the_teacher_chose_so(app, teacher, bank):
    sid, code = create_session(teacher, quiz_id="starter", mode="live", auto_reveal="y")
    first, _ = join(app, code, "First Finch")
    second, _ = join(app, code, "Second Swan")
    advance(teacher, sid, "start")
    answer_live(bank, first, sid)
    assert session_row(app, sid).phase == "question"
    answer_live(bank, second, sid)
    assert session_row(app, sid).phase == "reveal"
    assert "How the class answered" in teacher.get(f"/teacher/sessions/{sid}/live").data.decode()
    assert "Right!" in first.get(f"/live/{sid}").data.decode()


# --------------------------------------------------------------------------- 8. phones without JavaScript


def test_a_phone_without_javascript_reloads_itself_while_it_waits_and_every_phase_has_a_refresh_link(
    app, teacher, bank
):
    sid, code = create_session(teacher, quiz_id="starter", mode="live")
    phone, _ = join(app, code, "Plain Phone")
    here = f'<a href="/live/{sid}">refresh it</a>'

    def shown():
        return phone.get(f"/live/{sid}").data.decode()

    lobby = shown()
    assert NO_SCRIPT_REFRESH in lobby and here in lobby
    advance(teacher, sid, "start")
    question = shown()
    assert 'class="answer"' in question and here in question
    # While the answer form is open, it reloads only once the question's 120 s and the grace are surely over.
    assert '<noscript><meta http-equiv="refresh" content="123"></noscript>' in question
    answer_live(bank, phone, sid)
    recorded = shown()
    assert "Answer recorded" in recorded and NO_SCRIPT_REFRESH in recorded and here in recorded
    advance(teacher, sid, "reveal")
    reveal = shown()
    assert "Right!" in reveal and NO_SCRIPT_REFRESH in reveal and here in reveal
    status(teacher, sid, "close")
    closed = shown()
    assert "http-equiv" not in closed and here in closed  # nothing more to wait for
    assert "<meta" not in phone.get(f"/live/{sid}?partial=1").data.decode()  # the script's redraws have no head


# --------------------------------------------------------------------------- 6. confidence in live play


def answer_sure(bank, phone, sid, right: bool, certainty: int):
    page = phone.get(f"/live/{sid}").data.decode()
    assert 'name="certainty"' in page  # the phone asks how sure, as the teacher chose
    index = re.search(r'name="index" value="(\d+)"', page).group(1)
    data = form_for(bank, identify(bank, page), page, right=right) | {"index": index, "certainty": str(certainty)}
    response = phone.post(f"/live/{sid}", data=data)
    assert response.status_code == 303, response.data.decode()[:800]
    return identify(bank, page)


def play_two_questions(app, teacher, bank, **fields):
    """Careful Cat is right twice but unsure; Bold Bull is very sure of one right answer, then wrong but unsure."""
    sid, code = create_session(teacher, quiz_id="starter", mode="live", confidence="y", **fields)
    cat, bull = join(app, code, "Careful Cat")[0], join(app, code, "Bold Bull")[0]
    advance(teacher, sid, "start")
    answer_sure(bank, cat, sid, True, 1)
    first = answer_sure(bank, bull, sid, True, 3)
    advance(teacher, sid, "reveal")
    advance(teacher, sid, "next")
    answer_sure(bank, cat, sid, True, 1)
    second = answer_sure(bank, bull, sid, False, 1)
    advance(teacher, sid, "reveal")
    advance(teacher, sid, "leaderboard")
    return sid, cat, bull, first, second


def leaders_shown(page: str) -> list[tuple[str, str]]:
    board = re.search(r'<ol class="leaders">(.*?)</ol>', page, re.S).group(1)
    return re.findall(r'<li value="(\d+)">([^<]+?) <span', board)


def test_live_confidence_shows_marks_on_phones_and_the_teacher_may_rank_by_them(app, teacher, bank):
    sid, cat, bull, first, second = play_two_questions(app, teacher, bank, rank_by="marks")
    marks_cat, marks_bull = first.points + second.points, 3 * first.points  # +1 each; +3, then 0 unsure and wrong
    assert marks_bull > marks_cat  # while Careful Cat has more points
    projector = teacher.get(f"/teacher/sessions/{sid}/live").data.decode()
    assert leaders_shown(projector) == [("1", "Bold Bull"), ("2", "Careful Cat")]
    assert f"+{marks_bull:g} marks" in projector
    phone = bull.get(f"/live/{sid}").data.decode()
    assert "You were not sure: <strong>0</strong> confidence marks" in phone
    assert f"+{marks_bull:g} in all so far" in phone
    assert "You are number <strong>1</strong>" in phone
    # The same play ranked by points (the default) puts the careful player first.
    by_points, *_ = play_two_questions(app, teacher, bank)
    projector = teacher.get(f"/teacher/sessions/{by_points}/live").data.decode()
    assert leaders_shown(projector) == [("1", "Careful Cat"), ("2", "Bold Bull")]
    assert "marks" not in re.search(r'<ol class="leaders">.*?</ol>', projector, re.S).group(0)
    phone = cat.get(f"/live/{sid}").data.decode()
    assert f"+{marks_cat:g} in all so far" in phone and "You are number <strong>2</strong>" in phone


def test_ranking_by_marks_needs_confidence_on(app, teacher):
    page = teacher.get("/teacher/")
    data = {"csrf_token": csrf(page.data), "quiz_id": "starter", "mode": "live", "reveal": "each", "seconds": "60"}
    refused = teacher.post("/teacher/sessions", data=data | {"rank_by": "marks"})
    assert refused.status_code == 422 and "needs “Ask how sure they are” ticked" in refused.data.decode()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ClassSession)) == 0


# --------------------------------------------------------------------------- 9. the join address


def join_address(page: str) -> tuple[str, str]:
    """The address the session page tells students to open, and the QR code's link."""
    told = re.search(r'<strong class="join-url">([^<]+)</strong>', page).group(1)
    link = re.search(r'Or open <a href="([^"]+)"', page).group(1).replace("&amp;", "&")
    return told, link


def test_the_join_address_is_the_public_url_when_set(configured_app):
    app = configured_app(QUIZ_PUBLIC_URL="https://quiz.example-school.org")
    teacher = register_teacher(app, "teacher@example.org")
    sid, code = create_session(teacher, quiz_id="starter", mode="live")
    page = teacher.get(f"/teacher/sessions/{sid}").data.decode()
    told, link = join_address(page)
    assert told == "https://quiz.example-school.org/join"
    assert link.startswith(f"https://quiz.example-school.org/join/{code}?k=")
    assert "works only on this computer" not in page
    projector = teacher.get(f"/teacher/sessions/{sid}/live").data.decode()
    assert "Go to <strong>https://quiz.example-school.org/join</strong>" in projector


def test_without_a_public_url_the_join_address_is_the_one_the_page_was_opened_at(app, teacher):
    sid, _code = create_session(teacher, quiz_id="starter", mode="live")
    cookie = teacher.get_cookie("session")
    for host in ("192.168.1.20", "127.0.0.1"):  # the same browser, opening the site at another address
        teacher.set_cookie("session", cookie.value, domain=host)
    on_the_network = teacher.get(f"/teacher/sessions/{sid}", base_url="http://192.168.1.20:5000").data.decode()
    assert join_address(on_the_network)[0] == "http://192.168.1.20:5000/join"
    assert "works only on this computer" not in on_the_network
    local = teacher.get(f"/teacher/sessions/{sid}", base_url="http://127.0.0.1:5000").data.decode()
    assert join_address(local)[0] == "http://127.0.0.1:5000/join"
    assert "works only on this computer" in local and "quiz serve --host 0.0.0.0" in local  # says what to do


@pytest.mark.parametrize(
    "value",
    [
        "quiz.example.org",
        "ftp://quiz.example.org",
        "https://quiz.example.org/play",
        "https://",
        "http://[::1",
        "http://someone@quiz.example.org",
        "http://quiz.example.org:0",
    ],
)
def test_a_public_url_that_is_not_an_address_is_refused_at_start(value, monkeypatch, tmp_path):
    monkeypatch.setenv("QUIZ_PUBLIC_URL", value)
    monkeypatch.setenv("QUIZ_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(ConfigError, match="QUIZ_PUBLIC_URL must be the address students open"):
        create_app()


# --------------------------------------------------------------------------- 13. polls that cost little


def test_a_poll_with_the_state_it_has_is_a_304_until_anything_changes(app, teacher):
    sid, code = create_session(teacher, quiz_id="starter", mode="live")
    phone, _ = join(app, code, "Polling Puffin")
    other, _ = join(app, code, "Other Otter")
    first = phone.get(f"/live/{sid}/state")
    etag = first.headers["ETag"]
    unchanged = phone.get(f"/live/{sid}/state", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.headers["ETag"] == etag and unchanged.data == b""
    # The same ETag from a browser that is not a player of this session is no way in.
    stranger = app.test_client()
    assert stranger.get(f"/live/{sid}/state", headers={"If-None-Match": etag}).status_code == 404
    forged = app.test_client()
    forged.set_cookie("session", phone.get_cookie("session").value[:-4] + "AAAA")
    assert forged.get(f"/live/{sid}/state", headers={"If-None-Match": etag}).status_code == 404
    status(teacher, sid, "pause")  # a change: the state document again, with a new ETag
    paused = phone.get(f"/live/{sid}/state", headers={"If-None-Match": etag})
    assert paused.status_code == 200 and paused.json["status"] == "paused" and paused.headers["ETag"] != etag
    etag = paused.headers["ETag"]
    page = teacher.get(f"/teacher/sessions/{sid}").data.decode()
    player_id = re.search(r'/players/(\d+)/remove"[^>]*aria-label="Remove Polling Puffin', page).group(1)
    post(teacher, f"/teacher/sessions/{sid}/players/{player_id}/remove")
    removed = phone.get(f"/live/{sid}/state", headers={"If-None-Match": etag})
    assert removed.status_code == 410 and removed.json == {"removed": True}  # not the 304 of before
    assert other.get(f"/live/{sid}/state", headers={"If-None-Match": etag}).status_code == 304
