"""Examiners submitting at the same moment lose nothing: every sheet is kept and the candidate's score is
worked out from all of them (the panel's row is locked while a sheet goes in). Meant for PostgreSQL
(HRFLOW_TEST_DATABASE_URL); on SQLite the database lock serialises them, and a locked attempt is retried."""

from sqlalchemy import func, select

from hrflow.extensions import db
from hrflow.models import Application, MarkSheet, PanelMember
from hrflow.recruitment import panels
from tests.races import LOCKED, OK, race_in_threads
from tests.test_panels import examining_round, panel_with


def test_examiners_submitting_at_the_same_moment_lose_nothing(app, seeded, make_user):
    hr = make_user("hr")
    _round, vacancy, (a,) = examining_round(hr, ["甲"])
    _panel, members = panel_with(vacancy, hr, "第一考场", ["张", "王", "李", "赵", "钱"])
    panels.draw_lots(vacancy, actor=hr)
    first, second = (e.id for e in panels.elements_of(vacancy))
    db.session.commit()
    marks = {m.id: {first: 6 + i, second: 12 + 2 * i} for i, m in enumerate(members)}  # totals 60, 70, 80, 90, 100
    member_ids, application_id = [m.id for m in members], a.id

    def attempt(member_id: int):
        def act(go):
            member = db.session.get(PanelMember, member_id)
            application = db.session.get(Application, application_id)
            go()
            panels.submit_marks(member, application, marks[member_id], actor=member.user)
        return act

    pending = member_ids
    for _try in range(5):  # SQLite answers "locked" to some: they try again, as a person would
        outcomes = race_in_threads(app, [attempt(m) for m in pending], refused=())
        pending = [m for m, outcome in zip(pending, outcomes, strict=True) if outcome == LOCKED]
        assert set(outcomes) <= {OK, LOCKED}
        if db.engine.dialect.name == "postgresql":
            assert outcomes == [OK] * len(outcomes)
        if not pending:
            break
    db.session.expire_all()
    assert db.session.scalar(select(func.count(MarkSheet.id))) == 5
    # 60 and 100 left out: (70 + 80 + 90) ÷ 3
    assert db.session.get(Application, application_id).interview_score == 80.0
