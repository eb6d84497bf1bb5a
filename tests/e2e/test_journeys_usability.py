"""Journeys about how the pages work for people: the language they chose, phone screens, the keyboard,
and forms that keep what was typed."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import add_user, login_as, open_account_menu, screenshot


def test_language_choice_is_remembered_for_the_user(make_page, live_server):
    account = add_user(live_server, "hr")
    page = make_page()
    login_as(page, live_server, account)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    page.get_by_role("button", name="Sign out").click()

    # Another browser (no cookies from before): the login page speaks Chinese until the user signs in.
    later = make_page()
    later.goto("/login")
    expect(later.locator("html")).to_have_attribute("lang", "zh-CN")
    login_as(later, live_server, account)
    expect(later.locator("html")).to_have_attribute("lang", "en")
    expect(later.get_by_role("link", name="Posts", exact=True)).to_be_visible()
    screenshot(later, "hr-dashboard-en")

    # The next person at the same computer gets the default language again.
    later.get_by_role("button", name="Sign out").click()
    expect(later.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(later.get_by_role("heading", name="登录")).to_be_visible()


def test_dates_follow_the_language(make_page, live_server):
    page = make_page()
    login_as(page, live_server, add_user(live_server, "admin"))
    page.goto("/admin/audit")
    chinese = page.locator("tr.audit-row time").first.inner_text()
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}", chinese), chinese

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    english = page.locator("tr.audit-row time").first.inner_text()
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M", english), english
    screenshot(page, "admin-audit-log-en")


PHONE_WIDTH = 390
PHONE_PAGES = [
    ("employee", "/my-post", "我的岗位"),
    ("hr", "/posts/", "岗位一览"),
    ("hr", "/dashboard/", "概览"),
    ("hr", "/posts/import", "导入岗位表"),
    ("admin", "/admin/users", "用户"),
    ("admin", "/admin/audit", "审计日志"),
]


@pytest.mark.parametrize(("role", "path", "heading"), PHONE_PAGES, ids=[p for _r, p, _h in PHONE_PAGES])
def test_pages_fit_a_phone_screen(make_page, live_server, role, path, heading):
    page = make_page(width=PHONE_WIDTH, height=844, is_mobile=True, has_touch=True)
    login_as(page, live_server, role)
    page.goto(path)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    # A phone widens its layout to fit whatever overflows, so compare with the screen, not innerWidth.
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= PHONE_WIDTH, f"{path} is {scroll_width}px wide on a {PHONE_WIDTH}px screen"
    screenshot(page, "phone" + path.rstrip("/").replace("/", "-"), docs=path == "/my-post")
    # The menu folds into a button; it opens to show the links and closes again.
    menu = page.get_by_role("button", name="菜单")
    links = page.locator("#mainnav")
    expect(links).to_be_hidden()
    menu.click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    expect(links).to_have_class(re.compile(r"\bcollapse show\b"))  # opened: the menu ignores clicks while it moves
    menu.click()
    expect(links).to_be_hidden()


def test_the_admin_menu_stays_within_the_window_on_a_desktop(make_page, live_server):
    """The admin sees every menu entry. At 1200 px they fit on one line in Chinese; in English, whose words
    are longer, the menu may take a second row, but nothing runs out of the window. Narrower screens get
    the folded menu."""
    account = add_user(live_server, "admin")
    page = make_page(width=1200)
    login_as(page, live_server, account)
    for language in ("中文", "English"):
        page.get_by_role("button", name=language).click()
        # Measured once the new page has its style sheet: before it, the menu is a plain list and tall.
        page.wait_for_load_state("load")
        expect(page.locator("#mainnav")).to_be_visible()
        height = page.evaluate("() => document.querySelector('nav.navbar').getBoundingClientRect().height")
        if language == "中文":
            assert height < 70, f"the menu wraps onto a second line in {language} ({height}px)"
        overflow = page.evaluate("""() => [...document.querySelectorAll('nav.navbar a, nav.navbar button')]
            .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > window.innerWidth)
            .map(e => e.textContent.trim())""")
        assert overflow == [], f"menu entries out of the window in {language}: {overflow}"
    screenshot(page, "admin-menu-1200-en")
    page.set_viewport_size({"width": 1100, "height": 900})
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    expect(page.locator("#mainnav")).to_be_hidden()


def test_login_with_the_keyboard_only(page, live_server):
    login = live_server.logins["hr"]
    page.goto("/login")
    # The cursor starts in the user name; Tab goes on to the password, "remember me", the button.
    expect(page.get_by_label("用户名")).to_be_focused()
    order = [page.evaluate("() => document.activeElement.name")]
    for _ in range(3):
        page.keyboard.press("Tab")
        order.append(page.evaluate("() => document.activeElement.name || document.activeElement.type"))
    assert order == ["username", "password", "remember", "submit"]

    page.reload()
    # Typing starts once the page has put the cursor in the user name, as a person sees it there first;
    # keys typed before that went nowhere (a first letter lost, once in a while).
    expect(page.get_by_label("用户名")).to_be_focused()
    page.keyboard.type(login["username"])
    page.keyboard.press("Tab")
    page.keyboard.type(login["password"])
    screenshot(page, "login-keyboard")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_password_change_shows_the_error_next_to_the_field(page, live_server, make_page):
    account = add_user(live_server, "employee")
    login_as(page, live_server, account)
    open_account_menu(page)
    page.get_by_role("link", name="修改密码").click()
    page.get_by_label("原密码").fill(account["password"])
    page.get_by_label("新密码", exact=True).fill("a-new-password-1")
    page.get_by_label("再次输入新密码").fill("a-different-one-2")
    page.get_by_role("button", name="修改密码").click()
    confirm = page.get_by_label("再次输入新密码")
    expect(confirm).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_text("两次输入的密码不一致")).to_be_visible()
    expect(confirm).to_be_focused()
    screenshot(page, "password-change-refused")

    page.get_by_label("原密码").fill(account["password"])
    page.get_by_label("新密码", exact=True).fill("a-new-password-1")
    confirm.fill("a-new-password-1")
    confirm.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("密码已修改")

    other = make_page()
    login_as(other, live_server, {**account, "password": "a-new-password-1"})
    expect(other.get_by_role("heading", name="我的岗位")).to_be_visible()
