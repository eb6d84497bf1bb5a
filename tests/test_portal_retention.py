"""保存期满: a closed round's portal photos and proof are deleted PORTAL_RETENTION_DAYS after it closed (files
from disk, rows from the database, the 报名表 marked, one audit entry per round); nothing before, nothing of a
round still running, nothing on a dry run (hrflow/portal/retention.py, docs/portal.md)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hrflow import audit
from hrflow.extensions import db
from hrflow.models import AuditLog, PortalEntry, PortalFile, RecruitmentRound, User
from hrflow.models.base import utcnow
from hrflow.models.recruitment import ROUND_FLOW, RoundStatus
from hrflow.portal import files, retention, services
from hrflow.portal.access import SESSION_KEY
from tests import portal_support as support

DAYS = 180


@pytest.fixture
def hr(demo, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_RETENTION_DAYS", DAYS)
    return db.session.scalar(select(User).where(User.username == "hr"))


def submitted_round(hr: User, name: str, people: int = 2) -> RecruitmentRound:
    """A round whose portal took `people` submissions, each with a photo and a proof."""
    round_ = support.open_round(hr, name=name)
    for n in range(people):
        entry = support.filled_entry(support.account(f"{name}-{n}@example.com"), round_,
                                     id_number=support.id_number(serial=f"{n:02d}1"))
        services.add_file(entry, "education", "毕业证.png", support.png(), now=utcnow())
        services.submit(entry, pledge=True, now=utcnow())
    db.session.commit()
    return round_


def close(round_: RecruitmentRound, hr: User, *, days_ago: int) -> None:
    """The round's steps up to 已结束 as advance_round takes them (its checks on exams and hires are other tests'
    business), the last one audited as advance_round audits it, `days_ago` days ago."""
    while round_.status != RoundStatus.CLOSED:
        round_.advance(ROUND_FLOW[ROUND_FLOW.index(RoundStatus(round_.status)) + 1])
    entry = audit.record(hr, "recruitment.advance", f"招聘“{round_.name}”：公示 → 已结束", obj=round_)
    entry.at = utcnow() - timedelta(days=days_ago)
    db.session.commit()


def stored_paths(round_: RecruitmentRound) -> list:
    names = db.session.scalars(select(PortalFile.stored_name).join(PortalEntry)
                               .where(PortalEntry.round_id == round_.id)).all()
    return [files.path_of(name) for name in names]


def purge_entries() -> list[AuditLog]:
    return db.session.scalars(select(AuditLog).where(AuditLog.action == "portal.purge").order_by(AuditLog.id)).all()


def test_a_round_past_its_retention_loses_its_files_rows_and_is_audited_once(hr):
    old = submitted_round(hr, "去年招聘")
    kept = submitted_round(hr, "今年招聘", people=1)
    close(old, hr, days_ago=DAYS + 1)
    old_paths, kept_paths = stored_paths(old), stored_paths(kept)
    assert len(old_paths) == 4 and all(p.exists() for p in old_paths + kept_paths)

    result = retention.purge_attachments(actor=hr)
    db.session.commit()

    assert [(p.round_name, p.files, p.entries) for p in result.purged] == [("去年招聘", 4, 2)]
    assert not any(p.exists() for p in old_paths) and all(p.exists() for p in kept_paths)
    assert stored_paths(old) == [] and len(stored_paths(kept)) == 2
    marks = db.session.execute(select(PortalEntry.round_id, PortalEntry.files_deleted_at)).all()
    assert all((at is not None) == (round_id == old.id) for round_id, at in marks)
    [logged] = purge_entries()
    assert (logged.object_type, logged.object_id, logged.reason) == ("RecruitmentRound", old.id, "保存期满")
    assert logged.details["files"] == 4 and logged.details["entries"] == 2 and logged.details["retention_days"] == DAYS
    assert "4 个" in logged.summary and logged.actor == "hr"
    # The applications stay: only the files were kept for a limited time.
    assert all(e.application_id is not None for e in db.session.scalars(select(PortalEntry)))

    assert retention.purge_attachments(actor=hr).purged == []  # a second run finds nothing more
    assert len(purge_entries()) == 1


def test_nothing_is_deleted_before_the_period_ends_or_from_a_round_still_running(hr, app, monkeypatch):
    recent = submitted_round(hr, "刚结束的招聘", people=1)
    close(recent, hr, days_ago=DAYS - 1)
    running = submitted_round(hr, "进行中的招聘", people=1)
    # A running round whose last step is long past (announced, then nothing for a year) keeps its files too.
    entry = audit.record(hr, "recruitment.advance", "招聘“进行中的招聘”：草稿 → 已发布", obj=running)
    entry.at = utcnow() - timedelta(days=DAYS * 2)
    db.session.commit()

    assert retention.purge_attachments(actor=hr).purged == []
    assert all(p.exists() for p in stored_paths(recent) + stored_paths(running))
    assert db.session.scalar(select(func.count(PortalFile.id))) == 4 and purge_entries() == []

    # A unit that keeps files for a shorter time sets PORTAL_RETENTION_DAYS: then the closed round's are due.
    monkeypatch.setitem(app.config, "PORTAL_RETENTION_DAYS", DAYS - 30)
    assert [p.round_name for p in retention.purge_attachments(actor=hr).purged] == ["刚结束的招聘"]


def test_a_dry_run_deletes_nothing_and_says_what_would_go(hr, runner):
    old = submitted_round(hr, "去年招聘")
    close(old, hr, days_ago=DAYS + 30)
    paths = stored_paths(old)

    dry = runner.invoke(args=["portal", "purge-attachments", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "“去年招聘”" in dry.stdout and "将删除照片和证明材料 4 个，2 份报名表" in dry.stdout
    db.session.expire_all()
    assert all(p.exists() for p in paths) and len(stored_paths(old)) == 4 and purge_entries() == []
    assert db.session.scalar(select(func.count(PortalEntry.id)).where(PortalEntry.files_deleted_at.is_not(None))) == 0

    done = runner.invoke(args=["portal", "purge-attachments", "--json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["dry_run"] is False and report["reason"] == "保存期满"
    assert [(r["round"], r["files"], r["entries"]) for r in report["rounds"]] == [("去年招聘", 4, 2)]
    db.session.expire_all()
    assert not any(p.exists() for p in paths) and stored_paths(old) == [] and len(purge_entries()) == 1


def test_a_closed_round_without_an_audited_closing_is_reported_not_purged(hr, runner):
    round_ = submitted_round(hr, "手工关闭的招聘", people=1)
    round_.status = RoundStatus.CLOSED.value  # closed in the database by hand: no date to count from
    db.session.commit()
    result = runner.invoke(args=["portal", "purge-attachments"])
    assert result.exit_code == 0 and "没有结束日期，未删除" in result.stderr
    assert all(p.exists() for p in stored_paths(round_)) and purge_entries() == []


def test_the_applicant_still_downloads_their_data_which_says_the_files_were_deleted(hr, client):
    old = submitted_round(hr, "去年招聘", people=1)
    entry = db.session.scalar(select(PortalEntry).where(PortalEntry.round_id == old.id))
    photo_id = entry.photo.id
    close(old, hr, days_ago=DAYS + 1)
    retention.purge_attachments(actor=hr)
    db.session.commit()

    account = entry.account
    with client.session_transaction() as session:
        session[SESSION_KEY] = f"{account.id}:{account.session_token}"
    response = client.get("/apply/me/data.json")
    assert response.status_code == 200
    [kept] = json.loads(response.get_data())["applications"]
    assert kept["files"] == [] and kept["files_deleted"]["reason"] == "保存期满" and kept["files_deleted"]["at"]
    assert kept["name"] == "张三" and kept["id_number"] == entry.id_number  # what was typed stays
    assert client.get(f"/apply/files/{photo_id}").status_code == 404
    assert client.get(f"/apply/rounds/{old.id}/form").status_code == 200
