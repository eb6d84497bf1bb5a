"""考场编排 and what the applicants are told of their exam: the rooms HR sets up, the automatic arrangement
of everyone who may sit the exam into rooms and seats (with a 准考证号 each), the release of the 准考证 and
the publication of the scores (docs/portal.md, 考场与准考证; 成绩与公示).

准考证号 = exam year (4) + round (last 3 digits of its id) + room (2) + seat (2), e.g. 20260070312: the
2026 exam of round 7, 第3考场, seat 12. Room numbers and seats run 1–99, so the number is unique in the
round and reads back to its room and seat.

Every operation takes the acting user, locks the round row (two HR sessions arranging at once run one
after the other), only flushes, and writes the audit log. notify_* send the mails and so commit."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from hrflow import audit
from hrflow.extensions import db
from hrflow.mail.services import absolute_url, send_mail
from hrflow.models import (
    Actor,
    Application,
    ApplicationStatus,
    ExamPlan,
    ExamRoom,
    ExamSeat,
    Outcome,
    PortalEntry,
    RecruitmentError,
    RecruitmentRound,
    RoundStatus,
)
from hrflow.models.base import lock_row, utcnow
from hrflow.portal import files
from hrflow.recruitment import exam

MAX_NUMBER = 99  # rooms per round, and seats per room: two digits each in the 准考证号
# Rooms are set up and arranged while the review ends and the exam is prepared; the 准考证 go out in 考试.
ARRANGING = (RoundStatus.REVIEWING, RoundStatus.EXAMINING)
DEFAULT_RULES = (
    "一、考生须凭本准考证和本人有效居民身份证原件参加考试，两证齐全方可入场，并将两证放在桌面右上角以备查验。\n"
    "二、考生应在开考前 30 分钟到达考场，对号入座；开考 15 分钟后不得进入考场，开考 30 分钟内不得交卷离场。\n"
    "三、考生只准携带黑色字迹签字笔、2B 铅笔和橡皮；手机等通讯工具须关机后放在指定位置，不得带至座位。\n"
    "四、考生应遵守考场纪律，服从监考人员管理；违纪违规的，按《事业单位公开招聘违纪违规行为处理规定》处理。\n"
    "五、请妥善保管本准考证，资格复审、面试时仍须出示。"
)


# ---------------------------------------------------------------- reading

def plan_of(round_: RecruitmentRound) -> ExamPlan | None:
    return db.session.scalar(select(ExamPlan).where(ExamPlan.round_id == round_.id))


def _plan(round_: RecruitmentRound) -> ExamPlan:
    plan = plan_of(round_)
    if plan is None:
        plan = ExamPlan(round_id=round_.id)
        db.session.add(plan)
        db.session.flush()
    return plan


def rules_text(plan: ExamPlan | None) -> str:
    return (plan.rules if plan is not None and plan.rules else DEFAULT_RULES).strip()


def released(round_: RecruitmentRound) -> bool:
    plan = plan_of(round_)
    return plan is not None and plan.released


def scores_published(round_: RecruitmentRound) -> bool:
    plan = plan_of(round_)
    return plan is not None and plan.scores_published


def rooms_of(round_: RecruitmentRound) -> list[ExamRoom]:
    return list(db.session.scalars(select(ExamRoom).where(ExamRoom.round_id == round_.id).order_by(ExamRoom.number)))


def seats_of(round_: RecruitmentRound) -> list[ExamSeat]:
    return list(db.session.scalars(select(ExamSeat).join(ExamRoom).where(ExamSeat.round_id == round_.id)
                                   .order_by(ExamRoom.number, ExamSeat.seat)))


def seat_of(application: Application) -> ExamSeat | None:
    return db.session.scalar(select(ExamSeat).where(ExamSeat.application_id == application.id))


def candidates(round_: RecruitmentRound) -> list[Application]:
    """Who sits the exam: eligible after the review (初审 passed), not withdrawn, on a vacancy not cancelled;
    in the order they are seated, post by post, then by 报名号."""
    chosen = [a for v in round_.vacancies if not v.cancelled for a in v.applications
              if a.status == ApplicationStatus.ELIGIBLE and a.outcome != Outcome.WITHDRAWN]
    return sorted(chosen, key=lambda a: (a.vacancy.post.path, a.id))


@dataclass
class Gaps:
    """How the arrangement stands against who may sit the exam now."""

    unseated: list[Application]  # may sit, have no seat
    stale: list[ExamSeat]  # hold a seat, may no longer sit

    @property
    def clean(self) -> bool:
        return not self.unseated and not self.stale


def gaps(round_: RecruitmentRound) -> Gaps:
    may_sit = {a.id: a for a in candidates(round_)}
    seats = seats_of(round_)
    seated = {s.application_id for s in seats}
    return Gaps([a for i, a in may_sit.items() if i not in seated], [s for s in seats if s.application_id not in may_sit])


def capacity(rooms: list[ExamRoom]) -> int:
    return sum(room.capacity for room in rooms)


# ---------------------------------------------------------------- rooms

@dataclass
class RoomData:
    number: int
    place: str
    capacity: int
    starts_at: datetime  # Beijing time
    ends_at: datetime


def _editable(round_: RecruitmentRound, doing: str) -> RecruitmentRound:
    round_ = lock_row(round_)
    round_.require_status(*ARRANGING, doing=doing)
    if released(round_):
        raise RecruitmentError(f"准考证已发放，不能再{doing}")
    return round_


def add_room(round_: RecruitmentRound, data: RoomData, *, actor: Actor) -> ExamRoom:
    """A 考场 of the round; its number is free in the round, its capacity 1–99, its end after its start."""
    round_ = _editable(round_, "编排考场")
    place = (data.place or "").strip()
    if not isinstance(data.number, int) or not 1 <= data.number <= MAX_NUMBER:
        raise RecruitmentError(f"考场号应为 1–{MAX_NUMBER}", field="number")
    if any(room.number == data.number for room in rooms_of(round_)):
        raise RecruitmentError(f"第{data.number}考场已有", field="number")
    if not place:
        raise RecruitmentError("请填写考点及考场地址", field="place")
    if not isinstance(data.capacity, int) or not 1 <= data.capacity <= MAX_NUMBER:
        raise RecruitmentError(f"座位数应为 1–{MAX_NUMBER}", field="capacity")
    if data.starts_at is None or data.ends_at is None or data.ends_at <= data.starts_at:
        raise RecruitmentError("考试结束时间应晚于开始时间", field="ends_at")
    room = ExamRoom(round_id=round_.id, number=data.number, place=place[:200], capacity=data.capacity,
                    starts_at=data.starts_at, ends_at=data.ends_at)
    db.session.add(room)
    db.session.flush()
    audit.record(actor, "recruitment.exam_room", f"“{round_.name}”{room.name}：{room.place}，{room.capacity} 座，"
                 f"{room.starts_at:%Y-%m-%d %H:%M}—{room.ends_at:%H:%M}", obj=room)
    return room


def remove_room(room: ExamRoom, *, actor: Actor) -> int:
    """Take a room away before the 准考证 are released; whoever was seated in it must be arranged again.
    Returns how many lost their seat."""
    round_ = _editable(room.round, "删除考场")
    lost = db.session.execute(delete(ExamSeat).where(ExamSeat.room_id == room.id)).rowcount
    db.session.expire(room, ["seats"])
    name = room.name
    db.session.delete(room)
    db.session.flush()
    audit.record(actor, "recruitment.exam_room_remove", f"“{round_.name}”删除{name}" + (f"，{lost} 人须重新编排" if lost else ""),
                 obj=round_)
    return lost


def set_rules(round_: RecruitmentRound, text: str, *, actor: Actor) -> None:
    """The 考生须知 every 准考证 prints (empty: the default text)."""
    round_ = _editable(round_, "修改考生须知")
    plan = _plan(round_)
    plan.rules = (text or "").strip() or None
    audit.record(actor, "recruitment.exam_rules", f"“{round_.name}”考生须知" + ("已修改" if plan.rules else "恢复默认"),
                 obj=round_, details={"rules": plan.rules})


# ---------------------------------------------------------------- arrangement and release

def ticket_number(round_: RecruitmentRound, room: ExamRoom, seat: int) -> str:
    return f"{room.starts_at.year:04d}{round_.id % 1000:03d}{room.number:02d}{seat:02d}"


def arrange(round_: RecruitmentRound, *, actor: Actor) -> int:
    """Seat everyone who may sit the exam: post by post, then by 报名号, filling the rooms in their order,
    seats 1..capacity. Any earlier arrangement is replaced (until the 准考证 are released). Refused, with
    what is missing, when the rooms are too few. Returns how many were seated."""
    round_ = _editable(round_, "编排考场")
    rooms, people = rooms_of(round_), candidates(round_)
    if not people:
        raise RecruitmentError("还没有资格审查合格、可以参加考试的人员")
    if not rooms:
        raise RecruitmentError(f"请先添加考场：{len(people)} 人参加考试")
    short = len(people) - capacity(rooms)
    if short > 0:
        raise RecruitmentError(f"考场座位不足：{len(people)} 人参加考试，现有 {capacity(rooms)} 个座位，"
                               f"还需 {short} 个座位（请增加考场）")
    db.session.execute(delete(ExamSeat).where(ExamSeat.round_id == round_.id))
    places = ((room, seat) for room in rooms for seat in range(1, room.capacity + 1))
    for application, (room, seat) in zip(people, places, strict=False):
        db.session.add(ExamSeat(round_id=round_.id, room_id=room.id, application_id=application.id, seat=seat,
                                ticket_number=ticket_number(round_, room, seat)))
    db.session.flush()
    for room in rooms:
        db.session.expire(room, ["seats"])
    _plan(round_).arranged_at = utcnow()
    used = [room.name for room in rooms if room.seats]
    audit.record(actor, "recruitment.exam_arrange", f"“{round_.name}”考场编排：{len(people)} 人，"
                 f"{'、'.join(used)}", obj=round_)
    return len(people)


def release_tickets(round_: RecruitmentRound, *, actor: Actor) -> list[ExamSeat]:
    """HR releases the 准考证: from now on applicants print theirs and the arrangement is fixed. Only in
    考试, and only when the arrangement covers exactly who may sit the exam."""
    round_ = lock_row(round_)
    round_.require_status(RoundStatus.EXAMINING, doing="发放准考证")
    plan = _plan(round_)
    if plan.released:
        raise RecruitmentError("准考证已发放")
    found = gaps(round_)
    if found.unseated:
        raise RecruitmentError(f"还有 {len(found.unseated)} 人未编排考场："
                               + "、".join(a.applicant.name for a in found.unseated[:5]) + "（请重新编排）")
    if found.stale:
        raise RecruitmentError(f"{len(found.stale)} 人已不能参加考试但仍占座位，请重新编排")
    seats = seats_of(round_)
    if not seats:
        raise RecruitmentError("还没有编排考场")
    plan.tickets_released_at, plan.tickets_released_by_id = utcnow(), actor.id
    audit.record(actor, "recruitment.exam_release", f"“{round_.name}”发放准考证：{len(seats)} 人", obj=round_)
    return seats


def publish_scores(round_: RecruitmentRound, *, actor: Actor) -> None:
    """HR publishes the round's scores: each applicant then reads their own (no one else's) on 我的报名."""
    round_ = lock_row(round_)
    round_.require_status(RoundStatus.EXAMINING, RoundStatus.PUBLICITY, doing="公布成绩")
    plan = _plan(round_)
    if plan.scores_published:
        raise RecruitmentError("成绩已公布")
    scored = [a for v in round_.vacancies for a in v.applications
              if a.written_score is not None or a.interview_score is not None]
    if not scored:
        raise RecruitmentError("还没有录入成绩")
    plan.scores_published_at, plan.scores_published_by_id = utcnow(), actor.id
    audit.record(actor, "recruitment.scores_publish", f"“{round_.name}”公布成绩：{len(scored)} 人有成绩", obj=round_)


# ---------------------------------------------------------------- mails to the applicants who applied online

def _portal_entries(round_: RecruitmentRound) -> list[PortalEntry]:
    return list(db.session.scalars(select(PortalEntry).where(PortalEntry.round_id == round_.id,
                                                            PortalEntry.application_id.is_not(None))
                                   .order_by(PortalEntry.id)))


def notify_released(round_: RecruitmentRound) -> int:
    """A mail to every applicant who applied online and holds a seat. Commits (each mail is recorded)."""
    seated = {s.application_id: s for s in seats_of(round_)}
    sent = 0
    for entry in _portal_entries(round_):
        seat = seated.get(entry.application_id)
        if seat is not None:
            send_mail("portal_admission", entry.account.email, locale=entry.account.locale, round_name=round_.name,
                      name=entry.name, room=seat.room, ticket=seat.ticket_number, link=absolute_url("portal.mine"))
            sent += 1
    return sent


def notify_scores(round_: RecruitmentRound) -> int:
    """A mail to every online applicant whose application is in the round: their scores are published."""
    entries = [e for e in _portal_entries(round_) if e.application.status == ApplicationStatus.ELIGIBLE]
    for entry in entries:
        send_mail("portal_scores", entry.account.email, locale=entry.account.locale, round_name=round_.name,
                  name=entry.name, link=absolute_url("portal.mine"))
    return len(entries)


# ---------------------------------------------------------------- what an applicant is shown

@dataclass
class ScoreView:
    """An applicant's own scores, as published; standing: where they are, in words (no rank)."""

    written: float | None
    interview: float | None
    bonus: float
    composite: float | None
    standing: str


def standing_text(application: Application) -> str:
    """进入面试 / 未进入面试 / below a 合格分数线 / 拟聘用人选 … — what the notices publish, never the rank."""
    if application.outcome == Outcome.APPOINTED:
        return "已聘用"
    if application.outcome == Outcome.PROPOSED:
        return "拟聘用人选（进入体检、考察）"
    if application.outcome == Outcome.WITHDRAWN:
        return "已放弃或体检、考察不合格"
    vacancy = application.vacancy
    said = exam.standing(application, exam.settings_of(vacancy), exam.interview_list(vacancy))
    if said:
        return said
    if vacancy.shortlist_ratio and application.written_score is not None:
        return "进入面试"
    return ""


def score_view(application: Application) -> ScoreView:
    return ScoreView(application.written_score, application.interview_score, application.bonus,
                     application.composite, standing_text(application))


def photo_uri(application: Application) -> str | None:
    """The photo the applicant uploaded online, as a data URI for a printed form; None for people HR entered."""
    entry = db.session.scalar(select(PortalEntry).where(PortalEntry.application_id == application.id))
    photo = entry.photo if entry is not None else None
    if photo is None:
        return None
    return f"data:{photo.media_type};base64," + base64.b64encode(files.path_of(photo.stored_name).read_bytes()).decode()
