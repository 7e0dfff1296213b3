"""Bringing content into the library: fetched and uploaded pages, files, bad input; the bank file's reload; the CLI."""

from __future__ import annotations

import io
import re
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, make_app
from helpers import csrf, register_teacher
from sqlalchemy import select
from test_library import bank_yaml, new_bank, paste_article, post, ready_bank, versions_of

from quiz.cli import main
from quiz.extensions import db
from quiz.models import BankVersion, LibraryBank

NEWS_PAGE = (REPO / "tests" / "data" / "news-page.html").read_bytes()


@pytest.fixture
def teacher(app):
    return register_teacher(app, "ann@school.example")


class Site:
    """A small web site on 127.0.0.1: a news page, and pages that misbehave."""

    def __init__(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output quiet
                pass

            def do_GET(self):
                site.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def handle(self, request):
        path = request.path
        if path == "/news":
            self.send(request, 200, NEWS_PAGE, "text/html; charset=utf-8")
        elif path == "/huge":
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Length", str(2 * 1024**3))
            request.end_headers()
        elif path == "/slow":
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.end_headers()
            for _ in range(30):  # one byte a second
                try:
                    request.wfile.write(b"<")
                    request.wfile.flush()
                except OSError:
                    return
                time.sleep(1)
        elif path == "/to-metadata":
            request.send_response(302)
            request.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            request.end_headers()
        elif path == "/pdf":
            self.send(request, 200, b"%PDF-1.4", "application/pdf")
        else:
            self.send(request, 404, b"not here", "text/plain")

    @staticmethod
    def send(request, status, body, kind):
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    with Site() as running:
        yield running


@pytest.fixture
def fetching(app):
    """Fetching allowed to 127.0.0.1 only, with short limits (never set outside tests)."""
    app.config.update(QUIZ_FETCH_ALLOW_LOOPBACK=True, QUIZ_FETCH_TIMEOUT=1.5, QUIZ_FETCH_MAX_BYTES=1024 * 1024)
    return app


def fetch(teacher, bank_id: int, address: str):
    return post(
        teacher,
        f"/library/{bank_id}/articles/address",
        f"/library/{bank_id}/articles/new",
        **{"address-address": address},
    )


def test_an_article_fetched_by_address_is_shown_for_review_then_kept(fetching, teacher, site):
    bank_id = new_bank(teacher)
    review = fetch(teacher, bank_id, site.url + "/news")
    page = review.data.decode()
    assert review.status_code == 200 and "Check the extracted article, then keep it" in page
    title = re.search(r'id="paste-title"[^>]*value="([^"]*)"', page).group(1)
    assert title and "alert(" not in page.split("<textarea", 2)[-1]
    assert len(versions_of(fetching, bank_id)) == 1  # nothing kept before the teacher says so
    fields = {
        name: re.search(rf'id="paste-{name}"[^>]*value="([^"]*)"', page).group(1)
        for name in ("title", "outlet", "author", "published", "url", "article_id")
    }
    body = re.search(r'<textarea[^>]*id="paste-text"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)
    import html

    data = {f"paste-{k}": html.unescape(v) for k, v in fields.items()} | {"paste-text": html.unescape(body)}
    kept = teacher.post(f"/library/{bank_id}/articles/paste", data={"csrf_token": csrf(page), **data})
    assert kept.status_code == 303
    stored = versions_of(fetching, bank_id)[-1].articles
    ((name, text),) = stored.items()
    assert name == f"{fields['article_id']}.md" and "<script" not in text and "alert(" not in text
    assert html.unescape(fields["author"]) in text


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("ftp://example.org/article", "Only web addresses starting with http:// or https:// can be fetched."),
        ("/to-metadata", "is on a private or local network"),
        ("/huge", "The page is larger than 1 MB"),
        ("/slow", "took longer than 1.5 seconds"),
        ("/pdf", "not a web page"),
        ("/missing", "HTTP 404"),
    ],
)
def test_each_fetch_refusal_is_explained_and_keeps_nothing(fetching, teacher, site, address, message):
    bank_id = new_bank(teacher)
    target = site.url + address if address.startswith("/") else address
    response = fetch(teacher, bank_id, target)
    assert response.status_code == 422
    assert message in response.data.decode().replace("&#39;", "'")
    assert len(versions_of(fetching, bank_id)) == 1


def test_loopback_is_refused_unless_a_setting_allows_it_and_fetching_can_be_turned_off(app, teacher, site):
    bank_id = new_bank(teacher)
    response = fetch(teacher, bank_id, site.url + "/news")
    assert response.status_code == 422 and "private or local network" in response.data.decode()
    app.config["QUIZ_FETCH_ENABLED"] = False
    off = fetch(teacher, bank_id, site.url + "/news")
    assert off.status_code == 403 and "turned off on this server" in off.data.decode()
    assert "Fetch it by its address" not in teacher.get(f"/library/{bank_id}/articles/new").data.decode()


def upload(teacher, bank_id: int, route: str, field: str, data: bytes, name: str):
    token = csrf(teacher.get(f"/library/{bank_id}/articles/new").data)
    return teacher.post(
        f"/library/{bank_id}/articles/{route}",
        data={"csrf_token": token, field: (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_saved_page_with_scripts_is_read_without_them(app, teacher):
    bank_id = new_bank(teacher)
    page = b"<html><head><title>Flood warning lifted</title><script>alert('x')</script></head><body onload='steal()'>"
    page += b"<article><h1>Flood warning lifted</h1><p>" + b"The river fell below the warning mark on Friday. " * 4
    page += b"</p><p>" + b"Residents may return home, the county said. " * 4 + b"</p></article></body></html>"
    response = upload(teacher, bank_id, "page", "page-page", page, "flood.html")
    text = response.data.decode()
    assert response.status_code == 200 and "The river fell below the warning mark" in text
    assert "alert(" not in text and "steal()" not in text


def test_an_article_file_that_is_not_utf8_or_not_an_article_is_refused(app, teacher):
    bank_id = new_bank(teacher)
    latin = "---\nid: cafe\ntitle: Café\n---\n\nLe café est fermé.\n".encode("latin-1")
    response = upload(teacher, bank_id, "file", "file-file", latin, "cafe.md")
    assert response.status_code == 422 and "cafe.md is not UTF-8 text" in response.data.decode()
    broken = upload(teacher, bank_id, "file", "file-file", b"no front matter here", "plain.md")
    assert broken.status_code == 422 and "articles/plain.md:1:1" in broken.data.decode()
    assert len(versions_of(app, bank_id)) == 1


def test_an_oversize_upload_gets_a_clear_page_and_loses_nothing(app, teacher):
    bank_id = ready_bank(teacher)
    app.config["QUIZ_UPLOAD_MAX_BYTES"] = 200 * 1024
    token = csrf(teacher.get(f"/library/{bank_id}/articles/new").data)
    boundary = "bound4ry"
    body = (
        (  # built by hand: the test client would spool a large body to a file it never closes on a 413
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file-file"; filename="big.md"\r\n\r\n'
        ).encode()
        + b"x" * (600 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = teacher.post(
        f"/library/{bank_id}/articles/file", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413 and "That is too large" in response.data.decode()
    assert len(versions_of(app, bank_id)) == 3


def test_a_yaml_bomb_in_the_editor_is_a_problem_not_a_crash(app, teacher):
    bank_id = ready_bank(teacher)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(12)
    )
    page = teacher.get(f"/library/{bank_id}/edit").data.decode()
    response = teacher.post(f"/library/{bank_id}/edit", data={"csrf_token": csrf(page), "text": bomb, "base": 3})
    assert response.status_code == 422 and "error" in response.data.decode()
    assert len(versions_of(app, bank_id)) == 3


def test_pasted_text_with_single_line_breaks_becomes_paragraphs_and_one_paragraph_warns(app, teacher):
    bank_id = new_bank(teacher)
    lines = "The council met on Monday.\nThe budget passed by 7 votes to 2.\nThe library opens on Sundays."
    assert paste_article(teacher, bank_id, text=lines, article_id="lines").status_code == 303
    article = versions_of(app, bank_id)[-1].articles["lines.md"]
    assert "The council met on Monday.\n\nThe budget passed by 7 votes to 2.\n\n" in article
    one = paste_article(teacher, bank_id, text="Just one paragraph of text here.", article_id="one", title="One")
    assert "The text is one paragraph" in teacher.get(one.location).data.decode()


def copy_sample_files(tmp_path: Path) -> Path:
    shutil.copy(REPO / "questions.yaml", tmp_path / "questions.yaml")
    shutil.copytree(REPO / "articles", tmp_path / "articles")
    return tmp_path / "questions.yaml"


def test_the_bank_file_reloads_when_edited_and_a_broken_edit_keeps_the_last_good_version(database_url, tmp_path):
    path = copy_sample_files(tmp_path)
    app = make_app(database_url, QUIZ_BANK=str(path), QUIZ_BANK_RELOAD_SECONDS=0)
    client = app.test_client()
    try:
        assert "Alyssa Milano and politics" in client.get("/").data.decode()
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: Alyssa Milano and politics", "title: Milano, revised"), encoding="utf-8")
        assert "Milano, revised" in client.get("/").data.decode()  # no restart
        path.write_text(text.replace("title: Alyssa Milano and politics", "title: [broken"), encoding="utf-8")
        home = client.get("/")
        assert home.status_code == 200 and "Milano, revised" in home.data.decode()  # the last good version
        teacher = register_teacher(app, "it@school.example")
        library = teacher.get("/library/").data.decode()
        assert "has problems, so its last good version is still being served" in library
        assert "questions.yaml:3:9: error: YAML syntax" in library
        article = tmp_path / "articles" / "sbs-milano-politics.md"
        path.write_text(text, encoding="utf-8")
        article.write_text(article.read_text(encoding="utf-8").replace("Alyssa Milano", "Alyssa  Milano", 1), "utf-8")
        assert "Alyssa Milano and politics" in client.get("/").data.decode()  # an article edit is picked up too
        with app.app_context():
            system = db.session.scalar(select(LibraryBank).where(LibraryBank.system_key == "file"))
            numbers = db.session.scalars(select(BankVersion.number).where(BankVersion.bank_id == system.id)).all()
        assert sorted(numbers) == [1, 2, 3]  # one version per distinct good content
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def test_the_import_command_puts_a_folder_or_zip_into_a_teachers_library(app, teacher, tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    copy_sample_files(tmp_path)
    result = CliRunner().invoke(main, ["import-bank", str(tmp_path), "--owner", "Ann@School.example"])
    assert result.exit_code == 0, result.output
    assert "Imported as bank" in result.output and "76 questions, 3 articles" in result.output
    unknown = CliRunner().invoke(main, ["import-bank", str(tmp_path), "--owner", "nobody@school.example"])
    assert unknown.exit_code == 1 and "no teacher has the e-mail address" in unknown.output
    (tmp_path / "questions.yaml").write_text(bank_yaml(), encoding="utf-8")
    broken = CliRunner().invoke(
        main, ["import-bank", str(tmp_path / "questions.yaml"), "--owner", "ann@school.example"]
    )
    assert broken.exit_code == 1 and 'unknown article "riverside-budget"' in broken.output
    assert "unsaved draft" in broken.output
    assert "Alyssa Milano and politics</a>" in teacher.get("/library/").data.decode()


def test_a_clean_save_still_shows_its_warnings(app, teacher):
    from test_library import save_yaml

    bank_id = ready_bank(teacher)
    text = bank_yaml().replace("title: Riverside budget", "title: Riverside budget\narticles: ../elsewhere")
    response = save_yaml(teacher, bank_id, text)
    assert response.status_code == 303
    page = teacher.get(response.location).data.decode()
    assert "Saved as version 4" in page
    assert "Warning: questions.yaml:3:11: warning: articles are read from &#34;articles/&#34; here" in page
