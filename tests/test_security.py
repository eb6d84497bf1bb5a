"""Web hardening: CSRF on every POST, security headers and cookies, a CSP-safe template set, escaping."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.routing import AnyConverter, IntegerConverter

from hrflow import create_app
from hrflow.extensions import db
from hrflow.models import AuditLog, Post, User
from tests.conftest import PASSWORD, ROOT

TEMPLATES = ROOT / "templates"
CSRF_INPUT = re.compile(r'name="(?:[\w-]+-)?csrf_token"[^>]*value="([^"]+)"')


# ---------------------------------------------------------------- a second app with CSRF switched on

@cache
def _csrf_app(database_uri: str) -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "WTF_CSRF_ENABLED": True, "TESTING": True,
                       "SECRET_KEY": "x", "RATELIMIT_ENABLED": False})


def csrf_client(app: Flask, user: User | None = None):
    """A client of an app like `app` (same database) but with CSRF checks on, signed in as `user`."""
    client = _csrf_app(app.config["SQLALCHEMY_DATABASE_URI"]).test_client()
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    return client


def csrf_token_of(response) -> str:
    match = CSRF_INPUT.search(response.get_data(as_text=True))
    assert match, "the page has no CSRF token"
    return match.group(1)


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/login", {"username": "admin-user", "password": PASSWORD}),
        ("/logout", {}),
        ("/admin/users/new", {"username": "made-without-token", "role": "employee", "password": "long-enough-1",
                              "employee": "0"}),
        ("/password", {"old_password": PASSWORD, "new_password": "another-pass-1", "confirm": "another-pass-1"}),
    ],
)
def test_post_without_csrf_token_is_refused(app, make_user, url, data):
    admin = make_user("admin", username="admin-user")
    browser = csrf_client(app, None if url == "/login" else admin)
    refused = browser.post(url, data=data)
    assert refused.status_code == 400
    assert "安全令牌" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(User).filter_by(username="made-without-token").count() == 0
    assert db.session.get(User, admin.id).check_password(PASSWORD)
    # The same request with the page's token goes through: the 400 above was the missing token.
    page = browser.get("/login" if url == "/login" else "/password")
    accepted = browser.post(url, data={**data, "csrf_token": csrf_token_of(page)})
    assert accepted.status_code == 302


def _sample(converter) -> object:
    """A value the converter takes: a number, one of an any()'s words, or a word."""
    if isinstance(converter, IntegerConverter):
        return 1
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return "x"


def _post_routes(app: Flask) -> list[str]:
    """Every URL of the app that takes a POST, with sample values for its parameters."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "POST" not in rule.methods:
                continue
            values = {arg: _sample(rule._converters[arg]) for arg in rule.arguments if arg not in (rule.defaults or {})}
            urls.append(rule.build(values)[1])
    return sorted(urls)


def test_every_post_route_refuses_a_request_without_token(app, make_user):
    """Generated from the URL map, so a new state-changing route is covered the day it is added."""
    admin = make_user("admin")
    routes = _post_routes(app)
    assert "/logout" in routes and len(routes) >= 10
    for url in routes:
        browser = csrf_client(app, admin)
        response = browser.post(url, data={"reason": "no token", "confirm": "y"})
        assert response.status_code == 400, url
    db.session.expire_all()
    assert db.session.query(AuditLog).count() == 0  # nothing was done


def test_the_edit_page_forms_each_carry_a_token(app, make_user):
    admin = make_user("admin")
    target = make_user("employee")
    browser = csrf_client(app, admin)
    page = browser.get(f"/admin/users/{target.id}/edit").get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S)
    assert len(forms) >= 4  # edit, reset password, disable, and logout in the navigation bar
    assert all(CSRF_INPUT.search(form) for form in forms)
    refused = browser.post(f"/admin/users/{target.id}/disable", data={"disable-confirm": "y"})
    assert refused.status_code == 400
    db.session.refresh(target)
    assert target.active


# ---------------------------------------------------------------- headers and cookies

def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/login", "/admin/users", "/admin/audit", "/no-such-page"])
def test_security_headers(client, login, make_user, url):
    login(make_user("admin"))
    response = client.get(url)
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives.get("style-src", [])
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/password", "/posts/", "/my-post", "/print/posts/{post}.pdf"])
def test_pages_and_pdfs_with_personal_data_are_never_stored(client, login, seeded, make_user, url):
    login(make_user("hr"))
    post = db.session.scalar(select(Post.id).order_by(Post.id))
    response = client.get(url.format(post=post))
    assert response.status_code == 200, url
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: no HSTS


def test_static_files_may_be_cached_and_https_sends_hsts(app, client):
    assert "no-store" not in client.get("/static/css/hrflow.css").headers.get("Cache-Control", "")
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        assert client.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    make_user("hr", username="cookie-user")
    response = client.post("/login", data={"username": "cookie-user", "password": PASSWORD})
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    assert "httponly" in attributes
    assert attributes["samesite"].lower() == "samesite=lax"


# ---------------------------------------------------------------- templates the CSP can live with

INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def csp_violations(html: str) -> list[str]:
    found = []
    for script in INLINE_SCRIPT.finditer(html):
        if script.group("body").strip() or "src=" not in script.group("attrs"):
            found.append(f"inline script: {script.group(0)[:80]}")
    for name, pattern in (("style attribute", STYLE_ATTRIBUTE), ("style element", STYLE_ELEMENT),
                          ("event handler", EVENT_HANDLER), ("javascript: URL", JAVASCRIPT_URL)):
        found.extend(f"{name}: {m.group(0)[:80]}" for m in pattern.finditer(html))
    return found


def served_templates() -> list[Path]:
    # Printing templates become PDFs (WeasyPrint) and mail templates mails, whose readers keep only inline
    # styles; the browser's CSP applies to neither.
    return [p for p in sorted(TEMPLATES.rglob("*.html"))
            if not {"printing", "mail"} & set(p.relative_to(TEMPLATES).parts)]


def test_the_scanner_catches_what_the_csp_blocks():
    assert csp_violations('<script>alert(1)</script>')
    assert csp_violations('<script type="module">\n go() </script>')
    assert csp_violations('<div class="x" style="color: red">')
    assert csp_violations('<button onclick="go()">')
    assert csp_violations('<a href="javascript:go()">')
    assert csp_violations("<style>p {}</style>")
    assert not csp_violations('<script src="/static/js/admin.js"></script><div class="a" data-style="x">')


def test_no_template_has_inline_script_or_style():
    templates = served_templates()
    assert len(templates) > 10
    problems = {str(p.relative_to(TEMPLATES)): csp_violations(p.read_text(encoding="utf-8")) for p in templates}
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.parametrize("url", ["/admin/users", "/admin/users/new", "/admin/audit", "/password"])
def test_rendered_admin_pages_have_no_inline_script_or_style(client, login, make_user, url):
    login(make_user("admin"))
    response = client.get(url)
    assert response.status_code == 200
    assert csp_violations(response.get_data(as_text=True)) == []


# ---------------------------------------------------------------- escaping user-controlled text

XSS = "<script>alert(1)</script>"


def test_display_names_are_escaped_on_the_users_page(client, login, make_user):
    login(make_user("admin"))
    victim = make_user("employee")
    victim.display_name = XSS
    db.session.commit()
    page = client.get("/admin/users").get_data(as_text=True)
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    edit = client.get(f"/admin/users/{victim.id}/edit").get_data(as_text=True)
    assert XSS not in edit and "&lt;script&gt;" in edit


def test_audit_text_is_escaped_on_the_audit_page(client, login, make_user):
    login(make_user("admin"))
    db.session.add(AuditLog(actor='<img src=x onerror="alert(1)">', action="users.update", summary=XSS,
                            reason=XSS, details={"after": {"display_name": XSS}}))
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert XSS not in page
    assert "<img src=x" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # summary, reason, details
