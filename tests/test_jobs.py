"""Background jobs: in-process by default, RQ on the real Redis when HRFLOW_REDIS_URL is set."""

import json
import secrets

import pytest
import redis
from sqlalchemy import select

from hrflow import create_app
from hrflow.extensions import db
from hrflow.jobs.services import has_result, job_kind, run_job, submit, wait_for_all
from hrflow.models.jobs import Job, JobState

REDIS_URL = "redis://127.0.0.1:6379/14"


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


def test_rq_job_through_real_redis(database_url, monkeypatch, make_user):
    from rq import Queue, SimpleWorker

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is expected on 127.0.0.1:6379 on these machines")
    queue_name = f"hrflow-test-{secrets.token_hex(4)}"
    user = make_user("hr")
    db.session.commit()
    rq_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x",
                         "REDIS_URL": REDIS_URL, "JOB_QUEUE": queue_name})
    with rq_app.app_context():
        job_id = submit("test_sum", {"numbers": [10, 20, 30]}, actor=user).id
        db.session.remove()
    queue = Queue(queue_name, connection=connection)
    try:
        assert queue.count == 1
        # The worker builds its own app from the environment, as `rq worker` does in production.
        monkeypatch.setenv("HRFLOW_DATABASE_URL", database_url)
        monkeypatch.setenv("HRFLOW_SECRET_KEY", "x")
        SimpleWorker([queue], connection=connection).work(burst=True)
        db.session.expire_all()
        job = db.session.scalar(select(Job).where(Job.id == job_id))
        assert job.state == "done" and job.percent == 100
        assert job.result == b"60"
    finally:
        queue.delete(delete_jobs=True)


def test_run_job_ignores_jobs_that_are_not_queued(make_user):
    job = Job(kind="test_sum", params={"numbers": [1]}, state=JobState.DONE.value)
    db.session.add(job)
    db.session.commit()
    run_job(job.id)
    assert db.session.get(Job, job.id).result is None
