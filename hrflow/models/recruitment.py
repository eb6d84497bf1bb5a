"""Recruitment rounds (公开招聘 / 内部竞聘): vacancies, applicants, applications, HR decisions.

Each state has one table of labels beside it, in the reader's language (`.label`). Refusals and the
audit log write them in Chinese whatever the reader reads (`chinese()`), as the printed forms do."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models.base import chinese, utcnow
from hrflow.rules import RuleKind
from hrflow.rules.evaluate import INTERVIEW, MET, NEEDS_REVIEW, NOT_MET


class RecruitmentError(DomainError):
    """A recruitment rule refused the action; the message says which, `field` the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class RoundStatus(enum.StrEnum):
    DRAFT = "draft"
    ANNOUNCED = "announced"
    REVIEWING = "reviewing"
    EXAMINING = "examining"
    PUBLICITY = "publicity"
    CLOSED = "closed"

    @property
    def label(self) -> LazyString:
        return ROUND_STATUS_LABELS[self]


ROUND_STATUS_LABELS = {
    RoundStatus.DRAFT: _l("草稿"), RoundStatus.ANNOUNCED: _l("已发布"), RoundStatus.REVIEWING: _l("资格审查"),
    RoundStatus.EXAMINING: _l("考试"), RoundStatus.PUBLICITY: _l("公示"), RoundStatus.CLOSED: _l("已结束"),
}
ROUND_FLOW = list(RoundStatus)
# Steps that add people or change what they are judged on: only while applications are taken.
ENROLLING = (RoundStatus.DRAFT, RoundStatus.ANNOUNCED, RoundStatus.REVIEWING)


class RoundKind(enum.StrEnum):
    PUBLIC = "public"  # 公开招聘
    INTERNAL = "internal"  # 内部竞聘

    @property
    def label(self) -> LazyString:
        return ROUND_KIND_LABELS[self]


ROUND_KIND_LABELS = {RoundKind.PUBLIC: _l("公开招聘"), RoundKind.INTERNAL: _l("内部竞聘")}


class RecruitmentRound(db.Model):
    __tablename__ = "recruitment_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=RoundKind.PUBLIC.value)
    cutoff_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default=RoundStatus.DRAFT.value)
    exam_ratio: Mapped[int] = mapped_column(default=3)  # the default of its vacancies' own 开考比例
    written_weight: Mapped[float] = mapped_column(Float, default=0.5)
    drop_extremes: Mapped[bool] = mapped_column(default=False)
    bonus_cap: Mapped[float] = mapped_column(Float, default=5.0, server_default="5")  # 加分 per person, at most
    publicity_days: Mapped[int] = mapped_column(default=7)
    # Basic conditions every application is checked against, whatever the post asks (0: none).
    min_age: Mapped[int] = mapped_column(default=18)
    retirement_check: Mapped[bool] = mapped_column(default=True)  # not past the statutory retirement age
    publicity_start: Mapped[date | None]
    publicity_end: Mapped[date | None]
    publicity_published_on: Mapped[date | None]  # printed as the 公示's date, whenever it is printed
    # 体检 and 考察 before appointment (docs/domain-notes.md, recruitment); a round may switch either off
    # (an internal 竞聘 of people already on the staff, say), with a reason.
    medical_check: Mapped[bool] = mapped_column(default=True)
    inspection_check: Mapped[bool] = mapped_column(default=True)
    score_floor: Mapped[float | None] = mapped_column(Float)  # 合格分数线 (composite): 递补 never goes below it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    vacancies: Mapped[list[Vacancy]] = relationship(back_populates="round", order_by="Vacancy.id")

    @property
    def status_label(self) -> str:
        return chinese(RoundStatus(self.status).label)

    @property
    def kind_label(self) -> str:
        return chinese(RoundKind(self.kind).label)

    @property
    def next_status(self) -> RoundStatus | None:
        """The one step the round may take next (None once closed)."""
        position = ROUND_FLOW.index(RoundStatus(self.status))
        return ROUND_FLOW[position + 1] if position + 1 < len(ROUND_FLOW) else None

    def publicity_over(self, on: date) -> bool:
        """Hires may be appointed only after the last day of 公示."""
        return self.publicity_end is None or on > self.publicity_end

    @property
    def required_steps(self) -> list[CheckStep]:
        """The steps every hire of this round must pass before appointment."""
        return [step for step, on in ((CheckStep.MEDICAL, self.medical_check),
                                      (CheckStep.INSPECTION, self.inspection_check)) if on]

    def reaches_floor(self, composite: float | None) -> bool:
        """At or above the 合格分数线 (no floor: every scored candidate)."""
        return composite is not None and (self.score_floor is None or composite >= self.score_floor)

    def check_transition(self, to: RoundStatus) -> None:
        """Only one step along draft → announced → reviewing → examining → publicity → closed."""
        current = ROUND_FLOW.index(RoundStatus(self.status))
        if ROUND_FLOW.index(to) != current + 1:
            raise RecruitmentError(f"招聘轮次“{self.name}”不能从“{self.status_label}”直接进入“{chinese(to.label)}”")

    def advance(self, to: RoundStatus) -> None:
        self.check_transition(to)
        self.status = to.value

    def require_status(self, *allowed: RoundStatus, doing: str) -> None:
        if RoundStatus(self.status) not in allowed:
            names = "、".join(chinese(s.label) for s in allowed)
            raise RecruitmentError(f"{doing}只能在“{names}”阶段进行（当前：{self.status_label}）")


class ExamDecision(enum.StrEnum):
    """What HR decides for a vacancy whose qualified applicants fall short of the 开考比例."""

    PROCEED = "proceed"
    REDUCE = "reduce"  # openings cut to what the ratio allows
    CANCEL = "cancel"

    @property
    def label(self) -> LazyString:
        return EXAM_DECISION_LABELS[self]


EXAM_DECISION_LABELS = {ExamDecision.PROCEED: _l("说明理由后照常开考"), ExamDecision.REDUCE: _l("核减招聘名额"),
                        ExamDecision.CANCEL: _l("取消该岗位招聘")}
# The vacancy's rules (hrflow.rules stays free of Flask, so their labels are kept here).
RULE_KIND_LABELS = {
    RuleKind.EDUCATION: _l("学历"), RuleKind.DEGREE: _l("学位"), RuleKind.AGE: _l("年龄"),
    RuleKind.RETIREMENT: _l("法定退休年龄"), RuleKind.TITLE: _l("职称"), RuleKind.CERTIFICATE: _l("证书"),
    RuleKind.EXPERIENCE: _l("工作经历"), RuleKind.POLITICAL: _l("政治面貌"), RuleKind.BIANZHI: _l("编制"),
    RuleKind.PREFERENCE: _l("优先条件"), RuleKind.SOFT: _l("考察项"), RuleKind.MANUAL: _l("人工审核"),
    RuleKind.MAJOR: _l("专业"), RuleKind.SKILL: _l("职业技能等级"), RuleKind.GENDER: _l("性别"),
    RuleKind.NO_LIMIT: _l("不限"),
}


class Vacancy(db.Model):
    """A post opened in a round, with a snapshot of its requirements: later edits do not change it."""

    __tablename__ = "vacancy"
    __table_args__ = (UniqueConstraint("round_id", "post_id", name="uq_vacancy_round_post"),
                      # What an application's (vacancy, round) pair refers to: its copy of the round stays true.
                      UniqueConstraint("id", "round_id", name="uq_vacancy_id_round"))

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("recruitment_round.id"), index=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), index=True)
    post_version_id: Mapped[int] = mapped_column(ForeignKey("post_version.id"))
    openings: Mapped[int]
    requirements: Mapped[list[str]] = mapped_column(JSON, default=list)
    rules: Mapped[list[dict]] = mapped_column(JSON, default=list)
    rules_reason: Mapped[str | None] = mapped_column(Text)  # why HR corrected the parsed rules
    # The post's category when the round opened: 工勤 (True) or not (False) picks women's retirement age; None
    # while the category was unknown, and then a woman's retirement verdict is left to HR.
    worker_post: Mapped[bool | None] = mapped_column(default=None)
    # 开考比例 not met: HR reduces openings or cancels, with a reason.
    exam_decision: Mapped[str | None] = mapped_column(String(20))  # proceed / reduce / cancel
    exam_decision_reason: Mapped[str | None] = mapped_column(Text)
    cancelled: Mapped[bool] = mapped_column(default=False)
    # How the exam is marked: the round's defaults when it opens, changed per vacancy with a reason until a
    # score is entered (hrflow.recruitment.scores.ExamSettings reads them).
    written_weight: Mapped[float] = mapped_column(Float, default=0.5, server_default="0.5")
    # 开考比例 1:N of this post (the round's exam_ratio when the vacancy was made).
    exam_ratio: Mapped[int] = mapped_column(default=3, server_default="3")
    written_full: Mapped[int] = mapped_column(default=100, server_default="100")
    interview_full: Mapped[int] = mapped_column(default=100, server_default="100")
    written_pass: Mapped[float | None] = mapped_column(Float)  # 合格分数线, in the part's own marks
    interview_pass: Mapped[float | None] = mapped_column(Float)
    shortlist_ratio: Mapped[int | None]  # 1:N by written score go to interview (None: everyone)
    tie_break: Mapped[str] = mapped_column(String(40), default="interview,written", server_default="interview,written")
    drop_extremes: Mapped[bool] = mapped_column(default=False, server_default=false())
    settings_reason: Mapped[str | None] = mapped_column(Text)  # why HR last changed them

    round: Mapped[RecruitmentRound] = relationship(back_populates="vacancies")
    post = relationship("Post")
    post_version = relationship("PostVersion")
    applications: Mapped[list[Application]] = relationship(back_populates="vacancy", order_by="Application.id",
                                                           foreign_keys="Application.vacancy_id")


class Applicant(db.Model):
    __tablename__ = "applicant"
    __table_args__ = (Index("ix_applicant_round_name", "round_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("recruitment_round.id"))
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str | None] = mapped_column(String(4))
    birth_date: Mapped[date | None]
    id_number: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(String(20))
    education: Mapped[str | None] = mapped_column(String(30))
    degree: Mapped[str | None] = mapped_column(String(30))
    major: Mapped[str | None] = mapped_column(String(100))
    study_mode: Mapped[str | None] = mapped_column(String(30))
    title: Mapped[str | None] = mapped_column(String(50))
    certificates: Mapped[list[str]] = mapped_column(JSON, default=list)
    years_experience: Mapped[float | None] = mapped_column(Float)  # 2.5 for 2年6个月
    work_start: Mapped[date | None]  # 参加工作时间: the years at the cut-off when none are given
    political_status: Mapped[str | None] = mapped_column(String(30))
    bianzhi: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    applications: Mapped[list[Application]] = relationship(back_populates="applicant")

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


def mask_id_number(value: str | None) -> str:
    """Show the first 6 and last 4 characters only: 110105********1234."""
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


class ApplicationStatus(enum.StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_REVIEW = "needs_review"

    @property
    def label(self) -> LazyString:
        return APPLICATION_STATUS_LABELS[self]


APPLICATION_STATUS_LABELS = {ApplicationStatus.ELIGIBLE: _l("符合"), ApplicationStatus.NOT_ELIGIBLE: _l("不符合"),
                             ApplicationStatus.NEEDS_REVIEW: _l("待审核")}


class Outcome(enum.StrEnum):
    NONE = "none"
    PROPOSED = "proposed"  # 拟聘用
    WITHDRAWN = "withdrawn"  # 放弃 / 体检考察不合格
    APPOINTED = "appointed"  # 聘用

    @property
    def label(self) -> LazyString | str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {Outcome.NONE: "", Outcome.PROPOSED: _l("拟聘用"), Outcome.WITHDRAWN: _l("已放弃/不合格"),
                  Outcome.APPOINTED: _l("已聘用")}


class CheckStep(enum.StrEnum):
    """The steps between the exam and the 公示, in their order; each may be switched off for a round."""

    MEDICAL = "medical"  # 体检
    INSPECTION = "inspection"  # 考察

    @property
    def label(self) -> LazyString:
        return CHECK_STEP_LABELS[self]


CHECK_STEP_LABELS = {CheckStep.MEDICAL: _l("体检"), CheckStep.INSPECTION: _l("考察")}


class CheckResult(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    DECLINED = "declined"  # 放弃: the candidate did not take the step

    @property
    def label(self) -> LazyString:
        return CHECK_RESULT_LABELS[self]


CHECK_RESULT_LABELS = {CheckResult.PASSED: _l("合格"), CheckResult.FAILED: _l("不合格"), CheckResult.DECLINED: _l("放弃")}


class Application(db.Model):
    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("applicant_id", "vacancy_id", name="uq_application_applicant_vacancy"),
        # Counting a round's applications per vacancy and status reads this index alone.
        Index("ix_application_vacancy_status", "vacancy_id", "status"),
        # A round's applications, counted by status or listed a page at a time, are one range of an index
        # (not a lookup per vacancy: 20,000 of them were counted in 5 ms on PostgreSQL that way, 1.5 ms so);
        # the whole round's list in id order reads the second one and stops after a page.
        Index("ix_application_round_status", "round_id", "status", "id"),
        Index("ix_application_round_id", "round_id", "id"),
        # The round is the vacancy's (a vacancy never changes rounds): the database holds the copy to it.
        ForeignKeyConstraint(["vacancy_id", "round_id"], ["vacancy.id", "vacancy.round_id"],
                             name="fk_application_vacancy_round"),
        # The id is the 报名号: SQLite must never give a withdrawn one again (it reuses max(rowid) + 1 otherwise).
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id"), index=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("recruitment_round.id"))  # the vacancy's, set with it
    status: Mapped[str] = mapped_column(String(20), default=ApplicationStatus.NEEDS_REVIEW.value, index=True)
    verdicts: Mapped[list[dict]] = mapped_column(JSON, default=list)
    evaluated_at: Mapped[datetime | None]
    written_score: Mapped[float | None] = mapped_column(Float)
    interview_score: Mapped[float | None] = mapped_column(Float)
    panel_marks: Mapped[list[float] | None] = mapped_column(JSON)
    composite: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None]
    outcome: Mapped[str] = mapped_column(String(20), default=Outcome.NONE.value)
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    # 体检 and 考察 of a proposed hire: result (CHECK_RESULTS), the day, and why when not 合格.
    medical_result: Mapped[str | None] = mapped_column(String(20))
    medical_on: Mapped[date | None]
    medical_reason: Mapped[str | None] = mapped_column(Text)
    inspection_result: Mapped[str | None] = mapped_column(String(20))
    inspection_on: Mapped[date | None]
    inspection_reason: Mapped[str | None] = mapped_column(Text)
    # Proposed after the round's 公示 began (递补, or a vacancy filled late): this hire has a 公示 of their own.
    own_publicity: Mapped[bool] = mapped_column(default=False)
    publicity_start: Mapped[date | None]
    publicity_end: Mapped[date | None]
    publicity_published_on: Mapped[date | None]
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointment.id"))

    applicant: Mapped[Applicant] = relationship(back_populates="applications")
    vacancy: Mapped[Vacancy] = relationship(back_populates="applications", foreign_keys=[vacancy_id])
    round: Mapped[RecruitmentRound] = relationship(foreign_keys=[round_id])
    decisions: Mapped[list[RuleDecision]] = relationship(back_populates="application", order_by="RuleDecision.id")
    bonuses: Mapped[list[ApplicationBonus]] = relationship(back_populates="application", order_by="ApplicationBonus.id",
                                                           cascade="all, delete-orphan")

    @property
    def bonus(self) -> float:
        """加分 recorded for this application (never above the round's cap: operations refuse it)."""
        return sum(b.points for b in self.bonuses)

    @validates("vacancy")
    def _takes_the_round_of(self, _key: str, vacancy: Vacancy) -> Vacancy:
        if vacancy.round_id is not None:
            self.round_id = vacancy.round_id
        else:  # a vacancy not yet written knows its round as an object
            self.round = vacancy.round
        return vacancy

    @property
    def status_label(self) -> str:
        return chinese(ApplicationStatus(self.status).label)

    @property
    def outcome_label(self) -> str:
        return chinese(Outcome(self.outcome).label)

    def missing_checks(self) -> list[CheckStep]:
        """The round's steps this hire has not (yet) passed."""
        return [step for step in self.round.required_steps if self.check_result(step) != CheckResult.PASSED]

    def publicity_over(self, on: date) -> bool:
        """A hire with a 公示 of their own waits for its end; the others for the round's."""
        if self.own_publicity:
            return self.publicity_end is not None and on > self.publicity_end
        return self.round.publicity_over(on)

    def check_result(self, step: str) -> str | None:
        return getattr(self, f"{CheckStep(step).value}_result")

    def check_on(self, step: str) -> date | None:
        return getattr(self, f"{CheckStep(step).value}_on")

    def check_reason(self, step: str) -> str | None:
        return getattr(self, f"{CheckStep(step).value}_reason")

    def decision_map(self) -> dict[int, str]:
        """HR's latest decision per rule index."""
        return {d.rule_index: d.status for d in self.decisions}


class RuleDecision(db.Model):
    """HR's decision on one rule of one application — a needs-review item or an override — with its reason."""

    __tablename__ = "rule_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    rule_index: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))  # met / not_met
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="decisions")
    decided_by = relationship("User")


class BonusType(db.Model):
    """A kind of 加分 the round grants (e.g. 退役大学生士兵 +5), with the proof it asks for."""

    __tablename__ = "bonus_type"
    __table_args__ = (UniqueConstraint("round_id", "name", name="uq_bonus_type_round_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("recruitment_round.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    points: Mapped[float] = mapped_column(Float)
    proof_required: Mapped[bool] = mapped_column(default=True)


class ApplicationBonus(db.Model):
    """A 加分 granted to one application, with the reference of its proof (证明材料编号)."""

    __tablename__ = "application_bonus"
    __table_args__ = (UniqueConstraint("application_id", "bonus_type_id", name="uq_application_bonus_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    bonus_type_id: Mapped[int] = mapped_column(ForeignKey("bonus_type.id"))
    points: Mapped[float] = mapped_column(Float)  # the type's points when granted
    proof: Mapped[str | None] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="bonuses")
    bonus_type: Mapped[BonusType] = relationship()


# A rule's verdict, automatic (hrflow.rules) or HR's (RuleDecision.status).
VERDICT_LABELS = {MET: _l("符合"), NOT_MET: _l("不符合"), NEEDS_REVIEW: _l("待审核"), INTERVIEW: _l("考察项")}


def mask_phone(value: str | None) -> str:
    """Pages and exports show 138****0000; only the printed 报名表 carries the whole number."""
    if not value:
        return ""
    digits = value.strip()
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:] if len(digits) > 7 else "*" * len(digits)

# Every label table by the name the pages use: label("round_status", round.status).
LABELS = {"round_status": ROUND_STATUS_LABELS, "round_kind": ROUND_KIND_LABELS, "verdict": VERDICT_LABELS,
          "application_status": APPLICATION_STATUS_LABELS, "outcome": OUTCOME_LABELS,
          "exam_decision": EXAM_DECISION_LABELS, "rule_kind": RULE_KIND_LABELS,
          "check_step": CHECK_STEP_LABELS, "check_result": CHECK_RESULT_LABELS}


def label(group: str, value: str | None) -> LazyString | str:
    """label("verdict", "met") → 符合, in the reader's language; an unknown value is shown as it is."""
    return LABELS[group].get(value or "", value or "")
