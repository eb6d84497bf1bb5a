"""The outbox: every mail hrflow sends is a row here first, then delivered (hrflow/mail/services.py)."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrflow.extensions import db
from hrflow.models.base import utcnow


class MailStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for its first or its next attempt (next_attempt_at)
    SENDING = "sending"  # claimed by one deliverer until next_attempt_at, so no mail goes out twice
    SENT = "sent"
    FAILED = "failed"  # MAIL_MAX_ATTEMPTS attempts refused; HR may send it again
    UNSENT = "unsent"  # recorded while no mail server was configured; HR may send it once there is one

    @property
    def label(self) -> LazyString:
        return MAIL_STATUS_LABELS[self]


MAIL_STATUS_LABELS = {
    MailStatus.QUEUED: _l("等待发送"),
    MailStatus.SENDING: _l("正在发送"),
    MailStatus.SENT: _l("已发送"),
    MailStatus.FAILED: _l("发送失败"),
    MailStatus.UNSENT: _l("未发送"),
}


class OutgoingMail(db.Model):
    """One mail to one address, as it was written in the recipient's language. `user_id` names the account
    it went to (none for an applicant); the user sees their own mails, HR sees every mail's state."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (
        Index("ix_outgoing_mail_status_next", "status", "next_attempt_at"),
        Index("ix_outgoing_mail_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=MailStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]

    user = relationship("User")

    @property
    def state(self) -> MailStatus:
        return MailStatus(self.status)
