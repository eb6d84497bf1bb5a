"""Assessment pages through the test client: a head's sitting over the whole department, the employee's
self-summary → signature → appeal, HR's decision under the quota, locks and reopening, the archive,
Excel round trip, escaping and CSRF. (Who may reach which URL: tests/matrix_assessment.py.)"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from hrflow.assessment import figures, grading, head_review, operations, queries
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import (
    Acknowledgement,
    Assessment,
    AssessmentAccessError,
    AssessmentError,
    AuditLog,
    CycleStatus,
    Dimension,
    FormStatus,
    Grade,
    Role,
    SpecialCase,
)
from tests.assessment_support import (
    build_unit,
    full_review,
    grade_all,
    open_2025,
    to_acknowledgement,
    to_decision,
    user,
)

XSS = "<script>alert('x')</script>"


def form_of(cycle, employee) -> Assessment:
    return next(f for f in queries.department_assessments(cycle) if f.employee_id == employee.id)


def text(response) -> str:
    return response.get_data(as_text=True)


def fresh(form: Assessment) -> Assessment:
    db.session.expire_all()
    return db.session.get(Assessment, form.id)


def sign_in(login, unit, employee):
    """The employee's own login, committed (a refused request rolls back what is not)."""
    user = unit.login_for(employee)
    db.session.commit()
    return login(user)


def in_head_review(unit, *, submitted=True):
    """2025 opened and moved to head review; every staff member has handed in a self-summary."""
    cycle = open_2025(unit)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    for form in queries.department_assessments(cycle):
        if submitted and form.employee_id != unit.head.employee_id:
            form.self_summary = f"{form.employee.name}的总结"
            form.submit_self()
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    db.session.commit()
    return cycle


def review_data(form: Assessment, *, rating="good", skip_duties=0, comments="工作认真负责", grade="competent",
                submit=False) -> dict:
    items = head_review.duty_items(form)
    data = {f"duty-{item.key.replace(':', '-')}": rating for item in items[skip_duties:]}
    data.update({f"dim-{d.value}": rating for d in Dimension})
    data.update({"comments": comments, "proposed_grade": grade or ""})
    data["submit" if submit else "save"] = "1"
    return data


class _DecisionFields(HTMLParser):
    """What a browser posts from the decision form as the page stands: each enabled input's value and each
    enabled select's chosen option (the first one when none is marked)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "decision-form"
        elif not self.inside or "disabled" in attrs:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and (self.select not in self.values or "selected" in attrs):
            self.values[self.select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def decision_fields(response) -> dict[str, str]:
    parser = _DecisionFields()
    parser.feed(text(response))
    return parser.values


def second_officer(app):
    """Another HR officer in a browser of their own."""
    officer = user(Role.HR)
    db.session.commit()
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = officer.get_id()
        session["_fresh"] = True
    return browser


# ---------------------------------------------------------------- the head's sitting

def test_a_head_assesses_the_whole_department_in_one_sitting(client, login):
    unit = build_unit(children_staff=3, circulation_staff=1, office_staff=1)
    cycle = in_head_review(unit)
    login(unit.head)

    start = client.get("/assessment/")
    children = unit.children.id
    assert start.headers["Location"] == f"/assessment/2025/departments/{children}"
    listing = text(client.get(start.headers["Location"]))
    staff = [e for e in unit.staff if e.id != unit.head.employee_id and e.appointments[0].post.department_id == children]
    assert all(e.name in listing for e in staff)
    assert "由单位评价" in listing  # the head's own form is HR's
    assert "待您评价 3 人" in listing
    first = re.search(r'href="(/assessment/forms/(\d+)/review)"[^>]*>开始评价', listing)
    assert first, listing

    url = first.group(1)
    form = db.session.get(Assessment, int(first.group(2)))
    page = text(client.get(url))
    assert f"{form.employee.name}的总结" in page  # the self-summary, read-only beside the form
    assert "第 1 / 3 人" in page and "还需填写" in page
    assert all(item.text in page for item in head_review.duty_items(form))

    # A draft with a duty item left out: kept, and the gap is named and highlighted.
    saved = client.post(url, data=review_data(form, skip_duties=1))
    assert saved.status_code == 302 and saved.headers["Location"] == url
    page = text(client.get(url))
    assert "已保存" in page and "职责第 1 项" in page and 'class="as-missing"' in page
    # Submitting it as it is keeps the draft and says why it cannot go through yet.
    refused = client.post(url, data=review_data(form, skip_duties=1, comments="改过的评语", submit=True))
    assert refused.status_code == 302
    assert "还不能提交" in text(client.get(url))
    assert fresh(form).form_status == FormStatus.SELF_SUBMITTED and fresh(form).head_comments == "改过的评语"

    # Complete submissions walk from one person to the next, then back to the list.
    seen = []
    while True:
        response = client.post(url, data=review_data(fresh(form), submit=True))
        assert response.status_code == 302
        seen.append(form.id)
        location = response.headers["Location"]
        if not location.endswith("/review"):
            break
        url = location
        form = db.session.get(Assessment, int(url.split("/")[-2]))
    assert location == f"/assessment/2025/departments/{children}"
    assert len(seen) == 3
    finished = text(client.get(location))
    assert "没有其他待评价的人员了" in finished and "没有待评价的人员" in finished
    for employee in staff:
        done = form_of(cycle, employee)
        db.session.refresh(done)
        assert done.form_status == FormStatus.HEAD_SUBMITTED and done.proposed_grade == Grade.COMPETENT


def test_a_head_sees_sub_units_and_a_locked_form_after_submitting(client, login):
    unit = build_unit(children_staff=0, circulation_staff=2, office_staff=0)
    cycle = in_head_review(unit)
    login(unit.adult_head)
    page = text(client.get(f"/assessment/2025/departments/{unit.adult.id}"))
    assert page.count("流通部 · 工作人员") == 2
    form = form_of(cycle, unit.staff[-1])
    client.post(f"/assessment/forms/{form.id}/review", data=review_data(form, submit=True))
    locked = client.get(f"/assessment/forms/{form.id}/review")
    assert "已锁定" in text(locked) and 'name="submit"' not in text(locked)
    again = client.post(f"/assessment/forms/{form.id}/review", data=review_data(form, comments="再改"))
    assert again.status_code == 422 and "已锁定" in text(again)
    assert fresh(form).head_comments == "工作认真负责"


def test_hr_reopens_a_locked_form_with_a_reason_and_the_head_edits_again(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = in_head_review(unit)
    form = form_of(cycle, unit.staff[-1])
    head_review.submit_head_review(form, actor=unit.head, review=full_review(form))
    db.session.commit()

    login(unit.hr)
    page = text(client.get(f"/assessment/forms/{form.id}"))
    assert "退回考核表" in page
    without = client.post(f"/assessment/forms/{form.id}/reopen", data={"reopen-to": "self_submitted", "reopen-reason": " "})
    assert without.status_code == 422 and "请填写原因" in text(without)
    assert fresh(form).form_status == FormStatus.HEAD_SUBMITTED
    done = client.post(f"/assessment/forms/{form.id}/reopen", data={"reopen-to": "self_submitted", "reopen-reason": "评语需补充"})
    assert done.status_code == 302 and fresh(form).form_status == FormStatus.SELF_SUBMITTED
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "assessment.reopen"))
    assert audit.reason == "评语需补充"

    login(unit.head)
    edited = client.post(f"/assessment/forms/{form.id}/review", data=review_data(fresh(form), comments="补充后的评语"))
    assert edited.status_code == 302 and fresh(form).head_comments == "补充后的评语"


def test_the_review_waits_for_the_head_review_step(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    db.session.commit()
    form = form_of(cycle, unit.staff[-1])
    login(unit.head)
    page = text(client.get(f"/assessment/forms/{form.id}/review"))
    assert "当前阶段：个人总结" in page and 'name="save"' not in page
    refused = client.post(f"/assessment/forms/{form.id}/review", data=review_data(form))
    assert refused.status_code == 422 and "主管评价只能在" in text(refused)


# ---------------------------------------------------------------- the employee

def test_the_employee_writes_submits_signs_and_appeals(client, login):
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    person = unit.staff[-1]
    me = sign_in(login, unit, person)
    cycle = open_2025(unit)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    db.session.commit()
    form = form_of(cycle, person)
    login(me)

    assert client.get("/assessment/").headers["Location"] == f"/assessment/forms/{form.id}"
    url = f"/assessment/forms/{form.id}"
    assert client.post(f"{url}/self-summary", data={"summary": "初稿", "save": "1"}).status_code == 302
    assert fresh(form).self_summary == "初稿" and fresh(form).form_status == FormStatus.DRAFT
    assert "初稿" in text(client.get(url))
    assert client.post(f"{url}/self-summary", data={"summary": "定稿\n第二段", "submit": "1"}).status_code == 302
    assert fresh(form).form_status == FormStatus.SELF_SUBMITTED
    page = text(client.get(url))
    assert "个人总结已提交" in page and 'name="summary"' not in page and "定稿\n第二段" in page
    locked = client.post(f"{url}/self-summary", data={"summary": "再改", "save": "1"})
    assert locked.status_code == 422 and "已锁定" in text(locked)
    # Nothing of the review or the grade before the results are notified.
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    for each in queries.department_assessments(cycle):
        review = full_review(each)
        if each.id == form.id:
            review.comments = "仍需提高业务能力"
        head_review.submit_head_review(each, actor=unit.hr, review=review)
    operations.advance(cycle, CycleStatus.DECISION, actor=unit.hr)
    db.session.commit()
    form = fresh(form)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    grading.decide_grade(form, Grade.BASIC, actor=unit.hr)
    db.session.commit()
    hidden = text(client.get(url))
    assert "仍需提高业务能力" not in hidden and "基本合格" not in hidden and "结果通知后显示" in hidden

    to_acknowledgement(cycle, unit.hr, start=unit_today() - timedelta(days=20))
    db.session.commit()
    deadline = operations.appeal_deadline(fresh(form))
    page = text(client.get(url))
    assert "仍需提高业务能力" in page and "基本合格" in page
    assert f"{deadline.isoformat()} 前（含当日）提出申诉" in page

    refused = client.post(f"{url}/acknowledge", data={"choice": "disagree", "opinion": ""})
    assert refused.status_code == 422 and "不同意时须填写意见" in text(refused)
    assert client.post(f"{url}/acknowledge", data={"choice": "disagree", "opinion": "工作量未计入"}).status_code == 302
    signed = fresh(form)
    assert signed.acknowledgement == Acknowledgement.DISAGREE and signed.acknowledged_on == unit_today()
    assert client.post(f"{url}/appeal", data={"text": "全年无差错"}).status_code == 302
    page = text(client.get(url))
    assert "已于" in page and "全年无差错" in page and "人事部门处理中" in page
    twice = client.post(f"{url}/appeal", data={"text": "再申诉"})
    assert twice.status_code == 422 and "已于" in text(twice)

    # HR records the outcome; the employee reads it.
    login(unit.hr)
    queue = text(client.get("/assessment/2025/appeals"))
    assert person.name in queue and "待处理" in queue
    prefix = f"a{form.id}-"
    no_reason = client.post(f"{url}/appeal-outcome", data={prefix + "outcome": "rejected", prefix + "reason": ""})
    assert no_reason.status_code == 422
    decided = client.post(f"{url}/appeal-outcome",
                          data={prefix + "outcome": "upheld", prefix + "new_grade": "competent", prefix + "reason": "复核后改定"})
    assert decided.status_code == 302
    login(me)
    page = text(client.get(url))
    assert "申诉成立，改定等次" in page and "复核后改定" in page and fresh(form).grade == Grade.COMPETENT


def test_no_appeal_for_competent_or_after_the_window(client, login):
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    fine, late = unit.staff[-2], unit.staff[-1]
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    grading.decide_grade(form_of(cycle, late), Grade.INCOMPETENT, actor=unit.hr)
    notified = to_acknowledgement(cycle, unit.hr, start=unit_today() - timedelta(days=60))
    db.session.commit()
    assert notified + timedelta(days=cycle.appeal_days) < unit_today()

    sign_in(login, unit, fine)
    competent = form_of(cycle, fine)
    page = text(client.get(f"/assessment/forms/{competent.id}"))
    assert 'name="text"' not in page
    refused = client.post(f"/assessment/forms/{competent.id}/appeal", data={"text": "不服"})
    assert refused.status_code == 422 and "只有“基本合格”“不合格”等次可以申诉" in text(refused)

    sign_in(login, unit, late)
    failed = form_of(cycle, late)
    page = text(client.get(f"/assessment/forms/{failed.id}"))
    assert "申诉期已于" in page and 'name="text"' not in page
    refused = client.post(f"/assessment/forms/{failed.id}/appeal", data={"text": "不服"})
    assert refused.status_code == 422 and "申诉期已过" in text(refused)
    assert fresh(failed).appealed_on is None


def test_an_employee_sees_nothing_of_others(client, login):
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=1)
    cycle = open_2025(unit)
    other = form_of(cycle, unit.staff[2])
    sign_in(login, unit, unit.staff[1])
    assert client.get(f"/assessment/forms/{other.id}").status_code == 404
    assert client.get(f"/print/assessment/forms/{other.id}.pdf").status_code == 404
    assert client.get(f"/assessment/2025/departments/{unit.children.id}").status_code == 403
    assert client.get("/assessment/2025/excellent").status_code == 404  # not published yet


# ---------------------------------------------------------------- HR: cycle, decision, publicity, archive

def test_hr_opens_a_cycle_with_its_quota_settings_and_sees_who_is_left_out(client, login):
    unit = build_unit(children_staff=3, circulation_staff=1, office_staff=1)
    concurrent_only = unit.staff[-1]
    concurrent_only.appointments[0].kind = "concurrent"
    db.session.commit()
    login(unit.hr)
    assert client.get("/assessment/").headers["Location"] == "/assessment/cycles"
    missing_reason = client.post("/assessment/cycles/new", data={"year": "2025", "excellent_rate": "20",
                                                                 "rounding": "floor", "rate_raised": "y"})
    assert missing_reason.status_code == 422 and "提高比例须填写批准依据" in text(missing_reason)
    opened = client.post("/assessment/cycles/new", data={
        "year": "2025", "excellent_rate": "20", "rounding": "half_up", "rate_raised": "y",
        "raised_reason": "市人社局批复〔2025〕12号", "self_review_deadline": "2026-01-10"})
    assert opened.status_code == 302 and opened.headers["Location"] == "/assessment/2025"
    cycle = queries.find_cycle(2025)
    assert (cycle.rounding, cycle.rate_raised, cycle.rate, cycle.self_review_deadline) == (
        "half_up", True, 25, date(2026, 1, 10))
    page = text(client.get("/assessment/2025"))
    assert "已开启 2025 年度考核" in page
    assert concurrent_only.name in page and "无主岗（仅兼任 办公室/办公室工作人员）" in page
    assert "市人社局批复〔2025〕12号" in page
    again = client.post("/assessment/cycles/new", data={"year": "2025", "excellent_rate": "20", "rounding": "floor"})
    assert again.status_code == 422 and "已经开启" in text(again)


def test_the_cycle_moves_one_confirmed_step_at_a_time(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    open_2025(unit)
    login(unit.hr)
    unconfirmed = client.post("/assessment/2025/advance", data={"to": "self_review"})
    assert unconfirmed.status_code == 422 and "请先勾选确认" in text(unconfirmed)
    skipping = client.post("/assessment/2025/advance", data={"to": "archived", "confirm": "y"})
    assert skipping.status_code == 422 and "不能从“已开启”直接进入“已归档”" in text(skipping)
    assert client.post("/assessment/2025/advance", data={"to": "self_review", "confirm": "y"}).status_code == 302
    assert client.post("/assessment/2025/advance", data={"to": "head_review", "confirm": "y"}).status_code == 302
    early = client.post("/assessment/2025/advance", data={"to": "decision", "confirm": "y"})
    assert early.status_code == 422 and "未提交主管评价" in text(early)
    db.session.expire_all()
    assert queries.find_cycle(2025).status == CycleStatus.HEAD_REVIEW


def test_hr_changes_the_quota_and_deadlines_on_their_own_page(client, login):
    unit = build_unit(children_staff=5, circulation_staff=3, office_staff=2)  # 11 people
    cycle = open_2025(unit)
    login(unit.hr)
    overview = text(client.get("/assessment/2025"))
    assert 'as-settings-link" href="/assessment/2025/settings"' in overview and 'name="publicity_days"' not in overview
    shown = client.get("/assessment/2025/settings")
    assert shown.status_code == 200
    assert re.search(r'name="excellent_rate"[^>]* value="20"', text(shown))
    assert re.search(rf'name="publicity_days"[^>]* value="{cycle.publicity_days}"', text(shown))
    base = {"excellent_rate": "20", "rounding": "floor", "publicity_days": "7", "appeal_days": "15",
            "quota_base": cycle.quota_base}
    too_short = client.post("/assessment/2025/settings", data={**base, "publicity_days": "3"})
    assert too_short.status_code == 422 and "公示期 5–60 个工作日" in text(too_short)
    # WTForms' own messages speak the reader's language too (its catalogue is kept per process).
    bad_date = client.post("/assessment/2025/settings", data={**base, "decision_deadline": "2026-02-30"})
    assert bad_date.status_code == 422 and "不是有效的日期值" in text(bad_date)
    client.post("/language/en", data={"next": "/assessment/2025/settings"})
    bad_date = client.post("/assessment/2025/settings", data={**base, "decision_deadline": "2026-02-30"})
    assert "Not a valid date value" in text(bad_date)
    client.post("/language/zh_CN", data={"next": "/assessment/2025/settings"})
    no_approval = client.post("/assessment/2025/settings", data={**base, "rate_raised": "y"})
    assert no_approval.status_code == 422 and "提高比例须填写批准依据" in text(no_approval)
    saved = client.post("/assessment/2025/settings", data={**base, "head_review_deadline": "2026-01-20",
                                                           "reason": "党委会议决定"})
    assert saved.status_code == 302 and saved.headers["Location"] == "/assessment/2025"
    assert "已保存考核设置。优秀名额 2 人。" in text(client.get("/assessment/2025"))
    db.session.expire_all()
    cycle = queries.find_cycle(2025)
    assert (cycle.publicity_days, cycle.appeal_days, cycle.head_review_deadline) == (7, 15, date(2026, 1, 20))
    log = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.settings")).all()[-1]
    assert log.reason == "党委会议决定" and log.details["after"]["publicity_days"] == 7


def test_settings_are_shut_once_the_excellent_list_is_published(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    operations.publish(cycle, actor=unit.hr, start=unit_today())
    db.session.commit()
    login(unit.hr)
    assert "as-settings-link" not in text(client.get("/assessment/2025"))
    shown = text(client.get("/assessment/2025/settings"))
    assert "名额与截止日期不能再修改" in shown and 'name="excellent_rate"' not in shown
    refused = client.post("/assessment/2025/settings", data={"excellent_rate": "30", "rounding": "floor",
                                                             "publicity_days": "7", "appeal_days": "15",
                                                             "quota_base": cycle.quota_base})
    assert refused.status_code == 422 and "修改考核设置" in text(refused)
    db.session.expire_all()
    assert queries.find_cycle(2025).excellent_rate == 20


def test_step_dates_cannot_shorten_the_appeal_window(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    grading.decide_grade(form_of(cycle, unit.staff[-1]), Grade.BASIC, actor=unit.hr)
    operations.publish(cycle, actor=unit.hr, start=unit_today() - timedelta(days=20))
    db.session.commit()
    login(unit.hr)
    future = (unit_today() + timedelta(days=3)).isoformat()
    refused = client.post("/assessment/2025/advance", data={"to": "acknowledgement", "confirm": "y", "on": future})
    assert refused.status_code == 422 and "通知日期不能晚于今天" in text(refused)
    assert client.post("/assessment/2025/advance", data={"to": "acknowledgement", "confirm": "y",
                                                         "on": unit_today().isoformat()}).status_code == 302
    # Archiving is dated today whatever is posted: the appeal window is still open.
    early = client.post("/assessment/2025/advance", data={"to": "archived", "confirm": "y", "on": "2099-01-01"})
    assert early.status_code == 422 and "尚可申诉" in text(early)
    db.session.expire_all()
    assert queries.find_cycle(2025).status == CycleStatus.ACKNOWLEDGEMENT


def test_hr_decides_grades_together_and_more_excellent_than_the_quota_is_refused(client, login):
    unit = build_unit(children_staff=5, circulation_staff=3, office_staff=2)  # 11 people: quota 2
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    db.session.commit()
    forms = queries.department_assessments(cycle)
    login(unit.hr)
    page = text(client.get("/assessment/2025/decision"))
    assert 'data-quota="2"' in page and "0</span> / 2" in page

    shown = decision_fields(client.get("/assessment/2025/decision"))
    three = {f"grade-{f.id}": ("excellent" if i < 3 else "competent") for i, f in enumerate(forms)}
    refused = client.post("/assessment/2025/decision", data={**shown, **three, f"note-{forms[0].id}": "年度先进"})
    body = text(refused)
    assert refused.status_code == 422
    assert "优秀等次超出名额" in body and "优秀名额 2 人" in body and "按此将有 3 人优秀" in body
    assert "3</span> / 2" in body and 'as-over-message"' in body  # the counter shows what was chosen, flagged
    db.session.expire_all()
    assert all(f.grade is None and f.grade_note is None for f in queries.department_assessments(cycle))

    two = {f"grade-{f.id}": ("excellent" if i < 2 else "competent") for i, f in enumerate(forms)}
    saved = client.post("/assessment/2025/decision", data={**shown, **two, f"note-{forms[0].id}": "年度先进"})
    assert saved.status_code == 302
    db.session.expire_all()
    graded = queries.department_assessments(cycle)
    assert [f.grade for f in graded].count(Grade.EXCELLENT) == 2 and all(f.grade for f in graded)
    assert graded[0].grade_note == "年度先进"
    # A department page holds the others' 优秀 in its counter.
    assert {f.department_id for f in graded if f.grade == Grade.EXCELLENT} == {unit.office.id}
    adult = text(client.get(f"/assessment/2025/decision/{unit.adult.id}"))
    assert 'data-elsewhere="2"' in adult


def test_the_decision_page_can_start_from_the_heads_proposals(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    db.session.commit()
    login(unit.hr)
    page = text(client.get("/assessment/2025/decision?prefill=proposed"))
    assert page.count('<option selected value="competent">') == 2 and "尚未保存" in page
    db.session.expire_all()
    assert all(f.grade is None for f in queries.department_assessments(cycle))


def test_two_officers_on_the_decision_page_never_undo_each_other(app, client, login):
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)  # 5 people: quota 1
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    db.session.commit()
    first, second, third, fourth, _fifth = queries.department_assessments(cycle)
    url = "/assessment/2025/decision"
    login(unit.hr)
    colleague = second_officer(app)
    mine, theirs = decision_fields(client.get(url)), decision_fields(colleague.get(url))

    # The colleague saves first: one person 优秀, a 备注 for another.
    saved = colleague.post(url, data={**theirs, f"grade-{first.id}": "excellent", f"note-{second.id}": "借调半年"})
    assert saved.status_code == 302
    # My page still shows the old values. I change somebody else: the colleague's work stays.
    assert client.post(url, data={**mine, f"grade-{third.id}": "basic"}).status_code == 302
    assert (fresh(first).grade, fresh(second).grade_note, fresh(third).grade) == (Grade.EXCELLENT, "借调半年", Grade.BASIC)

    # Changing on that page what the colleague changed meanwhile is refused whole, naming the person.
    clash = client.post(url, data={**mine, f"grade-{first.id}": "basic", f"note-{fourth.id}": "病假"})
    assert clash.status_code == 422
    assert f"{first.employee.name}的等次已被他人修改为优秀，请刷新后再保存" in text(clash)
    assert (fresh(first).grade, fresh(fourth).grade_note) == (Grade.EXCELLENT, None)
    clash = client.post(url, data={**mine, f"note-{second.id}": "病假"})
    assert clash.status_code == 422
    assert f"{second.employee.name}的备注已被他人修改为“借调半年”，请刷新后再保存" in text(clash)
    assert fresh(second).grade_note == "借调半年"

    # Reloaded, the page shows what is saved now, and my change goes through.
    mine = decision_fields(client.get(url))
    assert client.post(url, data={**mine, f"grade-{first.id}": "basic", f"note-{second.id}": "病假"}).status_code == 302
    assert (fresh(first).grade, fresh(second).grade_note) == (Grade.BASIC, "病假")
    assert fresh(third).grade == Grade.BASIC


def test_a_decision_post_without_what_the_page_showed_is_refused(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    db.session.commit()
    form = queries.department_assessments(cycle)[0]
    login(unit.hr)
    refused = client.post("/assessment/2025/decision", data={f"grade-{form.id}": "basic"})
    assert refused.status_code == 422 and "请刷新后再保存" in text(refused)
    assert fresh(form).grade == Grade.COMPETENT


def test_publicity_shows_the_list_to_everybody_and_grades_are_then_fixed(client, login):
    unit = build_unit(children_staff=5, circulation_staff=0, office_staff=0)  # 6 people: quota 1
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    star = form_of(cycle, unit.staff[2])
    grading.decide_grade(star, Grade.EXCELLENT, actor=unit.hr)
    db.session.commit()
    login(unit.hr)
    start = unit_today()
    published = client.post("/assessment/2025/advance", data={"to": "publicity", "confirm": "y", "on": start.isoformat()})
    assert published.status_code == 302
    db.session.expire_all()
    cycle = queries.find_cycle(2025)
    assert "优秀名单公示期" in text(client.get("/assessment/2025"))

    sign_in(login, unit, unit.staff[1])
    listing = text(client.get("/assessment/2025/excellent"))
    assert star.employee.name in listing and cycle.publicity_end.isoformat() in listing
    login(unit.hr)
    page = client.get("/assessment/2025/decision")
    shown = decision_fields(page)
    assert f"grade-{star.id}" not in shown  # decided: the page offers no change
    # ... and shows the grade as text the 优秀 counter counts, with the copies of what the row shows
    assert '<span class="as-fixed-grade" data-grade="excellent">' in text(page) and "<select" not in text(page)
    assert shown[f"shown-grade-{star.id}"] == "excellent"
    change = client.post("/assessment/2025/decision", data={**shown, f"grade-{star.id}": "competent"})
    assert change.status_code == 422 and "公示后改变等次须经申诉" in text(change)


def test_an_archived_form_is_read_only_except_hrs_amendment_with_a_reason(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    notified = to_acknowledgement(cycle, unit.hr, start=unit_today() - timedelta(days=60))
    operations.archive(cycle, actor=unit.hr, on=notified + timedelta(days=40))
    db.session.commit()
    form = form_of(cycle, unit.staff[-1])
    login(unit.head)
    page = text(client.get(f"/assessment/forms/{form.id}/review"))
    assert 'name="save"' not in page
    refused = client.post(f"/assessment/forms/{form.id}/review", data=review_data(form))
    assert refused.status_code == 422 and "已归档" in text(refused)

    login(unit.hr)
    page = text(client.get(f"/assessment/forms/{form.id}"))
    assert "修改已归档的考核表" in page and "退回考核表" not in page
    assert "已归档" in text(client.get("/assessment/2025/decision"))
    no_reason = client.post(f"/assessment/forms/{form.id}/amend", data={"amend-grade": "basic", "amend-reason": ""})
    assert no_reason.status_code == 422 and fresh(form).grade == Grade.COMPETENT
    amended = client.post(f"/assessment/forms/{form.id}/amend",
                          data={"amend-grade": "basic", "amend-grade_note": "复查", "amend-reason": "纪检通报后复核"})
    assert amended.status_code == 302 and fresh(form).grade == Grade.BASIC
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "assessment.amend"))
    assert entry.reason == "纪检通报后复核" and entry.details["before"]["grade"] == "competent"


def test_hr_flags_a_special_case_from_the_form_page(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    worker = unit.staff[-1]
    newcomer = unit.hire(unit.circulation_staff, name="新入职", hired_on=date(2025, 12, 1))
    cycle = open_2025(unit)
    form = form_of(cycle, worker)
    login(unit.hr)
    refused = client.post(f"/assessment/forms/{form.id}/special-case", data={"special-case": "deferred", "special-reason": ""})
    assert refused.status_code == 422 and fresh(form).special_case == SpecialCase.NONE
    done = client.post(f"/assessment/forms/{form.id}/special-case", data={"special-case": "deferred", "special-reason": "正在接受调查"})
    assert done.status_code == 302 and fresh(form).special_case == SpecialCase.DEFERRED
    page = text(client.get("/assessment/2025"))
    assert "暂缓确定等次" in page and "正在接受调查" in page
    # Both listed with their department's path and who marked them (the newcomer: found from the data).
    special = page[page.index('id="special"'):page.index('id="outside"')]
    flagged = re.search(r"<tr>(?:(?!</tr>).)*正在接受调查(?:(?!</tr>).)*</tr>", special, re.S).group(0)
    assert worker.name in flagged and "少儿部" in flagged and unit.hr.name in flagged
    found = re.search(r"<tr>(?:(?!</tr>).)*新入职(?:(?!</tr>).)*</tr>", special, re.S).group(0)
    assert "成人部/流通部" in found and "按人事记录自动判定" in found
    assert f'href="/assessment/forms/{form_of(cycle, newcomer).id}"' in found


def test_grades_go_out_to_excel_and_come_back_all_or_nothing(client, login):
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)  # 5 people: quota 1
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    db.session.commit()
    login(unit.hr)
    exported = client.get("/assessment/2025/export.xlsx")
    assert exported.status_code == 200
    book = load_workbook(io.BytesIO(exported.data))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["工号", "姓名", "部门", "岗位", "等次", "评语"]
    for number, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        row[4].value = "优秀" if number in (2, 3) else "合格"
    buffer = io.BytesIO()
    book.save(buffer)

    refused = client.post("/assessment/2025/import", data={"sheet": (io.BytesIO(buffer.getvalue()), "等次.xlsx")},
                          content_type="multipart/form-data")
    body = text(refused)
    assert refused.status_code == 422 and "第 3 行" in body and "等次" in body and "优秀名额 1 人" in body
    db.session.expire_all()
    assert all(f.grade is None for f in queries.department_assessments(cycle))

    sheet.cell(row=3, column=5).value = "合格"
    buffer = io.BytesIO()
    book.save(buffer)
    done = client.post("/assessment/2025/import", data={"sheet": (io.BytesIO(buffer.getvalue()), "等次.xlsx")},
                       content_type="multipart/form-data")
    assert done.status_code == 302
    db.session.expire_all()
    assert sorted(f.grade for f in queries.department_assessments(cycle)) == ["competent"] * 4 + ["excellent"]


def test_the_unit_batch_runs_as_a_background_job(client, login):
    from hrflow.jobs.services import wait_for_all
    from hrflow.models.jobs import Job
    from tests.pdfcheck import pdf_pages

    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=1)
    open_2025(unit)
    login(unit.hr)
    started = client.post("/assessment/2025/print-job")
    assert started.status_code == 302 and started.headers["Location"].startswith("/jobs/")
    wait_for_all()
    db.session.expire_all()
    job = db.session.get(Job, int(started.headers["Location"].split("/")[-1]))
    assert job.state == "done", job.message
    assert job.result_name == "考核登记表-2025.pdf" and pdf_pages(job.result) >= 3 * 2


def test_the_menu_link_leads_each_role_to_its_part(client, login):
    from hrflow.models import Role
    from tests.assessment_support import user

    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=1)
    login(unit.head)
    assert "人事部门还没有开启年度考核" in text(client.get("/assessment/"))
    cycle = open_2025(unit)
    two_departments = user(Role.HEAD, departments=[unit.children, unit.office])
    db.session.commit()
    assert client.get("/assessment/").headers["Location"] == f"/assessment/2025/departments/{unit.children.id}"
    login(two_departments)
    hub = text(client.get("/assessment/"))
    assert "少儿部 的考核" in hub and "办公室 的考核" in hub
    sign_in(login, unit, unit.staff[-1])
    assert client.get("/assessment/").headers["Location"] == f"/assessment/forms/{form_of(cycle, unit.staff[-1]).id}"
    outsider = unit.hire(unit.office_staff, name="新调入")
    sign_in(login, unit, outsider)
    page = text(client.get("/assessment/"))
    assert "您不参加 2025 年度考核" in page and "考核开启后任职" in page
    login(unit.hr)
    assert client.get("/assessment/").headers["Location"] == "/assessment/2025"


def test_the_dashboard_charts_the_latest_cycle(client, login):
    unit = build_unit(children_staff=2, circulation_staff=1, office_staff=0)
    cycle = in_head_review(unit)
    head_review.submit_head_review(form_of(cycle, unit.staff[1]), actor=unit.head, review=full_review(form_of(cycle, unit.staff[1])))
    db.session.commit()
    login(unit.hr)
    page = text(client.get("/dashboard/"))
    assert "2025 年度考核进度（主管评价）" in page and "2025 年度考核等次分布" in page
    assert "少儿部 · 主管已评价: 1" in page and "少儿部 · 待主管评价: 1" in page and "少儿部 · 待交个人总结: 1" in page
    assert "成人部 · 未定等次: 1" in page


# ---------------------------------------------------------------- escaping, CSP, CSRF

def test_html_typed_into_the_forms_is_shown_as_text(client, login):
    from tests.test_security import csp_violations

    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    person = unit.staff[-1]
    cycle = in_head_review(unit, submitted=False)
    form = form_of(cycle, person)
    form.self_summary = XSS
    form.submit_self()
    head_review.save_head_review(form, head_review.HeadReview(comments=XSS), actor=unit.head)
    db.session.commit()
    login(unit.head)
    for url in (f"/assessment/forms/{form.id}/review", f"/assessment/forms/{form.id}",
                f"/assessment/2025/departments/{unit.children.id}"):
        page = client.get(url)
        assert page.status_code == 200
        assert XSS not in text(page) and csp_violations(text(page)) == [], url
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text(client.get(f"/assessment/forms/{form.id}/review"))


def test_every_form_on_the_pages_carries_a_csrf_token_and_posts_without_it_are_refused(app, login):
    from tests.test_security import CSRF_INPUT, csrf_client, csrf_token_of

    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = in_head_review(unit)
    form = form_of(cycle, unit.staff[-1])
    browser = csrf_client(app, unit.head)
    page = browser.get(f"/assessment/forms/{form.id}/review")
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", text(page), re.S)
    assert len(forms) >= 2 and all(CSRF_INPUT.search(f) for f in forms)
    data = review_data(form, comments="带令牌")
    assert browser.post(f"/assessment/forms/{form.id}/review", data=data).status_code == 400
    assert fresh(form).head_comments is None
    accepted = browser.post(f"/assessment/forms/{form.id}/review", data={**data, "csrf_token": csrf_token_of(page)})
    assert accepted.status_code == 302 and fresh(form).head_comments == "带令牌"

    hr = csrf_client(app, unit.hr)
    for url in ("/assessment/2025", "/assessment/2025/decision", f"/assessment/forms/{form.id}"):
        html = text(hr.get(url))
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S)
        assert forms and all(CSRF_INPUT.search(f) for f in forms), url


def test_the_pages_read_in_english(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = in_head_review(unit)
    form = form_of(cycle, unit.staff[-1])
    login(unit.head)
    client.post("/language/en", data={"next": "/"})
    page = text(client.get(f"/assessment/forms/{form.id}/review"))
    assert "Save draft" in page and "Good" in page and "保存草稿" not in page


def test_the_list_of_missing_items_uses_the_readers_separators(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = in_head_review(unit)
    form = form_of(cycle, unit.staff[-1])  # 工作人员: three duty items
    login(unit.head)
    draft = review_data(form, skip_duties=2)
    for dimension in ("morality", "integrity"):
        del draft[f"dim-{dimension}"]
    assert client.post(f"/assessment/forms/{form.id}/review", data=draft).status_code == 302

    def gaps(page: str) -> str:
        return re.search(r'class="alert alert-warning as-gaps"[^>]*>(.*?)</div>', page, re.S).group(1)

    chinese = gaps(text(client.get(f"/assessment/forms/{form.id}/review")))
    assert "工作人员职责第 1、2 项；德、廉" in chinese
    client.post("/language/en", data={"next": "/"})
    english = gaps(text(client.get(f"/assessment/forms/{form.id}/review")))
    assert "duties 1, 2 of 工作人员; Morality, Integrity" in english
    assert "、" not in english and "；" not in english


# ---------------------------------------------------------------- the helpers the pages use (services.py)

def test_non_participants_are_found_with_their_reason():
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    late = unit.hire(unit.office_staff, name="后来者")
    gone = unit.hire(unit.office_staff, name="已离开", end=date(2025, 6, 1))
    db.session.commit()
    reasons = {p.name: p.reason for p in queries.non_participants(cycle)}
    assert reasons == {late.name: "考核开启后任职，未列入本年度考核",
                       gone.name: "考核基准日 2025-12-31 无主岗（无在岗岗位）"}


def test_review_gaps_and_the_queue():
    unit = build_unit(children_staff=3, circulation_staff=0, office_staff=0)
    cycle = in_head_review(unit)
    forms = [f for f in queries.department_assessments(cycle, [unit.children.id]) if f.employee_id != unit.head.employee_id]
    first, second, third = forms
    gaps = head_review.review_gaps(first)
    assert not gaps.started and not gaps.complete and gaps.count() == 3 + 5 + 1 + 1
    review = full_review(first)
    review.duty_ratings.pop(next(iter(review.duty_ratings)))
    head_review.save_head_review(first, review, actor=unit.head)
    gaps = head_review.review_gaps(first)
    assert gaps.started and gaps.count() == 1 and len(gaps.duties) == 1
    head_review.submit_head_review(second, actor=unit.head, review=full_review(second))
    queue = head_review.review_queue(forms, first)
    assert (queue.position, queue.previous, queue.next, queue.next_ready) == (0, None, second, third)
    assert head_review.review_queue(forms, third).next_ready is first  # wraps round to the draft left behind


def as_shown(form: Assessment, grade=None, note=None, **shown) -> grading.DecisionRow:
    """A row as the decision page posts it: what was chosen, and what the row showed (the saved values
    unless given)."""
    return grading.DecisionRow(form, grade if grade is not None else form.grade,
                                note if note is not None else form.grade_note,
                                shown.get("shown_grade", form.grade), shown.get("shown_note", form.grade_note))


def test_save_decisions_changes_only_what_changed_and_keeps_notes():
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)  # 5 people: quota 1
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    forms = queries.department_assessments(cycle)
    assert grading.save_decisions(cycle, [as_shown(f, "competent") for f in forms], actor=unit.hr) == 5
    assert grading.save_decisions(cycle, [as_shown(f) for f in forms], actor=unit.hr) == 0
    rows = [as_shown(f) for f in forms]
    rows[0] = as_shown(forms[0], note="借调半年")
    assert grading.save_decisions(cycle, rows, actor=unit.hr) == 1 and forms[0].grade_note == "借调半年"
    with pytest.raises(grading.QuotaExceeded):
        grading.save_decisions(cycle, [as_shown(f, "excellent") for f in forms[:2]], actor=unit.hr)
    with pytest.raises(AssessmentAccessError):
        grading.save_decisions(cycle, rows, actor=unit.head)


def test_save_decisions_names_everyone_changed_by_somebody_else_and_saves_nothing():
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    first, second, third, *_ = queries.department_assessments(cycle)
    stale = [as_shown(first, "basic"), as_shown(second, note="病假"), as_shown(third, note="出差")]
    grading.decide_grade(first, Grade.EXCELLENT, actor=unit.hr)  # meanwhile, by somebody else
    second.grade_note = "借调半年"
    with pytest.raises(AssessmentError) as refused:
        grading.save_decisions(cycle, stale, actor=unit.hr)
    assert str(refused.value) == (f"{first.employee.name}的等次已被他人修改为优秀；"
                                  f"{second.employee.name}的备注已被他人修改为“借调半年”，请刷新后再保存")
    assert third.grade_note is None
    # Somebody else chose the very value the officer chose: nothing is lost, the rest is saved.
    same = [as_shown(first, "excellent", shown_grade="competent"), as_shown(third, note="出差")]
    assert grading.save_decisions(cycle, same, actor=unit.hr) == 1 and third.grade_note == "出差"


def test_appeal_open_follows_grade_window_and_signature():
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    low = form_of(cycle, unit.staff[-1])
    grading.decide_grade(low, Grade.BASIC, actor=unit.hr)
    assert not operations.appeal_open(low)  # not notified yet
    notified = to_acknowledgement(cycle, unit.hr, start=unit_today() - timedelta(days=20))
    deadline = notified + timedelta(days=cycle.appeal_days)
    assert operations.appeal_open(low, on=deadline) and not operations.appeal_open(low, on=deadline + timedelta(days=1))
    assert not operations.appeal_open(form_of(cycle, unit.staff[-2]))  # 合格
    operations.acknowledge(low, Acknowledgement.AGREE, actor=unit.login_for(low.employee))
    assert not operations.appeal_open(low)
    assert queries.appeals(cycle) == []


def test_progress_by_department_counts_sub_units_with_their_parent():
    unit = build_unit(children_staff=2, circulation_staff=2, office_staff=1)
    cycle = in_head_review(unit)
    rows = {d.name: p for d, p in figures.progress_by_department(cycle)}
    assert list(rows) == ["办公室", "少儿部", "成人部"]
    assert (rows["成人部"].participants, rows["少儿部"].participants, rows["少儿部"].draft) == (2, 3, 1)


# ---------------------------------------------------------------- small fixes of the form page

class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids.extend(value for name, value in attrs if name == "id")


def duplicate_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return sorted({i for i in parser.ids if parser.ids.count(i) > 1})


def test_disagreeing_without_an_opinion_is_asked_under_the_opinion_field(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    person = unit.staff[-1]
    me = sign_in(login, unit, person)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    to_acknowledgement(cycle, unit.hr, start=unit_today() - timedelta(days=20))
    db.session.commit()
    form = form_of(cycle, person)
    login(me)

    refused = client.post(f"/assessment/forms/{form.id}/acknowledge", data={"choice": "disagree", "opinion": "  "})
    page = text(refused)
    assert refused.status_code == 422 and fresh(form).acknowledgement is None
    assert re.search(r'id="opinion-error">\s*不同意时须填写意见', page)
    assert 'class="alert alert-danger"' not in page  # no refusal at the top of the page
    assert re.search(r'value="disagree"[^>]*checked|checked[^>]*value="disagree"', page)
    agreed = client.post(f"/assessment/forms/{form.id}/acknowledge", data={"choice": "agree", "opinion": ""})
    assert agreed.status_code == 302 and fresh(form).acknowledgement == Acknowledgement.AGREE


def test_hrs_forms_on_the_form_page_have_unique_ids(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = in_head_review(unit)
    form = form_of(cycle, unit.staff[-1])
    head_review.submit_head_review(form, actor=unit.head, review=full_review(form))
    db.session.commit()
    login(unit.hr)
    page = text(client.get(f"/assessment/forms/{form.id}"))
    assert "退回考核表" in page and 'id="special-reason"' in page and 'id="reopen-reason"' in page
    assert 'for="reopen-reason"' in page and duplicate_ids(page) == []
    refused = client.post(f"/assessment/forms/{form.id}/reopen", data={"reopen-to": "draft", "reopen-reason": ""})
    shown = text(refused)
    assert refused.status_code == 422 and 'id="reopen-reason-error"' in shown and 'id="special-reason-error"' not in shown

    for other in queries.department_assessments(cycle):
        if other.form_status != FormStatus.HEAD_SUBMITTED:
            head_review.submit_head_review(other, actor=unit.hr, review=full_review(other))
    operations.advance(cycle, CycleStatus.DECISION, actor=unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    notified = to_acknowledgement(cycle, unit.hr, start=unit_today() - timedelta(days=60))
    operations.archive(cycle, actor=unit.hr, on=notified + timedelta(days=40))
    db.session.commit()
    archived = text(client.get(f"/assessment/forms/{form.id}"))
    assert 'id="amend-reason"' in archived and duplicate_ids(archived) == []


def test_an_employee_reaches_their_own_forms_of_earlier_years(client, login):
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    person, colleague = unit.staff[-1], unit.staff[-2]
    me = sign_in(login, unit, person)
    earlier = open_2025(unit)
    to_decision(earlier, unit.hr)
    grade_all(earlier, Grade.COMPETENT, unit.hr)
    to_acknowledgement(earlier, unit.hr, start=unit_today() - timedelta(days=20))
    latest = operations.open_cycle(2026, actor=unit.hr).cycle
    db.session.commit()
    old, new = form_of(earlier, person), form_of(latest, person)
    login(me)

    assert client.get("/assessment/").headers["Location"] == f"/assessment/forms/{new.id}"
    page = text(client.get(f"/assessment/forms/{new.id}"))
    assert "其他年度" in page and f'href="/assessment/forms/{old.id}"' in page
    assert f'href="/assessment/forms/{form_of(earlier, colleague).id}"' not in page
    assert f'href="/assessment/forms/{new.id}"' not in page  # the year shown is not listed again
    back = text(client.get(f"/assessment/forms/{old.id}"))
    assert f'href="/assessment/forms/{new.id}"' in back and 'name="choice"' in back  # 2025 can still be signed
    assert client.post(f"/assessment/forms/{old.id}/acknowledge", data={"choice": "agree"}).status_code == 302

    # Someone left out of the new year finds the earlier one from the index.
    db.session.delete(new)
    db.session.commit()
    hub = text(client.get("/assessment/"))
    assert "您不参加 2026 年度考核" in hub and f'href="/assessment/forms/{old.id}"' in hub

    login(unit.hr)
    assert "其他年度" not in text(client.get(f"/assessment/forms/{old.id}"))


def _row_of(page: str, name: str) -> str:
    """The department table's row naming `name`, as HTML."""
    row = re.search(r'<tr class="as-person[^"]*">(?:(?!</tr>).)*?' + re.escape(name) + r"(?:(?!</tr>).)*</tr>", page, re.S)
    assert row, name
    return row.group(0)


def test_the_department_list_says_where_each_review_stands(client, login):
    """One row per kind: the head's own form (the unit reviews it), a person with a concurrent post whose
    review is a draft with gaps, a complete draft, a submitted review with its proposed grade, somebody
    not graded, and a summary not handed in yet."""
    unit = build_unit(children_staff=0, circulation_staff=0, office_staff=0)
    drafted = unit.hire(unit.children_staff, name="草稿缺项", concurrent=(unit.office_staff,))
    complete = unit.hire(unit.children_staff, name="草稿完整")
    submitted = unit.hire(unit.children_staff, name="已评价")
    absent = unit.hire(unit.children_staff, name="病假")
    unit.hire(unit.children_staff, name="未交总结")
    cycle = open_2025(unit)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    grading.flag_special_case(form_of(cycle, absent), SpecialCase.NOT_GRADED, actor=unit.hr, reason="病假超过半年")
    for person in (drafted, complete, submitted):
        form = form_of(cycle, person)
        form.self_summary = "总结"
        form.submit_self()
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    partial = full_review(form_of(cycle, drafted))
    partial.duty_ratings = dict(list(partial.duty_ratings.items())[1:])  # one duty item left unrated
    partial.comments = ""
    head_review.save_head_review(form_of(cycle, drafted), partial, actor=unit.head)
    head_review.save_head_review(form_of(cycle, complete), full_review(form_of(cycle, complete)), actor=unit.head)
    head_review.submit_head_review(form_of(cycle, submitted), actor=unit.head,
                                review=full_review(form_of(cycle, submitted), grade=Grade.EXCELLENT))
    db.session.commit()

    # The page counts the steps from the forms it lists; they are what progress() counts.
    ids = unit.children.subtree_ids()
    counted, progress = queries.StepCounts.of(queries.department_steps(cycle, ids)), figures.progress(cycle, ids)
    assert counted == queries.StepCounts(progress.participants, progress.not_graded, progress.draft,
                                          progress.self_submitted, progress.head_submitted) == queries.StepCounts(6, 1, 2, 2, 1)

    login(unit.head)
    page = text(client.get(f"/assessment/2025/departments/{unit.children.id}"))
    assert re.search(r"待交个人总结</span><span class=\"seat-stat-value\">2<", page)
    own = _row_of(page, "少儿主任")
    assert "由单位评价" in own and "我的考核表" in own and "评价</a>" not in own
    assert "您本人的考核表由单位（人事部门）评价。" in page
    gaps = _row_of(page, "草稿缺项")
    assert "草稿" in gaps and "缺 2 项" in gaps  # the unrated duty item and the comments
    assert "兼任" in gaps and "办公室工作人员" in gaps
    assert "可提交" in _row_of(page, "草稿完整")
    done = _row_of(page, "已评价")
    assert "已提交" in done and ">优秀</span>" in done and "查看评价" in done
    client.post("/language/en", data={"next": "/"})  # the badges are kept per language
    assert ">Excellent</span>" in _row_of(text(client.get(f"/assessment/2025/departments/{unit.children.id}")), "已评价")
    client.post("/language/zh_CN", data={"next": "/"})
    absent_row = _row_of(page, "病假")
    assert "不定等次" in absent_row and "评价</a>" not in absent_row
    assert "未提交" in _row_of(page, "未交总结") and "未开始" in _row_of(page, "未交总结")
    assert "待您评价 2 人。" in page and "另有 1 人尚未提交个人总结" in page
    start = re.search(r'href="/assessment/forms/(\d+)/review">开始评价：(\S+?)<', page)
    assert start and start.group(2) == "草稿缺项"
    # A long department comes page by page; the counts and the next person still cover all of it.
    client.application.config["PAGE_SIZE"] = 2
    try:
        url = f"/assessment/2025/departments/{unit.children.id}"
        first, last = text(client.get(url)), text(client.get(url + "?page=3"))
        assert first.count('<tr class="as-person') == 2 and last.count('<tr class="as-person') == 2
        assert re.findall(r'<td class="num">(\d+)</td>', last) == ["5", "6"]  # numbered across pages
        assert "共 6 条，显示第 5–6 条" in last and f'href="/assessment/2025/departments/{unit.children.id}?page=2"' in last
        for shown in (first, last):
            assert "待您评价 2 人。" in shown and "开始评价：草稿缺项" in shown
        assert client.get(url + "?page=4").status_code == 404
    finally:
        client.application.config["PAGE_SIZE"] = 50
