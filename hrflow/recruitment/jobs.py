"""A round's long work as background jobs: importing a big applicant sheet and re-reviewing every
application. Both change data and make no file: the job page says what was done and links back to
the round. The person who started the job is the actor in the audit log."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from hrflow.extensions import db
from hrflow.jobs.services import JobOutcome, job_kind, job_return, job_title
from hrflow.models import RecruitmentError, RecruitmentRound, User
from hrflow.models.jobs import Job, JobState
from hrflow.recruitment import services as recruitment


def _round(job: Job) -> RecruitmentRound | None:
    return db.session.get(RecruitmentRound, job.params.get("round_id") or 0)


def _round_or_refuse(job: Job) -> RecruitmentRound:
    round_ = _round(job)
    if round_ is None:
        raise RecruitmentError("招聘轮次已不存在")
    return round_


def _starter(job: Job) -> User | None:
    return db.session.get(User, job.created_by_id) if job.created_by_id else None


def _round_name(job: Job) -> str:
    round_ = _round(job)
    return round_.name if round_ else f"#{job.params.get('round_id')}"


# ---------------------------------------------------------------- importing applicants

@job_kind("applicants_import", makes_file=False)
def applicants_import(job: Job, progress) -> JobOutcome:
    """The sheet handed to the job (job.upload), all rows or none, as the import page does it."""
    count = recruitment.import_applicants(_round_or_refuse(job), job.upload, job.params["source"],
                                          actor=_starter(job), progress=progress)
    return JobOutcome("applicants_imported", {"n": count})


@job_title("applicants_import")
def applicants_import_title(job: Job) -> str:
    return _("导入报名表“%(file)s”（%(round)s）", file=job.params.get("source", ""), round=_round_name(job))


@job_return("applicants_import")
def applicants_import_return(job: Job) -> tuple[str, str]:
    """Done: the applicants it added; failed: the import page, to try again."""
    round_id = job.params.get("round_id")
    if job.state == JobState.FAILED:
        return _("重新导入"), url_for("recruitment.applicants_import", round_id=round_id)
    return _("查看报名人员"), url_for("recruitment.applicants", round_id=round_id)


# ---------------------------------------------------------------- re-reviewing a round

@job_kind("round_rereview", makes_file=False)
def round_rereview(job: Job, progress) -> JobOutcome:
    round_ = _round_or_refuse(job)
    # One step: the review holds the round's lock from reading to writing, and progress would commit.
    progress(0, 1, "reviewing_applications")
    counts = recruitment.rereview_round(round_, actor=_starter(job))
    return JobOutcome("round_rereviewed", {"n": sum(counts.values()), **counts})


@job_title("round_rereview")
def round_rereview_title(job: Job) -> str:
    return _("重新审查全部报名（%(round)s）", round=_round_name(job))


@job_return("round_rereview")
def round_rereview_return(job: Job) -> tuple[str, str]:
    return _("返回招聘轮次"), url_for("recruitment.round_detail", round_id=job.params.get("round_id"))
