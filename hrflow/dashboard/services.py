"""Figures for the HR home page: seats per department, recruitment progress, the latest annual assessment."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass
class Chart:
    title: str
    svg: str


def seats_chart() -> Chart | None:
    counts, _total = department_counts()
    departments = [row for row in department_tree().rows if row.parent_id is None]  # in table order
    if not departments:
        return None
    labels = [d.name for d in departments]
    filled = [counts[d.id].filled for d in departments]
    recruitable = [counts[d.id].recruitable for d in departments]
    other_vacant = [counts[d.id].vacant - counts[d.id].recruitable for d in departments]
    title = _("各部门设岗与空缺")
    svg = stacked_bars(labels, [Series(_("实聘"), filled, "#0d6efd"), Series(_("空缺·可招聘"), recruitable, "#ffc107"),
                                Series(_("空缺·此次不聘"), other_vacant, "#adb5bd")], title=title, unit="")
    return Chart(title, svg)


def recruitment_chart() -> Chart | None:
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
    title = _("招聘进展（报名资格审查）")
    return Chart(title, stacked_bars([f"{r.name}（{r.status_label}）" for r in rounds], series, title=title))


def assessment_progress_chart() -> Chart | None:
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
        Series(_("不参加考核"), [p.not_graded for _d, p in rows], "#6c757d"),
    ]
    title = _("%(year)s 年度考核进度（%(step)s）", year=cycle.year, step=label("cycle_status", cycle.status))
    return Chart(title, stacked_bars([d.name for d, _p in rows], series, title=title))


def assessment_grades_chart() -> Chart | None:
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
    title = _("%(year)s 年度考核等次分布", year=cycle.year)
    return Chart(title, stacked_bars([r.name for r in rows], series, title=title))


def charts() -> list[Chart]:
    found = (seats_chart(), recruitment_chart(), assessment_progress_chart(), assessment_grades_chart())
    return [chart for chart in found if chart is not None]
