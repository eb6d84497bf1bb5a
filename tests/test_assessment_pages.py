"""The unit-wide assessment pages stay light: HR's decision page shows PAGE_SIZE people a page while the 优秀
counter counts the whole unit, a save keeps the page; the 优秀 list reads only the 优秀 rows."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from hrflow.assessment import grading, queries
from hrflow.extensions import db
from hrflow.models import Assessment, Grade
from tests.assessment_support import build_unit, grade_all, open_2025, to_decision
from tests.test_assessment_web import decision_fields, text


@pytest.fixture
def small_pages(app):
    saved = app.config["PAGE_SIZE"]
    app.config["PAGE_SIZE"] = 3
    yield
    app.config["PAGE_SIZE"] = saved


@pytest.fixture
def deciding():
    """Eight people at the decision step; the first in table order is 优秀."""
    unit = build_unit(children_staff=3, circulation_staff=2, office_staff=2)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    unit.forms = queries.department_assessments(cycle)
    grading.decide_grade(unit.forms[0], Grade.EXCELLENT, actor=unit.hr)
    db.session.commit()
    unit.cycle = cycle
    return unit


def names_on(response) -> list[str]:
    return re.findall(r'<a href="/assessment/forms/\d+">([^<]+)</a>', text(response))


def test_the_decision_page_shows_a_page_of_people_and_counts_the_whole_unit(client, login, deciding, small_pages):
    login(deciding.hr)
    names = [f.employee.name for f in deciding.forms]
    first, third = client.get("/assessment/2025/decision"), client.get("/assessment/2025/decision?page=3")
    assert names_on(first) == names[:3]
    assert names_on(third) == names[6:]
    assert client.get("/assessment/2025/decision?page=4").status_code == 404
    # The 优秀 on page 1 counts on page 3 as decided elsewhere.
    assert 'data-elsewhere="1"' in text(third)
    assert 'data-elsewhere="0"' in text(first)
    assert "?page=2" in text(first)


def test_a_save_changes_only_the_rows_of_its_page_and_comes_back_to_it(client, login, deciding, small_pages):
    login(deciding.hr)
    page = client.get("/assessment/2025/decision?page=2")
    fields = decision_fields(page)
    second_page = deciding.forms[3:6]
    fields[f"grade-{second_page[0].id}"] = "basic"
    saved = client.post("/assessment/2025/decision?page=2", data={**fields, "submit": "1"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/assessment/2025/decision?page=2")
    db.session.expire_all()
    grades = {f.id: f.grade for f in queries.department_assessments(deciding.cycle)}
    assert grades[second_page[0].id] == Grade.BASIC
    assert grades[deciding.forms[0].id] == Grade.EXCELLENT  # page 1 untouched
    assert sorted(str(g) for g in grades.values()) == ["basic", *["competent"] * 6, "excellent"]


def test_the_excellent_list_reads_only_the_excellent_rows(client, login, deciding):
    login(deciding.hr)
    name = deciding.forms[0].employee.name
    everybody = [f.employee.name for f in deciding.forms]
    loaded: list[int] = []

    def on_load(target, _context):
        loaded.append(target.id)

    db.session.expunge_all()  # every assessment the page uses is read from the database
    event.listen(Assessment, "load", on_load)
    try:
        page = client.get("/assessment/2025/excellent")
    finally:
        event.remove(Assessment, "load", on_load)
    assert name in text(page) and "优秀 1 人" in text(page)
    # Read as columns, the 优秀 rows only: not one assessment as an object, let alone the unit's eight.
    assert loaded == []
    assert [n for n in everybody if n in text(page)] == [name]
