"""Benchmark drafting from the browser (a script, not a test): time end to end, and the page's weight.

Usage: python tests/bench/bench_authoring.py [--runs 5]

A library bank is made in a fresh SQLite database (a temporary folder) holding one article of
1,500 words: the three seed articles' bodies, one after the other, then a few of their
paragraphs with other names and numbers (as bench_draft.py makes them). The app is served by
Werkzeug on 127.0.0.1, a teacher signs in, and the drafts page of that article is fetched:
in Chromium (Debian's, driven by Playwright) when it is installed, from the click on "Draft
questions" to the page's load event, else by HTTP. The first fetch runs in a fresh process (no
parsed article cached); the median of ``--runs`` more follows. The page's size and number of
cards are printed, with the bytes per card. Targets: < 3 s end to end; 50 cards <= 100 KB.
As a baseline in the same process, the same article's page without the drafts (the article
page) is timed too, so the drafting's own cost is the difference.
"""

from __future__ import annotations

import argparse
import random
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "bench"))
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple 42"


def long_article(words: int = 1500) -> str:
    """The three seed articles' bodies, then their paragraphs with other names and numbers, to ``words`` words."""
    from bench_draft import paragraphs, vary

    bodies = []
    for path in sorted((REPO / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        bodies.append(text.split("\n---\n", 1)[1].strip())
    rng, pool = random.Random(11), paragraphs()
    while len("\n\n".join(bodies).split()) < words:
        bodies.append(vary(rng.choice(pool), rng))
    body = "\n\n".join(bodies)
    front = '---\nid: "long-read"\ntitle: "Alyssa Milano and politics: three pieces"\noutlet: null\n'
    front += 'author: null\npublished: null\nurl: null\nlanguage: "en"\n---\n\n'
    return front + body + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--cold", action="store_true", help="no start-up warm-up: the first click also loads the language model"
    )
    args = parser.parse_args()

    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    from quiz.app import create_app
    from quiz.database import create_schema
    from quiz.extensions import db
    from quiz.services import accounts, library

    folder = Path(tempfile.mkdtemp())
    app = create_app({"SECRET_KEY": secrets.token_hex(16), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'b.db'}"})
    article = long_article()
    words = len(article.split("\n---\n", 1)[1].split())
    with app.app_context():
        create_schema()
        teacher = accounts.register("bench@school.example", PASSWORD)
        bank = library.create_bank(
            teacher.id, "Long read", library.starter_yaml("Long read"), {"long-read.md": article}
        )
        bank_id = bank[0].id
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    if not args.cold:
        from quiz.drafts.nlp import warm_up

        warm_up()  # as `quiz serve` and the gunicorn configuration do when a process starts
    drafts_path = f"/library/{bank_id}/drafts/long-read"
    article_path = f"/library/{bank_id}/v/1/articles/long-read"
    print(f"article: {words} words")
    try:
        if Path(CHROMIUM).exists():
            timings, page_bytes = _in_chromium(base, drafts_path, article_path, args.runs)
            how = "Chromium, click to load event"
        else:
            timings, page_bytes = _by_http(base, drafts_path, article_path, args.runs)
            how = "HTTP GET"
    finally:
        server.shutdown()
    cards = len(re.findall(r'<li class="draft-card"', page_bytes.decode()))
    first, rest, baseline = timings
    print(
        f"drafts page ({how}): first {first:.2f} s (fresh process, model "
        f"{'loaded by that click' if args.cold else 'warmed at start as quiz serve does'}), "
        f"then median {statistics.median(rest):.2f} s "
        f"of {len(rest)}; the article page alone: median {statistics.median(baseline):.3f} s (target < 3 s)"
    )
    per_card = len(page_bytes) / max(cards, 1)
    print(
        f"page: {len(page_bytes) / 1024:.1f} KB for {cards} cards ({per_card / 1024:.2f} KB a card; "
        f"50 cards: {len(page_bytes) / 1024 * 50 / max(cards, 1):.1f} KB; target <= 100 KB)"
    )


def _in_chromium(base: str, drafts_path: str, article_path: str, runs: int):
    from conftest import CHROMIUM_ARGS  # the browser the tests drive, started the same way
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "/teacher/login")
        page.get_by_label("Email address").fill("bench@school.example")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        times = []
        baseline = []
        for _ in range(runs + 1):
            page.goto(base + article_path)
            started = time.perf_counter()
            page.get_by_role("link", name="Draft questions").click()
            page.wait_for_load_state("load")
            page.locator(".draft-card").first.wait_for()
            times.append(time.perf_counter() - started)
            started = time.perf_counter()
            page.goto(base + article_path)
            baseline.append(time.perf_counter() - started)
        size = page.request.get(base + drafts_path).body()
        browser.close()
    return (times[0], times[1:], baseline), size


def _by_http(base: str, drafts_path: str, article_path: str, runs: int):
    import http.cookiejar
    import urllib.parse
    import urllib.request

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/teacher/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    body = urllib.parse.urlencode({"csrf_token": token, "email": "bench@school.example", "password": PASSWORD})
    opener.open(base + "/teacher/login", body.encode()).read()
    times, baseline, size = [], [], b""
    for _ in range(runs + 1):
        started = time.perf_counter()
        size = opener.open(base + drafts_path).read()
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        opener.open(base + article_path).read()
        baseline.append(time.perf_counter() - started)
    return (times[0], times[1:], baseline), size


if __name__ == "__main__":
    main()
