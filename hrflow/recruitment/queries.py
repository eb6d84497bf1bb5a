"""Read-side of recruitment for pages and printed forms: counts per vacancy, the applicants list with
its filters, the review queue, verdict tables, rankings. Nothing here writes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, bindparam, case, func, select
from sqlalchemy.orm import contains_eager, defer, selectinload

from hrflow.extensions import db, read_rows
from hrflow.models import (
    Applicant,
    Application,
    ApplicationStatus,
    ApplicationTally,
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
from hrflow.models.org import department_tree
from hrflow.posts.services import subtree_ids
from hrflow.recruitment.access import reach
from hrflow.recruitment.services import ExamCheck
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
    """Applications per vacancy and review status, from the tally (a few rows per vacancy)."""
    counts = {vacancy_id: Counts() for vacancy_id in vacancy_ids}
    if vacancy_ids:
        rows = read_rows(_tally_statement(), {"vacancy_ids": list(vacancy_ids)}).all()
        for vacancy_id, status, n in rows:
            counts[vacancy_id].add(status, n)
    return counts


@cache
def _tally_statement() -> Select:
    return (select(ApplicationTally.vacancy_id, ApplicationTally.status, ApplicationTally.n)
            .where(ApplicationTally.vacancy_id.in_(bindparam("vacancy_ids", expanding=True))))


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


def _reach(user: User) -> set[int] | None:
    """access.reach in one query, however many departments the head heads."""
    if user.is_hr:
        return None
    return subtree_ids(user.departments) if user.role == Role.HEAD else set()


def visible_vacancies_query(user: User, round_: RecruitmentRound) -> Select:
    """The round's vacancies the user sees (like access.visible_vacancies), with their posts; their
    rules and requirements (JSON) are left unloaded until asked for."""
    query = (
        select(Vacancy).join(Post, Vacancy.post_id == Post.id).where(Vacancy.round_id == round_.id)
        .options(contains_eager(Vacancy.post), defer(Vacancy.rules), defer(Vacancy.requirements))
        .order_by(Vacancy.id)
    )
    departments = _reach(user)
    return query if departments is None else query.where(Post.department_id.in_(departments or [-1]))


def visible_vacancies(user: User, round_: RecruitmentRound) -> list[Vacancy]:
    """visible_vacancies_query in one query however many vacancies."""
    return list(db.session.scalars(visible_vacancies_query(user, round_)))


# The pages' statements below are built once for HR and once for heads; the round and the head's
# departments are bound on each run (building a statement costs more than the database takes to answer it).

def _visibility(user: User, round_: RecruitmentRound | int) -> tuple[bool, dict]:
    """Whether the user sees only some departments' vacancies, and the parameters of the statements."""
    round_id = round_ if isinstance(round_, int) else round_.id
    departments = _reach(user)
    if departments is None:
        return False, {"round_id": round_id}
    return True, {"round_id": round_id, "departments": list(departments) or [-1]}


def _visible_ids_statement(for_head: bool) -> Select:
    query = select(Vacancy.id).where(Vacancy.round_id == bindparam("round_id"))
    if not for_head:
        return query
    return query.where(Vacancy.post_id.in_(
        select(Post.id).where(Post.department_id.in_(bindparam("departments", expanding=True)))))


@cache
def _round_statements(for_head: bool) -> dict[str, Select]:
    visible = _visible_ids_statement(for_head)
    tally = ApplicationTally.vacancy_id.in_(visible)
    return {
        "round": select(RecruitmentRound, visible.exists()).where(RecruitmentRound.id == bindparam("round_id")),
        "post_names": select(Vacancy.id, Post.department_id, PostVersion.name).join(Post, Vacancy.post_id == Post.id)
        .join(PostVersion, Post.current_version_id == PostVersion.id).where(Vacancy.id.in_(visible))
        .order_by(Vacancy.id),
        "summary": select(select(func.count()).select_from(visible.subquery()).scalar_subquery(),
                          *(_tallied(status) for status in _COUNTED)).select_from(ApplicationTally).where(tally),
        "vacancies": _vacancy_rows_statement(visible),
    }


_COUNTED = (ApplicationStatus.ELIGIBLE, ApplicationStatus.NEEDS_REVIEW, ApplicationStatus.NOT_ELIGIBLE, None)


def _run(user: User, round_: RecruitmentRound, name: str):
    for_head, params = _visibility(user, round_)
    return read_rows(_round_statements(for_head)[name], params)


def round_in_reach(user: User, round_id: int) -> tuple[RecruitmentRound | None, bool]:
    """The round (None when there is none) and whether the user sees at least one of its vacancies
    (access.can_see_round), in one query."""
    for_head, params = _visibility(user, round_id)
    row = db.session.execute(_round_statements(for_head)["round"], params).first()
    return (None, False) if row is None else (row[0], bool(row[1]))


def vacancy_paths(user: User, round_: RecruitmentRound) -> dict[int, str]:
    """Vacancy id → its post's path ('成人部/流通部/工作人员'), for the vacancies the user sees, in id order:
    what a filter's choices and a list's post column need, in one query (and the department tree)."""
    tree = department_tree()
    return {vacancy_id: tree.post_path(department_id, name)
            for vacancy_id, department_id, name in _run(user, round_, "post_names").all()}


def round_summary(user: User, round_: RecruitmentRound) -> tuple[int, Counts]:
    """How many of the round's vacancies the user sees, and the applications to them by review status
    (summed from the tally), in one query."""
    vacancies, eligible, needs_review, not_eligible, applicants = _run(user, round_, "summary").one()
    return vacancies, Counts(applicants, eligible, needs_review, not_eligible)


@dataclass(frozen=True)
class VacancyRow:
    """What the round page shows of a vacancy, read as columns with its post's name and its counts from
    the tally, in one query (a round may have hundreds)."""

    id: int
    post_id: int
    openings: int
    cancelled: bool
    exam_decision: str | None
    department_id: int
    post_name: str
    counts: Counts


def _tallied(status: ApplicationStatus | None):
    """Applications of one review status (None: all) summed over the tally rows selected."""
    counted = ApplicationTally.n if status is None else case((ApplicationTally.status == status.value,
                                                              ApplicationTally.n), else_=0)
    return func.coalesce(func.sum(counted), 0)


def _vacancy_rows_statement(visible: Select) -> Select:
    # The round's tally is added up per vacancy in a subquery and joined: the database then reads the
    # page's vacancies in id order and stops after a page (a GROUP BY over the join would count every
    # vacancy of the round before sorting them).
    tallied = (select(ApplicationTally.vacancy_id, *(_tallied(status).label(f"n{i}") for i, status in enumerate(_COUNTED)))
               .where(ApplicationTally.vacancy_id.in_(visible)).group_by(ApplicationTally.vacancy_id).subquery())
    return (
        select(Vacancy.id, Vacancy.post_id, Vacancy.openings, Vacancy.cancelled, Vacancy.exam_decision,
               Post.department_id, PostVersion.name, *(func.coalesce(tallied.c[f"n{i}"], 0) for i in range(len(_COUNTED))))
        .join(Post, Vacancy.post_id == Post.id).join(PostVersion, Post.current_version_id == PostVersion.id)
        .outerjoin(tallied, tallied.c.vacancy_id == Vacancy.id)
        .where(Vacancy.id.in_(visible)).order_by(Vacancy.id)
    )


def _vacancy_row(id, post_id, openings, cancelled, exam_decision, department_id, post_name, eligible,
                 needs_review, not_eligible, applicants) -> VacancyRow:
    return VacancyRow(id, post_id, openings, cancelled, exam_decision, department_id, post_name,
                      Counts(applicants, eligible, needs_review, not_eligible))


def vacancy_rows(user: User, round_: RecruitmentRound) -> tuple[Select, dict, Callable]:
    """For paginate_rows: the statement of the vacancies the user sees (with post names and counts), its
    parameters and what turns a row into a VacancyRow (round_summary counts them)."""
    for_head, params = _visibility(user, round_)
    return _round_statements(for_head)["vacancies"], params, _vacancy_row


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
    return [VacancyLine(v, counts[v.id], ExamCheck(counts[v.id].eligible, v.openings, round_.exam_ratio), due)
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
    departments = reach(user)
    query = select(Vacancy).join(Post, Vacancy.post_id == Post.id).options(selectinload(Vacancy.round))
    if departments is not None:
        query = query.where(Post.department_id.in_(departments or [-1]))
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


def applications_query(
    user: User, round_: RecruitmentRound, *, vacancy_id: int | None = None, status: str | None = None,
    name: str | None = None, sort: str = "id",
) -> Select:
    """Applications to the round's vacancies the user sees, filtered and sorted; the applicant is loaded
    with them (one more query per page), the vacancy when asked for (with_vacancies). The round is matched
    through the ids of its vacancies as a subquery, which the database reads from the (vacancy, status) index."""
    shape, params = _filters(user, round_, vacancy_id, status, name)
    return _applications_statement(False, *shape, sort if sort in SORTS else "id").params(params)


def applicant_rows(
    user: User, round_: RecruitmentRound, *, vacancy_id: int | None = None, status: str | None = None,
    name: str | None = None, sort: str = "id",
) -> tuple[Select, dict]:
    """applications_query for the list page, as ListedApplication columns (the applicant's joined), and the
    parameters its filters bind."""
    shape, params = _filters(user, round_, vacancy_id, status, name)
    return _applications_statement(True, *shape, sort if sort in SORTS else "id"), params


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


def _filters(user: User, round_: RecruitmentRound, vacancy_id: int | None, status: str | None,
             name: str | None) -> tuple[tuple[bool, bool, bool, bool], dict]:
    """Which filters apply (the shape of the statement) and the values they bind."""
    for_head, params = _visibility(user, round_)
    if vacancy_id is not None:
        params["vacancy_id"] = vacancy_id
    if status:
        params["status"] = status
    if name:
        params["name"] = "%" + re.sub(r"([%_/])", r"/\1", name) + "%"  # searched for literally
    return (for_head, vacancy_id is not None, bool(status), bool(name)), params


@cache
def _applications_statement(columns: bool, for_head: bool, by_vacancy: bool, by_status: bool, by_name: bool,
                            sort: str) -> Select:
    """The filters and order both list queries share; the applicant is joined only when they need it."""
    if columns:
        query = select(Application.id, Application.vacancy_id, Application.status, Application.composite,
                       Application.outcome, Applicant.name, Applicant.gender, Applicant.birth_date,
                       Applicant.education)
    else:
        query = select(Application).options(selectinload(Application.applicant))
    if columns or by_name or sort in APPLICANT_SORTS:
        query = query.join(Applicant, Application.applicant_id == Applicant.id)
    query = query.where(Application.vacancy_id.in_(_visible_ids_statement(for_head)))
    if by_vacancy:
        query = query.where(Application.vacancy_id == bindparam("vacancy_id"))
    if by_status:
        query = query.where(Application.status == bindparam("status"))
    if by_name:
        query = query.where(Applicant.name.like(bindparam("name"), escape="/"))
    return query.order_by(*SORTS[sort])


@cache
def _tally_total_statement(for_head: bool, by_vacancy: bool, by_status: bool) -> Select:
    query = select(func.coalesce(func.sum(ApplicationTally.n), 0)).where(
        ApplicationTally.vacancy_id.in_(_visible_ids_statement(for_head)))
    if by_vacancy:
        query = query.where(ApplicationTally.vacancy_id == bindparam("vacancy_id"))
    if by_status:
        query = query.where(ApplicationTally.status == bindparam("status"))
    return query


def applications_total(user: User, round_: RecruitmentRound, *, vacancy_id: int | None = None,
                       status: str | None = None, name: str | None = None, **_sort) -> int | None:
    """How many applications the filters match, from the tally; None when a name is searched (that count
    needs the applications themselves)."""
    if name:
        return None
    (for_head, by_vacancy, by_status, _by_name), params = _filters(user, round_, vacancy_id, status, None)
    return int(read_rows(_tally_total_statement(for_head, by_vacancy, by_status), params).scalar_one())


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
        VerdictRow(index, v["text"], v.get("kind", ""), bool(v.get("required", True)), v["verdict"], v["evidence"],
                   decisions.get(index))
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
        .options(selectinload(Application.applicant))
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
