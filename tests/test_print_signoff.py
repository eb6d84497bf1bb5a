"""Printed forms: no signature block ever stands alone on a page. Each recruitment and assessment form is
rendered with enough in it to run onto another page, and the last page must hold more than the sign-off
lines (static/css/print.css keeps each sign-off with what comes before it). The 报名表 of a usual applicant
is one A4 page with its photo box, 学习及工作经历 and 诚信承诺; the 资格审查结果名单 prints birth months."""

from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from hrflow.extensions import db
from hrflow.models import RoundStatus
from hrflow.posts.operations import edit_post
from hrflow.posts.queries import find_post
from hrflow.printing.documents import assessment as assessment_printing
from hrflow.printing.documents import posts as post_printing
from hrflow.printing.documents import recruitment as printing
from hrflow.recruitment import operations as rs
from hrflow.recruitment.applicants import ApplicantData, add_applicant, import_applicants
from hrflow.rules import parse_requirements
from tests import test_assessment_pdf as assessment_pdf
from tests.pdfcheck import pdf_pages
from tests.test_recruitment_services import HEADER, sheet

CUTOFF = date(2026, 6, 30)
PROPERTY = "物业管理部/工作人员"
graded_unit, form_of = assessment_pdf.graded_unit, assessment_pdf.form_of  # a 2025 cycle, notified
FRAME = re.compile(r"第\d+页共\d+页")


def page_text(data: bytes, page: int) -> str:
    """One page's text without spaces or line breaks (NFKC: the font may map 日 to the radical ⽇)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(data)
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), file.name, "-"], capture_output=True,
                              text=True, check=True).stdout
    return plain(text)


def plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def literal(*lines: str) -> tuple[str, ...]:
    """Sign-off lines as the patterns beyond_signoff takes."""
    return tuple(re.escape(plain(line)) for line in lines)


def beyond_signoff(data: bytes, page: int, signoff: tuple[str, ...]) -> str:
    """What a page holds besides its sign-off lines (patterns on plain text) and the page frame."""
    text = FRAME.sub("", page_text(data, page))
    for pattern in (*signoff, *literal("市图书馆")):
        text = re.sub(pattern, "", text)
    return text


@pytest.fixture
def hr(make_user):
    return make_user("hr")


@pytest.fixture
def round_(seeded, hr):
    round_ = rs.open_round("2026年公开招聘", CUTOFF, actor=hr, posts=[(find_post(PROPERTY), 1)])
    rs.correct_rules(round_.vacancies[0], parse_requirements(["全日制本科及以上学历", "35周岁以下", "中共党员优先"]),
                     reason="按招聘方案补充条件", actor=hr)
    db.session.commit()
    return round_


def crowd(round_, hr, first: int, last: int) -> None:
    """Applicants 报名人<first> … 报名人<last - 1>, born in August 1993."""
    rows = [[f"报名人{i:03d}", "女", "1993-08-15", "本科", "学士", "汉语言文学", "全日制", "", "", "3", PROPERTY]
            for i in range(first, last)]
    import_applicants(round_, sheet(rows, HEADER), "报名.csv", actor=hr)
    db.session.commit()
    db.session.expire_all()


def assert_never_alone(pdf: bytes, signoff: tuple[str, ...], body: str) -> None:
    """The last page holds, besides its sign-off lines and the page frame, some of the form's body (`body`,
    a pattern)."""
    last = pdf_pages(pdf)
    rest = beyond_signoff(pdf, last, signoff)
    assert re.search(body, rest), f"page {last} of {last} holds only the sign-off: {page_text(pdf, last)}"


# ---------------------------------------------------------------- 报名表 / 资格审查表

TYPICAL = ApplicantData(name="陈喆", gender="女", birth_date=date(1995, 3, 1), phone="13800001234", education="本科",
                        degree="学士", major="汉语言文学", study_mode="全日制", title="助理馆员", certificates=["计算机二级"],
                        years_experience=3, political_status="中共党员", bianzhi=False, work_start=date(2021, 7, 1))
PROMISE = ("本人已阅读招聘公告及岗位条件，所填报名信息和提交的证件、材料真实、准确、有效。如有弄虚作假或不符合报名条件的情形，"
           "本人自愿放弃报名和聘用资格，并承担相应责任。")
APPLICATION_SIGNOFF = literal(PROMISE, "诚信承诺", "本人签名：", "日期：年月日", "审查结论", "符合", "不符合", "待审核",
                               "审查日期", "审查人签字", "复核人签字", "报名表/资格审查表")


def test_a_usual_application_form_is_one_page_with_photo_box_history_and_promise(app, round_, hr):
    application = add_applicant(round_, TYPICAL, find_post(PROPERTY), actor=hr)
    with app.test_request_context():
        html = printing.application_html(application)
        pdf = printing.render_application_pdf(application)
    assert pdf_pages(pdf) == 1
    text = page_text(pdf, 1)
    for expected in ("贴照片处", "学习及工作经历", "汉语言文学专业", "本科（全日制）、学士", "2021.07参加工作",
                     "累计工作年限3年", "诚信承诺", "本人签名：", "日期：", "审查人签字", "1995.03"):
        assert plain(expected) in text, expected
    assert html.count('class="ap-blank"') == 2  # four lines of 学习及工作经历, two known: two to fill by hand


@pytest.mark.parametrize("extra_rules", [2, 3, 4])  # without print.css's rules: the sign-off alone
def test_the_application_forms_sign_off_never_stands_alone(app, round_, hr, extra_rules):
    rules = ["全日制本科及以上学历", "35周岁以下", *(f"具有{n}年以上相关工作经历者优先" for n in range(1, extra_rules + 1))]
    rs.correct_rules(round_.vacancies[0], parse_requirements(rules), reason="按招聘方案补充条件", actor=hr)
    application = add_applicant(round_, TYPICAL, find_post(PROPERTY), actor=hr)
    with app.test_request_context():
        pdf = printing.render_application_pdf(application)
    assert pdf_pages(pdf) == 2
    assert_never_alone(pdf, APPLICATION_SIGNOFF, r"优先|基本条件")


# ---------------------------------------------------------------- round lists

def test_the_review_and_score_lists_keep_their_sign_off_with_the_last_applicants(app, round_, hr):
    """The lists end with a count, notes and 单位/制表日期: on their last page there is always an applicant too."""
    crowd(round_, hr, 0, 22)
    with app.test_request_context():
        html = printing.review_html(round_)
        assert "1993.08" in html and "1993-08-15" not in html and "<th>出生年月</th>" in html
        for count in (23, 24, 25):  # without print.css's rules, 24 and 25 (review) or 23 and 24 (scores) do not
            crowd(round_, hr, count - 1, count)
            for render in (printing.render_review_pdf, printing.render_scores_pdf):
                pdf = render(round_)
                last = pdf_pages(pdf)
                assert re.search(r"报名人\d{3}", page_text(pdf, last)), (render.__name__, count, page_text(pdf, last))


def test_the_publicity_notice_signs_off_with_its_hires(app, round_, hr):
    crowd(round_, hr, 0, 3)
    rs.advance_round(round_, RoundStatus.ANNOUNCED, actor=hr)
    rs.advance_round(round_, RoundStatus.REVIEWING, actor=hr)
    rs.advance_round(round_, RoundStatus.EXAMINING, actor=hr)
    for rank, application in enumerate(round_.vacancies[0].applications):
        rs.record_scores(application, actor=hr, written=80, interview=70 + rank)  # no tie: one is proposed
    rs.propose_hires(round_.vacancies[0], actor=hr)
    db.session.commit()
    with app.test_request_context():
        pdf = printing.render_publicity_pdf(round_)
    assert re.search(r"报名人\d{3}", page_text(pdf, pdf_pages(pdf)))


# ---------------------------------------------------------------- 岗位说明书, 年度考核登记表

@pytest.mark.parametrize("duties", [24, 25, 26])  # without print.css's rules 24 and 25 leave the 版本 line (nearly) alone
def test_the_post_descriptions_closing_line_never_stands_alone(app, seeded, hr, duties):
    post = find_post(PROPERTY)
    edit_post(post, {"duties": [f"负责第{i}项物业管理工作，做好设施设备的日常巡查、维护和记录" for i in range(duties)]},
              actor=hr, reason="补充岗位职责")
    with app.test_request_context():
        pdf = post_printing.render_post_description_pdf(post)
    assert pdf_pages(pdf) == 2
    assert_never_alone(pdf, (r"版本第\d+版生效日期[\d-]+", *literal("岗位说明书", "考核标准")), r"\d+\.\S")


@pytest.mark.parametrize("paragraphs", [29, 30, 31])  # without print.css's rules 30 and 31 leave 本人签名 alone
def test_the_assessment_forms_signature_stays_with_a_long_self_summary(app, graded_unit, paragraphs):
    form = form_of(graded_unit.cycle, graded_unit.rare)
    form.self_summary = "\n".join(f"第{i}段：全年完成借阅服务和读者活动，参加业务培训，按时完成领导交办的各项工作。"
                                  for i in range(paragraphs))
    with app.test_request_context():
        pdf = assessment_printing.render_assessment_form_pdf(form)
    pages = [page_text(pdf, page) for page in range(1, pdf_pages(pdf) + 1)]
    signed = next(text for text in pages if "本人签名" in text)  # the front's: the summary's signature
    assert "主管领导" not in signed  # the back starts on a page of its own
    assert re.search(r"第\d+段:全年完成", signed), signed
    assert re.search(r"本人签名:.*主管领导|主管领导.*本人签名", pages[-1])  # the back ends the form
