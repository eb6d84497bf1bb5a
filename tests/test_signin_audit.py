"""Sign-ins on the audit log: each success and each refusal (wrong password, unknown name, wrong code,
past the limits) with the client's address; an unknown name is recorded under 'anonymous'."""

from __future__ import annotations

import requests
from sqlalchemy import create_engine, select, text

from hrflow.extensions import db
from hrflow.models import AuditLog
from tests.conftest import PASSWORD
from tests.live import csrf_of, live_server


def rows(action: str) -> list[AuditLog]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def sign_in(client, username: str, password: str = PASSWORD, address: str = "10.1.2.3"):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_a_successful_sign_in_is_recorded_with_its_address(client, make_user):
    user = make_user("hr")
    assert sign_in(client, user.username).status_code == 302
    [row] = rows("auth.login")
    assert (row.user_id, row.actor) == (user.id, user.username)
    assert row.details == {"method": "password", "second_step": None, "client": "10.1.2.3"}
    assert "10.1.2.3" in row.summary
    assert rows("auth.login_failed") == []


def test_a_wrong_password_is_recorded_under_the_account_and_an_unknown_name_under_anonymous(client, make_user):
    user = make_user("hr")
    assert sign_in(client, user.username, "wrong-password", "10.0.0.7").status_code == 200
    assert sign_in(client, "nobody-here", "wrong-password", "10.0.0.8").status_code == 200
    known, unknown = rows("auth.login_failed")
    assert (known.user_id, known.actor) == (user.id, user.username)
    assert known.details == {"username": user.username, "client": "10.0.0.7", "reason": "password"}
    assert (unknown.user_id, unknown.actor) == (None, "anonymous")
    assert unknown.details == {"username": "nobody-here", "client": "10.0.0.8", "reason": "password"}
    assert rows("auth.login") == []


def test_a_disabled_account_is_recorded_as_a_failure(client, make_user):
    user = make_user("hr")
    user.active = False
    db.session.commit()
    assert sign_in(client, user.username).status_code == 200
    [row] = rows("auth.login_failed")
    assert row.user_id == user.id and rows("auth.login") == []


def test_a_lockout_is_recorded_although_the_answer_is_429(make_app, make_user):
    app = make_app(LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT=2)
    make_user("hr", username="guessed")
    browser = app.test_client()
    for _ in range(2):
        assert sign_in(browser, "guessed", "wrong").status_code == 200
    assert sign_in(browser, "guessed", PASSWORD).status_code == 429
    assert [row.details["reason"] for row in rows("auth.login_failed")] == ["password", "password", "locked"]


def test_behind_a_trusted_proxy_the_forwarded_address_is_recorded(make_app, make_user):
    app = make_app(PROXY_FIX_X_FOR=1, RATELIMIT_ENABLED=False)
    user = make_user("hr")
    browser = app.test_client()
    browser.post("/login", data={"username": user.username, "password": PASSWORD},
                 headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert rows("auth.login")[0].details["client"] == "203.0.113.9"


def test_the_audit_log_page_names_sign_ins(client, login, make_user):
    user = make_user("hr")
    sign_in(client, user.username, "wrong")
    sign_in(client, user.username)
    client.post("/logout")
    login(make_user("admin"))
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "登录失败" in page and ">登录<" in page and "10.1.2.3" in page


def test_a_served_instance_records_sign_ins_with_the_address(tmp_path):
    with live_server(tmp_path, workers=1, threads=2) as server:
        hr = server.logins["hr"]
        browser = requests.Session()
        browser.headers["Connection"] = "close"
        for password in ("not-the-password", hr["password"]):
            token = csrf_of(browser.get(server.url + "/login", timeout=30).text)
            browser.post(server.url + "/login", data={"csrf_token": token, "username": hr["username"],
                                                      "password": password}, timeout=30, allow_redirects=False)
        engine = create_engine(server.env["HRFLOW_DATABASE_URL"])
        with engine.connect() as connection:
            found = connection.execute(text(
                "SELECT action, actor, summary FROM audit_log WHERE action IN ('auth.login', 'auth.login_failed') "
                "ORDER BY id")).all()
        engine.dispose()
    assert [(action, actor) for action, actor, _summary in found] == [
        ("auth.login_failed", hr["username"]), ("auth.login", hr["username"])]
    assert all("127.0.0.1" in summary for _action, _actor, summary in found)
