"""岗位说明书: one post's description, and the booklet of a department's (or the unit's) posts with a cover."""

from __future__ import annotations

from dataclasses import dataclass

from hrflow.models import Department, Post, PostVersion
from hrflow.pdf.render import render_html_to_pdf
from hrflow.posts.seats import filled_counts
from hrflow.printing.documents import document_html
from hrflow.printing.queries import posts_in_catalogue_order


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
    return document_html("post_description", entries=entries, title=title, cover=cover)


def post_description_html(post: Post) -> str:
    return _html(_entries([post]), f"岗位说明书 {post.path}", cover=False)


def render_post_description_pdf(post: Post) -> bytes:
    return render_html_to_pdf(post_description_html(post))


def post_booklet_html(department: Department | None) -> str:
    """The posts of a department (sub-units included), or of the unit when department is None."""
    title = f"{department.path} 岗位说明书" if department else "岗位说明书汇编"
    return _html(_entries(posts_in_catalogue_order(department)), title, cover=True)


def render_post_booklet_pdf(department: Department | None) -> bytes:
    return render_html_to_pdf(post_booklet_html(department))
