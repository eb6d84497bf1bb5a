"""The review page's shortcuts in the browser: HR (rating for people no head with a login reviews) rates every
duty item 较好 in one click, changes the exception, and moves to the next person — what was typed is saved
on the way; leaving by a link with unsaved input asks first.

A year of its own (2021) in the live server's database, before the demo's 2025, so the other journeys keep
their cycle."""

from __future__ import annotations

import json

from playwright.sync_api import expect
from sqlalchemy import text

from tests.e2e.conftest import login_as, screenshot
from tests.e2e.test_journeys_assessment import in_live_app

YEAR = 2021


def _cycle_in_head_review(app):
    from sqlalchemy import select

    from hrflow.assessment import operations
    from hrflow.extensions import db
    from hrflow.models import CycleStatus, User

    hr = db.session.scalar(select(User).where(User.role == "hr").order_by(User.id))
    cycle = operations.open_cycle(YEAR, actor=hr).cycle
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=hr)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=hr)


def _stored(live_db, form_id: int) -> tuple[list, str | None]:
    """The duty ratings of the form's main post and the head's comments, as saved."""
    with live_db.connect() as connection:
        ratings = connection.execute(text("SELECT duty_ratings FROM assessed_post WHERE assessment_id = :id "
                                          "ORDER BY position"), {"id": form_id}).scalars().first()
        comments = connection.execute(text("SELECT head_comments FROM assessment WHERE id = :id"),
                                      {"id": form_id}).scalar_one()
    return (json.loads(ratings) if isinstance(ratings, str) else ratings or []), comments


def test_review_shortcuts_rate_alike_change_the_exception_and_save_before_moving_on(page, live_server, live_db):
    in_live_app(live_server, _cycle_in_head_review)
    login_as(page, live_server, "hr")
    page.goto(f"/assessment/{YEAR}")
    expect(page.locator(".as-checked-flow li[data-step='open']")).to_have_class("as-flow-done")
    page.locator(".as-dept-progress a").first.click()
    page.locator("table.as-people a", has_text="评价").first.click()
    expect(page.locator("form.as-review")).to_be_visible()
    first_url = page.url
    first_id = int(first_url.rstrip("/").split("/")[-2])

    # One click rates every duty item 较好, in place (nothing posted yet) …
    duties = page.locator(".as-duties-fill")
    duties.get_by_role("button", name="较好", exact=True).click()
    assert page.url == first_url
    tables = page.locator("form.as-review table.as-duties").all()
    rows = [row for table in tables[:-1] for row in table.locator("tbody tr").all()]
    assert rows and all(row.get_by_label("较好", exact=True).is_checked() for row in rows)
    # … then the exception: the first item 好.
    rows[0].get_by_label("好", exact=True).check()
    page.locator(".as-dimensions-fill").get_by_role("button", name="好", exact=True).click()
    page.get_by_label("主管领导评语").fill("工作踏实，由人事部门代为评价。")
    screenshot(page, "assessment-review-shortcuts")

    # Leaving by a link asks first; staying keeps what was typed.
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("nav[aria-label='breadcrumb'] a").last.click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"] and page.url == first_url
    expect(page.get_by_label("主管领导评语")).to_have_value("工作踏实，由人事部门代为评价。")

    # "Next person" saves first.
    page.locator("button.as-next-person").click()
    expect(page.get_by_role("alert").filter(has_text="评价草稿")).to_be_visible()
    assert page.url != first_url
    ratings, comments = _stored(live_db, first_id)
    assert ratings[0] == "good" and set(ratings[1:]) <= {"fairly_good"} and comments == "工作踏实，由人事部门代为评价。"
