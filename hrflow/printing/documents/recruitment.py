"""Recruitment forms, each a pure function of the round (or application) it prints:
招聘岗位表, 报名表/资格审查表 (one, or every application of a round as a batch), 资格审查结果名单, 成绩汇总,
拟聘用人员公示.

Round forms take the vacancies to print, so a department head's copy holds only their departments' posts.
A round's 报名表 are rendered in chunks and joined (hrflow.pdf.batch): a bookmark per post and per applicant."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from hrflow.extensions import db
from hrflow.models import Applicant, Application, ApplicationStatus, RecruitmentRound, Vacancy
from hrflow.models.base import chinese
from hrflow.models.recruitment import VERDICT_LABELS
from hrflow.pdf.batch import Batch, BatchItem, BatchReport, chunk_kind, item_anchor, render_batch
from hrflow.pdf.render import render_html_to_pdf
from hrflow.printing.documents import document_html
from hrflow.printing.queries import applications_in_order
from hrflow.recruitment import exam, queries


def _html(template: str, **context) -> str:
    verdict_text = {value: chinese(text) for value, text in VERDICT_LABELS.items()}  # printed forms are Chinese
    return document_html(f"recruitment_{template}", verdict_text=verdict_text, **context)


def _chosen(round_: RecruitmentRound, vacancies: list[Vacancy] | None) -> list[Vacancy]:
    return list(round_.vacancies) if vacancies is None else vacancies


# ---------------------------------------------------------------- 招聘岗位表

def announced_requirements(vacancy: Vacancy) -> list[str]:
    """What the announcement lists: the post's requirements, or HR's corrected sentences when HR corrected them."""
    return queries.rule_sentences(vacancy.rules) if vacancy.rules_reason else list(vacancy.requirements or [])


def vacancies_html(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> str:
    chosen = _chosen(round_, vacancies)
    return _html("vacancies", round=round_, vacancies=chosen, requirements=announced_requirements,
                 openings=sum(v.openings for v in chosen if not v.cancelled))


def render_vacancies_pdf(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> bytes:
    return render_html_to_pdf(vacancies_html(round_, vacancies))


# ---------------------------------------------------------------- 报名表 / 资格审查表

@dataclass
class HistoryLine:
    """One line of 学习及工作经历: what hrflow knows; the rest the applicant writes by hand."""

    when: str
    where: str
    what: str


# Lines of 学习及工作经历 on the form, those hrflow knows included: the others stay blank, ruled for the pen.
HISTORY_ROWS = 4


def history_lines(person: Applicant) -> list[HistoryLine]:
    """The education and the working years hrflow holds, as lines of 学习及工作经历."""
    lines = []
    mode = f"（{person.study_mode}）" if person.study_mode and person.education else ""
    studied = "、".join(part for part in ((person.education or "") + mode, person.degree) if part)
    if studied or person.major:
        lines.append(HistoryLine("", f"{person.major}专业" if person.major else "", studied))
    years = f"累计工作年限 {person.years_experience:g} 年" if person.years_experience is not None else ""
    if person.work_start:
        lines.append(HistoryLine(f"{person.work_start:%Y.%m} 参加工作", years, person.title or ""))
    elif years:
        lines.append(HistoryLine("", years, person.title or ""))
    return lines


@dataclass
class ApplicationSheet:
    """One 报名表 as printed (templates/printing/_application.html)."""

    application: Application
    person: Applicant
    rows: list[queries.VerdictRow]
    history: list[HistoryLine]
    history_rows: int


def application_sheet(application: Application) -> ApplicationSheet:
    history = history_lines(application.applicant)
    return ApplicationSheet(application, application.applicant, queries.verdict_rows(application), history,
                            max(HISTORY_ROWS, len(history)))


def application_html(application: Application) -> str:
    return _html("application", sheet=application_sheet(application), round=application.vacancy.round)


def render_application_pdf(application: Application) -> bytes:
    return render_html_to_pdf(application_html(application))


def round_applications(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> list[Application]:
    """Every application to the chosen vacancies, post after post (as the 资格审查结果名单 lists them)."""
    return [application for vacancy in _chosen(round_, vacancies) for application in vacancy.applications]


def applications_html(round_: RecruitmentRound, applications: list[Application], title: str) -> str:
    return _html("applications", round=round_, sheets=[application_sheet(a) for a in applications], title=title,
                 anchor=item_anchor)


def _applications_title(round_: RecruitmentRound) -> str:
    return f"报名表 {round_.name}"


def render_applications_pdf(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> bytes:
    """A round's 报名表 as one document rendered at once (what the batch must equal)."""
    return render_html_to_pdf(applications_html(round_, round_applications(round_, vacancies),
                                                _applications_title(round_)))


@chunk_kind("recruitment_applications")
def _applications_chunk(params: dict, keys: list[int]) -> str:
    round_ = db.session.get(RecruitmentRound, params["round_id"])
    return applications_html(round_, applications_in_order(keys), params["title"])


def applications_batch(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> Batch:
    title = _applications_title(round_)
    return Batch("recruitment_applications", {"round_id": round_.id, "title": title},
                 [BatchItem(a.id, a.vacancy.post.path, a.applicant.name) for a in round_applications(round_, vacancies)],
                 title)


def write_applications_pdf(round_: RecruitmentRound, vacancies: list[Vacancy] | None, output,
                           **options) -> BatchReport:
    """A round's 报名表 written into `output` (a binary file); options as hrflow.pdf.batch.render_batch."""
    return render_batch(applications_batch(round_, vacancies), output, **options)


# ---------------------------------------------------------------- 资格审查结果名单

@dataclass
class ReviewBlock:
    vacancy: Vacancy
    applications: list[Application]
    counts: queries.Counts


def _basis(row: queries.VerdictRow) -> str:
    """Why a rule stands as it does: HR's reason where HR decided (the automatic evidence may say the opposite)."""
    return f"人事认定：{row.decision.reason}" if row.decision else row.evidence


def review_note(application: Application) -> str:
    """Why an application is not (yet) eligible: the rules not met, or those still to decide."""
    rows = [row for row in queries.verdict_rows(application) if row.required]
    if application.status == ApplicationStatus.NOT_ELIGIBLE:
        return "；".join(f"{row.text}（{_basis(row)}）" for row in rows if row.effective == "not_met")
    if application.status == ApplicationStatus.NEEDS_REVIEW:
        return "待审核：" + "；".join(row.text for row in rows if row.pending)
    return ""


def review_html(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> str:
    blocks = []
    for vacancy in _chosen(round_, vacancies):
        counts = queries.Counts()
        for application in vacancy.applications:
            counts.add(application.status, 1)
        blocks.append(ReviewBlock(vacancy, list(vacancy.applications), counts))
    return _html("review", round=round_, blocks=blocks, note=review_note)


def render_review_pdf(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> bytes:
    return render_html_to_pdf(review_html(round_, vacancies))


# ---------------------------------------------------------------- 成绩汇总, 拟聘用人员公示

def scores_html(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> str:
    return _html("scores", round=round_, rankings=queries.rankings(_chosen(round_, vacancies)),
                 settings_text=exam.settings_text, standings=exam.standings)


def render_scores_pdf(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> bytes:
    return render_html_to_pdf(scores_html(round_, vacancies))


def publicity_html(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> str:
    """The round's list, then the 递补公示 of hires proposed after it began (each with its own period; one
    whose 公示 is not yet published is not printed). Dated the day it was published, not the day printed."""
    hires = queries.hires(_chosen(round_, vacancies))
    return _html("publicity", round=round_, hires=[a for a in hires if not a.own_publicity],
                 replacements=[a for a in hires if a.own_publicity and a.publicity_start is not None],
                 phone=current_app.config.get("SUPERVISION_PHONE") or "")


def render_publicity_pdf(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> bytes:
    return render_html_to_pdf(publicity_html(round_, vacancies))
