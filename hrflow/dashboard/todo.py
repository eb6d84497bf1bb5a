"""What is waiting for me: the to-do list on each role's home page.

Each item says what and how many and names the page that lists exactly those (an endpoint and its
arguments; the template builds the link). Pure reads with the acting user and the unit's today as
arguments, a fixed number of statements whatever the data: HR's list is four, a head's or an employee's
home at most seven.

HR (domain.md: recruitment and annual assessment):
- recruitment: applications waiting for HR's review (while the round takes applications), vacancies short
  of their 开考比例 with no decision yet (资格审查, the step that decides it), rounds whose 公示 has ended,
  hires whose 公示 is over and who passed 体检 and 考察 (ready to appoint);
- the annual assessment: self-summaries not yet submitted, forms the heads have not reviewed, the unit's
  grades to decide, signatures outstanding, a 优秀 公示 that has ended;
- the latest post-table import, when it left warnings to check.
Heads: their department's forms to review and self-summaries outstanding, their departments. Everyone
with an employee record: their own self-summary and signature, their posts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import and_, case, func, or_, select

from hrflow.explanations import Explanation
from hrflow.extensions import db
from hrflow.models import (
    Actor,
    Application,
    ApplicationStatus,
    Appointment,
    AppointmentKind,
    Assessment,
    AssessmentCycle,
    CheckResult,
    CycleStatus,
    FormStatus,
    ImportBatch,
    Outcome,
    Post,
    PostVersion,
    RecruitmentRound,
    RoundStatus,
    SpecialCase,
    Vacancy,
)
from hrflow.models.org import DepartmentTree, department_tree
from hrflow.models.recruitment import ENROLLING
from hrflow.posts.importing import stored_warnings

# The steps in which self-summaries are written and heads review (hrflow/assessment/operations.py and
# head_review.py say the same: a form left behind may still be finished until the unit decides).
SELF_SUMMARY_STEPS = (CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)
HEAD_REVIEW_STEPS = (CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)


@dataclass
class TodoItem:
    key: str  # what kind of work: a class name on the page, and what tests look for
    text: LazyString | str  # what, with its number, in the reader's language
    count: int
    endpoint: str  # the list that shows exactly these
    params: dict = field(default_factory=dict)


@dataclass
class DepartmentLink:
    id: int
    name: str
    path: str


@dataclass
class HeldPost:
    post_id: int
    name: str
    department_path: str
    concurrent: bool


@dataclass
class Home:
    """A head's or an employee's home: the to-do list, the departments they head and the posts they hold."""

    items: list[TodoItem]
    departments: list[DepartmentLink]
    posts: list[HeldPost]
    cycle_year: int | None  # the latest annual assessment, for the department's assessment page


# ---------------------------------------------------------------- HR


def hr_todo(today: date) -> list[TodoItem]:
    return [*_recruitment_items(today), *_assessment_items(today), *_import_items()]


def _count(condition) -> object:
    return select(func.count()).where(condition).scalar_subquery()


def _recruitment_items(today: date) -> list[TodoItem]:
    """Every open round with its four counts, in one statement (each count a correlated subquery on the
    round's own applications or vacancies)."""
    R = RecruitmentRound  # noqa: N806 (the round, as the SQL reads)
    eligible = (select(func.count()).where(Application.vacancy_id == Vacancy.id,
                                           Application.status == ApplicationStatus.ELIGIBLE.value)
                .correlate(Vacancy).scalar_subquery())
    review = _count(and_(Application.round_id == R.id, Application.status == ApplicationStatus.NEEDS_REVIEW.value))
    short = select(func.count()).select_from(Vacancy).where(
        Vacancy.round_id == R.id, Vacancy.cancelled.is_(False), Vacancy.exam_decision.is_(None),
        eligible < Vacancy.exam_ratio * Vacancy.openings).correlate(R).scalar_subquery()
    publicity_over = case((Application.own_publicity, Application.publicity_end < today), else_=R.publicity_end < today)
    ready = _count(and_(
        Application.round_id == R.id, Application.outcome == Outcome.PROPOSED.value, publicity_over,
        or_(R.medical_check.is_(False), Application.medical_result == CheckResult.PASSED.value),
        or_(R.inspection_check.is_(False), Application.inspection_result == CheckResult.PASSED.value)))
    rows = db.session.execute(
        select(R.id, R.name, R.status, R.publicity_end, review, short, ready)
        .where(R.status != RoundStatus.CLOSED.value).order_by(R.id)
    ).all()
    items: list[TodoItem] = []
    for round_id, name, status, publicity_end, needs_review, short_vacancies, hires in rows:
        at = {"round_id": round_id}
        if needs_review and status in ENROLLING:
            items.append(TodoItem("applications-review", _l("%(round)s：%(n)s 份报名待资格审核", round=name, n=needs_review),
                                  needs_review, "recruitment.review_queue", at))
        if short_vacancies and status == RoundStatus.REVIEWING:
            items.append(TodoItem("exam-ratio", _l("%(round)s：%(n)s 个岗位未达到开考比例，需作出决定", round=name,
                                                   n=short_vacancies), short_vacancies, "recruitment.round_detail", at))
        if status == RoundStatus.PUBLICITY and publicity_end is not None and publicity_end < today:
            items.append(TodoItem("publicity-ended", _l("%(round)s：公示期已于 %(day)s 结束", round=name,
                                                        day=publicity_end.isoformat()), 1, "recruitment.round_detail", at))
        if hires and status == RoundStatus.PUBLICITY:
            items.append(TodoItem("hires-to-appoint", _l("%(round)s：%(n)s 名拟聘用人员可以办理聘用", round=name, n=hires),
                                  hires, "recruitment.publicity", at))
    return items


def _assessment_items(today: date) -> list[TodoItem]:
    """The cycles not yet archived with the forms at each step, in one statement."""
    A = Assessment  # noqa: N806
    taking_part = A.special_case != SpecialCase.NOT_GRADED.value

    def counted(condition) -> object:
        return func.coalesce(func.sum(case((and_(taking_part, condition), 1), else_=0)), 0)

    rows = db.session.execute(
        select(AssessmentCycle.year, AssessmentCycle.status, AssessmentCycle.publicity_end,
               counted(A.form_status == FormStatus.DRAFT.value),
               counted(A.form_status == FormStatus.SELF_SUBMITTED.value),
               counted(and_(A.special_case == SpecialCase.NONE.value, A.grade.is_(None))),
               counted(A.acknowledgement.is_(None)))
        .outerjoin(A, A.cycle_id == AssessmentCycle.id)
        .where(AssessmentCycle.status != CycleStatus.ARCHIVED.value)
        .group_by(AssessmentCycle.id, AssessmentCycle.year, AssessmentCycle.status, AssessmentCycle.publicity_end)
        .order_by(AssessmentCycle.year)
    ).all()
    items: list[TodoItem] = []
    for year, status, publicity_end, drafts, unreviewed, ungraded, unsigned in rows:
        at = {"year": year}
        if drafts and status in SELF_SUMMARY_STEPS:
            items.append(TodoItem("self-summaries", _l("%(year)s 年度考核：%(n)s 人尚未提交个人总结", year=year, n=drafts),
                                  drafts, "assessment.cycle", at))
        if unreviewed and status in HEAD_REVIEW_STEPS:
            items.append(TodoItem("head-reviews", _l("%(year)s 年度考核：%(n)s 份考核表部门负责人尚未评价", year=year,
                                                     n=unreviewed), unreviewed, "assessment.cycle", at))
        if status == CycleStatus.DECISION:
            items.append(TodoItem("decision", _l("%(year)s 年度考核：单位评定等次，%(n)s 人尚未定等次", year=year, n=ungraded),
                                  ungraded, "assessment.decision", at))
        if status == CycleStatus.PUBLICITY and publicity_end is not None and publicity_end < today:
            items.append(TodoItem("assessment-publicity-ended", _l("%(year)s 年度考核：优秀公示已于 %(day)s 结束", year=year,
                                                                   day=publicity_end.isoformat()), 1, "assessment.cycle", at))
        if unsigned and status == CycleStatus.ACKNOWLEDGEMENT:
            items.append(TodoItem("signatures", _l("%(year)s 年度考核：%(n)s 人尚未签署考核结果", year=year, n=unsigned),
                                  unsigned, "assessment.cycle", at))
    return items


def latest_import() -> ImportBatch | None:
    return db.session.scalar(select(ImportBatch).where(ImportBatch.kind == "posts")
                             .order_by(ImportBatch.id.desc()).limit(1))


def import_warnings(batch: ImportBatch | None) -> list[Explanation]:
    return stored_warnings(batch.report) if batch is not None else []


def _import_items() -> list[TodoItem]:
    """The latest post-table import's warnings: the dashboard lists them under #import-warnings."""
    batch = latest_import()
    warnings = import_warnings(batch)
    if not warnings:
        return []
    return [TodoItem("import-warnings", _l("最近一次导入岗位表（%(file)s）有 %(n)s 条提示需要核对", file=batch.filename,
                                           n=len(warnings)), len(warnings), "dashboard.home",
                     {"_anchor": "import-warnings"})]


# ---------------------------------------------------------------- heads and employees


def home(user: Actor, today: date) -> Home:
    """A head's or an employee's home (HR has the dashboard)."""
    cycle = db.session.execute(select(AssessmentCycle.id, AssessmentCycle.year, AssessmentCycle.status)
                               .order_by(AssessmentCycle.year.desc()).limit(1)).first()
    tree = department_tree()  # read once: outside a request every call reads it again
    departments = _headed(user, tree)
    items = _head_items(user, departments, cycle, tree) if departments else []
    items += _own_items(user)
    return Home(items, departments, _held_posts(user, today, tree), cycle.year if cycle else None)


def _headed(user: Actor, tree: DepartmentTree) -> list[DepartmentLink]:
    if user.role != "head":
        return []
    return [DepartmentLink(d.id, d.name, tree.paths.get(d.id, d.name)) for d in user.departments]


def _head_items(user: Actor, departments: list[DepartmentLink], cycle, tree: DepartmentTree) -> list[TodoItem]:
    """Per department headed: forms waiting for the head's review, self-summaries outstanding (the head's own
    form is the unit's to review, not theirs)."""
    if cycle is None or CycleStatus(cycle.status) not in SELF_SUMMARY_STEPS:
        return []
    reach = {d.id: tree.subtree([d.id]) for d in departments}
    every = set().union(*reach.values())
    query = (select(Assessment.department_id, Assessment.form_status, func.count())
             .where(Assessment.cycle_id == cycle.id, Assessment.department_id.in_(every),
                    Assessment.special_case != SpecialCase.NOT_GRADED.value,
                    Assessment.form_status.in_([FormStatus.DRAFT.value, FormStatus.SELF_SUBMITTED.value]))
             .group_by(Assessment.department_id, Assessment.form_status))
    if user.employee_id is not None:
        query = query.where(Assessment.employee_id != user.employee_id)
    counts = db.session.execute(query).all()
    items = []
    for department in departments:
        mine = reach[department.id]
        waiting = sum(n for d, status, n in counts if d in mine and status == FormStatus.SELF_SUBMITTED)
        drafts = sum(n for d, status, n in counts if d in mine and status == FormStatus.DRAFT)
        at = {"year": cycle.year, "department_id": department.id}
        if waiting and CycleStatus(cycle.status) in HEAD_REVIEW_STEPS:
            items.append(TodoItem("forms-to-review", _l("%(department)s：%(n)s 份考核表待您评价", department=department.name,
                                                        n=waiting), waiting, "assessment.department", at))
        if drafts:
            items.append(TodoItem("department-drafts", _l("%(department)s：%(n)s 人尚未提交个人总结",
                                                          department=department.name, n=drafts),
                                  drafts, "assessment.department", at))
    return items


def _own_items(user: Actor) -> list[TodoItem]:
    """The user's own forms in cycles not yet archived: a self-summary to submit, a result to sign."""
    if user.employee_id is None:
        return []
    rows = db.session.execute(
        select(Assessment.id, AssessmentCycle.year, AssessmentCycle.status, Assessment.form_status,
               Assessment.special_case, Assessment.acknowledgement)
        .join(AssessmentCycle, Assessment.cycle_id == AssessmentCycle.id)
        .where(Assessment.employee_id == user.employee_id, AssessmentCycle.status != CycleStatus.ARCHIVED.value)
        .order_by(AssessmentCycle.year)
    ).all()
    items = []
    for form_id, year, status, form_status, special_case, acknowledgement in rows:
        if special_case == SpecialCase.NOT_GRADED:
            continue
        at = {"form_id": form_id}
        if form_status == FormStatus.DRAFT and status in SELF_SUMMARY_STEPS:
            items.append(TodoItem("own-self-summary", _l("%(year)s 年度考核：请填写并提交个人总结", year=year), 1,
                                  "assessment.form", at))
        if status == CycleStatus.ACKNOWLEDGEMENT and acknowledgement is None:
            items.append(TodoItem("own-signature", _l("%(year)s 年度考核：请阅读考核结果并签署意见", year=year), 1,
                                  "assessment.form", at))
    return items


def _held_posts(user: Actor, today: date, tree: DepartmentTree) -> list[HeldPost]:
    """The posts the user holds today, the main post first, with their names (one statement)."""
    if user.employee_id is None:
        return []
    rows = db.session.execute(
        select(Post.id, PostVersion.name, Post.department_id, Appointment.kind)
        .join(Post, Appointment.post_id == Post.id).join(PostVersion, Post.current_version_id == PostVersion.id)
        .where(Appointment.employee_id == user.employee_id,
               or_(Appointment.start_date.is_(None), Appointment.start_date <= today),
               or_(Appointment.end_date.is_(None), Appointment.end_date > today))
        .order_by(Appointment.kind != AppointmentKind.MAIN.value, Appointment.id)
    ).all()
    return [HeldPost(post_id, name, tree.paths.get(department_id, ""), kind == AppointmentKind.CONCURRENT)
            for post_id, name, department_id, kind in rows]
