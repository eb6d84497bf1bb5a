"""Examiner panels of the 面试 (models: hrflow/models/panels.py; arithmetic: panel_scores.py).

HR sets each post's 测评要素 and the round's rule, opens a panel per room, names its members (each examiner
gets an invitation link to set a password) and draws candidates (and examiners) to rooms by lot, the seed
recorded. Examiners mark blind: each sees only their own sheets. A submitted sheet is locked; HR changes it
with a reason. Once every expected sheet of a candidate is in (回避 expects none), the score is worked out by
the round's rule (二次平均 across the rooms of a post, once all of them are complete) and saved as the
application's interview score through exam.record_score_grid, so the ranking takes it up unchanged.

Every operation takes the acting user, flushes (never commits, but for the invitation mail, which
send_mail commits with the row) and writes the audit log."""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from hrflow import audit
from hrflow.admin.operations import check_password_strength
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.mail.services import absolute_url, send_mail
from hrflow.models import (
    Actor,
    Application,
    ApplicationStatus,
    Duty,
    InterviewElement,
    InterviewRule,
    LotDraw,
    MarkSheet,
    Outcome,
    Panel,
    PanelMember,
    PanelSeat,
    PanelStatus,
    RecruitmentError,
    RecruitmentRound,
    Recusal,
    Role,
    RoundStatus,
    User,
    Vacancy,
)
from hrflow.models.base import chinese, lock_row, utcnow
from hrflow.models.panels import DropRule, Rounding
from hrflow.recruitment import exam
from hrflow.recruitment.panel_scores import Element, PanelResult, candidate_score, second_average
from hrflow.recruitment.scores import exact, places

INVITATION_SALT = "hrflow.examiner-invitation"
SETTING_UP = (RoundStatus.REVIEWING, RoundStatus.EXAMINING)
MAX_ELEMENTS = 12
ONE_OF = (Duty.CHIEF, Duty.SCORER, Duty.SUPERVISOR)  # a panel has at most one of each


class InvitationError(DomainError):
    """The invitation link is broken, too old, or already used."""


# ---------------------------------------------------------------- the round's rule and a post's elements


def rule_of(round_: RecruitmentRound) -> InterviewRule:
    """The round's rule; until HR sets one: totals, highest and lowest left out, rounded half up."""
    return db.session.get(InterviewRule, round_.id) or InterviewRule(
        round_id=round_.id, drop=DropRule.TOTAL.value, rounding=Rounding.ROUND.value)


def rule_text(rule: InterviewRule) -> str:
    return f"{chinese(DropRule(rule.drop).label)}；{chinese(Rounding(rule.rounding).label)}"


def _sheets_exist(vacancies: list[Vacancy]) -> bool:
    ids = [v.id for v in vacancies] or [-1]
    return db.session.scalar(select(MarkSheet.id).join(PanelMember).join(Panel)
                             .where(Panel.vacancy_id.in_(ids)).limit(1)) is not None


def set_rule(round_: RecruitmentRound, *, drop: str, rounding: str, actor: Actor) -> InterviewRule:
    """The rule is announced before the 面试: it changes only until the round's first mark is submitted."""
    if drop not in set(DropRule) or rounding not in set(Rounding):
        raise RecruitmentError("没有这种计分规则", field="drop")
    lock_row(round_).require_status(*SETTING_UP, doing="设置面试计分规则")
    if _sheets_exist(list(round_.vacancies)):
        raise RecruitmentError("已有考官提交评分，计分规则不能再修改")
    rule = db.session.get(InterviewRule, round_.id) or InterviewRule(round_id=round_.id)
    db.session.add(rule)
    rule.drop, rule.rounding = drop, rounding
    db.session.flush()
    audit.record(actor, "recruitment.panel_rule", f"“{round_.name}”面试计分规则：{rule_text(rule)}", obj=round_)
    return rule


def elements_of(vacancy: Vacancy) -> list[InterviewElement]:
    return list(db.session.scalars(select(InterviewElement).where(InterviewElement.vacancy_id == vacancy.id)
                                   .order_by(InterviewElement.position, InterviewElement.id)))


@dataclass
class ElementData:
    name: str
    weight: float
    full_marks: int


def set_elements(vacancy: Vacancy, rows: list[ElementData], *, actor: Actor) -> list[InterviewElement]:
    """Replace a post's 测评要素: names given, weights of at most two places adding up to 1, full marks
    1–100. Only until the post's first mark is submitted."""
    rows = [r for r in rows if (r.name or "").strip() or r.weight is not None]
    if not rows:
        raise RecruitmentError("请至少填写一个测评要素", field="elements")
    if len(rows) > MAX_ELEMENTS:
        raise RecruitmentError(f"测评要素最多 {MAX_ELEMENTS} 个", field="elements")
    total = Decimal(0)
    for row in rows:
        name, weight = (row.name or "").strip(), exact(row.weight)
        if not name:
            raise RecruitmentError("每个测评要素都要有名称", field="elements")
        if weight is None or not 0 < weight <= 1 or places(weight) > 2:
            raise RecruitmentError(f"“{name}”的权重应在 0–1 之间、最多两位小数", field="elements")
        if not isinstance(row.full_marks, int) or not 1 <= row.full_marks <= 100:
            raise RecruitmentError(f"“{name}”的满分应为 1–100 的整数", field="elements")
        total += weight
    if total != 1:
        raise RecruitmentError(f"各测评要素的权重合计应为 1（现为 {total:g}）", field="elements")
    if len({r.name.strip() for r in rows}) != len(rows):
        raise RecruitmentError("测评要素名称重复", field="elements")
    lock_row(vacancy.round).require_status(*SETTING_UP, doing="设置测评要素")
    if _sheets_exist([vacancy]):
        raise RecruitmentError(f"“{vacancy.post.path}”已有考官提交评分，测评要素不能再修改", field="elements")
    for old in elements_of(vacancy):
        db.session.delete(old)
    made = [InterviewElement(vacancy_id=vacancy.id, position=i, name=r.name.strip(), weight=float(exact(r.weight)),
                             full_marks=r.full_marks) for i, r in enumerate(rows)]
    db.session.add_all(made)
    db.session.flush()
    text = "；".join(f"{e.name} × {e.weight:g}（{e.full_marks} 分）" for e in made)
    audit.record(actor, "recruitment.panel_elements", f"“{vacancy.post.path}”测评要素：{text}", obj=vacancy)
    return made


# ---------------------------------------------------------------- panels and members


def panels_of(vacancy: Vacancy) -> list[Panel]:
    return list(db.session.scalars(select(Panel).where(Panel.vacancy_id == vacancy.id).order_by(Panel.id)))


def round_panels(round_: RecruitmentRound) -> list[Panel]:
    return list(db.session.scalars(select(Panel).join(Vacancy).where(Vacancy.round_id == round_.id)
                                   .order_by(Vacancy.id, Panel.id)))


def create_panel(vacancy: Vacancy, room: str, *, actor: Actor) -> Panel:
    room = (room or "").strip()
    if not room:
        raise RecruitmentError("请填写考场名称", field="room")
    lock_row(vacancy.round).require_status(*SETTING_UP, doing="设立考官小组")
    if vacancy.cancelled:
        raise RecruitmentError(f"“{vacancy.post.path}”已取消招聘", field="vacancy")
    if any(p.room == room for p in panels_of(vacancy)):
        raise RecruitmentError(f"“{vacancy.post.path}”已有考场“{room}”", field="room")
    panel = Panel(vacancy_id=vacancy.id, room=room, created_by_id=actor.id)
    db.session.add(panel)
    db.session.flush()
    audit.record(actor, "recruitment.panel", f"“{vacancy.post.path}”设立考官小组：{room}", obj=panel)
    return panel


def add_member(panel: Panel, *, username: str, name: str, email: str | None, duty: str, actor: Actor) -> PanelMember:
    """A member by user name: an existing account (an HR officer as 计分员, an examiner of another panel), or a
    new examiner account without a usable password until the invitation is accepted."""
    username, name = (username or "").strip(), (name or "").strip()
    if duty not in set(Duty):
        raise RecruitmentError("没有这种职责", field="duty")
    if not username:
        raise RecruitmentError("请填写登录名", field="username")
    _require_open(panel)
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        if not name:
            raise RecruitmentError("新考官须填写姓名", field="name")
        email = (email or "").strip().lower() or None
        if email and db.session.scalar(select(User.id).where(User.email == email)) is not None:
            raise RecruitmentError(f"邮箱 {email} 已属于另一个账号", field="email")
        user = User(username=username, display_name=name, role=Role.EXAMINER.value, email=email)
        user.set_password(secrets.token_urlsafe(32))  # nobody knows it: the invitation sets the real one
        db.session.add(user)
        db.session.flush()
    elif not user.active:
        raise RecruitmentError(f"账号 {username} 已停用", field="username")
    if any(m.user_id == user.id for m in panel.members):
        raise RecruitmentError(f"{user.name} 已在本考官小组", field="username")
    if Duty(duty) in ONE_OF and any(m.duty == duty for m in panel.members):
        raise RecruitmentError(f"本考官小组已有{chinese(Duty(duty).label)}", field="duty")
    if Duty(duty).marks and not user.is_hr and user.role != Role.EXAMINER and user.employee_id is None:
        raise RecruitmentError(f"{user.name} 不能担任考官", field="username")
    member = PanelMember(user=user, duty=duty)
    panel.members.append(member)
    db.session.flush()
    audit.record(actor, "recruitment.panel_member", f"{panel.room}（{panel.vacancy.post.path}）"
                 f"{chinese(Duty(duty).label)}：{user.name}", obj=panel)
    return member


def _require_open(panel: Panel) -> None:
    if not panel.is_open:
        raise RecruitmentError(f"考官小组“{panel.room}”已结束评分")


def close_panel(panel: Panel, *, actor: Actor) -> None:
    lock_row(panel)
    _require_open(panel)
    panel.status = PanelStatus.CLOSED.value
    audit.record(actor, "recruitment.panel_close", f"考官小组“{panel.room}”（{panel.vacancy.post.path}）结束评分", obj=panel)


# ---------------------------------------------------------------- invitations


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITATION_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def invite(member: PanelMember, *, actor: Actor) -> str:
    """The link that lets the member set a password (spent once a password is set); mailed when the member
    has an address. Returns it for HR to hand over."""
    user = member.user
    link = absolute_url("recruitment.panel_invitation", token=_serializer().dumps([user.id, _fingerprint(user)]))
    member.invited_at = utcnow()
    audit.record(actor, "recruitment.panel_invite", f"邀请 {user.name}（{user.username}）担任"
                 f"{chinese(member.duty_label)}：{member.panel.room}", obj=member.panel,
                 details={"mailed": bool(user.email)})
    db.session.flush()
    if user.email:
        send_mail("examiner_invitation", user.email, user=user, link=link, room=member.panel.room,
                  post=member.panel.vacancy.post.path, duty=chinese(member.duty_label), days=invitation_days())
    return link


def invitation_days() -> int:
    return int(current_app.config["EXAMINER_INVITATION_DAYS"])


def user_for_invitation(token: str) -> User:
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=invitation_days() * 86400)
    except SignatureExpired:
        raise InvitationError("邀请链接已过期，请联系人事部门重新邀请。") from None
    except (BadSignature, ValueError, TypeError):
        raise InvitationError("邀请链接无效。") from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or not hmac.compare_digest(str(fingerprint), _fingerprint(user)):
        raise InvitationError("邀请链接已使用或已失效。")
    return user


def accept_invitation(user: User, password: str) -> None:
    check_password_strength(password, "new_password")
    user.set_password(password)
    audit.record(user, "recruitment.panel_accept", f"{user.username} 接受考官邀请并设置了密码", obj=user)


# ---------------------------------------------------------------- candidates and lots


def interviewees(vacancy: Vacancy) -> list[Application]:
    """Who is interviewed: eligible, not withdrawn, on the shortlist when the post has one."""
    shortlist = exam.interview_list(vacancy)
    return [a for a in vacancy.applications if a.status == ApplicationStatus.ELIGIBLE
            and a.outcome != Outcome.WITHDRAWN and (shortlist is None or a.id in shortlist)]


def draw_lots(vacancy: Vacancy, *, actor: Actor, seed: str | None = None) -> LotDraw:
    """Candidates to the post's rooms and their order, by lot: shuffled with `seed` (a new one when not
    given), dealt to the rooms in turn. The seed is kept, so anyone can repeat the draw. Only before the
    post's first mark."""
    lock_row(vacancy.round).require_status(*SETTING_UP, doing="抽签")
    panels = panels_of(vacancy)
    if not panels:
        raise RecruitmentError(f"“{vacancy.post.path}”还没有考官小组")
    if _sheets_exist([vacancy]):
        raise RecruitmentError(f"“{vacancy.post.path}”已开始评分，不能重新抽签")
    seed = seed or secrets.token_hex(8)
    people = interviewees(vacancy)
    random.Random(f"{seed}:{vacancy.id}").shuffle(people)
    for panel in panels:
        panel.seats.clear()
    db.session.flush()
    result: dict[str, list[int]] = {p.room: [] for p in panels}
    for index, application in enumerate(people):
        panel = panels[index % len(panels)]
        panel.seats.append(PanelSeat(application_id=application.id, position=len(panel.seats) + 1))
        result[panel.room].append(application.id)
    draw = LotDraw(vacancy_id=vacancy.id, kind="candidates", seed=seed, result=result, drawn_by_id=actor.id)
    db.session.add(draw)
    db.session.flush()
    audit.record(actor, "recruitment.panel_lot", f"“{vacancy.post.path}”抽签确定考场和面试顺序（种子 {seed}）",
                 obj=vacancy, details=result)
    return draw


def draw_examiners(vacancy: Vacancy, *, actor: Actor, seed: str | None = None) -> LotDraw:
    """The post's 考官 (not the 主考官s) dealt to its rooms by lot, each room keeping its number of them."""
    lock_row(vacancy.round).require_status(*SETTING_UP, doing="抽签")
    panels = panels_of(vacancy)
    if _sheets_exist([vacancy]):
        raise RecruitmentError(f"“{vacancy.post.path}”已开始评分，不能重新抽签")
    examiners = [m for p in panels for m in p.members if m.duty == Duty.EXAMINER]
    if len(panels) < 2 or not examiners:
        raise RecruitmentError("考官抽签需要两个以上考场，且已有考官")
    seed = seed or secrets.token_hex(8)
    users = [m.user_id for m in examiners]
    random.Random(f"{seed}:{vacancy.id}:examiners").shuffle(users)
    for member, user_id in zip(examiners, users, strict=True):
        member.user_id = user_id
    db.session.flush()
    result = {p.room: [m.user.name for m in p.members if m.duty == Duty.EXAMINER] for p in panels}
    draw = LotDraw(vacancy_id=vacancy.id, kind="examiners", seed=seed, result=result, drawn_by_id=actor.id)
    db.session.add(draw)
    audit.record(actor, "recruitment.panel_lot", f"“{vacancy.post.path}”抽签确定考官所在考场（种子 {seed}）",
                 obj=vacancy, details=result)
    return draw


def lots_of(vacancy: Vacancy) -> list[LotDraw]:
    return list(db.session.scalars(select(LotDraw).where(LotDraw.vacancy_id == vacancy.id).order_by(LotDraw.id)))


# ---------------------------------------------------------------- marking


def member_of(panel: Panel, user: User) -> PanelMember | None:
    return next((m for m in panel.members if m.user_id == user.id), None)


def my_panels(user: User) -> list[Panel]:
    """The open panels the user sits on."""
    return list(db.session.scalars(select(Panel).join(PanelMember).where(PanelMember.user_id == user.id,
                                                                         Panel.status == PanelStatus.OPEN.value)
                                   .order_by(Panel.id)))


def seat_of(panel: Panel, application: Application) -> PanelSeat | None:
    return next((s for s in panel.seats if s.application_id == application.id), None)


def sheet_of(member: PanelMember, application: Application) -> MarkSheet | None:
    return db.session.scalar(select(MarkSheet).where(MarkSheet.member_id == member.id,
                                                     MarkSheet.application_id == application.id))


def recusal_of(member: PanelMember, application: Application) -> Recusal | None:
    return db.session.scalar(select(Recusal).where(Recusal.member_id == member.id,
                                                   Recusal.application_id == application.id))


def _marking(panel: Panel, member: PanelMember, application: Application) -> None:
    """The member may still act on this candidate: open panel, a marking member, the candidate seated here,
    the round examining, no sheet yet, no 回避."""
    _require_open(panel)
    panel.vacancy.round.require_status(RoundStatus.EXAMINING, doing="评分")
    if not member.marks:
        raise RecruitmentError(f"{chinese(member.duty_label)}不评分")
    if seat_of(panel, application) is None:
        raise RecruitmentError("该考生不在本考场")
    if sheet_of(member, application) is not None:
        raise RecruitmentError("评分已提交，不能再修改；如有错误请联系人事部门")
    if recusal_of(member, application) is not None:
        raise RecruitmentError("您已对该考生申请回避")


def recuse(member: PanelMember, application: Application, *, reason: str, actor: Actor) -> Recusal:
    """回避: the examiner gives no mark for this candidate; the sheet says so."""
    panel = lock_row(member.panel)
    _marking(panel, member, application)
    recusal = Recusal(member_id=member.id, application_id=application.id, reason=(reason or "").strip()[:200] or None)
    db.session.add(recusal)
    db.session.flush()
    audit.record(actor, "recruitment.panel_recusal", f"{member.user.name} 对 {application.applicant.name} 回避"
                 f"（{panel.room}）", obj=panel, reason=recusal.reason)
    settle(panel.vacancy, actor=actor)
    return recusal


def _checked_marks(elements: list[InterviewElement], marks: dict[int, float | None]) -> dict[str, float]:
    checked = {}
    for element in elements:
        value = exact(marks.get(element.id))
        if value is None:
            raise RecruitmentError(f"请给“{element.name}”打分", field=f"e{element.id}")
        if not 0 <= value <= element.full_marks or places(value) > 2:
            raise RecruitmentError(f"“{element.name}”应在 0–{element.full_marks} 之间、最多两位小数",
                                   field=f"e{element.id}")
        checked[str(element.id)] = float(value)
    return checked


def submit_marks(member: PanelMember, application: Application, marks: dict[int, float | None], *,
                 actor: Actor) -> MarkSheet:
    """The examiner's marks for one candidate, once. The panel's row is locked first: two examiners
    submitting at once are taken one after the other, and the second sees the first's sheet when it works
    out whether the candidate is complete."""
    panel = lock_row(member.panel)
    _marking(panel, member, application)
    elements = elements_of(panel.vacancy)
    if not elements:
        raise RecruitmentError("人事部门尚未设置测评要素")
    sheet = MarkSheet(member_id=member.id, application_id=application.id, marks=_checked_marks(elements, marks))
    db.session.add(sheet)
    db.session.flush()
    audit.record(actor, "recruitment.panel_marks", f"{member.user.name} 提交对 {application.applicant.name} 的评分"
                 f"（{panel.room}）", obj=panel)
    settle(panel.vacancy, actor=actor)
    return sheet


def override_marks(sheet: MarkSheet, marks: dict[int, float | None], *, reason: str, actor: Actor) -> None:
    """HR corrects a submitted sheet, with a reason; the marks it replaced stay on the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise RecruitmentError("修改已提交的评分必须填写原因", field="reason")
    panel = lock_row(sheet.member.panel)
    panel.vacancy.round.require_status(RoundStatus.EXAMINING, doing="修改评分")
    checked = _checked_marks(elements_of(panel.vacancy), marks)
    before = dict(sheet.marks)
    sheet.marks = checked
    sheet.override_reason, sheet.overridden_by_id, sheet.overridden_at = reason, actor.id, utcnow()
    application = db.session.get(Application, sheet.application_id)
    audit.record(actor, "recruitment.panel_override", f"修改 {sheet.member.user.name} 对 {application.applicant.name}"
                 f" 的评分（{panel.room}）", obj=panel, reason=reason, details={"before": before, "after": checked})
    db.session.flush()
    settle(panel.vacancy, actor=actor)


# ---------------------------------------------------------------- results


@dataclass
class CandidateState:
    """One candidate before a panel: each marking member's state, and the result once complete."""

    seat: PanelSeat
    sheets: dict[int, MarkSheet] = field(default_factory=dict)  # by member id
    recused: dict[int, Recusal] = field(default_factory=dict)
    missing: list[PanelMember] = field(default_factory=list)
    result: PanelResult | None = None
    final: Decimal | None = None  # after 二次平均 (the room's result when there is one room)

    @property
    def application(self) -> Application:
        return self.seat.application


def _elements(vacancy: Vacancy) -> list[Element]:
    return [Element(e.id, exact(e.weight), e.full_marks) for e in elements_of(vacancy)]


def panel_states(panel: Panel, rule: InterviewRule | None = None) -> list[CandidateState]:
    rule = rule or rule_of(panel.vacancy.round)
    markers = [m for m in panel.members if m.marks]
    ids = [m.id for m in markers] or [-1]
    sheets = {(s.member_id, s.application_id): s
              for s in db.session.scalars(select(MarkSheet).where(MarkSheet.member_id.in_(ids)))}
    recusals = {(r.member_id, r.application_id): r
                for r in db.session.scalars(select(Recusal).where(Recusal.member_id.in_(ids)))}
    elements = _elements(panel.vacancy)
    states = []
    for seat in panel.seats:
        state = CandidateState(seat)
        for member in markers:
            key = (member.id, seat.application_id)
            if key in sheets:
                state.sheets[member.id] = sheets[key]
            elif key in recusals:
                state.recused[member.id] = recusals[key]
            else:
                state.missing.append(member)
        if state.sheets and not state.missing and elements:
            state.result = candidate_score({m: _keyed(s) for m, s in state.sheets.items()},
                                           elements, drop=rule.drop, rounding=rule.rounding,
                                           scale=panel.vacancy.interview_full)
        states.append(state)
    return states


def _keyed(sheet: MarkSheet) -> dict[int, float]:
    return {int(key): value for key, value in sheet.marks.items()}


def vacancy_states(vacancy: Vacancy) -> dict[int, list[CandidateState]]:
    """Every panel's candidates, by panel id, with 二次平均 applied once every room is complete."""
    rule = rule_of(vacancy.round)
    states = {p.id: panel_states(p, rule) for p in panels_of(vacancy)}
    rooms = {pid: {s.seat.application_id: s.result.score for s in items if s.result}
             for pid, items in states.items() if items}
    complete = all(s.result for items in states.values() for s in items)
    if len(rooms) == 1:
        for items in states.values():
            for s in items:
                s.final = s.result.score if s.result else None
    elif complete and rooms:
        finals = second_average(rooms, rule.rounding)
        for items in states.values():
            for s in items:
                s.final = finals[s.seat.application_id]
    return states


def settle(vacancy: Vacancy, *, actor: Actor) -> int:
    """Put every final score into the applications' interview scores (exam.record_score_grid: checked, audited,
    the vacancy ranked again). Returns how many changed."""
    entries = {}
    for items in vacancy_states(vacancy).values():
        for state in items:
            application = state.application
            if state.final is not None and exact(application.interview_score) != state.final:
                entries[application.id] = exam.ScoreEntry(written=application.written_score,
                                                          interview=float(state.final))
    if not entries:
        return 0
    changed = exam.record_score_grid(vacancy.round, entries, actor=actor)
    audit.record(actor, "recruitment.panel_score", f"“{vacancy.post.path}”考官评分计入面试成绩：{len(entries)} 人"
                 f"（{rule_text(rule_of(vacancy.round))}）", obj=vacancy,
                 details={str(key): entry.interview for key, entry in entries.items()})
    return changed

