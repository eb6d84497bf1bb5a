"""Recruitment forms: the HTML before WeasyPrint (content, escaping, masked ID numbers), the PDF text
after it, a head's copy holding only their departments, and `hrflow print application`."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from hrflow.extensions import db
from hrflow.models import RoundStatus, User
from hrflow.posts.queries import find_post
from hrflow.printing.documents import recruitment as printing
from hrflow.recruitment import operations as rs
from hrflow.recruitment.applicants import ApplicantData, add_applicant
from hrflow.recruitment.idcard import check_digit
from hrflow.rules import parse_requirements
from tests.pdfcheck import pdf_fonts, pdf_text

CUTOFF = date(2026, 6, 30)
XSS = "<script>alert(1)</script>"
PROPERTY = "物业管理部/工作人员"
DESK = "办公室/办证咨询"


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def id_number(birth: str, gender_digit: int) -> str:
    first17 = f"110105{birth}12{gender_digit}"
    return first17 + check_digit(first17)


@pytest.fixture
def hr(make_user):
    return make_user("hr")


@pytest.fixture
def round_(seeded, hr, app):
    """Two vacancies, rules corrected to real requirements, four applicants, scored, one proposed, in publicity."""
    round_ = rs.open_round("2026年公开招聘", CUTOFF, actor=hr, posts=[(find_post(PROPERTY), 1), (find_post(DESK), 1)])
    property_vacancy = round_.vacancies[0]
    rs.correct_rules(property_vacancy, parse_requirements(["全日制本科及以上学历", "35周岁以下", "中共党员优先"]),
                     reason="按招聘方案补充条件", actor=hr)

    def add(name: str, path: str = PROPERTY, **fields):
        data = ApplicantData(name=name, gender=fields.pop("gender", "女"),
                                birth_date=fields.pop("birth", date(1995, 3, 1)), education="本科", **fields)
        return add_applicant(round_, data, find_post(path), actor=hr)

    add("陈喆", study_mode="全日制", major=XSS, id_number=id_number("19950301", 2), phone="13800000000")
    add("王堃", study_mode="全日制", gender="男", birth=date(1993, 8, 8))
    add("李玥", study_mode="全日制")
    add("赵敏", study_mode="函授")  # not full-time: not eligible
    add("钱多", DESK)
    rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
    rs.advance_round(round_, RoundStatus.REVIEWING, actor=hr)
    rs.decide_exam(round_.vacancies[1], "proceed", "岗位急需", actor=hr)
    rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    scores = {"陈喆": (80, 90), "王堃": (88, 86), "李玥": (70, 75)}
    for application in property_vacancy.applications:
        if application.applicant.name in scores:
            written, interview = scores[application.applicant.name]
            rs.record_scores(application, actor=hr, written=written, interview=interview)
    rs.propose_hires(property_vacancy, actor=hr)
    # The desk has nobody scored: HR confirms going to 公示 without a hire there.
    rs.advance_round(round_, RoundStatus.PUBLICITY, actor=hr, publicity_start=date(2026, 9, 28),
                     unfilled_confirmed=True)
    db.session.commit()
    return round_


def application_named(round_, name: str):
    return next(a for v in round_.vacancies for a in v.applications if a.applicant.name == name)


def test_announcement_lists_posts_openings_and_requirements(app, round_):
    with app.test_request_context():
        html = printing.vacancies_html(round_)
        data = printing.render_vacancies_pdf(round_)
    assert "招聘岗位表" in html and "2026年公开招聘（公开招聘）" in html
    assert "全日制本科及以上学历" in html  # HR's corrected requirement, not the post's soft items
    assert "共 2 个岗位，招聘 2 人" in html
    text = compact(pdf_text(data))
    for expected in ("招聘岗位表", "物业管理部", "办证咨询", "全日制本科及以上学历", "35周岁以下", "第1页共1页", "市图书馆"):
        assert expected in text, expected


def test_application_form_shows_verdicts_evidence_and_a_masked_id(app, round_):
    chen = application_named(round_, "陈喆")
    full = chen.applicant.id_number
    with app.test_request_context():
        html = printing.application_html(chen)
        data = printing.render_application_pdf(chen)
    assert full not in html and chen.applicant.masked_id_number in html
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "不超过 35 周岁" not in html  # the evidence is shown, not the rule's description
    text = compact(pdf_text(data))
    for expected in ("报名表/资格审查表", "陈喆", "全日制本科及以上学历", "符合", "35周岁以下", "31周岁",
                     "中共党员优先", "审查结论", "审查人签字", chen.applicant.masked_id_number):
        assert expected in text, expected
    assert full not in text
    assert "<script>alert(1)</script>" in text  # printed as text, not run or dropped
    assert "HRFlow-CJK" in pdf_fonts(data)


def test_review_list_says_why_people_are_not_eligible(app, round_):
    with app.test_request_context():
        html = printing.review_html(round_)
    zhao = re.search(r"<tr>.*?赵敏.*?</tr>", html, re.S).group(0)
    assert "不符合" in zhao and "全日制本科及以上学历" in zhao and "函授" in zhao
    assert "报名 4 人：符合 3 人，不符合 1 人，待审核 0 人" in html


def test_score_summary_and_publicity_notice(app, round_):
    with app.test_request_context():
        scores = compact(pdf_text(printing.render_scores_pdf(round_)))
        notice_html = printing.publicity_html(round_)
        notice = compact(pdf_text(printing.render_publicity_pdf(round_)))
    # 王堃 87.00 (88/86) before 陈喆 85.00 (80/90) before 李玥 72.50.
    assert scores.index("王堃") < scores.index("陈喆") < scores.index("李玥")
    assert "87.00" in scores and "85.00" in scores and "72.50" in scores and "拟聘用" in scores
    assert "公示期：2026-09-28 至 2026-10-12（7 个工作日）" in notice_html
    assert "王堃" in notice and "1993.08" in notice and "陈喆" not in notice


def test_a_heads_copy_holds_only_their_departments(client, login, round_, make_user):
    from hrflow.posts.queries import find_department

    login(make_user("head", departments=[find_department("办公室")]))
    response = client.get(f"/print/recruitment/{round_.id}/vacancies.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = compact(pdf_text(response.data))
    assert "办证咨询" in text and "物业管理部" not in text
    assert client.get(f"/print/recruitment/applications/{application_named(round_, '钱多').id}.pdf").status_code == 200
    assert client.get(f"/print/recruitment/applications/{application_named(round_, '陈喆').id}.pdf").status_code == 404


def test_cli_prints_one_applicants_form(round_, runner, tmp_path):
    output = tmp_path / "chen.pdf"
    result = runner.invoke(args=["print", "application", round_.name, "陈喆", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "陈喆" in compact(pdf_text(output.read_bytes()))
    missing = runner.invoke(args=["print", "application", round_.name, "无此人", "-o", str(tmp_path / "x.pdf")])
    assert missing.exit_code == 1 and "没有报名人员" in missing.stderr


def test_the_print_routes_name_the_file(client, login, round_):
    login(db.session.scalar(select(User).where(User.role == "hr")))
    response = client.get(f"/print/recruitment/{round_.id}/publicity.pdf")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]


# ---------------------------------------------------------------- a round's 报名表 as a batch (hrflow.pdf.batch)

def _page_texts(data: bytes) -> list[str]:
    from tests.test_pdf_batch import page_texts

    return page_texts(data)


@pytest.mark.parametrize(("size", "workers"), [(1, 1), (2, 1), (2, 2), (50, 1)])
def test_a_rounds_forms_in_chunks_read_page_for_page_as_the_one_piece_document(app, round_, monkeypatch, size,
                                                                                 workers):
    import io

    monkeypatch.setitem(app.config, "PRINT_CHUNK_FORMS", size)
    with app.test_request_context():
        whole = printing.render_applications_pdf(round_)
        output = io.BytesIO()
        report = printing.write_applications_pdf(round_, None, output, workers=workers)
    expected, got = _page_texts(whole), _page_texts(output.getvalue())
    assert len(expected) == 5 and report.forms == 5  # one page per applicant
    assert got == expected
    assert "第5页共5页" in compact(got[-1]) and "钱多" in got[-1]


def test_a_rounds_forms_have_a_bookmark_per_post_and_applicant(app, round_, monkeypatch):
    import io

    from pypdf import PdfReader

    monkeypatch.setitem(app.config, "PRINT_CHUNK_FORMS", 2)
    output = io.BytesIO()
    with app.test_request_context():
        printing.write_applications_pdf(round_, None, output, workers=1)
    reader = PdfReader(io.BytesIO(output.getvalue()))
    assert [e["/Title"] for e in reader.outline if not isinstance(e, list)] == [PROPERTY, DESK]
    people = [p for e in reader.outline if isinstance(e, list) for p in e]
    assert [p["/Title"] for p in people] == ["陈喆", "王堃", "李玥", "赵敏", "钱多"]
    for person in people:
        assert person["/Title"] in reader.pages[reader.get_destination_page_number(person)].extract_text()


def test_a_heads_copy_of_the_rounds_forms_holds_only_their_departments(client, login, round_, make_user):
    from hrflow.posts.queries import find_department

    login(make_user("head", departments=[find_department("办公室")]))
    response = client.get(f"/print/recruitment/{round_.id}/applications.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = compact(pdf_text(response.data))
    assert "钱多" in text and "陈喆" not in text and "第1页共1页" in text


def test_a_rounds_forms_are_made_in_the_background_for_what_the_starter_may_print(client, login, round_, hr,
                                                                                   make_user):
    import json

    from hrflow.jobs.services import wait_for_all
    from hrflow.posts.queries import find_department

    login(hr)
    page = client.get(f"/recruitment/{round_.id}").get_data(as_text=True)
    assert f"/recruitment/{round_.id}/print-job" in page and "在后台生成全部报名表" in page
    started = client.post(f"/recruitment/{round_.id}/print-job")
    assert started.status_code == 302 and "/jobs/" in started.headers["Location"]
    wait_for_all()
    job = started.headers["Location"].rsplit("/", 1)[-1]
    status = json.loads(client.get(f"/jobs/{job}.json").data)
    assert status["state"] == "done" and status["back"]["url"].endswith(f"/recruitment/{round_.id}")
    assert "全部报名表（2026年公开招聘）" in client.get(f"/jobs/{job}").get_data(as_text=True)
    text = compact(pdf_text(client.get(status["download"]).data))
    assert all(name in text for name in ("陈喆", "王堃", "李玥", "赵敏", "钱多")) and "第5页共5页" in text

    head = make_user("head", departments=[find_department("办公室")])
    login(head)  # a head prints their departments' forms directly: their round page has nothing to press
    assert "print-job" not in client.get(f"/recruitment/{round_.id}").get_data(as_text=True)
    assert client.post(f"/recruitment/{round_.id}/print-job").status_code == 403


def test_cli_prints_every_applicants_form(round_, runner, tmp_path):
    output = tmp_path / "all.pdf"
    result = runner.invoke(args=["print", "applications", round_.name, "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "报名表 5 份，5 页" in result.output
    text = compact(pdf_text(output.read_bytes()))
    assert all(name in text for name in ("陈喆", "王堃", "李玥", "赵敏", "钱多"))
