"""review_20000_applications_s: evaluate every application of a 20,000-application round."""

from __future__ import annotations

import time

from sqlalchemy import text

from bench.synthetic import build_round, build_unit
from hrflow.extensions import db
from hrflow.recruitment.operations import review_round

APPLICATIONS = 20_000


def measure(app) -> dict[str, float]:
    with app.app_context():
        build_unit(departments=20, posts_per_department=10)
        round_ = build_round(APPLICATIONS)
        started, cpu_started = time.perf_counter(), time.process_time()
        results = review_round(round_)
        db.session.commit()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        assert len(results) == APPLICATIONS
        size = _database_bytes()
    return {"review_20000_applications_s": round(elapsed, 3), "review_20000_applications_cpu_s": round(cpu, 3),
            "database_mb_200_posts_20000_applications": round(size / 2**20, 1)}


def _database_bytes() -> int:
    """The database's size on disk: what a unit of this size needs (and backs up)."""
    if db.engine.dialect.name == "postgresql":
        return db.session.scalar(text("SELECT pg_database_size(current_database())"))
    return db.session.scalar(text("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"))
