"""After the exam: 体检 and 考察 before appointment, 递补 (next in the ranking only, above the 合格分数线, with a
公示 of their own once the round's has begun), the confirmation that names vacancies short of hires when the
round goes to 公示, and the 拟聘用人员公示 dated the day it was published, with the 监督电话."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import AuditLog, CheckResult, CheckStep, Outcome, RecruitmentError, RoundStatus
from hrflow.posts.queries import find_post
from hrflow.printing.documents.recruitment import publicity_html
from hrflow.recruitment import operations as rs
from hrflow.recruitment import selection
from hrflow.recruitment.applicants import ApplicantData, add_applicant
from tests import test_recruitment_web as web

PROPERTY, DESK = "物业管理部/工作人员", "办公室/办证咨询"
TODAY = unit_today()
as_hr, open_round = web.as_hr, web.open_round  # for the page tests: HR signed in on the demo


@pytest.fixture
def hr(make_user):
    return make_user("hr")


def scored(hr, people, *, paths=(PROPERTY,), floor=None):
    """A round in 考试 on `paths`; each person (name, score[, path]) applies to their path (else the first) and
    is scored (written = interview = score)."""
    round_ = rs.open_round("选聘", date(2026, 6, 30), actor=hr, posts=[(find_post(p), None) for p in paths])
    round_.score_floor = floor
    apps = [add_applicant(round_, ApplicantData(name=name, gender="女", birth_date=date(1990, 1, 1), education="大专"),
                          find_post(path[0] if path else paths[0]), actor=hr) for name, _, *path in people]
    for status in (RoundStatus.ANNOUNCED, RoundStatus.REVIEWING, RoundStatus.EXAMINING):
        if status == RoundStatus.EXAMINING:
            for vacancy in round_.vacancies:
                if not rs.exam_check(vacancy).ok:
                    rs.decide_exam(vacancy, "proceed", "岗位急需", actor=hr)
        rs.advance_round(round_, status, actor=hr)
    for application, (_, score, *_path) in zip(apps, people, strict=True):
        rs.record_scores(application, actor=hr, written=score, interview=score)
    return round_, apps


def passed(application, hr, *steps):
    for step in steps or tuple(CheckStep):
        selection.record_check(application, step, CheckResult.PASSED, TODAY, "", actor=hr)


def in_publicity(round_, hr, start=TODAY - timedelta(days=30)):
    rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=start, unfilled_confirmed=True)


# ---------------------------------------------------------------- 体检 and 考察

def test_appointment_needs_both_checks_passed(seeded, hr):
    round_, (first, _) = scored(hr, [("甲", 90), ("乙", 80)])
    rs.propose_hires(round_.vacancies[0], actor=hr)
    in_publicity(round_, hr)
    with pytest.raises(RecruitmentError, match="体检、考察尚未登记为合格"):
        rs.appoint_application(first, actor=hr)
    passed(first, hr, CheckStep.MEDICAL)
    with pytest.raises(RecruitmentError, match="的考察尚未登记为合格"):
        rs.appoint_application(first, actor=hr)
    passed(first, hr, CheckStep.INSPECTION)
    assert rs.appoint_application(first, actor=hr).name == "甲"
    assert (first.medical_result, first.medical_on, first.inspection_result) == ("passed", TODAY, "passed")
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.object_id == first.id)).all()
    assert {"recruitment.medical", "recruitment.inspection", "recruitment.appoint"} <= set(actions)


def test_a_round_may_switch_the_steps_off_with_a_reason(seeded, hr):
    round_, (first, _) = scored(hr, [("甲", 90), ("乙", 80)])
    with pytest.raises(RecruitmentError, match="必须填写原因"):
        selection.change_settings(round_, medical_check=False, inspection_check=False, score_floor=None, reason=" ",
                                  actor=hr)
    with pytest.raises(RecruitmentError, match="0–100"):
        selection.change_settings(round_, medical_check=True, inspection_check=True, score_floor=120, reason="r",
                                  actor=hr)
    selection.change_settings(round_, medical_check=False, inspection_check=False, score_floor=None,
                              reason="内部竞聘，均为在职人员", actor=hr)
    with pytest.raises(RecruitmentError, match="不要求体检"):
        selection.record_check(first, CheckStep.MEDICAL, CheckResult.PASSED, TODAY, "", actor=hr)
    rs.propose_hires(round_.vacancies[0], actor=hr)
    in_publicity(round_, hr)
    assert rs.appoint_application(first, actor=hr).name == "甲"


def test_an_internal_round_starts_without_the_steps(seeded, hr):
    from hrflow.models import RoundKind

    internal = rs.open_round("竞聘", date(2026, 6, 30), actor=hr, posts=[(find_post(PROPERTY), None)],
                             kind=RoundKind.INTERNAL)
    public = rs.open_round("公开", date(2026, 6, 30), actor=hr, posts=[(find_post(DESK), None)])
    assert internal.required_steps == [] and public.required_steps == [CheckStep.MEDICAL, CheckStep.INSPECTION]


def test_a_check_result_is_refused_without_date_or_reason_and_only_for_a_proposed_hire(seeded, hr):
    round_, (first, second) = scored(hr, [("甲", 90), ("乙", 80)])
    with pytest.raises(RecruitmentError, match="不是拟聘用人员"):
        selection.record_check(first, CheckStep.MEDICAL, CheckResult.PASSED, TODAY, "", actor=hr)
    rs.propose_hires(round_.vacancies[0], actor=hr)
    with pytest.raises(RecruitmentError, match="体检不合格必须填写原因") as refused:
        selection.record_check(first, CheckStep.MEDICAL, CheckResult.FAILED, TODAY, "  ", actor=hr)
    assert refused.value.field == "reason"
    with pytest.raises(RecruitmentError, match="不能晚于今天"):
        selection.record_check(first, CheckStep.MEDICAL, CheckResult.PASSED, TODAY + timedelta(days=1), "", actor=hr)
    with pytest.raises(RecruitmentError, match="请填写考察日期"):
        selection.record_check(first, CheckStep.INSPECTION, CheckResult.PASSED, None, "", actor=hr)
    assert first.outcome == Outcome.PROPOSED and first.medical_result is None


# ---------------------------------------------------------------- 递补

def test_a_failed_check_frees_the_place_for_the_next_in_the_ranking(seeded, hr):
    round_, (first, second, third) = scored(hr, [("甲", 90), ("乙", 80), ("丙", 70)])
    rs.propose_hires(round_.vacancies[0], actor=hr)
    replacement = selection.record_check(first, CheckStep.MEDICAL, CheckResult.FAILED, TODAY, "血压不合格标准",
                                         actor=hr)
    assert replacement is second and second.outcome == Outcome.PROPOSED and not second.own_publicity
    assert first.outcome == Outcome.WITHDRAWN and first.outcome_reason == "体检不合格：血压不合格标准"
    assert third.outcome == Outcome.NONE
    replacement = selection.record_check(second, CheckStep.INSPECTION, CheckResult.DECLINED, TODAY, "已另就业",
                                         actor=hr)
    assert replacement is third


def test_replacement_takes_only_the_next_in_line_and_never_below_the_floor(seeded, hr):
    # 丙 (75) is next after 乙 but below the 合格分数线 of 78: nobody replaces 乙, 丁 (70) is never reached.
    round_, (first, second, third, fourth) = scored(hr, [("甲", 90), ("乙", 80), ("丙", 75), ("丁", 70)], floor=78)
    rs.propose_hires(round_.vacancies[0], actor=hr)
    assert rs.withdraw(first, "本人放弃", actor=hr) is second
    assert rs.withdraw(second, "考察不合格", actor=hr) is None
    assert (third.outcome, fourth.outcome) == (Outcome.NONE, Outcome.NONE)
    assert rs.propose_hires(round_.vacancies[0], actor=hr) == []  # nobody left above the floor either


def test_a_replacement_during_publicity_has_a_publicity_of_their_own(seeded, hr):
    round_, (first, second, _) = scored(hr, [("甲", 90), ("乙", 80), ("丙", 70)])
    rs.propose_hires(round_.vacancies[0], actor=hr)
    passed(first, hr)
    in_publicity(round_, hr, start=date(2026, 9, 1))
    replacement = selection.record_check(first, CheckStep.INSPECTION, CheckResult.FAILED, TODAY, "考察不合格",
                                         actor=hr)
    assert replacement is second and second.own_publicity and second.publicity_start is None
    passed(second, hr)
    with pytest.raises(RecruitmentError, match="须先发布本人的递补公示"):
        rs.appoint_application(second, actor=hr)
    start = date(2026, 9, 28)
    selection.start_own_publicity(second, start, actor=hr)
    assert second.publicity_end == rs.publicity_period(start, round_.publicity_days).last == date(2026, 10, 12)
    assert second.publicity_published_on == min(start, TODAY)
    with pytest.raises(RecruitmentError, match="已于 2026-09-28 发布"):
        selection.start_own_publicity(second, start, actor=hr)
    # The round's 公示 ended long before; the replacement's own one decides.
    with pytest.raises(RecruitmentError, match="公示期至 2026-10-12"):
        rs.appoint_application(second, actor=hr, on=date(2026, 10, 12))
    assert round_.publicity_over(date(2026, 10, 12)) and not second.publicity_over(date(2026, 10, 12))
    assert rs.appoint_application(second, actor=hr, on=date(2026, 10, 13)).name == "乙"


# ---------------------------------------------------------------- into 公示

def test_going_to_publicity_names_every_vacancy_short_of_hires_and_asks_to_confirm(seeded, hr):
    round_, (first, _, late) = scored(hr, [("甲", 90), ("乙", 80), ("丙", 70, DESK)], paths=(PROPERTY, DESK))
    property_, desk = round_.vacancies
    rs.propose_hires(property_, actor=hr)
    with pytest.raises(RecruitmentError, match=f"“{DESK}”（拟聘用 0 人，名额 1 个）") as refused:
        rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=TODAY)
    assert refused.value.field == "unfilled_confirmed" and PROPERTY not in str(refused.value)
    assert round_.status == RoundStatus.EXAMINING
    rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=TODAY, unfilled_confirmed=True)
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "recruitment.advance")
                               .order_by(AuditLog.id.desc())).first()
    assert DESK in entry.reason
    # The desk may still be filled; a hire proposed now has a 公示 of their own, the earlier ones do not.
    assert rs.unfilled_vacancies(round_) == [(desk, 0)]
    assert rs.propose_hires(desk, actor=hr) == [late]
    assert late.own_publicity and not first.own_publicity and rs.unfilled_vacancies(round_) == []
    passed(late, hr)
    with pytest.raises(RecruitmentError, match="须先发布本人的递补公示"):
        rs.appoint_application(late, actor=hr)


# ---------------------------------------------------------------- the printed 公示

def test_the_printed_notice_is_dated_when_published_with_the_supervision_phone(app, seeded, hr):
    round_, (first, second, _) = scored(hr, [("甲", 90), ("乙", 80), ("丙", 70)])
    rs.propose_hires(round_.vacancies[0], actor=hr)
    in_publicity(round_, hr, start=date(2026, 1, 5))
    assert round_.publicity_published_on == date(2026, 1, 5)
    rs.withdraw(first, "本人放弃", actor=hr)
    html = publicity_html(round_)
    assert "甲" not in html and "乙" not in html  # a replacement is printed once their 公示 is published
    assert "市图书馆　2026-01-05" in html and TODAY.isoformat() not in html
    assert "监督电话：________________" in html
    selection.start_own_publicity(second, date(2026, 2, 2), actor=hr)
    app.config["SUPERVISION_PHONE"] = "0571-87654321"
    try:
        html = publicity_html(round_)
    finally:
        app.config["SUPERVISION_PHONE"] = ""
    assert "监督电话：0571-87654321" in html
    assert "递补公示" in html and "乙" in html and "2026-02-02 至 2026-02-10" in html


# ---------------------------------------------------------------- the pages

def test_pages_record_a_check_keep_a_refused_one_and_confirm_unfilled_vacancies(as_hr, open_round):
    round_ = open_round(paths=(web.PROPERTY, web.DESK))
    for name in ("甲", "乙", "丙"):
        web.add(round_, name)
    web.move_to(as_hr, round_, RoundStatus.REVIEWING)
    for vacancy in round_.vacancies:  # three for one opening and none for the other: HR lets both go ahead
        rs.decide_exam(vacancy, "proceed", "岗位急需", actor=web.user("hr"))
    db.session.commit()
    web.move_to(as_hr, round_, RoundStatus.EXAMINING)
    for application, score in zip(round_.vacancies[0].applications, (90, 80, 70), strict=True):
        rs.record_scores(application, actor=web.user("hr"), written=score, interview=score)
    (hire,) = rs.propose_hires(round_.vacancies[0], actor=web.user("hr"))
    db.session.commit()
    url = f"/recruitment/applications/{hire.id}/checks/medical"
    refused = as_hr.post(url, data={"medical-result": "failed", "medical-on": TODAY.isoformat(), "medical-reason": ""})
    assert refused.status_code == 422 and "体检不合格必须填写原因" in web.invalid_feedback(refused)
    form = web.page_of(refused).xpath("//form[contains(@action, '/checks/medical')]")[0]
    assert form.xpath(".//input[@value='failed']/@checked") and hire.outcome == Outcome.PROPOSED
    assert as_hr.post(url, data={"medical-result": "passed", "medical-on": TODAY.isoformat()}).status_code == 302
    db.session.refresh(hire)
    assert hire.medical_result == "passed"
    page = web.text(as_hr.get(f"/recruitment/{round_.id}"))
    assert f"{web.DESK}：拟聘用 0 人，名额 1 个" in page
    unconfirmed = web.advance(as_hr, round_, RoundStatus.PUBLICITY, publicity_start=TODAY.isoformat())
    assert unconfirmed.status_code == 422 and any(web.DESK in e for e in web.invalid_feedback(unconfirmed))
    db.session.refresh(round_)
    assert round_.status == RoundStatus.EXAMINING
    confirmed = web.advance(as_hr, round_, RoundStatus.PUBLICITY, publicity_start=TODAY.isoformat(),
                            unfilled_confirmed="y")
    assert confirmed.status_code == 302
    publicity = web.page_of(as_hr.get(f"/recruitment/{round_.id}/publicity"))
    assert publicity.find_class("rc-unfilled") and "按排名拟聘用" in publicity.text_content()
