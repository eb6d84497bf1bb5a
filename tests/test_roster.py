"""The staff roster: HR searches the whole unit, a head their departments; a person's page; posts found by a
word of their duties."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from hrflow.extensions import db
from hrflow.models import Appointment, Employee, User
from hrflow.posts.queries import find_department, find_post


def user(name: str) -> User:
    return db.session.scalars(select(User).filter_by(username=name)).one()


def page_of(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.get_data(as_text=True))


def names(page) -> list[str]:
    return [a.text_content() for a in page.xpath("//tr[contains(@class,'roster-row')]/td[2]/a")]


def holder(path: str) -> Employee:
    appointment = db.session.scalars(select(Appointment).filter_by(post_id=find_post(path).id)
                                     .order_by(Appointment.id)).first()
    return appointment.employee


def holders_of_posts_named(word: str, department: str) -> set[str]:
    """Who holds today a post whose name has the word, in the department or its sub-units."""
    reach = find_department(department).subtree_ids()
    return {a.employee.name for a in db.session.scalars(select(Appointment).where(Appointment.employee_id.isnot(None)))
            if a.is_open() and a.post.department_id in reach and word in a.post.current.name}


def test_roster_hr_finds_a_person_by_name_and_by_staff_number(client, login, demo):
    login(user("hr"))
    person = holder("办公室/主任")
    assert person.name in names(page_of(client, f"/roster/?q={person.name}"))
    found = page_of(client, f"/roster/?q={person.staff_no}")
    assert names(found) == [person.name]
    assert found.xpath("//tr[contains(@class,'roster-row')]//a/@href") == [f"/roster/{person.id}"]


def test_roster_search_by_department_and_post_and_the_department_filter(client, login, demo):
    login(user("hr"))
    children = find_department("少儿部")
    by_department = names(page_of(client, "/roster/?q=少儿部"))
    in_children = {a.employee.name for a in db.session.scalars(select(Appointment).where(Appointment.employee_id.isnot(None)))
                   if a.post.department_id in children.subtree_ids() and a.is_open()}
    assert set(by_department) == in_children
    directors = names(page_of(client, "/roster/?q=主任"))
    assert holder("办公室/主任").name in directors and holder("少儿部/主任").name in directors
    only_children = names(page_of(client, f"/roster/?q=主任&department={children.id}"))
    assert set(only_children) == holders_of_posts_named("主任", "少儿部")
    assert holder("办公室/主任").name not in only_children


def test_roster_is_paginated(client, login, demo, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 10)
    login(user("hr"))
    first = page_of(client, "/roster/")
    assert len(names(first)) == 10
    second = names(page_of(client, "/roster/?page=2"))
    assert second and not set(second) & set(names(first))


def test_roster_head_sees_only_their_department(client, login, demo):
    login(user("head"))
    everyone = names(page_of(client, "/roster/?q=主任"))
    assert set(everyone) == holders_of_posts_named("主任", "少儿部") and holder("少儿部/主任").name in everyone
    office = holder("办公室/主任")
    assert client.get(f"/roster/{office.id}").status_code == 404
    assert names(page_of(client, f"/roster/?q={office.staff_no}")) == []
    choices = page_of(client, "/roster/").xpath("//select[@name='department']/option/text()")
    assert "办公室" not in choices and "少儿部" in choices
    # A filter naming another department is not one of the choices: it is ignored, and never widens the reach.
    filtered = names(page_of(client, f"/roster/?department={find_department('办公室').id}"))
    assert office.name not in filtered and set(filtered) <= holders_of_posts_named("", "少儿部")


@pytest.mark.parametrize("role", ["employee"])
def test_roster_employees_never_see_others(client, login, demo, role):
    login(user(role))
    assert client.get("/roster/").status_code == 403
    assert client.get(f"/roster/{holder('办公室/主任').id}").status_code == 403


def test_roster_search_finds_posts_by_a_word_of_their_duties(client, login, demo):
    from hrflow.models import SYSTEM
    from hrflow.posts.operations import edit_post

    post = find_post("办公室/办证咨询")
    edit_post(post, {"duties": [*post.current.duties, "负责古籍修复的登记工作"]}, actor=SYSTEM, reason="增加职责")
    db.session.commit()
    login(user("hr"))
    page = page_of(client, "/roster/?q=古籍修复")
    hits = page.xpath("//li[contains(@class,'post-hit')]")
    assert [hit.xpath(".//a/@href")[0] for hit in hits] == [f"/posts/{post.id}"]
    assert "岗位职责" in hits[0].text_content()
    # A head does not find posts outside their departments.
    login(user("head"))
    assert not page_of(client, "/roster/?q=古籍修复").xpath("//li[contains(@class,'post-hit')]")


def test_roster_person_page_shows_posts_history_results_and_login(client, login, demo):
    from hrflow.posts.staff import appoint

    employee = user("employee")
    person = employee.employee
    main = person.main_appointment()
    main.end_date = date(2030, 1, 1)
    later = appoint(person, find_post("办公室/办证咨询"), start_date=date(2030, 1, 1), name_incumbent=False)
    db.session.commit()
    login(user("admin"))
    page = page_of(client, f"/roster/{person.id}")
    assert page.xpath("//h1")[0].text_content().strip() == person.name
    rows = page.xpath("//table[contains(@class,'person-post-table')]//tbody/tr")
    assert len(rows) == 2
    assert [r.get("class") for r in rows].count("held-current") == 1
    history = page.xpath("//section[contains(@class,'person-history')]//li")
    assert any("办证咨询" in li.text_content() for li in history) and page.xpath("//li[contains(@class,'history-hired')]")
    results = page.xpath("//tr[contains(@class,'result-row')]")
    assert results and results[0].xpath("./td[1]")[0].text_content().strip() == "2025"
    login_card = page.xpath("//div[contains(@class,'person-login')]")[0]
    assert employee.username in login_card.text_content()
    assert f"/admin/users/{employee.id}/edit" in login_card.xpath(".//a/@href")
    assert later.post_id == find_post("办公室/办证咨询").id


def test_roster_person_login_is_for_hr_only_and_the_edit_link_for_admins(client, login, demo):
    person = user("employee")
    login(user("hr"))
    hr_view = page_of(client, f"/roster/{person.employee_id}")
    assert person.username in hr_view.xpath("//div[contains(@class,'person-login')]")[0].text_content()
    assert not hr_view.xpath("//div[contains(@class,'person-login')]//a[contains(@href,'/admin/users/')]")
    assert hr_view.xpath(f"//div[contains(@class,'person-login')]//a[@href='/admin/logins/{person.id}']")  # 账号通知单
    login(user("head"))
    head_view = page_of(client, f"/roster/{person.employee_id}")
    assert not head_view.xpath("//div[contains(@class,'person-login')]")
    assert "出生日期" not in head_view.text_content()  # personal data stays with HR
    # Grades are shown to a head once results are notified; the demo's 2025 cycle is still under review.
    assert "结果尚未通知" in head_view.xpath("//td[contains(@class,'result-grade')]")[0].text_content()


def test_roster_link_in_the_menu_for_hr_and_heads_only(client, login, demo):
    for role, shown in (("hr", True), ("head", True), ("employee", False)):
        login(user(role))
        menu = page_of(client, "/assessment/cycles" if role == "hr" else "/home").xpath("//nav//a/@href")
        assert ("/roster/" in menu) is shown, role


def test_roster_person_page_shows_hr_what_each_result_entails_and_heads_nothing_of_it(client, login, demo):
    """The consequences of each notified result (薪级, post grade, flags) are HR's to act on; the demo's only
    cycle is still under review, so HR sees the section with no year yet, and a head no section at all."""
    person = user("employee")
    login(user("hr"))
    section = page_of(client, f"/roster/{person.employee_id}").xpath("//section[contains(@class,'as-consequences')]")
    assert len(section) == 1 and "尚无已通知本人的年度考核结果" in section[0].text_content()
    login(user("head"))
    assert not page_of(client, f"/roster/{person.employee_id}").xpath("//section[contains(@class,'as-consequences')]")
