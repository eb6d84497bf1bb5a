"""The examination of a round: each vacancy's exam settings, the score grid HR saves in one go, 加分, and the
composite scores and ranking they give. Every operation takes the acting user, only flushes, and writes the
audit log; the arithmetic is hrflow/recruitment/scores.py's (exact decimals, rounded half up)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hrflow import audit
from hrflow.extensions import db
from hrflow.models import (
    Actor,
    Application,
    ApplicationBonus,
    ApplicationStatus,
    BonusType,
    Outcome,
    RecruitmentError,
    RecruitmentRound,
    RoundStatus,
    Vacancy,
)
from hrflow.models.base import lock_row
from hrflow.models.recruitment import ENROLLING
from hrflow.recruitment.scores import (
    FULL_MARKS,
    TIE_KEYS,
    ExamSettings,
    Ranked,
    composite_score,
    exact,
    failed_part,
    panel_score,
    places,
    rank,
    shortlist,
)

PART_LABELS = {"written": "笔试成绩", "interview": "面试成绩"}
TIE_KEY_LABELS = {"interview": "面试成绩", "written": "笔试成绩", "bonus": "加分"}
# The tie-break orders a vacancy may choose; "" leaves equal candidates on one rank for HR to decide.
TIE_BREAKS = ("interview,written", "written,interview", "interview,written,bonus", "bonus,interview,written", "")
SHORTLIST_RANGE = (1, 10)
EXAM_RATIO_RANGE = (1, 10)  # 开考比例 1:N (1:3 is usual; some posts ask 1:2 or 1:5)
MAX_BONUS = 20  # no 加分 type of any province gives more


def tie_break_text(value: str) -> str:
    keys = [key for key in value.split(",") if key]
    return "→".join(TIE_KEY_LABELS[key] for key in keys) + ("，仍相同的由人事研究决定" if keys else "人事研究决定")


# ---------------------------------------------------------------- settings of a vacancy


def settings_of(vacancy: Vacancy) -> ExamSettings:
    return ExamSettings(
        written_weight=exact(vacancy.written_weight), written_full=vacancy.written_full,
        interview_full=vacancy.interview_full, written_pass=exact(vacancy.written_pass),
        interview_pass=exact(vacancy.interview_pass), shortlist_ratio=vacancy.shortlist_ratio,
        tie_break=tuple(key for key in (vacancy.tie_break or "").split(",") if key in TIE_KEYS),
        drop_extremes=vacancy.drop_extremes)


def settings_text(vacancy: Vacancy) -> str:
    """The settings in one line, as the audit log and the score sheet write them."""
    s = settings_of(vacancy)
    parts = [f"开考比例 1:{vacancy.exam_ratio}",
             f"笔试 {s.written_full} 分制 × {s.written_weight:g}" if s.has_written else "不设笔试",
             f"面试 {s.interview_full} 分制 × {1 - s.written_weight:g}" if s.has_interview else "不设面试"]
    for part in ("written", "interview"):
        if s.pass_mark(part) is not None:
            parts.append(f"{PART_LABELS[part].removesuffix('成绩')}合格线 {s.pass_mark(part):g}")
    if s.shortlist_ratio:
        parts.append(f"按笔试成绩 1:{s.shortlist_ratio} 进入面试")
    parts.append("同分比较：" + tie_break_text(vacancy.tie_break or ""))
    parts.append("评委打分去掉最高分和最低分" if s.drop_extremes else "评委打分取平均")
    return "；".join(parts)


def has_scores(vacancy: Vacancy) -> bool:
    return any(a.written_score is not None or a.interview_score is not None for a in vacancy.applications)


@dataclass
class SettingsChange:
    exam_ratio: int
    written_weight: float
    written_full: int
    interview_full: int
    written_pass: float | None
    interview_pass: float | None
    shortlist_ratio: int | None
    tie_break: str
    drop_extremes: bool


def _check_settings(change: SettingsChange) -> None:
    low, high = EXAM_RATIO_RANGE
    if not isinstance(change.exam_ratio, int) or not low <= change.exam_ratio <= high:
        raise RecruitmentError(f"开考比例应为 1:{low}–1:{high}", field="exam_ratio")
    weight = exact(change.written_weight)
    if weight is None or not 0 <= weight <= 1 or places(weight) > 2:
        raise RecruitmentError("笔试权重应为 0–1 之间、最多两位小数（1：只考笔试，0：只考面试）", field="written_weight")
    for part in ("written", "interview"):
        full = getattr(change, f"{part}_full")
        if full not in FULL_MARKS:
            raise RecruitmentError(f"{PART_LABELS[part]}满分应为 " + "、".join(map(str, FULL_MARKS)),
                                   field=f"{part}_full")
        line = exact(getattr(change, f"{part}_pass"))
        if line is not None and not (0 <= line <= full and places(line) <= 2):
            raise RecruitmentError(f"{PART_LABELS[part].removesuffix('成绩')}合格分数线应在 0–{full} 之间、最多两位小数",
                                   field=f"{part}_pass")
    low, high = SHORTLIST_RANGE
    if change.shortlist_ratio is not None and not low <= change.shortlist_ratio <= high:
        raise RecruitmentError(f"面试入围比例应为 1:{low}–1:{high}", field="shortlist_ratio")
    if change.shortlist_ratio and not 0 < weight < 1:
        raise RecruitmentError("面试入围比例只用于既有笔试又有面试的岗位", field="shortlist_ratio")
    if change.tie_break not in TIE_BREAKS:
        raise RecruitmentError("没有这种同分比较顺序", field="tie_break")


def change_exam_settings(vacancy: Vacancy, change: SettingsChange, *, reason: str, actor: Actor) -> None:
    """HR sets how a vacancy's exam is marked, with a reason (audited, before and after). Only until its
    first score is entered: the 招聘公告 announces the settings before the exam, and changing them
    afterwards would change who is hired."""
    if not reason or not reason.strip():
        raise RecruitmentError("修改考试设置必须填写原因", field="reason")
    lock_row(vacancy.round).require_status(*ENROLLING, RoundStatus.EXAMINING, doing="修改考试设置")
    if has_scores(vacancy):
        raise RecruitmentError(f"“{vacancy.post.path}”已录入成绩，考试设置不能再修改")
    _check_settings(change)
    if change.exam_ratio != vacancy.exam_ratio and (vacancy.exam_decision or vacancy.round.status == RoundStatus.EXAMINING):
        # The ratio was checked on the way into the exam (or HR decided on it): changing it now rewrites that.
        raise RecruitmentError(f"“{vacancy.post.path}”已按开考比例 1:{vacancy.exam_ratio} 核对过，不能再修改开考比例",
                               field="exam_ratio")
    before = settings_text(vacancy)
    for name, value in vars(change).items():
        setattr(vacancy, name, value)
    vacancy.settings_reason = reason.strip()
    audit.record(actor, "recruitment.exam_settings", f"修改“{vacancy.post.path}”的考试设置：{settings_text(vacancy)}",
                 obj=vacancy, reason=reason.strip(), details={"before": before, "after": settings_text(vacancy)})


# ---------------------------------------------------------------- composite and ranking


def _stored(value: Decimal | None) -> float | None:
    """Columns hold floats; the value is already rounded to two places, and reads back as the same decimal."""
    return None if value is None else float(value)


def _qualified(application: Application, settings: ExamSettings) -> bool:
    return failed_part(application.written_score, application.interview_score, settings) is None


def bonus_totals(of: Vacancy | RecruitmentRound) -> dict[int, Decimal]:
    """加分 of every application to a vacancy (or a whole round), by application id, in one query (not one
    per application); summed as exact decimals."""
    within = Application.vacancy_id == of.id if isinstance(of, Vacancy) else Application.round_id == of.id
    rows = db.session.execute(
        db.select(ApplicationBonus.application_id, ApplicationBonus.points)
        .join(Application, ApplicationBonus.application_id == Application.id).where(within))
    totals: dict[int, Decimal] = {}
    for application_id, points in rows:
        totals[application_id] = totals.get(application_id, Decimal(0)) + exact(points)
    return totals


def rescore_vacancy(vacancy: Vacancy) -> list[Application]:
    """Work out every composite score of the vacancy again (settings, scores or 加分 changed), then rank."""
    settings, bonuses = settings_of(vacancy), bonus_totals(vacancy)
    for application in vacancy.applications:
        application.composite = _stored(composite_score(
            application.written_score, application.interview_score, settings.written_weight,
            written_full=settings.written_full, interview_full=settings.interview_full,
            bonus=bonuses.get(application.id, 0)))
    return rank_vacancy(vacancy, bonuses)


def rank_vacancy(vacancy: Vacancy, bonuses: dict[int, Decimal] | None = None) -> list[Application]:
    """Rank the eligible, not withdrawn applications by composite and the vacancy's tie-break order; below a
    合格分数线: no rank. Returns them best first, unranked last. bonuses: bonus_totals, when already read."""
    settings = settings_of(vacancy)
    active = [a for a in vacancy.applications
              if a.status == ApplicationStatus.ELIGIBLE and a.outcome != Outcome.WITHDRAWN]
    if bonuses is None:
        bonuses = bonus_totals(vacancy) if "bonus" in settings.tie_break else {}
    ranks = dict(rank([Ranked(a.id, a.composite, a.interview_score, a.written_score, bonuses.get(a.id, 0),
                              _qualified(a, settings)) for a in active], settings.tie_break))
    for application in vacancy.applications:
        application.rank = ranks.get(application.id)
    return sorted(active, key=lambda a: (a.rank is None, a.rank or 0, a.id))


def interview_list(vacancy: Vacancy, written: dict[int, Decimal | None] | None = None) -> set[int] | None:
    """Ids of the applications that go to interview (None: no shortlist, everyone). `written`: scores about
    to be saved, by application id, instead of the stored ones."""
    settings = settings_of(vacancy)
    scores = {a.id: exact(a.written_score) for a in vacancy.applications if a.status == ApplicationStatus.ELIGIBLE}
    scores.update({key: value for key, value in (written or {}).items() if key in scores})
    return shortlist(scores, vacancy.openings, settings.shortlist_ratio, settings.written_pass)


def below_floor(application: Application, settings: ExamSettings) -> str | None:
    """The 合格分数线 a candidate is below, in words: a part's (the vacancy's, in the part's own marks) or the
    composite's (the round's); None when the candidate is below none of them."""
    failed = failed_part(application.written_score, application.interview_score, settings)
    if failed:
        return f"{PART_LABELS[failed].removesuffix('成绩')}未达合格分数线"
    round_ = application.vacancy.round
    if application.composite is not None and not round_.reaches_floor(application.composite):
        return f"综合成绩未达合格分数线 {round_.score_floor:g}"
    return None


def may_be_proposed(application: Application, settings: ExamSettings | None = None) -> bool:
    """Whether a candidate may become a proposed hire (拟聘用, and 递补 too): eligible, not withdrawn, ranked
    with a composite, and below no 合格分数线. The one answer both ask, so they cannot disagree."""
    settings = settings or settings_of(application.vacancy)
    return (application.status == ApplicationStatus.ELIGIBLE and application.outcome != Outcome.WITHDRAWN
            and application.rank is not None and application.composite is not None
            and below_floor(application, settings) is None)


def standing(application: Application, settings: ExamSettings, interviewed: set[int] | None) -> str:
    """Why an application has no rank or may not be proposed, as the score pages show it ("" when none of
    these applies)."""
    below = below_floor(application, settings)
    if below:
        return below
    if interviewed is not None and application.written_score is not None and application.id not in interviewed:
        return "未进入面试"
    return ""


def standings(vacancy: Vacancy) -> dict[int, str]:
    settings, interviewed = settings_of(vacancy), interview_list(vacancy)
    return {a.id: standing(a, settings, interviewed) for a in vacancy.applications}


# ---------------------------------------------------------------- the score grid


@dataclass
class ScoreEntry:
    """What HR typed for one application: empty parts are None."""

    written: float | None = None
    interview: float | None = None
    panel_marks: list[float] | None = None


@dataclass(frozen=True)
class ScoreProblem:
    application_id: int
    part: str  # written / interview / panel_marks
    message: str


class ScoreGridError(RecruitmentError):
    """Some rows were refused: nothing was saved. `problems` names each cell."""

    def __init__(self, problems: list[ScoreProblem]) -> None:
        super().__init__(f"有 {len(problems)} 处成绩不能保存，全部未保存：" + "；".join(p.message for p in problems[:5]))
        self.problems = problems


def _checked(value, part: str, settings: ExamSettings, who: str) -> tuple[Decimal | None, str | None]:
    """The score as a decimal, or why it is refused."""
    score = exact(value)
    if score is None:
        return None, None
    label, full = PART_LABELS[part], settings.full(part)
    if not (settings.has_written if part == "written" else settings.has_interview):
        return None, f"{who}：该岗位不设{label.removesuffix('成绩')}，{label}应留空"
    if not 0 <= score <= full:
        return None, f"{who}：{label}应在 0–{full} 之间（{value:g}）"
    if places(score) > 2:
        return None, f"{who}：{label}最多两位小数（{value}）"
    return score, None


def _row_scores(application: Application, entry: ScoreEntry, settings: ExamSettings,
                problems: list[ScoreProblem]) -> tuple[Decimal | None, Decimal | None]:
    who = f"{application.applicant.name}（报名号 {application.id}）"
    if application.status != ApplicationStatus.ELIGIBLE:
        problems.append(ScoreProblem(application.id, "written", f"{who} 未通过资格审查，不能录入成绩"))
        return None, None
    written, refused = _checked(entry.written, "written", settings, who)
    if refused:
        problems.append(ScoreProblem(application.id, "written", refused))
    interview, refused = _checked(entry.interview, "interview", settings, who)
    if refused:
        problems.append(ScoreProblem(application.id, "interview", refused))
    if entry.panel_marks:
        marks = [_checked(mark, "interview", settings, who) for mark in entry.panel_marks]
        refused = next((why for _, why in marks if why), None)
        if refused:
            problems.append(ScoreProblem(application.id, "panel_marks", "评委打分：" + refused))
        else:
            interview = panel_score([mark for mark, _ in marks], settings.drop_extremes)
    return written, interview


def record_score_grid(round_: RecruitmentRound, entries: dict[int, ScoreEntry], *, actor: Actor) -> int:
    """Save the scores of many applications at once: every row is checked first, and a single refused cell
    saves nothing (ScoreGridError names each one). Returns how many applications changed."""
    lock_row(round_).require_status(RoundStatus.EXAMINING, doing="录入成绩")
    applications = {a.id: a for v in round_.vacancies for a in v.applications}
    problems: list[ScoreProblem] = []
    checked: dict[int, tuple[Decimal | None, Decimal | None, list[float] | None]] = {}
    for application_id, entry in entries.items():
        application = applications.get(application_id)
        if application is None:
            problems.append(ScoreProblem(application_id, "written", f"报名号 {application_id} 不在本轮"))
            continue
        written, interview = _row_scores(application, entry, settings_of(application.vacancy), problems)
        checked[application_id] = (written, interview, list(entry.panel_marks) if entry.panel_marks else None)
    problems += _outside_shortlist(round_, checked)
    if problems:
        raise ScoreGridError(problems)
    changes = _apply(applications, checked)
    for vacancy in {applications[i].vacancy for i in checked}:
        rescore_vacancy(vacancy)
    if changes:
        audit.record(actor, "recruitment.score", f"录入成绩：{len(changes)} 人（{round_.name}）", obj=round_,
                     details={"changes": changes})
    return len(changes)


def _outside_shortlist(round_: RecruitmentRound, checked: dict) -> list[ScoreProblem]:
    """An interview score for someone the written scores (as they are about to be saved) leave out."""
    problems = []
    for vacancy in round_.vacancies:
        ratio = vacancy.shortlist_ratio
        mine = {a.id: a for a in vacancy.applications if a.id in checked}
        if not ratio or not mine:
            continue
        interviewed = interview_list(vacancy, {i: checked[i][0] for i in mine})
        for application_id, application in mine.items():
            if checked[application_id][1] is not None and application_id not in interviewed:
                problems.append(ScoreProblem(application_id, "interview",
                                             f"{application.applicant.name}（报名号 {application_id}）未进入面试"
                                             f"（按笔试成绩 1:{ratio} 入围），不能录入面试成绩"))
    return problems


def _apply(applications: dict[int, Application], checked: dict) -> dict[str, list]:
    changes: dict[str, list] = {}
    for application_id, (written, interview, marks) in checked.items():
        application = applications[application_id]
        before = [application.written_score, application.interview_score]
        after = [_stored(written), _stored(interview)]
        if before != after or application.panel_marks != marks:
            changes[f"{application_id} {application.applicant.name}"] = [before, after]
        application.written_score, application.interview_score = after
        application.panel_marks = marks
    return changes


# ---------------------------------------------------------------- 加分


def add_bonus_type(round_: RecruitmentRound, *, name: str, points: float, proof_required: bool,
                   actor: Actor) -> BonusType:
    name = (name or "").strip()
    if not name:
        raise RecruitmentError("请填写加分项目名称", field="name")
    value = exact(points)
    if value is None or not 0 < value <= MAX_BONUS or places(value) > 2:
        raise RecruitmentError(f"加分分值应在 0–{MAX_BONUS} 之间、最多两位小数", field="points")
    lock_row(round_).require_status(*ENROLLING, RoundStatus.EXAMINING, doing="设置加分项目")
    if any(t.name == name for t in bonus_types(round_)):
        raise RecruitmentError(f"加分项目“{name}”已有", field="name")
    bonus_type = BonusType(round_id=round_.id, name=name, points=float(value), proof_required=proof_required)
    db.session.add(bonus_type)
    db.session.flush()
    audit.record(actor, "recruitment.bonus_type", f"“{round_.name}”加分项目：{name} +{value:g}"
                 + ("（须提供证明）" if proof_required else ""), obj=round_)
    return bonus_type


def change_bonus_cap(round_: RecruitmentRound, cap: float, *, actor: Actor) -> None:
    value = exact(cap)
    if value is None or not 0 <= value <= MAX_BONUS or places(value) > 2:
        raise RecruitmentError(f"每人加分上限应在 0–{MAX_BONUS} 之间、最多两位小数", field="cap")
    lock_row(round_).require_status(*ENROLLING, RoundStatus.EXAMINING, doing="设置加分上限")
    over = [a for v in round_.vacancies for a in v.applications if exact(a.bonus) > value]
    if over:
        raise RecruitmentError("已有人员加分超过该上限：" + "、".join(a.applicant.name for a in over[:5]), field="cap")
    before = round_.bonus_cap
    round_.bonus_cap = float(value)
    audit.record(actor, "recruitment.bonus_cap", f"“{round_.name}”每人加分上限：{before:g} → {value:g}", obj=round_)


def bonus_types(round_: RecruitmentRound) -> list[BonusType]:
    return list(db.session.scalars(db.select(BonusType).where(BonusType.round_id == round_.id).order_by(BonusType.id)))


def grant_bonus(application: Application, bonus_type: BonusType, *, proof: str, actor: Actor) -> ApplicationBonus:
    """Record a 加分 with its proof; the person's total never goes past the round's cap (not cumulative
    beyond it), so a second type that would is refused, naming the cap."""
    round_ = lock_row(application.vacancy.round)
    round_.require_status(RoundStatus.REVIEWING, RoundStatus.EXAMINING, doing="登记加分")
    who = application.applicant.name
    if bonus_type.round_id != round_.id:
        raise RecruitmentError("该加分项目不属于本轮招聘", field="bonus_type")
    if application.status != ApplicationStatus.ELIGIBLE:
        raise RecruitmentError(f"{who} 未通过资格审查，不能登记加分", field="application")
    proof = (proof or "").strip()
    if bonus_type.proof_required and not proof:
        raise RecruitmentError(f"“{bonus_type.name}”须填写证明材料", field="proof")
    if any(b.bonus_type_id == bonus_type.id for b in application.bonuses):
        raise RecruitmentError(f"{who} 已登记“{bonus_type.name}”", field="bonus_type")
    total = exact(application.bonus) + exact(bonus_type.points)
    if total > exact(round_.bonus_cap):
        raise RecruitmentError(f"{who} 的加分合计将为 {total:g} 分，超过每人加分上限 {round_.bonus_cap:g} 分（加分不累计超过上限）",
                               field="bonus_type")
    granted = ApplicationBonus(bonus_type=bonus_type, points=bonus_type.points, proof=proof or None,
                               recorded_by_id=actor.id)
    application.bonuses.append(granted)
    db.session.flush()
    rescore_vacancy(application.vacancy)
    audit.record(actor, "recruitment.bonus", f"{who} 加分：{bonus_type.name} +{bonus_type.points:g}（合计 {total:g}）",
                 obj=application, details={"proof": proof})
    return granted


def remove_bonus(granted: ApplicationBonus, *, reason: str, actor: Actor) -> None:
    """HR takes back a 加分 recorded by mistake, with a reason (audited); the vacancy is scored and ranked
    again. While 加分 may be recorded, and never under someone already proposed or appointed: their place
    came from the score as it was."""
    reason = (reason or "").strip()
    if not reason:
        raise RecruitmentError("撤销加分必须填写原因", field="reason")
    application = granted.application
    round_ = lock_row(application.vacancy.round)
    round_.require_status(RoundStatus.REVIEWING, RoundStatus.EXAMINING, doing="撤销加分")
    who = application.applicant.name
    if application.outcome in (Outcome.PROPOSED, Outcome.APPOINTED):
        raise RecruitmentError(f"{who} 已是{application.outcome_label}人员，加分不能再撤销", field="reason")
    name, points, proof = granted.bonus_type.name, granted.points, granted.proof
    application.bonuses.remove(granted)  # delete-orphan: the row goes
    db.session.flush()
    rescore_vacancy(application.vacancy)
    audit.record(actor, "recruitment.bonus_remove", f"撤销 {who} 的加分：{name} +{points:g}（合计 {application.bonus:g}）",
                 obj=application, reason=reason, details={"proof": proof})
