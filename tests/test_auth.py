"""Signing in and out, changing one's password, the language switch."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from hrflow.extensions import db
from hrflow.models import User
from tests.conftest import PASSWORD
from tests.test_security import csrf_client, csrf_token_of

GENERIC_FAILURE = "用户名或密码不正确。"
NEW_PASSWORD = "a-much-longer-one-77"


def sign_in(client, username: str, password: str = PASSWORD, next_url: str | None = None):
    url = "/login" if next_url is None else f"/login?next={next_url}"
    return client.post(url, data={"username": username, "password": password})


def alerts(response) -> list[str]:
    return [re.sub(r"\s+", " ", a).strip() for a in re.findall(r'role="alert">(.*?)</div>', response.get_data(as_text=True), re.S)]


def signed_in(client) -> bool:
    """/password is open to every signed-in user and redirects everyone else to the login page."""
    return client.get("/password").status_code == 200


def second_client_as(client, user: User):
    """Another browser holding a session of `user`, made before whatever the test does next."""
    other = client.application.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return other


# ---------------------------------------------------------------- signing in

@pytest.mark.parametrize(
    ("role", "home"),
    [("employee", "/home"), ("head", "/home"), ("hr", "/dashboard/"), ("admin", "/dashboard/")],
)
def test_login_lands_on_the_role_home(client, demo, role, home):
    login = next(entry for entry in demo["logins"] if entry["role"] == role)
    response = client.post("/login", data={"username": login["username"], "password": login["password"]},
                           follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == home


def test_wrong_password_and_unknown_user_get_the_same_message(client, make_user):
    make_user("hr", username="known")
    wrong_password = sign_in(client, "known", "not-the-password")
    unknown_user = sign_in(client, "nobody-by-this-name", "not-the-password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert alerts(wrong_password) == alerts(unknown_user) == [GENERIC_FAILURE]
    assert not signed_in(client)


def test_disabled_user_cannot_log_in(client, make_user):
    user = make_user("employee", username="gone")
    user.active = False
    db.session.commit()
    response = sign_in(client, "gone")
    assert alerts(response) == [GENERIC_FAILURE]
    assert not signed_in(client)


def test_username_is_matched_after_trimming_spaces(client, make_user):
    make_user("hr", username="trimmed")
    assert sign_in(client, "  trimmed ").status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("/posts/", "/posts/"),
        ("/posts/%3Fq%3D1", "/posts/?q=1"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/%5Cevil.example/", "/"),
        ("evil.example", "/"),
        # Browsers drop tabs and line breaks from a URL: "/\t/evil.example" would become "//evil.example".
        ("/%09/evil.example/", "/"),
        ("/%0a/evil.example/", "/"),
        ("/%0d/evil.example/", "/"),
        ("%20//evil.example/", "/"),
        ("/%00/evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/posts:8080//x", "/posts:8080//x"),
    ],
)
def test_next_only_allows_same_site_paths(client, make_user, next_url, location):
    make_user("hr", username="nexter")
    response = sign_in(client, "nexter", next_url=next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == location


def test_a_signed_in_user_visiting_login_goes_home(client, login, make_user):
    login(make_user("employee"))
    response = client.get("/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


# ---------------------------------------------------------------- signing out

def test_logout_is_post_only(client, login, make_user):
    login(make_user("hr"))
    assert client.get("/logout").status_code == 405
    assert signed_in(client)
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert not signed_in(client)


def test_logout_needs_the_csrf_token(app, make_user):
    user = make_user("hr")
    browser = csrf_client(app, user)
    assert browser.post("/logout").status_code == 400
    assert signed_in(browser)
    token = csrf_token_of(browser.get("/password"))
    assert browser.post("/logout", data={"csrf_token": token}).status_code == 302
    assert not signed_in(browser)


# ---------------------------------------------------------------- passwords

def test_password_change_refuses_a_wrong_old_password(client, login, make_user):
    user = login(make_user("employee"))
    before = user.password_hash
    response = client.post("/password", data={"old_password": "wrong-old-password", "new_password": NEW_PASSWORD,
                                              "confirm": NEW_PASSWORD})
    assert response.status_code == 200
    assert "原密码不正确" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == before
    assert user.check_password(PASSWORD)
    assert signed_in(client)


def test_password_change_keeps_this_session_and_ends_the_others(client, login, make_user):
    user = login(make_user("employee", username="changer"))
    other_browser = second_client_as(client, user)
    assert signed_in(other_browser)
    response = client.post("/password", data={"old_password": PASSWORD, "new_password": NEW_PASSWORD,
                                              "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(other_browser)  # its session token is the old one: the user loader refuses it
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    fresh = client.application.test_client()
    assert sign_in(fresh, "changer", NEW_PASSWORD).status_code == 302


def test_password_change_needs_matching_confirmation_and_eight_characters(client, login, make_user):
    user = login(make_user("employee"))
    mismatch = client.post("/password", data={"old_password": PASSWORD, "new_password": NEW_PASSWORD,
                                              "confirm": NEW_PASSWORD + "x"})
    short = client.post("/password", data={"old_password": PASSWORD, "new_password": "short7!", "confirm": "short7!"})
    assert "两次输入的密码不一致" in mismatch.get_data(as_text=True)
    assert short.status_code == 200 and "密码" in short.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_passwords_are_stored_as_scrypt_hashes_only(client, login, make_user):
    user = login(make_user("employee"))
    client.post("/password", data={"old_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    db.session.expire_all()
    stored = db.session.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored.startswith("scrypt:")
    row = db.session.execute(text('SELECT * FROM "user" WHERE id = :id'), {"id": user.id}).one()
    assert not any(NEW_PASSWORD in str(value) or PASSWORD in str(value) for value in row)


def test_the_unit_hashes_with_full_cost_scrypt_and_never_a_weaker_scheme(app):
    from hrflow.config import DefaultConfig

    assert DefaultConfig.PASSWORD_HASH_METHOD == "scrypt"
    user = User(username="cost")
    saved = app.config["PASSWORD_HASH_METHOD"]
    try:
        app.config["PASSWORD_HASH_METHOD"] = DefaultConfig.PASSWORD_HASH_METHOD
        user.set_password(NEW_PASSWORD)
        assert user.password_hash.startswith("scrypt:32768:8:1$")  # Werkzeug's default cost
        app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1"
        user.set_password(NEW_PASSWORD)
        assert user.password_hash.startswith("scrypt:32768:8:1$")
    finally:
        app.config["PASSWORD_HASH_METHOD"] = saved
    assert user.check_password(NEW_PASSWORD)


# ---------------------------------------------------------------- language

def test_language_switch_is_kept_in_the_session(client):
    assert 'lang="zh-CN"' in client.get("/login").get_data(as_text=True)
    response = client.post("/language/en", data={"next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    with client.session_transaction() as session:
        assert session["locale"] == "en"
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="en"' in page
    assert "Username" in page


def test_language_switch_is_stored_on_the_user(client, login, make_user):
    user = login(make_user("hr"))
    client.post("/language/en", data={"next": "/password"})
    db.session.refresh(user)
    assert user.locale == "en"
    assert 'lang="en"' in client.get("/password").get_data(as_text=True)
    client.post("/language/zh_CN", data={"next": "/password"})
    db.session.refresh(user)
    assert user.locale == "zh_CN"
    assert 'lang="zh-CN"' in client.get("/password").get_data(as_text=True)


def test_language_switch_ignores_unknown_languages_and_foreign_next(client):
    response = client.post("/language/xx", data={"next": "https://evil.example/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    with client.session_transaction() as session:
        assert "locale" not in session
    assert client.get("/language/en").status_code == 405
