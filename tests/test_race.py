"""Concurrency: many players answering the same question at once, with duplicates, lose nothing."""

from __future__ import annotations

import re
import threading

from helpers import csrf, form_for, identify, join
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Attempt, Player, Teacher

PLAYERS = 40
DUPLICATES = 10  # players who also send a second, concurrent copy (a double tap)


def make_session(app, bank, mode="self-paced"):
    from quiz.services.classroom import SessionSettings, create_session

    with app.app_context():
        teacher = Teacher(email="race@example.org", password_hash="x")
        db.session.add(teacher)
        db.session.commit()
        quiz = bank.quiz("starter")
        session = create_session(teacher.id, quiz, SessionSettings(quiz_id=quiz.id, title="Race", mode=mode))
        return session.id, session.join_code


def test_fifty_concurrent_answers_one_per_player(app, bank):
    _sid, code = make_session(app, bank)
    players = [join(app, code, f"Player {i:02d}") for i in range(PLAYERS)]
    jobs = []
    for client, location in players:
        question_url = client.get(location).location
        page = client.get(question_url).data.decode()
        data = form_for(bank, identify(bank, page), page, right=True)
        jobs.append((client, question_url, data))
    jobs += jobs[:DUPLICATES]  # the same players again, at the same moment
    assert len(jobs) == 50
    barrier = threading.Barrier(len(jobs))
    statuses: list[int] = []
    lock = threading.Lock()

    def submit(client, url, data):
        barrier.wait()
        response = client.post(url, data=data)
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == 50
    assert all(status == 303 for status in statuses), statuses  # no 500, no lock error: all recorded or kept
    with app.app_context():
        per_player = db.session.execute(
            select(Player.nickname, func.count(Answer.id))
            .join(Attempt, Attempt.player_id == Player.id)
            .outerjoin(Answer, Answer.attempt_id == Attempt.id)
            .group_by(Player.nickname)
        ).all()
    assert len(per_player) == PLAYERS
    assert {count for _nick, count in per_player} == {1}, per_player
    for client, url, _data in jobs[:3]:
        feedback = client.get(url + "/feedback").data.decode()
        assert re.search(r'id="feedback-heading"[^>]*>Right!<', feedback)


def test_concurrent_joins_with_the_same_nickname(app, bank):
    _sid, code = make_session(app, bank)
    clients = [app.test_client() for _ in range(12)]
    tokens = [csrf(c.get(f"/join/{code}").data) for c in clients]
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def go(client, token):
        barrier.wait()
        statuses.append(client.post(f"/join/{code}", data={"csrf_token": token, "nickname": "Same Name"}).status_code)

    threads = [threading.Thread(target=go, args=pair) for pair in zip(clients, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(statuses) == [303] + [422] * 11
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Player)) == 1


def test_a_phones_poll_reads_through_the_driver_and_hands_its_connection_back_as_it_found_it(app, bank):
    from sqlalchemy import literal_column, table

    from quiz.database import driver_row
    from quiz.services import live

    session_id, code = make_session(app, bank, mode="live")
    student, _ = join(app, code, "Polling Pika")
    with app.app_context():
        engine = db.engine
        token = db.session.scalars(select(Player.token)).one()
        player_id = db.session.scalars(select(Player.id)).one()
        assert live.poll(session_id, token, engine)[1:] == ("live", player_id)
        assert live.poll(session_id, "someone else's token", engine)[1:] == ("live", None)
        assert live.poll(session_id + 1, token, engine) is None
        broken = select(literal_column("1")).select_from(table("no_such_table"))
        for _ in range(3):  # a read that fails does not hand its connection back in autocommit
            try:
                driver_row(broken, {}, engine)
            except Exception as exc:  # noqa: BLE001 - the driver's own error, whichever it is
                assert "no_such_table" in str(exc)
            else:
                raise AssertionError("a SELECT from a missing table returned a row")
        # Every pooled connection, the polls' among them, is back in transactions (a poll reads in autocommit).
        pooled = [engine.raw_connection() for _ in range(max(1, engine.pool.checkedin()))]
        try:
            if engine.dialect.name != "sqlite":  # SQLite's driver is always in autocommit: the app begins itself
                assert not any(connection.driver_connection.autocommit for connection in pooled)
        finally:
            for connection in pooled:
                connection.close()
    state = student.get(f"/live/{session_id}/state")
    assert state.status_code == 200
    again = student.get(f"/live/{session_id}/state", headers={"If-None-Match": state.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == state.headers["ETag"]  # the poll's read


def test_a_write_inside_a_page_that_reads_without_a_transaction_still_has_its_own(app, bank):
    from quiz.database import reads_only, write_transaction

    make_session(app, bank, mode="live")
    with app.app_context(), reads_only():  # as the phone's views run (on SQLite: no BEGIN for their reads)
        assert db.session.scalar(select(Teacher.email)) == "race@example.org"
        try:
            with write_transaction() as session:  # a write that fails halfway leaves nothing behind
                session.add(Teacher(email="halfway@example.org", password_hash="x"))
                session.flush()
                raise RuntimeError("halfway")
        except RuntimeError:
            pass
        assert db.session.scalar(select(func.count()).where(Teacher.email == "halfway@example.org")) == 0
