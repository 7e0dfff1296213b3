"""A small rate limiter: count failures per key in a fixed window, then block for a while.

The counters live in the ``throttle`` table, or in Redis when ``QUIZ_REDIS_URL`` is set (shared by
every app process either way). Both backends have the same semantics:

* A key's window starts at its first failure and lasts ``window`` seconds; the first failure after
  it ends starts a new window with a count of 1.
* When a failure brings the count to ``limit``, the key is blocked for ``block`` seconds. With
  ``max_block`` each further failure in the window doubles the block, up to ``max_block``; without
  it every further failure blocks for ``block`` seconds again.
* ``retry_after`` says how many whole seconds remain of a block (0 when the key may try again).

Time comes from ``app.config["QUIZ_CLOCK"]`` (a function returning epoch seconds) when set, so tests
can move it; otherwise from ``time.time``.

A Redis that fails or does not answer within ``REDIS_TIMEOUT`` is left alone for ``REDIS_PAUSE`` seconds
(with one log line), and the database keeps the counts meanwhile: an outage costs one short wait, not
one per request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import logging
import math
import random
import threading
import time
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from ..database import write_transaction
from ..extensions import db
from ..models import Throttle

log = logging.getLogger(__name__)

MAX_WINDOW = 24 * 3600  # stale rows are pruned after a day, so longer windows would be cut short
PRUNE_ONE_IN = 256  # how often a write also deletes stale rows from the table
REDIS_PREFIX = "quiz:throttle:"
REDIS_TIMEOUT = 0.25  # seconds to connect or answer: a Redis on the local network answers in a millisecond
REDIS_PAUSE = 30.0  # seconds the database keeps the counts after Redis failed, before Redis is tried again
_redis_lock = threading.Lock()

# KEYS[1]: the key. ARGV: now, limit, window, block, max_block (0: none), only_if_unblocked (0/1).
# Returns {allowed (0/1), count, blocked_until as a string (Lua numbers would be truncated)}.
_HIT_SCRIPT = """
local now = tonumber(ARGV[1])
local limit, window = tonumber(ARGV[2]), tonumber(ARGV[3])
local block, max_block = tonumber(ARGV[4]), tonumber(ARGV[5])
local state = redis.call('HMGET', KEYS[1], 'count', 'start', 'until')
local count = tonumber(state[1]) or 0
local start = tonumber(state[2]) or now
local blocked_until = tonumber(state[3]) or 0
if ARGV[6] == '1' and blocked_until > now then
  return {0, count, tostring(blocked_until)}
end
if now >= start + window then
  count = 0
  start = now
end
count = count + 1
if count >= limit then
  local seconds = block
  if max_block > 0 then
    seconds = math.min(block * 2 ^ math.min(count - limit, 32), max_block)
  end
  blocked_until = math.max(blocked_until, now + seconds)
end
redis.call('HSET', KEYS[1], 'count', count, 'start', tostring(start), 'until', tostring(blocked_until))
redis.call('EXPIRE', KEYS[1], math.ceil(math.max(start + window, blocked_until) - now) + 1)
return {1, count, tostring(blocked_until)}
"""


def retry_after(key: str) -> int:
    """Seconds until ``key`` may try again; 0 when it is not blocked."""
    now = _now()
    redis = _redis()
    if redis is not None:
        try:
            value = redis["client"].hget(_redis_key(key), "until")
        except _redis_errors() as exc:
            _redis_failed(redis, exc)
        else:
            return _seconds_left(float(value or 0), now)
    until = db.session.scalar(select(Throttle.blocked_until).where(Throttle.key == key))
    return _seconds_left(_epoch(until), now)


def record_failure(key: str, *, limit: int, window: int, block: int, max_block: int | None = None) -> int:
    """Count one failure for ``key``; return the seconds it must now wait (0 while under ``limit``)."""
    _check_policy(limit, window, block, max_block)
    _allowed, wait = _hit(key, limit, window, block, max_block, only_if_unblocked=False)
    return wait


def take(key: str, *, limit: int, window: int, block: int, max_block: int | None = None) -> tuple[bool, int]:
    """Atomically refuse ``key`` while it is blocked, or else count this attempt as a failure.

    Returns ``(allowed, retry_after)``. A caller that counts every attempt up front (and calls
    ``clear`` when it succeeds) cannot be outrun by many attempts sent at the same moment, as a
    separate check-then-record could be.
    """
    _check_policy(limit, window, block, max_block)
    return _hit(key, limit, window, block, max_block, only_if_unblocked=True)


def clear(key: str) -> None:
    """Forget every failure of ``key``."""
    redis = _redis()
    if redis is not None:
        try:
            redis["client"].delete(_redis_key(key))
            return
        except _redis_errors() as exc:
            _redis_failed(redis, exc)
    with write_transaction() as session:
        session.execute(delete(Throttle).where(Throttle.key == key))


def hashed(secret: str) -> str:
    """A short digest to name a secret (a login or browser token) in a key, so the counters never hold it."""
    return hashlib.sha256(secret.encode()).hexdigest()[:32]


def address_key(address: str | None) -> str:
    """The part of a limiter key naming a client address: IPv4 as is, IPv6 by its /64 network.

    One IPv6 subscriber usually holds a whole /64, so limiting single addresses would not slow it.
    """
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


# -- the shared rule -------------------------------------------------------------------------------


def _check_policy(limit: int, window: int, block: int, max_block: int | None) -> None:
    if limit < 1 or not 0 < window <= MAX_WINDOW or block < 0 or (max_block is not None and max_block < block):
        raise ValueError("a throttle needs limit >= 1, 0 < window <= 1 day and 0 <= block <= max_block")


def _block_seconds(count: int, limit: int, block: int, max_block: int | None) -> float:
    """How long the ``count``-th failure of a window blocks the key (the Lua script does the same)."""
    if count < limit:
        return 0
    if max_block is None:
        return block
    return min(block * 2 ** min(count - limit, 32), max_block)


def _seconds_left(until: float, now: float) -> int:
    return math.ceil(until - now) if until > now else 0


def _now() -> float:
    clock = current_app.config.get("QUIZ_CLOCK") if has_app_context() else None
    return float((clock or time.time)())


def _hit(
    key: str, limit: int, window: int, block: int, max_block: int | None, *, only_if_unblocked: bool
) -> tuple[bool, int]:
    now = _now()
    redis = _redis()
    if redis is not None:
        try:
            allowed, _count, until = redis["script"](
                keys=[_redis_key(key)],
                args=[repr(now), limit, window, block, max_block or 0, int(only_if_unblocked)],
            )
        except _redis_errors() as exc:
            _redis_failed(redis, exc)
        else:
            return bool(allowed), _seconds_left(float(until), now)
    allowed, until = _db_hit(key, now, limit, window, block, max_block, only_if_unblocked)
    if random.randrange(PRUNE_ONE_IN) == 0:
        _prune(now)
    return allowed, _seconds_left(until, now)


# -- the database backend --------------------------------------------------------------------------


def _db_hit(
    key: str, now: float, limit: int, window: int, block: int, max_block: int | None, only_if_unblocked: bool
) -> tuple[bool, float]:
    """The rule above in one write transaction, holding the row's lock from the first read."""
    with write_transaction() as session:
        row = None
        while row is None:  # a second pass only if a concurrent prune deleted the row just now
            _insert_missing(session, key, now)
            row = session.execute(
                select(Throttle.count, Throttle.window_start, Throttle.blocked_until)
                .where(Throttle.key == key)
                .with_for_update()
            ).first()
        until = _epoch(row.blocked_until)
        if only_if_unblocked and until > now:
            return False, until
        count, start = row.count, _epoch(row.window_start)
        if now >= start + window:
            count, start = 0, now
        count += 1
        seconds = _block_seconds(count, limit, block, max_block)
        if seconds:
            until = max(until, now + seconds)
        session.execute(
            update(Throttle)
            .where(Throttle.key == key)
            .values(count=count, window_start=_datetime(start), blocked_until=_datetime(until) if until else None)
        )
        return True, until


def _insert_missing(session, key: str, now: float) -> None:
    """Create the key's row unless it exists, without failing when another request races us."""
    values = {"key": key, "count": 0, "window_start": _datetime(now), "blocked_until": None}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql_insert(Throttle).values(values).on_conflict_do_nothing(index_elements=["key"]))
    elif dialect == "sqlite":
        session.execute(sqlite_insert(Throttle).values(values).on_conflict_do_nothing(index_elements=["key"]))
    elif session.scalar(select(Throttle.key).where(Throttle.key == key).with_for_update()) is None:
        try:
            with session.begin_nested():
                session.add(Throttle(**values))
        except IntegrityError:
            pass  # another request created it first


def _prune(now: float) -> None:
    """Delete rows whose window ended over a day ago and that block nothing: they count for nothing."""
    stale = _datetime(now - MAX_WINDOW)
    with write_transaction() as session:
        session.execute(
            delete(Throttle).where(
                Throttle.window_start < stale,
                (Throttle.blocked_until.is_(None)) | (Throttle.blocked_until < _datetime(now)),
            )
        )


def _datetime(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _epoch(value: dt.datetime | None) -> float:
    if value is None:
        return 0.0
    if value.tzinfo is None:  # SQLite hands back naive datetimes; we store UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.timestamp()


# -- the Redis backend -----------------------------------------------------------------------------


def _redis() -> dict[str, Any] | None:
    """This app's Redis client and script, made on first use; None without ``QUIZ_REDIS_URL`` or while paused."""
    if not has_app_context():
        return None
    url = current_app.config.get("QUIZ_REDIS_URL")
    if not url:
        return None
    state = current_app.extensions.setdefault("quiz_throttle", {})
    if state.get("url") != url:
        with _redis_lock:
            if state.get("url") != url:
                import redis

                client = redis.Redis.from_url(
                    url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT, retry_on_timeout=False
                )
                state.update(client=client, script=client.register_script(_HIT_SCRIPT), url=url, paused_until=0.0)
    if state.get("paused_until", 0.0) > time.monotonic():
        return None
    return state


def _redis_key(key: str) -> str:
    return current_app.config.get("QUIZ_REDIS_PREFIX", REDIS_PREFIX) + key


def _redis_errors() -> tuple[type[Exception], ...]:
    import redis

    return (redis.exceptions.RedisError, OSError)


def _redis_failed(state: dict[str, Any], exc: Exception) -> None:
    # Keep limiting through an outage: the database holds the counters until Redis is back.
    state["paused_until"] = time.monotonic() + REDIS_PAUSE
    log.warning(
        "Redis failed or did not answer within %s s (%s); rate limits use the database for the next %s s",
        REDIS_TIMEOUT,
        exc,
        REDIS_PAUSE,
    )
