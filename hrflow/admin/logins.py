"""Employee logins handed out on paper: an account for one person (a new hire, on appointment) or for many at
once (everyone in an assessment cycle without one). Each gets a one-time password printed on a 账号通知单 and
changed at the first sign-in (User.must_change_password). Only the password's hash is stored; the password
itself exists in the slip handed back, and until that is printed only sealed (Fernet, a key derived from the
secret key) in the session of the officer who made it (hrflow/admin/login_routes.py).

A unit that signs in through its directory or single sign-on (hrflow/auth/directory.py, oidc.py) needs no
local password: the person's directory account is linked to their employee record by 工号 at first sign-in."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from hrflow import audit, sealing
from hrflow.admin.operations import AccountError
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import Actor, Employee, Role, User
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
    user_id: int | None = None


def directory_signin() -> bool:
    """The unit's people sign in through its directory or single sign-on, linked by 工号."""
    # Imported here: the auth package, loaded first, reaches the assessment pages, which use this module.
    from hrflow.auth.directory import directory_configured
    from hrflow.auth.oidc import sso_configured

    return directory_configured() or sso_configured()


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def username_for(staff_no: str, taken: set[str]) -> str:
    """The 工号 in lower case (letters, digits, _ . - only), with -2, -3 … when taken; added to `taken`."""
    base = re.sub(r"[^A-Za-z0-9_.-]", "", staff_no).lower() or "staff"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


def department_of(employee: Employee) -> str:
    """The department of the employee's main post today (the slip says where the person works)."""
    appointment = employee.main_appointment(unit_today())
    return appointment.post.department.path if appointment else "—"


def _require_officer(actor: Actor) -> None:
    if not actor.is_hr:
        raise AccountError("只有人事部门可以创建登录账号")


def _login_of(employee: Employee) -> User | None:
    return db.session.scalar(select(User).where(User.employee_id == employee.id))


def _make(people: Iterable[tuple[Employee, str]]) -> list[Slip]:
    """The accounts, flushed together (a cycle's batch may hold hundreds), and their slips."""
    taken = set(db.session.scalars(select(User.username)))
    made = []
    for employee, department in people:
        password = new_password()
        account = User(username=username_for(employee.staff_no, taken), display_name=employee.name,
                       role=Role.EMPLOYEE.value, employee=employee)
        account.set_password(password)
        account.must_change_password = True
        db.session.add(account)
        made.append((account, department, password))
    db.session.flush()
    return [Slip(a.employee.name, a.employee.staff_no, department, a.username, password, a.id)
            for a, department, password in made]


def create_logins(people: Iterable[tuple[Employee, str]], *, actor: Actor) -> list[Slip]:
    """An employee account for each (employee, department path), none of whom may have one; the caller records
    in the audit log what the batch was for (one row for the batch, on the object it belongs to)."""
    _require_officer(actor)
    return _make(people)


def create_login(employee: Employee, *, actor: Actor) -> Slip:
    """An employee account for one person (a new hire): the one-time password is on the returned slip only."""
    _require_officer(actor)
    holder = _login_of(employee)
    if holder is not None:
        raise AccountError(f"员工 {employee.staff_no} {employee.name} 已有登录账号“{holder.username}”")
    (slip,) = _make([(employee, department_of(employee))])
    audit.record(actor, "users.create_login", f"为 {employee.staff_no} {employee.name} 开通登录账号 {slip.username}"
                 "（初始密码只印在账号通知单上，首次登录须修改）", obj=db.session.get(User, slip.user_id))
    return slip


def slip_of(account: User, password: str) -> Slip:
    """The slip of an account made a moment ago, from its sealed password (see seal())."""
    employee = account.employee
    return Slip(employee.name, employee.staff_no, department_of(employee), account.username, password, account.id)


# ---------------------------------------------------------------- a password waiting to be printed

PURPOSE = "login slip"

def seal(password: str) -> str:
    return sealing.seal(password, PURPOSE)


def unseal(sealed: str | None) -> str | None:
    """The password, or None when it was sealed under another secret key (or is not a sealed value)."""
    return sealing.unseal(sealed, PURPOSE)


# ---------------------------------------------------------------- the printed slips

def slips_html(slips: list[Slip], login_url: str) -> str:
    with force_locale(SOURCE_LOCALE):
        return render_template("admin/login_slips_print.html", slips=slips, login_url=login_url,
                               unit_name=current_app.config["UNIT_NAME"])


def render_slips_pdf(slips: list[Slip], login_url: str) -> bytes:
    """One 账号通知单 per page: name, login, one-time password, where to sign in."""
    return render_html_to_pdf(slips_html(slips, login_url))
