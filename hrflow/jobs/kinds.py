"""The kinds of background job hrflow runs."""

from __future__ import annotations

from hrflow.extensions import db
from hrflow.jobs.services import job_kind
from hrflow.models import Department


@job_kind("posts_booklet")
def posts_booklet(job, progress):
    """岗位说明书汇编 for the unit or one department, as one PDF."""
    from hrflow.printing.services import post_booklet_pdf

    department = None
    if job.params.get("department_id"):
        department = db.session.get(Department, job.params["department_id"])
    progress(1, 3, "正在收集岗位")
    progress(2, 3, "正在排版 PDF")
    data = post_booklet_pdf(department)
    name = f"岗位说明书-{department.name if department else '全部'}.pdf"
    progress(3, 3, "完成")
    return data, name
