"""Password reset by mail: the link arrives at a real SMTP server, works once and for MAIL_RESET_MINUTES,
refuses tampering, ends every session of the account; asking for it answers the same for every name and
is limited like failed sign-ins."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from hrflow.auth.reset import reset_token
from hrflow.extensions import db
from hrflow.jobs.services import wait_for_all
from hrflow.models import AuditLog, OutgoingMail, User
from tests.conftest import PASSWORD
from tests.mail_server import text_of

LINK = re.compile(r"https?://\S+/password/reset/\S+")
NEW_PASSWORD = "a-brand-new-passphrase"
SAME_ANSWER = "如果该账号存在并登记了邮箱"


@pytest.fixture
def clerk(make_user):
    user = make_user("employee", username="clerk")
    user.email = "clerk@library.example"
    db.session.commit()
    return user


def _ask(client, identifier: str, address: str = "10.0.0.1"):
    return client.post("/password/forgot", data={"identifier": identifier}, environ_base={"REMOTE_ADDR": address},
                       follow_redirects=True)


def _mails() -> int:
    return db.session.scalar(select(func.count(OutgoingMail.id)))


def _path(link: str) -> str:
    return urlsplit(link).path


def test_the_login_page_links_to_the_forgotten_password_page(client):
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)
    page = client.get("/password/forgot").get_data(as_text=True)
    assert "用户名或邮箱" in page and 'name="identifier"' in page


def test_the_reset_mail_arrives_and_its_link_sets_a_new_password_once(client, clerk, smtp_server, mail_to, app):
    mail_to(smtp_server, BASE_URL="http://hr.library.local")
    signed_in_elsewhere = app.test_client()
    with signed_in_elsewhere.session_transaction() as session:
        session["_user_id"] = clerk.get_id()
    assert signed_in_elsewhere.get("/password").status_code == 200

    response = _ask(client, "Clerk@Library.Example")  # the address, typed in any case
    assert SAME_ANSWER in response.get_data(as_text=True)
    wait_for_all()
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "clerk@library.example"
    assert "重置" in message["Subject"] and "clerk" in text_of(message)
    link = LINK.search(text_of(message)).group(0)
    assert link.startswith("http://hr.library.local/password/reset/")

    page = client.get(_path(link))
    assert page.status_code == 200 and "设置新密码" in page.get_data(as_text=True)
    refused = client.post(_path(link), data={"new_password": "short", "confirm": "short"})
    assert refused.status_code == 422
    response = client.post(_path(link), data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")

    db.session.expire_all()
    user = db.session.get(User, clerk.id)
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert signed_in_elsewhere.get("/password").status_code == 302  # that session ended
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "users.password_reset"))
    assert entry.user_id == clerk.id and entry.object_id == clerk.id

    used = client.get(_path(link))
    assert used.status_code == 400 and "已使用或已失效" in used.get_data(as_text=True)
    assert client.post(_path(link), data={"new_password": "x" * 12, "confirm": "x" * 12}).status_code == 400
    login = client.post("/login", data={"username": "clerk", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_the_answer_is_the_same_whatever_is_asked(client, clerk, make_user, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)  # recorded as 未发送: enough to count the mails
    make_user("employee", username="no-address")
    disabled = make_user("employee", username="gone")
    disabled.email, disabled.active = "gone@library.example", False
    db.session.commit()
    answers = {}
    for identifier in ("clerk", "nobody", "nobody@library.example", "no-address", "gone", "clerk@library.example"):
        response = client.post("/password/forgot", data={"identifier": identifier})
        answers[identifier] = (response.status_code, response.headers.get("Location"))
        flashed = client.get("/login").get_data(as_text=True)
        assert SAME_ANSWER in flashed
    assert len(set(answers.values())) == 1
    assert _mails() == 2  # the clerk's, asked for by name and by address; nobody else's
    assert set(db.session.scalars(select(OutgoingMail.to_address))) == {"clerk@library.example"}


def test_an_expired_link_is_refused(client, clerk, monkeypatch, app):
    token = reset_token(clerk)
    assert client.get(f"/password/reset/{token}").status_code == 200
    later = time.time() + app.config["MAIL_RESET_MINUTES"] * 60 + 5
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400 and "已过期" in response.get_data(as_text=True)


def test_a_tampered_or_foreign_link_is_refused(client, clerk, make_user, app, monkeypatch):
    token = reset_token(clerk)
    payload, rest = token.split(".", 1)
    other = make_user("admin")
    forged = reset_token(other).split(".", 1)[0] + "." + rest  # the admin's id under the clerk's signature
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, "not-a-token"):
        response = client.get(f"/password/reset/{bad}")
        assert response.status_code == 400 and "无效" in response.get_data(as_text=True)
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-installation")
    assert client.get(f"/password/reset/{token}").status_code == 400


def test_a_changed_password_or_disabled_account_spends_the_link(client, clerk):
    token = reset_token(clerk)
    clerk.set_password("changed-in-the-meantime")
    db.session.commit()
    assert client.get(f"/password/reset/{token}").status_code == 400
    token = reset_token(clerk)
    clerk.active = False
    db.session.commit()
    assert client.get(f"/password/reset/{token}").status_code == 400


def test_asking_for_links_is_limited_per_name_and_address(make_app, make_user, clerk):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT=2, LOGIN_FAILURES_PER_CLIENT=4,
                   LOGIN_FAILURES_PER_ACCOUNT=3)
    browser = app.test_client()
    assert [_ask(browser, "clerk").status_code for _ in range(3)] == [200, 200, 429]
    assert "申请次数过多" in _ask(browser, "clerk").get_data(as_text=True)
    assert _ask(browser, "clerk", address="10.0.0.2").status_code == 200  # another address, its own count
    # Requests are not sign-in failures: the clerk still signs in from the first address.
    login = browser.post("/login", data={"username": "clerk", "password": PASSWORD},
                         environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert login.status_code == 302
