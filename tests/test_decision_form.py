"""HR's decision form checks every row on the server: a grade that is not offered, a 备注 too long or with
control characters refuses the whole page, which comes back with every typed value and what each row
showed when it was first drawn; nothing is saved."""

from __future__ import annotations

from hrflow.assessment import grading, queries
from hrflow.extensions import db
from hrflow.models import Grade, SpecialCase
from tests.assessment_support import build_unit, grade_all, open_2025, to_decision
from tests.test_assessment_web import decision_fields, fresh, text

URL = "/assessment/2025/decision"


def deciding():
    """Four people at the decision step, all 合格; the last one with a special case (no grade)."""
    unit = build_unit(children_staff=3, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle, Grade.COMPETENT, unit.hr)
    forms = queries.department_assessments(cycle)
    grading.flag_special_case(forms[-1], SpecialCase.DEFERRED, actor=unit.hr, reason="病假")
    db.session.commit()
    return unit, forms


def test_a_grade_not_offered_and_a_long_note_refuse_the_page_keeping_what_was_typed(client, login):
    unit, forms = deciding()
    first, second, *_others, special = forms
    login(unit.hr)
    shown = decision_fields(client.get(URL))
    assert f"grade-{special.id}" not in shown  # a special case gets no grade to choose
    posted = {**shown, f"grade-{first.id}": "outstanding", f"note-{first.id}": "借调半年",
              f"grade-{second.id}": "basic", f"note-{second.id}": "长" * 501}
    refused = client.post(URL, data=posted)
    body = text(refused)
    assert refused.status_code == 422
    assert "请从列出的等次中选择" in body and "备注不超过 500 字" in body
    again = decision_fields(refused)
    # Every typed value comes back, and the hidden copies still say what the rows first showed.
    assert again[f"note-{first.id}"] == "借调半年" and again[f"grade-{second.id}"] == "basic"
    assert again[f"shown-grade-{second.id}"] == "competent" and again[f"shown-note-{first.id}"] == ""
    assert (fresh(first).grade, fresh(first).grade_note, fresh(second).grade) == (Grade.COMPETENT, None,
                                                                                 Grade.COMPETENT)


def test_a_grade_for_a_special_case_and_control_characters_are_refused(client, login):
    unit, forms = deciding()
    first, special = forms[0], forms[-1]
    login(unit.hr)
    shown = decision_fields(client.get(URL))
    for posted in ({f"grade-{special.id}": "excellent", f"shown-grade-{special.id}": ""},
                   {f"note-{first.id}": "病假\x1b[31m"},
                   {f"shown-note-{first.id}": "\x00"}):
        refused = client.post(URL, data={**shown, **posted})
        assert refused.status_code == 422, posted
    assert fresh(special).grade is None and fresh(first).grade_note is None


def test_a_page_of_valid_rows_saves_and_the_next_page_shows_what_was_saved(client, login):
    unit, forms = deciding()
    first = forms[0]
    login(unit.hr)
    shown = decision_fields(client.get(URL))
    saved = client.post(URL, data={**shown, f"grade-{first.id}": "basic", f"note-{first.id}": " 病假 "})
    assert saved.status_code == 302
    assert (fresh(first).grade, fresh(first).grade_note) == (Grade.BASIC, "病假")
    page = text(client.get(URL))
    assert f'id="shown-grade-{first.id}" name="shown-grade-{first.id}" type="hidden" value="basic"' in page


def test_a_saved_note_with_markup_characters_comes_back_as_typed_in_labelled_controls(client, login):
    unit, forms = deciding()
    first, special = forms[0], forms[-1]
    login(unit.hr)
    note = '他说"<b>好</b>" & 对\'吧'
    shown = decision_fields(client.get(URL))
    assert client.post(URL, data={**shown, f"note-{first.id}": note}).status_code == 302
    page = client.get(URL)
    again = decision_fields(page)
    assert again[f"note-{first.id}"] == note and again[f"shown-note-{first.id}"] == note
    body = text(page)
    assert "<b>好</b>" not in body  # drawn as text, never as markup
    name = first.employee.name
    assert f'aria-label="{name} 的等次"' in body and f'aria-label="{name} 的备注"' in body
    assert f'name="shown-grade-{first.id}" type="hidden"' in body
    assert f'id="grade-{special.id}"' not in body  # a special case gets no grade to choose
