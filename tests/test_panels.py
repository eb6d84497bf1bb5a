"""Examiner panels end to end through the service and the pages: blind marking, 回避, a submitted sheet
locked, HR's correction with a reason, the score flowing into the ranking, 二次平均 across rooms, lots
with their seed, invitations, and what an examiner may reach."""

from datetime import date

import pytest
from sqlalchemy import select

from hrflow.extensions import db
from hrflow.models import AuditLog, OutgoingMail, RecruitmentError, Role, RoundStatus, User
from hrflow.posts.queries import find_post
from hrflow.recruitment import operations as rs
from hrflow.recruitment import panels
from hrflow.recruitment.applicants import ApplicantData, add_applicant

POST = "物业管理部/工作人员"
ELEMENTS = [panels.ElementData("综合分析", 0.6, 10), panels.ElementData("言语表达", 0.4, 20)]


@pytest.fixture
def hr(make_user):
    return make_user("hr")


def examining_round(hr, names):
    round_ = rs.open_round("面试", date(2026, 6, 30), actor=hr, posts=[(find_post(POST), 1)])
    apps = [add_applicant(round_, ApplicantData(name=n, gender="女", birth_date=date(1990, 1, 1), education="大专"),
                          find_post(POST), actor=hr) for n in names]
    rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
    rs.advance_round(round_, RoundStatus.REVIEWING, actor=hr)
    vacancy = round_.vacancies[0]
    if not rs.exam_check(vacancy).ok:
        rs.decide_exam(vacancy, "proceed", "经研究同意开考", actor=hr)
    vacancy.written_weight = 0  # interview only: the composite is the interview score
    rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    panels.set_elements(vacancy, ELEMENTS, actor=hr)
    db.session.commit()
    return round_, vacancy, apps


def panel_with(vacancy, hr, room, names, *, chief=None):
    panel = panels.create_panel(vacancy, room, actor=hr)
    members = [panels.add_member(panel, username=f"{room}-{n}", name=n, email=None, duty="examiner", actor=hr)
               for n in names]
    if chief:
        members.insert(0, panels.add_member(panel, username=f"{room}-{chief}", name=chief, email=None,
                                            duty="chief", actor=hr))
    return panel, members


def test_examiner_scores_flow_into_the_interview_score_and_ranking(seeded, hr):
    round_, vacancy, (a, b) = examining_round(hr, ["甲", "乙"])
    panel, (m1, m2, m3) = panel_with(vacancy, hr, "第一考场", ["张", "王", "李"])
    draw = panels.draw_lots(vacancy, actor=hr, seed="abc")
    assert draw.seed == "abc" and sorted(draw.result["第一考场"]) == sorted([a.id, b.id])
    for member, marks in ((m1, (8, 16)), (m2, (9, 12)), (m3, (10, 18))):  # 80, 78, 96
        panels.submit_marks(member, a, {e.id: v for e, v in zip(panels.elements_of(vacancy), marks, strict=True)},
                            actor=member.user)
        assert a.interview_score is None or member is m3
    # 78 and 96 left out: 80
    assert a.interview_score == 80.0 and a.composite == 80.0 and a.rank == 1
    # 乙: one 回避, two marks: nothing left out
    panels.recuse(m1, b, reason="同学", actor=m1.user)
    e1, e2 = panels.elements_of(vacancy)
    panels.submit_marks(m2, b, {e1.id: 7, e2.id: 14}, actor=m2.user)  # 70
    assert b.interview_score is None  # 李 is still missing
    panels.submit_marks(m3, b, {e1.id: 9, e2.id: 20}, actor=m3.user)  # 94
    assert b.interview_score == 82.0 and b.rank == 1 and a.rank == 2
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"recruitment.panel_marks", "recruitment.panel_recusal", "recruitment.panel_score",
            "recruitment.score", "recruitment.panel_lot"} <= actions


def test_examiner_submitted_sheet_is_locked_and_hr_overrides_with_a_reason(seeded, hr):
    round_, vacancy, (a,) = examining_round(hr, ["甲"])
    panel, (m1,) = panel_with(vacancy, hr, "第一考场", ["张"])
    panels.draw_lots(vacancy, actor=hr)
    e1, e2 = panels.elements_of(vacancy)
    with pytest.raises(RecruitmentError, match="应在 0–10") as refused:
        panels.submit_marks(m1, a, {e1.id: 11, e2.id: 10}, actor=m1.user)
    assert refused.value.field == f"e{e1.id}"
    sheet = panels.submit_marks(m1, a, {e1.id: 8, e2.id: 10}, actor=m1.user)  # 48 + 20
    assert a.interview_score == 68.0
    with pytest.raises(RecruitmentError, match="已提交"):
        panels.submit_marks(m1, a, {e1.id: 10, e2.id: 20}, actor=m1.user)
    with pytest.raises(RecruitmentError, match="原因"):
        panels.override_marks(sheet, {e1.id: 8, e2.id: 20}, reason=" ", actor=hr)
    panels.override_marks(sheet, {e1.id: 8, e2.id: 20}, reason="计分员核对原始评分表，言语表达誊录有误", actor=hr)
    assert a.interview_score == 88.0 and sheet.override_reason.startswith("计分员")
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.panel_override"))
    assert entry.details["before"] == {str(e1.id): 8.0, str(e2.id): 10.0} and entry.reason.startswith("计分员")
    with pytest.raises(RecruitmentError, match="已有考官提交评分"):
        panels.set_elements(vacancy, ELEMENTS, actor=hr)
    with pytest.raises(RecruitmentError, match="已开始评分"):
        panels.draw_lots(vacancy, actor=hr)


def test_examiner_rooms_of_one_post_are_evened_out_by_second_average(seeded, hr):
    round_, vacancy, apps = examining_round(hr, ["甲", "乙", "丙", "丁"])
    first, (x,) = panel_with(vacancy, hr, "第一考场", ["张"])
    second, (y,) = panel_with(vacancy, hr, "第二考场", ["王"])
    panels.draw_lots(vacancy, actor=hr, seed="rooms")
    e1, e2 = panels.elements_of(vacancy)
    marks = iter([(9, 15), (7, 15), (6, 15), (7, 10)])  # 84, 72, 66, 62
    seated = [(first, x, seat.application) for seat in first.seats] + [(second, y, seat.application) for seat in second.seats]
    for _panel, member, application in seated[:-1]:
        m = next(marks)
        panels.submit_marks(member, application, {e1.id: m[0], e2.id: m[1]}, actor=member.user)
    assert all(a.interview_score is None for a in apps)  # a room is incomplete: nobody's score yet
    _panel, member, application = seated[-1]
    panels.submit_marks(member, application, {e1.id: 7, e2.id: 10}, actor=member.user)
    # room 1: 84, 72 (mean 78); room 2: 66, 62 (mean 64); overall 71
    scores = {a.id: a.interview_score for _p, _m, a in seated}
    assert list(scores.values()) == [76.46, 65.54, 73.22, 68.78]


def test_examiner_page_is_blind_to_other_examiners_and_hr_sees_the_board(seeded, hr, client, login):
    round_, vacancy, (a,) = examining_round(hr, ["甲"])
    panel, (m1, m2) = panel_with(vacancy, hr, "第一考场", ["张", "王"])
    panels.draw_lots(vacancy, actor=hr)
    e1, e2 = panels.elements_of(vacancy)
    panels.submit_marks(m1, a, {e1.id: 7.25, e2.id: 13.75}, actor=m1.user)
    db.session.commit()
    login(m2.user)
    page = client.get(f"/recruitment/panels/{panel.id}/mark/{a.id}").get_data(as_text=True)
    assert "7.25" not in page and "13.75" not in page and "提交评分" in page
    assert "7.25" not in client.get(f"/recruitment/panels/{panel.id}/mark").get_data(as_text=True)
    assert client.get(f"/recruitment/panels/{panel.id}").status_code == 404  # the board: HR and the 计分员 only
    login(m1.user)
    own = client.get(f"/recruitment/panels/{panel.id}/mark/{a.id}").get_data(as_text=True)
    assert "7.25" in own and "不能再修改" in own
    login(hr)
    board = client.get(f"/recruitment/panels/{panel.id}").get_data(as_text=True)
    assert "已评" in board and "未评" in board and "修改" in board


def test_examiner_marks_through_the_page_and_a_refused_sheet_keeps_what_was_typed(seeded, hr, client, login):
    round_, vacancy, (a,) = examining_round(hr, ["甲"])
    panel, (m1,) = panel_with(vacancy, hr, "第一考场", ["张"])
    panels.draw_lots(vacancy, actor=hr)
    e1, e2 = panels.elements_of(vacancy)
    db.session.commit()
    login(m1.user)
    url = f"/recruitment/panels/{panel.id}/mark/{a.id}"
    refused = client.post(url, data={f"e{e1.id}": "8.5", f"e{e2.id}": "25"})
    assert refused.status_code == 422 and 'value="8.5"' in refused.get_data(as_text=True)
    done = client.post(url, data={f"e{e1.id}": "8.5", f"e{e2.id}": "17"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(a), a.id).interview_score == 85.0  # 51 + 34


def test_examiner_recusal_is_not_asked_and_the_sheet_says_so(seeded, hr):
    from hrflow.printing.documents.panels import panel_sheet_html, panel_summary_html

    round_, vacancy, (a,) = examining_round(hr, ["甲<乙>"])
    panel, (m1, m2, m3) = panel_with(vacancy, hr, "第一考场", ["张", "王", "李"])
    panels.draw_lots(vacancy, actor=hr, seed="s1")
    e1, e2 = panels.elements_of(vacancy)
    panels.recuse(m2, a, reason="亲属", actor=m2.user)
    with pytest.raises(RecruitmentError, match="回避"):
        panels.submit_marks(m2, a, {e1.id: 8, e2.id: 16}, actor=m2.user)
    panels.submit_marks(m1, a, {e1.id: 8, e2.id: 16}, actor=m1.user)
    panels.submit_marks(m3, a, {e1.id: 6, e2.id: 12}, actor=m3.user)
    assert a.interview_score == 70.0  # (80 + 60) ÷ 2: three examiners, one 回避, nothing dropped
    html = panel_sheet_html(panel)
    assert "王 对该考生回避（亲属），未评分。" in html and "甲&lt;乙&gt;" in html and "抽签种子 s1" in html
    assert "计分员" in html and "监督员" in html and "张（签字）" in html
    assert "70.00" in panel_summary_html(vacancy)


def test_examiner_invitation_sets_a_password_once_and_mails_when_there_is_an_address(seeded, hr, client):
    round_, vacancy, _apps = examining_round(hr, ["甲"])
    panel = panels.create_panel(vacancy, "第一考场", actor=hr)
    member = panels.add_member(panel, username="kaoguan", name="赵考官", email="zhao@example.org", duty="chief",
                               actor=hr)
    link = panels.invite(member, actor=hr)
    assert member.user.role == Role.EXAMINER
    mail = db.session.scalar(select(OutgoingMail).where(OutgoingMail.kind == "examiner_invitation"))
    assert mail.to_address == "zhao@example.org" and link.split("/")[-1] in mail.body_text
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    done = client.post(path, data={"new_password": "kaoguan-pass-1", "confirm": "kaoguan-pass-1"})
    assert done.status_code == 302
    assert client.get(path).status_code == 400  # spent
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.username == "kaoguan")).check_password("kaoguan-pass-1")
    with pytest.raises(RecruitmentError, match="已有主考官"):
        panels.add_member(panel, username="another", name="钱", email=None, duty="chief", actor=hr)


def test_examiner_reaches_only_their_open_panel(seeded, hr, client, login):
    round_, vacancy, (a,) = examining_round(hr, ["甲"])
    panel, (m1,) = panel_with(vacancy, hr, "第一考场", ["张"])
    other, (m2,) = panel_with(vacancy, hr, "第二考场", ["王"])
    panels.draw_lots(vacancy, actor=hr)
    db.session.commit()
    login(m1.user)
    assert client.get("/").headers["Location"].endswith("/recruitment/my-panels")
    assert "第一考场" in client.get("/recruitment/my-panels").get_data(as_text=True)
    assert client.get(f"/recruitment/panels/{panel.id}/mark").status_code == 200
    assert client.get(f"/recruitment/panels/{other.id}/mark").status_code == 404
    for staff_page in ("/home", "/my-post", "/recruitment/", "/assessment/", "/my-mail"):
        assert client.get(staff_page).status_code == 403, staff_page
    assert client.get("/password").status_code == 200
    panels.close_panel(panel, actor=hr)
    db.session.commit()
    assert client.get(f"/recruitment/panels/{panel.id}/mark").status_code == 404
