"""What follows from each stored annual result (考核规定 第二十八–三十一条): the 薪级 step, whether the year
counts toward the current post grade (任职年限), promotion, a post grade down, and the flags for two results in
a row. Pure rules over a person's history (`consequences`), then the reads behind the unit report, its
export for 备案 and the person's page (`person_consequences`, `year_report`).

Only cycles whose results were notified to the people (acknowledgement, archived) count: before that a
grade may still change. A person who took part without a grade (只写评语 for a new hire, long leave, an
investigation not yet closed) has the 不确定档次 result of 第三十一条; a grade set afterwards (补定,
第四十二条) replaces it. "In a row" means two consecutive years, both stored."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from hrflow.assessment.access import RESULT_VISIBLE
from hrflow.extensions import db
from hrflow.models import Assessment, AssessmentCycle, Employee, Grade, SpecialCase
from hrflow.models.base import chinese
from hrflow.models.org import department_tree


class Result(enum.StrEnum):
    """A year's result as the consequences see it: the four grades, or none (不确定档次)."""

    EXCELLENT = "excellent"  # 优秀
    COMPETENT = "competent"  # 合格
    BASIC = "basic"  # 基本合格
    INCOMPETENT = "incompetent"  # 不合格
    UNDETERMINED = "undetermined"  # 不确定档次

    @property
    def label(self) -> LazyString:
        return RESULT_LABELS[self]


RESULT_LABELS = {Result.EXCELLENT: _l("优秀"), Result.COMPETENT: _l("合格"), Result.BASIC: _l("基本合格"),
                 Result.INCOMPETENT: _l("不合格"), Result.UNDETERMINED: _l("不确定档次")}


class Flag(enum.StrEnum):
    """Two results of a kind in a row: what the 规定 lets the unit do."""

    ORGANISATIONAL = "organisational"  # 两年基本合格: 组织调整或者组织处理 (第二十九条(五))
    CONTRACT = "contract"  # 两年不合格: 可以解除聘用合同 (第三十条(五))
    POST_CHANGE = "post_change"  # 两年不确定档次: 视情况调整工作岗位 (第三十一条(三))

    @property
    def label(self) -> LazyString:
        return FLAG_LABELS[self]


FLAG_LABELS = {
    Flag.ORGANISATIONAL: _l("连续两年基本合格：予以组织调整或者组织处理"),
    Flag.CONTRACT: _l("连续两年不合格：可以按规定解除聘用合同"),
    Flag.POST_CHANGE: _l("连续两年不确定档次：视情况调整工作岗位"),
}
# Which result, twice in a row, raises which flag.
FLAG_OF = {Result.BASIC: Flag.ORGANISATIONAL, Result.INCOMPETENT: Flag.CONTRACT, Result.UNDETERMINED: Flag.POST_CHANGE}
ARTICLE_OF = {Result.EXCELLENT: "第二十八条", Result.COMPETENT: "第二十八条", Result.BASIC: "第二十九条",
              Result.INCOMPETENT: "第三十条", Result.UNDETERMINED: "第三十一条"}


@dataclass(frozen=True)
class YearResult:
    year: int
    result: Result


@dataclass(frozen=True)
class Consequence:
    """What one year's result brings, by the article that says so."""

    year: int
    result: Result
    salary_step: bool  # 增加一级薪级工资
    year_counts: bool  # 本考核年度计算为现聘岗位等级的任职年限
    favoured: bool  # 优秀: 岗位晋升、职称评聘时同等条件下优先
    no_promotion_next_year: bool  # 基本合格: 下一考核年度内不得晋升岗位等级
    promotion_barred: bool  # this year falls in the bar of last year's 基本合格
    grade_down: bool  # 不合格: 向低一级岗位等级调整
    self_criticism: bool  # 基本合格: 书面检查，限期改进
    pay_reduced: bool  # 相应核减绩效工资
    flag: Flag | None  # the same result the year before as well

    @property
    def article(self) -> str:
        return ARTICLE_OF[self.result]

    def in_words(self) -> list[LazyString]:
        """What follows, in the reader's language, in the order of the article."""
        words = [_l("增加一级薪级工资") if self.salary_step else _l("不增加薪级工资")]
        if self.self_criticism:
            words.append(_l("书面检查，限期改进"))
        if self.pay_reduced:
            words.append(_l("相应核减绩效工资"))
        if self.grade_down:
            words.append(_l("向低一级岗位等级调整"))
        words.append(_l("本年度计算为现聘岗位等级任职年限") if self.year_counts else _l("本年度不计算任职年限"))
        if self.favoured:
            words.append(_l("岗位晋升、职称评聘同等条件下优先"))
        if self.no_promotion_next_year:
            words.append(_l("下一考核年度内不得晋升岗位等级"))
        if self.promotion_barred:
            words.append(_l("上年度基本合格：本年度内不得晋升岗位等级"))
        return words

    @property
    def needs_attention(self) -> bool:
        """Something HR has to act on beyond the 薪级 table: a grade down, a promotion bar or a flag."""
        return self.grade_down or self.no_promotion_next_year or self.promotion_barred or self.flag is not None


def consequences(history: Iterable[YearResult]) -> list[Consequence]:
    """Each stored year's consequences (第二十八–三十一条), oldest first. Two results in a row are two
    consecutive years; a year missing from the history breaks the row."""
    by_year = {entry.year: entry.result for entry in history}
    found = []
    for year in sorted(by_year):
        result = by_year[year]
        before = by_year.get(year - 1)
        passed = result in (Result.EXCELLENT, Result.COMPETENT)
        found.append(Consequence(
            year=year, result=result, salary_step=passed, year_counts=passed,
            favoured=result == Result.EXCELLENT,
            no_promotion_next_year=result == Result.BASIC,
            promotion_barred=before == Result.BASIC,
            grade_down=result == Result.INCOMPETENT,
            self_criticism=result == Result.BASIC,
            pay_reduced=not passed,
            flag=FLAG_OF.get(result) if before == result else None,
        ))
    return found


def result_of(grade: str | None, special_case: str) -> Result | None:
    """A stored form's result: its grade; none with a special case is 不确定档次; none without is not decided."""
    if grade:
        return Result(Grade(grade).value)
    if special_case != SpecialCase.NONE:
        return Result.UNDETERMINED
    return None


# ---------------------------------------------------------------- reads

def _history(employee_ids: Iterable[int] | None = None, up_to: int | None = None) -> dict[int, list[YearResult]]:
    """Every notified result per person (one query, four columns a row)."""
    query = (select(Assessment.employee_id, AssessmentCycle.year, Assessment.grade, Assessment.special_case)
             .join(AssessmentCycle, Assessment.cycle_id == AssessmentCycle.id)
             .where(AssessmentCycle.status.in_([s.value for s in RESULT_VISIBLE])))
    if employee_ids is not None:
        query = query.where(Assessment.employee_id.in_(list(employee_ids)))
    if up_to is not None:
        query = query.where(AssessmentCycle.year <= up_to)
    found: dict[int, list[YearResult]] = {}
    for employee_id, year, grade, special_case in db.session.execute(query).all():
        result = result_of(grade, special_case)
        if result is not None:
            found.setdefault(employee_id, []).append(YearResult(year, result))
    return found


def person_consequences(employee_id: int) -> list[Consequence]:
    """The consequences of every notified year of one person, newest first (the person's page)."""
    return list(reversed(consequences(_history([employee_id]).get(employee_id, []))))


def results_notified(cycle: AssessmentCycle) -> bool:
    return cycle.status in RESULT_VISIBLE


@dataclass(frozen=True)
class ReportRow:
    """One person's line of the unit report for a year."""

    assessment_id: int
    staff_no: str
    name: str
    department: str  # path, as it was that year
    consequence: Consequence
    previous: Result | None  # the year before, when stored


def year_report(cycle: AssessmentCycle, *, attention_only: bool = False) -> list[ReportRow]:
    """Everyone with a result in the cycle's year (none before the results are notified), in table order,
    with that year's consequences; `attention_only`: only those with a grade down, a bar or a flag."""
    if not results_notified(cycle):
        return []
    people = db.session.execute(
        select(Assessment.id, Assessment.employee_id, Assessment.department_id, Employee.staff_no, Employee.name)
        .join(Employee, Assessment.employee_id == Employee.id).where(Assessment.cycle_id == cycle.id)
    ).all()
    history = _history([p.employee_id for p in people], up_to=cycle.year)
    tree = department_tree()
    keyed = []
    for person in people:
        years = consequences(history.get(person.employee_id, []))
        this_year = next((c for c in years if c.year == cycle.year), None)
        if this_year is None or (attention_only and not this_year.needs_attention):
            continue
        previous = next((c.result for c in years if c.year == cycle.year - 1), None)
        keyed.append(((tree.order.get(person.department_id, ()), person.staff_no),
                      ReportRow(person.id, person.staff_no, person.name, tree.paths.get(person.department_id, ""),
                                this_year, previous)))
    return [row for _key, row in sorted(keyed, key=lambda pair: pair[0])]


# ---------------------------------------------------------------- the export for 备案

EXPORT_COLUMNS = ("工号", "姓名", "部门", "考核年度", "考核结果", "上年度结果", "薪级工资", "任职年限", "岗位等级",
                  "提示", "依据")


def export_rows(rows: Iterable[ReportRow]) -> Iterable[list]:
    """The report's rows as the 备案 sheet writes them, in Chinese whatever the reader reads."""
    for row in rows:
        c = row.consequence
        post_grade = ("向低一级岗位等级调整" if c.grade_down else "下一考核年度内不得晋升" if c.no_promotion_next_year
                      else "同等条件下优先晋升" if c.favoured else "")
        if c.promotion_barred:
            post_grade = "；".join(filter(None, [post_grade, "本年度内不得晋升（上年度基本合格）"]))
        yield [row.staff_no, row.name, row.department, c.year, chinese(c.result.label),
               chinese(row.previous.label) if row.previous else "", "增加一级" if c.salary_step else "不增加",
               "计算" if c.year_counts else "不计算", post_grade, chinese(c.flag.label) if c.flag else "",
               f"《事业单位工作人员考核规定》{c.article}"]
