"""Signing in takes as long for unknown and disabled names as for real ones; signing out and changing the
password end copied sessions and remember-me cookies; the remember-me cookie is Secure and SameSite and
lasts the configured days."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from werkzeug.security import generate_password_hash

from hrflow.config import env_overrides
from hrflow.extensions import db
from tests.conftest import PASSWORD

NEW_PASSWORD = "a-much-longer-one-77"


@pytest.fixture
def make_app(make_app):
    """conftest's make_app with the sign-in limits off: these tests sign in and fail many times."""
    return lambda **extra: make_app(RATELIMIT_ENABLED=False, **extra)


def sign_in(browser, username: str, password: str = PASSWORD, remember: bool = False):
    data = {"username": username, "password": password}
    if remember:
        data["remember"] = "y"
    return browser.post("/login", data=data)


def signed_in(browser) -> bool:
    return browser.get("/password").status_code == 200


def cookie_attributes(response, name: str) -> dict[str, str]:
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "="))
    parts = [part.strip().split("=", 1) for part in cookie.split(";")[1:]]
    return {part[0].lower(): (part[1] if len(part) > 1 else "") for part in parts}


def browser_with(app, **cookies: str):
    """A new browser holding copies of another's cookies, and nothing else."""
    browser = app.test_client()
    for name, value in cookies.items():
        browser.set_cookie(name, value)
    return browser


# ---------------------------------------------------------------- the same time for every name


def test_unknown_and_disabled_names_take_as_long_to_refuse_as_a_real_one(make_app, make_user):
    """Measured with the unit's real scrypt cost (tens of milliseconds a check): without a check for
    unknown and disabled names those answers would come in a few milliseconds."""
    app = make_app(PASSWORD_HASH_METHOD="scrypt")
    real, disabled = make_user("hr", username="real-one"), make_user("hr", username="disabled-one")
    for user in (real, disabled):
        user.password_hash = generate_password_hash(PASSWORD, method="scrypt")
    disabled.active = False
    db.session.commit()
    browser = app.test_client()

    def median_seconds(username: str) -> float:
        sign_in(browser, username, "not-the-password")  # warm: templates, the dummy hash
        times = []
        for _ in range(5):
            start = time.perf_counter()
            assert sign_in(browser, username, "not-the-password").status_code == 200
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    real_time = median_seconds("real-one")
    for other in ("no-such-name", "disabled-one"):
        assert 0.5 * real_time <= median_seconds(other) <= 2 * real_time, other
    assert sign_in(browser, "disabled-one").status_code == 200  # the right password does not open it either
    assert not signed_in(browser)


# ---------------------------------------------------------------- signing out


def test_signing_out_ends_copies_of_the_session_and_of_the_remember_me_cookie(make_app, make_user):
    make_user("hr", username="leaver")
    app = make_app()
    browser = app.test_client()
    assert sign_in(browser, "leaver", remember=True).status_code == 302
    session_cookie, remember_cookie = browser.get_cookie("session").value, browser.get_cookie("remember_token").value
    assert signed_in(browser_with(app, session=session_cookie))  # the copies work while signed in
    assert signed_in(browser_with(app, remember_token=remember_cookie))

    response = browser.post("/logout")
    assert response.status_code == 302
    assert cookie_attributes(response, "remember_token")["expires"].startswith("Thu, 01 Jan 1970")
    assert not signed_in(browser)
    assert not signed_in(browser_with(app, session=session_cookie))
    assert not signed_in(browser_with(app, remember_token=remember_cookie))
    assert sign_in(app.test_client(), "leaver").status_code == 302  # the account itself is fine


def test_signing_out_on_one_computer_signs_out_the_others(make_app, make_user):
    make_user("hr", username="leaver")
    app = make_app()
    office, home = app.test_client(), app.test_client()
    sign_in(office, "leaver")
    sign_in(home, "leaver", remember=True)
    office.post("/logout")
    assert not signed_in(home)


# ---------------------------------------------------------------- changing the password


def test_a_password_change_ends_other_devices_remember_me_and_renews_this_ones(make_app, make_user):
    make_user("hr", username="changer")
    app = make_app()
    this, other = app.test_client(), app.test_client()
    sign_in(this, "changer", remember=True)
    sign_in(other, "changer", remember=True)
    others_remember = other.get_cookie("remember_token").value
    assert signed_in(browser_with(app, remember_token=others_remember))

    response = this.post("/password", data={"old_password": PASSWORD, "new_password": NEW_PASSWORD,
                                            "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert not signed_in(other)
    assert not signed_in(browser_with(app, remember_token=others_remember))
    assert signed_in(this)
    assert signed_in(browser_with(app, remember_token=this.get_cookie("remember_token").value))


# ---------------------------------------------------------------- the remember-me cookie


def test_remember_me_lasts_fourteen_days_by_default_samesite_lax_and_httponly(make_app, make_user):
    make_user("hr", username="keeper")
    app = make_app()
    assert "remember_token" not in str(sign_in(app.test_client(), "keeper").headers.getlist("Set-Cookie"))
    attributes = cookie_attributes(sign_in(app.test_client(), "keeper", remember=True), "remember_token")
    assert attributes["samesite"] == "Lax" and "httponly" in attributes and "secure" not in attributes
    expires = parsedate_to_datetime(attributes["expires"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=14))) < timedelta(minutes=5)


def test_remember_me_follows_the_configured_days_and_https(make_app, make_user, monkeypatch):
    assert env_overrides({"HRFLOW_REMEMBER_DAYS": "3", "HRFLOW_PROXY_FIX_X_FOR": "1"}) == {
        "REMEMBER_DAYS": 3, "PROXY_FIX_X_FOR": 1}
    make_user("hr", username="keeper")
    monkeypatch.setenv("HRFLOW_REMEMBER_DAYS", "3")
    monkeypatch.setenv("HRFLOW_SESSION_COOKIE_SECURE", "true")
    attributes = cookie_attributes(sign_in(make_app().test_client(), "keeper", remember=True), "remember_token")
    assert "secure" in attributes and attributes["samesite"] == "Lax"
    expires = parsedate_to_datetime(attributes["expires"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=3))) < timedelta(minutes=5)
