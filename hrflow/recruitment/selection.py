"""After the exam, before appointment: the 体检 and 考察 of each proposed hire, the round's settings for them
(which steps, the 合格分数线 递补 stays above), and the 公示 of a hire proposed after the round's 公示 began.

A failed or declined step frees the place: the hire is withdrawn and the next in the ranking moves up
(operations.withdraw). Every operation takes the acting user, only flushes, and writes the audit log."""

from __future__ import annotations

from datetime import date

from hrflow import audit
from hrflow.clock import unit_today
from hrflow.models import (
    Actor,
    Application,
    CheckResult,
    CheckStep,
    Outcome,
    RecruitmentError,
    RecruitmentRound,
    RoundStatus,
)
from hrflow.models.base import chinese
from hrflow.recruitment.operations import lock_round, publication_date, publicity_period, withdraw

# A 合格分数线 is on the composite score's 0–100 scale.
FLOOR_RANGE = (0.0, 100.0)


def change_settings(round_: RecruitmentRound, *, medical_check: bool, inspection_check: bool,
                    score_floor: float | None, reason: str, actor: Actor) -> None:
    """HR switches 体检/考察 on or off for the round and sets its 合格分数线, with a reason (audited)."""
    if not reason or not reason.strip():
        raise RecruitmentError("修改体检、考察设置必须填写原因", field="reason")
    low, high = FLOOR_RANGE
    if score_floor is not None and not low <= score_floor <= high:
        raise RecruitmentError(f"合格分数线应在 {low:g}–{high:g} 之间", field="score_floor")
    round_ = lock_round(round_)
    if round_.status == RoundStatus.CLOSED:
        raise RecruitmentError("本轮招聘已结束，不能再修改设置")
    before = settings_text(round_)
    round_.medical_check, round_.inspection_check, round_.score_floor = medical_check, inspection_check, score_floor
    audit.record(actor, "recruitment.selection", f"修改“{round_.name}”的体检、考察设置：{before} → {settings_text(round_)}",
                 obj=round_, reason=reason.strip())


def settings_text(round_: RecruitmentRound) -> str:
    steps = "、".join(chinese(step.label) for step in round_.required_steps) or "不要求体检、考察"
    floor = f"合格分数线 {round_.score_floor:g}" if round_.score_floor is not None else "无合格分数线"
    return f"{steps}；{floor}"


def record_check(application: Application, step: CheckStep, result: CheckResult, on: date | None, reason: str,
                 *, actor: Actor, today: date | None = None) -> Application | None:
    """Record a proposed hire's 体检 or 考察. 不合格 or 放弃 needs a reason and frees the place: the hire is
    withdrawn and the next in the ranking moves up (递补); returns that replacement, if there is one."""
    step, result, reason = CheckStep(step), CheckResult(result), (reason or "").strip()
    round_ = lock_round(application.vacancy.round)
    name = chinese(step.label)
    round_.require_status(RoundStatus.EXAMINING, RoundStatus.PUBLICITY, doing=f"登记{name}结果")
    if step not in round_.required_steps:
        raise RecruitmentError(f"本轮招聘不要求{name}", field="result")
    if application.outcome != Outcome.PROPOSED:
        raise RecruitmentError(f"{application.applicant.name} 不是拟聘用人员，不能登记{name}结果", field="result")
    if on is None:
        raise RecruitmentError(f"请填写{name}日期", field="on")
    if on > (today or unit_today()):
        raise RecruitmentError(f"{name}日期不能晚于今天", field="on")
    if result != CheckResult.PASSED and not reason:
        raise RecruitmentError(f"{name}{chinese(result.label)}必须填写原因", field="reason")
    setattr(application, f"{step.value}_result", result.value)
    setattr(application, f"{step.value}_on", on)
    setattr(application, f"{step.value}_reason", reason or None)
    audit.record(actor, f"recruitment.{step.value}", f"{application.applicant.name} {name}{chinese(result.label)}"
                 f"（{on.isoformat()}）", obj=application, reason=reason or None)
    if result == CheckResult.PASSED:
        return None
    return withdraw(application, f"{name}{chinese(result.label)}：{reason}", actor=actor)


def start_own_publicity(application: Application, start: date | None, *, actor: Actor) -> None:
    """Publish the 公示 of a hire proposed after the round's 公示 began (递补 or a vacancy filled late):
    as many working days as the round's, from `start`."""
    if start is None:
        raise RecruitmentError("请填写公示开始日期", field="start")
    round_ = lock_round(application.vacancy.round)
    round_.require_status(RoundStatus.PUBLICITY, doing="发布递补公示")
    if application.outcome != Outcome.PROPOSED or not application.own_publicity:
        raise RecruitmentError(f"{application.applicant.name} 不需要单独公示")
    if application.publicity_start is not None:
        raise RecruitmentError(f"{application.applicant.name} 的公示已于 {application.publicity_start.isoformat()} 发布")
    period = publicity_period(start, round_.publicity_days)
    application.publicity_start, application.publicity_end = start, period.last
    application.publicity_published_on = publication_date(start)
    audit.record(actor, "recruitment.own_publicity", f"发布 {application.applicant.name} 的递补公示："
                 f"{start.isoformat()} 至 {period.last.isoformat()}（{round_.publicity_days} 个工作日）", obj=application)
