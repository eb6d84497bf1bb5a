"""Read-side of recruitment for pages, exports and printed forms: counts per vacancy, the applicants list
with its filters, the review queue, verdict tables, rankings. Nothing here writes.

Applications are counted where they are, grouped by vacancy and status: the (vacancy_id, status) index of
the application table answers those counts without reading the applications themselves."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, Subquery, and_, func, select
from sqlalchemy.orm import contains_eager, defer, selectinload

from hrflow.explanations import explanation
from hrflow.extensions import db
from hrflow.models import (
    Applicant,
    Application,
    ApplicationStatus,
    Outcome,
    Post,
    PostVersion,
    RecruitmentRound,
    Role,
    RoundStatus,
    RuleDecision,
    User,
    Vacancy,
)
from hrflow.models.base import json_rows
from hrflow.models.org import department_tree, department_tree_column, keep_department_tree
from hrflow.posts.queries import subtree_ids
from hrflow.recruitment.scores import ExamCheck
from hrflow.rules import Rule
from hrflow.rules.evaluate import INTERVIEW, NEEDS_REVIEW

# ---------------------------------------------------------------- counts


@dataclass
class Counts:
    applicants: int = 0
    eligible: int = 0
    needs_review: int = 0
    not_eligible: int = 0

    def add(self, status: str, n: int) -> None:
        self.applicants += n
        if status == ApplicationStatus.ELIGIBLE:
            self.eligible += n
        elif status == ApplicationStatus.NEEDS_REVIEW:
            self.needs_review += n
        elif status == ApplicationStatus.NOT_ELIGIBLE:
            self.not_eligible += n

    def merge(self, other: Counts) -> None:
        self.applicants += other.applicants
        self.eligible += other.eligible
        self.needs_review += other.needs_review
        self.not_eligible += other.not_eligible


def counts_by_vacancy(vacancy_ids: list[int]) -> dict[int, Counts]:
    """Applications per vacancy and review status, in one query."""
    counts = {vacancy_id: Counts() for vacancy_id in vacancy_ids}
    if vacancy_ids:
        rows = db.session.execute(
            select(Application.vacancy_id, Application.status, func.count())
            .where(Application.vacancy_id.in_(list(vacancy_ids)))
            .group_by(Application.vacancy_id, Application.status))
        for vacancy_id, status, n in rows:
            counts[vacancy_id].add(status, n)
    return counts


# Counts' fields after `applicants`, in the order the statements below select them.
_STATUSES = (ApplicationStatus.ELIGIBLE, ApplicationStatus.NEEDS_REVIEW, ApplicationStatus.NOT_ELIGIBLE)


def _counted(of_vacancies) -> list:
    """Applications of each review status among those `of_vacancies` (a condition on the application):
    one scalar subquery per status, each one range of an index that starts with what the condition names
    and the status."""
    return [select(func.count()).select_from(Application).where(of_vacancies, Application.status == status.value)
            .scalar_subquery() for status in _STATUSES]


def _counts(eligible: int, needs_review: int, not_eligible: int) -> Counts:
    """Every application has one of the three statuses: together they are all the applications."""
    return Counts(eligible + needs_review + not_eligible, eligible, needs_review, not_eligible)


def count_applications(round_: RecruitmentRound) -> int:
    return db.session.scalar(select(func.count()).select_from(Application).where(Application.round_id == round_.id))


# ---------------------------------------------------------------- what a user sees of a round


def _reach(user: User) -> set[int] | None:
    """access.reach in one query, however many departments the head heads; None: every department."""
    if user.is_hr:
        return None
    return subtree_ids(user.departments) if user.role == Role.HEAD else set()


def _visible_ids(user: User, round_id: int) -> Select:
    """The ids of the round's vacancies the user sees (access.visible_vacancies), as a subquery."""
    query = select(Vacancy.id).where(Vacancy.round_id == round_id)
    departments = _reach(user)
    if departments is None:
        return query
    return query.where(Vacancy.post_id.in_(select(Post.id).where(Post.department_id.in_(list(departments) or [-1]))))


def _visible_vacancy(user: User, round_id: int):
    """A condition on the vacancy: of the round, and seen by the user. For HR, who sees every vacancy, the
    round alone (no subquery of the round's vacancies to build and join)."""
    departments = _reach(user)
    if departments is None:
        return Vacancy.round_id == round_id
    return Vacancy.id.in_(_visible_ids(user, round_id))


def _visible_applications(user: User, round_id: int):
    """A condition on the application: to a vacancy of the round that the user sees. For HR, who sees every
    vacancy, the round alone: one range of the (round_id, status, id) index instead of a lookup per vacancy."""
    if _reach(user) is None:
        return Application.round_id == round_id
    return and_(Application.round_id == round_id, Application.vacancy_id.in_(_visible_ids(user, round_id)))


def visible_vacancies(user: User, round_: RecruitmentRound) -> list[Vacancy]:
    """The round's vacancies the user sees, with their posts, in one query; their rules and requirements
    (JSON) stay unloaded until asked for."""
    query = (select(Vacancy).join(Post, Vacancy.post_id == Post.id).where(Vacancy.round_id == round_.id)
             .options(contains_eager(Vacancy.post), defer(Vacancy.rules), defer(Vacancy.requirements))
             .order_by(Vacancy.id))
    departments = _reach(user)
    if departments is not None:
        query = query.where(Post.department_id.in_(list(departments) or [-1]))
    return list(db.session.scalars(query))


def round_in_reach(user: User, round_id: int) -> tuple[RecruitmentRound | None, bool]:
    """The round (None when there is none) and whether the user sees at least one of its vacancies
    (access.can_see_round), in one query."""
    row = db.session.execute(select(RecruitmentRound, _visible_ids(user, round_id).exists())
                             .where(RecruitmentRound.id == round_id)).first()
    return (None, False) if row is None else (row[0], bool(row[1]))


def vacancy_paths(user: User, round_id: int) -> dict[int, str]:
    """Vacancy id → its post's path ('成人部/流通部/工作人员'), for the vacancies the user sees, in id order:
    what a filter's choices and a list's post column need, in one query (and the department tree)."""
    return _paths_of_vacancies(_visible_vacancy(user, round_id))


def open_vacancy_paths(round_: RecruitmentRound) -> dict[int, str]:
    """The same for the vacancies of the round still recruited (not cancelled): the posts an applicant may
    choose on the 报名表, which thousands post in the deadline's last hour."""
    return _paths_of_vacancies(and_(Vacancy.round_id == round_.id, Vacancy.cancelled.is_(False)))


def _paths_of_vacancies(condition) -> dict[int, str]:
    """The vacancies and the department tree their paths are made from, each as one JSON column of one
    statement (a round has hundreds of vacancies, a statement of its own for the tree costs more than its rows)."""
    vacancies = (select(json_rows(Vacancy.id, Post.department_id, PostVersion.name)).select_from(Vacancy)
                 .join(Post, Vacancy.post_id == Post.id).join(PostVersion, Post.current_version_id == PostVersion.id)
                 .where(condition).scalar_subquery())
    tree_rows, rows = db.session.execute(select(department_tree_column(), vacancies)).one()
    tree = keep_department_tree(tree_rows)  # outside a request too: the tree is not read a second time
    return {vacancy_id: tree.post_path(department_id, name) for vacancy_id, department_id, name in sorted(rows or ())}


def _summary(user: User, round_id: int) -> list:
    """How many of the round's vacancies the user sees, and the applications to them by review status: four
    scalar subqueries."""
    vacancies = select(func.count()).select_from(Vacancy).where(_visible_vacancy(user, round_id)).scalar_subquery()
    return [vacancies, *_counted(_visible_applications(user, round_id))]


def round_summary(user: User, round_: RecruitmentRound) -> tuple[int, Counts]:
    """How many of the round's vacancies the user sees, and the applications to them by review status,
    in one query."""
    shown, *counted = db.session.execute(select(*_summary(user, round_.id))).one()
    return shown, _counts(*counted)


def round_overview(user: User, round_id: int) -> tuple[RecruitmentRound | None, int, Counts]:
    """The round (None when there is none) with round_summary's figures, in one query: what the round's page
    opens with, the department tree its vacancies' paths need coming along (keep_department_tree). The user
    reaches the round (access.can_see_round) when they see at least one of its vacancies."""
    row = db.session.execute(select(RecruitmentRound, department_tree_column(), *_summary(user, round_id))
                             .where(RecruitmentRound.id == round_id)).first()
    if row is None:
        return None, 0, Counts()
    round_, tree, shown, *counted = row
    keep_department_tree(tree)
    return round_, shown, _counts(*counted)


# ---------------------------------------------------------------- the vacancies of a round


@dataclass
class VacancyLine:
    """A vacancy with its counts and its 开考比例 check, worked out once for every cell that shows them."""

    vacancy: Vacancy | VacancyRow
    counts: Counts
    exam: ExamCheck
    exam_due: bool  # the ratio is judged from 资格审查 on; while applications still come in, a short count is no problem

    @property
    def need(self) -> int:
        """How many eligible applicants the ratio asks for."""
        return self.exam.ratio * self.exam.openings


@dataclass(frozen=True)
class VacancyRow:
    """What the round page shows of a vacancy, read as columns with its post's name and its counts, in
    one query (a round may have hundreds)."""

    id: int
    post_id: int
    openings: int
    cancelled: bool
    exam_decision: str | None
    exam_ratio: int
    department_id: int
    post_name: str
    counts: Counts


def _vacancy_row(id, post_id, openings, cancelled, exam_decision, exam_ratio, department_id, post_name,
                 *counted) -> VacancyRow:
    return VacancyRow(id, post_id, openings, cancelled, exam_decision, exam_ratio, department_id, post_name,
                      _counts(*counted))


def vacancy_rows(user: User, round_: RecruitmentRound) -> tuple[Select, type]:
    """For paginate_rows: the vacancies the user sees with their post names and counts, and what turns a
    row into a VacancyRow (round_summary counts them).

    The applications are counted for each vacancy of the page only (correlated subqueries on the
    (vacancy_id, status) index): the database reads the page's vacancies in id order and stops after a page."""
    statement = (
        select(Vacancy.id, Vacancy.post_id, Vacancy.openings, Vacancy.cancelled, Vacancy.exam_decision,
               Vacancy.exam_ratio, Post.department_id, PostVersion.name, *_counted(Application.vacancy_id == Vacancy.id))
        .join(Post, Vacancy.post_id == Post.id).join(PostVersion, Post.current_version_id == PostVersion.id)
        .where(_visible_vacancy(user, round_.id)).order_by(Vacancy.id)
    )
    return statement, _vacancy_row


def vacancy_row_paths(rows: list[VacancyRow]) -> dict[int, str]:
    """Post id → its path, for the rows' posts (their names came with the rows)."""
    tree = department_tree()
    return {row.post_id: tree.post_path(row.department_id, row.post_name) for row in rows}


def vacancy_lines(round_: RecruitmentRound, vacancies: list[Vacancy] | list[VacancyRow]) -> list[VacancyLine]:
    """Lines for vacancies of the round (ORM objects or rows)."""
    if not vacancies:
        return []
    if isinstance(vacancies[0], VacancyRow):
        counts = {v.id: v.counts for v in vacancies}
    else:
        counts = counts_by_vacancy([v.id for v in vacancies])
    due = round_.status not in (RoundStatus.DRAFT, RoundStatus.ANNOUNCED)
    return [VacancyLine(v, counts[v.id], ExamCheck(counts[v.id].eligible, v.openings, v.exam_ratio), due)
            for v in vacancies]


# ---------------------------------------------------------------- rounds


@dataclass
class RoundLine:
    round: RecruitmentRound
    vacancies: int
    openings: int
    counts: Counts


def round_lines(user: User) -> list[RoundLine]:
    """Every round the user reaches, newest first, counted over the vacancies they see."""
    departments = _reach(user)
    query = select(Vacancy).join(Post, Vacancy.post_id == Post.id).options(selectinload(Vacancy.round))
    if departments is not None:
        query = query.where(Post.department_id.in_(list(departments) or [-1]))
    vacancies = db.session.scalars(query).all()
    counts = counts_by_vacancy([v.id for v in vacancies])
    lines: dict[int, RoundLine] = {}
    for vacancy in vacancies:
        line = lines.setdefault(vacancy.round_id, RoundLine(vacancy.round, 0, 0, Counts()))
        line.vacancies += 1
        line.openings += 0 if vacancy.cancelled else vacancy.openings
        line.counts.merge(counts[vacancy.id])
    return sorted(lines.values(), key=lambda line: line.round.id, reverse=True)


# ---------------------------------------------------------------- applicants list

SORTS = {
    "id": (Application.id,),
    "name": (Applicant.name, Application.id),
    "birth": (Applicant.birth_date, Application.id),
    "post": (Application.vacancy_id, Application.id),
    "status": (Application.status, Application.id),
    "score": (Application.composite.is_(None), Application.composite.desc(), Application.id),
}
APPLICANT_SORTS = {"name", "birth"}  # sorts that need the applicant joined


class ListedApplication(NamedTuple):
    """A row of the applicants list."""

    id: int
    vacancy_id: int
    status: str
    composite: float | None
    outcome: str
    name: str
    gender: str | None
    birth_date: date | None
    education: str | None


def _filtered(query: Select, visible, *, joined: bool, vacancy_id: int | None, status: str | None,
              name: str | None, sort: str) -> Select:
    """The `visible` applications (a condition, _visible_applications), filtered and sorted; read from the
    (round, status, id) or (vacancy, status) index. The applicant is joined only when a filter or the order needs it (or
    `joined` asks for it)."""
    sort = sort if sort in SORTS else "id"
    if joined or name or sort in APPLICANT_SORTS:
        query = query.join(Applicant, Application.applicant_id == Applicant.id)
    query = query.where(visible)
    if vacancy_id is not None:
        query = query.where(Application.vacancy_id == vacancy_id)
    if status:
        query = query.where(Application.status == status)
    if name:
        query = query.where(Applicant.name.like("%" + re.sub(r"([%_/])", r"/\1", name) + "%", escape="/"))
    return query.order_by(*SORTS[sort])


def applications_query(user: User, round_: RecruitmentRound, *, vacancy_id: int | None = None,
                       status: str | None = None, name: str | None = None, sort: str = "id") -> Select:
    """The filtered applications as objects, their applicants loaded with them (one more query)."""
    query = select(Application).options(selectinload(Application.applicant))
    return _filtered(query, _visible_applications(user, round_.id), joined=False, vacancy_id=vacancy_id, status=status, name=name, sort=sort)


def applicant_rows(user: User, round_: RecruitmentRound, *, vacancy_id: int | None = None,
                   status: str | None = None, name: str | None = None,
                   sort: str = "id") -> tuple[Select, Callable[[Subquery], Select]]:
    """applications_query for the list page: the matching applications' ids in the list's order, and what
    reads a page of them with their applicants as ListedApplication rows. The page is cut first and read
    after: its ids, then each application and its applicant by primary key, so the database joins fifty
    applicants, not every matching one (and the statement names the tables' own columns, not a subquery's)."""
    sort = sort if sort in SORTS else "id"
    query = _filtered(select(Application.id), _visible_applications(user, round_.id), joined=False,
                      vacancy_id=vacancy_id, status=status, name=name, sort=sort)

    def with_applicants(page: Subquery) -> Select:
        return (select(Application.id, Application.vacancy_id, Application.status, Application.composite,
                       Application.outcome, Applicant.name, Applicant.gender, Applicant.birth_date, Applicant.education)
                .join(Applicant, Application.applicant_id == Applicant.id)
                .where(Application.id.in_(select(page.c.id))).order_by(*SORTS[sort]))

    return query, with_applicants


def round_with_total(user: User, round_id: int, *, vacancy_id: int | None = None, status: str | None = None,
                     name: str | None = None, **_sort) -> tuple[RecruitmentRound | None, bool, int | None]:
    """round_in_reach with how many of the applications the user sees in the round the filters match, in one
    query: what the applicants list opens with. The count reads an index alone; None when a name is searched
    (that count needs the applicants)."""
    columns = [RecruitmentRound, _visible_ids(user, round_id).exists()]
    if not name:
        total = select(func.count()).select_from(Application).where(_visible_applications(user, round_id))
        if vacancy_id is not None:
            total = total.where(Application.vacancy_id == vacancy_id)
        if status:
            total = total.where(Application.status == status)
        columns.append(total.scalar_subquery())
    row = db.session.execute(select(*columns).where(RecruitmentRound.id == round_id)).first()
    if row is None:
        return None, False, None
    return row[0], bool(row[1]), None if name else row[2]


def listed(query: Select) -> Select:
    """An applications query for a list of them (which names vacancies by id): the verdicts and marks
    (JSON) stay unloaded."""
    return query.options(defer(Application.verdicts), defer(Application.panel_marks))


def with_vacancies(query: Select) -> Select:
    """An applications query that also loads each application's vacancy (one more query)."""
    return query.options(selectinload(Application.vacancy).options(defer(Vacancy.rules), defer(Vacancy.requirements)))


def review_queue_query(user: User, round_: RecruitmentRound) -> Select:
    return with_vacancies(applications_query(user, round_, status=ApplicationStatus.NEEDS_REVIEW.value)).options(
        selectinload(Application.decisions)
    )


# ---------------------------------------------------------------- one application


@dataclass
class VerdictRow:
    index: int
    text: str
    kind: str
    required: bool
    verdict: str  # the automatic verdict
    evidence: str
    decision: RuleDecision | None = None

    @property
    def effective(self) -> str:
        return self.decision.status if self.decision else self.verdict

    @property
    def decidable(self) -> bool:
        """Only required rules decide eligibility; interview items and preferences are never decided here."""
        return self.required and self.verdict != INTERVIEW

    @property
    def pending(self) -> bool:
        return self.required and self.effective == NEEDS_REVIEW


def verdict_rows(application: Application) -> list[VerdictRow]:
    decisions = {d.rule_index: d for d in application.decisions}
    return [
        VerdictRow(index, v["text"], v.get("kind", ""), bool(v.get("required", True)), v["verdict"],
                   explanation(v["evidence"], v.get("said")), decisions.get(index))
        for index, v in enumerate(application.verdicts or [])
    ]


def pending_rows(application: Application) -> list[VerdictRow]:
    return [row for row in verdict_rows(application) if row.pending]


# ---------------------------------------------------------------- rules of a vacancy


def rules_of(rules: list[dict]) -> list[Rule]:
    return [Rule.from_dict(r) for r in rules]


def rule_sentences(rules: list[dict]) -> list[str]:
    """The source sentences of a vacancy's rules, each once, in order: what HR edits to correct them."""
    sentences: list[str] = []
    for rule in rules:
        if rule["text"] not in sentences:
            sentences.append(rule["text"])
    return sentences


# ---------------------------------------------------------------- ranking and publicity


@dataclass
class Ranking:
    vacancy: Vacancy
    ranked: list[Application] = field(default_factory=list)  # eligible, best first, unscored last
    withdrawn: list[Application] = field(default_factory=list)

    @property
    def proposed(self) -> list[Application]:
        return [a for a in self.ranked if a.outcome in (Outcome.PROPOSED, Outcome.APPOINTED)]


def rankings(vacancies: list[Vacancy]) -> list[Ranking]:
    ids = [v.id for v in vacancies]
    applications = db.session.scalars(
        select(Application)
        .where(Application.vacancy_id.in_(ids or [-1]), Application.status == ApplicationStatus.ELIGIBLE.value)
        .options(selectinload(Application.applicant), selectinload(Application.bonuses))  # 加分 on every row
    ).all()
    by_vacancy: dict[int, Ranking] = {v.id: Ranking(v) for v in vacancies}
    for application in sorted(applications, key=lambda a: (a.rank is None, a.rank or 0, a.id)):
        ranking = by_vacancy[application.vacancy_id]
        (ranking.withdrawn if application.outcome == Outcome.WITHDRAWN else ranking.ranked).append(application)
    return [by_vacancy[v.id] for v in vacancies]


def hires(vacancies: list[Vacancy]) -> list[Application]:
    """Proposed and appointed people, post by post in ranking order: the 公示 list."""
    return [a for ranking in rankings(vacancies) for a in ranking.ranked
            if a.outcome in (Outcome.PROPOSED, Outcome.APPOINTED)]
