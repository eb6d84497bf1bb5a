"""HR's open-cycle page and the 优秀 rate as a ceiling (考核规定 第十五条): up to 20 % as it is, above it only
with the approval's 文号 and date, never above 25 % — the same service as `hrflow assessment open YEAR
--excellent-rate 25 --approval TEXT`."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from hrflow.assessment import queries
from hrflow.extensions import db
from hrflow.models import AuditLog
from tests.assessment_support import build_unit

APPROVAL = "市人社局批复〔2025〕12号"


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_open_page_offers_the_approval_number_and_date(client, login):
    unit = build_unit(children_staff=3, circulation_staff=1, office_staff=1)
    login(unit.hr)
    page = text(client.get("/assessment/cycles/new"))
    assert 'name="raised_reason"' in page and 'name="raised_approved_on"' in page and 'type="date"' in page


def test_a_typed_25_percent_opens_with_the_approval_and_its_date(client, login):
    unit = build_unit(children_staff=5, circulation_staff=3, office_staff=2)  # 11 people: floor(25 %) = 2
    login(unit.hr)
    without = client.post("/assessment/cycles/new", data={"year": "2025", "excellent_rate": "25", "rounding": "floor"})
    assert without.status_code == 422 and "须经批准" in text(without)
    assert re.search(r'name="excellent_rate"[^>]* value="25"', text(without))  # what was typed is kept
    assert queries.find_cycle(2025) is None
    opened = client.post("/assessment/cycles/new", data={
        "year": "2025", "excellent_rate": "25", "rounding": "floor", "raised_reason": APPROVAL,
        "raised_approved_on": "2025-11-20"})
    assert opened.status_code == 302 and opened.headers["Location"] == "/assessment/2025"
    cycle = queries.find_cycle(2025)
    assert (cycle.rate_raised, cycle.rate, cycle.raised_reason, cycle.raised_approved_on) == (
        True, 25, APPROVAL, date(2025, 11, 20))
    page = text(client.get("/assessment/2025"))
    assert APPROVAL in page and "优秀名额 2 人" in page
    logged = db.session.scalars(select(AuditLog).where(AuditLog.action == "assessment.open")).one()
    assert "25%" in logged.summary


def test_an_approval_never_allows_more_than_25_percent(client, login):
    unit = build_unit(children_staff=3, circulation_staff=1, office_staff=1)
    login(unit.hr)
    refused = client.post("/assessment/cycles/new", data={
        "year": "2025", "excellent_rate": "26", "rounding": "floor", "raised_reason": APPROVAL,
        "raised_approved_on": "2025-11-20"})
    assert refused.status_code == 422 and "不超过 25%" in text(refused)
    assert APPROVAL in text(refused)  # the approval typed is kept
    assert queries.find_cycle(2025) is None


def test_the_raise_ticked_at_20_percent_keeps_its_approval_date(client, login):
    unit = build_unit(children_staff=3, circulation_staff=1, office_staff=1)
    login(unit.hr)
    opened = client.post("/assessment/cycles/new", data={
        "year": "2025", "excellent_rate": "20", "rounding": "floor", "rate_raised": "y", "raised_reason": APPROVAL,
        "raised_approved_on": "2025-10-08"})
    assert opened.status_code == 302
    cycle = queries.find_cycle(2025)
    assert (cycle.rate_raised, cycle.rate, cycle.raised_approved_on) == (True, 25, date(2025, 10, 8))
