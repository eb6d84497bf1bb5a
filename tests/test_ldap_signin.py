"""Signing in through the unit's directory, against a real OpenLDAP server (slapd) the tests start and seed
(tests/directory_servers.py): linking by 工号, groups to roles and headed departments, refusals, the
throttle, TLS, and local accounts as the break-glass path."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import select

from hrflow.auth.devices import is_known_device
from hrflow.auth.directory import (
    DIRECTORY_DOWN,
    NOT_REGISTERED,
    DirectorySettings,
    DirectoryUnavailable,
    WrongPassword,
    find_person,
)
from hrflow.extensions import db
from hrflow.models import AuditLog, Department, Role, User
from tests.conftest import PASSWORD
from tests.directory_servers import GROUPS, DirectoryGroup, DirectoryPerson, free_port, running_slapd

HEAD = DirectoryPerson("zhangwei", "head-dir-pass-1", "张伟", staff_no="T0101")
STAFF = DirectoryPerson("lina", "staff-dir-pass-2", "李娜", staff_no="T0102")
HR_OFFICER = DirectoryPerson("hr-officer", "hr-dir-pass-3", "王芳")  # no 工号: linked by account name
STRANGER = DirectoryPerson("stranger", "stranger-pass-4", "赵强", staff_no="T9999")  # not in hrflow
PEOPLE = [HEAD, STAFF, HR_OFFICER, STRANGER]
DIRECTORY_GROUPS = [DirectoryGroup("shaoer-heads", (HEAD.uid,)), DirectoryGroup("hr-staff", (HR_OFFICER.uid,))]
MAPPINGS = {"LDAP_GROUP_ROLES": {f"cn=hr-staff,{GROUPS}": "hr"},
            # Written with other spacing and case than the server's: DNs compare as DNs.
            "LDAP_GROUP_DEPARTMENTS": {f"CN=shaoer-heads, {GROUPS}": "少儿部"}}


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    with running_slapd(tmp_path_factory.mktemp("slapd"), PEOPLE, DIRECTORY_GROUPS) as server:
        yield server


@pytest.fixture
def unit(make_employee, make_user):
    """少儿部 and 办公室; the head and the staff member as employees (the head already has a login)."""
    children, office = Department(name="少儿部"), Department(name="办公室")
    db.session.add_all([children, office])
    db.session.flush()
    head = make_employee(staff_no=HEAD.staff_no, name="张伟")
    staff = make_employee(staff_no=STAFF.staff_no, name="李娜")
    head_user = make_user("head", username="head", employee=head, departments=[children])
    db.session.commit()
    return {"children": children, "office": office, "head": head, "staff": staff, "head_user": head_user}


@pytest.fixture
def ldap_app(make_app, slapd):
    def make(**overrides):
        return make_app(**{"RATELIMIT_ENABLED": False, **slapd.settings(**MAPPINGS), **overrides})

    return make


def sign_in(app, username: str, password: str):
    browser = app.test_client()
    return browser, browser.post("/login", data={"username": username, "password": password})


def signed_in_as(browser) -> str | None:
    with browser.session_transaction() as session:
        user_id = session.get("_user_id")
    if not user_id:
        return None
    db.session.expire_all()
    return db.session.get(User, int(user_id.split(":")[0])).username


def page_text(response) -> str:
    return response.get_data(as_text=True)


# ---------------------------------------------------------------- who gets in, as whom


def test_ldap_head_signs_in_linked_by_staff_no_and_heads_their_department(ldap_app, unit):
    app = ldap_app()
    unit["head_user"].role, unit["head_user"].departments = Role.EMPLOYEE.value, []  # changed by hand meanwhile
    db.session.commit()
    browser, response = sign_in(app, HEAD.uid, HEAD.password)
    assert response.status_code == 302
    assert signed_in_as(browser) == "head"  # the account the 工号's employee already had
    user = db.session.scalar(select(User).where(User.username == "head"))
    assert user.role == Role.HEAD.value and [d.name for d in user.departments] == ["少儿部"]
    change = db.session.scalar(select(AuditLog).where(AuditLog.action == "users.update"))
    assert change.actor == "ldap" and change.details["after"]["departments"] == ["少儿部"]
    # The head's first page lists their department.
    assert "少儿部" in page_text(browser.get("/posts/", follow_redirects=True))


def test_ldap_employee_without_a_login_gets_one_with_no_local_password(ldap_app, unit):
    app = ldap_app()
    browser, response = sign_in(app, STAFF.uid, STAFF.password)
    assert response.status_code == 302 and signed_in_as(browser) == STAFF.uid
    user = db.session.scalar(select(User).where(User.username == STAFF.uid))
    assert user.employee_id == unit["staff"].id and user.role == Role.EMPLOYEE.value
    assert not user.check_password("") and not user.check_password(STAFF.password)
    created = db.session.scalar(select(AuditLog).where(AuditLog.action == "users.create"))
    assert created.actor == "ldap" and STAFF.staff_no in created.summary


def test_ldap_account_without_employee_is_linked_by_name_and_gets_the_groups_role(ldap_app, unit, make_user):
    make_user("employee", username=HR_OFFICER.uid)
    browser, response = sign_in(ldap_app(), HR_OFFICER.uid, HR_OFFICER.password)
    assert response.status_code == 302 and signed_in_as(browser) == HR_OFFICER.uid
    assert db.session.scalar(select(User.role).where(User.username == HR_OFFICER.uid)) == Role.HR.value


def test_ldap_person_unknown_to_hrflow_is_refused_and_never_created(ldap_app, unit):
    browser, response = sign_in(ldap_app(), STRANGER.uid, STRANGER.password)
    assert response.status_code == 200 and str(NOT_REGISTERED) in page_text(response)
    assert signed_in_as(browser) is None
    assert db.session.scalar(select(User).where(User.username == STRANGER.uid)) is None
    # An account without an employee is found by name only: HR's name in the directory is not enough.
    browser, response = sign_in(ldap_app(), HR_OFFICER.uid, HR_OFFICER.password)
    assert str(NOT_REGISTERED) in page_text(response) and signed_in_as(browser) is None


def test_ldap_disabled_account_is_refused(ldap_app, unit):
    unit["head_user"].active = False
    db.session.commit()
    browser, response = sign_in(ldap_app(), HEAD.uid, HEAD.password)
    assert response.status_code == 200 and "停用" in page_text(response) and signed_in_as(browser) is None


# ---------------------------------------------------------------- wrong passwords and hostile names


def test_ldap_wrong_password_is_refused_and_counted_by_the_throttle(ldap_app, unit):
    app = ldap_app(RATELIMIT_ENABLED=True)
    browser = app.test_client()
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT"]):
        response = browser.post("/login", data={"username": HEAD.uid, "password": "not-the-password"})
        assert response.status_code == 200 and "用户名或密码不正确" in page_text(response)
    # Past the limit even the right directory password is not looked at.
    response = browser.post("/login", data={"username": HEAD.uid, "password": HEAD.password})
    assert response.status_code == 429 and signed_in_as(browser) is None


def test_ldap_sign_in_forgets_the_failures_of_the_name_as_typed_and_trusts_the_browser_for_it(ldap_app, unit):
    """张伟 types his directory name (zhangwei); his hrflow account is "head", linked by 工号. His own
    mistakes before the right password are forgotten under the name he types, and this browser becomes a
    known device for that name, not only for the account's."""
    app = ldap_app(RATELIMIT_ENABLED=True)
    browser = app.test_client()
    limit = app.config["LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT"]
    for _ in range(limit - 1):
        browser.post("/login", data={"username": HEAD.uid, "password": "not-the-password"})
    assert browser.post("/login", data={"username": HEAD.uid, "password": HEAD.password}).status_code == 302
    assert signed_in_as(browser) == "head"
    browser.post("/logout", data={})
    for _ in range(limit - 1):  # as many again: had the first ones stayed, the last of these would be refused
        response = browser.post("/login", data={"username": HEAD.uid, "password": "not-the-password"})
        assert response.status_code == 200
    with app.test_request_context("/login", headers={"Cookie": f"hrflow_device={browser.get_cookie('hrflow_device', path='/login').value}"}):
        assert is_known_device(HEAD.uid)


def test_ldap_empty_password_never_binds(slapd, app):
    """The test server, like some in the field, answers a DN with an empty password as an anonymous bind."""
    settings = DirectorySettings.from_config({**app.config, **slapd.settings()})
    with pytest.raises(WrongPassword):
        find_person(settings, HEAD.uid, "")
    assert find_person(settings, HEAD.uid, HEAD.password).staff_no == HEAD.staff_no


@pytest.mark.parametrize("username", ["*)(uid=*", "zhang*", "*", f"{HEAD.uid})(|(uid=*"])
def test_ldap_filter_injection_finds_nobody(slapd, app, username):
    """Unescaped, "zhang*" would find 张伟 alone and bind as him with his password."""
    settings = DirectorySettings.from_config({**app.config, **slapd.settings()})
    assert find_person(settings, username, HEAD.password) is None


def test_ldap_name_the_directory_knows_is_decided_by_the_directory_alone(ldap_app, unit, make_user):
    """A local password of the same name does not open the account: the directory's password does."""
    make_user("employee", username=HR_OFFICER.uid)  # local password PASSWORD
    browser, response = sign_in(ldap_app(), HR_OFFICER.uid, PASSWORD)
    assert response.status_code == 200 and signed_in_as(browser) is None


# ---------------------------------------------------------------- local accounts, the break-glass path


def test_ldap_local_account_the_directory_does_not_know_still_signs_in(ldap_app, unit, make_user):
    make_user("admin", username="admin-local")
    browser, response = sign_in(ldap_app(), "admin-local", PASSWORD)
    assert response.status_code == 302 and signed_in_as(browser) == "admin-local"


def test_ldap_directory_down_local_admin_signs_in_and_others_hear_why(ldap_app, unit, make_user):
    make_user("admin", username="admin-local")
    app = ldap_app(LDAP_URL=f"ldap://127.0.0.1:{free_port()}", LDAP_TIMEOUT=1)  # nothing listens there
    browser, response = sign_in(app, "admin-local", PASSWORD)
    assert response.status_code == 302 and signed_in_as(browser) == "admin-local"
    browser, response = sign_in(app, HEAD.uid, HEAD.password)
    assert response.status_code == 200 and str(DIRECTORY_DOWN) in page_text(response)
    assert signed_in_as(browser) is None


def test_ldap_service_account_refused_counts_as_directory_down(slapd, app):
    settings = DirectorySettings.from_config({**app.config, **slapd.settings(LDAP_BIND_PASSWORD="wrong")})
    with pytest.raises(DirectoryUnavailable):
        find_person(settings, HEAD.uid, HEAD.password)


# ---------------------------------------------------------------- TLS


def test_ldap_over_ldaps_signs_in(ldap_app, unit, slapd):
    app = ldap_app(LDAP_URL=slapd.ldaps_url, LDAP_START_TLS=False)
    browser, response = sign_in(app, HEAD.uid, HEAD.password)
    assert response.status_code == 302 and signed_in_as(browser) == "head"


@pytest.mark.parametrize("tls", ["starttls", "ldaps"])
def test_ldap_certificate_from_another_authority_is_refused(slapd, app, tmp_path, tls):
    """The server's certificate is checked: one the configured CA did not sign means the directory is down,
    and the password is never sent."""
    other = tmp_path / "other-ca.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout",
                    str(tmp_path / "other.key"), "-out", str(other), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    overrides = {"LDAP_CA_FILE": str(other)}
    if tls == "ldaps":
        overrides.update(LDAP_URL=slapd.ldaps_url, LDAP_START_TLS=False)
    settings = DirectorySettings.from_config({**app.config, **slapd.settings(**overrides)})
    with pytest.raises(DirectoryUnavailable):
        find_person(settings, HEAD.uid, HEAD.password)
