"""The counts of a cycle, for the overview, the dashboard, PDFs and `hrflow assessment status`: how many
stand at each step, the 优秀 quota and how much of it is used, grades per department.

Each is counted by the database in one or two queries whatever the number of people."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, func, select

from hrflow.assessment.queries import top_departments
from hrflow.extensions import db
from hrflow.models import Acknowledgement, Assessment, AssessmentCycle, Department, Grade, SpecialCase
from hrflow.models.assessment import CYCLE_FLOW, CycleStatus
from hrflow.models.base import chinese
from hrflow.models.org import DepartmentRow, DepartmentTree, department_tree
from hrflow.rules.quota import QuotaBase, Rounding, allocate, excellent_quota

# ---------------------------------------------------------------- the 优秀 quota


@dataclass
class QuotaSummary:
    """The 优秀 quota of a cycle as it stands."""

    year: int
    participants: int
    base: int  # participants who count for the quota (no special case)
    rate: int  # per cent in force
    rounding: str
    quota: int
    excellent: int  # 优秀 decided so far
    base_kind: str = QuotaBase.GRADED.value  # who ``base`` counts (QuotaBase)

    @property
    def remaining(self) -> int:
        return self.quota - self.excellent

    @property
    def base_words(self) -> str:
        return "应参加考核人数" if self.base_kind == QuotaBase.ALL_PARTICIPANTS else "定等次人数"

    @property
    def rounding_label(self) -> str:
        return Rounding(self.rounding).label

    def describe(self) -> str:
        return (f"{self.year} 年度优秀名额 {self.quota} 人（{self.base_words} {self.base} 人 × {self.rate}%，"
                f"{self.rounding_label}）")


def quota_summary(cycle: AssessmentCycle, progress: QuotaCounts | None = None) -> QuotaSummary:
    """The 优秀 quota and how much of it is used; from the cycle's progress when the caller has it."""
    if progress is None:
        gradeable = Assessment.special_case == SpecialCase.NONE
        participants, base, excellent = db.session.execute(
            select(func.count(), func.count().filter(gradeable),
                   func.count().filter(Assessment.grade == Grade.EXCELLENT))
            .where(Assessment.cycle_id == cycle.id)
        ).one()
    else:
        participants, excellent = progress.participants, progress.excellent
        base = participants - sum(progress.special.values())
    if cycle.quota_base == QuotaBase.ALL_PARTICIPANTS:
        base = participants  # 第十五条: 应参加年度考核的工作人员总人数
    return QuotaSummary(cycle.year, participants, base, cycle.rate, cycle.rounding,
                        excellent_quota(base, cycle.rate, cycle.rounding), excellent, cycle.quota_base)


def counts_for_base(cycle: AssessmentCycle, special_case: str) -> bool:
    """Whether one participant counts in the cycle's quota base."""
    return cycle.quota_base == QuotaBase.ALL_PARTICIPANTS or special_case == SpecialCase.NONE


@dataclass
class GradeRow:
    """One assessment's grade and special case, as the quota counts them."""

    id: int
    grade: str | None
    special_case: str
    department_id: int


def grade_rows(cycle: AssessmentCycle) -> list[GradeRow]:
    """Grade and special case of everyone in the cycle, read from the database (after lock_cycle: what
    is committed)."""
    rows = db.session.execute(
        select(Assessment.id, Assessment.grade, Assessment.special_case, Assessment.department_id)
        .where(Assessment.cycle_id == cycle.id).order_by(Assessment.id)
    ).all()
    return [GradeRow(*row) for row in rows]


@dataclass
class DepartmentQuota:
    department: DepartmentRow  # top-level (sub-units count with it): id and name
    participants: int
    base: int
    allocated: int  # its share of the unit quota (largest remainders)
    excellent: int

    @property
    def remaining(self) -> int:
        return self.allocated - self.excellent


def department_quotas(cycle: AssessmentCycle,
                      by_department: list[tuple[DepartmentRow, QuotaCounts]] | None = None) -> list[DepartmentQuota]:
    """The unit quota split over top-level departments, with each one's 优秀 so far (table order); from
    department_counts() or progress_by_department() when the caller has them (one grouped count otherwise)."""
    if by_department is None:
        by_department = department_counts(cycle)[0]
    quota = quota_summary(cycle, QuotaCounts.combined(p for _top, p in by_department)).quota
    bases = {top.id: p.participants if cycle.quota_base == QuotaBase.ALL_PARTICIPANTS
             else p.participants - sum(p.special.values()) for top, p in by_department}
    shares = department_shares(cycle, quota, bases)
    return [DepartmentQuota(top, p.participants, bases[top.id], shares[top.id], p.excellent)
            for top, p in by_department]


def department_shares(cycle: AssessmentCycle, quota: int, bases: dict[int, int]) -> dict[int, int]:
    """Each top-level department's 优秀 places: HR's allocation when set (leaning to 一线 posts, 第十五条),
    else the unit quota in proportion to the departments' bases (largest remainders)."""
    places = {int(k): int(v) for k, v in (cycle.department_places or {}).items()}
    if places:
        return {i: places.get(i, 0) for i in bases}
    return allocate(quota, bases)


# ---------------------------------------------------------------- progress

@dataclass
class QuotaCounts:
    """What the 优秀 quota is counted from (for a cycle, or for some departments): the people, those with a
    special case (SpecialCase value → n), and 优秀 so far."""

    participants: int = 0
    special: dict[str, int] = field(default_factory=dict)
    excellent: int = 0  # graded 优秀 so far

    def add(self, special_case: str, n: int, excellent: int) -> None:
        """A group of n people with one special case, `excellent` of them graded 优秀."""
        self.participants += n
        self.excellent += excellent
        if special_case != SpecialCase.NONE:
            self.special[special_case] = self.special.get(special_case, 0) + n

    @classmethod
    def combined(cls, parts: Iterable[QuotaCounts]):
        """The counts of several departments added up (the counts this class holds, of any kind of parts)."""
        total = cls()
        names = [f.name for f in fields(cls) if f.name != "special"]
        for part in parts:
            for name in names:
                setattr(total, name, getattr(total, name) + getattr(part, name))
            for case, n in part.special.items():
                total.special[case] = total.special.get(case, 0) + n
        return total


@dataclass
class Progress(QuotaCounts):
    """How many people stand at each step (for a cycle, or for some departments), and the quota's counts."""

    not_graded: int = 0  # take no part: nothing to fill in
    draft: int = 0  # self-summary not submitted
    self_submitted: int = 0  # waiting for the head
    head_submitted: int = 0
    graded: int = 0
    ungraded: int = 0  # gradeable, no grade yet
    acknowledged: int = 0
    disagreed: int = 0
    appeals: int = 0
    appeals_pending: int = 0

    def as_json(self) -> dict:
        return dict(self.__dict__)


def _how_many(condition) -> ColumnElement:
    """count(*) FILTER (WHERE condition): SQLite and PostgreSQL count it without an expression per row."""
    return func.count().filter(condition)


def _progress_columns() -> tuple:
    """People are grouped by step and special case; the database counts the rest within each group (the
    order _count_in takes them in)."""
    return (
        Assessment.form_status, Assessment.special_case,
        func.count(), func.count(Assessment.grade),
        _how_many(Assessment.acknowledgement != ""),  # NULL (not signed) is not counted either
        _how_many(Assessment.acknowledgement == Acknowledgement.DISAGREE.value), func.count(Assessment.appealed_on),
        _how_many(and_(Assessment.appealed_on.is_not(None), Assessment.appeal_outcome.is_(None))),
        _how_many(Assessment.grade == Grade.EXCELLENT.value),
    )


def progress(cycle: AssessmentCycle, department_ids: Iterable[int] | None = None) -> Progress:
    """Counts per step, in one query whatever the number of people."""
    query = select(*_progress_columns()).where(Assessment.cycle_id == cycle.id)
    if department_ids is not None:
        query = query.where(Assessment.department_id.in_(list(department_ids)))
    result = Progress()
    for row in db.session.execute(query.group_by(Assessment.form_status, Assessment.special_case)).all():
        _count_in(result, *row)
    return result


def progress_by_department(cycle: AssessmentCycle) -> list[tuple[DepartmentRow, Progress]]:
    """progress() per top-level department (sub-units included; each as a row with id and name), in table
    order; one query for all."""
    return cycle_counts(cycle).by_department


def department_counts(cycle: AssessmentCycle) -> tuple[list[tuple[DepartmentRow, QuotaCounts]], dict[int, int]]:
    """The quota's counts per top-level department (sub-units included, in table order), and from the same
    query the people of every department (sub-units on their own): a page of a list in table order finds
    the departments it falls in by them. Narrower than cycle_counts(): no steps, two counts a group, grouped
    in the order of the index that answers it (ix_assessment_cycle_progress), so nothing is sorted."""
    tree = department_tree()
    counts: dict[int, QuotaCounts] = {}
    people: dict[int, int] = {}
    rows = db.session.execute(
        select(Assessment.department_id, Assessment.special_case, func.count(),
               func.count().filter(Assessment.grade == Grade.EXCELLENT))
        .where(Assessment.cycle_id == cycle.id)
        .group_by(Assessment.department_id, Assessment.form_status, Assessment.special_case)
    ).all()
    for department_id, special_case, n, excellent in rows:
        counts.setdefault(tree.tops[department_id].id, QuotaCounts()).add(special_case, n, excellent)
        people[department_id] = people.get(department_id, 0) + n
    return _in_table_order(tree, counts), people


def _in_table_order(tree: DepartmentTree, counts: dict) -> list:
    """(top-level department, its counts) in table order."""
    return [(tree.tops[i], counts[i]) for i in sorted(counts, key=lambda i: tree.order.get(i, ()))]


class CycleCounts(NamedTuple):
    by_department: list[tuple[DepartmentRow, Progress]]  # progress_by_department()
    people: dict[int, int]  # department id (sub-units on their own) → participants
    rated: dict[int, int]  # department id → participants someone rates (all but 不参加评定等次); none: left out


def cycle_counts(cycle: AssessmentCycle) -> CycleCounts:
    """The cycle's counts per department in one grouped query: department_counts(), and the people of each
    department somebody rates (review_aids.unheaded_departments)."""
    tree = department_tree()
    tops = tree.tops
    counts: dict[int, Progress] = {}
    people: dict[int, int] = {}
    rated: dict[int, int] = {}
    rows = db.session.execute(
        select(Assessment.department_id, *_progress_columns()).where(Assessment.cycle_id == cycle.id)
        .group_by(Assessment.department_id, Assessment.form_status, Assessment.special_case)
    ).all()
    for department_id, *state in rows:
        _count_in(counts.setdefault(tops[department_id].id, Progress()), *state)
        people[department_id] = people.get(department_id, 0) + state[2]
        if state[1] != SpecialCase.NOT_GRADED:
            rated[department_id] = rated.get(department_id, 0) + state[2]
    return CycleCounts(_in_table_order(tree, counts), people, rated)


def _count_in(result: Progress, status: str, special_case: str, n: int, graded: int, acknowledged: int,
              disagreed: int, appeals: int, appeals_pending: int, excellent: int) -> None:
    """Add a group of n people at one step with one special case to the counts."""
    result.add(special_case, n, excellent)
    if special_case == SpecialCase.NOT_GRADED:
        result.not_graded += n
        return
    setattr(result, status, getattr(result, status) + n)
    result.graded += graded
    if special_case == SpecialCase.NONE:
        result.ungraded += n - graded
    result.acknowledged += acknowledged
    result.disagreed += disagreed
    result.appeals += appeals
    result.appeals_pending += appeals_pending


# ---------------------------------------------------------------- grades

@dataclass
class GradeDistribution:
    """One department's (top-level, sub-units included) or the unit's grades."""

    department: Department | None  # None: the whole unit
    participants: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {g.value: 0 for g in Grade})  # Grade value → n
    ungraded: int = 0
    special: int = 0

    @property
    def name(self) -> str:
        return self.department.name if self.department else "全单位"

    def labelled(self) -> dict[str, int]:
        """{'优秀': n, '合格': n, '基本合格': n, '不合格': n}"""
        return {chinese(Grade(g).label): n for g, n in self.counts.items()}


def grade_distribution(cycle: AssessmentCycle) -> tuple[list[GradeDistribution], GradeDistribution]:
    """Grades per top-level department (table order) and for the unit, in two queries."""
    tops = top_departments()
    order = department_tree().order
    rows: dict[int, GradeDistribution] = {}
    total = GradeDistribution(None)
    for row in grade_rows(cycle):
        top = tops[row.department_id]
        for bucket in (rows.setdefault(top.id, GradeDistribution(top)), total):
            bucket.participants += 1
            if row.grade:
                bucket.counts[row.grade] += 1
            elif row.special_case != SpecialCase.NONE:
                bucket.special += 1
            else:
                bucket.ungraded += 1
    return [rows[i] for i in sorted(rows, key=lambda i: order.get(i, ()))], total


def status_json(cycle: AssessmentCycle) -> dict:
    """`hrflow assessment status --json`."""
    summary = quota_summary(cycle)
    _, total = grade_distribution(cycle)
    return {
        "year": cycle.year,
        "status": cycle.status,
        "participants": summary.participants,
        "quota_base": summary.base,
        "excellent_rate": summary.rate,
        "excellent_quota": summary.quota,
        "graded": total.labelled(),
        "progress": progress(cycle).as_json(),
    }


# ---------------------------------------------------------------- the steps, ticked when complete

@dataclass(frozen=True)
class FlowStep:
    """One step of the cycle on the overview: where the cycle stands (done / passed / current / todo) and
    whether the step's work is complete. A step is ticked only when complete: a cycle may have moved past
    the self-summaries with some still missing (heads may submit without them), and that step is not done."""

    step: str  # CycleStatus value
    state: str  # done (passed and complete), passed (passed, work left), current, todo
    complete: bool
    outstanding: int = 0  # people or appeals still to do, for the steps that count them


def checked_flow(cycle: AssessmentCycle, counts: Progress, today: date) -> list[FlowStep]:
    """Every step of the cycle with its completeness, from the cycle's counts and dates."""
    outstanding = {
        CycleStatus.OPEN: 0 if counts.participants else 1,
        CycleStatus.SELF_REVIEW: counts.draft,
        CycleStatus.HEAD_REVIEW: counts.draft + counts.self_submitted,
        CycleStatus.DECISION: counts.ungraded,
        CycleStatus.PUBLICITY: 0 if cycle.publicity_end and today > cycle.publicity_end else 1,
        CycleStatus.ACKNOWLEDGEMENT: counts.appeals_pending
        + (0 if cycle.appeal_deadline and today > cycle.appeal_deadline else 1),
        CycleStatus.ARCHIVED: 0 if cycle.is_archived else 1,
    }
    current = CYCLE_FLOW.index(CycleStatus(cycle.status))
    steps = []
    for index, step in enumerate(CYCLE_FLOW):
        complete = outstanding[step] == 0 and index <= current
        state = ("done" if complete else "passed") if index < current else "current" if index == current else "todo"
        counted = step in (CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)
        steps.append(FlowStep(step.value, state, complete, outstanding[step] if counted else 0))
    return steps
