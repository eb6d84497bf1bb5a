"""Examiner panels of a recruitment round's 面试 (hrflow/recruitment/panels.py works with them).

A post (vacancy) is marked against its own 测评要素 (InterviewElement: weight and full marks). Its candidates
sit before one panel (a room), or are split over several rooms of the post. A panel's members are
examiners (考官; the 主考官 marks too), a 计分员 and a 监督员, each a user account; an examiner marks each
candidate of the panel on one MarkSheet, once (a submitted sheet changes only by HR, with a reason), or
declares 回避 (Recusal) and is not asked. How the marks make a score is the round's InterviewRule."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrflow.extensions import db
from hrflow.models.base import utcnow


class Duty(enum.StrEnum):
    CHIEF = "chief"  # 主考官: marks, and signs the sheet last
    EXAMINER = "examiner"  # 考官
    SCORER = "scorer"  # 计分员: keeps the board, does not mark
    SUPERVISOR = "supervisor"  # 监督员: watches, does not mark

    @property
    def label(self) -> LazyString:
        return DUTY_LABELS[self]

    @property
    def marks(self) -> bool:
        return self in (Duty.CHIEF, Duty.EXAMINER)


DUTY_LABELS = {Duty.CHIEF: _l("主考官"), Duty.EXAMINER: _l("考官"), Duty.SCORER: _l("计分员"),
               Duty.SUPERVISOR: _l("监督员")}


class DropRule(enum.StrEnum):
    ELEMENT = "element"  # the highest and lowest mark of each 测评要素 are left out
    TOTAL = "total"  # the highest and lowest examiner total are left out
    NONE = "none"  # every mark counts

    @property
    def label(self) -> LazyString:
        return DROP_LABELS[self]


DROP_LABELS = {DropRule.ELEMENT: _l("每个测评要素去掉一个最高分和一个最低分"),
               DropRule.TOTAL: _l("各考官总分去掉一个最高分和一个最低分"), DropRule.NONE: _l("不去掉最高分和最低分")}


class Rounding(enum.StrEnum):
    ROUND = "round"  # 四舍五入 to two places
    TRUNCATE = "truncate"  # 截取 two places, the rest dropped

    @property
    def label(self) -> LazyString:
        return ROUNDING_LABELS[self]


ROUNDING_LABELS = {Rounding.ROUND: _l("保留两位小数，四舍五入"), Rounding.TRUNCATE: _l("保留两位小数，其后舍去")}


class InterviewRule(db.Model):
    """How a round's panels turn marks into an interview score (the 面试实施方案 announces it)."""

    __tablename__ = "interview_rule"

    round_id: Mapped[int] = mapped_column(ForeignKey("recruitment_round.id"), primary_key=True)
    drop: Mapped[str] = mapped_column(String(20), default=DropRule.TOTAL.value)
    rounding: Mapped[str] = mapped_column(String(20), default=Rounding.ROUND.value)


class InterviewElement(db.Model):
    """A 测评要素 of a post's interview: its weight in the score (the weights of a post add up to 1) and the
    full marks an examiner gives it."""

    __tablename__ = "interview_element"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(50))
    weight: Mapped[float] = mapped_column(Float)
    full_marks: Mapped[int] = mapped_column(default=100)


class PanelStatus(enum.StrEnum):
    OPEN = "open"  # examiners mark
    CLOSED = "closed"  # marking over: examiners reach it no more

    @property
    def label(self) -> LazyString:
        return PANEL_STATUS_LABELS[self]


PANEL_STATUS_LABELS = {PanelStatus.OPEN: _l("评分中"), PanelStatus.CLOSED: _l("已结束")}


class Panel(db.Model):
    """One room of a post's 面试, with its members and the candidates drawn to it."""

    __tablename__ = "panel"
    __table_args__ = (UniqueConstraint("vacancy_id", "room", name="uq_panel_vacancy_room"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id"), index=True)
    room: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default=PanelStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    vacancy = relationship("Vacancy")
    members: Mapped[list[PanelMember]] = relationship(back_populates="panel", order_by="PanelMember.id",
                                                      cascade="all, delete-orphan")
    seats: Mapped[list[PanelSeat]] = relationship(back_populates="panel", order_by="PanelSeat.position",
                                                  cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.status == PanelStatus.OPEN

    @property
    def status_label(self) -> LazyString:
        return PanelStatus(self.status).label


class PanelMember(db.Model):
    __tablename__ = "panel_member"
    __table_args__ = (UniqueConstraint("panel_id", "user_id", name="uq_panel_member_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    duty: Mapped[str] = mapped_column(String(20), default=Duty.EXAMINER.value)
    invited_at: Mapped[datetime | None]

    panel: Mapped[Panel] = relationship(back_populates="members")
    user = relationship("User")

    @property
    def duty_label(self) -> LazyString:
        return Duty(self.duty).label

    @property
    def marks(self) -> bool:
        return Duty(self.duty).marks


class PanelSeat(db.Model):
    """A candidate before a panel, in the order drawn (an application sits before one panel only)."""

    __tablename__ = "panel_seat"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), unique=True)
    position: Mapped[int] = mapped_column(default=0)

    panel: Mapped[Panel] = relationship(back_populates="seats")
    application = relationship("Application")


class Recusal(db.Model):
    """回避: the examiner knows the candidate and gives no mark for them."""

    __tablename__ = "panel_recusal"
    __table_args__ = (UniqueConstraint("member_id", "application_id", name="uq_panel_recusal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_member.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"))
    reason: Mapped[str | None] = mapped_column(String(200))
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)

    member = relationship("PanelMember")


class MarkSheet(db.Model):
    """One examiner's marks for one candidate, by element id; submitted once. HR may change it afterwards,
    with a reason (kept beside the marks it replaced)."""

    __tablename__ = "panel_mark_sheet"
    __table_args__ = (UniqueConstraint("member_id", "application_id", name="uq_panel_mark_sheet"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_member.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    marks: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    overridden_at: Mapped[datetime | None]

    member = relationship("PanelMember")


class LotDraw(db.Model):
    """A drawing of lots (candidates to rooms and order, or examiners to rooms), with the seed that
    repeats it."""

    __tablename__ = "panel_lot_draw"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # candidates / examiners
    seed: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    drawn_at: Mapped[datetime] = mapped_column(default=utcnow)
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
