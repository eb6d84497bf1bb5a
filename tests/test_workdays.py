"""Working days: China's statutory holidays and 调休 from chinesecalendar, the unit's own days first, and
weekends only (said so) for a year the library does not cover yet."""

import json
from datetime import date

import pytest

from hrflow.workdays import Skipped, WorkCalendar, calendar_from


def test_national_day_week_and_the_saturday_worked_in_lieu():
    period = WorkCalendar().period(date(2026, 9, 28), 7)
    assert (period.first, period.last) == (date(2026, 9, 28), date(2026, 10, 12))
    assert [s.day.day for s in period.skipped] == [1, 2, 3, 4, 5, 6, 7, 11]
    assert period.skipped[0] == Skipped(date(2026, 10, 1), "国庆节")
    assert period.skipped[-1] == Skipped(date(2026, 10, 11), "周日")
    assert period.uncovered == []


def test_a_period_starting_on_a_holiday_begins_on_the_next_working_day():
    period = WorkCalendar().period(date(2026, 10, 3), 1)
    assert (period.first, period.last, period.skipped) == (date(2026, 10, 8), date(2026, 10, 8), [])


@pytest.mark.parametrize(("day", "reason"), [
    (date(2026, 2, 17), "春节"), (date(2026, 10, 10), None), (date(2026, 12, 5), "周六"), (date(2026, 12, 7), None),
])
def test_why_a_day_is_closed(day, reason):
    assert WorkCalendar().closed_because(day) == reason


def test_the_units_own_days_come_first():
    calendar = WorkCalendar(days_off=[date(2026, 12, 7)], days_worked=[date(2026, 12, 5)])
    assert calendar.closed_because(date(2026, 12, 7)) == "本单位休息日"
    assert calendar.is_working_day(date(2026, 12, 5))


def test_configured_days_and_days_kept_by_hr_merge_with_the_later_winning():
    config = {"HOLIDAYS": ["2026-12-07"], "MAKEUP_WORKDAYS": ["2026-12-05"]}
    calendar = calendar_from(config, [(date(2026, 12, 7), True), (date(2026, 12, 8), False)])
    assert calendar.is_working_day(date(2026, 12, 7)) and not calendar.is_working_day(date(2026, 12, 8))
    assert calendar.is_working_day(date(2026, 12, 5))


def test_a_year_the_library_does_not_cover_counts_weekends_only_and_says_so():
    assert not WorkCalendar.covers(2099) and WorkCalendar.covers(2026)
    period = WorkCalendar().period(date(2099, 1, 1), 3)  # a Thursday; 元旦 unknown
    assert (period.first, period.last) == (date(2099, 1, 1), date(2099, 1, 5))
    assert period.uncovered == [2099]


def test_a_period_needs_at_least_one_day():
    with pytest.raises(ValueError):
        WorkCalendar().period(date(2026, 1, 5), 0)


def test_the_command_prints_the_last_day_first_then_the_days_it_skipped(runner):
    result = runner.invoke(args=["workdays", "2026-09-28", "7"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2026-10-12"
    assert lines[1].startswith("跳过 8 天：2026-10-01 国庆节") and lines[1].endswith("2026-10-11 周日")


def test_the_command_counts_the_units_own_days_and_speaks_json(runner, app):
    from hrflow.extensions import db
    from hrflow.models import LocalDay

    db.session.add(LocalDay(day=date(2026, 9, 29), worked=False, note="馆庆"))
    db.session.commit()
    result = runner.invoke(args=["workdays", "2026-09-26", "7", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["first"], document["last"]) == ("2026-09-28", "2026-10-13")
    assert {"day": "2026-09-29", "reason": "本单位休息日"} in document["skipped"]


@pytest.mark.parametrize("args", [["2026-13-01", "7"], ["2026-09-28", "0"], ["2026-09-28", "x"]])
def test_the_command_refuses_a_bad_date_or_count_in_one_line(runner, args):
    result = runner.invoke(args=["workdays", *args])
    assert result.exit_code == 2 and "Traceback" not in result.output


# ---------------------------------------------------------------- the unit's own days, kept by HR

def test_hr_keeps_the_units_own_days_and_periods_count_them(client, login, make_user, app):
    from sqlalchemy import select

    from hrflow.extensions import db
    from hrflow.models import AuditLog, LocalDay, unit_calendar

    login(make_user("hr"))
    page = client.get("/dashboard/calendar?year=2026")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "2026-10-10" in text and "调休上班" in text and "国庆节" in text
    added = client.post("/dashboard/calendar?year=2026", data={"day": "2026-09-29", "worked": "off", "note": "馆庆日"})
    assert added.status_code == 302
    assert unit_calendar(app.config).add_working_days(date(2026, 9, 28), 7) == date(2026, 10, 13)
    again = client.post("/dashboard/calendar?year=2026", data={"day": "2026-09-29", "worked": "worked", "note": "补班"})
    assert again.status_code == 422 and "已在本单位日历中" in again.get_data(as_text=True)
    no_reason = client.post("/dashboard/calendar?year=2026", data={"day": "2026-09-30", "worked": "off", "note": ""})
    assert no_reason.status_code == 422 and 'value="2026-09-30"' in no_reason.get_data(as_text=True)
    local = db.session.scalar(select(LocalDay))
    assert client.post(f"/dashboard/calendar/{local.id}/remove").status_code == 302
    assert db.session.scalar(select(LocalDay)) is None
    assert [e.action for e in db.session.scalars(select(AuditLog).order_by(AuditLog.id))] == ["calendar.day",
                                                                                            "calendar.remove"]


def test_a_year_not_covered_yet_says_so_on_the_calendar_page(client, login, make_user):
    login(make_user("hr"))
    text = client.get("/dashboard/calendar?year=2099").get_data(as_text=True)
    assert "2099 年的法定节假日尚未收录" in text
