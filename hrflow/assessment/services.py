"""Annual assessment (年度考核): cycles, forms, the 优秀 quota, acknowledgement and appeal.

Services take the acting user (None = the command line, trusted like HR), only flush, and write
the audit log for every change. Refusals raise AssessmentError (AssessmentAccessError when the
actor may not touch the form) with a message fit to show as it is.

Concurrency: every change that can move the 优秀 count or its quota (grades, special cases,
quota settings, appeal outcomes) first locks the cycle row (``lock_cycle``: SELECT … FOR UPDATE on
PostgreSQL, the database write lock on SQLite) and counts from the database after the lock, so
two HR officers deciding at the quota's edge cannot both succeed.

What the pages, PDFs and the command line call:
- finding: find_cycle / get_cycle / list_cycles / latest_cycle / next_status, get_assessment,
  own_assessment, assessments_for (by the user's reach), department_assessments (eager, table order)
- the cycle: open_cycle, update_settings, advance / publish / archive, lock_cycle
- a form: flag_special_case, save/submit_self_summary, duty_items, save/submit_head_review
  (HeadReview; review_gaps says what is still missing), reopen_form, decide_grade / decide_grades, acknowledge, appeal,
  record_appeal_outcome, amend_archived
- figures: quota_summary, department_quotas, progress, grade_distribution, excellent_list, status_json
- spreadsheets: export_xlsx, import_grades
Who may do what: hrflow/assessment/access.py.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, bindparam, func, literal, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import aliased, selectinload

from hrflow import audit
from hrflow.assessment import access
from hrflow.extensions import db, read_rows
from hrflow.importers import TableImportError
from hrflow.importers.sheets import read_sheet
from hrflow.models import (
    Acknowledgement,
    Actor,
    AppealOutcome,
    Appointment,
    AppointmentKind,
    AssessedPost,
    Assessment,
    AssessmentAccessError,
    AssessmentCycle,
    AssessmentError,
    CycleStatus,
    Department,
    Dimension,
    Employee,
    FormStatus,
    Grade,
    Post,
    PostVersion,
    Rating,
    SpecialCase,
    User,
)
from hrflow.models.assessment import APPEALABLE_GRADES
from hrflow.models.base import json_list_length, lock_row, utcnow
from hrflow.models.org import DepartmentRow, department_tree
from hrflow.posts.services import post_paths
from hrflow.rules.quota import Rounding, allocate, excellent_quota
from hrflow.workdays import add_working_days, configured_holidays, is_working_day

MIN_PUBLICITY_DAYS = 5
EXPORT_COLUMNS = ("工号", "姓名", "部门", "岗位", "等次", "评语")
IMPORT_COLUMNS = ("工号", "等次")
IMPORT_OPTIONAL_COLUMNS = ("姓名", "部门", "岗位", "评语")


class QuotaExceeded(AssessmentError):
    """More 优秀 than the quota allows; ``assessment`` is the first form that went over it."""

    def __init__(self, message: str, assessment: Assessment | None = None):
        super().__init__(message)
        self.assessment = assessment


# ---------------------------------------------------------------- finding cycles and forms

def find_cycle(year: int) -> AssessmentCycle | None:
    return db.session.scalar(_cycle_statement(), {"year": year})


@cache
def _cycle_statement() -> Select:
    return select(AssessmentCycle).where(AssessmentCycle.year == bindparam("year"))


def get_cycle(year: int) -> AssessmentCycle:
    cycle = find_cycle(year)
    if cycle is None:
        raise AssessmentError(f"还没有开启 {year} 年度考核")
    return cycle


def list_cycles() -> list[AssessmentCycle]:
    """Newest year first."""
    return list(db.session.scalars(select(AssessmentCycle).order_by(AssessmentCycle.year.desc())))


def latest_cycle() -> AssessmentCycle | None:
    return db.session.scalar(select(AssessmentCycle).order_by(AssessmentCycle.year.desc()).limit(1))


def next_status(cycle: AssessmentCycle) -> CycleStatus | None:
    """The step advance() may move the cycle to, or None once archived."""
    flow = list(CycleStatus)
    index = flow.index(CycleStatus(cycle.status))
    return flow[index + 1] if index + 1 < len(flow) else None


def get_assessment(assessment_id: int) -> Assessment | None:
    """One form with what its page shows, or None (the route answers 404)."""
    return db.session.scalar(_form_query().where(Assessment.id == assessment_id))


def own_assessment(cycle: AssessmentCycle, user: User) -> Assessment | None:
    """The user's own form in the cycle (None for users who are no employee or take no part)."""
    if user.employee_id is None:
        return None
    return db.session.scalar(
        _form_query().where(Assessment.cycle_id == cycle.id, Assessment.employee_id == user.employee_id)
    )


def own_assessment_id(cycle: AssessmentCycle, user: User) -> int | None:
    """The id of the user's own form in the cycle, for a link (None as for own_assessment)."""
    if user.employee_id is None:
        return None
    return read_rows(_own_form_statement(), {"cycle_id": cycle.id, "employee_id": user.employee_id}).scalar()


@cache
def _own_form_statement() -> Select:
    return select(Assessment.id).where(Assessment.cycle_id == bindparam("cycle_id"),
                                       Assessment.employee_id == bindparam("employee_id"))


def _form_query():
    return select(Assessment).options(
        selectinload(Assessment.employee),
        selectinload(Assessment.department),
        selectinload(Assessment.post),
        selectinload(Assessment.post_version),
        selectinload(Assessment.cycle),
        selectinload(Assessment.assessed_posts).selectinload(AssessedPost.post_version),
        selectinload(Assessment.assessed_posts).selectinload(AssessedPost.post),
    )


def department_assessments(cycle: AssessmentCycle, department_ids: Iterable[int] | None = None) -> list[Assessment]:
    """The forms of the cycle (all, or of these departments), eagerly loaded for a list or a batch of PDFs,
    in table order: department, post, staff number. A fixed number of queries whatever the size."""
    query = _form_query().where(Assessment.cycle_id == cycle.id)
    if department_ids is not None:
        query = query.where(Assessment.department_id.in_(list(department_ids)))
    forms = list(db.session.scalars(query))
    order = _department_order()
    forms.sort(key=lambda a: _table_key(order, a.department_id, a.post.position if a.post else 0, a.employee.staff_no))
    return forms


@dataclass(frozen=True)
class SpecialCaseRow:
    """Somebody who takes part without a grade, as the cycle page lists them."""

    id: int
    name: str
    department: str  # its path
    special_case: str
    reason: str | None
    flagged_by: str | None  # who marked it; None when it was found from the data (the hiring date)


@cache
def _special_cases_statement() -> Select:
    marker, marker_employee = aliased(User), aliased(Employee)
    return (
        select(Assessment.id, Assessment.department_id, Assessment.special_case, Assessment.special_case_reason,
               Employee.name, Employee.staff_no, Post.position, marker.display_name, marker.username,
               marker_employee.name.label("marker_name"))
        .join(Employee, Assessment.employee_id == Employee.id).outerjoin(Post, Assessment.post_id == Post.id)
        .outerjoin(marker, Assessment.special_case_by_id == marker.id)
        .outerjoin(marker_employee, marker.employee_id == marker_employee.id)
        # 'none' written out, as the partial index ix_assessment_cycle_special says it: read from that index.
        .where(Assessment.cycle_id == bindparam("cycle_id"),
               Assessment.special_case != literal(SpecialCase.NONE.value, literal_execute=True))
    )


def special_cases(cycle: AssessmentCycle) -> list[SpecialCaseRow]:
    """The cycle's forms that take part without a grade (not graded, probation, …), in table order, as
    plain rows in one query (and the session's department tree)."""
    rows = read_rows(_special_cases_statement(), {"cycle_id": cycle.id}).all()
    tree = department_tree()
    rows.sort(key=lambda r: _table_key(tree.order, r.department_id, r.position, r.staff_no))
    return [SpecialCaseRow(r.id, r.name, tree.paths[r.department_id], r.special_case, r.special_case_reason,
                           # User.name, from the columns
                           (r.display_name or r.marker_name or r.username) if r.username else None) for r in rows]


def assessments_for(cycle: AssessmentCycle, user: User) -> list[Assessment]:
    """What the user may list: HR every form, a head their departments' forms (and their own), an employee their own."""
    if user.is_hr:
        return department_assessments(cycle)
    forms = department_assessments(cycle, user.headed_department_ids()) if user.headed_department_ids() else []
    own = own_assessment(cycle, user)
    if own is not None and own not in forms:
        forms.append(own)
    return forms


def _department_order() -> dict[int, tuple]:
    """Department id → sort key following the table (positions from the top department down)."""
    return department_tree().order


def _table_key(order: dict[int, tuple], department_id: int, post_position: int | None, staff_no: str) -> tuple:
    """Where a form stands in the post table: its department (from _department_order), post, staff number."""
    return order.get(department_id, ()), post_position or 0, staff_no


def _top_departments() -> dict[int, Department]:
    """Department id → its top-level department (sub-units count with their parent)."""
    departments = {d.id: d for d in db.session.scalars(select(Department))}
    tops = {}
    for department_id, department in departments.items():
        node = department
        while node.parent_id is not None and node.parent_id in departments:
            node = departments[node.parent_id]
        tops[department_id] = node
    return tops


# ---------------------------------------------------------------- opening a cycle

@dataclass
class Excluded:
    """Somebody who takes no part, or takes part without a grade, and why."""

    name: str
    staff_no: str
    reason: str
    assessment_id: int | None = None  # set for participants with a special case

    def as_json(self) -> dict:
        return {"name": self.name, "staff_no": self.staff_no, "reason": self.reason}


@dataclass
class OpenedCycle:
    cycle: AssessmentCycle
    participants: list[Assessment]
    excluded: list[Excluded]
    quota: QuotaSummary

    def as_json(self) -> dict:
        return {
            "year": self.cycle.year,
            "cycle_date": self.cycle.cycle_date.isoformat(),
            "participants": len(self.participants),
            "quota_base": self.quota.base,
            "excellent_rate": self.quota.rate,
            "rounding": self.quota.rounding,
            "excellent_quota": self.quota.quota,
            "excluded": [e.as_json() for e in self.excluded],
        }


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


def open_cycle(
    year: int,
    *,
    actor: Actor,
    cycle_date: date | None = None,
    excellent_rate: int | None = None,
    rounding: Rounding | str | None = None,
    self_review_deadline: date | None = None,
    head_review_deadline: date | None = None,
    decision_deadline: date | None = None,
) -> OpenedCycle:
    """Open the year's cycle: one form per employee holding a main post on the cycle date (31 December
    by default), with the post version in force that day and every concurrent post; people who joined
    less than half a year before it get 'comments only'. Settings default from the app config."""
    _require_hr(actor, "开启年度考核")
    if not 2000 <= year <= 2100:
        raise AssessmentError(f"年度“{year}”不正确")
    if find_cycle(year) is not None:
        raise AssessmentError(f"{year} 年度考核已经开启")
    config = current_app.config
    cycle = AssessmentCycle(
        year=year,
        cycle_date=cycle_date or date(year, 12, 31),
        excellent_rate=_rate(excellent_rate if excellent_rate is not None else config["ASSESSMENT_EXCELLENT_RATE"]),
        rounding=_rounding(rounding or config["ASSESSMENT_QUOTA_ROUNDING"]).value,
        raised_rate=_rate(config["ASSESSMENT_RAISED_RATE"]),
        failed_unit_rate=_rate(config["ASSESSMENT_FAILED_UNIT_RATE"]),
        publicity_days=_publicity_days(config["ASSESSMENT_PUBLICITY_DAYS"]),
        appeal_days=_appeal_days(config["ASSESSMENT_APPEAL_DAYS"]),
        self_review_deadline=self_review_deadline,
        head_review_deadline=head_review_deadline,
        decision_deadline=decision_deadline,
        created_by_id=actor.id,
    )
    db.session.add(cycle)
    db.session.flush()
    participants, excluded = _create_forms(cycle)
    summary = quota_summary(cycle)
    audit.record(actor, "assessment.open",
                 f"开启 {year} 年度考核：参加 {len(participants)} 人，{summary.describe()}", obj=cycle,
                 details={"excluded": [e.as_json() for e in excluded]})
    return OpenedCycle(cycle, participants, excluded, summary)


def _create_forms(cycle: AssessmentCycle) -> tuple[list[Assessment], list[Excluded]]:
    on = cycle.cycle_date
    employees = db.session.scalars(
        select(Employee).where(Employee.active.is_(True)).order_by(Employee.staff_no)
        .options(selectinload(Employee.appointments).selectinload(Appointment.post))
    ).all()
    post_ids = {a.post_id for e in employees for a in e.appointments}
    versions = _versions_in_force(post_ids, on)
    joined_after = months_before(on, 6)
    participants: list[Assessment] = []
    excluded: list[Excluded] = []
    for employee in employees:
        held = sorted(employee.open_appointments(on), key=lambda a: (a.kind != AppointmentKind.MAIN, a.id))
        main = held[0] if held and held[0].kind == AppointmentKind.MAIN else None
        if main is None:
            paths = "、".join(a.post.path for a in held)
            reason = f"仅兼任 {paths}" if held else "无在岗岗位"
            excluded.append(Excluded(employee.name, employee.staff_no, f"考核基准日 {on.isoformat()} 无主岗（{reason}）"))
            continue
        form = Assessment(cycle=cycle, employee=employee, post_id=main.post_id, post_version_id=versions[main.post_id].id,
                          department_id=main.post.department_id, dimension_ratings={})
        for appointment in held:
            if any(p.post_id == appointment.post_id for p in form.assessed_posts):
                continue  # two appointments on one post: its duties are rated once
            version = versions[appointment.post_id]
            form.assessed_posts.append(AssessedPost(
                post_id=appointment.post_id, post_version_id=version.id, kind=appointment.kind,
                position=len(form.assessed_posts), duty_ratings=[None] * len(version.duties or []),
            ))
        if employee.hired_on is not None and employee.hired_on > joined_after:
            form.special_case = SpecialCase.COMMENTS_ONLY.value
            form.special_case_reason = (f"入职日期 {employee.hired_on.isoformat()}，"
                                        f"距考核基准日 {on.isoformat()} 不满半年：只写评语，不定等次")
        db.session.add(form)
        participants.append(form)
    db.session.flush()
    excluded.extend(Excluded(f.employee.name, f.employee.staff_no, f.special_case_reason, f.id)
                    for f in participants if not f.gradeable)
    return participants, excluded


def _versions_in_force(post_ids: set[int], on: date) -> dict[int, PostVersion]:
    """Per post, the latest version effective on ``on``; a post whose every version is newer (the
    table was imported after the cycle date) is assessed on its first version."""
    chosen: dict[int, PostVersion] = {}
    if not post_ids:
        return chosen
    rows = db.session.scalars(
        select(PostVersion).where(PostVersion.post_id.in_(post_ids)).order_by(PostVersion.post_id, PostVersion.number)
    )
    for version in rows:
        current = chosen.get(version.post_id)
        if current is None or version.effective_date <= on:
            chosen[version.post_id] = version
    return chosen


# ---------------------------------------------------------------- settings and the quota

@dataclass
class QuotaSummary:
    """The 优秀 quota of a cycle as it stands."""

    year: int
    participants: int  # forms
    base: int  # participants who count for the quota (no special case)
    rate: int  # per cent in force
    rounding: str
    quota: int
    excellent: int  # 优秀 decided so far

    @property
    def remaining(self) -> int:
        return self.quota - self.excellent

    @property
    def rounding_label(self) -> str:
        return Rounding(self.rounding).label

    def describe(self) -> str:
        return (f"{self.year} 年度优秀名额 {self.quota} 人（定等次人数 {self.base} 人 × {self.rate}%，"
                f"{self.rounding_label}）")


@cache
def _quota_counts_statement() -> Select:
    gradeable = Assessment.special_case == SpecialCase.NONE
    return (select(func.count(), func.count().filter(gradeable), func.count().filter(Assessment.grade == Grade.EXCELLENT))
            .where(Assessment.cycle_id == bindparam("cycle_id")))


def quota_summary(cycle: AssessmentCycle, progress: Progress | None = None) -> QuotaSummary:
    """The 优秀 quota and how much of it is used; from the cycle's progress when the caller has it."""
    if progress is None:
        participants, base, excellent = read_rows(_quota_counts_statement(), {"cycle_id": cycle.id}).one()
    else:
        participants, excellent = progress.participants, progress.excellent
        base = participants - sum(progress.special.values())
    return QuotaSummary(cycle.year, participants, base, cycle.rate, cycle.rounding,
                        excellent_quota(base, cycle.rate, cycle.rounding), excellent)


@dataclass
class DepartmentQuota:
    department: Department  # top-level (sub-units count with it)
    participants: int
    base: int
    allocated: int  # its share of the unit quota (largest remainders)
    excellent: int

    @property
    def remaining(self) -> int:
        return self.allocated - self.excellent


def department_quotas(cycle: AssessmentCycle) -> list[DepartmentQuota]:
    """The unit quota split over top-level departments, with each one's 优秀 so far (table order)."""
    rows = _grade_rows(cycle)
    tops = _top_departments()
    order = _department_order()
    by_top: dict[int, list] = {}
    for row in rows:
        by_top.setdefault(tops[row.department_id].id, []).append(row)
    ids = sorted(by_top, key=lambda i: order.get(i, ()))
    bases = {i: sum(1 for r in by_top[i] if r.special_case == SpecialCase.NONE) for i in ids}
    shares = allocate(quota_summary(cycle).quota, bases)
    departments = {d.id: d for d in tops.values()}
    return [DepartmentQuota(departments[i], len(by_top[i]), bases[i], shares[i],
                            sum(1 for r in by_top[i] if r.grade == Grade.EXCELLENT)) for i in ids]


SETTINGS = ("excellent_rate", "rounding", "rate_raised", "raised_reason", "unit_failed",
            "enforce_department_quota", "self_review_deadline", "head_review_deadline", "decision_deadline",
            "publicity_days", "appeal_days")


def update_settings(cycle: AssessmentCycle, changes: Mapping[str, object], *, actor: Actor,
                    reason: str | None = None) -> None:
    """Change the quota settings or deadlines (keys: SETTINGS) until grades are published.

    The raised rate (25%) needs ``raised_reason`` (the approval). A change that leaves more 优秀
    than the new quota is refused. (The cycle date is fixed at opening: it chose the participants.)"""
    _require_hr(actor, "修改考核设置")
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise AssessmentError(f"未知的考核设置：{'、'.join(sorted(unknown))}")
    cycle.require_status(CycleStatus.OPEN, CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW, CycleStatus.DECISION,
                         doing="修改考核设置")
    cycle = lock_cycle(cycle)
    before = {key: _plain(getattr(cycle, key)) for key in changes}
    validators = {"excellent_rate": _rate, "rounding": lambda v: _rounding(v).value, "publicity_days": _publicity_days,
                  "appeal_days": _appeal_days, "raised_reason": lambda v: (str(v).strip() or None) if v else None}
    for key, value in changes.items():
        setattr(cycle, key, validators.get(key, lambda v: v)(value))
    if cycle.rate_raised and not cycle.raised_reason:
        raise AssessmentError(f"优秀比例提高到 {cycle.raised_rate}% 须填写批准依据")
    _check_quota(cycle, {}, {})
    after = {key: _plain(getattr(cycle, key)) for key in changes}
    audit.record(actor, "assessment.settings", f"修改 {cycle.year} 年度考核设置：{quota_summary(cycle).describe()}",
                 obj=cycle, reason=_clean(reason), details={"before": before, "after": after})


def _rate(value) -> int:
    try:
        rate = int(value)
    except (TypeError, ValueError):
        raise AssessmentError(f"比例“{value}”应为 0–100 的整数") from None
    if not 0 <= rate <= 100:
        raise AssessmentError(f"比例“{value}”应为 0–100 的整数")
    return rate


def _rounding(value) -> Rounding:
    try:
        return Rounding(value)
    except ValueError:
        raise AssessmentError(f"取整方式“{value}”应为 floor、half_up 或 ceil") from None


def _publicity_days(value) -> int:
    days = int(value)
    if days < MIN_PUBLICITY_DAYS:
        raise AssessmentError(f"优秀公示期不少于 {MIN_PUBLICITY_DAYS} 个工作日")
    return days


def _appeal_days(value) -> int:
    days = int(value)
    if days < 1:
        raise AssessmentError("申诉期至少 1 天")
    return days


def lock_cycle(cycle: AssessmentCycle) -> AssessmentCycle:
    """Serialise quota-changing work on one cycle until the transaction ends, and reload the cycle (a
    second officer waits here, then counts what the first committed)."""
    return lock_row(cycle)


@dataclass
class _GradeRow:
    id: int
    grade: str | None
    special_case: str
    department_id: int


def _grade_rows(cycle: AssessmentCycle) -> list[_GradeRow]:
    """Grade and special case of every form, read from the database (after the lock: what is committed)."""
    rows = db.session.execute(
        select(Assessment.id, Assessment.grade, Assessment.special_case, Assessment.department_id)
        .where(Assessment.cycle_id == cycle.id).order_by(Assessment.id)
    ).all()
    return [_GradeRow(*row) for row in rows]


def _check_quota(cycle: AssessmentCycle, grades: Mapping[Assessment, str | None],
                 special_cases: Mapping[Assessment, str]) -> None:
    """Refuse (QuotaExceeded) when the forms with these changes would hold more 优秀 than the quota
    (and, when the cycle enforces it, than a department's share). Call after lock_cycle()."""
    rows = {row.id: row for row in _grade_rows(cycle)}
    for form, grade in grades.items():
        rows[form.id].grade = grade
    for form, case in special_cases.items():
        rows[form.id].special_case = case
    base = sum(1 for r in rows.values() if r.special_case == SpecialCase.NONE)
    quota = excellent_quota(base, cycle.rate, cycle.rounding)
    summary = QuotaSummary(cycle.year, len(rows), base, cycle.rate, cycle.rounding, quota, 0)
    changed = [f for f in grades if grades[f] == Grade.EXCELLENT]
    excellent = [r for r in rows.values() if r.grade == Grade.EXCELLENT]
    if len(excellent) > quota:
        kept = len(excellent) - len(changed)
        offender = changed[max(0, quota - kept)] if len(changed) > max(0, quota - kept) else None
        who = f"，不能再定“{offender.employee.name}”为优秀" if offender is not None else ""
        raise QuotaExceeded(f"优秀等次超出名额：{summary.describe()}，按此将有 {len(excellent)} 人优秀{who}", offender)
    if cycle.enforce_department_quota:
        _check_department_quota(rows, quota, changed)


def _check_department_quota(rows: dict[int, _GradeRow], quota: int, changed: list[Assessment]) -> None:
    tops = _top_departments()
    bases: Counter = Counter()
    counts: Counter = Counter()
    for row in rows.values():
        top = tops[row.department_id].id
        bases[top] += 0
        if row.special_case == SpecialCase.NONE:
            bases[top] += 1
        if row.grade == Grade.EXCELLENT:
            counts[top] += 1
    order = _department_order()
    shares = allocate(quota, {i: bases[i] for i in sorted(bases, key=lambda i: order.get(i, ()))})
    for top, count in counts.items():
        if count > shares[top]:
            offender = next((f for f in reversed(changed) if tops[f.department_id].id == top), None)
            raise QuotaExceeded(f"优秀等次超出部门名额：{tops[top].name}优秀名额 {shares[top]} 人"
                                f"（全单位 {quota} 人按定等次人数分配），按此将有 {count} 人优秀", offender)


# ---------------------------------------------------------------- moving the cycle on

def advance(cycle: AssessmentCycle, to: CycleStatus | str, *, actor: Actor, on: date | None = None) -> None:
    """Move the cycle one step on. ``on`` is the day of the step (today by default): the publicity
    start for PUBLICITY, the notice day (appeal window start) for ACKNOWLEDGEMENT.

    Checks: head review → decision needs every form reviewed (not-graded people excepted);
    decision → publicity needs every gradeable person graded; publicity → acknowledgement only
    after the publicity end date; acknowledgement → archived needs every appeal decided and the
    appeal window over for everyone who may still appeal."""
    _require_hr(actor, "推进年度考核")
    to = CycleStatus(to)
    cycle.check_transition(to)
    on = on or date.today()
    forms = department_assessments(cycle)
    if to == CycleStatus.DECISION:
        pending = [f for f in forms if f.special_case != SpecialCase.NOT_GRADED and f.form_status != FormStatus.HEAD_SUBMITTED]
        if pending:
            raise AssessmentError(f"还有 {len(pending)} 份考核表未提交主管评价（{_names(pending)}），不能进入等次评定")
    elif to == CycleStatus.PUBLICITY:
        _start_publicity(cycle, forms, on)
    elif to == CycleStatus.ACKNOWLEDGEMENT:
        if cycle.publicity_end is None or on <= cycle.publicity_end:
            raise AssessmentError(f"优秀公示到 {cycle.publicity_end} 为止，公示期满后才能通知本人确认")
        cycle.notified_on = on
    elif to == CycleStatus.ARCHIVED:
        _check_archivable(cycle, forms, on)
        cycle.archived_at = utcnow()
    before = cycle.status_label
    cycle.advance(to)
    audit.record(actor, "assessment.advance", f"{cycle.year} 年度考核：{before} → {to.label}", obj=cycle)


def publish(cycle: AssessmentCycle, *, actor: Actor, start: date | None = None) -> date:
    """Publish the 优秀 list (decision → publicity) from ``start``; returns the publicity end date."""
    advance(cycle, CycleStatus.PUBLICITY, actor=actor, on=start)
    return cycle.publicity_end


def archive(cycle: AssessmentCycle, *, actor: Actor, on: date | None = None) -> None:
    """Archive and lock the cycle (acknowledgement → archived)."""
    advance(cycle, CycleStatus.ARCHIVED, actor=actor, on=on)


def _start_publicity(cycle: AssessmentCycle, forms: list[Assessment], start: date) -> None:
    ungraded = [f for f in forms if f.gradeable and not f.grade]
    if ungraded:
        raise AssessmentError(f"还有 {len(ungraded)} 人未定等次（{_names(ungraded)}），不能公示")
    lock_cycle(cycle)
    _check_quota(cycle, {}, {})
    holidays, workdays = configured_holidays(current_app.config)
    first = start
    while not is_working_day(first, holidays, workdays):
        first += timedelta(days=1)
    cycle.publicity_start = first
    cycle.publicity_end = add_working_days(first, cycle.publicity_days, holidays, workdays)


def _check_archivable(cycle: AssessmentCycle, forms: list[Assessment], on: date) -> None:
    pending = [f for f in forms if f.appeal_pending]
    if pending:
        raise AssessmentError(f"还有 {len(pending)} 份申诉未处理（{_names(pending)}），不能归档")
    ungraded = [f for f in forms if f.gradeable and not f.grade]
    if ungraded:
        raise AssessmentError(f"还有 {len(ungraded)} 人未定等次（{_names(ungraded)}），不能归档")
    deadline = cycle.appeal_deadline
    may_appeal = [f for f in forms if _may_still_appeal(f)]
    if deadline is not None and on <= deadline and may_appeal:
        raise AssessmentError(f"申诉期到 {deadline.isoformat()} 为止，{_names(may_appeal)} 尚可申诉，期满后才能归档")


def _may_still_appeal(form: Assessment) -> bool:
    return (form.grade in APPEALABLE_GRADES and form.appealed_on is None
            and form.acknowledgement != Acknowledgement.AGREE)


# ---------------------------------------------------------------- special cases

BEFORE_ARCHIVE = tuple(s for s in CycleStatus if s != CycleStatus.ARCHIVED)


def flag_special_case(assessment: Assessment, case: SpecialCase | str, *, actor: Actor, reason: str) -> None:
    """HR marks (or clears, with SpecialCase.NONE) a special case with a reason. A special case
    clears the grade and proposed grade; a change that leaves more 优秀 than the quota is refused."""
    _require_hr(actor, "标记特殊情况")
    assessment.require_not_archived()
    case = _enum(SpecialCase, case, "特殊情况")
    reason = _required(reason, "标记特殊情况须填写原因")
    assessment.cycle.require_status(*BEFORE_ARCHIVE, doing="标记特殊情况")
    if case == assessment.special_case:
        raise AssessmentError(f"{assessment.employee.name}已是“{case.label or '无特殊情况'}”")
    lock_cycle(assessment.cycle)
    _check_quota(assessment.cycle, {assessment: None} if case != SpecialCase.NONE else {}, {assessment: case.value})
    before = assessment.special_case_label or "无"
    assessment.special_case = case.value
    assessment.special_case_reason = reason if case != SpecialCase.NONE else None
    assessment.special_case_by_id = actor.id
    if case != SpecialCase.NONE:
        assessment.grade = assessment.proposed_grade = None
        assessment.decided_by_id = assessment.decided_at = None
    audit.record(actor, "assessment.special_case",
                 f"{assessment.employee.name}（{assessment.cycle.year} 年度）特殊情况：{before} → {case.label or '无'}",
                 obj=assessment, reason=reason)


# ---------------------------------------------------------------- self-summary

SELF_REVIEW_STEPS = (CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)
HEAD_REVIEW_STEPS = (CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)


def save_self_summary(assessment: Assessment, text: str, *, actor: User) -> None:
    """The employee saves their self-summary (draft); only the employee themselves."""
    _check_self(assessment, actor)
    assessment.self_summary = (text or "").strip() or None
    audit.record(actor, "assessment.self_summary", f"{assessment.employee.name}保存 {assessment.cycle.year} 年度个人总结",
                 obj=assessment)


def submit_self_summary(assessment: Assessment, *, actor: User, text: str | None = None) -> None:
    """Save (when ``text`` is given) and submit; the summary is locked from now on."""
    _check_self(assessment, actor)
    if text is not None:
        assessment.self_summary = text.strip() or None
    if not assessment.self_summary:
        raise AssessmentError("个人总结不能为空")
    assessment.submit_self()
    audit.record(actor, "assessment.self_submit", f"{assessment.employee.name}提交 {assessment.cycle.year} 年度个人总结",
                 obj=assessment)


def _check_self(assessment: Assessment, actor: User) -> None:
    if not access.can_write_self_summary(actor, assessment):
        raise AssessmentAccessError("只有本人可以填写个人总结")
    assessment.require_self_editable()
    assessment.cycle.require_status(*SELF_REVIEW_STEPS, doing="填写个人总结")
    if assessment.special_case == SpecialCase.NOT_GRADED:
        raise AssessmentError("不参加本年度考核，无需填写个人总结")


# ---------------------------------------------------------------- head review

@dataclass
class DutyItem:
    """One duty item of a post on a form, with its rating; ``key`` names it in forms and in save_head_review."""

    key: str  # "<assessed_post_id>:<index>"
    assessed_post: AssessedPost
    index: int
    text: str
    rating: str | None

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label if self.rating else ""


def duty_items(assessment: Assessment) -> list[DutyItem]:
    """Every duty item to rate: the main post's, then each concurrent post's, in the version in force."""
    items = []
    for assessed in assessment.assessed_posts:
        ratings = list(assessed.duty_ratings or [])
        for index, text in enumerate(assessed.post_version.duties or []):
            items.append(DutyItem(f"{assessed.id}:{index}", assessed, index, text,
                                  ratings[index] if index < len(ratings) else None))
    return items


@dataclass
class HeadReview:
    """What a head enters: ratings by DutyItem.key and by Dimension value (None = not yet rated),
    comments and the proposed grade (None for comments-only and deferred people)."""

    duty_ratings: dict[str, Rating | str | None] = field(default_factory=dict)
    dimension_ratings: dict[str, Rating | str | None] = field(default_factory=dict)
    comments: str = ""
    proposed_grade: Grade | str | None = None


@dataclass
class ReviewGaps:
    """What a head still has to enter before the review can be submitted: the one check behind the
    review page's list of what is missing and submit_head_review's refusal."""

    unrated: list[DutyItem]  # duty items not yet rated, in the form's order
    dimensions: list[Dimension]  # not yet rated
    comments: bool  # no comments yet
    grade: bool  # gradeable and no proposed grade yet
    self_summary: bool  # the person has not submitted their self-summary yet
    started: bool  # the head has entered something

    @property
    def duties(self) -> set[str]:
        """DutyItem keys not yet rated."""
        return {item.key for item in self.unrated}

    @property
    def complete(self) -> bool:
        return self.count() == 0

    def count(self) -> int:
        return len(self.unrated) + len(self.dimensions) + self.comments + self.grade

    def refusal(self) -> str | None:
        """Why the review cannot be submitted yet (the first kind of gap), or None when it is complete."""
        unrated = [f"职责第 {i.index + 1} 项（{i.assessed_post.post_version.name}）" for i in self.unrated]
        unrated += [d.label for d in self.dimensions]
        if unrated:
            return f"还有未评价的项目：{'、'.join(unrated)}"
        if self.comments:
            return "主管评语不能为空"
        if self.grade:
            return "请填写考核等次建议"
        return None


def review_gaps(assessment: Assessment) -> ReviewGaps:
    items = duty_items(assessment)
    return _gaps([item for item in items if not item.rating], any(item.rating for item in items),
                 assessment.dimension_ratings, assessment.head_comments, assessment.special_case,
                 assessment.proposed_grade, assessment.form_status)


_DIMENSIONS = [(d, d.value) for d in Dimension]  # read once: an enum member's .value is a descriptor call


def _gaps(unrated: list, any_rated: bool, dimension_ratings: dict | None, comments: str | None, special_case: str,
          proposed_grade: str | None, form_status: str) -> ReviewGaps:
    ratings = dimension_ratings or {}
    return ReviewGaps(
        unrated=unrated,
        dimensions=[d for d, value in _DIMENSIONS if not ratings.get(value)],
        comments=not (comments or "").strip(),
        grade=special_case == SpecialCase.NONE and not proposed_grade,
        self_summary=form_status == FormStatus.DRAFT,
        started=any_rated or any(ratings.values()) or bool(comments) or bool(proposed_grade),
    )


@dataclass(frozen=True)
class RowGaps:
    """ReviewGaps as a list row shows them: how many things are still to enter, and whether the head started."""

    missing: int
    started: bool

    def count(self) -> int:
        return self.missing


@dataclass
class FormRow:
    """One line of a department's list of forms, read as columns (no ORM objects: a department may have
    hundreds of people). Carries employee_id and department_id, so the access checks take it like a form."""

    id: int
    employee_id: int
    department_id: int
    form_status: str
    special_case: str
    proposed_grade: str | None
    grade: str | None
    name: str
    department_name: str
    post_name: str
    concurrent: list[str]  # the full names of concurrent posts assessed on the same form
    gaps: RowGaps


# The list's statements are built once (the page runs them on every view; building one costs more than
# the database takes to answer it).
@cache
def _department_steps_statement() -> Select:
    return (
        select(Assessment.id, Assessment.employee_id, Assessment.department_id, Assessment.form_status,
               Assessment.special_case, Employee.name, Employee.staff_no, Post.position)
        .join(Employee, Assessment.employee_id == Employee.id).outerjoin(Post, Assessment.post_id == Post.id)
        .where(Assessment.cycle_id == bindparam("cycle_id"),
               Assessment.department_id.in_(bindparam("department_ids", expanding=True)))
    )


@cache
def _department_rows_statement() -> Select:
    """A page's forms with their department and post, each once per post assessed on it (the main post
    and any concurrent ones, in order), with how many duties that post lists."""
    held = aliased(PostVersion)
    return (
        select(Assessment.id, Assessment.proposed_grade, Assessment.grade, Assessment.dimension_ratings,
               Assessment.head_comments, Department.name.label("department_name"),
               PostVersion.name.label("post_name"), PostVersion.note.label("post_note"),
               AssessedPost.kind, AssessedPost.duty_ratings, held.name.label("held_name"),
               held.note.label("held_note"), json_list_length(held.duties).label("duty_count"))
        .join(Department, Assessment.department_id == Department.id)
        .join(PostVersion, Assessment.post_version_id == PostVersion.id)
        .outerjoin(AssessedPost, AssessedPost.assessment_id == Assessment.id)
        .outerjoin(held, AssessedPost.post_version_id == held.id)
        .where(Assessment.id.in_(bindparam("form_ids", expanding=True)))
        .order_by(Assessment.id, AssessedPost.position, AssessedPost.id)
    )


class FormStep(NamedTuple):
    """Where one form of a department's list stands, without its texts: enough to count, order and
    page the list and to check who reviews it (it carries employee_id and department_id like a form).
    A tuple: a department's list makes hundreds of them on every view."""

    id: int
    employee_id: int
    department_id: int
    form_status: str
    special_case: str
    name: str


@dataclass(frozen=True)
class StepCounts:
    """How many of some forms stand at each step, as progress() counts them: people not graded take no
    step; everybody else stands at their form's."""

    participants: int
    not_graded: int
    draft: int
    self_submitted: int
    head_submitted: int

    @classmethod
    def of(cls, steps: Sequence[FormStep]) -> StepCounts:
        taking_part = Counter(s.form_status for s in steps if s.special_case != SpecialCase.NOT_GRADED)
        return cls(len(steps), len(steps) - sum(taking_part.values()), taking_part[FormStatus.DRAFT],
                   taking_part[FormStatus.SELF_SUBMITTED], taking_part[FormStatus.HEAD_SUBMITTED])


def department_steps(cycle: AssessmentCycle, department_ids: Iterable[int]) -> list[FormStep]:
    """Every form of these departments, in table order, in one query whatever the size."""
    forms = read_rows(_department_steps_statement(), {"cycle_id": cycle.id, "department_ids": list(department_ids)}).all()
    order = _department_order()
    forms.sort(key=lambda f: _table_key(order, f.department_id, f.position, f.staff_no))
    return [FormStep(f.id, f.employee_id, f.department_id, f.form_status, f.special_case, f.name) for f in forms]


def department_rows(steps: Sequence[FormStep]) -> list[FormRow]:
    """These forms (a page of department_steps) as list rows, in the same order, in one query."""
    by_form: dict[int, list] = {}
    for row in read_rows(_department_rows_statement(), {"form_ids": [step.id for step in steps]}).all():
        by_form.setdefault(row.id, []).append(row)
    concurrent = AppointmentKind.CONCURRENT.value
    rows = []
    for step in steps:
        lines = by_form[step.id]
        form = lines[0]
        held = [line for line in lines if line.kind is not None]  # a form may have no assessed post yet
        # The list shows how many items are still to rate, not which: counted, not built as DutyItems.
        missing, any_rated = 0, False
        for post in held:
            rated = sum(1 for rating in (post.duty_ratings or [])[:post.duty_count] if rating)
            missing, any_rated = missing + post.duty_count - rated, any_rated or rated > 0
        rest = _gaps([], any_rated, form.dimension_ratings, form.head_comments, step.special_case,
                     form.proposed_grade, step.form_status)
        rows.append(FormRow(
            step.id, step.employee_id, step.department_id, step.form_status, step.special_case, form.proposed_grade,
            form.grade, step.name, form.department_name, PostVersion.full_name_of(form.post_name, form.post_note),
            [PostVersion.full_name_of(post.held_name, post.held_note) for post in held if post.kind == concurrent],
            RowGaps(rest.count() + missing, rest.started)))
    return rows


def save_head_review(assessment: Assessment, review: HeadReview, *, actor: Actor) -> None:
    """A head of the person's department (sub-units included) or HR saves the review as a draft."""
    _check_head(assessment, actor)
    _apply_review(assessment, review)
    assessment.reviewed_by_id = actor.id
    audit.record(actor, "assessment.head_review", f"保存{assessment.employee.name}的 {assessment.cycle.year} 年度主管评价",
                 obj=assessment)


def submit_head_review(assessment: Assessment, *, actor: Actor, review: HeadReview | None = None) -> None:
    """Save (when ``review`` is given) and submit: every duty item and dimension rated, comments written,
    a grade proposed for gradeable people; the form is locked from now on. A head needs the person's
    self-summary submitted first; HR may submit for someone who could not write one."""
    _check_head(assessment, actor)
    if review is not None:
        _apply_review(assessment, review)
    gaps = review_gaps(assessment)
    if gaps.self_summary and not actor.is_hr:
        raise AssessmentError(f"{assessment.employee.name}尚未提交个人总结")
    refusal = gaps.refusal()
    if refusal:
        raise AssessmentError(refusal)
    assessment.submit_head()
    assessment.reviewed_by_id = actor.id
    audit.record(actor, "assessment.head_submit",
                 f"提交{assessment.employee.name}的 {assessment.cycle.year} 年度主管评价"
                 + (f"，建议等次：{assessment.proposed_grade_label}" if assessment.proposed_grade else ""), obj=assessment)


def _check_head(assessment: Assessment, actor: Actor) -> None:
    if not access.can_review(actor, assessment):
        raise AssessmentAccessError("只有本部门负责人或人事部门可以评价（本人不能评价自己）")
    assessment.require_head_editable()
    assessment.cycle.require_status(*HEAD_REVIEW_STEPS, doing="主管评价")
    if assessment.special_case == SpecialCase.NOT_GRADED:
        raise AssessmentError(f"{assessment.employee.name}不参加本年度考核，无需评价")


def _apply_review(assessment: Assessment, review: HeadReview) -> None:
    items = {item.key: item for item in duty_items(assessment)}
    unknown = set(review.duty_ratings) - set(items)
    if unknown:
        raise AssessmentError(f"考核表中没有这些职责项：{'、'.join(sorted(unknown))}")
    for assessed in assessment.assessed_posts:
        ratings = list(assessed.duty_ratings or [None] * len(assessed.post_version.duties or []))
        for key, value in review.duty_ratings.items():
            item = items[key]
            if item.assessed_post is assessed:
                ratings[item.index] = _enum(Rating, value, "评价").value if value else None
        assessed.duty_ratings = ratings
    dimensions = dict(assessment.dimension_ratings or {})
    for key, value in review.dimension_ratings.items():
        dimension = _enum(Dimension, key, "考核维度")
        dimensions[dimension.value] = _enum(Rating, value, "评价").value if value else None
    assessment.dimension_ratings = dimensions
    assessment.head_comments = (review.comments or "").strip() or None
    proposed = _enum(Grade, review.proposed_grade, "等次建议") if review.proposed_grade else None
    if proposed is not None and not assessment.gradeable:
        raise AssessmentError(f"{assessment.employee.name}{assessment.special_case_label}，不能建议等次")
    assessment.proposed_grade = proposed.value if proposed else None


# ---------------------------------------------------------------- reopening

def reopen_form(assessment: Assessment, *, actor: Actor, reason: str,
                to: FormStatus | str = FormStatus.SELF_SUBMITTED) -> None:
    """HR unlocks a submitted form with a reason: back to SELF_SUBMITTED (the head edits the
    review again) or to DRAFT (the employee edits the summary again, and the head after them)."""
    _require_hr(actor, "退回考核表")
    reason = _required(reason, "退回考核表须填写原因")
    assessment.require_not_archived()
    assessment.cycle.require_status(*SELF_REVIEW_STEPS, doing="退回考核表")
    to = _enum(FormStatus, to, "退回到")
    before = assessment.form_status_label
    assessment.reopen(to)
    audit.record(actor, "assessment.reopen",
                 f"退回{assessment.employee.name}的 {assessment.cycle.year} 年度考核表：{before} → {to.label}",
                 obj=assessment, reason=reason)


# ---------------------------------------------------------------- deciding grades

def decide_grade(assessment: Assessment, grade: Grade | str | None, *, actor: Actor,
                 note: str | None = None) -> None:
    """HR/committee decides one person's grade (None clears it); refused when 优秀 would exceed the quota."""
    decide_grades(assessment.cycle, [(assessment, grade)], actor=actor, note=note)


def decide_grades(cycle: AssessmentCycle, decisions: Sequence[tuple[Assessment, Grade | str | None]], *,
                  actor: Actor, note: str | None = None) -> int:
    """Decide several grades at once, all or none; returns how many changed.

    In the decision step any grade may be set or changed. During publicity and acknowledgement
    only a first grade may be given (补定, e.g. a deferred case cleared); changes go through an
    appeal, and after archiving through amend_archived()."""
    _require_hr(actor, "评定等次")
    if cycle.is_archived:
        raise AssessmentError(f"{cycle.year} 年度考核已归档，只能由人事部门填写原因后修改")
    cycle.require_status(CycleStatus.DECISION, CycleStatus.PUBLICITY, CycleStatus.ACKNOWLEDGEMENT, doing="评定等次")
    wanted: dict[Assessment, str | None] = {}
    for form, grade in decisions:
        if form.cycle_id != cycle.id:
            raise AssessmentError(f"{form.employee.name}的考核表不属于 {cycle.year} 年度考核")
        value = _enum(Grade, grade, "等次").value if grade else None
        if value and not form.gradeable:
            raise AssessmentError(f"{form.employee.name}{form.special_case_label}，不能评定等次")
        if cycle.status != CycleStatus.DECISION and (form.grade or not value):
            raise AssessmentError(f"{form.employee.name}的等次已确定；公示后改变等次须经申诉或归档后由人事部门修改")
        wanted[form] = value
    cycle = lock_cycle(cycle)
    _check_quota(cycle, wanted, {})
    changed = 0
    for form, value in wanted.items():
        if form.grade == value:
            continue
        before = form.grade_label or "未定"
        form.grade = value
        form.decided_by_id = actor.id
        form.decided_at = utcnow()
        if note is not None:
            form.grade_note = _clean(note)
        changed += 1
        audit.record(actor, "assessment.grade",
                     f"{form.employee.name}（{cycle.year} 年度）等次：{before} → {form.grade_label or '未定'}",
                     obj=form, reason=_clean(note))
    return changed


# ---------------------------------------------------------------- acknowledgement and appeal

def acknowledge(assessment: Assessment, choice: Acknowledgement | str, *, actor: User, opinion: str | None = None,
                on: date | None = None) -> None:
    """The employee reads the result and signs: agree, or disagree with an opinion. Dated; once only."""
    if not access.can_acknowledge(actor, assessment):
        raise AssessmentAccessError("只有本人可以签署考核结果")
    assessment.require_not_archived()
    assessment.cycle.require_status(CycleStatus.ACKNOWLEDGEMENT, doing="签署考核结果")
    choice = _enum(Acknowledgement, choice, "本人意见")
    if assessment.acknowledgement:
        raise AssessmentError(f"已于 {assessment.acknowledged_on} 签署“{assessment.acknowledgement_label}”")
    if assessment.special_case == SpecialCase.NOT_GRADED:
        raise AssessmentError("不参加本年度考核，无需签署")
    opinion = _clean(opinion)
    if choice == Acknowledgement.DISAGREE and not opinion:
        raise AssessmentError("不同意时须填写意见")
    assessment.acknowledgement = choice.value
    assessment.acknowledgement_opinion = opinion
    assessment.acknowledged_on = on or date.today()
    audit.record(actor, "assessment.acknowledge",
                 f"{assessment.employee.name}签署 {assessment.cycle.year} 年度考核结果：{choice.label}", obj=assessment)


def appeal_deadline(assessment: Assessment) -> date | None:
    return assessment.cycle.appeal_deadline


def appeal(assessment: Assessment, text: str, *, actor: User, on: date | None = None) -> None:
    """The employee appeals a 基本合格/不合格 grade within the window (days from the notice)."""
    if not access.can_acknowledge(actor, assessment):
        raise AssessmentAccessError("只有本人可以提出申诉")
    assessment.require_not_archived()
    assessment.cycle.require_status(CycleStatus.ACKNOWLEDGEMENT, doing="申诉")
    if assessment.grade not in APPEALABLE_GRADES:
        raise AssessmentError(f"只有“基本合格”“不合格”等次可以申诉（本人等次：{assessment.grade_label or '未定'}）")
    on = on or date.today()
    deadline = assessment.cycle.appeal_deadline
    if deadline is not None and on > deadline:
        raise AssessmentError(f"申诉期已过（结果通知于 {assessment.cycle.notified_on}，"
                              f"{assessment.cycle.appeal_days} 日内即 {deadline} 前可申诉）")
    if assessment.appealed_on is not None:
        raise AssessmentError(f"已于 {assessment.appealed_on} 提出申诉")
    if assessment.acknowledgement == Acknowledgement.AGREE:
        raise AssessmentError("已签署同意考核结果，不能再申诉")
    assessment.appeal_text = _required(text, "申诉理由不能为空")
    assessment.appealed_on = on
    audit.record(actor, "assessment.appeal",
                 f"{assessment.employee.name}对 {assessment.cycle.year} 年度等次“{assessment.grade_label}”提出申诉",
                 obj=assessment)


def record_appeal_outcome(assessment: Assessment, outcome: AppealOutcome | str, *, actor: Actor, reason: str,
                          new_grade: Grade | str | None = None) -> None:
    """HR records the outcome: rejected (grade kept) or upheld with the new grade (quota checked)."""
    _require_hr(actor, "处理申诉")
    assessment.require_not_archived()
    assessment.cycle.require_status(CycleStatus.ACKNOWLEDGEMENT, doing="处理申诉")
    if not assessment.appeal_pending:
        raise AssessmentError(f"{assessment.employee.name}没有待处理的申诉")
    outcome = _enum(AppealOutcome, outcome, "申诉结果")
    reason = _required(reason, "处理申诉须填写理由")
    grade = _enum(Grade, new_grade, "等次") if new_grade else None
    if outcome == AppealOutcome.UPHELD:
        if grade is None or grade == assessment.grade:
            raise AssessmentError("申诉成立须改定为另一个等次")
        cycle = lock_cycle(assessment.cycle)
        _check_quota(cycle, {assessment: grade.value}, {})
    elif grade is not None and grade != assessment.grade:
        raise AssessmentError("申诉不成立时维持原等次")
    assessment.appeal_original_grade = assessment.grade
    assessment.appeal_outcome = outcome.value
    assessment.appeal_outcome_reason = reason
    assessment.appeal_decided_by_id = actor.id
    assessment.appeal_decided_at = utcnow()
    if outcome == AppealOutcome.UPHELD:
        assessment.grade = grade.value
        assessment.decided_by_id = actor.id
        assessment.decided_at = utcnow()
    audit.record(actor, "assessment.appeal_outcome",
                 f"{assessment.employee.name}的申诉：{outcome.label}（{Grade(assessment.appeal_original_grade).label}"
                 f" → {assessment.grade_label}）", obj=assessment, reason=reason)


# ---------------------------------------------------------------- after archiving

AMENDABLE = ("grade", "grade_note", "head_comments", "self_summary", "special_case", "special_case_reason")


def amend_archived(assessment: Assessment, changes: Mapping[str, object], *, actor: Actor, reason: str) -> None:
    """HR changes an archived form (keys: AMENDABLE) with a reason; before and after go to the audit log.
    A new 优秀 is still held to the quota."""
    _require_hr(actor, "修改已归档的考核表")
    reason = _required(reason, "修改已归档的考核表须填写原因")
    if not assessment.cycle.is_archived:
        raise AssessmentError("考核尚未归档，请按考核流程修改")
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise AssessmentError(f"不能修改：{'、'.join(sorted(unknown))}")
    values = dict(changes)
    if values.get("grade"):
        values["grade"] = _enum(Grade, values["grade"], "等次").value
    if "special_case" in values:
        values["special_case"] = _enum(SpecialCase, values["special_case"] or SpecialCase.NONE, "特殊情况").value
    case = values.get("special_case", assessment.special_case)
    if values.get("grade", assessment.grade) and case != SpecialCase.NONE:
        raise AssessmentError(f"{assessment.employee.name}{SpecialCase(case).label}，不能评定等次")
    cycle = lock_cycle(assessment.cycle)
    _check_quota(cycle, {assessment: values.get("grade", assessment.grade)}, {assessment: case})
    before = {key: getattr(assessment, key) for key in values}
    for key, value in values.items():
        setattr(assessment, key, value.strip() or None if isinstance(value, str) else value)
    if "grade" in values:
        assessment.decided_by_id = actor.id
        assessment.decided_at = utcnow()
    audit.record(actor, "assessment.amend", f"修改已归档的{assessment.employee.name}的 {cycle.year} 年度考核表",
                 obj=assessment, reason=reason, details={"before": before, "after": {k: getattr(assessment, k) for k in values}})


# ---------------------------------------------------------------- figures for pages and the dashboard

@dataclass
class Progress:
    """How many forms stand at each step (for a cycle, or for some departments)."""

    participants: int = 0
    not_graded: int = 0  # take no part: no form to fill
    draft: int = 0  # self-summary not submitted
    self_submitted: int = 0  # waiting for the head
    head_submitted: int = 0
    graded: int = 0
    ungraded: int = 0  # gradeable, no grade yet
    special: dict[str, int] = field(default_factory=dict)  # SpecialCase value → n
    acknowledged: int = 0
    disagreed: int = 0
    appeals: int = 0
    appeals_pending: int = 0
    excellent: int = 0  # graded 优秀 so far

    def as_json(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def combined(cls, parts: Iterable[Progress]) -> Progress:
        """The counts of several departments added up."""
        total = cls()
        for part in parts:
            for name, value in part.__dict__.items():
                if name == "special":
                    for case, n in value.items():
                        total.special[case] = total.special.get(case, 0) + n
                else:
                    setattr(total, name, getattr(total, name) + value)
        return total


def _forms_where(condition) -> ColumnElement:
    return func.sum(sql_case((condition, 1), else_=0))


# Forms are grouped by step and special case; the database counts the rest within each group.
_PROGRESS_STATE = (Assessment.form_status, Assessment.special_case)
_PROGRESS_COUNTS = (
    func.count(), func.count(Assessment.grade),
    _forms_where(and_(Assessment.acknowledgement.is_not(None), Assessment.acknowledgement != "")),
    _forms_where(Assessment.acknowledgement == Acknowledgement.DISAGREE.value), func.count(Assessment.appealed_on),
    _forms_where(and_(Assessment.appealed_on.is_not(None), Assessment.appeal_outcome.is_(None))),
    _forms_where(Assessment.grade == Grade.EXCELLENT.value),
)


@cache
def _progress_by_department_statement() -> Select:
    return (select(Assessment.department_id, *_PROGRESS_STATE, *_PROGRESS_COUNTS)
            .where(Assessment.cycle_id == bindparam("cycle_id")).group_by(Assessment.department_id, *_PROGRESS_STATE))


@cache
def _progress_statement(of_departments: bool) -> Select:
    query = select(*_PROGRESS_STATE, *_PROGRESS_COUNTS).where(Assessment.cycle_id == bindparam("cycle_id"))
    if of_departments:
        query = query.where(Assessment.department_id.in_(bindparam("department_ids", expanding=True)))
    return query.group_by(*_PROGRESS_STATE)


def progress(cycle: AssessmentCycle, department_ids: Iterable[int] | None = None) -> Progress:
    """Counts per step, in one query whatever the number of forms."""
    params = {"cycle_id": cycle.id}
    if department_ids is not None:
        params["department_ids"] = list(department_ids)
    result = Progress()
    for row in read_rows(_progress_statement(department_ids is not None), params).all():
        _count_in(result, *row)
    return result


def _count_in(result: Progress, status: str, special_case: str, n: int, graded: int, acknowledged: int,
              disagreed: int, appeals: int, appeals_pending: int, excellent: int) -> None:
    """Add a group of n forms at one step with one special case to the counts."""
    result.participants += n
    result.excellent += int(excellent or 0)
    if special_case != SpecialCase.NONE:
        result.special[special_case] = result.special.get(special_case, 0) + n
    if special_case == SpecialCase.NOT_GRADED:
        result.not_graded += n
        return
    setattr(result, status, getattr(result, status) + n)
    result.graded += graded
    if special_case == SpecialCase.NONE:
        result.ungraded += n - graded
    result.acknowledged += int(acknowledged or 0)
    result.disagreed += int(disagreed or 0)
    result.appeals += appeals
    result.appeals_pending += int(appeals_pending or 0)


@dataclass
class GradeDistribution:
    """One department's (top-level, sub-units included) or the unit's grades."""

    department: Department | None  # None: the whole unit
    participants: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {g.value: 0 for g in Grade})  # Grade value → n
    ungraded: int = 0
    special: int = 0

    @property
    def name(self) -> str:
        return self.department.name if self.department else "全单位"

    def labelled(self) -> dict[str, int]:
        """{'优秀': n, '合格': n, '基本合格': n, '不合格': n}"""
        return {Grade(g).label: n for g, n in self.counts.items()}


def grade_distribution(cycle: AssessmentCycle) -> tuple[list[GradeDistribution], GradeDistribution]:
    """Grades per top-level department (table order) and for the unit, in two queries."""
    tops = _top_departments()
    order = _department_order()
    rows: dict[int, GradeDistribution] = {}
    total = GradeDistribution(None)
    for row in _grade_rows(cycle):
        top = tops[row.department_id]
        for bucket in (rows.setdefault(top.id, GradeDistribution(top)), total):
            bucket.participants += 1
            if row.grade:
                bucket.counts[row.grade] += 1
            elif row.special_case != SpecialCase.NONE:
                bucket.special += 1
            else:
                bucket.ungraded += 1
    return [rows[i] for i in sorted(rows, key=lambda i: order.get(i, ()))], total


def excellent_list(cycle: AssessmentCycle) -> list[Assessment]:
    """The 优秀 list (what is published), in table order."""
    return [f for f in department_assessments(cycle) if f.grade == Grade.EXCELLENT]


def status_json(cycle: AssessmentCycle) -> dict:
    """`hrflow assessment status --json`."""
    summary = quota_summary(cycle)
    _, total = grade_distribution(cycle)
    return {
        "year": cycle.year,
        "status": cycle.status,
        "participants": summary.participants,
        "quota_base": summary.base,
        "excellent_rate": summary.rate,
        "excellent_quota": summary.quota,
        "graded": total.labelled(),
        "progress": progress(cycle).as_json(),
    }


# ---------------------------------------------------------------- spreadsheet round trip

def export_xlsx(cycle: AssessmentCycle) -> bytes:
    """One row per participant: 工号, 姓名, 部门, 岗位, 等次 (empty or current), 评语 (the head's comments)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from hrflow.posts.export import neutralise

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{cycle.year}年度考核"
    sheet.append(list(EXPORT_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for form in department_assessments(cycle):
        values = [form.employee.staff_no, form.employee.name, form.department.path, form.post_version.full_name,
                  form.grade_label, form.head_comments or form.special_case_reason or ""]
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
    forms = {f.employee.staff_no: f for f in department_assessments(cycle)}
    seen: dict[str, int] = {}
    decisions: list[tuple[Assessment, str]] = []
    row_of: dict[int, int] = {}
    for row in rows:
        where = row.where()
        staff_no = row.text("工号")
        form = forms.get(staff_no)
        if form is None:
            raise TableImportError(source, f"工号“{staff_no}”不是 {cycle.year} 年度考核的参加人员", where=where, field="工号")
        if staff_no in seen:
            raise TableImportError(source, f"工号 {staff_no} 与第 {seen[staff_no]} 行重复", where=where, field="工号")
        seen[staff_no] = row.number
        name = row.text("姓名")
        if name and name != form.employee.name:
            raise TableImportError(source, f"姓名“{name}”与工号 {staff_no}（{form.employee.name}）不符", where=where, field="姓名")
        text = row.text("等次")
        if not text:
            continue
        grade = Grade.from_label(text)
        if grade is None:
            raise TableImportError(source, f"“{text}”不是等次（优秀、合格、基本合格、不合格）", where=where, field="等次")
        if not form.gradeable:
            raise TableImportError(source, f"{form.employee.name}{form.special_case_label}，不能评定等次", where=where, field="等次")
        decisions.append((form, grade.value))
        row_of[form.id] = row.number
    try:
        changed = decide_grades(cycle, decisions, actor=actor)
    except QuotaExceeded as error:
        where = f"第 {row_of[error.assessment.id]} 行" if error.assessment is not None else None
        raise TableImportError(source, str(error), where=where, field="等次") from error
    except AssessmentError as error:
        raise TableImportError(source, str(error)) from error
    audit.record(actor, "assessment.import", f"导入 {cycle.year} 年度考核等次 {source}：{changed} 人的等次有变化", obj=cycle)
    return changed


# ---------------------------------------------------------------- small helpers

def _require_hr(actor: Actor, doing: str) -> None:
    if not access.can_manage_assessment(actor):
        raise AssessmentAccessError(f"只有人事部门可以{doing}")


def _required(text: str | None, message: str) -> str:
    text = _clean(text)
    if not text:
        raise AssessmentError(message)
    return text


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def _enum(kind, value, what: str):
    try:
        return kind(value)
    except ValueError:
        if kind is Grade and isinstance(value, str) and Grade.from_label(value):
            return Grade.from_label(value)
        raise AssessmentError(f"{what}“{value}”不正确") from None


def _names(forms: list[Assessment], limit: int = 5) -> str:
    names = "、".join(f.employee.name for f in forms[:limit])
    return names + ("等" if len(forms) > limit else "")


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


# ================================================================ for the web pages and PDFs
# Read helpers and the decision page's bulk save, used by hrflow/assessment/routes.py and
# hrflow/printing/assessment.py (tests: tests/test_assessment_web.py).

@cache
def _non_participants_statement() -> Select:
    with_form = select(Assessment.employee_id).where(Assessment.cycle_id == bindparam("cycle_id"))
    return (select(Employee.id, Employee.name, Employee.staff_no)
            .where(Employee.active.is_(True), Employee.id.not_in(with_form)).order_by(Employee.staff_no))


@cache
def _open_appointments_statement() -> Select:
    """Some employees' appointments open on a date (Appointment.is_open), in the order they were made."""
    on = bindparam("on")
    return (select(Appointment.employee_id, Appointment.kind, Appointment.post_id)
            .where(Appointment.employee_id.in_(bindparam("employee_ids", expanding=True)),
                   or_(Appointment.start_date.is_(None), Appointment.start_date <= on),
                   or_(Appointment.end_date.is_(None), Appointment.end_date > on))
            .order_by(Appointment.employee_id, Appointment.id))


def non_participants(cycle: AssessmentCycle) -> list[Excluded]:
    """Active employees without a form in the cycle, and why (no main post on the cycle date, or
    appointed after the cycle was opened), as plain rows: who they are, then what they hold."""
    people = read_rows(_non_participants_statement(), {"cycle_id": cycle.id}).all()
    if not people:
        return []
    on = cycle.cycle_date
    held: dict[int, list] = {}
    for row in read_rows(_open_appointments_statement(), {"employee_ids": [p.id for p in people], "on": on}).all():
        held.setdefault(row.employee_id, []).append(row)
    paths = post_paths(sorted({row.post_id for rows in held.values() for row in rows})) if held else {}
    return [Excluded(person.name, person.staff_no, _why_not_taking_part(held.get(person.id, []), paths, on))
            for person in people]


def _why_not_taking_part(held: list, paths: dict[int, str], on: date) -> str:
    if any(a.kind == AppointmentKind.MAIN for a in held):
        return "考核开启后任职，未列入本年度考核"
    if held:
        return f"考核基准日 {on.isoformat()} 无主岗（仅兼任 {'、'.join(paths[a.post_id] for a in held)}）"
    return f"考核基准日 {on.isoformat()} 无主岗（无在岗岗位）"


def progress_by_department(cycle: AssessmentCycle) -> list[tuple[DepartmentRow, Progress]]:
    """progress() per top-level department (sub-units included; each as a row with id and name), in table
    order; one query for all."""
    tree = department_tree()
    tops, order = tree.tops, tree.order
    counts: dict[int, Progress] = {}
    for department_id, *state in read_rows(_progress_by_department_statement(), {"cycle_id": cycle.id}).all():
        _count_in(counts.setdefault(tops[department_id].id, Progress()), *state)
    return [(tops[i], counts[i]) for i in sorted(counts, key=lambda i: order.get(i, ()))]


def needs_head_review(assessment: Assessment) -> bool:
    """Still to be reviewed: not submitted by the head, and the person takes part."""
    return assessment.form_status != FormStatus.HEAD_SUBMITTED and assessment.special_case != SpecialCase.NOT_GRADED


@dataclass
class ReviewQueue:
    """Where one form stands in a head's list (table order), for 'previous / next person' links."""

    forms: list[Assessment]
    position: int  # 0-based index of the current form
    previous: Assessment | None
    next: Assessment | None
    next_ready: Assessment | None  # the next one whose self-summary is in and that is not yet reviewed


def review_queue(forms: Sequence[Assessment], current: Assessment) -> ReviewQueue:
    forms = list(forms)
    position = next(i for i, f in enumerate(forms) if f.id == current.id)
    after = forms[position + 1:] + forms[:position]
    ready = next((f for f in after if f.form_status == FormStatus.SELF_SUBMITTED and needs_head_review(f)), None)
    return ReviewQueue(forms, position, forms[position - 1] if position > 0 else None,
                       forms[position + 1] if position + 1 < len(forms) else None, ready)


def appeal_open(assessment: Assessment, on: date | None = None) -> bool:
    """May the person still appeal (the page shows the appeal form only then; appeal() decides)."""
    deadline = assessment.cycle.appeal_deadline
    return (assessment.cycle.status == CycleStatus.ACKNOWLEDGEMENT and _may_still_appeal(assessment)
            and (deadline is None or (on or date.today()) <= deadline))


def appeals(cycle: AssessmentCycle) -> list[Assessment]:
    """Every appeal of the cycle: pending ones first, then by the day they were made."""
    forms = [f for f in department_assessments(cycle) if f.appealed_on is not None]
    return sorted(forms, key=lambda f: (not f.appeal_pending, f.appealed_on, f.id))


@dataclass
class DecisionRow:
    """One person's row of the decision page as posted: the grade and 备注 chosen, and the grade and 备注
    the row showed when the page was rendered (what the officer started from)."""

    form: Assessment
    grade: Grade | str | None
    note: str | None
    shown_grade: Grade | str | None
    shown_note: str | None


def save_decisions(cycle: AssessmentCycle, rows: Sequence[DecisionRow], *, actor: Actor) -> int:
    """The decision page: the grades and 备注 the officer changed on the page, in one go, all or none.

    Only rows whose grade or 备注 differ from what the page showed are touched; the others keep what the
    database holds now (another officer may have saved since the page was rendered). If a value the
    officer changed was also changed by somebody else meanwhile, nothing is saved and the message names
    the people: the officer reloads and decides again. Grades go through decide_grades (one quota check
    for the whole page). Returns how many people changed."""
    _require_hr(actor, "评定等次")
    cycle.require_status(CycleStatus.DECISION, CycleStatus.PUBLICITY, CycleStatus.ACKNOWLEDGEMENT, doing="评定等次")
    wanted = [(row, _grade_value(row.grade), _clean(row.note)) for row in rows]
    edited = [(row, grade, note) for row, grade, note in wanted
              if grade != _grade_value(row.shown_grade) or note != _clean(row.shown_note)]
    if not edited:
        return 0
    cycle = lock_cycle(cycle)
    # What is committed now, read after the lock: another officer's save is complete or has not begun.
    db.session.execute(select(Assessment).where(Assessment.id.in_([row.form.id for row, _g, _n in edited]))
                       .execution_options(populate_existing=True))
    _refuse_overwrites(edited)
    grades = [(row.form, grade) for row, grade, _note in edited
              if grade != _grade_value(row.shown_grade) and grade != row.form.grade]
    notes = [(row.form, note) for row, _grade, note in edited
             if note != _clean(row.shown_note) and note != row.form.grade_note]
    for form, _note in notes:
        if cycle.status != CycleStatus.DECISION and form.grade and form not in dict(grades):
            raise AssessmentError(f"{form.employee.name}的等次已确定；公示后不能再修改备注")
    changed = {form.id for form, _grade in grades}
    if grades:
        decide_grades(cycle, grades, actor=actor)
    for form, note in notes:
        before = form.grade_note
        form.grade_note = note
        changed.add(form.id)
        audit.record(actor, "assessment.grade_note", f"{form.employee.name}（{cycle.year} 年度）备注：{note or '（清除）'}",
                     obj=form, details={"before": before, "after": note})
    return len(changed)


def _refuse_overwrites(edited: list[tuple[DecisionRow, str | None, str | None]]) -> None:
    """Refuse the save when a grade or 备注 the officer changed was changed by somebody else since the page
    was rendered (unless to the very value the officer chose: then nothing would be lost)."""
    clashes = []
    for row, grade, note in edited:
        form, shown_grade, shown_note = row.form, _grade_value(row.shown_grade), _clean(row.shown_note)
        if grade != shown_grade and form.grade not in (shown_grade, grade):
            clashes.append(f"{form.employee.name}的等次已被他人修改为{form.grade_label or '未定'}")
        if note != shown_note and form.grade_note not in (shown_note, note):
            clashes.append(f"{form.employee.name}的备注已被他人修改为“{form.grade_note}”" if form.grade_note
                           else f"{form.employee.name}的备注已被他人清除")
    if clashes:
        raise AssessmentError(f"{'；'.join(clashes)}，请刷新后再保存")


def _grade_value(grade: Grade | str | None) -> str | None:
    return _enum(Grade, grade, "等次").value if grade else None
