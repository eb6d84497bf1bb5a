"""Employees and their appointments. An appointment takes a seat: first the table's unnamed
incumbent on that post (naming them), otherwise a free seat; never a seat that is not there."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from hrflow import audit
from hrflow.clock import unit_today
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.importers.sheets import parse_date, read_sheet
from hrflow.models import Actor, Appointment, AppointmentKind, Employee, Post
from hrflow.models.base import lock_row
from hrflow.posts.queries import find_post
from hrflow.posts.seats import filled_counts

EMPLOYEE_COLUMNS = ("工号", "姓名", "性别", "出生日期", "部门", "岗位", "入职日期")
OPTIONAL_COLUMNS = ("兼任岗位",)


class SeatError(DomainError):
    """No free seat on the post."""


def lock_post(post: Post) -> Post:
    """Serialise appointments on one post until the transaction ends: the seat count read after it
    cannot change under us."""
    post = lock_row(post)
    db.session.expire(post, ["appointments"])
    return post


def appoint(
    employee: Employee,
    post: Post,
    kind: AppointmentKind = AppointmentKind.MAIN,
    *,
    start_date: date | None = None,
    name_incumbent: bool = True,
) -> Appointment:
    """Give the employee a seat on the post, or raise SeatError when every seat is taken.

    name_incumbent: the person is one of the table's unnamed incumbents (naming existing staff);
    a new hire (recruitment) passes False and needs a free seat."""
    post = lock_post(post)
    existing = next((a for a in post.appointments if a.is_open() and a.employee_id == employee.id), None)
    if existing is not None:
        return existing
    unnamed = sorted(
        (a for a in post.appointments if name_incumbent and a.is_open() and not a.is_named),
        key=lambda a: (a.kind != kind.value, a.id),
    )
    if unnamed:
        seat = unnamed[0]
        seat.employee = employee
        seat.kind = kind.value
        seat.start_date = seat.start_date or start_date
        return seat
    seats = post.current.seats
    filled = filled_counts(post_ids=[post.id], promised=True).get(post.id, 0)
    if filled >= seats:
        raise SeatError(f"岗位“{post.path}”已满（设岗 {seats} 人，在岗 {filled} 人）")
    appointment = Appointment(post=post, employee=employee, kind=kind.value, start_date=start_date)
    db.session.add(appointment)
    db.session.flush()
    return appointment


@dataclass
class EmployeeImportResult:
    created: int = 0
    updated: int = 0
    appointments: int = 0


def import_employees(data: bytes, source: str, *, actor: Actor) -> EmployeeImportResult:
    rows = read_sheet(data, source, EMPLOYEE_COLUMNS, OPTIONAL_COLUMNS)
    result = EmployeeImportResult()
    seen: dict[str, int] = {}
    for row in rows:
        where = row.where()
        staff_no = row.text("工号")
        if not staff_no:
            raise TableImportError(source, "不能为空", where=where, field="工号")
        if staff_no in seen:
            raise TableImportError(source, f"工号 {staff_no} 与第 {seen[staff_no]} 行重复", where=where, field="工号")
        seen[staff_no] = row.number
        name = row.text("姓名")
        if not name:
            raise TableImportError(source, "不能为空", where=where, field="姓名")
        gender = row.text("性别")
        if gender not in ("男", "女"):
            raise TableImportError(source, f"“{gender}”应为“男”或“女”", where=where, field="性别")
        birth = parse_date(row.values.get("出生日期", ""), source, where, "出生日期")
        hired = parse_date(row.values.get("入职日期", ""), source, where, "入职日期", required=False)
        employee = db.session.scalar(select(Employee).where(Employee.staff_no == staff_no))
        if employee is None:
            employee = Employee(staff_no=staff_no)
            db.session.add(employee)
            result.created += 1
        else:
            result.updated += 1
        employee.name, employee.gender, employee.birth_date, employee.hired_on = name, gender, birth, hired
        db.session.flush()
        main = _post_for(row.text("部门"), row.text("岗位"), source, where, "岗位")
        result.appointments += _appoint_row(employee, main, AppointmentKind.MAIN, hired, source, where, "岗位")
        for text in _split_list(row.text("兼任岗位")):
            post = _post_for(row.text("部门"), text, source, where, "兼任岗位")
            result.appointments += _appoint_row(employee, post, AppointmentKind.CONCURRENT, hired, source, where, "兼任岗位")
    audit.record(
        actor,
        "employees.import",
        f"导入人员 {source}：新增 {result.created}，更新 {result.updated}，任职 {result.appointments}",
    )
    return result


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[；;、,，\n]", text) if part.strip()]


def _post_for(department: str, post_text: str, source: str, where: str, column: str) -> Post:
    if not post_text:
        raise TableImportError(source, "不能为空", where=where, field=column)
    path = post_text if "/" in post_text else f"{department}/{post_text}"
    post = find_post(path)
    if post is None:
        raise TableImportError(source, f"找不到岗位“{path}”", where=where, field=column)
    return post


def _appoint_row(employee, post, kind, start, source, where, column) -> int:
    already = any(a.post_id == post.id and a.is_open() for a in employee.appointments)
    if already:
        return 0
    if kind == AppointmentKind.MAIN:
        other_main = employee.main_appointment()
        if other_main is not None and other_main.post_id != post.id:
            other_main.end_date = start or unit_today()
    try:
        appoint(employee, post, kind, start_date=start)
    except SeatError as error:
        raise TableImportError(source, str(error), where=where, field=column) from error
    return 1
