"""The rate limiter: the same rules on the database (SQLite, PostgreSQL) and on Redis, and under concurrency."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time

import pytest
from conftest import skip_or_fail
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Throttle
from quiz.services import throttle

REDIS_URL = os.environ.get("QUIZ_TEST_REDIS", "redis://127.0.0.1:6379/0")


@pytest.fixture(params=["database", "redis"])
def backend(request, app):
    """Each limiter test runs on the database backend and on Redis (with its own key prefix)."""
    if request.param == "database":
        yield "database"
        return
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        skip_or_fail(f"Redis limiter runs skipped: no Redis at {REDIS_URL} ({exc}); set QUIZ_TEST_REDIS")
    prefix = f"quiz-test:{secrets.token_hex(6)}:"
    app.config.update(QUIZ_REDIS_URL=REDIS_URL, QUIZ_REDIS_PREFIX=prefix)
    yield "redis"
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def limiter(app, backend, clock):
    """An app context in which the limiter uses the chosen backend and the hand-moved clock."""
    with app.app_context():
        yield clock


def stored_count(app, backend, key: str) -> int:
    """The failure count as stored by the backend."""
    with app.app_context():
        if backend == "database":
            return db.session.scalar(select(Throttle.count).where(Throttle.key == key)) or 0
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        try:
            return int(client.hget(app.config["QUIZ_REDIS_PREFIX"] + key, "count") or 0)
        finally:
            client.close()


POLICY = {"limit": 5, "window": 900, "block": 30, "max_block": 300}


def test_a_new_key_is_allowed(limiter):
    assert throttle.retry_after("nobody") == 0


def test_blocks_at_the_limit_then_lets_the_key_try_again(limiter):
    for _ in range(4):
        assert throttle.record_failure("k", **POLICY) == 0
        assert throttle.retry_after("k") == 0
    assert throttle.record_failure("k", **POLICY) == 30
    assert throttle.retry_after("k") == 30
    limiter.advance(10.5)
    assert throttle.retry_after("k") == 20  # whole seconds, rounded up
    limiter.advance(19.5)
    assert throttle.retry_after("k") == 0


def test_each_further_failure_doubles_the_block_up_to_the_maximum(limiter):
    for _ in range(4):
        throttle.record_failure("k", **POLICY)
    waits = []
    for _ in range(6):
        waits.append(throttle.record_failure("k", **POLICY))
        limiter.advance(waits[-1])
    assert waits == [30, 60, 120, 240, 300, 300]


def test_without_a_maximum_the_block_stays_the_same(limiter):
    policy = {"limit": 3, "window": 900, "block": 300}
    assert [throttle.record_failure("addr", **policy) for _ in range(3)] == [0, 0, 300]
    limiter.advance(300)
    assert throttle.record_failure("addr", **policy) == 300


def test_a_failure_during_a_block_never_shortens_it(limiter):
    policy = {"limit": 2, "window": 900, "block": 100}
    throttle.record_failure("k", **policy)
    throttle.record_failure("k", **policy)
    limiter.advance(50)
    assert throttle.record_failure("k", **policy) == 100  # now + 100 is later than the old end
    assert throttle.record_failure("k", limit=2, window=900, block=10) == 100  # a shorter one does not cut it


def test_the_count_starts_again_when_the_window_ends(limiter):
    for _ in range(4):
        throttle.record_failure("k", **POLICY)
    limiter.advance(900)
    for _ in range(4):
        assert throttle.record_failure("k", **POLICY) == 0
    assert throttle.record_failure("k", **POLICY) == 30


def test_clear_forgets_the_failures(limiter):
    for _ in range(5):
        throttle.record_failure("k", **POLICY)
    assert throttle.retry_after("k") == 30
    throttle.clear("k")
    assert throttle.retry_after("k") == 0
    assert [throttle.record_failure("k", **POLICY) for _ in range(5)] == [0, 0, 0, 0, 30]


def test_keys_are_independent(limiter):
    for _ in range(5):
        throttle.record_failure("a", **POLICY)
    assert throttle.retry_after("a") == 30
    assert throttle.retry_after("b") == 0
    assert throttle.record_failure("b", **POLICY) == 0


def test_take_counts_attempts_and_refuses_while_blocked(limiter, app, backend):
    assert [throttle.take("k", **POLICY) for _ in range(5)] == [(True, 0)] * 4 + [(True, 30)]
    assert throttle.take("k", **POLICY) == (False, 30)
    limiter.advance(29)
    assert throttle.take("k", **POLICY) == (False, 1)
    assert stored_count(app, backend, "k") == 5  # refused attempts are not counted
    limiter.advance(1)
    assert throttle.take("k", **POLICY) == (True, 60)


def test_nonsense_policies_are_refused(limiter):
    with pytest.raises(ValueError):
        throttle.record_failure("k", limit=0, window=60, block=1)
    with pytest.raises(ValueError):
        throttle.record_failure("k", limit=1, window=0, block=1)
    with pytest.raises(ValueError):
        throttle.record_failure("k", limit=1, window=60, block=10, max_block=5)


def test_address_keys_group_ipv6_by_network():
    assert throttle.address_key("203.0.113.9") == "203.0.113.9"
    assert throttle.address_key("2001:db8:1:2:3:4:5:6") == throttle.address_key("2001:db8:1:2:ffff::1")
    assert throttle.address_key("2001:db8:1:2::1") != throttle.address_key("2001:db8:1:3::1")
    assert throttle.address_key("::ffff:203.0.113.9") == "203.0.113.9"
    assert throttle.address_key(None) == throttle.address_key("not an address") == "unknown"


def test_twenty_failures_at_once_all_count(app, backend, clock):
    """20 threads released together: none of their failures is lost, exactly one reaches the limit."""
    threads, results, errors = 20, [], []
    barrier = threading.Barrier(threads)

    def fail():
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                results.append(throttle.record_failure("crowd", limit=20, window=900, block=60))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    workers = [threading.Thread(target=fail) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not errors
    assert sorted(results) == [0] * 19 + [60]
    assert stored_count(app, backend, "crowd") == 20
    with app.app_context():
        assert throttle.retry_after("crowd") == 60


def test_concurrent_takes_cannot_outrun_the_limit(app, backend, clock):
    """20 simultaneous attempts against a limit of 5: exactly 5 get through, the rest are refused."""
    threads, results, errors = 20, [], []
    barrier = threading.Barrier(threads)

    def attempt():
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                results.append(throttle.take("burst", **POLICY)[0])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    workers = [threading.Thread(target=attempt) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not errors
    assert results.count(True) == 5
    assert results.count(False) == 15


def test_stale_database_rows_are_pruned(app, clock, monkeypatch):
    monkeypatch.setattr(throttle, "PRUNE_ONE_IN", 1)
    with app.app_context():
        throttle.record_failure("old", limit=5, window=900, block=30)
        throttle.record_failure("blocked", limit=1, window=60, block=throttle.MAX_WINDOW * 2)
        clock.advance(throttle.MAX_WINDOW + 1)
        throttle.record_failure("new", limit=5, window=900, block=30)
        assert set(db.session.scalars(select(Throttle.key))) == {"blocked", "new"}
        assert throttle.retry_after("blocked") > 0


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
def test_redis_keys_expire_on_their_own(app, backend, clock):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    with app.app_context():
        throttle.record_failure("k", limit=5, window=900, block=30)
        assert 0 < client.ttl(app.config["QUIZ_REDIS_PREFIX"] + "k") <= 901
        for _ in range(4):
            throttle.record_failure("k", limit=1, window=60, block=3000)
        assert 3000 <= client.ttl(app.config["QUIZ_REDIS_PREFIX"] + "k") <= 3001
    client.close()


def test_redis_outage_falls_back_to_the_database(app, clock):
    app.config["QUIZ_REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    with app.app_context():
        assert [throttle.record_failure("k", limit=2, window=60, block=10) for _ in range(2)] == [0, 10]
        assert throttle.retry_after("k") == 10
        assert db.session.scalar(select(Throttle.count).where(Throttle.key == "k")) == 2


@pytest.fixture
def hung_redis():
    """A server that accepts connections and never answers, as a stuck Redis does; yields its URL and connections."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def accept():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            accepted.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted
    server.close()
    for connection in accepted:
        connection.close()


def test_a_redis_that_never_answers_costs_one_short_wait_then_the_database_takes_over(app, clock, hung_redis, caplog):
    url, accepted = hung_redis
    app.config["QUIZ_REDIS_URL"] = url
    with app.app_context(), caplog.at_level(logging.WARNING, logger="quiz.services.throttle"):
        started = time.monotonic()
        assert [throttle.record_failure("k", limit=3, window=60, block=10) for _ in range(3)] == [0, 0, 10]
        assert throttle.retry_after("k") == 10
        assert throttle.take("k", limit=3, window=60, block=10) == (False, 10)
        throttle.clear("other")
        elapsed = time.monotonic() - started
        assert db.session.scalar(select(Throttle.count).where(Throttle.key == "k")) == 3
    assert elapsed < 1.5  # one timeout (a fraction of a second), not one per call
    assert len(accepted) == 1
    [line] = [r for r in caplog.records if "Redis" in r.getMessage()]
    assert line.levelno == logging.WARNING and "database" in line.getMessage()


def test_after_a_pause_redis_is_tried_again(app, clock, hung_redis, monkeypatch):
    url, accepted = hung_redis
    app.config["QUIZ_REDIS_URL"] = url
    monkeypatch.setattr(throttle, "REDIS_PAUSE", 0.2)
    with app.app_context():
        throttle.retry_after("k")
        throttle.retry_after("k")
        assert len(accepted) == 1
        time.sleep(0.3)
        throttle.retry_after("k")
    assert len(accepted) == 2


def test_a_login_is_not_slowed_down_by_a_redis_that_never_answers(app, clock, hung_redis, monkeypatch):
    from argon2 import PasswordHasher
    from helpers import csrf

    from quiz.services import accounts

    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts._dummy_hash.cache_clear()
    app.config["QUIZ_REDIS_URL"] = hung_redis[0]
    with app.app_context():
        accounts.register("ann@school.example", "purple otters read closely")
    client = app.test_client()
    times = []
    for password in ("wrong password", "purple otters read closely"):
        token = csrf(client.get("/teacher/login").data)
        started = time.monotonic()
        data = {"csrf_token": token, "email": "ann@school.example", "password": password}
        response = client.post("/teacher/login", data=data)
        times.append(time.monotonic() - started)
    assert response.status_code == 303
    assert max(times) < 1.5 and sum(times) < 2
    accounts._dummy_hash.cache_clear()
