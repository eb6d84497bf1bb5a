"""People entering a round: one registered through the form, or a whole sheet imported (all rows or none).
Each person is checked (name, gender, ID number against birth date, no second registration) and the
application reviewed at once. The acting user is an argument; nothing here commits."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select

from hrflow import audit
from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.importers.sheets import parse_date, read_sheet
from hrflow.importers.text import shorten
from hrflow.models import Actor, Applicant, Application, Post, RecruitmentError, RecruitmentRound, Vacancy
from hrflow.models.base import utcnow
from hrflow.models.recruitment import ENROLLING
from hrflow.posts.queries import find_post
from hrflow.recruitment.idcard import IdNumberError, parse_id_number
from hrflow.recruitment.operations import evaluate_application, lock_round, round_basic_rules, vacancy_rules
from hrflow.recruitment.verdicts import judge, rule_applicant
from hrflow.rules.readers.experience import MAX_YEARS as MAX_YEARS_EXPERIENCE
from hrflow.rules.readers.experience import parse_years

APPLICANT_COLUMNS = ("姓名", "性别", "出生日期", "学历", "学位", "专业", "学习形式", "职称", "证书", "工作年限", "应聘岗位")
OPTIONAL_APPLICANT_COLUMNS = ("身份证号", "政治面貌", "是否在编", "联系电话", "参加工作时间")
# The sheet's free-text columns and the Applicant columns they fill: a longer text than the database keeps
# is refused naming its cell (PostgreSQL would refuse the whole insert).
TEXT_COLUMNS = {"姓名": "name", "学历": "education", "学位": "degree", "专业": "major", "学习形式": "study_mode",
                "职称": "title", "政治面貌": "political_status", "联系电话": "phone"}

# progress(done, total, key): long work says how far it is (a background job shows it on its page).
Progress = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, key: str) -> None:
    """Work done while the user waits reports nothing."""


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
    years_experience: float | None = None
    political_status: str | None = None
    bianzhi: bool | None = None
    work_start: date | None = None

    def columns(self) -> dict:
        """The Applicant columns this person fills."""
        return {**self.__dict__, "certificates": self.certificates or []}


# ---------------------------------------------------------------- one person, through the form

def add_applicant(round_: RecruitmentRound, data: ApplicantData, post: Post, *, actor: Actor) -> Application:
    lock_round(round_).require_status(*ENROLLING, doing="登记报名")
    vacancy = next((v for v in round_.vacancies if v.post_id == post.id), None)
    _check_open(vacancy, post.path, round_.name)
    _check_person(data)
    _check_duplicate(round_, data)
    applicant = Applicant(round_id=round_.id, **data.columns())
    db.session.add(applicant)
    application = Application(applicant=applicant, vacancy=vacancy)
    db.session.add(application)
    db.session.flush()
    evaluate_application(application)
    audit.record(actor, "recruitment.applicant", f"登记报名：{data.name} → {post.path}", obj=application)
    return application


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


def _check_duplicate(round_: RecruitmentRound, data: ApplicantData) -> None:
    query = select(Applicant).where(Applicant.round_id == round_.id)
    if data.id_number:
        twin = db.session.scalar(query.where(Applicant.id_number == data.id_number))
    else:
        twin = db.session.scalar(query.where(Applicant.name == data.name, Applicant.birth_date == data.birth_date))
    if twin is not None:
        raise RecruitmentError(f"{data.name} 已在本轮报名（重复报名）")


# ---------------------------------------------------------------- a sheet of people

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
    applicant_ids = db.session.scalars(_insert_returning_ids(Applicant),
                                       [{**row.person.columns(), "round_id": round_.id} for row in checked]).all()
    judged = {v.id: (vacancy_rules(v), v.worker_post) for v in round_.vacancies}
    basic = round_basic_rules(round_)
    now = utcnow()
    applications = []
    for applicant_id, row in zip(applicant_ids, checked, strict=True):
        rules, worker_post = judged[row.vacancy_id]
        verdicts, status = judge(rules, rule_applicant(row.person), round_.cutoff_date, worker_post, {}, basic)
        applications.append({"applicant_id": applicant_id, "vacancy_id": row.vacancy_id, "round_id": round_.id,
                             "verdicts": verdicts, "status": status, "evaluated_at": now})
    application_ids = db.session.scalars(_insert_returning_ids(Application), applications).all()
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


def _years_experience(text: str, source: str, where: str) -> float | None:
    """'3', '2.5', '2年6个月', '18个月' → years; anything else, or more than 60 years, is refused naming the cell."""
    if not text:
        return None
    years = parse_years(text)
    if years is not None:
        return years
    if re.fullmatch(r"\d+(\.\d+)?\s*年?", text):  # a number, past 60 years (past 2**31 it would not fit the column)
        raise TableImportError(source, f"“{shorten(text)}”超出范围（应为 0 到 {MAX_YEARS_EXPERIENCE} 年）", where=where,
                               field="工作年限")
    raise TableImportError(source, f"“{shorten(text)}”不是年数（可写 3、2.5、2年6个月）", where=where, field="工作年限")


_YEAR_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def _month_or_day(value, source: str, where: str) -> date | None:
    """参加工作时间 is often written to the month ('2015.07', '2015年7月'): its first day is taken."""
    month = _YEAR_MONTH.fullmatch(str(value).strip())
    if month and 1 <= int(month.group(2)) <= 12:
        return date(int(month.group(1)), int(month.group(2)), 1)
    return parse_date(value, source, where, "参加工作时间", required=False)


def _check_lengths(row, source: str, where: str) -> None:
    for column, attribute in TEXT_COLUMNS.items():
        text, longest = row.text(column), Applicant.__table__.c[attribute].type.length
        if len(text) > longest:
            raise TableImportError(source, f"过长（{len(text)} 字，最多 {longest} 字）：“{shorten(text)}”", where=where,
                                   field=column)


def _applicant_from_row(row, source: str, where: str) -> ApplicantData:
    years = _years_experience(row.text("工作年限"), source, where)
    _check_lengths(row, source, where)
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
        work_start=_month_or_day(row.values.get("参加工作时间", ""), source, where),
    )
