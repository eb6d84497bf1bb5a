"""Journeys through the annual assessment in the browser: the head of 少儿部 reviews the department in one
sitting, the demo employee hands in the self-summary, HR decides grades under the 优秀 quota and publishes
the list, an employee appeals and HR records the outcome, HR prints the forms, an employee is turned away.

The demo's 2025 cycle stands at the head-review step: 少儿部 staff have handed in their summaries, the head
has submitted two reviews and saved a third, the demo employee's summary is saved but not submitted. Only
the head's journey and the employee's journey change it; the head's journey reads from the database whether
the employee's summary is in already, so either may run first.
Journeys that need a later step set up a year of their own in the live server's database (2024: deciding,
2023: appeals); years before 2025, so that 考核 still leads everyone to the demo's cycle."""

from __future__ import annotations

import io
import os
import re
import secrets
from datetime import timedelta
from unittest import mock

from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlalchemy import text

from hrflow.clock import unit_today
from tests.e2e.conftest import login_as, screenshot

DEMO_YEAR = 2025
CHILDREN = "少儿部"
HEAD = "何志强"  # heads 少儿部; his own form is reviewed by the unit, not by himself
EMPLOYEE = "罗春梅"  # the demo employee, a 少儿部 member
REVIEWED = ("林浩然", "高堃")  # the demo head submitted these two
DRAFTED = "郑丽"  # … and saved this one as a complete draft
COMMENTS = "工作积极主动，按时完成岗位职责规定的各项任务，读者评价良好。"


# ---------------------------------------------------------------- helpers

def flash(page: Page, text_: str):
    return page.get_by_role("alert").filter(has_text=text_)


def in_live_app(live_server, work):
    """Run `work()` in an app context on the live server's database and commit: for the steps of a cycle
    a journey starts from (the pages for those steps are journeys of their own)."""
    from hrflow import create_app
    from hrflow.extensions import db

    with mock.patch.dict(os.environ, live_server.env):
        app = create_app({"SQLALCHEMY_DATABASE_URI": live_server.env["HRFLOW_DATABASE_URL"], "SECRET_KEY": "setup"})
    with app.app_context():
        try:
            result = work(app)
            db.session.commit()
        finally:
            db.session.remove()
            db.engine.dispose()
    return result


def cycle_in_head_review(year: int, *, excellent_beyond_quota: int | None = None):
    """`work` for in_live_app: open `year` and have HR submit a complete review for everyone, proposing
    合格; with `excellent_beyond_quota`, 优秀 for that many people more than the quota (every fourth person)."""

    def work(app):
        from sqlalchemy import select

        from hrflow.assessment import figures, head_review, operations, queries
        from hrflow.extensions import db
        from hrflow.models import CycleStatus, User
        from tests.assessment_support import full_review

        hr = db.session.scalar(select(User).where(User.role == "hr").order_by(User.id))
        cycle = operations.open_cycle(year, actor=hr).cycle
        operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=hr)
        operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=hr)
        forms = queries.department_assessments(cycle)
        excellent = []
        if excellent_beyond_quota is not None:
            excellent = forms[1::4][:figures.quota_summary(cycle).quota + excellent_beyond_quota]
        for form in forms:
            head_review.submit_head_review(form, actor=hr, review=full_review(
                form, grade="excellent" if form in excellent else "competent"))

    return work


def demo_forms(live_db, department: str) -> dict[str, tuple[int, str]]:
    """Name → (form id, form status) of the demo cycle's forms in a top-level department (sub-units included)."""
    with live_db.connect() as connection:
        rows = connection.execute(text(
            "SELECT e.name, a.id, a.form_status FROM assessment a JOIN assessment_cycle c ON c.id = a.cycle_id "
            "JOIN employee e ON e.id = a.employee_id JOIN department d ON d.id = a.department_id "
            "LEFT JOIN department p ON p.id = d.parent_id "
            "WHERE c.year = :year AND (d.name = :name AND d.parent_id IS NULL OR p.name = :name)"
        ), {"year": DEMO_YEAR, "name": department}).all()
    return {name: (form_id, status) for name, form_id, status in rows}


def department_id(live_db, name: str) -> int:
    with live_db.connect() as connection:
        return connection.execute(text("SELECT id FROM department WHERE name = :name AND parent_id IS NULL"),
                                  {"name": name}).scalar_one()


def graded_count(live_db, year: int) -> int:
    with live_db.connect() as connection:
        return connection.execute(text(
            "SELECT count(*) FROM assessment a JOIN assessment_cycle c ON c.id = a.cycle_id "
            "WHERE c.year = :year AND a.grade IS NOT NULL"
        ), {"year": year}).scalar_one()


def tab(page: Page, name: str):
    """A tab of HR's cycle pages (概览, 等次评定, 优秀名单, 申诉)."""
    return page.locator("ul.nav-tabs").get_by_role("link", name=name, exact=True)


def person_row(page: Page, name: str):
    return page.locator("table.as-people tbody tr").filter(has=page.get_by_text(name, exact=True))


def rate(page: Page, *, skip_duties: tuple[int, ...] = (), skip_dimensions: tuple[str, ...] = ()) -> None:
    """Rate every duty item (but the numbers in skip_duties) and every dimension (but skip_dimensions) 好,
    one row at a time as a person would."""
    # .all() does not wait: after a click the review page may still be on its way.
    expect(page.locator("form.as-review table.as-duties").last).to_be_visible()
    tables = page.locator("form.as-review table.as-duties").all()  # a table per post, then 德能勤绩廉
    for table in tables[:-1]:
        for row in table.locator("tbody tr").all():
            if int(row.locator("td.as-n").inner_text()) not in skip_duties:
                row.get_by_label("好", exact=True).check()
    for row in tables[-1].locator("tbody tr").all():
        if row.locator("th").inner_text() not in skip_dimensions:
            row.get_by_label("好", exact=True).check()


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# ---------------------------------------------------------------- journeys

def test_the_head_reviews_the_whole_department_in_one_sitting(page, live_server, live_db):
    before = demo_forms(live_db, CHILDREN)
    employee_submitted = before[EMPLOYEE][1] != "draft"  # the employee's journey may have run first
    login_as(page, live_server, "head")
    page.locator("#mainnav").get_by_role("link", name="考核", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{CHILDREN} · {DEMO_YEAR} 年度考核")

    # The whole department, each person's step and what is missing; nobody from elsewhere.
    rows = page.locator("table.as-people tbody tr")
    expect(rows).to_have_count(len(before))
    for name in before:
        expect(person_row(page, name)).to_have_count(1)
    for name in REVIEWED:
        expect(person_row(page, name).locator("td").nth(4)).to_have_text("已提交")
    expect(person_row(page, DRAFTED).locator("td").nth(4)).to_have_text(re.compile(r"^\s*草稿\s+可提交\s*$"))
    expect(person_row(page, HEAD).locator("td").nth(3)).to_have_text("未提交")
    expect(person_row(page, HEAD).locator("td").nth(4)).to_have_text("由单位评价")
    expect(person_row(page, EMPLOYEE).locator("td").nth(3)).to_have_text("已提交" if employee_submitted else "未提交")
    # What is waiting counts only the people the head reviews: not himself, whose form is the unit's.
    to_review = [name for name, (_id, status) in before.items() if status == "self_submitted" and name != HEAD]
    expect(page.locator(".as-next")).to_contain_text(f"待您评价 {len(to_review)} 人。")
    if employee_submitted:
        expect(page.locator(".as-next")).not_to_contain_text("尚未提交个人总结")
    else:
        expect(page.locator(".as-next")).to_contain_text("另有 1 人尚未提交个人总结")

    # Person after person from the first one ready, until nobody is left. The saved draft is complete and
    # goes straight through; on the first untouched form an incomplete submit keeps the draft and says what
    # is missing, on the page and in the department's list.
    start = page.get_by_role("link", name=re.compile("^开始评价："))
    current = start.inner_text().removeprefix("开始评价：")
    start.click()
    reviewed: list[str] = []
    incomplete = None
    while True:
        expect(page.get_by_role("heading", level=1)).to_have_text(f"评价：{current}")
        if current == DRAFTED:
            expect(page.get_by_role("status")).to_have_text("全部项目已填写，可以提交。")
        elif incomplete is None:
            incomplete = current
            expect(page.locator(".as-summary-card .as-prose")).not_to_be_empty()  # their summary alongside
            rate(page, skip_duties=(1, 2), skip_dimensions=("廉",))
            page.get_by_label("主管领导评语").fill(COMMENTS)
            page.get_by_role("button", name="提交评价（提交后锁定）").click()
            expect(flash(page, "已保存草稿，但还不能提交：还有未评价的项目：职责第 1 项（工作人员）、职责第 2 项（工作人员）、廉"))\
                .to_be_visible()
            expect(page.get_by_role("status")).to_have_text("还需填写：工作人员职责第 1、2 项；廉；考核等次建议")
            expect(page.locator("tr.as-missing")).to_have_count(3)
            expect(page.get_by_label("主管领导评语")).to_have_value(COMMENTS)
            screenshot(page, "assessment-head-review-incomplete")
            page.get_by_label("breadcrumb").get_by_role("link", name=CHILDREN).click()
            expect(person_row(page, current).locator("td").nth(4)).to_have_text(re.compile(r"^\s*草稿\s+缺 4 项\s*$"))
            person_row(page, current).get_by_role("link", name="评价").click()
            rate(page)
            page.get_by_label("考核等次建议").select_option(label="合格")
        else:
            rate(page)
            page.get_by_label("主管领导评语").fill(COMMENTS)
            page.get_by_label("考核等次建议").select_option(label="合格")
        page.get_by_role("button", name="提交评价（提交后锁定）").click()
        reviewed.append(current)
        done = flash(page, f"已提交 {current} 的评价。")
        expect(done).to_be_visible()
        if "没有其他待评价的人员了" in done.inner_text():
            break
        current = re.search(r"下一位：(\S+)。", done.inner_text()).group(1)
        assert current not in reviewed, "the sitting went round in a circle"
    assert sorted(reviewed) == sorted(to_review)

    expect(page.get_by_role("heading", level=1)).to_have_text(f"{CHILDREN} · {DEMO_YEAR} 年度考核")
    expect(page.locator(".as-next")).to_contain_text("没有待评价的人员。")
    assert DRAFTED in reviewed and incomplete is not None
    for name in [*REVIEWED, *reviewed]:
        expect(person_row(page, name).locator("td").nth(4)).to_have_text("已提交")
    expect(person_row(page, incomplete).locator("td").nth(5)).to_have_text("合格")

    # A submitted review is locked.
    person_row(page, incomplete).get_by_role("link", name="查看评价").click()
    expect(page.get_by_text("评价已提交，已锁定。需要修改请联系人事部门退回。")).to_be_visible()
    expect(page.get_by_role("button", name="提交评价（提交后锁定）")).to_have_count(0)
    expect(page.get_by_label("主管领导评语")).to_be_disabled()

    # Only their own people: another department's list and forms are out of reach, deciding is HR's.
    office = demo_forms(live_db, "办公室")
    other_form = next(iter(office.values()))[0]
    assert page.goto(f"/assessment/{DEMO_YEAR}/departments/{department_id(live_db, '办公室')}").status == 404
    assert page.goto(f"/assessment/forms/{other_form}/review").status == 404
    assert page.goto(f"/assessment/forms/{other_form}").status == 404
    assert page.goto(f"/assessment/{DEMO_YEAR}/decision").status == 403


def test_the_employee_writes_and_submits_the_self_summary(page, live_server):
    login_as(page, live_server, "employee")
    page.locator("#mainnav").get_by_role("link", name="考核", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"我的 {DEMO_YEAR} 年度考核")
    summary = page.get_by_role("textbox", name="个人总结")
    expect(summary).to_have_value(re.compile("^本年度主要负责少儿借阅区的日常服务工作"))  # the saved draft
    expect(page.locator("#result")).to_contain_text("主管评价和考核等次在结果通知后显示")

    written = ("本年度主要负责少儿借阅区的日常服务工作，耐心接待少儿读者，做好图书整理和上架，"
               "协助组织暑期阅读推广活动十二场。\n不足：业务学习还不够系统，明年改进。")
    summary.fill(written)
    page.get_by_role("button", name="保存草稿").click()
    expect(flash(page, "个人总结已保存（尚未提交）。")).to_be_visible()
    expect(page.get_by_role("textbox", name="个人总结")).to_have_value(written)

    page.get_by_role("button", name="提交（提交后不能再修改）").click()
    expect(flash(page, "个人总结已提交，等待主管评价。")).to_be_visible()

    # Locked: the text is shown as written (line breaks kept), nothing left to type or press.
    card = page.locator("#self-summary")
    expect(card).to_contain_text(f"已于 {unit_today().isoformat()} 提交")
    expect(card.locator(".as-prose")).to_have_text(written)
    expect(card.locator("textarea")).to_have_count(0)
    expect(card.get_by_role("button")).to_have_count(0)
    expect(page.locator("h1 + .badge")).to_have_text("待主管评价")
    screenshot(page, "assessment-self-summary-submitted")
    page.reload()
    expect(page.locator("#self-summary textarea")).to_have_count(0)


def test_hr_decides_grades_under_the_quota_and_publishes_the_list(page, live_server, live_db):
    year = 2024

    def quota_and_names(app):
        from hrflow.assessment import figures, queries
        from hrflow.models import unit_calendar

        cycle = queries.get_cycle(year)
        people = [f.employee.name for f in queries.department_assessments(cycle) if f.gradeable]
        period = unit_calendar(app.config).period(unit_today(), 5)
        return figures.quota_summary(cycle).quota, people, (period.first, period.last)

    # Every review is in; the heads proposed one 优秀 more than the quota.
    in_live_app(live_server, cycle_in_head_review(year, excellent_beyond_quota=1))
    quota, names, (start, end) = in_live_app(live_server, quota_and_names)
    proposed = quota + 1

    login_as(page, live_server, "hr")
    page.locator("#mainnav").get_by_role("link", name="考核", exact=True).click()
    page.get_by_label("breadcrumb").get_by_role("link", name="年度考核").click()
    page.get_by_role("link", name=f"{year} 年度", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{year} 年度考核")

    advance = page.locator("form.as-advance")
    advance.get_by_label("我已核对，确认进入下一阶段（此操作不可撤销）").check()
    advance.get_by_role("button", name="进入“等次评定”").click()
    expect(flash(page, f"{year} 年度考核已从“主管评价”进入“等次评定”阶段。")).to_be_visible()

    tab(page, "等次评定").click()
    counter = page.locator("#quota-counter")
    expect(counter.locator(".as-quota")).to_have_text(f"0 / {quota} 人")
    expect(counter.locator(".as-quota-left")).to_have_text(str(quota))
    expect(page.locator("select.as-grade")).to_have_count(len(names))

    # The counter follows the choices as they are made, before anything is saved.
    page.get_by_label(f"{names[0]} 的等次").select_option(label="优秀")
    expect(counter.locator(".as-quota-count")).to_have_text("1")
    expect(counter.locator(".as-quota-left")).to_have_text(str(quota - 1))
    page.get_by_label(f"{names[0]} 的等次").select_option(label="合格")
    expect(counter.locator(".as-quota-count")).to_have_text("0")

    # Start from the heads' proposals: one 优秀 too many, said before saving …
    page.get_by_role("link", name="未定等次的按主管建议预填").click()
    expect(page.get_by_text("已按主管建议预填未定等次的人员，尚未保存")).to_be_visible()
    expect(counter.locator(".as-quota-count")).to_have_text(str(proposed))
    expect(counter).to_have_class(re.compile("as-counter-over"))
    expect(counter.locator(".as-over-message")).to_have_text(f"所选优秀超出名额 {quota} 人，保存时将被拒绝。")
    screenshot(page, "assessment-decision-over-quota")

    # … and refused when saved anyway, naming the quota; nothing is written.
    page.get_by_role("button", name="保存全部等次").click()
    refusal = page.locator(".alert-danger[role=alert]")
    expect(refusal).to_contain_text("优秀等次超出名额")
    expect(refusal).to_contain_text(f"名额 {quota} 人")
    expect(refusal).to_contain_text(f"按此将有 {proposed} 人优秀")
    assert graded_count(live_db, year) == 0
    expect(counter.locator(".as-quota-count")).to_have_text(str(proposed))  # the choices are kept

    # One 优秀 back to 合格: within the quota, and saved.
    last_excellent = page.locator("select.as-grade").filter(has=page.locator("option[value=excellent]:checked")).last
    last_excellent.select_option(label="合格")
    expect(counter.locator(".as-quota-count")).to_have_text(str(quota))
    expect(counter.locator(".as-over-message")).to_be_hidden()
    expect(counter.locator(".as-quota-left")).to_have_text("0")
    page.get_by_role("button", name="保存全部等次").click()
    expect(flash(page, f"已保存：{len(names)} 人的等次或备注有变化。优秀 {quota} / {quota} 人。")).to_be_visible()
    assert graded_count(live_db, year) == len(names)

    # Publish the 优秀 list from today (the first working day from today), for five working days.
    tab(page, "概览").click()
    advance = page.locator("form.as-advance")
    expect(advance.get_by_label("公示开始日期")).to_have_value(unit_today().isoformat())
    advance.get_by_label("我已核对，确认进入下一阶段（此操作不可撤销）").check()
    advance.get_by_role("button", name="进入“优秀公示”").click()
    expect(flash(page, f"{year} 年度考核已从“等次评定”进入“优秀公示”阶段。")).to_be_visible()
    expect(flash(page, f"优秀名单公示期：{start.isoformat()} 至 {end.isoformat()}。")).to_be_visible()

    tab(page, "优秀名单").click()
    expect(page.locator(".alert-info")).to_contain_text(f"公示期：{start.isoformat()} 至 {end.isoformat()}（5 个工作日）")
    expect(page.locator("table.as-excellent tbody tr")).to_have_count(quota)
    expect(page.get_by_text(f"优秀 {quota} 人，名额 {quota} 人")).to_be_visible()


def test_an_employee_appeals_a_basic_grade_and_hr_records_the_outcome(make_page, live_server):
    year = 2023
    basic, competent = "T0033", "T0034"  # two 流通部 members, each given a login of their own

    def to_acknowledgement(app):
        """Grades decided (one 基本合格), the list published 40 days ago, the result notified today;
        the two people get logins of their own."""
        from hrflow.assessment import grading, operations, queries
        from hrflow.extensions import db
        from hrflow.models import CycleStatus, Role, User

        cycle = queries.get_cycle(year)
        hr = cycle.created_by
        operations.advance(cycle, CycleStatus.DECISION, actor=hr)
        forms = {f.employee.staff_no: f for f in queries.department_assessments(cycle)}
        grading.decide_grades(cycle, [(f, "basic" if no == basic else "competent") for no, f in forms.items()
                                       if f.gradeable], actor=hr)
        end = operations.publish(cycle, actor=hr, start=unit_today() - timedelta(days=40))
        assert end < unit_today()
        operations.advance(cycle, CycleStatus.ACKNOWLEDGEMENT, actor=hr, on=unit_today())
        people = {}
        for no in (basic, competent):
            login = {"username": f"appeal-{no}-{secrets.token_hex(3)}", "password": secrets.token_urlsafe(12)}
            account = User(username=login["username"], role=Role.EMPLOYEE.value, employee=forms[no].employee)
            account.set_password(login["password"])
            db.session.add(account)
            people[no] = (forms[no].id, forms[no].employee.name, login)
        return people, cycle.appeal_deadline

    in_live_app(live_server, cycle_in_head_review(year))
    people, deadline = in_live_app(live_server, to_acknowledgement)
    (basic_form, basic_name, basic_login), (competent_form, _name, competent_login) = people[basic], people[competent]

    # 基本合格: the result, the head's comments, the window named with its last day.
    person = make_page()
    login_as(person, live_server, basic_login)
    person.goto(f"/assessment/forms/{basic_form}")
    result = person.locator("#result")
    expect(result.locator(".badge").first).to_have_text("基本合格")  # the quarters follow
    expect(result).to_contain_text("工作认真")
    appeal = person.locator("#appeal")
    expect(appeal).to_contain_text(f"对“基本合格”等次有异议的，可在 {deadline.isoformat()} 前（含当日）提出申诉。")

    # Disagrees, with an opinion (dated) …
    signing = person.locator("#acknowledgement")
    signing.get_by_label("不同意", exact=True).check()
    signing.get_by_role("button", name="签署").click()
    expect(person.get_by_text("不同意时须填写意见")).to_be_visible()
    expect(signing.get_by_label("不同意", exact=True)).to_be_checked()
    signing.get_by_label("意见（不同意时必填）").fill("全年无差错，借还服务量居部门前列，等次偏低。")
    signing.get_by_role("button", name="签署").click()
    expect(flash(person, f"已签署：不同意（{unit_today().isoformat()}）。")).to_be_visible()
    expect(signing).to_contain_text("全年无差错，借还服务量居部门前列，等次偏低。")

    # … and appeals within the window.
    appeal.get_by_label("申诉理由").fill("本年度借还服务量 2.1 万册次，无差错，请求复核等次。")
    appeal.get_by_role("button", name="提出申诉").click()
    expect(flash(person, f"已提出申诉（{unit_today().isoformat()}），人事部门处理后会在本页显示结果。")).to_be_visible()
    expect(appeal).to_contain_text("人事部门处理中。")
    expect(appeal.get_by_role("button")).to_have_count(0)

    # 合格: signs like everyone, but no appeal is offered.
    other = make_page()
    login_as(other, live_server, competent_login)
    other.goto(f"/assessment/forms/{competent_form}")
    expect(other.locator("#result .badge").first).to_have_text("合格")  # the quarters follow
    expect(other.locator("#acknowledgement").get_by_role("button", name="签署")).to_be_visible()
    expect(other.locator("#appeal")).to_have_count(0)
    expect(other.get_by_role("button", name="提出申诉")).to_have_count(0)

    # HR records the outcome; a reason is required.
    hr = make_page()
    login_as(hr, live_server, "hr")
    hr.goto(f"/assessment/{year}/appeals")
    card = hr.locator("section.as-appeal").filter(has_text=basic_name)
    expect(card.locator(".card-header .badge")).to_have_text("待处理")
    expect(card).to_contain_text("不同意：全年无差错")
    card.get_by_label("申诉成立，改定等次").check()
    card.get_by_label("改定等次（申诉成立时）").select_option(label="合格")
    card.get_by_role("button", name="记录处理结果").click()
    card = hr.locator("section.as-appeal").filter(has_text=basic_name)
    expect(card.locator(".invalid-feedback")).to_have_text("请填写原因")
    card.get_by_label("理由（必填）").fill("经核对借还记录，服务量与质量达到合格标准。")
    card.get_by_role("button", name="记录处理结果").click()
    expect(flash(hr, f"已记录 {basic_name} 的申诉处理结果：申诉成立，改定等次。")).to_be_visible()
    expect(card.locator(".card-header .badge")).to_have_text("已处理")
    expect(card).to_contain_text("申诉成立，改定等次（基本合格 → 合格）")

    # The employee reads the outcome and its reason on their form.
    person.reload()
    expect(appeal.locator(".alert")).to_contain_text(re.compile(r"申诉成立，改定等次\s*（基本合格 → 合格）"))
    expect(appeal.locator(".alert")).to_contain_text("经核对借还记录，服务量与质量达到合格标准。")
    expect(person.locator("#result .badge").first).to_have_text("合格")
    screenshot(person, "assessment-appeal-outcome")


def test_hr_prints_a_departments_forms_and_the_summary(page, live_server, live_db):
    names = demo_forms(live_db, CHILDREN)
    login_as(page, live_server, "hr")
    page.locator("#mainnav").get_by_role("link", name="考核", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{DEMO_YEAR} 年度考核")
    page.get_by_role("link", name=CHILDREN, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{CHILDREN} · {DEMO_YEAR} 年度考核")
    screenshot(page, "assessment-hr-department")

    forms = page.request.get(page.get_by_role("link", name="打印本部门考核登记表").get_attribute("href"))
    assert forms.status == 200 and forms.headers["content-type"] == "application/pdf"
    printed = pdf_text(forms.body())
    assert f"{DEMO_YEAR}年度考核登记表" in printed.replace(" ", "")
    for name in names:
        assert name in printed, name
    for name in demo_forms(live_db, "办公室"):
        assert name not in printed, name

    summary = page.request.get(page.get_by_role("link", name="考核结果汇总表").get_attribute("href"))
    assert summary.status == 200 and summary.headers["content-type"] == "application/pdf"
    listed = pdf_text(summary.body())
    assert "考核结果汇总表" in listed
    for name in names:
        assert name in listed, name


def test_an_employee_cannot_open_someone_elses_form_nor_the_decision_page(page, live_server, live_db):
    colleague = demo_forms(live_db, CHILDREN)["林浩然"][0]  # same department, still not theirs
    login_as(page, live_server, "employee")
    assert page.goto(f"/assessment/forms/{colleague}").status == 404
    expect(page.get_by_text("林浩然")).to_have_count(0)
    assert page.goto(f"/print/assessment/forms/{colleague}.pdf").status == 404
    assert page.goto(f"/assessment/forms/{colleague}/review").status == 403
    response = page.goto(f"/assessment/{DEMO_YEAR}/decision")
    assert response.status == 403
    expect(page.get_by_text("您没有权限访问这个页面。")).to_be_visible()
    screenshot(page, "assessment-employee-forbidden")
    assert page.goto(f"/assessment/{DEMO_YEAR}/departments/{department_id(live_db, CHILDREN)}").status == 403
