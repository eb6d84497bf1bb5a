"""The 优秀 quota holds whatever the concurrency: many HR sessions decide 优秀 at once at the quota's edge."""

from sqlalchemy import func, select

from hrflow.assessment import figures, grading, queries
from hrflow.assessment.grading import QuotaExceeded
from hrflow.extensions import db
from hrflow.models import Assessment, Grade, User
from tests.assessment_support import build_unit, open_2025, to_decision
from tests.races import OK, REFUSED, race_in_threads

ATTEMPTS = 10


def race(app, form_ids: list[int], officer_ids: list[int]) -> list[str]:
    """Each officer decides 优秀 for one form, all at the same moment."""

    def attempt(form_id: int, officer_id: int):
        def act(go):
            form, officer = db.session.get(Assessment, form_id), db.session.get(User, officer_id)
            _ = (form.cycle.year, form.employee.name)
            go()
            grading.decide_grade(form, Grade.EXCELLENT, actor=officer)
        return act

    return race_in_threads(app, [attempt(f, o) for f, o in zip(form_ids, officer_ids, strict=True)],
                           refused=(QuotaExceeded,))


def excellent_count(cycle_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Assessment.id)).where(Assessment.cycle_id == cycle_id,
                                                                      Assessment.grade == Grade.EXCELLENT))


def test_officers_racing_for_the_quota_get_exactly_the_quota(app):
    unit = build_unit(children_staff=ATTEMPTS - 1, circulation_staff=0, office_staff=0)  # 10 people: quota 2
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    officers = [unit.hr.id] + [build_officer() for _ in range(ATTEMPTS - 1)]
    form_ids = [f.id for f in queries.department_assessments(cycle)]
    cycle_id = cycle.id
    assert figures.quota_summary(cycle).quota == 2
    db.session.commit()

    outcomes = race(app, form_ids, officers)

    assert len(outcomes) == ATTEMPTS
    assert outcomes.count(OK) == 2
    if db.engine.dialect.name == "postgresql":
        assert outcomes.count(REFUSED) == ATTEMPTS - 2  # every loser gets the message naming the quota
    assert excellent_count(cycle_id) == 2


def test_the_last_place_goes_to_one_officer_only(app):
    unit = build_unit(children_staff=ATTEMPTS, circulation_staff=0, office_staff=0)  # 11 people: quota 2
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    forms = queries.department_assessments(cycle)
    grading.decide_grade(forms[0], Grade.EXCELLENT, actor=unit.hr)  # one place left
    officers = [build_officer() for _ in range(ATTEMPTS)]
    form_ids = [f.id for f in forms[1:]]
    cycle_id = cycle.id
    db.session.commit()

    outcomes = race(app, form_ids, officers)

    assert outcomes.count(OK) == 1
    if db.engine.dialect.name == "postgresql":
        assert outcomes.count(REFUSED) == ATTEMPTS - 1
    assert excellent_count(cycle_id) == 2


def build_officer() -> int:
    from hrflow.models import Role
    from tests.assessment_support import user

    return user(Role.HR).id
