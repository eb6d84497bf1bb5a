"""Background jobs: an in-process worker thread by default, RQ on Redis when HRFLOW_REDIS_URL is set.

Each area registers its kinds in its own `jobs.py` with one decorator, @job_kind(name, title=…): the
runner `fn(job, progress)` and what the job is called on its page. The runner reports progress with
`progress(done, total, key)` (each call commits the job's session: report only while nothing of the
job's own work is written yet). It returns `(bytes, filename)`, a file stored with the job row for
download, or, registered with `makes_file=False`, a JobOutcome: what it changed, said on the page.
A kind may read a file handed to submit() (`job.upload`); it is emptied when the job ends.

The worker has no reader, so a job stores message *keys* (PROGRESS_MESSAGES), and the page turns them
into the reader's language; a failure stores the error's text, translated on the page when the
catalogue knows it."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hrflow.extensions import db
from hrflow.models import SYSTEM, Actor, Department, User
from hrflow.models.base import utcnow
from hrflow.models.jobs import Job, JobState

Progress = Callable[..., None]  # progress(done, total, message_key=None)


@dataclass
class JobOutcome:
    """What a job that makes no file did: a key of OUTCOME_MESSAGES and the numbers its text names."""

    summary: str
    numbers: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class JobKind:
    """A kind of job: its runner, its name on the job page (`title(job)`), whether it makes a file, and
    the page its job page links back to (`back(job) -> (label, url)`, called while a page is shown)."""

    run: Callable[[Job, Progress], tuple[bytes, str] | JobOutcome]
    title: Callable[[Job], str] | None = None
    makes_file: bool = True
    back: Callable[[Job], tuple[str, str]] | None = None


# The registry of kinds, filled when each area's jobs module is imported (by the area's blueprint).
_KINDS: dict[str, JobKind] = {}
_EXECUTOR: ThreadPoolExecutor | None = None


def job_kind(name: str, *, title: Callable[[Job], str] | None = None, makes_file: bool = True,
             back: Callable[[Job], tuple[str, str]] | None = None) -> Callable:
    """Register the decorated runner as the job kind `name`, with its title (e.g. 岗位说明书汇编（全馆）)."""
    def register(run: Callable) -> Callable:
        _KINDS[name] = JobKind(run, title, makes_file, back)
        return run

    return register


def job_department(job: Job) -> Department | None:
    """The department a job was started for (param department_id), or None for the whole unit."""
    department_id = job.params.get("department_id")
    return db.session.get(Department, department_id) if department_id else None


def job_scope(job: Job) -> str:
    """全馆, or the department the job was started for (its id when it no longer exists)."""
    if not job.params.get("department_id"):
        return _("全馆")
    department = job_department(job)
    return department.path if department else f"#{job.params['department_id']}"


def job_actor(job: Job) -> Actor:
    """Who the job acts for in the audit log: the person who started it, else SYSTEM."""
    starter = db.session.get(User, job.created_by_id) if job.created_by_id else None
    return starter or SYSTEM


# What a running job is doing. Keys are stored (job.message); labels are looked up when a page is shown.
PROGRESS_MESSAGES = {
    "collecting_posts": _l("正在收集岗位"),
    "collecting_forms": _l("正在收集考核表"),
    "collecting_applications": _l("正在收集报名表"),
    "typesetting_pdf": _l("正在排版 PDF"),
    "reading_sheet": _l("正在读取表格"),
    "checking_rows": _l("正在逐行检查"),
    "writing_applicants": _l("正在写入报名并审查资格"),
    "reviewing_applications": _l("正在重新审查报名"),
    "done": _l("完成"),
}

# What a job that makes no file did (JobOutcome.summary), with the numbers it recorded.
OUTCOME_MESSAGES = {
    "applicants_imported": _l("已导入 %(n)s 名报名人员并完成资格审查。"),
    "round_rereviewed": _l("已重新审查 %(n)s 份报名：符合 %(eligible)s，待审核 %(needs_review)s，不符合 %(not_eligible)s。"),
}

# What RQ runs, by name: hrflow.jobs.worker builds the app, so the app never imports it.
WORKER_ENTRY = "hrflow.jobs.worker.run_in_worker"


def submit(kind: str, params: dict, *, actor: Actor, upload: bytes | None = None) -> Job:
    """Record the job (with the file it is to read, if any) and hand it to a worker. The caller's
    transaction is committed first so the worker (another thread or process) can read the job row."""
    if kind not in _KINDS:
        raise ValueError(f"unknown job kind {kind}")
    job = Job(kind=kind, params=params, created_by_id=actor.id, upload=upload)
    db.session.add(job)
    db.session.commit()
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        from redis import Redis
        from rq import Queue

        queue = Queue(current_app.config["JOB_QUEUE"], connection=Redis.from_url(redis_url))
        queue.enqueue(WORKER_ENTRY, job.id, job_timeout=3600)
    else:
        _executor().submit(run_with_app, current_app._get_current_object(), job.id)
    return job


def run_in_background(work: Callable[..., None], *args) -> None:
    """Hand `work(*args)` to the in-process worker threads (the ones that run jobs when there is no Redis):
    mail delivery uses them, so a page never waits for an SMTP server."""
    _executor().submit(work, *args)


def _executor() -> ThreadPoolExecutor:
    global _EXECUTOR
    if _EXECUTOR is None:
        _EXECUTOR = ThreadPoolExecutor(max_workers=2, thread_name_prefix="hrflow-job")
    return _EXECUTOR


def run_with_app(app: Flask, job_id: int) -> None:
    with app.app_context():
        run_job(job_id)


def run_job(job_id: int) -> None:
    job = db.session.get(Job, job_id)
    if job is None or job.state != JobState.QUEUED:
        return
    job.state = JobState.RUNNING.value
    db.session.commit()

    def progress(done: int, total: int, message: str | None = None) -> None:
        job.done_steps, job.total_steps = done, total
        if message:
            job.message = message
        db.session.commit()

    try:
        _keep(job, _KINDS[job.kind].run(job, progress))
        job.state = JobState.DONE.value
        job.message = "done"
    except Exception as error:  # a failed job reports why; the worker keeps running
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.state = JobState.FAILED.value
        job.message = str(error) or type(error).__name__
        current_app.logger.error("job %s (%s) failed: %s", job_id, job.kind, traceback.format_exc(limit=5))
    job.upload = None  # uploads are read once, not kept
    job.finished_at = utcnow()
    db.session.commit()
    db.session.remove()


def _keep(job: Job, result: tuple[bytes, str] | JobOutcome) -> None:
    if isinstance(result, JobOutcome):
        job.outcome = {"summary": result.summary, "numbers": dict(result.numbers)}
    else:
        data, filename = result
        job.result, job.result_size, job.result_name = data, len(data), filename


def title_of(job: Job) -> str:
    kind = _KINDS.get(job.kind)
    return kind.title(job) if kind and kind.title else _("后台任务 #%(id)s", id=job.id)


def message_of(job: Job) -> str:
    """The job's last progress message, or why it failed, in the reader's language where there is one.
    Plain text (older rows, an error's message) goes through the catalogue and otherwise shows as it is."""
    if not job.message:
        return _("未知错误") if job.state == JobState.FAILED else ""
    label = PROGRESS_MESSAGES.get(job.message)
    return str(label) if label is not None else _(job.message)


def has_result(job: Job) -> bool:
    return job.state == JobState.DONE and job.result_size is not None


def makes_file(job: Job) -> bool:
    kind = _KINDS.get(job.kind)
    return kind.makes_file if kind else True


def summary_of(job: Job) -> str | None:
    """What a finished job that makes no file did, in the reader's language."""
    if job.state != JobState.DONE or not job.outcome:
        return None
    label = OUTCOME_MESSAGES.get(job.outcome.get("summary"))
    return str(label) % job.outcome.get("numbers", {}) if label is not None else None


def return_of(job: Job) -> tuple[str, str] | None:
    """(label, url) of the page the job was started from, when its kind names one."""
    kind = _KINDS.get(job.kind)
    return kind.back(job) if kind and kind.back else None


def wait_for_all(timeout: float = 60) -> None:
    """Tests and the CLI: let the in-process worker finish what it has."""
    global _EXECUTOR
    if _EXECUTOR is not None:
        _EXECUTOR.shutdown(wait=True)
        _EXECUTOR = None
