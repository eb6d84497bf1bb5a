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
from hrflow.assessment.records import participations
from hrflow.clock import unit_today
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
from hrflow.rules.quota import DEFAULT_RATE, QuotaBase, RateRefused, Rounding, check_rate

MIN_PUBLICITY_DAYS = 5
SETTINGS = ("excellent_rate", "rounding", "rate_raised", "raised_reason", "unit_failed",
            "enforce_department_quota", "self_review_deadline", "head_review_deadline", "decision_deadline",
            "publicity_days", "appeal_days", "raised_rate", "raised_approved_on", "unit_accountable", "quota_base")
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
            "quota_base_kind": self.quota.base_kind,
            "approval": self.cycle.raised_reason,
        }


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
    approval: str | None = None,
    approval_date: date | None = None,
) -> OpenedCycle:
    """Open the year's cycle: one assessment per employee holding a main post on the cycle date (31
    December by default), with the post version in force that day and every concurrent post; the leave and
    investigation records and the hiring date decide who takes part without a grade (records.participations).
    Settings default from the app config.

    The 优秀 rate is a ceiling (第十五条): up to 20% as it is; above it only with ``approval`` (文号, dated
    ``approval_date`` or today) and never above the raised rate (25%)."""
    require_manager(actor, "开启年度考核")
    if not 2000 <= year <= 2100:
        raise AssessmentError(f"年度“{year}”不正确")
    if find_cycle(year) is not None:
        raise AssessmentError(f"{year} 年度考核已经开启")
    config = current_app.config
    wanted = _rate(excellent_rate if excellent_rate is not None else config["ASSESSMENT_EXCELLENT_RATE"])
    maximum = _rate(config["ASSESSMENT_RAISED_RATE"])
    try:
        check_rate(wanted, approval=approval, maximum=maximum)
    except RateRefused as refused:
        raise AssessmentError(str(refused)) from None
    raised = wanted > DEFAULT_RATE
    cycle = AssessmentCycle(
        year=year,
        cycle_date=cycle_date or date(year, 12, 31),
        excellent_rate=min(wanted, DEFAULT_RATE),
        rounding=_rounding(rounding or config["ASSESSMENT_QUOTA_ROUNDING"]).value,
        raised_rate=wanted if raised else maximum,
        rate_raised=raised,
        raised_reason=clean(approval) if raised else None,
        raised_approved_on=(approval_date or unit_today()) if raised else None,
        quota_base=_quota_base(config["ASSESSMENT_QUOTA_BASE"]),
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


def _create_assessments(cycle: AssessmentCycle, skip: set[int] = frozenset()
                        ) -> tuple[list[Assessment], list[Excluded]]:
    """An assessment for every active employee holding a main post on the cycle date, but those in ``skip``
    (employee ids already taking part, when the cycle is refreshed)."""
    on = cycle.cycle_date
    employees = [e for e in db.session.scalars(
        select(Employee).where(Employee.active.is_(True)).order_by(Employee.staff_no)
        .options(selectinload(Employee.appointments).selectinload(Appointment.post))
    ) if e.id not in skip]
    versions = _versions_in_force({a.post_id for e in employees for a in e.appointments}, on)
    found = participations(employees, on)
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
        record.special_case = found[employee.id].special_case
        record.special_case_reason = found[employee.id].reason
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


def refresh_cycle(cycle: AssessmentCycle, *, actor: Actor, reason: str | None = None
                  ) -> tuple[list[Assessment], list[str]]:
    """After staff changes, before grading: add everyone who now takes part (the special cases found from the
    records as at opening) and remove the forms of people who no longer hold a main post on the cycle date
    or have left. Returns (added, names removed); audited."""
    require_manager(actor, "更新考核名单")
    cycle.require_status(CycleStatus.OPEN, CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW, doing="更新考核名单")
    current = list(db.session.scalars(select(Assessment).where(Assessment.cycle_id == cycle.id)))
    on = cycle.cycle_date
    leaving = [a for a in current if not a.employee.active or a.employee.main_appointment(on) is None]
    removed = [a.employee.name for a in leaving]
    for assessment in leaving:
        db.session.delete(assessment)
    db.session.flush()
    added, _excluded = _create_assessments(cycle, {a.employee_id for a in current if a not in leaving})
    if not added and not removed:
        return added, removed
    audit.record(actor, "assessment.refresh",
                 f"更新 {cycle.year} 年度考核名单：新增 {len(added)} 人"
                 + (f"（{'、'.join(a.employee.name for a in added)}）" if added else "")
                 + f"，移出 {len(removed)} 人" + (f"（{'、'.join(removed)}）" if removed else ""),
                 obj=cycle, reason=clean(reason))
    return added, removed


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
                  "appeal_days": _appeal_days, "raised_reason": lambda v: (str(v).strip() or None) if v else None,
                  "raised_rate": _rate, "quota_base": _quota_base}
    for key, value in changes.items():
        setattr(cycle, key, validators.get(key, lambda v: v)(value))
    if cycle.rate_raised and not cycle.raised_reason:
        raise AssessmentError(f"优秀比例提高到 {cycle.raised_rate}% 须填写批准依据")
    _check_rates(cycle)
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


def _check_rates(cycle: AssessmentCycle) -> None:
    """第十五条: the rate ≤ 20% as it is; a raised rate only with its approval (dated), never above the maximum."""
    maximum = current_app.config["ASSESSMENT_RAISED_RATE"]
    try:
        check_rate(cycle.excellent_rate, maximum=maximum)
        if cycle.rate_raised:
            check_rate(cycle.raised_rate, approval=cycle.raised_reason, maximum=maximum)
    except RateRefused as refused:
        raise AssessmentError(str(refused)) from None
    if cycle.rate_raised and cycle.raised_approved_on is None:
        cycle.raised_approved_on = unit_today()
    if not cycle.rate_raised:
        cycle.raised_approved_on = None


def _quota_base(value) -> str:
    try:
        return QuotaBase(value).value
    except ValueError:
        raise AssessmentError(f"名额基数“{value}”应为 all_participants 或 graded") from None


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

def parse_step(text: str) -> CycleStatus:
    """A step by its value (head_review) or its Chinese name (主管评价)."""
    text = (text or "").strip()
    for status in CycleStatus:
        if text in (status.value, chinese(status.label)):
            return status
    raise AssessmentError(f"未知的阶段“{text}”（可用：{'、'.join(s.value for s in CycleStatus)}）")


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
    on = on or unit_today()
    records = department_assessments(cycle)
    if to == CycleStatus.DECISION:
        pending = [a for a in records if a.special_case != SpecialCase.NOT_GRADED and a.refused_on is None
                   and a.form_status != FormStatus.HEAD_SUBMITTED]
        if pending:
            raise AssessmentError(f"还有 {len(pending)} 份考核表未提交主管评价（{_names(pending)}），不能进入等次评定")
        late = [a for a in records if a.late_pending]
        if late:
            raise AssessmentError(f"还有 {len(late)} 份逾期提交的考核表待人事部门决定（{_names(late)}），"
                                  "请先接受或退回")
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

def summary_length(text: str | None) -> int:
    """字 of a self-summary as the limit counts them: every character but blanks and line breaks (the page's
    counter counts the same way)."""
    return sum(1 for ch in text or "" if not ch.isspace())


def check_summary_length(text: str | None) -> None:
    limit = current_app.config["ASSESSMENT_SUMMARY_MAX_CHARS"]
    if summary_length(text) > limit:
        raise AssessmentError(f"个人总结 {summary_length(text)} 字，超过 {limit} 字的限制，请精简（登记表须打印在一页上）")


def mark_self_late(assessment: Assessment, on: date | None = None) -> None:
    """A self-summary handed in after the step's deadline is marked late (HR decides: accept or send back)."""
    deadline = assessment.cycle.self_review_deadline
    if deadline is not None and (on or unit_today()) > deadline:
        assessment.self_late = True


def save_self_summary(assessment: Assessment, text: str, *, actor: User) -> None:
    """The employee saves their self-summary (draft); only the employee themselves."""
    _check_self(assessment, actor)
    check_summary_length(text)
    assessment.self_summary = (text or "").strip() or None
    audit.record(actor, "assessment.self_summary", f"{assessment.employee.name}保存 {assessment.cycle.year} 年度个人总结",
                 obj=assessment)


def submit_self_summary(assessment: Assessment, *, actor: User, text: str | None = None) -> None:
    """Save (when ``text`` is given) and submit; the summary is locked from now on."""
    _check_self(assessment, actor)
    if text is not None:
        check_summary_length(text)
        assessment.self_summary = text.strip() or None
    if not assessment.self_summary:
        raise AssessmentError("个人总结不能为空")
    assessment.submit_self()
    mark_self_late(assessment)
    late = f"（逾期：截止日期 {assessment.cycle.self_review_deadline}，待人事部门决定）" if assessment.self_late else ""
    audit.record(actor, "assessment.self_submit",
                 f"{assessment.employee.name}提交 {assessment.cycle.year} 年度个人总结{late}", obj=assessment)


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
    assessment.acknowledged_on = on or unit_today()
    audit.record(actor, "assessment.acknowledge",
                 f"{assessment.employee.name}签署 {assessment.cycle.year} 年度考核结果：{chinese(choice.label)}",
                 obj=assessment)


def appeal_deadline(assessment: Assessment) -> date | None:
    return assessment.cycle.appeal_deadline


def appeal_open(assessment: Assessment, on: date | None = None) -> bool:
    """May the person still appeal (the page shows the appeal form only then; appeal() decides)."""
    deadline = assessment.cycle.appeal_deadline
    return (assessment.cycle.status == CycleStatus.ACKNOWLEDGEMENT and assessment.may_still_appeal
            and (deadline is None or (on or unit_today()) <= deadline))


def appeal(assessment: Assessment, text: str, *, actor: User, on: date | None = None) -> None:
    """The employee appeals a 基本合格/不合格 grade within the window (days from the notice)."""
    if not access.can_acknowledge(actor, assessment):
        raise AssessmentAccessError("只有本人可以提出申诉")
    assessment.require_not_archived()
    assessment.cycle.require_status(CycleStatus.ACKNOWLEDGEMENT, doing="申诉")
    if assessment.grade not in APPEALABLE_GRADES:
        raise AssessmentError(f"只有“基本合格”“不合格”等次可以申诉（本人等次：{assessment.grade_label or '未定'}）")
    on = on or unit_today()
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
