"""What the annual grade draws on besides the forms: 平时考核 (a head's quarterly result per person) and
民主测评 (anonymous ballots of colleagues). hrflow/assessment/quarterly.py and ballots.py work on them."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrflow.extensions import db
from hrflow.models.assessment import LABELS, AssessmentError, Rating
from hrflow.models.base import chinese, utcnow

# ---------------------------------------------------------------- 平时考核 (quarterly results)

QUARTERS = (1, 2, 3, 4)
# A quarter with one of these results may bar 优秀 for the year (QUARTERLY_BARS_EXCELLENT).
WEAK_QUARTERLY_RESULTS = (Rating.AVERAGE, Rating.POOR)


class QuarterlyResult(db.Model):
    """One quarter's 平时考核 result of a person (好 / 较好 / 一般 / 较差, the Rating words), with a note."""

    __tablename__ = "quarterly_result"
    __table_args__ = (
        UniqueConstraint("cycle_id", "employee_id", "quarter", name="uq_quarterly_result_cycle_employee_quarter"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("assessment_cycle.id"))  # indexed by the unique constraint
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    quarter: Mapped[int]  # 1–4
    result: Mapped[str] = mapped_column(String(20))  # Rating value
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    cycle = relationship("AssessmentCycle")
    employee = relationship("Employee")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])

    @property
    def result_label(self) -> str:
        return chinese(Rating(self.result).label)

    def __repr__(self) -> str:
        return f"<QuarterlyResult cycle={self.cycle_id} employee={self.employee_id} Q{self.quarter} {self.result}>"


# ---------------------------------------------------------------- 民主测评 (anonymous ballots)

class BallotStatus(enum.StrEnum):
    OPEN = "open"  # codes may be printed and used
    CLOSED = "closed"  # no more votes

    @property
    def label(self) -> LazyString:
        return BALLOT_STATUS_LABELS[self]


BALLOT_STATUS_LABELS = {BallotStatus.OPEN: _l("进行中"), BallotStatus.CLOSED: _l("已结束")}
LABELS["ballot_status"] = BALLOT_STATUS_LABELS


class Ballot(db.Model):
    """A 民主测评 of a department (its sub-units included) or of the whole unit (department None) in a cycle.
    Voters hold one-time codes (BallotCode); what they vote is in BallotVote, with nothing leading back to
    the code, and no time."""

    __tablename__ = "ballot"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("assessment_cycle.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))  # None: the whole unit
    title: Mapped[str] = mapped_column(String(200))
    dimensions: Mapped[bool] = mapped_column(default=False)  # voters also rate 德、能、勤、绩、廉
    min_votes: Mapped[int] = mapped_column(default=5)  # results stay hidden below this many votes
    status: Mapped[str] = mapped_column(String(20), default=BallotStatus.OPEN.value)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    cycle = relationship("AssessmentCycle", back_populates="ballots")
    department = relationship("Department")
    opened_by = relationship("User", foreign_keys=[opened_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])

    @property
    def is_open(self) -> bool:
        return self.status == BallotStatus.OPEN

    @property
    def status_label(self) -> str:
        return chinese(BallotStatus(self.status).label)

    def close(self) -> None:
        if not self.is_open:
            raise AssessmentError(f"民主测评“{self.title}”已结束")
        self.status = BallotStatus.CLOSED.value
        self.closed_at = utcnow()

    def __repr__(self) -> str:
        return f"<Ballot {self.id} cycle={self.cycle_id} {self.status}>"


class BallotCode(db.Model):
    """One printed slip's code, kept only as a hash. Whether it was used, and nothing else: no voter, no
    time (a time of use would line up with the order the votes were written in)."""

    __tablename__ = "ballot_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballot.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 hex of the normalised code
    used: Mapped[bool] = mapped_column(default=False)

    ballot = relationship("Ballot")


class BallotVote(db.Model):
    """One voter's rating of one colleague. No code, no voter, no time; the key is random, so neither its
    order nor the order of the rows says who voted when."""

    __tablename__ = "ballot_vote"
    # SQLite without its hidden rowid: that counter would number the rows in the order they were written.
    __table_args__ = (Index("ix_ballot_vote_ballot_subject", "ballot_id", "subject_id"), {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: secrets.token_hex(16))  # never a sequence
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballot.id"))  # indexed by ix_ballot_vote_ballot_subject
    subject_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    rating: Mapped[str] = mapped_column(String(20))  # Grade value: 优秀 / 合格 / 基本合格 / 不合格
    # {Dimension value: Grade value} when the ballot rates 德能勤绩廉, else empty.
    dimension_ratings: Mapped[dict] = mapped_column(JSON, default=dict)
