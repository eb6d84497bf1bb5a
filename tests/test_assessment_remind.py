"""Mail reminders before the annual assessment's deadlines: each person who still has to act gets one mail
per step at a real SMTP server, never a second; people without an address are listed by the command and on
the cycle page; HR's button sends them now, audited; nothing goes out for a deadline further away or past."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select

from hrflow.assessment import operations, reminders
from hrflow.assessment.head_review import submit_head_review
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.jobs.services import wait_for_all
from hrflow.models import (
    SYSTEM,
    Assessment,
    AssessmentReminder,
    AuditLog,
    CycleStatus,
    OutgoingMail,
    User,
)
from tests.assessment_support import (
    build_unit,
    full_review,
    grade_all,
    open_2025,
    to_acknowledgement,
    to_decision,
)
from tests.mail_server import text_of

TODAY = unit_today()


def _forms(cycle) -> list[Assessment]:
    return list(db.session.scalars(select(Assessment).where(Assessment.cycle_id == cycle.id).order_by(Assessment.id)))


def _with_address(unit, employee, address: str) -> User:
    login = unit.login_for(employee)
    login.email = address
    return login


def _self_review(days_left: int = 2):
    """A unit in 个人总结 whose deadline is `days_left` days away; two of the staff have a mail address, one a
    login without one, the rest no login at all."""
    unit = build_unit()
    cycle = open_2025(unit)
    cycle.self_review_deadline = TODAY + timedelta(days=days_left)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    staff = [e for e in unit.staff if e.name != "少儿主任"]
    _with_address(unit, staff[0], "first@library.example")
    _with_address(unit, staff[1], "second@library.example")
    unit.login_for(staff[2])
    db.session.commit()
    return unit, cycle, staff


def _mail_count() -> int:
    return db.session.scalar(select(func.count(OutgoingMail.id)))


def test_remind_self_summary_once_per_person_at_the_smtp_server(app, smtp_server, mail_to):
    mail_to(smtp_server, BASE_URL="http://hr.library.local")
    unit, cycle, staff = _self_review()
    result = reminders.send_reminders(cycle, actor=SYSTEM)
    db.session.commit()
    wait_for_all()
    messages = smtp_server.wait_for(2)
    assert sorted(to for _sender, (to,) in smtp_server.envelopes) == ["first@library.example",
                                                                      "second@library.example"]
    body = text_of(messages[0])
    deadline = (TODAY + timedelta(days=2)).isoformat()
    assert deadline in messages[0]["Subject"] and "个人总结" in messages[0]["Subject"]
    form_ids = {f.employee_id: f.id for f in _forms(cycle)}
    assert any(f"http://hr.library.local/assessment/forms/{form_ids[e.id]}" in body for e in staff[:2])
    # Everyone else who still has to write is listed, with whether they have a login at all.
    unreachable = {t.name: t.no_login for t in result.plan.unreachable}
    assert unreachable[staff[2].name] is False and unreachable[staff[3].name] is True
    assert staff[0].name not in unreachable
    assert len(unreachable) == len(_forms(cycle)) - 2

    again = reminders.send_reminders(cycle, actor=SYSTEM)
    db.session.commit()
    assert again.sent == [] and again.plan.already_sent == 2
    assert _mail_count() == 2
    assert db.session.scalar(select(func.count(AssessmentReminder.id))) == 2


def test_remind_nobody_whose_summary_is_in_and_nothing_for_a_far_or_past_deadline(app, smtp_server, mail_to):
    mail_to(smtp_server)
    unit, cycle, staff = _self_review(days_left=5)
    assert reminders.plan(cycle).steps == []  # 5 days away, reminders start 3 days before
    assert [s.key for s, _d in reminders.plan(cycle, days=5).steps] == ["self_summary"]
    cycle.self_review_deadline = TODAY - timedelta(days=1)
    assert reminders.plan(cycle, days=30).steps == []  # past: HR decides on late forms, no reminder

    cycle.self_review_deadline = TODAY
    first = next(f for f in _forms(cycle) if f.employee_id == staff[0].id)
    operations.submit_self_summary(first, actor=unit.login_for(staff[0]), text="全年工作总结")
    db.session.commit()
    sent = reminders.send_reminders(cycle, actor=SYSTEM)
    db.session.commit()
    assert [t.address for t in sent.sent] == ["second@library.example"]


def test_remind_heads_with_the_count_and_a_link_per_department_and_hr_the_decision(app, smtp_server, mail_to, runner):
    mail_to(smtp_server, BASE_URL="http://hr.library.local")
    unit = build_unit()
    cycle = open_2025(unit)
    cycle.head_review_deadline = TODAY + timedelta(days=1)
    cycle.decision_deadline = TODAY + timedelta(days=3)
    unit.head.email = "children-head@library.example"
    unit.hr.email = "hr@library.example"
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    for form in _forms(cycle):
        if form.employee_id != unit.head.employee_id:
            operations.submit_self_summary(form, actor=unit.login_for(form.employee), text="全年工作总结")
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    db.session.commit()
    children = [f for f in _forms(cycle) if f.department_id == unit.children.id]
    # One of 少儿部's forms reviewed already; the head's own form is the unit's to review.
    submit_head_review(children[-1], actor=unit.head, review=full_review(children[-1]))
    db.session.commit()

    result = run_json(runner, "assessment", "remind", "2025")
    by_step = {(s["step"], s["name"]): s for s in result["sent"]}
    head_task = by_step[("head_review", unit.head.name)]
    assert head_task["count"] == len(children) - 2 and head_task["address"] == "children-head@library.example"
    assert by_step[("decision", unit.hr.name)]["count"] == len(_forms(cycle))
    # The heads of 成人部 and 办公室 have no address: listed, not mailed.
    assert {(u["step"], u["name"]) for u in result["unreachable"]} == {("head_review", unit.adult_head.name),
                                                                      ("head_review", unit.office_head.name)}
    messages = smtp_server.wait_for(2)
    head_mail = next(m for m in messages if m["To"] == "children-head@library.example")
    assert f"少儿部：{len(children) - 2} 份" in text_of(head_mail)
    assert f"http://hr.library.local/assessment/2025/departments/{unit.children.id}" in text_of(head_mail)
    hr_mail = next(m for m in messages if m["To"] == "hr@library.example")
    assert "等次评定" in hr_mail["Subject"] and "http://hr.library.local/assessment/2025/decision" in text_of(hr_mail)
    assert run_json(runner, "assessment", "remind", "2025")["sent"] == []


def run_json(runner, *args) -> dict:
    outcome = runner.invoke(args=[*args, "--json"], catch_exceptions=False)
    assert outcome.exit_code == 0, outcome.output
    db.session.expire_all()
    return json.loads(outcome.output)


def test_remind_signatures_until_the_appeal_period_ends_in_the_readers_language(app, smtp_server, mail_to):
    mail_to(smtp_server)
    unit = build_unit()
    cycle = open_2025(unit)
    to_decision(cycle)
    grade_all(cycle)
    to_acknowledgement(cycle)
    cycle.appeal_days = (TODAY - cycle.notified_on).days + 2
    signer = unit.staff[1]
    login = _with_address(unit, signer, "reader@library.example")
    login.locale = "en"
    db.session.commit()
    sent = reminders.send_reminders(cycle, actor=SYSTEM, days=3)
    db.session.commit()
    assert [t.step.key for t in sent.sent] == ["acknowledgement"]
    message = smtp_server.wait_for(1)[0]
    assert "sign" in message["Subject"].lower() and cycle.appeal_deadline.isoformat() in message["Subject"]


def test_remind_command_lists_people_without_an_address(app, runner, smtp_server, mail_to):
    mail_to(smtp_server)
    unit, cycle, staff = _self_review()
    outcome = runner.invoke(args=["assessment", "remind", "--days", "2"], catch_exceptions=False)
    assert outcome.exit_code == 0, outcome.output
    assert "已提醒 2 人" in outcome.output
    assert f"未能提醒：无邮箱 {staff[3].name}（{staff[3].staff_no}）：个人总结（无账号）" in outcome.output
    assert len(smtp_server.wait_for(2)) == 2  # delivered before the command ended


def test_remind_button_on_the_cycle_page_sends_now_and_is_audited(app, client, login, smtp_server, mail_to):
    mail_to(smtp_server)
    unit, cycle, staff = _self_review()
    login(unit.hr)
    page = client.get("/assessment/2025").get_data(as_text=True)
    assert "未能提醒：无邮箱" in page and staff[3].name in page and "现在发送提醒" in page
    response = client.post("/assessment/2025/remind", follow_redirects=True)
    assert response.status_code == 200 and "已发送 2 封截止日期提醒" in response.get_data(as_text=True)
    wait_for_all()
    assert len(smtp_server.wait_for(2)) == 2
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.remind")).one()
    assert len(entry.details["sent"]) == 2 and {"name": staff[3].name, "step": "self_summary",
                                                "staff_no": staff[3].staff_no} in entry.details["unreachable"]
    page = client.get("/assessment/2025").get_data(as_text=True)
    assert "现在发送提醒" not in page and "已提醒 2 人" in page
