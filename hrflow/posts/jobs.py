"""The posts' background job: the 岗位说明书汇编 of the unit or of one department, as one PDF."""

from __future__ import annotations

from flask_babel import gettext as _

from hrflow.jobs.services import Progress, job_department, job_kind, job_scope
from hrflow.models.jobs import Job
from hrflow.printing.documents import posts as documents


def posts_booklet_title(job: Job) -> str:
    return _("岗位说明书汇编（%(scope)s）", scope=job_scope(job))


@job_kind("posts_booklet", title=posts_booklet_title)
def posts_booklet(job: Job, progress: Progress) -> tuple[bytes, str]:
    department = job_department(job)
    progress(1, 3, "collecting_posts")
    progress(2, 3, "typesetting_pdf")
    data = documents.render_post_booklet_pdf(department)
    name = f"岗位说明书-{department.name if department else '全部'}.pdf"
    progress(3, 3, "done")
    return data, name
