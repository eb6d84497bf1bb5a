"""A signed-in session ends after IDLE_MINUTES without a request; “记住我” browsers stay signed in; static
files leave the session alone."""

from __future__ import annotations

import time

import pytest

from hrflow.auth.signin import SEEN
from tests.conftest import PASSWORD


@pytest.fixture
def one_minute(app, monkeypatch):
    monkeypatch.setitem(app.config, "IDLE_MINUTES", 1)


def idle_for(client, seconds: int) -> None:
    with client.session_transaction() as session:
        session[SEEN] = int(time.time()) - seconds


def test_an_idle_session_ends_with_a_message_and_a_way_back(client, login, make_user, one_minute):
    login(make_user("hr"))
    assert client.get("/password").status_code == 200
    idle_for(client, 90)
    response = client.get("/posts/?page=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/posts/?page%3D1"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "长时间未操作，已退出登录" in page
    assert client.get("/password").status_code == 302  # signed out for good


def test_a_session_used_within_the_limit_goes_on(client, login, make_user, one_minute):
    login(make_user("hr"))
    idle_for(client, 45)
    assert client.get("/password").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session[SEEN] < 5  # the request counts as activity


def test_no_limit_when_idle_minutes_is_zero(app, client, login, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "IDLE_MINUTES", 0)
    login(make_user("hr"))
    idle_for(client, 10 * 24 * 3600)
    assert client.get("/password").status_code == 200


def test_a_remembered_browser_is_not_signed_out_when_idle(client, make_user, one_minute):
    user = make_user("employee")
    client.post("/login", data={"username": user.username, "password": PASSWORD, "remember": "y"})
    idle_for(client, 3600)
    assert client.get("/password").status_code == 200


def test_static_files_leave_the_session_alone(client, login, make_user, one_minute):
    login(make_user("hr"))
    idle_for(client, 90)
    with client.session_transaction() as session:
        before = session[SEEN]
    assert client.get("/static/css/hrflow.css").status_code == 200
    with client.session_transaction() as session:
        assert session[SEEN] == before and "_user_id" in session  # neither activity nor the end of the session
    assert client.get("/password").status_code == 302  # still idle: the file did not count as activity


def test_idle_minutes_come_from_the_environment_as_a_number():
    from hrflow.config import env_overrides

    assert env_overrides({"HRFLOW_IDLE_MINUTES": "15"}) == {"IDLE_MINUTES": 15}
