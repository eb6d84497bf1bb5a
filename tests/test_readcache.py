"""Rows of list reads are kept until the database changes (hrflow.readcache), and never after."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, select, text, update

from hrflow import readcache
from hrflow.extensions import db, read_rows
from hrflow.models import DataRevision, Department

NAMES = select(Department.id, Department.name).order_by(Department.id)  # built once, as the pages' are


def revision() -> int:
    with db.engine.connect() as connection:
        return connection.execute(select(DataRevision.n)).scalar_one()


def names() -> list[str]:
    return [row.name for row in read_rows(NAMES).all()]


class Sent:
    """The statements sent to the database while in use."""

    def __enter__(self):
        self.statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._note)

    def _note(self, conn, cursor, statement, *args):
        self.statements.append(statement)

    def reads_of(self, table: str) -> int:
        return sum(f"FROM {table}" in statement for statement in self.statements)


def add_department(name: str) -> Department:
    department = Department(name=name, position=0)
    db.session.add(department)
    db.session.commit()
    return department


def test_a_read_is_kept_until_a_write_commits_then_read_again():
    add_department("办公室")
    assert names() == ["办公室"]
    db.session.commit()  # a new transaction: it reads the revision again, and only that
    with Sent() as sent:
        assert names() == ["办公室"]
    assert sent.reads_of("department") == 0 and sent.reads_of("data_revision") == 1
    add_department("成人部")
    with Sent() as sent:
        assert names() == ["办公室", "成人部"]
    assert sent.reads_of("department") == 1


def test_only_transactions_that_write_raise_the_revision():
    add_department("办公室")
    before = revision()
    names()
    db.session.commit()  # read only
    assert revision() == before
    db.session.execute(update(Department).values(name="综合办公室"))
    db.session.rollback()
    assert revision() == before
    db.session.execute(update(Department).values(name="综合办公室"))
    db.session.commit()
    assert revision() == before + 1


def test_a_write_outside_any_session_raises_it_too():
    add_department("办公室")
    assert names() == ["办公室"]
    db.session.commit()
    with db.engine.begin() as connection:  # Core, no session: as a script or a migration writes
        connection.execute(text("UPDATE department SET name = '馆办公室'"))
    assert names() == ["馆办公室"]


def test_another_process_writing_is_seen_at_once(database_url):
    """A second engine stands for another gunicorn or RQ worker: its commit raises the revision in the
    database, which this process reads before it takes kept rows."""
    add_department("办公室")
    assert names() == ["办公室"]
    db.session.commit()
    other = create_engine(database_url)
    readcache.install()  # the listeners are on every engine
    try:
        with other.begin() as connection:
            connection.execute(text("UPDATE department SET name = '馆办公室'"))
    finally:
        other.dispose()
    assert names() == ["馆办公室"]


def test_a_session_with_changes_of_its_own_reads_the_database():
    department = add_department("办公室")
    assert names() == ["办公室"]
    department.name = "馆办公室"
    db.session.flush()  # not committed: other sessions still see 办公室, this one its own change
    assert names() == ["馆办公室"]
    db.session.rollback()
    assert names() == ["办公室"]


def test_callers_get_their_own_list_of_the_kept_rows():
    add_department("乙")
    add_department("甲")
    rows = read_rows(NAMES).all()
    rows.reverse()  # a caller sorting what it got changes nobody else's rows
    assert names() == ["乙", "甲"]
    assert read_rows(NAMES).first().name == "乙"


def test_kept_rows_expire_after_read_cache_seconds(app, monkeypatch):
    """A change nobody announced (made by hand, without raising the revision) shows once the rows expire;
    READ_CACHE_SECONDS = 0 reads the database every time."""
    import time

    add_department("办公室")
    assert names() == ["办公室"]
    db.session.commit()
    raw = db.engine.raw_connection()  # the driver's own connection: no SQLAlchemy events, no new revision
    try:
        cursor = raw.cursor()
        cursor.execute("UPDATE department SET name = '馆办公室'")
        raw.commit()
    finally:
        raw.close()
    assert names() == ["办公室"]  # kept: nothing said the database changed
    db.session.commit()
    now = time.monotonic()
    monkeypatch.setattr(readcache.time, "monotonic", lambda: now + app.config["READ_CACHE_SECONDS"] + 1)
    assert names() == ["馆办公室"]
    monkeypatch.undo()
    app.config["READ_CACHE_SECONDS"] = 0
    try:
        with Sent() as sent:
            names()
            names()
        assert sent.reads_of("department") == 2
    finally:
        app.config["READ_CACHE_SECONDS"] = 300


def test_a_restore_starts_a_new_revision(tmp_path):
    from hrflow.admin.backup import backup_database, restore_database

    add_department("办公室")
    backup = backup_database(tmp_path / "backup")
    add_department("成人部")
    assert names() == ["办公室", "成人部"]
    db.session.commit()
    before = revision()
    restore_database(backup)
    assert revision() != before
    assert names() == ["办公室"]


@pytest.mark.parametrize(("statement", "writes"), [
    ("SELECT 1", False), ("  select x from t", False), ("(SELECT 1) UNION (SELECT 2)", False),
    ("PRAGMA foreign_keys", False), ("SAVEPOINT sa_1", False), ("RELEASE SAVEPOINT sa_1", False),
    ("SET LOCAL enable_seqscan = off", False), ("WITH t AS (SELECT 1) SELECT * FROM t", False),
    ("INSERT INTO t VALUES (1)", True), ("UPDATE t SET x = 1", True), ("DELETE FROM t", True),
    ("TRUNCATE t", True), ("CREATE TABLE t (x int)", True), ("VACUUM", True),
    ("WITH gone AS (DELETE FROM t RETURNING x) SELECT * FROM gone", True),
])
def test_statements_that_may_change_data_are_told_from_reads(statement, writes):
    assert readcache._writes(statement) is writes
