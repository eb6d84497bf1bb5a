"""The application tally (ApplicationTally): applications per vacancy and review status, recounted in the
transaction that changes them, so round pages read a few rows per vacancy whatever the round's size.

Changes made through ORM objects are noticed at flush (the vacancies of new, deleted and re-judged
applications). Bulk statements on the application table name their vacancies with `touch()`; a bulk
statement nobody accounted for makes the commit recount every vacancy, so the tally is never left wrong.
The recount runs just before the commit, with the vacancy rows locked in id order (PostgreSQL), so two
transactions recounting the same vacancy wait for each other instead of clashing."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, insert, inspect, select
from sqlalchemy.orm import Session

from hrflow.extensions import listen_once
from hrflow.models import Application, ApplicationTally, Vacancy

_VACANCIES, _TOUCHED, _BULK = "tally_vacancies", "tally_touched", "tally_bulk"


def touch(session: Session, vacancy_ids: Iterable[int]) -> None:
    """A bulk write to these vacancies' applications: recount them at commit."""
    session.info.setdefault(_VACANCIES, set()).update(vacancy_ids)
    session.info[_TOUCHED] = True


def recount(session: Session, vacancy_ids: Iterable[int] | None = None) -> None:
    """Count the applications of these vacancies (all when None) afresh."""
    table, source = ApplicationTally.__table__, Application.__table__
    counted = select(source.c.vacancy_id, source.c.status, func.count()).group_by(source.c.vacancy_id, source.c.status)
    clear = delete(table)
    if vacancy_ids is not None:
        ids = sorted(vacancy_ids)
        if not ids:
            return
        if session.get_bind().dialect.name == "postgresql":
            session.execute(select(Vacancy.__table__.c.id).where(Vacancy.__table__.c.id.in_(ids))
                            .order_by(Vacancy.__table__.c.id).with_for_update())
        counted = counted.where(source.c.vacancy_id.in_(ids))
        clear = clear.where(table.c.vacancy_id.in_(ids))
    session.execute(clear)
    session.execute(insert(table).from_select(["vacancy_id", "status", "n"], counted))


def _forget(session: Session) -> None:
    for key in (_VACANCIES, _TOUCHED, _BULK):
        session.info.pop(key, None)


def _note_flushed(session: Session, _context) -> None:
    """The vacancies whose applications this flush added, removed or moved between statuses or vacancies."""
    changed = session.info.setdefault(_VACANCIES, set())
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, Application):
            changed.add(obj.vacancy_id)
    for obj in session.dirty:
        if isinstance(obj, Application):
            attrs = inspect(obj).attrs
            if attrs.status.history.has_changes() or attrs.vacancy_id.history.has_changes():
                changed.add(obj.vacancy_id)
                changed.update(attrs.vacancy_id.history.deleted)  # moved: the vacancy it left


def _note_bulk(state) -> None:
    """A bulk INSERT/UPDATE/DELETE on the application table (executemany, insert(Application), …)."""
    if (state.is_insert or state.is_update or state.is_delete) and getattr(state.statement, "table", None) is not None \
            and state.statement.table.name == Application.__tablename__:
        state.session.info[_BULK] = True


def _recount_before_commit(session: Session) -> None:
    session.flush()
    if session.info.get(_BULK) and not session.info.get(_TOUCHED):
        recount(session)
    elif session.info.get(_VACANCIES):
        recount(session, {v for v in session.info[_VACANCIES] if v is not None})
    _forget(session)


def _on_rollback(session: Session, *_args) -> None:
    _forget(session)


def install() -> None:
    """Listen on every session (once per process)."""
    listen_once(Session, ("after_flush", _note_flushed), ("do_orm_execute", _note_bulk),
                ("before_commit", _recount_before_commit), ("after_rollback", _on_rollback),
                ("after_soft_rollback", _on_rollback))
