"""Two-step sign-in: a TOTP code from the phone (RFC 6238, 30-second steps, six digits) after the password,
or one of ten single-use recovery codes when the phone is lost. 等保 2.0 asks it of privileged accounts:
TOTP_REQUIRED_ROLES names the roles that must use it; for everyone else it is their own choice.

- The secret is kept encrypted (Fernet) with a key derived from SECRET_KEY, so a copy of the database alone
  does not give the codes away. Changing SECRET_KEY makes every stored secret unreadable: those users can
  no longer pass the second step until an administrator resets it and they enrol again.
- A code is accepted for the step before, the current one and the next (pyotp's valid_window=1: clocks
  drift), and only for a step later than the last one accepted: a code seen over a shoulder or replayed
  from a log is refused.
- Recovery codes are shown once and kept as SHA-256 digests: each is 60 random bits, far beyond guessing
  from a digest; each opens one sign-in.

Sessions, the second step of a sign-in and the pages live beside this (signin.py, totp_routes.py); this
module changes accounts and is called with the user it acts on."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time

import pyotp
import segno
from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from hrflow import audit, sealing
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import User
from hrflow.models.auth import RecoveryCode
from hrflow.models.base import utcnow

log = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
# Recovery codes: 12 characters in three groups, from letters and digits that cannot be mistaken for each
# other (no 0/O, 1/I/L): 31^12 ≈ 2^59.
RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECOVERY_GROUPS, RECOVERY_GROUP_LENGTH = 3, 4
STEP_SECONDS = 30


class TotpError(DomainError):
    """A refused change of one's two-step sign-in; `field` names the form field it belongs next to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------- who must use it


def required_roles() -> set[str]:
    raw = current_app.config.get("TOTP_REQUIRED_ROLES") or ""
    roles = raw if isinstance(raw, list | tuple | set) else raw.split(",")
    return {role.strip() for role in roles if role.strip()}


def is_required(user: User) -> bool:
    return user.role in required_roles()


def needs_second_step(user: User) -> bool:
    """Signing in takes a code (enrolled), or first an enrolment (required but not yet enrolled)."""
    return user.has_totp or is_required(user)


# ---------------------------------------------------------------- the secret


def new_secret() -> str:
    return pyotp.random_base32()


def seal(secret: str) -> str:
    return sealing.seal(secret, "totp secret")


def unseal(sealed: str | None) -> str | None:
    """The secret, or None when it was sealed under another SECRET_KEY (or is not a sealed value)."""
    secret = sealing.unseal(sealed, "totp secret")
    if sealed and secret is None:
        log.error("a TOTP secret cannot be read with this SECRET_KEY: the user needs a reset")
    return secret


def issuer() -> str:
    return current_app.config.get("TOTP_ISSUER") or current_app.config["UNIT_NAME"]


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=issuer())


def qr_svg(uri: str, title: str) -> str:
    """The otpauth:// address as an SVG QR code to place in the page (no style attributes: the CSP forbids
    inline styles)."""
    return segno.make(uri, error="m").svg_inline(scale=4, title=title, light="#fff")


# ---------------------------------------------------------------- codes


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step `code` belongs to, among the previous, current and next one; None when none."""
    code = normalise_code(code)
    if len(code) != 6 or not code.isdigit():
        return None
    otp, step = pyotp.TOTP(secret), current_step(now)
    found = None
    for candidate in (step - 1, step, step + 1):  # all three compared: the time taken says nothing
        if hmac.compare_digest(otp.generate_otp(candidate), code):
            found = candidate
    return found


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").upper()


def accept_code(user: User, code: str, now: float | None = None) -> bool:
    """True when `code` is right and its step is later than the last accepted one, which it becomes. One
    conditional UPDATE: of two requests with the same code at once, only one is accepted."""
    secret = unseal(user.totp_secret)
    step = matching_step(secret, code, now) if secret else None
    if step is None:
        return False
    accepted = db.session.execute(
        update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False)
    ).rowcount == 1
    if accepted:
        user.totp_last_step = step
    return accepted


def looks_like_recovery_code(code: str) -> bool:
    return len(normalise_code(code)) == RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH


def use_recovery_code(user: User, code: str) -> bool:
    """True when `code` is one of the user's unused recovery codes; it is then used up (a conditional
    UPDATE, so two requests with the same code cannot both pass)."""
    if not user.has_totp:
        return False
    digest = _digest(code)
    used = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.digest == digest,
                                   RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    return used == 1


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        and_(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))) or 0


def _digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def _new_recovery_code() -> str:
    letters = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH))
    return "-".join(letters[i:i + RECOVERY_GROUP_LENGTH] for i in range(0, len(letters), RECOVERY_GROUP_LENGTH))


def _replace_recovery_codes(user: User) -> list[str]:
    user.forget_recovery_codes()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, digest=_digest(code)) for code in codes)
    return codes


# ---------------------------------------------------------------- changes to an account


def enrol(user: User, secret: str, code: str, now: float | None = None) -> list[str]:
    """Turn two-step sign-in on with `secret` once `code` shows the phone holds it; returns the recovery
    codes (to show once). The user's other sessions end: they were opened with the password alone."""
    if user.has_totp:
        raise TotpError("两步验证已经开启")
    step = matching_step(secret, code, now)
    if step is None:
        raise TotpError("验证码不正确，请核对手机上的时间后重试", field="code")
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = seal(secret), utcnow(), step
    user.end_sessions()
    db.session.flush()
    codes = _replace_recovery_codes(user)
    audit.record(user, "auth.totp_enrol", f"{user.username} 开启了两步验证", obj=user)
    return codes


def regenerate_recovery_codes(user: User, password: str) -> list[str]:
    """Ten new codes instead of the old ones (all of which stop working), after the password."""
    if not user.has_totp:
        raise TotpError("两步验证尚未开启")
    _check_password(user, password)
    codes = _replace_recovery_codes(user)
    audit.record(user, "auth.totp_recovery_codes", f"{user.username} 重新生成了恢复码", obj=user)
    return codes


def turn_off(user: User, password: str) -> None:
    """One's own choice, after the password; refused when one's role must use it."""
    if not user.has_totp:
        raise TotpError("两步验证尚未开启")
    if is_required(user):
        raise TotpError("您的角色必须使用两步验证，不能关闭")
    _check_password(user, password)
    user.forget_totp()
    audit.record(user, "auth.totp_disable", f"{user.username} 关闭了两步验证", obj=user)


def _check_password(user: User, password: str) -> None:
    if not user.check_password(password or ""):
        raise TotpError("密码不正确", field="password")
