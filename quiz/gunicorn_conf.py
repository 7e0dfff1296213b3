"""gunicorn settings for a school's server: ``gunicorn -c python:quiz.gunicorn_conf 'quiz.app:create_app()'``.

A live round is many small requests (every phone polls once a second), so the server's own cost
per request matters more than how many it can hold open. Python threads in one worker take turns
on one interpreter lock, and each hand-off costs CPU: on a 2-core machine with 300 phones
(``tests/bench/bench_live.py``), 2 workers of 2 threads used about a third less CPU per answering
student than 2 workers of 8, and their answer p99 fell from hundreds of milliseconds to tens.
So: one worker per core, two threads each (one can wait on the database while the other
runs), and keep-alive connections held by each worker's event loop, not by its threads.

Each setting can be changed from the environment, and gunicorn's own flags still override them.
"""

from __future__ import annotations

import os


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1, not {value!r}")
    return int(value)


bind = os.environ.get("QUIZ_BIND", "127.0.0.1:8000")  # gunicorn's own default: only a proxy on this host reaches it
workers = _number("QUIZ_WORKERS", os.cpu_count() or 2)  # one per core
worker_class = "gthread"
threads = _number("QUIZ_THREADS", 2)
worker_connections = _number("QUIZ_CONNECTIONS", 1000)  # open connections each worker holds (phones keep theirs)
keepalive = 30  # seconds an idle connection stays open: a phone polling every second keeps its own
timeout = 60  # a worker silent this long is restarted
# Each worker touches a file every turn of its loop to show it is alive: in memory, not on disk, as
# gunicorn's documentation advises (it makes the file itself, with mkstemp, so the shared folder is safe).
_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = _MEMORY if os.path.isdir(_MEMORY) else None


def post_worker_init(worker) -> None:
    """Each worker loads the drafting model in the background as it starts (about 2 s and 115 MB), so no
    teacher's first "Draft questions" waits for it."""
    from quiz.drafts.nlp import warm_up

    warm_up()
