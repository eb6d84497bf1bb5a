"""The application tally (hrflow.recruitment.tally): the per-vacancy counts the round pages read follow
every kind of change at commit, and nothing that is rolled back. (Every test also checks at teardown,
in tests/conftest.py, that the committed tally matches the applications.)"""

from datetime import date

import pytest
from sqlalchemy import event, select, update

from hrflow.extensions import db
from hrflow.models import Application, ApplicationTally
from hrflow.posts.services import find_post
from hrflow.recruitment import services as rs
from hrflow.recruitment import tally
from hrflow.recruitment.queries import counts_by_vacancy

CUTOFF = date(2026, 6, 30)


@pytest.fixture
def hr(make_user):
    return make_user("hr")


@pytest.fixture
def round_(seeded, hr):
    found = rs.open_round("计数轮次", CUTOFF, actor=hr, all_vacancies=True)
    db.session.commit()
    return found


def _vacancy(round_, path):
    return next(v for v in round_.vacancies if v.post.path == path)


def _apply(round_, hr, name, path, **fields):
    data = rs.ApplicantData(name=name, gender="女", birth_date=fields.pop("birth", date(1990, 1, 1)), **fields)
    return rs.add_applicant(round_, data, find_post(path), actor=hr)


def _tally(vacancy_id) -> dict[str, int]:
    rows = db.session.execute(select(ApplicationTally.status, ApplicationTally.n)
                              .where(ApplicationTally.vacancy_id == vacancy_id, ApplicationTally.n > 0))
    return dict(rows.all())


def test_new_and_rejudged_applications_are_counted_at_commit(round_, hr):
    desk = _vacancy(round_, "办公室/办证咨询")
    first = _apply(round_, hr, "甲", "办公室/办证咨询")
    _apply(round_, hr, "乙", "办公室/办证咨询")
    assert _tally(desk.id) == {}  # not yet committed: nothing counted
    db.session.commit()
    status = first.status
    assert _tally(desk.id) == {status: 2}

    first.status = "not_eligible" if status != "not_eligible" else "eligible"
    db.session.commit()
    assert _tally(desk.id) == {status: 1, first.status: 1}
    counts = counts_by_vacancy([desk.id])[desk.id]
    assert counts.applicants == 2


def test_a_rolled_back_change_leaves_the_tally_as_committed(round_, hr):
    desk = _vacancy(round_, "办公室/办证咨询")
    _apply(round_, hr, "甲", "办公室/办证咨询")
    db.session.commit()
    before = _tally(desk.id)
    _apply(round_, hr, "乙", "办公室/办证咨询")
    db.session.flush()
    db.session.rollback()
    _apply(round_, hr, "丙", "办公室/办证咨询")  # the next transaction counts only its own change
    db.session.commit()
    assert sum(_tally(desk.id).values()) == sum(before.values()) + 1


def test_moving_and_deleting_applications_recount_both_vacancies(round_, hr):
    desk, property_post = _vacancy(round_, "办公室/办证咨询"), _vacancy(round_, "物业管理部/工作人员")
    moved = _apply(round_, hr, "甲", "办公室/办证咨询")
    gone = _apply(round_, hr, "乙", "物业管理部/工作人员")
    db.session.commit()
    moved.vacancy_id = property_post.id
    db.session.commit()
    assert _tally(desk.id) == {}
    assert sum(_tally(property_post.id).values()) == 2
    db.session.delete(gone)
    db.session.commit()
    assert sum(_tally(property_post.id).values()) == 1


def _statements_touching_the_tally(work) -> list[str]:
    sent: list[str] = []

    def note(conn, cursor, statement, *args):
        if "application_tally" in statement:
            sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return sent


@pytest.mark.parametrize("touched", [False, True], ids=["unaccounted: every vacancy", "touched: its vacancies"])
def test_a_bulk_update_is_recounted_all_or_just_its_vacancies(round_, hr, touched):
    desk = _vacancy(round_, "办公室/办证咨询")
    application = _apply(round_, hr, "甲", "办公室/办证咨询")
    db.session.commit()

    def bulk_update():
        db.session.execute(update(Application).where(Application.id == application.id).values(status="not_eligible"))
        if touched:
            tally.touch(db.session, [desk.id])
        db.session.commit()

    deletes = [s for s in _statements_touching_the_tally(bulk_update) if s.lstrip().upper().startswith("DELETE")]
    assert _tally(desk.id) == {"not_eligible": 1}
    assert deletes and all(("WHERE" in s.upper()) == touched for s in deletes)


def test_rereviewing_a_round_keeps_the_counts_right(round_, hr):
    desk = _vacancy(round_, "办公室/办证咨询")
    for n in range(3):
        _apply(round_, hr, f"应聘{n}", "办公室/办证咨询", birth=date(1960 + 20 * n, 1, 1))
    db.session.commit()
    counts = rs.rereview_round(round_, actor=hr)
    db.session.commit()
    assert sum(_tally(desk.id).values()) == 3
    assert {s: n for s, n in _tally(desk.id).items()} == {s: n for s, n in counts.items() if n}
