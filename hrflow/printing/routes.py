"""PDF downloads: access is checked first, then the file is rendered and streamed."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response
from flask_login import current_user, login_required

from hrflow.access import can_see_department, can_see_post, hr_required, require, staff_manager_required
from hrflow.extensions import db
from hrflow.models import Department, Post
from hrflow.printing import bp
from hrflow.printing.services import post_booklet_pdf, post_description_pdf


def pdf_response(data: bytes, filename: str) -> Response:
    """Inline PDF with a UTF-8 file name (RFC 5987) and an ASCII fallback."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "document.pdf"
    if not ascii_name.lower().endswith(".pdf"):
        ascii_name = "document.pdf"
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response


@bp.route("/posts/<int:post_id>.pdf")
@login_required
def post_description(post_id: int):
    post = db.get_or_404(Post, post_id)
    require(post.current is not None and can_see_post(current_user, post))
    return pdf_response(post_description_pdf(post), f"岗位说明书-{post.path.replace('/', '-')}.pdf")


@bp.route("/departments/<int:department_id>.pdf")
@staff_manager_required
def department_booklet(department_id: int):
    department = db.get_or_404(Department, department_id)
    require(can_see_department(current_user, department))
    return pdf_response(post_booklet_pdf(department), f"岗位说明书-{department.path.replace('/', '-')}.pdf")


@bp.route("/posts.pdf")
@hr_required
def unit_booklet():
    return pdf_response(post_booklet_pdf(None), "岗位说明书汇编.pdf")
