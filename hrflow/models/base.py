from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from flask_babel import force_locale
from flask_babel.speaklater import LazyString
from sqlalchemy import JSON, Integer, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from hrflow.extensions import db

SOURCE_LOCALE = "zh_CN"  # the messages' own language: their ids are the Chinese texts

Row = TypeVar("Row")


def utcnow() -> datetime:
    """Naive UTC timestamps: SQLite and PostgreSQL store them identically."""
    return datetime.now(UTC).replace(tzinfo=None)


def chinese(label: LazyString | str) -> str:
    """A label as the unit's records write it (refusals, the audit log, printed forms): in Chinese."""
    with force_locale(SOURCE_LOCALE):
        return str(label)


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


class _JsonFunction(FunctionElement):
    """An SQL function the two databases write differently: `sqlite` and `postgresql` are its SQL, with
    `{args}` where its arguments go."""

    inherit_cache = True
    sqlite: str
    postgresql: str


@compiles(_JsonFunction)
def _json_function_sqlite(element, compiler, **kw) -> str:
    return element.sqlite.format(args=compiler.process(element.clauses, **kw))


@compiles(_JsonFunction, "postgresql")
def _json_function_postgresql(element, compiler, **kw) -> str:
    return element.postgresql.format(args=compiler.process(element.clauses, **kw))


class json_list_length(_JsonFunction):  # noqa: N801 (an SQL function, named like one)
    """How many items a JSON list column holds, counted by the database (0 for SQL NULL or anything
    but a list): a list page that shows how many duties a post has needs no copy of their texts."""

    type = Integer()
    inherit_cache = True
    sqlite = "coalesce(json_array_length({args}), 0)"
    postgresql = "CASE WHEN json_typeof({args}) = 'array' THEN json_array_length({args}) ELSE 0 END"


class json_rows(_JsonFunction):  # noqa: N801 (an SQL function, named like one)
    """An aggregate: each row's values as a JSON list, the rows as one JSON list ([[1, "good", null], …]).
    A correlated subquery of it brings a few rows per line along with a list's lines, where a statement of
    their own would cost more than reading them. No rows: [] on SQLite, NULL on PostgreSQL."""

    type = JSON()
    inherit_cache = True
    sqlite = "json_group_array(json_array({args}))"
    postgresql = "json_agg(json_build_array({args}))"
