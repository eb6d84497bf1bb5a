"""Rating and scoring without a mouse: the head's review screen and HR's score grid worked with Tab, Space,
the arrow keys, Enter and typing only (page.keyboard; no click anywhere after signing in). Each journey
starts from objects of its own: a 2020 cycle in head review, and a round of its own in the exam step."""

from __future__ import annotations

import json
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import text

from tests.e2e.conftest import login_as, screenshot
from tests.e2e.test_journeys_assessment import in_live_app

YEAR = 2020
ROUND_NAME = "2026年公开招聘（键盘录入）"


def _cycle_in_head_review(app):
    from sqlalchemy import select

    from hrflow.assessment import operations
    from hrflow.extensions import db
    from hrflow.models import CycleStatus, User

    hr = db.session.scalar(select(User).where(User.role == "hr").order_by(User.id))
    cycle = operations.open_cycle(YEAR, actor=hr).cycle
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=hr)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=hr)


def _round_in_exam(app) -> int:
    from sqlalchemy import select

    from hrflow.extensions import db
    from hrflow.models import RoundStatus, User
    from hrflow.posts.queries import find_post
    from hrflow.recruitment import operations as rs
    from hrflow.recruitment.applicants import ApplicantData, add_applicant

    hr = db.session.scalar(select(User).where(User.role == "hr").order_by(User.id))
    # A post with a free seat whatever the session's other journeys appointed on it.
    post = next(p for p in (find_post(path) for path in ("物业管理部/工作人员", "办公室/办证咨询", "流通部/工作人员"))
                if rs.vacant_seats(p) > 0)
    round_ = rs.open_round(ROUND_NAME, date(2026, 6, 30), actor=hr, posts=[(post, 1)])
    for name in ("柯一", "柯二"):
        add_applicant(round_, ApplicantData(name=name, gender="女", birth_date=date(1990, 1, 1), education="大专"),
                      post, actor=hr)
    rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
    rs.advance_round(round_, RoundStatus.REVIEWING, actor=hr)
    for vacancy in round_.vacancies:
        if not rs.exam_check(vacancy).ok:
            rs.decide_exam(vacancy, "proceed", "经研究同意开考", actor=hr)
    rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    db.session.flush()
    return round_.id


def tab_to(page, is_there: str, *, limit: int = 400) -> None:
    """Press Tab until the focused element matches the JavaScript test `is_there` (given `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({is_there}); }})()"):
            return
    raise AssertionError(f"Tab never reached {is_there}")


def name_is(label: str) -> str:
    """The JavaScript test that the focused field's accessible name (aria-label or label) is `label`."""
    quoted = json.dumps(label)
    return (f"((el.getAttribute('aria-label') || '').trim() === {quoted} "
            f"|| (el.labels && el.labels.length > 0 && el.labels[0].textContent.trim() === {quoted}))")


def focused(page, expression: str):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {expression}; }})()")


def test_keyboard_only_head_rates_a_form(page, live_server, live_db):
    in_live_app(live_server, _cycle_in_head_review)
    login_as(page, live_server, "hr")  # HR rates for people whom no head with a login reviews
    page.goto(f"/assessment/{YEAR}")
    tab_to(page, "el.closest('.as-dept-progress') && el.tagName === 'A'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "el.closest('table.as-people') && el.tagName === 'A' && el.textContent.includes('评价')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("form.as-review")).to_be_visible()
    form_id = int(page.url.rstrip("/").split("/")[-2])

    # The first duty item: Tab reaches its group of ratings, the arrow keys choose (a radio group's keys).
    tab_to(page, "el.type === 'radio' && !!el.closest('form.as-review table.as-duties')")
    group = focused(page, "el.name")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    chosen = focused(page, "el.checked && el.name === " + json.dumps(group) + " ? el.value : null")
    assert chosen, "the arrow key moved the choice within the item's ratings"
    # The comments are typed; the form is saved with Enter on its save button.
    tab_to(page, "el.tagName === 'TEXTAREA' && el.labels.length && el.labels[0].textContent.includes('主管领导评语')")
    page.keyboard.type("键盘录入的评语。")
    tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit' && el.textContent.includes('保存')")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert").filter(has_text="评价草稿")).to_be_visible()
    screenshot(page, "keyboard-review")
    with live_db.connect() as connection:
        comments = connection.execute(text("SELECT head_comments FROM assessment WHERE id = :id"),
                                      {"id": form_id}).scalar_one()
        ratings = connection.execute(text("SELECT duty_ratings FROM assessed_post WHERE assessment_id = :id "
                                          "ORDER BY position"), {"id": form_id}).scalars().first()
    ratings = json.loads(ratings) if isinstance(ratings, str) else ratings
    assert comments == "键盘录入的评语。"
    assert ratings[0] == chosen


def test_keyboard_only_hr_types_the_score_grid(page, live_server, live_db):
    round_id = in_live_app(live_server, _round_in_exam)
    login_as(page, live_server, "hr")
    page.goto(f"/recruitment/{round_id}/scores")
    tab_to(page, name_is("柯一 笔试"))
    page.keyboard.type("81")
    page.keyboard.press("Tab")
    assert focused(page, name_is("柯一 面试"))
    page.keyboard.type("92.5")
    tab_to(page, name_is("柯二 笔试"), limit=10)
    page.keyboard.type("77")
    page.keyboard.press("Tab")
    page.keyboard.type("88")
    page.keyboard.press("Enter")  # Enter in a field submits the grid
    expect(page.get_by_role("alert").filter(has_text="已保存成绩：2 人有变动")).to_be_visible()
    screenshot(page, "keyboard-scores")
    with live_db.connect() as connection:
        rows = connection.execute(text(
            "SELECT applicant.name, written_score, interview_score FROM application "
            "JOIN applicant ON applicant.id = application.applicant_id WHERE application.round_id = :id"
        ), {"id": round_id}).all()
    assert {name: (float(w), float(i)) for name, w, i in rows} == {"柯一": (81, 92.5), "柯二": (77, 88)}
