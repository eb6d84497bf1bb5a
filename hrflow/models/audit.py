from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hrflow.extensions import db
from hrflow.models.base import utcnow


class AuditLog(db.Model):
    """Who changed what, when and why. Written by services, never edited by the app."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    actor: Mapped[str] = mapped_column(String(50))  # username at the time, or “cli”
    action: Mapped[str] = mapped_column(String(50), index=True)
    object_type: Mapped[str | None] = mapped_column(String(50))
    object_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict | None] = mapped_column(JSON)
