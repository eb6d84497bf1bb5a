"""Assessment forms as PDF: 年度考核登记表 (one per person, or a batch per department or for the unit)
and 考核结果汇总表 (per department or for the unit).

The documents are pure functions of what they print — assessment_form_pdf(assessment),
assessment_forms_pdf(cycle, department), assessment_summary_pdf(cycle, department) — and `*_html`
gives the document before WeasyPrint (tests read it). A batch is one WeasyPrint render.

URL (under /print/assessment)                    handler                         who
/forms/<form>.pdf                                assessment_form                 the person; heads of the department; HR
/<year>/departments/<department>/forms.pdf       assessment_department_forms     HR; heads: their departments
/<year>/departments/<department>/summary.pdf     assessment_department_summary   HR; heads: their departments
/<year>/forms.pdf                                assessment_unit_forms           HR (also as a background job)
/<year>/summary.pdf                              assessment_unit_summary         HR

Employees get 403 for the department and unit forms; objects outside a head's reach answer 404.
The person reads the head's review and the grade on their own form only once the results are notified.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import abort, current_app, render_template
from flask_login import current_user, login_required

from hrflow.access import can_see_department, hr_required, require, staff_manager_required
from hrflow.assessment import access
from hrflow.assessment import services as assessment
from hrflow.extensions import db
from hrflow.jobs.services import job_kind
from hrflow.models import Assessment, AssessmentCycle, Department, Dimension, Grade, Rating
from hrflow.pdf.render import render_html_to_pdf
from hrflow.printing import bp
from hrflow.printing.routes import pdf_response

# ---------------------------------------------------------------- 年度考核登记表

@dataclass
class Sheet:
    """One person's 登记表 as printed: the form, its duty items, and whether the review and result show."""

    form: Assessment
    items: list[assessment.DutyItem]
    show_result: bool


def _sheets(forms: list[Assessment], show_result: bool = True) -> list[Sheet]:
    return [Sheet(f, assessment.duty_items(f), show_result) for f in forms]


def written_date(value: date | datetime | None) -> str:
    """2026 年 1 月 5 日, or the blanks a person fills in by hand."""
    if value is None:
        return "　　　年　　月　　日"
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.year} 年 {value.month} 月 {value.day} 日"


def rating_of(form: Assessment, dimension: Dimension) -> str:
    value = (form.dimension_ratings or {}).get(dimension.value)
    return Rating(value).label if value else ""


def _html(template: str, **context) -> str:
    return render_template(f"printing/assessment_{template}.html", unit_name=current_app.config["UNIT_NAME"],
                           today=date.today(), written_date=written_date, dimensions=list(Dimension),
                           ratings_of=rating_of, grade_label=lambda value: Grade(value).label, **context)


def assessment_forms_html(cycle: AssessmentCycle, forms: list[Assessment], *, show_result: bool = True,
                          title: str | None = None) -> str:
    return _html("form", cycle=cycle, sheets=_sheets(forms, show_result),
                 title=title or f"{cycle.year} 年度考核登记表")


def assessment_form_html(form: Assessment, *, show_result: bool = True) -> str:
    return assessment_forms_html(form.cycle, [form], show_result=show_result,
                                 title=f"{form.cycle.year} 年度考核登记表 {form.employee.name}")


def assessment_form_pdf(form: Assessment, *, show_result: bool = True) -> bytes:
    """One person's 登记表. ``show_result=False`` leaves the head's review, the grade and the
    signatures blank (what the person may print before the results are notified)."""
    return render_html_to_pdf(assessment_form_html(form, show_result=show_result))


def _scope(cycle: AssessmentCycle, department: Department | None) -> list[Assessment]:
    return assessment.department_assessments(cycle, department.subtree_ids() if department is not None else None)


def assessment_forms_pdf(cycle: AssessmentCycle, department: Department | None) -> bytes:
    """Every participant's 登记表 of a department (sub-units included) or of the unit, in one document."""
    title = f"{cycle.year} 年度考核登记表" + (f" {department.path}" if department is not None else "")
    return render_html_to_pdf(assessment_forms_html(cycle, _scope(cycle, department), title=title))


# ---------------------------------------------------------------- 考核结果汇总表

@dataclass
class SummaryBlock:
    """The rows of one department (sub-units included) and what its foot line says."""

    department: Department | None  # None: the whole unit
    forms: list[Assessment]
    counts: dict[str, int] = field(default_factory=dict)  # 优秀 … 不合格, 未定等次, 不定等次
    base: int = 0  # people who count for the quota
    quota: int | None = None  # the unit quota, or the department's share of it

    @property
    def excellent(self) -> int:
        return self.counts.get("优秀", 0)

    @property
    def share(self) -> str:
        """The 优秀 share of the graded people, as printed: 18.2%."""
        return f"{100 * self.excellent / self.base:.1f}%" if self.base else "—"


def _counts(forms: list[Assessment]) -> dict[str, int]:
    counted = Counter(f.grade_label if f.grade else ("不定等次" if not f.gradeable else "未定等次") for f in forms)
    return {name: counted.get(name, 0) for name in [*(g.label for g in Grade), "未定等次", "不定等次"]}


def summary_note(form: Assessment) -> str:
    """备注 of the summary table: the special case, the appeal and HR's note."""
    parts = []
    if not form.gradeable:
        parts.append(form.special_case_label)
    if form.appeal_outcome == "upheld":
        parts.append(f"经申诉由{Grade(form.appeal_original_grade).label}改定")
    elif form.appeal_pending:
        parts.append("申诉处理中")
    if form.grade_note:
        parts.append(form.grade_note)
    return "；".join(parts)


def assessment_summary_html(cycle: AssessmentCycle, department: Department | None) -> str:
    forms = _scope(cycle, department)
    quota = assessment.quota_summary(cycle)
    shares = {s.department.id: s for s in assessment.department_quotas(cycle)}
    if department is None:
        by_top: dict[int, list[Assessment]] = {}
        for form in forms:
            by_top.setdefault(form.department.top.id, []).append(form)
        blocks = [SummaryBlock(s.department, by_top[i], _counts(by_top[i]), s.base, s.allocated)
                  for i, s in shares.items() if i in by_top]
        total = SummaryBlock(None, forms, _counts(forms), quota.base, quota.quota)
    else:
        share = shares.get(department.id)
        base = sum(1 for f in forms if f.gradeable)
        blocks = [SummaryBlock(department, forms, _counts(forms), base, share.allocated if share else None)]
        total = None
    title = f"{cycle.year} 年度考核结果汇总表"
    return _html("summary", cycle=cycle, department=department, blocks=blocks, total=total, quota=quota,
                 title=title + (f" {department.path}" if department is not None else ""), note=summary_note)


def assessment_summary_pdf(cycle: AssessmentCycle, department: Department | None) -> bytes:
    """考核结果汇总表 of a department (sub-units included) or of the unit (a block per department)."""
    return render_html_to_pdf(assessment_summary_html(cycle, department))


# ---------------------------------------------------------------- routes

def _cycle(year: int) -> AssessmentCycle:
    cycle = assessment.find_cycle(year)
    if cycle is None:
        abort(404)
    return cycle


def _department(department_id: int) -> Department:
    department = db.get_or_404(Department, department_id)
    require(can_see_department(current_user, department))
    return department


@bp.route("/assessment/forms/<int:form_id>.pdf")
@login_required
def assessment_form(form_id: int):
    form = assessment.get_assessment(form_id)
    require(form is not None and access.can_view_assessment(current_user, form))
    data = assessment_form_pdf(form, show_result=access.can_see_result(current_user, form))
    return pdf_response(data, f"考核登记表-{form.cycle.year}-{form.employee.name}.pdf")


@bp.route("/assessment/<int:year>/departments/<int:department_id>/forms.pdf")
@staff_manager_required
def assessment_department_forms(year: int, department_id: int):
    cycle = _cycle(year)
    department = _department(department_id)
    data = assessment_forms_pdf(cycle, department)
    return pdf_response(data, f"考核登记表-{cycle.year}-{department.path.replace('/', '-')}.pdf")


@bp.route("/assessment/<int:year>/departments/<int:department_id>/summary.pdf")
@staff_manager_required
def assessment_department_summary(year: int, department_id: int):
    cycle = _cycle(year)
    department = _department(department_id)
    data = assessment_summary_pdf(cycle, department)
    return pdf_response(data, f"考核结果汇总表-{cycle.year}-{department.path.replace('/', '-')}.pdf")


@bp.route("/assessment/<int:year>/forms.pdf")
@hr_required
def assessment_unit_forms(year: int):
    cycle = _cycle(year)
    return pdf_response(assessment_forms_pdf(cycle, None), f"考核登记表-{cycle.year}.pdf")


@bp.route("/assessment/<int:year>/summary.pdf")
@hr_required
def assessment_unit_summary(year: int):
    cycle = _cycle(year)
    return pdf_response(assessment_summary_pdf(cycle, None), f"考核结果汇总表-{cycle.year}.pdf")


# ---------------------------------------------------------------- the unit's batch as a background job

@job_kind("assessment_forms")
def assessment_forms_job(job, progress):
    """Every participant's 登记表 of the cycle (or of one department), as one PDF."""
    cycle = db.session.get(AssessmentCycle, job.params["cycle_id"])
    department = db.session.get(Department, job.params["department_id"]) if job.params.get("department_id") else None
    # Message keys: the job page says them in the reader's language (hrflow.jobs.services.PROGRESS_MESSAGES).
    progress(1, 3, "collecting_forms")
    forms = _scope(cycle, department)
    progress(2, 3, "typesetting_pdf")
    data = render_html_to_pdf(assessment_forms_html(cycle, forms))
    progress(3, 3, "done")
    return data, f"考核登记表-{cycle.year}{'-' + department.name if department else ''}.pdf"
