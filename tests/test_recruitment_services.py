"""Recruitment services: rounds on vacant seats, import, review with evidence, scores, publicity, appointment."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.models import (
    Applicant,
    Application,
    AuditLog,
    CheckResult,
    CheckStep,
    Outcome,
    RecruitmentError,
    RoundStatus,
)
from hrflow.posts.queries import find_post
from hrflow.posts.seats import stats
from hrflow.recruitment import operations as rs
from hrflow.recruitment.applicants import ApplicantData, add_applicant, import_applicants
from hrflow.recruitment.export import scores_xlsx
from hrflow.recruitment.idcard import check_digit, parse_id_number
from hrflow.recruitment.queries import counts_by_vacancy
from hrflow.recruitment.scores import Ranked, composite_score, panel_score, rank
from hrflow.recruitment.selection import record_check
from hrflow.recruitment.verdicts import describe_application
from hrflow.rules import parse_requirements

CUTOFF = date(2026, 6, 30)
HEADER = ["姓名", "性别", "出生日期", "学历", "学位", "专业", "学习形式", "职称", "证书", "工作年限", "应聘岗位"]


def id_number(birth: str, gender_digit: int, prefix: str = "110105", seq: str = "12") -> str:
    first17 = f"{prefix}{birth}{seq}{gender_digit}"
    return first17 + check_digit(first17)


def sheet(rows, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def pass_checks(application, hr) -> None:
    """体检 and 考察 recorded 合格, as appointment asks."""
    for step in CheckStep:
        record_check(application, step, CheckResult.PASSED, date(2026, 7, 1), "", actor=hr, today=date(2026, 7, 1))


@pytest.fixture
def hr(make_user):
    return make_user("hr")


@pytest.fixture
def round_(seeded, hr):
    r = rs.open_round("2026年公开招聘", CUTOFF, actor=hr, all_vacancies=True)
    db.session.commit()
    return r


def test_open_round_on_all_recruitable_vacancies(round_):
    assert sorted((v.post.path, v.openings) for v in round_.vacancies) == [("办公室/办证咨询", 1), ("物业管理部/工作人员", 1)]
    desk = next(v for v in round_.vacancies if v.post.key == "办证咨询")
    assert desk.requirements == find_post("办公室/办证咨询").current.requirements
    assert round_.status == RoundStatus.DRAFT


def test_never_a_not_recruiting_post_or_more_openings_than_vacant(seeded, hr):
    with pytest.raises(RecruitmentError, match="此次不聘"):
        rs.open_round("r1", CUTOFF, actor=hr, posts=[(find_post("采编部/主任"), None)])
    with pytest.raises(RecruitmentError, match="没有空缺"):
        rs.open_round("r2", CUTOFF, actor=hr, posts=[(find_post("少儿部/主任"), None)])
    with pytest.raises(RecruitmentError, match="招聘人数应为 1–1"):
        rs.open_round("r3", CUTOFF, actor=hr, posts=[(find_post("办公室/办证咨询"), 2)])


def test_vacancy_keeps_its_snapshot_when_the_post_changes(round_, hr):
    from hrflow.posts.operations import edit_post

    post = find_post("办公室/办证咨询")
    edit_post(post, {"requirements": ["博士研究生学历"]}, actor=hr, reason="提高要求")
    vacancy = next(v for v in round_.vacancies if v.post_id == post.id)
    assert "博士研究生学历" not in vacancy.requirements
    assert vacancy.post_version.number == 1


def test_import_applicants_and_review_with_evidence(round_, hr):
    rows = [
        ["陈喆", "女", "1990-07-01", "本科", "学士", "汉语言文学", "全日制", "", "", "3", "办公室/办证咨询"],
        ["王堃", "男", "1985-01-01", "大专", "", "会计", "全日制", "", "", "10", "物业管理部/工作人员"],
    ]
    assert import_applicants(round_, sheet(rows), "apply.csv", actor=hr) == 2
    results = {r["applicant"]: r for r in rs.review_round(round_)}
    assert set(results) == {"陈喆", "王堃"}
    chen = results["陈喆"]
    assert chen["post"] == "办公室/办证咨询"
    assert {"text", "verdict", "evidence"} <= set(chen["rules"][0])
    # 办证咨询 asks only for soft qualities → interview items, eligible.
    assert chen["status"] == "eligible"
    own, basic = chen["rules"][:-2], chen["rules"][-2:]
    assert own and all(rule["verdict"] == "interview" for rule in own)
    assert [rule["verdict"] for rule in basic] == ["met", "met"]  # 年满18周岁, 未达到法定退休年龄


def test_import_is_all_or_nothing_with_row_and_column(round_, hr):
    rows = [
        ["陈喆", "女", "1990-07-01", "本科", "学士", "汉语言文学", "全日制", "", "", "3", "办公室/办证咨询"],
        ["王堃", "男", "1985-13-01", "大专", "", "会计", "全日制", "", "", "10", "物业管理部/工作人员"],
    ]
    with pytest.raises(TableImportError) as caught:
        import_applicants(round_, sheet(rows), "apply.csv", actor=hr)
    db.session.rollback()
    assert "第 3 行" in str(caught.value) and "出生日期" in str(caught.value)
    assert db.session.scalar(select(func.count(Applicant.id))) == 0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["甲", "女", "1990-01-01", "本科", "", "", "", "", "", "好几年", "办公室/办证咨询"], "工作年限"),
        (["甲", "女", "1990-01-01", "本科", "", "", "", "", "", "", "采编部/主任"], "不在招聘"),
        (["甲", "女", "1990-01-01", "本科", "", "", "", "", "", "", "不存在/岗位"], "找不到岗位"),
        (["甲", "X", "1990-01-01", "本科", "", "", "", "", "", "", "办公室/办证咨询"], "性别"),
    ],
)
def test_bad_applicant_rows(round_, hr, row, message):
    with pytest.raises(TableImportError, match=message):
        import_applicants(round_, sheet([row]), "apply.csv", actor=hr)


def test_id_numbers_checked_and_cross_checked(round_, hr):
    header = HEADER + ["身份证号"]
    good = id_number("19900701", 2)  # even digit: 女
    row = ["陈喆", "女", "1990-07-01", "本科", "", "", "", "", "", "", "办公室/办证咨询", good]
    assert import_applicants(round_, sheet([row], header), "a.csv", actor=hr) == 1
    applicant = db.session.scalar(select(Applicant))
    assert applicant.masked_id_number == good[:6] + "********" + good[-4:]
    bad_checksum = good[:-1] + ("0" if good[-1] != "0" else "1")
    for number, expected in [(bad_checksum, "校验位"), (id_number("19900702", 2), "不一致"), (id_number("19900701", 3), "不一致")]:
        again = ["李玥", "女", "1990-07-01", "本科", "", "", "", "", "", "", "办公室/办证咨询", number]
        with pytest.raises(TableImportError, match=expected) as caught:
            import_applicants(round_, sheet([again], header), "b.csv", actor=hr)
        assert "身份证号" in str(caught.value) or "出生日期" in str(caught.value) or "性别" in str(caught.value)
        db.session.rollback()


def test_duplicates_are_detected(round_, hr):
    row = ["陈喆", "女", "1990-07-01", "本科", "", "", "", "", "", "", "办公室/办证咨询"]
    with pytest.raises(TableImportError, match="重复"):
        import_applicants(round_, sheet([row, row]), "a.csv", actor=hr)
    db.session.rollback()
    import_applicants(round_, sheet([row]), "a.csv", actor=hr)
    with pytest.raises(TableImportError, match="重复报名"):
        import_applicants(round_, sheet([row]), "a.csv", actor=hr)


def test_parse_id_number():
    number = id_number("19851231", 1)
    assert parse_id_number(number.lower() if number[-1] == "X" else number)[1:] == (date(1985, 12, 31), "男")


def add(round_, hr, name, post_path, **fields):
    data = ApplicantData(name=name, gender=fields.pop("gender", "女"), birth_date=fields.pop("birth", date(1990, 1, 1)),
                            **fields)
    return add_applicant(round_, data, find_post(post_path), actor=hr)


def test_hr_decides_needs_review_and_overrides_with_reason(seeded, hr):
    from hrflow.posts.operations import edit_post

    post = find_post("办公室/办证咨询")
    edit_post(post, {"requirements": ["全日制大本及以上学历或同等学历", "35周岁以下"]}, actor=hr, reason="招聘前修订")
    round_ = rs.open_round("r", CUTOFF, actor=hr, posts=[(post, None)])
    application = add(round_, hr, "陈喆", "办公室/办证咨询", education="本科", study_mode="自学考试",
                      birth=date(1995, 1, 1))
    assert application.status == "needs_review"
    with pytest.raises(RecruitmentError, match="理由"):
        rs.decide_rule(application, 0, "met", "  ", actor=hr)
    rs.decide_rule(application, 0, "met", "自考本科经认定为同等学历", actor=hr)
    assert application.status == "eligible"
    # An override of an automatic verdict needs a reason too and is audited.
    rs.decide_rule(application, 1, "not_met", "身份证显示实际年龄超限", actor=hr)
    assert application.status == "not_eligible"
    entries = db.session.scalars(select(AuditLog).where(AuditLog.action == "recruitment.decide")).all()
    assert [e.reason for e in entries] == ["自考本科经认定为同等学历", "身份证显示实际年龄超限"]
    described = describe_application(application)
    assert described["rules"][1]["verdict"] == "not_met" and "人事认定" in described["rules"][1]["evidence"]


def test_re_evaluation_when_rules_are_corrected(seeded, hr):
    from hrflow.rules import parse_requirements

    post = find_post("物业管理部/工作人员")
    round_ = rs.open_round("r", CUTOFF, actor=hr, posts=[(post, None)])
    application = add(round_, hr, "甲", "物业管理部/工作人员", education="大专")
    assert application.status == "eligible"
    vacancy = round_.vacancies[0]
    with pytest.raises(RecruitmentError, match="原因"):
        rs.correct_rules(vacancy, parse_requirements(["本科以上学历"]), reason="", actor=hr)
    rs.correct_rules(vacancy, parse_requirements(["本科以上学历"]), reason="补充学历要求", actor=hr)
    assert application.status == "not_eligible"


def scored_round(seeded, hr, people):
    post = find_post("物业管理部/工作人员")
    round_ = rs.open_round("r", CUTOFF, actor=hr, posts=[(post, None)])
    apps = [add(round_, hr, name, "物业管理部/工作人员", education="大专") for name, _, _ in people]
    rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
    rs.advance_round(round_, RoundStatus.REVIEWING, actor=hr)
    rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    for application, (_, written, interview) in zip(apps, people, strict=True):
        rs.record_scores(application, actor=hr, written=written, interview=interview)
    return round_, apps


def test_exam_ratio_blocks_the_exam_until_hr_decides(seeded, hr):
    post = find_post("物业管理部/工作人员")
    round_ = rs.open_round("r", CUTOFF, actor=hr, posts=[(post, None)])
    add(round_, hr, "甲", "物业管理部/工作人员", education="大专")
    rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
    rs.advance_round(round_, RoundStatus.REVIEWING, actor=hr)
    vacancy = round_.vacancies[0]
    check = rs.exam_check(vacancy)
    assert (check.qualified, check.openings, check.ok, check.reduced_openings) == (1, 1, False, 0)
    with pytest.raises(RecruitmentError, match="开考比例"):
        rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    with pytest.raises(RecruitmentError, match="不足以按 1:3"):
        rs.decide_exam(vacancy, "reduce", "人数不足", actor=hr)
    rs.decide_exam(vacancy, "proceed", "岗位急需，经馆务会研究同意开考", actor=hr)
    rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    assert round_.status == RoundStatus.EXAMINING


def test_illegal_transitions_are_refused(round_, hr):
    with pytest.raises(RecruitmentError, match="不能从“草稿”直接进入“考试”"):
        rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    with pytest.raises(RecruitmentError):
        rs.advance_round(round_, RoundStatus.CLOSED, actor=hr)


def test_ranking_with_tie_breaks_proposal_and_replacement(seeded, hr, app):
    people = [("甲", 80, 90), ("乙", 90, 80), ("丙", 70, 70), ("丁", 85, 85)]
    round_, apps = scored_round(seeded, hr, people)
    # All composite 85 except 丙: interview breaks the tie (甲 90 > 丁 85 > 乙 80).
    assert [(a.applicant.name, a.rank) for a in sorted(apps, key=lambda a: a.rank)] == [
        ("甲", 1), ("丁", 2), ("乙", 3), ("丙", 4)]
    vacancy = round_.vacancies[0]
    (proposed,) = rs.propose_hires(vacancy, actor=hr)
    assert proposed.applicant.name == "甲"
    replacement = rs.withdraw(proposed, "体检不合格", actor=hr)
    assert replacement.applicant.name == "丁" and replacement.outcome == Outcome.PROPOSED


def test_publicity_and_appointment_fill_the_seat(seeded, hr):
    round_, apps = scored_round(seeded, hr, [("甲", 80, 90), ("乙", 70, 70), ("丙", 60, 60)])
    rs.propose_hires(round_.vacancies[0], actor=hr)
    pass_checks(apps[0], hr)
    rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=date(2026, 9, 28))
    # 7 working days from Mon 2026-09-28: 国庆节 10-01…10-07 off, Sat 10-10 worked in lieu, Sun 10-11 off.
    assert round_.publicity_end == date(2026, 10, 12)
    winner = apps[0]
    with pytest.raises(RecruitmentError, match="公示结束后"):
        rs.appoint_application(winner, actor=hr, on=date(2026, 10, 12))
    with pytest.raises(RecruitmentError, match="不是拟聘用人员"):
        rs.appoint_application(apps[1], actor=hr, on=date(2026, 10, 13))
    employee = rs.appoint_application(winner, actor=hr, on=date(2026, 10, 13))
    db.session.commit()
    assert employee.name == "甲" and employee.main_appointment(date(2026, 10, 13)).post.key == "工作人员"
    assert stats()["vacant"] == 2


def test_a_full_post_cannot_be_appointed_into(seeded, hr, make_employee):
    from hrflow.posts.staff import appoint

    round_, apps = scored_round(seeded, hr, [("甲", 80, 90), ("乙", 70, 70), ("丙", 60, 60)])
    rs.propose_hires(round_.vacancies[0], actor=hr)
    pass_checks(apps[0], hr)
    rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=date(2026, 1, 5))
    appoint(make_employee(), find_post("物业管理部/工作人员"))  # someone else took the seat meanwhile
    appoint(make_employee(), find_post("物业管理部/工作人员"))
    with pytest.raises(RecruitmentError, match="已满"):
        rs.appoint_application(apps[0], actor=hr, on=date(2026, 2, 1))


def test_scores_excel_round_trip(seeded, hr):
    import openpyxl

    round_, apps = scored_round(seeded, hr, [("甲", None, None), ("乙", None, None), ("丙", None, None)])
    workbook = openpyxl.load_workbook(io.BytesIO(scores_xlsx(round_, {})))
    sheet_ = workbook.active
    for row in sheet_.iter_rows(min_row=2):
        row[3].value, row[4].value = 75, {"甲": 88, "乙": 77, "丙": 66}[row[1].value]
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert rs.import_scores(round_, buffer.getvalue(), "scores.xlsx", actor=hr) == 3
    assert [a.composite for a in apps] == [81.5, 76.0, 70.5]
    sheet_["D2"].value = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(TableImportError, match="第 2 行.*笔试成绩"):
        rs.import_scores(round_, buffer.getvalue(), "scores.xlsx", actor=hr)


@pytest.mark.parametrize(
    ("marks", "drop", "score"),
    [([80, 90, 70], False, 80.0), ([80, 90, 70, 100, 60], True, 80.0), ([60, 100, 80], True, 80.0), ([75], True, 75.0)],
)
def test_panel_marks(marks, drop, score):
    assert panel_score(marks, drop) == score


@pytest.mark.parametrize(
    ("written", "interview", "weight", "composite"),
    [(80, 90, 0.5, 85.0), (80, 90, 0.4, 86.0), (80, None, 0.5, None), (80, None, 1.0, 80.0), (None, 70, 0.0, 70.0)],
)
def test_composite(written, interview, weight, composite):
    assert composite_score(written, interview, weight) == composite


def test_rank_shares_places_on_a_full_tie():
    entries = [Ranked(1, 85, 90, 80), Ranked(2, 85, 90, 80), Ranked(3, 90, 80, 100), Ranked(4, None, None, None)]
    assert rank(entries) == [(3, 1), (1, 2), (2, 2), (4, None)]


def test_review_json_shape_matches_the_cli_contract(round_, hr, runner):
    import json

    add(round_, hr, "陈喆", "办公室/办证咨询", education="本科")
    db.session.commit()
    result = runner.invoke(args=["review", round_.name, "--json"])
    document = json.loads(result.stdout)
    assert document[0]["applicant"] == "陈喆" and document[0]["status"] in {"eligible", "not_eligible", "needs_review"}
    assert set(document[0]["rules"][0]) == {"text", "verdict", "evidence", "required"}


def test_review_text_lists_only_what_decides_eligibility(round_, hr, runner):
    vacancy = next(v for v in round_.vacancies if v.post.key == "办证咨询")
    from hrflow.rules import parse_requirements

    rs.correct_rules(vacancy, parse_requirements(["大专以上学历", "中共党员优先"]), reason="补充优先条件", actor=hr)
    add(round_, hr, "陈喆", "办公室/办证咨询", education="高中", political_status="群众")
    db.session.commit()
    result = runner.invoke(args=["review", round_.name])
    assert result.exit_code == 0, result.output
    assert "[不符合] 大专以上学历" in result.stdout
    assert "中共党员优先" not in result.stdout  # a preference ranks, it never appears as a failure


def test_cli_round_open_and_applicants_import(seeded, runner, tmp_path):
    import json

    result = runner.invoke(args=["round", "open", "春季招聘", "--cutoff", "2026-06-30", "--all-vacancies", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["openings"] == 2
    refused = runner.invoke(args=["round", "open", "x", "--cutoff", "2026-06-30", "--post", "采编部/主任"])
    assert refused.exit_code == 1 and "此次不聘" in refused.stderr
    file = tmp_path / "a.csv"
    file.write_bytes(sheet([["陈喆", "女", "1990-07-01", "本科", "", "", "", "", "", "", "办公室/办证咨询"]], encoding="gbk"))
    assert runner.invoke(args=["applicants", "import", "春季招聘", str(file)]).exit_code == 0
    assert db.session.scalar(select(func.count(Application.id))) == 1


# ---------------------------------------------------------------- counting applications

def _counts(vacancy) -> dict[str, int]:
    counts = counts_by_vacancy([vacancy.id])[vacancy.id]
    return {"applicants": counts.applicants, "eligible": counts.eligible, "needs_review": counts.needs_review,
            "not_eligible": counts.not_eligible}


def test_counts_follow_new_rejudged_moved_and_deleted_applications(round_, hr):
    """The counts per vacancy and status are read from the applications themselves, in the transaction
    that changed them and after it is rolled back alike."""
    desk = next(v for v in round_.vacancies if v.post.path == "办公室/办证咨询")
    property_post = next(v for v in round_.vacancies if v.post.path == "物业管理部/工作人员")
    first = add(round_, hr, "甲", "办公室/办证咨询")
    add(round_, hr, "乙", "办公室/办证咨询")
    assert _counts(desk)["applicants"] == 2 and _counts(desk)[first.status] == 2  # not yet committed: counted
    db.session.commit()
    before = first.status
    first.status = "not_eligible" if before != "not_eligible" else "eligible"
    assert _counts(desk)[before] == 1 and _counts(desk)[first.status] == 1
    db.session.rollback()
    assert _counts(desk)[before] == 2
    first.vacancy_id = property_post.id
    assert _counts(desk)["applicants"] == 1 and _counts(property_post)["applicants"] == 1
    db.session.delete(first)
    assert _counts(property_post)["applicants"] == 0


def test_rereviewing_a_round_counts_what_it_judged(round_, hr):
    desk = next(v for v in round_.vacancies if v.post.path == "办公室/办证咨询")
    for n in range(3):
        add(round_, hr, f"应聘{n}", "办公室/办证咨询", birth=date(1960 + 20 * n, 1, 1))
    db.session.commit()
    counts = rs.rereview_round(round_, actor=hr)
    db.session.commit()
    assert _counts(desk) == {"applicants": 3, **counts}


def test_every_application_carries_the_round_of_its_vacancy(round_, hr):
    """Registered one by one or imported, an application holds its vacancy's round (the lists and counts of a
    round read it); on PostgreSQL the database refuses a round that is not the vacancy's."""
    rows = [["陈喆", "女", "1990-07-01", "本科", "学士", "汉语言文学", "全日制", "", "", "3", "办公室/办证咨询"]]
    import_applicants(round_, sheet(rows), "apply.csv", actor=hr)
    add_applicant(round_, ApplicantData(name="王堃", gender="男", birth_date=date(1985, 1, 1), education="大专"),
                  find_post("物业管理部/工作人员"), actor=hr)
    db.session.commit()
    pairs = db.session.execute(select(Application.round_id, Application.vacancy_id)).all()
    assert len(pairs) == 2 and {round_id for round_id, _ in pairs} == {round_.id}
    if db.engine.dialect.name != "postgresql":
        return  # SQLite is run without foreign key enforcement
    other = rs.open_round("另一轮", CUTOFF, actor=hr, all_vacancies=True)
    db.session.commit()
    with pytest.raises(IntegrityError, match="fk_application_vacancy_round"):
        db.session.execute(Application.__table__.update().values(round_id=other.id))
        db.session.flush()
    db.session.rollback()


def test_years_of_work_in_decimals_or_years_and_months_and_the_date_work_started(round_, hr):
    header = [*HEADER, "参加工作时间"]
    rows = [["陈喆", "女", "1990-07-01", "本科", "学士", "汉语言文学", "全日制", "", "", "2年6个月", "办公室/办证咨询", ""],
            ["王堃", "男", "1985-01-01", "大专", "", "会计", "全日制", "", "", "", "物业管理部/工作人员", "2015.07"]]
    assert import_applicants(round_, sheet(rows, header=header), "apply.csv", actor=hr) == 2
    people = {a.name: a for a in db.session.scalars(select(Applicant))}
    assert people["陈喆"].years_experience == 2.5 and people["陈喆"].work_start is None
    assert people["王堃"].years_experience is None and people["王堃"].work_start == date(2015, 7, 1)


def test_every_application_is_checked_against_the_rounds_basic_conditions(round_, hr):
    """A 17-year-old and someone past the statutory retirement age are not eligible whatever the post asks;
    the basic verdicts come after the post's own, so HR's decisions keep their indexes."""
    post = find_post("办公室/办证咨询")
    young = add_applicant(round_, ApplicantData(name="少年", gender="男", birth_date=date(2009, 7, 1), education="本科"),
                          post, actor=hr)
    retired = add_applicant(round_, ApplicantData(name="老者", gender="女", birth_date=date(1970, 1, 1), education="本科"),
                            post, actor=hr)
    fit = add_applicant(round_, ApplicantData(name="青年", gender="女", birth_date=date(1995, 1, 1), education="本科"),
                        post, actor=hr)
    own = len(young.vacancy.rules)
    assert [v["text"] for v in young.verdicts[own:]] == ["年满18周岁（基本条件）", "未达到法定退休年龄（基本条件）"]
    assert young.status == "not_eligible" and "不满 18 周岁" in young.verdicts[own]["evidence"]
    assert retired.status == "not_eligible" and "已达到" in retired.verdicts[own + 1]["evidence"]
    assert fit.status == "eligible"


def test_hr_changes_the_basic_conditions_with_a_reason_and_every_application_is_judged_again(round_, hr):
    young = add_applicant(round_, ApplicantData(name="少年", gender="男", birth_date=date(2009, 7, 1), education="本科"),
                          find_post("办公室/办证咨询"), actor=hr)
    assert young.status == "not_eligible"
    with pytest.raises(RecruitmentError, match="原因"):
        rs.change_basic_conditions(round_, min_age=16, retirement_check=True, reason=" ", actor=hr)
    with pytest.raises(RecruitmentError, match="16–35"):
        rs.change_basic_conditions(round_, min_age=12, retirement_check=True, reason="见习岗位", actor=hr)
    rs.change_basic_conditions(round_, min_age=16, retirement_check=False, reason="技工学校毕业生", actor=hr)
    # The application loaded before the review reads what the review wrote, as plain data.
    assert young.status == "eligible" and young.verdicts[-1]["text"] == "年满16周岁（基本条件）"
    assert isinstance(young.verdicts, list) and young.verdicts[-1]["said"][0]["msg"]
    db.session.commit()
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.basic"))
    assert entry.reason == "技工学校毕业生" and "年满18周岁；未达到法定退休年龄 → 年满16周岁" in entry.summary


def test_opening_a_round_names_posts_with_a_gender_limit_or_no_condition_of_their_own(round_, hr):
    desk = next(v for v in round_.vacancies if v.post.key == "办证咨询")
    notes = rs.opening_notes(round_)
    assert any("办证咨询" in note and "没有硬性资格条件" in note for note in notes)
    desk.rules = [r.to_dict() for r in parse_requirements(["限男性", "大专及以上学历"])]
    notes = rs.opening_notes(round_)
    assert any("办证咨询" in note and "限定性别" in note for note in notes)
    assert not any("办证咨询" in note and "没有硬性资格条件" in note for note in notes)
