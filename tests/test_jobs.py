"""Background jobs: in-process by default, RQ on the real Redis when HRFLOW_REDIS_URL is set."""

import json
import re

from sqlalchemy import select

from hrflow.extensions import db
from hrflow.jobs.services import has_result, job_kind, run_job, submit, wait_for_all
from hrflow.models.jobs import Job, JobState


@job_kind("test_sum")
def sum_numbers(job, progress):
    numbers = job.params["numbers"]
    total = 0
    for index, number in enumerate(numbers, start=1):
        total += number
        progress(index, len(numbers), f"{index}/{len(numbers)}")
    return str(total).encode(), "sum.txt"


@job_kind("test_fail")
def fail(job, progress):
    raise ValueError("表格第 3 行有误")


def test_in_process_job_reports_progress_and_result(make_user):
    user = make_user("hr")
    job = submit("test_sum", {"numbers": [1, 2, 3, 4]}, actor=user)
    wait_for_all()
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert (job.state, job.percent, job.done_steps, job.total_steps) == ("done", 100, 4, 4)
    assert job.result == b"10" and job.result_name == "sum.txt"


def test_a_failing_job_records_why(make_user):
    job = submit("test_fail", {}, actor=make_user("hr"))
    wait_for_all()
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.state == JobState.FAILED and "第 3 行" in job.message
    assert not has_result(job)


def test_job_pages_only_for_their_owner(client, login, make_user):
    owner, other, admin = make_user("hr"), make_user("hr"), make_user("admin")
    job = submit("test_sum", {"numbers": [5]}, actor=owner)
    wait_for_all()
    login(owner)
    page = client.get(f"/jobs/{job.id}")
    assert page.status_code == 200 and "<progress" in page.get_data(as_text=True)
    status = json.loads(client.get(f"/jobs/{job.id}.json").data)
    assert status["state"] == "done" and status["percent"] == 100 and status["download"]
    download = client.get(status["download"])
    assert download.data == b"5" and "sum.txt" in download.headers["Content-Disposition"]
    login(other)
    assert client.get(f"/jobs/{job.id}").status_code == 404
    assert client.get(f"/jobs/{job.id}/download").status_code == 404
    login(admin)
    assert client.get(f"/jobs/{job.id}.json").status_code == 200


def test_job_routes_need_login(client):
    assert client.get("/jobs/1").status_code == 302


def test_rq_job_through_real_redis(rq_queue, make_user):
    user = make_user("hr")
    db.session.commit()
    job_id = rq_queue.submit("test_sum", {"numbers": [10, 20, 30]}, actor=user)
    assert rq_queue.queue.count == 1
    rq_queue.work()
    job = db.session.scalar(select(Job).where(Job.id == job_id))
    assert job.state == "done" and job.percent == 100
    assert job.result == b"60"


def test_run_job_ignores_jobs_that_are_not_queued(make_user):
    job = Job(kind="test_sum", params={"numbers": [1]}, state=JobState.DONE.value)
    db.session.add(job)
    db.session.commit()
    run_job(job.id)
    assert db.session.get(Job, job.id).result is None


# ---------------------------------------------------------------- the job page: name, who, progress, failure

def _job(user, kind="posts_booklet", **values) -> Job:
    from datetime import datetime

    job = Job(kind=kind, created_by_id=user.id if user else None, created_at=datetime(2025, 1, 6, 2, 30),
              **{"params": {"department_id": None}, **values})
    db.session.add(job)
    db.session.commit()
    return job


def _in_english(client):
    client.post("/language/en", data={"next": "/"})


def test_the_booklet_is_named_by_what_it_makes(app, make_user):
    from hrflow.jobs.services import title_of
    from hrflow.models import Department

    department = Department(name="少儿部")
    db.session.add(department)
    db.session.commit()
    user = make_user("hr")
    whole = _job(user)
    one = _job(user, params={"department_id": department.id})
    gone = _job(user, params={"department_id": 999999})
    unknown = _job(user, kind="test_sum", params={"numbers": [1]})
    with app.test_request_context():
        assert title_of(whole) == "岗位说明书汇编（全馆）"
        assert title_of(one) == "岗位说明书汇编（少儿部）"
        assert title_of(gone) == "岗位说明书汇编（#999999）"
        assert title_of(unknown) == f"后台任务 #{unknown.id}"


def test_the_job_page_says_what_who_and_when(client, login, make_user):
    user = make_user("hr")
    user.display_name = "王人事"
    db.session.commit()
    job = _job(user, state=JobState.RUNNING.value, done_steps=2, total_steps=3, message="typesetting_pdf")
    login(user)
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "岗位说明书汇编（全馆）" in page and f"后台任务 #{job.id}" in page
    assert "<title>岗位说明书汇编（全馆）" in page
    assert "由 王人事 于 2025年1月6日 10:30:00 开始" in page  # stored in UTC, shown in Beijing time
    assert "正在排版 PDF" in page and "进行中" in page and "typesetting_pdf" not in page
    assert json.loads(client.get(f"/jobs/{job.id}.json").data)["message"] == "正在排版 PDF"

    _in_english(client)
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Post description booklet (whole library)" in page
    assert re.search(r"Started by 王人事 on Jan 6, 2025, 10:30:00\sAM", page)  # CLDR puts a narrow space before AM
    assert "Typesetting the PDF" in page and "正在排版" not in page and "Running" in page
    status = json.loads(client.get(f"/jobs/{job.id}.json").data)
    assert (status["message"], status["state_label"]) == ("Typesetting the PDF", "Running")


def test_a_job_started_from_the_command_line_names_no_person(client, login, make_user):
    login(make_user("admin"))
    job = _job(None, state=JobState.QUEUED.value)
    assert "由 系统 于" in client.get(f"/jobs/{job.id}").get_data(as_text=True)


def test_a_failed_job_says_why_in_the_readers_language_where_it_can(client, login, make_user):
    user = login(make_user("hr"))
    known = _job(user, state=JobState.FAILED.value, message="部门负责人必须选择所负责的部门")
    plain = _job(user, state=JobState.FAILED.value, message="表格第 3 行有误")
    page = client.get(f"/jobs/{plain.id}").get_data(as_text=True)
    assert 'class="job-error alert alert-danger" role="alert"' in page  # shown, not hidden
    assert "任务没有完成" in page and "原因：<span class=\"job-reason\">表格第 3 行有误</span>" in page
    assert "下载结果" in page  # the link is there for the script, hidden
    assert client.get(f"/jobs/{plain.id}/download").status_code == 404

    _in_english(client)
    page = client.get(f"/jobs/{known.id}").get_data(as_text=True)
    assert "A department head must have at least one department selected" in page and "Failed" in page
    # Text the catalogue does not know is shown as it was recorded.
    assert "表格第 3 行有误" in client.get(f"/jobs/{plain.id}").get_data(as_text=True)
    assert json.loads(client.get(f"/jobs/{known.id}.json").data)["message"].startswith("A department head")


def test_the_booklet_job_records_message_keys_the_page_translates(app, monkeypatch):
    from hrflow.jobs.services import PROGRESS_MESSAGES
    from hrflow.posts import jobs
    from hrflow.posts.jobs import posts_booklet

    recorded = []

    def render_batch_to_bytes(batch, progress):  # the batch's own progress: forms done of all, no message
        progress(len(batch.items), len(batch.items))
        return b"%PDF-booklet"

    monkeypatch.setattr(jobs, "render_batch_to_bytes", render_batch_to_bytes)

    job = Job(kind="posts_booklet", params={"department_id": None})
    data, name = posts_booklet(job, lambda done, total, message=None: recorded.append(message))
    assert data == b"%PDF-booklet" and name == "岗位说明书-全部.pdf"
    assert recorded and all(message in PROGRESS_MESSAGES for message in recorded if message is not None)
    assert recorded[-1] == "done"


def test_every_area_registers_its_job_kinds_when_the_app_starts(tmp_path):
    """In a fresh process (as the RQ worker and gunicorn start): create_app alone registers every kind the
    pages start, each in its own area's jobs module."""
    import subprocess
    import sys

    script = ("from hrflow import create_app\n"
              f"create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path}/kinds.db', 'SECRET_KEY': 'x'}})\n"
              "from hrflow.jobs.services import _KINDS\n"
              "print(' '.join(sorted(_KINDS)))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["applicants_import", "assessment_forms", "posts_booklet", "recruitment_applications", "round_rereview"]
