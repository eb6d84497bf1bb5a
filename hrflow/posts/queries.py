"""Finding posts and reading what a post's pages show: a post by its path, post paths for lists, a post
with its holders and versions, the posts an employee holds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.importers.text import clean_name, split_name_note
from hrflow.models import Appointment, AppointmentKind, Department, Employee, Post, PostVersion
from hrflow.models.org import department_tree


def without_spaces(text: str) -> str:
    return re.sub(r"\s", "", text)


def child_of(parent_id: int | None):
    """The condition 'a department directly under parent_id' (a top-level one for None)."""
    return Department.parent_id.is_(None) if parent_id is None else Department.parent_id == parent_id


def find_department(path: str) -> Department | None:
    """'成人部/流通部'; each part may be the department's name or the alias the table calls it by."""
    parent_id = None
    department = None
    for part in [p for p in path.split("/") if p.strip()]:
        name = clean_name(part)
        department = db.session.scalar(
            select(Department)
            .where(child_of(parent_id))
            .where((Department.name == name) | (Department.alias == name))
        )
        if department is None:
            return None
        parent_id = department.id
    return department


def find_post(path: str) -> Post | None:
    """'成人部/流通部/工作人员'; the bracketed note of the post name is optional."""
    if "/" not in path:
        return None
    department_path, post_text = path.rsplit("/", 1)
    department = find_department(department_path)
    if department is None:
        return None
    name, note = split_name_note(post_text)
    post = db.session.scalar(select(Post).where(Post.department_id == department.id, Post.key == name))
    if post is None or (note and post.current and post.current.note
                        and without_spaces(post.current.note) != without_spaces(note)):
        return None
    return post


def post_paths(post_ids: list[int] | None = None) -> dict[int, str]:
    """'成人部/流通部/工作人员' for every post (or those), in two queries however many: for lists
    that name posts (vacancies, applicants), where `post.path` would load each post's department
    chain and current version one by one."""
    tree = department_tree()
    query = select(Post.id, Post.department_id, PostVersion.name).join(PostVersion, Post.current_version_id == PostVersion.id)
    if post_ids is not None:
        query = query.where(Post.id.in_(post_ids))
    return {row.id: tree.post_path(row.department_id, row.name) for row in db.session.execute(query)}


def subtree_ids(roots: Iterable[Department]) -> set[int]:
    """The given departments and all their sub-units (a head's reach)."""
    return department_tree().subtree(d.id for d in roots)


def post_for_page(post_id: int) -> Post | None:
    """A post with what its page shows first (current version, department and its parent) in one
    query."""
    return db.session.scalar(
        select(Post).where(Post.id == post_id)
        .options(joinedload(Post.current), joinedload(Post.department).joinedload(Department.parent))
    )


def open_holders(post: Post, on: date | None = None) -> list[Appointment]:
    """Who holds the post now, people loaded with them (one query however many): main appointments
    first, named people before unnamed incumbents."""
    on = on or unit_today()
    current = db.session.scalars(
        select(Appointment)
        .where(Appointment.post_id == post.id)
        .where((Appointment.end_date.is_(None)) | (Appointment.end_date > on))
        .where((Appointment.start_date.is_(None)) | (Appointment.start_date <= on))
        .options(joinedload(Appointment.employee))
    ).all()
    return sorted(current, key=lambda a: (a.kind != AppointmentKind.MAIN.value, not a.is_named, a.id))


def version_history(post: Post) -> list[PostVersion]:
    """Every version of the post, newest first, with who made it (one query)."""
    return list(db.session.scalars(
        select(PostVersion)
        .where(PostVersion.post_id == post.id)
        .order_by(PostVersion.number.desc())
        .options(joinedload(PostVersion.created_by))
    ))


def post_version(post: Post, number: int) -> PostVersion | None:
    return db.session.scalar(select(PostVersion).where(PostVersion.post_id == post.id, PostVersion.number == number))


def held_appointments(employee: Employee, on: date | None = None) -> list[Appointment]:
    """The posts an employee holds now: the main post first, then concurrent (兼任) posts."""
    return sorted(employee.open_appointments(on), key=lambda a: (a.kind != AppointmentKind.MAIN.value, a.id))
