"""User accounts: creation, roles, disabling and passwords. Every change is audited (roles in Chinese,
whatever the administrator reads); the actor is an argument and the caller commits."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from hrflow import audit
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import Actor, Department, Employee, Role, User
from hrflow.models.base import chinese

MIN_PASSWORD_LENGTH = 8


class AccountError(DomainError):
    """A refused account change; `field` names the form field the message belongs next to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def check_password_strength(password: str, field: str = "password") -> None:
    """`field`: the form field the password was typed in (a new account's, or a new password's)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少 {MIN_PASSWORD_LENGTH} 位", field=field)


def _check_head_departments(role: Role, departments: list[Department] | None) -> None:
    if role == Role.HEAD and not departments:
        raise AccountError("部门负责人必须指定所负责的部门", field="departments")


def _check_employee_free(employee: Employee | None, user: User | None) -> None:
    """One account per employee (user.employee_id is unique): say who has it instead of failing on flush."""
    if employee is None:
        return
    holder = db.session.scalar(select(User).where(User.employee_id == employee.id))
    if holder is not None and holder is not user:
        raise AccountError(f"员工 {employee.staff_no} {employee.name} 已关联用户“{holder.username}”", field="employee")


def _check_email_free(email: str | None, user: User | None) -> None:
    """One account per address (user.email is unique, kept lower-case): say who has it instead of failing."""
    if not email:
        return
    holder = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if holder is not None and holder is not user:
        raise AccountError(f"邮箱 {email.strip().lower()} 已由用户“{holder.username}”使用", field="email")


def create_user(
    username: str,
    password: str,
    role: Role | str,
    *,
    actor: Actor,
    display_name: str | None = None,
    employee: Employee | None = None,
    departments: list[Department] | None = None,
    email: str | None = None,
) -> User:
    username = username.strip()
    if not username:
        raise AccountError("用户名不能为空", field="username")
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountError(f"用户名“{username}”已存在", field="username")
    role = Role(role)
    check_password_strength(password)
    _check_head_departments(role, departments)
    _check_employee_free(employee, None)
    _check_email_free(email, None)
    user = User(username=username, role=role.value, display_name=display_name, employee=employee, email=email)
    user.set_password(password)
    user.departments = list(departments or []) if role == Role.HEAD else []
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "users.create", f"创建用户 {username}（{chinese(role.label)}）", obj=user)
    return user


def change_password(user: User, old: str, new: str) -> None:
    if not user.check_password(old):
        raise AccountError("原密码不正确", field="old_password")
    check_password_strength(new, "new_password")
    user.set_password(new)
    audit.record(user, "users.password", f"{user.username} 修改了密码", obj=user)


def reset_password(user: User, new: str, *, actor: Actor, reason: str | None = None) -> None:
    check_password_strength(new, "new_password")
    user.set_password(new)
    audit.record(actor, "users.reset_password", f"重置 {user.username} 的密码", obj=user, reason=reason)


def set_active(user: User, active: bool, *, actor: Actor, reason: str | None = None) -> bool:
    """Enable or disable an account; False when it already was. A new session token ends its sessions."""
    if user.id == actor.id and not active:
        raise AccountError("不能停用自己的账号")
    if user.active == active:
        return False
    user.active = active
    user.session_token = secrets.token_hex(16)
    audit.record(actor, "users.enable" if active else "users.disable", f"{'启用' if active else '停用'}用户 {user.username}", obj=user, reason=reason)
    return True


def reset_two_step(user: User, *, actor: Actor, reason: str) -> None:
    """A lost phone: an administrator turns the user's two-step sign-in off (secret and recovery codes go)
    and ends every session of theirs. If their role requires it, they enrol again at their next sign-in."""
    if not user.has_totp:
        raise AccountError(f"用户“{user.username}”没有开启两步验证")
    if not (reason or "").strip():
        raise AccountError("请填写重置的原因", field="reason")
    user.forget_totp()
    user.end_sessions()
    audit.record(actor, "users.reset_totp", f"重置 {user.username} 的两步验证", obj=user, reason=reason.strip())


def _account_facts(user: User) -> dict:
    """What update_user may change, in words an auditor reads (paths and staff numbers, not ids)."""
    employee = user.employee
    return {
        "role": chinese(Role(user.role).label),
        "display_name": user.display_name,
        "departments": sorted(d.path for d in user.departments),
        "employee": f"{employee.staff_no} {employee.name}" if employee else None,
        "email": user.email,
    }


_KEEP = object()  # update_user(email=…) left out: the address stays as it is


def update_user(user: User, *, actor: Actor, role: Role | str, display_name: str | None, departments: list[Department],
                employee: Employee | None, email: str | None | object = _KEEP) -> bool:
    """Change role, name, departments and linked employee; False (and no audit row) when nothing changed."""
    role = Role(role)
    _check_head_departments(role, departments)
    if user.id == actor.id and role != Role(user.role):
        raise AccountError("不能修改自己的角色", field="role")
    _check_employee_free(employee, user)
    if email is not _KEEP:
        _check_email_free(email, user)
    before = _account_facts(user)
    user.role = role.value
    user.display_name = display_name
    user.departments = list(departments) if role == Role.HEAD else []
    user.employee = employee
    if email is not _KEEP:
        user.email = email
    db.session.flush()
    after = _account_facts(user)
    if after == before:
        return False
    audit.record(actor, "users.update", f"修改用户 {user.username}", obj=user, details={"before": before, "after": after})
    return True
