"""What helps whoever rates see where they stand, read for the review page and the cycle overview: the 优秀
reference beside the proposed grade (考核规定 第十五条 quota, 第三十四条 平时考核 as a reference), and the
departments no head with a login reviews, which HR rates instead."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from hrflow.assessment import figures, quarterly
from hrflow.extensions import db
from hrflow.models import Assessment, AssessmentCycle, Grade, Role, SpecialCase, User
from hrflow.models.auth import user_departments
from hrflow.models.org import DepartmentRow, department_tree


@dataclass(frozen=True)
class ExcellentReference:
    """The 优秀 places as the person proposing sees them: the unit's rate and quota, the share of the
    person's top-level department, the 优秀 already proposed there, and what bars this person."""

    rate: int
    unit_quota: int
    department: str
    share: int  # the department's share of the unit quota (largest remainders)
    proposed: int  # 优秀 proposed in the department so far, this person included
    barred: str | None  # why 优秀 is barred for this person (a weak quarter), or None

    @property
    def over(self) -> bool:
        return self.proposed > self.share


def excellent_reference(assessment: Assessment) -> ExcellentReference:
    cycle = assessment.cycle
    top = assessment.department.top
    shares = {s.department.id: s for s in figures.department_quotas(cycle)}
    share = shares.get(top.id)
    proposed = db.session.scalar(select(func.count()).select_from(Assessment).where(
        Assessment.cycle_id == cycle.id, Assessment.department_id.in_(top.subtree_ids()),
        Assessment.proposed_grade == Grade.EXCELLENT.value))
    summary = figures.quota_summary(cycle)
    return ExcellentReference(summary.rate, summary.quota, top.name, share.allocated if share else 0, proposed,
                              quarterly.excellent_barred(cycle, assessment.employee_id))


@dataclass(frozen=True)
class Unheaded:
    """A top-level department some of whose people no head with a login reviews: HR rates them."""

    department: DepartmentRow
    people: int  # participants to review without a head


def unheaded_departments(cycle: AssessmentCycle, rated: dict[int, int] | None = None) -> list[Unheaded]:
    """Top-level departments (table order) holding participants outside every active head's reach.
    ``rated``: the people somebody rates per department, when the caller has them (figures.cycle_counts);
    else one grouped count."""
    tree = department_tree()
    headed = db.session.scalars(select(user_departments.c.department_id).join(User, User.id == user_departments.c.user_id)
                                .where(User.role == Role.HEAD.value, User.active.is_(True))).all()
    reached = tree.subtree(headed) if headed else set()
    tops = tree.tops
    counts: dict[int, int] = {}
    if rated is None:
        rated = dict(db.session.execute(select(Assessment.department_id, func.count()).where(
            Assessment.cycle_id == cycle.id, Assessment.special_case != SpecialCase.NOT_GRADED.value)
            .group_by(Assessment.department_id)).all())
    for department_id, n in rated.items():
        if department_id not in reached:
            top = tops[department_id].id
            counts[top] = counts.get(top, 0) + n
    return [Unheaded(tree.by_id[i], counts[i]) for i in sorted(counts, key=lambda i: tree.order.get(i, ()))]
