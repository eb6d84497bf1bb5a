"""What the admin pages read: the user list (search, filters, order), the choices of the account form,
the audit log and its filters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from hrflow.extensions import db
from hrflow.models import AuditLog, Department, Employee, User
from hrflow.models.org import department_tree

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
    tree = department_tree()
    return [(row.id, tree.paths[row.id]) for row in sorted(tree.rows, key=lambda row: tree.order[row.id])]


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
