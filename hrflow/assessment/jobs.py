"""The assessment's background job: every participant's 年度考核登记表 of a cycle (or of one department),
as one PDF, rendered in chunks on every core (hrflow.pdf.batch)."""

from __future__ import annotations

from flask_babel import gettext as _

from hrflow.extensions import db
from hrflow.jobs.services import Progress, job_department, job_kind, job_scope
from hrflow.models import AssessmentCycle
from hrflow.models.jobs import Job
from hrflow.pdf.batch import render_batch_to_bytes
from hrflow.printing.documents import assessment as documents


def assessment_forms_title(job: Job) -> str:
    cycle = db.session.get(AssessmentCycle, job.params.get("cycle_id") or 0)
    if cycle is None:
        return _("年度考核登记表（%(scope)s）", scope=job_scope(job))
    return _("%(year)s 年度考核登记表（%(scope)s）", year=cycle.year, scope=job_scope(job))


@job_kind("assessment_forms", title=assessment_forms_title)
def assessment_forms(job: Job, progress: Progress) -> tuple[bytes, str]:
    cycle = db.session.get(AssessmentCycle, job.params["cycle_id"])
    department = job_department(job)
    # Message keys: the job page says them in the reader's language (hrflow.jobs.services.PROGRESS_MESSAGES).
    progress(0, 1, "collecting_forms")
    batch = documents.assessment_forms_batch(cycle, department)
    progress(0, len(batch.items), "typesetting_pdf")
    # Progress counts forms done as chunks finish.
    data = render_batch_to_bytes(batch, progress=progress)
    return data, f"考核登记表-{cycle.year}{'-' + department.name if department else ''}.pdf"
