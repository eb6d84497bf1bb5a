"""Rows of list reads kept until the database changes.

The list pages read the same rows again and again between two changes: the department tree, a cycle's
progress counts and special cases, a department's forms, a round's posts. `read_rows` keeps what each
statement returned, by statement and parameters, together with the database's write revision
(hrflow.models.revision) at the time; a later read with the same revision takes the kept rows instead of
asking the database again.

- Every transaction that writes anything, through any connection of the app (ORM sessions, bulk
  statements, `engine.begin()`), raises the revision just before its commit, in that transaction: a
  reader that sees the new number sees the new data too, and every process (gunicorn worker, RQ worker)
  reads the number from the database, so none keeps rows another one changed.
- A session with changes of its own not yet committed reads the database directly.
- Each request reads the revision once per transaction (one short statement), and kept rows are also
  dropped after READ_CACHE_SECONDS, whatever the revision: a change made outside hrflow (psql, a restore
  from another tool) is seen within that time. READ_CACHE_SECONDS = 0 turns the cache off."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping

from flask import current_app, has_app_context
from sqlalchemy import Connection, Engine, Executable, inspect, select, update
from sqlalchemy.engine import Result, Row
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.orm import Session

from hrflow.extensions import db, listen_once
from hrflow.models.revision import DataRevision, first_revision

_WROTE = "hrflow.wrote"  # in a DBAPI connection's info: its transaction has written
_REVISION = "hrflow.revision"  # in a session's info: the revision its transaction read
_READS = ("SELECT", "(SELECT", "PRAGMA", "EXPLAIN", "SHOW", "SET", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN",
          "COMMIT")
_BUMP = "UPDATE data_revision SET n = n + 1 WHERE id = 1"
# PostgreSQL: the same, and nothing while the table does not exist yet (migrations that come before
# it), without an error that would abort the transaction.
_BUMP_POSTGRESQL = f"DO $$ BEGIN IF to_regclass('data_revision') IS NOT NULL THEN {_BUMP}; END IF; END $$"
_MAX_ENTRIES = 2048


class KeptRows:
    """The rows a statement returned, answering like the Result the callers take them from."""

    __slots__ = ("rows",)

    def __init__(self, rows: list[Row]):
        self.rows = rows

    def all(self) -> list[Row]:
        return list(self.rows)  # a copy: callers sort what they get

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def one(self) -> Row:
        if not self.rows:
            raise NoResultFound("No row was found when one was required")
        if len(self.rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when exactly one was required")
        return self.rows[0]

    def scalar_one(self):
        return self.one()[0]

    def scalar(self):
        return self.rows[0][0] if self.rows else None

    def first(self) -> Row | None:
        return self.rows[0] if self.rows else None


class _Store:
    """Kept rows by (engine, statement, parameters), least recently used dropped first."""

    def __init__(self, size: int):
        self.size, self.lock, self.entries = size, threading.Lock(), OrderedDict()

    def get(self, key, statement, revision: int, oldest: float):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            self.entries.move_to_end(key)
        kept_revision, kept_at, kept_statement, rows = entry
        if kept_revision != revision or kept_at < oldest or kept_statement is not statement:
            return None
        return rows

    def put(self, key, revision: int, statement, rows: list[Row]) -> None:
        with self.lock:
            self.entries[key] = (revision, time.monotonic(), statement, rows)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_store = _Store(_MAX_ENTRIES)


def read(session: Session, connection: Connection, statement: Executable, params: Mapping) -> Result | KeptRows:
    """The statement's rows, kept ones when the revision they were kept at is still the database's."""
    seconds = _seconds()
    if not seconds or connection.info.get(_WROTE) or session.new or session.dirty or session.deleted:
        return connection.execute(statement, params)
    revision = _revision(session, connection)
    if revision is None:
        return connection.execute(statement, params)
    key = (connection.engine, id(statement), _frozen(params))
    rows = _store.get(key, statement, revision, time.monotonic() - seconds)
    if rows is None:
        rows = connection.execute(statement, params).all()
        _store.put(key, revision, statement, rows)
    return KeptRows(rows)


def forget_all() -> None:
    """Drop every kept row of this process."""
    _store.clear()


def start_afresh() -> None:
    """After the database was replaced by a backup, which holds an old revision: a new starting number,
    so that no process takes rows it kept before for the restored data (and this one keeps none)."""
    forget_all()
    with db.engine.begin() as connection:
        if inspect(connection).has_table(DataRevision.__tablename__):
            connection.execute(update(DataRevision).values(n=first_revision()))


def _seconds() -> float:
    return current_app.config.get("READ_CACHE_SECONDS", 0) if has_app_context() else 0


def _frozen(params: Mapping) -> tuple:
    return tuple(sorted((name, tuple(value) if isinstance(value, list | set | tuple) else value)
                        for name, value in params.items()))


_revision_statement = select(DataRevision.n).where(DataRevision.id == 1)


def _revision(session: Session, connection: Connection) -> int | None:
    """The revision as this session's transaction read it (read once per transaction)."""
    revision = session.info.get(_REVISION)
    if revision is None:
        revision = session.info[_REVISION] = connection.execute(_revision_statement).scalar()
    return revision


# ---------------------------------------------------------------- noticing writes

def _note_write(conn: Connection, _cursor, statement: str, _parameters, _context, _executemany) -> None:
    if not conn.info.get(_WROTE) and _writes(statement):
        conn.info[_WROTE] = True


def _writes(statement: str) -> bool:
    """Whether a statement may change data: anything but a read (a CTE only when it holds a change)."""
    head = statement.lstrip()[:10].upper()
    if head.startswith("WITH"):
        return any(word in statement.upper() for word in ("INSERT ", "UPDATE ", "DELETE "))
    return not head.startswith(_READS)


def _raise_before_commit(conn: Connection) -> None:
    """Just before the DBAPI commit of a transaction that wrote: raise the revision in it, with the
    driver's own cursor (no SQLAlchemy events, so no second notice)."""
    if not conn.info.pop(_WROTE, False):
        return
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            cursor.execute(_BUMP_POSTGRESQL)
        else:
            try:
                cursor.execute(_BUMP)
            except conn.dialect.loaded_dbapi.OperationalError:  # no such table yet: SQLite goes on
                pass
    finally:
        cursor.close()


def _forget_write(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)


def _forget_revision(session: Session, _transaction, _connection) -> None:
    session.info.pop(_REVISION, None)


def install() -> None:
    """Listen on every engine and session (once per process)."""
    listen_once(Engine, ("before_cursor_execute", _note_write), ("commit", _raise_before_commit),
                ("rollback", _forget_write))
    listen_once(Session, ("after_begin", _forget_revision))  # each transaction reads the revision afresh
