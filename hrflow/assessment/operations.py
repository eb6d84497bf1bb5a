"""State changes of the annual assessment: opening a year's cycle, its settings, moving it on step by
step, and each person's own steps (self-summary, reopening, signature, appeal).

Operations take the acting user (SYSTEM for the command line and jobs), only flush, and write the audit
log for every change. Refusals raise AssessmentError (AssessmentAccessError when the actor may not touch
the assessment) with a message fit to show as it is. The changes that can move the 优秀 count are in
grading.py, the head's review in head_review.py; who may do what in access.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hrflow import audit
from hrflow.assessment import access
from hrflow.assessment.access import require_manager
from hrflow.assessment.figures import QuotaSummary, quota_summary
from hrflow.assessment.grading import check_quota, lock_cycle
from hrflow.assessment.inputs import clean, parse, required
from hrflow.assessment.queries import Excluded, department_assessments, find_cycle
from hrflow.extensions import db
from hrflow.models import (
    Acknowledgement,
    Actor,
    Appointment,
    AppointmentKind,
    AssessedPost,
    Assessment,
    AssessmentAccessError,
    AssessmentCycle,
    AssessmentError,
    CycleStatus,
    Employee,
    FormStatus,
    PostVersion,
    SpecialCase,
    User,
    working_days,
)
from hrflow.models.assessment import APPEALABLE_GRADES
from hrflow.models.base import chinese, utcnow
from hrflow.rules.quota import Rounding

MIN_PUBLICITY_DAYS = 5
SETTINGS = ("excellent_rate", "rounding", "rate_raised", "raised_reason", "unit_failed",
            "enforce_department_quota", "self_review_deadline", "head_review_deadline", "decision_deadline",
            "publicity_days", "appeal_days")
# The steps in which self-summaries are written (and submitted ones reopened).
SELF_REVIEW_STEPS = (CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)


# ---------------------------------------------------------------- opening a cycle

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
    """Open the year's cycle: one assessment per employee holding a main post on the cycle date (31
    December by default), with the post version in force that day and every concurrent post; people who
    joined less than half a year before it get 'comments only'. Settings default from the app config."""
    require_manager(actor, "开启年度考核")
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
    participants, excluded = _create_assessments(cycle)
    summary = quota_summary(cycle)
    audit.record(actor, "assessment.open",
                 f"开启 {year} 年度考核：参加 {len(participants)} 人，{summary.describe()}", obj=cycle,
                 details={"excluded": [e.as_json() for e in excluded]})
    return OpenedCycle(cycle, participants, excluded, summary)


def _create_assessments(cycle: AssessmentCycle) -> tuple[list[Assessment], list[Excluded]]:
    on = cycle.cycle_date
    employees = db.session.scalars(
        select(Employee).where(Employee.active.is_(True)).order_by(Employee.staff_no)
        .options(selectinload(Employee.appointments).selectinload(Appointment.post))
    ).all()
    versions = _versions_in_force({a.post_id for e in employees for a in e.appointments}, on)
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
        record = Assessment(cycle=cycle, employee=employee, post_id=main.post_id,
                            post_version_id=versions[main.post_id].id, department_id=main.post.department_id,
                            dimension_ratings={})
        for appointment in held:
            if any(p.post_id == appointment.post_id for p in record.assessed_posts):
                continue  # two appointments on one post: its duties are rated once
            version = versions[appointment.post_id]
            record.assessed_posts.append(AssessedPost(
                post_id=appointment.post_id, post_version_id=version.id, kind=appointment.kind,
                position=len(record.assessed_posts), duty_ratings=[None] * len(version.duties or []),
            ))
        if employee.hired_on is not None and employee.hired_on > joined_after:
            record.special_case = SpecialCase.COMMENTS_ONLY.value
            record.special_case_reason = (f"入职日期 {employee.hired_on.isoformat()}，"
                                          f"距考核基准日 {on.isoformat()} 不满半年：只写评语，不定等次")
        db.session.add(record)
        participants.append(record)
    db.session.flush()
    excluded.extend(Excluded(a.employee.name, a.employee.staff_no, a.special_case_reason, a.id)
                    for a in participants if not a.gradeable)
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


# ---------------------------------------------------------------- settings

def update_settings(cycle: AssessmentCycle, changes: Mapping[str, object], *, actor: Actor,
                    reason: str | None = None) -> None:
    """Change the quota settings or deadlines (keys: SETTINGS) until grades are published.

    The raised rate (25%) needs ``raised_reason`` (the approval). A change that leaves more 优秀
    than the new quota is refused. (The cycle date is fixed at opening: it chose the participants.)"""
    require_manager(actor, "修改考核设置")
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
    check_quota(cycle, {}, {})
    after = {key: _plain(getattr(cycle, key)) for key in changes}
    audit.record(actor, "assessment.settings", f"修改 {cycle.year} 年度考核设置：{quota_summary(cycle).describe()}",
                 obj=cycle, reason=clean(reason), details={"before": before, "after": after})


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


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


# ---------------------------------------------------------------- moving the cycle on

def advance(cycle: AssessmentCycle, to: CycleStatus | str, *, actor: Actor, on: date | None = None) -> None:
    """Move the cycle one step on. ``on`` is the day of the step (today by default): the publicity
    start for PUBLICITY, the notice day (appeal window start) for ACKNOWLEDGEMENT.

    Checks: head review → decision needs everyone reviewed (not-graded people excepted);
    decision → publicity needs every gradeable person graded; publicity → acknowledgement only
    after the publicity end date; acknowledgement → archived needs every appeal decided and the
    appeal window over for everyone who may still appeal."""
    require_manager(actor, "推进年度考核")
    to = CycleStatus(to)
    cycle.check_transition(to)
    on = on or date.today()
    records = department_assessments(cycle)
    if to == CycleStatus.DECISION:
        pending = [a for a in records
                   if a.special_case != SpecialCase.NOT_GRADED and a.form_status != FormStatus.HEAD_SUBMITTED]
        if pending:
            raise AssessmentError(f"还有 {len(pending)} 份考核表未提交主管评价（{_names(pending)}），不能进入等次评定")
    elif to == CycleStatus.PUBLICITY:
        _start_publicity(cycle, records, on)
    elif to == CycleStatus.ACKNOWLEDGEMENT:
        if cycle.publicity_end is None or on <= cycle.publicity_end:
            raise AssessmentError(f"优秀公示到 {cycle.publicity_end} 为止，公示期满后才能通知本人确认")
        cycle.notified_on = on
    elif to == CycleStatus.ARCHIVED:
        _check_archivable(cycle, records, on)
        cycle.archived_at = utcnow()
    before = cycle.status_label
    cycle.advance(to)
    audit.record(actor, "assessment.advance", f"{cycle.year} 年度考核：{before} → {cycle.status_label}", obj=cycle)


def publish(cycle: AssessmentCycle, *, actor: Actor, start: date | None = None) -> date:
    """Publish the 优秀 list (decision → publicity) from ``start``; returns the publicity end date."""
    advance(cycle, CycleStatus.PUBLICITY, actor=actor, on=start)
    return cycle.publicity_end


def archive(cycle: AssessmentCycle, *, actor: Actor, on: date | None = None) -> None:
    """Archive and lock the cycle (acknowledgement → archived)."""
    advance(cycle, CycleStatus.ARCHIVED, actor=actor, on=on)


def _start_publicity(cycle: AssessmentCycle, records: list[Assessment], start: date) -> None:
    ungraded = [a for a in records if a.gradeable and not a.grade]
    if ungraded:
        raise AssessmentError(f"还有 {len(ungraded)} 人未定等次（{_names(ungraded)}），不能公示")
    lock_cycle(cycle)
    check_quota(cycle, {}, {})
    period = working_days(start, cycle.publicity_days)
    cycle.publicity_start, cycle.publicity_end = period.first, period.last


def _check_archivable(cycle: AssessmentCycle, records: list[Assessment], on: date) -> None:
    pending = [a for a in records if a.appeal_pending]
    if pending:
        raise AssessmentError(f"还有 {len(pending)} 份申诉未处理（{_names(pending)}），不能归档")
    ungraded = [a for a in records if a.gradeable and not a.grade]
    if ungraded:
        raise AssessmentError(f"还有 {len(ungraded)} 人未定等次（{_names(ungraded)}），不能归档")
    deadline = cycle.appeal_deadline
    may_appeal = [a for a in records if a.may_still_appeal]
    if deadline is not None and on <= deadline and may_appeal:
        raise AssessmentError(f"申诉期到 {deadline.isoformat()} 为止，{_names(may_appeal)} 尚可申诉，期满后才能归档")


def _names(records: list[Assessment], limit: int = 5) -> str:
    names = "、".join(a.employee.name for a in records[:limit])
    return names + ("等" if len(records) > limit else "")


# ---------------------------------------------------------------- the person's self-summary; reopening

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


def reopen(assessment: Assessment, *, actor: Actor, reason: str,
           to: FormStatus | str = FormStatus.SELF_SUBMITTED) -> None:
    """HR unlocks a submitted assessment with a reason: back to SELF_SUBMITTED (the head edits the
    review again) or to DRAFT (the employee edits the summary again, and the head after them)."""
    require_manager(actor, "退回考核表")
    reason = required(reason, "退回考核表须填写原因")
    assessment.require_not_archived()
    assessment.cycle.require_status(*SELF_REVIEW_STEPS, doing="退回考核表")
    to = parse(FormStatus, to, "退回到")
    before = assessment.form_status_label
    assessment.reopen(to)
    audit.record(actor, "assessment.reopen",
                 f"退回{assessment.employee.name}的 {assessment.cycle.year} 年度考核表："
                 f"{before} → {assessment.form_status_label}",
                 obj=assessment, reason=reason)


# ---------------------------------------------------------------- signature and appeal

def acknowledge(assessment: Assessment, choice: Acknowledgement | str, *, actor: User, opinion: str | None = None,
                on: date | None = None) -> None:
    """The employee reads the result and signs: agree, or disagree with an opinion. Dated; once only."""
    if not access.can_acknowledge(actor, assessment):
        raise AssessmentAccessError("只有本人可以签署考核结果")
    assessment.require_not_archived()
    assessment.cycle.require_status(CycleStatus.ACKNOWLEDGEMENT, doing="签署考核结果")
    choice = parse(Acknowledgement, choice, "本人意见")
    if assessment.acknowledgement:
        raise AssessmentError(f"已于 {assessment.acknowledged_on} 签署“{assessment.acknowledgement_label}”")
    if assessment.special_case == SpecialCase.NOT_GRADED:
        raise AssessmentError("不参加本年度考核，无需签署")
    opinion = clean(opinion)
    if choice == Acknowledgement.DISAGREE and not opinion:
        raise AssessmentError("不同意时须填写意见")
    assessment.acknowledgement = choice.value
    assessment.acknowledgement_opinion = opinion
    assessment.acknowledged_on = on or date.today()
    audit.record(actor, "assessment.acknowledge",
                 f"{assessment.employee.name}签署 {assessment.cycle.year} 年度考核结果：{chinese(choice.label)}",
                 obj=assessment)


def appeal_deadline(assessment: Assessment) -> date | None:
    return assessment.cycle.appeal_deadline


def appeal_open(assessment: Assessment, on: date | None = None) -> bool:
    """May the person still appeal (the page shows the appeal form only then; appeal() decides)."""
    deadline = assessment.cycle.appeal_deadline
    return (assessment.cycle.status == CycleStatus.ACKNOWLEDGEMENT and assessment.may_still_appeal
            and (deadline is None or (on or date.today()) <= deadline))


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
    assessment.appeal_text = required(text, "申诉理由不能为空")
    assessment.appealed_on = on
    audit.record(actor, "assessment.appeal",
                 f"{assessment.employee.name}对 {assessment.cycle.year} 年度等次“{assessment.grade_label}”提出申诉",
                 obj=assessment)
