"""Browser journey: a department head signs in with the password of the unit's directory (a real slapd, see
tests/directory_servers.py) and lands on their department. The server is one of its own, configured for the
directory, on a fresh demo database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from tests.directory_servers import GROUPS, DirectoryGroup, DirectoryPerson, running_slapd
from tests.e2e.conftest import screenshot
from tests.live import live_server as serve

HEAD = DirectoryPerson("hezhiqiang", "head-directory-pass-5", "何志强")  # 工号: the demo 少儿部 head's
STRANGER = DirectoryPerson("visitor", "visitor-directory-pass-6", "访客", staff_no="X0001")


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    with running_slapd(tmp_path_factory.mktemp("slapd"), [], []) as server:
        yield server


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, slapd):
    """This module's server: the demo unit, signing in through the directory (every setting as the
    environment gives it)."""
    settings = slapd.settings(LDAP_GROUP_DEPARTMENTS={f"cn=shaoer-heads,{GROUPS}": "少儿部"})
    overrides = {f"HRFLOW_{name}": json.dumps(value, ensure_ascii=False) if isinstance(value, dict)
                 else str(value).lower() if isinstance(value, bool) else str(value)
                 for name, value in settings.items()}
    with serve(tmp_path_factory.mktemp("live-ldap"), workers=1, overrides=overrides) as server:
        engine = create_engine(server.env["HRFLOW_DATABASE_URL"])
        with engine.connect() as connection:
            staff_no = connection.execute(text(
                'SELECT employee.staff_no FROM "user" JOIN employee ON employee.id = "user".employee_id '
                "WHERE \"user\".username = 'head'")).scalar_one()
        engine.dispose()
        head = DirectoryPerson(HEAD.uid, HEAD.password, HEAD.name, staff_no=staff_no)
        slapd.add([head, STRANGER], [DirectoryGroup("shaoer-heads", (HEAD.uid,))])
        yield server


def sign_in(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def test_head_signs_in_through_the_directory_and_lands_on_their_department(page):
    sign_in(page, HEAD.uid, HEAD.password)
    assert "/login" not in page.url
    body = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
    assert "少儿部" in body
    screenshot(page, "ldap-head-landing")
    # Their department's posts, and no other department's.
    page.goto("/posts/")
    catalogue = page.inner_text("body")
    assert "少儿部" in catalogue and "办公室" not in catalogue
    screenshot(page, "ldap-head-catalogue")


def test_person_the_unit_has_not_registered_is_told_so(page):
    sign_in(page, STRANGER.uid, STRANGER.password)
    assert "/login" in page.url
    assert "目录中的账号未在本系统登记" in page.inner_text("body")
    screenshot(page, "ldap-not-registered")


def test_wrong_directory_password_is_the_usual_refusal(page):
    sign_in(page, HEAD.uid, "not-the-password")
    assert "/login" in page.url and "用户名或密码不正确" in page.inner_text("body")
