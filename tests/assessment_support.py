"""A small unit for the assessment tests: departments, posts with versions, staff, and the steps
that bring a cycle to a given point."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from hrflow.assessment import grading, head_review, operations, queries
from hrflow.extensions import db
from hrflow.models import (
    SYSTEM,
    Actor,
    Appointment,
    AppointmentKind,
    AssessmentCycle,
    CycleStatus,
    Department,
    Dimension,
    Employee,
    Grade,
    Post,
    PostVersion,
    Rating,
    Role,
    User,
)

PASSWORD = "correct-horse-42"


@dataclass
class Unit:
    children: Department  # 少儿部
    adult: Department  # 成人部
    circulation: Department  # 成人部/流通部
    office: Department  # 办公室
    children_staff: Post
    children_head: Post
    circulation_staff: Post
    office_staff: Post
    hr: User = None
    head: User = None  # heads 少儿部
    adult_head: User = None  # heads 成人部 (流通部 included)
    office_head: User = None
    staff: list[Employee] = field(default_factory=list)
    counter: int = 0

    def hire(self, post: Post, *, name: str | None = None, hired_on: date = date(2010, 3, 1),
             concurrent: tuple[Post, ...] = (), start: date | None = None, end: date | None = None) -> Employee:
        self.counter += 1
        employee = Employee(staff_no=f"S{self.counter:03d}", name=name or f"职工{self.counter}", gender="女",
                            hired_on=hired_on)
        db.session.add(employee)
        db.session.add(Appointment(post=post, employee=employee, kind=AppointmentKind.MAIN.value,
                                   start_date=start or hired_on, end_date=end))
        for other in concurrent:
            db.session.add(Appointment(post=other, employee=employee, kind=AppointmentKind.CONCURRENT.value,
                                       start_date=start or hired_on))
        db.session.flush()
        self.staff.append(employee)
        return employee

    def login_for(self, employee: Employee) -> User:
        """The employee's own login (created on first use)."""
        from sqlalchemy import select

        found = db.session.scalar(select(User).where(User.employee_id == employee.id))
        return found or user(Role.EMPLOYEE, employee=employee)


def user(role: Role, *, departments: list[Department] = (), employee: Employee | None = None) -> User:
    account = User(username=f"{role.value}-{secrets.token_hex(3)}", role=role.value, employee=employee)
    account.set_password(PASSWORD)
    account.departments = list(departments)
    db.session.add(account)
    db.session.flush()
    return account


def department(name: str, parent: Department | None = None, position: int = 0) -> Department:
    found = Department(name=name, parent=parent, position=position)
    db.session.add(found)
    db.session.flush()
    return found


def post(where: Department, name: str, duties: list[str], *, seats: int = 20, position: int = 0,
         later_duties: list[str] | None = None) -> Post:
    """A post whose version 1 is in force from 2024; ``later_duties`` adds a version 2 from 2026."""
    created = Post(department=where, key=name, position=position)
    db.session.add(created)
    db.session.flush()
    first = PostVersion(post=created, number=1, name=name, seats=seats, duties=duties, standard=["按职责考核"],
                        effective_date=date(2024, 1, 1))
    db.session.add(first)
    created.current = first
    if later_duties is not None:
        second = PostVersion(post=created, number=2, name=name, seats=seats, duties=later_duties,
                             effective_date=date(2026, 1, 1))
        db.session.add(second)
        created.current = second
    db.session.flush()
    return created


def build_unit(children_staff: int = 4, circulation_staff: int = 3, office_staff: int = 2) -> Unit:
    """少儿部 (a head and staff), 成人部 → 流通部 (staff), 办公室 (staff), with one user per role."""
    children = department("少儿部", position=2)
    adult = department("成人部", position=3)
    circulation = department("流通部", adult)
    office = department("办公室", position=1)
    unit = Unit(
        children=children, adult=adult, circulation=circulation, office=office,
        children_staff=post(children, "工作人员", ["接待少儿读者", "整理图书", "组织阅读活动"], position=1,
                            later_duties=["新职责一", "新职责二"]),
        children_head=post(children, "主任", ["主持部门工作", "制定计划"], seats=1),
        circulation_staff=post(circulation, "工作人员", ["借还图书", "排架"]),
        office_staff=post(office, "办公室工作人员", ["收发文件"]),
    )
    unit.hr = user(Role.HR)
    head_person = unit.hire(unit.children_head, name="少儿主任")
    unit.head = user(Role.HEAD, departments=[children], employee=head_person)
    unit.adult_head = user(Role.HEAD, departments=[adult])
    unit.office_head = user(Role.HEAD, departments=[office])
    for _ in range(children_staff):
        unit.hire(unit.children_staff)
    for _ in range(circulation_staff):
        unit.hire(unit.circulation_staff)
    for _ in range(office_staff):
        unit.hire(unit.office_staff)
    db.session.commit()
    return unit


def full_review(form, grade: Grade | None = Grade.COMPETENT, rating: Rating = Rating.GOOD) -> head_review.HeadReview:
    return head_review.HeadReview(
        duty_ratings={item.key: rating for item in head_review.duty_items(form)},
        dimension_ratings={d.value: rating for d in Dimension},
        comments="工作认真",
        proposed_grade=grade if form.gradeable else None,
    )


def to_decision(cycle: AssessmentCycle, actor: Actor = SYSTEM) -> None:
    """Open → decision: HR enters a complete review for every form that needs one."""
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=actor)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=actor)
    for form in queries.department_assessments(cycle):
        if form.special_case != "not_graded" and form.form_status != "head_submitted":
            head_review.submit_head_review(form, actor=actor, review=full_review(form))
    operations.advance(cycle, CycleStatus.DECISION, actor=actor)


def grade_all(cycle: AssessmentCycle, grade: Grade = Grade.COMPETENT, actor: Actor = SYSTEM) -> None:
    grading.decide_grades(cycle, [(f, grade) for f in queries.department_assessments(cycle) if f.gradeable],
                           actor=actor)


def to_acknowledgement(cycle: AssessmentCycle, actor: Actor = SYSTEM, *, start: date = date(2026, 1, 5)) -> date:
    """Decision (every gradeable form graded) → publicity from ``start`` → acknowledgement the day after it ends."""
    from datetime import timedelta

    end = operations.publish(cycle, actor=actor, start=start)
    notified = end + timedelta(days=1)
    operations.advance(cycle, CycleStatus.ACKNOWLEDGEMENT, actor=actor, on=notified)
    return notified


def open_2025(unit: Unit) -> AssessmentCycle:
    cycle = operations.open_cycle(2025, actor=unit.hr).cycle
    db.session.commit()
    return cycle
