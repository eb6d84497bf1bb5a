"""The benchmark's pages served the production way: gunicorn (gthread worker, as docs/deployment.md
runs it) with one worker process, which answers the bare page and the pages alike; the benchmark
process asks over HTTP on 127.0.0.1 and waits for each whole answer.

`gunicorn 'bench.served:app()'` builds that worker's app from BENCH_APP_CONFIG (JSON), the same
configuration as the benchmark's own app, so it opens the database the benchmark filled."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, render_template
from flask_login import login_required

from hrflow import create_app

ROOT = Path(__file__).resolve().parent.parent
BARE = "{% extends 'base.html' %}{% block content %}<p>{{ n }}</p>{% endblock %}"


def add_bare_page(application: Flask) -> None:
    """The baseline: a small template in the same layout (navigation, CSS links, signed-in user), compiled
    once as a template file is (render_template_string would compile it on every request)."""
    bare = application.jinja_env.from_string(BARE)
    application.add_url_rule("/_bench/bare", "bench_bare",
                             login_required(lambda template=bare: render_template(template, n=1)))


def app() -> Flask:
    application = create_app(json.loads(os.environ["BENCH_APP_CONFIG"]))
    add_bare_page(application)
    return application


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(config: dict) -> Iterator[int]:
    """A gunicorn worker serving an app with this configuration; yields its port."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", "1", "--threads", "2", "-b", f"127.0.0.1:{port}",
               "--log-level", "warning", "bench.served:app()"]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "BENCH_APP_CONFIG": json.dumps(config)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {server.stderr.read().decode(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start within 60 s")


class Client:
    """One keep-alive HTTP connection with the signed-in user's session cookie."""

    def __init__(self, port: int, cookie: str):
        self.port, self.headers = port, {"Cookie": f"session={cookie}"}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, url: str) -> float:
        started = time.perf_counter()
        try:
            self.connection.request("GET", url, headers=self.headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):  # the server closed an idle connection: open another
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request("GET", url, headers=self.headers)
            response = self.connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
        return elapsed

    def close(self) -> None:
        self.connection.close()
