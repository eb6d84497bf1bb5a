"""Journeys to each role's home page: what is waiting is listed with its number, and a link leads to the list
that shows it. Other journeys change the demo's 2025 assessment, so the counts expected are read from the
live database when the journey starts; the employee's journey uses a login of its own."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import text

from tests.e2e.conftest import add_user, login_as, screenshot


def _scalar(live_db, sql: str, **params):
    with live_db.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def test_todo_hr_dashboard_lists_the_work_and_a_link_leads_to_it(page, live_server, live_db):
    drafts = _scalar(live_db, "SELECT count(*) FROM assessment JOIN assessment_cycle c ON c.id = assessment.cycle_id "
                              "WHERE c.year = 2025 AND form_status = 'draft' AND special_case != 'not_graded'")
    login_as(page, live_server, "hr")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    todo = page.locator("section.todo")
    expect(todo.get_by_role("heading", name="待办事项")).to_be_visible()
    item = todo.get_by_role("link", name=re.compile(r"2025 年度考核：\d+ 人尚未提交个人总结"))
    expect(item).to_contain_text(f"{drafts} 人尚未提交个人总结")
    # The charts show their figures as text and lead to the lists they count.
    expect(page.locator("svg .chart-value").first).to_be_visible()
    screenshot(page, "hr-dashboard-todo")
    item.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2025 年度考核")


def test_todo_head_home_names_the_department_and_links_to_it(page, live_server, live_db):
    waiting = _scalar(live_db, """
        SELECT count(*) FROM assessment a JOIN assessment_cycle c ON c.id = a.cycle_id
        JOIN department d ON d.id = a.department_id JOIN employee e ON e.id = a.employee_id
        WHERE c.year = 2025 AND d.name = '少儿部' AND a.form_status = 'self_submitted' AND e.name != '何志强'""")
    login_as(page, live_server, "head")
    expect(page).to_have_url(re.compile(r"/home$"))
    department = page.locator("section.my-department")
    expect(department.get_by_role("heading")).to_have_text("少儿部")
    todo = page.locator("section.todo")
    if waiting:
        expect(todo.get_by_role("link", name=re.compile(r"少儿部：\d+ 份考核表待您评价"))).to_contain_text(f"{waiting} 份")
    screenshot(page, "head-home")
    department.get_by_role("link", name="2025 年度考核").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("少儿部 · 2025 年度考核")
    page.go_back()
    page.locator("section.my-department").get_by_role("link", name="本部门岗位", exact=True).click()
    expect(page.get_by_role("heading", name="岗位一览")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("少儿部")


def test_todo_employee_home_leads_to_the_self_summary_and_the_post(page, live_server, live_db):
    staff_no = _scalar(live_db, """
        SELECT e.staff_no FROM employee e JOIN assessment a ON a.employee_id = e.id
        JOIN assessment_cycle c ON c.id = a.cycle_id
        WHERE c.year = 2025 AND a.form_status = 'draft' AND a.special_case = 'none'
          AND e.id NOT IN (SELECT employee_id FROM "user" WHERE employee_id IS NOT NULL)
        ORDER BY e.staff_no""")
    name = _scalar(live_db, "SELECT name FROM employee WHERE staff_no = :no", no=staff_no)
    login_as(page, live_server, add_user(live_server, "employee", staff_no=staff_no))
    expect(page).to_have_url(re.compile(r"/home$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    posts = page.locator("section.my-posts")
    expect(posts.get_by_role("link").first).to_be_visible()
    screenshot(page, "employee-home")
    page.locator("section.todo").get_by_role("link", name=re.compile("2025 年度考核：请填写并提交个人总结")).click()
    expect(page).to_have_url(re.compile(r"/assessment/forms/\d+$"))
    expect(page.get_by_text(name).first).to_be_visible()
    page.go_back()
    page.locator("section.my-posts li a").first.click()
    expect(page).to_have_url(re.compile(r"/posts/\d+$"))
