"""民主测评 in the browser: HR opens a ballot for 少儿部 and prints two slips; two voters without a login
vote, one from the slip's address and one typing the code; HR closes the ballot and reads the tallies."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login_as, screenshot
from tests.pdfcheck import pdf_text

CHILDREN = "少儿部"


def test_hr_opens_a_ballot_two_anonymous_voters_vote_and_hr_sees_the_tallies(make_page, live_server):
    hr = make_page()
    login_as(hr, live_server, "hr")
    hr.locator("#mainnav").get_by_role("link", name="民主测评", exact=True).click()
    hr.get_by_label("测评范围").select_option(label=CHILDREN)
    hr.get_by_label("同时按德、能、勤、绩、廉测评").check()
    hr.get_by_label("满多少票后公布结果").fill("2")
    hr.get_by_role("button", name="开启民主测评").click()
    expect(hr.locator(".alert-success")).to_contain_text("已开启民主测评")
    hr.get_by_label("打印测评票张数").fill("2")
    with hr.expect_download() as download:
        hr.get_by_role("button", name="打印测评票（PDF）").click()
    slips = pdf_text(open(download.value.path(), "rb").read())
    codes = re.findall(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", slips)
    assert len(codes) == 2, slips

    first = make_page()  # no login: the QR code's address
    first.goto(f"/assessment/vote/{codes[0].replace('-', '')}")
    rows = first.locator("form.as-vote tbody tr")
    expect(rows.first).to_be_visible()
    colleague = rows.first.locator("th").inner_text().strip()
    rows.first.get_by_label(f"{colleague} 总体评价").select_option(label="优秀")
    rows.first.get_by_label(f"{colleague} 德").select_option(label="合格")
    screenshot(first, "ballot-paper")
    first.get_by_role("button", name="提交测评").click()
    expect(first.locator(".alert-success")).to_contain_text("您的测评已提交")

    second = make_page(width=420, height=860)  # a phone: the code typed by hand
    second.goto("/assessment/vote")
    second.get_by_label("测评码").fill(codes[1].lower())
    second.get_by_role("button", name="开始测评").click()
    second.get_by_label(f"{colleague} 总体评价").select_option(label="合格")
    second.get_by_role("button", name="提交测评").click()
    expect(second.locator(".alert-success")).to_contain_text("您的测评已提交")
    second.goto(f"/assessment/vote/{codes[1]}")
    expect(second.locator(".alert-danger")).to_contain_text("已经使用过")

    hr.reload()
    expect(hr.locator(".as-results-hidden")).to_be_visible()  # open: nothing shown yet
    hr.get_by_role("button", name="结束测评").click()
    tallies = hr.locator("table.as-tallies")
    row = tallies.locator("tr", has=hr.locator("th", has_text=colleague))
    expect(row.locator("td.num").nth(0)).to_have_text("1")  # 优秀
    expect(row.locator("td.num").nth(1)).to_have_text("1")  # 合格
    expect(hr.locator(".seat-summary")).to_contain_text("100%")
    screenshot(hr, "ballot-results")
