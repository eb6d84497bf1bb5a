"""Browser journey: HR sets up an examiner panel for a post's 面试, three examiners (a 主考官 among them) set
their passwords through their invitation links and mark two candidates on a phone-sized screen, one of them
declaring 回避 for one candidate; HR sees the computed interview scores on the board and prints the sheet."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import login_as, screenshot
from tests.e2e.test_journeys_recruitment import (
    DESK,
    advance,
    csv_sheet,
    decide_exam,
    flash,
    import_applicants,
    open_round,
    person,
)

PHONE = {"width": 390, "height": 844}
EXAMINERS = [("考官甲", "panel-examiner-a", "主考官"), ("考官乙", "panel-examiner-b", "考官"),
             ("考官丙", "panel-examiner-c", "考官")]
PASSWORD = "examiner-journey-pass-1"


def mark(page: Page, panel_url: str, name: str, marks: tuple[int, int]) -> None:
    page.goto(panel_url)
    page.locator(".panel-candidates a").filter(has_text=name).click()
    page.get_by_label("综合分析（满分 10）").fill(str(marks[0]))
    page.get_by_label("言语表达（满分 20）").fill(str(marks[1]))
    page.get_by_role("button", name="提交评分").click()
    expect(flash(page, f"已提交对 {name} 的评分。")).to_be_visible()


def test_three_examiners_mark_two_candidates_and_hr_prints_the_sheet(page, make_page, live_server, tmp_path):
    login_as(page, live_server, "hr")
    round_id = open_round(page, "2026年公开招聘（考官评分）", {DESK: 1})
    import_applicants(page, round_id, csv_sheet(tmp_path, [person("林晓", DESK), person("何静", DESK)], name="面试.csv"))
    advance(page, round_id, "已发布")
    advance(page, round_id, "资格审查")
    decide_exam(page, round_id, DESK)
    advance(page, round_id, "考试")

    # The round's tab: elements, a panel, its members (each gets a link), lots.
    page.goto(f"/recruitment/{round_id}")
    page.get_by_role("link", name="面试考官").click()
    page.get_by_role("link", name="设置测评要素").click()
    for n, (name, weight, full) in enumerate([("综合分析", "0.6", "10"), ("言语表达", "0.4", "20")], start=1):
        page.get_by_label(f"测评要素 {n}").fill(name)
        page.get_by_label(f"权重 {n}").fill(weight)
        page.get_by_label(f"满分 {n}").fill(full)
    page.get_by_role("button", name="保存测评要素").click()
    expect(flash(page, f"已保存“{DESK}”的测评要素。")).to_be_visible()
    section = page.locator("section.panel-vacancy").filter(has_text=DESK)
    section.get_by_label("考场").fill("第一考场")
    section.get_by_role("button", name="设立考官小组").click()
    expect(flash(page, "已设立考官小组：第一考场")).to_be_visible()
    board = page.url
    links = {}
    for name, username, duty in EXAMINERS:
        page.get_by_label("登录名").fill(username)
        page.get_by_label("姓名（新考官）").fill(name)
        page.get_by_label("职责").select_option(label=duty)
        page.get_by_role("button", name="加入并邀请").click()
        expect(flash(page, f"已加入 {name}")).to_be_visible()
        links[username] = page.locator(".panel-link code").inner_text().strip()
    page.goto(f"/recruitment/{round_id}/panels")
    section = page.locator("section.panel-vacancy").filter(has_text=DESK)
    section.get_by_label("随机种子（可不填）").fill("journey-seed")
    section.get_by_role("button", name="抽签").click()
    expect(flash(page, "已抽签（随机种子 journey-seed）。")).to_be_visible()
    expect(page.get_by_text("抽签：考生的考场和顺序，随机种子 journey-seed")).to_be_visible()

    # Each examiner on a phone: invitation → password → sign in → their panel.
    sheets = {"panel-examiner-a": ((8, 16), (7, 14)), "panel-examiner-b": ((9, 18), None),
              "panel-examiner-c": ((6, 12), (9, 20))}
    for _name, username, _duty in EXAMINERS:
        phone = make_page(**PHONE)
        phone.goto(re.sub(r"^https?://[^/]+", "", links[username]))
        phone.get_by_label("新密码", exact=True).fill(PASSWORD)
        phone.get_by_label("再次输入新密码").fill(PASSWORD)
        phone.get_by_role("button", name="设置新密码").click()
        expect(flash(phone, "密码已设置")).to_be_visible()
        login_as(phone, live_server, {"username": username, "password": PASSWORD})
        expect(phone).to_have_url(re.compile(r"/recruitment/my-panels$"))
        phone.get_by_role("link", name=re.compile("第一考场")).click()
        panel_url = phone.url
        first, second = sheets[username]
        mark(phone, panel_url, "林晓", first)
        if second is None:  # 考官乙 knows 何静: 回避
            phone.goto(panel_url)
            phone.locator(".panel-candidates a").filter(has_text="何静").click()
            phone.get_by_label("回避原因（可不填）").fill("曾为同事")
            screenshot(phone, "panel-examiner-sheet-phone")
            phone.get_by_role("button", name="申请回避").click()
            expect(flash(phone, "已对 何静 回避。")).to_be_visible()
        else:
            mark(phone, panel_url, "何静", second)
        # Blind: the list shows only this examiner's own state, and staff pages are closed.
        expect(phone.locator(".panel-candidates")).not_to_contain_text("80")
        assert phone.goto("/recruitment/").status == 403
        phone.context.close()

    # HR: 林晓 80, 90, 60 → 80 (highest and lowest dropped); 何静 70, 94 (one 回避, nothing dropped) → 82.
    page.goto(board)
    rows = page.locator("table.panel-board tbody tr")
    expect(rows.filter(has_text="林晓").locator("td").last).to_have_text("80.00")
    expect(rows.filter(has_text="何静").locator("td").last).to_have_text("82.00")
    expect(rows.filter(has_text="何静")).to_contain_text("回避")
    screenshot(page, "panel-board")
    response = page.request.get(page.get_by_role("link", name="打印评分表").get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(response.body())
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "面试评分表" in text and "考官乙 对该考生回避" in text and "82.00" in text and "计分员" in text
    page.goto(f"/recruitment/{round_id}/scores")
    expect(page.get_by_label("林晓 面试", exact=True)).to_have_value("80.0")  # on HR's score grid too
