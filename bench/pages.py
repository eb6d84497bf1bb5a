"""Page latency against a bare Flask route, and SQL statements per list page as the data grows.

Every read goes to the database. Latency is measured at 10× data, served the production way: a
gunicorn worker answers over HTTP (bench/served.py), `rounds` rounds through every page in turn."""

from __future__ import annotations

import statistics
from collections.abc import Callable

from sqlalchemy import event, select, text

from bench.served import Client, served
from bench.synthetic import build_cycle, build_round, build_staff, build_unit
from hrflow.extensions import db
from hrflow.models import Department, Post, User

ROUNDS = 150
# What the served worker needs of the benchmark's own configuration: the same database, a session it reads.
SERVED_CONFIG_KEYS = ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "WTF_CSRF_ENABLED", "RATELIMIT_ENABLED",
                      "FONT_CACHE_DIR")


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
    """The list pages HR works from. A catalogue too large to list at once shows departments with
    totals and opens one: both pages are measured."""
    return {
        "catalogue": "/posts/",
        "catalogue_department": f"/posts/?department={world['department_id']}",
        "post_detail": f"/posts/{world['post_id']}",
        "round_dashboard": f"/recruitment/{world['round_id']}",
        "applicants": f"/recruitment/{world['round_id']}/applicants",
        "assessment_cycle": f"/assessment/{world['cycle_year']}",
        "assessment_department": f"/assessment/{world['cycle_year']}/departments/{world['department_id']}",
        # The unit-wide pages: HR's decision page (a page of PAGE_SIZE people) and the 优秀 list.
        "assessment_decision_unit": f"/assessment/{world['cycle_year']}/decision",
        "excellent_list": f"/assessment/{world['cycle_year']}/excellent",
    }


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


def _count_queries(client, engine, url: str) -> int:
    """Statements of a page asked a second time, as a worker that has served it before answers."""
    response = client.get(url)
    if response.status_code != 200:  # a broken page must stop the benchmark, not drop out of it
        raise RuntimeError(f"{url}: {response.status_code}")
    with QueryCounter(engine) as counter:
        client.get(url)
    return counter.count


def _time_interleaved(get: Callable[[str], float], urls: dict[str, str], rounds: int) -> dict[str, list[float]]:
    """Requests to every page in turn: a burst of load from other processes slows the baseline and
    the pages alike instead of whichever happened to be measured then."""
    for url in urls.values():
        get(url)  # warm up: templates compiled, connections opened
    samples: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(rounds):
        for name, url in urls.items():
            samples[name].append(get(url))
    return samples


def _latency(samples: dict[str, list[float]]) -> dict[str, float]:
    """The largest page p95 ÷ bare p95 (the figure), and each page's p95 and ratio."""
    bare = _p95(samples.pop("bare"))
    ratios = {name: _p95(times) / bare for name, times in samples.items()}
    results = {"page_p95_ratio_vs_bare_flask": round(max(ratios.values()), 2), "page_p95_bare_ms": round(bare * 1000, 2)}
    results.update({f"page_p95_ratio.{name}": round(r, 2) for name, r in ratios.items()})
    results.update({f"page_p95_ms.{name}": round(_p95(times) * 1000, 1) for name, times in samples.items()})
    return results


def _served_latency(app, client, urls: dict[str, str], rounds: int) -> dict[str, float]:
    with served({key: app.config[key] for key in SERVED_CONFIG_KEYS}) as port:
        http = Client(port, client.get_cookie("session").value)
        try:
            return _latency(_time_interleaved(http.get, urls, rounds))
        finally:
            http.close()


def measure(make_app: Callable, rounds: int = ROUNDS) -> dict[str, float]:
    """make_app() → a Flask app on an empty database. Statements are counted at 1× and 10× data through
    Flask's test client; latency is measured at 10×, served."""
    results: dict[str, float] = {}
    counts: dict[int, dict[str, int]] = {}
    for scale in (1, 10):
        app = make_app()
        with app.app_context():
            db.create_all()
            world = build_world(scale)
            engine = db.engine
        client = _client_as(app, world["hr_session_id"])
        pages = list_pages(world)
        counts[scale] = {name: _count_queries(client, engine, url) for name, url in pages.items()}
        if scale == 10:
            results.update(_served_latency(app, client, {"bare": "/_bench/bare", **pages}, rounds))
        with app.app_context():
            db.session.remove()
            db.drop_all()
    growth = {name: counts[10][name] / counts[1][name] for name in counts[10]}
    results["list_queries_growth"] = round(max(growth.values()), 2)
    results.update({f"queries.{name}": counts[10][name] for name in counts[10]})
    return results
