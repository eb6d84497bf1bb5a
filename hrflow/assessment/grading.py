"""Every change that can move the 优秀 count or its quota: special cases, grades (one, several, the
decision page's save), appeal outcomes, amendments after archiving. Flush + audit, the actor as an
argument; refusals raise AssessmentError (QuotaExceeded past the quota).

Concurrency: each first locks the cycle row (``lock_cycle``: SELECT … FOR UPDATE on PostgreSQL, the
database write lock on SQLite) and counts from the database after the lock, so two HR officers deciding
at the quota's edge cannot both succeed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from hrflow import audit
from hrflow.assessment.access import require_manager
from hrflow.assessment.figures import (
    GradeRow,
    QuotaCounts,
    QuotaSummary,
    counts_for_base,
    department_shares,
    grade_rows,
    progress,
    quota_summary,
)
from hrflow.assessment.inputs import clean, parse, required
from hrflow.assessment.queries import top_departments
from hrflow.extensions import db
from hrflow.models import (
    Actor,
    AppealOutcome,
    Assessment,
    AssessmentCycle,
    AssessmentError,
    CycleStatus,
    Grade,
    SpecialCase,
)
from hrflow.models.base import chinese, lock_row, utcnow
from hrflow.models.org import department_tree
from hrflow.rules.quota import QuotaBase, excellent_quota

BEFORE_ARCHIVE = tuple(s for s in CycleStatus if s != CycleStatus.ARCHIVED)
DECIDING = (CycleStatus.DECISION, CycleStatus.PUBLICITY, CycleStatus.ACKNOWLEDGEMENT)
AMENDABLE = ("grade", "grade_note", "head_comments", "self_summary", "special_case", "special_case_reason")


class QuotaExceeded(AssessmentError):
    """More 优秀 than the quota allows; ``assessment`` is the first one that went over it."""

    def __init__(self, message: str, assessment: Assessment | None = None):
        super().__init__(message)
        self.assessment = assessment


# ---------------------------------------------------------------- the quota check

def lock_cycle(cycle: AssessmentCycle) -> AssessmentCycle:
    """Serialise quota-changing work on one cycle until the transaction ends, and reload the cycle (a
    second officer waits here, then counts what the first committed)."""
    return lock_row(cycle)


def check_quota(cycle: AssessmentCycle, grades: Mapping[Assessment, str | None],
                special_cases: Mapping[Assessment, str]) -> None:
    """Refuse (QuotaExceeded) when the cycle with these changes would hold more 优秀 than the quota
    (and, when the cycle enforces it, than a department's share). Call after lock_cycle()."""
    rows = {row.id: row for row in grade_rows(cycle)}
    for assessment, grade in grades.items():
        rows[assessment.id].grade = grade
    for assessment, case in special_cases.items():
        rows[assessment.id].special_case = case
    base = sum(1 for r in rows.values() if counts_for_base(cycle, r.special_case))
    quota = excellent_quota(base, cycle.rate, cycle.rounding)
    summary = QuotaSummary(cycle.year, len(rows), base, cycle.rate, cycle.rounding, quota, 0, cycle.quota_base)
    changed = [a for a in grades if grades[a] == Grade.EXCELLENT]
    excellent = [r for r in rows.values() if r.grade == Grade.EXCELLENT]
    if len(excellent) > quota:
        kept = len(excellent) - len(changed)
        offender = changed[max(0, quota - kept)] if len(changed) > max(0, quota - kept) else None
        who = f"，不能再定“{offender.employee.name}”为优秀" if offender is not None else ""
        raise QuotaExceeded(f"优秀等次超出名额：{summary.describe()}，按此将有 {len(excellent)} 人优秀{who}", offender)
    if cycle.enforce_department_quota:
        _check_department_quota(cycle, rows, quota, changed)


def _check_department_quota(cycle: AssessmentCycle, rows: dict[int, GradeRow], quota: int,
                            changed: list[Assessment]) -> None:
    tops = top_departments()
    bases: Counter = Counter()
    counts: Counter = Counter()
    for row in rows.values():
        top = tops[row.department_id].id
        bases[top] += 0
        if counts_for_base(cycle, row.special_case):
            bases[top] += 1
        if row.grade == Grade.EXCELLENT:
            counts[top] += 1
    order = department_tree().order
    shares = department_shares(cycle, quota, {i: bases[i] for i in sorted(bases, key=lambda i: order.get(i, ()))})
    for top, count in counts.items():
        if count > shares[top]:
            offender = next((a for a in reversed(changed) if tops[a.department_id].id == top), None)
            how = "由人事部门分配" if cycle.department_places else "按人数分配"
            raise QuotaExceeded(f"优秀等次超出部门名额：{tops[top].name}优秀名额 {shares[top]} 人"
                                f"（全单位 {quota} 人{how}），按此将有 {count} 人优秀", offender)


def quota_explanation(cycle: AssessmentCycle, counts: QuotaCounts | None = None) -> str:
    """How the 优秀 quota was counted, in words (the overview, the settings and the decision page show it);
    from the cycle's counts when the caller has them (one grouped count otherwise)."""
    counts = counts or progress(cycle)
    summary = quota_summary(cycle, counts)
    special = sum(counts.special.values())
    if cycle.quota_base == QuotaBase.ALL_PARTICIPANTS:
        base = (f"以应参加年度考核的工作人员总人数为基数（考核规定第十五条）：{summary.base} 人"
                + (f"，其中参加考核但不确定等次的 {special} 人也计入" if special else ""))
    else:
        base = (f"以确定等次的人数为基数：参加 {summary.participants} 人"
                + (f"，不确定等次的 {special} 人不计入" if special else "") + f"，计 {summary.base} 人")
    if cycle.unit_failed or cycle.unit_accountable:
        why = "本单位年度考核为不合格" if cycle.unit_failed else "本单位被问责"
        rate = f"{why}，比例不超过 {cycle.failed_unit_rate}%，按 {summary.rate}%"
    elif cycle.rate_raised:
        approved = f"，{cycle.raised_approved_on.isoformat()}" if cycle.raised_approved_on else ""
        rate = f"经批准（{cycle.raised_reason}{approved}）提高到 {summary.rate}%"
    else:
        rate = f"比例 {summary.rate}%（不超过 20%）"
    share = summary.base * summary.rate / 100
    text = (f"{base}；{rate}；{summary.base} × {summary.rate}% = {share:g}，{summary.rounding_label}"
            f"为 {summary.quota} 人。")
    if cycle.department_places:
        tops = {d.id: d for d in top_departments().values()}
        parts = "、".join(f"{tops[int(i)].name} {n} 人" for i, n in cycle.department_places.items() if int(i) in tops)
        text += f"各部门名额由人事部门分配（向一线岗位倾斜）：{parts}；全单位合计仍不超过 {summary.quota} 人。"
    return text


def set_department_places(cycle: AssessmentCycle, places: Mapping[int, int], *, actor: Actor,
                          reason: str | None = None) -> None:
    """HR shares the 优秀 places out per top-level department (empty: in proportion to their people). The parts
    may lean to 一线 departments (第十五条) but never add up to more than the unit quota."""
    require_manager(actor, "分配各部门优秀名额")
    cycle.require_status(*BEFORE_ARCHIVE, doing="分配各部门优秀名额")
    cleaned = {str(int(k)): int(v) for k, v in places.items() if v is not None}
    if any(v < 0 for v in cleaned.values()):
        raise AssessmentError("部门名额不能为负数")
    cycle = lock_cycle(cycle)
    quota = quota_summary(cycle).quota
    if sum(cleaned.values()) > quota:
        raise AssessmentError(f"各部门名额合计 {sum(cleaned.values())} 人，超过全单位优秀名额 {quota} 人")
    before = dict(cycle.department_places or {})
    cycle.department_places = cleaned
    check_quota(cycle, {}, {})
    audit.record(actor, "assessment.department_places", f"分配 {cycle.year} 年度各部门优秀名额", obj=cycle,
                 reason=clean(reason), details={"before": before, "after": cleaned})


# ---------------------------------------------------------------- special cases

def flag_special_case(assessment: Assessment, case: SpecialCase | str, *, actor: Actor, reason: str) -> None:
    """HR marks (or clears, with SpecialCase.NONE) a special case with a reason. A special case
    clears the grade and proposed grade; a change that leaves more 优秀 than the quota is refused."""
    require_manager(actor, "标记特殊情况")
    assessment.require_not_archived()
    case = parse(SpecialCase, case, "特殊情况")
    reason = required(reason, "标记特殊情况须填写原因")
    assessment.cycle.require_status(*BEFORE_ARCHIVE, doing="标记特殊情况")
    if case == assessment.special_case:
        now = "无特殊情况" if case == SpecialCase.NONE else chinese(case.label)
        raise AssessmentError(f"{assessment.employee.name}已是“{now}”")
    lock_cycle(assessment.cycle)
    check_quota(assessment.cycle, {assessment: None} if case != SpecialCase.NONE else {}, {assessment: case.value})
    before = assessment.special_case_label
    assessment.special_case = case.value
    assessment.special_case_reason = reason if case != SpecialCase.NONE else None
    assessment.special_case_by_id = actor.id
    if case != SpecialCase.NONE:
        assessment.grade = assessment.proposed_grade = None
        assessment.decided_by_id = assessment.decided_at = None
    audit.record(actor, "assessment.special_case",
                 f"{assessment.employee.name}（{assessment.cycle.year} 年度）特殊情况："
                 f"{before} → {assessment.special_case_label}",
                 obj=assessment, reason=reason)


# ---------------------------------------------------------------- grades

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
    require_manager(actor, "评定等次")
    if cycle.is_archived:
        raise AssessmentError(f"{cycle.year} 年度考核已归档，只能由人事部门填写原因后修改")
    cycle.require_status(*DECIDING, doing="评定等次")
    wanted: dict[Assessment, str | None] = {}
    for assessment, grade in decisions:
        if assessment.cycle_id != cycle.id:
            raise AssessmentError(f"{assessment.employee.name}的考核表不属于 {cycle.year} 年度考核")
        value = parse(Grade, grade, "等次").value if grade else None
        if value and not assessment.gradeable:
            raise AssessmentError(f"{assessment.employee.name}{assessment.special_case_label}，不能评定等次")
        if cycle.status != CycleStatus.DECISION and (assessment.grade or not value):
            raise AssessmentError(f"{assessment.employee.name}的等次已确定；公示后改变等次须经申诉或归档后由人事部门修改")
        wanted[assessment] = value
    cycle = lock_cycle(cycle)
    check_quota(cycle, wanted, {})
    changed = 0
    for assessment, value in wanted.items():
        if assessment.grade == value:
            continue
        before = assessment.grade_label or "未定"
        assessment.grade = value
        assessment.decided_by_id = actor.id
        assessment.decided_at = utcnow()
        if note is not None:
            assessment.grade_note = clean(note)
        changed += 1
        audit.record(actor, "assessment.grade",
                     f"{assessment.employee.name}（{cycle.year} 年度）等次：{before} → {assessment.grade_label or '未定'}",
                     obj=assessment, reason=clean(note))
    return changed


def editable_ids(cycle: AssessmentCycle, assessments: Sequence[Assessment]) -> set[int]:
    """Whose grade may be set now (the decision page's open rows), as decide_grades allows it: everyone's
    while deciding; afterwards only a first grade (补定)."""
    if cycle.status == CycleStatus.DECISION:
        return {a.id for a in assessments if a.gradeable}
    if cycle.status in (CycleStatus.PUBLICITY, CycleStatus.ACKNOWLEDGEMENT):
        return {a.id for a in assessments if a.gradeable and not a.grade}
    return set()


@dataclass
class DecisionRow:
    """One person's row of the decision page as posted: the grade and 备注 chosen, and the grade and 备注
    the row showed when the page was rendered (what the officer started from)."""

    assessment: Assessment
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
    require_manager(actor, "评定等次")
    cycle.require_status(*DECIDING, doing="评定等次")
    wanted = [(row, _grade_value(row.grade), clean(row.note)) for row in rows]
    edited = [(row, grade, note) for row, grade, note in wanted
              if grade != _grade_value(row.shown_grade) or note != clean(row.shown_note)]
    if not edited:
        return 0
    cycle = lock_cycle(cycle)
    # What is committed now, read after the lock: another officer's save is complete or has not begun.
    db.session.execute(select(Assessment).where(Assessment.id.in_([row.assessment.id for row, _g, _n in edited]))
                       .execution_options(populate_existing=True))
    _refuse_overwrites(edited)
    grades = [(row.assessment, grade) for row, grade, _note in edited
              if grade != _grade_value(row.shown_grade) and grade != row.assessment.grade]
    notes = [(row.assessment, note) for row, _grade, note in edited
             if note != clean(row.shown_note) and note != row.assessment.grade_note]
    for assessment, _note in notes:
        if cycle.status != CycleStatus.DECISION and assessment.grade and assessment not in dict(grades):
            raise AssessmentError(f"{assessment.employee.name}的等次已确定；公示后不能再修改备注")
    changed = {assessment.id for assessment, _grade in grades}
    if grades:
        decide_grades(cycle, grades, actor=actor)
    for assessment, note in notes:
        before = assessment.grade_note
        assessment.grade_note = note
        changed.add(assessment.id)
        audit.record(actor, "assessment.grade_note",
                     f"{assessment.employee.name}（{cycle.year} 年度）备注：{note or '（清除）'}",
                     obj=assessment, details={"before": before, "after": note})
    return len(changed)


def _refuse_overwrites(edited: list[tuple[DecisionRow, str | None, str | None]]) -> None:
    """Refuse the save when a grade or 备注 the officer changed was changed by somebody else since the page
    was rendered (unless to the very value the officer chose: then nothing would be lost)."""
    clashes = []
    for row, grade, note in edited:
        assessment, shown_grade, shown_note = row.assessment, _grade_value(row.shown_grade), clean(row.shown_note)
        name = assessment.employee.name
        if grade != shown_grade and assessment.grade not in (shown_grade, grade):
            clashes.append(f"{name}的等次已被他人修改为{assessment.grade_label or '未定'}")
        if note != shown_note and assessment.grade_note not in (shown_note, note):
            clashes.append(f"{name}的备注已被他人修改为“{assessment.grade_note}”" if assessment.grade_note
                           else f"{name}的备注已被他人清除")
    if clashes:
        raise AssessmentError(f"{'；'.join(clashes)}，请刷新后再保存")


def _grade_value(grade: Grade | str | None) -> str | None:
    return parse(Grade, grade, "等次").value if grade else None


# ---------------------------------------------------------------- appeals and amendments

def record_appeal_outcome(assessment: Assessment, outcome: AppealOutcome | str, *, actor: Actor, reason: str,
                          new_grade: Grade | str | None = None) -> None:
    """HR records the outcome: rejected (grade kept) or upheld with the new grade (quota checked)."""
    require_manager(actor, "处理申诉")
    assessment.require_not_archived()
    assessment.cycle.require_status(CycleStatus.ACKNOWLEDGEMENT, doing="处理申诉")
    if not assessment.appeal_pending:
        raise AssessmentError(f"{assessment.employee.name}没有待处理的申诉")
    outcome = parse(AppealOutcome, outcome, "申诉结果")
    reason = required(reason, "处理申诉须填写理由")
    grade = parse(Grade, new_grade, "等次") if new_grade else None
    if outcome == AppealOutcome.UPHELD:
        if grade is None or grade == assessment.grade:
            raise AssessmentError("申诉成立须改定为另一个等次")
        cycle = lock_cycle(assessment.cycle)
        check_quota(cycle, {assessment: grade.value}, {})
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
                 f"{assessment.employee.name}的申诉：{assessment.appeal_outcome_label}"
                 f"（{chinese(Grade(assessment.appeal_original_grade).label)} → {assessment.grade_label}）",
                 obj=assessment, reason=reason)


def amend_archived(assessment: Assessment, changes: Mapping[str, object], *, actor: Actor, reason: str) -> None:
    """HR changes an archived assessment (keys: AMENDABLE) with a reason; before and after go to the audit
    log. A new 优秀 is still held to the quota."""
    require_manager(actor, "修改已归档的考核表")
    reason = required(reason, "修改已归档的考核表须填写原因")
    if not assessment.cycle.is_archived:
        raise AssessmentError("考核尚未归档，请按考核流程修改")
    unknown = set(changes) - set(AMENDABLE)
    if unknown:
        raise AssessmentError(f"不能修改：{'、'.join(sorted(unknown))}")
    values = dict(changes)
    if values.get("grade"):
        values["grade"] = parse(Grade, values["grade"], "等次").value
    if "special_case" in values:
        values["special_case"] = parse(SpecialCase, values["special_case"] or SpecialCase.NONE, "特殊情况").value
    case = values.get("special_case", assessment.special_case)
    if values.get("grade", assessment.grade) and case != SpecialCase.NONE:
        raise AssessmentError(f"{assessment.employee.name}{chinese(SpecialCase(case).label)}，不能评定等次")
    cycle = lock_cycle(assessment.cycle)
    check_quota(cycle, {assessment: values.get("grade", assessment.grade)}, {assessment: case})
    before = {key: getattr(assessment, key) for key in values}
    for key, value in values.items():
        setattr(assessment, key, value.strip() or None if isinstance(value, str) else value)
    if "grade" in values:
        assessment.decided_by_id = actor.id
        assessment.decided_at = utcnow()
    audit.record(actor, "assessment.amend", f"修改已归档的{assessment.employee.name}的 {cycle.year} 年度考核表",
                 obj=assessment, reason=reason,
                 details={"before": before, "after": {k: getattr(assessment, k) for k in values}})
