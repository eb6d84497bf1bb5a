"""网上报名: applicants' own accounts (never User rows), the portal HR opens for a round, each applicant's
报名表 (PortalEntry) in a round and the files they upload for it.

A submitted 报名表 becomes an Application of the round's one list (the same list as people HR entered or
imported): the entry keeps what the applicant typed, the Applicant row what the rules read of it."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from hrflow.extensions import db
from hrflow.models.auth import password_hash_method
from hrflow.models.base import utcnow
from hrflow.models.recruitment import ENROLLING


class ApplicantAccount(db.Model):
    """Someone applying from outside: an address, a password, and the consent they gave at registration."""

    __tablename__ = "applicant_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower-case
    password_hash: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(20))  # for contact only
    locale: Mapped[str | None] = mapped_column(String(10))
    confirmed_at: Mapped[datetime | None]
    consent_at: Mapped[datetime]  # 个人信息处理同意, given at registration
    consent_version: Mapped[str] = mapped_column(String(20))
    # Part of the applicant's session: a new password ends every old session.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    # The confirmation code mailed last: only its hash is kept, with when it was sent and the wrong tries.
    code_hash: Mapped[str | None] = mapped_column(String(128))
    code_sent_at: Mapped[datetime | None]
    code_tries: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    entries: Mapped[list[PortalEntry]] = relationship(back_populates="account", order_by="PortalEntry.id")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=password_hash_method())
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        self.session_token = secrets.token_hex(16)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def username(self) -> str:
        """How the audit log names the applicant (they are no User)."""
        return f"applicant:{self.email}"


class PortalOpening(db.Model):
    """HR opened the portal for a round: its public 公告 and when applications are taken (UTC, shown in
    Asia/Shanghai)."""

    __tablename__ = "portal_opening"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("recruitment_round.id"), unique=True)
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]  # the deadline: a submission at or after it is refused
    notice: Mapped[str] = mapped_column(Text)  # 招聘公告
    published: Mapped[bool] = mapped_column(default=True)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)

    round = relationship("RecruitmentRound")

    def taking(self, now: datetime) -> bool:
        """Within the dates, and the round still enrolling (a round HR moved on to its exam or 公示 while
        the dates run takes no one more: there would be no review for them)."""
        return self.published and self.opens_at <= now < self.closes_at and self.round.status in ENROLLING


class EntryState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"  # HR sent it back for correction, with a reason
    DECIDED = "decided"  # HR's 初审 result is given

    @property
    def label(self) -> LazyString:
        return ENTRY_STATE_LABELS[self]


ENTRY_STATE_LABELS = {EntryState.DRAFT: _l("草稿"), EntryState.SUBMITTED: _l("已提交"),
                      EntryState.RETURNED: _l("退回修改"), EntryState.DECIDED: _l("初审完成")}


class PortalEntry(db.Model):
    """One applicant's 报名表 in one round: one per account and round, one per 身份证号 and round."""

    __tablename__ = "portal_entry"
    __table_args__ = (UniqueConstraint("account_id", "round_id", name="uq_portal_entry_account_round"),
                      UniqueConstraint("round_id", "id_number", name="uq_portal_entry_round_id_number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("applicant_account.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("recruitment_round.id"))
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancy.id"))
    state: Mapped[str] = mapped_column(String(20), default=EntryState.DRAFT.value)
    name: Mapped[str | None] = mapped_column(String(50))
    gender: Mapped[str | None] = mapped_column(String(4))
    birth_date: Mapped[date | None]
    id_number: Mapped[str | None] = mapped_column(String(18))
    # The rest as typed: phone, political_status, title, certificates, study and work entries.
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), unique=True)
    submitted_at: Mapped[datetime | None]
    return_reason: Mapped[str | None] = mapped_column(Text)
    returned_at: Mapped[datetime | None]
    result: Mapped[str | None] = mapped_column(String(20))  # eligible / not_eligible (the 初审 result)
    result_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    # Its photo and proof were deleted when the round's retention period ended (hrflow/portal/retention.py).
    files_deleted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    account: Mapped[ApplicantAccount] = relationship(back_populates="entries")
    round = relationship("RecruitmentRound")
    vacancy = relationship("Vacancy")
    application = relationship("Application")
    files: Mapped[list[PortalFile]] = relationship(back_populates="entry", order_by="PortalFile.id")

    @property
    def state_label(self) -> LazyString:
        return EntryState(self.state).label

    @property
    def photo(self) -> PortalFile | None:
        return next((f for f in self.files if f.kind == PHOTO), None)

    @property
    def proofs(self) -> list[PortalFile]:
        return [f for f in self.files if f.kind != PHOTO]


PHOTO = "photo"


class PortalFile(db.Model):
    """A photo or proof uploaded for a 报名表, stored under instance/ by a random name (never one from the
    request)."""

    __tablename__ = "portal_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("portal_entry.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # photo, or the rule kind it proves (education, title …)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))  # the uploaded name, cleaned, for display only
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    entry: Mapped[PortalEntry] = relationship(back_populates="files")
