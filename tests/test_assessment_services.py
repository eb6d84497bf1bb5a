"""Annual assessment services: opening a cycle, special cases, forms and their locks, grades under the
quota, publicity, acknowledgement, appeal and the archive lock."""

from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from hrflow.assessment import access, figures, grading, head_review, operations, queries
from hrflow.extensions import db
from hrflow.models import (
    Acknowledgement,
    AppealOutcome,
    AssessmentAccessError,
    AssessmentCycle,
    AssessmentError,
    AuditLog,
    CycleStatus,
    Dimension,
    FormStatus,
    Grade,
    Rating,
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


def form_of(cycle, employee):
    return next(f for f in queries.department_assessments(cycle) if f.employee_id == employee.id)


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


# ---------------------------------------------------------------- opening

def test_participants_are_the_main_post_holders_on_the_cycle_date():
    unit = build_unit(children_staff=2, circulation_staff=1, office_staff=1)
    concurrent_only = unit.staff[-1]
    concurrent_only.appointments[0].kind = "concurrent"
    left = unit.hire(unit.office_staff, name="已调离", end=date(2025, 10, 1))
    later = unit.hire(unit.office_staff, name="明年入职", hired_on=date(2026, 3, 1))
    db.session.commit()

    opened = operations.open_cycle(2025, actor=unit.hr)

    names = {f.employee.name for f in opened.participants}
    assert len(opened.participants) == 1 + 2 + 1  # the head, 少儿部 staff, 流通部 staff
    assert concurrent_only.name not in names and left.name not in names and later.name not in names
    reasons = {e.name: e.reason for e in opened.excluded}
    assert reasons[concurrent_only.name] == "考核基准日 2025-12-31 无主岗（仅兼任 办公室/办公室工作人员）"
    assert "无在岗岗位" in reasons[left.name] and "无在岗岗位" in reasons[later.name]
    assert opened.cycle.cycle_date == date(2025, 12, 31) and opened.cycle.status == CycleStatus.OPEN
    assert opened.quota.quota == 0  # 4 people × 20% floors to 0
    assert actions() == ["assessment.open"]


def test_the_form_takes_the_post_version_in_force_on_the_cycle_date_and_the_concurrent_posts():
    unit = build_unit(children_staff=0, circulation_staff=0, office_staff=0)
    both = unit.hire(unit.children_staff, concurrent=(unit.office_staff,))
    db.session.commit()
    form = form_of(open_2025(unit), both)

    assert form.post_version.number == 1  # version 2 takes effect in 2026
    assert form.department_id == unit.children.id
    assert [(p.kind, p.post_version.name) for p in form.assessed_posts] == [("main", "工作人员"),
                                                                             ("concurrent", "办公室工作人员")]
    assert [i.text for i in head_review.duty_items(form)] == ["接待少儿读者", "整理图书", "组织阅读活动", "收发文件"]
    assert all(i.rating is None for i in head_review.duty_items(form))


def test_a_sub_unit_member_belongs_to_the_sub_unit():
    unit = build_unit(children_staff=0, circulation_staff=1, office_staff=0)
    form = form_of(open_2025(unit), unit.staff[-1])
    assert form.department_id == unit.circulation.id


def test_a_year_is_opened_once_and_only_by_hr():
    unit = build_unit()
    with pytest.raises(AssessmentAccessError):
        operations.open_cycle(2025, actor=unit.head)
    open_2025(unit)
    with pytest.raises(AssessmentError, match="已经开启"):
        operations.open_cycle(2025, actor=unit.hr)


def test_defaults_come_from_the_config(app, monkeypatch):
    monkeypatch.setitem(app.config, "ASSESSMENT_APPEAL_DAYS", 15)
    monkeypatch.setitem(app.config, "ASSESSMENT_QUOTA_ROUNDING", "ceil")
    unit = build_unit()
    cycle = open_2025(unit)
    assert (cycle.appeal_days, cycle.rounding, cycle.excellent_rate, cycle.publicity_days) == (15, "ceil", 20, 5)


def test_assessment_settings_are_read_from_the_environment_as_numbers():
    from hrflow.config import env_overrides

    assert env_overrides({"HRFLOW_ASSESSMENT_APPEAL_DAYS": "45", "HRFLOW_ASSESSMENT_EXCELLENT_RATE": "18",
                          "HRFLOW_ASSESSMENT_QUOTA_ROUNDING": "half_up"}) == {
        "ASSESSMENT_APPEAL_DAYS": 45, "ASSESSMENT_EXCELLENT_RATE": 18, "ASSESSMENT_QUOTA_ROUNDING": "half_up"}


# ---------------------------------------------------------------- special cases

@pytest.mark.parametrize(("hired_on", "case"), [
    (date(2025, 7, 1), SpecialCase.COMMENTS_ONLY),  # six months before 31 Dec is 30 Jun: joined after it
    (date(2025, 12, 31), SpecialCase.COMMENTS_ONLY),
    (date(2025, 6, 30), SpecialCase.NONE),  # exactly half a year
    (date(2020, 1, 1), SpecialCase.NONE),
])
def test_joined_less_than_half_a_year_before_gets_comments_only(hired_on, case):
    unit = build_unit(children_staff=0, circulation_staff=0, office_staff=0)
    newcomer = unit.hire(unit.children_staff, hired_on=hired_on)
    db.session.commit()
    opened = operations.open_cycle(2025, actor=unit.hr)
    form = form_of(opened.cycle, newcomer)
    assert form.special_case == case
    assert (newcomer.name in {e.name for e in opened.excluded}) == (case != SpecialCase.NONE)
    if case != SpecialCase.NONE:
        assert "不满半年" in form.special_case_reason and form.special_case_by_id is None


@pytest.mark.parametrize("case", [SpecialCase.NOT_GRADED, SpecialCase.DEFERRED, SpecialCase.COMMENTS_ONLY])
def test_hr_flags_a_special_case_with_a_reason_and_it_leaves_the_quota_base(case):
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)  # 5 people: quota 1
    cycle = open_2025(unit)
    cycle.quota_base = "graded"  # the narrower base some provinces use (ASSESSMENT_QUOTA_BASE)
    form = form_of(cycle, unit.staff[1])
    assert figures.quota_summary(cycle).quota == 1
    with pytest.raises(AssessmentError, match="原因"):
        grading.flag_special_case(form, case, actor=unit.hr, reason=" ")
    with pytest.raises(AssessmentAccessError):
        grading.flag_special_case(form, case, actor=unit.head, reason="病假")
    grading.flag_special_case(form, case, actor=unit.hr, reason="说明")
    summary = figures.quota_summary(cycle)
    assert (summary.participants, summary.base, summary.quota) == (5, 4, 0)
    assert figures.quota_summary(cycle, figures.progress(cycle)) == summary  # the cycle page's way
    assert form.special_case_reason == "说明" and form.special_case_by_id == unit.hr.id
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "assessment.special_case"))
    assert log.reason == "说明" and log.object_id == form.id


def test_special_cases_get_no_grade():
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    comments_only, deferred, not_graded = (form_of(cycle, e) for e in unit.staff[1:4])
    grading.flag_special_case(comments_only, SpecialCase.COMMENTS_ONLY, actor=unit.hr, reason="新调入")
    grading.flag_special_case(deferred, SpecialCase.DEFERRED, actor=unit.hr, reason="立案调查中")
    grading.flag_special_case(not_graded, SpecialCase.NOT_GRADED, actor=unit.hr, reason="病假超过半年")
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    with pytest.raises(AssessmentError, match="不参加本年度考核"):
        operations.save_self_summary(not_graded, "总结", actor=unit.login_for(not_graded.employee))
    operations.submit_self_summary(deferred, actor=unit.login_for(deferred.employee), text="总结")  # still writes
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    with pytest.raises(AssessmentError, match="不能建议等次"):
        head_review.save_head_review(comments_only, _with_grade(full_review(comments_only)), actor=unit.head)
    with pytest.raises(AssessmentError, match="无需评价"):
        head_review.save_head_review(not_graded, full_review(not_graded), actor=unit.hr)
    to_decision_from_head_review(cycle, unit)  # not-graded people need no review to move on
    for form in (comments_only, deferred, not_graded):
        with pytest.raises(AssessmentError, match="不能评定等次"):
            grading.decide_grade(form, Grade.COMPETENT, actor=unit.hr)
    progress = figures.progress(cycle)
    assert progress.special == {"comments_only": 1, "deferred": 1, "not_graded": 1}
    assert progress.not_graded == 1 and progress.ungraded == 2


def _with_grade(review):
    review.proposed_grade = Grade.COMPETENT
    return review


def to_decision_from_head_review(cycle, unit):
    for form in queries.department_assessments(cycle):
        if form.special_case != SpecialCase.NOT_GRADED and form.form_status != FormStatus.HEAD_SUBMITTED:
            head_review.submit_head_review(form, actor=unit.hr, review=full_review(form))
    operations.advance(cycle, CycleStatus.DECISION, actor=unit.hr)


def test_a_deferred_case_cleared_later_gets_its_grade_and_counts_again():
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    deferred = form_of(cycle, unit.staff[1])
    grading.flag_special_case(deferred, SpecialCase.DEFERRED, actor=unit.hr, reason="立案调查中")
    to_decision(cycle, unit.hr)
    grade_all(cycle)
    to_acknowledgement(cycle, unit.hr)
    grading.flag_special_case(deferred, SpecialCase.NONE, actor=unit.hr, reason="已结案，无问题")
    assert figures.quota_summary(cycle).base == 5
    grading.decide_grade(deferred, Grade.COMPETENT, actor=unit.hr, note="结案后补定")  # 补定 after publicity
    assert deferred.grade == Grade.COMPETENT and deferred.grade_note == "结案后补定"
    other = form_of(cycle, unit.staff[2])
    with pytest.raises(AssessmentError, match="申诉"):
        grading.decide_grade(other, Grade.EXCELLENT, actor=unit.hr)  # published grades change by appeal only


def test_a_flag_that_would_leave_too_many_excellent_is_refused():
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)  # 5 → quota 1
    cycle = open_2025(unit)
    cycle.quota_base = "graded"  # a special case leaves the base only under the narrower base
    to_decision(cycle, unit.hr)
    first, second = (form_of(cycle, e) for e in unit.staff[1:3])
    grading.decide_grade(first, Grade.EXCELLENT, actor=unit.hr)
    with pytest.raises(AssessmentError, match="优秀名额 0 人"):
        grading.flag_special_case(second, SpecialCase.NOT_GRADED, actor=unit.hr, reason="病假")
    grading.flag_special_case(first, SpecialCase.DEFERRED, actor=unit.hr, reason="立案调查")  # its own 优秀 goes
    assert first.grade is None and figures.quota_summary(cycle).excellent == 0


# ---------------------------------------------------------------- the cycle's steps

FLOW = list(CycleStatus)
ILLEGAL = [(a, b) for a in FLOW for b in FLOW if FLOW.index(b) != FLOW.index(a) + 1]


@pytest.mark.parametrize(("current", "target"), ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_every_illegal_transition_is_refused(current, target):
    cycle = AssessmentCycle(year=2025, cycle_date=date(2025, 12, 31), status=current.value)
    with pytest.raises(AssessmentError, match="不能从"):
        cycle.advance(target)
    assert cycle.status == current


def test_next_status_follows_the_flow():
    cycle = AssessmentCycle(year=2025, cycle_date=date(2025, 12, 31), status="open")
    seen = []
    while (step := queries.next_status(cycle)) is not None:
        cycle.advance(step)
        seen.append(step)
    assert seen == FLOW[1:]


def test_illegal_transitions_are_refused_by_the_service_too():
    unit = build_unit()
    cycle = open_2025(unit)
    for target in (CycleStatus.HEAD_REVIEW, CycleStatus.ARCHIVED, CycleStatus.OPEN):
        with pytest.raises(AssessmentError, match="不能从“已开启”直接进入"):
            operations.advance(cycle, target, actor=unit.hr)
    with pytest.raises(AssessmentAccessError):
        operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.head)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    assert cycle.status == CycleStatus.SELF_REVIEW and actions()[-1] == "assessment.advance"


def test_decision_waits_for_every_head_review():
    unit = build_unit(children_staff=2, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    with pytest.raises(AssessmentError, match="还有 3 份考核表未提交主管评价"):
        operations.advance(cycle, CycleStatus.DECISION, actor=unit.hr)


def test_publicity_waits_for_every_grade_and_lasts_five_working_days(app, monkeypatch):
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    with pytest.raises(AssessmentError, match="还有 5 人未定等次"):
        operations.publish(cycle, actor=unit.hr, start=date(2026, 1, 5))
    grade_all(cycle)
    monkeypatch.setitem(app.config, "HOLIDAYS", ["2026-01-07"])  # a local day off
    end = operations.publish(cycle, actor=unit.hr, start=date(2026, 1, 3))  # 元旦 holiday
    # Sun 01-04 is worked in lieu of 元旦; then Mon–Fri less the local day off.
    assert (cycle.publicity_start, end) == (date(2026, 1, 4), date(2026, 1, 9))
    with pytest.raises(AssessmentError, match="公示期满后"):
        operations.advance(cycle, CycleStatus.ACKNOWLEDGEMENT, actor=unit.hr, on=date(2026, 1, 9))
    operations.advance(cycle, CycleStatus.ACKNOWLEDGEMENT, actor=unit.hr, on=date(2026, 1, 10))
    assert cycle.notified_on == date(2026, 1, 10) and cycle.appeal_deadline == date(2026, 2, 9)


def test_publicity_is_never_shorter_than_five_working_days():
    unit = build_unit()
    cycle = open_2025(unit)
    with pytest.raises(AssessmentError, match="不少于 5 个工作日"):
        operations.update_settings(cycle, {"publicity_days": 4}, actor=unit.hr)
    operations.update_settings(cycle, {"publicity_days": 7}, actor=unit.hr, reason="党委决定")
    assert cycle.publicity_days == 7


# ---------------------------------------------------------------- self-summary and head review

def test_only_the_employee_writes_their_self_summary_and_submitting_locks_it():
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    form = form_of(cycle, unit.staff[1])
    me = unit.login_for(unit.staff[1])
    with pytest.raises(AssessmentError, match="只能在"):
        operations.save_self_summary(form, "太早了", actor=me)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    for other in (unit.hr, unit.head):
        with pytest.raises(AssessmentAccessError, match="只有本人"):
            operations.save_self_summary(form, "代写", actor=other)
    operations.save_self_summary(form, "  草稿  ", actor=me)
    assert form.self_summary == "草稿" and form.form_status == FormStatus.DRAFT
    with pytest.raises(AssessmentError, match="不能为空"):
        operations.submit_self_summary(form, actor=me, text="")
    operations.submit_self_summary(form, actor=me, text="全年工作总结")
    assert form.form_status == FormStatus.SELF_SUBMITTED and form.self_submitted_at is not None
    with pytest.raises(AssessmentError, match="已锁定"):
        operations.save_self_summary(form, "改一改", actor=me)
    assert form.self_summary == "全年工作总结"
    assert actions()[-2:] == ["assessment.self_summary", "assessment.self_submit"]


def test_heads_review_their_departments_sub_units_included_and_never_themselves():
    unit = build_unit(children_staff=1, circulation_staff=1, office_staff=0)
    cycle = open_2025(unit)
    head_form = form_of(cycle, unit.staff[0])
    child_form = form_of(cycle, unit.staff[1])
    circulation_form = form_of(cycle, unit.staff[2])
    assert access.can_review(unit.head, child_form) and not access.can_review(unit.head, circulation_form)
    assert access.can_review(unit.adult_head, circulation_form)  # 成人部 head reaches 流通部
    assert not access.can_review(unit.office_head, child_form)
    assert not access.can_review(unit.head, head_form)  # their own form goes to the unit
    assert access.can_review(unit.hr, head_form)
    # The list pages' check, with the reach worked out once, says the same for every user and form.
    for someone in (unit.head, unit.adult_head, unit.office_head, unit.hr, unit.login_for(unit.staff[1])):
        reviews = access.reviewer(someone)
        for form in (head_form, child_form, circulation_form):
            assert reviews(form) == access.can_review(someone, form), (someone.username, form.employee.name)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    with pytest.raises(AssessmentAccessError):
        head_review.save_head_review(circulation_form, full_review(circulation_form), actor=unit.head)
    with pytest.raises(AssessmentAccessError):
        head_review.save_head_review(head_form, full_review(head_form), actor=unit.head)
    head_review.save_head_review(circulation_form, full_review(circulation_form), actor=unit.adult_head)
    assert circulation_form.reviewed_by_id == unit.adult_head.id


def test_a_head_review_is_complete_before_it_is_submitted_and_then_locked():
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    form = form_of(cycle, unit.staff[1])
    me = unit.login_for(unit.staff[1])
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    with pytest.raises(AssessmentError, match="尚未提交个人总结"):
        head_review.submit_head_review(form, actor=unit.head, review=full_review(form))
    operations.submit_self_summary(form, actor=me, text="总结")
    partial = full_review(form)
    first_key = head_review.duty_items(form)[0].key
    partial.duty_ratings[first_key] = None
    partial.dimension_ratings["integrity"] = None
    with pytest.raises(AssessmentError, match="职责第 1 项（工作人员）、廉"):
        head_review.submit_head_review(form, actor=unit.head, review=partial)
    assert form.form_status == FormStatus.SELF_SUBMITTED
    no_grade = full_review(form, grade=None)
    with pytest.raises(AssessmentError, match="等次建议"):
        head_review.submit_head_review(form, actor=unit.head, review=no_grade)
    bad = full_review(form)
    bad.duty_ratings["999:0"] = Rating.GOOD
    with pytest.raises(AssessmentError, match="没有这些职责项"):
        head_review.save_head_review(form, bad, actor=unit.head)
    head_review.submit_head_review(form, actor=unit.head, review=full_review(form, Grade.EXCELLENT, Rating.FAIRLY_GOOD))
    assert form.form_status == FormStatus.HEAD_SUBMITTED and form.proposed_grade == Grade.EXCELLENT
    assert [i.rating for i in head_review.duty_items(form)] == ["fairly_good"] * 3
    assert form.dimension_ratings == {d: "fairly_good" for d in
                                      ("morality", "ability", "diligence", "performance", "integrity")}
    with pytest.raises(AssessmentError, match="已锁定"):
        head_review.save_head_review(form, full_review(form), actor=unit.head)


def _partial(form, gap: str) -> head_review.HeadReview:
    review = full_review(form)
    if gap == "duty and dimension":
        review.duty_ratings[head_review.duty_items(form)[0].key] = None
        review.dimension_ratings["integrity"] = None
    elif gap == "comments":
        review.comments = "  "
    elif gap == "grade":
        review.proposed_grade = None
    return review


@pytest.mark.parametrize(("gap", "refusal"), [
    ("duty and dimension", "还有未评价的项目：职责第 1 项（工作人员）、廉"),
    ("comments", "主管评语不能为空"),
    ("grade", "请填写考核等次建议"),
    ("nothing", None),
])
def test_the_review_page_and_the_submission_share_one_completeness_check(gap, refusal):
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    form = form_of(cycle, unit.staff[1])
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    operations.submit_self_summary(form, actor=unit.login_for(unit.staff[1]), text="总结")
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    head_review.save_head_review(form, _partial(form, gap), actor=unit.head)
    gaps = head_review.review_gaps(form)
    assert gaps.refusal() == refusal and gaps.complete == (refusal is None)
    if refusal is None:
        head_review.submit_head_review(form, actor=unit.head)
        assert form.form_status == FormStatus.HEAD_SUBMITTED
    else:
        with pytest.raises(AssessmentError) as refused:
            head_review.submit_head_review(form, actor=unit.head)
        assert str(refused.value) == refusal and form.form_status == FormStatus.SELF_SUBMITTED


def test_submitting_a_review_asks_review_gaps_what_is_missing(monkeypatch):
    """One source of truth: what review_gaps reports missing is what blocks the submission."""
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    form = form_of(cycle, unit.staff[1])
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    head_review.save_head_review(form, full_review(form), actor=unit.hr)
    real = head_review.review_gaps

    def without_comments(assessment):
        gaps = real(assessment)
        gaps.comments = True
        return gaps

    monkeypatch.setattr(head_review, "review_gaps", without_comments)
    with pytest.raises(AssessmentError, match="主管评语不能为空"):
        head_review.submit_head_review(form, actor=unit.hr)


def test_hr_may_submit_a_review_for_someone_who_wrote_no_summary():
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    form = form_of(cycle, unit.staff[1])
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    head_review.submit_head_review(form, actor=unit.hr, review=full_review(form))
    assert form.form_status == FormStatus.HEAD_SUBMITTED


def test_only_hr_reopens_a_submitted_form_with_a_reason():
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    form = form_of(cycle, unit.staff[1])
    me = unit.login_for(unit.staff[1])
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    operations.submit_self_summary(form, actor=me, text="总结")
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    head_review.submit_head_review(form, actor=unit.head, review=full_review(form))
    with pytest.raises(AssessmentAccessError):
        operations.reopen(form, actor=unit.head, reason="写错了")
    with pytest.raises(AssessmentError, match="原因"):
        operations.reopen(form, actor=unit.hr, reason="")
    operations.reopen(form, actor=unit.hr, reason="评语写错了")
    assert form.form_status == FormStatus.SELF_SUBMITTED and form.head_submitted_at is None
    head_review.save_head_review(form, full_review(form), actor=unit.head)  # the head may edit again
    with pytest.raises(AssessmentError, match="已锁定"):
        operations.save_self_summary(form, "改", actor=me)  # the summary stays locked
    with pytest.raises(AssessmentError, match="不能退回到"):
        operations.reopen(form, actor=unit.hr, reason="再退", to=FormStatus.SELF_SUBMITTED)
    operations.reopen(form, actor=unit.hr, reason="本人要求修改总结", to=FormStatus.DRAFT)
    operations.save_self_summary(form, "改好的总结", actor=me)
    reopen = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.reopen")).all()
    assert [r.reason for r in reopen] == ["评语写错了", "本人要求修改总结"]


# ---------------------------------------------------------------- grades under the quota

def test_excellent_beyond_the_quota_is_refused_naming_it():
    unit = build_unit(children_staff=9, circulation_staff=0, office_staff=0)  # 10 people → 2
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    forms = queries.department_assessments(cycle)
    grading.decide_grade(forms[0], Grade.EXCELLENT, actor=unit.hr)
    grading.decide_grade(forms[1], "优秀", actor=unit.hr)
    with pytest.raises(AssessmentError) as refused:
        grading.decide_grade(forms[2], Grade.EXCELLENT, actor=unit.hr)
    assert str(refused.value) == (f"优秀等次超出名额：2025 年度优秀名额 2 人（应参加考核人数 10 人 × 20%，向下取整），"
                                  f"按此将有 3 人优秀，不能再定“{forms[2].employee.name}”为优秀")
    assert forms[2].grade is None
    grading.decide_grade(forms[0], Grade.COMPETENT, actor=unit.hr)  # a place is freed
    grading.decide_grade(forms[2], Grade.EXCELLENT, actor=unit.hr)
    assert figures.quota_summary(cycle).excellent == 2
    assert figures.quota_summary(cycle, figures.progress(cycle)) == figures.quota_summary(cycle)


def test_grades_are_decided_by_hr_in_the_decision_step_only():
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    form = form_of(cycle, unit.staff[1])
    with pytest.raises(AssessmentError, match="只能在"):
        grading.decide_grade(form, Grade.COMPETENT, actor=unit.hr)
    to_decision(cycle, unit.hr)
    with pytest.raises(AssessmentAccessError):
        grading.decide_grade(form, Grade.COMPETENT, actor=unit.head)
    with pytest.raises(AssessmentError, match="等次“良好”不正确"):
        grading.decide_grade(form, "良好", actor=unit.hr)
    grading.decide_grade(form, Grade.BASIC, actor=unit.hr, note="全年两次差错")
    assert (form.grade, form.decided_by_id, form.grade_note) == ("basic", unit.hr.id, "全年两次差错")
    assert form.decided_at is not None
    log = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.grade")).all()[-1]
    assert "未定 → 基本合格" in log.summary and log.reason == "全年两次差错"


def test_bulk_decisions_are_all_or_nothing():
    unit = build_unit(children_staff=9, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    forms = queries.department_assessments(cycle)
    decisions = [(f, Grade.EXCELLENT if i < 3 else Grade.COMPETENT) for i, f in enumerate(forms)]
    with pytest.raises(AssessmentError, match=f"不能再定“{forms[2].employee.name}”"):
        grading.decide_grades(cycle, decisions, actor=unit.hr)
    assert all(f.grade is None for f in forms)
    decisions[2] = (forms[2], Grade.COMPETENT)
    assert grading.decide_grades(cycle, decisions, actor=unit.hr) == 10
    assert figures.quota_summary(cycle).excellent == 2


def test_a_raised_rate_needs_its_approval_and_a_failed_unit_is_capped():
    unit = build_unit(children_staff=7, circulation_staff=0, office_staff=0)  # 8 people: 20% → 1, 25% → 2
    cycle = open_2025(unit)
    with pytest.raises(AssessmentError, match="批准依据"):
        operations.update_settings(cycle, {"rate_raised": True}, actor=unit.hr)
    operations.update_settings(cycle, {"rate_raised": True, "raised_reason": "市人社局批复〔2025〕12号"}, actor=unit.hr)
    assert (cycle.rate, figures.quota_summary(cycle).quota) == (25, 2)
    to_decision(cycle, unit.hr)
    forms = queries.department_assessments(cycle)
    grading.decide_grades(cycle, [(forms[0], Grade.EXCELLENT), (forms[1], Grade.EXCELLENT)], actor=unit.hr)
    db.session.commit()
    with pytest.raises(AssessmentError, match="优秀名额 1 人"):
        operations.update_settings(cycle, {"unit_failed": True}, actor=unit.hr, reason="单位考核不合格")
    db.session.rollback()  # as the request or command would
    cycle = queries.get_cycle(2025)
    assert not cycle.unit_failed and cycle.rate == 25
    grading.decide_grade(queries.department_assessments(cycle)[1], Grade.COMPETENT, actor=unit.hr)
    operations.update_settings(cycle, {"unit_failed": True}, actor=unit.hr, reason="单位考核不合格")
    assert (cycle.rate, figures.quota_summary(cycle).quota) == (15, 1)
    log = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.settings")).all()[-1]
    assert log.details == {"before": {"unit_failed": False}, "after": {"unit_failed": True}}


def test_settings_are_checked():
    unit = build_unit()
    cycle = open_2025(unit)
    for changes, message in (({"excellent_rate": 120}, "0–100"), ({"rounding": "banker"}, "取整方式"),
                             ({"appeal_days": 0}, "申诉期"), ({"cycle_date": date(2025, 6, 30)}, "未知的考核设置")):
        with pytest.raises(AssessmentError, match=message):
            operations.update_settings(cycle, changes, actor=unit.hr)
    with pytest.raises(AssessmentAccessError):
        operations.update_settings(cycle, {"excellent_rate": 10}, actor=unit.head)


def test_a_department_quota_is_enforced_when_the_cycle_asks_for_it():
    unit = build_unit(children_staff=4, circulation_staff=5, office_staff=0)  # 少儿部 5, 成人部 5: quota 2, 1 each
    cycle = open_2025(unit)
    operations.update_settings(cycle, {"enforce_department_quota": True}, actor=unit.hr)
    to_decision(cycle, unit.hr)
    shares = {q.department.name: (q.base, q.allocated) for q in figures.department_quotas(cycle)}
    assert shares == {"少儿部": (5, 1), "成人部": (5, 1)}
    children = [f for f in queries.department_assessments(cycle) if f.department_id == unit.children.id]
    grading.decide_grade(children[0], Grade.EXCELLENT, actor=unit.hr)
    with pytest.raises(AssessmentError, match="少儿部优秀名额 1 人"):
        grading.decide_grade(children[1], Grade.EXCELLENT, actor=unit.hr)
    adult = [f for f in queries.department_assessments(cycle) if f.department_id == unit.circulation.id]
    grading.decide_grade(adult[0], Grade.EXCELLENT, actor=unit.hr)


def test_without_department_enforcement_only_the_unit_quota_binds():
    unit = build_unit(children_staff=4, circulation_staff=5, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    children = [f for f in queries.department_assessments(cycle) if f.department_id == unit.children.id]
    grading.decide_grades(cycle, [(children[0], Grade.EXCELLENT), (children[1], Grade.EXCELLENT)], actor=unit.hr)
    assert figures.quota_summary(cycle).remaining == 0


# ---------------------------------------------------------------- acknowledgement and appeal

def acknowledgement_world(grade_of_staff=Grade.BASIC):
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    to_decision(cycle, unit.hr)
    grade_all(cycle)
    form = form_of(cycle, unit.staff[1])
    grading.decide_grade(form, grade_of_staff, actor=unit.hr)
    notified = to_acknowledgement(cycle, unit.hr)
    return unit, cycle, form, unit.login_for(unit.staff[1]), notified


def test_the_employee_signs_once_agreeing_or_disagreeing_with_an_opinion():
    unit, cycle, form, me, notified = acknowledgement_world(Grade.COMPETENT)
    assert access.can_see_result(me, form)
    with pytest.raises(AssessmentAccessError):
        operations.acknowledge(form, Acknowledgement.AGREE, actor=unit.hr)
    with pytest.raises(AssessmentError, match="不同意时须填写意见"):
        operations.acknowledge(form, Acknowledgement.DISAGREE, actor=me, opinion=" ")
    operations.acknowledge(form, "disagree", actor=me, opinion="工作量没有算全", on=notified + timedelta(days=2))
    assert (form.acknowledgement, form.acknowledgement_opinion, form.acknowledged_on) == (
        "disagree", "工作量没有算全", notified + timedelta(days=2))
    with pytest.raises(AssessmentError, match="已于"):
        operations.acknowledge(form, Acknowledgement.AGREE, actor=me)


def test_results_are_hidden_from_the_employee_until_notified():
    unit = build_unit(children_staff=1, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    form = form_of(cycle, unit.staff[1])
    me = unit.login_for(unit.staff[1])
    assert access.can_view_assessment(me, form) and not access.can_see_result(me, form)
    assert access.can_see_result(unit.head, form) and access.can_see_result(unit.hr, form)
    stranger = unit.login_for(unit.hire(unit.children_staff))
    assert not access.can_view_assessment(stranger, form) and not access.can_view_assessment(unit.office_head, form)
    assert not access.can_see_result(unit.head, form_of(cycle, unit.staff[0]))  # the head's own, before notice


@pytest.mark.parametrize("grade", [Grade.EXCELLENT, Grade.COMPETENT])
def test_only_basic_and_incompetent_may_be_appealed(grade):
    unit, cycle, form, me, notified = acknowledgement_world(grade)
    with pytest.raises(AssessmentError, match="只有“基本合格”“不合格”等次可以申诉"):
        operations.appeal(form, "不服", actor=me, on=notified)


@pytest.mark.parametrize(("days_after", "allowed"), [(0, True), (30, True), (31, False)])
def test_appeals_within_the_window(days_after, allowed):
    unit, cycle, form, me, notified = acknowledgement_world(Grade.INCOMPETENT)
    on = notified + timedelta(days=days_after)
    if allowed:
        operations.appeal(form, "事实认定有误", actor=me, on=on)
        assert form.appealed_on == on and form.appeal_pending
    else:
        with pytest.raises(AssessmentError, match="申诉期已过"):
            operations.appeal(form, "事实认定有误", actor=me, on=on)


def test_the_appeal_window_is_configurable(app, monkeypatch):
    monkeypatch.setitem(app.config, "ASSESSMENT_APPEAL_DAYS", 10)
    unit, cycle, form, me, notified = acknowledgement_world(Grade.BASIC)
    assert cycle.appeal_deadline == notified + timedelta(days=10)
    with pytest.raises(AssessmentError, match="申诉期已过"):
        operations.appeal(form, "迟到的申诉", actor=me, on=notified + timedelta(days=11))


def test_an_appeal_needs_reasons_and_not_an_earlier_agreement():
    unit, cycle, form, me, notified = acknowledgement_world(Grade.BASIC)
    with pytest.raises(AssessmentError, match="申诉理由不能为空"):
        operations.appeal(form, "", actor=me, on=notified)
    with pytest.raises(AssessmentAccessError):
        operations.appeal(form, "代为申诉", actor=unit.head, on=notified)
    operations.acknowledge(form, Acknowledgement.AGREE, actor=me, on=notified)
    with pytest.raises(AssessmentError, match="已签署同意"):
        operations.appeal(form, "后悔了", actor=me, on=notified)


def test_hr_records_the_appeal_outcome():
    unit, cycle, form, me, notified = acknowledgement_world(Grade.INCOMPETENT)
    with pytest.raises(AssessmentError, match="没有待处理的申诉"):
        grading.record_appeal_outcome(form, AppealOutcome.REJECTED, actor=unit.hr, reason="维持")
    operations.appeal(form, "事实认定有误", actor=me, on=notified)
    with pytest.raises(AssessmentAccessError):
        grading.record_appeal_outcome(form, AppealOutcome.UPHELD, actor=unit.head, reason="成立",
                                       new_grade=Grade.COMPETENT)
    with pytest.raises(AssessmentError, match="另一个等次"):
        grading.record_appeal_outcome(form, AppealOutcome.UPHELD, actor=unit.hr, reason="成立")
    with pytest.raises(AssessmentError, match="理由"):
        grading.record_appeal_outcome(form, AppealOutcome.UPHELD, actor=unit.hr, reason="", new_grade="合格")
    grading.record_appeal_outcome(form, AppealOutcome.UPHELD, actor=unit.hr, reason="复核后事实不成立",
                                   new_grade="合格")
    assert (form.grade, form.appeal_original_grade, form.appeal_outcome) == ("competent", "incompetent", "upheld")
    assert not form.appeal_pending and form.appeal_decided_by_id == unit.hr.id
    log = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.appeal_outcome")).one()
    assert "不合格 → 合格" in log.summary and log.reason == "复核后事实不成立"


def test_an_upheld_appeal_to_excellent_still_respects_the_quota():
    unit, cycle, form, me, notified = acknowledgement_world(Grade.BASIC)  # 5 people: quota 1
    operations.appeal(form, "申诉", actor=me, on=notified)
    # the only 优秀 place is taken: an upheld appeal cannot make a second 优秀
    taken = form_of(cycle, unit.staff[2])
    taken.grade = Grade.EXCELLENT.value
    db.session.flush()
    with pytest.raises(AssessmentError, match="优秀名额 1 人"):
        grading.record_appeal_outcome(form, AppealOutcome.UPHELD, actor=unit.hr, reason="成立",
                                       new_grade=Grade.EXCELLENT)
    taken.grade = Grade.COMPETENT.value
    grading.record_appeal_outcome(form, AppealOutcome.UPHELD, actor=unit.hr, reason="成立", new_grade=Grade.EXCELLENT)
    assert figures.quota_summary(cycle).excellent == 1


# ---------------------------------------------------------------- archive

def archived_world():
    unit, cycle, form, me, notified = acknowledgement_world(Grade.BASIC)
    operations.acknowledge(form, Acknowledgement.AGREE, actor=me, on=notified)
    operations.archive(cycle, actor=unit.hr, on=notified + timedelta(days=1))
    return unit, cycle, form, me, notified


def test_archive_waits_for_appeals_and_their_window():
    unit, cycle, form, me, notified = acknowledgement_world(Grade.BASIC)
    with pytest.raises(AssessmentError, match="尚可申诉"):
        operations.archive(cycle, actor=unit.hr, on=notified + timedelta(days=5))
    operations.appeal(form, "申诉", actor=me, on=notified + timedelta(days=5))
    with pytest.raises(AssessmentError, match="还有 1 份申诉未处理"):
        operations.archive(cycle, actor=unit.hr, on=notified + timedelta(days=40))
    grading.record_appeal_outcome(form, AppealOutcome.REJECTED, actor=unit.hr, reason="维持原等次")
    operations.archive(cycle, actor=unit.hr, on=notified + timedelta(days=6))
    assert cycle.status == CycleStatus.ARCHIVED and cycle.archived_at is not None


def test_an_archived_form_is_locked_for_everybody():
    unit, cycle, form, me, notified = archived_world()
    other = form_of(cycle, unit.staff[2])
    refusals = [
        lambda: operations.save_self_summary(form, "改", actor=me),
        lambda: head_review.save_head_review(other, full_review(other), actor=unit.head),
        lambda: grading.decide_grade(other, Grade.EXCELLENT, actor=unit.hr),
        lambda: operations.acknowledge(other, Acknowledgement.AGREE, actor=unit.login_for(unit.staff[2])),
        lambda: grading.flag_special_case(other, SpecialCase.DEFERRED, actor=unit.hr, reason="调查"),
        lambda: operations.reopen(other, actor=unit.hr, reason="退回"),
        lambda: operations.update_settings(cycle, {"excellent_rate": 10}, actor=unit.hr),
    ]
    for refused in refusals:
        with pytest.raises(AssessmentError):
            refused()
    assert form.self_summary is None
    assert other.grade == Grade.COMPETENT


def test_hr_changes_an_archived_form_with_a_reason_into_the_audit_log():
    unit, cycle, form, me, notified = archived_world()
    with pytest.raises(AssessmentAccessError):
        grading.amend_archived(form, {"grade": Grade.COMPETENT}, actor=unit.head, reason="复核")
    with pytest.raises(AssessmentError, match="原因"):
        grading.amend_archived(form, {"grade": Grade.COMPETENT}, actor=unit.hr, reason="")
    with pytest.raises(AssessmentError, match="不能修改"):
        grading.amend_archived(form, {"employee_id": 1}, actor=unit.hr, reason="复核")
    grading.amend_archived(form, {"grade": "合格", "grade_note": "复核改定"}, actor=unit.hr,
                            reason="纪检复核结论（2026-03-01）")
    assert (form.grade, form.grade_note) == ("competent", "复核改定")
    log = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.amend")).one()
    assert log.reason == "纪检复核结论（2026-03-01）"
    assert log.details == {"before": {"grade": "basic", "grade_note": None},
                           "after": {"grade": "competent", "grade_note": "复核改定"}}
    others = [f for f in queries.department_assessments(cycle) if f.grade == Grade.COMPETENT and f is not form]
    grading.amend_archived(others[0], {"grade": Grade.EXCELLENT}, actor=unit.hr, reason="补报")
    with pytest.raises(AssessmentError, match="优秀名额 1 人"):
        grading.amend_archived(others[1], {"grade": Grade.EXCELLENT}, actor=unit.hr, reason="补报")


def test_amending_is_only_for_archived_cycles():
    unit = build_unit()
    cycle = open_2025(unit)
    form = queries.department_assessments(cycle)[0]
    with pytest.raises(AssessmentError, match="尚未归档"):
        grading.amend_archived(form, {"grade_note": "x"}, actor=unit.hr, reason="r")


# ---------------------------------------------------------------- figures and queries

def test_progress_and_grade_distribution():
    unit = build_unit(children_staff=4, circulation_staff=5, office_staff=0)
    cycle = open_2025(unit)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    staff = unit.staff
    operations.submit_self_summary(form_of(cycle, staff[1]), actor=unit.login_for(staff[1]), text="总结")
    operations.submit_self_summary(form_of(cycle, staff[2]), actor=unit.login_for(staff[2]), text="总结")
    grading.flag_special_case(form_of(cycle, staff[9]), SpecialCase.NOT_GRADED, actor=unit.hr, reason="病假")
    progress = figures.progress(cycle)
    assert (progress.participants, progress.draft, progress.self_submitted, progress.not_graded) == (10, 7, 2, 1)
    assert figures.progress(cycle, [unit.circulation.id]).participants == 5
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    to_decision_from_head_review(cycle, unit)
    forms = [f for f in queries.department_assessments(cycle) if f.gradeable]
    grading.decide_grades(cycle, [(forms[0], Grade.EXCELLENT), (forms[1], Grade.BASIC), (forms[5], Grade.COMPETENT)],
                           actor=unit.hr)
    rows, total = figures.grade_distribution(cycle)
    assert [(r.name, r.participants, r.labelled()["优秀"], r.labelled()["基本合格"], r.ungraded, r.special)
            for r in rows] == [("少儿部", 5, 1, 1, 3, 0), ("成人部", 5, 0, 0, 3, 1)]
    assert total.name == "全单位" and total.labelled() == {"优秀": 1, "合格": 1, "基本合格": 1, "不合格": 0}
    assert figures.progress(cycle).graded == 3


def test_lists_load_in_a_fixed_number_of_queries():
    def count_queries(year: int) -> int:
        statements = []

        def listen(*args):
            statements.append(args[2])

        cycle = queries.get_cycle(year)
        db.session.commit()  # expires every object and the session's department tree: each count starts cold
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            forms = queries.department_assessments(cycle)
            for form in forms:  # what a list page and a form PDF touch
                _ = (form.employee.name, form.department.name, form.post_version.name, form.post.position,
                     [i.text for i in head_review.duty_items(form)], form.cycle.year)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(statements)

    unit = build_unit(children_staff=3, circulation_staff=2, office_staff=0)
    open_2025(unit)
    for _ in range(12):
        unit.hire(unit.circulation_staff, concurrent=(unit.office_staff,))
    operations.open_cycle(2026, actor=unit.hr)
    db.session.commit()
    assert len(queries.get_cycle(2026).assessments) == 3 * len(queries.get_cycle(2025).assessments)
    assert count_queries(2026) == count_queries(2025)


def test_assessments_for_a_user_follow_their_reach():
    unit = build_unit(children_staff=2, circulation_staff=2, office_staff=0)
    cycle = open_2025(unit)
    assert len(queries.assessments_for(cycle, unit.hr)) == 5
    assert {f.department_id for f in queries.assessments_for(cycle, unit.head)} == {unit.children.id}
    assert len(queries.assessments_for(cycle, unit.head)) == 3  # their own form included
    assert {f.department_id for f in queries.assessments_for(cycle, unit.adult_head)} == {unit.circulation.id}
    me = unit.login_for(unit.staff[3])
    assert [f.employee_id for f in queries.assessments_for(cycle, me)] == [unit.staff[3].id]
    assert queries.assessments_for(cycle, user(Role.EMPLOYEE)) == []
    assert queries.own_assessment(cycle, me).employee_id == unit.staff[3].id
    assert queries.get_assessment(999999) is None


def test_the_department_list_rows_say_what_the_review_page_says():
    """department_rows reads columns for speed; what it says of each form — how much is missing,
    whether the review was started, which posts — is what review_gaps and the form say."""
    unit = build_unit(children_staff=5, circulation_staff=2, office_staff=1)
    both = unit.hire(unit.children_staff, name="兼两岗", concurrent=(unit.office_staff,))
    cycle = open_2025(unit)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    operations.advance(cycle, CycleStatus.HEAD_REVIEW, actor=unit.hr)
    forms = queries.department_assessments(cycle)
    for n, form in enumerate(forms):
        review = full_review(form)
        if n % 3 == 0:
            continue  # untouched
        if n % 3 == 1:  # a draft with every other duty item and a dimension left out
            review.duty_ratings = {k: v for i, (k, v) in enumerate(review.duty_ratings.items()) if i % 2}
            review.dimension_ratings.pop(Dimension.MORALITY.value)
            review.comments = ""
        head_review.save_head_review(form, review, actor=unit.hr)
    db.session.commit()

    steps = queries.department_steps(cycle, [d.id for d in (unit.children, unit.adult, unit.circulation, unit.office)])
    assert [step.id for step in steps] == [f.id for f in forms]  # table order, as department_assessments
    rows = {row.id: row for row in queries.department_rows(steps)}
    assert set(rows) == {f.id for f in forms}
    assert [row.id for row in queries.department_rows(steps[2:5])] == [step.id for step in steps[2:5]]
    for form in forms:
        gaps, row = head_review.review_gaps(form), rows[form.id]
        assert (row.gaps.count(), row.gaps.started) == (gaps.count(), gaps.started), form.employee.name
        assert row.post_name == form.post_version.full_name and row.name == form.employee.name
        assert row.concurrent == [p.post_version.full_name for p in form.assessed_posts if p.is_concurrent]
    assert rows[form_of(cycle, both).id].concurrent == ["办公室工作人员"]
    assert {row.gaps.count() for row in rows.values()} > {0}  # some complete, some not


def test_the_overview_lists_special_cases_from_their_partial_index():
    """special_cases() lists exactly the flagged forms, and its statement can be answered from the partial
    index of flagged forms (its condition is written out, so the planner matches it to the index's)."""
    unit = build_unit(children_staff=4, circulation_staff=0, office_staff=0)
    cycle = open_2025(unit)
    deferred = form_of(cycle, unit.staff[2])
    grading.flag_special_case(deferred, SpecialCase.DEFERRED, actor=unit.hr, reason="立案调查中")
    assert [(row.id, row.special_case, row.reason) for row in queries.special_cases(cycle)] == \
        [(deferred.id, "deferred", "立案调查中")]

    executed = []
    listen = lambda conn, cursor, statement, parameters, context, many: executed.append((statement, parameters))  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        queries.special_cases(cycle)
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    statement, parameters = next((sql, params) for sql, params in executed if "special_case" in sql)
    # The condition as the index states it, not a bound parameter the planner cannot match.
    assert "special_case != 'none'" in statement
    if db.engine.dialect.name == "sqlite":  # PostgreSQL reads a table this small whole, whatever its indexes
        plan = " ".join(str(row) for row in db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                                                    parameters))
        assert "ix_assessment_cycle_special" in plan, plan
