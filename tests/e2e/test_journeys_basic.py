"""Journeys every role starts with: signing in, landing on the right page, language, forbidden pages."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login_as, screenshot


def test_login_page_is_chinese_and_clean(page):
    page.goto("/login")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    screenshot(page, "login")
    assert page.console_errors == []


def test_wrong_password_gives_a_generic_message(page, live_server):
    page.goto("/login")
    page.get_by_label("用户名").fill(live_server.logins["hr"]["username"])
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确。")


def test_hr_lands_on_the_dashboard_and_opens_the_catalogue(page, live_server):
    login_as(page, live_server, "hr")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("group", name="各部门设岗与空缺")).to_be_visible()  # its bars are links
    expect(page.get_by_role("link", name="概览")).to_have_attribute("aria-current", "page")
    screenshot(page, "hr-dashboard", docs=True)

    page.get_by_role("link", name="岗位", exact=True).click()
    expect(page.get_by_role("heading", name="岗位一览")).to_be_visible()
    expect(page.get_by_role("link", name="岗位", exact=True)).to_have_attribute("aria-current", "page")
    for department in ("办公室", "少儿部", "成人部", "流通部"):
        expect(page.get_by_role("table")).to_contain_text(department)
    screenshot(page, "hr-catalogue", docs=True)


def test_employee_lands_on_their_home_and_is_refused_the_catalogue(page, live_server):
    login_as(page, live_server, "employee")
    expect(page).to_have_url(re.compile(r"/home$"))
    screenshot(page, "employee-home")
    response = page.goto("/posts/")
    assert response.status == 403
    expect(page.get_by_text("您没有权限访问这个页面。")).to_be_visible()
    screenshot(page, "forbidden")


def test_language_switch_to_english_and_back(page, live_server):
    login_as(page, live_server, "hr")
    page.get_by_role("link", name="岗位", exact=True).click()
    page.get_by_role("button", name="English").click()
    try:
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text("Posts")
        screenshot(page, "hr-catalogue-en", docs=True)
    finally:  # the demo HR login is shared with other journeys: give it its Chinese back
        page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def test_logout(page, live_server):
    login_as(page, live_server, "admin")
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    assert page.goto("/posts/").url.endswith("/login?next=%2Fposts%2F")
