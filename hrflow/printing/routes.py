"""PDF downloads: each handler loads its object, checks access, then renders the document and streams it.

URL (under /print)                                          handler                          who
/posts/<post>.pdf                                           post_description                 who may see the post
/departments/<department>.pdf                               department_booklet               HR; heads: their departments
/posts.pdf                                                  unit_booklet                     HR
/recruitment/<round>/vacancies.pdf                          recruitment_vacancies            HR; heads: their vacancies
/recruitment/<round>/review.pdf                             recruitment_review               as above
/recruitment/<round>/scores.pdf                             recruitment_scores               as above
/recruitment/<round>/publicity.pdf                          recruitment_publicity            as above
/recruitment/applications/<application>.pdf                recruitment_application          HR; heads: applications to their vacancies
/assessment/forms/<form>.pdf                                assessment_form                  the person; heads of the department; HR
/assessment/<year>/departments/<department>/forms.pdf       assessment_department_forms      HR; heads: their departments
/assessment/<year>/departments/<department>/summary.pdf     assessment_department_summary    HR; heads: their departments
/assessment/<year>/forms.pdf                                assessment_unit_forms            HR (also as a background job)
/assessment/<year>/summary.pdf                              assessment_unit_summary          HR

Employees get 403 where their role may not print; objects outside a user's reach answer 404. The person
reads the head's review and the grade on their own 登记表 only once the results are notified.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from flask import Blueprint, Response, abort
from flask_login import current_user, login_required

from hrflow.access import can_see_department, can_see_post, hr_required, require, staff_manager_required
from hrflow.assessment import access as assessment_access
from hrflow.assessment import queries as assessment_queries
from hrflow.extensions import db
from hrflow.models import Application, AssessmentCycle, Department, Post, RecruitmentRound
from hrflow.printing.documents import assessment as assessment_documents
from hrflow.printing.documents import posts as post_documents
from hrflow.printing.documents import recruitment as recruitment_documents
from hrflow.recruitment.access import can_see_application, visible_vacancies

bp = Blueprint("printing", __name__, url_prefix="/print")


def pdf_response(data: bytes, filename: str) -> Response:
    """Inline PDF with a UTF-8 file name (RFC 5987) and an ASCII fallback."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "document.pdf"
    if not ascii_name.lower().endswith(".pdf"):
        ascii_name = "document.pdf"
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response


def _visible_department(department_id: int) -> Department:
    department = db.get_or_404(Department, department_id)
    require(can_see_department(current_user, department))
    return department


def _file_part(path: str) -> str:
    """A department or post path as part of a file name: 成人部-流通部."""
    return path.replace("/", "-")


# ---------------------------------------------------------------- 岗位说明书

@bp.route("/posts/<int:post_id>.pdf")
@login_required
def post_description(post_id: int):
    post = db.get_or_404(Post, post_id)
    require(post.current is not None and can_see_post(current_user, post))
    data = post_documents.render_post_description_pdf(post)
    return pdf_response(data, f"岗位说明书-{_file_part(post.path)}.pdf")


@bp.route("/departments/<int:department_id>.pdf")
@staff_manager_required
def department_booklet(department_id: int):
    department = _visible_department(department_id)
    data = post_documents.render_post_booklet_pdf(department)
    return pdf_response(data, f"岗位说明书-{_file_part(department.path)}.pdf")


@bp.route("/posts.pdf")
@hr_required
def unit_booklet():
    return pdf_response(post_documents.render_post_booklet_pdf(None), "岗位说明书汇编.pdf")


# ---------------------------------------------------------------- recruitment forms

def _round_form(round_id: int, render: Callable, title: str):
    """A round's form holds the vacancies the user may see (a head: their departments'); none → 404."""
    round_ = db.get_or_404(RecruitmentRound, round_id)
    vacancies = visible_vacancies(current_user, round_)
    require(bool(vacancies))
    return pdf_response(render(round_, vacancies), f"{title}-{round_.name}.pdf")


@bp.route("/recruitment/<int:round_id>/vacancies.pdf")
@staff_manager_required
def recruitment_vacancies(round_id: int):
    return _round_form(round_id, recruitment_documents.render_vacancies_pdf, "招聘岗位表")


@bp.route("/recruitment/<int:round_id>/review.pdf")
@staff_manager_required
def recruitment_review(round_id: int):
    return _round_form(round_id, recruitment_documents.render_review_pdf, "资格审查结果名单")


@bp.route("/recruitment/<int:round_id>/scores.pdf")
@staff_manager_required
def recruitment_scores(round_id: int):
    return _round_form(round_id, recruitment_documents.render_scores_pdf, "成绩汇总")


@bp.route("/recruitment/<int:round_id>/publicity.pdf")
@staff_manager_required
def recruitment_publicity(round_id: int):
    return _round_form(round_id, recruitment_documents.render_publicity_pdf, "拟聘用人员公示")


@bp.route("/recruitment/applications/<int:application_id>.pdf")
@staff_manager_required
def recruitment_application(application_id: int):
    application = db.get_or_404(Application, application_id)
    require(can_see_application(current_user, application))
    name = f"报名表-{application.vacancy.round.name}-{application.applicant.name}.pdf"
    return pdf_response(recruitment_documents.render_application_pdf(application), name)


# ---------------------------------------------------------------- assessment forms

def _cycle(year: int) -> AssessmentCycle:
    cycle = assessment_queries.find_cycle(year)
    if cycle is None:
        abort(404)
    return cycle


@bp.route("/assessment/forms/<int:form_id>.pdf")
@login_required
def assessment_form(form_id: int):
    form = assessment_queries.get_assessment(form_id)
    require(form is not None and assessment_access.can_view_assessment(current_user, form))
    show_result = assessment_access.can_see_result(current_user, form)
    data = assessment_documents.render_assessment_form_pdf(form, show_result=show_result)
    return pdf_response(data, f"考核登记表-{form.cycle.year}-{form.employee.name}.pdf")


@bp.route("/assessment/<int:year>/departments/<int:department_id>/forms.pdf")
@staff_manager_required
def assessment_department_forms(year: int, department_id: int):
    cycle = _cycle(year)
    department = _visible_department(department_id)
    data = assessment_documents.render_assessment_forms_pdf(cycle, department)
    return pdf_response(data, f"考核登记表-{cycle.year}-{_file_part(department.path)}.pdf")


@bp.route("/assessment/<int:year>/departments/<int:department_id>/summary.pdf")
@staff_manager_required
def assessment_department_summary(year: int, department_id: int):
    cycle = _cycle(year)
    department = _visible_department(department_id)
    data = assessment_documents.render_assessment_summary_pdf(cycle, department)
    return pdf_response(data, f"考核结果汇总表-{cycle.year}-{_file_part(department.path)}.pdf")


@bp.route("/assessment/<int:year>/forms.pdf")
@hr_required
def assessment_unit_forms(year: int):
    cycle = _cycle(year)
    data = assessment_documents.render_assessment_forms_pdf(cycle, None)
    return pdf_response(data, f"考核登记表-{cycle.year}.pdf")


@bp.route("/assessment/<int:year>/summary.pdf")
@hr_required
def assessment_unit_summary(year: int):
    cycle = _cycle(year)
    data = assessment_documents.render_assessment_summary_pdf(cycle, None)
    return pdf_response(data, f"考核结果汇总表-{cycle.year}.pdf")
