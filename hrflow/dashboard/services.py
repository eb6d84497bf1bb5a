"""Figures for the HR home page: seats per department, recruitment progress, the latest annual assessment.

Each chart keeps its figures beside its SVG (the page shows them as a table on a phone) and links each bar
to the list it counts: `link(endpoint, **arguments)` builds the address (the route passes url_for)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from hrflow.assessment.figures import grade_distribution, progress_by_department
from hrflow.assessment.queries import latest_cycle
from hrflow.charts import Series, stacked_bars
from hrflow.extensions import db
from hrflow.models import Application, ApplicationStatus, RecruitmentRound, RoundStatus, Vacancy
from hrflow.models.assessment import label
from hrflow.models.org import department_tree
from hrflow.posts.seats import department_counts

Link = Callable[..., str]


@dataclass
class Chart:
    title: str
    labels: list[str]
    series: list[Series]
    links: list[str | None] = field(default_factory=list)
    unit: str = ""

    @property
    def svg(self) -> str:
        return stacked_bars(self.labels, self.series, title=self.title, links=self.links, unit=self.unit)

    def rows(self) -> list[tuple[str, str | None, list[float]]]:
        """(label, link, the series' values) per bar, for the table of figures."""
        return [(label, self.links[i] if self.links else None, [s.values[i] for s in self.series])
                for i, label in enumerate(self.labels)]


def seats_chart(link: Link) -> Chart | None:
    counts, _total = department_counts()
    departments = [row for row in department_tree().rows if row.parent_id is None]  # in table order
    if not departments:
        return None
    labels = [d.name for d in departments]
    filled = [counts[d.id].filled for d in departments]
    recruitable = [counts[d.id].recruitable for d in departments]
    other_vacant = [counts[d.id].vacant - counts[d.id].recruitable for d in departments]
    series = [Series(_("实聘"), filled, "#0d6efd"), Series(_("空缺·可招聘"), recruitable, "#ffc107"),
              Series(_("空缺·此次不聘"), other_vacant, "#adb5bd")]
    return Chart(_("各部门设岗与空缺"), labels, series,
                 [link("posts.catalogue", department=d.id, _anchor=f"dept-{d.id}") for d in departments])


def recruitment_chart(link: Link) -> Chart | None:
    rounds = db.session.scalars(
        select(RecruitmentRound).where(RecruitmentRound.status != RoundStatus.CLOSED.value).order_by(RecruitmentRound.id)
    ).all()
    if not rounds:
        return None
    rows = db.session.execute(
        select(Vacancy.round_id, Application.status, func.count(Application.id))
        .join(Application, Application.vacancy_id == Vacancy.id)
        .where(Vacancy.round_id.in_([r.id for r in rounds]))
        .group_by(Vacancy.round_id, Application.status)
    ).all()
    table = {(round_id, status): n for round_id, status, n in rows}
    series = [
        Series(label, [table.get((r.id, status.value), 0) for r in rounds], colour)
        for status, label, colour in (
            (ApplicationStatus.ELIGIBLE, _("符合"), "#198754"),
            (ApplicationStatus.NEEDS_REVIEW, _("待审核"), "#ffc107"),
            (ApplicationStatus.NOT_ELIGIBLE, _("不符合"), "#dc3545"),
        )
    ]
    return Chart(_("招聘进展（报名资格审查）"), [f"{r.name}（{r.status_label}）" for r in rounds], series,
                 [link("recruitment.applicants", round_id=r.id) for r in rounds])


def assessment_progress_chart(link: Link) -> Chart | None:
    """The latest cycle's forms per department by step: self-summary, head review, signed, not taking part."""
    cycle = latest_cycle()
    if cycle is None:
        return None
    rows = progress_by_department(cycle)
    series = [
        Series(_("待交个人总结"), [p.draft for _d, p in rows], "#adb5bd"),
        Series(_("待主管评价"), [p.self_submitted for _d, p in rows], "#ffc107"),
        Series(_("主管已评价"), [max(0, p.head_submitted - p.acknowledged) for _d, p in rows], "#0d6efd"),
        Series(_("本人已签署"), [p.acknowledged for _d, p in rows], "#198754"),
        Series(_("不定等次"), [p.not_graded for _d, p in rows], "#6c757d"),
    ]
    title = _("%(year)s 年度考核进度（%(step)s）", year=cycle.year, step=label("cycle_status", cycle.status))
    return Chart(title, [d.name for d, _p in rows], series,
                 [link("assessment.department", year=cycle.year, department_id=d.id) for d, _p in rows])


def assessment_grades_chart(link: Link) -> Chart | None:
    """The latest cycle's grades per department (未定 and 不定等次 included)."""
    cycle = latest_cycle()
    if cycle is None:
        return None
    rows, _total = grade_distribution(cycle)
    series = [
        Series(_("优秀"), [r.counts["excellent"] for r in rows], "#198754"),
        Series(_("合格"), [r.counts["competent"] for r in rows], "#0d6efd"),
        Series(_("基本合格"), [r.counts["basic"] for r in rows], "#ffc107"),
        Series(_("不合格"), [r.counts["incompetent"] for r in rows], "#dc3545"),
        Series(_("未定等次"), [r.ungraded for r in rows], "#dee2e6"),
        Series(_("不定等次"), [r.special for r in rows], "#6c757d"),
    ]
    return Chart(_("%(year)s 年度考核等次分布", year=cycle.year), [r.name for r in rows], series,
                 [link("assessment.department", year=cycle.year, department_id=r.department.id) if r.department else None
                  for r in rows])


def charts(link: Link) -> list[Chart]:
    found = (seats_chart(link), recruitment_chart(link), assessment_progress_chart(link), assessment_grades_chart(link))
    return [chart for chart in found if chart is not None]
