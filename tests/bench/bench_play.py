"""Benchmark: the question page and the answer POST against a bare Flask page, all under gunicorn.

Run:  .venv/bin/python tests/bench/bench_play.py [--seconds 6] [--rounds 3] [--clients 4] [--workers 2]

Prints requests per second for the bare page, the question page and the answer POST, and the
ratios (targets on a 2-core machine: question page >= 50% of bare, answer POST >= 25%).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ANSWERS_PER_CLIENT = 800  # fresh attempts prepared per client for the POST measurement
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app_spec: str, port: int, workers: int, env: dict, cwd: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [
        str(gunicorn),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
        app_spec,
    ]
    proc = subprocess.Popen(cmd, cwd=cwd, env=env)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"gunicorn did not start: {' '.join(cmd)}")


class Client:
    """A keep-alive HTTP client with a cookie jar, like one browser."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

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


def start_attempt(client: Client) -> str:
    _status, _loc, page = client.request("GET", "/quiz/all")
    token = CSRF.search(page).group(1)
    status, location, _ = client.request("POST", "/quiz/all", f"csrf_token={token}")
    assert status == 303, status
    return _path(location)


def _path(location: str) -> str:
    return re.sub(r"^https?://[^/]+", "", location)


def answer_body(page: str) -> str:
    """A valid answer to whatever question ``page`` shows (right or wrong does not matter)."""
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


def worker(kind: str, port: int, seconds: float, queue, barrier) -> None:
    """One client: set up untimed, wait for the others, then load the server for ``seconds``."""
    client = Client(port)
    if kind == "bare":
        requests = None
    elif kind == "question":
        url = start_attempt(client)
    else:  # answer: question 1 of a fresh attempt each time, its page read beforehand (untimed)
        prepared = []
        for _ in range(ANSWERS_PER_CLIENT):
            url = start_attempt(client)
            _s, _l, page = client.request("GET", url)
            prepared.append((url, answer_body(page)))
        requests = iter(prepared)
    barrier.wait()
    count, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        if kind == "bare":
            status, _, _ = client.request("GET", "/")
        elif kind == "question":
            status, _, _ = client.request("GET", url)
        else:
            job = next(requests, None)
            if job is None:
                raise SystemExit("ran out of prepared attempts: raise ANSWERS_PER_CLIENT")
            status, _, _ = client.request("POST", *job)
            assert status == 303, status  # recorded, and redirected to its feedback
            count += 1
            continue
        assert status == 200, status
        count += 1
    queue.put(count)


def wrk(url: str, seconds: float, cookie: str | None = None) -> float:
    """Requests per second that wrk gets from ``url`` (2 threads, 8 connections)."""
    cmd = ["wrk", "-t2", "-c8", f"-d{max(1, round(seconds))}s", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors from {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def measure(kind: str, port: int, clients: int, seconds: float) -> float:
    queue = mp.Queue()
    barrier = mp.Barrier(clients)
    procs = [mp.Process(target=worker, args=(kind, port, seconds, queue, barrier)) for _ in range(clients)]
    for p in procs:
        p.start()
    total = sum(queue.get() for _ in procs)
    for p in procs:
        p.join()
    return total / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6, help="length of each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three Python-client loads")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        raise SystemExit("gunicorn is not installed in this environment (pip install -e '.[test]')")
    tmp = Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    env = dict(os.environ, QUIZ_DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}", QUIZ_SECRET_KEY="bench-" + "x" * 20)
    quiz_port, bare_port = free_port(), free_port()
    quiz = serve("quiz:create_app()", quiz_port, args.workers, env, REPO)
    # Same page size as the question page, for a fair baseline.
    probe = Client(quiz_port)
    size = len(probe.request("GET", _path(start_attempt(probe)))[2].encode())
    bare = serve(
        "bare_app:create_app()", bare_port, args.workers, dict(env, QUIZ_BENCH_BYTES=str(size)), Path(__file__).parent
    )
    try:
        bare_size = len(Client(bare_port).request("GET", "/")[2].encode())
        # Rounds interleave the three loads, so a busy moment on the machine hits them all alike;
        # the medians are reported.
        rounds: dict[str, list[float]] = {"bare page": [], "question page": [], "answer POST": []}
        for _ in range(args.rounds):
            rounds["bare page"].append(measure("bare", bare_port, args.clients, args.seconds))
            rounds["question page"].append(measure("question", quiz_port, args.clients, args.seconds))
            rounds["answer POST"].append(measure("answer", quiz_port, args.clients, args.seconds))
        results = {name: statistics.median(rates) for name, rates in rounds.items()}
        # wrk (C) loads the server harder than Python clients sharing its two cores can, so its
        # ratio for the two GET pages is the stricter one; the POST needs the Python client.
        wrk_results = {}
        if shutil.which("wrk"):
            player = Client(quiz_port)  # a fresh connection: the probe's has timed out by now
            url = start_attempt(player)
            cookie = "; ".join(f"{k}={v}" for k, v in player.cookies.items())
            wrk_results["bare page"] = wrk(f"http://127.0.0.1:{bare_port}/", args.seconds)
            wrk_results["question page"] = wrk(f"http://127.0.0.1:{quiz_port}{url}", args.seconds, cookie)
    finally:
        for proc in (quiz, bare):
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"gunicorn gthread, {args.workers} workers x 4 threads; {args.clients} client processes; "
        f"{args.rounds} rounds of {args.seconds:g} s (medians); question page {size} bytes, bare page {bare_size} bytes"
    )
    base = results["bare page"]
    for name, rate in results.items():
        print(f"{name:>14}: {rate:8.1f} requests/s  ({rate / base:6.1%} of the bare page)")
    if wrk_results:
        wrk_base = wrk_results["bare page"]
        print("with wrk (-t2 -c8) for the GET pages:")
        for name, rate in wrk_results.items():
            print(f"{name:>14}: {rate:8.1f} requests/s  ({rate / wrk_base:6.1%} of the bare page)")
    else:
        print("(install wrk for a second, stricter measurement of the GET pages)")
    question_ratio = min(
        results["question page"] / base,
        *([wrk_results["question page"] / wrk_results["bare page"]] if wrk_results else []),
    )
    ok = question_ratio >= 0.5 and results["answer POST"] >= 0.25 * base
    print("targets (question >= 50%, answer POST >= 25%):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
