"""The unit's own calendar days, kept by HR: a local day off, or a weekend day the unit works. Every period
counted in working days (公示) reads them with China's statutory days (hrflow/workdays.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, select

from hrflow import audit
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import Actor, LocalDay
from hrflow.workdays import StatutoryDay, WorkCalendar, statutory_days


class CalendarError(DomainError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class YearCalendar:
    year: int
    covered: bool  # the statutory days of the year are known
    statutory: list[StatutoryDay]
    own: list[LocalDay]


def year_calendar(year: int) -> YearCalendar:
    own = list(db.session.scalars(select(LocalDay).where(extract("year", LocalDay.day) == year).order_by(LocalDay.day)))
    return YearCalendar(year, WorkCalendar.covers(year), statutory_days(year), own)


def add_local_day(day: date, *, worked: bool, note: str, actor: Actor) -> LocalDay:
    note = (note or "").strip()
    if not note:
        raise CalendarError("请写明这一天为什么休息或上班", field="note")
    if db.session.scalar(select(LocalDay).where(LocalDay.day == day)) is not None:
        raise CalendarError(f"{day.isoformat()} 已在本单位日历中，请先删除原来的记录", field="day")
    local = LocalDay(day=day, worked=worked, note=note, created_by_id=actor.id)
    db.session.add(local)
    db.session.flush()
    audit.record(actor, "calendar.day", f"本单位日历：{day.isoformat()} {'上班' if worked else '休息'}（{note}）", obj=local)
    return local


def remove_local_day(local: LocalDay, *, actor: Actor) -> None:
    audit.record(actor, "calendar.remove", f"本单位日历：删除 {local.day.isoformat()} {'上班' if local.worked else '休息'}"
                 f"（{local.note}）", obj=local)
    db.session.delete(local)
