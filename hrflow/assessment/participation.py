"""Everyone can take part: a self-summary handed in on paper, late forms HR decides on, a refusal to take part
(第四十四条), and the grade set afterwards when an investigation closes (补定, 第四十二条). Flush + audit, the
actor as an argument; refusals raise AssessmentError."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hrflow import audit
from hrflow.assessment import access, grading, operations
from hrflow.assessment.access import require_manager
from hrflow.assessment.inputs import clean, parse, required
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import (
    Actor,
    Assessment,
    AssessmentAccessError,
    AssessmentError,
    CycleStatus,
    Grade,
    SpecialCase,
    User,
)
from hrflow.models.base import utcnow
from hrflow.models.personnel_records import BACKFILL_OUTCOMES, InvestigationRecord


def can_enter_paper_summary(user: User, assessment: Assessment) -> bool:
    """HR, or a head for their department's people (never their own summary)."""
    return access.can_review(user, assessment)


def enter_paper_summary(assessment: Assessment, text: str, *, actor: User, received_on: date | None = None) -> None:
    """HR (or the head) types in a self-summary handed in on paper and submits it for the person, so a person
    without a login never blocks the year. Marked 纸质 with who entered it and when; late if received after
    the deadline."""
    if not can_enter_paper_summary(actor, assessment):
        raise AssessmentAccessError("只有人事部门或本部门负责人可以录入纸质个人总结")
    assessment.require_self_editable()
    assessment.cycle.require_status(*operations.SELF_REVIEW_STEPS, doing="录入纸质个人总结")
    if assessment.special_case == SpecialCase.NOT_GRADED:
        raise AssessmentError("不确定等次的长期休假人员无需填写个人总结")
    text = required(text, "纸质个人总结的内容不能为空")
    operations.check_summary_length(text)
    received_on = received_on or unit_today()
    if received_on > unit_today():
        raise AssessmentError("收到日期不能晚于今天")
    assessment.self_summary = text
    assessment.summary_on_paper = True
    assessment.summary_entered_by_id = actor.id
    assessment.summary_entered_at = utcnow()
    assessment.submit_self()
    operations.mark_self_late(assessment, received_on)
    audit.record(actor, "assessment.paper_summary",
                 f"录入{assessment.employee.name}的 {assessment.cycle.year} 年度纸质个人总结（{received_on} 收到）"
                 + ("，逾期" if assessment.self_late else ""), obj=assessment)


def accept_late(assessment: Assessment, *, actor: Actor, reason: str) -> None:
    """HR accepts a form submitted after the deadline (to refuse it, HR sends it back: operations.reopen)."""
    require_manager(actor, "处理逾期提交")
    reason = required(reason, "接受逾期提交须填写原因")
    if not assessment.late_pending:
        raise AssessmentError(f"{assessment.employee.name}的考核表没有待处理的逾期提交")
    assessment.late_accepted_by_id = actor.id
    assessment.late_accepted_at = utcnow()
    audit.record(actor, "assessment.late_accepted", f"接受{assessment.employee.name}逾期提交的考核表", obj=assessment,
                 reason=reason)


def record_refusal(assessment: Assessment, talked_on: date, note: str, *, actor: Actor) -> None:
    """The person refused to take part without good reason and kept refusing after being talked to: recorded,
    and 不合格 proposed (第四十四条); the unit decides the grade as for everyone else."""
    require_manager(actor, "记录拒不参加考核")
    assessment.require_not_archived()
    assessment.cycle.require_status(*operations.SELF_REVIEW_STEPS, doing="记录拒不参加考核")
    if not assessment.gradeable:
        raise AssessmentError(f"{assessment.employee.name}{assessment.special_case_label}，不适用")
    if talked_on > unit_today():
        raise AssessmentError("谈话日期不能晚于今天")
    assessment.refused_on = talked_on
    assessment.refusal_note = required(note, "请写明谈话情况")
    assessment.proposed_grade = Grade.INCOMPETENT.value
    audit.record(actor, "assessment.refusal",
                 f"{assessment.employee.name}经 {talked_on} 谈话后仍拒不参加 {assessment.cycle.year} 年度考核，"
                 "建议定为不合格（考核规定第四十四条）", obj=assessment, reason=assessment.refusal_note)


def backfill_grade(assessment: Assessment, grade: Grade | str, *, actor: Actor, reason: str) -> None:
    """补定: the investigation that deferred the grade closed with no sanction or a warning (第四十二条); HR clears
    the deferral and sets the grade, with a reason. Archived cycles go through amend_archived."""
    require_manager(actor, "补定等次")
    reason = required(reason, "补定等次须填写原因")
    grade = parse(Grade, grade, "等次")
    if assessment.special_case != SpecialCase.DEFERRED:
        raise AssessmentError(f"{assessment.employee.name}不是暂缓确定等次的人员")
    records = db.session.scalars(select(InvestigationRecord).where(
        InvestigationRecord.employee_id == assessment.employee_id)).all()
    cleared = [r for r in records if r.closed_on is not None and r.outcome in BACKFILL_OUTCOMES]
    if not cleared or any(r.closed_on is None for r in records):
        raise AssessmentError(f"{assessment.employee.name}的立案审查调查尚未以“未受处分”或“警告处分”结案，不能补定等次")
    if assessment.cycle.is_archived:
        grading.amend_archived(assessment, {"special_case": SpecialCase.NONE.value, "grade": grade.value,
                                            "grade_note": f"补定：{reason}"}, actor=actor, reason=reason)
        return
    if CycleStatus(assessment.cycle.status) in (CycleStatus.OPEN, CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW):
        raise AssessmentError("补定等次在等次评定阶段及以后进行")
    grading.flag_special_case(assessment, SpecialCase.NONE, actor=actor, reason=f"调查结案，补定等次：{reason}")
    grading.decide_grades(assessment.cycle, [(assessment, grade)], actor=actor, note=f"补定：{clean(reason)}")

