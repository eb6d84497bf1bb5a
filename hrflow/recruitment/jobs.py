"""A round's long work as background jobs: importing a big applicant sheet and re-reviewing every
application (both change data and make no file: the job page says what was done and links back to the
round; the person who started the job is the actor in the audit log, SYSTEM when nobody did), and every
报名表 of a round as one PDF."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from hrflow.extensions import db
from hrflow.jobs.services import JobOutcome, Progress, job_actor, job_kind
from hrflow.models import RecruitmentError, RecruitmentRound
from hrflow.models.jobs import Job, JobState
from hrflow.pdf.batch import render_batch_to_bytes
from hrflow.printing.documents import recruitment as documents
from hrflow.recruitment.applicants import import_applicants
from hrflow.recruitment.operations import rereview_round


def _round(job: Job) -> RecruitmentRound | None:
    return db.session.get(RecruitmentRound, job.params.get("round_id") or 0)


def _round_or_refuse(job: Job) -> RecruitmentRound:
    round_ = _round(job)
    if round_ is None:
        raise RecruitmentError("招聘轮次已不存在")
    return round_


def _round_name(job: Job) -> str:
    round_ = _round(job)
    return round_.name if round_ else f"#{job.params.get('round_id')}"


# ---------------------------------------------------------------- importing applicants

def applicants_import_title(job: Job) -> str:
    return _("导入报名表“%(file)s”（%(round)s）", file=job.params.get("source", ""), round=_round_name(job))


def applicants_import_back(job: Job) -> tuple[str, str]:
    """Done: the applicants it added; failed: the import page, to try again."""
    round_id = job.params.get("round_id")
    if job.state == JobState.FAILED:
        return _("重新导入"), url_for("recruitment.applicants_import", round_id=round_id)
    return _("查看报名人员"), url_for("recruitment.applicants", round_id=round_id)


@job_kind("applicants_import", title=applicants_import_title, makes_file=False, back=applicants_import_back)
def applicants_import(job: Job, progress: Progress) -> JobOutcome:
    """The sheet handed to the job (job.upload), all rows or none, as the import page does it."""
    count = import_applicants(_round_or_refuse(job), job.upload, job.params["source"], actor=job_actor(job),
                              progress=progress)
    return JobOutcome("applicants_imported", {"n": count})


# ---------------------------------------------------------------- re-reviewing a round

def round_rereview_title(job: Job) -> str:
    return _("重新审查全部报名（%(round)s）", round=_round_name(job))


def back_to_round(job: Job) -> tuple[str, str]:
    return _("返回招聘轮次"), url_for("recruitment.round_detail", round_id=job.params.get("round_id"))


@job_kind("round_rereview", title=round_rereview_title, makes_file=False, back=back_to_round)
def round_rereview(job: Job, progress: Progress) -> JobOutcome:
    round_ = _round_or_refuse(job)
    # One step: the review holds the round's lock from reading to writing, and progress would commit.
    progress(0, 1, "reviewing_applications")
    counts = rereview_round(round_, actor=job_actor(job))
    return JobOutcome("round_rereviewed", {"n": sum(counts.values()), **counts})


# ---------------------------------------------------------------- every 报名表 of a round

def applications_title(job: Job) -> str:
    return _("全部报名表（%(round)s）", round=_round_name(job))


@job_kind("recruitment_applications", title=applications_title, back=back_to_round)
def recruitment_applications(job: Job, progress: Progress) -> tuple[bytes, str]:
    """The 报名表 of the vacancies the starter could print when they asked (params vacancy_ids), as
    /print/recruitment/<round>/applications.pdf makes them, rendered in chunks on every core."""
    round_ = _round_or_refuse(job)
    progress(0, 1, "collecting_applications")
    wanted = set(job.params["vacancy_ids"])
    batch = documents.applications_batch(round_, [v for v in round_.vacancies if v.id in wanted])
    progress(0, len(batch.items), "typesetting_pdf")
    return render_batch_to_bytes(batch, progress=progress), f"报名表-{round_.name}.pdf"
