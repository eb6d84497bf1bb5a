"""Importing into the database: counts from appointments, versions, history, all-or-nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select

from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.models import SYSTEM, Appointment, AppointmentKind, AuditLog, Post, PostVersion
from hrflow.posts.importing import import_post_table
from hrflow.posts.operations import PostError, edit_post
from hrflow.posts.queries import find_post
from hrflow.posts.seats import filled_counts, stats
from tests.test_import_seed import SEED_TOTALS


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_import_counts_come_from_appointments(seeded):
    assert stats() == SEED_TOTALS
    open_appointments = db.session.scalars(select(Appointment)).all()
    assert len(open_appointments) == 42 and all(a.employee_id is None for a in open_appointments)
    concurrent = [a for a in open_appointments if a.kind == AppointmentKind.CONCURRENT]
    assert {a.holder_note for a in concurrent} == {"办证咨询", "副书记"}
    assert count(PostVersion) == 21
    assert count(AuditLog) == 1


def test_concurrent_seats_can_be_configured_not_to_count(seeded, app):
    app.config["CONCURRENT_FILLS_SEAT"] = False
    try:
        assert stats()["filled"] == 40
    finally:
        app.config["CONCURRENT_FILLS_SEAT"] = True


def test_reimporting_the_same_table_changes_nothing(seeded, seed_bytes):
    report = import_post_table(seed_bytes, "seed.txt", actor=SYSTEM)
    db.session.commit()
    assert (len(report.created), len(report.changed), len(report.unchanged)) == (0, 0, 21)
    assert count(PostVersion) == 21
    assert count(Appointment) == 42
    assert stats() == SEED_TOTALS


def test_a_newer_table_makes_new_versions_and_keeps_history(seeded, seed_bytes):
    newer = seed_bytes.decode().replace("\t办证咨询\n\t2\n\t1", "\t办证咨询\n\t3\n\t2").encode()
    report = import_post_table(newer, "seed-2026.txt", actor=SYSTEM, effective_date=date(2026, 3, 1))
    db.session.commit()
    assert report.changed == ["办公室/办证咨询"]
    post = find_post("办公室/办证咨询")
    assert [(v.number, v.seats) for v in post.versions] == [(1, 2), (2, 3)]
    assert post.current.effective_date == date(2026, 3, 1)
    assert stats()["seats"] == 46 and stats()["filled"] == 43


def test_fewer_appointed_ends_unnamed_incumbents(seeded, seed_bytes):
    fewer = seed_bytes.decode().replace("\t办公室工作人员\n（外勤、内勤）\n\t2\n\t2", "\t办公室工作人员\n（外勤、内勤）\n\t2\n\t1")
    import_post_table(fewer.encode(), "fewer.txt", actor=SYSTEM, effective_date=unit_today())
    db.session.commit()
    assert stats()["filled"] == 41
    assert count(Appointment) == 42  # ended, not deleted


def test_named_holders_are_kept_and_reported(seeded, seed_bytes, make_employee):
    from hrflow.posts.staff import appoint

    post = find_post("办公室/办公室工作人员")
    for _ in range(2):
        appoint(make_employee(), post)
    db.session.commit()
    fewer = seed_bytes.decode().replace("\t办公室工作人员\n（外勤、内勤）\n\t2\n\t2", "\t办公室工作人员\n（外勤、内勤）\n\t2\n\t1")
    report = import_post_table(fewer.encode(), "fewer.txt", actor=SYSTEM)
    assert any("已有 2 名在岗人员" in w for w in report.warnings)
    assert filled_counts()[post.id] == 2


def test_posts_missing_from_a_new_table_are_kept_with_a_warning(seeded):
    small = "\t部门\n\t岗位设置\n\t设岗人数\n\t实聘人数\n\t岗位职责\n\t任职条件\n\t考核标准\n\n\t办公室\n\t主任\n\t1\n\t由副书记兼任\n\t负责\n\t本科\n\t完成\n"
    report = import_post_table(small.encode(), "small.txt", actor=SYSTEM)
    assert len(report.missing) == 20
    assert any("不在这份表中" in w for w in report.warnings)
    assert count(Post) == 21


def test_a_refused_file_leaves_the_database_unchanged(seeded, seed_bytes):
    before = (count(Post), count(PostVersion), count(Appointment), count(AuditLog), stats())
    broken = seed_bytes.decode().replace("\t物业管理部2人\n\t主任\n\t1\n\t1", "\t物业管理部2人\n\t主任\n\t1\n\t9")
    with pytest.raises(TableImportError, match="实聘人数 9 大于设岗人数 1"):
        import_post_table(broken.encode(), "broken.txt", actor=SYSTEM)
    db.session.rollback()
    assert (count(Post), count(PostVersion), count(Appointment), count(AuditLog), stats()) == before


@pytest.mark.parametrize(
    ("path", "found"),
    [
        ("办公室/主任", "主任"),
        ("办公室/办证咨询主任", "办证咨询主任"),
        ("办公室/办证咨询主任（由办证咨询1人兼任）", "办证咨询主任"),
        ("办公室/办证咨询主任(由办证咨询1人兼任)", "办证咨询主任"),
        ("成人部/流通部/工作人员", "工作人员"),
        ("地方文献/工作人员", "工作人员"),
        ("地方文献和参考咨询/工作人员", "工作人员"),
        ("办公室/办证咨询主任（别的说明）", None),
        ("办公室/馆长", None),
        ("不存在/主任", None),
        ("主任", None),
    ],
)
def test_find_post_by_path(seeded, path, found):
    post = find_post(path)
    assert (post.current.name if post else None) == found


def test_edit_post_needs_a_reason_and_respects_appointments(seeded, make_user):
    hr = make_user("hr")
    post = find_post("少儿部/工作人员")
    with pytest.raises(PostError, match="原因"):
        edit_post(post, {"seats": 9}, actor=hr, reason=" ")
    with pytest.raises(PostError, match="不能少于实际在岗人数（8 人）"):
        edit_post(post, {"seats": 7}, actor=hr, reason="缩编")
    with pytest.raises(PostError, match="没有任何修改"):
        edit_post(post, {"seats": 8}, actor=hr, reason="无")
    version = edit_post(post, {"seats": 9, "duties": ["新职责一", "新职责二"]}, actor=hr, reason="增设一个岗位")
    db.session.commit()
    assert (version.number, post.current.seats, post.versions[0].seats) == (2, 9, 8)
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "posts.edit")).one()
    assert entry.reason == "增设一个岗位" and entry.user_id == hr.id
    assert entry.details["before"]["seats"] == 8 and entry.details["after"]["seats"] == 9
    assert stats()["vacant"] == 4


def test_renaming_onto_another_post_is_refused(seeded, make_user):
    post = find_post("办公室/办证咨询")
    with pytest.raises(PostError, match="已有名为“主任”"):
        edit_post(post, {"name": "主任"}, actor=make_user("hr"), reason="改名")


def test_an_edit_based_on_an_old_version_is_refused(seeded, make_user):
    first, second = make_user("hr"), make_user("hr")
    post = find_post("采编部/工作人员")
    edit_post(post, {"seats": 2}, actor=first, reason="增设", based_on_version=1)
    with pytest.raises(PostError, match="第 2 版"):
        edit_post(post, {"seats": 3}, actor=second, reason="再增设", based_on_version=1)
    assert post.current.seats == 2
