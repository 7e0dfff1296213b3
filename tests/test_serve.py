"""`quiz serve` starts the game with no set-up: SQLite in a fresh folder, the seed bank loaded."""

from __future__ import annotations

import contextlib
import http.cookiejar
import ipaddress
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from conftest import skip_or_fail
from helpers import PASSWORD

from quiz.web.address import network_address


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_quiz_serve_starts_the_game_on_a_fresh_database(tmp_path):
    port = free_port()
    env = dict(os.environ, QUIZ_DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    quiz = Path(sys.executable).with_name("quiz")
    server = subprocess.Popen(
        [str(quiz), "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        page, deadline = None, time.time() + 30
        while page is None and time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode()
            except OSError:
                time.sleep(0.2)
        assert page is not None, "the server did not answer within 30 s"
        assert "Ten-question starter" in page and "Read the articles" in page
        assert (tmp_path / "fresh.sqlite3").exists()
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in output
    assert "Traceback" not in output


def test_quiz_serve_refuses_production_without_a_secret(tmp_path):
    env = dict(os.environ, QUIZ_ENV="production", QUIZ_DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}")
    env.pop("QUIZ_SECRET_KEY", None)
    quiz = Path(sys.executable).with_name("quiz")
    done = subprocess.run(
        [str(quiz), "serve", "--port", str(free_port())], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 1
    assert "QUIZ_SECRET_KEY" in done.stderr and "Traceback" not in done.stderr


@contextlib.contextmanager
def served(tmp_path, *args, **env):
    """`quiz serve` on a fresh SQLite file and a free port, with ``env`` added; yields its port."""
    port = free_port()
    env = dict(os.environ, QUIZ_DATABASE_URL=f"sqlite:///{tmp_path / 'served.sqlite3'}", **env)
    quiz = Path(sys.executable).with_name("quiz")
    server = subprocess.Popen(
        [str(quiz), "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.time() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
        assert "Traceback" not in output, output[-3000:]


class Browser:
    """A browser over real HTTP: its own cookies, and the headers a proxy in front would add."""

    def __init__(self, base: str, headers: dict | None = None):
        self.base, self.headers = base, headers or {}
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=self.headers)
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def submit(self, path: str, action: str | None = None, **data) -> tuple[int, str]:
        """GET the page, then POST its form (to ``action``, else the page) with its CSRF token; redirects followed."""
        _status, page = self.open(path)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        return self.open(action or path, {"csrf_token": token, **data})


def test_quiz_serve_keeps_serving_when_hundreds_of_phones_hold_connections(tmp_path):
    phones = 300  # Waitress's default limit of 100 connections turned the 101st phone away
    with served(tmp_path) as port:
        held = []
        try:
            for _ in range(phones):
                connection = socket.create_connection(("127.0.0.1", port), timeout=10)
                connection.sendall(b"GET /join HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")  # kept alive after
                held.append(connection)
            answered = sum(connection.recv(12) == b"HTTP/1.1 200" for connection in held)
            status, page = Browser(f"http://127.0.0.1:{port}").open("/join")
        finally:
            for connection in held:
                connection.close()
    assert answered == phones
    assert status == 200 and "Join code" in page


def wrong_logins(base: str, address: str, tries: int) -> list[int]:
    """Status codes of ``tries`` wrong logins, each from a fresh browser behind a proxy saying ``address``."""
    statuses = []
    for _ in range(tries):
        browser = Browser(base, {"X-Forwarded-For": address})
        status, _page = browser.submit("/teacher/login", email="someone@example.org", password="wrong " + PASSWORD)
        statuses.append(status)
    return statuses


def test_quiz_serve_takes_client_addresses_from_trusted_proxies_only(tmp_path):
    # Five wrong logins per account and address, then a block: it must fall on the client's address.
    with served(tmp_path, QUIZ_TRUSTED_PROXIES="1") as port:
        base = f"http://127.0.0.1:{port}"
        assert wrong_logins(base, "203.0.113.7", 6)[-1] == 429
        assert wrong_logins(base, "198.51.100.9", 1) == [422]  # another pupil's address is not blocked
    with served(tmp_path, QUIZ_TRUSTED_PROXIES="0") as port:  # no proxy: nobody can claim another address
        base = f"http://127.0.0.1:{port}"
        assert wrong_logins(base, "203.0.113.7", 6)[-1] == 429
        assert wrong_logins(base, "198.51.100.9", 1) == [429]


def test_serving_on_every_interface_shows_the_join_address_phones_can_reach(tmp_path):
    lan = network_address()
    if lan is None:
        skip_or_fail("this machine has no network address, so no phone could reach it")
    # Checked apart from how it was found: not loopback, and an address of one of this machine's interfaces.
    assert not ipaddress.ip_address(lan).is_loopback
    with socket.socket() as probe:
        probe.bind((lan, 0))  # fails unless the address is this machine's
    with served(tmp_path, "--host", "0.0.0.0") as port:  # noqa: S104 - what a classroom runs
        teacher = Browser(f"http://127.0.0.1:{port}")  # the teacher's laptop opens it locally
        status, _ = teacher.submit("/teacher/register", email="t@example.org", password=PASSWORD, confirm=PASSWORD)
        assert status == 200
        status, page = teacher.submit(
            "/teacher/", "/teacher/sessions", quiz_id="starter", mode="live", reveal="each", seconds="60"
        )
        assert status == 200
        shown = re.search(r'<strong class="join-url">([^<]+)</strong>', page).group(1)
        assert shown == f"http://{lan}:{port}/join"
        assert "works only on this computer" not in page
        link = re.search(r'Or open <a href="([^"]+)"', page).group(1).replace("&amp;", "&")
        assert link.startswith(f"http://{lan}:{port}/join/")
        # A phone opens the link (sent to 127.0.0.1 with the link's host: tests reach no other address).
        phone = Browser(f"http://127.0.0.1:{port}", {"Host": f"{lan}:{port}"})
        status, join_page = phone.open(link.split(f":{port}", 1)[1])
        assert status == 200 and "Choose a nickname" in join_page


def test_the_readmes_gunicorn_settings_serve_the_game(tmp_path):
    """`gunicorn -c python:quiz.gunicorn_conf`, as the README gives it; address and workers from the environment."""
    port = free_port()
    env = dict(
        os.environ,
        QUIZ_DATABASE_URL=f"sqlite:///{tmp_path / 'g.sqlite3'}",
        QUIZ_BIND=f"127.0.0.1:{port}",
        QUIZ_WORKERS="1",
    )
    binaries = Path(sys.executable).parent
    subprocess.run([str(binaries / "quiz"), "init-db"], env=env, check=True, capture_output=True, timeout=60)
    command = [str(binaries / "gunicorn"), "-c", "python:quiz.gunicorn_conf", "quiz.app:create_app()"]
    server = subprocess.Popen(
        command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        page, deadline = None, time.time() + 30
        while page is None and time.time() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode()
            except OSError:
                time.sleep(0.2)
        assert page is not None and "Ten-question starter" in page
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "Traceback" not in output and "gthread" in output  # the worker class the settings chose
    bad = subprocess.run(command, env=env | {"QUIZ_THREADS": "two"}, capture_output=True, text=True, timeout=30)
    assert "QUIZ_THREADS must be a whole number" in bad.stdout + bad.stderr and "Traceback" not in bad.stderr
