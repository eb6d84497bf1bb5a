"""The to-do lists of the home pages: each role sees its own work, counted, and the counts fall as work is done;
a head sees nothing of other departments; the number of statements does not grow with the data."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import html as lxml_html
from sqlalchemy import event, func, select

from hrflow.assessment import head_review, operations, queries
from hrflow.dashboard import todo
from hrflow.extensions import db
from hrflow.models import (
    Assessment,
    CycleStatus,
    Dimension,
    FormStatus,
    Grade,
    Rating,
    RoundStatus,
    SpecialCase,
    User,
)
from hrflow.posts.queries import find_department, find_post
from hrflow.recruitment import operations as rs
from hrflow.recruitment.applicants import ApplicantData, add_applicant
from tests.test_recruitment_services import CUTOFF, pass_checks

TODAY = date(2026, 10, 13)


def user(name: str) -> User:
    return db.session.scalars(select(User).filter_by(username=name)).one()


def items(found: list[todo.TodoItem]) -> dict[str, list[todo.TodoItem]]:
    by_key: dict[str, list[todo.TodoItem]] = {}
    for item in found:
        by_key.setdefault(item.key, []).append(item)
    return by_key


def count_of(found: list[todo.TodoItem], key: str) -> int:
    return sum(item.count for item in found if item.key == key)


def apply(round_, name: str, post_path: str, **fields):
    data = ApplicantData(name=name, gender="女", birth_date=date(1990, 1, 1), **fields)
    return add_applicant(round_, data, find_post(post_path), actor=user("hr"))


class Statements:
    """Counts the statements sent to the database while it is open."""

    def __enter__(self):
        self.count = 0
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def _seen(self, *args) -> None:
        self.count += 1

    def __exit__(self, *exc) -> None:
        event.remove(db.engine, "before_cursor_execute", self._seen)


def statements(call) -> int:
    db.session.expire_all()
    with Statements() as counted:
        call()
    return counted.count


# ---------------------------------------------------------------- HR: recruitment


def test_todo_hr_applications_waiting_for_review_fall_as_hr_decides(demo):
    hr = user("hr")
    post = find_post("办公室/办证咨询")
    from hrflow.posts.operations import edit_post

    edit_post(post, {"requirements": ["全日制大本及以上学历或同等学历"]}, actor=hr, reason="招聘前修订")
    round_ = rs.open_round("2026 秋季招聘", CUTOFF, actor=hr, posts=[(post, None)])
    first = apply(round_, "陈喆", "办公室/办证咨询", education="本科", study_mode="自学考试")
    apply(round_, "李玥", "办公室/办证咨询", education="本科", study_mode="自学考试")
    assert first.status == "needs_review"
    found = items(todo.hr_todo(TODAY))
    [waiting] = found["applications-review"]
    assert waiting.count == 2 and waiting.endpoint == "recruitment.review_queue"
    assert waiting.params == {"round_id": round_.id} and "2026 秋季招聘" in str(waiting.text)

    rs.decide_rule(first, 0, "met", "自考本科经认定为同等学历", actor=hr)
    assert count_of(todo.hr_todo(TODAY), "applications-review") == 1


def test_todo_hr_vacancies_short_of_the_exam_ratio_until_decided(demo):
    hr = user("hr")
    post = find_post("物业管理部/工作人员")
    round_ = rs.open_round("r", CUTOFF, actor=hr, posts=[(post, None)])
    apply(round_, "甲", "物业管理部/工作人员", education="大专")
    rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
    assert "exam-ratio" not in items(todo.hr_todo(TODAY))  # applications still come in: no decision yet
    rs.advance_round(round_, RoundStatus.REVIEWING, actor=hr)
    [short] = items(todo.hr_todo(TODAY))["exam-ratio"]
    assert (short.count, short.endpoint, short.params) == (1, "recruitment.round_detail", {"round_id": round_.id})

    rs.decide_exam(round_.vacancies[0], "proceed", "岗位急需，经馆务会研究同意开考", actor=hr)
    assert "exam-ratio" not in items(todo.hr_todo(TODAY))


def test_todo_hr_publicity_ended_and_hires_ready_to_appoint(demo):
    hr = user("hr")
    post = find_post("物业管理部/工作人员")
    round_ = rs.open_round("r", CUTOFF, actor=hr, posts=[(post, None)])
    apps = [apply(round_, name, "物业管理部/工作人员", education="大专") for name in "甲乙丙"]
    for step in (RoundStatus.ANNOUNCED, RoundStatus.REVIEWING, RoundStatus.EXAMINING):
        rs.advance_round(round_, step, actor=hr)
    for application, score in zip(apps, (90, 80, 70), strict=True):
        rs.record_scores(application, actor=hr, written=score, interview=score)
    rs.propose_hires(round_.vacancies[0], actor=hr)
    rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=date(2026, 9, 28))
    assert round_.publicity_end == date(2026, 10, 12)

    during = items(todo.hr_todo(date(2026, 10, 12)))
    assert "publicity-ended" not in during and "hires-to-appoint" not in during
    after = items(todo.hr_todo(TODAY))
    assert after["publicity-ended"][0].endpoint == "recruitment.round_detail"
    assert "hires-to-appoint" not in after  # 体检 and 考察 not yet recorded
    pass_checks(apps[0], hr)
    [ready] = items(todo.hr_todo(TODAY))["hires-to-appoint"]
    assert (ready.count, ready.endpoint) == (1, "recruitment.publicity")

    rs.appoint_application(apps[0], actor=hr, on=TODAY)
    assert "hires-to-appoint" not in items(todo.hr_todo(TODAY))


# ---------------------------------------------------------------- HR: assessment and imports


def _forms(**conditions) -> int:
    query = select(func.count()).select_from(Assessment).where(Assessment.special_case != SpecialCase.NOT_GRADED.value)
    return db.session.scalar(query.filter_by(**conditions))


def test_todo_hr_assessment_steps_blocked(demo):
    found = todo.hr_todo(TODAY)
    drafts, unreviewed = _forms(form_status=FormStatus.DRAFT.value), _forms(form_status=FormStatus.SELF_SUBMITTED.value)
    assert drafts > 0 and unreviewed > 0
    assert count_of(found, "self-summaries") == drafts and count_of(found, "head-reviews") == unreviewed
    assert items(found)["head-reviews"][0].params == {"year": 2025}

    head = user("head")
    waiting = next(f for f in queries.department_assessments(queries.latest_cycle(), head.headed_department_ids())
                   if f.form_status == FormStatus.SELF_SUBMITTED and f.employee_id != head.employee_id)
    review = head_review.HeadReview(
        duty_ratings={item.key: Rating.GOOD for item in head_review.duty_items(waiting)},
        dimension_ratings={d.value: Rating.GOOD for d in Dimension}, comments="认真负责。",
        proposed_grade=Grade.COMPETENT)
    head_review.submit_head_review(waiting, actor=head, review=review)
    assert count_of(todo.hr_todo(TODAY), "head-reviews") == unreviewed - 1

    queries.latest_cycle().status = CycleStatus.DECISION.value  # the heads' reviews taken as done
    [decision] = items(todo.hr_todo(TODAY))["decision"]
    assert decision.endpoint == "assessment.decision" and decision.count == _forms(grade=None,
                                                                                   special_case=SpecialCase.NONE.value)


def test_todo_hr_import_warnings_link_to_their_list(client, login, demo):
    batch = todo.latest_import()
    warnings = batch.report["warnings"]
    assert warnings  # the demo's table has headcounts that do not match its posts
    [warned] = items(todo.hr_todo(TODAY))["import-warnings"]
    assert warned.count == len(warnings) and warned.params == {"_anchor": "import-warnings"}
    assert batch.filename in str(warned.text)

    login(user("hr"))
    page = lxml_html.fromstring(client.get("/dashboard/").get_data(as_text=True))
    assert page.xpath("//li[contains(@class,'todo-import-warnings')]//a/@href") == ["/dashboard/#import-warnings"]
    assert [li.text_content() for li in page.xpath("//section[@id='import-warnings']//li")] == warnings


def test_todo_hr_nothing_waiting_in_an_empty_unit(client, login, make_user):
    assert todo.hr_todo(TODAY) == []
    login(make_user("hr"))
    page = lxml_html.fromstring(client.get("/dashboard/").get_data(as_text=True))
    assert page.xpath("//section[contains(@class,'todo')]//div[contains(@class,'todo-none')]")
    assert not page.xpath("//section[@id='import-warnings']")


# ---------------------------------------------------------------- heads and employees


def test_todo_head_sees_their_forms_to_review_and_nothing_of_other_departments(demo, make_user):
    head = user("head")
    cycle = queries.latest_cycle()
    children = find_department("少儿部")
    home = todo.home(head, TODAY)
    assert [d.name for d in home.departments] == ["少儿部"] and home.cycle_year == 2025
    [to_review] = items(home.items)["forms-to-review"]
    expected = db.session.scalar(
        select(func.count()).select_from(Assessment).where(
            Assessment.cycle_id == cycle.id, Assessment.department_id.in_(head.headed_department_ids()),
            Assessment.form_status == FormStatus.SELF_SUBMITTED.value, Assessment.employee_id != head.employee_id))
    assert to_review.count == expected > 0
    assert to_review.params == {"year": 2025, "department_id": children.id}

    office_head = make_user("head", departments=[find_department("办公室")])
    other = todo.home(office_head, TODAY)
    assert [d.name for d in other.departments] == ["办公室"]
    assert all(item.params.get("department_id") == find_department("办公室").id for item in other.items)
    assert not any("少儿部" in str(item.text) for item in other.items)


def test_todo_employee_self_summary_then_signature(demo):
    employee = user("employee")
    home = todo.home(employee, TODAY)
    [summary] = items(home.items)["own-self-summary"]
    own = queries.own_assessment(queries.latest_cycle(), employee)
    assert summary.params == {"form_id": own.id} and summary.endpoint == "assessment.form"
    assert [p.post_id for p in home.posts] == [employee.employee.main_appointment().post_id]
    assert home.departments == []

    operations.submit_self_summary(own, actor=employee, text="全年完成借阅服务工作。")
    assert items(todo.home(employee, TODAY).items) == {}

    own.cycle.status = CycleStatus.ACKNOWLEDGEMENT.value  # results notified: the person signs
    [sign] = items(todo.home(employee, TODAY).items)["own-signature"]
    assert sign.params == {"form_id": own.id}
    operations.acknowledge(own, "agree", actor=employee)
    assert items(todo.home(employee, TODAY).items) == {}


# ---------------------------------------------------------------- the pages


def test_todo_head_home_names_their_department_and_links_to_it(client, login, demo):
    login(user("head"))
    response = client.get("/")
    assert response.headers["Location"] == "/home"
    page = lxml_html.fromstring(client.get("/home").get_data(as_text=True))
    department = find_department("少儿部")
    card = page.xpath("//section[contains(@class,'my-department')]")[0]
    assert "少儿部" in card.text_content()
    links = card.xpath(".//a/@href")
    assert f"/assessment/2025/departments/{department.id}" in links
    assert f"/posts/?department={department.id}#dept-{department.id}" in links
    review = page.xpath("//li[contains(@class,'todo-forms-to-review')]//a")[0]
    assert review.get("href") == f"/assessment/2025/departments/{department.id}"
    assert client.get(review.get("href")).status_code == 200


def test_todo_employee_home_links_to_their_form_and_post(client, login, demo):
    employee = user("employee")
    login(employee)
    page = lxml_html.fromstring(client.get("/home").get_data(as_text=True))
    own = queries.own_assessment(queries.latest_cycle(), employee)
    assert page.xpath("//li[contains(@class,'todo-own-self-summary')]//a/@href") == [f"/assessment/forms/{own.id}"]
    post_id = employee.employee.main_appointment().post_id
    assert f"/posts/{post_id}" in page.xpath("//section[contains(@class,'my-posts')]//a/@href")
    assert not page.xpath("//section[contains(@class,'my-department')]")


def test_todo_hr_dashboard_lists_work_and_hr_home_goes_to_the_dashboard(client, login, demo):
    login(user("hr"))
    assert client.get("/home").headers["Location"] == "/dashboard/"
    page = lxml_html.fromstring(client.get("/dashboard/").get_data(as_text=True))
    links = page.xpath("//section[contains(@class,'todo')]//a/@href")
    assert "/assessment/2025" in links
    counts = [int(n) for n in page.xpath("//section[contains(@class,'todo')]//span[contains(@class,'todo-count')]/text()")]
    assert counts and all(n > 0 for n in counts)


# ---------------------------------------------------------------- cost


def _more_work(hr) -> None:
    """More of everything the lists count: rounds with applications at every step, another cycle's forms."""
    for number, post in enumerate(rs.recruitable_posts()[:3]):
        round_ = rs.open_round(f"扩充 {number}", CUTOFF, actor=hr, posts=[(post, None)])
        for name in "甲乙丙丁":
            add_applicant(round_, ApplicantData(name=f"{name}{number}", gender="女", birth_date=date(1990, 1, 1),
                                                education="本科", study_mode="自学考试"), post, actor=hr)
        if number:
            rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
            rs.advance_round(round_, RoundStatus.REVIEWING, actor=hr)
    db.session.commit()


@pytest.mark.parametrize("role", ["hr", "head", "employee"])
def test_todo_statement_count_does_not_grow_with_data(demo, role):
    reader = user(role)
    call = (lambda: todo.hr_todo(TODAY)) if role == "hr" else (lambda: todo.home(reader, TODAY))
    before = statements(call)
    _more_work(user("hr"))
    assert statements(call) == before
    assert before <= (4 if role == "hr" else 7)


def test_todo_dashboard_charts_link_to_the_lists_they_count(client, login, demo):
    login(user("hr"))
    page = lxml_html.fromstring(client.get("/dashboard/").get_data(as_text=True))
    children = find_department("少儿部")
    links = page.xpath("//figure[contains(@class,'chart')]//*[local-name()='a']/@href")
    assert f"/posts/?department={children.id}#dept-{children.id}" in links
    assert f"/assessment/2025/departments/{children.id}" in links
    for link in set(links):
        assert client.get(link).status_code == 200, link
    # The figures as text for phones: one table per chart, its first column linking like the bars.
    tables = page.xpath("//div[contains(@class,'chart-figures')]//table")
    assert len(tables) == len(page.xpath("//figure[contains(@class,'chart')]"))
    first_rows = tables[0].xpath(".//tbody/tr")
    office = next(r for r in first_rows if r.xpath("./th")[0].text_content() == "办公室")
    assert office.xpath("./th/a/@href") == [f"/posts/?department={find_department('办公室').id}"
                                             f"#dept-{find_department('办公室').id}"]
