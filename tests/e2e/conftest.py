"""Browser journeys: a real server (gunicorn) on a fresh demo database, driven by Playwright in
Debian's Chromium. One server and one browser per test session (per xdist worker); every test gets
its own browser context, so cookies never leak between journeys. Journeys that change shared data
(users, post versions) use objects of their own, so the order of the tests does not matter.

Screenshots go to tests/artifacts/screenshots/ (and docs/screenshots/ when HRFLOW_UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import ROOT
from tests.live import live_server as serve

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts" / "screenshots"
DOC_SHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def _clean_database():
    """The journeys talk to the live server's database only; the unit tests' database is left alone."""
    yield


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """gunicorn on a fresh demo database (tests/live.py): .url, .logins[role], .env, .hrflow(...)."""
    with serve(tmp_path_factory.mktemp("live")) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--lang=zh-CN", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


# Chromium reports every 4xx answer as a console error; the journeys check those statuses themselves.
_EXPECTED_CONSOLE = ("Failed to load resource",)


@pytest.fixture
def make_page(browser, live_server):
    """Open a page in a fresh browser context (its own cookies): make_page(viewport=..., locale=...).
    After the test, any console error (a CSP violation, a script error) fails the test."""
    contexts = []

    def open_page(*, locale: str = "zh-CN", width: int = 1280, height: int = 900, **options):
        context = browser.new_context(
            locale=locale, viewport={"width": width, "height": height}, base_url=live_server.url, **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        new = context.new_page()
        errors: list[str] = []
        new.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        new.on("pageerror", lambda error: errors.append(str(error)))
        new.console_errors = errors
        return new

    yield open_page
    unexpected = [
        error for context in contexts for opened in context.pages
        for error in opened.console_errors if not error.startswith(_EXPECTED_CONSOLE)
    ]
    for context in contexts:
        context.close()
    assert unexpected == [], "console errors in the browser"


@pytest.fixture
def page(make_page):
    return make_page()


@pytest.fixture(scope="session")
def live_db(live_server):
    """The live server's database, for looking up ids a journey needs (never for changing data)."""
    engine = create_engine(live_server.env["HRFLOW_DATABASE_URL"])
    yield engine
    engine.dispose()


def post_id(live_db, department: str, key: str) -> int:
    """The id of the post `key` (its name without the note) in the top-level department `department`."""
    with live_db.connect() as connection:
        return connection.execute(
            text(
                "SELECT post.id FROM post JOIN department ON department.id = post.department_id "
                "WHERE department.name = :department AND department.parent_id IS NULL AND post.key = :key"
            ),
            {"department": department, "key": key},
        ).scalar_one()


def unlinked_staff_no(live_db) -> str:
    """The staff number of a demo employee who has no login yet."""
    with live_db.connect() as connection:
        return connection.execute(
            text(
                'SELECT staff_no FROM employee WHERE id NOT IN (SELECT employee_id FROM "user" '
                "WHERE employee_id IS NOT NULL) ORDER BY staff_no"
            )
        ).scalars().first()


def add_user(live_server, role: str, *, department: str | None = None, staff_no: str | None = None) -> dict:
    """A login of its own for a journey that changes its user (password, language, disabled)."""
    username = f"{role}-{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(12)
    options = ["--role", role, "--password", password]
    if department:
        options += ["--department", department]
    if staff_no:
        options += ["--staff-no", staff_no]
    live_server.hrflow("create-user", username, *options)
    return {"username": username, "password": password, "role": role}


def login_as(page, live_server, role: str | dict) -> None:
    """Sign in as a demo role ("hr") or as a login made by add_user()."""
    login = live_server.logins[role] if isinstance(role, str) else role
    page.goto("/login")
    page.get_by_label("用户名").fill(login["username"])
    page.get_by_label("密码").fill(login["password"])
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def open_account_menu(page) -> None:
    """The user's own pages (password, mail, two-step sign-in) fold under their name in the menu bar."""
    page.locator("#account-menu").click()


def screenshot(page, name: str, *, docs: bool = False) -> Path:
    """Save a full-page screenshot for people to look at (tests/artifacts/screenshots/). With docs=True the
    page is one the README shows: `make screenshots` also writes it, viewport-sized, to docs/screenshots/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    if docs and os.environ.get("HRFLOW_UPDATE_SCREENSHOTS") == "1":
        DOC_SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOC_SHOTS / f"{name}.png"), full_page=False, animations="disabled")
    return path
