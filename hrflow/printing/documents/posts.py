"""岗位说明书: one post's description, and the booklet of a department's (or the unit's) posts with a cover
and contents. A booklet is printed as a batch (hrflow.pdf.batch): the posts' forms in chunks, then the cover
and contents with the page each post starts on, joined; a bookmark per department and per post."""

from __future__ import annotations

from dataclasses import dataclass

from hrflow.models import Department, Post, PostVersion
from hrflow.pdf.batch import Batch, BatchItem, BatchReport, chunk_kind, front_kind, item_anchor, render_batch
from hrflow.pdf.render import render_html_to_pdf
from hrflow.posts.seats import filled_counts
from hrflow.printing.documents import document_html
from hrflow.printing.queries import posts_in_catalogue_order, posts_in_order


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


def _html(entries: list[PrintedPost], title: str, cover: bool, *, forms: bool = True,
          pages: dict[int, int] | None = None) -> str:
    return document_html("post_description", entries=entries, title=title, cover=cover, forms=forms,
                         pages=pages, anchor=item_anchor)


def post_description_html(post: Post) -> str:
    return _html(_entries([post]), f"岗位说明书 {post.path}", cover=False)


def render_post_description_pdf(post: Post) -> bytes:
    return render_html_to_pdf(post_description_html(post))


def _booklet_title(department: Department | None) -> str:
    return f"{department.path} 岗位说明书" if department else "岗位说明书汇编"


def post_booklet_html(department: Department | None) -> str:
    """The posts of a department (sub-units included), or of the unit when department is None."""
    return _html(_entries(posts_in_catalogue_order(department)), _booklet_title(department), cover=True)


def render_post_booklet_pdf(department: Department | None) -> bytes:
    """The booklet as one document rendered at once (what the batch must equal; memory grows with the posts)."""
    return render_html_to_pdf(post_booklet_html(department))


@chunk_kind("post_forms")
def _forms_chunk(params: dict, keys: list[int]) -> str:
    return _html(_entries(posts_in_order(keys)), params["title"], cover=False)


@front_kind("post_booklet")
def _booklet_front(params: dict, pages: dict[int, int]) -> str:
    """The cover and the contents, each post listed with the page its form starts on."""
    return _html(_entries(posts_in_order(list(pages))), params["title"], cover=True, forms=False, pages=pages)


def post_booklet_batch(department: Department | None) -> Batch:
    posts = [p for p in posts_in_catalogue_order(department) if p.current is not None]
    title = _booklet_title(department)
    return Batch("post_forms", {"title": title}, [BatchItem(p.id, p.department.path, p.current.full_name)
                                                 for p in posts], title, front="post_booklet")


def write_post_booklet_pdf(department: Department | None, output, **options) -> BatchReport:
    """The booklet written into `output` (a binary file); options as hrflow.pdf.batch.render_batch."""
    return render_batch(post_booklet_batch(department), output, **options)
