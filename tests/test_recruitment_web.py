"""Recruitment pages through the test client: HR's journey from opening a round to appointing,
all-or-nothing imports, decisions and overrides that need reasons, seats that cannot be over-filled,
the applicants list, CSRF on every form, and what department heads may read."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import lxml.html
import openpyxl
import pytest
from sqlalchemy import func, select

from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import (
    Applicant,
    Application,
    AuditLog,
    CheckResult,
    CheckStep,
    Employee,
    Outcome,
    RecruitmentRound,
    RoundStatus,
    RuleDecision,
    User,
    Vacancy,
)
from hrflow.posts.queries import find_department, find_post
from hrflow.posts.seats import post_seats
from hrflow.recruitment import operations as rs
from hrflow.recruitment.applicants import ApplicantData, add_applicant
from hrflow.recruitment.idcard import check_digit
from hrflow.recruitment.selection import record_check
from tests.test_security import CSRF_INPUT, csrf_client, csrf_token_of

CUTOFF = date(2026, 6, 30)
HEADER = ["姓名", "性别", "出生日期", "学历", "学位", "专业", "学习形式", "职称", "证书", "工作年限", "应聘岗位"]
PROPERTY = "物业管理部/工作人员"
DESK = "办公室/办证咨询"
XSS = "<script>alert(1)</script>"


# ---------------------------------------------------------------- helpers

def user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def page_of(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.get_data(as_text=True))


def text(response) -> str:
    return re.sub(r"\s+", " ", page_of(response).text_content())


def invalid_feedback(response) -> list[str]:
    return [re.sub(r"\s+", " ", e.text_content()).strip() for e in page_of(response).find_class("invalid-feedback")]


def id_number(birth: str, gender_digit: int) -> str:
    first17 = f"110105{birth}12{gender_digit}"
    return first17 + check_digit(first17)


def sheet(rows: list[list[str]], header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def upload(client, url: str, data: bytes, filename: str):
    return client.post(url, data={"sheet": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def person(name: str, **fields) -> dict:
    """The applicant form's fields for one person (a 1995-born woman with a full-time 本科 unless told)."""
    values = {"vacancy": fields.pop("vacancy"), "name": name, "gender": "女", "birth_date": "1995-03-01",
              "education": "本科", "study_mode": "全日制", "bianzhi": ""}
    values.update(fields)
    return values


def vacancy_of(round_: RecruitmentRound, path: str) -> Vacancy:
    return next(v for v in round_.vacancies if v.post.path == path)


def application_of(name: str) -> Application:
    return db.session.scalar(select(Application).join(Applicant).where(Applicant.name == name))


@pytest.fixture
def as_hr(demo, login, client):
    login(user("hr"))
    return client


@pytest.fixture
def open_round(demo):
    """A round on the 物业管理部 seat, its rules corrected to real requirements, as HR would have done."""

    def make(name: str = "2026年公开招聘", paths=(PROPERTY,)) -> RecruitmentRound:
        hr = user("hr")
        round_ = rs.open_round(name, CUTOFF, actor=hr, posts=[(find_post(p), 1) for p in paths])
        from hrflow.rules import parse_requirements

        for vacancy in round_.vacancies:
            rs.correct_rules(vacancy, parse_requirements(["全日制本科及以上学历或同等学历", "35周岁以下"]),
                             reason="按招聘方案补充条件", actor=hr)
        db.session.commit()
        return round_

    return make


def add(round_: RecruitmentRound, name: str, path: str = PROPERTY, **fields) -> Application:
    data = ApplicantData(name=name, gender=fields.pop("gender", "女"), birth_date=fields.pop("birth", date(1995, 3, 1)),
                            education=fields.pop("education", "本科"), study_mode=fields.pop("study_mode", "全日制"),
                            **fields)
    application = add_applicant(round_, data, find_post(path), actor=user("hr"))
    db.session.commit()
    return application


def advance(client, round_: RecruitmentRound, to: RoundStatus, **extra):
    return client.post(f"/recruitment/{round_.id}/advance", data={"to": to.value, "confirm": "y", **extra})


def pass_checks(application: Application) -> None:
    """体检 and 考察 recorded 合格, as appointment asks."""
    for step in CheckStep:
        record_check(application, step, CheckResult.PASSED, unit_today(), "", actor=user("hr"))


def move_to(client, round_: RecruitmentRound, status: RoundStatus) -> None:
    flow = list(RoundStatus)
    while flow.index(RoundStatus(round_.status)) < flow.index(status):
        following = flow[flow.index(RoundStatus(round_.status)) + 1]
        extra = {"publicity_start": (unit_today() - timedelta(days=30)).isoformat()} \
            if following == RoundStatus.PUBLICITY else {}
        response = advance(client, round_, following, **extra)
        assert response.status_code == 302, text(response)
        db.session.refresh(round_)


# ---------------------------------------------------------------- HR's journey

def test_hr_runs_a_round_from_opening_to_appointment(as_hr, app):
    client = as_hr
    # Opening: only recruitable vacant posts are offered, never 此次不聘; openings ≤ vacant seats.
    form_page = client.get("/recruitment/new")
    assert form_page.status_code == 200
    offered = [re.sub(r"\s+", "", label.text_content()) for label in page_of(form_page).xpath("//tr[@class='candidate-row']//label")]
    assert offered == [DESK, PROPERTY]
    entries = {path: i for i, path in enumerate(offered)}
    choose = {"name": "2026年公开招聘", "kind": "public", "cutoff_date": "2026-06-30"}
    for path, i in entries.items():
        choose[f"vacancies-{i}-post_id"] = str(find_post(path).id)
    too_many = client.post("/recruitment/new", data={**choose, f"vacancies-{entries[PROPERTY]}-chosen": "y",
                                                     f"vacancies-{entries[PROPERTY]}-openings": "2"})
    assert too_many.status_code == 422 and "招聘人数应为 1–1" in invalid_feedback(too_many)
    assert count(RecruitmentRound) == 0
    opened = client.post("/recruitment/new", data={**choose, f"vacancies-{entries[PROPERTY]}-chosen": "y",
                                                   f"vacancies-{entries[PROPERTY]}-openings": "1"})
    assert opened.status_code == 302
    round_ = db.session.scalar(select(RecruitmentRound))
    assert opened.headers["Location"].endswith(f"/recruitment/{round_.id}")
    assert [(v.post.path, v.openings) for v in round_.vacancies] == [(PROPERTY, 1)]
    vacancy = round_.vacancies[0]

    # HR corrects the parsed rules: a preview first, then a save that needs a reason.
    rules_url = f"/recruitment/vacancies/{vacancy.id}/rules"
    sentences = "全日制本科及以上学历或同等学历\n35周岁以下"
    preview = client.post(rules_url, data={"sentences": sentences, "preview": "y"})
    assert preview.status_code == 200 and "尚未保存" in text(preview) and "不超过 35 周岁" in text(preview)
    db.session.refresh(vacancy)
    assert all(rule["kind"] == "soft" for rule in vacancy.rules)
    no_reason = client.post(rules_url, data={"sentences": sentences, "submit": "y"})
    assert no_reason.status_code == 422 and "修改资格条件必须填写原因" in invalid_feedback(no_reason)
    saved = client.post(rules_url, data={"sentences": sentences, "reason": "按招聘方案补充条件", "submit": "y"})
    assert saved.status_code == 302
    db.session.refresh(vacancy)
    assert [rule["kind"] for rule in vacancy.rules] == ["education", "age"]
    assert vacancy.rules_reason == "按招聘方案补充条件"

    # One applicant by form: a wrong ID number is refused next to its field, then accepted and masked.
    new_url = f"/recruitment/{round_.id}/applicants/new"
    good_id = id_number("19950301", 2)
    bad = client.post(new_url, data=person("陈喆", vacancy=vacancy.id, id_number=good_id[:-1] + "0"
                                           if good_id[-1] != "0" else good_id[:-1] + "1"))
    assert bad.status_code == 422 and any("校验位" in e for e in invalid_feedback(bad))
    assert count(Applicant) == 0
    elsewhere = client.post(new_url, data=person("陈喆", vacancy=vacancy.id + 10_000, id_number=good_id))
    assert elsewhere.status_code == 422 and "不是有效的选择。" in invalid_feedback(elsewhere)  # not this round's post
    assert count(Applicant) == 0
    added = client.post(new_url, data=person("陈喆", vacancy=vacancy.id, id_number=good_id, phone="13800000000"))
    assert added.status_code == 302
    chen = application_of("陈喆")
    assert chen.status == "eligible" and chen.applicant.id_number == good_id
    shown = client.get(added.headers["Location"]).get_data(as_text=True)
    assert good_id not in shown and chen.applicant.masked_id_number in shown
    assert "13800000000" not in shown and "138****0000" in shown  # phone numbers are masked on pages too

    # An import with one bad row writes nothing and names the row and the column, next to the field.
    import_url = f"/recruitment/{round_.id}/applicants/import"
    rows = [
        ["王堃", "男", "1992-05-01", "本科", "学士", "汉语言文学", "全日制", "", "", "3", PROPERTY],
        ["李玥", "女", "1990-13-01", "本科", "", "会计", "全日制", "", "", "5", PROPERTY],
    ]
    refused = upload(client, import_url, sheet(rows), "报名.csv")
    assert refused.status_code == 422
    error = " ".join(e for e in invalid_feedback(refused))
    assert "报名.csv" in error and "第 3 行" in error and "出生日期" in error and "未写入任何数据" in error
    assert count(Applicant) == 1
    rows[1][2] = "1990-12-01"
    rows += [["赵敏", "女", "1994-02-02", "本科", "", "法学", "自学考试", "", "", "1", PROPERTY],
             ["孙磊", "男", "1993-08-08", "本科", "", "计算机", "全日制", "", "", "2", PROPERTY]]
    imported = upload(client, import_url, sheet(rows), "报名.csv")
    assert imported.status_code == 302 and count(Applicant) == 5
    zhao = application_of("赵敏")
    assert zhao.status == "needs_review"  # 自学考试: 同等学历 needs HR's decision

    move_to(client, round_, RoundStatus.REVIEWING)
    # The review queue lists 赵敏's open item; leaving the exam needs every item decided.
    queue = client.get(f"/recruitment/{round_.id}/review")
    assert "赵敏" in text(queue) and "同等学历" in text(queue)
    blocked = advance(client, round_, RoundStatus.EXAMINING)
    assert blocked.status_code == 422 and "还有 1 份报名待审核" in text(blocked)

    # A decision needs a reason; with one it counts and the status is evaluated again.
    decide_url = f"/recruitment/applications/{zhao.id}/rules/0/decide"
    prefix = f"d{zhao.id}-0-"
    no_reason = client.post(decide_url, data={prefix + "status": "met", prefix + "reason": " ", prefix + "back": "queue"})
    assert no_reason.status_code == 422 and "请填写理由" in invalid_feedback(no_reason)
    assert count(RuleDecision) == 0
    decided = client.post(decide_url, data={prefix + "status": "met", prefix + "reason": "自考本科经认定为同等学历",
                                            prefix + "back": "queue"})
    assert decided.status_code == 302 and decided.headers["Location"].endswith(f"/recruitment/{round_.id}/review")
    db.session.refresh(zhao)
    assert zhao.status == "eligible"

    # Overriding an automatic verdict is refused without a reason, recorded with one.
    sun = application_of("孙磊")
    override_url = f"/recruitment/applications/{sun.id}/rules/1/decide"
    prefix = f"d{sun.id}-1-"
    refused = client.post(override_url, data={prefix + "status": "not_met", prefix + "reason": ""})
    assert refused.status_code == 422 and sun.status == "eligible"
    overridden = client.post(override_url, data={prefix + "status": "not_met", prefix + "reason": "户籍材料显示年龄超限"})
    assert overridden.status_code == 302
    db.session.refresh(sun)
    assert sun.status == "not_eligible"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.decide",
                                                     AuditLog.object_id == sun.id))
    assert entry.reason == "户籍材料显示年龄超限" and "改判" in entry.summary
    page = text(client.get(f"/recruitment/applications/{sun.id}"))
    assert "户籍材料显示年龄超限" in page and "自动：符合" in page

    # An illegal step is refused with a clear message; the legal one goes through.
    illegal = advance(client, round_, RoundStatus.PUBLICITY)
    assert illegal.status_code == 422 and "不能从“资格审查”直接进入“公示”" in text(illegal)
    move_to(client, round_, RoundStatus.EXAMINING)  # 陈喆, 王堃, 李玥, 赵敏: 4 qualified ≥ 3 × 1

    # Scores by form (checked) and by the Excel round trip.
    wrong = client.post(f"/recruitment/{round_.id}/scores", data={"rows-0-application_id": chen.id, "rows-0-written": "120"})
    assert wrong.status_code == 422 and any("应在 0–100 之间" in e for e in invalid_feedback(wrong))
    assert client.post(f"/recruitment/{round_.id}/scores", data={"rows-0-application_id": chen.id, "rows-0-written": "80",
                                                                "rows-0-interview": "90"}).status_code == 302
    db.session.refresh(chen)
    assert chen.composite == 85.0
    exported = client.get(f"/recruitment/{round_.id}/scores.xlsx")
    assert exported.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(exported.data))
    scores = {"陈喆": (80, 90), "王堃": (88, 86), "李玥": (70, 75), "赵敏": (90, 60)}
    for row in workbook.active.iter_rows(min_row=2):
        row[3].value, row[4].value = scores[row[1].value]
    for row in workbook.active.iter_rows(min_row=3, max_row=3):
        row[4].value = 101
    buffer = io.BytesIO()
    workbook.save(buffer)
    refused = upload(client, f"/recruitment/{round_.id}/scores/import", buffer.getvalue(), "成绩.xlsx")
    assert refused.status_code == 422
    assert any("第 3 行" in e and "面试成绩" in e for e in invalid_feedback(refused))
    db.session.refresh(chen)
    assert application_of("王堃").written_score is None  # nothing of that file was kept
    for row in workbook.active.iter_rows(min_row=3, max_row=3):
        row[4].value = scores[row[1].value][1]
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(client, f"/recruitment/{round_.id}/scores/import", buffer.getvalue(), "成绩.xlsx").status_code == 302

    # Ranking (composite, then interview): 王堃 87, 陈喆 85, 赵敏 75, 李玥 72.5; propose; withdraw → 递补.
    ranking = client.get(f"/recruitment/{round_.id}/ranking")
    names = [row.xpath("./td[2]")[0].text_content().strip() for row in page_of(ranking).find_class("ranking-row")]
    assert names == ["王堃", "陈喆", "赵敏", "李玥"]
    assert client.post(f"/recruitment/vacancies/{vacancy.id}/propose").status_code == 302
    wang = application_of("王堃")
    assert wang.outcome == Outcome.PROPOSED
    no_reason = client.post(f"/recruitment/applications/{wang.id}/withdraw", data={"withdraw-reason": ""})
    assert no_reason.status_code == 422 and wang.outcome == Outcome.PROPOSED
    withdrawn = client.post(f"/recruitment/applications/{wang.id}/withdraw", data={"withdraw-reason": "本人放弃"})
    assert withdrawn.status_code == 302
    assert "按排名由 陈喆 递补" in text(client.get(withdrawn.headers["Location"]))
    db.session.refresh(chen)
    assert chen.outcome == Outcome.PROPOSED

    # Publicity: 7 working days from the chosen start; appointment only after it.
    move_to(client, round_, RoundStatus.PUBLICITY)
    assert round_.publicity_end < unit_today()
    publicity = text(client.get(f"/recruitment/{round_.id}/publicity"))
    assert f"至 {round_.publicity_end.isoformat()}" in publicity and "陈喆" in publicity and "王堃" not in publicity
    # 体检 and 考察, recorded on the hire's page, both 合格 before appointment.
    for step in ("medical", "inspection"):
        recorded = client.post(f"/recruitment/applications/{chen.id}/checks/{step}",
                               data={f"{step}-result": "passed", f"{step}-on": unit_today().isoformat()})
        assert recorded.status_code == 302, text(recorded)
    future = client.post(f"/recruitment/applications/{chen.id}/appoint",
                         data={"appoint-on": (unit_today() + timedelta(days=1)).isoformat(), "appoint-confirm": "y"})
    assert future.status_code == 422 and "聘用日期不能晚于今天" in invalid_feedback(future)
    before = post_seats(find_post(PROPERTY)).filled
    appointed = client.post(f"/recruitment/applications/{chen.id}/appoint",
                            data={"appoint-on": unit_today().isoformat(), "appoint-confirm": "y"})
    assert appointed.status_code == 302
    db.session.expire_all()
    assert post_seats(find_post(PROPERTY)).filled == before + 1
    hired = db.session.scalar(select(Employee).where(Employee.name == "陈喆"))
    assert hired.main_appointment().post.path == PROPERTY
    assert application_of("陈喆").outcome == Outcome.APPOINTED


def test_a_full_seat_is_never_over_filled(as_hr, open_round, make_employee):
    from hrflow.posts.staff import appoint

    round_ = open_round()
    for name in ("甲", "乙", "丙"):
        add(round_, name)
    move_to(as_hr, round_, RoundStatus.EXAMINING)
    for application, (written, interview) in zip(round_.vacancies[0].applications, [(90, 90), (80, 80), (70, 70)],
                                                 strict=True):
        rs.record_scores(application, actor=user("hr"), written=written, interview=interview)
    (hire,) = rs.propose_hires(round_.vacancies[0], actor=user("hr"))
    pass_checks(hire)
    db.session.commit()
    move_to(as_hr, round_, RoundStatus.PUBLICITY)
    appoint(make_employee(), find_post(PROPERTY))  # someone else took the last seat meanwhile
    db.session.commit()
    winner = application_of("甲")
    employees = count(Employee)
    refused = as_hr.post(f"/recruitment/applications/{winner.id}/appoint",
                         data={"appoint-on": unit_today().isoformat(), "appoint-confirm": "y"})
    assert refused.status_code == 422
    assert "已满" in text(refused) and "设岗 2 人" in text(refused)
    db.session.expire_all()
    assert count(Employee) == employees  # the new employee record was not kept either
    assert application_of("甲").outcome == Outcome.PROPOSED


def test_exam_ratio_needs_a_recorded_decision(as_hr, open_round):
    round_ = open_round()
    add(round_, "甲")
    move_to(as_hr, round_, RoundStatus.REVIEWING)
    vacancy = round_.vacancies[0]
    page = text(as_hr.get(f"/recruitment/vacancies/{vacancy.id}"))
    assert "合格 1 人，名额 1 个，要求 1:3" in page and "未达到" in page
    blocked = advance(as_hr, round_, RoundStatus.EXAMINING)
    assert blocked.status_code == 422 and "未达到开考比例" in text(blocked)
    url = f"/recruitment/vacancies/{vacancy.id}/exam"
    assert as_hr.post(url, data={"decision": "proceed", "reason": ""}).status_code == 422
    reduce = as_hr.post(url, data={"decision": "reduce", "reason": "人数不足"})
    assert reduce.status_code == 422 and "不足以按 1:3 开考任何名额" in text(reduce)
    assert as_hr.post(url, data={"decision": "proceed", "reason": "岗位急需，经馆务会同意开考"}).status_code == 302
    db.session.refresh(vacancy)
    assert (vacancy.exam_decision, vacancy.exam_decision_reason) == ("proceed", "岗位急需，经馆务会同意开考")
    assert advance(as_hr, round_, RoundStatus.EXAMINING).status_code == 302


def test_advancing_needs_the_confirmation_box(as_hr, open_round):
    round_ = open_round()
    unconfirmed = as_hr.post(f"/recruitment/{round_.id}/advance", data={"to": "announced"})
    assert unconfirmed.status_code == 422 and "请先勾选确认" in invalid_feedback(unconfirmed)
    db.session.refresh(round_)
    assert round_.status == RoundStatus.DRAFT


def test_xlsx_import_names_row_and_column_and_writes_all_or_nothing(as_hr, open_round):
    round_ = open_round()
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER + ["身份证号"])
    good = id_number("19950301", 2)
    workbook.active.append(["陈喆", "女", date(1995, 3, 1), "本科", "", "", "全日制", "", "", 2, PROPERTY, good])
    workbook.active.append(["李玥", "女", date(1995, 3, 1), "本科", "", "", "全日制", "", "", 2, PROPERTY, good[:-1] + "Y"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    url = f"/recruitment/{round_.id}/applicants/import"
    refused = upload(as_hr, url, buffer.getvalue(), "报名.xlsx")
    assert refused.status_code == 422
    assert any("第 3 行" in e and "身份证号" in e for e in invalid_feedback(refused))
    assert count(Applicant) == 0
    workbook.active.delete_rows(3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(as_hr, url, buffer.getvalue(), "报名.xlsx").status_code == 302
    assert application_of("陈喆").applicant.id_number == good


def test_review_again_uses_the_data_as_it_is_now(as_hr, open_round):
    round_ = open_round()
    application = add(round_, "甲")
    assert application.status == "eligible"
    application.applicant.birth_date = date(1980, 1, 1)  # corrected in the records after registration
    db.session.commit()
    response = as_hr.post(f"/recruitment/{round_.id}/rereview")
    assert response.status_code == 302
    assert "不符合 1" in text(as_hr.get(response.headers["Location"]))
    db.session.refresh(application)
    assert application.status == "not_eligible"
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.review")) is not None


# ---------------------------------------------------------------- the applicants list

def test_applicants_list_filters_searches_sorts_pages_and_exports(as_hr, open_round, app):
    round_ = open_round()
    add(round_, "张三", study_mode="函授")  # needs review
    add(round_, "李四", phone="13912345678")
    add(round_, "=HYPERLINK(\"http://x\")", id_number=id_number("19950301", 2))
    add(round_, "王五", birth=date(1980, 1, 1))  # too old: not eligible
    url = f"/recruitment/{round_.id}/applicants"

    def names(response) -> list[str]:
        return [row.xpath("./td[2]")[0].text_content().strip() for row in page_of(response).find_class("applicant-row")]

    assert names(as_hr.get(url)) == ["张三", "李四", "=HYPERLINK(\"http://x\")", "王五"]
    assert names(as_hr.get(url + "?status=needs_review")) == ["张三"]
    assert names(as_hr.get(url + "?status=not_eligible")) == ["王五"]
    assert names(as_hr.get(url + "?q=李")) == ["李四"]
    assert names(as_hr.get(url + "?q=%25")) == []  # a LIKE wildcard is searched for literally
    # A post that is not this round's is not a filter: the list shows everybody and says why.
    foreign = as_hr.get(url + "?vacancy=987654")
    assert len(names(foreign)) == 4 and "不是有效的选择。" in invalid_feedback(foreign)
    assert names(as_hr.get(url + "?sort=birth"))[0] == "王五"
    app.config["PAGE_SIZE"] = 3
    try:
        second = as_hr.get(url + "?sort=name&page=2")
        assert len(names(second)) == 1
        assert "sort=name&amp;page=1" in second.get_data(as_text=True)
        assert as_hr.get(url + "?page=3").status_code == 404
        # Totals: from the (vacancy, status) index with the status and post filters, counted when a name is searched.
        assert "共 4 条" in text(second)
        assert "共 1 条" in text(as_hr.get(url + "?status=not_eligible"))
        assert "共 1 条" in text(as_hr.get(url + "?q=李"))
        assert "共" not in text(as_hr.get(url + "?q=赵"))  # nothing found: no total line
    finally:
        app.config["PAGE_SIZE"] = 50
    exported = as_hr.get(url.replace("/applicants", "/applicants.xlsx") + "?status=eligible")
    assert exported.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.data)).active.values)
    assert rows[0][:3] == ("报名号", "姓名", "性别")
    assert [r[1] for r in rows[1:]] == ["李四", "'=HYPERLINK(\"http://x\")"]  # neutralised, not a formula
    full = id_number("19950301", 2)
    assert full not in str(rows) and full[:6] + "********" + full[-4:] in str(rows)
    assert "13912345678" not in str(rows) and "139****5678" in str(rows)


def test_applicants_pages_keep_every_sort_order(as_hr, open_round, app):
    """Each page is read first and joined to its applicants after: every sort still lists, page by page,
    exactly the order of the applications query."""
    from hrflow.models import User
    from hrflow.recruitment import queries

    round_ = open_round()
    for name, birth in (("赵", date(1990, 5, 1)), ("钱", date(1985, 1, 1)), ("孙", date(1995, 3, 1)),
                        ("李", date(1988, 8, 8)), ("周", date(1992, 2, 2))):
        add(round_, name, birth=birth)
    hr = db.session.scalar(select(User).where(User.role == "hr"))
    url = f"/recruitment/{round_.id}/applicants"
    app.config["PAGE_SIZE"] = 2
    try:
        for sort in queries.SORTS:
            listed = []
            for number in (1, 2, 3):
                rows = page_of(as_hr.get(f"{url}?sort={sort}&page={number}")).find_class("applicant-row")
                listed += [int(row.xpath("./td[1]")[0].text_content()) for row in rows]
            expected = [a.id for a in db.session.scalars(queries.applications_query(hr, round_, sort=sort))]
            assert listed == expected, sort
    finally:
        app.config["PAGE_SIZE"] = 50


# ---------------------------------------------------------------- safety

def test_applicant_text_is_escaped(as_hr, open_round):
    round_ = open_round()
    application = add(round_, XSS, major=XSS, study_mode="函授")  # in the review queue too
    for url in (f"/recruitment/{round_.id}/applicants", f"/recruitment/applications/{application.id}",
                f"/recruitment/{round_.id}/review"):
        page = as_hr.get(url).get_data(as_text=True)
        assert XSS not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


@pytest.mark.parametrize("page", ["", "/applicants", "/applicants/new", "/applicants/import", "/review", "/scores",
                                  "/ranking", "/publicity"])
def test_every_form_carries_a_csrf_token(app, demo, open_round, page):
    round_ = open_round()
    application = add(round_, "甲", study_mode="函授")
    browser = csrf_client(app, user("hr"))
    html = browser.get(f"/recruitment/{round_.id}{page}").get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S)
    assert forms and all(CSRF_INPUT.search(form) for form in forms)
    if page == "":
        assert browser.post(f"/recruitment/{round_.id}/advance", data={"to": "announced", "confirm": "y"}).status_code == 400
        db.session.refresh(round_)
        assert round_.status == RoundStatus.DRAFT
    if page == "/review":
        url = f"/recruitment/applications/{application.id}/rules/0/decide"
        fields = {f"d{application.id}-0-status": "met", f"d{application.id}-0-reason": "函授本科认定为同等学历"}
        assert browser.post(url, data=fields).status_code == 400
        token = csrf_token_of(browser.get(f"/recruitment/{round_.id}/review"))
        assert browser.post(url, data={**fields, f"d{application.id}-0-csrf_token": token}).status_code == 302


def test_the_application_page_forms_carry_tokens(app, demo, open_round):
    round_ = open_round()
    application = add(round_, "甲", study_mode="函授")
    browser = csrf_client(app, user("hr"))
    html = browser.get(f"/recruitment/applications/{application.id}").get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S)
    assert len(forms) >= 3 and all(CSRF_INPUT.search(form) for form in forms)  # two rules, logout


# ---------------------------------------------------------------- heads and employees

def test_a_head_reads_only_their_departments_vacancies(client, login, demo, make_user):
    hr = user("hr")
    own_post = find_post("少儿部/工作人员")
    staying = user("employee").employee_id
    next(a for a in own_post.appointments if a.is_open() and a.employee_id != staying).end_date = unit_today()
    round_ = rs.open_round("混合招聘", CUTOFF, actor=hr, posts=[(own_post, 1), (find_post(DESK), 1)])
    own = add_applicant(round_, ApplicantData("少儿甲", "女", date(1995, 1, 1)), own_post, actor=hr)
    other = add_applicant(round_, ApplicantData("办公乙", "男", date(1994, 1, 1)), find_post(DESK), actor=hr)
    db.session.commit()
    login(user("head"))
    assert "混合招聘" in text(client.get("/recruitment/"))
    dashboard = client.get(f"/recruitment/{round_.id}")
    assert dashboard.status_code == 200
    shown = text(dashboard)
    assert "少儿部/工作人员" in shown and DESK not in shown
    html = dashboard.get_data(as_text=True)
    posting = [f for f in re.findall(r"<form[^>]*method=\"post\"[^>]*>", html) if "/recruitment/" in f]
    assert posting == []  # read-only: no action forms
    listed = text(client.get(f"/recruitment/{round_.id}/applicants"))
    assert "少儿甲" in listed and "办公乙" not in listed
    assert client.get(f"/recruitment/applications/{own.id}").status_code == 200
    assert client.get(f"/recruitment/applications/{other.id}").status_code == 404
    assert client.post(f"/recruitment/applications/{own.id}/rules/0/decide",
                       data={f"d{own.id}-0-status": "met", f"d{own.id}-0-reason": "x"}).status_code == 403
    pdf = client.get(f"/print/recruitment/{round_.id}/vacancies.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    office_head = make_user("head", username="office-head", departments=[find_department("办公室")])
    login(office_head)
    assert "办公乙" in text(client.get(f"/recruitment/{round_.id}/applicants"))


def test_menu_shows_recruitment_to_hr_and_heads_only(client, login, demo):
    for username, shown in (("hr", True), ("head", True), ("employee", False)):
        login(user(username))
        home = client.get("/my-post" if username == "employee" else "/posts/").get_data(as_text=True)
        assert ('href="/recruitment/"' in home) is shown, username
    assert client.get("/recruitment/").status_code == 403


# ---------------------------------------------------------------- what each page shows when

def test_a_missing_birth_date_is_reported_with_the_other_errors(as_hr, open_round):
    round_ = open_round()
    vacancy = round_.vacancies[0]
    url = f"/recruitment/{round_.id}/applicants/new"
    both = as_hr.post(url, data=person("", vacancy=vacancy.id, birth_date=""))
    assert both.status_code == 422
    errors = invalid_feedback(both)
    assert "请填写姓名" in errors and "请填写出生日期（或填写身份证号）" in errors
    # The ID number gives the birth date: then a blank date is no error.
    with_id = as_hr.post(url, data=person("", vacancy=vacancy.id, birth_date="", id_number=id_number("19950301", 2)))
    assert with_id.status_code == 422 and invalid_feedback(with_id) == ["请填写姓名"]
    assert count(Applicant) == 0


def _in_publicity(client, open_round, start: date) -> Application:
    """A round whose one hire is proposed and in 公示 from `start`."""
    round_ = open_round()
    for name in ("甲", "乙", "丙"):
        add(round_, name)
    move_to(client, round_, RoundStatus.EXAMINING)
    for application, score in zip(round_.vacancies[0].applications, (90, 80, 70), strict=True):
        rs.record_scores(application, actor=user("hr"), written=score, interview=score)
    (hire,) = rs.propose_hires(round_.vacancies[0], actor=user("hr"))
    pass_checks(hire)
    db.session.commit()
    assert advance(client, round_, RoundStatus.PUBLICITY, publicity_start=start.isoformat()).status_code == 302
    db.session.refresh(round_)
    return application_of("甲")


def test_appointment_is_offered_only_once_publicity_has_ended(as_hr, open_round):
    hire = _in_publicity(as_hr, open_round, unit_today())
    round_ = hire.vacancy.round
    assert round_.publicity_end > unit_today()
    waiting = f"公示期至 {round_.publicity_end.isoformat()}，期满后可办理聘用"
    publicity_url, application_url = f"/recruitment/{round_.id}/publicity", f"/recruitment/applications/{hire.id}"
    appoint_action = f'action="/recruitment/applications/{hire.id}/appoint"'

    def appoint_links(response) -> list:
        return page_of(response).xpath("//tr[@class='hire-row']//a[normalize-space()='办理聘用']")

    publicity = as_hr.get(publicity_url)
    assert not appoint_links(publicity) and waiting in text(publicity)
    application = as_hr.get(application_url)
    assert appoint_action not in application.get_data(as_text=True) and waiting in text(application)

    round_.publicity_end = unit_today() - timedelta(days=1)  # the 公示 has ended
    db.session.commit()
    publicity = as_hr.get(publicity_url)
    assert appoint_links(publicity) and "期满后可办理聘用" not in text(publicity)
    application = as_hr.get(application_url)
    assert appoint_action in application.get_data(as_text=True) and "期满后可办理聘用" not in text(application)


def test_exam_ratio_is_judged_only_from_review_on(as_hr, open_round):
    round_ = open_round()
    vacancy = round_.vacancies[0]
    vacancy_url, exam_action = f"/recruitment/vacancies/{vacancy.id}", f'action="/recruitment/vacancies/{vacancy.id}/exam"'
    for status in (RoundStatus.DRAFT, RoundStatus.ANNOUNCED):
        move_to(as_hr, round_, status)
        overview = page_of(as_hr.get(f"/recruitment/{round_.id}"))
        ratio = re.sub(r"\s+", " ", overview.find_class("vacancy-row")[0].xpath("./td[last()]")[0].text_content()).strip()
        assert ratio == "报名中 · 需 ≥ 3 人符合", status
        assert not overview.xpath("//tr[@class='vacancy-row']//*[contains(@class, 'text-danger')]")
        shown = as_hr.get(vacancy_url)
        exam = page_of(shown).get_element_by_id("exam")
        assert not exam.find_class("text-bg-danger") and "未达到" not in exam.text_content()
        assert "资格审查阶段" in exam.text_content() and exam_action not in shown.get_data(as_text=True)

    move_to(as_hr, round_, RoundStatus.REVIEWING)
    overview = text(as_hr.get(f"/recruitment/{round_.id}"))
    assert "未达到 1:3" in overview and "需作出决定" in overview
    shown = as_hr.get(vacancy_url)
    exam = page_of(shown).get_element_by_id("exam")
    assert exam.find_class("text-bg-danger") and exam_action in shown.get_data(as_text=True)
    # Nobody qualified: cutting the openings to 0 is not offered, only cancelling or going ahead.
    offered = [box.get("value") for box in exam.xpath(".//input[@name='decision']")]
    assert offered == ["proceed", "cancel"]


def test_an_overridden_verdict_shows_hr_s_reason_first(as_hr, open_round, app):
    from hrflow.printing.documents import recruitment as printing
    from tests.pdfcheck import pdf_text

    round_ = open_round()
    application = add(round_, "孙磊", gender="男", birth=date(1993, 8, 8))
    move_to(as_hr, round_, RoundStatus.REVIEWING)
    prefix = f"d{application.id}-1-"
    assert as_hr.post(f"/recruitment/applications/{application.id}/rules/1/decide",
                      data={prefix + "status": "not_met", prefix + "reason": "户籍材料显示实际超龄"}).status_code == 302
    age = page_of(as_hr.get(f"/recruitment/applications/{application.id}")).get_element_by_id("rule1")
    evidence = age.xpath("./td[4]")[0]
    primary, secondary = [re.sub(r"\s+", " ", e.text_content()).strip() for e in evidence.xpath("./div")]
    assert primary == "人事认定：户籍材料显示实际超龄"
    assert secondary.startswith("自动判定：") and "未超过 35 周岁上限" in secondary
    assert "text-muted" in evidence.xpath("./div")[1].get("class")

    with app.test_request_context():
        html = printing.application_html(application)
        review = printing.review_html(round_)
        data = printing.render_application_pdf(application)
    cell = re.search(r"<td>(人事认定.*?)</td>", html, re.S).group(1)
    assert cell.index("人事认定（不符合）：户籍材料显示实际超龄") < cell.index("自动判定（符合）：")
    assert "未超过 35 周岁上限" in re.search(r'class="muted">(.*?)</span>', cell, re.S).group(1)
    sun = re.search(r"<tr>.*?孙磊.*?</tr>", review, re.S).group(0)
    assert "人事认定：户籍材料显示实际超龄" in sun and "未超过" not in sun
    printed = re.sub(r"\s+", "", pdf_text(data))
    assert printed.index("人事认定（不符合）：户籍材料显示实际超龄") < printed.index("自动判定（符合）")


def test_the_round_s_vacancies_go_out_to_excel_with_their_counts(as_hr, open_round):
    round_ = open_round()
    add(round_, "张三", study_mode="函授")  # needs review
    add(round_, "李四")
    page = as_hr.get(f"/recruitment/{round_.id}").get_data(as_text=True)
    assert f"/recruitment/{round_.id}/vacancies.xlsx" in page
    exported = as_hr.get(f"/recruitment/{round_.id}/vacancies.xlsx")
    assert exported.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.data)).active.values)
    assert rows[0] == ("岗位", "招聘名额", "报名", "符合", "待审核", "不符合", "开考比例")
    by_post = {row[0]: row for row in rows[1:]}
    assert by_post[PROPERTY][1:6] == (1, 2, 1, 1, 0) and by_post[PROPERTY][6] == "未达到 1:3"


def test_an_unmet_preference_shows_as_neutral_not_as_a_failure(as_hr, open_round):
    """“中共党员优先” never disqualifies: a 群众 applicant's row says it is not met without the red 不符合."""
    from hrflow.rules import parse_requirements

    round_ = open_round()
    vacancy = vacancy_of(round_, PROPERTY)
    rs.correct_rules(vacancy, parse_requirements(["全日制本科及以上学历", "同等条件下中共党员优先"]),
                     reason="按招聘方案补充条件", actor=user("hr"))
    db.session.commit()
    application = add(round_, "王群众", political_status="群众")
    assert application.status == "eligible"
    page = page_of(as_hr.get(f"/recruitment/applications/{application.id}"))
    rows = page.xpath("//tr[contains(@class,'verdict-row')]")
    preference = next(r for r in rows if "优先" in r.text_content())
    assert preference.xpath(".//span[contains(@class,'rc-unmet-optional')]")
    assert not preference.xpath(".//span[contains(@class,'text-bg-danger')]")
    assert "不符合" not in preference.xpath("./td[3]")[0].text_content()
