"""Reads only printed documents need: the posts of a booklet, in the order of the post table; the posts and
applications of a batch chunk."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hrflow.extensions import db
from hrflow.models import Application, Department, Post, Vacancy


def posts_in_catalogue_order(department: Department | None) -> list[Post]:
    """Departments top-down in table order, each department's own posts before its sub-units'."""
    departments = db.session.scalars(
        select(Department).options(selectinload(Department.posts).selectinload(Post.current))
        .order_by(Department.position, Department.id)
    ).all()
    children: dict[int | None, list[Department]] = {}
    for d in departments:
        children.setdefault(d.parent_id, []).append(d)
    ordered: list[Post] = []

    def walk(node: Department) -> None:
        ordered.extend(node.posts)
        for child in children.get(node.id, []):
            walk(child)

    for root in ([department] if department is not None else children.get(None, [])):
        walk(root)
    return ordered


def posts_in_order(ids: list[int]) -> list[Post]:
    """The posts of a batch chunk, with their current version and department, in the order of `ids`."""
    found = {p.id: p for p in db.session.scalars(
        select(Post).where(Post.id.in_(ids)).options(selectinload(Post.current), selectinload(Post.department)))}
    return [found[i] for i in ids if i in found]


def applications_in_order(ids: list[int]) -> list[Application]:
    """The applications of a batch chunk, with what their 报名表 prints, in the order of `ids`."""
    found = {a.id: a for a in db.session.scalars(
        select(Application).where(Application.id.in_(ids))
        .options(selectinload(Application.applicant), selectinload(Application.decisions),
                 selectinload(Application.vacancy).selectinload(Vacancy.round)))}
    return [found[i] for i in ids if i in found]
