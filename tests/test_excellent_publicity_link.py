"""The 优秀 list page leads HR to the 公示 for posting (PDF) once the list is published; others read the list only."""

from __future__ import annotations

from datetime import date

from hrflow.assessment import operations
from hrflow.extensions import db
from tests import test_assessment_pdf

shared_unit = test_assessment_pdf.graded_unit  # the same fixture, under this name

LINK = 'href="/assessment/2025/excellent/publicity.pdf"'


def test_the_excellent_list_links_the_publicity_pdf_once_published(shared_unit, client, login):
    login(shared_unit.hr)
    assert LINK not in client.get("/assessment/2025/excellent").get_data(as_text=True)  # not published yet
    operations.publish(shared_unit.cycle, actor=shared_unit.hr, start=date(2026, 1, 5))
    db.session.commit()
    page = client.get("/assessment/2025/excellent").get_data(as_text=True)
    assert LINK in page
    pdf = client.get("/assessment/2025/excellent/publicity.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"

    login(shared_unit.login_for(shared_unit.staff[1]))
    db.session.commit()
    page = client.get("/assessment/2025/excellent").get_data(as_text=True)
    assert shared_unit.rare.name in page and LINK not in page
