"""Who may reach a library bank: every URL swept for strangers and other teachers, read-only shares, practice
links, two app instances on one PostgreSQL database, and live sessions that keep their pinned version."""

from __future__ import annotations

import io
import re

import pytest
from conftest import make_app
from helpers import create_session, csrf, join, log_in, register_teacher
from sqlalchemy import func, select
from test_library import ARTICLE_TEXT, bank_yaml, new_bank, post, ready_bank, save_yaml

from quiz.extensions import db
from quiz.models import BankShare, BankVersion, ClassSession, LibraryBank, Teacher

# Every library URL of one bank, sorted by who may use it. A new route fails the sweep until it is put in one.
READABLE = {  # the owner and teachers it is shared with (read-only)
    "library.show",
    "library.preview",
    "library.articles",
    "library.article",
    "library.export",
    "library.copy",
    "travel.formats",
    "travel.download",
    "travel.worksheet",
    "travel.answer_key",
}
OWNER_ONLY = {
    "library.edit",
    "library.check",
    "library.discard",
    "library.rename",
    "library.delete",
    "library.share",
    "library.unshare",
    "library.practice",
    "library.upload_version",
    "library.add_article",
    "library.paste_article",
    "library.upload_page",
    "library.fetch_article",
    "library.upload_article",
    "library.remove_article",
    "travel.import_questions",
    "authoring.ask",
    "authoring.edit_question",
    "authoring.drafts",
}
BANK_URLS = 24  # (method, URL) pairs of one bank when this was written: the sweep must not shrink below it


def teacher_id_of(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Teacher.id).where(Teacher.email == email))


def library_urls(app, values: dict, bank_only: bool = True):
    """(endpoint, method, path) of every library URL (only those of one bank unless ``bank_only`` is False)."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/library") or (bank_only and "bank_id" not in rule.arguments):
            continue
        path = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, path


def bank_values(app, bank_id: int, teacher_id: int) -> dict:
    """Real values of a ready bank for every URL argument."""
    with app.app_context():
        number = db.session.get(LibraryBank, bank_id).latest
    return {
        "bank_id": bank_id,
        "number": number,
        "question_id": "vote",
        "article_id": "riverside-budget",
        "article_file": "riverside-budget.md",
        "teacher_id": teacher_id,
        "fmt": "gift",
        "quiz_id": "budget",
    }


def attack(token: str, email: str = "bob@school.example") -> dict:
    """Form data that would do something on every library form (fresh files for each request)."""
    article = ARTICLE_TEXT.replace("Ana Ortiz", "Someone Else")
    md = f'---\ntitle: "Hacked"\noutlet: null\nauthor: null\npublished: null\nurl: null\n---\n\n{article}\n'
    return {
        "csrf_token": token,
        "text": bank_yaml(answer="5 to 4"),
        "base": "3",
        "v": "3",
        "do": "on",
        "confirm": "y",
        "email": email,
        "choice": "1",
        "rename-title": "Hacked",
        "copy-title": "Stolen",
        "paste-title": "Hacked article",
        "paste-text": article,
        "paste-article_id": "hacked",
        "address-address": "http://127.0.0.1:9/",
        "upload-file": (io.BytesIO(bank_yaml(answer="9 to 0").encode()), "questions.yaml"),
        "page-page": (io.BytesIO(f"<html><body><h1>Hacked</h1><p>{article}</p></body></html>".encode()), "p.html"),
        "file-file": (io.BytesIO(md.encode()), "hacked.md"),
        "questions-file": (io.BytesIO(b"::Hacked::Hacked? {T}"), "hacked.gift"),
    }


def send(client, endpoint: str, method: str, path: str, token: str, **attack_args):
    """One request with plausible data: the editor's live check sends JSON, every other form posts fields."""
    if endpoint == "library.check":
        text = bank_yaml(answer="5 to 4")
        return client.open(path, method=method, json={"text": text}, headers={"X-CSRFToken": token})
    return client.open(path, method=method, data=attack(token, **attack_args))


def snapshot(app, bank_id: int) -> dict:
    """Everything about a bank that a request could change."""
    with app.app_context():
        bank = db.session.get(LibraryBank, bank_id)
        versions = db.session.execute(
            select(BankVersion.number, BankVersion.content_hash)
            .where(BankVersion.bank_id == bank_id)
            .order_by(BankVersion.number)
        ).all()
        shares = db.session.scalars(select(BankShare.teacher_id).where(BankShare.bank_id == bank_id)).all()
        return {
            "row": (
                bank.title,
                bank.owner_id,
                bank.latest,
                bank.practice_token,
                bank.draft_text,
                bank.draft_base,
                bank.draft_problems,
                bank.deleted_at,
                bank.updated_at,
            ),
            "versions": [tuple(v) for v in versions],
            "shares": sorted(shares),
            "banks": db.session.scalar(select(func.count(LibraryBank.id))),
        }


def flashes(client) -> list[str]:
    with client.session_transaction() as cookie:
        return [message for _category, message in cookie.pop("_flashes", [])]


def practice_link(teacher, bank_id: int) -> str | None:
    page = teacher.get(f"/library/{bank_id}/").data.decode()
    found = re.search(r'href="http://localhost(/practice/([^"/]+)/)"', page)
    return found.group(2) if found else None


def practice_paths(token: str) -> list[str]:
    return [
        f"/practice/{token}/",
        f"/practice/{token}/quiz/budget",
        f"/practice/{token}/articles/",
        f"/practice/{token}/articles/riverside-budget",
    ]


@pytest.fixture
def ann(app):
    return register_teacher(app, "ann@school.example")


@pytest.fixture
def bob(app):
    return register_teacher(app, "bob@school.example")


@pytest.fixture
def cat(app):
    return register_teacher(app, "cat@school.example")


def busy_bank(app, ann) -> int:
    """Ann's ready bank with everything a stranger could spoil: a share with Cat, a practice link, a draft."""
    bank_id = ready_bank(ann)
    post(ann, f"/library/{bank_id}/share", f"/library/{bank_id}/", email="cat@school.example")
    post(ann, f"/library/{bank_id}/practice", f"/library/{bank_id}/", do="on")
    assert save_yaml(ann, bank_id, bank_yaml(answer="8 to 1")).status_code == 422  # kept as a draft
    state = snapshot(app, bank_id)
    assert state["row"][3] and state["row"][4] and state["shares"] == [teacher_id_of(app, "cat@school.example")]
    return bank_id


def test_every_url_of_a_bank_is_404_to_other_teachers_and_a_login_to_strangers(app, ann, bob, cat):
    bank_id = busy_bank(app, ann)
    before = snapshot(app, bank_id)
    values = bank_values(app, bank_id, teacher_id_of(app, "cat@school.example"))
    urls = list(library_urls(app, values))
    assert len(urls) >= BANK_URLS, urls
    assert {endpoint for endpoint, _m, _p in urls} == READABLE | OWNER_ONLY  # a new route must be sorted in
    token = csrf(bob.get("/library/").data)
    for endpoint, method, path in urls:
        response = send(bob, endpoint, method, path, token)
        assert response.status_code == 404, (endpoint, method, path, response.status_code)
        assert not any("expired" in m for m in flashes(bob)), (method, path)  # the CSRF token was good
    # Nor can Bob take a share of it off, ask for a version by query, or run a class session from it.
    me = teacher_id_of(app, "bob@school.example")
    assert bob.post(f"/library/{bank_id}/unshare/{me}", data={"csrf_token": token}).status_code == 404
    assert bob.get(f"/library/{bank_id}/?v=3").status_code == 404
    refused = bob.post("/teacher/sessions", data={"csrf_token": token, "quiz_id": f"bank-{bank_id}:budget"})
    assert refused.status_code == 422
    assert snapshot(app, bank_id) == before  # versions, title, shares, practice token and draft as they were
    with app.app_context():
        assert db.session.scalar(select(func.count(ClassSession.id))) == 0

    stranger = app.test_client()
    everything = list(library_urls(app, values, bank_only=False))
    assert len(everything) > len(urls)
    for endpoint, method, path in everything:
        token = csrf(stranger.get("/join").data)
        response = stranger.open(path, method=method, data=attack(token))
        assert response.status_code == 302, (endpoint, method, path, response.status_code)
        assert "/teacher/login" in response.location, (method, path)
    assert snapshot(app, bank_id) == before
    assert ann.get(f"/library/{bank_id}/edit").status_code == 200  # the owner still has it all


def test_anothers_version_numbers_article_and_question_ids_do_not_open_through_ones_own_bank(app, ann, bob):
    theirs = ready_bank(ann)  # versions 1 to 3, article riverside-budget, question vote
    mine = new_bank(bob)  # version 1 only, no articles, no questions
    before = snapshot(app, theirs), snapshot(app, mine)
    token = csrf(bob.get(f"/library/{mine}/").data)
    assert bob.get(f"/library/{mine}/").status_code == 200
    for path in (
        f"/library/{mine}/?v=3",
        f"/library/{mine}/v/3/questions/vote",
        f"/library/{mine}/v/3/articles/",
        f"/library/{mine}/v/3/articles/riverside-budget",
        f"/library/{mine}/v/3/bank.zip",
        f"/library/{mine}/v/1/questions/vote",
        f"/library/{mine}/v/1/articles/riverside-budget",
        f"/library/{mine}/v/2/articles/",
    ):
        assert bob.get(path).status_code == 404, path
    assert bob.post(f"/library/{mine}/v/3/questions/vote", data={"csrf_token": token, "choice": "1"}).status_code == 404
    assert bob.post(f"/library/{mine}/copy", data={"csrf_token": token, "v": "3"}).status_code == 404
    removed = bob.post(f"/library/{mine}/articles/riverside-budget.md/remove", data={"csrf_token": token})
    assert removed.status_code == 303 and flashes(bob) == ["No such article in this bank."]
    assert (snapshot(app, theirs), snapshot(app, mine)) == before


def test_a_read_only_share_opens_reading_and_copying_but_nothing_else(app, ann, bob, cat):
    bank_id = busy_bank(app, ann)
    post(ann, f"/library/{bank_id}/share", f"/library/{bank_id}/", email="bob@school.example")
    before = snapshot(app, bank_id)
    assert len(before["shares"]) == 2
    values = bank_values(app, bank_id, teacher_id_of(app, "cat@school.example"))
    token = csrf(bob.get("/library/").data)
    reached = set()
    for endpoint, method, path in library_urls(app, values):
        response = send(bob, endpoint, method, path, token)
        assert not any("expired" in m for m in flashes(bob)), (method, path)
        if endpoint in OWNER_ONLY:
            assert response.status_code == 404, (endpoint, method, path, response.status_code)
            continue
        expected = 303 if endpoint == "library.copy" else 200
        assert response.status_code == expected, (endpoint, method, path, response.status_code)
        reached.add(endpoint)
    assert reached == READABLE
    me = teacher_id_of(app, "bob@school.example")
    assert bob.post(f"/library/{bank_id}/unshare/{me}", data={"csrf_token": token}).status_code == 404
    assert snapshot(app, bank_id)["row"] == before["row"] and snapshot(app, bank_id)["versions"] == before["versions"]
    assert snapshot(app, bank_id)["shares"] == before["shares"]
    with app.app_context():  # the copy is Bob's own bank, with the version he read
        copy = db.session.scalar(select(LibraryBank).where(LibraryBank.owner_id == me))
        assert copy.title == "Stolen" and copy.latest == 1
        copied = db.session.scalar(select(BankVersion).where(BankVersion.bank_id == copy.id))
        assert copied.content_hash == before["versions"][2][1]
    page = bob.get(f"/library/{bank_id}/").data.decode()
    assert "Shared with you read-only" in page and "8 to 1" not in page  # the owner's draft is not shown
    unshare = f"/library/{bank_id}/unshare/{me}"
    assert post(ann, unshare, f"/library/{bank_id}/").status_code == 303
    assert bob.get(f"/library/{bank_id}/").status_code == 404  # and once unshared, nothing is left
    assert bob.get(f"/library/{bank_id}/v/3/bank.zip").status_code == 404


def test_a_deleted_bank_is_404_to_its_owner_and_to_those_it_was_shared_with(app, ann, bob, cat):
    bank_id = busy_bank(app, ann)
    post(ann, f"/library/{bank_id}/share", f"/library/{bank_id}/", email="bob@school.example")
    values = bank_values(app, bank_id, teacher_id_of(app, "cat@school.example"))
    practice = practice_link(ann, bank_id)
    assert app.test_client().get(f"/practice/{practice}/").status_code == 200
    urls = sorted(library_urls(app, values), key=lambda url: url[0] == "library.delete")  # delete last
    token = csrf(ann.get("/library/").data)
    for endpoint, method, path in urls:  # the owner reaches every URL with the same values and form data
        response = send(ann, endpoint, method, path, token, email="cat@school.example")
        assert response.status_code not in (400, 404, 500), (endpoint, method, path, response.status_code)
        assert not any("expired" in m for m in flashes(ann)), (method, path)
    with app.app_context():
        assert db.session.get(LibraryBank, bank_id).deleted_at is not None  # the last URL deleted it
    for teacher in (ann, bob):
        token = csrf(teacher.get("/library/").data)
        for endpoint, method, path in urls:
            response = send(teacher, endpoint, method, path, token, email="cat@school.example")
            assert response.status_code == 404, (endpoint, method, path, response.status_code)
            assert not any("expired" in m for m in flashes(teacher)), (method, path)
    assert bank_id not in [int(n) for n in re.findall(r"/library/(\d+)/", ann.get("/library/").data.decode())]
    assert app.test_client().get(f"/practice/{practice}/").status_code == 404  # its practice link died with it


HUGE = str(10**23)  # beyond every integer column of SQLite and PostgreSQL


def test_huge_version_numbers_are_404_not_500(app, ann):
    bank_id = ready_bank(ann)
    token = csrf(ann.get(f"/library/{bank_id}/").data)
    statuses = {
        "url": ann.get(f"/library/{bank_id}/v/{HUGE}/articles/").status_code,
        "query": ann.get(f"/library/{bank_id}/?v={HUGE}").status_code,
        "copy": ann.post(f"/library/{bank_id}/copy", data={"csrf_token": token, "v": HUGE}).status_code,
        "base": ann.post(
            f"/library/{bank_id}/edit", data={"csrf_token": token, "text": bank_yaml(), "base": HUGE}
        ).status_code,
    }
    assert statuses == {"url": 404, "query": 404, "copy": 404, "base": 422}, statuses
    assert ann.get(f"/library/{bank_id}/v/0/articles/").status_code == 404


def test_practice_links_open_only_with_the_current_token(app, ann, client):
    bank_id = ready_bank(ann)
    assert practice_link(ann, bank_id) is None
    post(ann, f"/library/{bank_id}/practice", f"/library/{bank_id}/", do="on")
    first = practice_link(ann, bank_id)
    assert first and len(first) >= 32
    for path in practice_paths(first):
        assert client.get(path).status_code == 200, path
    token = csrf(client.get(f"/practice/{first}/quiz/budget").data)
    wrong = [
        first[:-1] + ("A" if first[-1] != "A" else "B"),
        first + "x",
        first[:-1],
        first.swapcase(),
        "x" * 64,
        "x" * 65,
        first + "x" * (65 - len(first)),
        "9" * 5000,
        "%25",
    ]
    for bad in wrong:
        for path in practice_paths(bad):
            assert client.get(path).status_code == 404, (bad[:70], path)
        assert client.post(f"/practice/{bad}/quiz/budget", data={"csrf_token": token}).status_code == 404
    post(ann, f"/library/{bank_id}/practice", f"/library/{bank_id}/", do="off")
    assert practice_link(ann, bank_id) is None
    for path in practice_paths(first):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/practice/{first}/quiz/budget", data={"csrf_token": token}).status_code == 404
    post(ann, f"/library/{bank_id}/practice", f"/library/{bank_id}/", do="on")
    second = practice_link(ann, bank_id)
    assert second and second != first
    assert client.get(f"/practice/{first}/").status_code == 404
    assert client.get(f"/practice/{second}/").status_code == 200
    post(ann, f"/library/{bank_id}/practice", f"/library/{bank_id}/", do="on")  # a new link: the old one dies
    third = practice_link(ann, bank_id)
    assert third not in (first, second)
    assert (
        client.get(f"/practice/{second}/").status_code == 404 and client.get(f"/practice/{third}/").status_code == 200
    )


# Two app instances on one database ------------------------------------------------------------------------------


def play_practice(app, token: str) -> str:
    """A student's first question page through a practice link served by ``app``."""
    student = app.test_client()
    start = student.get(f"/practice/{token}/quiz/budget")
    assert start.status_code == 200
    response = student.post(f"/practice/{token}/quiz/budget", data={"csrf_token": csrf(start.data)})
    assert response.status_code == 303
    return student, response.location


def test_two_app_instances_on_one_postgres_database_serve_each_others_saves(postgres_server):
    from quiz.app import create_app
    from quiz.services import versions

    one = make_app(postgres_server)
    two = create_app(
        {"TESTING": True, "SECRET_KEY": one.config["SECRET_KEY"], "SQLALCHEMY_DATABASE_URI": postgres_server}
    )
    try:
        ann_one = register_teacher(one, "ann@school.example")
        ann_two = log_in(two, "ann@school.example")
        bank_id = ready_bank(ann_one)
        versions.cache.clear()  # instance two is another process: it has parsed nothing
        page = ann_two.get(f"/library/{bank_id}/").data.decode()
        assert "How did the council vote?" in page and "version 3" in page.lower()

        post(ann_one, f"/library/{bank_id}/practice", f"/library/{bank_id}/", do="on")
        token = practice_link(ann_two, bank_id)
        assert token and token == practice_link(ann_one, bank_id)
        early, early_url = play_practice(two, token)
        assert "How did the council vote?" in early.get(early_url).data.decode()

        # Instance one saves a new version; instance two (which cached version 3) serves version 4 at once.
        saved = save_yaml(ann_one, bank_id, bank_yaml().replace("How did the council vote?", "What was the vote?"))
        assert saved.status_code == 303
        page = ann_two.get(f"/library/{bank_id}/").data.decode()
        assert "What was the vote?" in page and "How did the council vote?" not in page
        late, late_url = play_practice(two, token)
        assert "What was the vote?" in late.get(late_url).data.decode()
        assert "How did the council vote?" in early.get(early_url).data.decode()  # a started attempt keeps its version

        # And the other way round, with nothing cached: instance two saves, instance one serves it.
        stale_tab = ann_one.get(f"/library/{bank_id}/edit").data.decode()
        versions.cache.clear()
        saved = save_yaml(ann_two, bank_id, bank_yaml().replace("How did the council vote?", "Which was the vote?"))
        assert saved.status_code == 303
        versions.cache.clear()
        assert "Which was the vote?" in ann_one.get(f"/library/{bank_id}/").data.decode()
        again, again_url = play_practice(one, token)
        assert "Which was the vote?" in again.get(again_url).data.decode()
        # A save from a tab opened before instance two's save is refused on instance one, not written over it.
        conflict = ann_one.post(
            f"/library/{bank_id}/edit",
            data={"csrf_token": csrf(stale_tab), "text": bank_yaml("5 to 4"), "base": "4"},
        )
        assert conflict.status_code == 409 and "version 5 was saved" in conflict.data.decode()
        # Sessions made on either instance pin the same, latest version.
        sid_one, _code = create_session(ann_one, quiz_id=f"bank-{bank_id}:budget", mode="self-paced")
        sid_two, _code = create_session(ann_two, quiz_id=f"bank-{bank_id}:budget", mode="self-paced")
        with one.app_context():
            pins = {db.session.get(ClassSession, sid).bank_version_id for sid in (sid_one, sid_two)}
            latest = db.session.scalar(
                select(BankVersion.id).where(BankVersion.bank_id == bank_id, BankVersion.number == 5)
            )
        assert pins == {latest}
        # Each instance keeps its own view of the served bank file, but both record it once.
        state_one, state_two = one.extensions["quiz_file_bank"], two.extensions["quiz_file_bank"]
        assert state_one is not state_two and state_one.good.version_id == state_two.good.version_id
        with one.app_context():
            system = db.session.scalar(select(LibraryBank.id).where(LibraryBank.system_key == "file"))
            count = db.session.scalar(select(func.count(BankVersion.id)).where(BankVersion.bank_id == system))
        assert count == 1
    finally:
        with two.app_context():
            db.session.remove()
            db.engine.dispose()
        with one.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


# Live sessions keep their version -------------------------------------------------------------------------------

VOLATILE = (
    (re.compile(r'(<input[^>]*name="csrf_token"[^>]*value=")[^"]*"'), r'\1…"'),
    (re.compile(r'data-remaining="\d+">\d+<'), 'data-remaining="…">…<'),
    (re.compile(r"\b\d\d:\d\d:\d\d\b"), "hh:mm:ss"),
)


def steady(body: bytes) -> str:
    """A page without what changes from one request to the next (CSRF tokens, seconds left, clock times)."""
    text = body.decode()
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def everything_shown(teacher, phones, sid: int) -> dict[str, object]:
    """Every page of a live session: phones, projector, report, articles (steadied) and both CSVs (as bytes)."""
    pages = {}
    for name, phone in phones.items():
        for suffix in ("", "?partial=1"):
            response = phone.get(f"/live/{sid}{suffix}")
            assert response.status_code == 200, (name, suffix)
            pages[f"phone {name}{suffix}"] = steady(response.data)
    for path in (
        f"/teacher/sessions/{sid}/live",
        f"/teacher/sessions/{sid}/live?partial=1",
        f"/teacher/sessions/{sid}",
        f"/teacher/sessions/{sid}/report/",
        f"/teacher/sessions/{sid}/articles/",
        f"/teacher/sessions/{sid}/articles/riverside-budget",
    ):
        response = teacher.get(path)
        assert response.status_code == 200, path
        pages[path] = steady(response.data)
    for kind in ("answers", "students"):
        response = teacher.get(f"/teacher/sessions/{sid}/report/{kind}.csv")
        assert response.status_code == 200
        pages[kind] = (response.data, response.headers["Content-Disposition"])
    return pages


def choose(phone, sid: int, label: str, index: int):
    page = phone.get(f"/live/{sid}").data.decode()
    value = re.search(rf'value="([^"]+)"> <span>{re.escape(label)}</span>', page).group(1)
    response = phone.post(f"/live/{sid}", data={"csrf_token": csrf(page), "choice": value, "index": str(index)})
    assert response.status_code == 303, response.data.decode()[:800]


def advance(teacher, sid: int, do: str):
    response = post(teacher, f"/teacher/sessions/{sid}/live", f"/teacher/sessions/{sid}/live", do=do)
    assert response.status_code == 303 and not flashes(teacher), do


def replace_article(app, teacher, bank_id: int, old: str, new: str):
    """Upload the bank's article file again with ``old`` replaced by ``new`` (a new version)."""
    with app.app_context():
        bank = db.session.get(LibraryBank, bank_id)
        text = db.session.scalar(
            select(BankVersion.articles).where(BankVersion.bank_id == bank_id, BankVersion.number == bank.latest)
        )["riverside-budget.md"]
    assert old in text
    token = csrf(teacher.get(f"/library/{bank_id}/articles/new").data)
    response = teacher.post(
        f"/library/{bank_id}/articles/file",
        data={"csrf_token": token, "file-file": (io.BytesIO(text.replace(old, new).encode()), "riverside-budget.md")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.data.decode()[:800]
    assert any("Saved as version" in m for m in flashes(teacher))  # read, as the bank page would


def latest_number(app, bank_id: int) -> int:
    with app.app_context():
        return db.session.get(LibraryBank, bank_id).latest


ONLY_VOTE = (
    bank_yaml(answer="5 to 4")
    .replace("How did the council vote?", "What was the vote?")
    .replace(", library-sundays]", "]")
    .split("  - id: library-sundays")[0]
)


def test_a_live_session_keeps_its_version_while_the_bank_is_edited_and_after(app, ann):
    bank_id = ready_bank(ann)
    sid, code = create_session(ann, quiz_id=f"bank-{bank_id}:budget", mode="live")
    with app.app_context():
        pinned = db.session.get(ClassSession, sid).bank_version_id
        assert db.session.get(BankVersion, pinned).number == 3
    phones = {name: join(app, code, name)[0] for name in ("Brave Otter", "Calm Heron")}
    advance(ann, sid, "start")
    choose(phones["Brave Otter"], sid, "7 to 2", 0)

    # While question 1 is open the teacher removes question 2, changes the answer of 1 and edits the article.
    running = everything_shown(ann, phones, sid)
    assert "How did the council vote?" in running[f"/teacher/sessions/{sid}/live"]
    assert save_yaml(ann, bank_id, ONLY_VOTE).status_code == 303 and flashes(ann)
    replace_article(app, ann, bank_id, "Mayor Ana Ortiz", "Mayor Ana Ruiz")
    assert latest_number(app, bank_id) == 5
    assert everything_shown(ann, phones, sid) == running

    choose(phones["Calm Heron"], sid, "7 to 2", 0)  # scored by the pinned version: 7 to 2 is still right
    advance(ann, sid, "reveal")
    for phone in phones.values():
        page = phone.get(f"/live/{sid}").data.decode()
        assert "Right!" in page and "<mark>The vote was 7 to 2</mark>" in page
    advance(ann, sid, "next")
    question = phones["Calm Heron"].get(f"/live/{sid}").data.decode()
    assert "The library will open on Sundays from March." in question and "taken out" not in question
    assert "Question 2 of 2" in question
    choose(phones["Brave Otter"], sid, "True", 1)
    choose(phones["Calm Heron"], sid, "False", 1)
    advance(ann, sid, "reveal")
    article = ann.get(f"/teacher/sessions/{sid}/articles/riverside-budget").data.decode()
    assert "Mayor Ana Ortiz" in article and "Ana Ruiz" not in article
    advance(ann, sid, "finish")

    finished = everything_shown(ann, phones, sid)
    assert (
        save_yaml(ann, bank_id, ONLY_VOTE.replace("What was the vote?", "What was the final vote?")).status_code == 303
    )
    assert flashes(ann)
    replace_article(app, ann, bank_id, "Mayor Ana Ruiz", "Mayor Ana Soto")
    assert latest_number(app, bank_id) == 7
    assert everything_shown(ann, phones, sid) == finished
    answers = finished["answers"][0].decode("utf-8-sig")
    assert answers.count("How did the council vote?") == 2 and answers.count("library-sundays") == 2
    assert "What was" not in answers
    students = finished["students"][0].decode("utf-8-sig").splitlines()
    assert students[1:] == ['"Brave Otter","2","2","1","2","2","",""', '"Calm Heron","2","1","0.5","1","2","",""']
    report = finished[f"/teacher/sessions/{sid}/report/"]
    assert "How did the council vote?" in report and "What was" not in report

    # A new session plays the latest version: one question, the new prompt, the new answer.
    new_sid, new_code = create_session(ann, quiz_id=f"bank-{bank_id}:budget", mode="live")
    with app.app_context():
        assert db.session.get(BankVersion, db.session.get(ClassSession, new_sid).bank_version_id).number == 7
    phone, _ = join(app, new_code, "Keen Lynx")
    advance(ann, new_sid, "start")
    page = phone.get(f"/live/{new_sid}").data.decode()
    assert "What was the final vote?" in page and "Question 1 of 1" in page
    choose(phone, new_sid, "5 to 4", 0)
    advance(ann, new_sid, "reveal")
    page = phone.get(f"/live/{new_sid}").data.decode()
    assert "Right!" in page
    article = ann.get(f"/teacher/sessions/{new_sid}/articles/riverside-budget").data.decode()
    assert "Mayor Ana Soto" in article
