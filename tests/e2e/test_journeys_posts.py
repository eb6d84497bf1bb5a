"""Journeys on the post table: HR imports and edits, a head's view of their departments, an employee's
own post and its PDF, the booklet made in the background."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.conftest import SEED
from tests.e2e.conftest import add_user, login_as, post_id, screenshot, unlinked_staff_no


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_hr_imports_a_new_table_after_checking_the_preview(page, live_server, live_db, tmp_path):
    # The seed table with one changed duty and a department label that no longer matches its seats.
    text = SEED.read_text(encoding="utf-8")
    assert text.count("技术保障中心2人") == 1 and text.count("\t做好机房的管理工作；") == 1
    changed = text.replace("技术保障中心2人", "技术保障中心3人").replace(
        "\t做好机房的管理工作；", "\t负责数字资源平台的日常维护；做好机房的管理工作；"
    )
    upload = tmp_path / "岗位表-2026.txt"
    upload.write_text(changed, encoding="utf-8")

    login_as(page, live_server, "hr")
    page.get_by_role("link", name="导入岗位表", exact=True).click()
    page.get_by_label("岗位表文件").set_input_files(upload)
    page.get_by_role("button", name="检查（不写入）").click()

    expect(page.get_by_text("以下是“岗位表-2026.txt”的检查结果，尚未写入。")).to_be_visible()
    warnings = page.get_by_role("status").filter(has_text="请核对以下")
    expect(warnings).to_contain_text("部门“技术保障中心”标注 3人，但各岗位合计设岗 2 人")
    changed_list = page.locator("details", has=page.get_by_text("有变更的岗位"))
    expect(changed_list.get_by_role("listitem")).to_have_text([re.compile("技术保障中心.*工作人员")])
    expect(page.get_by_role("table")).to_contain_text("技术保障中心")
    screenshot(page, "hr-import-preview", docs=True)

    page.get_by_role("button", name="确认导入").first.click()
    expect(page.get_by_role("alert").filter(has_text="已导入 岗位表-2026.txt")).to_contain_text("变更 1")
    page.goto(f"/posts/{post_id(live_db, '技术保障中心', '工作人员')}")
    expect(page.get_by_text("第 2 版").first).to_be_visible()
    expect(page.get_by_text("负责数字资源平台的日常维护").first).to_be_visible()  # the diff shows it too
    screenshot(page, "hr-post-new-version")


def test_hr_edits_a_post_and_must_give_a_reason(page, live_server, live_db):
    login_as(page, live_server, "hr")
    page.goto(f"/posts/{post_id(live_db, '特藏部', '工作人员')}")
    page.get_by_role("link", name="编辑").click()
    duties = page.get_by_label("岗位职责")
    duties.fill(duties.input_value() + "\n负责特藏文献的数字化整理。")
    page.get_by_role("button", name="保存为新版本").click()

    # Refused: the message sits under the reason field and the new duty is still there.
    reason = page.get_by_label("修改原因")
    expect(reason).to_have_class(re.compile("is-invalid"))
    expect(page.locator(".invalid-feedback", has_text="请填写修改原因")).to_be_visible()
    expect(reason.locator("xpath=following-sibling::div[contains(@class,'invalid-feedback')]")).to_have_text(
        "请填写修改原因"
    )
    expect(page.get_by_label("岗位职责")).to_have_value(re.compile("负责特藏文献的数字化整理。$"))
    screenshot(page, "hr-post-edit-refused")

    reason.fill("2026 年特藏数字化项目")
    page.get_by_role("button", name="保存为新版本").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存")
    expect(page.get_by_text("负责特藏文献的数字化整理。").first).to_be_visible()  # the diff shows it too
    history = page.locator(".version-table")
    expect(history).to_contain_text("2026 年特藏数字化项目")
    expect(history).to_contain_text("人事干部")
    screenshot(page, "hr-post-edited")


def test_head_sees_only_their_departments(page, live_server, live_db):
    login_as(page, live_server, "head")
    expect(page).to_have_url(re.compile(r"/home$"))
    page.get_by_role("link", name="岗位", exact=True).click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("少儿部")
    for other in ("办公室", "采编部", "成人部"):
        expect(table).not_to_contain_text(other)
    screenshot(page, "head-catalogue")

    page.get_by_role("link", name=re.compile("^主任")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("主任")
    expect(page.get_by_text("在岗人员")).to_be_visible()

    response = page.goto(f"/posts/{post_id(live_db, '办公室', '主任')}")
    assert response.status == 404
    expect(page.get_by_text("页面不存在，或您无权查看。")).to_be_visible()
    screenshot(page, "head-other-department-404")


def test_employee_reads_my_post_and_downloads_the_pdf(page, live_server):
    login_as(page, live_server, "employee")
    page.get_by_role("link", name="我的岗位").first.click()  # from the home page's links
    expect(page.get_by_role("heading", name="我的岗位", level=1)).to_be_visible()
    post = page.locator("article.my-post").first
    name = post.get_by_role("heading", level=2).inner_text()
    expect(post).to_contain_text("少儿部")
    expect(post.get_by_role("heading", name="岗位职责")).to_be_visible()
    screenshot(page, "my-post")

    link = post.get_by_role("link", name="打印岗位说明书 (PDF)")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    assert "岗位说明书" in text
    assert name.split("（")[0] in text
    assert "少儿部" in text


def test_the_pdf_stays_chinese_when_the_pages_are_english(page, live_server, live_db):
    account = add_user(live_server, "employee", staff_no=unlinked_staff_no(live_db))
    login_as(page, live_server, account)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="My post")).to_be_visible()
    link = page.get_by_role("link", name=re.compile("PDF")).first
    screenshot(page, "my-post-en")
    text = _pdf_text(page.request.get(link.get_attribute("href")).body())
    for heading in ("岗位说明书", "岗位职责", "任职条件", "考核标准"):
        assert heading in text
    assert "Duties" not in text


def test_hr_makes_the_booklet_in_the_background(page, live_server):
    login_as(page, live_server, "hr")
    page.get_by_role("button", name="生成岗位说明书汇编").click()
    expect(page.get_by_role("heading", name=re.compile("后台任务"))).to_be_visible()
    download = page.get_by_role("link", name="下载结果")
    expect(download).to_be_visible(timeout=60_000)
    expect(page.locator("progress")).to_have_attribute("value", "100")
    expect(page.get_by_text("已完成")).to_be_visible()
    screenshot(page, "hr-booklet-job-done")

    with page.expect_download() as started:
        download.click()
    booklet = started.value
    assert booklet.suggested_filename.endswith(".pdf")
    data = open(booklet.path(), "rb").read()
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    for department in ("办公室", "少儿部", "技术保障中心"):
        assert department in text
