"""Working days for publicity periods (公示): weekends and the unit's holiday list do not count."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def is_working_day(day: date, holidays: Iterable[date] = (), workdays: Iterable[date] = ()) -> bool:
    """`workdays` are weekend days worked in lieu (调休上班), which count."""
    if day in set(workdays):
        return True
    return day.weekday() < 5 and day not in set(holidays)


def add_working_days(start: date, count: int, holidays: Iterable[date] = (), workdays: Iterable[date] = ()) -> date:
    """The last day of a period of `count` working days that begins on `start` (or the next working day)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    holidays, workdays = set(holidays), set(workdays)
    day = start
    while not is_working_day(day, holidays, workdays):
        day += timedelta(days=1)
    remaining = count - 1
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays):
            remaining -= 1
    return day


def configured_holidays(config) -> tuple[set[date], set[date]]:
    """HOLIDAYS and MAKEUP_WORKDAYS from the app config, as ISO date strings."""
    parse = lambda values: {date.fromisoformat(str(v)) for v in values or ()}  # noqa: E731
    return parse(config.get("HOLIDAYS")), parse(config.get("MAKEUP_WORKDAYS"))
