from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, Index, String, Table, delete
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from hrflow.extensions import db
from hrflow.models.base import utcnow


class Role(enum.StrEnum):
    ADMIN = "admin"
    HR = "hr"
    HEAD = "head"
    EMPLOYEE = "employee"
    EXAMINER = "examiner"  # a 面试 examiner from outside: reaches only their panels (hrflow/recruitment/panels.py)

    @property
    def label(self) -> LazyString:
        """In the reader's language; the audit trail writes it in Chinese (models.base.chinese)."""
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.ADMIN: _l("管理员"), Role.HR: _l("人事"), Role.HEAD: _l("部门负责人"), Role.EMPLOYEE: _l("员工"),
               Role.EXAMINER: _l("面试考官")}


user_departments = Table(
    "user_department",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)


def password_hash_method() -> str:
    from flask import current_app, has_app_context

    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
    return method if method.startswith("scrypt") else "scrypt"  # never a weaker scheme than scrypt


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.EMPLOYEE.value)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    # Where mails to this user go (a password reset link, reminders); lower-cased, one account per address.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    # Part of the login session: changing it (password change, disable) logs out every session.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Two-step sign-in (hrflow/auth/totp.py): the TOTP secret, encrypted with a key derived from SECRET_KEY,
    # set once the user confirmed a code; the last time step a code was accepted for (never accepted twice).
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]
    # An initial password handed out on a sealed slip (hrflow/admin/logins.py): changed at first sign-in.
    must_change_password: Mapped[bool] = mapped_column(default=False)

    employee = relationship("Employee")
    departments = relationship("Department", secondary=user_departments)

    @validates("email")
    def _normalise_email(self, _key: str, value: str | None) -> str | None:
        return (value or "").strip().lower() or None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=password_hash_method())
        self.must_change_password = False  # a new password is the person's own; the slip's caller sets it again
        self.end_sessions()

    def end_sessions(self) -> None:
        """Every session and remember-me cookie of this user stops working: they carry the old token."""
        self.session_token = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_hr(self) -> bool:
        """HR officers and administrators manage the whole unit."""
        return self.role in (Role.HR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def has_totp(self) -> bool:
        return self.totp_secret is not None

    def forget_totp(self) -> None:
        """Two-step sign-in off: the secret and every recovery code go (the user may enrol again)."""
        self.totp_secret = self.totp_enabled_at = self.totp_last_step = None
        self.forget_recovery_codes()

    def forget_recovery_codes(self) -> None:
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == self.id))

    def headed_department_ids(self) -> set[int]:
        """Departments this user heads, sub-units included."""
        if self.role != Role.HEAD:
            return set()
        ids: set[int] = set()
        for department in self.departments:
            ids.update(department.subtree_ids())
        return ids

    @property
    def name(self) -> str:
        return self.display_name or (self.employee.name if self.employee else self.username)


class LoginFailure(db.Model):
    """A sign-in refused for a wrong password or an unknown or disabled name, kept while it counts towards
    the rate limits (hrflow/auth/throttle.py; Redis holds them instead when configured). Rows older than
    the window are deleted as new ones come."""

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_account_at", "account", "at"),
        Index("ix_login_failure_client_at", "client", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(50))  # the name as typed: unknown names count too
    client: Mapped[str] = mapped_column(String(64))  # the client's address
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RecoveryCode(db.Model):
    """A one-time code that stands in for the TOTP code when the phone is lost: ten per user, shown once,
    kept as a SHA-256 digest (each holds 60 random bits), used at most once."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class SystemActor:
    """Who acts when no person does: the command line and background jobs. It has the reach of an
    administrator, holds no post and is written in the audit log as 'cli'."""

    id = None
    username = "cli"
    role = Role.ADMIN.value
    is_hr = True
    is_admin = True
    is_authenticated = True
    employee_id = None
    employee = None
    departments: list = []
    name = "cli"

    def headed_department_ids(self) -> set[int]:
        return set()

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


# Whoever a service acts for: a signed-in user, or SYSTEM for the command line and jobs.
Actor = User | SystemActor
