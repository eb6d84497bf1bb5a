"""A round's spreadsheets, in Chinese whatever the reader's language: the applicants list (what HR filtered
on the page, every row of it), the vacancies with their counts, and the score sheet HR fills in.

ID and phone numbers stay masked, as on the pages; text Excel would run as a formula is stored as text."""

from __future__ import annotations

from decimal import Decimal

from hrflow.models import Application, ApplicationStatus, RecruitmentRound
from hrflow.spreadsheets import sheet_bytes

APPLICANT_SHEET_COLUMNS = (
    "报名号", "姓名", "性别", "出生日期", "身份证号", "联系电话", "学历", "学位", "专业", "学习形式", "职称", "证书",
    "工作年限", "参加工作时间", "政治面貌", "是否在编", "应聘岗位", "资格审查", "笔试成绩", "面试成绩", "综合成绩", "名次", "结果",
)


def _row(application: Application, paths: dict[int, str]) -> list:
    person = application.applicant
    bianzhi = {True: "是", False: "否"}.get(person.bianzhi, "")
    return [
        application.id, person.name, person.gender, person.birth_date, person.masked_id_number, person.masked_phone,
        person.education, person.degree, person.major, person.study_mode, person.title,
        "、".join(person.certificates or []), person.years_experience, person.work_start, person.political_status, bianzhi,
        paths[application.vacancy_id], application.status_label, application.written_score,
        application.interview_score, application.composite, application.rank, application.outcome_label,
    ]


def applicants_xlsx(applications: list[Application], paths: dict[int, str]) -> bytes:
    """paths: the post path of each vacancy, by vacancy id."""
    return sheet_bytes("报名人员", APPLICANT_SHEET_COLUMNS, (_row(a, paths) for a in applications),
                       formats={3: "yyyy-mm-dd", 13: "yyyy-mm"}, freeze="C2")


VACANCY_SHEET_COLUMNS = ("岗位", "招聘名额", "报名", "符合", "待审核", "不符合", "开考比例")


def vacancies_xlsx(lines, paths: dict[int, str]) -> bytes:
    """The round's vacancies with their counts, as on the round page (lines: queries.VacancyLine)."""
    def row(line) -> list:
        exam = line.exam
        state = "已取消" if line.vacancy.cancelled else ("达到" if exam.ok else "未达到") + f" 1:{exam.ratio}"
        counts = line.counts
        return [paths[line.vacancy.post_id], line.vacancy.openings, counts.applicants, counts.eligible,
                counts.needs_review, counts.not_eligible, state]

    return sheet_bytes("招聘岗位", VACANCY_SHEET_COLUMNS, (row(line) for line in lines), widths=(34, 10, 8, 8, 8, 8, 14))


SCORE_COLUMNS = ("报名号", "姓名", "应聘岗位", "笔试成绩", "面试成绩", "加分")


def scores_xlsx(round_: RecruitmentRound, bonuses: dict[int, Decimal]) -> bytes:
    """The score sheet HR fills in and imports back (operations.import_scores reads it by 报名号 and the two
    scores; 加分 is shown for checking, recorded on the 加分 page). bonuses: 加分 by application id."""
    rows = ([application.id, application.applicant.name, vacancy.post.path, application.written_score,
             application.interview_score, float(bonuses.get(application.id, 0))]
            for vacancy in round_.vacancies for application in vacancy.applications
            if application.status == ApplicationStatus.ELIGIBLE)
    return sheet_bytes("成绩", SCORE_COLUMNS, rows, widths=(10, 12, 30, 12, 12, 8))
