"""Browser journeys: a real server (gunicorn) on a fresh demo database, driven by Playwright in
Debian's Chromium. Screenshots go to tests/artifacts/screenshots/ (and docs/screenshots/ when
HRFLOW_UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, fresh_database_url

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts" / "screenshots"
DOC_SHOTS = ROOT / "docs" / "screenshots"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """{'url': ..., 'logins': {role: {'username', 'password'}}, 'env': {...}}"""
    tmp = tmp_path_factory.mktemp("live")
    url, drop = fresh_database_url(tmp)
    env = {**os.environ, "HRFLOW_DATABASE_URL": url, "HRFLOW_SECRET_KEY": "e2e-secret",
           "HRFLOW_LOGIN_RATE_LIMIT": "1000 per minute", "HRFLOW_FONT_CACHE_DIR": str(ROOT / "instance" / "fonts")}
    env.pop("HRFLOW_REDIS_URL", None)
    hrflow = str(BIN / "hrflow")
    subprocess.run([hrflow, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    demo = subprocess.run([hrflow, "demo", "--json"], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    logins = {login["role"]: login for login in json.loads(demo.stdout)["logins"]}
    port = _free_port()
    log = open(tmp / "server.log", "w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{port}", "hrflow:create_app()"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/login", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(f"server did not start: {(tmp / 'server.log').read_text()[-2000:]}") from None
            time.sleep(0.3)
    yield {"url": base, "logins": logins, "env": env}
    server.terminate()
    server.wait(timeout=10)
    log.close()
    drop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=live_server["url"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


def login_as(page, live_server, role: str) -> None:
    login = live_server["logins"][role]
    page.goto("/login")
    page.get_by_label("用户名").fill(login["username"])
    page.get_by_label("密码").fill(login["password"])
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot for people to look at (README, review)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("HRFLOW_UPDATE_SCREENSHOTS") == "1":
        DOC_SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOC_SHOTS / f"{name}.png"), full_page=False)
    return path
