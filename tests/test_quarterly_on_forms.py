"""The four 平时考核 quarters on the annual form: the form page (for whoever sees the result), the printed
登记表 (a plain row, still one sheet for a typical summary), and a batch reading them once per chunk."""

from __future__ import annotations

import re

from sqlalchemy import event

from hrflow.extensions import db
from hrflow.models import QuarterlyResult
from hrflow.pdf import batch as batches
from hrflow.printing.documents import assessment as printing
from tests import test_assessment_pdf
from tests.pdfcheck import pdf_pages, pdf_text
from tests.test_assessment_pdf import form_of, plain

shared_unit = test_assessment_pdf.graded_unit  # the same fixture, under this name

TYPICAL_SUMMARY = ("本年度认真学习政治理论，严格遵守工作纪律，对照岗位职责完成借阅服务、读者咨询和阅读推广等工作，"
                   "全年接待读者逾万人次，组织阅读活动二十余场，参加业务培训四次。存在的不足：创新意识有待加强。\n") * 8


def _record(cycle, employee, *results: tuple[int, str, str | None]) -> None:
    for quarter, result, note in results:
        db.session.add(QuarterlyResult(cycle_id=cycle.id, employee_id=employee.id, quarter=quarter, result=result,
                                       note=note))
    db.session.commit()


def test_quarterly_results_show_on_the_form_page_for_hr_not_for_the_person_before_the_notice(shared_unit, client,
                                                                                             login):
    cycle, rare = shared_unit.cycle, shared_unit.rare
    _record(cycle, rare, (1, "good", None), (2, "average", "迟到两次"), (4, "fairly_good", None))
    form = form_of(cycle, rare)
    login(shared_unit.hr)
    page = client.get(f"/assessment/forms/{form.id}").get_data(as_text=True)
    quarters = re.search(r'<dd class="as-form-quarters">(.*?)</dd>', page, re.S).group(1)
    words = re.sub(r"<[^>]+>|\s+", "", quarters)
    assert words.startswith("Q1好Q2一般Q3—Q4较好")
    assert "迟到两次" in quarters and "text-bg-warning" in quarters


def test_quarterly_row_on_the_printed_form_keeps_one_sheet(shared_unit):
    cycle, rare = shared_unit.cycle, shared_unit.rare
    _record(cycle, rare, (1, "good", None), (2, "fairly_good", None), (3, "average", "差错一次"), (4, "good", None))
    form = form_of(cycle, rare)
    form.self_summary = TYPICAL_SUMMARY
    db.session.commit()
    data = printing.render_assessment_form_pdf(form)
    flat = plain(pdf_text(data))
    assert "第一季度第二季度第三季度第四季度平时考核好较好一般好" in flat  # the heading sits beside the grid
    assert pdf_pages(data) == 2  # one sheet, front and back
    # The person's own copy before the notice leaves the head's records blank, quarters included.
    own = plain(pdf_text(printing.render_assessment_form_pdf(form, show_result=False)))
    assert "第一季度第二季度第三季度第四季度平时考核" in own and "较好一般" not in own


def test_quarterly_results_of_a_batch_are_read_once_per_chunk(shared_unit, app):
    cycle = shared_unit.cycle
    for employee in shared_unit.staff:
        _record(cycle, employee, (1, "good", None))
    forms = [f.id for f in printing.forms_in_scope(cycle, None)]
    assert len(forms) >= 4
    reads = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if "FROM quarterly_result" in statement:
            reads.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        html = batches.render_chunk("assessment_forms", {"cycle_id": cycle.id, "title": "t"}, forms, True)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(reads) == 1
    assert html.pages >= 2 * len(forms)
