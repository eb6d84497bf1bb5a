"""The posts' background job: the 岗位说明书汇编 of the unit or of one department, as one PDF rendered in
chunks on every core (hrflow.pdf.batch)."""

from __future__ import annotations

from flask_babel import gettext as _

from hrflow.jobs.services import Progress, job_department, job_kind, job_scope
from hrflow.models.jobs import Job
from hrflow.pdf.batch import render_batch_to_bytes
from hrflow.printing.documents import posts as documents


def posts_booklet_title(job: Job) -> str:
    return _("岗位说明书汇编（%(scope)s）", scope=job_scope(job))


@job_kind("posts_booklet", title=posts_booklet_title)
def posts_booklet(job: Job, progress: Progress) -> tuple[bytes, str]:
    department = job_department(job)
    progress(0, 1, "collecting_posts")
    batch = documents.post_booklet_batch(department)
    progress(0, len(batch.items), "typesetting_pdf")
    # Progress counts posts done as chunks finish; the cover and contents follow the last chunk.
    data = render_batch_to_bytes(batch, progress=progress)
    progress(len(batch.items), len(batch.items), "done")
    return data, f"岗位说明书-{department.name if department else '全部'}.pdf"
