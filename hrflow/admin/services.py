"""User accounts: creation, roles, disabling and passwords. Every change is audited."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from hrflow import audit
from hrflow.extensions import db
from hrflow.models import Department, Employee, Role, User

MIN_PASSWORD_LENGTH = 8


class AccountError(Exception):
    pass


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少 {MIN_PASSWORD_LENGTH} 位")


def create_user(
    username: str,
    password: str,
    role: Role | str,
    *,
    actor: User | None,
    display_name: str | None = None,
    employee: Employee | None = None,
    departments: list[Department] | None = None,
) -> User:
    username = username.strip()
    if not username:
        raise AccountError("用户名不能为空")
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountError(f"用户名“{username}”已存在")
    role = Role(role)
    check_password_strength(password)
    if role == Role.HEAD and not departments:
        raise AccountError("部门负责人必须指定所负责的部门")
    user = User(username=username, role=role.value, display_name=display_name, employee=employee)
    user.set_password(password)
    user.departments = list(departments or [])
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "users.create", f"创建用户 {username}（{role.value}）", obj=user)
    return user


def change_password(user: User, old: str, new: str) -> None:
    if not user.check_password(old):
        raise AccountError("原密码不正确")
    check_password_strength(new)
    user.set_password(new)
    audit.record(user, "users.password", f"{user.username} 修改了密码", obj=user)


def reset_password(user: User, new: str, *, actor: User, reason: str | None = None) -> None:
    check_password_strength(new)
    user.set_password(new)
    audit.record(actor, "users.reset_password", f"重置 {user.username} 的密码", obj=user, reason=reason)


def set_active(user: User, active: bool, *, actor: User, reason: str | None = None) -> None:
    if user.id == actor.id and not active:
        raise AccountError("不能停用自己的账号")
    user.active = active
    user.session_token = secrets.token_hex(16)
    audit.record(actor, "users.enable" if active else "users.disable", f"{'启用' if active else '停用'}用户 {user.username}", obj=user, reason=reason)


def update_user(user: User, *, actor: User, role: Role | str, display_name: str | None, departments: list[Department], employee: Employee | None) -> None:
    role = Role(role)
    if role == Role.HEAD and not departments:
        raise AccountError("部门负责人必须指定所负责的部门")
    if user.id == actor.id and role != Role(user.role):
        raise AccountError("不能修改自己的角色")
    before = {"role": user.role, "display_name": user.display_name, "departments": [d.id for d in user.departments], "employee": user.employee_id}
    user.role = role.value
    user.display_name = display_name
    user.departments = departments if role == Role.HEAD else []
    user.employee = employee
    db.session.flush()
    after = {"role": user.role, "display_name": user.display_name, "departments": [d.id for d in user.departments], "employee": user.employee_id}
    audit.record(actor, "users.update", f"修改用户 {user.username}", obj=user, details={"before": before, "after": after})
