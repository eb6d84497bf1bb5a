"""Browser journey: a forgotten password. The user asks for a reset on the sign-in page, the mail arrives
at a real SMTP server (aiosmtpd on 127.0.0.1, tests/mail_server.py), the browser follows its link, sets a
new password and signs in with it; the mail is then on the user's 我的邮件 and on HR's 邮件记录."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import open_account_menu, screenshot
from tests.live import _free_port
from tests.live import live_server as serve
from tests.mail_server import SmtpServer, text_of

LINK = re.compile(r"http://127\.0\.0\.1:\d+/password/reset/\S+")
NEW_PASSWORD = "journey-new-passphrase-7"


@pytest.fixture(scope="module")
def mail_journey(tmp_path_factory):
    """A served hrflow of its own that sends its mail to a test SMTP server, its links naming that server."""
    smtp = SmtpServer().start()
    port = _free_port()
    overrides = {"HRFLOW_MAIL_SERVER": "127.0.0.1", "HRFLOW_MAIL_PORT": str(smtp.port),
                 "HRFLOW_MAIL_DEFAULT_SENDER": "hr@library.example", "HRFLOW_BASE_URL": f"http://127.0.0.1:{port}"}
    try:
        with serve(tmp_path_factory.mktemp("mail-live"), overrides=overrides, port=port) as server:
            yield server, smtp
    finally:
        smtp.stop()


def _context(browser, server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=server.url)
    context.set_default_timeout(15_000)
    return context


def test_a_password_reset_mail_arrives_and_its_link_works(browser, mail_journey):
    server, smtp = mail_journey
    login = server.logins["employee"]
    context = _context(browser, server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/login")
    page.get_by_role("link", name="忘记密码？").click()
    page.get_by_label("用户名或邮箱").fill(login["username"])
    screenshot(page, "mail-forgot")
    page.get_by_role("button", name="发送重置邮件").click()
    page.wait_for_url("**/login")
    assert "重置密码的邮件已经发出" in page.locator(".alert-info").inner_text()

    [message] = smtp.wait_for(1, timeout=30)
    assert message["To"] == "employee@library.example"
    link = LINK.search(text_of(message)).group(0)

    page.goto(link)
    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("再次输入新密码").fill(NEW_PASSWORD)
    screenshot(page, "mail-reset")
    page.get_by_role("button", name="设置新密码").click()
    page.wait_for_url("**/login")
    assert "密码已重置" in page.locator(".alert-success").inner_text()

    page.get_by_label("用户名").fill(login["username"])
    page.get_by_label("密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="退出").is_visible()

    open_account_menu(page)

    page.get_by_role("link", name="我的邮件").click()
    row = page.locator("tr.mail-row").first
    assert "已发送" in row.inner_text()
    screenshot(page, "mail-my-mail")

    page.goto(link)  # the link is spent
    assert "已使用或已失效" in page.locator(".reset-invalid").inner_text()
    assert errors == []
    context.close()


def test_hr_sees_the_mail_on_the_mail_log(browser, mail_journey):
    server, _smtp = mail_journey
    login = server.logins["hr"]
    context = _context(browser, server)
    page = context.new_page()
    page.goto("/password/forgot")  # a mail of its own to look at, whatever ran before
    page.get_by_label("用户名或邮箱").fill(server.logins["head"]["username"])
    page.get_by_role("button", name="发送重置邮件").click()
    page.wait_for_url("**/login")
    page.get_by_label("用户名").fill(login["username"])
    page.get_by_label("密码").fill(login["password"])
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="邮件记录").click()
    page.wait_for_url("**/admin/mail")
    assert page.locator("tr.mail-row").count() >= 1
    screenshot(page, "mail-log")
    page.locator("tr.mail-row a.btn").first.click()
    assert "正文不在这里显示" in page.content()
    screenshot(page, "mail-show")
    context.close()
