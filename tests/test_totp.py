"""Two-step sign-in (TOTP): enrolment, the code after the password, wrong and replayed codes, recovery codes,
roles that must use it, the administrator's reset, remember-me and the sign-in limits."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import select

from hrflow.auth import totp
from hrflow.auth.signin import PENDING, SECOND_STEP
from hrflow.extensions import db
from hrflow.models import AuditLog, User
from hrflow.models.auth import RecoveryCode
from tests.conftest import PASSWORD


def enrolled(user: User) -> tuple[pyotp.TOTP, list[str]]:
    """Two-step sign-in on for `user`, confirmed with the previous step's code (so the current one is
    still unused); returns the phone's generator and the recovery codes."""
    secret = totp.new_secret()
    phone = pyotp.TOTP(secret)
    codes = totp.enrol(user, secret, phone.at(time.time() - 30))
    db.session.commit()
    return phone, codes


def sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post("/login", data={"username": username, "password": password, **extra})


def send_code(client, code: str):
    return client.post("/login/code", data={"code": code})


def signed_in(client) -> bool:
    return client.get("/password").status_code == 200


def audit_rows(action: str) -> list[AuditLog]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


@pytest.fixture
def required(app, monkeypatch):
    """Two-step sign-in required of HR and administrators for this test."""
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_ROLES", "admin,hr")


# ---------------------------------------------------------------- enrolment


def test_totp_enrolment_shows_a_qr_code_and_turns_on_with_a_right_code(client, login, make_user):
    user = login(make_user("employee"))
    page = client.get("/two-factor/enrol")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert client.get("/two-factor/enrol").get_data(as_text=True).count(secret[:4] + " " + secret[4:8]) == 1  # same secret

    refused = client.post("/two-factor/enrol", data={"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"})
    assert refused.status_code == 422 and "验证码不正确" in refused.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.has_totp

    done = client.post("/two-factor/enrol", data={"code": pyotp.TOTP(secret).now()})
    html = done.get_data(as_text=True)
    assert done.status_code == 200
    codes = re.findall(r'class="recovery-code fs-6">([A-Z0-9-]+)<', html)
    assert len(codes) == 10 and len(set(codes)) == 10
    db.session.refresh(user)
    assert user.has_totp and user.totp_secret != secret and totp.unseal(user.totp_secret) == secret
    assert db.session.scalar(select(RecoveryCode.digest).where(RecoveryCode.user_id == user.id)) not in codes
    assert [row.actor for row in audit_rows("auth.totp_enrol")] == [user.username]
    # This session goes on (it passed the code); the settings page says so and the codes are not shown again.
    settings = client.get("/two-factor").get_data(as_text=True)
    assert "已开启" in settings and codes[0] not in settings
    assert client.get("/two-factor/enrol").status_code == 302


def test_totp_secret_cannot_be_read_under_another_secret_key(app, make_user, make_app):
    user = make_user("hr")
    enrolled(user)
    assert totp.unseal(user.totp_secret) is not None
    with make_app(SECRET_KEY="another-key").app_context():
        assert totp.unseal(user.totp_secret) is None


# ---------------------------------------------------------------- signing in with a code


def test_totp_sign_in_takes_the_password_then_the_code(client, make_user):
    user = make_user("hr")
    phone, _codes = enrolled(user)
    first = sign_in(client, user.username)
    assert first.status_code == 302 and first.headers["Location"].endswith("/login/code")
    assert not signed_in(client)  # the password alone opens nothing

    assert client.get("/login/code").status_code == 200
    second = send_code(client, phone.now())
    assert second.status_code == 302 and signed_in(client)
    [login] = audit_rows("auth.login")
    assert login.user_id == user.id and login.details["second_step"] == "totp" and login.details["method"] == "password"


def test_totp_wrong_code_is_refused_and_recorded(client, make_user):
    user = make_user("hr")
    phone, _codes = enrolled(user)
    sign_in(client, user.username)
    wrong = "123456" if phone.now() != "123456" else "654321"
    response = send_code(client, wrong)
    assert response.status_code == 200 and "验证码不正确或已经用过" in response.get_data(as_text=True)
    assert not signed_in(client)
    [failure] = audit_rows("auth.login_failed")
    assert failure.user_id == user.id and failure.details["reason"] == "code"
    assert send_code(client, phone.now()).status_code == 302 and signed_in(client)  # the sign-in still waits


def test_totp_code_once_used_cannot_be_replayed(client, make_user, app):
    user = make_user("hr")
    phone, _codes = enrolled(user)
    code = phone.now()
    sign_in(client, user.username)
    assert send_code(client, code).status_code == 302
    other = app.test_client()
    sign_in(other, user.username)
    assert send_code(other, code).status_code == 200
    assert not signed_in(other)
    assert audit_rows("auth.login_failed")[-1].details["reason"] == "code"


def test_totp_recovery_code_opens_one_sign_in_only(client, make_user, app):
    user = make_user("hr")
    _phone, codes = enrolled(user)
    sign_in(client, user.username)
    response = send_code(client, codes[3].lower().replace("-", " "))  # as someone might type it
    assert response.status_code == 302 and signed_in(client)
    assert totp.recovery_codes_left(user) == 9
    assert audit_rows("auth.login")[-1].details["second_step"] == "recovery_code"

    again = app.test_client()
    sign_in(again, user.username)
    assert send_code(again, codes[3]).status_code == 200 and not signed_in(again)


def test_totp_regenerating_recovery_codes_needs_the_password_and_voids_the_old_ones(client, login, make_user, app):
    user = make_user("hr")
    _phone, old_codes = enrolled(user)
    login(user)
    with client.session_transaction() as session:
        session[SECOND_STEP] = user.id
    refused = client.post("/two-factor/recovery-codes", data={"codes-password": "wrong"})
    assert refused.status_code == 422 and "密码不正确" in refused.get_data(as_text=True)
    made = client.post("/two-factor/recovery-codes", data={"codes-password": PASSWORD})
    new_codes = re.findall(r'class="recovery-code fs-6">([A-Z0-9-]+)<', made.get_data(as_text=True))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    other = app.test_client()
    sign_in(other, user.username)
    assert send_code(other, old_codes[0]).status_code == 200
    assert send_code(other, new_codes[0]).status_code == 302


def test_totp_pending_sign_in_expires(client, make_user):
    user = make_user("hr")
    phone, _codes = enrolled(user)
    sign_in(client, user.username)
    with client.session_transaction() as session:
        session[PENDING] = {**session[PENDING], "since": int(time.time()) - 3600}
    response = send_code(client, phone.now())
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert not signed_in(client)


def test_totp_turning_off_needs_the_password_and_is_refused_when_required(client, login, make_user, app, monkeypatch):
    user = make_user("employee")
    enrolled(user)
    login(user)
    with client.session_transaction() as session:
        session[SECOND_STEP] = user.id
    assert client.post("/two-factor/off", data={"off-password": "wrong"}).status_code == 422
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_ROLES", "employee")
    refused = client.post("/two-factor/off", data={"off-password": PASSWORD})
    assert refused.status_code == 422 and "不能关闭" in refused.get_data(as_text=True)
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_ROLES", "")
    assert client.post("/two-factor/off", data={"off-password": PASSWORD}).status_code == 302
    db.session.refresh(user)
    assert not user.has_totp and totp.recovery_codes_left(user) == 0
    assert [row.actor for row in audit_rows("auth.totp_disable")] == [user.username]
    assert sign_in(app.test_client(), user.username).headers["Location"] == "/"  # the password alone again


# ---------------------------------------------------------------- roles that must use it


def test_totp_required_role_enrols_before_anything_else(client, make_user, required):
    user = make_user("hr")
    first = sign_in(client, user.username, next="/posts/")
    assert first.headers["Location"].endswith("/two-factor/enrol")
    assert not signed_in(client)
    page = client.get("/two-factor/enrol").get_data(as_text=True)
    assert "必须使用两步验证" in page
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    done = client.post("/two-factor/enrol", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and len(re.findall(r'class="recovery-code fs-6"', done.get_data(as_text=True))) == 10
    assert signed_in(client)
    assert audit_rows("auth.login")[-1].details["second_step"] == "enrolment"


def test_totp_required_role_already_signed_in_is_held_on_the_enrolment_page(client, login, make_user, required):
    login(make_user("hr"))
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/two-factor/enrol")
    assert client.get("/two-factor/enrol").status_code == 200


def test_totp_is_optional_for_roles_not_required(client, make_user, required):
    user = make_user("employee")
    response = sign_in(client, user.username)
    assert response.status_code == 302 and "/two-factor" not in response.headers["Location"]
    assert signed_in(client)


# ---------------------------------------------------------------- the administrator's reset


def test_admin_totp_reset_needs_a_reason_is_audited_ends_sessions_and_forces_enrolment(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_ROLES", "hr")
    hr, admin = make_user("hr"), make_user("admin")
    phone, _codes = enrolled(hr)
    lost_phone = app.test_client()
    sign_in(lost_phone, hr.username)
    assert send_code(lost_phone, phone.now()).status_code == 302 and signed_in(lost_phone)

    office = app.test_client()
    with office.session_transaction() as session:
        session["_user_id"] = admin.get_id()
    assert "重置两步验证" in office.get(f"/admin/users/{hr.id}/edit").get_data(as_text=True)
    refused = office.post(f"/admin/users/{hr.id}/reset-two-step", data={"totp-reason": " "})
    assert refused.status_code == 422
    db.session.refresh(hr)
    assert hr.has_totp and audit_rows("users.reset_totp") == []

    done = office.post(f"/admin/users/{hr.id}/reset-two-step", data={"totp-reason": "手机丢失"})
    assert done.status_code == 302
    db.session.refresh(hr)
    assert not hr.has_totp and totp.recovery_codes_left(hr) == 0
    [row] = audit_rows("users.reset_totp")
    assert row.actor == admin.username and row.reason == "手机丢失" and row.object_id == hr.id
    assert not signed_in(lost_phone)  # every session of theirs ended
    assert sign_in(app.test_client(), hr.username).headers["Location"].endswith("/two-factor/enrol")


def test_admin_totp_reset_is_refused_for_a_user_without_it(client, login, make_user):
    login(make_user("admin"))
    employee = make_user("employee")
    assert "重置两步验证" not in client.get(f"/admin/users/{employee.id}/edit").get_data(as_text=True)
    refused = client.post(f"/admin/users/{employee.id}/reset-two-step", data={"totp-reason": "试试"})
    assert refused.status_code == 422 and "没有开启两步验证" in refused.get_data(as_text=True)


# ---------------------------------------------------------------- remember-me


def test_totp_remember_me_does_not_bypass_the_second_step(app, client, make_user):
    user = make_user("hr")
    phone, _codes = enrolled(user)
    sign_in(client, user.username, remember="y")
    response = send_code(client, phone.now())
    assert response.status_code == 302
    assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))
    # A remember-me cookie for the account, however it was got, does not sign a fresh browser in; the same
    # cookie for an account without a second step does.
    for account, opens in ((user, False), (make_user("employee"), True)):
        stranger = app.test_client()
        stranger.set_cookie("remember_token", encode_cookie(account.get_id()), domain="hrflow.test")
        assert signed_in(stranger) is opens


def test_totp_enrolment_voids_remember_me_cookies_made_with_the_password_alone(app, client, make_user):
    user = make_user("employee")
    sign_in(client, user.username, remember="y")
    cookie = client.get_cookie("remember_token", domain="hrflow.test").value
    copy = app.test_client()
    copy.set_cookie("remember_token", cookie, domain="hrflow.test")
    assert signed_in(copy)
    enrolled(user)
    late_copy = app.test_client()
    late_copy.set_cookie("remember_token", cookie, domain="hrflow.test")
    assert not signed_in(late_copy)


# ---------------------------------------------------------------- the sign-in limits


def test_totp_wrong_codes_count_in_the_throttle(make_app, make_user):
    app = make_app(LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT=3, SECRET_KEY="test-secret")
    user = make_user("hr")
    phone, _codes = enrolled(user)
    browser = app.test_client()
    sign_in(browser, user.username)
    wrong = "000000" if phone.now() != "000000" else "111111"
    for _ in range(3):
        assert send_code(browser, wrong).status_code == 200
    locked = send_code(browser, phone.now())  # right, but past the limit
    assert locked.status_code == 429 and locked.headers["Retry-After"]
    assert sign_in(browser, user.username).status_code == 429  # the password page counts the same failures
    reasons = [row.details["reason"] for row in audit_rows("auth.login_failed")]
    assert reasons == ["code", "code", "code", "locked", "locked"]


def test_totp_password_success_does_not_forget_wrong_codes(make_app, make_user):
    """Signing in with the password again would otherwise reset the count: unlimited guesses at the code."""
    app = make_app(LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT=3, SECRET_KEY="test-secret")
    user = make_user("hr")
    phone, _codes = enrolled(user)
    browser = app.test_client()
    wrong = "000000" if phone.now() != "000000" else "111111"
    for _ in range(3):
        assert sign_in(browser, user.username).status_code == 302
        assert send_code(browser, wrong).status_code == 200
    assert sign_in(browser, user.username).status_code == 429


def test_totp_required_roles_are_read_from_a_comma_separated_setting(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_ROLES", " admin , hr,")
    assert totp.required_roles() == {"admin", "hr"}
    assert totp.is_required(make_user("hr")) and not totp.is_required(make_user("head"))
    monkeypatch.setitem(app.config, "TOTP_REQUIRED_ROLES", "")
    assert totp.required_roles() == set()


def test_totp_issuer_is_the_unit_unless_configured(app, make_user, monkeypatch):
    user = make_user("hr", username="zhang")
    uri = totp.provisioning_uri(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert uri.startswith("otpauth://totp/") and "secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in uri
    assert pyotp.parse_uri(uri).issuer == app.config["UNIT_NAME"]
    monkeypatch.setitem(app.config, "TOTP_ISSUER", "图书馆人事")
    assert pyotp.parse_uri(totp.provisioning_uri(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).issuer == "图书馆人事"
