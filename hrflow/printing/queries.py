"""Reads only printed documents need: the posts of a booklet, in the order of the post table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hrflow.extensions import db
from hrflow.models import Department, Post


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
