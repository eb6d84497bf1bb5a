"""People entering a round: one registered through the form (and corrected until HR decides on it), or a
whole sheet imported (all rows or none, every bad row reported at once). Each person is checked (name,
gender, ID number against birth date, no second registration) and the application reviewed at once. The
acting user is an argument; nothing here commits."""

from __future__ import annotations

import io
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
from hrflow.models import (
    Actor,
    Applicant,
    Application,
    PortalEntry,
    Post,
    RecruitmentError,
    RecruitmentRound,
    Vacancy,
)
from hrflow.models.base import utcnow
from hrflow.models.recruitment import ENROLLING, RoundStatus, mask_id_number, mask_phone
from hrflow.posts.queries import find_post
from hrflow.recruitment.idcard import IdNumberError, parse_id_number
from hrflow.recruitment.operations import evaluate_application, lock_round, round_basic_rules, vacancy_rules
from hrflow.recruitment.verdicts import judge, rule_applicant
from hrflow.rules.readers.experience import MAX_YEARS as MAX_YEARS_EXPERIENCE
from hrflow.rules.readers.experience import parse_years

APPLICANT_COLUMNS = ("姓名", "性别", "出生日期", "学历", "学位", "专业", "学习形式", "职称", "证书", "工作年限", "应聘岗位")
OPTIONAL_APPLICANT_COLUMNS = ("身份证号", "政治面貌", "是否在编", "联系电话", "参加工作时间")
# The template's example row starts its name so; such rows are never imported.
EXAMPLE_MARK = "（示例）"
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


def _check_duplicate(round_: RecruitmentRound, data: ApplicantData, *, besides: Applicant | None = None) -> None:
    """Nobody else in the round has this ID number (or, without one, this name and birth date)."""
    query = select(Applicant).where(Applicant.round_id == round_.id)
    if besides is not None:
        query = query.where(Applicant.id != besides.id)
    if data.id_number:
        twin = db.session.scalar(query.where(Applicant.id_number == data.id_number))
    else:
        twin = db.session.scalar(query.where(Applicant.name == data.name, Applicant.birth_date == data.birth_date))
    if twin is not None:
        raise RecruitmentError(f"{data.name} 已在本轮报名（重复报名）")


# ---------------------------------------------------------------- correcting a person

# What the audit log calls each field, in the order of the form.
FIELD_LABELS = {"name": "姓名", "gender": "性别", "id_number": "身份证号", "birth_date": "出生日期", "phone": "联系电话",
                "education": "学历", "study_mode": "学习形式", "degree": "学位", "major": "专业", "title": "职称",
                "certificates": "证书", "years_experience": "工作年限", "work_start": "参加工作时间",
                "political_status": "政治面貌", "bianzhi": "是否在编"}
# Shown only masked on pages, so never written whole into the audit log either.
MASKED_FIELDS = {"id_number": mask_id_number, "phone": mask_phone}


def edit_refusal(application: Application, *, by_applicant: bool = False) -> str | None:
    """Why the person of `application` can no longer be corrected, or None while they can: the round still
    takes applications (草稿, 已发布, 资格审查) and HR has decided no rule of their application yet — once HR
    has judged the application, changing what it was judged on would leave that judgement standing on other
    facts."""
    round_ = application.vacancy.round
    if RoundStatus(round_.status) not in ENROLLING:
        return f"本轮已进入“{round_.status_label}”阶段，报名信息不能再修改"
    if any(other.decisions for other in application.applicant.applications):
        return "人事已对这份报名作出认定，报名信息不能再修改"
    if not by_applicant and db.session.scalar(
            select(PortalEntry.id).where(PortalEntry.application_id == application.id)) is not None:
        # The applicant's own 报名表 is the record: HR returns it for correction instead of editing it.
        return "这份报名来自网上报名，请退回申请人修改"
    return None


def edit_applicant(application: Application, data: ApplicantData, post: Post, *, actor: Actor,
                   by_applicant: bool = False) -> list[str]:
    """HR corrects a person (and the post applied for) until the application is decided; it is judged again.

    An ID number or phone left empty (None) keeps the one on file: pages never show them whole, so the form
    cannot hold them. Returns what changed (“学历：大专 → 本科”), empty when nothing did (nothing is written)."""
    round_ = lock_round(application.vacancy.round)
    refused = edit_refusal(application, by_applicant=by_applicant)
    if refused:
        raise RecruitmentError(refused)
    applicant = application.applicant
    data.id_number = data.id_number or applicant.id_number
    data.phone = data.phone or applicant.phone
    vacancy = next((v for v in round_.vacancies if v.post_id == post.id), None)
    if vacancy is not application.vacancy:
        _check_open(vacancy, post.path, round_.name)
    _check_person(data)
    _check_duplicate(round_, data, besides=applicant)
    changes = _changes(applicant, data.columns())
    if vacancy is not application.vacancy:
        changes.append(f"应聘岗位：{application.vacancy.post.path} → {post.path}")
    if not changes:
        return []
    for attribute, value in data.columns().items():
        setattr(applicant, attribute, value)
    application.vacancy = vacancy
    db.session.flush()
    before = application.status_label
    evaluate_application(application)
    audit.record(actor, "recruitment.applicant_edit",
                 f"修改报名信息：{applicant.name}（报名号 {application.id}）：{'；'.join(changes)}；"
                 f"资格审查结果：{before} → {application.status_label}", obj=application,
                 details={"changed": changes})
    return changes


def _changes(applicant: Applicant, columns: dict) -> list[str]:
    """“字段：旧 → 新” for each field that differs, ID number and phone masked."""
    changes = []
    for attribute, label in FIELD_LABELS.items():
        old, new = getattr(applicant, attribute), columns[attribute]
        if attribute == "certificates":
            old = old or []
        if old != new:
            show = MASKED_FIELDS.get(attribute, _shown)
            changes.append(f"{label}：{show(old) or '（空）'} → {show(new) or '（空）'}")
    return changes


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "、".join(value)
    return str(value)


# ---------------------------------------------------------------- a sheet of people

def import_applicants(round_: RecruitmentRound, data: bytes, source: str, *, actor: Actor,
                      progress: Progress = _no_progress) -> int:
    """All rows or none; errors name the row (header = row 1) and the column.

    Every row is read and checked first, and every bad row reported at once (SheetProblems); then, holding
    the round's lock, all are written with their review. Progress is reported only before anything is
    written (a background job's progress commits)."""
    round_.require_status(*ENROLLING, doing="导入报名")
    progress(0, 1, "reading_sheet")
    rows = read_sheet(data, source, APPLICANT_COLUMNS, OPTIONAL_APPLICANT_COLUMNS)
    rows = [row for row in rows if not row.text("姓名").startswith(EXAMPLE_MARK)]
    if not rows:
        raise TableImportError(source, "没有任何报名人员")
    steps = 2 * len(rows)  # checking, then writing, about as long as each other
    checked = _checked_rows(round_, rows, source, lambda done: progress(done, steps, "checking_rows"))
    progress(len(rows), steps, "writing_applicants")
    _write_applicants(round_, checked, source, actor=actor)
    return len(rows)


# A sheet's problems shown at most (a sheet of 10,000 wrong dates would make a page nobody reads).
MAX_PROBLEMS = 200


class SheetProblems(TableImportError):
    """More than one bad cell: each names its row and column; past MAX_PROBLEMS only their number."""

    def __init__(self, source: str, problems: list[TableImportError], total: int) -> None:
        self.problems, self.total = problems, total
        lines = [f"{problem.where}，{problem.field}：{problem.problem}" if problem.field else
                 f"{problem.where or source}：{problem.problem}" for problem in problems]
        if total > len(problems):
            lines.append(f"……另有 {total - len(problems)} 处错误未列出")
        super().__init__(source, f"{total} 处错误，未写入任何数据：\n" + "\n".join(lines))


class _Problems:
    """The bad cells of a sheet, gathered while every row is checked."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[TableImportError] = []
        self.total = 0

    def add(self, problem: TableImportError) -> None:
        self.total += 1
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(problem)

    def attempt(self, read: Callable[[], object], default=None):
        """read(), or `default` with its refusal noted."""
        try:
            return read()
        except TableImportError as problem:
            self.add(problem)
            return default

    def raise_any(self) -> None:
        if self.total == 1:
            raise self.found[0]
        if self.total:
            raise SheetProblems(self.source, self.found, self.total)


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
    """Each row as a person and the vacancy applied for; every bad cell is reported at once. Reads, never writes."""
    round_name = round_.name  # progress may commit, which expires the round
    vacancies = {v.post_id: v for v in db.session.execute(
        select(Vacancy.id, Vacancy.post_id, Vacancy.cancelled).where(Vacancy.round_id == round_.id))}
    posts: dict[str, tuple[int, str] | None] = {}
    sheet_roll = _Roll()
    problems = _Problems(source)
    checked = []
    for done, row in enumerate(rows, start=1):
        where = row.where()
        person = _applicant_from_row(row, source, where, problems)
        wanted = row.text("应聘岗位")
        if wanted not in posts:
            post = find_post(wanted)
            posts[wanted] = (post.id, post.path) if post else None
        if posts[wanted] is None:
            problems.add(TableImportError(source, f"找不到岗位“{shorten(wanted)}”", where=where, field="应聘岗位"))
        if done % 500 == 0:
            progress(done)
        if person is None or posts[wanted] is None:
            continue
        post_id, path = posts[wanted]
        try:
            _check_open(vacancies.get(post_id), path, round_name)
            _check_person(person)
        except RecruitmentError as error:
            problems.add(TableImportError(source, str(error), where=where, field=_field_of(str(error))))
            continue
        if person in sheet_roll:
            problems.add(TableImportError(source, f"{person.name} 与{sheet_roll.row_of(person)}重复", where=where,
                                          field="姓名"))
            continue
        sheet_roll.add(person, where)
        checked.append(_CheckedRow(where, person, vacancies[post_id].id, path))
    problems.raise_any()
    return checked


def _write_applicants(round_: RecruitmentRound, checked: list[_CheckedRow], source: str, *, actor: Actor) -> None:
    """The checked rows become applicants with their applications, reviewed, in a few statements."""
    round_ = lock_round(round_)
    round_.require_status(*ENROLLING, doing="导入报名")
    # Checked against the round as it is now that it is locked: someone may have registered them meanwhile.
    registered = _roll_of(round_)
    problems = _Problems(source)
    for twin in (row for row in checked if row.person in registered):
        problems.add(TableImportError(source, f"{twin.person.name} 已在本轮报名（重复报名）", where=twin.where,
                                      field="姓名"))
    problems.raise_any()
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


def _check_length(row, column: str, attribute: str, source: str, where: str) -> None:
    text, longest = row.text(column), Applicant.__table__.c[attribute].type.length
    if len(text) > longest:
        raise TableImportError(source, f"过长（{len(text)} 字，最多 {longest} 字）：“{shorten(text)}”", where=where,
                               field=column)


def _gender(row, source: str, where: str) -> str:
    gender = row.text("性别")
    if gender not in ("男", "女"):
        raise TableImportError(source, f"“{shorten(gender)}”应为“男”或“女”", where=where, field="性别")
    return gender


def _name(row, source: str, where: str) -> str:
    if not row.text("姓名"):
        raise TableImportError(source, "不能为空", where=where, field="姓名")
    return row.text("姓名")


def _applicant_from_row(row, source: str, where: str, problems: _Problems) -> ApplicantData | None:
    """The person of a row, or None with each bad cell of the row noted in `problems`."""
    before = problems.total
    for column, attribute in TEXT_COLUMNS.items():
        problems.attempt(lambda column=column, attribute=attribute: _check_length(row, column, attribute, source, where))
    name = problems.attempt(lambda: _name(row, source, where))
    gender = problems.attempt(lambda: _gender(row, source, where))
    years = problems.attempt(lambda: _years_experience(row.text("工作年限"), source, where))
    birth_date = problems.attempt(lambda: parse_date(row.values.get("出生日期", ""), source, where, "出生日期",
                                                     required=not row.text("身份证号")))
    work_start = problems.attempt(lambda: _month_or_day(row.values.get("参加工作时间", ""), source, where))
    if problems.total > before:
        return None
    bianzhi_text = row.text("是否在编")
    return ApplicantData(
        name=name,
        gender=gender,
        birth_date=birth_date,
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
        work_start=work_start,
    )


# ---------------------------------------------------------------- the sheet to fill in

# What each column takes, for the template's notes (its header cells and the 填写说明 sheet).
COLUMN_NOTES = {
    "姓名": "必填", "性别": "必填：男 或 女", "出生日期": "必填（填写身份证号时可空）：1990-03-01",
    "学历": "如 本科、硕士研究生", "学位": "如 学士", "专业": "所学专业全称", "学习形式": "如 全日制、非全日制、函授",
    "职称": "如 助理馆员", "证书": "多个用顿号分隔", "工作年限": "如 3、2.5、2年6个月",
    "应聘岗位": "必填：岗位路径，如 办公室/办证咨询", "身份证号": "可选：18 位，核对校验位、出生日期和性别",
    "政治面貌": "可选：如 中共党员、群众", "是否在编": "可选：是 或 否", "联系电话": "可选",
    "参加工作时间": "可选：2015-07 或 2015-07-01",
}
REQUIRED_VALUES = ("姓名", "性别", "出生日期", "应聘岗位")  # the columns a row may not leave empty


def example_row(post_path: str) -> dict[str, str]:
    return {"姓名": f"{EXAMPLE_MARK}张三", "性别": "女", "出生日期": "1995-03-01", "学历": "本科", "学位": "学士",
            "专业": "汉语言文学", "学习形式": "全日制", "职称": "", "证书": "", "工作年限": "3", "应聘岗位": post_path,
            "身份证号": "", "政治面貌": "群众", "是否在编": "否", "联系电话": "", "参加工作时间": "2022-07"}


def _how_required(column: str) -> str:
    if column in REQUIRED_VALUES:
        return "必填"
    return "可空（列须保留）" if column in APPLICANT_COLUMNS else "可选列（可删除）"


def applicant_template_xlsx(post_paths: list[str]) -> bytes:
    """The sheet HR hands out: the header row (columns that must be filled in red and bold, every header with
    a note saying what it takes), an example row that is never imported, and a second sheet of notes and
    the posts of the round. Every cell is text, so Excel keeps 身份证号 and dates as typed."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    columns = (*APPLICANT_COLUMNS, *OPTIONAL_APPLICANT_COLUMNS)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "报名人员"
    example = example_row(post_paths[0] if post_paths else "办公室/办证咨询")
    for index, column in enumerate(columns, start=1):
        header = sheet.cell(row=1, column=index, value=column)
        header.font = Font(bold=column in APPLICANT_COLUMNS, color="C00000" if column in REQUIRED_VALUES else "000000")
        header.comment = Comment(COLUMN_NOTES[column], "hrflow")
        sheet.cell(row=2, column=index, value=example[column]).font = Font(italic=True, color="808080")
        sheet.column_dimensions[header.column_letter].width = 30 if column == "应聘岗位" else 14
        for row in range(2, 502):
            sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "是否必填", "填写方法"])
    for column in columns:
        notes.append([column, _how_required(column), COLUMN_NOTES[column]])
    notes.append([])
    notes.append(["红色粗体的列每行必填；黑色粗体的列须保留，可以空着；其余为可选的列，可以删除。"])
    notes.append([f"第 2 行是示例：姓名以“{EXAMPLE_MARK}”开头的行不会导入，可以保留或删除。"])
    notes.append(["第 1 行的列名不要修改。只导入第一个工作表。"])
    notes.append([])
    notes.append(["本轮可报的岗位（填入“应聘岗位”列）："])
    for path in post_paths:
        notes.append([path])
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["C"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
