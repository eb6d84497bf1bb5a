"""Applicants' accounts: registration with consent, the mailed confirmation code, log-in, password reset by
mail, and the portal's throttle (docs/portal.md, Accounts). Nothing here reads the request or commits,
except send_mail, which commits the mail it writes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from hrflow import audit
from hrflow.admin.operations import check_password_strength
from hrflow.auth.throttle import DatabaseCounter, FallbackCounter, Limits, RedisCounter, Throttle, Unlimited
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.mail.services import absolute_url, recipient_locale, render_mail, send_mail
from hrflow.models import ApplicantAccount
from hrflow.models.base import utcnow

CONSENT_VERSION = "2024-1"
RESET_SALT = "hrflow.portal-reset"
THROTTLE_PREFIX = "portal"  # counts of its own, apart from staff sign-ins


class PortalError(DomainError):
    """The portal refused: the message says why, `field` which form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ApplicantActor:
    """An applicant as the audit log and the recruitment services see them: no User, so no user id."""

    username: str
    id: None = None
    role: str = "applicant"


def actor_of(account: ApplicantAccount) -> ApplicantActor:
    return ApplicantActor(account.username)


# ---------------------------------------------------------------- accounts

def normal_email(email: str) -> str:
    return (email or "").strip().lower()


def find_account(email: str) -> ApplicantAccount | None:
    address = normal_email(email)
    return db.session.scalar(select(ApplicantAccount).where(ApplicantAccount.email == address)) if address else None


def register(email: str, password: str, *, consent: bool, locale: str | None, phone: str | None = None
             ) -> ApplicantAccount:
    """A new account, unconfirmed until the mailed code is typed; the consent is recorded with its version."""
    address = normal_email(email)
    if "@" not in address or len(address) > 254:
        raise PortalError("请填写有效的电子邮箱", field="email")
    if not consent:
        raise PortalError("须同意个人信息处理说明才能注册", field="consent")
    check_password_strength(password, "password")
    if find_account(address) is not None:
        raise PortalError("该邮箱已注册，请直接登录或找回密码", field="email")
    now = utcnow()
    account = ApplicantAccount(email=address, phone=(phone or "").strip() or None, locale=locale, consent_at=now,
                               consent_version=CONSENT_VERSION, password_hash="")
    account.set_password(password)
    db.session.add(account)
    db.session.flush()
    audit.record(actor_of(account), "portal.register", f"报名账号注册：{address}（同意个人信息处理说明 {CONSENT_VERSION}）",
                 obj=account)
    return account


def _code_hash(account: ApplicantAccount, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"portal-code:{account.id}:{code}".encode(), hashlib.sha256).hexdigest()


def send_code(account: ApplicantAccount) -> str:
    """Mail a fresh 6-digit code (the old one stops working); returns it (tests read it from the mail)."""
    code = f"{secrets.randbelow(10**6):06d}"
    account.code_hash, account.code_sent_at, account.code_tries = _code_hash(account, code), utcnow(), 0
    send_mail("portal_code", account.email, locale=recipient_locale(None, account.locale), code=code,
              minutes=int(current_app.config["PORTAL_CODE_MINUTES"]))
    return code


def confirm_code(account: ApplicantAccount, code: str) -> None:
    """The address is confirmed by the last code mailed, typed within its time and its tries."""
    if account.confirmed:
        return
    if account.code_hash is None or account.code_sent_at is None:
        raise PortalError("请先获取验证码", field="code")
    minutes = int(current_app.config["PORTAL_CODE_MINUTES"])
    if utcnow() - account.code_sent_at > timedelta(minutes=minutes):
        raise PortalError("验证码已过期，请重新获取", field="code")
    if account.code_tries >= int(current_app.config["PORTAL_CODE_TRIES"]):
        raise PortalError("验证码错误次数过多，请重新获取", field="code")
    if not hmac.compare_digest(account.code_hash, _code_hash(account, (code or "").strip())):
        account.code_tries += 1
        raise PortalError("验证码不正确", field="code")
    account.confirmed_at, account.code_hash = utcnow(), None
    audit.record(actor_of(account), "portal.confirm", f"报名账号确认邮箱：{account.email}", obj=account)


def count_wrong_code(account: ApplicantAccount) -> None:
    """A wrong code counts even though the request is refused (the refusal rolls back the rest)."""
    db.session.execute(ApplicantAccount.__table__.update().where(ApplicantAccount.id == account.id)
                       .values(code_tries=ApplicantAccount.code_tries + 1))


def authenticate(email: str, password: str) -> ApplicantAccount | None:
    account = find_account(email)
    if account is None:
        # As long as checking a real password takes: a refusal says nothing about which addresses exist.
        ApplicantAccount(password_hash=_DUMMY_HASH[0] or _dummy_hash()).check_password(password)
        return None
    return account if account.check_password(password) else None


_DUMMY_HASH: list[str | None] = [None]


def _dummy_hash() -> str:
    dummy = ApplicantAccount(password_hash="")
    dummy.set_password(secrets.token_hex(8))
    _DUMMY_HASH[0] = dummy.password_hash
    return dummy.password_hash


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _fingerprint(account: ApplicantAccount) -> str:
    return hashlib.sha256(account.password_hash.encode()).hexdigest()[:32]


def reset_token(account: ApplicantAccount) -> str:
    return _serializer().dumps([account.id, _fingerprint(account)])


def account_for_token(token: str) -> ApplicantAccount:
    max_age = int(current_app.config["MAIL_RESET_MINUTES"]) * 60
    try:
        account_id, fingerprint = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise PortalError("重置链接已过期，请重新申请。") from None
    except (BadSignature, ValueError, TypeError):
        raise PortalError("重置链接无效，请重新申请。") from None
    account = db.session.get(ApplicantAccount, account_id) if isinstance(account_id, int) else None
    if account is None or not hmac.compare_digest(str(fingerprint), _fingerprint(account)):
        raise PortalError("重置链接已使用或已失效，请重新申请。")
    return account


def request_reset(email: str) -> None:
    """Mail a reset link if the address has an account; the same answer (and about the same time) if not."""
    account = find_account(email)
    minutes = int(current_app.config["MAIL_RESET_MINUTES"])
    if account is None:
        render_mail("portal_reset", recipient_locale(None), link=absolute_url("portal.login"), minutes=minutes)
        return
    send_mail("portal_reset", account.email, locale=recipient_locale(None, account.locale),
              link=absolute_url("portal.password_reset", token=reset_token(account)), minutes=minutes)


def finish_reset(account: ApplicantAccount, password: str) -> None:
    check_password_strength(password, "new_password")
    account.set_password(password)
    if not account.confirmed:  # the link came by mail: the address is the applicant's
        account.confirmed_at = utcnow()
    audit.record(actor_of(account), "portal.password_reset", f"报名账号通过邮件重置密码：{account.email}", obj=account)


def portal_throttle() -> Throttle | Unlimited:
    """Log-ins, registrations and codes of the portal, limited as staff sign-ins are, in counts of their own."""
    app = current_app._get_current_object()
    if not app.config["RATELIMIT_ENABLED"]:
        return Unlimited()
    throttle = app.extensions.get("hrflow.portal_throttle")
    if throttle is None:
        counter = DatabaseCounter()
        if app.config.get("REDIS_URL"):
            counter = FallbackCounter(RedisCounter(app.config["REDIS_URL"],
                                                   f"{app.config['LOGIN_THROTTLE_KEY_PREFIX']}:{THROTTLE_PREFIX}"), counter)
        throttle = app.extensions["hrflow.portal_throttle"] = Throttle(counter, Limits.from_config(app.config))
    return throttle


def throttle_keys(what: str, name: str, client: str) -> tuple[str, str]:
    """The names a portal attempt is counted under (what: login, register, code)."""
    return f"{THROTTLE_PREFIX}-{what}:{name.strip().lower()}", f"{THROTTLE_PREFIX}:{client or 'unknown'}"
