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
