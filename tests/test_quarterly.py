"""平时考核: quarterly results per person, the head's grid for their departments, and the rule that bars 优秀
after a 一般 or 较差 quarter (QUARTERLY_BARS_EXCELLENT)."""

from __future__ import annotations

import re

import lxml.html
import pytest
from sqlalchemy import event, select

from hrflow.assessment import quarterly, queries
from hrflow.assessment.quarterly import QuarterEntry
from hrflow.assessment.quarterly_forms import quarter_note_field, result_field
from hrflow.extensions import db
from hrflow.models import AssessmentAccessError, AssessmentError, AuditLog, QuarterlyResult
from tests.assessment_support import build_unit, open_2025


@pytest.fixture
def unit_2025(app):
    unit = build_unit()
    return unit, open_2025(unit)


def _staff(unit, cycle, department):
    return [a for a in queries.department_assessments(cycle, department.subtree_ids()) if a.employee_id != unit.head.employee_id]


def test_quarterly_results_are_recorded_read_back_and_audited(unit_2025):
    unit, cycle = unit_2025
    person = _staff(unit, cycle, unit.children)[0]
    changed = quarterly.record_results(cycle, [QuarterEntry(person.employee_id, 1, "good"),
                                               QuarterEntry(person.employee_id, 3, "average", "迟到多次")],
                                       actor=unit.head)
    db.session.commit()
    assert changed == 2
    quarters = quarterly.results_for(cycle, [person.employee_id])[person.employee_id]
    assert [q.result if q else None for q in quarters] == ["good", None, "average", None]
    assert quarters[2].note == "迟到多次" and quarters[2].recorded_by_id == unit.head.id
    logged = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.quarterly")).one()
    assert "第三季度" in logged.summary and "一般" in logged.summary
    # Saving the same again changes nothing; an empty cell removes the quarter.
    assert quarterly.record_results(cycle, [QuarterEntry(person.employee_id, 1, "good")], actor=unit.hr) == 0
    assert quarterly.record_results(cycle, [QuarterEntry(person.employee_id, 1, None)], actor=unit.hr) == 1
    assert quarterly.results_for(cycle, [person.employee_id])[person.employee_id][0] is None


def test_quarterly_weak_result_needs_a_note_and_nothing_is_saved(unit_2025):
    unit, cycle = unit_2025
    first, second = _staff(unit, cycle, unit.children)[:2]
    with pytest.raises(AssessmentError, match="请填写说明"):
        quarterly.record_results(cycle, [QuarterEntry(first.employee_id, 1, "good"),
                                         QuarterEntry(second.employee_id, 2, "poor", "  ")], actor=unit.hr)
    db.session.rollback()
    assert db.session.scalar(select(QuarterlyResult)) is None


def test_quarterly_head_records_only_their_department_and_not_themselves(unit_2025):
    unit, cycle = unit_2025
    office_person = _staff(unit, cycle, unit.office)[0]
    with pytest.raises(AssessmentAccessError):
        quarterly.record_results(cycle, [QuarterEntry(office_person.employee_id, 1, "good")], actor=unit.head)
    with pytest.raises(AssessmentAccessError):
        quarterly.record_results(cycle, [QuarterEntry(unit.head.employee_id, 1, "good")], actor=unit.head)
    # HR records the head's own.
    assert quarterly.record_results(cycle, [QuarterEntry(unit.head.employee_id, 1, "good")], actor=unit.hr) == 1


def test_quarterly_bar_on_excellent_follows_the_setting(app, unit_2025):
    unit, cycle = unit_2025
    weak, fine = _staff(unit, cycle, unit.children)[:2]
    quarterly.record_results(cycle, [QuarterEntry(weak.employee_id, 2, "average", "任务未完成"),
                                     QuarterEntry(fine.employee_id, 2, "fairly_good")], actor=unit.hr)
    assert app.config["QUARTERLY_BARS_EXCELLENT"] is True  # the default
    reason = quarterly.excellent_barred(cycle, weak.employee_id)
    assert reason and "第二季度" in reason and "一般" in reason and "优秀" in reason
    assert quarterly.excellent_barred(cycle, fine.employee_id) is None
    with pytest.raises(AssessmentError, match=weak.employee.name):
        quarterly.refuse_barred_excellent(cycle, [fine, weak])
    app.config["QUARTERLY_BARS_EXCELLENT"] = False
    try:
        assert quarterly.excellent_barred(cycle, weak.employee_id) is None
        quarterly.refuse_barred_excellent(cycle, [weak])
    finally:
        app.config["QUARTERLY_BARS_EXCELLENT"] = True


def test_quarterly_grid_page_saves_and_a_refusal_keeps_every_typed_value(client, login, unit_2025):
    unit, cycle = unit_2025
    login(unit.head)
    people = _staff(unit, cycle, unit.children)
    url = f"/assessment/2025/quarterly/{unit.children.id}"
    page = client.get(url).get_data(as_text=True)
    assert people[0].employee.name in page and "少儿主任" not in page.split("<tbody>")[1]
    data = {result_field(people[0].employee_id, 1): "good", quarter_note_field(people[0].employee_id, 1): "认真",
            result_field(people[1].employee_id, 4): "poor", quarter_note_field(people[1].employee_id, 4): ""}
    refused = client.post(url, data=data)
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "一般、较差须填写说明" in body and 'value="认真"' in body and '<option selected value="poor">' in body
    assert db.session.scalar(select(QuarterlyResult)) is None
    data[quarter_note_field(people[1].employee_id, 4)] = "差错较多"
    assert client.post(url, data=data).status_code == 302
    saved = quarterly.results_for(cycle, [p.employee_id for p in people[:2]])
    assert saved[people[0].employee_id][0].result == "good" and saved[people[1].employee_id][3].note == "差错较多"


def test_quarterly_grid_of_another_department_is_hidden_from_a_head(client, login, unit_2025):
    unit, _cycle = unit_2025
    login(unit.head)
    assert client.get(f"/assessment/2025/quarterly/{unit.office.id}").status_code == 404
    index = client.get("/assessment/quarterly").get_data(as_text=True)
    assert "少儿部" in index and "办公室" not in index.split("as-quarterly-departments")[1]


def test_quarterly_results_are_locked_once_grades_are_published(unit_2025):
    unit, cycle = unit_2025
    person = _staff(unit, cycle, unit.children)[0]
    cycle.status = "publicity"
    with pytest.raises(AssessmentError, match="只能在"):
        quarterly.record_results(cycle, [QuarterEntry(person.employee_id, 1, "good")], actor=unit.hr)


def test_quarterly_results_show_on_the_decision_page_read_with_its_rows(client, login, unit_2025):
    """The decision page's 平时考核 column comes with the page's rows: no statement of its own."""
    unit, cycle = unit_2025
    weak, fine = _staff(unit, cycle, unit.children)[:2]
    quarterly.record_results(cycle, [QuarterEntry(weak.employee_id, 1, "good"),
                                     QuarterEntry(weak.employee_id, 3, "average", "迟到多次"),
                                     QuarterEntry(fine.employee_id, 4, "fairly_good")], actor=unit.hr)
    db.session.commit()
    names = weak.employee.name, fine.employee.name
    login(unit.hr)
    sent: list[str] = []

    def note(_connection, _cursor, statement, *args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        page = lxml.html.fromstring(client.get("/assessment/2025/decision").get_data(as_text=True))
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    cells = {row.xpath("string(td[1])").strip(): row.xpath("td[5]")[0] for row in page.xpath("//tr[td[5]]")}
    badges = [" ".join(badge.text_content().split()) for badge in cells[names[0]].xpath(".//span[@class and contains(@class, 'badge')]")]
    assert badges == ["Q1 好", "Q2 —", "Q3 一般", "Q4 —"]
    warned = cells[names[0]].xpath(".//span[contains(@class, 'text-bg-warning')]")
    assert len(warned) == 1 and "迟到多次" in warned[0].get("title")
    assert "不能定为优秀" in cells[names[0]].text_content()  # a 一般 quarter bars 优秀 (the default setting)
    assert "Q4 较好" in " ".join(cells[names[1]].text_content().split())
    assert "不能定为优秀" not in cells[names[1]].text_content()
    reading = [statement for statement in sent if re.search(r"\bFROM quarterly_result\b", statement)]
    assert len(reading) == 1 and re.search(r"\bFROM assessment JOIN employee\b", reading[0])  # the rows' own
