"""Every route × every role, from the app's URL map. A route missing from the matrix fails.

Roles: anonymous, employee (a 少儿部 工作人员), head_other (head of 办公室), head_own (head of 少儿部),
hr, admin. Objects in URLs belong to the employee / 少儿部 ("own") or to 办公室 ("other")."""

from __future__ import annotations

import pytest

from hrflow.extensions import db
from hrflow.models import User
from hrflow.posts.queries import find_department, find_post
from tests.matrix_assessment import ASSESSMENT_CASES, assessment_world
from tests.matrix_ballot import BALLOT_CASES, ballot_world
from tests.matrix_base import (
    ADMIN_ONLY,
    ALL_LOGGED_IN,
    FORBIDDEN,
    HIDDEN,
    HR_ONLY,
    LOGIN,
    OK,
    PUBLIC,
    ROLES,
    STAFF_MANAGERS,
    Case,
)
from tests.matrix_everyday import EVERYDAY_CASES, everyday_world
from tests.matrix_mail import MAIL_CASES, mail_world
from tests.matrix_panels import PANEL_CASES, panels_world
from tests.matrix_portal import PORTAL_CASES  # its own roles: tests/test_portal_access.py
from tests.matrix_recruitment import RECRUITMENT_CASES, recruitment_world
from tests.matrix_totp import TOTP_CASES

CASES: list[Case] = [
    Case("static", "GET", lambda w: "/static/css/hrflow.css", PUBLIC),
    Case("auth.index", "GET", lambda w: "/", PUBLIC),  # anonymous: redirected to the login page
    Case("auth.login", "GET", lambda w: "/login", PUBLIC),
    Case("auth.login", "POST", lambda w: "/login", PUBLIC, data=lambda w: {"username": "x", "password": "y"}),
    Case("auth.logout", "POST", lambda w: "/logout", ALL_LOGGED_IN),
    Case("auth.password", "GET", lambda w: "/password", ALL_LOGGED_IN),
    Case("auth.password", "POST", lambda w: "/password", ALL_LOGGED_IN),
    Case("auth.language", "POST", lambda w: "/language/en", PUBLIC),
    # Single sign-on is not configured in the test app: its routes do not exist for anyone (configured, they
    # are public: tests/test_oidc_signin.py).
    Case("auth.sso_start", "GET", lambda w: "/login/sso", (HIDDEN,) * 6, "off"),
    Case("auth.sso_callback", "GET", lambda w: "/login/sso/callback?code=x&state=y", (HIDDEN,) * 6, "off"),
    Case("dashboard.home", "GET", lambda w: "/dashboard/", HR_ONLY),
    Case("dashboard.calendar", "GET", lambda w: "/dashboard/calendar?year=2026", HR_ONLY),
    Case("dashboard.calendar", "POST", lambda w: "/dashboard/calendar", HR_ONLY,
         data=lambda w: {"day": "2026-12-28", "worked": "off", "note": "馆庆"}),
    # A day of its own for each role's try: the one HR removes is gone when the administrator tries.
    Case("dashboard.calendar_remove", "POST", lambda w: f"/dashboard/calendar/{_local_day()}/remove", HR_ONLY),
    Case("dashboard.calendar_remove", "POST", lambda w: "/dashboard/calendar/999999/remove",
         (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN), "missing"),
    Case("posts.catalogue", "GET", lambda w: "/posts/", STAFF_MANAGERS),
    Case("posts.detail", "GET", lambda w: f"/posts/{w['own_post']}", (LOGIN, OK, HIDDEN, OK, OK, OK), "own"),
    Case("posts.detail", "GET", lambda w: f"/posts/{w['other_post']}", (LOGIN, HIDDEN, OK, HIDDEN, OK, OK), "other"),
    Case("posts.detail", "GET", lambda w: "/posts/999999", (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN), "missing"),
    Case("posts.version", "GET", lambda w: f"/posts/{w['own_post']}/versions/1", (LOGIN, OK, HIDDEN, OK, OK, OK), "own"),
    Case("posts.version", "GET", lambda w: f"/posts/{w['other_post']}/versions/1", (LOGIN, HIDDEN, OK, HIDDEN, OK, OK),
         "other"),
    Case("posts.edit", "GET", lambda w: f"/posts/{w['own_post']}/edit", HR_ONLY),
    Case("posts.edit", "POST", lambda w: f"/posts/{w['own_post']}/edit", HR_ONLY),
    Case("posts.import_upload", "GET", lambda w: "/posts/import", HR_ONLY),
    Case("posts.import_upload", "POST", lambda w: "/posts/import", HR_ONLY),
    Case("posts.import_confirm", "POST", lambda w: "/posts/import/confirm", HR_ONLY),
    Case("posts.my_post", "GET", lambda w: "/my-post", ALL_LOGGED_IN),
    Case("printing.post_description", "GET", lambda w: f"/print/posts/{w['own_post']}.pdf",
         (LOGIN, OK, HIDDEN, OK, OK, OK), "own"),
    Case("printing.post_description", "GET", lambda w: f"/print/posts/{w['other_post']}.pdf",
         (LOGIN, HIDDEN, OK, HIDDEN, OK, OK), "other"),
    Case("printing.department_booklet", "GET", lambda w: f"/print/departments/{w['own_department']}.pdf",
         (LOGIN, FORBIDDEN, HIDDEN, OK, OK, OK), "own"),
    Case("printing.department_booklet", "GET", lambda w: f"/print/departments/{w['other_department']}.pdf",
         (LOGIN, FORBIDDEN, OK, HIDDEN, OK, OK), "other"),
    Case("printing.unit_booklet", "GET", lambda w: "/print/posts.pdf", HR_ONLY),
    Case("jobs.show", "GET", lambda w: f"/jobs/{w['hr_job']}", (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, OK)),
    Case("jobs.status", "GET", lambda w: f"/jobs/{w['hr_job']}.json", (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, OK)),
    Case("jobs.download", "GET", lambda w: f"/jobs/{w['hr_job']}/download", (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, OK)),
    Case("jobs.start_posts_booklet", "POST", lambda w: "/jobs/posts-booklet", HR_ONLY),
    Case("admin.users", "GET", lambda w: "/admin/users", ADMIN_ONLY),
    Case("admin.user_new", "GET", lambda w: "/admin/users/new", ADMIN_ONLY),
    Case("admin.user_new", "POST", lambda w: "/admin/users/new", ADMIN_ONLY),
    Case("admin.user_edit", "GET", lambda w: f"/admin/users/{w['target_user']}/edit", ADMIN_ONLY),
    Case("admin.user_edit", "POST", lambda w: f"/admin/users/{w['target_user']}/edit", ADMIN_ONLY),
    Case("admin.user_edit", "GET", lambda w: "/admin/users/999999/edit",
         (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN), "missing"),
    Case("admin.user_disable", "POST", lambda w: f"/admin/users/{w['target_user']}/disable", ADMIN_ONLY),
    Case("admin.user_enable", "POST", lambda w: f"/admin/users/{w['target_user']}/enable", ADMIN_ONLY),
    Case("admin.user_reset_password", "POST", lambda w: f"/admin/users/{w['target_user']}/reset-password", ADMIN_ONLY),
    Case("admin.audit_log", "GET", lambda w: "/admin/audit", ADMIN_ONLY),
    Case("admin.audit_export", "GET", lambda w: "/admin/audit.xlsx", ADMIN_ONLY),
]
# Each area lists its own routes (and adds the objects its URLs need to the world) in its own module.
CASES += RECRUITMENT_CASES + ASSESSMENT_CASES
CASES += BALLOT_CASES
CASES += EVERYDAY_CASES
CASES += TOTP_CASES
CASES += MAIL_CASES
CASES += PANEL_CASES


def _local_day() -> int:
    """A new day in the unit's calendar (one more day into 2027 each time)."""
    from datetime import date, timedelta

    from hrflow.models import LocalDay

    taken = db.session.query(LocalDay).count()
    day = LocalDay(day=date(2027, 1, 1) + timedelta(days=taken), worked=False, note="矩阵")
    db.session.add(day)
    db.session.commit()
    return day.id


@pytest.fixture
def world(demo, make_user):
    from hrflow.jobs.services import job_kind, submit, wait_for_all

    @job_kind("matrix_probe")
    def probe(job, progress):
        return b"ok", "probe.txt"

    users = {u.username: u for u in db.session.query(User)}
    head_other = make_user("head", username="office-head", departments=[find_department("办公室")])
    hr = users["hr"]
    job = submit("matrix_probe", {}, actor=hr)
    wait_for_all()
    own_post = users["employee"].employee.main_appointment().post
    world = {
        "users": {"employee": users["employee"], "head_other": head_other, "head_own": users["head"], "hr": hr,
                  "admin": users["admin"]},
        "own_post": own_post.id,
        "other_post": find_post("办公室/主任").id,
        "own_department": find_department("少儿部").id,
        "other_department": find_department("办公室").id,
        "hr_job": job.id,
        "target_user": users["employee"].id,
    }
    world.update(recruitment_world(world))
    world.update(assessment_world(world))
    world.update(ballot_world(world))
    world.update(everyday_world(world))
    world.update(mail_world(world))
    world.update(panels_world(world))
    db.session.commit()
    return world


def outcome(response) -> object:
    # Flask-Login sends anonymous users to the login page with ?next=; other redirects are successes.
    if response.status_code in (301, 302, 303) and "/login?next=" in response.headers.get("Location", ""):
        return LOGIN
    if response.status_code in (403, 404):
        return response.status_code
    if response.status_code in (401, 405) or response.status_code >= 500:
        return response.status_code
    return OK


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_route_for_every_role(app, client, login, world, case):
    from hrflow.jobs.services import wait_for_all

    seen = []
    for role in ROLES:
        with client.session_transaction() as session:
            session.clear()
        if role != "anonymous":
            user = db.session.merge(world["users"][role])
            login(user)
        data = case.data(world) if case.data else {}
        response = client.open(case.url(world), method=case.method, data=data)
        seen.append(outcome(response))
        wait_for_all()
    assert tuple(seen) == case.expect, dict(zip(ROLES, seen, strict=True))


def test_every_route_is_in_the_matrix(app):
    covered = {(c.endpoint, c.method) for c in CASES + PORTAL_CASES}
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert sorted(routes - covered) == []
    assert sorted(covered - routes) == []
