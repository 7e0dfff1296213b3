"""The library: teachers' banks in the database, versions, editing, articles, previews, sessions that pin a version."""

from __future__ import annotations

import io
import re

import pytest
from helpers import create_session, csrf, join, register_teacher
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, BankVersion, LibraryBank

ARTICLE_TEXT = (
    "The Riverside council approved a budget of 4.2 million dollars on Tuesday.\n\n"
    "Mayor Ana Ortiz said the library would open on Sundays from March.\n\n"
    "The vote was 7 to 2, with two members saying the pool needed the money more."
)


def bank_yaml(answer: str = "7 to 2", extra: str = "") -> str:
    return f"""# my first bank
title: Riverside budget
quizzes:
  - id: budget
    title: The budget
    questions: [vote, library-sundays]
questions:
  - id: vote
    type: choice
    prompt: How did the council vote?
    choices: ["7 to 2", "5 to 4", "9 to 0"]
    answer: "{answer}"
    explain: The article says the vote was 7 to 2.
    sources:
      - article: riverside-budget
        quote: The vote was 7 to 2
  - id: library-sundays
    type: truefalse
    prompt: The library will open on Sundays from March.
    answer: true
    explain: The mayor said so.
    sources:
      - article: riverside-budget
        quote: the library would open on Sundays from March
{extra}"""


@pytest.fixture
def teacher(app):
    return register_teacher(app, "ann@school.example")


def post(client, url: str, page_url: str, **data):
    """Submit a form of ``page_url`` to ``url`` with that page's CSRF token."""
    token = csrf(client.get(page_url).data)
    return client.post(url, data={"csrf_token": token, **data})


def new_bank(teacher, title: str = "Riverside") -> int:
    response = post(teacher, "/library/new", "/library/", **{"new-title": title})
    assert response.status_code == 303, response.data[:500]
    return int(re.search(r"/library/(\d+)/", response.location).group(1))


def paste_article(teacher, bank_id: int, **fields) -> object:
    data = {
        "paste-title": "Riverside passes its budget",
        "paste-text": ARTICLE_TEXT,
        "paste-outlet": "The Riverside Star",
        "paste-article_id": "riverside-budget",
    }
    data.update({f"paste-{k}": v for k, v in fields.items()})
    return post(teacher, f"/library/{bank_id}/articles/paste", f"/library/{bank_id}/articles/new", **data)


def save_yaml(teacher, bank_id: int, text: str, base: int | None = None):
    page = teacher.get(f"/library/{bank_id}/edit").data.decode()
    if base is None:
        base = int(re.search(r'name="base" value="(\d+)"', page).group(1))
    return teacher.post(f"/library/{bank_id}/edit", data={"csrf_token": csrf(page), "text": text, "base": base})


def ready_bank(teacher) -> int:
    """A bank with one pasted article and two questions, saved clean."""
    bank_id = new_bank(teacher)
    assert paste_article(teacher, bank_id).status_code == 303
    assert save_yaml(teacher, bank_id, bank_yaml()).status_code == 303
    return bank_id


def versions_of(app, bank_id: int) -> list[BankVersion]:
    with app.app_context():
        query = select(BankVersion).where(BankVersion.bank_id == bank_id).order_by(BankVersion.number)
        return list(db.session.scalars(query))


def test_a_teacher_creates_a_bank_adds_an_article_and_saves_versions(app, teacher):
    bank_id = new_bank(teacher)
    response = paste_article(teacher, bank_id, published="2026-11-30")
    assert response.status_code == 303, re.findall(r"class=\"error\".*?</div>", response.data.decode(), re.S)
    response = save_yaml(teacher, bank_id, bank_yaml())
    assert response.status_code == 303
    page = teacher.get(response.location).data.decode()
    assert "Saved as version 3: 2 questions added." in page
    assert "How did the council vote?" in page and "Riverside passes its budget" in page
    numbers = [(v.number, v.question_count, v.article_count, v.changes["added"]) for v in versions_of(app, bank_id)]
    assert numbers == [(1, 0, 0, []), (2, 0, 1, []), (3, 2, 1, ["vote", "library-sundays"])]
    stored = versions_of(app, bank_id)[-1]
    assert stored.questions_yaml.startswith("# my first bank") and len(stored.content_hash) == 64
    article = stored.articles["riverside-budget.md"]
    assert 'published: "2026-11-30"' in article and "author: null" in article and "The vote was 7 to 2" in article


def test_a_save_with_errors_keeps_the_text_as_a_draft_and_makes_no_version(app, teacher):
    bank_id = ready_bank(teacher)
    broken = bank_yaml(answer="8 to 1")
    response = save_yaml(teacher, bank_id, broken)
    assert response.status_code == 422
    page = response.data.decode()
    line = broken.splitlines().index('    answer: "8 to 1"') + 1
    assert re.search(
        rf'data-line="{line}" data-col="\d+"[^>]*>{line}:\d+ error: the answer &#34;8 to 1&#34; is not among', page
    )
    assert "Your text is kept as a draft" in page
    assert len(versions_of(app, bank_id)) == 3  # nothing new to play
    again = teacher.get(f"/library/{bank_id}/edit").data.decode()
    assert "8 to 1" in again and "unsaved draft" in again  # where the teacher left off
    assert "7 to 2" in teacher.get(f"/library/{bank_id}/v/3/questions/vote").data.decode()  # the version is as it was


def test_a_save_based_on_an_older_version_is_refused_not_written_over(app, teacher):
    bank_id = ready_bank(teacher)
    first_tab = teacher.get(f"/library/{bank_id}/edit").data.decode()
    assert save_yaml(teacher, bank_id, bank_yaml(extra="")).status_code in (303,)  # unchanged: no version
    assert save_yaml(teacher, bank_id, bank_yaml().replace("How did", "How exactly did")).status_code == 303
    stale = teacher.post(
        f"/library/{bank_id}/edit", data={"csrf_token": csrf(first_tab), "text": bank_yaml("5 to 4"), "base": 3}
    )
    assert stale.status_code == 409
    assert "version 4 was saved" in stale.data.decode()
    assert [v.number for v in versions_of(app, bank_id)] == [1, 2, 3, 4]
    assert "How exactly did" in versions_of(app, bank_id)[-1].questions_yaml


def test_the_live_check_returns_the_problems_at_their_lines(app, teacher):
    bank_id = ready_bank(teacher)
    token = csrf(teacher.get(f"/library/{bank_id}/edit").data)
    text = bank_yaml().replace("type: truefalse", "type: truefals")
    response = teacher.post(f"/library/{bank_id}/check", json={"text": text}, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    problems = response.get_json()["problems"]
    line = text.splitlines().index("    type: truefals") + 1
    assert any(p["line"] == line and 'unknown type "truefals"' in p["message"] for p in problems), problems
    without_token = teacher.post(f"/library/{bank_id}/check", json={"text": text})
    assert without_token.status_code in (302, 303, 400)


def test_a_preview_shows_the_question_and_its_feedback_and_records_nothing(app, teacher):
    bank_id = ready_bank(teacher)
    page = teacher.get(f"/library/{bank_id}/v/3/questions/vote").data.decode()
    assert "How did the council vote?" in page and "The article says" not in page  # no answer key before answering
    value = re.search(r'value="(\d+)"> <span>7 to 2</span>', page).group(1)
    feedback = teacher.post(
        f"/library/{bank_id}/v/3/questions/vote", data={"csrf_token": csrf(page), "choice": value}
    ).data.decode()
    assert "Right!" in feedback and "<mark>The vote was 7 to 2</mark>" in feedback
    assert "The Riverside Star" in feedback
    with app.app_context():
        assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_a_student_plays_a_session_of_a_library_bank_and_it_keeps_its_version(app, teacher):
    bank_id = ready_bank(teacher)
    sid, code = create_session(teacher, quiz_id=f"bank-{bank_id}:budget", mode="self-paced")
    student, location = join(app, code, "Brave Otter")
    url = student.get(location).location
    page = student.get(url).data.decode()
    assert "How did the council vote?" in page
    # The teacher edits the bank while the session runs: the question changes and one is removed.
    edited = bank_yaml().replace("How did the council vote?", "What was the vote?")
    edited = edited[: edited.index("  - id: library-sundays")].replace(", library-sundays]", "]")
    assert save_yaml(teacher, bank_id, edited).status_code == 303
    assert "How did the council vote?" in student.get(url).data.decode()  # the session's version, unchanged
    value = re.search(r'value="(\d+)"> <span>7 to 2</span>', page).group(1)
    feedback = student.get(student.post(url, data={"csrf_token": csrf(page), "choice": value}).location)
    text = feedback.data.decode()
    assert "Right!" in text and "<mark>The vote was 7 to 2</mark>" in text
    article_link = re.search(r'href="([^"]+)">Read it in the whole article', text).group(1)
    assert (
        '<mark id="passage">The vote was 7 to 2</mark>' in student.get(article_link.replace("&amp;", "&")).data.decode()
    )
    report = teacher.get(f"/teacher/sessions/{sid}/report/").data.decode()
    assert "How did the council vote?" in report and "What was the vote?" not in report
    csv = teacher.get(f"/teacher/sessions/{sid}/report/answers.csv").data.decode()
    assert "How did the council vote?" in csv
    # A new session uses the latest version.
    sid2, code2 = create_session(teacher, quiz_id=f"bank-{bank_id}:budget", mode="self-paced")
    other, location2 = join(app, code2, "Calm Heron")
    assert "What was the vote?" in other.get(other.get(location2).location).data.decode()
    # Statistics follow the question's id across versions.
    listing = teacher.get(f"/library/{bank_id}/").data.decode()
    assert re.search(r"<td>1 \(1\)</td>", listing)


def test_other_teachers_cannot_reach_a_bank_until_it_is_shared(app, teacher):
    bank_id = ready_bank(teacher)
    other = register_teacher(app, "bob@school.example")
    assert other.get(f"/library/{bank_id}/").status_code == 404
    post(teacher, f"/library/{bank_id}/share", f"/library/{bank_id}/", email="bob@school.example")
    page = other.get(f"/library/{bank_id}/").data.decode()
    assert "Shared with you read-only" in page and "Edit the questions" not in page
    assert other.get(f"/library/{bank_id}/edit").status_code == 404
    copy = post(other, f"/library/{bank_id}/copy", f"/library/{bank_id}/", **{"copy-title": "Bob's copy", "v": "3"})
    assert copy.status_code == 303
    assert "Copied version 3" in other.get(copy.location).data.decode()
    with app.app_context():
        titles = set(db.session.scalars(select(LibraryBank.title).where(LibraryBank.owner_id.is_not(None))))
    assert titles == {"Riverside", "Bob's copy"}


def test_a_practice_link_lets_anyone_play_and_dies_when_turned_off(app, teacher, client):
    bank_id = ready_bank(teacher)
    post(teacher, f"/library/{bank_id}/practice", f"/library/{bank_id}/", do="on")
    page = teacher.get(f"/library/{bank_id}/").data.decode()
    link = re.search(r'href="(http://localhost/practice/[^"]+/)"', page).group(1).replace("http://localhost", "")
    home = client.get(link).data.decode()
    assert "The budget" in home and "Riverside budget" in home
    start = re.search(r'action="(/practice/[^"]+/quiz/budget)"', client.get(link + "quiz/budget").data.decode())
    response = client.post(start.group(1), data={"csrf_token": csrf(client.get(link + "quiz/budget").data)})
    assert "How did the council vote?" in client.get(response.location).data.decode()
    post(teacher, f"/library/{bank_id}/practice", f"/library/{bank_id}/", do="off")
    assert client.get(link).status_code == 404


def test_copying_the_sample_gives_a_bank_of_ones_own(app, teacher, bank):
    response = post(teacher, "/library/sample/copy", "/library/")
    assert response.status_code == 303
    page = teacher.get(response.location).data.decode()
    assert f"Questions ({len(bank.questions)})" in page and "version 1" in page.lower()


def test_deleting_a_bank_asks_first_and_keeps_sessions_that_used_it(app, teacher):
    bank_id = ready_bank(teacher)
    sid, code = create_session(teacher, quiz_id=f"bank-{bank_id}:budget", mode="self-paced")
    page = teacher.get(f"/library/{bank_id}/delete").data.decode()
    assert "1 class session used it" in page
    refused = teacher.post(f"/library/{bank_id}/delete", data={"csrf_token": csrf(page)})
    assert refused.status_code == 422 and teacher.get(f"/library/{bank_id}/").status_code == 200
    done = teacher.post(f"/library/{bank_id}/delete", data={"csrf_token": csrf(page), "confirm": "y"})
    assert done.status_code == 303 and teacher.get(f"/library/{bank_id}/").status_code == 404
    assert "How did the council vote?" in teacher.get(f"/teacher/sessions/{sid}/report/").data.decode()
    assert [v.number for v in versions_of(app, bank_id)] == [3]  # only the version a session pins is kept


def test_a_zip_round_trip_gives_the_same_questions(app, teacher):
    bank_id = ready_bank(teacher)
    data = teacher.get(f"/library/{bank_id}/v/3/bank.zip").data
    token = csrf(teacher.get("/library/").data)
    response = teacher.post(
        "/library/import",
        data={"csrf_token": token, "upload-file": (io.BytesIO(data), "riverside.zip"), "upload-title": "Again"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    new_id = int(re.search(r"/library/(\d+)/", response.location).group(1))
    original, imported = versions_of(app, bank_id)[-1], versions_of(app, new_id)[-1]
    assert imported.content_hash == original.content_hash


def test_a_malicious_zip_is_refused_with_a_message(app, teacher):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("questions.yaml", bank_yaml())
        archive.writestr("../../etc/evil.md", "x")
    token = csrf(teacher.get("/library/").data)
    response = teacher.post(
        "/library/import",
        data={"csrf_token": token, "upload-file": (io.BytesIO(buffer.getvalue()), "evil.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert (
        "Not imported: The zip contains a path that leaves its folder" in teacher.get(response.location).data.decode()
    )


def test_a_downloaded_version_passes_quiz_check_offline(app, teacher, tmp_path):
    import zipfile

    from click.testing import CliRunner

    from quiz.cli import main

    bank_id = ready_bank(teacher)
    zipfile.ZipFile(io.BytesIO(teacher.get(f"/library/{bank_id}/v/3/bank.zip").data)).extractall(tmp_path)
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["riverside-budget.md"]
    result = CliRunner().invoke(main, ["check", str(tmp_path / "questions.yaml")])
    assert result.exit_code == 0, result.output
    assert "OK: 2 questions" in result.output and "0 errors" in result.output
