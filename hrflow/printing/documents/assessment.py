"""Assessment forms: 年度考核登记表 (one per person, or a batch per department or for the unit) and
考核结果汇总表 (per department or for the unit). A batch of 登记表 is rendered in chunks and joined
(hrflow.pdf.batch): memory stays that of a chunk whatever the size of the unit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from hrflow.assessment import figures, head_review, quarterly, queries
from hrflow.extensions import db
from hrflow.models import Assessment, AssessmentCycle, Department, Dimension, Grade, Rating
from hrflow.models.base import chinese
from hrflow.pdf.batch import Batch, BatchItem, BatchReport, chunk_kind, render_batch
from hrflow.pdf.render import render_html_to_pdf
from hrflow.printing.documents import document_html

# ---------------------------------------------------------------- 年度考核登记表

QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")

@dataclass
class Sheet:
    """One person's 登记表 as printed: the form, its duty items, and whether the review and result show."""

    form: Assessment
    items: list[head_review.DutyItem]
    show_result: bool


def _sheets(forms: list[Assessment], show_result: bool = True) -> list[Sheet]:
    return [Sheet(f, head_review.duty_items(f), show_result) for f in forms]


def written_date(value: date | datetime | None) -> str:
    """2026 年 1 月 5 日, or the blanks a person fills in by hand."""
    if value is None:
        return "　　　年　　月　　日"
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.year} 年 {value.month} 月 {value.day} 日"


def rating_of(form: Assessment, dimension: Dimension) -> str:
    value = (form.dimension_ratings or {}).get(dimension.value)
    return chinese(Rating(value).label) if value else ""


def _html(template: str, **context) -> str:
    return document_html(f"assessment_{template}", written_date=written_date, dimensions=list(Dimension),
                         ratings_of=rating_of, grade_label=lambda value: chinese(Grade(value).label), **context)


def assessment_forms_html(cycle: AssessmentCycle, forms: list[Assessment], *, show_result: bool = True,
                          title: str | None = None) -> str:
    """The 登记表 of `forms`, with each person's four 平时考核 quarters read in one query for them all (a batch
    calls this once per chunk)."""
    quarters = quarterly.marks_for(cycle, [f.employee_id for f in forms]) if show_result else {}
    return _html("form", cycle=cycle, sheets=_sheets(forms, show_result), quarters=quarters,
                 quarter_names=QUARTER_NAMES, title=title or f"{cycle.year} 年度考核登记表")


def assessment_form_html(form: Assessment, *, show_result: bool = True) -> str:
    return assessment_forms_html(form.cycle, [form], show_result=show_result,
                                 title=f"{form.cycle.year} 年度考核登记表 {form.employee.name}")


def render_assessment_form_pdf(form: Assessment, *, show_result: bool = True) -> bytes:
    """One person's 登记表. ``show_result=False`` leaves the head's review, the grade and the
    signatures blank (what the person may print before the results are notified)."""
    return render_html_to_pdf(assessment_form_html(form, show_result=show_result))


def forms_in_scope(cycle: AssessmentCycle, department: Department | None) -> list[Assessment]:
    """The participants' forms of a department (sub-units included), or of the unit when department is None."""
    return queries.department_assessments(cycle, department.subtree_ids() if department is not None else None)


def _forms_title(cycle: AssessmentCycle, department: Department | None) -> str:
    return f"{cycle.year} 年度考核登记表" + (f" {department.path}" if department is not None else "")


def render_assessment_forms_pdf(cycle: AssessmentCycle, department: Department | None,
                                forms: list[Assessment] | None = None) -> bytes:
    """Every participant's 登记表 of a department (sub-units included) or of the unit, as one document
    rendered at once (what a chunked batch must equal; memory grows with the forms).
    `forms`: the scope's forms when already read."""
    forms = forms_in_scope(cycle, department) if forms is None else forms
    return render_html_to_pdf(assessment_forms_html(cycle, forms, title=_forms_title(cycle, department)))


@chunk_kind("assessment_forms")
def _forms_chunk(params: dict, keys: list[int]) -> str:
    cycle = db.session.get(AssessmentCycle, params["cycle_id"])
    return assessment_forms_html(cycle, queries.assessments_in_order(keys), title=params["title"])


def assessment_forms_batch(cycle: AssessmentCycle, department: Department | None,
                           forms: list[Assessment] | None = None) -> Batch:
    """The 登记表 of a department or of the unit as a batch: a bookmark per department and per person."""
    forms = forms_in_scope(cycle, department) if forms is None else forms
    title = _forms_title(cycle, department)
    return Batch("assessment_forms", {"cycle_id": cycle.id, "title": title},
                 [BatchItem(f.id, f.department.path, f.employee.name) for f in forms], title)


def write_assessment_forms_pdf(cycle: AssessmentCycle, department: Department | None, output,
                               forms: list[Assessment] | None = None, **options) -> BatchReport:
    """The batch of 登记表 written into `output` (a binary file); options as hrflow.pdf.batch.render_batch."""
    return render_batch(assessment_forms_batch(cycle, department, forms), output, **options)


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
        """The 优秀 share of the people the quota counts (the cycle's base), as printed: 18.2%."""
        return f"{100 * self.excellent / self.base:.1f}%" if self.base else "—"


def _counts(forms: list[Assessment]) -> dict[str, int]:
    counted = Counter(f.grade_label if f.grade else ("不定等次" if not f.gradeable else "未定等次") for f in forms)
    return {name: counted.get(name, 0) for name in [*(chinese(g.label) for g in Grade), "未定等次", "不定等次"]}


def summary_note(form: Assessment) -> str:
    """备注 of the summary table: the special case, the appeal and HR's note."""
    parts = []
    if not form.gradeable:
        parts.append(form.special_case_label)
    if form.appeal_outcome == "upheld":
        parts.append(f"经申诉由{chinese(Grade(form.appeal_original_grade).label)}改定")
    elif form.appeal_pending:
        parts.append("申诉处理中")
    if form.grade_note:
        parts.append(form.grade_note)
    return "；".join(parts)


def assessment_summary_html(cycle: AssessmentCycle, department: Department | None) -> str:
    forms = forms_in_scope(cycle, department)
    quota = figures.quota_summary(cycle)
    shares = {s.department.id: s for s in figures.department_quotas(cycle)}
    if department is None:
        by_top: dict[int, list[Assessment]] = {}
        for form in forms:
            by_top.setdefault(form.department.top.id, []).append(form)
        blocks = [SummaryBlock(s.department, by_top[i], _counts(by_top[i]), s.base, s.allocated)
                  for i, s in shares.items() if i in by_top]
        total = SummaryBlock(None, forms, _counts(forms), quota.base, quota.quota)
    else:
        share = shares.get(department.id)
        base = sum(1 for f in forms if figures.counts_for_base(cycle, f.special_case))
        blocks = [SummaryBlock(department, forms, _counts(forms), base, share.allocated if share else None)]
        total = None
    title = f"{cycle.year} 年度考核结果汇总表"
    return _html("summary", cycle=cycle, department=department, blocks=blocks, total=total, quota=quota,
                 title=title + (f" {department.path}" if department is not None else ""), note=summary_note)


def render_assessment_summary_pdf(cycle: AssessmentCycle, department: Department | None) -> bytes:
    """考核结果汇总表 of a department (sub-units included) or of the unit (a block per department)."""
    return render_html_to_pdf(assessment_summary_html(cycle, department))
