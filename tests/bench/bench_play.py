"""Benchmark: the question page and the answer POST of the file bank and of a library bank, against a bare Flask page.

Run:  .venv/bin/python tests/bench/bench_play.py [--seconds 2.5] [--rounds 3] [--clients 4] [--workers 2] [--threads 2]

Everything runs under gunicorn on 127.0.0.1, in the same run (about 80 s with wrk installed, 60 s
without): a bare Flask page of the question page's size (the baseline), then the question page
(question 1 of /quiz/all, GET) and the answer POST (to question 1 of a fresh attempt) of

* the file bank (QUIZ_BANK, the sample), started at /quiz/all, and
* a library bank: a teacher's bank in the database holding the sample's questions and articles
  (made with quiz.services.library.create_bank, practice link on with set_practice), started
  through its practice link at /practice/<token>/quiz/all.

Before gunicorn starts, this process sets the benchmark's database up through the app itself
(create_schema, accounts.register, library.create_bank, set_practice, and the Flask test client
for each client's session, CSRF token and first attempt). Attempts for the answer POSTs are copies
of an attempt the app started (new id and seed), added between loads while the servers are idle,
so a measured POST answers question 1 of a fresh attempt and nothing else is timed.

Each round runs every load once; a ratio is taken within a round (page rate / bare page rate) and
the median over the rounds is reported, with whether the targets are met (on a 2-core machine:
file bank question page >= 50% of bare, answer POST >= 25%; library bank question page >= 70%,
answer POST >= 30%). With wrk installed the GET pages are also loaded with wrk in each round, and
a question-page target must be met by both measurements.

The bare page (bare_app.py) renders with render_template_string, which compiles its template on
every request; that compile is most of its cost. For reference only (the targets keep bare_app as
their baseline), the same page with its template compiled once, as render_template does for
template files, is loaded too and the ratios against it are printed.
"""

from __future__ import annotations

import argparse
import http.client
import math
import multiprocessing as mp
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
QUIZ = "all"  # the quiz every attempt plays (question 1 is the page measured)
FIRST_GUESS = 1000  # answer POSTs per second (all clients) to prepare for before the first POST load
MARGIN = 1.6  # attempts prepared per client: this times the most a client answered in a load so far
BANKS = {"file": "file bank", "library": "library bank"}
PAGES = ("question page", "answer POST")
TARGETS = {  # (question page, answer POST) as fractions of the bare page, from the issue
    "file": (0.50, 0.25),
    "library": (0.70, 0.30),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app_spec: str, port: int, workers: int, threads: int, env: dict, cwd: Path) -> subprocess.Popen:
    """Start gunicorn on 127.0.0.1:``port`` with the README's settings (quiz/gunicorn_conf.py), see ``wait_for``."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [str(gunicorn), "-c", "python:quiz.gunicorn_conf", "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", str(workers), "--threads", str(threads), "--log-level", "warning", app_spec]
    return subprocess.Popen(cmd, cwd=cwd, env=env)


def wait_for(port: int, proc: subprocess.Popen) -> None:
    """Return once the server started by ``proc`` takes connections."""
    deadline = time.time() + 30
    while time.time() < deadline and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not start: {' '.join(map(str, proc.args))}")


class Client:
    """A keep-alive HTTP client with a cookie jar, like one browser."""

    def __init__(self, port: int, cookie: str | None = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {"session": cookie} if cookie else {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (ConnectionError, http.client.HTTPException):  # the server closed an idle keep-alive
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        return response.status, response.headers.get("Location", ""), data


def compiled_bare_app():
    """bare_app's page with its template compiled once (gunicorn "bench_play:compiled_bare_app()"): a reference."""
    import functools

    import bare_app

    app = bare_app.create_app()
    # render_template_string compiles its source on each call; the same template, compiled once.
    app.jinja_env.from_string = functools.lru_cache(maxsize=4)(app.jinja_env.from_string)
    return app


def _path(location: str) -> str:
    return re.sub(r"^https?://[^/]+", "", location)


def answer_body(page: str) -> str:
    """A valid answer to whatever question ``page`` shows (right or wrong does not matter).

    Option values are positions in the attempt's shuffle, so the same body answers question 1 of
    any attempt at the same quiz (the CSRF token is the session's, so it holds for them all).
    """
    from urllib.parse import quote

    fields = {"csrf_token": CSRF.search(page).group(1), "text": "63"}
    radio = re.search(r'name="choice" value="([^"]+)"', page)
    if radio:
        fields["choice"] = radio.group(1)
    box = re.search(r'name="choices" value="([^"]+)"', page)
    if box:
        fields["choices"] = box.group(1)
    for position, name in enumerate(re.findall(r'<select id="(pos\d+)"', page), start=1):
        fields[name] = str(position)
    return "&".join(f"{k}={quote(v)}" for k, v in fields.items())


# Setting the database up, in this process, through the app's own code ----------------------------


@dataclass
class Player:
    """One client's browser on one bank: its session cookie, a question page, an answer body, fresh attempts."""

    cookie: str
    question_url: str  # question 1 of an attempt left unanswered (the question page load)
    template: str  # the attempt the app started, copied for the POSTs
    body: str
    page_bytes: int
    fresh: list[str] = field(default_factory=list)  # ids of unanswered attempts for the POST loads


class Database:
    """The benchmark's database, set up before gunicorn starts; topped up with attempts between loads."""

    def __init__(self, clients: int):
        from quiz.app import create_app
        from quiz.database import create_schema
        from quiz.extensions import db
        from quiz.services import accounts, library

        try:
            from quiz.content.loader import read_bank_files
        except ImportError:  # where it lived before
            from quiz.web.bank import read_bank_files

        self.app = create_app()  # reads QUIZ_DATABASE_URL and QUIZ_SECRET_KEY from os.environ
        with self.app.app_context():
            create_schema()
            teacher = accounts.register("bench-teacher@example.org", "bench " + secrets.token_hex(8))
            raw, texts, _folder = read_bank_files(Path(self.app.config["QUIZ_BANK"]))
            bank, result = library.create_bank(teacher.id, "Benchmark library bank", raw, texts)
            if not result.saved:
                raise SystemExit("the sample did not save as a library bank: " + "; ".join(map(str, result.problems)))
            library.set_practice(bank, True)
            self.token = bank.practice_token
            self.library_questions = result.version.question_count
            db.engine.dispose()
        starts = {"file": f"/quiz/{QUIZ}", "library": f"/practice/{self.token}/quiz/{QUIZ}"}
        self.players = {kind: [self._player(start) for _ in range(clients)] for kind, start in starts.items()}

    def _player(self, start: str) -> Player:
        """A browser that opened the start page, started the quiz and read question 1 (test client)."""
        client = self.app.test_client()
        page = client.get(start).get_data(as_text=True)
        response = client.post(start, data={"csrf_token": CSRF.search(page).group(1)})
        assert response.status_code == 303, (start, response.status_code)
        url = _path(response.headers["Location"])
        question = client.get(url)
        assert question.status_code == 200, (url, question.status_code)
        html = question.get_data(as_text=True)
        attempt = url.split("/")[2]
        return Player(client.get_cookie("session").value, url, attempt, answer_body(html), len(html.encode()))

    def top_up(self, kind: str, per_client: int) -> None:
        """Give each client of ``kind`` at least ``per_client`` fresh attempts (one transaction per client)."""
        from sqlalchemy import insert, inspect

        from quiz.database import write_transaction
        from quiz.extensions import db
        from quiz.models import Attempt
        from quiz.services.attempts import new_token

        with self.app.app_context():
            keys = [attr.key for attr in inspect(Attempt).column_attrs]
            for player in self.players[kind]:
                missing = per_client - len(player.fresh)
                if missing <= 0:
                    continue
                template = db.session.get(Attempt, player.template)
                values = {key: getattr(template, key) for key in keys}
                rows = [dict(values, id=new_token(), seed=secrets.randbits(31)) for _ in range(missing)]
                with write_transaction() as session:
                    session.execute(insert(Attempt), rows)
                player.fresh += [row["id"] for row in rows]
            db.session.remove()
            db.engine.dispose()


# The loads ----------------------------------------------------------------------------------------


def worker(job: dict, port: int, seconds: float, queue, barrier) -> None:
    """One client: wait for the others, then load the server for ``seconds``; report (count, problem)."""
    try:
        client = Client(port, job.get("cookie"))
        urls, body = job["urls"], job.get("body")
        method, expected = ("POST", 303) if body else ("GET", 200)
        barrier.wait()
        count, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            if body and count >= len(urls):
                queue.put((count, "ran out of fresh attempts"))
                return
            url = urls[count] if body else urls[0]
            status, _, _ = client.request(method, url, body)
            if status != expected:  # a POST is recorded and redirected to its feedback
                raise AssertionError(f"{method} {url}: status {status}, expected {expected}")
            count += 1
        queue.put((count, None))
    except Exception as exc:  # reported to the parent, which stops the run
        queue.put((0, f"{type(exc).__name__}: {exc}"))
        barrier.abort()


def measure(jobs: list[dict], port: int, seconds: float) -> list[int]:
    """Requests each client made in ``seconds`` of load."""
    queue = mp.Queue()
    barrier = mp.Barrier(len(jobs), timeout=60)
    procs = [mp.Process(target=worker, args=(job, port, seconds, queue, barrier)) for job in jobs]
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    problems = [problem for _count, problem in results if problem and problem != "ran out of fresh attempts"]
    if problems:
        raise SystemExit("a client failed: " + problems[0])
    if any(problem for _count, problem in results):
        return []  # ran out: the caller prepares more and loads again
    return [count for count, _ in results]


def answer_load(setup: Database, kind: str, port: int, seconds: float, most: dict) -> float:
    """Requests per second of answer POSTs, each to question 1 of a fresh attempt."""
    guess = most.get(kind) or FIRST_GUESS * seconds / len(setup.players[kind])
    for _ in range(3):
        setup.top_up(kind, math.ceil(guess * MARGIN))
        jobs = [
            {"cookie": p.cookie, "urls": [f"/play/{a}/1" for a in p.fresh], "body": p.body} for p in setup.players[kind]
        ]
        counts = measure(jobs, port, seconds)
        if counts:
            for player, count in zip(setup.players[kind], counts, strict=True):
                del player.fresh[:count]
            most[kind] = max(most.get(kind, 0), *counts)
            return sum(counts) / seconds
        # Some client ran out: those attempts were answered, so drop them all and prepare more.
        for player in setup.players[kind]:
            player.fresh.clear()
        guess *= 3
    raise SystemExit("clients kept running out of fresh attempts")


def wrk(url: str, seconds: float, cookie: str | None = None) -> float:
    """Requests per second that wrk gets from ``url`` (2 threads, 8 connections)."""
    cmd = ["wrk", "-t2", "-c8", f"-d{max(1, round(seconds))}s", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: session={cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors from {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def verdict(ratio: float, target: float) -> str:
    return f">= {target:.0%}: {'met' if ratio >= target else 'NOT met'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.5, help="length of each Python-client load")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the loads (medians are reported)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="per worker (the README's settings have 2)")
    args = parser.parse_args()
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        raise SystemExit("gunicorn is not installed in this environment (pip install -e '.[test]')")
    use_wrk = shutil.which("wrk") is not None
    wrk_seconds = max(1, round(args.seconds * 0.8))
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    env = dict(os.environ, QUIZ_DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}", QUIZ_SECRET_KEY="bench-" + "x" * 20)
    os.environ.update(env)  # the database is set up in this process, by an app built from the environment
    servers: dict[str, tuple[int, subprocess.Popen]] = {}
    try:
        setup = Database(args.clients)
        sizes = {kind: setup.players[kind][0].page_bytes for kind in BANKS}
        # The bare page has the file bank's question page size, for a fair baseline.
        bare_env = dict(env, QUIZ_BENCH_BYTES=str(sizes["file"]))
        here = Path(__file__).parent
        for name, spec, server_env, cwd in (
            ("quiz", "quiz.app:create_app()", env, REPO),
            ("bare", "bare_app:create_app()", bare_env, here),
            ("compiled", "bench_play:compiled_bare_app()", bare_env, here),
        ):
            port = free_port()
            servers[name] = (port, serve(spec, port, args.workers, args.threads, server_env, cwd))
        for port, proc in servers.values():
            wait_for(port, proc)
        ports = {name: port for name, (port, _proc) in servers.items()}
        bare_size = len(Client(ports["bare"]).request("GET", "/")[2].encode())
        assert len(Client(ports["compiled"]).request("GET", "/")[2].encode()) == bare_size
        for kind in BANKS:  # first requests (each gunicorn worker parses the banks once) outside the timings
            for _ in range(4 * args.workers):
                player = setup.players[kind][0]
                Client(ports["quiz"], player.cookie).request("GET", player.question_url)

        # Each round runs every load once, so a busy moment on the machine hits them all alike; the
        # ratios are taken within each round and their medians reported.
        names = ["bare page", "compiled bare page"] + [f"{kind} {page}" for kind in BANKS for page in PAGES]
        rounds: dict[str, list[float]] = {name: [] for name in names}
        wrk_rounds: dict[str, list[float]] = {name: [] for name in names if "POST" not in name}
        most: dict[str, int] = {}
        bare_jobs = [{"urls": ["/"]} for _ in range(args.clients)]
        for _ in range(args.rounds):
            for name, port in (("bare page", ports["bare"]), ("compiled bare page", ports["compiled"])):
                rounds[name].append(sum(measure(bare_jobs, port, args.seconds)) / args.seconds)
            for kind in BANKS:
                jobs = [{"cookie": p.cookie, "urls": [p.question_url]} for p in setup.players[kind]]
                rate = sum(measure(jobs, ports["quiz"], args.seconds)) / args.seconds
                rounds[f"{kind} question page"].append(rate)
                rounds[f"{kind} answer POST"].append(answer_load(setup, kind, ports["quiz"], args.seconds, most))
            # wrk (C) loads the server harder than Python clients sharing its two cores can, so its
            # ratio for the GET pages is the stricter one; the POST needs the Python client.
            if use_wrk:
                wrk_rounds["bare page"].append(wrk(f"http://127.0.0.1:{ports['bare']}/", wrk_seconds))
                wrk_rounds["compiled bare page"].append(wrk(f"http://127.0.0.1:{ports['compiled']}/", wrk_seconds))
                for kind in BANKS:
                    player = setup.players[kind][0]
                    url = f"http://127.0.0.1:{ports['quiz']}{player.question_url}"
                    wrk_rounds[f"{kind} question page"].append(wrk(url, wrk_seconds, player.cookie))
    finally:
        for _port, proc in servers.values():
            proc.terminate()
        for _port, proc in servers.values():
            proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)

    def ratio(measured: dict[str, list[float]], name: str, base: str = "bare page") -> float:
        """The median over the rounds of ``name``'s rate over ``base``'s rate in the same round."""
        return statistics.median(a / b for a, b in zip(measured[name], measured[base], strict=True))

    print(
        f"gunicorn gthread, {args.workers} workers x {args.threads} threads, 127.0.0.1; "
        f"{args.clients} client processes; "
        f"{args.rounds} rounds of {args.seconds:g} s loads{f' and {wrk_seconds} s wrk loads' if use_wrk else ''} "
        f"(medians); total {time.perf_counter() - started:.0f} s"
    )
    print(
        f"pages: bare {bare_size} bytes; question 1 of /quiz/{QUIZ}: file bank {sizes['file']} bytes, "
        f"library bank {sizes['library']} bytes ({setup.library_questions} questions, practice link /practice/<token>/)"
    )
    targets = {f"{kind} {page}": TARGETS[kind][i] for kind in BANKS for i, page in enumerate(PAGES)}

    def print_rates(measured: dict[str, list[float]]) -> None:
        """Per load: median rate, share of the bare page, each round's rate, and the target met or not."""
        for name, rates in measured.items():
            share = ratio(measured, name)
            each = ", ".join(f"{r:.0f}" for r in rates)
            target = f"  target {verdict(share, targets[name])}" if name in targets else ""
            print(
                f"  {name:>26}: {statistics.median(rates):7.1f} requests/s  {share:6.1%} of the bare page  [{each}]"
                f"{target}"
            )

    print("Python clients (keep-alive, one browser each); requests/s of each round in brackets:")
    print_rates(rounds)
    if use_wrk:
        print("wrk (-t2 -c8) for the GET pages:")
        print_rates(wrk_rounds)
    else:
        print("(install wrk for a second, stricter measurement of the GET pages)")
    faster = f"{ratio(rounds, 'compiled bare page'):.1f}x"
    against = [f"{name} {ratio(rounds, name, 'compiled bare page'):.1%}" for name in targets]
    if use_wrk:
        faster += f" ({ratio(wrk_rounds, 'compiled bare page'):.1f}x with wrk)"
        against += [
            f"{name} {ratio(wrk_rounds, name, 'compiled bare page'):.1%} (wrk)"
            for name in targets
            if name in wrk_rounds
        ]
    print(
        f"reference, not the targets' baseline: the bare page with its template compiled once serves {faster} "
        f"the bare page's rate; against it: {'; '.join(against)}"
    )

    print("targets:")
    for kind, label in BANKS.items():
        question = [ratio(rounds, f"{kind} question page")]
        if use_wrk:
            question.append(ratio(wrk_rounds, f"{kind} question page"))
        answer = ratio(rounds, f"{kind} answer POST")
        q_target, a_target = TARGETS[kind]
        ok = min(question) >= q_target and answer >= a_target
        print(
            f"  {label:>12}: question page {min(question):6.1%} {verdict(min(question), q_target)}"
            f"{' (the stricter of Python clients and wrk)' if len(question) > 1 else ''}; "
            f"answer POST {answer:6.1%} {verdict(answer, a_target)}  -> {'met' if ok else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
