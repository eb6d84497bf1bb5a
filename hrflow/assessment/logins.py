"""Logins for everyone taking part in a cycle, made at once by HR: one employee account per participant
without one, an initial password printed on a sealed slip (one per page), changed at the first sign-in
(User.must_change_password). The passwords exist only in the PDF handed back: only their hashes are kept."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from hrflow import audit
from hrflow.assessment.access import require_manager
from hrflow.extensions import db
from hrflow.models import Actor, Assessment, AssessmentCycle, Role, User
from hrflow.models.base import SOURCE_LOCALE
from hrflow.pdf.render import render_html_to_pdf

# No look-alikes (0/O, 1/l/I): the slip is typed in by hand.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class Slip:
    name: str
    staff_no: str
    department: str
    username: str
    password: str


def without_login(cycle: AssessmentCycle) -> list[Assessment]:
    """The participants whose employee has no account yet, in staff-number order."""
    has_login = select(User.employee_id).where(User.employee_id.is_not(None))
    return sorted((a for a in db.session.scalars(select(Assessment).where(
        Assessment.cycle_id == cycle.id, Assessment.employee_id.not_in(has_login)))),
        key=lambda a: a.employee.staff_no)


def _password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _username(staff_no: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.-]", "", staff_no).lower() or "staff"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


def create_logins(cycle: AssessmentCycle, *, actor: Actor) -> list[Slip]:
    """An employee account for every participant without one; each must change the password at first sign-in."""
    require_manager(actor, "批量创建账号")
    people = without_login(cycle)
    taken = set(db.session.scalars(select(User.username)))
    slips = []
    for assessment in people:
        employee = assessment.employee
        password = _password()
        account = User(username=_username(employee.staff_no, taken), display_name=employee.name,
                       role=Role.EMPLOYEE.value, employee=employee)
        account.set_password(password)
        account.must_change_password = True
        db.session.add(account)
        slips.append(Slip(employee.name, employee.staff_no, assessment.department.path, account.username, password))
    db.session.flush()
    if slips:
        audit.record(actor, "assessment.logins", f"为 {cycle.year} 年度考核参加人员批量创建 {len(slips)} 个账号"
                     "（初始密码密封交本人，首次登录须修改）", obj=cycle,
                     details={"usernames": [s.username for s in slips]})
    return slips


def slips_html(slips: list[Slip], login_url: str) -> str:
    with force_locale(SOURCE_LOCALE):
        return render_template("assessment/login_slips_print.html", slips=slips, login_url=login_url,
                               unit_name=current_app.config["UNIT_NAME"])


def render_slips_pdf(slips: list[Slip], login_url: str) -> bytes:
    """One sealed slip per page: name, login, initial password, where to sign in."""
    return render_html_to_pdf(slips_html(slips, login_url))
