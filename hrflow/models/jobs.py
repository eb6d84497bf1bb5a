from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from hrflow.extensions import db
from hrflow.models.base import utcnow


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(db.Model):
    """Long work (batch PDFs, big imports, re-reviewing a round) run in the background. Progress lives in
    the database so every web worker — and an RQ worker on another machine — sees the same state.

    A job ends with a file to download (result) or, when it changed data instead, with an outcome:
    a message key and the numbers it names, put into the reader's language on the job page."""

    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default=JobState.QUEUED.value)
    done_steps: Mapped[int] = mapped_column(default=0)
    total_steps: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
    # Kept in the database so a worker on another machine can hand the file back; loaded on demand.
    result: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    result_size: Mapped[int | None]
    result_name: Mapped[str | None] = mapped_column(String(255))  # the file name offered for download
    outcome: Mapped[dict | None] = mapped_column(JSON)  # {"summary": key, "numbers": {...}}
    # The file the job reads (an uploaded sheet), for a worker on another machine; emptied when the job ends.
    upload: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return int(100 * self.done_steps / self.total_steps) if self.total_steps else 0
