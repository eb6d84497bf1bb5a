"""Reads of the annual assessment for pages, exports, PDFs and the command line: cycles, each person's
assessment, the lists in table order (department, post, staff number).

The counts (progress, the 优秀 quota, grade distribution) are in figures.py; what a head's review
holds and still lacks is in head_review.py. Lists that grow with the staff read a fixed number of
queries whatever their size (tests/test_queries.py counts them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload

from hrflow.assessment import access, quarterly
from hrflow.assessment.head_review import RowGaps, gaps
from hrflow.assessment.quarterly import QuarterMark
from hrflow.explanations import Explanation, explained
from hrflow.extensions import db
from hrflow.models import (
    Appointment,
    AppointmentKind,
    AssessedPost,
    Assessment,
    AssessmentCycle,
    AssessmentError,
    CycleStatus,
    Department,
    Employee,
    FormStatus,
    Grade,
    Post,
    PostVersion,
    SpecialCase,
    User,
)
from hrflow.models.base import json_list_length
from hrflow.models.org import DepartmentTree, department_tree, department_tree_column, keep_department_tree
from hrflow.posts.queries import post_paths
from hrflow.rules.wording import N_, Said

# ---------------------------------------------------------------- cycles


def find_cycle(year: int, *, with_ballots: bool = False, with_tree: bool = False) -> AssessmentCycle | None:
    """The year's cycle; `with_ballots` reads its 民主测评 ballots in the same statement (an outer join), and
    `with_tree` the department tree (keep_department_tree), for a page that lists departments or people."""
    query = select(AssessmentCycle, department_tree_column()) if with_tree else select(AssessmentCycle)
    query = query.where(AssessmentCycle.year == year)
    if with_ballots:
        query = query.options(joinedload(AssessmentCycle.ballots))
    if not with_tree:
        return db.session.scalars(query).unique().first()
    # The tree (a list) is the same on every row the ballots' join makes: rows are told apart by their cycle.
    row = db.session.execute(query).unique(lambda row: row[0]).first()
    if row is None:
        return None
    keep_department_tree(row[1])
    return row[0]


def get_cycle(year: int) -> AssessmentCycle:
    cycle = find_cycle(year)
    if cycle is None:
        raise AssessmentError(f"还没有开启 {year} 年度考核")
    return cycle


def list_cycles() -> list[AssessmentCycle]:
    """Newest year first."""
    return list(db.session.scalars(select(AssessmentCycle).order_by(AssessmentCycle.year.desc())))


def latest_cycle() -> AssessmentCycle | None:
    return db.session.scalar(select(AssessmentCycle).order_by(AssessmentCycle.year.desc()).limit(1))


def next_status(cycle: AssessmentCycle) -> CycleStatus | None:
    """The step advance() may move the cycle to, or None once archived."""
    flow = list(CycleStatus)
    index = flow.index(CycleStatus(cycle.status))
    return flow[index + 1] if index + 1 < len(flow) else None


# ---------------------------------------------------------------- one person's assessment

def _with_what_pages_show():
    """Assessments with what their pages and PDFs show, each relation in one more query."""
    return select(Assessment).options(
        selectinload(Assessment.employee),
        selectinload(Assessment.department),
        selectinload(Assessment.post),
        selectinload(Assessment.post_version),
        selectinload(Assessment.cycle),
        selectinload(Assessment.assessed_posts).selectinload(AssessedPost.post_version),
        selectinload(Assessment.assessed_posts).selectinload(AssessedPost.post),
    )


def get_assessment(assessment_id: int) -> Assessment | None:
    """One assessment with what its page shows, or None (the route answers 404)."""
    return db.session.scalar(_with_what_pages_show().where(Assessment.id == assessment_id))


def assessments_in_order(ids: list[int]) -> list[Assessment]:
    """These assessments with what their pages and PDFs show, in the order of `ids` (a chunk of a batch)."""
    found = {a.id: a for a in db.session.scalars(_with_what_pages_show().where(Assessment.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def own_assessment(cycle: AssessmentCycle, user: User) -> Assessment | None:
    """The user's own assessment in the cycle (None for users who are no employee or take no part)."""
    if user.employee_id is None:
        return None
    return db.session.scalar(
        _with_what_pages_show().where(Assessment.cycle_id == cycle.id, Assessment.employee_id == user.employee_id)
    )


def own_assessment_id(cycle: AssessmentCycle, user: User) -> int | None:
    """The id of the user's own assessment in the cycle, for a link (None as for own_assessment)."""
    if user.employee_id is None:
        return None
    return db.session.scalar(select(Assessment.id).where(Assessment.cycle_id == cycle.id,
                                                         Assessment.employee_id == user.employee_id))


def own_assessments(user: User, *, besides: AssessmentCycle | None = None) -> list[Assessment]:
    """The user's own assessments in the cycles other than ``besides``, newest first: an earlier year can
    still be signed or appealed while a new cycle is open."""
    found = (own_assessment(c, user) for c in list_cycles() if besides is None or c.id != besides.id)
    return [a for a in found if a is not None]


# ---------------------------------------------------------------- lists in table order

def table_key(order: dict[int, tuple], department_id: int, post_position: int | None, staff_no: str) -> tuple:
    """Where a person stands in the post table: their department (DepartmentTree.order), post, staff number."""
    return order.get(department_id, ()), post_position or 0, staff_no


def top_departments() -> dict[int, Department]:
    """Department id → its top-level department (sub-units count with their parent)."""
    departments = {d.id: d for d in db.session.scalars(select(Department))}
    tops = {}
    for department_id, department in departments.items():
        node = department
        while node.parent_id is not None and node.parent_id in departments:
            node = departments[node.parent_id]
        tops[department_id] = node
    return tops


def department_assessments(cycle: AssessmentCycle, department_ids: Iterable[int] | None = None) -> list[Assessment]:
    """The cycle's assessments (all, or of these departments), eagerly loaded for a list or a batch of PDFs,
    in table order. A fixed number of queries whatever the size."""
    query = _with_what_pages_show().where(Assessment.cycle_id == cycle.id)
    if department_ids is not None:
        query = query.where(Assessment.department_id.in_(list(department_ids)))
    records = list(db.session.scalars(query))
    order = department_tree().order
    records.sort(key=lambda a: table_key(order, a.department_id, a.post.position if a.post else 0, a.employee.staff_no))
    return records


def assessment_ids_in_table_order(cycle: AssessmentCycle, department_ids: Iterable[int] | None = None, *,
                                  excellent_only: bool = False) -> list[int]:
    """The ids of department_assessments' list, read as four columns a row: a page loads only its own rows
    (assessments_in_order) however large the unit."""
    query = (select(Assessment.id, Assessment.department_id, Post.position, Employee.staff_no)
             .join(Employee, Assessment.employee_id == Employee.id).outerjoin(Post, Assessment.post_id == Post.id)
             .where(Assessment.cycle_id == cycle.id))
    if department_ids is not None:
        query = query.where(Assessment.department_id.in_(list(department_ids)))
    if excellent_only:
        query = query.where(Assessment.grade == Grade.EXCELLENT)
    rows = db.session.execute(query).all()
    order = department_tree().order
    rows.sort(key=lambda r: table_key(order, r.department_id, r.position, r.staff_no))
    return [r.id for r in rows]


def _in_table_order(tree: DepartmentTree) -> tuple:
    """table_key() as SQL: the database sorts and cuts the page, so a page reads its own rows only."""
    ranks = {i: rank for rank, i in enumerate(sorted(tree.order, key=tree.order.__getitem__))}
    return (case(ranks, value=Assessment.department_id, else_=-1).label("department_rank"),
            func.coalesce(Post.position, 0).label("post_position"), Employee.staff_no)


@dataclass(slots=True)
class PersonLine:
    """One person's line in a list of the cycle's people, read as columns (no ORM objects: a list may have
    hundreds): who, where, how far, the grade so far. Carries employee_id and department_id, so the access
    checks take it like an Assessment."""

    id: int
    employee_id: int
    department_id: int
    form_status: str
    special_case: str
    proposed_grade: str | None
    grade: str | None
    name: str
    post_name: str  # the post's full name

    @property
    def gradeable(self) -> bool:
        return self.special_case == SpecialCase.NONE


@dataclass(slots=True)
class DecisionLine(PersonLine):
    """A row of HR's decision page."""

    grade_note: str | None
    concurrent: bool  # concurrent posts are assessed on the same form (含兼任)
    quarters: list[QuarterMark | None]  # 平时考核, as quarterly.marks_for() gives them


class DecisionLines(Sequence):
    """The decision page's people (all, or of some departments) in table order, read a slice (a page) at a
    time. A slice reads the departments it falls in only, found by their number of people; the database
    orders and cuts them and reads the rows as columns, however large the unit. For paginate_list()."""

    def __init__(self, cycle: AssessmentCycle, people: Mapping[int, int], department_ids: Iterable[int] | None = None):
        """`people`: department id → people of the cycle in it (figures.department_counts)."""
        order = department_tree().order
        wanted = set(department_ids) if department_ids is not None else None
        self.cycle = cycle
        self.departments = [(i, people[i]) for i in sorted(people, key=lambda i: order.get(i, ()))
                            if wanted is None or i in wanted]

    def __len__(self) -> int:
        return sum(n for _department, n in self.departments)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0] if index >= 0 else self[len(self) + index]
        start, stop, step = index.indices(len(self))
        if step != 1:
            raise ValueError("a page of people is a plain slice")
        window, before, seen = [], 0, 0
        for department_id, n in self.departments:
            if seen + n <= start:
                before = seen + n
            elif seen < stop:
                window.append(department_id)
            seen += n
        return self._read(window, start - before, stop - start) if window and stop > start else []

    def _read(self, window: list[int], offset: int, limit: int) -> list[DecisionLine]:
        # The window's departments in table order; one department (most pages) needs no ranking.
        rank = [case({department_id: n for n, department_id in enumerate(window)}, value=Assessment.department_id)
                ] if len(window) > 1 else []
        assessed = (select(func.count()).where(AssessedPost.assessment_id == Assessment.id)
                    .correlate(Assessment).scalar_subquery())
        rows = db.session.execute(
            select(Assessment.id, Assessment.employee_id, Assessment.department_id, Assessment.form_status,
                   Assessment.special_case, Assessment.proposed_grade, Assessment.grade, Employee.name,
                   PostVersion.name, PostVersion.note, Assessment.grade_note, assessed > 1, quarterly.marks_column())
            .join(Employee, Assessment.employee_id == Employee.id)
            .join(PostVersion, Assessment.post_version_id == PostVersion.id)
            .outerjoin(Post, Assessment.post_id == Post.id)
            .where(Assessment.cycle_id == self.cycle.id, Assessment.department_id.in_(window))
            .order_by(*rank, func.coalesce(Post.position, 0), Employee.staff_no, Assessment.id)
            .limit(limit).offset(offset)).all()
        return [DecisionLine(*row[:8], PostVersion.full_name_of(row[8], row[9]), row[10], bool(row[11]),
                             quarterly.marks_in(row[12])) for row in rows]


@dataclass(frozen=True)
class ListedPerson:
    """A line of a published list: who, in which department (its path) and post (its full name)."""

    name: str
    department: str
    post: str


def excellent_people(cycle: AssessmentCycle) -> list[ListedPerson]:
    """The 优秀 list as the page shows it, in table order: the 优秀 rows only, as columns, in one query."""
    tree = department_tree()
    rows = db.session.execute(
        select(Employee.name, Assessment.department_id, PostVersion.name.label("post_name"), PostVersion.note)
        .join(Employee, Assessment.employee_id == Employee.id)
        .join(PostVersion, Assessment.post_version_id == PostVersion.id)
        .outerjoin(Post, Assessment.post_id == Post.id)
        .where(Assessment.cycle_id == cycle.id, Assessment.grade == Grade.EXCELLENT)
        .order_by(*_in_table_order(tree), Assessment.id)).all()
    return [ListedPerson(r.name, tree.paths[r.department_id], PostVersion.full_name_of(r.post_name, r.note))
            for r in rows]


def assessments_for(cycle: AssessmentCycle, user: User) -> list[Assessment]:
    """What the user may list: HR everyone's, a head their departments' (and their own), an employee their own."""
    if user.is_hr:
        return department_assessments(cycle)
    records = department_assessments(cycle, user.headed_department_ids()) if user.headed_department_ids() else []
    own = own_assessment(cycle, user)
    if own is not None and own not in records:
        records.append(own)
    return records


def review_scope(user: User, assessment: Assessment) -> list[Assessment]:
    """Whom 'previous / next person' walks through on the review page: the people of the head's departments
    the user reviews, or (HR) those of the person's top department."""
    if access.can_manage_assessment(user):
        ids = assessment.department.top.subtree_ids()
    else:
        ids = user.headed_department_ids()
    return [a for a in department_assessments(assessment.cycle, ids)
            if access.can_review(user, a) and a.special_case != SpecialCase.NOT_GRADED]


def excellent_list(cycle: AssessmentCycle) -> list[Assessment]:
    """The 优秀 list (what is published), in table order: only the 优秀 rows are read."""
    return assessments_in_order(assessment_ids_in_table_order(cycle, excellent_only=True))


def appeals(cycle: AssessmentCycle) -> list[Assessment]:
    """Every appeal of the cycle: pending ones first, then by the day they were made."""
    appealed = [a for a in department_assessments(cycle) if a.appealed_on is not None]
    return sorted(appealed, key=lambda a: (not a.appeal_pending, a.appealed_on, a.id))


# ---------------------------------------------------------------- who takes part without a grade, who not at all

@dataclass(frozen=True)
class SpecialCaseRow:
    """Somebody who takes part without a grade, as the cycle page lists them."""

    id: int
    name: str
    department: str  # its path
    special_case: str
    reason: Explanation | None  # in the reader's language when the system wrote it
    flagged_by: str | None  # who marked it; None when it was found from the data (the hiring date)


def special_cases(cycle: AssessmentCycle) -> list[SpecialCaseRow]:
    """The cycle's assessments that take part without a grade (not graded, probation, …), in table order,
    as plain rows in one query (and the session's department tree)."""
    # Who marked the case, as User.name writes it; a subquery rather than aliased joins, which SQLAlchemy
    # takes about a millisecond to build.
    flagged_by = (select(func.coalesce(User.display_name, Employee.name, User.username))
                  .outerjoin(Employee, User.employee_id == Employee.id)
                  .where(User.id == Assessment.special_case_by_id).correlate(Assessment).scalar_subquery())
    rows = db.session.execute(
        select(Assessment.id, Assessment.department_id, Assessment.special_case, Assessment.special_case_reason,
               Assessment.special_reason_said, Employee.name, Employee.staff_no, Post.position, flagged_by.label("flagged_by"))
        .join(Employee, Assessment.employee_id == Employee.id).outerjoin(Post, Assessment.post_id == Post.id)
        # 'none' written out, as the partial index ix_assessment_cycle_special says it: read from that index.
        .where(Assessment.cycle_id == cycle.id,
               Assessment.special_case != literal(SpecialCase.NONE.value, literal_execute=True))
    ).all()
    tree = department_tree()
    rows.sort(key=lambda r: table_key(tree.order, r.department_id, r.position, r.staff_no))
    return [SpecialCaseRow(r.id, r.name, tree.paths[r.department_id], r.special_case,
                           Explanation(r.special_case_reason, r.special_reason_said) if r.special_case_reason else None,
                           r.flagged_by) for r in rows]


@dataclass
class Excluded:
    """Somebody who takes no part, or takes part without a grade, and why."""

    name: str
    staff_no: str
    reason: str
    assessment_id: int | None = None  # set for participants with a special case

    def as_json(self) -> dict:
        return {"name": self.name, "staff_no": self.staff_no, "reason": self.reason}


def non_participants(cycle: AssessmentCycle) -> list[Excluded]:
    """Active employees without an assessment in the cycle, and why (no main post on the cycle date, or
    appointed after the cycle was opened), as plain rows: who they are, then what they hold."""
    # NOT EXISTS, not NOT IN: PostgreSQL makes it a hash anti-join, where NOT IN (NULL-aware) filters every
    # employee through a hashed subplan.
    taking_part = select(Assessment.id).where(Assessment.cycle_id == cycle.id, Assessment.employee_id == Employee.id)
    people = db.session.execute(select(Employee.id, Employee.name, Employee.staff_no)
                                .where(Employee.active.is_(True), ~taking_part.exists())
                                .order_by(Employee.staff_no)).all()
    if not people:
        return []
    on = cycle.cycle_date
    held: dict[int, list] = {}
    # Their appointments open on the cycle date (Appointment.is_open), in the order they were made.
    for row in db.session.execute(
        select(Appointment.employee_id, Appointment.kind, Appointment.post_id)
        .where(Appointment.employee_id.in_([p.id for p in people]),
               or_(Appointment.start_date.is_(None), Appointment.start_date <= on),
               or_(Appointment.end_date.is_(None), Appointment.end_date > on))
        .order_by(Appointment.employee_id, Appointment.id)
    ).all():
        held.setdefault(row.employee_id, []).append(row)
    paths = post_paths(sorted({row.post_id for rows in held.values() for row in rows})) if held else {}
    return [Excluded(person.name, person.staff_no, explained(_why_not_taking_part(held.get(person.id, []), paths, on)))
            for person in people]


def _why_not_taking_part(held: list, paths: dict[int, str], on: date) -> Said:
    if any(a.kind == AppointmentKind.MAIN for a in held):
        return N_("考核开启后任职，未列入本年度考核")
    if held:
        why = N_("仅兼任 %(paths)s", paths="、".join(paths[a.post_id] for a in held))
    else:
        why = N_("无在岗岗位")
    return N_("考核基准日 %(day)s 无主岗（%(why)s）", day=on.isoformat(), why=why)


# ---------------------------------------------------------------- a department's list (heads, HR)

class AssessmentStep(NamedTuple):
    """Where one assessment of a department's list stands, without its texts: enough to count, order and
    page the list and to check who reviews it (it carries employee_id and department_id like an
    Assessment). A tuple: a department's list makes hundreds of them on every view."""

    id: int
    employee_id: int
    department_id: int
    form_status: str
    special_case: str
    name: str


@dataclass(frozen=True)
class StepCounts:
    """How many of some assessments stand at each step, as progress() counts them: people not graded
    take no step; everybody else stands at their assessment's."""

    participants: int
    not_graded: int
    draft: int
    self_submitted: int
    head_submitted: int

    @classmethod
    def of(cls, steps: Sequence[AssessmentStep]) -> StepCounts:
        taking_part = Counter(s.form_status for s in steps if s.special_case != SpecialCase.NOT_GRADED)
        return cls(len(steps), len(steps) - sum(taking_part.values()), taking_part[FormStatus.DRAFT],
                   taking_part[FormStatus.SELF_SUBMITTED], taking_part[FormStatus.HEAD_SUBMITTED])


@dataclass(slots=True)
class AssessmentRow(PersonLine):
    """A line of a department's list."""

    department_name: str
    concurrent: list[str]  # the full names of concurrent posts assessed on the same form
    gaps: RowGaps


def department_steps(cycle: AssessmentCycle, department_ids: Iterable[int]) -> list[AssessmentStep]:
    """Every assessment of these departments, in table order, in one query whatever the size."""
    rows = db.session.execute(
        select(Assessment.id, Assessment.employee_id, Assessment.department_id, Assessment.form_status,
               Assessment.special_case, Employee.name, Employee.staff_no, Post.position)
        .join(Employee, Assessment.employee_id == Employee.id).outerjoin(Post, Assessment.post_id == Post.id)
        .where(Assessment.cycle_id == cycle.id, Assessment.department_id.in_(list(department_ids)))
    ).all()
    order = department_tree().order
    rows.sort(key=lambda r: table_key(order, r.department_id, r.position, r.staff_no))
    return [AssessmentStep(r.id, r.employee_id, r.department_id, r.form_status, r.special_case, r.name) for r in rows]


# The version of each post assessed, beside the assessment's own: a name for the table, made once as the table
# is (building it with its columns took 0.2 ms a request; an ORM aliased() costs far more).
HELD_VERSION = PostVersion.__table__.alias("held")


def _posts_assessed(assessment_ids: list[int]):
    """These assessments with their department and post, each once per post assessed on it (the main post
    and any concurrent ones, in order), with how many duties that post lists."""
    held = HELD_VERSION
    return (
        select(Assessment.id, Assessment.proposed_grade, Assessment.grade, Assessment.dimension_ratings,
               Assessment.head_comments, Department.name.label("department_name"),
               PostVersion.name.label("post_name"), PostVersion.note.label("post_note"),
               AssessedPost.kind, AssessedPost.duty_ratings, held.c.name.label("held_name"),
               held.c.note.label("held_note"), json_list_length(held.c.duties).label("duty_count"))
        .join(Department, Assessment.department_id == Department.id)
        .join(PostVersion, Assessment.post_version_id == PostVersion.id)
        .outerjoin(AssessedPost, AssessedPost.assessment_id == Assessment.id)
        .outerjoin(held, AssessedPost.post_version_id == held.c.id)
        .where(Assessment.id.in_(assessment_ids))
        .order_by(Assessment.id, AssessedPost.position, AssessedPost.id)
    )


def department_rows(steps: Sequence[AssessmentStep]) -> list[AssessmentRow]:
    """These assessments (a page of department_steps) as list rows, in the same order, in one query."""
    lines_of: dict[int, list] = {}
    for line in db.session.execute(_posts_assessed([step.id for step in steps])).all():
        lines_of.setdefault(line.id, []).append(line)
    concurrent = AppointmentKind.CONCURRENT.value
    rows = []
    for step in steps:
        lines = lines_of[step.id]
        first = lines[0]
        held = [line for line in lines if line.kind is not None]  # an assessment may have no assessed post yet
        # The list shows how many items are still to rate, not which: counted, not built as DutyItems.
        missing, any_rated = 0, False
        for post in held:
            rated = sum(1 for rating in (post.duty_ratings or [])[:post.duty_count] if rating)
            missing, any_rated = missing + post.duty_count - rated, any_rated or rated > 0
        rest = gaps([], any_rated, first.dimension_ratings, first.head_comments, step.special_case,
                    first.proposed_grade, step.form_status)
        rows.append(AssessmentRow(
            step.id, step.employee_id, step.department_id, step.form_status, step.special_case,
            first.proposed_grade, first.grade, step.name, PostVersion.full_name_of(first.post_name, first.post_note),
            first.department_name,
            [PostVersion.full_name_of(post.held_name, post.held_note) for post in held if post.kind == concurrent],
            RowGaps(rest.count() + missing, rest.started)))
    return rows
