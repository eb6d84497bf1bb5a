"""民主测评: HR opens an anonymous ballot for a department (its sub-units included) or the whole unit; voters
hold one-time codes printed on slips and rate each colleague 优秀 / 合格 / 基本合格 / 不合格 (and 德、能、勤、
绩、廉 when the ballot asks). 考核规定 第十七条(三) names 民主测评 among the ways to 测评、核实与评价; 第五条 the
five dimensions; 第四十五条 asks for 信息化手段.

What is stored keeps the voter unknown:
- a code is kept only as its SHA-256 hash, with a used flag: no voter, no time of use;
- a vote row holds the ballot, the colleague and the ratings: no code, no time, a random key; the rows of a
  voter are written in random order. Nothing the application stores leads from a vote to a code.
- results are shown only when the ballot is closed and at least its minimum of votes is in: counts seen
  while votes still come in would show, by difference, what each new voter chose.

Codes: CODE_LENGTH characters of an alphabet without look-alikes (no 0/O, 1/I/L), ~59 bits, checked by
hash (a guess cannot be timed against a stored code) and spent by one conditional UPDATE, so two votes with
one code at the same moment leave exactly one. Wrong guesses are limited per address by the route."""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select, update

from hrflow import audit
from hrflow.assessment.access import require_manager
from hrflow.assessment.queries import department_assessments
from hrflow.extensions import db
from hrflow.models import (
    Actor,
    Assessment,
    AssessmentCycle,
    AssessmentError,
    Ballot,
    BallotCode,
    BallotStatus,
    BallotVote,
    CycleStatus,
    Department,
    Dimension,
    Grade,
    SpecialCase,
)
from hrflow.models.base import lock_row
from hrflow.models.org import department_tree

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
MIN_VOTES_FLOOR = 2  # one vote shown alone would be that voter's ballot
MAX_CODES_PER_PRINT = 500
# A ballot is opened while the grades are still to be decided.
OPENING_STEPS = (CycleStatus.OPEN, CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)


# ---------------------------------------------------------------- codes

def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code: str | None) -> str:
    """What a voter typed, as codes are stored: capitals, no spaces or dashes (slips print ABCD-EFGH-JKMN)."""
    return "".join(ch for ch in (code or "").upper() if ch not in " -\t")[:64]


def shown(code: str) -> str:
    """ABCDEFGHJKMN → ABCD-EFGH-JKMN, as printed."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def find_code(code: str | None) -> BallotCode | None:
    """The stored code this one is (used or not), or None. Looked up by its hash, compared in constant time."""
    typed = normalise(code)
    if len(typed) != CODE_LENGTH or any(ch not in ALPHABET for ch in typed):
        return None
    digest = code_hash(typed)
    stored = db.session.scalar(select(BallotCode).where(BallotCode.code_hash == digest))
    if stored is None or not hmac.compare_digest(stored.code_hash, digest):
        return None
    return stored


def usable(code: BallotCode | None) -> str | None:
    """Why this code cannot vote now (None: it can)."""
    if code is None:
        return "测评码不正确"
    if code.used:
        return "此测评码已经使用过"
    if not code.ballot.is_open or code.ballot.cycle.status == CycleStatus.ARCHIVED:
        return "此次民主测评已结束"
    return None


# ---------------------------------------------------------------- HR: open, print, close

def open_ballot(cycle: AssessmentCycle, *, actor: Actor, department: Department | None, dimensions: bool,
                min_votes: int, title: str | None = None) -> Ballot:
    require_manager(actor, "组织民主测评")
    cycle.require_status(*OPENING_STEPS, doing="组织民主测评")
    if min_votes < MIN_VOTES_FLOOR:
        raise AssessmentError(f"公布结果的最少票数不能少于 {MIN_VOTES_FLOOR}")
    scope = department.path if department is not None else "全单位"
    ballot = Ballot(cycle=cycle, department_id=department.id if department else None,
                    title=(title or "").strip()[:200] or f"{cycle.year} 年度民主测评（{scope}）",
                    dimensions=dimensions, min_votes=min_votes, opened_by_id=actor.id)
    db.session.add(ballot)
    db.session.flush()
    if not subjects(ballot):
        raise AssessmentError(f"{scope}没有参加 {cycle.year} 年度考核并定等次的人员，不能组织民主测评")
    audit.record(actor, "assessment.ballot_open",
                 f"开启民主测评“{ballot.title}”：{scope}，{'含' if dimensions else '不含'}德能勤绩廉，"
                 f"满 {min_votes} 票后公布结果", obj=ballot)
    return ballot


def issue_codes(ballot: Ballot, count: int, *, actor: Actor) -> list[str]:
    """`count` new one-time codes, returned once in clear for the slips; only their hashes are kept."""
    require_manager(actor, "打印测评码")
    if not ballot.is_open:
        raise AssessmentError(f"民主测评“{ballot.title}”已结束，不能再打印测评码")
    if not 1 <= count <= MAX_CODES_PER_PRINT:
        raise AssessmentError(f"每次打印 1–{MAX_CODES_PER_PRINT} 张测评票")
    codes = [new_code() for _ in range(count)]
    db.session.add_all(BallotCode(ballot_id=ballot.id, code_hash=code_hash(c)) for c in codes)
    db.session.flush()
    audit.record(actor, "assessment.ballot_print", f"打印民主测评“{ballot.title}”的测评票 {count} 张", obj=ballot)
    return codes


def close_ballot(ballot: Ballot, *, actor: Actor) -> Ballot:
    require_manager(actor, "结束民主测评")
    ballot = lock_row(ballot)  # a vote in flight holds the row shared: it finishes first
    ballot.close()
    ballot.closed_by_id = actor.id
    counts = turnout(ballot)
    audit.record(actor, "assessment.ballot_close",
                 f"结束民主测评“{ballot.title}”：投票 {counts.voted} / 发票 {counts.issued}", obj=ballot)
    return ballot


# ---------------------------------------------------------------- who is rated

@dataclass(frozen=True)
class Subject:
    employee_id: int
    name: str
    department: str
    post: str


def _scope_ids(ballot: Ballot) -> set[int] | None:
    return department_tree().subtree([ballot.department_id]) if ballot.department_id else None


def _covers(ballot: Ballot, department_id: int, scopes: dict[int, set[int] | None]) -> bool:
    scope = scopes.setdefault(ballot.id, _scope_ids(ballot))
    return scope is None or department_id in scope


def subjects(ballot: Ballot) -> list[Subject]:
    """The colleagues a voter rates: the cycle's graded participants in the ballot's scope, in table order."""
    scope = _scope_ids(ballot)
    paths = department_tree().paths
    return [Subject(a.employee_id, a.employee.name, paths.get(a.department_id, ""),
                    a.post_version.name if a.post_version else "")
            for a in department_assessments(ballot.cycle, scope) if a.special_case == SpecialCase.NONE]


# ---------------------------------------------------------------- voting (no actor: the voter is nobody known)

def cast_vote(code: str, ratings: Mapping[int, str | None],
              dimension_ratings: Mapping[int, Mapping[str, str | None]] | None = None) -> int:
    """Spend `code` on these ratings ({employee id: Grade value or None to abstain}); returns how many
    colleagues were rated. All or nothing: refused (AssessmentError) when the code is wrong, used or its
    ballot closed, a rating is not a grade, or nobody was rated."""
    stored = find_code(code)
    why = usable(stored)
    if why:
        raise AssessmentError(why)
    ballot = _share_lock(stored.ballot)
    if not ballot.is_open:
        raise AssessmentError("此次民主测评已结束")
    allowed = {s.employee_id for s in subjects(ballot)}
    grades = {g.value for g in Grade}
    rows: list[BallotVote] = []
    for subject_id, rating in ratings.items():
        if not rating:
            continue
        if subject_id not in allowed or rating not in grades:
            raise AssessmentError("测评内容不正确，请重新填写")
        marks = {}
        if ballot.dimensions:
            for dimension, mark in ((dimension_ratings or {}).get(subject_id) or {}).items():
                if mark and (dimension not in Dimension._value2member_map_ or mark not in grades):
                    raise AssessmentError("测评内容不正确，请重新填写")
                if mark:
                    marks[dimension] = mark
        rows.append(BallotVote(ballot_id=ballot.id, subject_id=subject_id, rating=rating, dimension_ratings=marks))
    if not rows:
        raise AssessmentError("请至少评价一位同事")
    spent = db.session.execute(update(BallotCode).where(BallotCode.id == stored.id, BallotCode.used.is_(False))
                               .values(used=True).execution_options(synchronize_session=False))
    if spent.rowcount != 1:
        raise AssessmentError("此测评码已经使用过")
    random.SystemRandom().shuffle(rows)  # the order rows are written in says nothing about the ballot paper
    db.session.add_all(rows)
    db.session.flush()
    return len(rows)


def _share_lock(ballot: Ballot) -> Ballot:
    """PostgreSQL: hold the ballot row shared until the vote commits, so closing waits for votes in flight.
    SQLite writes one transaction at a time anyway."""
    if db.session.get_bind().dialect.name != "postgresql":
        return ballot
    return db.session.scalars(select(Ballot).where(Ballot.id == ballot.id).with_for_update(read=True)
                              .execution_options(populate_existing=True)).one()


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class Turnout:
    issued: int
    voted: int

    @property
    def percent(self) -> int:
        return round(100 * self.voted / self.issued) if self.issued else 0


@dataclass
class Tally:
    """One person's result in one ballot. `shown` False: the counts are withheld (ballot open, or fewer
    votes than its minimum) and are empty."""

    ballot_id: int
    title: str
    turnout: Turnout
    min_votes: int
    shown: bool
    counts: dict[str, int] = field(default_factory=dict)  # Grade value → votes
    dimensions: dict[str, dict[str, int]] = field(default_factory=dict)  # Dimension value → Grade value → votes

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def missing_votes(self) -> int:
        return max(0, self.min_votes - self.turnout.voted)


def turnout(ballot: Ballot) -> Turnout:
    issued, voted = db.session.execute(
        select(func.count(BallotCode.id), func.count(BallotCode.id).filter(BallotCode.used.is_(True)))
        .where(BallotCode.ballot_id == ballot.id)).one()
    return Turnout(issued, voted)


def results_shown(ballot: Ballot, counts: Turnout) -> bool:
    return ballot.status == BallotStatus.CLOSED and counts.voted >= ballot.min_votes


def ballot_tallies(ballot: Ballot, employee_ids: Iterable[int] | None = None) -> dict[int, Tally]:
    """{employee id: Tally} for the ballot's subjects (or these of them); counts only when shown."""
    counts = turnout(ballot)
    show = results_shown(ballot, counts)
    ids = [s.employee_id for s in subjects(ballot)] if employee_ids is None else list(employee_ids)
    tallies = {i: Tally(ballot.id, ballot.title, counts, ballot.min_votes, show) for i in ids}
    if not show or not ids:
        return tallies
    votes = db.session.execute(select(BallotVote.subject_id, BallotVote.rating, BallotVote.dimension_ratings)
                               .where(BallotVote.ballot_id == ballot.id, BallotVote.subject_id.in_(ids)))
    overall: dict[int, Counter] = {i: Counter() for i in ids}
    by_dimension: dict[int, dict[str, Counter]] = {i: {d.value: Counter() for d in Dimension} for i in ids}
    for subject_id, rating, marks in votes:
        overall[subject_id][rating] += 1
        for dimension, mark in (marks or {}).items():
            by_dimension[subject_id].setdefault(dimension, Counter())[mark] += 1
    for i in ids:
        tallies[i].counts = {g.value: overall[i][g.value] for g in Grade}
        if ballot.dimensions:
            tallies[i].dimensions = {d: {g.value: c[g.value] for g in Grade} for d, c in by_dimension[i].items()}
    return tallies


def cycle_ballots(cycle: AssessmentCycle) -> list[Ballot]:
    """The cycle's ballots, newest first (read with the cycle when it was loaded with_ballots)."""
    return list(cycle.ballots)


def tallies(cycle: AssessmentCycle, employee_ids: Iterable[int],
            departments: Mapping[int, int] | None = None) -> dict[int, Tally]:
    """For the decision page: {employee id: Tally} from the latest ballot of the cycle that rated the person
    (a department's or the unit's); people no ballot covered are left out. `departments` (employee id →
    their assessment's department), when the caller has read them, spares reading them again."""
    wanted = list(employee_ids)
    if not wanted:
        return {}
    if departments is None:
        departments = dict(db.session.execute(select(Assessment.employee_id, Assessment.department_id).where(
            Assessment.cycle_id == cycle.id, Assessment.employee_id.in_(wanted))).all())
    chosen: dict[int, list[int]] = {}
    scopes: dict[int, set[int] | None] = {}
    ballots = cycle_ballots(cycle)
    for employee_id, department_id in departments.items():
        ballot = next((b for b in ballots if _covers(b, department_id, scopes)), None)
        if ballot is not None:
            chosen.setdefault(ballot.id, []).append(employee_id)
    found: dict[int, Tally] = {}
    by_id = {b.id: b for b in ballots}
    for ballot_id, ids in chosen.items():
        found.update(ballot_tallies(by_id[ballot_id], ids))
    return found
