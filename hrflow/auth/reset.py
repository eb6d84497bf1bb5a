"""Resetting a forgotten password by mail.

The link carries a token signed with SECRET_KEY (its own salt, so no other signed value of hrflow passes
for one) holding the user's id and a fingerprint of their current password hash: it works for
MAIL_RESET_MINUTES and only until the password changes, so once used it is spent, and any other change of
the password spends it too. Asking for a link answers the same whatever was typed (hrflow/auth/
reset_routes.py); each request is counted like a failed sign-in, in counts of its own, against the
sign-in limits (hrflow/auth/throttle.py)."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import or_, select

from hrflow import audit
from hrflow.admin.operations import check_password_strength
from hrflow.auth.throttle import DatabaseCounter, FallbackCounter, Limits, RedisCounter, Throttle, Unlimited
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.mail.services import absolute_url, recipient_locale, render_mail, send_mail
from hrflow.models import OutgoingMail, User

SALT = "hrflow.password-reset"
# Reset requests are counted apart from sign-in failures: asking for a link never locks anyone's sign-in.
REQUEST_KEY = "reset:"


class ResetLinkError(DomainError):
    """The link is broken, too old, or already used (said in the reader's language)."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def reset_token(user: User) -> str:
    return _serializer().dumps([user.id, _fingerprint(user)])


def user_for_token(token: str) -> User:
    """The active user a valid, unused, unexpired token was made for; else ResetLinkError saying which."""
    max_age = int(current_app.config["MAIL_RESET_MINUTES"]) * 60
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise ResetLinkError(_("重置链接已过期，请重新申请。")) from None
    except (BadSignature, ValueError, TypeError):
        raise ResetLinkError(_("重置链接无效，请重新申请。")) from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or not hmac.compare_digest(str(fingerprint), _fingerprint(user)):
        raise ResetLinkError(_("重置链接已使用或已失效，请重新申请。"))
    return user


def find_account(identifier: str) -> User | None:
    """The account named by its user name or its address (addresses are kept lower-case)."""
    identifier = identifier.strip()
    if not identifier:
        return None
    return db.session.scalar(select(User).where(or_(User.username == identifier,
                                                    User.email == identifier.lower())).limit(1))


def request_password_reset(identifier: str) -> OutgoingMail | None:
    """Mail a reset link to the active account named, if it has an address; None (and nothing said about
    why) otherwise. The mail is committed and handed to a deliverer (hrflow/mail/services.py)."""
    user = find_account(identifier)
    if user is None or not user.active or not user.email:
        # The same mail is written and thrown away, so the answer takes about as long as for a real account.
        render_mail("password_reset", recipient_locale(None), user=None, link=absolute_url("auth.login"), minutes=0)
        return None
    link = absolute_url("auth.password_reset", token=reset_token(user))
    return send_mail("password_reset", user.email, user=user, link=link,
                     minutes=int(current_app.config["MAIL_RESET_MINUTES"]))


def finish_password_reset(user: User, new_password: str) -> None:
    """Set the new password: every session of the user ends and the link is spent. The caller commits."""
    check_password_strength(new_password, "new_password")
    user.set_password(new_password)
    audit.record(user, "users.password_reset", f"{user.username} 通过邮件链接重置了密码", obj=user)


def reset_request_throttle() -> Throttle | Unlimited:
    """Requests for a link, limited as sign-in failures are (same limits and window), in counts of their own."""
    app = current_app._get_current_object()
    if not app.config["RATELIMIT_ENABLED"]:
        return Unlimited()
    throttle = app.extensions.get("hrflow.reset_throttle")
    if throttle is None:
        counter = DatabaseCounter()
        if app.config.get("REDIS_URL"):
            prefix = f"{app.config['LOGIN_THROTTLE_KEY_PREFIX']}:reset"
            counter = FallbackCounter(RedisCounter(app.config["REDIS_URL"], prefix), counter)
        throttle = app.extensions["hrflow.reset_throttle"] = Throttle(counter, Limits.from_config(app.config))
    return throttle


def request_keys(identifier: str, client: str) -> tuple[str, str]:
    """The names a reset request is counted under: apart from sign-ins of the same name and address."""
    return REQUEST_KEY + identifier.strip().lower(), REQUEST_KEY + (client or "unknown")


def link_minutes() -> int:
    return int(current_app.config["MAIL_RESET_MINUTES"])
