from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC timestamps: SQLite and PostgreSQL store them identically."""
    return datetime.now(UTC).replace(tzinfo=None)
