"""PDF downloads: each handler loads its object, checks access, then renders the document and streams it.

URL (under /print)                                          handler                          who
/posts/<post>.pdf                                           post_description                 who may see the post
/departments/<department>.pdf                               department_booklet               HR; heads: their departments
/posts.pdf                                                  unit_booklet                     HR
/recruitment/<round>/vacancies.pdf                          recruitment_vacancies            HR; heads: their vacancies
/recruitment/<round>/review.pdf                             recruitment_review               as above
/recruitment/<round>/scores.pdf                             recruitment_scores               as above
/recruitment/<round>/publicity.pdf                          recruitment_publicity            as above
/recruitment/<round>/applications.pdf                       recruitment_applications         as above (every 报名表)
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

import tempfile
from collections.abc import Callable
from typing import BinaryIO

from flask import Blueprint
from flask_login import current_user, login_required

from hrflow.access import (
    can_see_post,
    hr_required,
    require,
    staff_manager_required,
    visible,
    visible_department,
)
from hrflow.assessment import access as assessment_access
from hrflow.assessment import queries as assessment_queries
from hrflow.assessment.routes import load_cycle
from hrflow.extensions import db
from hrflow.models import Application, AssessmentCycle, Post, RecruitmentRound
from hrflow.printing.documents import assessment as assessment_documents
from hrflow.printing.documents import posts as post_documents
from hrflow.printing.documents import recruitment as recruitment_documents
from hrflow.recruitment.access import can_see_application, visible_vacancies
from hrflow.web.responses import pdf_response

bp = Blueprint("printing", __name__, url_prefix="/print")


def _file_part(path: str) -> str:
    """A department or post path as part of a file name: 成人部-流通部."""
    return path.replace("/", "-")


def _batch_file(write: Callable, *args) -> BinaryIO:
    """A batch (booklet, forms of a unit) in an unnamed temporary file (gone when closed), rendered in chunks
    by `write(*args, file)`."""
    file = tempfile.TemporaryFile()
    try:
        write(*args, file)
    except BaseException:
        file.close()
        raise
    return file


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
    department = visible_department(department_id)
    data = _batch_file(post_documents.write_post_booklet_pdf, department)
    return pdf_response(data, f"岗位说明书-{_file_part(department.path)}.pdf")


@bp.route("/posts.pdf")
@hr_required
def unit_booklet():
    return pdf_response(_batch_file(post_documents.write_post_booklet_pdf, None), "岗位说明书汇编.pdf")


# ---------------------------------------------------------------- recruitment forms

def _applications_file(round_: RecruitmentRound, vacancies: list) -> BinaryIO:
    """Every 报名表 of the vacancies, rendered in chunks."""
    return _batch_file(recruitment_documents.write_applications_pdf, round_, vacancies)


# A round's forms: (handler, file in the URL, render(round, vacancies), title in the file name).
ROUND_FORMS = (
    ("recruitment_vacancies", "vacancies", recruitment_documents.render_vacancies_pdf, "招聘岗位表"),
    ("recruitment_review", "review", recruitment_documents.render_review_pdf, "资格审查结果名单"),
    ("recruitment_scores", "scores", recruitment_documents.render_scores_pdf, "成绩汇总"),
    ("recruitment_publicity", "publicity", recruitment_documents.render_publicity_pdf, "拟聘用人员公示"),
    ("recruitment_applications", "applications", _applications_file, "报名表"),
)


def _round_form(render: Callable, title: str) -> Callable:
    """The handler of one form: it holds the vacancies the user may see (a head: their departments'); none → 404."""

    def handler(round_id: int):
        round_ = db.get_or_404(RecruitmentRound, round_id)
        vacancies = visible_vacancies(current_user, round_)
        require(bool(vacancies))
        return pdf_response(render(round_, vacancies), f"{title}-{round_.name}.pdf")

    return handler


for _endpoint, _file, _render, _title in ROUND_FORMS:
    bp.add_url_rule(f"/recruitment/<int:round_id>/{_file}.pdf", _endpoint,
                    staff_manager_required(_round_form(_render, _title)))


@bp.route("/recruitment/applications/<int:application_id>.pdf")
@staff_manager_required
def recruitment_application(application_id: int):
    application = visible(Application, application_id, can_see_application)
    name = f"报名表-{application.vacancy.round.name}-{application.applicant.name}.pdf"
    return pdf_response(recruitment_documents.render_application_pdf(application), name)


# ---------------------------------------------------------------- assessment forms

@bp.route("/assessment/forms/<int:form_id>.pdf")
@login_required
def assessment_form(form_id: int):
    form = assessment_queries.get_assessment(form_id)
    require(form is not None and assessment_access.can_view_assessment(current_user, form))
    show_result = assessment_access.can_see_result(current_user, form)
    data = assessment_documents.render_assessment_form_pdf(form, show_result=show_result)
    return pdf_response(data, f"考核登记表-{form.cycle.year}-{form.employee.name}.pdf")


def _forms_file(cycle: AssessmentCycle, department) -> BinaryIO:
    """The batch of 登记表, rendered in chunks."""
    return _batch_file(assessment_documents.write_assessment_forms_pdf, cycle, department)


# A cycle's forms and summary, of one department or of the whole unit: (handler, URL after
# /assessment/<year>, who may print, render(cycle, department or None), title in the file name).
CYCLE_DOCUMENTS = (
    ("assessment_department_forms", "/departments/<int:department_id>/forms.pdf", staff_manager_required,
     _forms_file, "考核登记表"),
    ("assessment_department_summary", "/departments/<int:department_id>/summary.pdf", staff_manager_required,
     assessment_documents.render_assessment_summary_pdf, "考核结果汇总表"),
    ("assessment_unit_forms", "/forms.pdf", hr_required, _forms_file, "考核登记表"),
    ("assessment_unit_summary", "/summary.pdf", hr_required, assessment_documents.render_assessment_summary_pdf,
     "考核结果汇总表"),
)


def _cycle_document(render: Callable, title: str) -> Callable:
    """The handler of one document: a department's (heads: their departments only), else the whole unit's."""

    def handler(year: int, department_id: int | None = None):
        cycle = load_cycle(year)
        department = visible_department(department_id) if department_id is not None else None
        place = f"-{_file_part(department.path)}" if department else ""
        return pdf_response(render(cycle, department), f"{title}-{cycle.year}{place}.pdf")

    return handler


for _endpoint, _path, _who, _render, _title in CYCLE_DOCUMENTS:
    bp.add_url_rule(f"/assessment/<int:year>{_path}", _endpoint, _who(_cycle_document(_render, _title)))
