"""The kinds of background job hrflow runs, and what each job is called on its page."""

from __future__ import annotations

from flask_babel import gettext as _

from hrflow.extensions import db
from hrflow.jobs.services import job_kind, job_title
from hrflow.models import AssessmentCycle, Department
from hrflow.models.jobs import Job


def _department(job: Job) -> Department | None:
    department_id = job.params.get("department_id")
    return db.session.get(Department, department_id) if department_id else None


def _scope(job: Job) -> str:
    """全馆, or the department the job was started for (its id when it no longer exists)."""
    if not job.params.get("department_id"):
        return _("全馆")
    department = _department(job)
    return department.path if department else f"#{job.params['department_id']}"


@job_kind("posts_booklet")
def posts_booklet(job, progress):
    """岗位说明书汇编 for the unit or one department, as one PDF."""
    from hrflow.printing.services import post_booklet_pdf

    department = _department(job)
    progress(1, 3, "collecting_posts")
    progress(2, 3, "typesetting_pdf")
    data = post_booklet_pdf(department)
    name = f"岗位说明书-{department.name if department else '全部'}.pdf"
    progress(3, 3, "done")
    return data, name


@job_title("posts_booklet")
def posts_booklet_title(job: Job) -> str:
    return _("岗位说明书汇编（%(scope)s）", scope=_scope(job))


# The job itself is registered by hrflow.printing.assessment; its name on the job page is given here.
@job_title("assessment_forms")
def assessment_forms_title(job: Job) -> str:
    cycle = db.session.get(AssessmentCycle, job.params.get("cycle_id") or 0)
    if cycle is None:
        return _("年度考核登记表（%(scope)s）", scope=_scope(job))
    return _("%(year)s 年度考核登记表（%(scope)s）", year=cycle.year, scope=_scope(job))
