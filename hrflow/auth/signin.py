"""The one way a sign-in ends, whoever proved who the user is (a password, the unit's directory, single
sign-on): every method calls finish_sign_in, so what follows a proof is the same for all of them: the
second step for those who use two-step sign-in, the session, the audit record, the trusted-device cookie
and the way on.

The second step (hrflow/auth/totp.py): a user with TOTP, or whose role must use it, is not signed in yet
after the first proof. The session holds a pending sign-in (who, how, where to go, for PENDING_MINUTES);
the code page (or, for a user who must enrol first, the enrolment page) finishes it.

Remember-me is never given to a user with a second step: the cookie would reopen a session without a code.
Every session of a TOTP user must carry the mark of its second step (SECOND_STEP); one that does not (a
remember-me cookie from before enrolment, anything else) is ended.

Idle sessions end after IDLE_MINUTES without a request (the session keeps the time of the last one, to
half a minute). A browser that asked to be remembered (“记住我”, a remember-me cookie) stays signed in for
REMEMBER_DAYS instead: that is what the user chose, and only users without a second step can choose it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Response, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE
from sqlalchemy import select

from hrflow import audit
from hrflow.auth import totp
from hrflow.auth.devices import remember_device
from hrflow.auth.throttle import login_throttle
from hrflow.extensions import db
from hrflow.models import User

PENDING = "signin_pending"
SECOND_STEP = "second_step"  # the id of the user whose session passed the second step
SEEN = "seen"  # epoch seconds of the session's last request
PENDING_MINUTES = 10  # to read a code off the phone, or to install an app and enrol
SEEN_RESOLUTION = 30  # seconds: the session cookie is not rewritten on every request
# A user who must enrol and has not yet reaches only these.
ENROLMENT_ENDPOINTS = {"auth.totp_enrol", "auth.logout", "auth.language"}
# A user holding an initial password reaches only these until they change it.
PASSWORD_FIRST_ENDPOINTS = {"auth.password", "auth.logout", "auth.language"}

METHOD_LABELS = {"password": "密码", "ldap": "统一身份认证（LDAP）", "oidc": "单点登录"}
SECOND_STEP_LABELS = {"totp": "验证码", "recovery_code": "恢复码", "enrolment": "开启两步验证"}
FAILURE_LABELS = {"password": "用户名或密码不正确", "code": "两步验证码不正确", "locked": "失败次数过多，已拒绝"}


# ---------------------------------------------------------------- signing in


def finish_sign_in(user: User, *, method: str, remember: bool = False, next_url: str | None = None,
                   typed_name: str | None = None) -> Response:
    """Signs `user` in after `method` ("password", "ldap", "oidc") proved who they are, and sends them on
    to `next_url` when it is a same-site path, else to their first page. Users with a second step are sent
    to the code page (or to enrolment) first. `typed_name` is the name as typed on the sign-in form when it
    differs from the account's (a directory name linked by 工号): its failures are the ones to forget and
    the browser is trusted for it."""
    typed = typed_name or user.username
    if totp.needs_second_step(user):
        session[PENDING] = {"user": user.id, "token": user.session_token, "method": method,
                            "next": safe_next(next_url), "since": int(time.time()), "typed": typed}
        return redirect(url_for("auth.totp_code" if user.has_totp else "auth.totp_enrol"))
    complete_sign_in(user, method=method, remember=remember, typed_name=typed)
    return way_on(user, next_url, typed_name=typed)


@dataclass(frozen=True)
class Pending:
    user: User
    method: str
    next_url: str | None
    typed_name: str


def pending_sign_in() -> Pending | None:
    """The sign-in waiting for its second step, if still valid: the same session token (no password change,
    reset or disabling since) and started less than PENDING_MINUTES ago."""
    data = session.get(PENDING)
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("user")) if isinstance(data.get("user"), int) else None
    fresh = time.time() - float(data.get("since") or 0) < PENDING_MINUTES * 60
    if user is None or not user.active or user.session_token != data.get("token") or not fresh:
        session.pop(PENDING, None)
        return None
    return Pending(user, str(data.get("method") or "password"), data.get("next"), str(data.get("typed") or user.username))


def complete_sign_in(user: User, *, method: str, remember: bool = False, second_step: str | None = None,
                     typed_name: str | None = None) -> None:
    """The session is the user's: signed in, audited, their address's failures forgotten."""
    session.pop(PENDING, None)
    # Remember-me would reopen a session without the second step: not for those who have one.
    login_user(user, remember=remember and not totp.needs_second_step(user))
    session[SEEN] = int(time.time())
    if second_step:
        session[SECOND_STEP] = user.id
    for name in {user.username, typed_name or user.username}:
        login_throttle().succeeded(name, client_address())
    how = METHOD_LABELS.get(method, method) + (f" + {SECOND_STEP_LABELS[second_step]}" if second_step else "")
    audit.record(user, "auth.login", f"{user.username} 登录（{how}），来自 {client_address() or '未知地址'}",
                 obj=user, details={"method": method, "second_step": second_step, "client": client_address()})


def way_on(user: User, next_url: str | None, *, typed_name: str | None = None) -> Response:
    response = redirect(safe_next(next_url) or url_for("auth.index"))
    remember_device(response, typed_name or user.username)
    return response


def client_address() -> str:
    """The client's address (the nearest trusted proxy's view of it behind PROXY_FIX_X_FOR)."""
    return request.remote_addr or ""


def record_failure(username: str, reason: str, user: User | None = None) -> None:
    """A refused sign-in on the audit log: the name as typed and the address, under the account when the
    name is one. The name is looked up whether or not the password matched, and a row is written either way,
    so known and unknown names take the same time here too."""
    if user is None:
        user = db.session.scalar(select(User).where(User.username == username[:50]))
    actor = user or audit.ANONYMOUS
    address = client_address()
    audit.record(actor, "auth.login_failed", f"登录失败（{FAILURE_LABELS[reason]}）：{username[:50]}，来自 {address or '未知地址'}",
                 details={"username": username[:200], "client": address, "reason": reason})


def record_lockout(username: str, user: User | None = None) -> None:
    """A sign-in refused past the failure limits. It answers 429, which the commit point rolls back: this
    record is committed here, on its own (nothing else was written in the request)."""
    record_failure(username, "locked", user)
    db.session.commit()


def safe_next(target: str | None) -> str | None:
    """Only same-site paths: never redirect to another host after login. Browsers drop tabs and line
    breaks from a URL and read a backslash as a slash, so "/\t/host" or "/\\host" would lead away: any
    control character, space or backslash refuses the target."""
    if not target or "\\" in target or any(ord(c) <= 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


# ---------------------------------------------------------------- every request


def check_session():
    """Before every request but static files: end sessions that skipped the second step or were idle too
    long, note the time, and hold users who must change an initial password or enrol on those pages.
    Writes only the session."""
    if request.endpoint in (None, "static") or not current_user.is_authenticated:
        return None
    user = current_user._get_current_object()
    if user.has_totp and session.get(SECOND_STEP) != user.id:
        return _end_session(_("请重新登录。"))
    now = int(time.time())
    seen = session.get(SEEN)
    idle = current_app.config.get("IDLE_MINUTES") or 0
    if idle and isinstance(seen, int) and now - seen > idle * 60 and not _remembered(user):
        return _end_session(_("长时间未操作，已退出登录"), request.full_path.rstrip("?") if request.method == "GET" else None)
    if not isinstance(seen, int) or now - seen >= SEEN_RESOLUTION:
        session[SEEN] = now
    # An initial password from a sealed slip (hrflow/admin/logins.py) is changed before anything else.
    if user.must_change_password and request.endpoint not in PASSWORD_FIRST_ENDPOINTS:
        flash(_("请先修改初始密码。"), "warning")
        return redirect(url_for("auth.password"))
    if totp.is_required(user) and not user.has_totp and request.endpoint not in ENROLMENT_ENDPOINTS:
        flash(_("您的账号必须开启两步验证，开启后才能继续使用。"), "warning")
        return redirect(url_for("auth.totp_enrol"))
    return None


def _remembered(user: User) -> bool:
    name = current_app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE)
    return name in request.cookies and not totp.needs_second_step(user)


def _end_session(message: str, next_url: str | None = None) -> Response:
    locale = session.get("locale")
    session.clear()
    logout_user()  # after clear(): it marks the remember-me cookie for deletion
    if locale:
        session["locale"] = locale
    flash(message, "warning")
    return redirect(url_for("auth.login", next=next_url) if next_url else url_for("auth.login"))
