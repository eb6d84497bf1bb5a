"""The department's 岗位说明书 booklet is one click from where people stand: the department's row of the post
catalogue (HR) and the head's home page; the PDF opens with its contents."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login_as
from tests.pdfcheck import pdf_text


def test_booklet_link_from_the_catalogue_row_and_the_head_home(page, live_server):
    login_as(page, live_server, "hr")
    page.goto("/posts/")
    link = page.get_by_role("link", name="成人部 岗位说明书 (PDF)")
    expect(link).to_have_attribute("href", re.compile(r"/print/departments/\d+\.pdf$"))
    answer = page.request.get(link.get_attribute("href"))
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    text = re.sub(r"\s+", "", pdf_text(answer.body()))
    assert "成人部岗位说明书" in text and "目录" in text

    head = page.context.browser.new_context(base_url=live_server.url).new_page()
    login_as(head, live_server, "head")
    booklet = head.locator("section.my-department").get_by_role("link", name="本部门岗位说明书 (PDF)")
    answer = head.request.get(booklet.get_attribute("href"))
    assert answer.ok and "少儿部" in re.sub(r"\s+", "", pdf_text(answer.body()))
    head.context.close()
