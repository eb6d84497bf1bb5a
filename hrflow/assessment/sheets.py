"""Grades as a spreadsheet and back: HR exports the participants, fills in 等次 in Excel and imports
the file; every row or none is saved, under the 优秀 quota. Written in Chinese whatever the reader reads,
like the unit's other exports."""

from __future__ import annotations

import io

from hrflow import audit
from hrflow.assessment.grading import QuotaExceeded, decide_grades
from hrflow.assessment.queries import department_assessments
from hrflow.importers import TableImportError
from hrflow.importers.sheets import read_sheet
from hrflow.models import Actor, Assessment, AssessmentCycle, AssessmentError, Grade
from hrflow.spreadsheets import neutralise

EXPORT_COLUMNS = ("工号", "姓名", "部门", "岗位", "等次", "评语")
IMPORT_COLUMNS = ("工号", "等次")
IMPORT_OPTIONAL_COLUMNS = ("姓名", "部门", "岗位", "评语")


def export_xlsx(cycle: AssessmentCycle) -> bytes:
    """One row per participant: 工号, 姓名, 部门, 岗位, 等次 (empty or current), 评语 (the head's comments)."""
    from openpyxl import Workbook  # openpyxl is loaded when a sheet is written, not with every page
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{cycle.year}年度考核"
    sheet.append(list(EXPORT_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in department_assessments(cycle):
        values = [record.employee.staff_no, record.employee.name, record.department.path,
                  record.post_version.full_name, record.grade_label,  # grade_label: in Chinese
                  record.head_comments or record.special_case_reason or ""]
        sheet.append([neutralise(v) for v in values])
    for column, width in zip("ABCDEF", (10, 10, 20, 24, 10, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_grades(cycle: AssessmentCycle, data: bytes, source: str, *, actor: Actor) -> int:
    """Set 等次 from a spreadsheet (the export, edited) in one go: every row or none.

    Rows are found by 工号 (a 姓名 column, when present, must match); an empty 等次 leaves the grade as
    it is; other columns are for reading only. Refused whole, naming row and column, for an unknown
    person or grade, a duplicate, a grade for a special case, or more 优秀 than the quota."""
    rows = read_sheet(data, source, IMPORT_COLUMNS, IMPORT_OPTIONAL_COLUMNS)
    by_staff_no = {a.employee.staff_no: a for a in department_assessments(cycle)}
    seen: dict[str, int] = {}
    decisions: list[tuple[Assessment, str]] = []
    row_of: dict[int, int] = {}
    for row in rows:
        where = row.where()
        staff_no = row.text("工号")
        record = by_staff_no.get(staff_no)
        if record is None:
            raise TableImportError(source, f"工号“{staff_no}”不是 {cycle.year} 年度考核的参加人员", where=where, field="工号")
        if staff_no in seen:
            raise TableImportError(source, f"工号 {staff_no} 与第 {seen[staff_no]} 行重复", where=where, field="工号")
        seen[staff_no] = row.number
        name = row.text("姓名")
        if name and name != record.employee.name:
            raise TableImportError(source, f"姓名“{name}”与工号 {staff_no}（{record.employee.name}）不符",
                                   where=where, field="姓名")
        text = row.text("等次")
        if not text:
            continue
        grade = Grade.from_label(text)
        if grade is None:
            raise TableImportError(source, f"“{text}”不是等次（优秀、合格、基本合格、不合格）", where=where, field="等次")
        if not record.gradeable:
            raise TableImportError(source, f"{record.employee.name}{record.special_case_label}，不能评定等次",
                                   where=where, field="等次")
        decisions.append((record, grade.value))
        row_of[record.id] = row.number
    try:
        changed = decide_grades(cycle, decisions, actor=actor)
    except QuotaExceeded as error:
        where = f"第 {row_of[error.assessment.id]} 行" if error.assessment is not None else None
        raise TableImportError(source, str(error), where=where, field="等次") from error
    except AssessmentError as error:
        raise TableImportError(source, str(error)) from error
    audit.record(actor, "assessment.import", f"导入 {cycle.year} 年度考核等次 {source}：{changed} 人的等次有变化", obj=cycle)
    return changed
