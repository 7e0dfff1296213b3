"""Benchmark: a live classroom round, with every student's phone as a browser, on four server set-ups.

Run:  .venv/bin/python tests/bench/bench_live.py [--students 300] [--servers sqlite,postgres,two,serve]
      [--questions 3] [--poll-seconds 1.0] [--window 2.0] [--phones-connections 1000]

Needs gunicorn (in the test extras); the postgres and two set-ups need PostgreSQL at 127.0.0.1:5432
(user postgres, trust; the script creates a database of its own and drops it) and Redis at
127.0.0.1:6379 (the script takes an empty database number and flushes only that one). About 3
minutes on a 2-core machine with the defaults. Every connection goes to 127.0.0.1.

The server set-ups (each in a fresh database, schema made with ``quiz init-db``):

* sqlite: gunicorn with the README's settings (``-c python:quiz.gunicorn_conf``: a gthread
  worker per core, 2 threads each) on a SQLite file; ``--gunicorn WORKERSxTHREADS`` changes them;
* postgres: the same gunicorn on PostgreSQL, with QUIZ_REDIS_URL for the counters;
* two: two such gunicorn instances on one PostgreSQL and Redis, with the same QUIZ_SECRET_KEY, each
  with half this machine's cores' workers (as two hosts would each have their own); the
  students alternate between the two ports, the teacher uses the first;
* serve: ``quiz serve`` (Waitress, its own settings) on a SQLite file.

Everything goes through HTTP, as browsers would: the teacher registers (/teacher/register), creates
a live session of the sample's starter quiz on the dashboard (reveal after each question, 60 s per
question) and paces it with the projector's buttons (POST /teacher/sessions/<id>/live, do=start,
reveal, next, finish). The load generator is one asyncio process speaking HTTP/1.1 over raw
streams (Python threads would cost more CPU than the server on these 2 cores): each student has a
cookie jar and keep-alive connections of its own. A round:

1. Join: all students at once: GET /join, POST the code, GET /join/<code>, POST a nickname
   ("Student 001", ...), GET /live/<id>. The join time is from the first request to the last landing.
2. Polling: from then on each phone polls /live/<id>/state as static/live.js does: with the ETag it
   has as If-None-Match, then again ``--poll-seconds`` after the answer (phones start at random
   moments within the first interval, so the polls spread as a class's would).
3. Quiet: 5 s in the lobby, where every poll should be a 304. Server CPU over it, divided by the
   polls answered in it, is the CPU per 304 poll.
4. Each question: the teacher starts it (next, after the first). The poll that sees the new state
   brings the phone's panel with it, as static/live.js gets it; the phone waits a random delay in
   [0, ``--window``] s, fills in the panel's form (any option, "63" for a text or number
   question) and POSTs it to the panel's address (/live/<id>?partial=1), whose 200 reply is the
   new panel ("Answer recorded"). With ``--no-script`` the phones answer as without JavaScript:
   they fetch the page /live/<id>, POST it and follow the 303 with a GET. The POST alone is the
   answer request's latency; the whole answer (the poll or page that brought the question + POST,
   + follow) is also reported. The teacher reveals as a teacher watching the projector would: as
   soon as every student has answered (their last request returned), or when the question's 60 s
   are up. The answer phase runs from just before the start POST to when the last student's last
   request returned. Its server CPU, minus its polls times the quiet CPU per poll, divided by the
   students who answered, is the CPU per answering student (the raw figure, polls included, is printed beside it).
5. After the last question played the teacher finishes the game and downloads the answers CSV
   (/teacher/sessions/<id>/report/answers.csv): stored answers are its rows with an answer, per
   question. Sent = answer POSTs made, accepted = 200 (303 without the script) answers to them,
   lost = sent - stored; also counted: POSTs sent after the teacher's reveal was sent, and
   refused POSTs sent before it (the reveal overtook them in the server's queue).

Errors are any answer that is not 2xx or 3xx, and connection errors or time-outs (30 s), by
request and status. Server CPU is user + system time from /proc of the server processes (gunicorn
masters and workers, or the Waitress process), read before and after each phase; with PostgreSQL
the database's CPU (the backends connected to the benchmark's database, and redis-server) is
printed beside it but not counted in the targets. This machine's two cores also run the load
generator and the databases, so the generator's own CPU (time.process_time) and the whole
machine's busy share (/proc/stat) are printed for each phase.

With ``serve`` selected and ``--phones-connections`` N > 0, after its round (before finish) the
phones stop and N connections are opened to ``quiz serve``, each keeping one keep-alive connection
and sending one GET of the state document (If-None-Match, with the cookies of the joined
students in turn) once a second for 5 s, the same tick for each: the README says 1,000 such
phones are all answered. Reported: how many connections got an answer (304) to every request, how
many answers came within the second, latency and rate.

Targets (from the issue, with 300 students): on sqlite and on postgres 0 errors, 0 lost answers
and answer POST p99 < 500 ms; server CPU <= 6 ms per answering student and <= 1 ms per 304 poll
(also checked for two and serve); quiz serve joins every student. Missed targets are reported, not
an exit status (only a crash is).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import html
import io
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PASSWORD = "violet harbour lantern 42"
POSTGRES = "postgresql://postgres@127.0.0.1:5432"
REDIS = ("127.0.0.1", 6379)
GUNICORN: tuple[int, int] | None = None  # workers and threads of each gunicorn instance (--gunicorn)
SERVE_THREADS = 0  # quiz serve --threads (--serve-threads; 0: its default)
QUESTION_SECONDS = 60  # the session's time per question; the teacher reveals when everyone has answered
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
JOIN_CODE = re.compile(r'class="join-code"[^>]*>([A-Z0-9]{6})<')
FORM_ERROR = re.compile(r'id="form-error"><p>([^<]*)</p>')
PAGE_ETAG = re.compile(r'data-etag="&#34;([^"&]*)&#34;"')
TIMEOUT = 30.0  # seconds for one request
QUIET_SECONDS = 5.0
PHONE_SECONDS = 5  # requests per connection in the connections check, one a second
SERVERS = {
    "sqlite": "gunicorn on SQLite",
    "postgres": "gunicorn on PostgreSQL + Redis",
    "two": "two gunicorns on one PostgreSQL + Redis",
    "serve": "quiz serve (Waitress) on SQLite",
}
MAX_POST_P99 = 0.5  # s
MAX_CPU_PER_STUDENT = 6.0  # ms
MAX_CPU_PER_POLL = 1.0  # ms


# HTTP/1.1 over asyncio streams ---------------------------------------------------------------------


class RequestFailed(Exception):
    """No HTTP answer: the connection failed, was closed or timed out."""


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names (the last of repeated ones)
    cookies: list[str]  # Set-Cookie values
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return re.sub(r"^https?://[^/]+", "", self.headers.get("location", ""))


class Connection:
    """One keep-alive TCP connection to the server."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = False  # an answer came over it before (so the server may have closed it since)

    async def exchange(self, request: bytes) -> Reply:
        started = time.perf_counter()  # a new connection's connect counts, as a browser's would
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        assert self.reader is not None
        self.writer.write(request)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        cookies: list[str] = []
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                name, value = name.strip().lower(), value.strip()
                headers[name] = value
                if name == "set-cookie":
                    cookies.append(value)
        body = await self._body(status, headers)
        seconds = time.perf_counter() - started
        self.used = True
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Reply(status, headers, cookies, body, seconds)

    async def _body(self, status: int, headers: dict[str, str]) -> bytes:
        assert self.reader is not None
        if status in (204, 304) or 100 <= status < 200:
            return b""
        if "content-length" in headers:
            return await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            await self.reader.readuntil(b"\r\n")
            return b"".join(parts)
        body = await self.reader.read()  # no length: the body runs to the end of the connection
        self.close()
        return body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None
        self.used = False

    @property
    def open(self) -> bool:
        return self.writer is not None


def encode_form(fields: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in fields)


def build_request(method: str, path: str, port: int, headers: dict[str, str], body: str | None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "User-Agent: bench_live"]
    lines += [f"{k}: {v}" for k, v in headers.items() if v]
    data = b""
    if body is not None:
        data = body.encode()
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(data)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


class Browser:
    """A cookie jar and its keep-alive connections (more than one only while requests overlap)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.idle: list[Connection] = []

    async def request(
        self, method: str, path: str, form: list[tuple[str, str]] | None = None, headers: dict[str, str] | None = None
    ) -> Reply:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None if form is None else encode_form(form)
        raw = build_request(method, path, self.port, {"Cookie": cookie, **(headers or {})}, body)
        conn = self.idle.pop() if self.idle else Connection(self.port)
        try:
            reply = await self._send(conn, raw)
        finally:
            if conn.open:
                self.idle.append(conn)
        self._store(reply.cookies)
        return reply

    async def _send(self, conn: Connection, raw: bytes) -> Reply:
        """Send ``raw``; once more on a new connection when a reused one turns out closed (as browsers do)."""
        for attempt in range(2):
            reused = conn.used
            try:
                return await asyncio.wait_for(conn.exchange(raw), TIMEOUT)
            except TimeoutError as exc:
                conn.close()
                raise RequestFailed("time-out") from exc
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                conn.close()
                if attempt or not reused:
                    raise RequestFailed(type(exc).__name__) from exc
        raise AssertionError("unreachable")

    def _store(self, headers: list[str]) -> None:
        for header in headers:
            pair, *attributes = header.split(";")
            name, _, value = pair.strip().partition("=")
            gone = any(a.strip().lower() in ("max-age=0", "max-age=-1") for a in attributes)
            if gone or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def close(self) -> None:
        for conn in self.idle:
            conn.close()
        self.idle.clear()


# What the run records ------------------------------------------------------------------------------


@dataclass
class Answer:
    """One student's answer to one question."""

    post: float  # seconds of the POST
    whole: float  # fetch + POST (+ follow, without the script)
    accepted: bool


@dataclass
class Record:
    """Everything the load generator saw in one server set-up."""

    errors: Counter = field(default_factory=Counter)  # "what: status" -> count
    polls: list[tuple[float, int, float]] = field(default_factory=list)  # (when done, status, seconds)
    answers: dict[int, list[Answer]] = field(default_factory=lambda: defaultdict(list))
    sent: Counter = field(default_factory=Counter)  # question index -> POSTs sent
    late: Counter = field(default_factory=Counter)  # question index -> POSTs sent after the teacher's reveal
    overtaken: Counter = field(default_factory=Counter)  # refused POSTs sent before the reveal was
    joins: list[float] = field(default_factory=list)

    def error(self, what: str, reply_or_reason: Reply | str) -> None:
        if isinstance(reply_or_reason, str):
            kind = reply_or_reason
        else:  # the status, and the message the page shows, if any
            shown = FORM_ERROR.search(reply_or_reason.text)
            kind = str(reply_or_reason.status) + (f" ({html.unescape(shown.group(1))})" if shown else "")
        self.errors[f"{what}: {kind}"] += 1


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def spread(values: list[float]) -> str:
    """p50/p99/max in milliseconds."""
    if not values:
        return "-"
    return f"{ms(percentile(values, 0.5))}/{ms(percentile(values, 0.99))}/{ms(max(values))} ms"


# Students and the teacher --------------------------------------------------------------------------


def answer_form(page: str) -> list[tuple[str, str]] | None:
    """Form fields answering the question ``page`` shows (any option will do), or None without a form."""
    token = CSRF.search(page)
    index = re.search(r'name="index" value="(\d+)"', page)
    if not token or not index or 'class="answer"' not in page:
        return None
    fields = [("csrf_token", html.unescape(token.group(1))), ("index", index.group(1))]
    radios = re.findall(r'name="choice" value="([^"]*)"', page)
    boxes = re.findall(r'name="choices" value="([^"]*)"', page)
    selects = re.findall(r'<select id="(pos\d+)"', page)
    if radios:
        fields.append(("choice", html.unescape(random.choice(radios))))
    elif boxes:
        fields.append(("choices", html.unescape(random.choice(boxes))))
    elif selects:
        fields += [(name, str(position)) for position, name in enumerate(selects, start=1)]
    else:
        fields.append(("text", "63"))
    if 'name="certainty"' in page:
        fields.append(("certainty", "2"))
    return fields


class Student:
    """One phone: joins, polls the state document, answers each question it sees opened."""

    def __init__(self, number: int, port: int, record: Record):
        self.nickname = f"Student {number:03d}"
        self.browser = Browser(port)
        self.record = record
        self.session_id = 0
        self.etag = ""
        self.seen: set[int] = set()  # questions it has set out to answer
        self.tasks: dict[int, asyncio.Task] = {}

    async def join(self, code: str) -> bool:
        started = time.perf_counter()
        try:
            page = await self._get("/join", "join page")
            reply = await self.browser.request("POST", "/join", [("csrf_token", csrf(page)), ("code", code.lower())])
            if reply.status != 303:
                return self._failed("join code POST", reply)
            where = reply.location
            page = await self._get(where, "nickname page")
            form = [("csrf_token", csrf(page)), ("nickname", self.nickname)]
            reply = await self.browser.request("POST", where, form)
            if reply.status != 303 or not reply.location.startswith("/live/"):
                return self._failed("nickname POST", reply)
            self.session_id = int(reply.location.split("/")[2])
            page = await self._get(reply.location, "live page")
            found = PAGE_ETAG.search(page)
            self.etag = f'"{found.group(1)}"' if found else ""
        except RequestFailed as exc:
            self.record.error("join", str(exc))
            return False
        except _Unexpected as exc:
            self.record.error(*exc.args)
            return False
        self.record.joins.append(time.perf_counter() - started)
        return True

    async def _get(self, path: str, what: str) -> str:
        reply = await self.browser.request("GET", path)
        if reply.status != 200:
            raise _Unexpected(what, str(reply.status))
        return reply.text

    def _failed(self, what: str, reply: Reply) -> bool:
        self.record.error(what, reply)
        return False

    async def poll(self, round_: Round) -> None:
        """Poll as static/live.js does, until the round stops; start answering each question seen open."""
        await asyncio.sleep(random.uniform(0, round_.poll_seconds))
        path = f"/live/{self.session_id}/state"
        while not round_.stopped:
            try:
                reply = await self.browser.request("GET", path, headers={"If-None-Match": self.etag})
            except RequestFailed as exc:
                self.record.error("state poll", str(exc))
            else:
                self.record.polls.append((time.perf_counter(), reply.status, reply.seconds))
                if reply.status == 200:
                    self.etag = reply.headers.get("etag", "")
                    self._follow(json.loads(reply.body), reply.seconds, round_)
                elif reply.status != 304:
                    self.record.error("state poll", reply)
            await asyncio.sleep(round_.poll_seconds)

    def _follow(self, state: dict, seconds: float, round_: Round) -> None:
        index = state.get("current", -1)
        if state.get("phase") == "question" and index >= 0 and index not in self.seen:
            self.seen.add(index)
            self.tasks[index] = asyncio.create_task(self.answer(index, state.get("panel"), seconds, round_))

    async def answer(self, index: int, panel: str | None, fetched_in: float, round_: Round) -> None:
        """Think for up to the window, then answer the question as live.js does (``panel``, its poll brought).

        With the script, the question is the panel that came with the new state, and the answer is
        POSTed to the panel's address (``?partial=1``), whose reply is the new panel (200). Without
        it (--no-script): the page, then the POST and its redirect followed with a GET.
        """
        await asyncio.sleep(random.uniform(0, round_.window))
        here = f"/live/{self.session_id}" + ("" if round_.no_script else "?partial=1")
        started = time.perf_counter() - (0.0 if round_.no_script else fetched_in)
        try:
            if round_.no_script:
                page = await self.browser.request("GET", here)
                if page.status != 200:
                    return self.record.error("question page", page)
                panel = page.text
            elif panel is None:
                return self.record.error("state poll", "a new state without the phone's panel")
            form = answer_form(panel)
            if form is None:
                return self.record.error("question page", "no answer form, the question was closed")
            if form[1][1] != str(index):
                return self.record.error("question page", "another question")
            self.record.sent[index] += 1
            in_time = index not in round_.revealed
            self.record.late[index] += not in_time
            reply = await self.browser.request("POST", here, form)
            post = reply.seconds
            accepted = reply.status == (303 if round_.no_script else 200)
            if not accepted:
                self.record.error("answer POST", reply)
                self.record.overtaken[index] += in_time
            elif round_.no_script:
                follow = await self.browser.request("GET", reply.location)
                if follow.status != 200:
                    self.record.error("answer follow-up GET", follow)
            elif "Answer recorded" not in reply.text:
                self.record.error("answer POST", "the reply's panel does not say the answer was recorded")
        except RequestFailed as exc:
            return self.record.error("answer", str(exc))
        self.record.answers[index].append(Answer(post, time.perf_counter() - started, accepted))


class _Unexpected(Exception):
    """A page that should have been a 200 was not."""


def csrf(page: str) -> str:
    found = CSRF.search(page)
    if not found:
        raise _Unexpected("page without a form", "no CSRF token")
    return html.unescape(found.group(1))


class Teacher:
    """The teacher's browser: registers, creates the live session, paces it, downloads the CSV."""

    def __init__(self, port: int):
        self.browser = Browser(port)
        self.session_id = 0
        self.token = ""

    async def form_post(self, page_path: str, post_path: str, fields: list[tuple[str, str]]) -> Reply:
        page = await self.browser.request("GET", page_path)
        if page.status != 200:
            raise SystemExit(f"GET {page_path}: {page.status}")
        return await self.browser.request("POST", post_path, [("csrf_token", csrf(page.text)), *fields])

    async def set_up(self) -> str:
        """Register, create the live session; return its join code."""
        email = f"bench-{secrets.token_hex(4)}@example.org"
        fields = [("email", email), ("password", PASSWORD), ("confirm", PASSWORD)]
        reply = await self.form_post("/teacher/register", "/teacher/register", fields)
        if reply.status != 303:
            raise SystemExit(f"registering the teacher: {reply.status}\n{reply.text[:1500]}")
        fields = [("quiz_id", "starter"), ("mode", "live"), ("reveal", "each"), ("seconds", str(QUESTION_SECONDS))]
        fields.append(("title", "Bench"))
        reply = await self.form_post("/teacher/", "/teacher/sessions", fields)
        if reply.status != 303:
            raise SystemExit(f"creating the session: {reply.status}\n{reply.text[:1500]}")
        self.session_id = int(reply.location.rstrip("/").rsplit("/", 1)[1])
        page = await self.browser.request("GET", reply.location)
        code = JOIN_CODE.search(page.text)
        if not code:
            raise SystemExit("no join code on the session page")
        live = await self.browser.request("GET", f"/teacher/sessions/{self.session_id}/live")
        self.token = csrf(live.text)  # the projector's buttons carry the session's token
        return code.group(1)

    async def advance(self, do: str) -> None:
        path = f"/teacher/sessions/{self.session_id}/live"
        reply = await self.browser.request("POST", path, [("csrf_token", self.token), ("do", do)])
        if reply.status != 303:
            raise SystemExit(f"the teacher's {do}: {reply.status}")
        page = await self.browser.request("GET", reply.location)  # the projector redraws
        if "That step is not possible now" in page.text:
            raise SystemExit(f"the teacher's {do} was refused")

    async def stored(self) -> Counter:
        """Answers per question index in the answers CSV."""
        reply = await self.browser.request("GET", f"/teacher/sessions/{self.session_id}/report/answers.csv")
        if reply.status != 200:
            raise SystemExit(f"answers CSV: {reply.status}")
        rows = csv.DictReader(io.StringIO(reply.body.decode("utf-8-sig")))
        return Counter(int(r["question number"]) - 1 for r in rows if r["answer given"] or r["seconds"])


# Servers and their CPU -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def proc_stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) of a process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(roots: list[int]) -> float:
    """CPU seconds of ``roots`` and all their descendants (gunicorn masters and workers)."""
    children: dict[int, list[int]] = defaultdict(list)
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := proc_stat(int(entry.name))):
            children[stat[0]].append(int(entry.name))
            cpu[int(entry.name)] = stat[1]
    total, todo = 0.0, list(roots)
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo += children.get(pid, [])
    return total


def machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class Databases:
    """The PostgreSQL database and Redis number of a set-up, their CPU, and their clean-up."""

    def __init__(self, kind: str):
        self.kind = kind
        self.name = f"bench_live_{os.getpid()}_{secrets.token_hex(3)}"
        self.redis_db: int | None = None
        self.monitor = None
        self.redis = None

    def create(self) -> dict[str, str]:
        """Environment for the set-up's servers."""
        if self.kind == "sqlite":
            return {}
        import psycopg
        import redis

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        self.monitor = psycopg.connect(f"{POSTGRES}/{self.name}", autocommit=True)
        probe = redis.Redis(*REDIS)
        used = {int(name[2:]) for name in probe.info("keyspace")}
        self.redis_db = next(n for n in range(15, 0, -1) if n not in used)
        self.redis = redis.Redis(*REDIS, db=self.redis_db)
        self.redis_pid = int(probe.info("server")["process_id"])
        return {
            "QUIZ_DATABASE_URL": f"{POSTGRES}/{self.name}",
            "QUIZ_REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{self.redis_db}",
        }

    def cpu(self) -> dict[int, float]:
        """CPU seconds of the PostgreSQL backends on this database and of redis-server, by pid."""
        if self.monitor is None:
            return {}
        query = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        pids = [row[0] for row in self.monitor.execute(query, (self.name,)).fetchall()] + [self.redis_pid]
        return {pid: stat[1] for pid in pids if (stat := proc_stat(pid))}

    def drop(self) -> None:
        if self.kind == "sqlite":
            return
        import psycopg

        if self.monitor is not None:
            self.monitor.close()
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        if self.redis is not None:
            self.redis.flushdb()


class Servers:
    """The app servers of one set-up."""

    def __init__(self, kind: str, tmp: Path):
        self.kind = kind
        self.tmp = tmp
        self.procs: list[subprocess.Popen] = []
        self.ports: list[int] = []
        self.log = tmp / "servers.log"

    def start(self, env: dict[str, str]) -> None:
        count = 2 if self.kind == "two" else 1
        with self.log.open("ab") as log:
            for _ in range(count):
                port = free_port()
                if self.kind == "serve":
                    cmd = [str(BIN / "quiz"), "serve", "--port", str(port)]
                    cmd += ["--threads", str(SERVE_THREADS)] if SERVE_THREADS else []
                else:
                    # The README's settings (quiz/gunicorn_conf.py); two instances share this machine's cores.
                    workers, threads = GUNICORN or (max(1, (os.cpu_count() or 2) // count), 0)
                    cmd = [str(BIN / "gunicorn"), "-c", "python:quiz.gunicorn_conf", "--bind", f"{HOST}:{port}"]
                    cmd += ["--workers", str(workers)] + (["--threads", str(threads)] if threads else [])
                    cmd += ["--log-level", "warning", "quiz.app:create_app()"]
                proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
                self.procs.append(proc)
                self.ports.append(port)
        for port, proc in zip(self.ports, self.procs, strict=True):
            wait_for(port, proc)

    def cpu(self) -> float:
        return tree_cpu([p.pid for p in self.procs])

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def problems(self) -> list[str]:
        """The distinct error lines the servers logged (exceptions, worker time-outs)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        lines = [line.strip() for line in text.splitlines()]
        interesting = [
            line
            for line in lines
            if re.match(r"^\w+(\.\w+)*(Error|Exception|Timeout)\b", line) or "[CRITICAL]" in line or "[ERROR]" in line
        ]
        return [f"{count} x {line[:200]}" for line, count in Counter(interesting).most_common(8)]


def wait_for(port: int, proc: subprocess.Popen) -> None:
    """Return once the server started by ``proc`` takes connections."""
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not start: {' '.join(map(str, proc.args))}")


# Measuring phases ----------------------------------------------------------------------------------


@dataclass
class Snapshot:
    when: float
    server: float
    database: dict[int, float]
    generator: float
    machine: tuple[int, int]
    polls: int


@dataclass
class Phase:
    """CPU and polls between two snapshots."""

    seconds: float
    server: float  # CPU seconds
    database: float
    generator: float
    machine_busy: float  # share of all cores
    polls: int


class Meter:
    def __init__(self, servers: Servers, databases: Databases, record: Record):
        self.servers, self.databases, self.record = servers, databases, record

    def snap(self) -> Snapshot:
        return Snapshot(
            time.perf_counter(),
            self.servers.cpu(),
            self.databases.cpu(),
            time.process_time(),
            machine_ticks(),
            len(self.record.polls),
        )

    @staticmethod
    def phase(a: Snapshot, b: Snapshot) -> Phase:
        database = sum(cpu - a.database.get(pid, 0.0) for pid, cpu in b.database.items())
        busy, total = b.machine[0] - a.machine[0], b.machine[1] - a.machine[1]
        return Phase(
            b.when - a.when,
            b.server - a.server,
            database,
            b.generator - a.generator,
            busy / total if total else 0.0,
            b.polls - a.polls,
        )


# One round -----------------------------------------------------------------------------------------


@dataclass
class Round:
    poll_seconds: float
    window: float
    no_script: bool = False  # phones answer as without JavaScript: page, POST, redirect followed
    stopped: bool = False
    revealed: set[int] = field(default_factory=set)  # questions the teacher has sent the reveal of


@dataclass
class QuestionResult:
    index: int
    phase: Phase
    answered: int  # students who POSTed


@dataclass
class PhonesResult:
    connections: int
    opened: int
    every_time: int
    on_time: int  # connections answered within the second every time
    requests: int
    answers: int
    latencies: list[float]
    errors: Counter
    seconds: float
    phase: Phase


@dataclass
class Outcome:
    """Everything measured on one set-up."""

    kind: str
    students: int
    joined: int
    join_seconds: float
    join_phase: Phase
    record: Record
    quiet: Phase
    quiet_304: float
    quiet_latencies: list[float]
    questions: list[QuestionResult]
    stored: Counter
    problems: list[str]
    phones: PhonesResult | None = None
    no_script: bool = False


async def join_all(students: list[Student], code: str) -> tuple[int, float]:
    started = time.perf_counter()
    joined = await asyncio.gather(*(s.join(code) for s in students))
    return sum(joined), time.perf_counter() - started


async def warm_up(ports: list[int]) -> None:
    """First requests of each worker (the bank is parsed once per process), outside the timings."""
    browsers = [Browser(port) for port in ports for _ in range(16)]
    await asyncio.gather(*(b.request("GET", "/") for b in browsers))
    for b in browsers:
        b.close()


async def play_question(
    index: int, teacher: Teacher, students: list[Student], round_: Round, meter: Meter
) -> QuestionResult:
    before = meter.snap()
    await teacher.advance("start" if index == 0 else "next")
    # As a teacher does: reveal once the projector says everyone has answered, or when time is up.
    reveal_at = time.perf_counter() + QUESTION_SECONDS
    while time.perf_counter() < reveal_at:
        tasks = [s.tasks.get(index) for s in students]
        if all(t is not None and t.done() for t in tasks):
            break
        await asyncio.sleep(0.02)
    after = meter.snap()
    round_.revealed.add(index)
    await teacher.advance("reveal")
    pending = [t for s in students if (t := s.tasks.get(index)) is not None]
    if pending:
        await asyncio.wait_for(asyncio.gather(*pending), TIMEOUT * 3)
    await asyncio.sleep(round_.poll_seconds + 0.5)  # the phones see the reveal
    return QuestionResult(index, Meter.phase(before, after), meter.record.sent[index])


async def run_round(kind: str, args: argparse.Namespace, servers: Servers, databases: Databases) -> Outcome:
    record = Record()
    meter = Meter(servers, databases, record)
    await warm_up(servers.ports)
    teacher = Teacher(servers.ports[0])
    code = await teacher.set_up()
    students = [Student(n, servers.ports[(n - 1) % len(servers.ports)], record) for n in range(1, args.students + 1)]
    before = meter.snap()
    joined, join_seconds = await join_all(students, code)
    join_phase = Meter.phase(before, meter.snap())
    in_class = [s for s in students if s.session_id]
    round_ = Round(args.poll_seconds, args.window, args.no_script)
    pollers = [asyncio.create_task(s.poll(round_)) for s in in_class]
    await asyncio.sleep(2 * args.poll_seconds + 0.5)  # every phone is polling
    polls_before = len(record.polls)
    a = meter.snap()
    await asyncio.sleep(QUIET_SECONDS)
    quiet = Meter.phase(a, meter.snap())
    quiet_polls = record.polls[polls_before:]
    quiet_304 = sum(status == 304 for _t, status, _s in quiet_polls) / max(1, len(quiet_polls))
    played = range(min(args.questions, await quiz_length(teacher)))
    questions = [await play_question(i, teacher, in_class, round_, meter) for i in played]
    phones = None
    if kind == "serve" and args.phones_connections > 0:
        round_.stopped = True
        await asyncio.gather(*pollers)
        phones = await phones_check(in_class, args.phones_connections, meter)
    await teacher.advance("finish")
    round_.stopped = True
    await asyncio.gather(*pollers)
    stored = await teacher.stored()
    for s in [*students, teacher]:
        s.browser.close()
    return Outcome(
        kind,
        args.students,
        joined,
        join_seconds,
        join_phase,
        record,
        quiet,
        quiet_304,
        [seconds for _t, _status, seconds in quiet_polls],
        questions,
        stored,
        servers.problems(),
        phones,
        args.no_script,
    )


async def quiz_length(teacher: Teacher) -> int:
    """How many questions the starter quiz has (its option on the dashboard says)."""
    page = await teacher.browser.request("GET", "/teacher/")
    found = re.search(r'value="starter"[^>]*>[^<]*\((\d+) questions\)<', page.text)
    return int(found.group(1)) if found else 1


# The connections check -----------------------------------------------------------------------------


async def phones_check(students: list[Student], count: int, meter: Meter) -> PhonesResult:
    """``count`` connections, each polling the state document once a second for PHONE_SECONDS s."""
    port = students[0].browser.port
    errors: Counter = Counter()
    latencies: list[float] = []
    conns = [Connection(port) for _ in range(count)]

    async def connect(conn: Connection) -> bool:
        try:
            conn.reader, conn.writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), TIMEOUT)
        except (OSError, TimeoutError) as exc:
            errors[f"connect: {type(exc).__name__}"] += 1
            return False
        return True

    opened = sum(await asyncio.gather(*(connect(c) for c in conns)))
    start = time.perf_counter() + 0.5
    before = meter.snap()

    async def phone(number: int, conn: Connection) -> tuple[int, int, bool]:
        student = students[number % len(students)]
        cookie = "; ".join(f"{k}={v}" for k, v in student.browser.cookies.items())
        headers = {"Cookie": cookie, "If-None-Match": student.etag}
        raw = build_request("GET", f"/live/{student.session_id}/state", port, headers, None)
        offset = random.uniform(0, 1)
        answered, prompt = 0, True
        for tick in range(PHONE_SECONDS):
            await asyncio.sleep(max(0.0, start + offset + tick - time.perf_counter()))
            try:
                reply = await asyncio.wait_for(conn.exchange(raw), TIMEOUT)
            except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                errors[f"state poll: {type(exc).__name__}"] += 1
                conn.close()
                prompt = False
                continue
            latencies.append(reply.seconds)
            if reply.status in (200, 304):
                answered += 1
                prompt = prompt and time.perf_counter() < start + offset + tick + 1
            else:
                errors[f"state poll: {reply.status}"] += 1
        return answered, PHONE_SECONDS, prompt and answered == PHONE_SECONDS

    began = time.perf_counter()
    results = await asyncio.gather(*(phone(n, c) for n, c in enumerate(conns) if c.open))
    seconds = time.perf_counter() - began
    phase = Meter.phase(before, meter.snap())
    for conn in conns:
        conn.close()
    return PhonesResult(
        count,
        opened,
        sum(a == n for a, n, _p in results),
        sum(p for _a, _n, p in results),
        sum(n for _a, n, _p in results),
        sum(a for a, _n, _p in results),
        latencies,
        errors,
        seconds,
        phase,
    )


# A set-up from start to end ------------------------------------------------------------------------


def run_setup(kind: str, args: argparse.Namespace, secret: str) -> Outcome:
    tmp = Path(tempfile.mkdtemp(prefix=f"quiz-bench-live-{kind}-"))
    databases = Databases("sqlite" if kind in ("sqlite", "serve") else "postgres")
    servers = Servers(kind, tmp)
    try:
        env = dict(os.environ, QUIZ_SECRET_KEY=secret, QUIZ_DATABASE_URL=f"sqlite:///{tmp / 'live.sqlite3'}")
        env.pop("QUIZ_REDIS_URL", None)
        env.update(databases.create())
        subprocess.run([str(BIN / "quiz"), "init-db"], cwd=REPO, env=env, check=True, capture_output=True)
        servers.start(env)
        return asyncio.run(run_round(kind, args, servers, databases))
    finally:
        servers.stop()
        databases.drop()
        shutil.rmtree(tmp, ignore_errors=True)


# Reporting -----------------------------------------------------------------------------------------


@dataclass
class Figures:
    """The headline numbers of an outcome."""

    sent: int
    accepted: int
    stored: int
    posts: list[float]
    wholes: list[float]
    errors: int
    cpu_student: float  # ms, polls taken out
    cpu_student_raw: float
    cpu_poll: float  # ms


def figures(o: Outcome) -> Figures:
    answers = [a for q in o.questions for a in o.record.answers[q.index]]
    per_poll = o.quiet.server / max(1, o.quiet.polls)
    answered = sum(q.answered for q in o.questions)
    raw = sum(q.phase.server for q in o.questions)
    polls = sum(q.phase.polls for q in o.questions)
    return Figures(
        sent=sum(o.record.sent[q.index] for q in o.questions),
        accepted=sum(a.accepted for a in answers),
        stored=sum(o.stored[q.index] for q in o.questions),
        posts=[a.post for a in answers],
        wholes=[a.whole for a in answers],
        errors=sum(o.record.errors.values()),
        cpu_student=1000 * (raw - polls * per_poll) / max(1, answered),
        cpu_student_raw=1000 * raw / max(1, answered),
        cpu_poll=1000 * per_poll,
    )


def share_of_core(p: Phase, cpu: float) -> str:
    return f"{cpu / p.seconds:.0%}" if p.seconds else "-"


def others(p: Phase) -> float:
    """CPU seconds of every other process on the machine in phase ``p`` (other people's work, the kernel)."""
    return max(0.0, p.machine_busy * (os.cpu_count() or 1) * p.seconds - p.server - p.database - p.generator)


def report(o: Outcome) -> list[tuple[str, bool]]:
    """Print one set-up's table; return its targets as (description, met)."""
    f = figures(o)
    mode = "phones without JavaScript (page, POST, follow)" if o.no_script else "phones with live.js (panel, POST)"
    print(f"\n== {SERVERS[o.kind]}: {o.students} students, {mode} ==")
    join = o.record.joins
    join_errors = sum(n for k, n in o.record.errors.items() if not k.startswith(("state", "answer", "question")))
    print(
        f"  join            {o.joined}/{o.students} joined in {o.join_seconds:.1f} s "
        f"(per student p50/p99/max {spread(join)}), join errors {join_errors}"
    )
    print(f"  {'question':<14}  sent  accepted  stored  POST p50/p99/max   whole answer p50/p99/max")
    for q in o.questions:
        answers = o.record.answers[q.index]
        posts, wholes = [a.post for a in answers], [a.whole for a in answers]
        accepted = sum(a.accepted for a in answers)
        print(
            f"  {q.index + 1:<14}  {q.answered:>4}  {accepted:>8}  {o.stored[q.index]:>6}  "
            f"{spread(posts):<17}  {spread(wholes)}"
        )
    print(
        f"  {'all':<14}  {f.sent:>4}  {f.accepted:>8}  {f.stored:>6}  {spread(f.posts):<17}  {spread(f.wholes)}"
        f"   lost {f.sent - f.stored}, not sent {len(o.questions) * o.joined - f.sent}, "
        f"sent after the reveal {sum(o.record.late.values())}, "
        f"refused though sent before it {sum(o.record.overtaken.values())}"
    )
    errors = ", ".join(f"{k} x{n}" for k, n in sorted(o.record.errors.items())) or "none"
    print(f"  errors          {errors}")
    polls = o.record.polls
    span = (polls[-1][0] - polls[0][0]) if len(polls) > 1 else 0.0
    share = sum(status == 304 for _t, status, _s in polls) / max(1, len(polls))
    print(
        f"  polling         {len(polls)} polls, {len(polls) / span if span else 0:.0f}/s from {o.joined} phones, "
        f"304s {share:.1%}, "
        f"p50/p99/max {spread([s for _t, _st, s in polls])}; quiet lobby: {o.quiet.polls / o.quiet.seconds:.0f}/s, "
        f"304s {o.quiet_304:.1%}, p50/p99/max {spread(o.quiet_latencies)}"
    )
    answer_phase = combine([q.phase for q in o.questions])
    print(
        f"  server CPU      {f.cpu_student:.2f} ms per answering student ({f.cpu_student_raw:.2f} with the polls "
        f"of the answer phases); {f.cpu_poll:.2f} ms per poll in the quiet lobby"
    )
    if o.kind in ("postgres", "two"):
        print(
            f"  database CPU    {1000 * answer_phase.database / max(1, f.sent):.2f} ms per answering student, "
            f"{1000 * o.quiet.database / max(1, o.quiet.polls):.2f} ms per quiet poll (PostgreSQL backends + Redis)"
        )
    for name, p in (("joining", o.join_phase), ("answer phases", answer_phase), ("quiet lobby", o.quiet)):
        print(
            f"  {name:<15} {p.seconds:.1f} s: server {share_of_core(p, p.server)} of a core, "
            f"databases {share_of_core(p, p.database)}, load generator {share_of_core(p, p.generator)}, "
            f"other processes {share_of_core(p, others(p))}; machine busy {p.machine_busy:.0%} of its cores"
        )
    for line in o.problems:
        print(f"  server log      {line}")
    if o.phones is not None:
        report_phones(o.phones)
    return targets(o, f)


def combine(phases: list[Phase]) -> Phase:
    if not phases:
        return Phase(0.0, 0.0, 0.0, 0.0, 0.0, 0)
    seconds = sum(p.seconds for p in phases)
    busy = sum(p.machine_busy * p.seconds for p in phases) / seconds if seconds else 0.0
    return Phase(
        seconds,
        sum(p.server for p in phases),
        sum(p.database for p in phases),
        sum(p.generator for p in phases),
        busy,
        sum(p.polls for p in phases),
    )


def report_phones(p: PhonesResult) -> None:
    errors = ", ".join(f"{k} x{n}" for k, n in sorted(p.errors.items())) or "none"
    within = sum(s < 1.0 for s in p.latencies) / max(1, len(p.latencies))
    print(
        f"  connections     {p.connections} phones: {p.opened} connected; {p.every_time} answered every time "
        f"({PHONE_SECONDS} GETs of the state document each), {p.on_time} every time within the second; "
        f"{p.answers}/{p.requests} answered, {len(p.latencies) / p.seconds:.0f}/s over {p.seconds:.1f} s, "
        f"p50/p99/max {spread(p.latencies)}, {within:.1%} within 1 s; errors {errors}"
    )
    print(
        f"  connections CPU server {share_of_core(p.phase, p.phase.server)} of a core "
        f"({1000 * p.phase.server / max(1, p.answers):.2f} ms per answer), load generator "
        f"{share_of_core(p.phase, p.phase.generator)}, other processes {share_of_core(p.phase, others(p.phase))}; "
        f"machine busy {p.phase.machine_busy:.0%}"
    )


def targets(o: Outcome, f: Figures) -> list[tuple[str, bool]]:
    name = o.kind
    out: list[tuple[str, bool]] = []
    if name in ("sqlite", "postgres"):
        p99 = percentile(f.posts, 0.99) if f.posts else float("inf")
        out += [
            (f"{name}: 0 errors ({f.errors})", f.errors == 0),
            (f"{name}: 0 lost answers ({f.sent - f.stored} of {f.sent})", f.sent == f.stored and f.sent > 0),
            (f"{name}: answer POST p99 < 500 ms ({ms(p99)} ms)", p99 < MAX_POST_P99),
        ]
    out += [
        (
            f"{name}: server CPU <= 6 ms per answering student ({f.cpu_student:.2f} ms)",
            f.cpu_student <= MAX_CPU_PER_STUDENT,
        ),
        (f"{name}: server CPU <= 1 ms per 304 poll ({f.cpu_poll:.2f} ms)", f.cpu_poll <= MAX_CPU_PER_POLL),
    ]
    if name == "serve":
        out.append((f"serve: joins all {o.students} ({o.joined})", o.joined == o.students))
        if o.phones is not None:
            p = o.phones
            out.append(
                (
                    f"serve: {p.connections} phones holding a connection are all answered ({p.every_time})",
                    p.every_time == p.connections,
                )
            )
    return out


def summary(outcomes: list[Outcome]) -> None:
    print("\nsummary")
    print(
        f"  {'set-up':<42} {'joined':>7} {'join s':>6} {'sent/acc/stored':>15} {'POST p50/p99/max':>18} "
        f"{'errors':>6} {'lobby polls/s':>13} {'304':>6} {'poll p99':>8} {'ms/student':>10} {'ms/poll':>7}"
    )
    for o in outcomes:
        f = figures(o)
        polls = o.record.polls
        share = sum(st == 304 for _t, st, _s in polls) / max(1, len(polls))
        print(
            f"  {SERVERS[o.kind]:<42} {o.joined:>7} {o.join_seconds:>6.1f} "
            f"{f'{f.sent}/{f.accepted}/{f.stored}':>15} {spread(f.posts):>18} {f.errors:>6} "
            f"{o.quiet.polls / o.quiet.seconds:>13.0f} {share:>6.1%} "
            f"{ms(percentile([s for _t, _st, s in polls], 0.99)):>6} ms {f.cpu_student:>10.2f} {f.cpu_poll:>7.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--servers", default="sqlite,postgres,two,serve", help="comma list of " + ", ".join(SERVERS))
    parser.add_argument("--questions", type=int, default=3, help="questions of the round to play")
    parser.add_argument("--poll-seconds", type=float, default=1.0, help="each phone's pause between polls")
    parser.add_argument("--window", type=float, default=2.0, help="students answer within this many seconds")
    parser.add_argument("--phones-connections", type=int, default=1000, help="connections held to quiz serve (0: off)")
    parser.add_argument(
        "--gunicorn", default="", help="gunicorn WORKERSxTHREADS per instance (default: quiz/gunicorn_conf.py's)"
    )
    parser.add_argument("--serve-threads", type=int, default=0, help="quiz serve --threads (default: its own)")
    parser.add_argument(
        "--no-script", action="store_true", help="phones answer as without JavaScript (page, POST, follow the 303)"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (answer delays, poll phases)")
    args = parser.parse_args()
    kinds = [k.strip() for k in args.servers.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in SERVERS]
    if unknown:
        parser.error(f"unknown server set-up {', '.join(unknown)}; choose from {', '.join(SERVERS)}")
    if not (BIN / "gunicorn").exists() and any(k != "serve" for k in kinds):
        raise SystemExit("gunicorn is not installed in this environment (pip install -e '.[test]')")
    global GUNICORN, SERVE_THREADS
    SERVE_THREADS = args.serve_threads
    try:
        if args.gunicorn:
            GUNICORN = tuple(int(n) for n in args.gunicorn.lower().split("x", 1))  # type: ignore[assignment]
    except ValueError:
        parser.error(f"--gunicorn takes WORKERSxTHREADS such as 2x8, not {args.gunicorn!r}")
    random.seed(args.seed)
    started = time.perf_counter()
    secret = secrets.token_hex(32)
    outcomes, met = [], []
    for kind in kinds:
        outcome = run_setup(kind, args, secret)
        outcomes.append(outcome)
        met += report(outcome)
    summary(outcomes)
    print("\ntargets" + ("" if args.students == 300 else f" (set for 300 students; this run had {args.students})"))
    for description, ok_ in met:
        print(f"  {'met    ' if ok_ else 'NOT met'}  {description}")
    print(f"\ntotal {time.perf_counter() - started:.0f} s on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
