"""Seats are never over-filled and edits never lost, whatever the concurrency: many sessions at once."""

from datetime import date, timedelta

from sqlalchemy import func, select

from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import (
    Application,
    Appointment,
    CheckResult,
    CheckStep,
    Employee,
    Post,
    PostVersion,
    RecruitmentError,
    RoundStatus,
    User,
)
from hrflow.posts.operations import PostError, edit_post
from hrflow.posts.queries import find_post
from hrflow.posts.seats import filled_counts
from hrflow.posts.staff import SeatError, appoint
from hrflow.recruitment import operations as rs
from hrflow.recruitment.applicants import ApplicantData, add_applicant
from hrflow.recruitment.selection import record_check
from tests.races import only_one_went_through, race_in_threads

ATTEMPTS = 12


def test_many_concurrent_appointments_into_one_free_seat(app, seeded, make_employee):
    post_id = find_post("办公室/办证咨询").id  # 2 seats, 1 filled: exactly one free seat
    employees = [make_employee().id for _ in range(ATTEMPTS)]
    db.session.commit()

    def attempt(employee_id: int):
        def act(go):
            employee, post = db.session.get(Employee, employee_id), db.session.get(Post, post_id)
            go()
            appoint(employee, post, name_incumbent=False)
        return act

    outcomes = race_in_threads(app, [attempt(e) for e in employees], refused=(SeatError,))

    assert only_one_went_through(outcomes), outcomes
    db.session.expire_all()
    assert filled_counts()[post_id] == 2
    named = db.session.scalar(select(func.count(Appointment.id)).where(Appointment.post_id == post_id,
                                                                       Appointment.employee_id.is_not(None)))
    assert named == 1


def test_concurrent_edits_of_one_post_keep_one_and_refuse_the_rest(app, seeded, make_user):
    editors = [make_user("hr").id for _ in range(ATTEMPTS)]
    post_id = find_post("采编部/工作人员").id
    db.session.commit()

    def attempt(index: int, user_id: int):
        def act(go):
            user, post = db.session.get(User, user_id), db.session.get(Post, post_id)
            go()
            edit_post(post, {"seats": 2 + index}, actor=user, reason=f"编辑 {index}", based_on_version=1)
        return act

    outcomes = race_in_threads(app, [attempt(i, u) for i, u in enumerate(editors)], refused=(PostError,))

    assert only_one_went_through(outcomes), outcomes
    db.session.expire_all()
    versions = db.session.scalars(select(PostVersion).where(PostVersion.post_id == post_id)).all()
    assert sorted(v.number for v in versions) == [1, 2]


def test_pressing_appoint_on_one_hire_many_times_at_once_makes_one_employee(app, seeded, make_user):
    """Two free seats, one proposed hire, many officers pressing "appoint" at once: the seat count alone
    would let two through, so the hire's own state must be read under the post's lock."""
    hr = make_user("hr")
    post = find_post("物业管理部/工作人员")
    edit_post(post, {"seats": post.current.seats + 1}, actor=hr, reason="增设一个岗位")
    round_ = rs.open_round("同一人", unit_today(), actor=hr, posts=[(post, 1)])
    people = [add_applicant(round_, ApplicantData(name=f"候选{i}", gender="男", birth_date=date(1995, 1, 1),
                                                        education="大专"), post, actor=hr) for i in range(3)]
    for status in (RoundStatus.ANNOUNCED, RoundStatus.REVIEWING, RoundStatus.EXAMINING):
        rs.advance_round(round_, status, actor=hr)
    for score, application in zip((90, 80, 70), people, strict=True):
        rs.record_scores(application, actor=hr, written=score, interview=score)
    (hire,) = rs.propose_hires(round_.vacancies[0], actor=hr)
    for step in CheckStep:
        record_check(hire, step, CheckResult.PASSED, unit_today(), "", actor=hr)
    rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=unit_today() - timedelta(days=60))
    db.session.commit()
    hire_id, hr_id, employees_before = hire.id, hr.id, db.session.scalar(select(func.count(Employee.id)))

    def act(go):
        application, officer = db.session.get(Application, hire_id), db.session.get(User, hr_id)
        _ = application.vacancy.post.current  # loaded before the race, as a page would have
        go()
        rs.appoint_application(application, actor=officer)

    outcomes = race_in_threads(app, [act] * ATTEMPTS, refused=(RecruitmentError,))

    assert only_one_went_through(outcomes), outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Employee.id))) == employees_before + 1
