"""Login attempts are rate-limited per client: memory storage by default, Redis when configured."""

import secrets

import pytest
import redis

from hrflow import create_app

REDIS_URL = "redis://127.0.0.1:6379/15"


def limited_app(database_url, **extra):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False,
                       "SECRET_KEY": "x", "LOGIN_RATE_LIMIT": "3 per minute", **extra})


def attempt(client):
    return client.post("/login", data={"username": "nobody", "password": "wrong-password"})


def test_fourth_login_attempt_in_a_minute_is_refused(database_url):
    client = limited_app(database_url).test_client()
    assert [attempt(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = attempt(client)
    assert refused.status_code == 429
    assert "过于频繁" in refused.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # reading the page is not limited


def test_limits_are_shared_through_redis(database_url):
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is expected on 127.0.0.1:6379 on these machines")
    prefix = f"hrflow-test-{secrets.token_hex(4)}"
    # Two app instances (two workers) share one counter in Redis.
    first = limited_app(database_url, REDIS_URL=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix).test_client()
    second = limited_app(database_url, REDIS_URL=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix).test_client()
    try:
        assert [attempt(first).status_code for _ in range(2)] == [200, 200]
        assert attempt(second).status_code == 200
        assert attempt(second).status_code == 429
        assert any(prefix in key.decode() for key in server.scan_iter(f"*{prefix}*"))
    finally:
        for key in server.scan_iter(f"*{prefix}*"):
            server.delete(key)
