"""年度考核登记表 and 考核结果汇总表: the document before WeasyPrint (fields in the official order,
escaping) and the PDF after it (text read back, fonts embedded, one sheet per person, one render per
batch), the print routes and `hrflow print assessment-forms`."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from pathlib import Path

import pytest
from flask import current_app

from hrflow.assessment import figures, grading, head_review, operations, queries
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import CycleStatus, Grade
from hrflow.printing.documents import assessment as printing
from tests.assessment_support import (
    build_unit,
    full_review,
    grade_all,
    open_2025,
    to_acknowledgement,
)
from tests.pdfcheck import pdf_fonts, pdf_pages, pdf_text

RARE = "陈喆堃"  # outside GB2312: must never print as a box
XSS = "<script>alert('x')</script>"
FORM_FIELDS = ["事业单位工作人员年度考核登记表", "（2025 年度）", "姓", "性别", "出生年月", "政治面貌", "文化程度",
               "单位及职务", "从事或", "个<br>人<br>总<br>结", "本人签名", "主管领导<br>评语和<br>考核等次<br>建议",
               "单位<br>（考核<br>委员会）<br>意见", "考核等次：", "（盖章）", "本人意见", "同意", "不同意",
               "未确定等次<br>或不参加<br>考核情况<br>说明", "备　注"]


def plain(text: str) -> str:
    """PDF text without the layout's spaces and line breaks."""
    return re.sub(r"\s+", "", text)


def form_of(cycle, employee):
    return next(f for f in queries.department_assessments(cycle) if f.employee_id == employee.id)


@pytest.fixture
def graded_unit():
    """A 2025 cycle notified to everyone: 少儿部 (the head and 4 staff, one with a rare name and a
    summary holding HTML), 办公室 (1); one 优秀 and one 基本合格, one person not assessed."""
    unit = build_unit(children_staff=3, circulation_staff=0, office_staff=1)
    rare = unit.hire(unit.children_staff, name=RARE, concurrent=(unit.office_staff,))
    rare.birth_date, rare.political_status, rare.education = date(1990, 5, 17), "中共党员", "硕士研究生"
    db.session.commit()
    cycle = open_2025(unit)
    away = form_of(cycle, unit.staff[2])
    grading.flag_special_case(away, "not_graded", actor=unit.hr, reason="病假超过半年")
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    form = form_of(cycle, rare)
    form.self_summary = f"全年完成借阅服务。{XSS}\n第二段：参加培训。"
    form.submit_self()
    review = full_review(form, Grade.EXCELLENT)
    review.comments = "业务熟练，读者满意。"
    head_review.submit_head_review(form, actor=unit.head, review=review)
    for other in queries.department_assessments(cycle):
        if other.form_status != "head_submitted" and other.special_case != "not_graded":
            head_review.submit_head_review(other, actor=unit.hr, review=full_review(other))
    operations.advance(cycle, CycleStatus.DECISION, actor=unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    grading.decide_grade(form, Grade.EXCELLENT, actor=unit.hr, note="年度先进")
    grading.decide_grade(form_of(cycle, unit.staff[3]), Grade.BASIC, actor=unit.hr)
    db.session.commit()
    unit.rare, unit.cycle = rare, cycle
    return unit


def test_the_form_has_the_official_fields_in_order_and_escapes_what_people_typed(graded_unit):
    form = form_of(graded_unit.cycle, graded_unit.rare)
    html = printing.assessment_form_html(form)
    positions = [html.find(field) for field in FORM_FIELDS]
    assert -1 not in positions, dict(zip(FORM_FIELDS, positions, strict=True))
    assert positions == sorted(positions)
    assert XSS not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    for fact in (RARE, "女", "1990.05", "中共党员", "硕士研究生", "少儿部 工作人员", "兼任 办公室/办公室工作人员",
                 "业务熟练，读者满意。", "考核等次建议：</span>优秀", "年度先进"):
        assert fact in unescape(html), fact
    # Every duty item of the main and the concurrent post, with its rating.
    assert all(item.text in html for item in head_review.duty_items(form))
    assert unescape(html).count("收发文件") == 1


def test_the_pdf_reads_back_with_rare_names_and_embedded_fonts(graded_unit):
    form = form_of(graded_unit.cycle, graded_unit.rare)
    data = printing.render_assessment_form_pdf(form)
    text = pdf_text(data)
    assert pdf_pages(data) == 2  # one sheet: front and back
    flat = plain(text)
    assert RARE in text and plain("2025 年度考核登记表 · 少儿部 · " + RARE) in flat  # the page header
    for fact in ("（2025年度）", "1990.05", "全年完成借阅服务。<script>alert('x')</script>", "第二段：参加培训。",
                 "业务熟练，读者满意。", "考核等次：优秀", "考核等次建议：优秀", "年度先进"):
        assert fact in flat, fact
    fonts = pdf_fonts(data)
    assert "CID TrueType" in fonts and "yes yes yes" in fonts


def test_the_persons_own_copy_before_the_notice_leaves_the_review_blank(graded_unit):
    form = form_of(graded_unit.cycle, graded_unit.rare)
    flat = plain(pdf_text(printing.render_assessment_form_pdf(form, show_result=False)))
    assert "全年完成借阅服务" in flat
    assert "业务熟练" not in flat and "考核等次：优秀" not in flat and "优秀" not in flat


def test_a_not_assessed_person_gets_the_explanation(graded_unit):
    away = form_of(graded_unit.cycle, graded_unit.staff[2])
    flat = plain(pdf_text(printing.render_assessment_form_pdf(away)))
    assert "参加考核，不定等次：病假超过半年" in flat


def test_a_batch_is_one_render_with_one_sheet_per_person(graded_unit, monkeypatch):
    calls = []
    render = printing.render_html_to_pdf
    monkeypatch.setattr(printing, "render_html_to_pdf", lambda html: calls.append(html) or render(html))
    data = printing.render_assessment_forms_pdf(graded_unit.cycle, graded_unit.children)
    people = queries.department_assessments(graded_unit.cycle, [graded_unit.children.id])
    assert len(calls) == 1 and len(people) == 5
    text = pdf_text(data)
    assert text.count("事业单位工作人员年度考核登记表") == len(people)  # the title once per sheet
    assert pdf_pages(data) == 2 * len(people)
    assert all(f.employee.name in text for f in people)
    assert graded_unit.staff[-2].name not in text  # 办公室


def test_the_forms_take_their_style_from_print_css_parsed_once_per_process(graded_unit):
    """Speed (the figures are measurements, not tests): a <style> in the document would be parsed again for
    every PDF; the forms' rules sit in static/css/print.css, which hrflow.pdf.render parses once per process."""
    cycle = graded_unit.cycle
    for html in (printing.assessment_forms_html(cycle, queries.department_assessments(cycle)),
                 printing.assessment_summary_html(cycle, None)):
        assert "<style" not in html and 'style="' not in html
        assert all(name in html for name in ("as-running", "as-title", "as-grid"))
    css = (Path(current_app.static_folder) / "css" / "print.css").read_text(encoding="utf-8")
    assert "section.as-sheet { break-after: recto; }" in css and "p.as-running { string-set: doctitle" in css


def test_the_summary_counts_grades_and_sets_the_excellent_share_against_the_quota(graded_unit):
    cycle = graded_unit.cycle
    cycle.quota_base = "graded"  # the summary's words (占定等次人数) describe the narrower base
    quota = figures.quota_summary(cycle)
    assert (quota.participants, quota.base, quota.quota) == (6, 5, 1)
    unit = plain(pdf_text(printing.render_assessment_summary_pdf(cycle, None)))
    assert "2025年度考核结果汇总表" in unit and "少儿部（5人）" in unit and "办公室（1人）" in unit
    assert "全单位：参加6人，优秀1人，合格3人，基本合格1人，不合格0人，不定等次1人。" in unit
    assert "优秀1人，占定等次人数5人的20.0%；名额1人（20%，向下取整），未超出名额。" in unit
    assert "年度先进" in unit and "参加考核，不定等次" in unit
    department = plain(pdf_text(printing.render_assessment_summary_pdf(cycle, graded_unit.children)))
    assert "部门：少儿部" in department and "办公室工作人员" not in department
    assert "合计：优秀1人，合格2人，基本合格1人，不合格0人，不定等次1人。" in department
    assert "优秀1人，占定等次人数4人的25.0%；本部门按人数分配的参考名额1人。" in department


def test_the_summary_marks_an_upheld_appeal(graded_unit):
    cycle = graded_unit.cycle
    low = form_of(cycle, graded_unit.staff[3])
    to_acknowledgement(cycle, graded_unit.hr, start=unit_today() - timedelta(days=20))
    operations.appeal(low, "有加班记录", actor=graded_unit.login_for(low.employee))
    html = printing.assessment_summary_html(cycle, None)
    assert "申诉处理中" in html
    grading.record_appeal_outcome(low, "upheld", actor=graded_unit.hr, reason="复核", new_grade=Grade.COMPETENT)
    assert "经申诉由基本合格改定" in printing.assessment_summary_html(cycle, None)
    assert "提出申诉；申诉成立，改定等次（基本合格 → 合格）" in unescape(printing.assessment_form_html(low))


# ---------------------------------------------------------------- routes and the command line

def test_print_routes_follow_the_reach_of_each_user(client, login, graded_unit):
    unit = graded_unit
    cycle = unit.cycle
    form = form_of(cycle, unit.rare)
    me = unit.login_for(unit.rare)
    db.session.commit()
    login(me)
    own = client.get(f"/print/assessment/forms/{form.id}.pdf")
    assert own.status_code == 200 and own.mimetype == "application/pdf"
    assert "filename*=UTF-8''" in own.headers["Content-Disposition"]
    assert "业务熟练" not in plain(pdf_text(own.data))  # not notified yet
    assert client.get(f"/print/assessment/2025/departments/{unit.children.id}/forms.pdf").status_code == 403

    login(unit.head)
    head_copy = client.get(f"/print/assessment/forms/{form.id}.pdf")
    assert "业务熟练" in plain(pdf_text(head_copy.data))
    summary = client.get(f"/print/assessment/2025/departments/{unit.children.id}/summary.pdf")
    assert summary.status_code == 200 and RARE in pdf_text(summary.data)
    assert client.get(f"/print/assessment/2025/departments/{unit.office.id}/summary.pdf").status_code == 404
    assert client.get("/print/assessment/2025/summary.pdf").status_code == 403

    to_acknowledgement(cycle, unit.hr, start=unit_today() - timedelta(days=20))
    db.session.commit()
    login(me)
    assert "业务熟练" in plain(pdf_text(client.get(f"/print/assessment/forms/{form.id}.pdf").data))


def test_the_command_line_prints_the_forms_of_a_year(runner, graded_unit, tmp_path):
    output = tmp_path / "forms.pdf"
    result = runner.invoke(args=["print", "assessment-forms", "2025", "--department", "办公室", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "1 份" in result.output
    text = pdf_text(output.read_bytes())
    office = queries.department_assessments(graded_unit.cycle, [graded_unit.office.id])
    assert [f.employee.name for f in office] == [graded_unit.staff[-2].name] and office[0].employee.name in text
    assert RARE not in text

    every = tmp_path / "all.pdf"
    assert runner.invoke(args=["print", "assessment-forms", "2025", "-o", str(every)]).exit_code == 0
    assert pdf_pages(every.read_bytes()) == 2 * 6

    unknown = runner.invoke(args=["print", "assessment-forms", "2025", "--department", "不存在", "-o", str(every)])
    assert unknown.exit_code == 1 and "找不到部门“不存在”" in unknown.output
    missing = runner.invoke(args=["print", "assessment-forms", "1999", "-o", str(tmp_path / "x.pdf")])
    assert missing.exit_code == 1 and "还没有开启 1999 年度考核" in missing.output
    assert not (tmp_path / "x.pdf").exists()
