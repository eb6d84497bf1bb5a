"""Less effort, nothing lost, on the head's review page: every duty item (or 德能勤绩廉) rated alike in one
action, moving to the next person saves what was typed, the 优秀 reference beside the proposal, HR rating
for a department no head with a login reviews, and the cycle's steps ticked only when complete."""

from __future__ import annotations

import re

from sqlalchemy import select

from hrflow.assessment import figures, operations, queries
from hrflow.assessment.review_aids import unheaded_departments
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import Assessment, AuditLog, CycleStatus, Dimension, FormStatus, Role
from tests.assessment_support import build_unit, open_2025, user
from tests.test_assessment_web import fresh, in_head_review, review_data, text


def _staff_forms(cycle, unit, department):
    return [f for f in queries.department_assessments(cycle, department.subtree_ids())
            if f.employee_id != unit.head.employee_id]


def test_all_duties_rated_alike_in_one_action_then_the_exception_changed(client, login):
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    cycle = in_head_review(unit)
    form = _staff_forms(cycle, unit, unit.children)[0]
    login(unit.head)
    url = f"/assessment/forms/{form.id}/review"
    page = text(client.get(url))
    assert 'name="fill_duties" value="fairly_good"' in page and 'name="fill_dimensions" value="good"' in page

    # The comments typed before the click are kept; every duty item is now 较好.
    filled = client.post(url, data={"comments": "踏实肯干", "fill_duties": "fairly_good"})
    assert filled.status_code == 302 and filled.headers["Location"] == url
    assert "已全部评为“较好”" in text(client.get(url))
    saved = fresh(form)
    assert saved.head_comments == "踏实肯干"
    assert all(p.duty_ratings == ["fairly_good"] * len(p.post_version.duties) for p in saved.assessed_posts)

    # The exception: the first duty item 好, the rest as they were.
    data = review_data(saved, rating="fairly_good", comments="踏实肯干")
    first = next(k for k in data if k.startswith("duty-"))
    data[first] = "good"
    client.post(url, data=data)
    assert fresh(form).assessed_posts[0].duty_ratings[:2] == ["good", "fairly_good"]

    client.post(url, data={**review_data(fresh(form), rating="fairly_good"), "fill_dimensions": "good"})
    assert fresh(form).dimension_ratings == {d.value: "good" for d in Dimension}
    refused = client.post(url, data={"fill_duties": "splendid", "comments": "保留的评语"})
    assert refused.status_code == 422 and "保留的评语" in text(refused)


def test_next_person_saves_what_was_typed_first_and_only_when_changed(client, login):
    unit = build_unit(children_staff=3, circulation_staff=0, office_staff=1)
    cycle = in_head_review(unit)
    first, second = _staff_forms(cycle, unit, unit.children)[:2]
    login(unit.head)
    url = f"/assessment/forms/{first.id}/review"
    page = text(client.get(url))
    # Every way to the next person posts the form; none is a bare link that would drop the input.
    assert re.search(rf'<button[^>]*name="goto" value="{second.id}"', page)
    assert f'href="/assessment/forms/{second.id}/review"' not in page

    moved = client.post(url, data={**review_data(first, comments="先写一半", grade=""), "goto": str(second.id)})
    assert moved.status_code == 302 and moved.headers["Location"] == f"/assessment/forms/{second.id}/review"
    assert fresh(first).head_comments == "先写一半" and fresh(first).form_status == FormStatus.SELF_SUBMITTED
    saves = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.head_review")).all()
    assert len(saves) == 1

    # Back and forth without a change: no further save.
    unchanged = review_data(fresh(first), comments="先写一半", grade="")
    client.post(url, data={**unchanged, "goto": str(second.id)})
    assert len(db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.head_review")).all()) == 1

    # Somebody outside the list is not a place to go.
    stranger = build_stranger(cycle, unit)
    assert client.post(url, data={**unchanged, "goto": str(stranger)}).status_code == 404


def build_stranger(cycle, unit) -> int:
    """A form the head does not review (办公室)."""
    return next(f.id for f in queries.department_assessments(cycle, unit.office.subtree_ids()))


def test_the_head_sees_the_excellent_reference_while_proposing(client, login, app):
    unit = build_unit(children_staff=5, circulation_staff=2, office_staff=2)
    cycle = in_head_review(unit)
    forms = _staff_forms(cycle, unit, unit.children)
    login(unit.head)
    client.post(f"/assessment/forms/{forms[0].id}/review", data=review_data(forms[0], grade="excellent"))
    page = text(client.get(f"/assessment/forms/{forms[1].id}/review"))
    share = next(s for s in figures.department_quotas(cycle) if s.department.id == unit.children.id)
    assert "优秀参考" in page
    assert f"少儿部按人数分得 {share.allocated} 人，已建议优秀 1 人" in page
    assert "本单位优秀比例 20%，名额 2 人" in page
    client.post(f"/assessment/forms/{forms[1].id}/review", data=review_data(forms[1], grade="excellent"))
    assert "建议优秀的人数已超过本部门分得的名额" in text(client.get(f"/assessment/forms/{forms[2].id}/review"))


def test_hr_rates_a_department_whose_head_has_no_login_with_the_same_shortcuts(client, login):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=2)
    unit.office_head.active = False  # 办公室's head cannot sign in
    db.session.commit()
    cycle = in_head_review(unit)
    assert [(u.department.name, u.people) for u in unheaded_departments(cycle)] == [("办公室", 2)]

    login(unit.hr)
    overview = text(client.get("/assessment/2025"))
    assert "由人事部门评价的部门" in overview and f"/assessment/2025/departments/{unit.office.id}" in overview
    listing = text(client.get(f"/assessment/2025/departments/{unit.office.id}"))
    start = re.search(r'href="/assessment/forms/(\d+)/review"[^>]*>开始评价', listing)
    assert start
    form = db.session.get(Assessment, int(start.group(1)))
    url = f"/assessment/forms/{form.id}/review"
    page = text(client.get(url))
    assert 'name="fill_duties"' in page and 'name="goto"' in page and "第 1 / 2 人" in page
    client.post(url, data={"fill_duties": "good", "comments": "人事部门代为评价"})
    done = client.post(url, data={**review_data(fresh(form), comments="人事部门代为评价"), "submit": "1"})
    assert done.status_code == 302 and fresh(form).form_status == FormStatus.HEAD_SUBMITTED
    assert fresh(form).reviewed_by_id == unit.hr.id


def test_the_steps_tick_only_when_complete(client, login):
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)  # nobody handed in a summary
    db.session.commit()
    steps = {s.step: s for s in figures.checked_flow(cycle, figures.progress(cycle), unit_today())}
    assert steps["open"].state == "done"
    assert steps["self_review"].state == "passed" and steps["self_review"].outstanding == 3
    assert steps["head_review"].state == "current" and not steps["head_review"].complete
    assert steps["decision"].state == "todo"

    login(unit.hr)
    page = text(client.get("/assessment/2025"))
    assert 'class="as-flow-passed" data-step="self_review"' in page and "（3 人未交个人总结）" in page
    assert 'class="as-flow-done" data-step="open"' in page

    for form in queries.department_assessments(cycle):
        form.self_summary = "总结"
        form.submit_self()
    db.session.commit()
    steps = {s.step: s for s in figures.checked_flow(cycle, figures.progress(cycle), unit_today())}
    assert steps["self_review"].state == "done" and steps["head_review"].outstanding == 3


def test_a_department_is_unheaded_only_when_no_active_head_reaches_its_people():
    unit = build_unit(children_staff=1, circulation_staff=1, office_staff=1)
    cycle = open_2025(unit)
    assert unheaded_departments(cycle) == []
    unit.adult_head.role = Role.EMPLOYEE.value  # 成人部 (流通部 included) loses its head
    extra = user(Role.HEAD, departments=[unit.circulation])  # … but 流通部 has one of its own
    db.session.commit()
    assert unheaded_departments(cycle) == []
    extra.active = False
    db.session.commit()
    assert [(u.department.name, u.people) for u in unheaded_departments(cycle)] == [("成人部", 1)]
