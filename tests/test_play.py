"""Solo play through the Flask test client: flow, every type, and the never-leak/never-lose rules."""

from __future__ import annotations

import dataclasses
import html as htmllib
import re

import pytest
from helpers import csrf, form_for, identify, options, order_fields, shown_number
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quiz.extensions import db
from quiz.models import Answer


def start(client, quiz_id="starter") -> str:
    """Start a quiz; return the URL of question 1."""
    page = client.get(f"/quiz/{quiz_id}")
    assert page.status_code == 200
    response = client.post(f"/quiz/{quiz_id}", data={"csrf_token": csrf(page.data)})
    assert response.status_code == 303
    return response.location


def answer(client, bank, url, right=True, **overrides):
    """Answer the question at ``url``; return (question, feedback page text)."""
    page = client.get(url).data.decode()
    question = identify(bank, page)
    data = form_for(bank, question, page, right=right)
    data.update(overrides)
    response = client.post(url, data=data)
    assert response.status_code == 303, response.data.decode()[:2000]
    feedback = client.get(response.location)
    assert feedback.status_code == 200
    return question, feedback.data.decode()


def stored_answers(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Answer))


def test_home_lists_quizzes_articles_and_builtins(client, bank):
    page = htmllib.unescape(client.get("/").data.decode())
    for quiz in bank.quizzes:
        assert quiz.title in page
        assert f"{len(quiz.question_ids)} questions" in page
    assert "All questions" in page
    offered = {frozenset(q.question_ids): q for q in bank.all_quizzes()}
    for article in bank.articles.values():
        assert article.title in page
        citing = frozenset(q.id for q in bank.ready if article.id in q.articles)
        quiz = offered[citing]  # one entry per article: a named quiz, or the built-in one
        assert f'href="/quiz/{quiz.id}"' in page
    assert len(offered) == len(bank.all_quizzes())  # and no quiz is listed twice
    assert "Read the articles" in page


def test_question_page_shows_number_progress_and_score(client):
    url = start(client)
    page = client.get(url).data.decode()
    assert "Question 1 of 10" in page
    assert '<progress max="10" value="0"' in page
    assert "Score so far: 0 / 0" in page
    assert 'lang="en"' in page


def test_options_keep_their_order_on_refresh(client):
    url = start(client)
    first = options(client.get(url).data.decode())
    assert list(options(client.get(url).data.decode()).items()) == list(first.items())


def test_whole_quiz_feedback_summary_and_retry(client, bank):
    url = start(client)
    wrong_ids = []
    for number in range(1, 11):
        right = number % 3 != 0
        question, feedback = answer(client, bank, url, right=right)
        heading = re.search(r'id="feedback-heading"[^>]*>(.*?)</h1>', feedback).group(1)
        assert heading == ("Right!" if right else "Not quite")
        assert htmllib.unescape(question.explain.split("*")[0][:40]) in htmllib.unescape(feedback)
        marks = [htmllib.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", feedback, re.S)]
        # each source's words, split where its paragraphs break (a post's text and its date line, say)
        pieces = [
            bank.articles[a.article].body[max(a.start, ps) : min(a.end, pe)]
            for a in question.sources
            for ps, pe in bank.articles[a.article].paragraphs
            if max(a.start, ps) < min(a.end, pe)
        ]
        assert sorted(marks) == sorted(pieces)
        if not right:
            wrong_ids.append(question.id)
        link = re.search(r'href="([^"]+)">(Next question|See your summary)', feedback).group(1)
        url = link
    assert url.endswith("/summary")
    summary = htmllib.unescape(client.get(url).data.decode())
    right_count = 10 - len(wrong_ids)
    assert f"{right_count} of 10 fully right" in summary
    assert f"Retry the {len(wrong_ids)} I missed" in summary
    assert summary.count('class="passage"') >= 10
    retry = client.post(url.replace("/summary", "/retry"), data={"csrf_token": csrf(summary)})
    assert retry.status_code == 303
    page = client.get(retry.location).data.decode()
    assert f"Question 1 of {len(wrong_ids)}" in page
    assert identify(bank, page).id == wrong_ids[0]


@pytest.mark.parametrize(
    "qtype", ["choice", "multi", "truefalse", "verdict", "text", "number", "order", "evidence", "source"]
)
def test_every_type_right_and_wrong(client, bank, qtype):
    quiz_questions = [q for q in bank.ready if q.type == qtype]
    assert quiz_questions, f"the seed bank has no {qtype} question"
    for right in (True, False):
        url = start(client, "all")
        # walk to the first question of this type by answering the ones before it
        while True:
            page = client.get(url).data.decode()
            question = identify(bank, page)
            if question.type == qtype:
                break
            _q, feedback = answer(client, bank, url)
            url = re.search(r'href="([^"]+)">Next question', feedback).group(1)
        _q, feedback = answer(client, bank, url, right=right)
        heading = re.search(r'id="feedback-heading"[^>]*>(.*?)</h1>', feedback).group(1)
        assert heading == ("Right!" if right else "Not quite")
        points = re.search(r"<dt>Points</dt><dd>([\d.]+) of (\d+)", feedback)
        assert float(points.group(1)) == (question.points if right else 0)
        if not right:
            assert "The right answer" in feedback


def _walk_to(client, bank, quiz_id, predicate):
    url = start(client, quiz_id)
    while True:
        page = client.get(url).data.decode()
        question = identify(bank, page)
        if predicate(question):
            return url, page, question
        _q, feedback = answer(client, bank, url)
        url = re.search(r'href="([^"]+)">Next question', feedback).group(1)


def test_multi_partial_credit_and_wrong_picks_cost(client, bank):
    url, page, question = _walk_to(client, bank, "all", lambda q: q.type == "multi" and len(q.answers) >= 2)
    shown = options(page)
    data = {"csrf_token": csrf(page), "choices": [shown[question.answers[0]]]}
    response = client.post(url, data=data)
    feedback = client.get(response.location).data.decode()
    assert "Partly right" in feedback
    expected = question.points / len(question.answers)
    assert f"<dt>Points</dt><dd>{shown_number(expected)} of {question.points}" in feedback


def test_order_partial_credit_by_pairs(client, bank):
    url, page, question = _walk_to(client, bank, "all", lambda q: q.type == "order")
    by_label = order_fields(page)
    items = list(question.items)
    items[0], items[1] = items[1], items[0]  # one pair out of order
    data = {"csrf_token": csrf(page)}
    for position, item in enumerate(items, start=1):
        data[f"pos{by_label[item]}"] = str(position)
    feedback = client.get(client.post(url, data=data).location).data.decode()
    n = len(items)
    pairs = n * (n - 1) // 2
    assert "Partly right" in feedback
    assert f"<dt>Points</dt><dd>{shown_number((pairs - 1) / pairs * question.points)} of" in feedback


@pytest.mark.parametrize("field,value", [("choice", "99"), ("choice", "abc"), ("choice", "-1"), ("choice", "")])
def test_forged_option_is_a_message_not_a_500(client, bank, app, field, value):
    url, page, _question = _walk_to(client, bank, "all", lambda q: q.type == "choice")
    before = stored_answers(app)
    response = client.post(url, data={"csrf_token": csrf(page), field: value})
    assert response.status_code == 422
    text = response.data.decode()
    assert 'role="alert"' in text
    expected = "Choose one of the options." if value == "" else "That option is not one of this question's options."
    assert htmllib.unescape(text).count(expected) == 1
    assert stored_answers(app) == before


def test_order_needs_each_position_once(client, bank):
    url, page, _q = _walk_to(client, bank, "all", lambda q: q.type == "order")
    numbers = re.findall(r'<label for="pos(\d+)">', page)
    data = {"csrf_token": csrf(page)} | {f"pos{n}": "1" for n in numbers}
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert "exactly once" in response.data.decode()


def test_number_accepts_words_and_rejects_nonsense(client, bank):
    url, page, question = _walk_to(client, bank, "all", lambda q: q.type == "number" and q.answer == 63)
    response = client.post(url, data={"csrf_token": csrf(page), "text": "banana"})
    assert response.status_code == 422
    assert "Type a number" in response.data.decode()
    response = client.post(url, data={"csrf_token": csrf(page), "text": "sixty-three"})
    assert "Right!" in client.get(response.location).data.decode()


def test_text_answer_is_normalised(client, bank):
    url, page, question = _walk_to(client, bank, "all", lambda q: q.type == "text" and " " in q.answers[0])
    typed = "  " + question.answers[0].upper().replace(" ", "   ") + "!"
    response = client.post(url, data={"csrf_token": csrf(page), "text": typed})
    assert "Right!" in client.get(response.location).data.decode()


def test_first_answer_stands_on_second_post_refresh_and_back(client, bank, app):
    url = start(client)
    page = client.get(url).data.decode()
    question = identify(bank, page)
    right = form_for(bank, question, page, right=True)
    wrong = form_for(bank, question, page, right=False)
    first = client.post(url, data=right)
    again = client.post(url, data=wrong)  # a double click, or the back button and a new choice
    assert first.location == again.location
    assert stored_answers(app) == 1
    assert "Right!" in client.get(first.location).data.decode()
    back = client.get(url)  # the back button to the answered question goes to its feedback
    assert back.status_code == 303 and back.location.endswith("/feedback")


def test_unique_constraint_backs_the_rule(client, bank, app):
    url = start(client)
    page = client.get(url).data.decode()
    client.post(url, data=form_for(bank, identify(bank, page), page))
    with app.app_context():
        existing = db.session.scalars(select(Answer)).one()
        db.session.add(
            Answer(
                attempt_id=existing.attempt_id,
                question_id=existing.question_id,
                position=0,
                response=0,
                fraction=1,
                correct=True,
                points=1,
                max_points=1,
            )
        )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 1


def test_skipping_ahead_is_refused(client, bank, app):
    url = start(client)
    ahead = url[: url.rfind("/")] + "/3"
    response = client.get(ahead)
    assert response.status_code == 303 and response.location == url
    assert "answer the questions in order" in client.get(url).data.decode()
    page = client.get(url).data.decode()
    response = client.post(ahead, data={"csrf_token": csrf(page), "choice": "0"})
    assert response.status_code == 303 and response.location == url
    assert stored_answers(app) == 0
    summary = client.get(url[: url.rfind("/")] + "/summary")
    assert summary.status_code == 303


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_missing_or_bad_csrf_shows_a_friendly_message_and_the_question(client, bank, app, token):
    url = start(client)
    page = client.get(url).data.decode()
    question = identify(bank, page)
    data = form_for(bank, question, page)
    if token is None:
        del data["csrf_token"]
    else:
        data["csrf_token"] = token
    response = client.post(url, data=data)
    assert response.status_code == 303 and response.location == url
    again = client.get(url).data.decode()
    assert "Your page had expired" in again
    assert identify(bank, again).id == question.id
    assert stored_answers(app) == 0


def test_expired_csrf_token(app, bank):
    app.config["WTF_CSRF_TIME_LIMIT"] = 1
    client = app.test_client()
    url = start(client)
    page = client.get(url).data.decode()
    import time

    time.sleep(2.1)
    response = client.post(url, data=form_for(bank, identify(bank, page), page))
    assert response.status_code == 303
    assert "Your page had expired" in client.get(url).data.decode()


def test_unknown_things_are_404_pages_in_site_style(client):
    url = start(client)
    base = url[: url.rfind("/")]
    for path in ["/quiz/nope", "/play/" + "0" * 32 + "/1", f"{base}/99", f"{base}/0", "/articles/nope", "/nope"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Page not found" in response.data.decode()
        assert "Check the Source" in response.data.decode()


def test_another_browser_cannot_open_my_attempt(app, client):
    url = start(client)
    stranger = app.test_client()
    assert stranger.get(url).status_code == 404
    assert stranger.get(url[: url.rfind("/")] + "/summary").status_code == 404


def test_confidence_is_required_and_scored(client, bank):
    quiz = next(q for q in bank.quizzes if q.confidence)
    url = start(client, quiz.id)
    page = client.get(url).data.decode()
    assert "How sure are you?" in page
    question = identify(bank, page)
    data = form_for(bank, question, page, right=False)
    del data["certainty"]
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert "Say how sure you are" in response.data.decode()
    data["certainty"] = "3"
    feedback = client.get(client.post(url, data=data).location).data.decode()
    assert "very sure" in feedback and "-6 confidence marks" in feedback
    for _ in range(len(quiz.question_ids) - 1):
        url = re.search(r'href="([^"]+)">Next question', feedback).group(1)
        _q, feedback = answer(client, bank, url, right=True)
    summary = client.get(re.search(r'href="([^"]+)">See your summary', feedback).group(1)).data.decode()
    assert "Confident errors" in summary
    assert "Accuracy at each level of confidence" in summary
    right_at_2 = len(quiz.question_ids) - 1
    assert re.search(rf"<th scope=\"row\">Fairly sure</th><td>{right_at_2}</td><td>{right_at_2}</td><td>100%", summary)
    assert re.search(r"<th scope=\"row\">Very sure</th><td>1</td><td>0</td><td>0%", summary)


def test_question_pages_never_depend_on_the_answer(app, client, bank):
    """For every seed question, its page is identical when the answer key is changed."""
    url = start(client, "all")
    base = url[: url.rfind("/")]
    from quiz.services.versions import cache

    served = app.extensions["quiz_file_bank"].good.hash  # the attempt plays this version: swap what it parses to
    for number, qid in enumerate([q.id for q in bank.ready], start=1):
        question = bank.question(qid)
        variant = _other_answer(bank, question)
        with app.app_context():
            from quiz.content import Bank

            changed = Bank(
                bank.title,
                tuple(variant if q.id == qid else q for q in bank.questions),
                bank.articles,
                bank.quizzes,
                bank.path,
            )
        cache.put(served, bank)
        real = client.get(f"{base}/{number}").data.decode()
        cache.put(served, changed)
        other = client.get(f"{base}/{number}").data.decode()
        cache.put(served, bank)
        strip = re.compile(r'name="csrf_token" type="hidden" value="[^"]+"')
        assert strip.sub("", real) == strip.sub("", other), qid
        for forbidden in (question.explain[:30], "data-correct", "data-answer", "correct"):
            assert forbidden not in real, (qid, forbidden)
        page = real
        client.post(f"{base}/{number}", data=form_for(bank, question, page))


def _other_answer(bank, q):
    """The same question with a different answer key (same options shown)."""
    if q.type == "choice":
        return dataclasses.replace(q, answer=next(c for c in q.choices if c != q.answer))
    if q.type == "multi":
        return dataclasses.replace(q, answers=tuple(c for c in q.choices if c not in q.answers) or q.choices[:1])
    if q.type == "truefalse":
        return dataclasses.replace(q, answer=not q.answer)
    if q.type == "verdict":
        return dataclasses.replace(q, answer="supported" if q.answer != "supported" else "refuted")
    if q.type in ("text",):
        return dataclasses.replace(q, answers=("something else",))
    if q.type == "number":
        return dataclasses.replace(q, answer=q.answer + 17)
    if q.type == "order":
        return dataclasses.replace(q, items=tuple(reversed(q.items)))
    if q.type == "source":
        return dataclasses.replace(q, answer=next(c for c in q.choices if c != q.answer))
    # evidence: another sentence of the same paragraph window as the gold
    from quiz.content.model import Anchor
    from quiz.kinds.evidence import evidence_passage

    gold = q.sources[0]
    other = next(s for s in evidence_passage(bank, q) if s != (gold.start, gold.end))
    body = bank.articles[gold.article].body
    return dataclasses.replace(q, sources=(Anchor(gold.article, body[other[0] : other[1]], *other),))


def test_article_page_highlights_the_cited_passage(client, bank):
    question = bank.question("district-considered")
    anchor = question.sources[0]
    article = bank.articles[anchor.article]
    page = client.get(f"/articles/{article.id}?hl={anchor.start}-{anchor.end}").data.decode()
    marked = re.search(r'<mark id="passage">(.*?)</mark>', page, re.S)
    assert htmllib.unescape(marked.group(1)) == article.body[anchor.start : anchor.end]
    assert page.count('<p id="p') == len(article.paragraphs)
    for bad in ("5-2", "x-y", "0-999999", "-"):
        page = client.get(f"/articles/{article.id}?hl={bad}")
        assert page.status_code == 200 and b"<mark" not in page.data


def test_security_headers_and_page_weight(client, app):
    url = start(client)
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = response.data.decode()
    assert "http://" not in page and "https://" not in page  # no CDN, font or tracker
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    weight = len(response.data)
    for asset in assets:
        with client.get(asset) as static:
            weight += len(static.data)
    assert weight < 30 * 1024, weight


def test_original_link_uses_a_text_fragment(database_url, tmp_path):
    from conftest import make_app

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "town-hall.md").write_text(
        "---\nid: town-hall\ntitle: Town hall vote\noutlet: The Gazette\nauthor: A. Writer\n"
        'published: "2025-03-01"\nurl: https://news.example.org/town-hall\nlanguage: en\n---\n\n'
        "The council met on Monday.\n\nMembers voted 7-2 to fund the library, after a long debate, "
        "the mayor said.\n",
        encoding="utf-8",
    )
    (tmp_path / "bank.yaml").write_text(
        "title: Town\nquestions:\n  - id: vote\n    type: number\n    prompt: How many members voted for it?\n"
        "    answer: 7\n    explain: The vote was 7-2.\n    sources:\n      - article: town-hall\n"
        "        quote: Members voted 7-2 to fund the library, after a long debate, the mayor said.\n",
        encoding="utf-8",
    )
    app = make_app(database_url, QUIZ_BANK=str(tmp_path / "bank.yaml"))
    client = app.test_client()
    url = start(client, "all")
    page = client.get(url).data.decode()
    feedback = client.get(client.post(url, data={"csrf_token": csrf(page), "text": "seven"}).location).data.decode()
    assert "Right!" in feedback
    link = re.search(r'href="([^"]+)"[^>]*>See it in the original', feedback).group(1)
    assert link == (
        "https://news.example.org/town-hall#:~:text=Members%20voted%207%2D2%20to,debate%2C%20the%20mayor%20said."
    )
    assert "The Gazette" in feedback and "A. Writer" in feedback
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_a_solo_attempt_read_for_its_page_is_the_attempt_as_stored(app, client, bank):
    """The question page reads a solo attempt with one Core query: the same values the ORM loads."""
    from quiz.extensions import db
    from quiz.models import Attempt
    from quiz.services.attempts import get_attempt, read_attempt, score_so_far

    url = start(client, "all")
    base = url[: url.rfind("/")]
    answer(client, bank, f"{base}/1", right=True)
    answer(client, bank, f"{base}/2", right=False)
    attempt_id = base.rsplit("/", 1)[1]
    with app.app_context():
        owner = db.session.scalar(select(Attempt.owner).where(Attempt.id == attempt_id))
        stored, read = get_attempt(attempt_id, owner), read_attempt(attempt_id, owner)
        assert read is not None and len(read.answers) == 2, "the attempt has answers to compare"
        for column in stored.__table__.columns:
            assert getattr(read, column.key) == getattr(stored, column.key), column.key
        assert [tuple(getattr(a, c.key) for c in a.__table__.columns) for a in stored.answers] == [
            tuple(row) for row in read.answers
        ]
        assert score_so_far(read) == score_so_far(stored)
        assert read_attempt(attempt_id, "someone else") is None
        assert read_attempt(attempt_id + "x", owner) is None
