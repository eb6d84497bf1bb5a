"""Leave and investigation records of each employee, entered by HR or imported from a sheet, and what they
decide when a cycle opens: who takes part without a grade and who gets no comments and no grade yet
(hrflow/rules/participation.py, 考核规定 第三十七、四十一、四十二条). Flush + audit, the actor as an argument."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from hrflow import audit
from hrflow.assessment.access import require_manager
from hrflow.assessment.inputs import clean, parse
from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.importers.sheets import parse_date, read_sheet
from hrflow.models import Actor, AssessmentError, Employee
from hrflow.models.personnel_records import InvestigationOutcome, InvestigationRecord, LeaveKind, LeaveRecord
from hrflow.rules.participation import Investigation, Leave, Participation, participation

LEAVE_COLUMNS = ("工号", "类别", "开始日期", "结束日期")
LEAVE_OPTIONAL_COLUMNS = ("姓名", "备注")


def participations(employees: Iterable[Employee], cycle_date: date) -> dict[int, Participation]:
    """Per employee id, the special case the records give on ``cycle_date`` (two queries for everyone)."""
    employees = list(employees)
    ids = [e.id for e in employees]
    leaves: dict[int, list[Leave]] = defaultdict(list)
    cases: dict[int, list[Investigation]] = defaultdict(list)
    if ids:
        for row in db.session.scalars(select(LeaveRecord).where(LeaveRecord.employee_id.in_(ids))):
            leaves[row.employee_id].append(Leave(row.kind, row.start_date, row.end_date))
        for row in db.session.scalars(select(InvestigationRecord).where(InvestigationRecord.employee_id.in_(ids))):
            cases[row.employee_id].append(Investigation(row.opened_on, row.closed_on, row.outcome))
    return {e.id: participation(cycle_date, hired_on=e.hired_on, worked_elsewhere_since=e.worked_elsewhere_since,
                                leaves=leaves[e.id], investigations=cases[e.id]) for e in employees}


def leave_records(employee: Employee) -> list[LeaveRecord]:
    return list(db.session.scalars(select(LeaveRecord).where(LeaveRecord.employee_id == employee.id)
                                   .order_by(LeaveRecord.start_date)))


def investigation_records(employee: Employee) -> list[InvestigationRecord]:
    return list(db.session.scalars(select(InvestigationRecord).where(InvestigationRecord.employee_id == employee.id)
                                   .order_by(InvestigationRecord.opened_on)))


def add_leave(employee: Employee, kind: LeaveKind | str, start: date, end: date, *, actor: Actor,
              note: str | None = None) -> LeaveRecord:
    require_manager(actor, "登记请假")
    kind = parse(LeaveKind, kind, "请假类别")
    if end < start:
        raise AssessmentError(f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
    record = LeaveRecord(employee_id=employee.id, kind=kind.value, start_date=start, end_date=end, note=clean(note),
                         entered_by_id=actor.id)
    db.session.add(record)
    db.session.flush()
    audit.record(actor, "assessment.leave", f"登记{employee.name}的{record.kind_label}：{start} 至 {end}", obj=employee)
    return record


def import_leaves(data: bytes, source: str, *, actor: Actor) -> int:
    """Leave records from a sheet (工号, 类别, 开始日期, 结束日期; 姓名 and 备注 optional): every row or none."""
    require_manager(actor, "导入请假记录")
    rows = read_sheet(data, source, LEAVE_COLUMNS, LEAVE_OPTIONAL_COLUMNS)
    staff = {e.staff_no: e for e in db.session.scalars(select(Employee))}
    kinds = {chinese_kind: kind for kind in LeaveKind for chinese_kind in (kind.value, _word(kind))}
    added = []
    for row in rows:
        where = row.where()
        employee = staff.get(row.text("工号"))
        if employee is None:
            raise TableImportError(source, f"工号“{row.text('工号')}”不是本单位人员", where=where, field="工号")
        if row.text("姓名") and row.text("姓名") != employee.name:
            raise TableImportError(source, f"姓名“{row.text('姓名')}”与工号 {employee.staff_no}（{employee.name}）不符",
                                   where=where, field="姓名")
        kind = kinds.get(row.text("类别"))
        if kind is None:
            raise TableImportError(source, f"“{row.text('类别')}”不是请假类别（病假、事假、脱产学习、产假）", where=where,
                                   field="类别")
        start = parse_date(row.text("开始日期"), source, where, "开始日期")
        end = parse_date(row.text("结束日期"), source, where, "结束日期")
        if end < start:
            raise TableImportError(source, "结束日期早于开始日期", where=where, field="结束日期")
        added.append(LeaveRecord(employee_id=employee.id, kind=kind.value, start_date=start, end_date=end,
                                 note=clean(row.text("备注")), entered_by_id=actor.id))
    db.session.add_all(added)
    db.session.flush()
    audit.record(actor, "assessment.leave_import", f"导入请假记录 {source}：{len(added)} 条")
    return len(added)


def _word(kind: LeaveKind) -> str:
    return {"sick": "病假", "personal": "事假", "study": "脱产学习", "maternity": "产假"}[kind.value]


def open_investigation(employee: Employee, opened_on: date, *, actor: Actor, note: str | None = None) -> InvestigationRecord:
    require_manager(actor, "登记立案审查调查")
    record = InvestigationRecord(employee_id=employee.id, opened_on=opened_on, note=clean(note), entered_by_id=actor.id)
    db.session.add(record)
    db.session.flush()
    audit.record(actor, "assessment.investigation", f"登记{employee.name}接受立案审查调查（{opened_on} 起）", obj=employee)
    return record


def close_investigation(record: InvestigationRecord, closed_on: date, outcome: InvestigationOutcome | str, *,
                        actor: Actor) -> None:
    require_manager(actor, "登记调查结果")
    outcome = parse(InvestigationOutcome, outcome, "调查结果")
    if record.closed_on is not None:
        raise AssessmentError(f"该调查已于 {record.closed_on} 结案")
    if closed_on < record.opened_on:
        raise AssessmentError(f"结案日期 {closed_on} 早于立案日期 {record.opened_on}")
    record.closed_on, record.outcome = closed_on, outcome.value
    audit.record(actor, "assessment.investigation_closed",
                 f"{record.employee.name}的立案审查调查于 {closed_on} 结案：{record.outcome_label}", obj=record.employee)
