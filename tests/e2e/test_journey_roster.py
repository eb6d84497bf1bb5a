"""The staff roster in the browser: HR searches a person by name and opens their page."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import text

from tests.e2e.conftest import login_as, screenshot


def test_roster_hr_searches_a_name_and_opens_the_person(page, live_server, live_db):
    with live_db.connect() as connection:
        name, staff_no = connection.execute(text(
            "SELECT e.name, e.staff_no FROM employee e JOIN appointment a ON a.employee_id = e.id "
            "JOIN post p ON p.id = a.post_id JOIN department d ON d.id = p.department_id "
            "WHERE d.name = '办公室' AND p.key = '主任' ORDER BY a.id")).first()
    login_as(page, live_server, "hr")
    page.locator("#mainnav").get_by_role("link", name="人员", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("人员")
    page.get_by_label("姓名、工号、部门或岗位").fill(name)
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("tr.roster-row")
    expect(rows.filter(has_text=staff_no)).to_have_count(1)
    screenshot(page, "hr-roster")
    rows.filter(has_text=staff_no).get_by_role("link", name=name).click()
    expect(page).to_have_url(re.compile(r"/roster/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("table.person-post-table")).to_contain_text("办公室")
    expect(page.locator("tr.held-current")).to_have_count(1)
    screenshot(page, "hr-person")
