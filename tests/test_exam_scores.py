"""The examination steps: exact scores (half up, two places), per-vacancy exam settings, 合格分数线, the
interview shortlist, tie-break orders, 加分 with its cap, and the one-Save score grid."""

from datetime import date
from decimal import Decimal

import lxml.html
import pytest
from sqlalchemy import select

from hrflow.extensions import db
from hrflow.models import AuditLog, RecruitmentError, RoundStatus
from hrflow.posts.queries import find_post
from hrflow.printing.documents.recruitment import scores_html
from hrflow.recruitment import exam
from hrflow.recruitment import operations as rs
from hrflow.recruitment.applicants import ApplicantData, add_applicant
from hrflow.recruitment.scores import Ranked, composite_score, panel_score, rank, shortlist

CUTOFF = date(2026, 6, 30)
POST = "物业管理部/工作人员"
DEFAULTS = dict(exam_ratio=3, written_weight=0.5, written_full=100, interview_full=100, written_pass=None, interview_pass=None,
                shortlist_ratio=None, tie_break="interview,written", drop_extremes=False)


# ---------------------------------------------------------------- the arithmetic


def test_half_up_to_two_places_where_floats_round_down():
    assert round(84.25 * 0.5 + 85 * 0.5, 2) == 84.62  # what float arithmetic prints
    assert composite_score(84.25, 85, 0.5) == Decimal("84.63")
    assert panel_score([84.5, 84.75], False) == Decimal("84.63")
    assert composite_score(80.1, 70.2, 0.3) == Decimal("73.17")  # 24.03 + 49.14, no binary residue


@pytest.mark.parametrize(("written", "interview", "weight", "fulls", "bonus", "composite"), [
    (120, 80, 0.5, (150, 100), 0, "80.00"),  # 120 of 150 is 80 on the 100 scale
    (240, 135, 0.6, (300, 150), 0, "84.00"),
    (80, 90, 0.5, (100, 100), 5, "90.00"),  # 加分 on top
    (80, None, 1, (100, 100), 2.5, "82.50"),  # written only
    (None, 70, 0, (100, 100), 0, "70.00"),  # interview only
    (80, None, 0.5, (100, 100), 0, None),
])
def test_composite_on_a_hundred_scale(written, interview, weight, fulls, bonus, composite):
    result = composite_score(written, interview, weight, written_full=fulls[0], interview_full=fulls[1], bonus=bonus)
    assert result == (None if composite is None else Decimal(composite))


def test_shortlist_takes_ties_at_the_boundary_and_never_below_the_pass_mark():
    scores = {1: Decimal(90), 2: Decimal(85), 3: Decimal(80), 4: Decimal(80), 5: Decimal(70), 6: None}
    assert shortlist(scores, 1, 3) == {1, 2, 3, 4}  # 3rd place shared: both go
    assert shortlist(scores, 1, 3, pass_mark=Decimal(82)) == {1, 2}
    assert shortlist(scores, 1, None) is None


def test_tie_break_order_is_the_vacancy_s():
    entries = [Ranked(1, 85, 90, 80), Ranked(2, 85, 80, 90), Ranked(3, 85, 80, 90, bonus=2)]
    assert rank(entries, ("interview", "written")) == [(1, 1), (2, 2), (3, 2)]
    assert rank(entries, ("written", "interview")) == [(2, 1), (3, 1), (1, 3)]
    assert rank(entries, ("bonus", "interview", "written")) == [(3, 1), (1, 2), (2, 3)]
    assert rank(entries, ()) == [(1, 1), (2, 1), (3, 1)]  # HR decides
    assert rank([Ranked(1, 90, 90, 90, qualified=False), Ranked(2, 80, 80, 80)]) == [(2, 1), (1, None)]


# ---------------------------------------------------------------- operations


@pytest.fixture
def hr(make_user):
    return make_user("hr")


def make_round(hr, names, *, openings=1, **settings):
    round_ = rs.open_round("r", CUTOFF, actor=hr, posts=[(find_post(POST), openings)])
    vacancy = round_.vacancies[0]
    if settings:
        exam.change_exam_settings(vacancy, exam.SettingsChange(**{**DEFAULTS, **settings}), reason="按招聘方案", actor=hr)
    apps = [add_applicant(round_, ApplicantData(name=n, gender="女", birth_date=date(1990, 1, 1), education="大专"),
                          find_post(POST), actor=hr) for n in names]
    rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
    rs.advance_round(round_, RoundStatus.REVIEWING, actor=hr)
    return round_, vacancy, apps


def examining(round_, hr):
    for vacancy in round_.vacancies:
        if not rs.exam_check(vacancy).ok:
            rs.decide_exam(vacancy, "proceed", "经研究同意开考", actor=hr)
    rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    db.session.commit()  # a refused grid rolls back to here, as the request's one commit point does


def test_settings_change_needs_a_reason_is_audited_and_locks_once_scored(seeded, hr):
    round_, vacancy, (a, b, c) = make_round(hr, ["甲", "乙", "丙"])
    change = exam.SettingsChange(**{**DEFAULTS, "written_full": 150, "written_weight": 0.4})
    with pytest.raises(RecruitmentError, match="原因") as refused:
        exam.change_exam_settings(vacancy, change, reason=" ", actor=hr)
    assert refused.value.field == "reason"
    with pytest.raises(RecruitmentError, match="满分应为 100、150、300") as refused:
        exam.change_exam_settings(vacancy, exam.SettingsChange(**{**DEFAULTS, "written_full": 120}), reason="x", actor=hr)
    assert refused.value.field == "written_full"
    exam.change_exam_settings(vacancy, change, reason="公告规定笔试 150 分制", actor=hr)
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.exam_settings"))
    assert entry.reason == "公告规定笔试 150 分制" and "笔试 150 分制 × 0.4" in entry.details["after"]
    examining(round_, hr)
    rs.record_scores(a, actor=hr, written=120, interview=90)
    assert a.composite == 86.0  # 80 × 0.4 + 90 × 0.6
    with pytest.raises(RecruitmentError, match="已录入成绩"):
        exam.change_exam_settings(vacancy, change, reason="再改", actor=hr)


def test_the_grid_saves_all_rows_or_none(seeded, hr):
    round_, vacancy, (a, b, c) = make_round(hr, ["甲", "乙", "丙"])
    examining(round_, hr)
    entries = {a.id: exam.ScoreEntry(84.25, 85), b.id: exam.ScoreEntry(120, 80), c.id: exam.ScoreEntry(70.125, 60)}
    with pytest.raises(exam.ScoreGridError) as refused:
        exam.record_score_grid(round_, entries, actor=hr)
    assert [(p.application_id, p.part) for p in refused.value.problems] == [(b.id, "written"), (c.id, "written")]
    assert "应在 0–100 之间" in refused.value.problems[0].message and "最多两位小数" in refused.value.problems[1].message
    db.session.rollback()
    assert a.written_score is None  # the good row was not saved either
    entries[b.id], entries[c.id] = exam.ScoreEntry(90, 80), exam.ScoreEntry(70, 60)
    assert exam.record_score_grid(round_, entries, actor=hr) == 3
    assert a.composite == 84.63 and [x.rank for x in (a, b, c)] == [2, 1, 3]


def test_pass_marks_and_the_interview_shortlist(seeded, hr):
    names = ["甲", "乙", "丙", "丁", "戊"]
    round_, vacancy, apps = make_round(hr, names, written_pass=60, shortlist_ratio=3)
    examining(round_, hr)
    written = dict(zip(names, (90, 85, 80, 80, 55), strict=True))
    exam.record_score_grid(round_, {a.id: exam.ScoreEntry(written[a.applicant.name]) for a in apps}, actor=hr)
    db.session.commit()
    wu = apps[4]
    with pytest.raises(exam.ScoreGridError, match="未进入面试"):  # 55 < 60: never shortlisted
        exam.record_score_grid(round_, {wu.id: exam.ScoreEntry(55, 80)}, actor=hr)
    db.session.rollback()
    # 1:3 of one opening is three, and 丙 and 丁 tie for third: four go to interview.
    exam.record_score_grid(round_, {a.id: exam.ScoreEntry(written[a.applicant.name], 80) for a in apps[:4]}, actor=hr)
    assert exam.standings(vacancy)[wu.id] == "笔试未达合格分数线" and wu.rank is None
    assert [a.rank for a in apps[:4]] == [1, 2, 3, 3]


def test_bonus_counts_has_proof_and_never_passes_the_cap(seeded, hr):
    round_, vacancy, (a, b, c) = make_round(hr, ["甲", "乙", "丙"])
    soldier = exam.add_bonus_type(round_, name="退役大学生士兵", points=5, proof_required=True, actor=hr)
    merit = exam.add_bonus_type(round_, name="立功", points=2, proof_required=False, actor=hr)
    with pytest.raises(RecruitmentError, match="证明材料") as refused:
        exam.grant_bonus(a, soldier, proof="", actor=hr)
    assert refused.value.field == "proof"
    exam.grant_bonus(a, soldier, proof="退役证 2024-031", actor=hr)
    with pytest.raises(RecruitmentError, match="超过每人加分上限 5 分") as refused:
        exam.grant_bonus(a, merit, proof="", actor=hr)
    assert refused.value.field == "bonus_type" and a.bonus == 5
    examining(round_, hr)
    exam.record_score_grid(round_, {a.id: exam.ScoreEntry(80, 80), b.id: exam.ScoreEntry(84, 84)}, actor=hr)
    assert (a.composite, a.rank, b.rank) == (85.0, 1, 2)
    html = scores_html(round_)
    assert "<th>加分</th>" in html and ">5<" in html and "85.00" in html


# ---------------------------------------------------------------- pages


def _page(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.get_data(as_text=True))


def test_one_save_grid_keeps_every_typed_value_and_names_the_bad_cells(seeded, hr, client, login):
    round_, vacancy, (a, b, c) = make_round(hr, ["甲", "乙", "丙"])
    examining(round_, hr)
    db.session.commit()
    login(hr)
    grid = _page(client.get(f"/recruitment/{round_.id}/scores"))
    inputs = [i.get("name") for i in grid.xpath("//table//input[@form='score-grid']")]
    assert inputs[:4] == ["rows-0-application_id", "rows-0-written", "rows-0-interview", "rows-0-panel_marks"]
    assert len(grid.xpath("//form[@id='score-grid']")) == 1 and len(grid.xpath("//*[@type='submit'][@form='score-grid']")) == 1
    data = {}
    for index, (application, written, interview) in enumerate([(a, "84.25", "85"), (b, "120", "80"), (c, "abc", "60")]):
        data |= {f"rows-{index}-application_id": application.id, f"rows-{index}-written": written,
                 f"rows-{index}-interview": interview}
    refused = client.post(f"/recruitment/{round_.id}/scores", data=data)
    assert refused.status_code == 422
    page = _page(refused)
    assert [page.get_element_by_id(f"a{x.id}").xpath(".//input[contains(@name, 'written')]")[0].get("value")
            for x in (a, b, c)] == ["84.25", "120", "abc"]
    bad = [i.get("name") for i in page.xpath("//input[contains(@class, 'is-invalid')]")]
    assert bad == ["rows-2-written"]  # the form refuses text first; nothing reaches the operation
    problems = page.get_element_by_id("score-problems").text_content()
    assert "丙" in problems and f"报名号 {c.id}" in problems
    data["rows-2-written"] = "70"
    refused = client.post(f"/recruitment/{round_.id}/scores", data=data)
    page = _page(refused)
    assert refused.status_code == 422 and "乙（报名号" in page.get_element_by_id("score-problems").text_content()
    assert [i.get("name") for i in page.xpath("//input[contains(@class, 'is-invalid')]")] == ["rows-1-written"]
    db.session.expire_all()
    assert db.session.get(type(a), a.id).written_score is None
    data["rows-1-written"] = "90"
    assert client.post(f"/recruitment/{round_.id}/scores", data=data).status_code == 302
    shown = client.get(f"/recruitment/{round_.id}/ranking").get_data(as_text=True)
    assert "84.63" in shown and "84.62" not in shown
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.score")).details["changes"]


def test_vacancy_settings_page_refuses_by_field_and_keeps_input(seeded, hr, client, login):
    round_, vacancy, _ = make_round(hr, ["甲"])
    db.session.commit()
    login(hr)
    assert "修改考试设置" in client.get(f"/recruitment/vacancies/{vacancy.id}").get_data(as_text=True)
    form = {"exam_ratio": "3", "written_weight": "0.4", "written_full": "150", "interview_full": "100", "written_pass": "200",
            "tie_break": "written,interview", "reason": "按公告"}
    refused = client.post(f"/recruitment/vacancies/{vacancy.id}/exam-settings", data=form)
    page = _page(refused)
    assert refused.status_code == 422 and page.xpath("//input[@name='written_pass']")[0].get("value") == "200"
    assert "0–150" in page.xpath("//input[@name='written_pass']/following-sibling::div[@class='invalid-feedback']")[0].text_content()
    form["written_pass"] = "90"
    assert client.post(f"/recruitment/vacancies/{vacancy.id}/exam-settings", data=form).status_code == 302
    db.session.expire_all()
    saved = db.session.get(type(vacancy), vacancy.id)
    assert (saved.written_full, saved.written_weight, saved.written_pass, saved.tie_break) == (150, 0.4, 90, "written,interview")


# ---------------------------------------------------------------- 开考比例 per post


def test_each_vacancy_has_its_own_exam_ratio_defaulting_to_the_round_s(seeded, hr, app, client, login, monkeypatch):
    monkeypatch.setitem(app.config, "EXAM_RATIO", 2)
    round_, vacancy, (a,) = make_round(hr, ["甲"])
    assert (round_.exam_ratio, vacancy.exam_ratio) == (2, 2)  # the round's value is the new vacancy's default
    assert not rs.exam_check(vacancy).ok  # 1 qualified for 1 opening: short of 1:2
    with pytest.raises(RecruitmentError, match="开考比例应为") as refused:
        exam.change_exam_settings(vacancy, exam.SettingsChange(**{**DEFAULTS, "exam_ratio": 0}), reason="x", actor=hr)
    assert refused.value.field == "exam_ratio"
    exam.change_exam_settings(vacancy, exam.SettingsChange(**{**DEFAULTS, "exam_ratio": 1}),
                              reason="紧缺岗位，招聘方案定为 1:1", actor=hr)
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.exam_settings"))
    assert "开考比例 1:2" in entry.details["before"] and "开考比例 1:1" in entry.details["after"]
    assert rs.exam_check(vacancy).ratio == 1 and rs.exam_check(vacancy).ok and round_.exam_ratio == 2
    (line,) = rs_lines(round_)
    assert (line.exam.ratio, line.exam.ok, line.need) == (1, True, 1)
    rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)  # no decision needed at 1:1
    with pytest.raises(RecruitmentError, match="不能再修改开考比例") as refused:
        exam.change_exam_settings(vacancy, exam.SettingsChange(**{**DEFAULTS, "exam_ratio": 3}), reason="x", actor=hr)
    assert refused.value.field == "exam_ratio"
    db.session.commit()
    login(hr)
    page = client.get(f"/recruitment/{round_.id}").get_data(as_text=True)
    assert "达到 1:1" in page and "默认 1:2" in page
    settings_page = _page(client.get(f"/recruitment/vacancies/{vacancy.id}/exam-settings"))
    assert settings_page.xpath("//input[@name='exam_ratio']")[0].get("value") == "1"


def rs_lines(round_):
    from hrflow.recruitment.queries import vacancy_lines
    return vacancy_lines(round_, round_.vacancies)


def test_a_short_vacancy_is_judged_by_its_own_ratio(seeded, hr):
    round_, vacancy, _ = make_round(hr, ["甲", "乙"])
    exam.change_exam_settings(vacancy, exam.SettingsChange(**{**DEFAULTS, "exam_ratio": 5}), reason="报名踊跃", actor=hr)
    with pytest.raises(RecruitmentError, match="未达到开考比例"):
        rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    with pytest.raises(RecruitmentError, match="不足以按 1:5"):
        rs.decide_exam(vacancy, "reduce", "人数不足", actor=hr)


# ---------------------------------------------------------------- one answer for 拟聘用 and 递补


def test_below_a_part_pass_mark_is_never_proposed_though_above_the_round_floor(seeded, hr):
    from hrflow.recruitment import selection

    names = ["甲", "乙", "丙", "丁"]
    round_, vacancy, (jia, yi, bing, ding) = make_round(hr, names, written_pass=60)
    selection.change_settings(round_, medical_check=True, inspection_check=True, score_floor=50,
                              reason="招聘方案规定综合成绩合格线 50 分", actor=hr)
    examining(round_, hr)
    scores = {jia: (90, 90), yi: (55, 95), bing: (65, 70), ding: (62, 36)}
    exam.record_score_grid(round_, {a.id: exam.ScoreEntry(*s) for a, s in scores.items()}, actor=hr)
    # 乙: composite 75 is above the round's floor of 50, but the written 55 is below the post's 60.
    assert yi.composite == 75.0 and round_.reaches_floor(yi.composite)
    assert [exam.may_be_proposed(a) for a in (jia, yi, bing, ding)] == [True, False, True, False]
    assert exam.standings(vacancy)[yi.id] == "笔试未达合格分数线"
    assert exam.standings(vacancy)[ding.id] == "综合成绩未达合格分数线 50"
    yi.rank = 1  # even a rank left over from before would not make them proposable
    assert not exam.may_be_proposed(yi)
    assert rs.propose_hires(vacancy, actor=hr) == [jia]
    assert rs.withdraw(jia, "放弃", actor=hr) is bing  # 递补 passes over 乙, who is not in the ranking
    assert rs.withdraw(bing, "体检不合格", actor=hr) is None  # 丁 is below the round's floor
    assert yi.outcome == "none" and ding.outcome == "none"
    assert rs.propose_hires(vacancy, actor=hr) == []  # and proposing again agrees with 递补


# ---------------------------------------------------------------- 加分 taken back, exported, read at once


def test_a_bonus_recorded_by_mistake_is_removed_with_a_reason(seeded, hr):
    round_, vacancy, (a, b) = make_round(hr, ["甲", "乙"])
    soldier = exam.add_bonus_type(round_, name="退役大学生士兵", points=5, proof_required=False, actor=hr)
    granted = exam.grant_bonus(a, soldier, proof="", actor=hr)
    examining(round_, hr)
    exam.record_score_grid(round_, {a.id: exam.ScoreEntry(80, 80), b.id: exam.ScoreEntry(82, 82)}, actor=hr)
    assert (a.composite, a.rank) == (85.0, 1)
    with pytest.raises(RecruitmentError, match="原因") as refused:
        exam.remove_bonus(granted, reason=" ", actor=hr)
    assert refused.value.field == "reason" and a.bonus == 5
    exam.remove_bonus(granted, reason="误登记：非退役士兵", actor=hr)
    assert (a.bonus, a.composite, a.rank, b.rank) == (0, 80.0, 2, 1)
    assert db.session.scalar(select(exam.ApplicationBonus.id).where(exam.ApplicationBonus.id == granted.id)) is None
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.bonus_remove"))
    assert entry.reason == "误登记：非退役士兵" and "退役大学生士兵 +5" in entry.summary
    again = exam.grant_bonus(b, soldier, proof="", actor=hr)
    rs.propose_hires(vacancy, actor=hr)
    with pytest.raises(RecruitmentError, match="拟聘用人员，加分不能再撤销"):
        exam.remove_bonus(again, reason="误登记", actor=hr)


def test_scores_export_has_the_bonus_column(seeded, hr, client, login):
    import io

    import openpyxl

    round_, vacancy, (a, b) = make_round(hr, ["甲", "乙"])
    soldier = exam.add_bonus_type(round_, name="退役大学生士兵", points=2.5, proof_required=False, actor=hr)
    exam.grant_bonus(a, soldier, proof="", actor=hr)
    db.session.commit()
    login(hr)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/recruitment/{round_.id}/scores.xlsx").data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][-1] == "加分"
    assert {row[1]: row[-1] for row in rows[1:]} == {"甲": 2.5, "乙": 0}


def test_rescoring_reads_the_bonuses_in_one_query_however_many_applications(seeded, hr):
    from sqlalchemy import event

    def statements_for(count: int) -> int:
        db.session.rollback()
        round_, vacancy, apps = make_round(hr, [f"人{i}" for i in range(count)])
        soldier = exam.add_bonus_type(round_, name=f"士兵{count}", points=1, proof_required=False, actor=hr)
        for application in apps:
            exam.grant_bonus(application, soldier, proof="", actor=hr)
        db.session.flush()
        db.session.expire_all()
        vacancy = db.session.get(type(vacancy), vacancy.id)
        assert len(vacancy.applications) == count  # loaded once, before counting
        seen = []

        def note(*_args):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", note)
        try:
            exam.rescore_vacancy(vacancy)
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
        assert all(a.composite is None for a in vacancy.applications)
        return len(seen)

    few, many = statements_for(2), statements_for(6)
    assert few == many


def test_bonus_page_takes_a_bonus_back_and_keeps_a_refused_reason_on_its_row(seeded, hr, client, login):
    round_, vacancy, (a, b) = make_round(hr, ["甲", "乙"])
    soldier = exam.add_bonus_type(round_, name="退役大学生士兵", points=5, proof_required=False, actor=hr)
    merit = exam.add_bonus_type(round_, name="见义勇为", points=3, proof_required=False, actor=hr)
    granted = exam.grant_bonus(a, soldier, proof="", actor=hr)
    other = exam.grant_bonus(b, merit, proof="", actor=hr)
    db.session.commit()
    login(hr)
    page = _page(client.get(f"/recruitment/{round_.id}/bonuses"))
    assert len(page.xpath("//form[contains(@class, 'bonus-remove')]")) == 2
    refused = client.post(f"/recruitment/bonuses/{other.id}/remove", data={"remove-reason": "x" * 501})
    page = _page(refused)
    assert refused.status_code == 422
    (bad,) = page.xpath("//input[contains(@class, 'is-invalid')]")
    assert bad.get("value") == "x" * 501  # what was typed, on the row it was typed in
    assert bad.xpath("ancestor::form")[0].get("action").endswith(f"/bonuses/{other.id}/remove")
    done = client.post(f"/recruitment/bonuses/{granted.id}/remove", data={"remove-reason": "误登记"})
    assert done.status_code == 302
    db.session.expire_all()
    assert [x.name for x in exam.bonus_types(round_)] == ["退役大学生士兵", "见义勇为"]
    assert db.session.get(type(a), a.id).bonus == 0 and db.session.get(type(b), b.id).bonus == 3
