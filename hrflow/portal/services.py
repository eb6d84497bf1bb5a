"""网上报名: applicants' accounts, HR opening a round's portal, the 报名表 from draft to submission, and
HR's return for correction and 初审 result (docs/portal.md).

Who acts is an argument (an account, or HR's User); nothing here reads the request or commits, except
send_mail, which commits the mail it writes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, select

from hrflow import audit
from hrflow.extensions import db
from hrflow.models import (
    Actor,
    ApplicantAccount,
    Application,
    ApplicationStatus,
    EntryState,
    ExamSeat,
    PortalEntry,
    PortalFile,
    PortalOpening,
    RecruitmentRound,
    RoundStatus,
    RuleDecision,
    Vacancy,
)
from hrflow.models.base import utcnow
from hrflow.models.portal import PHOTO
from hrflow.models.recruitment import ENROLLING
from hrflow.portal import files
from hrflow.portal.accounts import (  # noqa: F401  (one door for the routes: accounts are part of the portal's services)
    CONSENT_VERSION,
    PortalError,
    account_for_token,
    actor_of,
    authenticate,
    confirm_code,
    count_wrong_code,
    finish_reset,
    portal_throttle,
    register,
    request_reset,
    reset_token,
    send_code,
    throttle_keys,
)
from hrflow.recruitment import arrangement, queries
from hrflow.recruitment.applicants import ApplicantData, add_applicant, edit_applicant
from hrflow.recruitment.idcard import IdNumberError, parse_id_number
from hrflow.recruitment.operations import lock_round, round_basic_rules, vacancy_rules
from hrflow.recruitment.verdicts import judge, rule_applicant
from hrflow.rules.levels import degree_level, education_level

# What a proof may be uploaded for: the rule kinds an applicant can prove, and anything else.
PROOF_KINDS = ("education", "degree", "major", "title", "certificate", "experience", "political", "other")
GENDERS = ("男", "女")


# ---------------------------------------------------------------- time (the deadline is Asia/Shanghai's)

def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def to_utc(local: datetime) -> datetime:
    """A wall-clock time of the unit (naive) as naive UTC, as the database keeps times."""
    return local.replace(tzinfo=local_zone()).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(local_zone()).replace(tzinfo=None)


# ---------------------------------------------------------------- HR opens the portal

def opening_of(round_id: int) -> PortalOpening | None:
    return db.session.scalar(select(PortalOpening).where(PortalOpening.round_id == round_id))


def open_portal(round_: RecruitmentRound, *, opens_at: datetime, closes_at: datetime, notice: str, published: bool,
                actor: Actor) -> PortalOpening:
    """HR opens (or changes) the round's portal: times are naive UTC, the 公告 text is shown as typed."""
    if round_.status not in ENROLLING:
        raise PortalError(f"本轮已进入“{round_.status_label}”阶段，不能再开放网上报名")
    if closes_at <= opens_at:
        raise PortalError("报名截止时间应晚于开始时间", field="closes_at")
    if not (notice or "").strip():
        raise PortalError("请填写招聘公告", field="notice")
    opening = opening_of(round_.id) or PortalOpening(round_id=round_.id)
    opening.opens_at, opening.closes_at, opening.notice, opening.published = opens_at, closes_at, notice.strip(), published
    opening.opened_by_id = actor.id
    db.session.add(opening)
    db.session.flush()
    local = f"{to_local(opens_at):%Y-%m-%d %H:%M} 至 {to_local(closes_at):%Y-%m-%d %H:%M}"
    audit.record(actor, "portal.open", f"“{round_.name}”网上报名：{local}（{'公开' if published else '不公开'}）",
                 obj=round_)
    return opening


def public_openings() -> list[PortalOpening]:
    """The rounds whose portal HR published (their pages are public, nothing else of the unit is)."""
    return list(db.session.scalars(select(PortalOpening).where(PortalOpening.published.is_(True))
                                   .order_by(PortalOpening.closes_at.desc())))


def open_vacancies(round_: RecruitmentRound) -> list[Vacancy]:
    return [v for v in round_.vacancies if not v.cancelled]


# ---------------------------------------------------------------- the 报名表

@dataclass
class EntryData:
    """What the applicant typed on the 报名表 (blank rows of study and work left out)."""

    vacancy_id: int | None
    name: str
    gender: str | None
    birth_date: date | None
    id_number: str
    phone: str
    political_status: str
    title: str
    certificates: list[str]
    study: list[dict]  # start, end (YYYY-MM), school, education, degree, major, mode
    work: list[dict]  # start, end, employer, position


def entry_of(account: ApplicantAccount, round_id: int) -> PortalEntry | None:
    return db.session.scalar(select(PortalEntry).where(PortalEntry.account_id == account.id,
                                                      PortalEntry.round_id == round_id))


def editable(entry: PortalEntry | None, opening: PortalOpening, now: datetime) -> bool:
    """A draft while the portal takes applications; a returned one while the round still takes them."""
    if entry is None or entry.state == EntryState.DRAFT:
        return opening.taking(now)
    return entry.state == EntryState.RETURNED and entry.round.status in ENROLLING


def save_entry(account: ApplicantAccount, round_: RecruitmentRound, data: EntryData, *, now: datetime
               ) -> PortalEntry:
    """Keep the 报名表 as typed (a draft may be incomplete); the 身份证号, when given, must be valid and agree
    with the birth date and gender typed, and be nobody else's in this round."""
    opening = _opening(round_)
    entry = entry_of(account, round_.id)
    if not editable(entry, opening, now):
        raise PortalError(_not_editable(entry, opening, now))
    if entry is None:
        entry = PortalEntry(account=account, round_id=round_.id, data={})
        db.session.add(entry)
    vacancy = _vacancy(round_, data.vacancy_id) if data.vacancy_id else None
    number = _checked_id_number(data) if data.id_number.strip() else None
    if number:
        twin = db.session.scalar(select(PortalEntry.id).where(PortalEntry.round_id == round_.id,
                                                             PortalEntry.id_number == number,
                                                             PortalEntry.account_id != account.id))
        if twin is not None:
            raise PortalError("该身份证号已在本轮由另一个账号报名", field="id_number")
    entry.vacancy_id = vacancy.id if vacancy else None
    entry.name, entry.gender, entry.birth_date = data.name.strip()[:50] or None, data.gender, data.birth_date
    entry.id_number = number
    entry.data = {"phone": data.phone.strip(), "political_status": data.political_status.strip(),
                  "title": data.title.strip(), "certificates": data.certificates, "study": data.study,
                  "work": data.work}
    db.session.flush()
    return entry


def _opening(round_: RecruitmentRound) -> PortalOpening:
    opening = opening_of(round_.id)
    if opening is None or not opening.published:
        raise PortalError("本轮未开放网上报名")
    return opening


def _not_editable(entry: PortalEntry | None, opening: PortalOpening, now: datetime) -> str:
    if entry is not None and entry.state == EntryState.SUBMITTED:
        return "报名表已提交；如需修改，请先撤回（人事开始审核前可撤回）"
    if entry is not None and entry.state == EntryState.DECIDED:
        return "初审已完成，报名表不能再修改"
    if now < opening.opens_at:
        return "网上报名尚未开始"
    return "网上报名已截止"


def _vacancy(round_: RecruitmentRound, vacancy_id: int) -> Vacancy:
    vacancy = next((v for v in open_vacancies(round_) if v.id == vacancy_id), None)
    if vacancy is None:
        raise PortalError("请选择本轮招聘的岗位", field="vacancy_id")
    return vacancy


def _checked_id_number(data: EntryData) -> str:
    try:
        number, birth, gender = parse_id_number(data.id_number)
    except IdNumberError as error:
        raise PortalError(str(error), field="id_number") from error
    if data.birth_date is not None and data.birth_date != birth:
        raise PortalError(f"出生日期与身份证号（{birth.isoformat()}）不一致", field="birth_date")
    if data.gender and data.gender != gender:
        raise PortalError(f"性别与身份证号（{gender}）不一致", field="gender")
    return number


def applicant_data(entry: PortalEntry, cutoff: date) -> ApplicantData:
    """The 报名表 as the facts the rules read: the highest 学历 (with its 专业 and 学习形式) and 学位 of the
    study entries, the years of the work entries up to the cut-off (overlaps counted once), and the first
    of them as 参加工作时间."""
    data = entry.data or {}
    study = [s for s in data.get("study", []) if s.get("education") or s.get("degree")]
    top = max(study, key=lambda s: education_level(s.get("education")) or -1, default={})
    degree = max((s.get("degree") for s in study if s.get("degree")), key=lambda d: degree_level(d) or -1,
                 default=None)
    spans = sorted(span for span in (_span(w, cutoff) for w in data.get("work", [])) if span)
    return ApplicantData(
        name=entry.name or "", gender=entry.gender, birth_date=entry.birth_date, id_number=entry.id_number,
        phone=data.get("phone") or None, education=top.get("education") or None, degree=degree,
        major=top.get("major") or None, study_mode=top.get("mode") or None, title=data.get("title") or None,
        certificates=list(data.get("certificates") or []), years_experience=_years(spans) if spans else None,
        political_status=data.get("political_status") or None, bianzhi=None,
        work_start=spans[0][0] if spans else None,
    )


def month(text: str | None) -> date | None:
    """'2019-07' → 2019-07-01; anything else None."""
    try:
        year, mon = (text or "").strip().split("-")[:2]
        return date(int(year), int(mon), 1)
    except ValueError:
        return None


def _span(work: dict, cutoff: date) -> tuple[date, date] | None:
    start, end = month(work.get("start")), month(work.get("end"))
    end = min(end or cutoff, cutoff)
    return (start, end) if start and start <= end else None


def _years(spans: list[tuple[date, date]]) -> float:
    months, reach = 0, None
    for start, end in spans:
        if reach is not None and start < reach:
            start = reach
        if end > start:
            months += (end.year - start.year) * 12 + end.month - start.month
        reach = max(reach or end, end)
    return round(months / 12, 2)


def precheck(entry: PortalEntry) -> list[dict]:
    """The rule-by-rule check of the chosen post, as HR's review makes it (advisory: HR decides)."""
    if entry.vacancy is None or not entry.name or entry.gender is None:
        return []
    round_ = entry.round
    data = applicant_data(entry, round_.cutoff_date)
    verdicts, _status = judge(vacancy_rules(entry.vacancy), rule_applicant(data), round_.cutoff_date,
                              entry.vacancy.worker_post, {}, round_basic_rules(round_))
    return verdicts


def missing_for_submission(entry: PortalEntry) -> list[str]:
    """What a submission still needs, in the 报名表's words."""
    missing = [label for label, value in (("应聘岗位", entry.vacancy_id), ("姓名", entry.name), ("性别", entry.gender),
                                          ("出生日期", entry.birth_date), ("身份证号", entry.id_number),
                                          ("联系电话", (entry.data or {}).get("phone"))) if not value]
    if entry.photo is None:
        missing.append("照片")
    return missing


def submit(entry: PortalEntry, *, pledge: bool, now: datetime) -> Application:
    """The 报名表 becomes an Application of the round's one list (or, returned for correction, corrects it)."""
    round_ = lock_round(entry.round)
    opening = _opening(round_)
    if not editable(entry, opening, now):
        raise PortalError(_not_editable(entry, opening, now))
    if not pledge:
        raise PortalError("须阅读并同意诚信承诺", field="pledge")
    missing = missing_for_submission(entry)
    if missing:
        raise PortalError("提交前请填写：" + "、".join(missing))
    data = applicant_data(entry, round_.cutoff_date)
    actor = actor_of(entry.account)
    vacancy = _vacancy(round_, entry.vacancy_id)
    if entry.application is not None:
        edit_applicant(entry.application, data, vacancy.post, actor=actor, by_applicant=True)
        application = entry.application
    else:
        application = add_applicant(round_, data, vacancy.post, actor=actor)
        entry.application = application
    entry.state, entry.submitted_at = EntryState.SUBMITTED.value, now
    audit.record(actor, "portal.submit", f"网上报名提交：{entry.name} → {vacancy.post.path}（报名号 {application.id}）",
                 obj=entry)
    return application


def review_started(entry: PortalEntry) -> bool:
    return entry.state == EntryState.DECIDED or (entry.application is not None and bool(entry.application.decisions))


def withdraw(entry: PortalEntry, *, now: datetime) -> None:
    """改报: the submitted 报名表 leaves the round's list and is a draft again, until HR starts reviewing it."""
    round_ = lock_round(entry.round)
    opening = _opening(round_)
    if entry.state != EntryState.SUBMITTED:
        raise PortalError("只有已提交的报名表可以撤回")
    if review_started(entry):
        raise PortalError("人事已开始审核，不能再撤回")
    if not opening.taking(now):
        raise PortalError("网上报名已截止，不能再撤回")
    application = entry.application
    if application is not None and db.session.scalar(select(ExamSeat.id).where(ExamSeat.application_id == application.id)):
        raise PortalError("已安排考场座位，不能再撤回")  # HR has arranged the exam: the seat and 准考证 stand
    entry.application, entry.state, entry.submitted_at = None, EntryState.DRAFT.value, None
    db.session.flush()
    if application is not None:
        applicant = application.applicant
        path = application.vacancy.post.path
        db.session.delete(application)
        db.session.flush()
        if not applicant.applications:
            db.session.delete(applicant)
        audit.record(actor_of(entry.account), "portal.withdraw",
                     f"网上报名撤回：{entry.name} ← {path}（报名号 {application.id}）", obj=entry)
    db.session.flush()


# ---------------------------------------------------------------- files

def add_file(entry: PortalEntry, kind: str, filename: str | None, data: bytes, *, now: datetime) -> PortalFile:
    """A photo (replacing the one before) or a proof, checked by its content and kept without metadata."""
    if entry.state not in (EntryState.DRAFT, EntryState.RETURNED) or not editable(entry, _opening(entry.round), now):
        raise PortalError("报名表已提交或报名已截止，不能再上传材料")
    if kind != PHOTO and kind not in PROOF_KINDS:
        raise PortalError("请选择材料类别", field="kind")
    config = current_app.config
    old_photo = entry.photo if kind == PHOTO else None
    if old_photo is None and len(entry.files) >= int(config["PORTAL_UPLOAD_MAX_FILES"]):
        raise PortalError(f"每份报名表最多上传 {config['PORTAL_UPLOAD_MAX_FILES']} 个文件", field="file")
    try:
        clean = files.clean_upload(data, max_bytes=int(config["PORTAL_UPLOAD_MAX_BYTES"]), photo=kind == PHOTO)
    except files.UploadError as error:
        raise PortalError(str(error), field="file") from error
    if old_photo is not None:
        remove_file(old_photo)
    stored = PortalFile(entry=entry, kind=kind, stored_name=files.store(clean), media_type=clean.media_type,
                        size=len(clean.data), label=files.display_name(filename))
    db.session.add(stored)
    db.session.flush()
    return stored


def remove_file(stored: PortalFile) -> None:
    entry = stored.entry
    entry.files.remove(stored)
    db.session.delete(stored)
    db.session.flush()
    files.remove(stored.stored_name)


def delete_file(stored: PortalFile, *, now: datetime) -> None:
    entry = stored.entry
    if entry.state not in (EntryState.DRAFT, EntryState.RETURNED) or not editable(entry, _opening(entry.round), now):
        raise PortalError("报名表已提交或报名已截止，不能再删除材料")
    remove_file(stored)


def file_bytes(stored: PortalFile) -> bytes:
    return files.path_of(stored.stored_name).read_bytes()


# ---------------------------------------------------------------- HR

def entry_of_application(application_id: int) -> PortalEntry | None:
    return db.session.scalar(select(PortalEntry).where(PortalEntry.application_id == application_id))


def return_for_correction(entry: PortalEntry, reason: str, *, actor: Actor) -> None:
    """HR sends a submitted 报名表 back with a reason; decisions already made on it are withdrawn, as they
    judged what the applicant is now correcting (the audit log keeps them)."""
    reason = (reason or "").strip()
    if not reason:
        raise PortalError("退回修改必须写明原因", field="reason")
    lock_round(entry.round).require_status(*ENROLLING, doing="退回修改")
    if entry.state != EntryState.SUBMITTED:
        raise PortalError("只有已提交、尚未完成初审的报名表可以退回修改")
    application = entry.application
    dropped = [f"第{d.rule_index + 1}条：{d.status}（{d.reason}）" for d in application.decisions]
    db.session.execute(delete(RuleDecision).where(RuleDecision.application_id == application.id))
    db.session.expire(application, ["decisions"])
    entry.state, entry.return_reason, entry.returned_at = EntryState.RETURNED.value, reason, utcnow()
    audit.record(actor, "portal.return", f"退回报名表修改：{entry.name}（报名号 {application.id}）", obj=application,
                 reason=reason, details={"withdrawn_decisions": dropped} if dropped else None)


def decide_entry(entry: PortalEntry, reason: str, *, actor: Actor) -> str:
    """HR gives the 初审 result the rule-by-rule review reached (every 待审核 decided first); the applicant
    sees it with the reason (required when not eligible)."""
    lock_round(entry.round)
    if entry.state != EntryState.SUBMITTED:
        raise PortalError("只有已提交的报名表可以给出初审结果")
    status = entry.application.status
    if status == ApplicationStatus.NEEDS_REVIEW:
        raise PortalError("还有待审核的条件，请先逐条认定")
    reason = (reason or "").strip()
    if status == ApplicationStatus.NOT_ELIGIBLE and not reason:
        raise PortalError("初审不通过必须写明原因", field="reason")
    entry.state, entry.result, entry.result_reason, entry.decided_at = EntryState.DECIDED.value, status, reason, utcnow()
    audit.record(actor, "portal.decide", f"网上报名初审：{entry.name}（报名号 {entry.application_id}）："
                 f"{'通过' if status == ApplicationStatus.ELIGIBLE else '不通过'}", obj=entry.application, reason=reason)
    return status


def proofs_by_kind(entry: PortalEntry | None) -> dict[str, list[PortalFile]]:
    """The proof beside each rule of the review: by the rule kind it was uploaded for."""
    grouped: dict[str, list[PortalFile]] = {}
    for stored in entry.proofs if entry is not None else []:
        grouped.setdefault(stored.kind, []).append(stored)
    return grouped


# ---------------------------------------------------------------- the applicant's own data

def own_data(account: ApplicantAccount) -> dict:
    """Everything kept about the applicant, as they may download it."""
    return {
        "account": {"email": account.email, "phone": account.phone, "locale": account.locale,
                    "created_at": account.created_at.isoformat(), "confirmed_at": _iso(account.confirmed_at),
                    "consent": {"version": account.consent_version, "given_at": account.consent_at.isoformat()}},
        "applications": [{
            "round": entry.round.name, "post": entry.vacancy.post.path if entry.vacancy else None,
            "state": entry.state, "name": entry.name, "gender": entry.gender, "birth_date": _iso(entry.birth_date),
            "id_number": entry.id_number, **(entry.data or {}), "submitted_at": _iso(entry.submitted_at),
            "return_reason": entry.return_reason, "result": entry.result, "result_reason": entry.result_reason,
            "files": [{"kind": f.kind, "name": f.label, "type": f.media_type, "size": f.size} for f in entry.files],
            # After the round's retention period the photo and proof are deleted (hrflow/portal/retention.py).
            "files_deleted": {"at": entry.files_deleted_at.isoformat(), "reason": "保存期满"}
            if entry.files_deleted_at else None,
            **_exam_data(entry),
        } for entry in account.entries],
    }


def _exam_data(entry: PortalEntry) -> dict:
    """The 准考证 and the scores as the applicant was shown them (nothing before HR released or published)."""
    view = exam_view(entry)
    seat = view.seat if view else None
    return {
        "admission": {"ticket_number": seat.ticket_number, "room": seat.room.number, "seat": seat.seat,
                      "place": seat.room.place, "starts_at": seat.room.starts_at.isoformat(),
                      "ends_at": seat.room.ends_at.isoformat()} if seat else None,
        "scores": asdict(view.scores) if view and view.scores else None,
    }


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None



# ---------------------------------------------------------------- the exam, the scores and the 公示 (docs/portal.md)

@dataclass
class ExamView:
    """What 我的报名 shows of the exam: the seat once the 准考证 are released, the applicant's own scores once
    HR published them (None while not)."""

    seat: ExamSeat | None
    scores: arrangement.ScoreView | None


def admission_seat(entry: PortalEntry) -> ExamSeat | None:
    """The seat of the applicant's 准考证, once HR released them; None before (the 准考证 is not there yet)."""
    if entry.application is None or not arrangement.released(entry.round):
        return None
    return arrangement.seat_of(entry.application)


def exam_view(entry: PortalEntry) -> ExamView | None:
    application = entry.application
    if application is None:
        return None
    seat = admission_seat(entry)
    scores = (arrangement.score_view(application)
              if application.status == ApplicationStatus.ELIGIBLE and arrangement.scores_published(entry.round) else None)
    return ExamView(seat, scores) if seat is not None or scores is not None else None


def public_publicity(round_: RecruitmentRound) -> list[Application] | None:
    """The 拟聘用人员公示 list the round's public page shows while the round is in 公示 (None otherwise): the
    staff 公示 list's query (recruitment.queries.hires), less a late hire whose own 公示 is not yet published."""
    if round_.status != RoundStatus.PUBLICITY:
        return None
    return [a for a in queries.hires(open_vacancies(round_)) if not a.own_publicity or a.publicity_start is not None]
