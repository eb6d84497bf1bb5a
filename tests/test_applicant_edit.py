"""Nothing typed is lost: HR corrects an applicant until the application is decided (judged again, audited
field by field with ID numbers masked, a refusal keeps every typed value); an applicant sheet reports every
bad row at once and writes nothing; the template HR hands out imports as it is filled in."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.models import Applicant, AuditLog, RecruitmentError, RoundStatus
from hrflow.posts.queries import find_post
from hrflow.recruitment import operations as rs
from hrflow.recruitment.applicants import (
    APPLICANT_COLUMNS,
    MAX_PROBLEMS,
    OPTIONAL_APPLICANT_COLUMNS,
    ApplicantData,
    SheetProblems,
    add_applicant,
    edit_applicant,
    import_applicants,
)
from tests import test_recruitment_web as web
from tests.test_recruitment_web import (
    DESK,
    PROPERTY,
    count,
    id_number,
    invalid_feedback,
    page_of,
    sheet,
    text,
    upload,
)

as_hr, open_round = web.as_hr, web.open_round  # HR signed in on the demo; a round on 物业管理部, open for applicants
ID_NUMBER = id_number("19800301", 2)  # a woman born 1980-03-01


@pytest.fixture
def registered(as_hr, open_round):
    """A woman of 46 on the cut-off day: not eligible for a post asking for 35 or younger."""
    round_ = open_round(paths=(PROPERTY, DESK))
    data = ApplicantData(name="陈喆", gender="女", id_number=ID_NUMBER, phone="13800001234", education="本科",
                         study_mode="全日制", years_experience=3)
    application = add_applicant(round_, data, find_post(PROPERTY), actor=web.user("hr"))
    db.session.commit()
    return application


def form_of(application, **changes) -> dict:
    """What the edit form posts: the person as registered (ID number and phone left empty), then `changes`."""
    person = application.applicant
    return {"vacancy": str(application.vacancy_id), "name": person.name, "gender": person.gender,
            "id_number": "", "birth_date": person.birth_date.isoformat(), "education": person.education or "", "study_mode": "全日制",
            "degree": "", "major": "", "title": "", "certificates": "", "years_experience": "3", "work_start": "",
            "political_status": "", "bianzhi": "", "phone": "", **changes}


def edit_url(application) -> str:
    return f"/recruitment/applications/{application.id}/edit"


# ---------------------------------------------------------------- correcting a person

def test_a_correction_is_judged_again_and_audited_field_by_field_with_the_id_number_masked(registered):
    assert registered.status == "not_eligible"
    new_number = id_number("19950301", 2)
    data = ApplicantData(name="陈喆", gender="女", id_number=new_number, education="硕士研究生", study_mode="全日制",
                         years_experience=3)
    changes = edit_applicant(registered, data, find_post(PROPERTY), actor=web.user("hr"))
    db.session.commit()
    person = db.session.get(Applicant, registered.applicant_id)
    assert (person.birth_date, person.education, person.phone) == (date(1995, 3, 1), "硕士研究生", "13800001234")
    assert registered.status != "not_eligible"  # judged again on the new birth date: 31 on the cut-off day
    assert "学历：本科 → 硕士研究生" in changes and "出生日期：1980-03-01 → 1995-03-01" in changes
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.applicant_edit"))
    logged = entry.summary + str(entry.details)
    assert "学历：本科 → 硕士研究生" in logged and "资格审查结果：不符合 →" in logged
    assert "身份证号：110105********" in logged
    assert ID_NUMBER not in logged and new_number not in logged and "13800001234" not in logged


def test_nothing_changed_writes_nothing(registered):
    data = ApplicantData(name="陈喆", gender="女", education="本科", study_mode="全日制", years_experience=3)
    assert edit_applicant(registered, data, find_post(PROPERTY), actor=web.user("hr")) == []
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.applicant_edit")) is None


def test_a_second_person_with_the_same_id_number_is_refused(registered):
    other = add_applicant(registered.vacancy.round, ApplicantData(name="王堃", gender="女", birth_date=date(1995, 3, 1)),
                          find_post(PROPERTY), actor=web.user("hr"))
    with pytest.raises(RecruitmentError, match="重复报名"):
        edit_applicant(other, ApplicantData(name="王堃", gender="女", id_number=ID_NUMBER), find_post(PROPERTY),
                       actor=web.user("hr"))


def test_no_correction_once_hr_decided_or_the_round_is_past_review(registered):
    hr = web.user("hr")
    data = ApplicantData(name="陈喆", gender="女", education="硕士研究生")
    rs.decide_rule(registered, 0, "met", "学历证书核验无误", actor=hr)
    with pytest.raises(RecruitmentError, match="人事已对这份报名作出认定"):
        edit_applicant(registered, data, find_post(PROPERTY), actor=hr)
    db.session.rollback()  # the decision goes too
    registered.vacancy.round.status = RoundStatus.EXAMINING.value
    db.session.commit()
    with pytest.raises(RecruitmentError, match="本轮已进入“考试”阶段，报名信息不能再修改"):
        edit_applicant(registered, data, find_post(PROPERTY), actor=hr)


def test_the_edit_page_is_prefilled_linked_and_never_shows_the_whole_id_number(as_hr, registered):
    application_page = as_hr.get(f"/recruitment/applications/{registered.id}")
    assert page_of(application_page).xpath(f'//a[@href="{edit_url(registered)}"]')
    page = as_hr.get(edit_url(registered))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert page_of(page).xpath('//input[@name="name"]/@value') == ["陈喆"]
    assert page_of(page).xpath('//input[@name="birth_date"]/@value') == ["1980-03-01"]
    assert ID_NUMBER not in html and "13800001234" not in html
    assert "110105********" in html and "直到人事对这份报名作出第一条认定" in html


def test_a_refused_correction_keeps_every_typed_value(as_hr, registered):
    typed = form_of(registered, name="陈喆玥", education="博士研究生", major="图书馆学", certificates="会计证、驾驶证",
                    id_number=id_number("19950301", 3), birth_date="1995-03-01",
                    years_experience="2年6个月")  # odd digit: a man's number
    refused = as_hr.post(edit_url(registered), data=typed)
    assert refused.status_code == 422
    assert any("性别" in error for error in invalid_feedback(refused))
    page = page_of(refused)
    for name in ("name", "education", "major", "certificates", "id_number", "birth_date", "years_experience"):
        assert page.xpath(f'//input[@name="{name}"]/@value') == [typed[name]], name
    db.session.expire_all()
    assert db.session.get(Applicant, registered.applicant_id).name == "陈喆"


def test_a_correction_through_the_page_moves_the_post_and_says_what_changed(as_hr, registered):
    desk = next(v for v in registered.vacancy.round.vacancies if v.post.path == DESK)
    saved = as_hr.post(edit_url(registered), data=form_of(registered, vacancy=str(desk.id), education="硕士研究生"),
                       follow_redirects=True)
    assert saved.status_code == 200, (invalid_feedback(saved), text(saved)[:600])
    assert "已修改 陈喆 的报名信息（2 项）" in text(saved)
    db.session.expire_all()
    assert registered.vacancy_id == desk.id
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recruitment.applicant_edit"))
    assert f"应聘岗位：{PROPERTY} → {DESK}" in entry.summary


def test_after_a_decision_the_page_says_so_and_the_link_is_gone(as_hr, registered):
    rs.decide_rule(registered, 0, "met", "学历证书核验无误", actor=web.user("hr"))
    db.session.commit()
    assert not page_of(as_hr.get(f"/recruitment/applications/{registered.id}")).xpath(
        f'//a[@href="{edit_url(registered)}"]')
    page = as_hr.get(edit_url(registered))
    assert "人事已对这份报名作出认定" in text(page) and not page_of(page).xpath('//input[@type="submit"]')
    refused = as_hr.post(edit_url(registered), data=form_of(registered, education="硕士研究生"))
    assert refused.status_code == 422
    db.session.expire_all()
    assert db.session.get(Applicant, registered.applicant_id).education == "本科"


# ---------------------------------------------------------------- every bad row at once

ROW = ["陈喆", "女", "1990-07-01", "本科", "学士", "汉语言文学", "全日制", "", "", "3", PROPERTY]


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(open_round):
    round_ = open_round()
    rows = [ROW, ["王堃", "X", "1990-13-01", *ROW[3:]], ROW[:10] + ["不存在/岗位"], ["李玥", *ROW[1:9], "好几年", PROPERTY],
            ROW]
    with pytest.raises(SheetProblems) as caught:
        import_applicants(round_, sheet(rows), "报名.csv", actor=web.user("hr"))
    message = str(caught.value)
    assert message.startswith("报名.csv：5 处错误，未写入任何数据")
    for expected in ("第 3 行，性别：“X”应为“男”或“女”", "第 3 行，出生日期：“1990-13-01”不是有效日期",
                     "第 4 行，应聘岗位：找不到岗位“不存在/岗位”", "第 5 行，工作年限：“好几年”不是年数", "第 6 行，姓名：陈喆 与第 2 行重复"):
        assert expected in message
    db.session.rollback()
    assert count(Applicant) == 0


def test_a_sheet_of_many_bad_rows_lists_the_first_ones_and_counts_the_rest(open_round):
    round_ = open_round()
    rows = [[f"人{i}", "女", "1990-02-30", *ROW[3:]] for i in range(MAX_PROBLEMS + 50)]
    with pytest.raises(SheetProblems) as caught:
        import_applicants(round_, sheet(rows), "报名.csv", actor=web.user("hr"))
    assert caught.value.total == MAX_PROBLEMS + 50 and len(caught.value.problems) == MAX_PROBLEMS
    assert str(caught.value).endswith("……另有 50 处错误未列出")


def test_a_single_bad_cell_is_still_one_plain_refusal(open_round):
    with pytest.raises(TableImportError) as caught:
        import_applicants(open_round(), sheet([["王堃", "X", *ROW[2:]]]), "报名.csv", actor=web.user("hr"))
    assert not isinstance(caught.value, SheetProblems) and str(caught.value) == "报名.csv，第 2 行，性别：“X”应为“男”或“女”"


def test_the_import_page_lists_every_bad_row(as_hr, open_round):
    round_ = open_round()
    rows = [["王堃", "X", *ROW[2:]], ["李玥", "女", "1990-13-01", *ROW[3:]]]
    refused = upload(as_hr, f"/recruitment/{round_.id}/applicants/import", sheet(rows), "报名.csv")
    assert refused.status_code == 422
    listed = [" ".join(li.text_content().split()) for li in page_of(refused).find_class("rc-import-problems")[0]]
    assert listed == ["第 2 行，性别：“X”应为“男”或“女”", "第 3 行，出生日期：“1990-13-01”不是有效日期（例如 1990-03-01）"]
    assert count(Applicant) == 0


# ---------------------------------------------------------------- the template

def test_the_template_has_the_columns_marked_an_example_and_imports_as_filled_in(as_hr, open_round):
    round_ = open_round()
    page = as_hr.get(f"/recruitment/{round_.id}/applicants/import")
    link = page_of(page).find_class("rc-template-link")[0].get("href")
    download = as_hr.get(link)
    assert download.status_code == 200 and download.mimetype.endswith("spreadsheetml.sheet")
    workbook = openpyxl.load_workbook(io.BytesIO(download.data))
    sheet_ = workbook.worksheets[0]
    header = [cell.value for cell in sheet_[1]]
    assert header == [*APPLICANT_COLUMNS, *OPTIONAL_APPLICANT_COLUMNS]
    marked = {cell.value for cell in sheet_[1] if cell.font.color is not None and cell.font.color.rgb.endswith("C00000")}
    assert marked == {"姓名", "性别", "出生日期", "应聘岗位"}
    assert all(cell.comment is not None for cell in sheet_[1])
    example = dict(zip(header, (cell.value for cell in sheet_[2]), strict=True))
    assert example["姓名"].startswith("（示例）") and example["应聘岗位"] == PROPERTY
    assert PROPERTY in [row[0] for row in workbook["填写说明"].iter_rows(values_only=True)]

    untouched = upload(as_hr, f"/recruitment/{round_.id}/applicants/import", download.data, "模板.xlsx")
    assert untouched.status_code == 422 and "没有任何报名人员" in text(untouched)  # the example is never imported
    sheet_.append(["王堃", "男", "1995-03-01", "本科", "学士", "会计", "全日制", "", "", "2", PROPERTY,
                   "", "群众", "否", "13900000000", "2019-07"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    done = upload(as_hr, f"/recruitment/{round_.id}/applicants/import", buffer.getvalue(), "报名.xlsx")
    assert done.status_code == 302
    assert [a.name for a in db.session.scalars(select(Applicant))] == ["王堃"]
    assert db.session.scalar(select(Applicant)).work_start == date(2019, 7, 1)
