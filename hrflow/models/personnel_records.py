"""Leave and investigation records of employees (考核规定 第四十一、四十二条): read when an assessment cycle opens
to decide who takes part without a grade (hrflow/assessment/records.py)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrflow.extensions import db
from hrflow.models.assessment import LABELS
from hrflow.models.base import chinese, utcnow


class LeaveKind(enum.StrEnum):
    SICK = "sick"  # 病假
    PERSONAL = "personal"  # 事假
    STUDY = "study"  # 脱产学习 not sent by the unit
    MATERNITY = "maternity"  # 产假: counted apart, never makes a person ungraded (第四十一条)

    @property
    def label(self) -> LazyString:
        return LEAVE_KIND_LABELS[self]


LEAVE_KIND_LABELS = {LeaveKind.SICK: _l("病假"), LeaveKind.PERSONAL: _l("事假"), LeaveKind.STUDY: _l("非单位派出的脱产学习"),
                     LeaveKind.MATERNITY: _l("产假")}
LABELS["leave_kind"] = LEAVE_KIND_LABELS


class InvestigationOutcome(enum.StrEnum):
    NO_SANCTION = "no_sanction"  # 未受处分
    WARNING = "warning"  # 警告
    SANCTIONED = "sanctioned"  # a heavier sanction

    @property
    def label(self) -> LazyString:
        return INVESTIGATION_OUTCOME_LABELS[self]


INVESTIGATION_OUTCOME_LABELS = {InvestigationOutcome.NO_SANCTION: _l("未受处分"), InvestigationOutcome.WARNING: _l("警告处分"),
                                InvestigationOutcome.SANCTIONED: _l("警告以上处分")}
LABELS["investigation_outcome"] = INVESTIGATION_OUTCOME_LABELS
# Outcomes after which the grade is set afterwards (补定, 第四十二条).
BACKFILL_OUTCOMES = (InvestigationOutcome.NO_SANCTION, InvestigationOutcome.WARNING)


class LeaveRecord(db.Model):
    """A period of leave of an employee (both days included), entered or imported; read at cycle open."""

    __tablename__ = "leave_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # LeaveKind value
    start_date: Mapped[date]
    end_date: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee = relationship("Employee")

    @property
    def kind_label(self) -> str:
        return chinese(LeaveKind(self.kind).label)


class InvestigationRecord(db.Model):
    """An investigation (立案审查调查) of an employee: opened, closed and its outcome."""

    __tablename__ = "investigation_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(String(20))  # InvestigationOutcome value once closed
    note: Mapped[str | None] = mapped_column(Text)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee = relationship("Employee")

    @property
    def outcome_label(self) -> str:
        return chinese(InvestigationOutcome(self.outcome).label) if self.outcome else ""
