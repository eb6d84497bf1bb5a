"""Writing the audit log: one call per state change, from services (web, CLI and jobs alike)."""

from __future__ import annotations

from sqlalchemy import insert

from hrflow.extensions import db
from hrflow.models import Actor, AuditLog


class Anonymous:
    """Nobody signed in: a refused sign-in under a name that belongs to no account is recorded under
    'anonymous' (the name as typed goes in the details)."""

    id = None
    username = "anonymous"


ANONYMOUS = Anonymous()


def record(
    actor: Actor | Anonymous,
    action: str,
    summary: str,
    *,
    obj: object | None = None,
    reason: str | None = None,
    details: dict | None = None,
) -> AuditLog:
    entry = AuditLog(
        user_id=actor.id,
        actor=actor.username,
        action=action,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        summary=summary,
        reason=reason,
        details=details,
    )
    db.session.add(entry)
    return entry


def record_many(actor: Actor, action: str, object_type: str, entries: list[tuple[int, str]]) -> None:
    """Many changes of one kind at once (a big import): a row for each (object id, summary), as record()
    writes them, in one statement."""
    if not entries:
        return
    who = {"user_id": actor.id, "actor": actor.username,
           "action": action, "object_type": object_type}
    db.session.execute(insert(AuditLog), [{**who, "object_id": object_id, "summary": summary}
                                          for object_id, summary in entries])
