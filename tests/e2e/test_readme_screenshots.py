"""The README's pictures that no other journey takes (docs/screenshots/, refreshed by `make screenshots`): HR's
staff roster, the public 网上报名 page of a round, and 我的岗位 on a phone. HR's home page and the catalogue
are taken by tests/e2e/test_journeys_basic.py, the import preview by test_journeys_posts.py.

Each picture is of a page in a known state, checked before it is taken, so a broken page fails here instead
of landing in the README. The round of the 网上报名 page is this module's own, on the demo's 办公室/办证咨询
(still in 已发布: no seat is taken)."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import login_as, screenshot
from tests.e2e.test_journeys_assessment import in_live_app

ROUND = "2026年公开招聘（办证咨询岗）"
NOTICE = ("根据《事业单位公开招聘人员暂行规定》，本馆面向社会公开招聘办证咨询岗工作人员 1 名。\n"
          "报名者须如实填写报名表，上传近期免冠照片和学历证明；资格审查以报名截止日为准。")
PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def _round_with_its_portal_open(app) -> int:
    from sqlalchemy import select

    from hrflow.extensions import db
    from hrflow.models import RoundStatus, User
    from hrflow.models.base import utcnow
    from hrflow.portal.services import open_portal
    from hrflow.posts.queries import find_post
    from hrflow.recruitment import operations as rs
    from hrflow.rules import parse_requirements

    hr = db.session.scalar(select(User).where(User.role == "hr").order_by(User.id))
    round_ = rs.open_round(ROUND, date(2026, 6, 30), actor=hr, posts=[(find_post("办公室/办证咨询"), 1)])
    for vacancy in round_.vacancies:
        rs.correct_rules(vacancy, parse_requirements(["全日制本科及以上学历或同等学历", "35周岁以下"]),
                         reason="按招聘方案补充条件", actor=hr)
    rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
    now = utcnow().replace(second=0, microsecond=0)
    open_portal(round_, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=20), notice=NOTICE,
                published=True, actor=hr)
    db.session.flush()
    return round_.id


def test_readme_hr_roster(page, live_server):
    login_as(page, live_server, "hr")
    page.goto("/roster/")
    expect(page.get_by_role("heading", level=1)).to_have_text("人员")
    expect(page.locator("tr.roster-row").first).to_be_visible()
    screenshot(page, "hr-roster-unit", docs=True)


def test_readme_portal_round_page(make_page, live_server):
    round_id = in_live_app(live_server, _round_with_its_portal_open)
    visitor = make_page()  # nobody signed in: the page is public
    visitor.goto(f"/apply/rounds/{round_id}")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(ROUND)
    expect(visitor.locator("main")).to_contain_text("办证咨询")
    expect(visitor.locator("main")).to_contain_text("全日制本科及以上学历")
    screenshot(visitor, "portal-round", docs=True)


def test_readme_my_post_on_a_phone(make_page, live_server):
    phone = make_page(width=PHONE["width"], height=PHONE["height"])
    login_as(phone, live_server, "employee")
    phone.goto("/my-post")
    expect(phone.get_by_role("heading", level=1)).to_have_text("我的岗位")
    expect(phone.get_by_role("link", name="打印岗位说明书 (PDF)").first).to_be_visible()
    _no_sideways_scroll(phone)
    screenshot(phone, "phone-my-post", docs=True)
