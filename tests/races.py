"""Many sessions doing the same thing at the same moment, each in a thread with its own database session."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from flask import Flask
from sqlalchemy.exc import OperationalError

from hrflow.extensions import db

OK, REFUSED, LOCKED = "ok", "refused", "locked"


def race_in_threads(app: Flask, attempts: list[Callable[[Callable[[], None]], None]],
                    refused: tuple[type[Exception], ...]) -> list[str]:
    """Run every attempt in its own thread and app context; each loads what it needs, calls the `go()` it is
    given (all threads wait there for each other), then acts. A commit that went through is OK, a domain refusal
    REFUSED, SQLite's "database is locked" LOCKED (refused, never written); anything else fails the test."""
    barrier = Barrier(len(attempts))

    def run(attempt) -> str:
        with app.app_context():
            try:
                attempt(barrier.wait)
                db.session.commit()
                return OK
            except refused:
                db.session.rollback()
                return REFUSED
            except OperationalError:
                db.session.rollback()
                return LOCKED
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(run, attempts, timeout=120))


def only_one_went_through(outcomes: list[str]) -> bool:
    """Exactly one success; on PostgreSQL every other attempt got the clear refusal (SQLite may say locked)."""
    if db.engine.dialect.name == "postgresql":
        return outcomes.count(OK) == 1 and outcomes.count(REFUSED) == len(outcomes) - 1
    return outcomes.count(OK) == 1
