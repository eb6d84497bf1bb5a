"""Authorization: named checks used by every route (and by tests), never by templates alone.

Role-forbidden pages answer 403; objects outside a user's reach answer 404 so that their
existence is not revealed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort
from flask_login import current_user, login_required

from hrflow.extensions import db
from hrflow.models import Department, Post, Role, User

M = TypeVar("M")


def roles_required(*roles: Role) -> Callable:
    """Logged in (else redirect to login) and holding one of the roles (else 403)."""
    allowed = {r.value for r in roles}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


hr_required = roles_required(Role.HR, Role.ADMIN)
admin_required = roles_required(Role.ADMIN)
staff_manager_required = roles_required(Role.HR, Role.ADMIN, Role.HEAD)


def can_see_department(user: User, department: Department) -> bool:
    if user.is_hr:
        return True
    return department.id in user.headed_department_ids()


def can_see_post(user: User, post: Post) -> bool:
    """HR sees every post, a head the posts of their departments, an employee only the posts they hold."""
    if user.is_hr or post.department_id in user.headed_department_ids():
        return True
    return post.id in own_post_ids(user)


def can_see_holders(user: User, post: Post) -> bool:
    return user.is_hr or post.department_id in user.headed_department_ids()


def own_post_ids(user: User) -> set[int]:
    if user.employee is None:
        return set()
    return {a.post_id for a in user.employee.open_appointments()}


def require(allowed: bool) -> None:
    """Object-level check: not yours → 404."""
    if not allowed:
        abort(404)


def visible(model: type[M], object_id: int, can_see: Callable[[User, M], bool]) -> M:
    """The `model` row of that id when `can_see(signed-in user, row)`; else 404, as when there is none."""
    row = db.get_or_404(model, object_id)
    require(can_see(current_user, row))
    return row


def visible_department(department_id: int) -> Department:
    return visible(Department, department_id, can_see_department)
