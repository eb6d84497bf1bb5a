"""What a hostile or unlucky client can try, asked over HTTP of a served instance (gunicorn, two workers;
PostgreSQL when HRFLOW_TEST_DATABASE_URL is set), as an outside client would: every answer is a clear
page or a refusal, never a 500, never another host.

The sign-in limits are on here (the other served tests switch them off to sign in freely)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
import requests

from tests.live import LiveServer, csrf_of, live_server, signed_in
from tests.test_import_limits import one_row_of_empty_cells, workbook

OFF_SITE_TARGETS = ["/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "/%5Cevil.example",
                    "/\\evil.example", "//evil.example", "https://evil.example/", "javascript:alert(1)",
                    "/%00/x"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("hardening"), workers=2, threads=2,
                     overrides={"HRFLOW_RATELIMIT_ENABLED": "true"}) as running:
        yield running


def browser() -> requests.Session:
    session = requests.Session()
    session.headers["Connection"] = "close"  # see tests/live.signed_in
    return session


def sign_in(server: LiveServer, session: requests.Session, role: str, *, path: str = "/login",
            remember: bool = False) -> requests.Response:
    login = server.logins[role]
    token = csrf_of(session.get(server.url + "/login", timeout=30).text)
    data = {"csrf_token": token, "username": login["username"], "password": login["password"]}
    if remember:
        data["remember"] = "y"
    return session.post(server.url + path, data=data, timeout=30, allow_redirects=False)


@pytest.mark.parametrize("target", OFF_SITE_TARGETS)
def test_after_sign_in_only_a_same_site_path_is_followed(server, target):
    response = sign_in(server, browser(), "employee", path=f"/login?next={target}")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", urlsplit(server.url).netloc) and location.scheme in ("", "http")
    assert location.path.startswith("/") and not location.path.startswith("//") and "evil" not in location.path


def test_a_same_site_next_is_followed(server):
    response = sign_in(server, browser(), "employee", path="/login?next=/password")
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/password"


def test_pages_and_pdfs_with_personal_data_are_never_stored(server):
    session = signed_in(server, "employee")
    page = session.get(server.url + "/my-post", timeout=30)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    pdf_link = re.search(r'href="(/print/[^"]+)"', page.text)
    assert pdf_link, "my post page links its 岗位说明书"
    pdf = session.get(server.url + pdf_link.group(1).replace("&amp;", "&"), timeout=60)
    assert pdf.headers["Content-Type"] == "application/pdf" and pdf.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in page.headers  # served over plain HTTP here


def test_log_out_ends_the_session_on_the_server(server):
    session = signed_in(server, "hr")
    copied = requests.Session()
    copied.headers["Connection"] = "close"
    copied.cookies.update(session.cookies)
    assert copied.get(server.url + "/posts/", timeout=30, allow_redirects=False).status_code == 200
    token = csrf_of(session.get(server.url + "/posts/", timeout=30).text)
    assert session.post(server.url + "/logout", data={"csrf_token": token}, timeout=30,
                        allow_redirects=False).status_code == 302
    stale = copied.get(server.url + "/posts/", timeout=30, allow_redirects=False)
    assert stale.status_code == 302 and "/login" in stale.headers["Location"]


def test_the_remember_me_cookie_is_http_only_same_site_and_lasts_fourteen_days(server):
    response = sign_in(server, browser(), "head", remember=True)
    assert response.status_code == 302
    cookie = next(c for c in response.raw.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    assert abs(expires - (datetime.now(UTC) + timedelta(days=14))) < timedelta(minutes=5)


@pytest.mark.parametrize(("role", "path"), [
    ("hr", "/posts/99999999999999999999"), ("hr", "/posts/2147483648"), ("hr", "/recruitment/99999999999999999999"),
    ("hr", "/assessment/99999999999999999999"), ("admin", "/admin/users?page=99999999999999999999"),
    ("admin", "/admin/audit?page=9223372036854775808"),
])
def test_ids_and_page_numbers_beyond_a_column_are_not_found(server, role, path):
    response = signed_in(server, role).get(server.url + path, timeout=30)
    assert response.status_code == 404, response.text[:300]
    assert "Traceback" not in response.text


def upload(server: LiveServer, session: requests.Session, path: str, field: str, name: str,
           data: bytes) -> requests.Response:
    token = csrf_of(session.get(server.url + path, timeout=30).text)
    return session.post(server.url + path, data={"csrf_token": token}, files={field: (name, data)}, timeout=120)


def test_a_spreadsheet_that_unpacks_to_millions_of_cells_is_refused_and_the_worker_lives(server):
    hr = signed_in(server, "hr")
    bomb = workbook(one_row_of_empty_cells(5_000_000))
    assert len(bomb) < 300_000
    refused = upload(server, hr, "/posts/import", "table", "岗位表.xlsx", bomb)
    assert refused.status_code == 422 and "这一行的内容过多" in refused.text
    assert hr.get(server.url + "/posts/", timeout=30).status_code == 200  # the same workers still answer


def test_a_number_too_large_for_its_column_is_refused_naming_row_and_column(server):
    table = "部门,岗位设置,设岗人数,实聘人数,岗位职责,任职条件,考核标准\n古籍部2人,主任,99999999999999999999,1,管理,本科,考核\n"
    refused = upload(server, signed_in(server, "hr"), "/posts/import", "table", "岗位表.csv", table.encode())
    assert refused.status_code == 422
    assert "第 2 行，设岗人数" in refused.text and "超出范围" in refused.text and "Traceback" not in refused.text


def test_a_nul_byte_or_control_character_in_a_field_is_refused_naming_it(server):
    session = signed_in(server, "employee")
    token = csrf_of(session.get(server.url + "/password", timeout=30).text)
    answer = session.post(server.url + "/password", timeout=30, data={
        "csrf_token": token, "old_password": "x\x00y", "new_password": "a\x01b", "confirm": "a\x01b"})
    assert answer.status_code in (200, 422) and "Traceback" not in answer.text
    assert "控制字符" in answer.text


def test_repeated_failed_sign_ins_are_refused_before_the_password_is_checked(server):
    """Last in this module: it leaves this client's address with failures counted."""
    session = browser()
    token = csrf_of(session.get(server.url + "/login", timeout=30).text)
    answers = [session.post(server.url + "/login", data={"csrf_token": token, "username": "no-such-user",
                                                         "password": f"guess-{i}"}, timeout=30)
               for i in range(6)]
    assert [a.status_code for a in answers[:5]] == [200] * 5
    assert answers[5].status_code == 429 and int(answers[5].headers["Retry-After"]) > 0
    assert "登录失败次数过多" in answers[5].text
    # Another account from the same address is not locked by that.
    assert sign_in(server, browser(), "employee").status_code == 302
