"""考场编排: the rooms of a round's written exam, the seat each application sits in (with its 准考证号), and
the round's exam plan: the 考生须知 printed on every 准考证, when HR released the 准考证 and when HR published
the scores to the applicants (docs/portal.md, 考场与准考证; 成绩与公示).

Exam times are the unit's wall-clock (Beijing time), as the 准考证 prints them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrflow.extensions import db
from hrflow.models.base import utcnow


class ExamRoom(db.Model):
    """A 考场: its number in the round (part of every 准考证号), where it is, how many sit in it, and when."""

    __tablename__ = "exam_room"
    __table_args__ = (UniqueConstraint("round_id", "number", name="uq_exam_room_round_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("recruitment_round.id"), index=True)
    number: Mapped[int]  # 第 N 考场, 1–99
    place: Mapped[str] = mapped_column(String(200))  # 考点 and room, as printed
    capacity: Mapped[int]  # seats 1..capacity, at most 99
    starts_at: Mapped[datetime]  # Beijing time
    ends_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round = relationship("RecruitmentRound")
    seats: Mapped[list[ExamSeat]] = relationship(back_populates="room", order_by="ExamSeat.seat")

    @property
    def name(self) -> str:
        return f"第{self.number}考场"


class ExamSeat(db.Model):
    """Where one application sits: room and seat, and the 准考证号 derived from them (unique in the round)."""

    __tablename__ = "exam_seat"
    __table_args__ = (UniqueConstraint("room_id", "seat", name="uq_exam_seat_room_seat"),
                      UniqueConstraint("round_id", "ticket_number", name="uq_exam_seat_round_ticket"))

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("recruitment_round.id"), index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("exam_room.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    seat: Mapped[int]
    ticket_number: Mapped[str] = mapped_column(String(20))

    room: Mapped[ExamRoom] = relationship(back_populates="seats")
    application = relationship("Application")


class ExamPlan(db.Model):
    """One per round, made when HR first touches the arrangement: the 考生须知 and the two publications."""

    __tablename__ = "exam_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("recruitment_round.id"), unique=True)
    rules: Mapped[str | None] = mapped_column(Text)  # 考生须知 (None: the default text)
    arranged_at: Mapped[datetime | None]
    tickets_released_at: Mapped[datetime | None]
    tickets_released_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    scores_published_at: Mapped[datetime | None]
    scores_published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    round = relationship("RecruitmentRound")

    @property
    def released(self) -> bool:
        return self.tickets_released_at is not None

    @property
    def scores_published(self) -> bool:
        return self.scores_published_at is not None
