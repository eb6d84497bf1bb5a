"""User accounts: creation, roles, disabling and passwords. Every change is audited.
Also the queries behind the admin pages (user list, audit log)."""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from hrflow import audit
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import Actor, AuditLog, Department, Employee, Role, User

MIN_PASSWORD_LENGTH = 8
# Role names as the audit trail records them (stored text, not translated).
ROLE_NAMES = {Role.ADMIN: "管理员", Role.HR: "人事", Role.HEAD: "部门负责人", Role.EMPLOYEE: "员工"}


class AccountError(DomainError):
    """A refused account change; `field` names the form field the message belongs next to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少 {MIN_PASSWORD_LENGTH} 位", field="password")


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


def create_user(
    username: str,
    password: str,
    role: Role | str,
    *,
    actor: Actor,
    display_name: str | None = None,
    employee: Employee | None = None,
    departments: list[Department] | None = None,
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
    user = User(username=username, role=role.value, display_name=display_name, employee=employee)
    user.set_password(password)
    user.departments = list(departments or []) if role == Role.HEAD else []
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "users.create", f"创建用户 {username}（{ROLE_NAMES[role]}）", obj=user)
    return user


def change_password(user: User, old: str, new: str) -> None:
    if not user.check_password(old):
        raise AccountError("原密码不正确", field="old_password")
    check_password_strength(new)
    user.set_password(new)
    audit.record(user, "users.password", f"{user.username} 修改了密码", obj=user)


def reset_password(user: User, new: str, *, actor: User, reason: str | None = None) -> None:
    check_password_strength(new)
    user.set_password(new)
    audit.record(actor, "users.reset_password", f"重置 {user.username} 的密码", obj=user, reason=reason)


def set_active(user: User, active: bool, *, actor: User, reason: str | None = None) -> bool:
    """Enable or disable an account; False when it already was. A new session token ends its sessions."""
    if user.id == actor.id and not active:
        raise AccountError("不能停用自己的账号")
    if user.active == active:
        return False
    user.active = active
    user.session_token = secrets.token_hex(16)
    audit.record(actor, "users.enable" if active else "users.disable", f"{'启用' if active else '停用'}用户 {user.username}", obj=user, reason=reason)
    return True


def _account_facts(user: User) -> dict:
    """What update_user may change, in words an auditor reads (paths and staff numbers, not ids)."""
    employee = user.employee
    return {
        "role": ROLE_NAMES[Role(user.role)],
        "display_name": user.display_name,
        "departments": sorted(d.path for d in user.departments),
        "employee": f"{employee.staff_no} {employee.name}" if employee else None,
    }


def update_user(user: User, *, actor: User, role: Role | str, display_name: str | None, departments: list[Department], employee: Employee | None) -> bool:
    """Change role, name, departments and linked employee; False (and no audit row) when nothing changed."""
    role = Role(role)
    _check_head_departments(role, departments)
    if user.id == actor.id and role != Role(user.role):
        raise AccountError("不能修改自己的角色", field="role")
    _check_employee_free(employee, user)
    before = _account_facts(user)
    user.role = role.value
    user.display_name = display_name
    user.departments = list(departments) if role == Role.HEAD else []
    user.employee = employee
    db.session.flush()
    after = _account_facts(user)
    if after == before:
        return False
    audit.record(actor, "users.update", f"修改用户 {user.username}", obj=user, details={"before": before, "after": after})
    return True


# ---------------------------------------------------------------- queries for the admin pages

# The user list's orders; the name is the one the list shows (display name, else the employee's, else the username).
_SHOWN_NAME = func.coalesce(User.display_name, Employee.name, User.username)
USER_SORTS = {
    "username": (func.lower(User.username), User.username),
    "name": (func.lower(_SHOWN_NAME), User.username),
    "newest": (User.created_at.desc(), User.id.desc()),
    "oldest": (User.created_at, User.id),
}


def users_query(
    *, search: str | None = None, role: str | None = None, active: bool | None = None, sort: str = "username"
) -> Select:
    """Accounts for the user list: `search` matches the username, the display name, and the linked
    employee's name or staff number (case-insensitive, as typed: % and _ are not wildcards)."""
    query = (
        select(User)
        .outerjoin(Employee, User.employee_id == Employee.id)
        .options(selectinload(User.departments), selectinload(User.employee))
    )
    if search:
        query = query.where(or_(*(column.icontains(search, autoescape=True) for column in
                                  (User.username, User.display_name, Employee.name, Employee.staff_no))))
    if role:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.active.is_(active))
    return query.order_by(*USER_SORTS.get(sort, USER_SORTS["username"]))


def department_choices() -> list[tuple[int, str]]:
    """Every department as (id, path), in the order of the post table (parents before children)."""
    departments = db.session.scalars(select(Department).order_by(Department.position, Department.id)).all()
    children: dict[int | None, list[Department]] = defaultdict(list)
    for department in departments:
        children[department.parent_id].append(department)
    choices: list[tuple[int, str]] = []

    def walk(parent_id: int | None, prefix: str) -> None:
        for department in children[parent_id]:
            path = f"{prefix}/{department.name}" if prefix else department.name
            choices.append((department.id, path))
            walk(department.id, path)

    walk(None, "")
    return choices


def find_departments(ids: list[int] | None) -> list[Department]:
    if not ids:
        return []
    return list(db.session.scalars(select(Department).where(Department.id.in_(ids)).order_by(Department.id)))


def linkable_employees(user: User | None = None) -> list[Employee]:
    """Employees an account may be linked to: active ones without an account, plus `user`'s own."""
    taken = select(User.employee_id).where(User.employee_id.is_not(None))
    if user is not None:
        taken = taken.where(User.id != user.id)
    query = select(Employee).where(Employee.id.not_in(taken))
    if user is not None and user.employee_id is not None:
        query = query.where(or_(Employee.active.is_(True), Employee.id == user.employee_id))
    else:
        query = query.where(Employee.active.is_(True))
    return list(db.session.scalars(query.order_by(Employee.staff_no)))


def audit_query(
    *, action: str | None = None, actor: str | None = None, since: datetime | None = None, until: datetime | None = None
) -> Select:
    """Audit rows, newest first; `since` (inclusive) and `until` (exclusive) are naive UTC like AuditLog.at."""
    query = select(AuditLog)
    if action:
        query = query.where(AuditLog.action == action)
    if actor:
        query = query.where(AuditLog.actor == actor)
    if since is not None:
        query = query.where(AuditLog.at >= since)
    if until is not None:
        query = query.where(AuditLog.at < until)
    return query.order_by(AuditLog.at.desc(), AuditLog.id.desc())


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)))


def audit_actors() -> list[str]:
    return list(db.session.scalars(select(AuditLog.actor).distinct().order_by(AuditLog.actor)))
