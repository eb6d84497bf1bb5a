"""Everyone can take part (考核规定 2023): paper self-summaries, special cases from leave and investigation
records, new hires, late forms, refusals, 补定, refreshing the list, bulk logins, the summary limit, and the
优秀 rate and base of 第十五条."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from hrflow.assessment import (
    figures,
    grading,
    head_review,
    logins,
    operations,
    participation,
    queries,
    records,
)
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.models import (
    SYSTEM,
    AssessmentAccessError,
    AssessmentError,
    AuditLog,
    CycleStatus,
    FormStatus,
    Grade,
    SpecialCase,
    User,
)
from hrflow.rules.participation import Investigation, Leave
from hrflow.rules.participation import participation as rule
from hrflow.rules.quota import RateRefused, check_rate
from tests.assessment_support import PASSWORD, build_unit, full_review, open_2025, to_decision


def form_of(cycle, employee):
    return next(f for f in queries.department_assessments(cycle) if f.employee_id == employee.id)


def in_self_review(unit):
    cycle = open_2025(unit)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    db.session.commit()
    return cycle


# ---------------------------------------------------------------- the paper self-summary

def test_paper_summary_entered_by_hr_is_marked_and_submitted():
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    cycle = in_self_review(unit)
    form = form_of(cycle, unit.staff[1])
    participation.enter_paper_summary(form, "全年完成借阅服务。", actor=unit.hr)
    assert form.form_status == FormStatus.SELF_SUBMITTED and form.summary_on_paper
    assert form.summary_entered_by_id == unit.hr.id and form.summary_entered_at is not None
    assert form.self_summary == "全年完成借阅服务。" and not form.self_late
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "assessment.paper_summary"))
    assert "纸质个人总结" in log.summary
    with pytest.raises(AssessmentError, match="已提交"):
        participation.enter_paper_summary(form, "再录一次", actor=unit.hr)


def test_paper_summary_by_the_head_of_the_department_only():
    unit = build_unit(children_staff=1, circulation_staff=1, office_staff=0)
    cycle = in_self_review(unit)
    child, circulation = form_of(cycle, unit.staff[1]), form_of(cycle, unit.staff[2])
    with pytest.raises(AssessmentAccessError):
        participation.enter_paper_summary(circulation, "总结", actor=unit.head)  # another department
    with pytest.raises(AssessmentAccessError):
        participation.enter_paper_summary(form_of(cycle, unit.staff[0]), "总结", actor=unit.head)  # their own
    participation.enter_paper_summary(child, "总结", actor=unit.head)
    assert child.summary_on_paper and child.summary_entered_by_id == unit.head.id


def test_paper_summary_received_after_the_deadline_is_marked_late_and_blocks_until_hr_decides():
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = in_self_review(unit)
    cycle.self_review_deadline = unit_today() - timedelta(days=3)
    form = form_of(cycle, unit.staff[1])
    participation.enter_paper_summary(form, "总结", actor=unit.hr, received_on=unit_today())
    assert form.self_late and form.late_pending
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    for f in queries.department_assessments(cycle):
        head_review.submit_head_review(f, actor=unit.hr, review=full_review(f))
    with pytest.raises(AssessmentError, match="逾期"):
        operations.advance(cycle, CycleStatus.DECISION, actor=unit.hr)
    with pytest.raises(AssessmentError, match="原因"):
        participation.accept_late(form, actor=unit.hr, reason=" ")
    participation.accept_late(form, actor=unit.hr, reason="本人出差，已说明")
    assert not form.late_pending
    operations.advance(cycle, CycleStatus.DECISION, actor=unit.hr)
    assert cycle.status == CycleStatus.DECISION


def test_paper_summary_page_shows_the_counter_and_keeps_a_refused_text(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = in_self_review(unit)
    form = form_of(cycle, unit.staff[1])
    login(unit.hr)
    page = client.get(f"/assessment/forms/{form.id}/participation").get_data(as_text=True)
    assert 'data-summary-counter="summary"' in page and 'data-limit="1500"' in page
    too_long = "字" * 1501
    refused = client.post(f"/assessment/forms/{form.id}/paper-summary",
                          data={"summary": too_long, "received_on": unit_today().isoformat()})
    assert refused.status_code == 422 and "超过 1500 字" in refused.get_data(as_text=True)
    assert too_long in refused.get_data(as_text=True)
    done = client.post(f"/assessment/forms/{form.id}/paper-summary",
                       data={"summary": "纸质总结正文", "received_on": unit_today().isoformat()})
    assert done.status_code == 302
    db.session.expire_all()
    assert form_of(cycle, unit.staff[1]).summary_on_paper
    shown = client.get(f"/assessment/forms/{form.id}").get_data(as_text=True)
    assert "纸质" in shown


def test_the_summary_limit_is_a_setting_and_blanks_do_not_count(app, monkeypatch):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = in_self_review(unit)
    person = unit.staff[1]
    me = unit.login_for(person)
    form = form_of(cycle, person)
    monkeypatch.setitem(app.config, "ASSESSMENT_SUMMARY_MAX_CHARS", 10)  # the app is shared by the session's tests
    operations.save_self_summary(form, "一二三四五 六七八九十\n", actor=me)  # 10 字, blanks not counted
    with pytest.raises(AssessmentError, match="超过 10 字"):
        operations.submit_self_summary(form, actor=me, text="一二三四五六七八九十十")
    assert operations.summary_length(" 一 二\n") == 2


# ---------------------------------------------------------------- special cases from the records

@pytest.mark.parametrize(("kwargs", "case"), [
    ({"hired_on": date(2010, 1, 1)}, "none"),
    ({"hired_on": date(2025, 9, 1)}, "comments_only"),  # 第三十七条
    ({"hired_on": date(2025, 9, 1), "worked_elsewhere_since": date(2025, 2, 1)}, "none"),  # time elsewhere counts
    ({"hired_on": date(2025, 9, 1), "worked_elsewhere_since": date(2025, 8, 1)}, "comments_only"),
    ({"hired_on": date(2010, 1, 1), "leaves": [Leave("sick", date(2025, 1, 1), date(2025, 5, 31)),
                                               Leave("personal", date(2025, 6, 1), date(2025, 7, 15))]}, "not_graded"),
    ({"hired_on": date(2010, 1, 1), "leaves": [Leave("sick", date(2025, 1, 1), date(2025, 6, 30))]}, "none"),
    ({"hired_on": date(2010, 1, 1), "leaves": [Leave("maternity", date(2025, 1, 1), date(2025, 10, 31))]}, "none"),
    ({"hired_on": date(2010, 1, 1), "leaves": [Leave("sick", date(2024, 1, 1), date(2025, 7, 10))]}, "not_graded"),
    ({"hired_on": date(2010, 1, 1), "investigations": [Investigation(date(2025, 5, 1))]}, "deferred"),
    ({"hired_on": date(2010, 1, 1), "investigations": [Investigation(date(2025, 5, 1), date(2025, 8, 1), "warning")]},
     "none"),
    ({"hired_on": date(2010, 1, 1), "investigations": [Investigation(date(2025, 5, 1), date(2026, 2, 1), "warning")]},
     "deferred"),
])
def test_the_rule_reads_the_records(kwargs, case):
    assert rule(date(2025, 12, 31), **kwargs).special_case == case


def test_records_decide_the_special_cases_when_the_cycle_opens_and_everyone_counts_in_the_base():
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)
    sick, mother, suspect = unit.staff[1], unit.staff[2], unit.staff[3]
    records.add_leave(sick, "sick", date(2025, 1, 1), date(2025, 8, 31), actor=unit.hr)
    records.add_leave(mother, "maternity", date(2025, 1, 1), date(2025, 9, 30), actor=unit.hr)
    records.open_investigation(suspect, date(2025, 10, 1), actor=unit.hr)
    with pytest.raises(AssessmentError, match="早于"):
        records.add_leave(sick, "sick", date(2025, 3, 1), date(2025, 2, 1), actor=unit.hr)
    cycle = open_2025(unit)
    assert form_of(cycle, sick).special_case == SpecialCase.NOT_GRADED
    assert "第四十一条" in form_of(cycle, sick).special_case_reason
    assert form_of(cycle, mother).special_case == SpecialCase.NONE  # maternity leave apart
    assert form_of(cycle, suspect).special_case == SpecialCase.DEFERRED
    summary = figures.quota_summary(cycle)
    assert (summary.participants, summary.base, summary.quota) == (5, 5, 1)  # 第十五条: all who take part


def test_leave_records_import_all_or_nothing_naming_row_and_column():
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)

    def sheet(rows):
        book = Workbook()
        book.active.append(["工号", "姓名", "类别", "开始日期", "结束日期"])
        for row in rows:
            book.active.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    good = [unit.staff[1].staff_no, unit.staff[1].name, "病假", "2025-01-01", "2025-08-31"]
    with pytest.raises(TableImportError, match="第 3 行") as refused:
        records.import_leaves(sheet([good, [unit.staff[2].staff_no, "", "休假", "2025-01-01", "2025-02-01"]]),
                              "leave.xlsx", actor=unit.hr)
    assert "类别" in str(refused.value)
    db.session.rollback()
    assert records.leave_records(unit.staff[1]) == []
    assert records.import_leaves(sheet([good]), "leave.xlsx", actor=unit.hr) == 1
    assert [r.kind for r in records.leave_records(unit.staff[1])] == ["sick"]


def test_backfill_after_the_investigation_closes_with_a_warning():
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)
    suspect = unit.staff[1]
    case = records.open_investigation(suspect, date(2025, 10, 1), actor=unit.hr)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    form = form_of(cycle, suspect)
    with pytest.raises(AssessmentError, match="尚未"):
        participation.backfill_grade(form, Grade.COMPETENT, actor=unit.hr, reason="结案")
    records.close_investigation(case, date(2026, 1, 10), "warning", actor=unit.hr)
    with pytest.raises(AssessmentError, match="原因"):
        participation.backfill_grade(form, Grade.COMPETENT, actor=unit.hr, reason="")
    participation.backfill_grade(form, Grade.COMPETENT, actor=unit.hr, reason="警告处分，补定合格")
    assert form.special_case == SpecialCase.NONE and form.grade == Grade.COMPETENT
    assert "补定" in form.grade_note


def test_refusal_after_being_talked_to_proposes_incompetent_and_does_not_block_the_year():
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    cycle = in_self_review(unit)
    refuser = form_of(cycle, unit.staff[1])
    with pytest.raises(AssessmentError, match="谈话"):
        participation.record_refusal(refuser, unit_today(), " ", actor=unit.hr)
    participation.record_refusal(refuser, unit_today(), "经谈话仍拒绝填写", actor=unit.hr)
    assert refuser.refused_on == unit_today() and refuser.proposed_grade == Grade.INCOMPETENT
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    for f in queries.department_assessments(cycle):
        if f.id != refuser.id:
            head_review.submit_head_review(f, actor=unit.hr, review=full_review(f))
    operations.advance(cycle, CycleStatus.DECISION, actor=unit.hr)
    grading.decide_grade(refuser, Grade.INCOMPETENT, actor=unit.hr, note="第四十四条")
    assert refuser.grade == Grade.INCOMPETENT


def test_refresh_adds_new_staff_and_removes_leavers_before_grading():
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    cycle = in_self_review(unit)
    leaver = unit.staff[1]
    leaver.active = False
    newcomer = unit.hire(unit.children_staff, name="新同事", hired_on=date(2025, 3, 1))
    added, removed = operations.refresh_cycle(cycle, actor=unit.hr)
    assert [a.employee.name for a in added] == ["新同事"] and removed == [leaver.name]
    names = {f.employee.name for f in queries.department_assessments(cycle)}
    assert "新同事" in names and leaver.name not in names
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "assessment.refresh")) is not None
    assert operations.refresh_cycle(cycle, actor=unit.hr) == ([], [])
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    for f in queries.department_assessments(cycle):
        head_review.submit_head_review(f, actor=unit.hr, review=full_review(f))
    operations.advance(cycle, CycleStatus.DECISION, actor=unit.hr)
    with pytest.raises(AssessmentError, match="更新考核名单"):
        operations.refresh_cycle(cycle, actor=unit.hr)
    assert newcomer.id in {f.employee_id for f in queries.department_assessments(cycle)}


# ---------------------------------------------------------------- bulk logins

def test_bulk_logins_print_sealed_slips_and_the_password_must_change(client, login):
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    without = logins.without_login(cycle)
    assert {a.employee_id for a in without} == {unit.staff[1].id, unit.staff[2].id}  # the head has a login
    html_slips = [logins.Slip("张三", "S9", "少儿部", "s9", "Abc23456defg")]
    with client.application.test_request_context():
        assert "初始密码" in logins.slips_html(html_slips, "http://x/login")
    login(unit.hr)
    response = client.post(f"/assessment/{cycle.year}/logins", data={})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    from tests.pdfcheck import pdf_text

    text = pdf_text(response.data)
    assert unit.staff[1].name in text and "初始密码" in text and "首次登录后须立即修改密码" in text
    db.session.expire_all()
    account = db.session.scalar(select(User).where(User.employee_id == unit.staff[1].id))
    assert account.must_change_password and account.username == unit.staff[1].staff_no.lower()
    assert logins.without_login(cycle) == []
    account.set_password(PASSWORD)
    account.must_change_password = True
    db.session.commit()
    client.get("/logout")
    login(account)
    blocked = client.get("/assessment/")
    assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/password")
    account.set_password("another-horse-77")
    assert not account.must_change_password


# ---------------------------------------------------------------- the rate and the base (第十五条)

def test_check_rate_table():
    assert check_rate(20) == 20 and check_rate(15) == 15
    for rate, approval, failed, message in ((21, None, False, "须经批准"), (26, "文号", False, "不超过 25%"),
                                            (20, None, True, "15%"), (101, None, False, "0–100")):
        with pytest.raises(RateRefused, match=message):
            check_rate(rate, approval=approval, unit_failed=failed)
    assert check_rate(25, approval="人社批〔2025〕3号") == 25


def test_quota_explanation_says_how_it_was_counted_and_the_narrow_base_is_a_setting(app, client, login):
    unit = build_unit(children_staff=8, circulation_staff=0, office_staff=0)
    newcomer = unit.hire(unit.children_staff, name="新来的", hired_on=date(2025, 9, 1))
    cycle = open_2025(unit)
    text = grading.quota_explanation(cycle)
    assert "应参加年度考核的工作人员总人数" in text and "10 人" in text and "也计入" in text and "为 2 人" in text
    operations.update_settings(cycle, {"quota_base": "graded"}, actor=unit.hr)
    text = grading.quota_explanation(cycle)
    assert "不计入" in text and "计 9 人" in text and "为 1 人" in text
    with pytest.raises(AssessmentError, match="须经批准|批准依据"):
        operations.update_settings(cycle, {"rate_raised": True}, actor=unit.hr)
    operations.update_settings(cycle, {"rate_raised": True, "raised_reason": "人社批〔2025〕3号"}, actor=unit.hr)
    assert cycle.raised_approved_on == unit_today() and "人社批〔2025〕3号" in grading.quota_explanation(cycle)
    operations.update_settings(cycle, {"unit_accountable": True}, actor=unit.hr)
    assert cycle.rate == 15 and "被问责" in grading.quota_explanation(cycle)
    with pytest.raises(AssessmentError, match="超过 20%"):
        operations.update_settings(cycle, {"excellent_rate": 22}, actor=unit.hr)
    db.session.commit()
    login(unit.hr)
    for url in (f"/assessment/{cycle.year}", f"/assessment/{cycle.year}/settings"):
        assert "被问责" in client.get(url).get_data(as_text=True)
    assert newcomer.name


def test_department_places_lean_to_one_department_and_never_exceed_the_unit_quota():
    unit = build_unit(children_staff=6, circulation_staff=3, office_staff=0)  # 10 people → 2
    cycle = open_2025(unit)
    cycle.enforce_department_quota = True
    with pytest.raises(AssessmentError, match="超过全单位优秀名额 2 人"):
        grading.set_department_places(cycle, {unit.children.id: 2, unit.adult.id: 1}, actor=unit.hr)
    grading.set_department_places(cycle, {unit.children.id: 0, unit.adult.id: 2}, actor=unit.hr)
    assert "人事部门分配" in grading.quota_explanation(cycle)
    to_decision(cycle, unit.hr)
    circulation = [f for f in queries.department_assessments(cycle) if f.department_id == unit.circulation.id]
    grading.decide_grade(circulation[0], Grade.EXCELLENT, actor=unit.hr)
    child = next(f for f in queries.department_assessments(cycle) if f.department_id == unit.children.id)
    with pytest.raises(AssessmentError, match="少儿部优秀名额 0 人（全单位 2 人由人事部门分配）"):
        grading.decide_grade(child, Grade.EXCELLENT, actor=SYSTEM)
    grading.decide_grade(circulation[1], Grade.EXCELLENT, actor=SYSTEM)  # the 一线 department's second place
