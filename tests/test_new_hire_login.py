"""A login for a new hire on appointment: the appointment and the account in one piece (a refusal of either
leaves neither), the 账号通知单 printed once from the officer's session (the password stored nowhere in clear),
the box on the 聘用 form (on by default, off when the unit signs in through its directory), the person's page
linking to the slip page, and the new hire asked to change the password at first sign-in."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hrflow.admin import logins
from hrflow.admin.operations import AccountError
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import AuditLog, Employee, Outcome, RecruitmentError, Role, RoundStatus, User
from hrflow.recruitment import hiring
from hrflow.recruitment import operations as rs
from tests import test_recruitment_selection as selection
from tests import test_recruitment_web as web
from tests.pdfcheck import pdf_text

as_hr, open_round = web.as_hr, web.open_round
hr = selection.hr


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def actions_on(obj) -> list[str]:
    return list(db.session.scalars(select(AuditLog.action).where(AuditLog.object_type == type(obj).__name__,
                                                                  AuditLog.object_id == obj.id)))


def proposed_in_publicity(hr_user, *, checked: bool = True):
    """甲 proposed for the 物业管理部 seat, the round's 公示 over; 体检 and 考察 passed unless `checked` is False."""
    round_, (first, _second) = selection.scored(hr_user, [("甲", 90), ("乙", 80)])
    rs.propose_hires(round_.vacancies[0], actor=hr_user)
    if checked:
        selection.passed(first, hr_user)
    selection.in_publicity(round_, hr_user)
    return first


# ---------------------------------------------------------------- the service

def test_appointment_and_login_are_made_together(seeded, hr):
    application = proposed_in_publicity(hr)
    users_before = count(User)
    employee, slip = hiring.appoint_with_login(application, actor=hr, on=unit_today())
    account = db.session.get(User, slip.user_id)
    assert application.outcome == Outcome.APPOINTED and employee.main_appointment().post.path == selection.PROPERTY
    assert account.employee is employee and account.role == Role.EMPLOYEE.value and account.must_change_password
    assert (slip.name, slip.staff_no, slip.username) == ("甲", employee.staff_no, employee.staff_no.lower())
    assert slip.department == "物业管理部" and len(slip.password) == logins.PASSWORD_LENGTH
    assert account.check_password(slip.password) and slip.password not in account.password_hash
    assert count(User) == users_before + 1
    assert "recruitment.appoint" in actions_on(application) and actions_on(account) == ["users.create_login"]


def test_a_refused_login_leaves_no_appointment(seeded, hr, make_user):
    application = proposed_in_publicity(hr)
    employees, users = count(Employee), count(User)
    head = make_user("head")  # may not make logins: the whole appointment goes back
    with pytest.raises(AccountError, match="只有人事部门可以创建登录账号"):
        hiring.appoint_with_login(application, actor=head)
    assert (count(Employee), count(User)) == (employees, users + 1)  # + the head made above
    db.session.refresh(application)
    assert application.outcome == Outcome.PROPOSED and application.appointment_id is None
    assert "recruitment.appoint" not in actions_on(application)
    # Nothing was left half-done: HR appoints the same person afterwards.
    employee, _slip = hiring.appoint_with_login(application, actor=hr)
    assert employee.name == "甲"


def test_a_refused_appointment_makes_no_login(seeded, hr):
    application = proposed_in_publicity(hr, checked=False)
    employees, users = count(Employee), count(User)
    with pytest.raises(RecruitmentError, match="尚未登记为合格"):
        hiring.appoint_with_login(application, actor=hr)
    assert (count(Employee), count(User)) == (employees, users)
    assert application.outcome == Outcome.PROPOSED


def test_one_login_per_employee_and_usernames_stay_unique(seeded, hr, make_employee, make_user):
    taken = make_employee(staff_no="X7")
    make_user("employee", username="x7")  # someone else's name already
    slip = logins.create_login(taken, actor=hr)
    assert slip.username == "x7-2"
    with pytest.raises(AccountError, match="已有登录账号“x7-2”"):
        logins.create_login(taken, actor=hr)


def test_the_sealed_password_opens_only_under_the_same_key(app):
    with app.app_context():
        sealed = logins.seal("Abc23456defg")
        assert "Abc23456defg" not in sealed and logins.unseal(sealed) == "Abc23456defg"
        assert logins.unseal("not-a-token") is None and logins.unseal(None) is None


# ---------------------------------------------------------------- the pages

def hire_ready(open_round) -> int:
    """甲 proposed on a fresh round, checks passed, in 公示 (over): the id of the application."""
    round_ = open_round()
    web.add(round_, "甲")
    hr_user = web.user("hr")
    for status in (RoundStatus.ANNOUNCED, RoundStatus.REVIEWING, RoundStatus.EXAMINING):
        if status == RoundStatus.EXAMINING:
            for vacancy in round_.vacancies:
                if not rs.exam_check(vacancy).ok:
                    rs.decide_exam(vacancy, "proceed", "岗位急需", actor=hr_user)
        rs.advance_round(round_, status, actor=hr_user)
    (application,) = round_.vacancies[0].applications
    rs.record_scores(application, actor=hr_user, written=90, interview=90)
    rs.propose_hires(round_.vacancies[0], actor=hr_user)
    web.pass_checks(application)
    selection.in_publicity(round_, hr_user)
    db.session.commit()
    return application.id


def appoint(client, application_id: int, *, login: bool):
    data = {"appoint-on": unit_today().isoformat(), "appoint-confirm": "y"}
    if login:
        data["appoint-login"] = "y"
    return client.post(f"/recruitment/applications/{application_id}/appoint", data=data)


def test_hr_appoints_with_a_login_prints_the_slip_once_and_the_hire_must_change_the_password(as_hr, open_round,
                                                                                             client, login):
    application_id = hire_ready(open_round)
    form = web.page_of(as_hr.get(f"/recruitment/applications/{application_id}"))
    (box,) = form.xpath("//input[@name='appoint-login']")
    assert box.checked and form.find_class("appoint-login-note") and not form.find_class("appoint-directory")

    appointed = appoint(as_hr, application_id, login=True)
    assert appointed.status_code == 302
    db.session.expire_all()
    employee = db.session.scalar(select(Employee).where(Employee.name == "甲"))
    account = db.session.scalar(select(User).where(User.employee_id == employee.id))
    assert account.role == Role.EMPLOYEE.value and account.must_change_password and account.active
    assert appointed.headers["Location"].endswith(f"/admin/logins/{account.id}")
    assert actions_on(account) == ["users.create_login"]
    assert "recruitment.appoint" in actions_on(db.session.get(web.Application, application_id))
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "users.create_login"))
    assert entry.actor == "hr" and employee.staff_no in entry.summary

    slip_page = as_hr.get(appointed.headers["Location"])
    page_text = web.text(slip_page)
    assert "并开通登录账号" in page_text and "密码只显示一次，请立即打印" in page_text
    assert account.username in page_text and "物业管理部" in page_text
    printed = as_hr.post(f"/admin/logins/{account.id}/slip.pdf")
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert printed.headers["Content-Disposition"].startswith("attachment")
    text = pdf_text(printed.data)
    password = next(word for line in text.splitlines() if "初始密码" in line for word in line.split()
                    if word != "初始密码")
    assert "账号通知单" in text and account.username in text and "首次登录后须立即修改密码" in text
    db.session.expire_all()
    assert db.session.get(User, account.id).check_password(password)

    again = as_hr.post(f"/admin/logins/{account.id}/slip.pdf")
    assert again.status_code == 422 and "只能打印一次" in web.text(again)
    later = web.page_of(as_hr.get(f"/admin/logins/{account.id}"))
    assert later.find_class("slip-gone") and not later.find_class("slip-print")
    person = web.page_of(as_hr.get(f"/roster/{employee.id}"))
    assert person.xpath(f"//a[@class='person-login-slip'][@href='/admin/logins/{account.id}']")

    # The new hire signs in with the slip's password and must change it before anything else.
    as_hr.post("/logout")
    signed_in = client.post("/login", data={"username": account.username, "password": password})
    assert signed_in.status_code == 302
    assert client.get("/my-post").headers["Location"].endswith("/password")


def test_without_the_box_no_login_is_made(as_hr, open_round):
    application_id = hire_ready(open_round)
    users = count(User)
    appointed = appoint(as_hr, application_id, login=False)
    assert appointed.status_code == 302 and "/publicity" in appointed.headers["Location"]
    assert count(User) == users


def test_another_officers_browser_cannot_print_the_slip(as_hr, open_round, app, make_user):
    application_id = hire_ready(open_round)
    appoint(as_hr, application_id, login=True)
    account = db.session.scalar(select(User).where(User.role == "employee").order_by(User.id.desc()))
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = make_user("hr").get_id()
        session["_fresh"] = True
    assert web.page_of(other.get(f"/admin/logins/{account.id}")).find_class("slip-gone")
    assert other.post(f"/admin/logins/{account.id}/slip.pdf").status_code == 422


def test_a_unit_with_directory_sign_in_leaves_the_box_off_and_says_why(as_hr, open_round, app, monkeypatch):
    monkeypatch.setitem(app.config, "LDAP_URL", "ldaps://dc.example:636")
    application_id = hire_ready(open_round)
    form = web.page_of(as_hr.get(f"/recruitment/applications/{application_id}"))
    (box,) = form.xpath("//input[@name='appoint-login']")
    assert not box.checked and "按工号自动关联" in form.find_class("appoint-directory")[0].text_content()


def test_the_slip_page_is_for_employee_accounts_only(as_hr):
    assert as_hr.get(f"/admin/logins/{web.user('hr').id}").status_code == 404
