"""A big applicant sheet and re-reviewing a big round run as background jobs: all-or-nothing as in the
request, the round's status checked again when the job runs, the page saying what was done (in the
reader's language) with a link back, seen only by who started it, and through RQ on the real Redis."""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from threading import Barrier

import openpyxl
import pytest
from sqlalchemy import func, select

from hrflow.extensions import db
from hrflow.importers.sheets import count_rows
from hrflow.jobs.services import run_job, wait_for_all
from hrflow.models import Applicant, Application, AuditLog, Job, JobState, RecruitmentRound, RoundStatus
from hrflow.recruitment import applicants as rs
from tests import test_recruitment_web as web
from tests.test_recruitment_web import PROPERTY, add, count, sheet, text, upload, user

as_hr, open_round = web.as_hr, web.open_round  # the recruitment pages' fixtures: HR signed in, a round on PROPERTY

ROWS = [
    ["王堃", "男", "1992-05-01", "本科", "学士", "汉语言文学", "全日制", "", "", "3", PROPERTY],
    ["李玥", "女", "1990-12-01", "本科", "", "会计", "全日制", "", "", "5", PROPERTY],
    ["赵敏", "女", "1994-02-02", "本科", "", "法学", "自学考试", "", "", "1", PROPERTY],
]


@pytest.fixture
def small_thresholds(app, monkeypatch):
    """Two rows or two applications are already 'big': the job path with a test-sized round."""
    monkeypatch.setitem(app.config, "JOB_IMPORT_ROWS", 2)
    monkeypatch.setitem(app.config, "JOB_REVIEW_APPLICATIONS", 2)


def _job_of(response) -> Job:
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"], response.headers.get("Location")
    wait_for_all()
    db.session.expire_all()
    return db.session.get(Job, int(response.headers["Location"].rsplit("/", 1)[-1]))


def _status(client, job: Job) -> dict:
    return json.loads(client.get(f"/jobs/{job.id}.json").data)


def _in_english(client):
    client.post("/language/en", data={"next": "/"})


# ---------------------------------------------------------------- importing applicants

def test_a_big_sheet_is_imported_by_a_job_that_says_what_it_did(as_hr, open_round, small_thresholds):
    round_ = open_round()
    response = upload(as_hr, f"/recruitment/{round_.id}/applicants/import", sheet(ROWS), "报名.csv")
    job = _job_of(response)
    assert (job.kind, job.state, job.params) == ("applicants_import", JobState.DONE,
                                                 {"round_id": round_.id, "source": "报名.csv"})
    assert job.upload is None and job.result is None  # the upload is not kept; no file is made
    assert count(Applicant) == 3
    statuses = dict(db.session.execute(select(Applicant.name, Application.status).join(Application.applicant)).all())
    assert statuses == {"王堃": "eligible", "李玥": "eligible", "赵敏": "needs_review"}  # 自学考试: HR decides
    hr = user("hr")
    entries = db.session.scalars(select(AuditLog).where(AuditLog.action == "recruitment.applicant")).all()
    assert len(entries) == 3 and {(e.user_id, e.actor) for e in entries} == {(hr.id, "hr")}
    assert "登记报名：赵敏 → 物业管理部/工作人员" in {e.summary for e in entries}

    page = as_hr.get(f"/jobs/{job.id}")
    shown = text(page)
    assert "已转入后台导入" in shown  # what the flash says, not that anything is done yet
    assert "导入报名表“报名.csv”（2026年公开招聘）" in shown
    assert "已导入 3 名报名人员并完成资格审查。" in shown and "下载结果" not in shown
    assert f'href="/recruitment/{round_.id}/applicants"' in page.get_data(as_text=True)
    status = _status(as_hr, job)
    assert status["summary"] == "已导入 3 名报名人员并完成资格审查。" and status["download"] is None
    assert status["back"] == {"label": "查看报名人员", "url": f"/recruitment/{round_.id}/applicants"}

    _in_english(as_hr)
    shown = text(as_hr.get(f"/jobs/{job.id}"))
    assert "Imported 3 applicants and completed their qualification review." in shown
    assert "View the applicants" in shown and "已导入" not in shown


def test_a_failing_import_job_writes_nothing_and_names_the_row_and_column(as_hr, open_round, small_thresholds):
    round_ = open_round()
    rows = [list(row) for row in ROWS]
    rows[1][2] = "1990-13-01"
    job = _job_of(upload(as_hr, f"/recruitment/{round_.id}/applicants/import", sheet(rows), "报名.csv"))
    assert job.state == JobState.FAILED and job.upload is None
    assert count(Applicant) == 0 and count(Application) == 0
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "recruitment.applicant")) == 0
    shown = text(as_hr.get(f"/jobs/{job.id}"))
    assert "任务没有完成，没有作出任何更改。" in shown and "没有生成文件" not in shown
    assert "报名.csv，第 3 行，出生日期" in shown and "不是有效日期" in shown
    status = _status(as_hr, job)
    assert status["state"] == "failed" and "第 3 行" in status["message"] and status["summary"] is None
    assert status["back"] == {"label": "重新导入", "url": f"/recruitment/{round_.id}/applicants/import"}


def test_an_import_job_refuses_a_round_that_moved_on_after_it_was_started(open_round):
    round_ = open_round()
    hr = user("hr")
    job = Job(kind="applicants_import", params={"round_id": round_.id, "source": "报名.csv"}, upload=sheet(ROWS),
              created_by_id=hr.id)
    db.session.add(job)
    round_.status = RoundStatus.EXAMINING.value  # the round went on to the exam meanwhile
    db.session.commit()
    job_id = job.id
    run_job(job_id)  # as a worker does: it ends the session, so only ids are used after it
    job = db.session.get(Job, job_id)
    assert job.state == JobState.FAILED and job.upload is None
    assert job.message == "导入报名只能在“草稿、已发布、资格审查”阶段进行（当前：考试）"
    assert count(Applicant) == 0


def test_a_small_sheet_is_still_imported_while_the_user_waits(as_hr, open_round):
    round_ = open_round()
    response = upload(as_hr, f"/recruitment/{round_.id}/applicants/import", sheet(ROWS), "报名.csv")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/recruitment/{round_.id}/applicants")
    assert count(Applicant) == 3 and count(Job) == 0
    assert "已导入 3 名报名人员并完成资格审查。" in text(as_hr.get(response.headers["Location"]))


def test_a_sheet_for_a_round_past_enrolment_is_refused_before_any_job(as_hr, open_round, small_thresholds):
    round_ = open_round()
    round_.status = RoundStatus.EXAMINING.value
    db.session.commit()
    response = upload(as_hr, f"/recruitment/{round_.id}/applicants/import", sheet(ROWS), "报名.csv")
    assert response.status_code == 422 and "导入报名只能在" in text(response)
    assert count(Job) == 0 and count(Applicant) == 0


def test_rows_are_counted_without_reading_the_cells():
    workbook = openpyxl.Workbook()
    for n in range(1201):
        workbook.active.append([f"甲{n}", "女"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert count_rows(buffer.getvalue(), "a.xlsx") == 1200
    assert count_rows(sheet(ROWS), "a.csv") == 3
    assert count_rows(sheet(ROWS).rstrip(b"\r\n"), "a.csv") == 3  # no line break after the last row
    assert count_rows("姓名\n甲\n".encode("utf-16"), "a.csv") == 1


# ---------------------------------------------------------------- re-reviewing a round

def _round_of_three(open_round) -> tuple[RecruitmentRound, Application]:
    round_ = open_round()
    add(round_, "甲")
    add(round_, "乙")
    changed = add(round_, "丙")
    changed.applicant.birth_date = date(1980, 1, 1)  # corrected in the records: now over 35
    db.session.commit()
    return round_, changed


def test_re_reviewing_a_big_round_runs_as_a_job_that_gives_the_counts(as_hr, open_round, small_thresholds):
    round_, changed = _round_of_three(open_round)
    job = _job_of(as_hr.post(f"/recruitment/{round_.id}/rereview"))
    assert (job.kind, job.state) == ("round_rereview", JobState.DONE)
    assert db.session.get(Application, changed.id).status == "not_eligible"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.review"))
    assert entry.user_id == user("hr").id and "3 份报名" in entry.summary
    counts = "已重新审查 3 份报名：符合 2，待审核 0，不符合 1。"
    page = as_hr.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert counts in page and "重新审查全部报名（2026年公开招聘）" in page and "已转入后台重新审查" in page
    assert f'href="/recruitment/{round_.id}"' in page and "返回招聘轮次" in page
    assert _status(as_hr, job)["summary"] == counts
    _in_english(as_hr)
    assert _status(as_hr, job)["summary"] == ("Re-reviewed 3 applications: 2 eligible, 0 awaiting review, "
                                               "1 not eligible.")


def test_a_rereview_job_refuses_a_round_that_moved_on(open_round):
    round_, changed = _round_of_three(open_round)
    job = Job(kind="round_rereview", params={"round_id": round_.id}, created_by_id=user("hr").id)
    db.session.add(job)
    round_.status = RoundStatus.PUBLICITY.value  # the round went on to 公示 between submitting and running
    db.session.commit()
    job_id, changed_id = job.id, changed.id
    run_job(job_id)
    job = db.session.get(Job, job_id)
    assert job.state == JobState.FAILED and job.message == "重新审查只能在“草稿、已发布、资格审查”阶段进行（当前：公示）"
    assert db.session.get(Application, changed_id).status == "eligible"  # not judged again
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.review")) is None


def test_a_small_round_is_still_re_reviewed_while_the_user_waits(as_hr, open_round):
    round_, changed = _round_of_three(open_round)
    response = as_hr.post(f"/recruitment/{round_.id}/rereview")
    assert response.headers["Location"].endswith(f"/recruitment/{round_.id}")
    assert count(Job) == 0 and db.session.get(Application, changed.id).status == "not_eligible"


def test_a_round_job_is_seen_only_by_who_started_it_and_admins(client, login, demo, open_round, make_user,
                                                               small_thresholds):
    round_, _changed = _round_of_three(open_round)
    login(user("hr"))
    job = _job_of(client.post(f"/recruitment/{round_.id}/rereview"))
    for other in (make_user("hr"), user("head"), user("employee")):
        login(other)
        assert [client.get(url).status_code for url in (f"/jobs/{job.id}", f"/jobs/{job.id}.json")] == [404, 404], other
    login(user("admin"))
    assert client.get(f"/jobs/{job.id}").status_code == 200
    # Starting one is HR's: a head posting to the round gets no job.
    login(user("head"))
    assert client.post(f"/recruitment/{round_.id}/rereview").status_code in (403, 404)
    assert count(Job) == 1


# ---------------------------------------------------------------- several workers on one round

def test_two_imports_of_the_same_people_at_once_register_them_once(app, open_round, monkeypatch):
    """Both jobs have checked their rows against an empty round before either writes: the round's lock
    makes the second wait, then find the people registered and refuse the whole sheet."""
    round_ = open_round()
    hr = user("hr")
    jobs = [Job(kind="applicants_import", params={"round_id": round_.id, "source": f"{n}.csv"}, upload=sheet(ROWS),
                created_by_id=hr.id) for n in (1, 2)]
    db.session.add_all(jobs)
    db.session.commit()
    ids = [job.id for job in jobs]
    both_checked = Barrier(2)
    lock = rs.lock_round

    def lock_when_both_checked(round_):
        both_checked.wait(timeout=30)
        return lock(round_)

    monkeypatch.setattr(rs, "lock_round", lock_when_both_checked)

    def run(job_id: int) -> None:
        with app.app_context():
            run_job(job_id)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(run, ids, timeout=120))
    db.session.expire_all()
    finished = sorted((db.session.get(Job, i).state, db.session.get(Job, i).message or "") for i in ids)
    assert [state for state, _message in finished] == ["done", "failed"], finished
    if db.engine.dialect.name == "postgresql":  # SQLite may instead report its write lock busy
        assert "重复报名" in finished[1][1]
    assert count(Applicant) == 3 and count(Application) == 3


# ---------------------------------------------------------------- through RQ on the real Redis

def test_import_job_through_real_redis(rq_queue, open_round):
    round_id, hr = open_round().id, user("hr")
    db.session.commit()
    job_id = rq_queue.submit("applicants_import", {"round_id": round_id, "source": "报名.csv"}, actor=hr,
                             upload=sheet(ROWS))
    assert rq_queue.queue.count == 1
    assert db.session.get(Job, job_id).upload == sheet(ROWS)  # kept for the worker until it has run
    rq_queue.work()
    job = db.session.get(Job, job_id)
    assert (job.state, job.percent, job.upload) == ("done", 100, None)
    assert job.outcome == {"summary": "applicants_imported", "numbers": {"n": 3}}
    assert count(Applicant) == 3
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.user_id == hr.id,
                                                                  AuditLog.action == "recruitment.applicant")) == 3
