"""平时考核: each participant's result for each quarter of the cycle's year (好 / 较好 / 一般 / 较差, the words
of the official forms, with a note), recorded by the department's head or by HR.

考核规定 第二十三、二十四条 (平时考核, its results as 档次 or 评语, the method left to the unit) and 第三十四条
(an important reference for the annual grade). Where the unit's rules say so (QUARTERLY_BARS_EXCELLENT, on
by default as in most provincial 细则 under 第四十八条), a quarter rated 一般 or 较差 bars 优秀 for the year:
grading asks excellent_barred() / barred_excellent() before it lets 优秀 stand.

Who records: HR for everyone, a head for the people of their departments, never for themselves (the same
reach as the head's review, access.reviewer). Results may be recorded until the grades are decided."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import select

from hrflow import audit
from hrflow.assessment import access
from hrflow.assessment.inputs import clean
from hrflow.extensions import db
from hrflow.models import (
    Actor,
    Assessment,
    AssessmentAccessError,
    AssessmentCycle,
    AssessmentError,
    CycleStatus,
    QuarterlyResult,
    Rating,
    User,
)
from hrflow.models.assessment_inputs import QUARTERS, WEAK_QUARTERLY_RESULTS
from hrflow.models.base import chinese, json_rows, utcnow

# Quarterly results are entered and corrected until the unit has decided the grades.
RECORDING_STEPS = (CycleStatus.OPEN, CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)
NOTE_MAX = 500
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


@dataclass(frozen=True)
class QuarterEntry:
    """What the grid posts for one person and quarter: a Rating value (None: no result) and a note."""

    employee_id: int
    quarter: int
    result: str | None
    note: str | None = None


# ---------------------------------------------------------------- reads

class QuarterMark(NamedTuple):
    """A quarter's result as a page shows it, read as columns (marks_for)."""

    quarter: int
    result: str  # Rating value
    note: str | None

    @property
    def result_label(self) -> str:
        return chinese(Rating(self.result).label)


def results_for(cycle: AssessmentCycle, employee_ids: Iterable[int]) -> dict[int, list[QuarterlyResult | None]]:
    """{employee id: [Q1, Q2, Q3, Q4]} (None where a quarter has no result), for every id asked; one query.
    The rows themselves, to change them; a page that only shows them reads marks_for()."""
    ids = list(employee_ids)
    rows = db.session.scalars(select(QuarterlyResult).where(
        QuarterlyResult.cycle_id == cycle.id, QuarterlyResult.employee_id.in_(ids))) if ids else []
    return _by_quarter(ids, ((row.employee_id, row) for row in rows))


def marks_for(cycle: AssessmentCycle, employee_ids: Iterable[int]) -> dict[int, list[QuarterMark | None]]:
    """results_for() as QuarterMark columns: a page of fifty people reads no row objects (0.3 ms less)."""
    ids = list(employee_ids)
    rows = db.session.execute(select(QuarterlyResult.employee_id, QuarterlyResult.quarter, QuarterlyResult.result,
                                     QuarterlyResult.note).where(
        QuarterlyResult.cycle_id == cycle.id, QuarterlyResult.employee_id.in_(ids))) if ids else []
    return _by_quarter(ids, ((employee_id, QuarterMark(*mark)) for employee_id, *mark in rows))


def marks_column():
    """An assessment's marks as one column of a statement about assessments (correlated to Assessment): a
    list of fifty people reads them with its lines instead of in a statement of its own (served on
    PostgreSQL, 6 % of the decision page: bench/README.md). marks_in() reads the column."""
    return (select(json_rows(QuarterlyResult.quarter, QuarterlyResult.result, QuarterlyResult.note))
            .where(QuarterlyResult.cycle_id == Assessment.cycle_id, QuarterlyResult.employee_id == Assessment.employee_id)
            .correlate(Assessment).scalar_subquery())


def marks_in(column: list | None) -> list[QuarterMark | None]:
    """marks_column()'s value as marks_for() gives one person's: four QuarterMark or None, by quarter."""
    quarters: list[QuarterMark | None] = [None, None, None, None]
    for quarter, result, note in column or ():
        quarters[quarter - 1] = QuarterMark(quarter, result, note)
    return quarters


def _by_quarter(ids: list[int], found: Iterable[tuple[int, Any]]) -> dict[int, list]:
    quarters: dict[int, list] = {i: [None, None, None, None] for i in ids}
    for employee_id, mark in found:
        quarters[employee_id][mark.quarter - 1] = mark
    return quarters


def bars_excellent() -> bool:
    return bool(current_app.config["QUARTERLY_BARS_EXCELLENT"])


def barred_excellent(cycle: AssessmentCycle, employee_ids: Iterable[int]) -> dict[int, str]:
    """{employee id: why 优秀 is barred} for those of `employee_ids` with a quarter rated 一般 or 较差, while
    QUARTERLY_BARS_EXCELLENT is on; empty when it is off. One query."""
    ids = list(employee_ids)
    if not ids or not bars_excellent():
        return {}
    weak = [r.value for r in WEAK_QUARTERLY_RESULTS]
    rows = db.session.scalars(select(QuarterlyResult).where(
        QuarterlyResult.cycle_id == cycle.id, QuarterlyResult.employee_id.in_(ids), QuarterlyResult.result.in_(weak))
        .order_by(QuarterlyResult.employee_id, QuarterlyResult.quarter))
    reasons: dict[int, list[str]] = {}
    for row in rows:
        reasons.setdefault(row.employee_id, []).append(f"{QUARTER_NAMES[row.quarter]}为“{row.result_label}”")
    return {employee_id: _barred_words(cycle, parts) for employee_id, parts in reasons.items()}


def barred_among(cycle: AssessmentCycle, results: dict[int, list[QuarterMark | QuarterlyResult | None]]) -> dict[int, str]:
    """barred_excellent() for people whose results_for() or marks_for() the caller has already read: no second query."""
    if not bars_excellent():
        return {}
    reasons = {employee_id: [f"{QUARTER_NAMES[row.quarter]}为“{row.result_label}”" for row in quarters
                             if row is not None and row.result in WEAK_QUARTERLY_RESULTS]
               for employee_id, quarters in results.items()}
    return {employee_id: _barred_words(cycle, parts) for employee_id, parts in reasons.items() if parts}


def _barred_words(cycle: AssessmentCycle, parts: list[str]) -> str:
    return f"{cycle.year} 年平时考核{'、'.join(parts)}，年度考核不能确定为优秀"


def excellent_barred(cycle: AssessmentCycle, employee_id: int) -> str | None:
    """Why this person may not be graded 优秀 this year (a quarter rated 一般 or 较差), or None."""
    return barred_excellent(cycle, [employee_id]).get(employee_id)


def refuse_barred_excellent(cycle: AssessmentCycle, assessments: Sequence[Assessment]) -> None:
    """For grading: refuse (AssessmentError, naming the person) when one of `assessments`, about to be graded
    优秀, is barred by a weak quarter."""
    barred = barred_excellent(cycle, [a.employee_id for a in assessments])
    for assessment in assessments:
        if assessment.employee_id in barred:
            raise AssessmentError(f"{assessment.employee.name}：{barred[assessment.employee_id]}")


def grid_people(cycle: AssessmentCycle, user: User, assessments: Sequence[Assessment]) -> list[Assessment]:
    """Of a department's assessments, those whose quarters `user` records (not their own)."""
    records = access.reviewer(user)
    return [a for a in assessments if records(a)]


# ---------------------------------------------------------------- recording

def recording_open(cycle: AssessmentCycle) -> bool:
    return CycleStatus(cycle.status) in RECORDING_STEPS


def record_results(cycle: AssessmentCycle, entries: Sequence[QuarterEntry], *, actor: Actor) -> int:
    """Save a grid of quarterly results at once, all or none; returns how many cells changed.

    Refused (AssessmentError, every problem named) when the cycle is past deciding, a result is not one of
    好 / 较好 / 一般 / 较差, a 一般 or 较差 has no note, or a person is not the actor's to record
    (AssessmentAccessError). A cell left empty removes that quarter's result. One audit record lists the
    changes."""
    if not recording_open(cycle):
        names = "、".join(chinese(s.label) for s in RECORDING_STEPS)
        raise AssessmentError(f"平时考核结果只能在“{names}”阶段录入（{cycle.year} 年度考核当前：{cycle.status_label}）")
    people = {a.employee_id: a for a in db.session.scalars(select(Assessment).where(
        Assessment.cycle_id == cycle.id, Assessment.employee_id.in_({e.employee_id for e in entries})))}
    records = access.reviewer(actor)
    problems: list[str] = []
    for entry in entries:
        assessment = people.get(entry.employee_id)
        if assessment is None or not records(assessment):
            raise AssessmentAccessError("只能录入本人所管部门人员的平时考核结果（本人的由单位录入）")
        where = f"{assessment.employee.name}{QUARTER_NAMES.get(entry.quarter, '')}"
        if entry.quarter not in QUARTERS:
            problems.append(f"季度“{entry.quarter}”不正确")
        elif entry.result and entry.result not in Rating._value2member_map_:
            problems.append(f"{where}的结果“{entry.result}”不正确")
        elif entry.result in WEAK_QUARTERLY_RESULTS and not clean(entry.note):
            problems.append(f"{where}为“{chinese(Rating(entry.result).label)}”，请填写说明")
        elif len(entry.note or "") > NOTE_MAX:
            problems.append(f"{where}的说明超过 {NOTE_MAX} 字")
    if problems:
        raise AssessmentError("；".join(problems))
    current = results_for(cycle, people)
    changes: list[str] = []
    for entry in entries:
        row = current[entry.employee_id][entry.quarter - 1]
        note = clean(entry.note)
        name = f"{people[entry.employee_id].employee.name}{QUARTER_NAMES[entry.quarter]}"
        if not entry.result:
            if row is not None:
                db.session.delete(row)
                changes.append(f"{name}：{row.result_label} → 无")
            continue
        if row is not None and row.result == entry.result and row.note == note:
            continue
        before = row.result_label if row is not None else "无"
        if row is None:
            row = QuarterlyResult(cycle_id=cycle.id, employee_id=entry.employee_id, quarter=entry.quarter)
            db.session.add(row)
        row.result, row.note = entry.result, note
        row.recorded_by_id, row.recorded_at = actor.id, utcnow()
        changes.append(f"{name}：{before} → {row.result_label}")
    db.session.flush()
    if changes:
        audit.record(actor, "assessment.quarterly", f"{cycle.year} 年平时考核结果：" + "；".join(changes), obj=cycle)
    return len(changes)
