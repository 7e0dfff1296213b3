"""`quiz serve` starts the game with no set-up: SQLite in a fresh folder, the seed bank loaded."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


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
