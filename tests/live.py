"""A real hrflow server for tests that go over HTTP: a fresh demo database (SQLite file, or a PostgreSQL
database of its own when HRFLOW_TEST_DATABASE_URL is set) served by gunicorn on a free loopback port."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.conftest import ROOT, TEST_PASSWORD_HASH, fresh_database_url

BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="(?:[\w-]+-)?csrf_token"[^>]*value="([^"]+)"')


@dataclass
class LiveServer:
    url: str
    logins: dict[str, dict]  # role → {"username", "password", …} as `hrflow demo --json` prints them
    env: dict = field(repr=False)

    def hrflow(self, *args: str) -> subprocess.CompletedProcess:
        """Run the CLI against the server's database."""
        return subprocess.run([str(BIN / "hrflow"), *args], env=self.env, cwd=ROOT, check=True, capture_output=True,
                              text=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(tmp: Path, *, workers: int = 2, threads: int = 4, overrides: dict | None = None,
                port: int | None = None) -> Iterator[LiveServer]:
    """`port`: where to serve, when a setting must name it beforehand (BASE_URL); a free one by default."""
    url, drop = fresh_database_url(tmp)
    env = {**os.environ, "HRFLOW_DATABASE_URL": url, "HRFLOW_SECRET_KEY": "live-test-secret",
           "HRFLOW_RATELIMIT_ENABLED": "false",  # journeys sign in and fail as they need, from one address
           "HRFLOW_PASSWORD_HASH_METHOD": TEST_PASSWORD_HASH, "HRFLOW_FONT_CACHE_DIR": str(ROOT / "instance" / "fonts"),
           # An instance folder of its own: the demo's logins and uploads must not replace the developer's.
           "HRFLOW_INSTANCE_PATH": str(tmp / "instance")}
    env.pop("HRFLOW_REDIS_URL", None)
    env.update(overrides or {})
    server = LiveServer(url="", logins={}, env=env)
    server.hrflow("fonts")  # built once and shared (a file lock serialises builders): the first PDF stays fast
    server.hrflow("db", "upgrade")
    server.logins = {login["role"]: login for login in json.loads(server.hrflow("demo", "--json").stdout)["logins"]}
    port = port or _free_port()
    log_path = tmp / "server.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}",
             "--timeout", "120", "hrflow:create_app()"],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )
        server.url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(server.url, process, log_path)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
            drop()


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/login", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"server did not start: {log_path.read_text()[-2000:]}") from None
            time.sleep(0.3)


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def signed_in(server: LiveServer, role: str) -> requests.Session:
    browser = requests.Session()
    # A fresh connection per request: gunicorn closes idle keep-alive connections after two seconds, and a
    # POST sent on one it is closing fails with "connection aborted" (requests never resends a POST).
    browser.headers["Connection"] = "close"
    login = server.logins[role]
    token = csrf_of(browser.get(server.url + "/login", timeout=30).text)
    response = browser.post(server.url + "/login", data={"csrf_token": token, "username": login["username"],
                                                         "password": login["password"]}, timeout=30,
                            allow_redirects=False)
    assert response.status_code == 302, response.text[:500]
    return browser
