"""Races over real HTTP: gunicorn with several worker processes, many signed-in browsers firing the same
request at once. Exactly the allowed number succeed, the rest get a clear message, nothing is corrupted.

Runs on SQLite and on PostgreSQL (HRFLOW_TEST_DATABASE_URL); loopback only, bounded in count and time."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.live import LiveServer, live_server

RACERS = 50
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("race"), workers=4, threads=2) as running:
        yield running


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def signed_in(server: LiveServer, role: str) -> requests.Session:
    browser = requests.Session()
    login = server.logins[role]
    token = csrf_of(browser.get(server.url + "/login", timeout=30).text)
    response = browser.post(server.url + "/login", data={"csrf_token": token, "username": login["username"],
                                                         "password": login["password"]}, timeout=30,
                            allow_redirects=False)
    assert response.status_code == 302, response.text[:500]
    return browser


def race(requests_to_fire: list) -> list[requests.Response]:
    """Fire every request at the same moment (a barrier), each from its own thread."""
    barrier = threading.Barrier(len(requests_to_fire))

    def fire(send):
        barrier.wait()
        return send()

    with ThreadPoolExecutor(max_workers=len(requests_to_fire)) as pool:
        return list(pool.map(fire, requests_to_fire))


def query(server: LiveServer, sql: str, **params):
    engine = create_engine(server.env["HRFLOW_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), params).all()
    finally:
        engine.dispose()


def post_id_of(server: LiveServer, department: str, key: str) -> int:
    rows = query(server, "SELECT p.id FROM post p JOIN department d ON d.id = p.department_id "
                         "WHERE d.name = :department AND p.key = :key", department=department, key=key)
    assert len(rows) == 1
    return rows[0][0]


def test_hr_officers_saving_one_post_at_once_keep_exactly_one_version(server):
    post_id = post_id_of(server, "采编部", "工作人员")
    edit_url = f"{server.url}/posts/{post_id}/edit"
    browsers = [signed_in(server, "hr") for _ in range(RACERS)]
    forms = []
    for index, browser in enumerate(browsers):
        page = browser.get(edit_url, timeout=30).text  # every officer opens the form on version 1
        forms.append((browser, {
            "csrf_token": csrf_of(page), "based_on": "1", "name": "工作人员", "category": "professional",
            "seats": str(3 + index), "recruitable": "y", "duties": "编目\n典藏", "requirements": "大专以上学历",
            "standard": "按时完成", "reason": f"第 {index} 位人事专员的调整",
        }))

    responses = race([lambda b=b, f=f: b.post(edit_url, data=f, timeout=120, allow_redirects=False)
                      for b, f in forms])

    codes = sorted(r.status_code for r in responses)
    assert codes.count(302) == 1, codes
    assert codes.count(422) == RACERS - 1, codes
    refused = [r.text for r in responses if r.status_code == 422]
    assert all("岗位已被修改" in page for page in refused)
    versions = query(server, "SELECT number FROM post_version WHERE post_id = :id ORDER BY number", id=post_id)
    assert [v[0] for v in versions] == [1, 2]
    edits = query(server, "SELECT count(*) FROM audit_log WHERE action = 'posts.edit' AND object_id = :id", id=post_id)
    assert edits[0][0] == 1
