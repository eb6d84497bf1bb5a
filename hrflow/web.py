"""Request-level plumbing shared by every blueprint: login loading, locale, the one commit point,
security headers and error pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from babel.support import Translations
from flask import Flask, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from jinja2 import pass_eval_context
from markupsafe import Markup
from wtforms.i18n import messages_path

from hrflow import pagination
from hrflow.extensions import db, login_manager
from hrflow.i18n import lazy_gettext as _l
from hrflow.i18n import request_translations

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("请先登录。")
    login_manager.login_message_category = "warning"
    login_manager.user_loader(_load_user)

    app.before_request(_share_wtforms_catalogue)
    app.after_request(_commit_and_secure)
    app.teardown_request(_rollback_on_error)
    app.context_processor(_template_globals)
    for code in (403, 404, 413, 429):
        app.register_error_handler(code, _error_page)
    app.register_error_handler(CSRFError, _csrf_error)
    pagination.init_app(app)
    app.add_template_global(url_by_id)
    _install_template_gettext(app)


@lru_cache(maxsize=8)
def _wtforms_catalogue(locale: str) -> Translations:
    return Translations.load(messages_path(), [locale], domain="wtforms")


def _share_wtforms_catalogue() -> None:
    """Flask-WTF reads WTForms' own messages from disk on every request that builds a form, and keeps
    them on the request (request.wtforms_translations): hand it the process's copy instead."""
    if request.endpoint != "static":
        request.wtforms_translations = _wtforms_catalogue(str(get_locale()))


def _install_template_gettext(app: Flask) -> None:
    """The templates' _(), ngettext() …: Flask-Babel's, through request_translations(); _() and
    gettext() through _template_gettext."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext)


@pass_eval_context
def _template_gettext(eval_context, string: str, **variables):
    """Jinja's new-style gettext: the translation is a %-format string, escaped in HTML templates.
    Two things make it cheaper than Jinja's own, which a page calls some sixty times, often on every
    row of a table: it takes the evaluation context, not the template context (Jinja copies that
    context for each call made inside a loop or a block that sets variables), and the escaped text
    of a call without variables is kept per catalogue."""
    translations = request_translations()
    if not eval_context.autoescape:
        return translations.ugettext(string) % variables
    if variables:
        return Markup(translations.ugettext(string)) % variables
    return _translated_markup(translations, string)


@lru_cache(maxsize=4096)
def _translated_markup(translations: Translations, string: str) -> Markup:
    return Markup(translations.ugettext(string)) % {}


def init_rate_limits(app: Flask) -> None:
    """One limiter per app (its storage and switches are per instance): login POSTs are limited
    per client address, in memory by default or in Redis when HRFLOW_REDIS_URL is set."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    limiter = Limiter(key_func=get_remote_address, app=app)
    app.extensions["hrflow.limiter"] = limiter  # the limits hold only a weak reference to it
    login_view = app.view_functions["auth.login"]
    app.view_functions["auth.login"] = limiter.limit(
        lambda: app.config["LOGIN_RATE_LIMIT"], methods=["POST"]
    )(login_view)


def _load_user(user_id: str):
    from hrflow.models import User

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
    from flask import current_app, has_request_context

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
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _rollback_on_error(error) -> None:
    if error is not None:
        db.session.rollback()


def _template_globals() -> dict:
    from flask import current_app
    from flask_babel import get_locale

    return {"unit_name": current_app.config["UNIT_NAME"], "current_locale": str(get_locale())}


_ID_PLACEHOLDER = 987_654_321


def url_by_id(endpoint: str, key: str, **values) -> Callable[[int], str]:
    """`url_for(endpoint, key=n, **values)` for many n at the cost of one: a table's row links are
    built once per page instead of once per row (url_for costs more than the rest of a row)."""
    head, tail = url_for(endpoint, **{key: _ID_PLACEHOLDER}, **values).split(str(_ID_PLACEHOLDER), 1)
    return lambda n: f"{head}{int(n)}{tail}"


def _error_page(error):
    code = getattr(error, "code", 500)
    return render_template("errors/error.html", code=code, description=getattr(error, "description", "")), code


def _csrf_error(error: CSRFError):
    return render_template("errors/error.html", code=400, description=_l("表单已过期或缺少安全令牌，请刷新页面后重试。")), 400


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"
