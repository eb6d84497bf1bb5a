"""Working days for every period counted in them (招聘公示, 考核公示): weekends, China's statutory holidays
and the unit's own days off do not count; weekends worked in lieu (调休上班) do.

The statutory days come from chinesecalendar (PyPI), which carries the State Council's yearly notice on
holidays (国务院办公厅关于节假日安排的通知) and gets a release for each new year. For a year it does not cover
yet, only weekends and the unit's own days count, and `WorkCalendar.uncovered` says so, so a page can warn.
The unit's own days (a local day off, a Saturday the unit works) come before the statutory ones."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Skipped:
    """A day a period passed over, and why: '周六', '国庆节', '本单位休息日'."""

    day: date
    reason: str


@dataclass
class Period:
    """`count` working days from `first` (the first working day on or after the start) to `last`."""

    first: date
    last: date
    count: int
    skipped: list[Skipped] = field(default_factory=list)
    uncovered: list[int] = field(default_factory=list)  # years counted with weekends only


class WorkCalendar:
    def __init__(self, days_off: Iterable[date] = (), days_worked: Iterable[date] = ()):
        self.days_off, self.days_worked = set(days_off), set(days_worked)

    @staticmethod
    def covers(year: int) -> bool:
        """Whether the statutory holidays of `year` are known."""
        try:
            chinese_calendar.is_workday(date(year, 7, 1))
        except NotImplementedError:
            return False
        return True

    def closed_because(self, day: date) -> str | None:
        """Why `day` is not a working day, or None when it is one."""
        if day in self.days_worked:
            return None
        if day in self.days_off:
            return "本单位休息日"
        try:
            off, holiday = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            off, holiday = day.weekday() >= 5, None
        if not off:
            return None
        if holiday:
            return chinese_calendar.Holiday(holiday).chinese
        return f"周{WEEKDAYS[day.weekday()]}"

    def is_working_day(self, day: date) -> bool:
        return self.closed_because(day) is None

    def first_working_day(self, start: date) -> date:
        day = start
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def period(self, start: date, count: int) -> Period:
        """A period of `count` working days beginning on `start`, or on the first working day after it."""
        if count < 1:
            raise ValueError("count must be at least 1")
        skipped: list[Skipped] = []
        day, counted = start, 0
        while True:
            reason = self.closed_because(day)
            if reason is None:
                counted += 1
                if counted == 1:
                    first = day
                if counted == count:
                    break
            else:
                skipped.append(Skipped(day, reason))
            day += timedelta(days=1)
        skipped = [s for s in skipped if s.day > first]  # days before the period began are not inside it
        years = range(first.year, day.year + 1)
        return Period(first, day, count, skipped, [year for year in years if not self.covers(year)])

    def add_working_days(self, start: date, count: int) -> date:
        """The last day of a period of `count` working days that begins on `start` (or the next working day)."""
        return self.period(start, count).last


def calendar_from(config, local_days: Iterable[tuple[date, bool]] = ()) -> WorkCalendar:
    """The unit's calendar: HOLIDAYS and MAKEUP_WORKDAYS of the configuration (ISO dates), then the days HR
    keeps in hrflow as (day, worked) pairs."""
    off = {date.fromisoformat(str(v)) for v in config.get("HOLIDAYS") or ()}
    worked = {date.fromisoformat(str(v)) for v in config.get("MAKEUP_WORKDAYS") or ()}
    for day, is_worked in local_days:
        (worked if is_worked else off).add(day)
        (off if is_worked else worked).discard(day)
    return WorkCalendar(off, worked)


@dataclass(frozen=True)
class StatutoryDay:
    """A statutory holiday on a weekday, or a weekend day worked in lieu (调休上班)."""

    day: date
    name: str
    worked: bool


def statutory_days(year: int) -> list[StatutoryDay]:
    """The year's holidays that fall on weekdays and its weekend days worked, in date order; [] for a year
    the library does not cover."""
    if not WorkCalendar.covers(year):
        return []
    days = []
    day = date(year, 1, 1)
    while day.year == year:
        off, holiday = chinese_calendar.get_holiday_detail(day)
        weekend = day.weekday() >= 5
        if holiday and off != weekend or (not off and weekend):
            name = chinese_calendar.Holiday(holiday).chinese if holiday else ""
            days.append(StatutoryDay(day, name, worked=not off))
        day += timedelta(days=1)
    return days
