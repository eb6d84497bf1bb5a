"""Reads for the mail pages: HR's 邮件记录 and each user's 我的邮件."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from hrflow.models import OutgoingMail, User


def mail_log_query(*, status: str | None = None, kind: str | None = None, search: str | None = None) -> Select:
    """Every mail, newest first; `search` matches the address (as typed: % and _ are not wildcards)."""
    query = select(OutgoingMail).options(selectinload(OutgoingMail.user))
    if status:
        query = query.where(OutgoingMail.status == status)
    if kind:
        query = query.where(OutgoingMail.kind == kind)
    if search:
        query = query.where(OutgoingMail.to_address.icontains(search, autoescape=True))
    return query.order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc())


def mails_of(user: User) -> Select:
    """The mails sent to this user's account, newest first."""
    return (select(OutgoingMail).where(OutgoingMail.user_id == user.id)
            .order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc()))
