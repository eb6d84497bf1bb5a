"""The staff roster: people found by name, 工号, department or post, posts found by a word of their duties or
requirements, and what one person's page shows (posts held and held before, history, assessment results
by year, the login).

`reach` is the set of departments the reader may see (None: the whole unit, for HR); a head reaches the
people holding a post in their departments today. The caller works it out from the acting user."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, Text, and_, cast, exists, or_, select

from hrflow.extensions import db
from hrflow.models import (
    Application,
    Appointment,
    AppointmentKind,
    Assessment,
    AssessmentCycle,
    Department,
    Employee,
    Post,
    PostVersion,
    RecruitmentRound,
    User,
)
from hrflow.models.org import department_tree

POST_HITS_LIMIT = 20  # a word common to many posts lists the first ones; more words narrow it


class RosterRow(NamedTuple):
    id: int
    staff_no: str
    name: str
    active: bool


@dataclass
class HeldPost:
    post_id: int
    name: str
    department_id: int
    department_path: str
    kind: str
    start_date: date | None
    end_date: date | None
    holder_note: str | None

    @property
    def concurrent(self) -> bool:
        return self.kind == AppointmentKind.CONCURRENT

    def is_open(self, on: date) -> bool:
        return (self.start_date is None or self.start_date <= on) and (self.end_date is None or self.end_date > on)


class PostHit(NamedTuple):
    post_id: int
    name: str
    department_path: str
    where: str  # "name", "duties" or "requirements": which part of the post the word was found in


def _open_on(on: date):
    return and_(or_(Appointment.start_date.is_(None), Appointment.start_date <= on),
                or_(Appointment.end_date.is_(None), Appointment.end_date > on))


def _holds(on: date, *conditions) -> object:
    """The employee holds (today) a post meeting the conditions (on Post, PostVersion or Department)."""
    return exists(
        select(Appointment.id).join(Post, Appointment.post_id == Post.id)
        .join(PostVersion, Post.current_version_id == PostVersion.id)
        .join(Department, Post.department_id == Department.id)
        .where(Appointment.employee_id == Employee.id, _open_on(on), *conditions)
    )


def people_query(search: str | None, *, department_ids: set[int] | None, reach: set[int] | None, on: date) -> Select:
    """The people matching the search box (a word of their name, 工号, department or post) within the
    department filter (a department and its sub-units) and the reader's reach, by name."""
    query = select(Employee.id, Employee.staff_no, Employee.name, Employee.active)
    for departments in (department_ids, reach):
        if departments is not None:
            query = query.where(_holds(on, Post.department_id.in_(departments or [-1])))
    if search:
        query = query.where(or_(
            Employee.name.icontains(search, autoescape=True), Employee.staff_no.icontains(search, autoescape=True),
            _holds(on, or_(Department.name.icontains(search, autoescape=True),
                           PostVersion.name.icontains(search, autoescape=True))),
        ))
    return query.order_by(Employee.active.desc(), Employee.name, Employee.staff_no)


def current_posts(employee_ids: list[int], on: date) -> dict[int, list[HeldPost]]:
    """For a page of people: the posts each holds today, the main post first (one statement)."""
    found: dict[int, list[HeldPost]] = {i: [] for i in employee_ids}
    if not employee_ids:
        return found
    for employee_id, held in _appointments(Appointment.employee_id.in_(employee_ids), _open_on(on)):
        found[employee_id].append(held)
    return found


def _appointments(*conditions) -> list[tuple[int, HeldPost]]:
    tree = department_tree()
    rows = db.session.execute(
        select(Appointment.employee_id, Post.id, PostVersion.name, Post.department_id, Appointment.kind,
               Appointment.start_date, Appointment.end_date, Appointment.holder_note)
        .join(Post, Appointment.post_id == Post.id).join(PostVersion, Post.current_version_id == PostVersion.id)
        .where(*conditions)
        .order_by(Appointment.kind != AppointmentKind.MAIN.value, Appointment.start_date.desc(), Appointment.id)
    ).all()
    return [(employee_id, HeldPost(post_id, name, department_id, tree.paths.get(department_id, ""), kind, start, end,
                                   note))
            for employee_id, post_id, name, department_id, kind, start, end, note in rows]


def _json_contains(column, word: str):
    """The JSON list column holds the word: as stored (non-ASCII written as \\u escapes) or as typed."""
    stored = json.dumps(word)[1:-1]
    text = cast(column, Text)
    return or_(text.icontains(stored, autoescape=True), text.icontains(word, autoescape=True))


def post_hits(search: str, *, reach: set[int] | None, limit: int = POST_HITS_LIMIT) -> list[PostHit]:
    """Posts within reach whose name, duties or requirements (the version in force) hold the word."""
    in_name = PostVersion.name.icontains(search, autoescape=True)
    in_duties = _json_contains(PostVersion.duties, search)
    query = (select(Post.id, PostVersion.name, Post.department_id, in_name, in_duties)
             .join(PostVersion, Post.current_version_id == PostVersion.id)
             .where(or_(in_name, in_duties, _json_contains(PostVersion.requirements, search)))
             .order_by(Post.department_id, Post.position, Post.id).limit(limit))
    if reach is not None:
        query = query.where(Post.department_id.in_(reach or [-1]))
    tree = department_tree()
    return [PostHit(post_id, name, tree.paths.get(department_id, ""),
                    "name" if named else "duties" if dutied else "requirements")
            for post_id, name, department_id, named, dutied in db.session.execute(query)]


# ---------------------------------------------------------------- one person


def in_reach(employee: Employee, reach: set[int] | None, on: date) -> bool:
    """HR reaches everybody; a head the people holding a post in their departments today."""
    if reach is None:
        return True
    return db.session.scalar(select(_holds(on, Post.department_id.in_(reach or [-1]))
                                    .where(Employee.id == employee.id))) or False


@dataclass
class Event:
    on: date | None
    text: str
    kind: str  # hired / start / end / recruited


@dataclass
class Result:
    assessment_id: int
    year: int
    cycle_status: str
    department_id: int
    department_path: str
    post_name: str
    grade: str | None
    special_case: str


@dataclass
class PersonPage:
    employee: Employee
    posts: list[HeldPost]  # every appointment, held now or before
    history: list[Event]
    results: list[Result]
    login: User | None


def person_page(employee: Employee, *, with_login: bool) -> PersonPage:
    posts = [held for _id, held in _appointments(Appointment.employee_id == employee.id)]
    return PersonPage(employee, posts, _history(employee, posts), _results(employee),
                      db.session.scalar(select(User).where(User.employee_id == employee.id)) if with_login else None)


def _history(employee: Employee, posts: list[HeldPost]) -> list[Event]:
    """Joining the unit, each appointment's start and end, and the recruitment round that hired them, by date."""
    events = [Event(employee.hired_on, "hired", "hired")] if employee.hired_on else []
    for held in posts:
        events.append(Event(held.start_date, held.department_path + "/" + held.name, "start"))
        if held.end_date is not None:
            events.append(Event(held.end_date, held.department_path + "/" + held.name, "end"))
    rounds = db.session.execute(
        select(RecruitmentRound.name, Appointment.start_date)
        .join(Application, Application.round_id == RecruitmentRound.id)
        .join(Appointment, Application.appointment_id == Appointment.id)
        .where(Appointment.employee_id == employee.id)
    ).all()
    events += [Event(start, name, "recruited") for name, start in rounds]
    return sorted(events, key=lambda e: (e.on or date.min, e.kind != "hired"), reverse=True)


def _results(employee: Employee) -> list[Result]:
    tree = department_tree()
    rows = db.session.execute(
        select(Assessment.id, AssessmentCycle.year, AssessmentCycle.status, Assessment.department_id, PostVersion.name,
               Assessment.grade, Assessment.special_case)
        .join(AssessmentCycle, Assessment.cycle_id == AssessmentCycle.id)
        .join(PostVersion, Assessment.post_version_id == PostVersion.id)
        .where(Assessment.employee_id == employee.id).order_by(AssessmentCycle.year.desc())
    ).all()
    return [Result(i, year, status, department_id, tree.paths.get(department_id, ""), post, grade, special)
            for i, year, status, department_id, post, grade, special in rows]
