"""Two-step sign-in in the browser: an HR officer turns it on (scanning is replaced by the key shown for
manual entry), keeps the recovery codes, signs out, and signs in with the password and a code."""

import re
import time

import pyotp
from playwright.sync_api import expect

from tests.e2e.conftest import add_user, login_as, open_account_menu, screenshot


def test_hr_turns_on_totp_and_signs_in_with_password_and_code(page, live_server):
    officer = add_user(live_server, "hr")
    login_as(page, live_server, officer)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    open_account_menu(page)

    page.get_by_role("link", name="两步验证").click()
    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    page.get_by_role("link", name="开启两步验证").click()
    expect(page.get_by_role("heading", name="开启两步验证")).to_be_visible()
    expect(page.get_by_role("img", name="用验证器应用扫描此二维码")).to_be_visible()
    screenshot(page, "totp-enrol")
    phone = pyotp.TOTP(page.locator("#totp-secret").inner_text().replace(" ", ""))
    page.get_by_label("验证码").fill(phone.now())
    page.get_by_role("button", name="确认开启").click()

    expect(page.get_by_role("heading", name="恢复码")).to_be_visible()
    codes = page.locator(".recovery-code")
    expect(codes).to_have_count(10)
    screenshot(page, "totp-recovery-codes")
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page.get_by_text("已开启两步验证")).to_be_visible()
    expect(page.get_by_text("剩余恢复码：10 个")).to_be_visible()

    page.get_by_role("button", name="退出").click()
    page.get_by_label("用户名").fill(officer["username"])
    page.get_by_label("密码").fill(officer["password"])
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/login/code$"))
    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    screenshot(page, "totp-code")
    # The next step's code: the one that confirmed enrolment may not be used twice.
    page.get_by_label("验证码").fill(phone.at(time.time() + 30))
    page.get_by_role("button", name="验证", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("link", name="概览")).to_have_attribute("aria-current", "page")
