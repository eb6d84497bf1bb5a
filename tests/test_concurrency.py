"""Seats are never over-filled, whatever the concurrency: many sessions race for one free seat."""

import threading

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from hrflow.extensions import db
from hrflow.models import Appointment, Employee
from hrflow.posts.services import filled_counts, find_post
from hrflow.posts.staff import SeatError, appoint

ATTEMPTS = 12


def test_many_concurrent_appointments_into_one_free_seat(app, seeded, make_employee):
    post = find_post("办公室/办证咨询")  # 2 seats, 1 filled: exactly one free seat
    employees = [make_employee().id for _ in range(ATTEMPTS)]
    post_id = post.id
    db.session.commit()
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(employee_id: int) -> None:
        with app.app_context():
            employee = db.session.get(Employee, employee_id)
            target = db.session.get(type(post), post_id)
            barrier.wait()
            try:
                appoint(employee, target, name_incumbent=False)
                db.session.commit()
                result = "ok"
            except SeatError:
                db.session.rollback()
                result = "full"
            except OperationalError:  # SQLite: "database is locked" — refused, not over-filled
                db.session.rollback()
                result = "locked"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(e,)) for e in employees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == ATTEMPTS
    assert outcomes.count("ok") == 1
    if db.engine.dialect.name == "postgresql":
        assert outcomes.count("full") == ATTEMPTS - 1  # every loser gets the clear “full” message
    db.session.expire_all()
    assert filled_counts()[post_id] == 2
    named = db.session.scalar(select(func.count(Appointment.id)).where(Appointment.post_id == post_id,
                                                                       Appointment.employee_id.is_not(None)))
    assert named == 1


def test_concurrent_edits_of_one_post_keep_one_and_refuse_the_rest(app, seeded, make_user):
    from hrflow.models import Post, PostVersion, User
    from hrflow.posts.services import PostError, edit_post

    editors = [make_user("hr").id for _ in range(ATTEMPTS)]
    post_id = find_post("采编部/工作人员").id
    db.session.commit()
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(index: int, user_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            post = db.session.get(Post, post_id)
            barrier.wait()
            try:
                edit_post(post, {"seats": 2 + index}, actor=user, reason=f"编辑 {index}", based_on_version=1)
                db.session.commit()
                result = "ok"
            except PostError:
                db.session.rollback()
                result = "conflict"
            except OperationalError:
                db.session.rollback()
                result = "locked"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(i, u)) for i, u in enumerate(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("ok") == 1
    if db.engine.dialect.name == "postgresql":
        assert outcomes.count("conflict") == ATTEMPTS - 1
    db.session.expire_all()
    versions = db.session.scalars(select(PostVersion).where(PostVersion.post_id == post_id)).all()
    assert sorted(v.number for v in versions) == [1, 2]


def test_pressing_appoint_on_one_hire_many_times_at_once_makes_one_employee(app, seeded, make_user):
    """Two free seats, one proposed hire, many officers pressing "appoint" at once: the seat count alone
    would let two through, so the hire's own state must be read under the post's lock."""
    from datetime import date, timedelta

    from hrflow.models import Application, RecruitmentError, RoundStatus
    from hrflow.posts.services import edit_post
    from hrflow.recruitment import services as rs

    hr = make_user("hr")
    post = find_post("物业管理部/工作人员")
    edit_post(post, {"seats": post.current.seats + 1}, actor=hr, reason="增设一个岗位")
    round_ = rs.open_round("同一人", date.today(), actor=hr, posts=[(post, 1)])
    people = [rs.add_applicant(round_, rs.ApplicantData(name=f"候选{i}", gender="男", birth_date=date(1995, 1, 1),
                                                        education="大专"), post, actor=hr) for i in range(3)]
    for status in (RoundStatus.ANNOUNCED, RoundStatus.REVIEWING, RoundStatus.EXAMINING):
        rs.advance_round(round_, status, actor=hr)
    for score, application in zip((90, 80, 70), people, strict=True):
        rs.record_scores(application, actor=hr, written=score, interview=score)
    (hire,) = rs.propose_hires(round_.vacancies[0], actor=hr)
    rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=date.today() - timedelta(days=60))
    db.session.commit()
    hire_id, hr_id, employees_before = hire.id, hr.id, db.session.scalar(select(func.count(Employee.id)))
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        from hrflow.models import User

        with app.app_context():
            application = db.session.get(Application, hire_id)
            officer = db.session.get(User, hr_id)
            _ = application.vacancy.post.current  # loaded before the race, as a page would have
            barrier.wait()
            try:
                rs.appoint_application(application, actor=officer)
                db.session.commit()
                result = "ok"
            except RecruitmentError:
                db.session.rollback()
                result = "refused"
            except OperationalError:
                db.session.rollback()
                result = "locked"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == ATTEMPTS  # no attempt died of anything but a clear refusal
    assert outcomes.count("ok") == 1, outcomes
    if db.engine.dialect.name == "postgresql":
        assert outcomes.count("refused") == ATTEMPTS - 1
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Employee.id))) == employees_before + 1
