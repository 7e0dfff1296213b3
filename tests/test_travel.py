"""Downloads for an LMS, questions from Moodle and printable sheets, in the browser's own requests (no JavaScript)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from helpers import csrf, register_teacher
from test_library import bank_yaml, ready_bank, save_yaml, versions_of

from quiz.content.loader import load_bank_texts
from quiz.formats import FORMATS, export

GIFT = (
    "::Budget::How much was the budget? {#4.2:0.1####The article says 4.2 million dollars.}\n\n"
    "::Mayor::Who is the mayor? {=Ana Ortiz =Ortiz}\n\n"
    "::Essay::Write about the vote. {}\n"
)


@pytest.fixture
def teacher(app):
    return register_teacher(app, "ann@school.example")


def version_bank(app, bank_id: int, number: int):
    version = versions_of(app, bank_id)[number - 1]
    return load_bank_texts(version.questions_yaml, version.articles).bank


def send_file(client, bank_id: int, data: bytes, name: str, token: str | None = None):
    """Post a questions file to a bank's "Questions from Moodle" form (with the page's CSRF token unless given)."""
    fields = {"questions-file": (io.BytesIO(data), name)}
    if token != "":
        fields["csrf_token"] = token or csrf(client.get("/library/").data)
    return client.post(f"/library/{bank_id}/import-questions", data=fields, content_type="multipart/form-data")


def latest(app, bank_id: int) -> int:
    return len(versions_of(app, bank_id))


def test_a_bank_downloads_in_every_format_with_what_each_cannot_hold(app, teacher):
    bank_id = ready_bank(teacher)
    n = latest(app, bank_id)
    page = teacher.get(f"/library/{bank_id}/").data.decode()
    assert f"/library/{bank_id}/formats?v={n}" in page
    formats = teacher.get(f"/library/{bank_id}/formats?v={n}").data.decode()
    parsed = version_bank(app, bank_id, n)
    for fmt in FORMATS:
        response = teacher.get(f"/library/{bank_id}/formats/{fmt}?v={n}")
        assert response.status_code == 200
        made = export(parsed, fmt, f"Riverside-version-{n}")
        assert response.headers["Content-Disposition"] == f'attachment; filename="{made.filename}"'
        assert response.data == made.data
        for line in made.report():
            assert line.replace("'", "&#39;").replace('"', "&#34;") in formats
    assert "claimreview" in formats.lower() or "ClaimReview" in formats


def test_an_older_version_downloads_as_it_was(app, teacher):
    bank_id = ready_bank(teacher)
    extra = """  - id: vote-again
    type: truefalse
    prompt: The vote was close.
    answer: false
    explain: 7 to 2 is not close.
    sources:
      - article: riverside-budget
        quote: The vote was 7 to 2
"""
    before = latest(app, bank_id)
    assert save_yaml(teacher, bank_id, bank_yaml(extra=extra)).status_code == 303
    first = teacher.get(f"/library/{bank_id}/formats/moodle-xml?v={before}").data.decode()
    newest = teacher.get(f"/library/{bank_id}/formats/moodle-xml").data.decode()
    assert "vote-again" not in first and "vote-again" in newest


def test_other_teachers_and_visitors_cannot_download_or_print_a_bank(app, teacher, client):
    bank_id = ready_bank(teacher)
    other = register_teacher(app, "bob@school.example")
    for path in (f"/library/{bank_id}/formats", f"/library/{bank_id}/formats/gift", f"/library/{bank_id}/print/budget"):
        assert other.get(path).status_code == 404, path
        assert client.get(path).status_code in (302, 303), path  # to the sign-in page
    assert teacher.get(f"/library/{bank_id}/formats/pdf").status_code == 404
    assert client.get("/library/sample/print/starter/key").status_code in (302, 303)


def test_the_sample_downloads_and_prints_for_any_teacher(teacher, bank):
    page = teacher.get("/library/").data.decode()
    assert "/library/sample/formats" in page and "/library/sample/print/starter" in page
    gift = teacher.get("/library/sample/formats/gift")
    assert gift.status_code == 200 and gift.data == export(bank, "gift", "Alyssa-Milano-and-politics").data
    qti = zipfile.ZipFile(io.BytesIO(teacher.get("/library/sample/formats/qti").data))
    assert len([n for n in qti.namelist() if n.startswith("items/")]) == len(bank.ready)


def test_a_worksheet_hides_the_answers_that_its_key_gives(app, teacher):
    bank_id = ready_bank(teacher)
    n = latest(app, bank_id)
    bank = teacher.get(f"/library/{bank_id}/").data.decode()
    assert f"/library/{bank_id}/print/budget?v={n}" in bank
    sheet = teacher.get(f"/library/{bank_id}/print/budget?v={n}").data.decode()
    key = teacher.get(f"/library/{bank_id}/print/budget/key?v={n}").data.decode()
    assert "How did the council vote?" in sheet and "How did the council vote?" in key
    assert "The article says the vote was 7 to 2." not in sheet
    assert "The article says the vote was 7 to 2." in key
    options = re.findall(r'<span class="letter">([A-Z])</span> ([^<]+)</li>', sheet)
    right = next(letter for letter, label in options if label.strip() == "7 to 2")
    assert re.search(rf'<strong>Answer:</strong> <span class="letter">{right}</span> 7 to 2', key)
    assert "The Riverside Star" in key  # the passage's citation
    with_text = teacher.get(f"/library/{bank_id}/print/budget?v={n}&articles=1").data.decode()
    assert "Mayor Ana Ortiz said the library would open on Sundays from March." in with_text
    assert teacher.get(f"/library/{bank_id}/print/no-such-quiz").status_code == 404


def test_questions_from_moodle_become_drafts_in_a_new_version(app, teacher):
    bank_id = ready_bank(teacher)
    n = latest(app, bank_id)
    response = send_file(teacher, bank_id, GIFT.encode(), "moodle.gift")
    assert response.status_code == 303
    shown = teacher.get(response.location).data.decode()
    assert f"Saved as version {n + 1}" in shown
    assert "not imported: line 5 (Essay): an essay question" in shown
    assert "2 questions from moodle.gift are drafts" in shown
    saved = version_bank(app, bank_id, n + 1)
    drafts = {q.id: q for q in saved.questions if q.status == "draft"}
    assert {q.type for q in drafts.values()} == {"number", "text"}
    assert drafts["budget"].answer == 4.2 and drafts["budget"].tolerance == 0.1
    assert versions_of(app, bank_id)[n].questions_yaml.startswith("# my first bank\n")  # the teacher's YAML kept
    preview = teacher.get(f"/library/{bank_id}/v/{n + 1}/questions/budget").data.decode()
    assert "It has no source yet" in preview


def test_a_file_that_is_not_questions_changes_nothing(app, teacher):
    bank_id = ready_bank(teacher)
    n = latest(app, bank_id)
    response = send_file(teacher, bank_id, b"<quiz><question", "broken.xml")
    shown = teacher.get(response.location).data.decode()
    assert "broken.xml: line 1" in shown and "Nothing was added" in shown
    assert latest(app, bank_id) == n
    forged = send_file(teacher, bank_id, GIFT.encode(), "moodle.gift", token="")
    assert forged.status_code == 303 and latest(app, bank_id) == n  # no CSRF token: refused


def test_only_the_owner_imports(app, teacher):
    bank_id = ready_bank(teacher)
    n = latest(app, bank_id)
    other = register_teacher(app, "bob@school.example")
    response = send_file(other, bank_id, GIFT.encode(), "moodle.gift")
    assert response.status_code == 404
    assert latest(app, bank_id) == n


def test_a_non_latin_title_downloads_under_an_ascii_name(app, teacher):
    bank_id = ready_bank(teacher)
    token = csrf(teacher.get(f"/library/{bank_id}/").data)
    teacher.post(f"/library/{bank_id}/rename", data={"csrf_token": token, "rename-title": "Δημοκρατία café"})
    response = teacher.get(f"/library/{bank_id}/formats/gift")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].encode("latin-1")
    assert 'filename="cafe-version-' in response.headers["Content-Disposition"]


def test_a_source_questions_worksheet_lists_every_article_it_offers(app, teacher, bank):
    copied = teacher.post("/library/sample/copy", data={"csrf_token": csrf(teacher.get("/library/").data)})
    bank_id = int(re.search(r"/library/(\d+)/", copied.location).group(1))
    source = next(q for q in bank.ready if q.type == "source")
    text = versions_of(app, bank_id)[0].questions_yaml.replace(
        "quizzes:\n", f"quizzes:\n  - id: which-article\n    title: Which article?\n    questions: [{source.id}]\n", 1
    )
    assert save_yaml(teacher, bank_id, text).status_code == 303
    sheet = teacher.get(f"/library/{bank_id}/print/which-article").data.decode()
    assert source.prompt in sheet
    listed = re.search(r'<section class="sheet-sources">(.*?)</section>', sheet, re.S)[1]
    for article_id in source.choices:  # the answer is one of them: listing only that one would give it away
        assert bank.articles[article_id].title in listed


def test_an_unsaved_editor_text_is_never_set_aside_by_an_import(app, teacher):
    bank_id = ready_bank(teacher)
    n = latest(app, bank_id)
    assert save_yaml(teacher, bank_id, "questions: [\n").status_code == 422  # kept as the editor's unsaved text
    response = send_file(teacher, bank_id, GIFT.encode(), "moodle.gift")
    shown = teacher.get(response.location).data.decode()
    assert "You have unsaved changes in the YAML editor" in shown
    assert latest(app, bank_id) == n
    assert "questions: [" in teacher.get(f"/library/{bank_id}/edit").data.decode()  # the text is still there
