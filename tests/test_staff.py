"""Employees and appointments: seats are taken from the table's unnamed incumbents or free seats only."""

import csv
import io

import pytest
from sqlalchemy import func, select

from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.models import SYSTEM, Appointment, Employee
from hrflow.posts.queries import find_post
from hrflow.posts.seats import filled_counts, stats
from hrflow.posts.staff import SeatError, appoint, import_employees

HEADER = ["工号", "姓名", "性别", "出生日期", "部门", "岗位", "入职日期", "兼任岗位"]


def sheet(*rows, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def test_appointing_names_an_unnamed_incumbent_first(seeded, make_employee):
    post = find_post("少儿部/工作人员")
    appointment = appoint(make_employee(), post)
    assert appointment.import_batch_id is not None  # the table's seat, now named
    assert filled_counts()[post.id] == 8


def test_a_full_post_refuses_another_person(seeded, make_employee):
    post = find_post("少儿部/主任")
    for _ in range(2):
        appoint(make_employee(), post)
    with pytest.raises(SeatError, match="已满（设岗 2 人，在岗 2 人）"):
        appoint(make_employee(), post)


def test_a_vacant_seat_can_be_filled_once(seeded, make_employee):
    post = find_post("办公室/办证咨询")
    appoint(make_employee(), post)  # names the incumbent
    appoint(make_employee(), post)  # the vacant seat
    assert stats()["vacant"] == 2
    with pytest.raises(SeatError):
        appoint(make_employee(), post)


def test_a_seat_promised_from_a_later_date_is_not_free(seeded, make_employee):
    from datetime import timedelta

    post = find_post("办公室/办证咨询")
    appoint(make_employee(), post)  # names the incumbent
    later = unit_today() + timedelta(days=30)
    appoint(make_employee(), post, start_date=later, name_incumbent=False)  # starts next month
    assert filled_counts()[post.id] == 1  # today one person works there …
    with pytest.raises(SeatError, match="已满"):  # … but both seats are taken
        appoint(make_employee(), post, start_date=later, name_incumbent=False)


def test_import_employees_names_incumbents_and_concurrent_posts(seeded):
    data = sheet(
        ["A001", "陈喆", "女", "1985-03-02", "办公室", "办证咨询", "2010/9/1", "办证咨询主任"],
        ["A002", "王堃", "男", "1979年12月1日", "少儿部", "少儿部/主任", "20050701", ""],
    )
    result = import_employees(data, "staff.csv", actor=SYSTEM)
    db.session.commit()
    assert (result.created, result.appointments) == (2, 3)
    chen = db.session.scalar(select(Employee).where(Employee.staff_no == "A001"))
    assert chen.birth_date.isoformat() == "1985-03-02" and chen.hired_on.isoformat() == "2010-09-01"
    assert sorted(a.post.key for a in chen.open_appointments()) == ["办证咨询", "办证咨询主任"]
    assert stats() == {"departments": 8, "posts": 21, "seats": 45, "filled": 42, "vacant": 3, "recruitable": 2}


def test_import_employees_from_gbk_csv_and_xlsx(seeded):
    import openpyxl

    assert import_employees(sheet(["B1", "李玥", "女", "1990-01-01", "特藏部", "主任", "", ""], encoding="gbk"),
                            "gbk.csv", actor=SYSTEM).created == 1
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    from datetime import datetime

    workbook.active.append(["B2", "周杰", "男", datetime(1988, 5, 6), "特藏部", "工作人员", datetime(2012, 1, 1), None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_employees(buffer.getvalue(), "x.xlsx", actor=SYSTEM)
    zhou = db.session.scalar(select(Employee).where(Employee.staff_no == "B2"))
    assert zhou.birth_date.isoformat() == "1988-05-06"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["", "甲", "女", "1990-01-01", "特藏部", "主任", "", ""], "第 3 行，工号：不能为空"),
        (["C2", "甲", "未知", "1990-01-01", "特藏部", "主任", "", ""], "第 3 行，性别"),
        (["C2", "甲", "女", "1990-13-01", "特藏部", "主任", "", ""], "第 3 行，出生日期：“1990-13-01”不是有效日期"),
        (["C2", "甲", "女", "1990-01-01", "特藏部", "馆长", "", ""], "第 3 行，岗位：找不到岗位“特藏部/馆长”"),
        (["C1", "甲", "女", "1990-01-01", "特藏部", "主任", "", ""], "第 3 行，工号：工号 C1 与第 2 行重复"),
        (["C2", "甲", "女", "1990-01-01", "采编部", "工作人员", "", ""], "第 3 行，岗位：岗位“采编部/工作人员”已满"),
    ],
)
def test_bad_rows_are_refused_whole(seeded, row, message):
    first = ["C1", "乙", "男", "1980-01-01", "采编部", "工作人员", "", ""]
    with pytest.raises(TableImportError) as caught:
        import_employees(sheet(first, row), "staff.csv", actor=SYSTEM)
    db.session.rollback()
    assert message in str(caught.value)
    assert db.session.scalar(select(func.count(Employee.id))) == 0
    assert db.session.scalar(select(func.count(Appointment.id)).where(Appointment.employee_id.is_not(None))) == 0


def test_missing_columns_are_named(seeded):
    with pytest.raises(TableImportError, match="表头缺少列：出生日期"):
        import_employees(sheet(["X"], header=["工号", "姓名", "性别", "部门", "岗位", "入职日期"]), "s.csv", actor=SYSTEM)


def test_the_demo_names_concurrent_holders_from_their_home_post(demo):
    """'由办证咨询1人兼任': one of the 办证咨询 staff holds it, not an extra person; '由副书记兼任': a leader from
    outside the table, with no main post in it."""
    office_lead = find_post("办公室/办证咨询主任").appointments[0]
    home_holders = {a.employee_id for a in find_post("办公室/办证咨询").appointments}
    assert office_lead.kind == "concurrent" and office_lead.employee_id in home_holders
    leader = next(a for a in Appointment.query.filter_by(kind="concurrent") if a.holder_note == "副书记")
    assert leader.employee.main_appointment() is None
    assert db.session.scalar(select(func.count(Employee.id))) == 41  # 42 filled seats, one held concurrently
