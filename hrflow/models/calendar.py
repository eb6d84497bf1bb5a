"""The unit's own calendar days: a local day off, or a weekend day the unit works. China's statutory
holidays come from hrflow/workdays.py; these come before them."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from hrflow.extensions import db
from hrflow.models.base import utcnow
from hrflow.workdays import Period, WorkCalendar, calendar_from


class LocalDay(db.Model):
    __tablename__ = "local_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    worked: Mapped[bool] = mapped_column(default=False)  # True: a working day (调休上班); False: a day off
    note: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


def unit_calendar(config) -> WorkCalendar:
    """Statutory holidays, the configuration's HOLIDAYS and MAKEUP_WORKDAYS, then the days HR keeps here."""
    return calendar_from(config, db.session.execute(select(LocalDay.day, LocalDay.worked)).all())


def working_days(start: date, count: int) -> Period:
    """`count` working days from `start` by the unit's calendar (every 公示 and the `hrflow workdays` command)."""
    return unit_calendar(current_app.config).period(start, count)
