"""保存期满: the photos and proof applicants uploaded for a round are deleted PORTAL_RETENTION_DAYS after HR
closed the round (docs/portal.md, 保存期限). What the applicant typed stays: it is the round's record, as the
people HR entered are; the files were needed to check it, and the check is over.

The day a round closed is the day its step into 已结束 was audited (the step is final, so it is the round's
last `recruitment.advance`; hrflow keeps no other date of it). A round marked closed without that entry is
never purged by guess: it is reported instead, for HR to look at.

Nothing here reads the request or commits: `hrflow portal purge-attachments` commits what this flushes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from hrflow import audit
from hrflow.extensions import db
from hrflow.models import Actor, AuditLog, PortalEntry, PortalFile, RecruitmentRound
from hrflow.models.base import utcnow
from hrflow.models.recruitment import RoundStatus
from hrflow.portal import files

REASON = "保存期满"


@dataclass(frozen=True)
class RoundPurge:
    """A closed round whose retention period is over, and what of it is (or would be) deleted."""

    round_id: int
    round_name: str
    closed_at: datetime
    files: int
    entries: int
    size: int  # bytes on disk


@dataclass
class PurgeResult:
    purged: list[RoundPurge] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # closed rounds with attachments and no audited closing


def retention_days() -> int:
    return int(current_app.config["PORTAL_RETENTION_DAYS"])


def closing_times(round_ids: list[int]) -> dict[int, datetime]:
    """When each round took its last step (for a closed round: into 已结束), from the audit log."""
    if not round_ids:
        return {}
    rows = db.session.execute(
        select(AuditLog.object_id, func.max(AuditLog.at))
        .where(AuditLog.action == "recruitment.advance", AuditLog.object_type == RecruitmentRound.__name__,
               AuditLog.object_id.in_(round_ids))
        .group_by(AuditLog.object_id))
    return {round_id: at for round_id, at in rows}


def _closed_rounds_with_files() -> list[RecruitmentRound]:
    holding = select(PortalEntry.round_id).join(PortalFile, PortalFile.entry_id == PortalEntry.id).distinct()
    return list(db.session.scalars(select(RecruitmentRound).where(RecruitmentRound.status == RoundStatus.CLOSED.value,
                                                                  RecruitmentRound.id.in_(holding))
                                   .order_by(RecruitmentRound.id)))


def _files_of(round_id: int) -> list[PortalFile]:
    return list(db.session.scalars(select(PortalFile).join(PortalEntry, PortalFile.entry_id == PortalEntry.id)
                                   .where(PortalEntry.round_id == round_id).order_by(PortalFile.id)))


def purge_attachments(*, actor: Actor, now: datetime | None = None, dry_run: bool = False) -> PurgeResult:
    """Delete the portal files of every round closed at least PORTAL_RETENTION_DAYS ago (files from disk, rows
    from the database), mark their 报名表, and audit each round once with the count and the reason.
    With dry_run nothing changes: the result says what would be deleted."""
    now = now or utcnow()
    days = retention_days()
    rounds = _closed_rounds_with_files()
    closed = closing_times([r.id for r in rounds])
    result = PurgeResult()
    for round_ in rounds:
        closed_at = closed.get(round_.id)
        if closed_at is None:
            result.undated.append(round_.name)
            continue
        if closed_at + timedelta(days=days) > now:
            continue
        stored = _files_of(round_.id)
        entries = {f.entry_id for f in stored}
        purge = RoundPurge(round_.id, round_.name, closed_at, len(stored), len(entries), sum(f.size for f in stored))
        if not dry_run:
            _delete(round_, stored, purge, actor=actor, now=now, days=days)
        result.purged.append(purge)
    return result


def _delete(round_: RecruitmentRound, stored: list[PortalFile], purge: RoundPurge, *, actor: Actor, now: datetime,
            days: int) -> None:
    names = [f.stored_name for f in stored]
    entries = db.session.scalars(select(PortalEntry).where(PortalEntry.id.in_({f.entry_id for f in stored}))).all()
    for entry in entries:
        entry.files_deleted_at = now
    for row in stored:
        db.session.delete(row)
    db.session.flush()
    for entry in entries:
        db.session.expire(entry, ["files"])
    audit.record(actor, "portal.purge",
                 f"“{round_.name}”网上报名材料保存期满：删除照片和证明材料 {purge.files} 个（{purge.entries} 份报名表）",
                 obj=round_, reason=REASON,
                 details={"files": purge.files, "entries": purge.entries, "bytes": purge.size,
                          "closed_at": purge.closed_at.isoformat(timespec="seconds"), "retention_days": days})
    # The rows are gone from this transaction first; a file is then removed at once (as an applicant's own
    # deletion is), so a failed commit leaves rows without files, never files nobody knows of.
    for name in names:
        files.remove(name)
