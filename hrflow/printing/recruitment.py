"""Recruitment forms as PDF: 招聘岗位表, 报名表/资格审查表, 资格审查结果名单, 成绩汇总, 拟聘用人员公示.

URL (under /print/recruitment)           handler                     who
/<round>/vacancies.pdf                   recruitment_vacancies       HR; heads: their departments' vacancies
/<round>/review.pdf                      recruitment_review          as above
/<round>/scores.pdf                      recruitment_scores          as above
/<round>/publicity.pdf                   recruitment_publicity       as above
/applications/<application>.pdf          recruitment_application     HR; heads: applications to their vacancies

Employees get 403; rounds and applications outside a head's departments answer 404."""

from __future__ import annotations

from collections.abc import Callable

from flask_login import current_user

from hrflow.access import require, staff_manager_required
from hrflow.extensions import db
from hrflow.models import Application, RecruitmentRound
from hrflow.printing import bp
from hrflow.printing.routes import pdf_response
from hrflow.recruitment import printing as forms
from hrflow.recruitment.access import can_see_application, visible_vacancies


def _round_form(round_id: int, render: Callable, title: str):
    round_ = db.get_or_404(RecruitmentRound, round_id)
    vacancies = visible_vacancies(current_user, round_)
    require(bool(vacancies))
    return pdf_response(render(round_, vacancies), f"{title}-{round_.name}.pdf")


@bp.route("/recruitment/<int:round_id>/vacancies.pdf")
@staff_manager_required
def recruitment_vacancies(round_id: int):
    return _round_form(round_id, forms.render_vacancies_pdf, "招聘岗位表")


@bp.route("/recruitment/<int:round_id>/review.pdf")
@staff_manager_required
def recruitment_review(round_id: int):
    return _round_form(round_id, forms.render_review_pdf, "资格审查结果名单")


@bp.route("/recruitment/<int:round_id>/scores.pdf")
@staff_manager_required
def recruitment_scores(round_id: int):
    return _round_form(round_id, forms.render_scores_pdf, "成绩汇总")


@bp.route("/recruitment/<int:round_id>/publicity.pdf")
@staff_manager_required
def recruitment_publicity(round_id: int):
    return _round_form(round_id, forms.render_publicity_pdf, "拟聘用人员公示")


@bp.route("/recruitment/applications/<int:application_id>.pdf")
@staff_manager_required
def recruitment_application(application_id: int):
    application = db.get_or_404(Application, application_id)
    require(can_see_application(current_user, application))
    name = f"报名表-{application.vacancy.round.name}-{application.applicant.name}.pdf"
    return pdf_response(forms.render_application_pdf(application), name)
