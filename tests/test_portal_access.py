"""The portal's routes for every role of tests/matrix_portal.py: applicants reach only their own 报名表 and
files, staff sessions are no applicant, applicants reach no staff page."""

from __future__ import annotations

import re

import pytest

from hrflow.extensions import db
from hrflow.models import Application
from hrflow.portal.access import SESSION_KEY
from tests.matrix_portal import PORTAL_CASES, PORTAL_ROLES, portal_world
from tests.test_access_matrix import outcome


@pytest.fixture
def world(demo):
    return portal_world()


@pytest.mark.parametrize("case", PORTAL_CASES, ids=lambda c: c.id)
def test_portal_route_for_every_role(app, client, login, world, case):
    seen = []
    for role in PORTAL_ROLES:
        with client.session_transaction() as session:
            session.clear()
        if role in world["accounts"]:
            account = db.session.merge(world["accounts"][role])
            with client.session_transaction() as session:
                session[SESSION_KEY] = f"{account.id}:{account.session_token}"
        elif role != "anonymous":
            login(db.session.merge(world["users"][role]))
        response = client.open(case.url(world), method=case.method, data=case.data(world) if case.data else {})
        seen.append(outcome(response))
    assert tuple(seen) == case.expect, dict(zip(PORTAL_ROLES, seen, strict=True))


def test_an_applicant_session_with_an_old_token_is_signed_out(app, client, world):
    account = db.session.merge(world["accounts"]["applicant_own"])
    with client.session_transaction() as session:
        session[SESSION_KEY] = f"{account.id}:{account.session_token}"
    account.set_password("a-new-password-9")
    db.session.commit()
    response = client.get("/apply/me")
    assert response.status_code == 302 and "/apply/login" in response.headers["Location"]


def test_a_refused_answer_to_a_portal_application_keeps_the_reason_as_typed(app, client, login, world):
    """While a rule still waits for HR's decision no 初审 result can be given: the refusal comes on the review
    screen itself, with the reason HR typed still in its box."""
    application = db.session.get(Application, world["portal_application"])
    application.status = "needs_review"  # a rule the review could not decide alone
    db.session.commit()
    login(db.session.merge(world["users"]["hr"]))
    refused = client.post(f"/recruitment/applications/{application.id}/portal/decide",
                          data={"portal-reason": "核对后通过初审"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "还有待审核的条件" in page
    assert re.search(r'<textarea[^>]*name="portal-reason"[^>]*>\s*核对后通过初审', page)
