"""The applicant realm's POST routes fuzzed as each of its roles that may use them (tests/matrix_portal.py):
whatever the form data, the answer is never a 500. The fields come from the forms the portal's pages draw,
as in tests/test_fuzz_routes.py, which fuzzes the staff areas."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrflow.extensions import db
from hrflow.jobs.services import wait_for_all
from hrflow.portal.access import SESSION_KEY
from tests.matrix_base import OK
from tests.matrix_portal import PORTAL_CASES, PORTAL_ROLES, portal_world
from tests.test_fuzz_routes import EXAMPLES, PORTAL_AREAS, STRAY_FIELDS, area_of, form_data, page_forms


@pytest.fixture
def world(demo):
    return portal_world()


def allowed_roles(case) -> list[str]:
    return [role for role, outcome in zip(PORTAL_ROLES, case.expect, strict=True) if outcome == OK]


def sign_in(client, login, world, role: str) -> None:
    with client.session_transaction() as session:
        session.clear()
    if role in world["accounts"]:
        account = db.session.merge(world["accounts"][role])
        db.session.refresh(account)  # the session token may have changed (a password reset by the fuzz)
        with client.session_transaction() as session:
            session[SESSION_KEY] = f"{account.id}:{account.session_token}"
    elif role != "anonymous":
        login(db.session.merge(world["users"][role]))


def test_every_portal_post_route_is_fuzzed(app):
    posted = {rule.endpoint for rule in app.url_map.iter_rules()
              if "POST" in rule.methods and area_of(rule.endpoint) in PORTAL_AREAS}
    assert posted == {case.endpoint for case in PORTAL_CASES if case.method == "POST" and allowed_roles(case)}


def test_no_portal_post_route_answers_500(app, client, login, world):
    cases = [case for case in PORTAL_CASES if case.method == "POST" and area_of(case.endpoint) in PORTAL_AREAS
             and allowed_roles(case)]
    pages = [case for case in PORTAL_CASES if case.method == "GET" and not case.url(world).endswith((".pdf", ".json"))
             and "/files/" not in case.url(world)]
    forms = {}
    for role in PORTAL_ROLES:
        sign_in(client, login, world, role)
        for page in pages:
            if role in allowed_roles(page):
                for form in page_forms(client, page.url(world)):
                    forms.setdefault((role, form.action), form)
    assert any(key[1] == urlsplit(case.url(world)).path for case in cases for key in forms)

    def post(case, role: str, values: dict) -> None:
        sign_in(client, login, world, role)
        response = client.post(case.url(world), data=values, content_type="multipart/form-data")
        wait_for_all()
        assert response.status_code < 500, (case.id, role, values)

    for case in cases:
        for role in allowed_roles(case):
            post(case, role, STRAY_FIELDS)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def post_everything(data):
        for case in cases:
            for role in allowed_roles(case):
                post(case, role, form_data(data.draw, forms.get((role, urlsplit(case.url(world)).path))))

    post_everything()
