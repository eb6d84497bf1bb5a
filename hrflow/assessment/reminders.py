"""Mail reminders before each deadline of the annual assessment (issue: everyone can take part).

Each step with a deadline on the cycle names who still has to act before it:
- 个人总结 (self_review_deadline): each participant whose self-summary is still a draft;
- 主管评价 (head_review_deadline): each head with forms of their departments waiting for their review
  (their own form is the unit's to review), with the count and a link per department;
- 等次评定 (decision_deadline): every HR officer, while people are still without a grade;
- 签署考核结果 (the end of the appeal period, AssessmentCycle.appeal_deadline): each person who has not signed.
People taking part without a grade (不定等次, 第四十一条) write and sign nothing, so they are never reminded.

A step is reminded once its deadline is at most `days` days away (ASSESSMENT_REMINDER_DAYS) and not past,
while the cycle is at a stage where the work can still be done. Each user gets one mail per step and cycle,
never two: AssessmentReminder records it, under a unique key, in the same commit as the mail itself.
People without an address (no login, or a login without a mail address) are listed instead, for HR to tell
them some other way. `hrflow assessment remind` runs this from cron; HR's button on the cycle page too.
考核规定 第十七条 leaves the running of the procedure to the unit; 第四十五条 asks for 信息化手段 to make it
simple: reminders are that, nothing more (a late form is still marked and HR decides)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from hrflow import audit
from hrflow.assessment.head_review import HEAD_REVIEW_STEPS
from hrflow.assessment.operations import SELF_REVIEW_STEPS
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.mail.services import absolute_url, send_mail
from hrflow.models import (
    Actor,
    Assessment,
    AssessmentCycle,
    AssessmentReminder,
    CycleStatus,
    Employee,
    FormStatus,
    Role,
    SpecialCase,
    User,
)
from hrflow.models.base import chinese
from hrflow.models.org import department_tree


@dataclass(frozen=True)
class Step:
    key: str
    kind: str  # the mail kind (hrflow.mail.services.KINDS; templates/mail/<kind>.*)
    label: LazyString
    stages: tuple[CycleStatus, ...]  # the cycle's stages in which the work can still be done
    deadline: Callable[[AssessmentCycle], date | None]


STEPS = {
    step.key: step for step in (
        Step("self_summary", "assessment_self_summary", _l("个人总结"), SELF_REVIEW_STEPS,
             lambda cycle: cycle.self_review_deadline),
        Step("head_review", "assessment_head_review", _l("主管评价"), HEAD_REVIEW_STEPS,
             lambda cycle: cycle.head_review_deadline),
        Step("decision", "assessment_decision", _l("等次评定"), (CycleStatus.HEAD_REVIEW, CycleStatus.DECISION),
             lambda cycle: cycle.decision_deadline),
        Step("acknowledgement", "assessment_acknowledgement", _l("签署考核结果"), (CycleStatus.ACKNOWLEDGEMENT,),
             lambda cycle: cycle.appeal_deadline),
    )
}


@dataclass(frozen=True)
class Link:
    text: str  # a department's name, or empty for the one link of a mail
    count: int
    endpoint: str
    params: dict = field(default_factory=dict)


@dataclass
class Task:
    """One person who still has to act before a step's deadline."""

    step: Step
    deadline: date
    name: str
    staff_no: str  # empty for an account without an employee record
    user_id: int | None
    address: str | None
    links: list[Link]
    sent: bool = False  # reminded already

    @property
    def count(self) -> int:
        return sum(link.count for link in self.links)

    @property
    def no_login(self) -> bool:
        return self.user_id is None

    def as_json(self) -> dict:
        return {"step": self.step.key, "deadline": self.deadline.isoformat(), "name": self.name,
                "staff_no": self.staff_no, "address": self.address, "count": self.count, "no_login": self.no_login}


@dataclass
class Plan:
    year: int
    today: date
    days: int
    steps: list[tuple[Step, date]]  # the steps whose deadline is near, with it
    tasks: list[Task]

    @property
    def to_send(self) -> list[Task]:
        return [t for t in self.tasks if t.address and not t.sent]

    @property
    def unreachable(self) -> list[Task]:
        return [t for t in self.tasks if not t.address]

    @property
    def already_sent(self) -> int:
        return sum(1 for t in self.tasks if t.sent)


def reminder_days(days: int | None = None) -> int:
    return max(0, int(days if days is not None else current_app.config["ASSESSMENT_REMINDER_DAYS"]))


def near_steps(cycle: AssessmentCycle, today: date, days: int) -> list[tuple[Step, date]]:
    """The steps whose deadline falls within `days` days from today (today included, none past), at a stage
    where their work can still be done."""
    near = []
    for step in STEPS.values():
        deadline = step.deadline(cycle)
        if (deadline is not None and today <= deadline <= today + timedelta(days=days)
                and CycleStatus(cycle.status) in step.stages):
            near.append((step, deadline))
    return near


def plan(cycle: AssessmentCycle, *, today: date | None = None, days: int | None = None) -> Plan:
    """Who still has to act before the near deadlines, whether each was reminded, and who cannot be."""
    today, days = today or unit_today(), reminder_days(days)
    steps = near_steps(cycle, today, days)
    tasks: list[Task] = []
    for step, deadline in steps:
        found = _FINDERS[step.key](cycle, step, deadline)
        sent = set(db.session.scalars(select(AssessmentReminder.user_id).where(
            AssessmentReminder.cycle_id == cycle.id, AssessmentReminder.step == step.key)))
        for task in found:
            task.sent = task.user_id in sent
        tasks += found
    return Plan(cycle.year, today, days, steps, tasks)


# ---------------------------------------------------------------- who has to act, per step

def _own_forms(cycle: AssessmentCycle, step: Step, deadline: date, condition) -> list[Task]:
    """Participants whose own form waits for them, with their login's address (if any)."""
    rows = db.session.execute(
        select(Assessment.id, Employee.name, Employee.staff_no, User.id, User.email)
        .join(Employee, Assessment.employee_id == Employee.id)
        .outerjoin(User, and_(User.employee_id == Assessment.employee_id, User.active.is_(True)))
        .where(Assessment.cycle_id == cycle.id, Assessment.special_case != SpecialCase.NOT_GRADED.value, condition)
        .order_by(Employee.staff_no, Assessment.id)
    ).all()
    return [Task(step, deadline, name, staff_no, user_id, email,
                 [Link("", 1, "assessment.form", {"form_id": form_id})])
            for form_id, name, staff_no, user_id, email in rows]


def _self_summaries(cycle: AssessmentCycle, step: Step, deadline: date) -> list[Task]:
    return _own_forms(cycle, step, deadline, and_(Assessment.form_status == FormStatus.DRAFT.value,
                                                  Assessment.refused_on.is_(None)))


def _signatures(cycle: AssessmentCycle, step: Step, deadline: date) -> list[Task]:
    return _own_forms(cycle, step, deadline, Assessment.acknowledgement.is_(None))


def _head_reviews(cycle: AssessmentCycle, step: Step, deadline: date) -> list[Task]:
    """Each active head with forms waiting in the departments they head (sub-units included), one link per
    department; their own form is left out (the unit reviews it)."""
    waiting = db.session.execute(
        select(Assessment.department_id, Assessment.employee_id)
        .where(Assessment.cycle_id == cycle.id, Assessment.form_status == FormStatus.SELF_SUBMITTED.value,
               Assessment.special_case != SpecialCase.NOT_GRADED.value)
    ).all()
    if not waiting:
        return []
    heads = db.session.scalars(select(User).options(selectinload(User.departments), selectinload(User.employee))
                               .where(User.role == Role.HEAD.value, User.active.is_(True)).order_by(User.username))
    tree = department_tree()
    tasks = []
    for head in heads:
        links = []
        for department in sorted(head.departments, key=lambda d: tree.order.get(d.id, ())):
            reach = tree.subtree([department.id])
            n = sum(1 for d, employee_id in waiting if d in reach and employee_id != head.employee_id)
            if n:
                links.append(Link(tree.paths.get(department.id, department.name), n, "assessment.department",
                                  {"year": cycle.year, "department_id": department.id}))
        if links:
            tasks.append(Task(step, deadline, head.name, head.employee.staff_no if head.employee else "", head.id,
                              head.email, links))
    return tasks


def _decision(cycle: AssessmentCycle, step: Step, deadline: date) -> list[Task]:
    """Every active HR officer, while gradeable people have no grade yet."""
    ungraded = db.session.scalar(select(func.count()).select_from(Assessment).where(
        Assessment.cycle_id == cycle.id, Assessment.special_case == SpecialCase.NONE.value, Assessment.grade.is_(None)))
    if not ungraded:
        return []
    officers = db.session.scalars(select(User).options(selectinload(User.employee))
                                  .where(User.role == Role.HR.value, User.active.is_(True)).order_by(User.username))
    return [Task(step, deadline, officer.name, officer.employee.staff_no if officer.employee else "", officer.id,
                 officer.email, [Link("", ungraded, "assessment.decision", {"year": cycle.year})])
            for officer in officers]


_FINDERS = {"self_summary": _self_summaries, "head_review": _head_reviews, "decision": _decision,
            "acknowledgement": _signatures}


# ---------------------------------------------------------------- sending

@dataclass
class Sent:
    plan: Plan
    sent: list[Task]
    mail_ids: list[int]

    def as_json(self) -> dict:
        return {"year": self.plan.year, "days": self.plan.days,
                "steps": [{"step": s.key, "deadline": d.isoformat()} for s, d in self.plan.steps],
                "sent": [t.as_json() for t in self.sent], "already_sent": self.plan.already_sent,
                "unreachable": [t.as_json() for t in self.plan.unreachable]}


def send_reminders(cycle: AssessmentCycle, *, actor: Actor, today: date | None = None, days: int | None = None,
                   dispatch: bool = True) -> Sent:
    """Mail everyone who still has to act before a near deadline and was not reminded for that step yet.
    Each mail is committed with its AssessmentReminder (send_mail commits); without `dispatch` the caller
    delivers the mails (the command line, which may end before a background thread would). A reminder
    another process wrote at the same moment wins: this one is left out. Audited when any mail went out."""
    planned = plan(cycle, today=today, days=days)
    sent, mail_ids = [], []
    year = cycle.year
    for task in planned.to_send:
        reminder = AssessmentReminder(cycle_id=cycle.id, step=task.step.key, user_id=task.user_id,
                                      deadline=task.deadline)
        try:
            with db.session.begin_nested():
                db.session.add(reminder)
        except IntegrityError:  # another run reminded this person a moment ago
            continue
        user = db.session.get(User, task.user_id)
        links = [(link.text, link.count, absolute_url(link.endpoint, **link.params)) for link in task.links]
        mail = send_mail(task.step.kind, task.address, user=user, dispatch=dispatch, name=task.name, year=year,
                         deadline=task.deadline.isoformat(), count=task.count, links=links, link=links[0][2])
        reminder.mail_id = mail.id
        task.sent = True
        sent.append(task)
        mail_ids.append(mail.id)
    if sent:
        steps = "、".join(chinese(s.label) for s, _deadline in planned.steps)
        audit.record(actor, "assessment.remind", f"{year} 年度考核：发送截止日期提醒 {len(sent)} 封（{steps}）", obj=cycle,
                     details={"sent": [{"step": t.step.key, "user_id": t.user_id} for t in sent],
                              "unreachable": [{"step": t.step.key, "name": t.name, "staff_no": t.staff_no}
                                              for t in planned.unreachable]})
    db.session.flush()
    return Sent(planned, sent, mail_ids)


def cycles_to_remind() -> list[AssessmentCycle]:
    """The cycles not yet archived (cron runs the command without a year)."""
    return list(db.session.scalars(select(AssessmentCycle).where(AssessmentCycle.status != CycleStatus.ARCHIVED.value)
                                   .order_by(AssessmentCycle.year)))
