"""Single sign-on against a real OpenID Connect provider made for testing (oidc-provider-mock, its own process,
tests/directory_servers.py): the code flow with PKCE, state and nonce; linking by the 工号 claim; refusals."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from hrflow.auth.directory import NOT_REGISTERED
from hrflow.extensions import db
from hrflow.models import Department, Role, User
from tests.directory_servers import running_oidc_provider

CALLBACK = "http://localhost/login/sso/callback"  # where the test client's app sends the provider back


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_oidc_provider(tmp_path_factory.mktemp("oidc")) as server:
        yield server


@pytest.fixture(scope="module")
def client_credentials(provider):
    return provider.register_client(CALLBACK)


@pytest.fixture
def sso_app(make_app, provider, client_credentials):
    return make_app(RATELIMIT_ENABLED=False, **provider.settings(*client_credentials))


@pytest.fixture
def unit(make_employee, make_user):
    children = Department(name="少儿部")
    db.session.add(children)
    db.session.flush()
    head = make_employee(staff_no="S0201", name="陈静")
    staff = make_employee(staff_no="S0202", name="杨洋")
    make_user("head", username="chen-head", employee=head, departments=[children])
    db.session.commit()
    return {"head": head, "staff": staff}


def to_provider(browser, next_url: str | None = None):
    """hrflow's redirect to the provider's sign-in page: (its URL, its query)."""
    response = browser.get("/login/sso" + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    location = response.headers["Location"]
    return location, parse_qs(urlsplit(location).query)


def provider_answers(authorize_url: str, sub: str) -> str:
    """The person `sub` signs in at the provider; its redirect back to hrflow's callback (path and query)."""
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:300]
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return f"{back.path}?{back.query}"


def signed_in_as(browser) -> str | None:
    with browser.session_transaction() as session:
        user_id = session.get("_user_id")
    if not user_id:
        return None
    db.session.expire_all()
    return db.session.get(User, int(user_id.split(":")[0])).username


def flashed(browser) -> str:
    return browser.get("/login").get_data(as_text=True)


def test_oidc_code_flow_with_pkce_links_the_employee_by_staff_no(sso_app, provider, unit):
    provider.put_person("chen.jing", {"employee_number": "S0201", "preferred_username": "chen.jing"})
    browser = sso_app.test_client()
    authorize_url, query = to_provider(browser, next_url="/my-post")
    assert query["response_type"] == ["code"] and query["redirect_uri"] == [CALLBACK]
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    # The challenge is the hash of the verifier kept for the token request (RFC 7636, S256).
    with browser.session_transaction() as session:
        kept = next(value["data"] for key, value in session.items() if key.startswith("_state_sso_"))
    digest = hashlib.sha256(kept["code_verifier"].encode()).digest()
    assert query["code_challenge"] == [base64.urlsafe_b64encode(digest).rstrip(b"=").decode()]
    response = browser.get(provider_answers(authorize_url, "chen.jing"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/my-post")
    assert signed_in_as(browser) == "chen-head"  # the 工号's account, not a new one
    assert db.session.scalar(select(User.role).where(User.username == "chen-head")) == Role.HEAD.value


def test_oidc_employee_without_a_login_gets_one(sso_app, provider, unit):
    provider.put_person("yang", {"employee_number": "S0202", "preferred_username": "yang.yang"})
    browser = sso_app.test_client()
    authorize_url, _ = to_provider(browser)
    browser.get(provider_answers(authorize_url, "yang"))
    assert signed_in_as(browser) == "yang.yang"
    user = db.session.scalar(select(User).where(User.username == "yang.yang"))
    assert user.employee_id == unit["staff"].id and user.role == Role.EMPLOYEE.value


def test_oidc_unknown_staff_no_is_refused_and_never_created(sso_app, provider, unit):
    provider.put_person("outsider", {"employee_number": "S9999", "preferred_username": "outsider"})
    browser = sso_app.test_client()
    authorize_url, _ = to_provider(browser)
    response = browser.get(provider_answers(authorize_url, "outsider"))
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"
    assert signed_in_as(browser) is None and str(NOT_REGISTERED) in flashed(browser)
    assert db.session.scalar(select(User).where(User.username == "outsider")) is None


def test_oidc_tampered_state_is_refused(sso_app, provider, unit):
    provider.put_person("chen.jing", {"employee_number": "S0201"})
    browser = sso_app.test_client()
    authorize_url, query = to_provider(browser)
    callback = provider_answers(authorize_url, "chen.jing")
    forged = callback.replace(f"state={query['state'][0]}", "state=forged-state")
    assert forged != callback
    response = browser.get(forged)
    assert urlsplit(response.headers["Location"]).path == "/login" and signed_in_as(browser) is None
    assert "统一身份认证未能完成" in flashed(browser)


def test_oidc_replayed_callback_is_refused(sso_app, provider, unit):
    """A callback works once, in the browser that started it: the state is forgotten at its first use, and a
    copy of the URL opened in another browser has no state to match."""
    provider.put_person("chen.jing", {"employee_number": "S0201"})
    browser = sso_app.test_client()
    authorize_url, _ = to_provider(browser)
    callback = provider_answers(authorize_url, "chen.jing")
    attacker = sso_app.test_client()
    assert urlsplit(attacker.get(callback).headers["Location"]).path == "/login"
    assert signed_in_as(attacker) is None
    browser.get(callback)
    assert signed_in_as(browser) == "chen-head"
    browser.post("/logout")
    assert signed_in_as(browser) is None
    response = browser.get(callback)
    assert urlsplit(response.headers["Location"]).path == "/login" and signed_in_as(browser) is None


def test_oidc_provider_refusal_is_a_clear_message(sso_app, provider, unit):
    browser = sso_app.test_client()
    authorize_url, _ = to_provider(browser)
    answer = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    response = browser.get(f"{back.path}?{back.query}")
    assert urlsplit(response.headers["Location"]).path == "/login" and signed_in_as(browser) is None
    assert "统一身份认证未能完成" in flashed(browser)


def test_oidc_button_only_when_configured(client, sso_app):
    assert "统一身份认证登录" not in client.get("/login").get_data(as_text=True)
    assert client.get("/login/sso").status_code == 404
    page = sso_app.test_client().get("/login").get_data(as_text=True)
    assert "统一身份认证登录" in page and 'href="/login/sso' in page


def test_oidc_provider_down_is_a_clear_message(make_app, unit):
    from tests.directory_servers import free_port

    app = make_app(RATELIMIT_ENABLED=False, OIDC_DISCOVERY_URL=f"http://127.0.0.1:{free_port()}",
                   OIDC_CLIENT_ID="hrflow", OIDC_CLIENT_SECRET="x")
    browser = app.test_client()
    response = browser.get("/login/sso")
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert "统一身份认证服务暂时无法连接" in flashed(browser)
