"""Results put to use (考核规定 第二十八–三十一条): the rules over a person's history, table-driven; then the
same over three stored years of a unit — the report page, its export for 备案, the person's history — and
the 登记表 for the personnel file and the 优秀 list for posting."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from hrflow.assessment import archive, grading, queries
from hrflow.assessment.consequences import (
    Flag,
    Result,
    YearResult,
    consequences,
    person_consequences,
    result_of,
    year_report,
)
from hrflow.extensions import db
from hrflow.models import AssessmentError, Grade, SpecialCase
from tests.assessment_support import build_unit, to_acknowledgement, to_decision
from tests.pdfcheck import pdf_text

E, C, B, F, U = Result.EXCELLENT, Result.COMPETENT, Result.BASIC, Result.INCOMPETENT, Result.UNDETERMINED


# ---------------------------------------------------------------- the rules, one row per history

# history of 2023–2025 (None: no result that year) → what 2025 brings:
# (salary step, year counts, favoured, no promotion next year, promotion barred, grade down, flag)
CONSEQUENCE_TABLE = [
    ((C, C, C), (True, True, False, False, False, False, None)),
    ((C, C, E), (True, True, True, False, False, False, None)),
    ((C, C, B), (False, False, False, True, False, False, None)),
    ((C, B, B), (False, False, False, True, True, False, Flag.ORGANISATIONAL)),
    ((B, C, B), (False, False, False, True, False, False, None)),
    ((C, B, C), (True, True, False, False, True, False, None)),
    ((C, C, F), (False, False, False, False, False, True, None)),
    ((C, F, F), (False, False, False, False, False, True, Flag.CONTRACT)),
    ((F, B, F), (False, False, False, False, True, True, None)),
    ((C, C, U), (False, False, False, False, False, False, None)),
    ((C, U, U), (False, False, False, False, False, False, Flag.POST_CHANGE)),
    ((U, B, U), (False, False, False, False, True, False, None)),
    ((B, None, B), (False, False, False, True, False, False, None)),  # a year missing breaks the row
    ((F, None, F), (False, False, False, False, False, True, None)),
    ((E, E, E), (True, True, True, False, False, False, None)),
]


@pytest.mark.parametrize(("history", "expected"), CONSEQUENCE_TABLE,
                         ids=["-".join(r.value if r else "none" for r in h) for h, _ in CONSEQUENCE_TABLE])
def test_consequence_of_the_third_year_follows_the_articles(history, expected):
    stored = [YearResult(2023 + i, result) for i, result in enumerate(history) if result is not None]
    last = consequences(stored)[-1]
    assert last.year == 2025 and last.result == history[-1]
    assert (last.salary_step, last.year_counts, last.favoured, last.no_promotion_next_year, last.promotion_barred,
            last.grade_down, last.flag) == expected
    assert last.pay_reduced == (history[-1] not in (E, C))
    assert last.self_criticism == (history[-1] == B)
    assert last.needs_attention == (last.grade_down or last.no_promotion_next_year or last.promotion_barred
                                    or last.flag is not None)


def test_consequence_history_is_in_year_order_whatever_it_was_read_in():
    found = consequences([YearResult(2025, B), YearResult(2023, C), YearResult(2024, B)])
    assert [c.year for c in found] == [2023, 2024, 2025]
    assert [c.flag for c in found] == [None, None, Flag.ORGANISATIONAL]
    assert [c.article for c in found] == ["第二十八条", "第二十九条", "第二十九条"]


@pytest.mark.parametrize(("grade", "case", "expected"), [
    ("excellent", "none", E), ("basic", "none", B), ("incompetent", "none", F),
    (None, "comments_only", U), (None, "not_graded", U), (None, "deferred", U),
    ("competent", "deferred", C),  # 补定 after the investigation closed (第四十二条)
    (None, "none", None),  # not decided: no consequence yet
])
def test_consequence_result_of_a_stored_form(grade, case, expected):
    assert result_of(grade, case) == expected


def test_consequence_words_name_each_effect():
    basic_twice = consequences([YearResult(2024, B), YearResult(2025, B)])[-1]
    words = [str(w) for w in basic_twice.in_words()]
    assert words[0] == "不增加薪级工资" and "书面检查，限期改进" in words and "相应核减绩效工资" in words
    assert "下一考核年度内不得晋升岗位等级" in words and "上年度基本合格：本年度内不得晋升岗位等级" in words
    excellent = consequences([YearResult(2025, E)])[-1]
    assert [str(w) for w in excellent.in_words()] == ["增加一级薪级工资", "本年度计算为现聘岗位等级任职年限",
                                                      "岗位晋升、职称评聘同等条件下优先"]


# ---------------------------------------------------------------- three stored years

# Per person (by hiring order among the staff), the grade of 2024, 2025, 2026; None: taken part without a grade.
STORED = {
    "甲": (Grade.COMPETENT, Grade.COMPETENT, Grade.EXCELLENT),
    "乙": (Grade.BASIC, Grade.BASIC, Grade.COMPETENT),
    "丙": (Grade.INCOMPETENT, Grade.COMPETENT, Grade.INCOMPETENT),
    "丁": (Grade.COMPETENT, Grade.INCOMPETENT, Grade.INCOMPETENT),
    "戊": (Grade.COMPETENT, None, None),
}
STARTS = {2024: date(2025, 1, 6), 2025: date(2026, 1, 5), 2026: date(2027, 1, 4)}


def _run_year(unit, year: int, people: dict) -> None:
    from hrflow.assessment import operations

    cycle = operations.open_cycle(year, actor=unit.hr).cycle
    db.session.flush()
    to_decision(cycle, unit.hr)
    forms = {f.employee_id: f for f in queries.department_assessments(cycle)}
    index = year - 2024
    for name, grades in STORED.items():
        if grades[index] is None:
            grading.flag_special_case(forms[people[name].id], SpecialCase.COMMENTS_ONLY, actor=unit.hr,
                                      reason="病假超过半年")
    decisions = [(f, Grade.COMPETENT) for f in forms.values() if f.gradeable]
    by_person = {people[n].id: g[index] for n, g in STORED.items() if g[index] is not None}
    decisions = [(f, by_person.get(f.employee_id, grade)) for f, grade in decisions]
    grading.decide_grades(cycle, decisions, actor=unit.hr)
    to_acknowledgement(cycle, unit.hr, start=STARTS[year])
    db.session.commit()


@pytest.fixture
def three_years():
    unit = build_unit(children_staff=5, circulation_staff=3, office_staff=2)
    staff = [e for e in unit.staff if e.id != unit.head.employee_id]
    people = {}
    for name, employee in zip(STORED, staff, strict=False):
        employee.name = name
        people[name] = employee
    db.session.commit()
    for year in (2024, 2025, 2026):
        _run_year(unit, year, people)
    return unit, people


def test_consequence_report_over_three_stored_years(three_years):
    unit, people = three_years
    cycle = queries.find_cycle(2026)
    report = {row.name: row for row in year_report(cycle)}
    assert len(report) == len(queries.department_assessments(cycle))
    first = report["甲"].consequence
    assert first.result == E and first.salary_step and first.favoured and first.flag is None
    second = report["乙"]
    assert second.previous == B and second.consequence.promotion_barred and second.consequence.salary_step
    third = report["丙"].consequence
    assert third.grade_down and third.flag is None and report["丙"].previous == C
    assert report["丁"].consequence.flag == Flag.CONTRACT
    fifth = report["戊"].consequence
    assert fifth.result == U and fifth.flag == Flag.POST_CHANGE and not fifth.salary_step
    attention = {row.name for row in year_report(cycle, attention_only=True)}
    assert attention == {"乙", "丙", "丁", "戊"}
    # 2025 on its own: 乙's second 基本合格 is flagged there.
    assert {r.name: r.consequence.flag for r in year_report(queries.find_cycle(2025))}["乙"] == Flag.ORGANISATIONAL

    history = person_consequences(people["丁"].id)
    assert [(c.year, c.result) for c in history] == [(2026, F), (2025, F), (2024, C)]
    assert [c.flag for c in history] == [Flag.CONTRACT, None, None]


def test_consequence_report_waits_for_the_results_to_be_notified(three_years):
    from hrflow.assessment import grading as grades_
    from hrflow.assessment import operations

    unit, people = three_years
    cycle = operations.open_cycle(2027, actor=unit.hr).cycle
    to_decision(cycle, unit.hr)
    grades_.decide_grades(cycle, [(f, Grade.BASIC) for f in queries.department_assessments(cycle) if f.gradeable],
                          actor=unit.hr)
    db.session.commit()
    assert year_report(cycle) == []
    # Graded but not notified: 乙's history still ends with 2026.
    assert person_consequences(people["乙"].id)[0].year == 2026


def test_consequence_page_and_export_for_hr(client, login, three_years):
    unit, people = three_years
    login(unit.hr)
    page = client.get("/assessment/2026/consequences")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "连续两年不合格：可以按规定解除聘用合同" in html and "连续两年不确定档次：视情况调整工作岗位" in html
    assert "向低一级岗位等级调整" in html and "第三十条" in html
    assert "需要处理的人员（4）" in html
    flagged = client.get("/assessment/2026/consequences?attention=1").get_data(as_text=True)
    assert "丁" in flagged and "甲" not in flagged.split("as-consequence-table")[1]
    cycle_page = client.get("/assessment/2026").get_data(as_text=True)
    assert "/assessment/2026/consequences" in cycle_page and "/assessment/2026/excellent/publicity.pdf" in cycle_page

    export = client.get("/assessment/2026/consequences.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("工号", "姓名", "部门", "考核年度", "考核结果")
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["丁"][4] == "不合格" and by_name["丁"][5] == "不合格" and by_name["丁"][6] == "不增加"
    assert by_name["丁"][8] == "向低一级岗位等级调整" and by_name["丁"][9] == "连续两年不合格：可以按规定解除聘用合同"
    assert by_name["甲"][6] == "增加一级" and by_name["甲"][7] == "计算" and by_name["甲"][10].endswith("第二十八条")
    assert by_name["戊"][4] == "不确定档次"


def test_consequence_page_of_a_year_not_yet_notified_lists_nobody(client, login):
    from tests.assessment_support import open_2025

    unit = build_unit()
    open_2025(unit)
    login(unit.hr)
    html = client.get("/assessment/2025/consequences").get_data(as_text=True)
    assert "结果尚未通知本人" in html and "as-consequence-table" not in html


def test_consequence_archive_pdf_carries_the_signature_and_refuses_before_notice(client, login, three_years):
    from hrflow.assessment import operations

    unit, people = three_years
    cycle = queries.find_cycle(2026)
    form = next(f for f in queries.department_assessments(cycle) if f.employee_id == people["丁"].id)
    form.acknowledgement, form.acknowledgement_opinion, form.acknowledged_on = "disagree", "我有不同看法", date(2027, 1, 20)
    db.session.commit()
    login(unit.hr)
    response = client.get(f"/assessment/forms/{form.id}/archive.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "丁" in text and "不合格" in text and "我有不同看法" in text and "2027 年 1 月 20 日" in text

    later = operations.open_cycle(2027, actor=unit.hr).cycle
    db.session.commit()
    early = next(f for f in queries.department_assessments(later) if f.employee_id == people["丁"].id)
    with pytest.raises(AssessmentError):
        archive.render_archive_pdf(early)
    refused = client.get(f"/assessment/forms/{early.id}/archive.pdf")
    assert refused.status_code == 302 and refused.headers["Location"] == f"/assessment/forms/{early.id}"


def test_consequence_publicity_list_prints_the_excellent_with_working_days(client, login, three_years):
    unit, people = three_years
    login(unit.hr)
    cycle = queries.find_cycle(2026)
    html = archive.publicity_list_html(cycle)
    assert "甲" in html and "乙" not in html
    assert f"{cycle.publicity_start.isoformat()} 至 {cycle.publicity_end.isoformat()}" in html
    assert "5 个工作日，节假日不计" in html
    # 2026-01-05 (Mon) + 5 working days: Friday the 9th.
    assert queries.find_cycle(2025).publicity_end == date(2026, 1, 9)
    response = client.get("/assessment/2026/excellent/publicity.pdf")
    assert response.status_code == 200 and "甲" in pdf_text(response.data)
