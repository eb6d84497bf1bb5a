"""Races over real HTTP: gunicorn with several worker processes, many signed-in browsers firing the same
request at once. Exactly the allowed number succeed, the rest get a clear message, nothing is corrupted.

Runs on SQLite and on PostgreSQL (HRFLOW_TEST_DATABASE_URL); loopback only, bounded in count and time."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
import requests
from sqlalchemy import create_engine, text

from hrflow.clock import unit_today
from tests.live import LiveServer, csrf_of, live_server, signed_in

RACERS = 50


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("race"), workers=4, threads=2) as running:
        yield running


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


def two_rounds_proposing_one_hire_each_for_the_last_seat(server: LiveServer) -> tuple[int, list[int]]:
    """In the server's database: two rounds on the same post with one free seat, each past its 公示 with one
    proposed hire. Returns the post id and the two applications' ids."""
    from hrflow import create_app
    from hrflow.extensions import db
    from hrflow.models import CheckResult, CheckStep, RoundStatus, User
    from hrflow.posts.queries import find_post
    from hrflow.posts.seats import filled_counts
    from hrflow.recruitment import operations as rs
    from hrflow.recruitment.applicants import ApplicantData, add_applicant
    from hrflow.recruitment.selection import record_check

    app = create_app({"SQLALCHEMY_DATABASE_URI": server.env["HRFLOW_DATABASE_URL"], "SECRET_KEY": "setup"})
    with app.app_context():
        hr = db.session.query(User).filter_by(username=server.logins["hr"]["username"]).one()
        post = find_post("物业管理部/工作人员")
        assert post.current.seats - filled_counts().get(post.id, 0) == 1
        hires = []
        for name in ("甲", "乙"):
            round_ = rs.open_round(f"抢占最后一个岗位{name}", unit_today(), actor=hr, posts=[(post, 1)])
            applicants = [add_applicant(round_, ApplicantData(name=f"{name}{i}", gender="男", birth_date=date(1995, 1, 1),
                                                                    education="大专"), post, actor=hr)
                          for i in range(3)]
            rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
            rs.advance_round(round_, RoundStatus.REVIEWING, actor=hr)
            rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
            for score, application in zip((90, 80, 70), applicants, strict=True):
                rs.record_scores(application, actor=hr, written=score, interview=score)
            (proposed,) = rs.propose_hires(round_.vacancies[0], actor=hr)
            for step in CheckStep:
                record_check(proposed, step, CheckResult.PASSED, unit_today(), "", actor=hr)
            rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=unit_today() - timedelta(days=60))
            hires.append(proposed.id)
        db.session.commit()
        post_id = post.id
        db.engine.dispose()
    return post_id, hires


def test_officers_appointing_into_the_last_free_seat_at_once_fill_it_exactly_once(server):
    post_id, hires = two_rounds_proposing_one_hire_each_for_the_last_seat(server)
    employees_before = query(server, "SELECT count(*) FROM employee")[0][0]
    requests_to_fire = []
    for index in range(RACERS):
        browser = signed_in(server, "hr")
        application_id = hires[index % 2]  # half press "appoint" on one round's hire, half on the other's
        page = browser.get(f"{server.url}/recruitment/applications/{application_id}", timeout=30).text
        form = {"appoint-csrf_token": csrf_of(page), "appoint-on": unit_today().isoformat(), "appoint-confirm": "y"}
        url = f"{server.url}/recruitment/applications/{application_id}/appoint"
        requests_to_fire.append(lambda b=browser, u=url, f=form: b.post(u, data=f, timeout=120, allow_redirects=False))

    responses = race(requests_to_fire)

    codes = [r.status_code for r in responses]
    assert codes.count(302) == 1, sorted(codes)
    assert all(code in (302, 422) for code in codes), sorted(codes)
    refused = [r.text for r in responses if r.status_code == 422]
    assert all("已满" in page or "不是拟聘用人员" in page for page in refused)
    assert query(server, "SELECT count(*) FROM employee")[0][0] == employees_before + 1
    holders = query(server, "SELECT count(*) FROM appointment WHERE post_id = :id AND end_date IS NULL", id=post_id)
    assert holders[0][0] == 2  # the post's two seats: the table's incumbent and the one new hire
    appointed = query(server, "SELECT count(*) FROM audit_log WHERE action = 'recruitment.appoint'")
    assert appointed[0][0] == 1


def a_2026_cycle_one_excellent_place_short_of_its_quota(server: LiveServer) -> tuple[int, list[str]]:
    """In the server's database: the 2026 cycle at the decision step with quota − 1 people graded 优秀.
    Returns the quota and the staff numbers of the people still without a grade."""
    from hrflow import create_app
    from hrflow.assessment import figures, grading, operations, queries
    from hrflow.extensions import db
    from hrflow.models import Grade, User
    from tests.assessment_support import grade_all, to_decision

    app = create_app({"SQLALCHEMY_DATABASE_URI": server.env["HRFLOW_DATABASE_URL"], "SECRET_KEY": "setup"})
    with app.app_context():
        hr = db.session.query(User).filter_by(username=server.logins["hr"]["username"]).one()
        cycle = operations.open_cycle(2026, actor=hr).cycle
        to_decision(cycle, actor=hr)
        grade_all(cycle, Grade.COMPETENT, actor=hr)
        quota = figures.quota_summary(cycle).quota
        gradeable = [f for f in queries.department_assessments(cycle) if f.gradeable]
        grading.decide_grades(cycle, [(f, Grade.EXCELLENT) for f in gradeable[:quota - 1]], actor=hr)
        db.session.commit()
        rest = [f.employee.staff_no for f in gradeable[quota - 1:]]
        db.engine.dispose()
    return quota, rest


def grade_sheet(staff_no: str, grade: str) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["工号", "等次"])
    book.active.append([staff_no, grade])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_officers_grading_at_the_excellent_quota_edge_at_once_take_exactly_the_last_place(server):
    quota, candidates = a_2026_cycle_one_excellent_place_short_of_its_quota(server)
    assert quota >= 2 and len(candidates) >= 10
    import_url = f"{server.url}/assessment/2026/import"
    requests_to_fire = []
    for index in range(RACERS):
        browser = signed_in(server, "hr")
        token = csrf_of(browser.get(f"{server.url}/assessment/2026/decision", timeout=30).text)
        sheet = grade_sheet(candidates[index % len(candidates)], "优秀")  # each names someone else for 优秀
        requests_to_fire.append(lambda b=browser, t=token, s=sheet: b.post(
            import_url, data={"csrf_token": t}, files={"sheet": ("等次.xlsx", s)}, timeout=120, allow_redirects=False))

    responses = race(requests_to_fire)

    codes = [r.status_code for r in responses]
    assert all(code in (302, 422) for code in codes), sorted(codes)
    refused = [r.text for r in responses if r.status_code == 422]
    assert all("优秀" in page and str(quota) in page for page in refused)
    excellent = query(server, "SELECT count(*) FROM assessment a JOIN assessment_cycle c ON c.id = a.cycle_id "
                              "WHERE c.year = 2026 AND a.grade = 'excellent'")[0][0]
    assert excellent == quota  # never more than the quota …
    assert codes.count(302) >= 1  # … and the last place was taken (by one person, or by several sheets naming them)
    winners = query(server, "SELECT e.staff_no FROM assessment a JOIN employee e ON e.id = a.employee_id "
                            "JOIN assessment_cycle c ON c.id = a.cycle_id WHERE c.year = 2026 AND a.grade = 'excellent'")
    newly_excellent = {row[0] for row in winners} & set(candidates)
    assert len(newly_excellent) == 1
    accepted = [i for i, code in enumerate(codes) if code == 302]
    assert {candidates[i % len(candidates)] for i in accepted} == newly_excellent
