"""Failed sign-ins are limited per name and address, per address, and per name from every address; the counts
are shared by every worker (in the database, or in Redis when configured); one attacker stops only themselves."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
import redis
from sqlalchemy import func, select

from hrflow.auth.devices import COOKIE as DEVICE_COOKIE
from hrflow.extensions import db
from hrflow.models.auth import LoginFailure
from hrflow.models.base import utcnow
from tests.conftest import PASSWORD

REDIS_URL = "redis://127.0.0.1:6379/15"
# Small limits: 2 failures of one name from one address, 4 from one address, 3 of one name from everywhere.
LIMITS = {"LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT": 2, "LOGIN_FAILURES_PER_CLIENT": 4, "LOGIN_FAILURES_PER_ACCOUNT": 3}
TOO_MANY = "登录失败次数过多"


@pytest.fixture
def make_app(make_app):
    """make_app(**config) → an app like a gunicorn worker's (limits on, small ones) on the test database."""
    return lambda **extra: make_app(**{**LIMITS, **extra})


@pytest.fixture
def redis_prefix():
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is expected on 127.0.0.1:6379 on these machines")
    prefix = f"hrflow-test-{secrets.token_hex(4)}"
    yield prefix
    for key in server.scan_iter(f"{prefix}*"):
        server.delete(key)


@pytest.fixture(params=["database", "redis"])
def store(request) -> dict:
    """The configuration of each place the counts can live."""
    if request.param == "database":
        return {}
    return {"REDIS_URL": REDIS_URL, "LOGIN_THROTTLE_KEY_PREFIX": request.getfixturevalue("redis_prefix")}


def attempt(client, username: str, password: str = "wrong-password", address: str = "10.0.0.1", **kwargs):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address}, **kwargs)


def sign_in_and_out(app, username: str, address: str = "10.0.0.9"):
    """A browser that signs in (so it is known to the account) and out again; it keeps its device cookie."""
    browser = app.test_client()
    assert attempt(browser, username, PASSWORD, address).status_code == 302
    browser.post("/logout", environ_base={"REMOTE_ADDR": address})
    return browser


# ---------------------------------------------------------------- the three limits


def test_past_the_pair_limit_even_the_right_password_is_refused_from_that_address_only(make_app, make_user, store):
    make_user("hr", username="clerk")
    app = make_app(**store)
    attacker = app.test_client()
    assert [attempt(attacker, "clerk").status_code for _ in range(2)] == [200, 200]
    refused = attempt(attacker, "clerk", PASSWORD)
    assert refused.status_code == 429
    assert TOO_MANY in refused.get_data(as_text=True) and "15 分钟" in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"] == "900"
    assert attacker.get("/login").status_code == 200  # reading the page is not limited
    assert attempt(attacker, "someone-else").status_code == 200  # other names from that address: not yet
    assert attempt(app.test_client(), "clerk", PASSWORD, address="10.0.0.2").status_code == 302


def test_one_address_trying_many_names_is_stopped_and_nobody_else(make_app, make_user, store):
    make_user("hr", username="clerk")
    app = make_app(**store)
    attacker = app.test_client()
    assert [attempt(attacker, f"name-{n}").status_code for n in range(4)] == [200] * 4
    assert attempt(attacker, "clerk", PASSWORD).status_code == 429
    assert attempt(app.test_client(), "name-0", address="10.0.0.2").status_code == 200
    assert attempt(app.test_client(), "clerk", PASSWORD, address="10.0.0.2").status_code == 302


def test_guesses_from_many_addresses_lock_a_name_for_strangers_but_not_for_its_owners_browser(make_app, make_user,
                                                                                             store):
    make_user("hr", username="clerk")
    app = make_app(**store)
    owner = sign_in_and_out(app, "clerk")
    for n in range(3):  # one guess from each of three addresses: no address reaches its own limits
        assert attempt(app.test_client(), "clerk", address=f"10.1.0.{n}").status_code == 200
    assert attempt(app.test_client(), "clerk", PASSWORD, address="10.2.0.1").status_code == 429
    # The browser that signed in before still does, from a new address too.
    assert attempt(owner, "clerk", PASSWORD, address="10.2.0.2").status_code == 302
    # An unknown name is treated exactly alike, so a refusal does not tell which names exist.
    for n in range(3):
        assert attempt(app.test_client(), "no-such-user", address=f"10.1.0.{n}").status_code == 200
    assert attempt(app.test_client(), "no-such-user", address="10.2.0.1").status_code == 429


def test_a_device_cookie_exempts_only_its_own_names_and_only_from_this_installation(make_app, make_user):
    make_user("hr", username="clerk")
    make_user("hr", username="other")
    app = make_app()
    knows_other = sign_in_and_out(app, "other")
    elsewhere = sign_in_and_out(make_app(SECRET_KEY="another-installation"), "clerk")
    with_foreign_cookie = app.test_client()
    with_foreign_cookie.set_cookie(DEVICE_COOKIE, elsewhere.get_cookie(DEVICE_COOKIE, path="/login").value,
                                   path="/login")
    for n in range(3):
        attempt(app.test_client(), "clerk", address=f"10.1.0.{n}")
    assert attempt(knows_other, "clerk", PASSWORD, address="10.2.0.1").status_code == 429
    assert attempt(with_foreign_cookie, "clerk", PASSWORD, address="10.2.0.2").status_code == 429


def test_the_device_cookie_is_httponly_samesite_and_only_sent_to_the_login_page(make_app, make_user):
    make_user("hr", username="clerk")
    response = attempt(make_app(SESSION_COOKIE_SECURE=True).test_client(), "clerk", PASSWORD)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(DEVICE_COOKIE + "="))
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "secure", "samesite=lax", "path=/login", f"max-age={90 * 24 * 3600}"} <= attributes
    assert "clerk" not in cookie  # it does not show who signed in on this computer


# ---------------------------------------------------------------- what counts


def test_successes_are_not_counted_and_forget_only_their_own_pairs_failures(make_app, make_user, store):
    make_user("hr", username="clerk")
    app = make_app(**store)
    for _ in range(6):  # more sign-ins than any limit, each after a mistake
        assert attempt(app.test_client(), "clerk").status_code == 200
        assert attempt(app.test_client(), "clerk", PASSWORD).status_code == 302
    # Signing in to one's own account must not wipe the address's count of guesses at other names.
    browser = app.test_client()
    assert [attempt(browser, f"name-{n}").status_code for n in range(3)] == [200] * 3
    assert attempt(app.test_client(), "clerk", PASSWORD).status_code == 302
    assert attempt(browser, "name-3").status_code == 200
    assert attempt(browser, "name-4").status_code == 429


def test_two_workers_share_the_counts(make_app, store):
    first, second = make_app(**store).test_client(), make_app(**store).test_client()
    assert attempt(first, "clerk").status_code == 200
    assert attempt(second, "clerk").status_code == 200
    assert attempt(first, "clerk").status_code == 429


def test_counts_live_in_redis_when_it_is_configured(make_app, redis_prefix):
    app = make_app(REDIS_URL=REDIS_URL, LOGIN_THROTTLE_KEY_PREFIX=redis_prefix)
    attempt(app.test_client(), "clerk")
    assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 0
    keys = {key.decode() for key in redis.Redis.from_url(REDIS_URL).scan_iter(f"{redis_prefix}*")}
    assert {f"{redis_prefix}:client:10.0.0.1", f"{redis_prefix}:account:clerk"} <= keys


def test_an_unreachable_redis_leaves_the_counting_to_the_database(make_app, caplog):
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens on port 1
    client = app.test_client()
    assert [attempt(client, "clerk").status_code for _ in range(3)] == [200, 200, 429]
    assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 2
    assert "Redis is unreachable" in caplog.text


def test_failures_older_than_the_window_no_longer_count_and_are_deleted(make_app):
    app = make_app()
    old = utcnow() - timedelta(minutes=16)
    db.session.add_all([LoginFailure(account="clerk", client="10.0.0.1", at=old) for _ in range(5)])
    db.session.commit()
    assert attempt(app.test_client(), "clerk").status_code == 200
    db.session.expire_all()
    kept = db.session.scalars(select(LoginFailure.at)).all()
    assert len(kept) == 1 and kept[0] > old  # the new failure; the old ones were deleted as it came


def test_failures_sent_at_the_same_moment_are_all_counted(make_app):
    app = make_app(LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT=100, LOGIN_FAILURES_PER_CLIENT=100,
                   LOGIN_FAILURES_PER_ACCOUNT=100)
    barrier = Barrier(8)

    def fail(n: int) -> int:
        client = app.test_client()
        barrier.wait()
        return attempt(client, "clerk").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(fail, range(8), timeout=60))
    assert statuses == [200] * 8
    assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 8


# ---------------------------------------------------------------- the client's address behind a proxy


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_configured(make_app):
    def stopped_after_four(app, forwarded_for: str) -> int:
        """Four failures claiming to come from 192.0.2.1, then one claiming `forwarded_for`."""
        client = app.test_client()
        for n in range(4):
            attempt(client, f"name-{n}", headers={"X-Forwarded-For": "192.0.2.1"})
        return attempt(client, "name-0", headers={"X-Forwarded-For": forwarded_for}).status_code

    # Not behind a proxy: the header is anyone's to write, so the connection's address counts.
    assert stopped_after_four(make_app(), "192.0.2.2") == 429
    db.session.execute(LoginFailure.__table__.delete())
    db.session.commit()
    # Behind one proxy (nginx appends the address it saw): each forwarded client has its own count.
    behind_proxy = make_app(PROXY_FIX_X_FOR=1)
    assert stopped_after_four(behind_proxy, "192.0.2.2") == 200
    assert stopped_after_four(behind_proxy, "192.0.2.1") == 429
    # Only the last hop is trusted: a client cannot pick its address by prepending one.
    assert stopped_after_four(behind_proxy, "192.0.2.7, 192.0.2.1") == 429
