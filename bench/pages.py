"""Page latency against a bare Flask route, and SQL queries per list page as the data grows.

Latency is measured three times at 10× data, each time REPEATS rounds through every page in turn:
- served (the figure): a gunicorn worker answers over HTTP, as in production (bench/served.py);
- served with nothing kept (READ_CACHE_SECONDS = 0): every list read from the database, as the first
  view after a write;
- in process: Flask's test client calls the app directly, without a server (the app's own time only)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial

from flask import render_template
from flask_login import login_required
from sqlalchemy import event, select, text

from bench.synthetic import build_cycle, build_round, build_staff, build_unit
from hrflow.extensions import db
from hrflow.models import Department, Post, User

REPEATS = 150
BARE = "{% extends 'base.html' %}{% block content %}<p>{{ n }}</p>{% endblock %}"


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


class QueryCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args, **kwargs):
        self.count += 1


def list_pages(world: dict) -> dict[str, str]:
    """The list pages HR works from; each area adds its own here. A catalogue too large to list at
    once shows departments with totals and opens one: both pages are measured."""
    pages = {
        "catalogue": "/posts/",
        "catalogue_department": f"/posts/?department={world['department_id']}",
        "post_detail": f"/posts/{world['post_id']}",
    }
    if world.get("round_id"):
        pages["round_dashboard"] = f"/recruitment/{world['round_id']}"
        pages["applicants"] = f"/recruitment/{world['round_id']}/applicants"
    if world.get("cycle_year"):
        pages["assessment_cycle"] = f"/assessment/{world['cycle_year']}"
        pages["assessment_department"] = f"/assessment/{world['cycle_year']}/departments/{world['department_id']}"
    return pages


def build_world(scale: int) -> dict:
    build_unit(departments=2 * scale, posts_per_department=10)
    build_staff(200 * scale)
    round_ = build_round(2_000 * scale)
    cycle = build_cycle()
    hr = User(username=f"bench-hr-{scale}", role="hr")
    hr.set_password("bench-password")
    db.session.add(hr)
    db.session.commit()
    department_id = db.session.scalar(select(Department.id).order_by(Department.position, Department.id))
    post_id = db.session.scalar(select(Post.id).where(Post.department_id == department_id).order_by(Post.id))
    world = {"hr_session_id": hr.get_id(), "department_id": department_id, "post_id": post_id, "round_id": round_.id,
             "cycle_year": cycle.year}
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of a bulk load (PostgreSQL 13 and later vacuum after
        # inserts too): the planner's statistics follow the data, and the visibility map lets the
        # covering indexes answer without reading the table.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return world


def _client_as(app, session_user_id: str):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id
    return client


def add_bare_page(app) -> None:
    """The baseline: a small template in the same layout (navigation, CSS links, signed-in user), compiled
    once as a template file is (render_template_string would compile it on every request)."""
    bare = app.jinja_env.from_string(BARE)
    app.add_url_rule("/_bench/bare", "bench_bare", login_required(lambda template=bare: render_template(template, n=1)))


def _get(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    return elapsed


def _time_interleaved(get: Callable[[str], float], urls: dict[str, str]) -> dict[str, list[float]]:
    """Requests to every page in turn, REPEATS rounds: a burst of load from other processes slows
    the baseline and the pages alike instead of whichever happened to be measured then."""
    for url in urls.values():
        get(url)  # warm up: templates compiled, connections opened
    samples: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(REPEATS):
        for name, url in urls.items():
            samples[name].append(get(url))
    return samples


def _latency(samples: dict[str, list[float]], prefix: str) -> dict[str, float]:
    """The largest page p95 ÷ bare p95 as `<prefix>ratio_vs_bare_flask`, and each page's figures."""
    bare = _p95(samples.pop("bare"))
    ratios = {name: _p95(times) / bare for name, times in samples.items()}
    results = {f"{prefix}ratio_vs_bare_flask": round(max(ratios.values()), 2), f"{prefix}bare_ms": round(bare * 1000, 2)}
    results.update({f"{prefix}ratio.{name}": round(r, 2) for name, r in ratios.items()})
    results.update({f"{prefix}ms.{name}": round(_p95(times) * 1000, 1) for name, times in samples.items()})
    return results


def _served_config(app, **overrides) -> dict:
    keys = ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "WTF_CSRF_ENABLED", "RATELIMIT_ENABLED", "FONT_CACHE_DIR",
            "READ_CACHE_SECONDS")
    return {**{key: app.config[key] for key in keys}, **overrides}


def _served_latency(app, client, urls: dict[str, str], prefix: str, **config) -> dict[str, float]:
    from bench.served import Client, served

    with served(_served_config(app, **config)) as port:
        http = Client(port, client.get_cookie("session").value)
        try:
            return _latency(_time_interleaved(http.get, urls), prefix)
        finally:
            http.close()


def measure(make_app: Callable) -> dict[str, float]:
    """make_app() → a Flask app on an empty database. In process, requests run as in a server: each in
    its own application context and database session, none held open by the benchmark. Queries are
    counted with nothing kept from earlier reads (hrflow.readcache), as a page after a write reads."""
    results: dict[str, float] = {}
    counts: dict[int, dict[str, int]] = {}
    for scale in (1, 10):
        app = make_app()
        add_bare_page(app)
        with app.app_context():
            db.create_all()
            world = build_world(scale)
            engine = db.engine
        client = _client_as(app, world["hr_session_id"])
        kept_seconds, app.config["READ_CACHE_SECONDS"] = app.config["READ_CACHE_SECONDS"], 0
        pages = {name: url for name, url in list_pages(world).items() if _exists(client, url)}
        counts[scale] = {}
        for name, url in pages.items():
            with QueryCounter(engine) as counter:
                client.get(url)
            counts[scale][name] = counter.count
        app.config["READ_CACHE_SECONDS"] = kept_seconds
        if scale == 10:
            urls = {"bare": "/_bench/bare", **pages}
            results.update(_latency(_time_interleaved(partial(_get, client), urls), "page_p95_inprocess_"))
            results.update(_served_latency(app, client, urls, "page_p95_"))
            # Every read from the database, as right after a write: what a page costs when nothing is kept.
            results.update(_served_latency(app, client, urls, "page_p95_unkept_", READ_CACHE_SECONDS=0))
        with app.app_context():
            db.session.remove()
            db.drop_all()
    growth = {name: counts[10][name] / counts[1][name] for name in counts[10] if counts[1].get(name)}
    results["list_queries_growth"] = round(max(growth.values()), 2)
    results.update({f"queries.{name}": counts[10][name] for name in counts[10]})
    return results


def _exists(client, url: str) -> bool:
    return client.get(url).status_code == 200
