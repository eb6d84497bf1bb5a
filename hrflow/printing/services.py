"""Printed forms of the post table: 岗位说明书 for one post, and booklets per department or unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hrflow.extensions import db
from hrflow.models import Department, Post, PostVersion
from hrflow.pdf.render import render_html_to_pdf
from hrflow.posts.services import filled_counts

TEMPLATE = "printing/post_description.html"


@dataclass
class PrintedPost:
    post: Post
    version: PostVersion
    department_path: str
    filled: int


def _entries(posts: list[Post]) -> list[PrintedPost]:
    filled = filled_counts()
    return [PrintedPost(p, p.current, p.department.path, min(filled.get(p.id, 0), p.current.seats))
            for p in posts if p.current is not None]


def _html(entries: list[PrintedPost], title: str, cover: bool) -> str:
    return render_template(TEMPLATE, entries=entries, title=title, cover=cover,
                           unit_name=current_app.config["UNIT_NAME"], today=date.today())


def post_description_html(post: Post) -> str:
    return _html(_entries([post]), f"岗位说明书 {post.path}", cover=False)


def post_description_pdf(post: Post) -> bytes:
    return render_html_to_pdf(post_description_html(post))


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


def post_booklet_html(department: Department | None) -> str:
    title = f"{department.path} 岗位说明书" if department else "岗位说明书汇编"
    return _html(_entries(posts_in_catalogue_order(department)), title, cover=True)


def post_booklet_pdf(department: Department | None) -> bytes:
    return render_html_to_pdf(post_booklet_html(department))
