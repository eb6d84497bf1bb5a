"""Recruitment forms, each a pure function of the round (or application) it prints:
招聘岗位表, 报名表/资格审查表, 资格审查结果名单, 成绩汇总, 拟聘用人员公示.

Round forms take the vacancies to print, so a department head's copy holds only their departments' posts."""

from __future__ import annotations

from dataclasses import dataclass

from hrflow.models import Application, ApplicationStatus, RecruitmentRound, Vacancy
from hrflow.models.base import chinese
from hrflow.models.recruitment import VERDICT_LABELS
from hrflow.pdf.render import render_html_to_pdf
from hrflow.printing.documents import document_html
from hrflow.recruitment import queries


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

def application_html(application: Application) -> str:
    return _html("application", application=application, person=application.applicant,
                 round=application.vacancy.round, rows=queries.verdict_rows(application))


def render_application_pdf(application: Application) -> bytes:
    return render_html_to_pdf(application_html(application))


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
    return _html("scores", round=round_, rankings=queries.rankings(_chosen(round_, vacancies)))


def render_scores_pdf(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> bytes:
    return render_html_to_pdf(scores_html(round_, vacancies))


def publicity_html(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> str:
    return _html("publicity", round=round_, hires=queries.hires(_chosen(round_, vacancies)))


def render_publicity_pdf(round_: RecruitmentRound, vacancies: list[Vacancy] | None = None) -> bytes:
    return render_html_to_pdf(publicity_html(round_, vacancies))
