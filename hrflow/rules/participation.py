"""Who takes part in a year's assessment without a grade, from the records: pure functions (no database).

考核规定 (2023):
- 第三十七条: a first job and less than half the assessment year in the unit (probation included) → takes
  part, comments only, no grade. Someone who worked in another unit that year has that time counted.
- 第四十一条: sick leave, personal leave and study not sent by the unit adding up to more than half the
  year → takes part without a grade. Maternity leave is apart: it never makes a person ungraded.
- 第四十二条: under investigation (立案审查调查) → takes part, no comments and no grade yet; once it closes
  with no sanction or a warning the grade is set afterwards (补定).

The values returned are SpecialCase values ("none", "comments_only", "not_graded", "deferred"); the
reason is written as the overview shows it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from hrflow.rules.wording import N_, Said, joined

# Leave kinds that count towards the half year (第四十一条); maternity leave does not.
COUNTED_LEAVE = ("sick", "personal", "study")
LEAVE_WORDS = {"sick": N_("病假"), "personal": N_("事假"), "study": N_("非单位派出的脱产学习"), "maternity": N_("产假")}


@dataclass(frozen=True)
class Leave:
    kind: str
    start: date
    end: date  # inclusive


@dataclass(frozen=True)
class Investigation:
    opened: date
    closed: date | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class Participation:
    special_case: str  # SpecialCase value
    reason: Said | None = None  # the Chinese text with its wording (hrflow.rules.wording)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it has no such day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def leave_days(leaves: Iterable[Leave], first: date, last: date, kinds: tuple[str, ...] = COUNTED_LEAVE) -> int:
    """Days of leave of ``kinds`` within [first, last], each day counted once even where records overlap."""
    days: set[int] = set()
    for leave in leaves:
        if leave.kind not in kinds:
            continue
        start, end = max(leave.start, first), min(leave.end, last)
        days.update(range(start.toordinal(), end.toordinal() + 1))
    return len(days)


def participation(cycle_date: date, *, hired_on: date | None, worked_elsewhere_since: date | None = None,
                  leaves: Iterable[Leave] = (), investigations: Iterable[Investigation] = ()) -> Participation:
    """The special case a person gets when the cycle opens (an investigation first, then leave, then time in the unit)."""
    first = date(cycle_date.year, 1, 1)
    open_cases = [i for i in investigations if i.opened <= cycle_date and (i.closed is None or i.closed > cycle_date)]
    if open_cases:
        opened = min(i.opened for i in open_cases)
        return Participation("deferred", N_("%(opened)s 起接受立案审查调查，尚未结案：参加考核，不写评语、暂不确定等次"
                                            "（考核规定第四十二条）", opened=opened.isoformat()))
    leaves = list(leaves)
    year_days = cycle_date.toordinal() - first.toordinal() + 1
    away = leave_days(leaves, first, cycle_date)
    if away * 2 > year_days:
        kinds = joined(N_("、"), (LEAVE_WORDS[k] for k in COUNTED_LEAVE if leave_days(leaves, first, cycle_date, (k,))))
        return Participation("not_graded", N_("%(year)s 年%(kinds)s累计 %(days)s 天，超过半年：参加考核，不确定等次"
                                              "（考核规定第四十一条）", year=cycle_date.year, kinds=kinds, days=away))
    start = hired_on
    if start is not None and worked_elsewhere_since is not None and worked_elsewhere_since < start:
        start = worked_elsewhere_since  # not a first job: the time in the other unit counts too
    if start is not None and start > months_before(cycle_date, 6):
        if worked_elsewhere_since is not None and worked_elsewhere_since < hired_on:
            why = N_("入职日期 %(hired)s，连同此前在其他单位工作（%(since)s 起）", hired=hired_on.isoformat(),
                     since=worked_elsewhere_since.isoformat())
        else:
            why = N_("入职日期 %(hired)s", hired=hired_on.isoformat())
        return Participation("comments_only", N_("%(why)s，距考核基准日 %(day)s 不满半年：只写评语，不定等次", why=why,
                                                 day=cycle_date.isoformat()))
    return Participation("none")
