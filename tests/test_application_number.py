"""An application's 报名号 (its id) is never given twice: after 改报 removes the newest application, the next
one gets a new number, on SQLite too (which, without AUTOINCREMENT, would hand out max(rowid) + 1 again)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hrflow.extensions import db
from hrflow.models import Application, AuditLog, User
from hrflow.models.base import utcnow
from hrflow.portal import services
from tests import portal_support as support


@pytest.fixture
def round_(demo):
    return support.open_round(db.session.scalar(select(User).where(User.username == "hr")))


def test_withdrawing_the_newest_application_never_frees_its_number(round_):
    first = support.filled_entry(support.account("first@example.com"), round_)
    services.submit(first, pledge=True, now=utcnow())
    newest = support.filled_entry(support.account("newest@example.com"), round_,
                                  id_number=support.id_number(serial="135"))
    withdrawn = services.submit(newest, pledge=True, now=utcnow()).id
    db.session.commit()
    assert withdrawn == max(db.session.scalars(select(Application.id)))  # the newest row of the table

    services.withdraw(newest, now=utcnow())
    db.session.commit()
    assert db.session.get(Application, withdrawn) is None

    later = support.filled_entry(support.account("later@example.com"), round_,
                                 id_number=support.id_number(serial="157"))
    number = services.submit(later, pledge=True, now=utcnow()).id
    db.session.commit()
    assert number > withdrawn
    # The audit log still names the withdrawn number for its applicant alone.
    summaries = db.session.scalars(select(AuditLog.summary).where(AuditLog.action == "portal.submit")).all()
    assert sum(f"报名号 {withdrawn}）" in s for s in summaries) == 1


def test_the_migrations_make_sqlite_count_application_numbers(tmp_path, monkeypatch):
    """The migrated schema, not only the models' create_all, keeps AUTOINCREMENT (SQLite whatever the tests use)."""
    from flask_migrate import upgrade

    from hrflow import create_app
    from tests.conftest import ROOT

    monkeypatch.setenv("HRFLOW_INSTANCE_PATH", str(tmp_path / "instance"))
    migrated = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/migrated.db", "SECRET_KEY": "x",
                           "TESTING": True})
    with migrated.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with db.engine.connect() as connection:
            sql = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'application'").scalar()
        db.engine.dispose()
    assert "AUTOINCREMENT" in sql
