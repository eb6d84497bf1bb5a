"""Journeys of the administrator: accounts (create, reset a password, disable and enable) and the audit log."""

import re
import secrets

from playwright.sync_api import expect

from tests.e2e.conftest import add_user, login_as, screenshot


def _open_account(page, username: str) -> None:
    page.get_by_role("link", name="用户", exact=True).click()
    page.get_by_role("link", name=username, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"编辑用户：{username}")


def test_admin_creates_a_user_and_resets_the_password(page, live_server, make_page):
    username = f"reader-{secrets.token_hex(3)}"
    login_as(page, live_server, "admin")
    page.get_by_role("link", name="用户", exact=True).click()
    page.get_by_role("link", name="新建用户").click()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("姓名").fill("测试读者")
    page.get_by_label("角色").select_option(label="员工")
    page.get_by_label("初始密码").fill("short")
    page.get_by_role("button", name="创建用户").click()

    # Refused next to the password; what was typed is still there.
    password = page.get_by_label("初始密码")
    expect(password).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_text("密码至少 8 位，最多 128 位")).to_be_visible()
    expect(page.get_by_label("用户名")).to_have_value(username)
    expect(page.get_by_label("姓名")).to_have_value("测试读者")
    screenshot(page, "admin-user-new-refused")

    password.fill("first-password-1")
    page.get_by_role("button", name="创建用户").click()
    expect(page.get_by_role("alert")).to_have_text(f"已创建用户“{username}”。")
    row = page.get_by_role("row").filter(has_text=username)
    expect(row).to_contain_text("测试读者")
    expect(row).to_contain_text("员工")
    expect(row).to_contain_text("启用")
    screenshot(page, "admin-users")

    page.get_by_role("link", name=username, exact=True).click()
    page.get_by_label("新密码").fill("second-password-2")
    page.get_by_label("原因（可选）").first.fill("用户忘记密码")
    page.get_by_role("button", name="重置密码").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已重置用户“{username}”的密码")
    screenshot(page, "admin-user-edit")

    user = make_page()
    login_as(user, live_server, {"username": username, "password": "first-password-1"})
    expect(user.get_by_role("alert")).to_have_text("用户名或密码不正确。")
    login_as(user, live_server, {"username": username, "password": "second-password-2"})
    expect(user.get_by_role("heading", name="我的岗位")).to_be_visible()


def test_admin_disables_a_user_only_after_confirming_and_enables_again(page, live_server, make_page):
    account = add_user(live_server, "employee")
    user = make_page()
    login_as(user, live_server, account)
    expect(user.get_by_role("heading", name="我的岗位")).to_be_visible()

    login_as(page, live_server, "admin")
    _open_account(page, account["username"])
    page.get_by_role("button", name="停用账号").click()
    confirm = page.get_by_label("我确认停用这个账号")
    expect(confirm).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_text("请勾选确认后再停用")).to_be_visible()
    expect(page.locator(".badge", has_text="启用")).to_be_visible()
    screenshot(page, "admin-disable-needs-confirmation")

    confirm.check()
    page.get_by_label("原因（可选）").last.fill("离职")
    page.get_by_role("button", name="停用账号").click()
    expect(page.get_by_role("alert")).to_contain_text("其所有登录已失效")
    expect(page.locator(".badge", has_text="已停用")).to_be_visible()

    # The open session has ended, and signing in again is refused like a wrong password.
    user.reload()
    expect(user).to_have_url(re.compile(r"/login"))
    login_as(user, live_server, account)
    expect(user.get_by_role("alert")).to_have_text("用户名或密码不正确。")

    page.get_by_role("button", name="重新启用账号").click()
    expect(page.get_by_role("alert")).to_contain_text("已启用用户")
    login_as(user, live_server, account)
    expect(user.get_by_role("heading", name="我的岗位")).to_be_visible()


def test_admin_reads_and_filters_the_audit_log(page, live_server):
    login_as(page, live_server, "admin")
    page.get_by_role("link", name="审计日志").click()
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    rows = page.locator("tr.audit-row")
    expect(rows.first).to_be_visible()

    page.get_by_label("操作", exact=True).select_option("users.create")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"action=users.create"))
    actions = page.locator("tr.audit-row td:nth-child(3)")
    assert actions.count() >= 4  # the demo's four logins
    expect(actions).to_have_text(["创建用户"] * actions.count())
    expect(page.locator("tr.audit-row").filter(has_text=re.compile(r"创建用户 hr(?![A-Za-z0-9_-])"))).to_have_count(1)
    screenshot(page, "admin-audit-log")

    page.get_by_label("从").fill("2020-01-02")
    page.get_by_label("到").fill("2020-01-01")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("结束日期不能早于开始日期")).to_be_visible()
    expect(page.get_by_label("到")).to_have_class(re.compile("is-invalid"))

    page.get_by_label("到").fill("2020-01-03")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("没有符合条件的记录。")).to_be_visible()

    page.get_by_role("link", name="清除").click()
    expect(rows.first).to_be_visible()
    expect(page.get_by_label("操作", exact=True)).to_have_value("")
