"""Browser journeys through 网上报名 (docs/portal.md): an applicant registers and confirms the code mailed to a
real SMTP server (tests/mail_server.py), fills the 报名表, uploads a photo and proof, submits, withdraws and
applies to another post (改报), prints the 报名表; HR opens the portal on the round's page, reviews a portal
application with the proof beside its rules, returns it for correction and gives the 初审 result, which the
applicant then reads.

One served hrflow for the module, its mail going to the test SMTP server; HR opens one round on the demo's
two recruitable posts with the portal open. Every journey registers an applicant of its own (own address,
own 身份证号), so the order of the tests does not matter. Every portal page is photographed at 1280 and
390 px wide (tests/artifacts/screenshots/portal-*)."""

from __future__ import annotations

import io
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from hrflow.clock import unit_today
from tests.e2e.conftest import login_as, screenshot
from tests.e2e.test_journeys_recruitment import (
    DESK,
    PROPERTY,
    advance,
    decide_exam,
    enter_scores,
    flash,
    id_number,
    open_round,
    pdf_text,
    propose,
    set_rules,
)
from tests.live import _free_port
from tests.live import live_server as serve
from tests.mail_server import SmtpServer, text_of

ROUND = "2026年公开招聘（网上报名）"
NOTICE = "根据《事业单位公开招聘人员暂行规定》，本馆面向社会公开招聘工作人员。\n报名时间以本页为准。"
PASSWORD = "portal-journey-passphrase-3"
CODE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)
PHONE_WIDTH = 390
_EXPECTED_CONSOLE = ("Failed to load resource",)  # Chromium's line for a 4xx answer the journey expects


@dataclass
class Portal:
    server: object
    smtp: SmtpServer
    round_id: int


@dataclass
class Applicant:
    email: str
    name: str
    id_number: str
    birth: str  # YYYY-MM-DD


# ---------------------------------------------------------------- the served portal, HR opening it

@pytest.fixture(scope="module")
def portal(tmp_path_factory, browser):
    """A served hrflow sending mail to a test SMTP server; HR opens a round on 办证咨询 and 物业管理部/工作人员
    and opens its portal from the round's page (网上报名), published, taking applications from now."""
    smtp = SmtpServer().start()
    port = _free_port()
    overrides = {"HRFLOW_MAIL_SERVER": "127.0.0.1", "HRFLOW_MAIL_PORT": str(smtp.port),
                 "HRFLOW_MAIL_DEFAULT_SENDER": "hr@library.example", "HRFLOW_BASE_URL": f"http://127.0.0.1:{port}"}
    try:
        with serve(tmp_path_factory.mktemp("portal-live"), overrides=overrides, port=port) as server:
            context = _context(browser, server)
            page = context.new_page()
            login_as(page, server, "hr")
            round_id = open_round(page, ROUND, {DESK: 1, PROPERTY: 1})
            set_rules(page, round_id, DESK)  # 全日制本科及以上学历或同等学历; 35周岁以下
            page.goto(f"/recruitment/{round_id}")
            page.locator("a.rc-portal").click()
            page.wait_for_url(f"**/recruitment/{round_id}/portal")
            page.get_by_label("招聘公告").fill(NOTICE)
            expect(page.get_by_label("公开本轮报名页面")).to_be_checked()
            both_widths(page, "portal-hr-opening")
            page.get_by_role("button", name="保存").click()
            expect(flash(page, "网上报名设置已保存。")).to_be_visible()
            expect(page.locator(f'a[href="/apply/rounds/{round_id}"]')).to_contain_text(f"/apply/rounds/{round_id}")
            context.close()
            yield Portal(server, smtp, round_id)
    finally:
        smtp.stop()


def _context(browser, server, *, width: int = 1280):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, base_url=server.url,
                                  accept_downloads=True)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def open_page(browser, portal):
    """A page in a browser context of its own; any console error (a CSP violation, a script error) fails the
    test afterwards."""
    contexts = []

    def opened() -> Page:
        context = _context(browser, portal.server)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        return page

    yield opened
    unexpected = [error for context in contexts for page in context.pages for error in page.console_errors
                  if not error.startswith(_EXPECTED_CONSOLE)]
    for context in contexts:
        context.close()
    assert unexpected == [], "console errors in the browser"


# ---------------------------------------------------------------- helpers

def both_widths(page: Page, name: str) -> None:
    """The page at a desktop's width and at a phone's; nothing may stick out sideways on the phone."""
    screenshot(page, name)
    size = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    try:
        screenshot(page, f"{name}-phone")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name}: the page is {overflow}px wider than a phone"
    finally:
        page.set_viewport_size(size)


def new_applicant(serial: str, *, birth: str = "1995-03-01") -> Applicant:
    """An address and a 身份证号 of its own (an odd last serial digit: a man)."""
    return Applicant(email=f"applicant-{secrets.token_hex(4)}@example.com", name=f"王{serial}",
                     id_number=id_number(birth.replace("-", ""), int(serial) % 10), birth=birth)


def mailed_code(smtp: SmtpServer, address: str) -> str:
    """The code in the newest mail to `address` (waiting for it to arrive)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with smtp.lock:
            mails = [m for m in smtp.messages if m["To"] == address]
        if mails:
            return CODE.search(text_of(mails[-1])).group(1)
        time.sleep(0.1)
    raise AssertionError(f"no mail to {address}")


def register(page: Page, portal: Portal, applicant: Applicant, *, shots: bool = False) -> None:
    """From the public list of rounds: the round's page, 注册, the mailed code, 确认."""
    page.goto("/apply/")
    page.get_by_role("link", name=ROUND).click()
    expect(page.locator(".portal-notice")).to_contain_text("本馆面向社会公开招聘工作人员")
    expect(page.locator("table.portal-posts")).to_contain_text(DESK)
    if shots:
        both_widths(page, "portal-round")
    page.get_by_role("link", name="注册", exact=True).click()
    page.get_by_label("电子邮箱").fill(applicant.email)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.get_by_label("手机号码（仅用于联系）").fill("13800000000")
    page.get_by_label("我已阅读并同意《个人信息处理说明》：报名信息仅用于本次招聘").check()
    if shots:
        both_widths(page, "portal-register")
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/apply/confirm")
    expect(flash(page, f"验证码已发送到 {applicant.email}")).to_be_visible()
    if shots:
        both_widths(page, "portal-confirm")
    code = mailed_code(portal.smtp, applicant.email)
    page.get_by_label("邮箱验证码").fill(code)
    page.get_by_role("button", name="确认").click()
    page.wait_for_url("**/apply/me")
    expect(flash(page, "邮箱已确认。")).to_be_visible()


def study_row(page: Page, index: int):
    return page.locator("table.portal-study tbody tr").nth(index)


def fill_entry(page: Page, applicant: Applicant, post: str) -> None:
    """The 报名表: personal data, one 学习经历 and one 工作经历 row."""
    page.get_by_label("应聘岗位").select_option(label=post)
    page.get_by_label("姓名").fill(applicant.name)
    page.get_by_label("男", exact=True).check()
    page.get_by_label("出生日期").fill(applicant.birth)
    page.get_by_label("身份证号").fill(applicant.id_number)
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("政治面貌").select_option("群众")
    page.get_by_label("证书（每行一个）").fill("计算机二级")
    study = study_row(page, 0)
    study.get_by_label("起始年月").fill("2013-09")
    study.get_by_label("结束年月").fill("2017-07")
    study.get_by_label("学校").fill("南京大学")
    study.get_by_label("学历").select_option("本科")
    study.get_by_label("学位").select_option("学士")
    study.get_by_label("专业").fill("图书馆学")
    study.get_by_label("学习形式").select_option("全日制")
    work = page.locator("table.portal-work tbody tr").first
    work.get_by_label("起始年月").fill("2017-08")
    work.get_by_label("工作单位").fill("某区图书馆")
    work.get_by_label("岗位/职务").fill("馆员")


def photo_file(folder: Path) -> Path:
    path = folder / "证件照.png"
    Image.new("RGB", (300, 400), (40, 120, 200)).save(path, "PNG")
    return path


def proof_file(folder: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = folder / "学历证书.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def upload(page: Page, kind: str, path: Path) -> None:
    form = page.locator("form.portal-upload")
    form.get_by_label("材料类别").select_option(label=kind)
    form.get_by_label("文件（PDF、JPG 或 PNG）").set_input_files(path)
    form.get_by_role("button", name="上传").click()
    expect(flash(page, "材料已上传。")).to_be_visible()


def submit(page: Page) -> int:
    """Pledge and submit; returns the 报名号."""
    page.get_by_label("本人承诺：所填信息及所交材料真实准确，如有虚假，自愿取消应聘资格").check()
    page.get_by_role("button", name="提交报名").click()
    message = flash(page, "报名已提交")
    expect(message).to_be_visible()
    return int(re.search(r"报名号 (\d+)", message.inner_text()).group(1))


def applied(page: Page, portal: Portal, applicant: Applicant, tmp_path: Path, *, post: str = DESK) -> int:
    """Registered, confirmed, the 报名表 filled, photo and 学历 proof uploaded, submitted: the 报名号."""
    register(page, portal, applicant)
    page.goto(f"/apply/rounds/{portal.round_id}/form")
    fill_entry(page, applicant, post)
    page.get_by_role("button", name="保存草稿").click()
    expect(flash(page, "草稿已保存。")).to_be_visible()
    upload(page, "照片", photo_file(tmp_path))
    upload(page, "学历", proof_file(tmp_path))
    return submit(page)


# ---------------------------------------------------------------- journeys

def test_portal_applicant_registers_and_confirms_the_mailed_code(open_page, portal):
    page = open_page()
    page.goto("/apply/")
    both_widths(page, "portal-index")
    applicant = new_applicant("101")
    page.get_by_role("link", name="登录").click()
    both_widths(page, "portal-login")
    page.get_by_role("link", name="忘记密码？").click()
    both_widths(page, "portal-forgot")

    register(page, portal, applicant, shots=True)
    mail = next(m for m in portal.smtp.messages if m["To"] == applicant.email)
    assert "网上报名邮箱验证码" in mail["Subject"]
    assert "30 分钟内有效" in text_of(mail)
    expect(page.locator(".portal-account")).to_have_text(applicant.email)
    expect(page.locator("tr.portal-entry-row")).to_have_count(0)
    both_widths(page, "portal-mine-empty")

    # Signed out and in again with the address and password; a staff page stays out of reach.
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/apply/")
    page.get_by_role("link", name="登录").click()
    page.get_by_label("电子邮箱").fill(applicant.email)
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".portal-error")).to_have_text("邮箱或密码不正确。")
    expect(page.get_by_label("电子邮箱")).to_have_value(applicant.email)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/apply/me")
    page.goto("/recruitment/")
    assert "/login" in page.url  # staff pages know no applicant


def test_portal_applicant_fills_the_form_uploads_and_submits(open_page, portal, tmp_path):
    page = open_page()
    applicant = new_applicant("103")
    register(page, portal, applicant)
    page.get_by_role("link", name=ROUND).click()
    page.get_by_role("link", name="我要报名").click()
    page.wait_for_url(f"**/apply/rounds/{portal.round_id}/form")
    expect(page.locator(".portal-precheck")).to_contain_text("保存草稿（选好岗位并填写姓名、性别）后显示预检结果。")
    both_widths(page, "portal-entry-new")

    # A birth date that disagrees with the 身份证号 is refused, and everything typed stays.
    fill_entry(page, applicant, DESK)
    page.get_by_label("出生日期").fill("1996-03-01")
    page.get_by_role("button", name="保存草稿").click()
    birth = page.get_by_label("出生日期")
    expect(birth).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#birth_date-error")).to_have_text("出生日期与身份证号（1995-03-01）不一致")
    expect(page.get_by_label("姓名")).to_have_value(applicant.name)
    expect(study_row(page, 0).get_by_label("学校")).to_have_value("南京大学")
    expect(page.locator("table.portal-work tbody tr").first.get_by_label("工作单位")).to_have_value("某区图书馆")
    page.get_by_label("出生日期").fill(applicant.birth)
    page.get_by_role("button", name="保存草稿").click()
    expect(flash(page, "草稿已保存。")).to_be_visible()

    # The advisory pre-check reads the saved rows with the review's rules.
    precheck = page.locator(".portal-verdict")
    expect(precheck.filter(has_text="全日制本科及以上学历或同等学历").locator(".badge")).to_have_text("符合")
    expect(precheck.filter(has_text="35周岁以下").locator(".badge")).to_have_text("符合")
    expect(page.locator(".portal-missing")).to_have_text("提交前还需：照片")

    # Submitting without the photo is refused.
    page.get_by_label("本人承诺：所填信息及所交材料真实准确，如有虚假，自愿取消应聘资格").check()
    page.get_by_role("button", name="提交报名").click()
    expect(page.locator(".portal-error")).to_contain_text("提交前请填写：照片")

    upload(page, "照片", photo_file(tmp_path))
    upload(page, "学历", proof_file(tmp_path))
    files = page.locator(".portal-files li")
    expect(files).to_have_count(2)
    expect(files.filter(has_text="学历证书.pdf").locator(".badge")).to_have_text("学历")
    expect(page.locator("img.portal-photo")).to_be_visible()
    assert page.locator("img.portal-photo").evaluate("image => image.naturalWidth") == 300  # served to its owner
    expect(page.locator(".portal-missing")).to_have_count(0)
    both_widths(page, "portal-entry-draft")

    number = submit(page)
    expect(page.locator(".portal-state")).to_have_text("已提交")
    expect(page.get_by_text(f"报名号：{number}")).to_be_visible()
    expect(page.get_by_label("姓名")).to_be_disabled()
    expect(page.locator("form.portal-upload")).to_have_count(0)
    both_widths(page, "portal-entry-submitted")

    page.get_by_role("link", name="我的报名").click()
    row = page.locator("tr.portal-entry-row")
    expect(row).to_contain_text(ROUND)
    expect(row).to_contain_text(DESK)
    expect(row).to_contain_text("已提交")
    both_widths(page, "portal-mine")


def test_portal_applicant_withdraws_and_applies_to_another_post(open_page, portal, tmp_path):
    page = open_page()
    applicant = new_applicant("105")
    first = applied(page, portal, applicant, tmp_path, post=DESK)

    page.get_by_role("button", name="撤回报名（改报）").click()
    expect(flash(page, "报名已撤回，可修改后重新提交。")).to_be_visible()
    expect(page.locator(".portal-state")).to_have_text("草稿")
    expect(page.get_by_text(f"报名号：{first}")).to_have_count(0)
    # Everything typed and uploaded stays for the new post.
    expect(page.get_by_label("姓名")).to_have_value(applicant.name)
    expect(page.locator(".portal-files li")).to_have_count(2)

    page.get_by_label("应聘岗位").select_option(label=PROPERTY)
    submit(page)
    page.get_by_role("link", name="我的报名").click()
    rows = page.locator("tr.portal-entry-row")
    expect(rows).to_have_count(1)  # one post per round
    expect(rows).to_contain_text(PROPERTY)
    expect(rows).to_contain_text("已提交")


def test_portal_hr_reviews_with_the_proof_returns_it_and_gives_the_result(open_page, portal, tmp_path):
    page = open_page()
    applicant = new_applicant("107")
    number = applied(page, portal, applicant, tmp_path)

    hr = open_page()
    login_as(hr, portal.server, "hr")
    hr.goto(f"/recruitment/{portal.round_id}")
    hr.locator(".rc-tabs").get_by_role("link", name="报名人员").click()
    hr.get_by_role("link", name=applicant.name).click()
    hr.wait_for_url(f"**/recruitment/applications/{number}")
    education = hr.locator("tr.verdict-row").filter(has_text="全日制本科及以上学历或同等学历")
    proof = education.locator("a.portal-proof")
    expect(proof).to_have_text("证明材料：学历证书.pdf")
    answer = hr.request.get(proof.get_attribute("href"))
    assert answer.status == 200 and answer.body().startswith(b"%PDF-")
    card = hr.locator("#portal")
    expect(card.locator(".portal-hr-state")).to_have_text("已提交")
    expect(card.locator("img")).to_be_visible()
    both_widths(hr, "portal-hr-review")

    # Returned without a reason: refused; with one: the applicant reads it.
    card.get_by_role("button", name="退回修改").click()
    # Refused beside the reason box, on the review screen itself.
    expect(hr.locator("#portal .invalid-feedback", has_text="退回修改必须写明原因")).to_be_visible()
    hr.locator("#portal").get_by_label("原因").fill("学历证书扫描件不清晰，请重新上传")
    hr.locator("#portal").get_by_role("button", name="退回修改").click()
    expect(flash(hr, "报名表已退回申请人修改。")).to_be_visible()
    expect(hr.locator("#portal .portal-hr-state")).to_have_text("退回修改")

    page.get_by_role("link", name="我的报名").click()
    expect(page.locator("tr.portal-entry-row")).to_contain_text("退回原因：学历证书扫描件不清晰，请重新上传")
    page.get_by_role("link", name="查看").click()
    expect(page.locator(".portal-returned")).to_contain_text("人事退回修改：学历证书扫描件不清晰，请重新上传")
    both_widths(page, "portal-entry-returned")
    page.locator(".portal-files li").filter(has_text="学历证书.pdf").get_by_role("button", name="删除").click()
    expect(flash(page, "材料已删除。")).to_be_visible()
    upload(page, "学历", proof_file(tmp_path))
    assert submit(page) == number  # the same application, corrected

    # HR gives the 初审 result the review reached; the applicant sees it.
    hr.reload()
    expect(hr.locator("#portal .portal-hr-state")).to_have_text("已提交")
    hr.locator("#portal").get_by_label("原因").fill("符合报名条件")
    hr.locator("#portal").get_by_role("button", name="告知初审结果").click()
    expect(flash(hr, "初审结果已告知申请人。")).to_be_visible()
    expect(hr.locator("#portal")).to_contain_text("初审结果：通过 · 符合报名条件")

    page.reload()
    expect(page.locator(".portal-decided")).to_have_text(re.compile(r"初审结果：通过\s*· 原因：符合报名条件"))
    expect(page.locator(".portal-withdraw")).to_have_count(0)  # HR has decided: no 改报
    both_widths(page, "portal-entry-decided")
    page.get_by_role("link", name="我的报名").click()
    expect(page.locator("td.portal-result")).to_contain_text("通过")


def test_portal_applicant_prints_the_entry_form(open_page, portal, tmp_path):
    page = open_page()
    applicant = new_applicant("109")
    number = applied(page, portal, applicant, tmp_path)

    link = page.get_by_role("link", name="打印报名表 (PDF)")
    answer = page.request.get(link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    text = re.sub(r"\s+", "", pdf_text(answer.body()))  # the title's letters stand apart
    assert applicant.name in text
    assert f"报名号：{number}" in text
    assert "南京大学图书馆学" in text and "某区图书馆馆员" in text
    assert "诚信承诺" in text
    assert DESK in text
    assert applicant.id_number not in text  # masked on paper

    # Another applicant's file is not theirs to read.
    other = open_page()
    register(other, portal, new_applicant("111"))
    photo = page.locator("img.portal-photo").get_attribute("src")
    assert other.request.get(photo).status == 404
    assert page.request.get(photo).status == 200


# ---------------------------------------------------------------- 考场与准考证, 成绩与公示 (a round of their own each)

def round_in_exam(hr: Page, portal: Portal, page: Page, applicant: Applicant, tmp_path: Path, name: str) -> tuple[int, int]:
    """HR opens a round of its own on 办证咨询 with its portal; the applicant applies to it; HR gives the 初审
    result (通过) and takes the round into 考试 (1 qualified for 1 opening: HR records the exam goes ahead).
    Returns (round id, 报名号)."""
    round_id = open_round(hr, name, {DESK: 1})
    set_rules(hr, round_id, DESK)
    hr.goto(f"/recruitment/{round_id}/portal")
    hr.get_by_label("招聘公告").fill(NOTICE)
    hr.get_by_role("button", name="保存").click()
    expect(flash(hr, "网上报名设置已保存。")).to_be_visible()

    register(page, portal, applicant)
    page.goto(f"/apply/rounds/{round_id}/form")
    fill_entry(page, applicant, DESK)
    page.get_by_role("button", name="保存草稿").click()
    expect(flash(page, "草稿已保存。")).to_be_visible()
    upload(page, "照片", photo_file(tmp_path))
    number = submit(page)

    hr.goto(f"/recruitment/applications/{number}")
    hr.locator("#portal").get_by_label("原因").fill("符合报名条件")
    hr.locator("#portal").get_by_role("button", name="告知初审结果").click()
    expect(flash(hr, "初审结果已告知申请人。")).to_be_visible()
    advance(hr, round_id, "已发布")
    advance(hr, round_id, "资格审查")
    decide_exam(hr, round_id, DESK)
    advance(hr, round_id, "考试")
    return round_id, number


def test_portal_applicant_prints_the_admission_ticket(open_page, portal, tmp_path):
    page, hr = open_page(), open_page()
    login_as(hr, portal.server, "hr")
    applicant = new_applicant("113")
    round_id, number = round_in_exam(hr, portal, page, applicant, tmp_path, "2026年公开招聘（考场编排）")

    # HR sets up a room from the round page, arranges, and releases the 准考证.
    hr.goto(f"/recruitment/{round_id}")
    hr.locator("a.rc-arrangement").click()
    hr.wait_for_url(f"**/recruitment/{round_id}/arrangement")
    form = hr.locator("form.rc-room-form")
    expect(form.get_by_label("考场号")).to_have_value("1")
    form.get_by_label("座位数").fill("30")
    form.get_by_label("考点及考场地址").fill("市图书馆三楼报告厅")
    form.get_by_label("笔试开始（北京时间）").fill("2026-08-15T09:00")
    form.get_by_label("笔试结束（北京时间）").fill("2026-08-15T11:00")
    form.get_by_role("button", name="添加考场").click()
    expect(flash(hr, "已添加第1考场。")).to_be_visible()
    hr.get_by_role("button", name="自动编排").click()
    expect(flash(hr, "已编排考场：1 人。")).to_be_visible()
    seat = hr.locator("tr.seat-row")
    expect(seat).to_have_count(1)
    ticket = seat.locator("td").first.inner_text().strip()
    assert re.fullmatch(rf"2026{round_id % 1000:03d}0101", ticket)
    screenshot(hr, "portal-hr-arrangement")
    sheet = hr.request.get(hr.get_by_role("link", name="考场签到表 (PDF)").get_attribute("href"))
    assert sheet.status == 200 and applicant.name in re.sub(r"\s+", "", pdf_text(sheet.body()))

    # Before the release the applicant has no 准考证.
    page.get_by_role("link", name="我的报名").click()
    expect(page.get_by_role("link", name="打印准考证")).to_have_count(0)
    assert page.request.get(f"/apply/rounds/{round_id}/admission.pdf").status == 404

    hr.get_by_role("button", name="发放准考证").click()
    expect(flash(hr, "准考证已发放：1 人；网上报名的考生已收到邮件通知。")).to_be_visible()
    expect(hr.get_by_role("button", name="重新自动编排")).to_have_count(0)  # fixed now
    deadline = time.monotonic() + 30
    while not [m for m in portal.smtp.messages if m["To"] == applicant.email and "准考证已发放" in m["Subject"]]:
        assert time.monotonic() < deadline, "no 准考证 mail"
        time.sleep(0.1)
    mail = next(m for m in portal.smtp.messages if m["To"] == applicant.email and "准考证已发放" in m["Subject"])
    assert f"准考证号：{ticket}" in text_of(mail)

    page.reload()
    card = page.locator(".portal-exam")
    expect(card.locator(".portal-ticket")).to_have_text(ticket)
    expect(card).to_contain_text("第1考场，1 号座位")
    both_widths(page, "portal-mine-admission")
    answer = page.request.get(card.get_by_role("link", name="打印准考证").get_attribute("href"))
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    text = re.sub(r"\s+", "", pdf_text(answer.body()))
    assert "准考证" in text and ticket in text and applicant.name in text and applicant.id_number in text
    assert "第1考场" in text and "市图书馆三楼报告厅" in text and "2026年08月15日09:00" in text and "考生须知" in text
    assert f"报名号：{number}" in text

    # Nobody else's.
    other = open_page()
    register(other, portal, new_applicant("115"))
    assert other.request.get(f"/apply/rounds/{round_id}/admission.pdf").status == 404


def test_portal_hr_publishes_scores_and_the_publicity_list(open_page, portal, tmp_path):
    page, hr = open_page(), open_page()
    login_as(hr, portal.server, "hr")
    applicant = new_applicant("117")
    round_id, _number = round_in_exam(hr, portal, page, applicant, tmp_path, "2026年公开招聘（成绩公布）")
    enter_scores(hr, round_id, {applicant.name: (80, 91)})

    # Not before HR publishes them.
    page.get_by_role("link", name="我的报名").click()
    expect(page.locator(".portal-scores")).to_have_count(0)
    hr.goto(f"/recruitment/{round_id}/scores")
    hr.get_by_role("button", name="向考生公布成绩").click()
    expect(flash(hr, "成绩已公布，考生可在“我的报名”查看本人成绩；已邮件通知 1 人。")).to_be_visible()
    expect(hr.locator(".rc-scores-published")).to_contain_text("成绩已于")

    page.reload()
    scores = page.locator(".portal-scores")
    expect(scores.locator(".portal-written")).to_have_text("80.00")
    expect(scores.locator(".portal-interview")).to_have_text("91.00")
    expect(scores.locator(".portal-composite")).to_have_text("85.50")
    both_widths(page, "portal-mine-scores")

    # 拟聘用, then 公示: the round's public page shows the list and where to object.
    propose(hr, round_id, DESK, applicant.name)
    advance(hr, round_id, "公示", publicity_start=unit_today())
    page.reload()
    expect(page.locator(".portal-standing")).to_have_text("拟聘用人选（进入体检、考察）")
    visitor = open_page()
    visitor.goto(f"/apply/rounds/{round_id}")
    board = visitor.locator(".portal-publicity")
    expect(board.locator("tr.portal-hire")).to_have_count(1)
    expect(board.locator("tr.portal-hire")).to_contain_text(applicant.name)
    expect(board.locator("tr.portal-hire")).to_contain_text("85.50")
    expect(board.locator(".portal-publicity-period")).to_contain_text(re.compile(r"公示期：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}"))
    expect(board.locator(".portal-objections")).to_contain_text("如对拟聘用人员有异议")
    expect(board).not_to_contain_text(applicant.id_number)
    both_widths(visitor, "portal-round-publicity")
