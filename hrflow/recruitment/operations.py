"""What HR does to a recruitment round: open it on vacant seats, move it along, review applications rule by
rule, decide the 开考比例, record scores, propose hires and appoint them. Every operation takes the acting
user, only flushes, and writes the audit log. (People come in through hrflow/recruitment/applicants.py.)"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from hrflow import audit
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.importers.sheets import read_sheet
from hrflow.json_columns import encoded_now
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
    Vacancy,
    working_days,
)
from hrflow.models.base import chinese, lock_row, utcnow
from hrflow.models.recruitment import ENROLLING, ExamDecision
from hrflow.posts.queries import post_paths
from hrflow.posts.seats import filled_counts
from hrflow.posts.staff import SeatError, appoint, lock_post
from hrflow.recruitment import exam
from hrflow.recruitment.scores import ExamCheck
from hrflow.recruitment.verdicts import BASIC, basic_rules, describe, judge, rule_applicant
from hrflow.rules import Rule, RuleKind, parse_requirements
from hrflow.rules.evaluate import MET, NOT_MET
from hrflow.workdays import Period

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
        raise RecruitmentError("招聘轮次名称不能为空", field="name")
    if db.session.scalar(select(RecruitmentRound).where(RecruitmentRound.name == name)) is not None:
        raise RecruitmentError(f"招聘轮次“{name}”已存在", field="name")
    if all_vacancies:
        posts = [(post, None) for post in recruitable_posts()]
    if not posts:
        raise RecruitmentError("没有可招聘的空缺岗位")
    config = current_app.config
    round_ = RecruitmentRound(
        name=name, kind=RoundKind(kind).value, cutoff_date=cutoff, exam_ratio=config["EXAM_RATIO"],
        written_weight=config["WRITTEN_WEIGHT"], publicity_days=config["RECRUITMENT_PUBLICITY_DAYS"],
        created_by_id=actor.id, medical_check=kind == RoundKind.PUBLIC, inspection_check=kind == RoundKind.PUBLIC,
    )
    db.session.add(round_)
    for post, openings in posts:
        vacancy = _vacancy(post, openings)
        # The round's defaults; each vacancy may change its own (exam.change_exam_settings).
        vacancy.written_weight, vacancy.drop_extremes = round_.written_weight, bool(round_.drop_extremes)
        vacancy.exam_ratio = round_.exam_ratio
        round_.vacancies.append(vacancy)
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
        worker_post=None if version.category is None else version.category == PostCategory.WORKER.value,
    )


def vacancy_rules(vacancy: Vacancy) -> list[Rule]:
    return [Rule.from_dict(r) for r in vacancy.rules]


def round_basic_rules(round_: RecruitmentRound) -> list[Rule]:
    return basic_rules(round_.min_age, round_.retirement_check)


# Rules that rank or inform but never decide eligibility by themselves.
LOOSE_KINDS = (RuleKind.SOFT, RuleKind.PREFERENCE, RuleKind.NO_LIMIT)
# The youngest a round may ask for: 16 is the lowest working age (《劳动法》第十五条); 18 the usual one.
MIN_AGE_RANGE = (16, 35)


def change_basic_conditions(round_: RecruitmentRound, *, min_age: int, retirement_check: bool, reason: str,
                            actor: Actor) -> None:
    """HR changes the round's basic conditions, with a reason (audited); every application is judged again."""
    if not reason or not reason.strip():
        raise RecruitmentError("修改基本条件必须填写原因", field="reason")
    low, high = MIN_AGE_RANGE
    if not low <= min_age <= high:
        raise RecruitmentError(f"最低年龄应为 {low}–{high} 周岁", field="min_age")
    lock_round(round_).require_status(*ENROLLING, doing="修改基本条件")
    before = basic_conditions_text(round_)
    round_.min_age, round_.retirement_check = min_age, retirement_check
    audit.record(actor, "recruitment.basic", f"修改“{round_.name}”的基本条件：{before} → {basic_conditions_text(round_)}",
                 obj=round_, reason=reason.strip())
    review_round(round_)


def basic_conditions_text(round_: RecruitmentRound) -> str:
    return "；".join(rule.text.removesuffix(BASIC) for rule in round_basic_rules(round_)) or "无"


def opening_notes(round_: RecruitmentRound) -> list[str]:
    """What HR should know about the round's posts as it opens: a gender limit (allowed only where the
    post needs it) and a post with no condition of its own (only the basic conditions are checked)."""
    notes = []
    for vacancy in round_.vacancies:
        rules = vacancy_rules(vacancy)
        if any(rule.gender_limit for rule in rules):
            notes.append(f"“{vacancy.post.path}”限定性别：请确认岗位确有需要，并在招聘公告中写明理由。")
        if not any(rule.required and rule.kind not in LOOSE_KINDS for rule in rules):
            notes.append(f"“{vacancy.post.path}”没有硬性资格条件，报名只按基本条件（{basic_conditions_text(round_)}）审查。")
    return notes


def correct_rules(vacancy: Vacancy, rules: list[Rule], *, reason: str, actor: Actor) -> None:
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


def advance_round(round_: RecruitmentRound, to: RoundStatus, *, actor: Actor, publicity_start: date | None = None,
                  unfilled_confirmed: bool = False) -> None:
    """One step on. Into 公示: every vacancy still short of proposed hires is named and HR confirms them
    (`unfilled_confirmed`); they may still be filled later, each late hire with a 公示 of their own."""
    round_.check_transition(to)
    confirmed = None
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
        unfilled = unfilled_vacancies(round_)
        if unfilled and not unfilled_confirmed:
            raise RecruitmentError("以下岗位拟聘用人数不足名额，请确认后再进入公示：" + unfilled_text(unfilled),
                                   field="unfilled_confirmed")
        confirmed = ("拟聘用人数不足名额的岗位已确认：" + unfilled_text(unfilled)) if unfilled else None
        start = publicity_start or unit_today()
        round_.publicity_start = start
        round_.publicity_end = publicity_end(start, round_.publicity_days)
        round_.publicity_published_on = publication_date(start)
    before = round_.status_label
    round_.advance(to)
    audit.record(actor, "recruitment.advance", f"招聘“{round_.name}”：{before} → {chinese(to.label)}", obj=round_,
                 reason=confirmed)


def unfilled_vacancies(round_: RecruitmentRound) -> list[tuple[Vacancy, int]]:
    """Open vacancies with fewer proposed (or appointed) hires than openings, with how many they have."""
    taken = (Outcome.PROPOSED, Outcome.APPOINTED)
    counted = [(v, sum(1 for a in v.applications if a.outcome in taken)) for v in round_.vacancies if not v.cancelled]
    return [(v, n) for v, n in counted if n < v.openings]


def unfilled_text(unfilled: list[tuple[Vacancy, int]]) -> str:
    return "、".join(f"“{v.post.path}”（拟聘用 {n} 人，名额 {v.openings} 个）" for v, n in unfilled)


def publication_date(start: date, today: date | None = None) -> date:
    """The day a 公示 is published: today, or its first day when HR records one that began earlier
    (a notice is never dated after the period it announces began)."""
    return min(start, today or unit_today())


def publicity_period(start: date, days: int) -> Period:
    """A 公示 of `days` working days beginning on `start` (statutory holidays and the unit's own days off do
    not count); `uncovered` names years whose statutory holidays are not known yet."""
    return working_days(start, days)


def publicity_end(start: date, days: int) -> date:
    return publicity_period(start, days).last


# ---------------------------------------------------------------- review

def evaluate_application(application: Application, rules: list[Rule] | None = None) -> str:
    """Check the applicant against the vacancy's rules as of the round's cut-off; store verdicts and status."""
    vacancy = application.vacancy
    rules = vacancy_rules(vacancy) if rules is None else rules
    application.verdicts, application.status = judge(rules, rule_applicant(application.applicant),
                                                     vacancy.round.cutoff_date, vacancy.worker_post,
                                                     application.decision_map(), round_basic_rules(vacancy.round))
    application.evaluated_at = utcnow()
    return application.status


# What the rules read of an applicant (hrflow.rules.Applicant), read as columns of a row.
_APPLICANT_FIELDS = (Applicant.name, Applicant.gender, Applicant.birth_date, Applicant.education, Applicant.degree,
                     Applicant.major, Applicant.study_mode, Applicant.title, Applicant.certificates,
                     Applicant.years_experience, Applicant.political_status, Applicant.bianzhi, Applicant.work_start)


def review_round(round_: RecruitmentRound) -> list[dict]:
    """Evaluate every application (rules parsed once per vacancy) and describe each verdict.

    A round may hold tens of thousands of applications: the applicants and HR's decisions are read as
    plain rows (no ORM objects) and the results written with one bulk UPDATE, each application's verdicts
    encoded as soon as judged."""
    results, updates = [], []
    now = utcnow()
    vacancies = {row.id: row for row in db.session.execute(
        select(Vacancy.id, Vacancy.post_id, Vacancy.rules, Vacancy.worker_post).where(Vacancy.round_id == round_.id))}
    paths = post_paths([v.post_id for v in vacancies.values()])
    rules = {v.id: [Rule.from_dict(r) for r in v.rules] for v in vacancies.values()}
    decisions = _decisions_in(round_)
    basic = round_basic_rules(round_)
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
        verdicts, status = judge(rules[vacancy.id], rule_applicant(row), round_.cutoff_date, vacancy.worker_post,
                                 {d.rule_index: d.status for d in decided}, basic)
        updates.append({"id": row.id, "verdicts": encoded_now(verdicts), "status": status, "evaluated_at": now})
        results.append(describe(row.name, paths[vacancy.post_id], status, verdicts, decided))
    if updates:
        db.session.execute(update(Application).execution_options(synchronize_session=False), updates)
    # The verdicts went to the database as text: applications already loaded read them again when next used.
    for loaded in [obj for obj in db.session.identity_map.values() if isinstance(obj, Application)]:
        db.session.expire(loaded, ["verdicts", "status", "evaluated_at"])
    return results


def _decisions_in(round_: RecruitmentRound) -> dict[int, list]:
    """HR's decisions on the round's applications as rows, by application id, oldest first."""
    in_round = select(Application.id).join(Vacancy, Application.vacancy_id == Vacancy.id).where(
        Vacancy.round_id == round_.id)
    decisions: dict[int, list] = {}
    for decision in db.session.execute(
        select(RuleDecision.application_id, RuleDecision.rule_index, RuleDecision.status, RuleDecision.reason)
        .where(RuleDecision.application_id.in_(in_round)).order_by(RuleDecision.id)
    ):
        decisions.setdefault(decision.application_id, []).append(decision)
    return decisions


def rereview_round(round_: RecruitmentRound, *, actor: Actor) -> dict[str, int]:
    """HR checks every application again (after rules or data changed); returns the count per status.
    Holds the round's lock: an import or decision meanwhile waits, and is then part of what is counted."""
    round_ = lock_round(round_)
    round_.require_status(*ENROLLING, doing="重新审查")
    counts = {status.value: 0 for status in ApplicationStatus}
    for result in review_round(round_):
        counts[result["status"]] += 1
    audit.record(actor, "recruitment.review", f"重新审查“{round_.name}”：{sum(counts.values())} 份报名，"
                 + "，".join(f"{chinese(ApplicationStatus(s).label)} {n}" for s, n in counts.items()), obj=round_)
    return counts


def decide_rule(application: Application, index: int, status: str, reason: str, *, actor: Actor) -> RuleDecision:
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

def exam_check(vacancy: Vacancy) -> ExamCheck:
    qualified = sum(1 for a in vacancy.applications if a.status == ApplicationStatus.ELIGIBLE)
    return ExamCheck(qualified, vacancy.openings, vacancy.exam_ratio)


def decide_exam(vacancy: Vacancy, decision: str, reason: str, *, actor: Actor) -> None:
    """开考比例 not met: reduce openings to floor(qualified ÷ ratio), cancel, or proceed — with a reason."""
    if not reason or not reason.strip():
        raise RecruitmentError("开考比例决定必须填写理由")
    # The ratio is checked against the qualified applicants, known from 资格审查 on.
    vacancy.round.require_status(RoundStatus.REVIEWING, doing="开考比例决定")
    check = exam_check(vacancy)
    if decision == ExamDecision.REDUCE:
        if check.reduced_openings < 1:
            raise RecruitmentError(f"合格人数 {check.qualified} 不足以按 1:{check.ratio} 开考任何名额，只能取消或说明理由后开考")
        vacancy.openings = check.reduced_openings
    elif decision == ExamDecision.CANCEL:
        vacancy.cancelled = True
    elif decision != ExamDecision.PROCEED:
        raise RecruitmentError("决定应为 reduce / cancel / proceed")
    vacancy.exam_decision, vacancy.exam_decision_reason = decision, reason.strip()
    audit.record(actor, "recruitment.exam_ratio", f"“{vacancy.post.path}”开考比例（合格 {check.qualified}，"
                 f"名额 {check.openings}，1:{check.ratio}）：{decision}", obj=vacancy, reason=reason.strip())


def record_scores(application: Application, *, actor: Actor, written: float | None = None,
                  interview: float | None = None, panel_marks: list[float] | None = None) -> None:
    """One application's scores (the command line and tests); the page saves the whole grid at once."""
    try:
        exam.record_score_grid(application.vacancy.round, {application.id: exam.ScoreEntry(written, interview, panel_marks)},
                               actor=actor)
    except exam.ScoreGridError as refused:
        raise RecruitmentError(refused.problems[0].message) from refused


def import_scores(round_: RecruitmentRound, data: bytes, source: str, *, actor: Actor) -> int:
    """The score sheet HR filled in (export.scores_xlsx), by 报名号; all rows or none (the first error named)."""
    rows = read_sheet(data, source, ("报名号", "姓名", "笔试成绩", "面试成绩"), ("应聘岗位",))
    applications = {a.id: a for v in round_.vacancies for a in v.applications}
    entries, where_of = {}, {}
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
        entries[application.id] = exam.ScoreEntry(scores["笔试成绩"], scores["面试成绩"])
        where_of[application.id] = where
    try:
        exam.record_score_grid(round_, entries, actor=actor)
    except exam.ScoreGridError as refused:
        first = refused.problems[0]
        column = "笔试成绩" if first.part == "written" else "面试成绩"
        raise TableImportError(source, first.message, where=where_of.get(first.application_id, ""),
                               field=column) from refused
    return len(rows)


# ---------------------------------------------------------------- hires and appointment

def rank_vacancy(vacancy: Vacancy) -> list[Application]:
    return exam.rank_vacancy(vacancy)


def propose_hires(vacancy: Vacancy, *, actor: Actor) -> list[Application]:
    """The best-ranked candidates who may be proposed (exam.may_be_proposed: below no 合格分数线, the round's
    or the vacancy's), as many as the openings, become proposed hires (拟聘用). During the round's 公示 a
    vacancy still short of hires may be filled: each hire proposed then gets a 公示 of their own."""
    round_ = lock_round(vacancy.round)
    round_.require_status(RoundStatus.EXAMINING, RoundStatus.PUBLICITY, doing="确定拟聘用人员")
    ranked = [a for a in rank_vacancy(vacancy) if a.rank is not None]
    proposed = [a for a in ranked if a.outcome in (Outcome.PROPOSED, Outcome.APPOINTED)]
    added = []
    settings = exam.settings_of(vacancy)
    for application in ranked:
        if len(proposed) >= vacancy.openings:
            break
        if application.outcome == Outcome.NONE and exam.may_be_proposed(application, settings):
            _propose(application)
            proposed.append(application)
            added.append(application)
    audit.record(actor, "recruitment.propose", f"“{vacancy.post.path}”拟聘用："
                 + "、".join(a.applicant.name for a in proposed), obj=vacancy)
    return added if round_.status == RoundStatus.PUBLICITY else proposed


def _propose(application: Application) -> None:
    application.outcome = Outcome.PROPOSED.value
    # Proposed once the round's 公示 has begun: that list is already out, this person needs their own.
    application.own_publicity = application.round.status == RoundStatus.PUBLICITY


def next_in_line(vacancy: Vacancy) -> Application | None:
    """递补: the next in the vacancy's ranking only (never someone further down), and only if that candidate
    may be proposed at all (exam.may_be_proposed: no 合格分数线 of the round or the vacancy above them).
    Withdrawn and ineligible applications are not in the ranking."""
    waiting = [a for a in rank_vacancy(vacancy) if a.rank is not None and a.outcome == Outcome.NONE]
    if waiting and exam.may_be_proposed(waiting[0]):
        return waiting[0]
    return None


def withdraw(application: Application, reason: str, *, actor: Actor) -> Application | None:
    """A proposed hire withdraws or fails inspection/medical; the next in the ranking moves up (递补)."""
    if not reason or not reason.strip():
        raise RecruitmentError("必须填写放弃或不合格的原因", field="reason")
    lock_round(application.vacancy.round).require_status(RoundStatus.EXAMINING, RoundStatus.PUBLICITY,
                                                         doing="登记放弃或不合格")
    if application.outcome == Outcome.APPOINTED:
        raise RecruitmentError("已聘用人员不能放弃")
    was_proposed = application.outcome == Outcome.PROPOSED
    application.outcome, application.outcome_reason = Outcome.WITHDRAWN.value, reason.strip()
    replacement = next_in_line(application.vacancy) if was_proposed else None
    if replacement is not None:
        _propose(replacement)
    audit.record(actor, "recruitment.withdraw", f"{application.applicant.name} 放弃/不合格"
                 + (f"，由 {replacement.applicant.name} 递补" if replacement else ""), obj=application, reason=reason.strip())
    return replacement


def appoint_application(application: Application, *, actor: Actor, on: date | None = None) -> Employee:
    """After publicity, the proposed hire becomes an employee holding a seat — never more than the seats.
    (With a login made at once: hrflow/recruitment/hiring.py.)"""
    on = on or unit_today()
    round_ = application.vacancy.round
    round_.require_status(RoundStatus.PUBLICITY, doing="聘用")
    # Take the post's lock before looking at the outcome: two officers pressing "appoint" on the same
    # person at once must not create two employees; the second sees the first one's result.
    lock_post(application.vacancy.post)
    db.session.refresh(application)
    if application.outcome != Outcome.PROPOSED:
        raise RecruitmentError(f"{application.applicant.name} 不是拟聘用人员")
    _check_ready(application, on)
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


def _check_ready(application: Application, on: date) -> None:
    """体检 and 考察 passed (those the round asks for), and the hire's 公示 over."""
    missing = application.missing_checks()
    if missing:
        raise RecruitmentError(f"{application.applicant.name} 的" + "、".join(chinese(s.label) for s in missing)
                               + "尚未登记为合格，不能聘用")
    if application.own_publicity and application.publicity_end is None:
        raise RecruitmentError(f"{application.applicant.name} 是公示开始后拟聘用的人员，须先发布本人的递补公示")
    if not application.publicity_over(on):
        end = application.publicity_end if application.own_publicity else application.round.publicity_end
        raise RecruitmentError(f"公示期至 {end.isoformat()}，公示结束后才能聘用")


def _new_staff_no(application: Application) -> str:
    """A staff number from the application's id: unique without counting rows, so two appointments to
    different posts at the same moment cannot pick the same number."""
    base = f"R{application.id:06d}"
    candidate, n = base, 1
    while db.session.scalar(select(Employee.id).where(Employee.staff_no == candidate)) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
