"""Request plumbing shared by every blueprint: login loading, locale, the one commit point, security
headers and error pages. Beside it: pagination, state badges and the POST handler (handlers.py)."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, render_template, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.middleware.proxy_fix import ProxyFix

from hrflow.explanations import explanation
from hrflow.extensions import db, login_manager
from hrflow.models import User
from hrflow.web import links, page_words, pagination, widgets

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("请先登录。")
    login_manager.login_message_category = "warning"
    login_manager.user_loader(_load_user)

    app.after_request(_commit_and_secure)
    app.teardown_request(_rollback_on_error)
    app.context_processor(_template_globals)
    # The signed-in user for macro modules imported without context (Flask-Login gives it to pages only).
    app.add_template_global(current_user, "current_user")
    for code in (403, 404, 413, 429):
        app.register_error_handler(code, _error_page)
    app.register_error_handler(CSRFError, _csrf_error)
    links.init_app(app)
    page_words.init_app(app)
    pagination.init_app(app)
    widgets.init_app(app)


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_FIX_X_FOR reverse proxies, the client's address (request.remote_addr, which the login
    limits count by) is the one the nearest trusted proxy saw, read from X-Forwarded-For counted from the
    right. With 0 the header is ignored: any client can write it."""
    hops = app.config["PROXY_FIX_X_FOR"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops)


def _load_user(user_id: str):
    try:
        raw_id, token = user_id.split(":", 1)
        user = db.session.get(User, int(raw_id))
    except (ValueError, TypeError):
        return None
    # A changed session token (password change, account disabled) ends every old session.
    if user is None or user.session_token != token or not user.active:
        return None
    return user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and background jobs speak the unit's default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _commit_and_secure(response):
    """The one commit point: a request that succeeded commits; anything else rolls back."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    headers = response.headers
    if request.endpoint != "static":
        # Pages and PDFs carry personal data: no copy is kept by the browser or a proxy.
        headers["Cache-Control"] = "no-store"
    if current_app.config["SESSION_COOKIE_SECURE"]:  # served over HTTPS: browsers must never fall back to HTTP
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _rollback_on_error(error) -> None:
    if error is not None:
        db.session.rollback()


def _template_globals() -> dict:
    # explanation(text, said): a stored verdict's evidence in the reader's language (hrflow/explanations.py).
    return {"unit_name": current_app.config["UNIT_NAME"], "current_locale": str(get_locale()), "explanation": explanation}


def _error_page(error):
    code = getattr(error, "code", 500)
    return render_template("errors/error.html", code=code, description=getattr(error, "description", "")), code


def _csrf_error(error: CSRFError):
    return render_template("errors/error.html", code=400, description=_l("表单已过期或缺少安全令牌，请刷新页面后重试。")), 400

