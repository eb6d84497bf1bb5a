"""A new hire's first day in the browser: HR appoints a proposed hire with a login (the box on the 聘用 form is
ticked by default: the demo unit has no directory sign-in), lands on the 账号通知单 page and prints it once; the
new hire signs in with the slip's password, is made to change it, and reads their own post description.

The journey starts from a seat of its own: the holder of 地方文献和参考咨询/工作人员 (a post no other journey
reads) left yesterday, and a round on that seat has its only applicant proposed, checked and past the 公示. The
hire fills the seat again, so the catalogue's figures (and the README's pictures of it) stay as they were."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from playwright.sync_api import expect
from pypdf import PdfReader

from hrflow.clock import unit_today
from tests.e2e.conftest import login_as, screenshot
from tests.e2e.test_journeys_assessment import in_live_app

POST = "地方文献和参考咨询/工作人员"
HIRE = "沈知微"
NEW_PASSWORD = "first-day-passphrase-9"


def _hire_ready(app) -> int:
    """The seat freed, the round, the proposed hire past 体检, 考察 and 公示: the application's id."""
    from sqlalchemy import select

    from hrflow.extensions import db
    from hrflow.models import CheckResult, CheckStep, RoundStatus, User
    from hrflow.posts.queries import find_post
    from hrflow.recruitment import operations as rs
    from hrflow.recruitment import selection
    from hrflow.recruitment.applicants import ApplicantData, add_applicant
    from hrflow.rules import parse_requirements

    hr = db.session.scalar(select(User).where(User.role == "hr").order_by(User.id))
    post = find_post(POST)
    for held in [a for a in post.appointments if a.is_open()]:
        held.end_date, held.employee.active = unit_today() - timedelta(days=1), False
    db.session.flush()
    round_ = rs.open_round("2026年公开招聘（新员工账号）", date(2026, 6, 30), actor=hr, posts=[(post, 1)])
    rs.correct_rules(round_.vacancies[0], parse_requirements(["本科及以上学历", "35周岁以下"]),
                     reason="按招聘方案确定条件", actor=hr)
    application = add_applicant(round_, ApplicantData(name=HIRE, gender="女", birth_date=date(1996, 5, 4),
                                                      education="本科"), post, actor=hr)
    for status in (RoundStatus.ANNOUNCED, RoundStatus.REVIEWING):
        rs.advance_round(round_, status, actor=hr)
    for vacancy in round_.vacancies:
        if not rs.exam_check(vacancy).ok:
            rs.decide_exam(vacancy, "proceed", "岗位急需", actor=hr)
    rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    rs.record_scores(application, actor=hr, written=88, interview=90)
    rs.propose_hires(round_.vacancies[0], actor=hr)
    for step in CheckStep:
        selection.record_check(application, step, CheckResult.PASSED, unit_today(), "", actor=hr)
    rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=unit_today() - timedelta(days=30),
                     unfilled_confirmed=True)
    db.session.flush()
    return application.id


def test_hr_appoints_with_a_login_and_the_new_hire_signs_in_with_the_slip(make_page, live_server):
    application_id = in_live_app(live_server, _hire_ready)
    hr = make_page()
    login_as(hr, live_server, "hr")
    hr.goto(f"/recruitment/applications/{application_id}")
    card = hr.locator("#appoint")
    expect(card.get_by_label("同时为其开通登录账号")).to_be_checked()
    expect(card.locator(".appoint-login-note")).to_contain_text("只显示一次")
    # The server's calendar day: 我的岗位 counts a post as held from the server's date (Appointment.is_open),
    # while the form proposes the unit's day, a day later in the hours after 16:00 UTC.
    card.get_by_label("聘用日期").fill(unit_today().isoformat())
    card.get_by_label("确认聘用：将新建员工档案并占用岗位（不可撤销）").check()
    screenshot(hr, "new-hire-appoint")
    card.get_by_role("button", name="聘用", exact=True).click()

    # The slip page: the account, and the one chance to print its password.
    expect(hr).to_have_url(re.compile(r"/admin/logins/\d+$"))
    expect(hr.get_by_role("alert").filter(has_text="并开通登录账号")).to_be_visible()
    expect(hr.get_by_role("heading", level=1)).to_have_text(f"账号通知单：{HIRE}")
    expect(hr.locator(".slip-once")).to_have_text("密码只显示一次，请立即打印。")
    username = hr.locator(".slip-username").inner_text().strip()
    screenshot(hr, "new-hire-slip")
    with hr.expect_download() as download:
        hr.get_by_role("button", name="打印账号通知单（PDF）").click()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    assert "账号通知单" in text and HIRE in text and username in text and "首次登录后须立即修改密码" in text
    password = re.search(r"初始密码\s*([A-Za-z0-9]{12})", text).group(1)

    # Printed once: the page says so now, and the person's page leads back to it.
    hr.reload()
    expect(hr.locator(".slip-gone")).to_contain_text("初始密码只显示一次")
    expect(hr.locator(".slip-print")).to_have_count(0)
    hr.get_by_label("breadcrumb").get_by_role("link", name=HIRE).click()
    expect(hr.locator(".person-login")).to_contain_text(username)
    expect(hr.locator(".person-login").get_by_role("link", name="账号通知单")).to_be_visible()

    # The new hire, in a browser of their own: the slip's password, changed before anything else.
    hire = make_page()
    login_as(hire, live_server, {"username": username, "password": password})
    expect(hire).to_have_url(re.compile(r"/password$"))
    expect(hire.get_by_role("alert").filter(has_text="请先修改初始密码")).to_be_visible()
    hire.get_by_label("原密码").fill(password)
    hire.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    hire.get_by_label("再次输入新密码").fill(NEW_PASSWORD)
    hire.get_by_role("button", name="修改密码").click()
    expect(hire.get_by_role("alert").filter(has_text="密码已修改")).to_be_visible()
    hire.goto("/my-post")
    expect(hire.get_by_role("heading", level=1)).to_have_text("我的岗位")
    post = hire.locator("article.my-post")
    expect(post).to_have_count(1)
    expect(post.locator(".post-name")).to_have_text("工作人员")
    expect(post).to_contain_text("地方文献和参考咨询")
    expect(post).to_contain_text("岗位职责")
    screenshot(hire, "new-hire-my-post")
