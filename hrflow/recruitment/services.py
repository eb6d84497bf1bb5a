"""Recruitment: rounds on vacant seats, applicants, rule-by-rule review, scores, publicity and
appointment. Services take the acting user, only flush, and write the audit log."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import selectinload

from hrflow import audit
from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.importers.sheets import parse_date, read_sheet
from hrflow.models import (
    Actor,
    Applicant,
    Application,
    ApplicationStatus,
    Employee,
    Outcome,
    Post,
    PostCategory,
    RecruitmentError,
    RecruitmentRound,
    RoundKind,
    RoundStatus,
    RuleDecision,
    User,
    Vacancy,
)
from hrflow.models.base import lock_row, utcnow
from hrflow.posts.services import filled_counts, find_post, post_paths
from hrflow.posts.staff import SeatError, appoint, lock_post
from hrflow.recruitment import tally
from hrflow.recruitment.idcard import IdNumberError, parse_id_number
from hrflow.recruitment.scores import Ranked, composite_score, panel_score, rank
from hrflow.rules import Applicant as RuleApplicant
from hrflow.rules import Rule, evaluate, overall_status, parse_requirements
from hrflow.rules.evaluate import MET, NOT_MET
from hrflow.spreadsheets import sheet_bytes
from hrflow.workdays import add_working_days, configured_holidays

SCORE_COLUMNS = ("报名号", "姓名", "应聘岗位", "笔试成绩", "面试成绩")
APPLICANT_COLUMNS = ("姓名", "性别", "出生日期", "学历", "学位", "专业", "学习形式", "职称", "证书", "工作年限", "应聘岗位")
OPTIONAL_APPLICANT_COLUMNS = ("身份证号", "政治面貌", "是否在编", "联系电话")
# Steps that add people or change what they are judged on: only while applications are taken.
ENROLLING = (RoundStatus.DRAFT, RoundStatus.ANNOUNCED, RoundStatus.REVIEWING)

# progress(done, total, key): long work says how far it is (a background job shows it on its page).
Progress = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, key: str) -> None:
    """Work done while the user waits reports nothing."""


# ---------------------------------------------------------------- rounds and vacancies

def get_round(name: str) -> RecruitmentRound:
    found = db.session.scalar(select(RecruitmentRound).where(RecruitmentRound.name == name))
    if found is None:
        raise RecruitmentError(f"找不到招聘轮次“{name}”")
    return found


def lock_round(round_: RecruitmentRound) -> RecruitmentRound:
    """Serialise the work that adds applications to a round or judges them (imports, re-reviews, decisions)
    until the transaction ends, and reload the round: its status may have moved on meanwhile."""
    return lock_row(round_)


def count_applications(round_: RecruitmentRound) -> int:
    return db.session.scalar(select(func.count(Application.id)).join(Vacancy, Application.vacancy_id == Vacancy.id)
                             .where(Vacancy.round_id == round_.id))


def vacant_seats(post: Post) -> int:
    return max(0, post.current.seats - filled_counts().get(post.id, 0))


def recruitable_posts() -> list[Post]:
    """Posts with vacant seats that may be recruited this time (never 此次不聘)."""
    filled = filled_counts()
    posts = db.session.scalars(select(Post).where(Post.current_version_id.is_not(None)).options(
        selectinload(Post.current), selectinload(Post.department))).all()
    return [p for p in posts if p.current.recruitable and p.current.seats > filled.get(p.id, 0)]


def open_round(
    name: str,
    cutoff: date,
    *,
    actor: Actor,
    posts: list[tuple[Post, int | None]] | None = None,
    all_vacancies: bool = False,
    kind: RoundKind = RoundKind.PUBLIC,
) -> RecruitmentRound:
    """Open a round on vacant, recruitable seats. posts: (post, openings or None for all vacant seats)."""
    name = name.strip()
    if not name:
        raise RecruitmentError("招聘轮次名称不能为空")
    if db.session.scalar(select(RecruitmentRound).where(RecruitmentRound.name == name)) is not None:
        raise RecruitmentError(f"招聘轮次“{name}”已存在")
    if all_vacancies:
        posts = [(post, None) for post in recruitable_posts()]
    if not posts:
        raise RecruitmentError("没有可招聘的空缺岗位")
    config = current_app.config
    round_ = RecruitmentRound(
        name=name, kind=RoundKind(kind).value, cutoff_date=cutoff, exam_ratio=config["EXAM_RATIO"],
        written_weight=config["WRITTEN_WEIGHT"], publicity_days=config["RECRUITMENT_PUBLICITY_DAYS"],
        created_by_id=actor.id,
    )
    db.session.add(round_)
    for post, openings in posts:
        round_.vacancies.append(_vacancy(post, openings))
    db.session.flush()
    audit.record(actor, "recruitment.open", f"开启招聘“{name}”：{len(round_.vacancies)} 个岗位，"
                 f"{sum(v.openings for v in round_.vacancies)} 个名额", obj=round_)
    return round_


def _vacancy(post: Post, openings: int | None) -> Vacancy:
    version = post.current
    if not version.recruitable:
        raise RecruitmentError(f"岗位“{post.path}”此次不聘，不能招聘")
    vacant = vacant_seats(post)
    if vacant == 0:
        raise RecruitmentError(f"岗位“{post.path}”没有空缺（设岗 {version.seats} 人已满）")
    openings = vacant if openings is None else openings
    if not 1 <= openings <= vacant:
        raise RecruitmentError(f"岗位“{post.path}”招聘人数应为 1–{vacant}（空缺 {vacant} 个）")
    return Vacancy(
        post=post, post_version=version, openings=openings, requirements=list(version.requirements),
        rules=[r.to_dict() for r in parse_requirements(version.requirements)],
        worker_post=version.category == PostCategory.WORKER.value,
    )


def vacancy_rules(vacancy: Vacancy) -> list[Rule]:
    return [Rule.from_dict(r) for r in vacancy.rules]


def correct_rules(vacancy: Vacancy, rules: list[Rule], *, reason: str, actor: User) -> None:
    """HR corrects the parsed rules of a vacancy; every application is evaluated again."""
    if not reason or not reason.strip():
        raise RecruitmentError("修改资格条件必须填写原因")
    lock_round(vacancy.round).require_status(*ENROLLING, doing="修改资格条件")
    before = vacancy.rules
    vacancy.rules = [r.to_dict() for r in rules]
    vacancy.rules_reason = reason.strip()
    for application in vacancy.applications:
        # Rule indexes change meaning: earlier decisions no longer apply.
        for decision in list(application.decisions):
            db.session.delete(decision)
        application.decisions = []
        evaluate_application(application)
    audit.record(actor, "recruitment.rules", f"修改“{vacancy.post.path}”的资格条件", obj=vacancy, reason=reason.strip(),
                 details={"before": before, "after": vacancy.rules})


def advance_round(round_: RecruitmentRound, to: RoundStatus, *, actor: User, publicity_start: date | None = None) -> None:
    round_.check_transition(to)
    if to == RoundStatus.EXAMINING:
        pending = [a for v in round_.vacancies for a in v.applications if a.status == ApplicationStatus.NEEDS_REVIEW]
        if pending:
            raise RecruitmentError(f"还有 {len(pending)} 份报名待审核，审核完成后才能进入考试阶段")
        undecided = [v for v in round_.vacancies if not v.cancelled and not exam_check(v).ok and not v.exam_decision]
        if undecided:
            raise RecruitmentError("以下岗位未达到开考比例，须先作出决定：" + "、".join(v.post.path for v in undecided))
    if to == RoundStatus.PUBLICITY:
        if not any(a.outcome == Outcome.PROPOSED for v in round_.vacancies for a in v.applications):
            raise RecruitmentError("没有拟聘用人员，不能进入公示")
        start = publicity_start or date.today()
        round_.publicity_start = start
        round_.publicity_end = publicity_end(start, round_.publicity_days)
    before = round_.status_label
    round_.advance(to)
    audit.record(actor, "recruitment.advance", f"招聘“{round_.name}”：{before} → {to.label}", obj=round_)


def publicity_end(start: date, days: int) -> date:
    """The last day of a 公示 of `days` working days beginning on `start` (the unit's holiday list applies)."""
    holidays, workdays = configured_holidays(current_app.config)
    return add_working_days(start, days, holidays, workdays)


# ---------------------------------------------------------------- applicants

@dataclass
class ApplicantData:
    name: str
    gender: str | None = None
    birth_date: date | None = None
    id_number: str | None = None
    phone: str | None = None
    education: str | None = None
    degree: str | None = None
    major: str | None = None
    study_mode: str | None = None
    title: str | None = None
    certificates: list[str] | None = None
    years_experience: int | None = None
    political_status: str | None = None
    bianzhi: bool | None = None


def add_applicant(round_: RecruitmentRound, data: ApplicantData, post: Post, *, actor: Actor) -> Application:
    lock_round(round_).require_status(*ENROLLING, doing="登记报名")
    vacancy = _vacancy_for(round_, post)
    _check_person(data)
    _check_duplicate(round_, data)
    applicant = Applicant(round_id=round_.id, **{**data.__dict__, "certificates": data.certificates or []})
    db.session.add(applicant)
    application = Application(applicant=applicant, vacancy=vacancy)
    db.session.add(application)
    db.session.flush()
    evaluate_application(application)
    audit.record(actor, "recruitment.applicant", f"登记报名：{data.name} → {post.path}", obj=application)
    return application


def _vacancy_for(round_: RecruitmentRound, post: Post) -> Vacancy:
    vacancy = next((v for v in round_.vacancies if v.post_id == post.id), None)
    _check_open(vacancy, post.path, round_.name)
    return vacancy


def _check_open(vacancy, path: str, round_name: str) -> None:
    """The post is recruited in this round (vacancy: a Vacancy or a row with its `cancelled`)."""
    if vacancy is None:
        raise RecruitmentError(f"岗位“{path}”不在招聘“{round_name}”中")
    if vacancy.cancelled:
        raise RecruitmentError(f"岗位“{path}”已取消招聘")


def _check_person(data: ApplicantData) -> None:
    if not data.name or not data.name.strip():
        raise RecruitmentError("姓名不能为空")
    if data.gender not in ("男", "女"):
        raise RecruitmentError("性别应为“男”或“女”")
    if data.id_number:
        try:
            number, birth, gender = parse_id_number(data.id_number)
        except IdNumberError as error:
            raise RecruitmentError(str(error)) from error
        if data.birth_date and data.birth_date != birth:
            raise RecruitmentError(f"出生日期 {data.birth_date.isoformat()} 与身份证号（{birth.isoformat()}）不一致")
        if data.gender != gender:
            raise RecruitmentError(f"性别“{data.gender}”与身份证号（{gender}）不一致")
        data.id_number, data.birth_date = number, birth
    if data.birth_date is None:
        raise RecruitmentError("出生日期不能为空")


def _check_duplicate(round_: RecruitmentRound, data: ApplicantData, seen: dict | None = None) -> None:
    query = select(Applicant).where(Applicant.round_id == round_.id)
    if data.id_number:
        twin = db.session.scalar(query.where(Applicant.id_number == data.id_number))
    else:
        twin = db.session.scalar(query.where(Applicant.name == data.name, Applicant.birth_date == data.birth_date))
    if twin is not None:
        raise RecruitmentError(f"{data.name} 已在本轮报名（重复报名）")


def import_applicants(round_: RecruitmentRound, data: bytes, source: str, *, actor: Actor,
                      progress: Progress = _no_progress) -> int:
    """All rows or none; errors name the row (header = row 1) and the column.

    Every row is read and checked first; then, holding the round's lock, all are written with their
    review. Progress is reported only before anything is written (a background job's progress commits)."""
    round_.require_status(*ENROLLING, doing="导入报名")
    progress(0, 1, "reading_sheet")
    rows = read_sheet(data, source, APPLICANT_COLUMNS, OPTIONAL_APPLICANT_COLUMNS)
    if not rows:
        raise TableImportError(source, "没有任何报名人员")
    steps = 2 * len(rows)  # checking, then writing, about as long as each other
    checked = _checked_rows(round_, rows, source, lambda done: progress(done, steps, "checking_rows"))
    progress(len(rows), steps, "writing_applicants")
    _write_applicants(round_, checked, source, actor=actor)
    return len(rows)


@dataclass
class _CheckedRow:
    where: str  # the row as the sheet numbers it, for errors
    person: ApplicantData
    vacancy_id: int
    path: str  # the post applied for, as the audit log names it


class _Roll:
    """The people of a round so far, to catch a second registration: the same ID number, or — for a person
    given without one — the same name and birth date (as _check_duplicate). Each maps to its sheet row,
    None for people registered before this sheet."""

    def __init__(self) -> None:
        self.by_id: dict[str, str | None] = {}
        self.by_name: dict[tuple[str, date | None], str | None] = {}

    def add(self, person: ApplicantData | Applicant, where: str | None = None) -> None:
        if person.id_number:
            self.by_id.setdefault(person.id_number, where)
        self.by_name.setdefault((person.name, person.birth_date), where)

    def __contains__(self, person: ApplicantData) -> bool:
        return (person.id_number in self.by_id) if person.id_number else ((person.name, person.birth_date) in self.by_name)

    def row_of(self, person: ApplicantData) -> str | None:
        return self.by_id.get(person.id_number) if person.id_number else self.by_name.get((person.name, person.birth_date))


def _checked_rows(round_: RecruitmentRound, rows: list, source: str, progress: Callable[[int], None]) -> list[_CheckedRow]:
    """Each row as a person and the vacancy applied for, or the first error; reads, never writes."""
    round_name = round_.name  # progress may commit, which expires the round
    vacancies = {v.post_id: v for v in db.session.execute(
        select(Vacancy.id, Vacancy.post_id, Vacancy.cancelled).where(Vacancy.round_id == round_.id))}
    posts: dict[str, tuple[int, str] | None] = {}
    sheet_roll = _Roll()
    checked = []
    for done, row in enumerate(rows, start=1):
        where = row.where()
        person = _applicant_from_row(row, source, where)
        wanted = row.text("应聘岗位")
        if wanted not in posts:
            post = find_post(wanted)
            posts[wanted] = (post.id, post.path) if post else None
        if posts[wanted] is None:
            raise TableImportError(source, f"找不到岗位“{wanted}”", where=where, field="应聘岗位")
        post_id, path = posts[wanted]
        try:
            _check_open(vacancies.get(post_id), path, round_name)
            _check_person(person)
        except RecruitmentError as error:
            raise TableImportError(source, str(error), where=where, field=_field_of(str(error))) from error
        if person in sheet_roll:
            raise TableImportError(source, f"{person.name} 与{sheet_roll.row_of(person)}重复", where=where, field="姓名")
        sheet_roll.add(person, where)
        checked.append(_CheckedRow(where, person, vacancies[post_id].id, path))
        if done % 500 == 0:
            progress(done)
    return checked


def _write_applicants(round_: RecruitmentRound, checked: list[_CheckedRow], source: str, *, actor: Actor) -> None:
    """The checked rows become applicants with their applications, reviewed, in a few statements."""
    round_ = lock_round(round_)
    round_.require_status(*ENROLLING, doing="导入报名")
    # Checked against the round as it is now that it is locked: someone may have registered them meanwhile.
    registered = _roll_of(round_)
    twin = next((row for row in checked if row.person in registered), None)
    if twin is not None:
        raise TableImportError(source, f"{twin.person.name} 已在本轮报名（重复报名）", where=twin.where, field="姓名")
    applicant_ids = db.session.scalars(
        _insert_returning_ids(Applicant),
        [{**row.person.__dict__, "certificates": row.person.certificates or [], "round_id": round_.id}
         for row in checked],
    ).all()
    judged = {v.id: (vacancy_rules(v), v.worker_post) for v in round_.vacancies}
    now = utcnow()
    applications = []
    for applicant_id, row in zip(applicant_ids, checked, strict=True):
        rules, worker_post = judged[row.vacancy_id]
        verdicts, status = _judge(rules, _rule_applicant(row.person), round_.cutoff_date, worker_post, {})
        applications.append({"applicant_id": applicant_id, "vacancy_id": row.vacancy_id, "verdicts": verdicts,
                             "status": status, "evaluated_at": now})
    application_ids = db.session.scalars(_insert_returning_ids(Application), applications).all()
    tally.touch(db.session, {row.vacancy_id for row in checked})
    audit.record_many(actor, "recruitment.applicant", "Application",
                      [(i, f"登记报名：{row.person.name} → {row.path}") for i, row in zip(application_ids, checked, strict=True)])
    for vacancy in round_.vacancies:
        db.session.expire(vacancy, ["applications"])  # written past the session


def _insert_returning_ids(model):
    """One INSERT of many rows giving back their ids in row order. NULLs are written out: left out, each
    pattern of empty fields would make a statement of its own."""
    return (insert(model).returning(model.id, sort_by_parameter_order=True)
            .execution_options(render_nulls=True))


def _roll_of(round_: RecruitmentRound) -> _Roll:
    roll = _Roll()
    for person in db.session.execute(select(Applicant.id_number, Applicant.name, Applicant.birth_date)
                                     .where(Applicant.round_id == round_.id)):
        roll.add(person)
    return roll


def _field_of(message: str) -> str:
    for column in ("身份证号", "出生日期", "性别", "姓名"):
        if column in message:
            return column
    return "应聘岗位"


def _applicant_from_row(row, source: str, where: str) -> ApplicantData:
    years_text = row.text("工作年限")
    years = None
    if years_text:
        match = re.fullmatch(r"(\d+)\s*年?", years_text)
        if not match:
            raise TableImportError(source, f"“{years_text}”不是整数年数", where=where, field="工作年限")
        years = int(match.group(1))
    gender = row.text("性别")
    if gender not in ("男", "女"):
        raise TableImportError(source, f"“{gender}”应为“男”或“女”", where=where, field="性别")
    if not row.text("姓名"):
        raise TableImportError(source, "不能为空", where=where, field="姓名")
    bianzhi_text = row.text("是否在编")
    return ApplicantData(
        name=row.text("姓名"),
        gender=gender,
        birth_date=parse_date(row.values.get("出生日期", ""), source, where, "出生日期",
                              required=not row.text("身份证号")),
        id_number=row.text("身份证号") or None,
        phone=row.text("联系电话") or None,
        education=row.text("学历") or None,
        degree=row.text("学位") or None,
        major=row.text("专业") or None,
        study_mode=row.text("学习形式") or None,
        title=row.text("职称") or None,
        certificates=[c for c in re.split(r"[、，,；;\s]+", row.text("证书")) if c],
        years_experience=years,
        political_status=row.text("政治面貌") or None,
        bianzhi={"是": True, "在编": True, "否": False, "不在编": False}.get(bianzhi_text) if bianzhi_text else None,
    )


# ---------------------------------------------------------------- review

def _rule_applicant(applicant: Applicant | ApplicantData) -> RuleApplicant:
    return RuleApplicant(
        name=applicant.name, gender=applicant.gender, birth_date=applicant.birth_date, education=applicant.education,
        degree=applicant.degree, major=applicant.major, study_mode=applicant.study_mode, title=applicant.title,
        certificates=list(applicant.certificates or []), years_experience=applicant.years_experience,
        political_status=applicant.political_status, bianzhi=applicant.bianzhi,
    )


def _judge(rules: list[Rule], person: RuleApplicant, cutoff: date, worker_post: bool,
           decided: dict[int, str]) -> tuple[list[dict], str]:
    """The verdict on each rule and the resulting status, HR's decisions (rule index → status) counted."""
    verdicts = evaluate(rules, person, cutoff, worker_post=worker_post)
    return [v.to_dict() for v in verdicts], overall_status(verdicts, decided)


def _evaluation(application: Application, rules: list[Rule], vacancy: Vacancy, cutoff: date) -> tuple[list[dict], str]:
    return _judge(rules, _rule_applicant(application.applicant), cutoff, vacancy.worker_post, application.decision_map())


def evaluate_application(application: Application, rules: list[Rule] | None = None) -> str:
    """Check the applicant against the vacancy's rules as of the round's cut-off; store verdicts and status."""
    vacancy = application.vacancy
    rules = vacancy_rules(vacancy) if rules is None else rules
    application.verdicts, application.status = _evaluation(application, rules, vacancy, vacancy.round.cutoff_date)
    application.evaluated_at = utcnow()
    return application.status


def review_round(round_: RecruitmentRound) -> list[dict]:
    """Evaluate every application (rules parsed once per vacancy) and describe each verdict.

    A round may hold tens of thousands of applications: the applicants and HR's decisions are read as
    plain rows (no ORM objects) and the results written with one bulk UPDATE."""
    results, updates = [], []
    now = utcnow()
    vacancies = {row.id: row for row in db.session.execute(
        select(Vacancy.id, Vacancy.post_id, Vacancy.rules, Vacancy.worker_post).where(Vacancy.round_id == round_.id))}
    paths = post_paths([v.post_id for v in vacancies.values()])
    rules = {v.id: [Rule.from_dict(r) for r in v.rules] for v in vacancies.values()}
    in_round = select(Application.id).join(Vacancy, Application.vacancy_id == Vacancy.id).where(
        Vacancy.round_id == round_.id)
    decisions: dict[int, list] = {}
    for decision in db.session.execute(
        select(RuleDecision.application_id, RuleDecision.rule_index, RuleDecision.status, RuleDecision.reason)
        .where(RuleDecision.application_id.in_(in_round)).order_by(RuleDecision.id)
    ):
        decisions.setdefault(decision.application_id, []).append(decision)
    rows = db.session.execute(
        select(Application.id, Application.vacancy_id, *_APPLICANT_FIELDS)
        .join(Applicant, Application.applicant_id == Applicant.id)
        .join(Vacancy, Application.vacancy_id == Vacancy.id)
        .where(Vacancy.round_id == round_.id)
        .order_by(Application.vacancy_id, Application.id)
    )
    for row in rows:
        vacancy = vacancies[row.vacancy_id]
        decided = decisions.get(row.id, [])
        person = RuleApplicant(**{f.key: getattr(row, f.key) for f in _APPLICANT_FIELDS})
        person.certificates = list(person.certificates or [])
        verdicts, status = _judge(rules[vacancy.id], person, round_.cutoff_date, vacancy.worker_post,
                                  {d.rule_index: d.status for d in decided})
        updates.append({"id": row.id, "verdicts": verdicts, "status": status, "evaluated_at": now})
        results.append(_describe(row.name, paths[vacancy.post_id], status, verdicts, decided))
    if updates:
        # By primary key, the bulk UPDATE also sets the new values on applications already in the session.
        db.session.execute(update(Application), updates)
        tally.touch(db.session, vacancies)
    return results


# What the rules read of an applicant (hrflow.rules.Applicant), read as columns of a row.
_APPLICANT_FIELDS = (Applicant.name, Applicant.gender, Applicant.birth_date, Applicant.education, Applicant.degree,
                     Applicant.major, Applicant.study_mode, Applicant.title, Applicant.certificates,
                     Applicant.years_experience, Applicant.political_status, Applicant.bianzhi)


def rereview_round(round_: RecruitmentRound, *, actor: Actor) -> dict[str, int]:
    """HR checks every application again (after rules or data changed); returns the count per status.
    Holds the round's lock: an import or decision meanwhile waits, and is then part of what is counted."""
    round_ = lock_round(round_)
    round_.require_status(*ENROLLING, doing="重新审查")
    counts = {status.value: 0 for status in ApplicationStatus}
    for result in review_round(round_):
        counts[result["status"]] += 1
    audit.record(actor, "recruitment.review", f"重新审查“{round_.name}”：{sum(counts.values())} 份报名，"
                 + "，".join(f"{ApplicationStatus(s).label} {n}" for s, n in counts.items()), obj=round_)
    return counts


def describe_application(application: Application, path: str | None = None) -> dict:
    return _describe(application.applicant.name, path or application.vacancy.post.path, application.status,
                     application.verdicts, application.decisions)


def _describe(name: str, path: str, status: str, verdicts: list[dict], decision_list) -> dict:
    decisions = {d.rule_index: d for d in decision_list}
    rules = []
    for index, verdict in enumerate(verdicts):
        entry = {"text": verdict["text"], "verdict": verdict["verdict"], "evidence": verdict["evidence"],
                 "required": verdict.get("required", True)}  # 优先 and obsolete items never decide
        if index in decisions:
            decision = decisions[index]
            entry.update(verdict=decision.status, evidence=f"{verdict['evidence']}；人事认定：{decision.reason}")
        rules.append(entry)
    return {"applicant": name, "post": path, "status": status, "rules": rules}


def decide_rule(application: Application, index: int, status: str, reason: str, *, actor: User) -> RuleDecision:
    """HR decides a needs-review rule, or overrides any verdict — always with a written reason."""
    if status not in (MET, NOT_MET):
        raise RecruitmentError("认定结果应为“符合”或“不符合”")
    if not reason or not reason.strip():
        raise RecruitmentError("人工认定必须填写理由")
    if not 0 <= index < len(application.verdicts):
        raise RecruitmentError("没有这一条资格条件")
    lock_round(application.vacancy.round).require_status(*ENROLLING, doing="资格认定")
    verdict = application.verdicts[index]
    for old in [d for d in application.decisions if d.rule_index == index]:
        application.decisions.remove(old)
        db.session.delete(old)
    decision = RuleDecision(application=application, rule_index=index, status=status, reason=reason.strip(),
                            decided_by_id=actor.id)
    db.session.add(decision)
    db.session.flush()
    before = application.status
    evaluate_application(application)
    kind = "认定" if verdict["verdict"] == "needs_review" else "改判"
    audit.record(actor, "recruitment.decide", f"{kind} {application.applicant.name}“{verdict['text']}”："
                 f"{verdict['verdict']} → {status}（{before} → {application.status}）", obj=application,
                 reason=reason.strip())
    return decision


# ---------------------------------------------------------------- exam and scores

@dataclass
class ExamCheck:
    qualified: int
    openings: int
    ratio: int

    @property
    def ok(self) -> bool:
        return self.qualified >= self.ratio * self.openings

    @property
    def reduced_openings(self) -> int:
        return self.qualified // self.ratio


def exam_check(vacancy: Vacancy) -> ExamCheck:
    qualified = sum(1 for a in vacancy.applications if a.status == ApplicationStatus.ELIGIBLE)
    return ExamCheck(qualified, vacancy.openings, vacancy.round.exam_ratio)


def decide_exam(vacancy: Vacancy, decision: str, reason: str, *, actor: User) -> None:
    """开考比例 not met: reduce openings to floor(qualified ÷ ratio), cancel, or proceed — with a reason."""
    if not reason or not reason.strip():
        raise RecruitmentError("开考比例决定必须填写理由")
    # The ratio is checked against the qualified applicants, known from 资格审查 on.
    vacancy.round.require_status(RoundStatus.REVIEWING, doing="开考比例决定")
    check = exam_check(vacancy)
    if decision == "reduce":
        if check.reduced_openings < 1:
            raise RecruitmentError(f"合格人数 {check.qualified} 不足以按 1:{check.ratio} 开考任何名额，只能取消或说明理由后开考")
        vacancy.openings = check.reduced_openings
    elif decision == "cancel":
        vacancy.cancelled = True
    elif decision != "proceed":
        raise RecruitmentError("决定应为 reduce / cancel / proceed")
    vacancy.exam_decision, vacancy.exam_decision_reason = decision, reason.strip()
    audit.record(actor, "recruitment.exam_ratio", f"“{vacancy.post.path}”开考比例（合格 {check.qualified}，"
                 f"名额 {check.openings}，1:{check.ratio}）：{decision}", obj=vacancy, reason=reason.strip())


def _check_score(value: float | None, label: str) -> None:
    if value is not None and not 0 <= value <= 100:
        raise RecruitmentError(f"{label}应在 0–100 之间（{value}）")


def record_scores(application: Application, *, actor: Actor, written: float | None = None,
                  interview: float | None = None, panel_marks: list[float] | None = None) -> None:
    round_ = application.vacancy.round
    round_.require_status(RoundStatus.EXAMINING, doing="录入成绩")
    if application.status != ApplicationStatus.ELIGIBLE:
        raise RecruitmentError(f"{application.applicant.name} 未通过资格审查，不能录入成绩")
    if panel_marks:
        for mark in panel_marks:
            _check_score(mark, "评委打分")
        interview = panel_score(panel_marks, round_.drop_extremes)
    _check_score(written, "笔试成绩")
    _check_score(interview, "面试成绩")
    application.written_score, application.interview_score = written, interview
    application.panel_marks = list(panel_marks) if panel_marks else None
    application.composite = composite_score(written, interview, round_.written_weight)
    rank_vacancy(application.vacancy)
    audit.record(actor, "recruitment.score", f"录入成绩：{application.applicant.name} 笔试 {written} 面试 {interview}",
                 obj=application)


def rank_vacancy(vacancy: Vacancy) -> list[Application]:
    active = [a for a in vacancy.applications if a.status == ApplicationStatus.ELIGIBLE and a.outcome != Outcome.WITHDRAWN]
    ranks = dict(rank([Ranked(a.id, a.composite, a.interview_score, a.written_score) for a in active]))
    for application in vacancy.applications:
        application.rank = ranks.get(application.id)
    return sorted(active, key=lambda a: (a.rank is None, a.rank or 0, a.id))


def propose_hires(vacancy: Vacancy, *, actor: User) -> list[Application]:
    """The best-ranked candidates, as many as the openings, become proposed hires (拟聘用)."""
    vacancy.round.require_status(RoundStatus.EXAMINING, doing="确定拟聘用人员")
    ranked = [a for a in rank_vacancy(vacancy) if a.rank is not None]
    proposed = [a for a in ranked if a.outcome == Outcome.PROPOSED]
    for application in ranked:
        if len(proposed) >= vacancy.openings:
            break
        if application.outcome == Outcome.NONE:
            application.outcome = Outcome.PROPOSED.value
            proposed.append(application)
    audit.record(actor, "recruitment.propose", f"“{vacancy.post.path}”拟聘用："
                 + "、".join(a.applicant.name for a in proposed), obj=vacancy)
    return proposed


def withdraw(application: Application, reason: str, *, actor: User) -> Application | None:
    """A proposed hire withdraws or fails inspection/medical; the next in the ranking moves up (递补)."""
    if not reason or not reason.strip():
        raise RecruitmentError("必须填写放弃或不合格的原因")
    if application.outcome == Outcome.APPOINTED:
        raise RecruitmentError("已聘用人员不能放弃")
    was_proposed = application.outcome == Outcome.PROPOSED
    application.outcome, application.outcome_reason = Outcome.WITHDRAWN.value, reason.strip()
    replacement = None
    if was_proposed:
        candidates = [a for a in rank_vacancy(application.vacancy) if a.rank is not None and a.outcome == Outcome.NONE]
        if candidates:
            replacement = candidates[0]
            replacement.outcome = Outcome.PROPOSED.value
    audit.record(actor, "recruitment.withdraw", f"{application.applicant.name} 放弃/不合格"
                 + (f"，由 {replacement.applicant.name} 递补" if replacement else ""), obj=application, reason=reason.strip())
    return replacement


def export_scores_xlsx(round_: RecruitmentRound) -> bytes:
    """The score sheet HR fills in and imports back (import_scores reads it by 报名号)."""
    rows = ([application.id, application.applicant.name, vacancy.post.path, application.written_score,
             application.interview_score]
            for vacancy in round_.vacancies for application in vacancy.applications
            if application.status == ApplicationStatus.ELIGIBLE)
    return sheet_bytes("成绩", SCORE_COLUMNS, rows, widths=(10, 12, 30, 12, 12))


def import_scores(round_: RecruitmentRound, data: bytes, source: str, *, actor: Actor) -> int:
    rows = read_sheet(data, source, ("报名号", "姓名", "笔试成绩", "面试成绩"), ("应聘岗位",))
    applications = {a.id: a for v in round_.vacancies for a in v.applications}
    for row in rows:
        where = row.where()
        try:
            application = applications[int(row.text("报名号"))]
        except (KeyError, ValueError) as error:
            raise TableImportError(source, f"报名号“{row.text('报名号')}”不在本轮", where=where, field="报名号") from error
        if application.applicant.name != row.text("姓名"):
            raise TableImportError(source, f"姓名与报名号不符（应为 {application.applicant.name}）", where=where, field="姓名")
        scores = {}
        for column in ("笔试成绩", "面试成绩"):
            text = row.text(column)
            try:
                scores[column] = float(text) if text else None
            except ValueError as error:
                raise TableImportError(source, f"“{text}”不是数字", where=where, field=column) from error
        try:
            record_scores(application, actor=actor, written=scores["笔试成绩"], interview=scores["面试成绩"])
        except RecruitmentError as error:
            field = "笔试成绩" if "笔试" in str(error) else "面试成绩"
            raise TableImportError(source, str(error), where=where, field=field) from error
    return len(rows)


# ---------------------------------------------------------------- appointment

def appoint_application(application: Application, *, actor: User, on: date | None = None) -> Employee:
    """After publicity, the proposed hire becomes an employee holding a seat — never more than the seats."""
    on = on or date.today()
    round_ = application.vacancy.round
    round_.require_status(RoundStatus.PUBLICITY, doing="聘用")
    if not round_.publicity_over(on):
        raise RecruitmentError(f"公示期至 {round_.publicity_end.isoformat()}，公示结束后才能聘用")
    # Take the post's lock before looking at the outcome: two officers pressing "appoint" on the same
    # person at once must not create two employees; the second sees the first one's result.
    lock_post(application.vacancy.post)
    db.session.refresh(application)
    if application.outcome != Outcome.PROPOSED:
        raise RecruitmentError(f"{application.applicant.name} 不是拟聘用人员")
    person = application.applicant
    employee = Employee(staff_no=_new_staff_no(application), name=person.name, gender=person.gender, birth_date=person.birth_date,
                        hired_on=on, education=person.education, political_status=person.political_status)
    db.session.add(employee)
    db.session.flush()
    try:
        appointment = appoint(employee, application.vacancy.post, start_date=on, name_incumbent=False)
    except SeatError as error:
        raise RecruitmentError(str(error)) from error
    application.outcome = Outcome.APPOINTED.value
    application.appointment_id = appointment.id
    audit.record(actor, "recruitment.appoint", f"聘用 {person.name} 到 {application.vacancy.post.path}", obj=application)
    return employee


def _new_staff_no(application: Application) -> str:
    """A staff number from the application's id: unique without counting rows, so two appointments to
    different posts at the same moment cannot pick the same number."""
    base = f"R{application.id:06d}"
    candidate, n = base, 1
    while db.session.scalar(select(Employee.id).where(Employee.staff_no == candidate)) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
