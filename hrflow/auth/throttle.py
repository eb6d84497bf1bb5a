"""Failed sign-ins, counted where every worker sees them, and the limits they set.

Three counts over a sliding window (LOGIN_FAILURE_WINDOW_MINUTES), each with its own limit:
- one name from one address (LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT, the tightest): guessing a password;
- one address, whatever names it tries (LOGIN_FAILURES_PER_CLIENT): trying many names;
- one name from every address (LOGIN_FAILURES_PER_ACCOUNT): guessing from many addresses. It is set above
  the pair limit, so one address alone never reaches it.
A browser that signed in to the name before (hrflow/auth/devices.py) is held to the pair limit only: an
attacker elsewhere can slow a name down but not lock its owner out, and hammering from one address stops
that address and nobody else. Unknown names are counted like real ones, so a refusal reveals nothing.

Only failures count. A successful sign-in forgets its name's failures from its address (from all three
counts: they were the owner's typing mistakes), and only those: a sign-in to one's own account must not wipe
an address's record of guesses at other names.

The counts live in Redis when REDIS_URL is set, else in the database (table login_failure, written in the
request's transaction and committed at the one commit point). Counts are read before the password is
checked and a failure written after it, so attempts in flight at the same moment each get their guess: at
most as many extra guesses per window as the server handles requests at once."""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

import redis
from flask import Flask, current_app
from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select

from hrflow.extensions import db
from hrflow.models.auth import LoginFailure
from hrflow.models.base import utcnow

log = logging.getLogger(__name__)

# The database's column sizes; Redis keys are cut the same way so both stores count alike.
ACCOUNT_LENGTH = LoginFailure.__table__.c.account.type.length
CLIENT_LENGTH = LoginFailure.__table__.c.client.type.length


@dataclass(frozen=True)
class Failures:
    """Failures within the window: of this name from this address, from this address, of this name."""

    pair: int
    client: int
    account: int


class Counter(Protocol):
    def count(self, account: str, client: str, since: datetime) -> Failures: ...

    def add(self, account: str, client: str, at: datetime, window: timedelta) -> None: ...

    def forget_pair(self, account: str, client: str) -> None: ...


@dataclass(frozen=True)
class Limits:
    window: timedelta
    per_pair: int
    per_client: int
    per_account: int

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(window=timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]),
                   per_pair=config["LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT"],
                   per_client=config["LOGIN_FAILURES_PER_CLIENT"], per_account=config["LOGIN_FAILURES_PER_ACCOUNT"])


class Throttle:
    def __init__(self, counter: Counter, limits: Limits):
        self.counter, self.limits = counter, limits

    @property
    def window_minutes(self) -> int:
        return int(self.limits.window.total_seconds() // 60)

    def refuses(self, account: str, client: str, *, known_device: bool) -> bool:
        account, client = _keys(account, client)
        failures = self.counter.count(account, client, since=utcnow() - self.limits.window)
        if failures.pair >= self.limits.per_pair:
            return True
        if known_device:
            return False
        return failures.client >= self.limits.per_client or failures.account >= self.limits.per_account

    def failed(self, account: str, client: str) -> None:
        self.counter.add(*_keys(account, client), at=utcnow(), window=self.limits.window)

    def succeeded(self, account: str, client: str) -> None:
        self.counter.forget_pair(*_keys(account, client))


class Unlimited:
    """RATELIMIT_ENABLED = False (tests that sign in many times): nothing is counted or refused."""

    window_minutes = 0

    def refuses(self, account: str, client: str, *, known_device: bool) -> bool:
        return False

    def failed(self, account: str, client: str) -> None:
        pass

    def succeeded(self, account: str, client: str) -> None:
        pass


def login_throttle() -> Throttle | Unlimited:
    """The app's throttle, made on first use (it holds the Redis connection pool)."""
    app = current_app._get_current_object()
    if not app.config["RATELIMIT_ENABLED"]:
        return Unlimited()
    throttle = app.extensions.get("hrflow.login_throttle")
    if throttle is None:
        throttle = app.extensions["hrflow.login_throttle"] = Throttle(_counter_for(app), Limits.from_config(app.config))
    return throttle


def _counter_for(app: Flask) -> Counter:
    if not app.config.get("REDIS_URL"):
        return DatabaseCounter()
    return FallbackCounter(RedisCounter(app.config["REDIS_URL"], app.config["LOGIN_THROTTLE_KEY_PREFIX"]),
                           DatabaseCounter())


def _keys(account: str, client: str) -> tuple[str, str]:
    return account[:ACCOUNT_LENGTH], (client or "unknown")[:CLIENT_LENGTH]


# ---------------------------------------------------------------- the database


class DatabaseCounter:
    """One row per failure. Rows are only ever inserted and deleted, so concurrent workers never lose a
    count; deletions skip rows another transaction holds (that one is deleting them), so none waits."""

    def count(self, account: str, client: str, since: datetime) -> Failures:
        same_account, same_client = LoginFailure.account == account, LoginFailure.client == client
        query = (select(_count_where(and_(same_account, same_client)), _count_where(same_client),
                        _count_where(same_account))
                 .where(LoginFailure.at > since, or_(same_account, same_client)))
        return Failures(*db.session.execute(query).one())

    def add(self, account: str, client: str, at: datetime, window: timedelta) -> None:
        _delete_unlocked(LoginFailure.at <= at - window)  # old rows go as new ones come
        db.session.add(LoginFailure(account=account, client=client, at=at))

    def forget_pair(self, account: str, client: str) -> None:
        _delete_unlocked(and_(LoginFailure.account == account, LoginFailure.client == client))


def _count_where(condition: ColumnElement[bool]):
    return func.count(case((condition, 1)))


def _delete_unlocked(condition: ColumnElement[bool]) -> None:
    """FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer at a time and no row locks."""
    rows = select(LoginFailure.id).where(condition).with_for_update(skip_locked=True)
    db.session.execute(delete(LoginFailure).where(LoginFailure.id.in_(rows)).execution_options(
        synchronize_session=False))


# ---------------------------------------------------------------- Redis


class RedisCounter:
    """A sorted set per key (pair, client, account), scored by the time of each failure; a key expires
    with the window after its last failure."""

    def __init__(self, url: str, prefix: str):
        # A Redis that does not answer must not hold a sign-in for long: the database counts instead.
        self.redis = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self.prefix = prefix

    def _keys(self, account: str, client: str) -> tuple[str, str, str]:
        return (f"{self.prefix}:pair:{json.dumps([account, client])}", f"{self.prefix}:client:{client}",
                f"{self.prefix}:account:{account}")

    def count(self, account: str, client: str, since: datetime) -> Failures:
        with self.redis.pipeline(transaction=False) as pipe:
            for key in self._keys(account, client):
                pipe.zcount(key, f"({_epoch(since)}", "+inf")
            return Failures(*pipe.execute())

    def add(self, account: str, client: str, at: datetime, window: timedelta) -> None:
        member = f"{_epoch(at)}:{secrets.token_hex(4)}"
        with self.redis.pipeline() as pipe:  # MULTI … EXEC: all three keys or none
            for key in self._keys(account, client):
                pipe.zadd(key, {member: _epoch(at)})
                pipe.zremrangebyscore(key, "-inf", _epoch(at - window))
                pipe.expire(key, int(window.total_seconds()) + 1)
            pipe.execute()

    def forget_pair(self, account: str, client: str) -> None:
        """Each failure is one member of all three sets: it leaves the address's and the name's counts too."""
        pair, by_client, by_account = self._keys(account, client)
        members = self.redis.zrange(pair, 0, -1)
        with self.redis.pipeline() as pipe:
            if members:
                pipe.zrem(by_client, *members)
                pipe.zrem(by_account, *members)
            pipe.delete(pair)
            pipe.execute()


def _epoch(moment: datetime) -> float:
    return moment.replace(tzinfo=UTC).timestamp()


class FallbackCounter:
    """Redis, or the database while Redis cannot be reached: a sign-in never fails for want of Redis."""

    def __init__(self, primary: Counter, fallback: Counter):
        self.primary, self.fallback = primary, fallback

    def _call(self, name: str, *args, **kwargs):
        try:
            return getattr(self.primary, name)(*args, **kwargs)
        except redis.RedisError as error:
            log.error("login failures counted in the database: Redis is unreachable (%s)", error)
            return getattr(self.fallback, name)(*args, **kwargs)

    def count(self, account: str, client: str, since: datetime) -> Failures:
        return self._call("count", account, client, since)

    def add(self, account: str, client: str, at: datetime, window: timedelta) -> None:
        self._call("add", account, client, at=at, window=window)

    def forget_pair(self, account: str, client: str) -> None:
        self._call("forget_pair", account, client)
