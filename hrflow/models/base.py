from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import select, update

from hrflow.extensions import db

Row = TypeVar("Row")


def utcnow() -> datetime:
    """Naive UTC timestamps: SQLite and PostgreSQL store them identically."""
    return datetime.now(UTC).replace(tzinfo=None)


def lock_row(instance: Row) -> Row:
    """Serialise work on one row until the transaction ends, and reload it as last committed.

    PostgreSQL: SELECT … FOR UPDATE on the row (a second transaction waits here, then reads what the
    first committed). SQLite has no row locks: a no-op UPDATE takes the database write lock."""
    model = type(instance)
    db.session.flush()
    query = select(model).where(model.id == instance.id)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    else:
        db.session.execute(update(model).where(model.id == instance.id).values(id=model.id)
                           .execution_options(synchronize_session=False))
    return db.session.scalars(query.execution_options(populate_existing=True)).one()
