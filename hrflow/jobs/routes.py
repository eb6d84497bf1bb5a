"""Background jobs' pages: progress, then the result to download or what the job changed, and starting
the post booklet.

URL                        method  handler              who
/jobs/<id>                 GET     show                 who started the job; admin
/jobs/<id>.json            GET     status               as show (the page polls it)
/jobs/<id>/download        GET     download             as show, once the job is done
/jobs/posts-booklet        POST    start_posts_booklet  HR
"""

import io

from flask import Blueprint, abort, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from hrflow.access import hr_required, require
from hrflow.auth.forms import EmptyForm
from hrflow.extensions import db
from hrflow.jobs.services import has_result, makes_file, message_of, return_of, submit, summary_of, title_of
from hrflow.models import Department, User
from hrflow.models.jobs import Job, JobState
from hrflow.web.converters import database_int

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

STATE_LABELS = {
    JobState.QUEUED: _l("排队中"),
    JobState.RUNNING: _l("进行中"),
    JobState.DONE: _l("已完成"),
    JobState.FAILED: _l("失败"),
}


def _load_job(job_id: int) -> Job:
    """Only the person who started a job (or an admin) sees it."""
    job = db.get_or_404(Job, job_id)
    require(job.created_by_id == current_user.id or current_user.is_admin)
    return job


@bp.route("/<int:job_id>")
@login_required
def show(job_id: int):
    job = _load_job(job_id)
    starter = db.session.get(User, job.created_by_id) if job.created_by_id else None
    return render_template("jobs/show.html", job=job, title=title_of(job), message=message_of(job), starter=starter,
                           state_label=STATE_LABELS[JobState(job.state)], makes_file=makes_file(job),
                           summary=summary_of(job), back=return_of(job))


@bp.route("/<int:job_id>.json")
@login_required
def status(job_id: int):
    job = _load_job(job_id)
    back = return_of(job)
    return jsonify(
        id=job.id, state=job.state, state_label=str(STATE_LABELS[JobState(job.state)]), percent=job.percent,
        message=message_of(job), summary=summary_of(job),
        download=url_for("jobs.download", job_id=job.id) if has_result(job) else None,
        back={"label": back[0], "url": back[1]} if back else None,
    )


@bp.route("/<int:job_id>/download")
@login_required
def download(job_id: int):
    job = _load_job(job_id)
    if not has_result(job):
        abort(404)
    return send_file(io.BytesIO(job.result), download_name=job.result_name, as_attachment=True)


@bp.route("/posts-booklet", methods=["POST"])
@hr_required
def start_posts_booklet():
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    department_id = request.form.get("department_id", type=database_int)  # past 32 bits, like "abc": none
    if department_id is not None and db.session.get(Department, department_id) is None:
        abort(404)
    job = submit("posts_booklet", {"department_id": department_id}, actor=current_user)
    return redirect(url_for("jobs.show", job_id=job.id))
