"""Annual assessment (年度考核): one cycle per year, one Assessment (the printed 考核表) per participant.

A cycle moves open → self_review → head_review → decision → publicity → acknowledgement →
archived, one step at a time. A form moves draft → self_submitted → head_submitted; a submitted
part is locked until HR reopens it with a reason. Once the cycle is archived every form is
locked, and only HR may change it, with a reason (hrflow/assessment/operations.py and grading.py).

Ratings use the four words of the official form: 好 / 较好 / 一般 / 较差 (``Rating``), for each
duty item of the post version(s) in force on the cycle date and for each of 德、能、勤、绩、廉.

Each state has one table of labels beside it, in the reader's language (`.label`, and `label(group,
value)` for the pages). Refusals, the audit log, exports and printed forms write them in Chinese whatever
the reader reads (`chinese()`).
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hrflow.errors import DomainError, NotAllowed
from hrflow.explanations import Explanation, wording_of
from hrflow.extensions import db
from hrflow.models.base import chinese, utcnow
from hrflow.rules.quota import Rounding, effective_rate


class AssessmentError(DomainError):
    """An assessment rule refused the action; the message says which."""


class AssessmentAccessError(AssessmentError, NotAllowed):
    """The acting user may not do this to this form (routes answer 403/404)."""


class CycleStatus(enum.StrEnum):
    OPEN = "open"  # opened by HR: participants listed, special cases and settings checked
    SELF_REVIEW = "self_review"  # employees write their self-summary
    HEAD_REVIEW = "head_review"  # department heads rate and propose a grade
    DECISION = "decision"  # the committee decides grades under the 优秀 quota
    PUBLICITY = "publicity"  # the 优秀 list is published (公示)
    ACKNOWLEDGEMENT = "acknowledgement"  # employees read and sign; appeals
    ARCHIVED = "archived"  # locked; changes only by HR with a reason

    @property
    def label(self) -> LazyString:
        return CYCLE_STATUS_LABELS[self]


CYCLE_STATUS_LABELS = {
    CycleStatus.OPEN: _l("已开启"), CycleStatus.SELF_REVIEW: _l("个人总结"), CycleStatus.HEAD_REVIEW: _l("主管评价"),
    CycleStatus.DECISION: _l("等次评定"), CycleStatus.PUBLICITY: _l("优秀公示"),
    CycleStatus.ACKNOWLEDGEMENT: _l("本人确认"), CycleStatus.ARCHIVED: _l("已归档"),
}
CYCLE_FLOW = list(CycleStatus)


class Grade(enum.StrEnum):
    EXCELLENT = "excellent"  # 优秀
    COMPETENT = "competent"  # 合格
    BASIC = "basic"  # 基本合格
    INCOMPETENT = "incompetent"  # 不合格

    @property
    def label(self) -> LazyString:
        return GRADE_LABELS[self]

    @classmethod
    def from_label(cls, text: str) -> Grade | None:
        """'优秀' or 'excellent' → Grade.EXCELLENT; anything else → None."""
        text = (text or "").strip()
        return next((grade for grade in cls if text in (chinese(grade.label), grade.value)), None)


GRADE_LABELS = {Grade.EXCELLENT: _l("优秀"), Grade.COMPETENT: _l("合格"), Grade.BASIC: _l("基本合格"),
                Grade.INCOMPETENT: _l("不合格")}
# Only these grades may be appealed (domain.md §4).
APPEALABLE_GRADES = (Grade.BASIC, Grade.INCOMPETENT)


class SpecialCase(enum.StrEnum):
    NONE = "none"
    COMMENTS_ONLY = "comments_only"  # joined less than half a year before the cycle date: 只写评语，不定等次
    NOT_GRADED = "not_graded"  # sick/personal leave over half a year: 参加考核，不确定等次 (第三十七条)
    DEFERRED = "deferred"  # under investigation: 等次暂缓确定

    @property
    def label(self) -> LazyString:
        return SPECIAL_CASE_LABELS[self]


SPECIAL_CASE_LABELS = {SpecialCase.NONE: _l("无"), SpecialCase.COMMENTS_ONLY: _l("只写评语，不定等次"),
                       SpecialCase.NOT_GRADED: _l("参加考核，不定等次"), SpecialCase.DEFERRED: _l("暂缓确定等次")}

# Which forms the partial index ix_assessment_cycle_special holds. A query reaches that index only when
# its condition is written out as a literal too (the planners cannot match a bound parameter to it).
SPECIAL_CASE_SET = text(f"special_case != '{SpecialCase.NONE.value}'")


class FormStatus(enum.StrEnum):
    DRAFT = "draft"
    SELF_SUBMITTED = "self_submitted"
    HEAD_SUBMITTED = "head_submitted"

    @property
    def label(self) -> LazyString:
        return FORM_STATUS_LABELS[self]


FORM_STATUS_LABELS = {FormStatus.DRAFT: _l("待提交个人总结"), FormStatus.SELF_SUBMITTED: _l("待主管评价"),
                      FormStatus.HEAD_SUBMITTED: _l("主管已评价")}


class Rating(enum.StrEnum):
    """One mark for a duty item or a dimension, in the words of the official form."""

    GOOD = "good"  # 好
    FAIRLY_GOOD = "fairly_good"  # 较好
    AVERAGE = "average"  # 一般
    POOR = "poor"  # 较差

    @property
    def label(self) -> LazyString:
        return RATING_LABELS[self]


RATING_LABELS = {Rating.GOOD: _l("好"), Rating.FAIRLY_GOOD: _l("较好"), Rating.AVERAGE: _l("一般"), Rating.POOR: _l("较差")}


class Dimension(enum.StrEnum):
    """德、能、勤、绩、廉, in this order on every form."""

    MORALITY = "morality"  # 德
    ABILITY = "ability"  # 能
    DILIGENCE = "diligence"  # 勤
    PERFORMANCE = "performance"  # 绩 (judged against the post's duties and 考核标准)
    INTEGRITY = "integrity"  # 廉

    @property
    def label(self) -> LazyString:
        return DIMENSION_LABELS[self]

    @property
    def help(self) -> LazyString:
        """What the dimension covers, as the review page explains it."""
        return DIMENSION_HELP[self]


DIMENSION_LABELS = {Dimension.MORALITY: _l("德"), Dimension.ABILITY: _l("能"), Dimension.DILIGENCE: _l("勤"),
                    Dimension.PERFORMANCE: _l("绩"), Dimension.INTEGRITY: _l("廉")}
DIMENSION_HELP = {
    Dimension.MORALITY: _l("政治思想、职业道德、社会公德"), Dimension.ABILITY: _l("业务能力、工作水平"),
    Dimension.DILIGENCE: _l("工作态度、出勤、责任心"),
    Dimension.PERFORMANCE: _l("对照岗位职责和考核标准完成工作的数量、质量、效率"), Dimension.INTEGRITY: _l("廉洁自律"),
}


class Acknowledgement(enum.StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"

    @property
    def label(self) -> LazyString:
        return ACKNOWLEDGEMENT_LABELS[self]


ACKNOWLEDGEMENT_LABELS = {Acknowledgement.AGREE: _l("同意"), Acknowledgement.DISAGREE: _l("不同意")}


class AppealOutcome(enum.StrEnum):
    UPHELD = "upheld"  # 申诉成立: the grade is changed
    REJECTED = "rejected"  # 维持原等次

    @property
    def label(self) -> LazyString:
        return APPEAL_OUTCOME_LABELS[self]


APPEAL_OUTCOME_LABELS = {AppealOutcome.UPHELD: _l("申诉成立，改定等次"), AppealOutcome.REJECTED: _l("申诉不成立，维持原等次")}
# The quota's rounding (hrflow.rules stays free of Flask, so its labels are kept here).
ROUNDING_LABELS = {Rounding.FLOOR: _l("向下取整"), Rounding.HALF_UP: _l("四舍五入"), Rounding.CEIL: _l("向上取整")}
LABELS = {
    "cycle_status": CYCLE_STATUS_LABELS, "grade": GRADE_LABELS, "special_case": SPECIAL_CASE_LABELS,
    "form_status": FORM_STATUS_LABELS, "rating": RATING_LABELS, "dimension": DIMENSION_LABELS,
    "acknowledgement": ACKNOWLEDGEMENT_LABELS, "appeal_outcome": APPEAL_OUTCOME_LABELS, "rounding": ROUNDING_LABELS,
}


def label(group: str, value: str | None) -> LazyString | str:
    """label('grade', 'excellent') → 优秀 in the reader's language; an unknown value is shown as it is."""
    return LABELS[group].get(value or "", value or "")


class AssessmentCycle(db.Model):
    __tablename__ = "assessment_cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    # The day that decides who takes part, which post version applies and who joined < half a year.
    cycle_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default=CycleStatus.OPEN.value)
    # 优秀 quota settings (hrflow/rules/quota.py); rates are whole per cents.
    excellent_rate: Mapped[int] = mapped_column(default=20)
    rounding: Mapped[str] = mapped_column(String(20), default="floor")
    rate_raised: Mapped[bool] = mapped_column(default=False)
    raised_rate: Mapped[int] = mapped_column(default=25)
    raised_reason: Mapped[str | None] = mapped_column(Text)  # the approval for the raised rate
    unit_failed: Mapped[bool] = mapped_column(default=False)  # unit graded 不合格 overall
    failed_unit_rate: Mapped[int] = mapped_column(default=15)
    enforce_department_quota: Mapped[bool] = mapped_column(default=False)
    raised_approved_on: Mapped[date | None]  # the approval's date; its 文号 is raised_reason (第十五条)
    unit_accountable: Mapped[bool] = mapped_column(default=False)  # held accountable: capped like 不合格
    quota_base: Mapped[str] = mapped_column(String(20), default="all_participants")  # QuotaBase value
    department_places: Mapped[dict] = mapped_column(JSON, default=dict)  # {top department id: 优秀 places}, set by HR
    # Deadlines, shown to people; HR moves the cycle on.
    self_review_deadline: Mapped[date | None]
    head_review_deadline: Mapped[date | None]
    decision_deadline: Mapped[date | None]
    publicity_days: Mapped[int] = mapped_column(default=5)  # working days, at least 5
    publicity_start: Mapped[date | None]
    publicity_end: Mapped[date | None]
    # Results notified to every participant (the cycle enters acknowledgement): the appeal window starts.
    notified_on: Mapped[date | None]
    appeal_days: Mapped[int] = mapped_column(default=30)
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    assessments: Mapped[list[Assessment]] = relationship(back_populates="cycle", order_by="Assessment.id")
    # 民主测评 of the year, newest first: the latest ballot that covers a person is the one shown.
    ballots = relationship("Ballot", back_populates="cycle", order_by="Ballot.id.desc()")
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def status_label(self) -> str:
        return chinese(CycleStatus(self.status).label)

    @property
    def is_archived(self) -> bool:
        return self.status == CycleStatus.ARCHIVED

    @property
    def rate(self) -> int:
        """The 优秀 rate in force (raised with approval, capped when the unit is 不合格)."""
        return effective_rate(self.excellent_rate, raised=self.rate_raised, raised_rate=self.raised_rate,
                              unit_failed=self.unit_failed or self.unit_accountable, failed_unit_rate=self.failed_unit_rate)

    @property
    def appeal_deadline(self) -> date | None:
        return self.notified_on + timedelta(days=self.appeal_days) if self.notified_on else None

    def flow(self) -> list[tuple[str, str]]:
        """Each step of CYCLE_FLOW with where the cycle stands: done, current or todo."""
        current = CYCLE_FLOW.index(CycleStatus(self.status))
        return [(s.value, "done" if i < current else "current" if i == current else "todo")
                for i, s in enumerate(CYCLE_FLOW)]

    def check_transition(self, to: CycleStatus) -> None:
        """Only one step forward along CYCLE_FLOW."""
        current = CYCLE_FLOW.index(CycleStatus(self.status))
        if CYCLE_FLOW.index(CycleStatus(to)) != current + 1:
            raise AssessmentError(f"{self.year} 年度考核不能从“{self.status_label}”直接进入“{chinese(CycleStatus(to).label)}”")

    def advance(self, to: CycleStatus) -> None:
        self.check_transition(to)
        self.status = CycleStatus(to).value

    def require_status(self, *allowed: CycleStatus, doing: str) -> None:
        if CycleStatus(self.status) not in allowed:
            names = "、".join(chinese(s.label) for s in allowed)
            raise AssessmentError(f"{doing}只能在“{names}”阶段进行（{self.year} 年度考核当前：{self.status_label}）")

    def __repr__(self) -> str:
        return f"<AssessmentCycle {self.year} {self.status}>"


class Assessment(db.Model):
    """One participant's form: the post(s) assessed, self-summary, head review, grade, signature, appeal."""

    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("cycle_id", "employee_id", name="uq_assessment_cycle_employee"),
        Index("ix_assessment_cycle_grade", "cycle_id", "grade"),
        # Holds every column the progress counts read: the overview counts 2,000 forms from the index
        # without reading their long texts.
        Index("ix_assessment_cycle_progress", "cycle_id", "department_id", "form_status", "special_case", "grade",
              "acknowledgement", "appealed_on", "appeal_outcome"),
        # The few forms with a special case (the overview lists them) without reading the thousands without.
        Index("ix_assessment_cycle_special", "cycle_id", sqlite_where=SPECIAL_CASE_SET, postgresql_where=SPECIAL_CASE_SET),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("assessment_cycle.id"))  # indexed by the unique constraint
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    # The main post and its version in force on the cycle date, and its department, as they were then.
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    post_version_id: Mapped[int] = mapped_column(ForeignKey("post_version.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)

    special_case: Mapped[str] = mapped_column(String(20), default=SpecialCase.NONE.value)
    special_case_reason: Mapped[str | None] = mapped_column(Text)
    special_reason_said: Mapped[list | None] = mapped_column(JSON)  # its wording (Said JSON) when the rules wrote it
    special_case_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: found from the data

    form_status: Mapped[str] = mapped_column(String(20), default=FormStatus.DRAFT.value)
    self_summary: Mapped[str | None] = mapped_column(Text)
    self_submitted_at: Mapped[datetime | None]

    # {Dimension value: Rating value}; duty ratings live on each AssessedPost.
    dimension_ratings: Mapped[dict] = mapped_column(JSON, default=dict)
    head_comments: Mapped[str | None] = mapped_column(Text)
    proposed_grade: Mapped[str | None] = mapped_column(String(20))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    head_submitted_at: Mapped[datetime | None]

    grade: Mapped[str | None] = mapped_column(String(20))
    grade_note: Mapped[str | None] = mapped_column(Text)  # 备注 / why, on the summary table
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None]

    acknowledgement: Mapped[str | None] = mapped_column(String(20))
    acknowledgement_opinion: Mapped[str | None] = mapped_column(Text)
    acknowledged_on: Mapped[date | None]

    appeal_text: Mapped[str | None] = mapped_column(Text)
    appealed_on: Mapped[date | None]
    appeal_outcome: Mapped[str | None] = mapped_column(String(20))
    appeal_outcome_reason: Mapped[str | None] = mapped_column(Text)
    appeal_original_grade: Mapped[str | None] = mapped_column(String(20))
    appeal_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    appeal_decided_at: Mapped[datetime | None]

    summary_on_paper: Mapped[bool] = mapped_column(default=False)  # 纸质
    summary_entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    summary_entered_at: Mapped[datetime | None]
    self_late: Mapped[bool] = mapped_column(default=False)
    head_late: Mapped[bool] = mapped_column(default=False)
    late_accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    late_accepted_at: Mapped[datetime | None]
    refused_on: Mapped[date | None]  # the day of the talk
    refusal_note: Mapped[str | None] = mapped_column(Text)

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    cycle: Mapped[AssessmentCycle] = relationship(back_populates="assessments")
    employee = relationship("Employee")
    post = relationship("Post")
    post_version = relationship("PostVersion")
    department = relationship("Department")
    assessed_posts: Mapped[list[AssessedPost]] = relationship(
        back_populates="assessment", order_by="AssessedPost.position", cascade="all, delete-orphan"
    )
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    special_case_by = relationship("User", foreign_keys=[special_case_by_id])
    appeal_decided_by = relationship("User", foreign_keys=[appeal_decided_by_id])
    summary_entered_by = relationship("User", foreign_keys=[summary_entered_by_id])

    @property
    def late_pending(self) -> bool:  # submitted after a deadline, not yet accepted by HR
        return (self.self_late or self.head_late) and self.late_accepted_at is None

    # ------------------------------------------------------------ labels as records write them (Chinese)

    @property
    def grade_label(self) -> str:
        return chinese(Grade(self.grade).label) if self.grade else ""

    @property
    def proposed_grade_label(self) -> str:
        return chinese(Grade(self.proposed_grade).label) if self.proposed_grade else ""

    @property
    def special_case_label(self) -> str:
        return chinese(SpecialCase(self.special_case).label)

    @property
    def special_reason(self) -> Explanation | None:  # as pages show it, in the reader's language
        return Explanation(self.special_case_reason, self.special_reason_said) if self.special_case_reason else None

    @validates("special_case_reason")
    def _keep_reason_wording(self, _key: str, reason: str | None) -> str | None:
        self.special_reason_said = wording_of(reason) if reason else None  # None for a reason HR typed
        return str(reason) if reason is not None else None

    @property
    def form_status_label(self) -> str:
        return chinese(FormStatus(self.form_status).label)

    @property
    def acknowledgement_label(self) -> str:
        return chinese(Acknowledgement(self.acknowledgement).label) if self.acknowledgement else ""

    @property
    def appeal_outcome_label(self) -> str:
        return chinese(AppealOutcome(self.appeal_outcome).label) if self.appeal_outcome else ""

    # ------------------------------------------------------------ state

    @property
    def gradeable(self) -> bool:
        """Receives a grade (and counts for the 优秀 quota): no special case."""
        return self.special_case == SpecialCase.NONE

    @property
    def main_post(self) -> AssessedPost | None:
        return next((p for p in self.assessed_posts if p.kind == "main"), None)

    @property
    def appeal_pending(self) -> bool:
        return self.appealed_on is not None and self.appeal_outcome is None

    @property
    def may_still_appeal(self) -> bool:
        """The grade may be appealed, and the person has neither appealed nor signed their agreement."""
        return (self.grade in APPEALABLE_GRADES and self.appealed_on is None
                and self.acknowledgement != Acknowledgement.AGREE)

    def require_not_archived(self) -> None:
        if self.cycle.is_archived:
            raise AssessmentError(f"{self.cycle.year} 年度考核已归档，考核表已锁定；只能由人事部门填写原因后修改")

    def require_self_editable(self) -> None:
        self.require_not_archived()
        if self.form_status != FormStatus.DRAFT:
            raise AssessmentError("个人总结已提交，已锁定；如需修改请联系人事部门退回")

    def require_head_editable(self) -> None:
        self.require_not_archived()
        if self.form_status == FormStatus.HEAD_SUBMITTED:
            raise AssessmentError("主管评价已提交，已锁定；如需修改请联系人事部门退回")

    def submit_self(self) -> None:
        """draft → self_submitted: the self-summary is locked."""
        self.require_self_editable()
        self.form_status = FormStatus.SELF_SUBMITTED.value
        self.self_submitted_at = utcnow()

    def submit_head(self) -> None:
        """→ head_submitted: the whole form is locked."""
        self.require_head_editable()
        self.form_status = FormStatus.HEAD_SUBMITTED.value
        self.head_submitted_at = utcnow()

    def reopen(self, to: FormStatus) -> None:
        """Back to an earlier step (HR, with a reason: hrflow.assessment.operations.reopen): self_submitted unlocks the
        head's review, draft unlocks the self-summary as well."""
        self.require_not_archived()
        steps = list(FormStatus)
        if to == FormStatus.HEAD_SUBMITTED or steps.index(to) >= steps.index(FormStatus(self.form_status)):
            raise AssessmentError(f"考核表当前为“{self.form_status_label}”，不能退回到“{chinese(FormStatus(to).label)}”")
        self.form_status = FormStatus(to).value
        self.head_submitted_at = None
        if to == FormStatus.DRAFT:
            self.self_submitted_at = None

    def __repr__(self) -> str:
        return f"<Assessment {self.id} cycle={self.cycle_id} employee={self.employee_id}>"


class AssessedPost(db.Model):
    """A post assessed on a form: the main post, then each concurrent (兼任) post, with the
    version in force on the cycle date and one rating per duty item of that version."""

    __tablename__ = "assessed_post"
    __table_args__ = (UniqueConstraint("assessment_id", "post_id", name="uq_assessed_post_assessment_post"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    post_version_id: Mapped[int] = mapped_column(ForeignKey("post_version.id"))
    kind: Mapped[str] = mapped_column(String(20), default="main")  # AppointmentKind value
    position: Mapped[int] = mapped_column(default=0)
    # Rating values aligned with post_version.duties (None: not rated yet).
    duty_ratings: Mapped[list] = mapped_column(JSON, default=list)

    assessment: Mapped[Assessment] = relationship(back_populates="assessed_posts")
    post = relationship("Post")
    post_version = relationship("PostVersion")

    @property
    def is_concurrent(self) -> bool:
        return self.kind == "concurrent"


# ---------------------------------------------------------------- reminders before the deadlines

class AssessmentReminder(db.Model):
    """A reminder mail sent to one user for one step of a cycle (hrflow/assessment/reminders.py): at most one
    per cycle, step and user, whoever asks for it again (cron, the command, HR's button)."""

    __tablename__ = "assessment_reminder"
    __table_args__ = (UniqueConstraint("cycle_id", "step", "user_id", name="uq_assessment_reminder_cycle_step_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("assessment_cycle.id"))  # indexed by the unique constraint
    step: Mapped[str] = mapped_column(String(20))  # reminders.STEPS key: self_summary, head_review, decision, …
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    deadline: Mapped[date]  # the deadline the mail named
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_mail.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<AssessmentReminder cycle={self.cycle_id} {self.step} user={self.user_id}>"
