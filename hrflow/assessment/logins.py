"""Logins for everyone taking part in a cycle, made at once by HR: one employee account per participant
without one, each with a one-time password on a sealed 账号通知单 (one per page), changed at the first sign-in.
The accounts and the slips are made by hrflow/admin/logins.py, which the appointment of a new hire uses too;
this module picks the participants and records the batch on the cycle."""

from __future__ import annotations

from sqlalchemy import select

from hrflow import audit
from hrflow.admin import logins as accounts
from hrflow.admin.logins import PASSWORD_ALPHABET, PASSWORD_LENGTH, Slip, render_slips_pdf, slips_html
from hrflow.assessment.access import require_manager
from hrflow.extensions import db
from hrflow.models import Actor, Assessment, AssessmentCycle, User

__all__ = ["PASSWORD_ALPHABET", "PASSWORD_LENGTH", "Slip", "create_logins", "render_slips_pdf", "slips_html",
           "without_login"]


def without_login(cycle: AssessmentCycle) -> list[Assessment]:
    """The participants whose employee has no account yet, in staff-number order."""
    has_login = select(User.employee_id).where(User.employee_id.is_not(None))
    return sorted((a for a in db.session.scalars(select(Assessment).where(
        Assessment.cycle_id == cycle.id, Assessment.employee_id.not_in(has_login)))),
        key=lambda a: a.employee.staff_no)


def create_logins(cycle: AssessmentCycle, *, actor: Actor) -> list[Slip]:
    """An employee account for every participant without one; each must change the password at first sign-in."""
    require_manager(actor, "批量创建账号")
    slips = accounts.create_logins(((a.employee, a.department.path) for a in without_login(cycle)), actor=actor)
    if slips:
        audit.record(actor, "assessment.logins", f"为 {cycle.year} 年度考核参加人员批量创建 {len(slips)} 个账号"
                     "（初始密码密封交本人，首次登录须修改）", obj=cycle,
                     details={"usernames": [s.username for s in slips]})
    return slips
