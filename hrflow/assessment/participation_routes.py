"""Everyone can take part: pages on the assessment blueprint for paper self-summaries, late forms, refusals,
补定, leave and investigation records, refreshing the list, bulk logins and the per-department 优秀 places.

URL (under /assessment)                       method     handler               who
/forms/<form>/participation                   GET        participation         HR; heads of the department (not own)
/forms/<form>/paper-summary                   POST       paper_summary         HR; heads of the department (not own)
/forms/<form>/late                            POST       accept_late           HR
/forms/<form>/refusal                         POST       refusal               HR
/forms/<form>/backfill                        POST       backfill              HR
/<year>/refresh                               POST       cycle_refresh         HR: people added or removed before grading
/<year>/logins                                GET, POST  logins                HR: the POST answers the sealed slips (PDF)
/<year>/places                                GET, POST  department_places     HR: 优秀 places per department
/records                                      GET        records               HR: leave and investigation records
/records/import                               POST       records_import        HR
/records/<employee>                           GET        employee_records      HR
/records/<employee>/leave                     POST       leave_add             HR
/records/<employee>/investigation             POST       investigation_add     HR
/records/investigations/<record>/close        POST       investigation_close   HR

A form out of reach answers 404, one in reach whose action is not the user's 403 (as routes.py)."""

from __future__ import annotations

import io

from flask import abort, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from hrflow.access import hr_required, require, staff_manager_required
from hrflow.assessment import figures, grading, logins, operations, participation, queries, records
from hrflow.assessment import participation_forms as pforms
from hrflow.assessment.forms import ActionForm
from hrflow.assessment.routes import _cycle_page, _load_assessment, bp, load_cycle
from hrflow.extensions import db
from hrflow.models import Assessment, CycleStatus, Employee, FormStatus, SpecialCase
from hrflow.models.assessment import label
from hrflow.models.personnel_records import InvestigationRecord, LeaveRecord
from hrflow.web.handlers import Done, handle

PDF = "application/pdf"


# ---------------------------------------------------------------- one form: paper summary, late, refusal, 补定

def _participation_page(assessment, *, error: str | None = None, **bound):
    hr = current_user.is_hr
    step = CycleStatus(assessment.cycle.status)
    page_forms = {
        "paper_form": pforms.PaperSummaryForm(formdata=None),
        "late_form": pforms.LateForm(formdata=None),
        "refusal_form": pforms.RefusalForm(formdata=None),
        "backfill_form": pforms.BackfillForm(formdata=None),
    }
    page_forms.update(bound)
    return render_template(
        "assessment/participation.html", assessment=assessment, cycle=assessment.cycle, hr=hr, error=error,
        label=label, limit=_limit(),
        paper_open=step in operations.SELF_REVIEW_STEPS and assessment.form_status == FormStatus.DRAFT
        and assessment.special_case != SpecialCase.NOT_GRADED,
        late_open=hr and assessment.late_pending,
        refusal_open=hr and step in operations.SELF_REVIEW_STEPS and assessment.gradeable
        and assessment.refused_on is None,
        backfill_open=hr and assessment.special_case == SpecialCase.DEFERRED
        and step not in (CycleStatus.OPEN, CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW),
        **page_forms)


def _limit() -> int:
    return current_app.config["ASSESSMENT_SUMMARY_MAX_CHARS"]


def _load_for_paper(form_id: int):
    assessment = _load_assessment(form_id)
    if not participation.can_enter_paper_summary(current_user, assessment):
        abort(403)
    return assessment


def _on_page(assessment, form, name: str, act):
    return handle(form, lambda: Done(url_for(".participation_page", form_id=assessment.id), act()),
                  page=lambda error: _participation_page(assessment, error=error, **{name: form}))


@bp.route("/forms/<int:form_id>/participation")
@staff_manager_required
def participation_page(form_id: int):
    return _participation_page(_load_for_paper(form_id))


@bp.route("/forms/<int:form_id>/paper-summary", methods=["POST"])
@staff_manager_required
def paper_summary(form_id: int):
    assessment = _load_for_paper(form_id)
    form = pforms.PaperSummaryForm()

    def act() -> str:
        participation.enter_paper_summary(assessment, form.summary.data, actor=current_user,
                                          received_on=form.received_on.data)
        return _("已录入 %(name)s 的纸质个人总结并提交。", name=assessment.employee.name)

    return _on_page(assessment, form, "paper_form", act)


@bp.route("/forms/<int:form_id>/late", methods=["POST"])
@hr_required
def accept_late(form_id: int):
    assessment = _load_assessment(form_id)
    form = pforms.LateForm()

    def act() -> str:
        participation.accept_late(assessment, actor=current_user, reason=form.reason.data)
        return _("已接受 %(name)s 逾期提交的考核表。", name=assessment.employee.name)

    return _on_page(assessment, form, "late_form", act)


@bp.route("/forms/<int:form_id>/refusal", methods=["POST"])
@hr_required
def refusal(form_id: int):
    assessment = _load_assessment(form_id)
    form = pforms.RefusalForm()

    def act() -> str:
        participation.record_refusal(assessment, form.talked_on.data, form.note.data, actor=current_user)
        return _("已记录 %(name)s 拒不参加考核，建议等次：不合格。", name=assessment.employee.name)

    return _on_page(assessment, form, "refusal_form", act)


@bp.route("/forms/<int:form_id>/backfill", methods=["POST"])
@hr_required
def backfill(form_id: int):
    assessment = _load_assessment(form_id)
    form = pforms.BackfillForm()

    def act() -> str:
        participation.backfill_grade(assessment, form.grade.data, actor=current_user, reason=form.reason.data)
        return _("已补定 %(name)s 的等次：%(grade)s。", name=assessment.employee.name,
                 grade=label("grade", assessment.grade))

    return _on_page(assessment, form, "backfill_form", act)


# ---------------------------------------------------------------- the cycle: refresh, logins, places

@bp.route("/<int:year>/refresh", methods=["POST"])
@hr_required
def cycle_refresh(year: int):
    cycle = load_cycle(year)
    form = ActionForm()

    def act() -> Done:
        added, removed = operations.refresh_cycle(cycle, actor=current_user)
        return Done(url_for(".cycle", year=cycle.year),
                    _("已更新考核名单：新增 %(added)s 人，移出 %(removed)s 人。", added=len(added), removed=len(removed)))

    return handle(form, act, page=lambda error: _cycle_page(cycle, error=error))


@bp.route("/<int:year>/logins", methods=["GET", "POST"])
@hr_required
def logins_page(year: int):
    cycle = load_cycle(year)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        slips = logins.create_logins(cycle, actor=current_user)
        if slips:
            pdf = logins.render_slips_pdf(slips, url_for("auth.login", _external=True))
            return send_file(io.BytesIO(pdf), mimetype=PDF, as_attachment=True,
                             download_name=f"{cycle.year}年度考核初始账号.pdf")
    return render_template("assessment/logins.html", cycle=cycle, people=logins.without_login(cycle),
                           form=ActionForm(formdata=None), label=label,
                           done=request.method == "POST")


@bp.route("/<int:year>/places", methods=["GET", "POST"])
@hr_required
def department_places(year: int):
    cycle = load_cycle(year)
    shares = figures.department_quotas(cycle)
    departments = [s.department for s in shares]
    form = pforms.places_form(departments, cycle.department_places or {},
                              **({"formdata": None} if request.method == "GET" else {}))

    def act() -> Done:
        grading.set_department_places(cycle, form.places(), actor=current_user)
        return Done(url_for(".department_places", year=cycle.year), _("已保存各部门优秀名额。"))

    return handle(form, act, page=lambda error: render_template(
        "assessment/places.html", cycle=cycle, form=form, shares=shares, error=error,
        quota=figures.quota_summary(cycle), explanation=grading.quota_explanation(cycle), label=label))


# ---------------------------------------------------------------- leave and investigation records

def _employee(employee_id: int) -> Employee:
    employee = db.session.get(Employee, employee_id)
    if employee is None:
        abort(404)
    return employee


@bp.route("/records")
@hr_required
def records_page():
    return _records_page()


def _records_page(upload=None, error: str | None = None):
    leaves = db.session.scalars(select(LeaveRecord).order_by(LeaveRecord.start_date.desc()).limit(200)).all()
    cases = db.session.scalars(select(InvestigationRecord).order_by(InvestigationRecord.opened_on.desc())
                               .limit(200)).all()
    return render_template("assessment/records.html", leaves=leaves, cases=cases, error=error,
                           upload=upload or pforms.LeaveImportForm(formdata=None), cycle=queries.latest_cycle())


@bp.route("/records/import", methods=["POST"])
@hr_required
def records_import():
    upload = pforms.LeaveImportForm()

    def act() -> Done:
        name = (upload.sheet.data.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255] or "upload.xlsx"
        count = records.import_leaves(upload.sheet.data.read(), name, actor=current_user)
        return Done(url_for(".records_page"), _("已导入请假记录 %(n)s 条。", n=count))

    def page(error):
        if error:
            upload.sheet.errors.append(error)
        return _records_page(upload)

    return handle(upload, act, page=page)


def _employee_page(employee: Employee, *, error: str | None = None, **bound):
    page_forms = {"leave_form": pforms.LeaveForm(formdata=None), "case_form": pforms.InvestigationForm(formdata=None)}
    page_forms.update(bound)
    cases = records.investigation_records(employee)
    close_forms = {c.id: bound.get(f"close_{c.id}") or pforms.CloseInvestigationForm(formdata=None, prefix=f"c{c.id}")
                   for c in cases if c.closed_on is None}
    cycle = queries.latest_cycle()
    form_in_cycle = db.session.scalar(select(Assessment).where(Assessment.cycle_id == cycle.id,
                                                               Assessment.employee_id == employee.id)) if cycle else None
    return render_template("assessment/employee_records.html", employee=employee, leaves=records.leave_records(employee),
                           cases=cases, close_forms=close_forms, error=error, label=label, cycle=cycle,
                           form_in_cycle=form_in_cycle, **page_forms)


@bp.route("/records/<int:employee_id>")
@hr_required
def employee_records(employee_id: int):
    return _employee_page(_employee(employee_id))


@bp.route("/records/<int:employee_id>/leave", methods=["POST"])
@hr_required
def leave_add(employee_id: int):
    employee = _employee(employee_id)
    form = pforms.LeaveForm()

    def act() -> Done:
        records.add_leave(employee, form.kind.data, form.start.data, form.end.data, actor=current_user,
                          note=form.note.data)
        return Done(url_for(".employee_records", employee_id=employee.id), _("已登记请假。"))

    return handle(form, act, page=lambda error: _employee_page(employee, error=error, leave_form=form))


@bp.route("/records/<int:employee_id>/investigation", methods=["POST"])
@hr_required
def investigation_add(employee_id: int):
    employee = _employee(employee_id)
    form = pforms.InvestigationForm()

    def act() -> Done:
        records.open_investigation(employee, form.opened_on.data, actor=current_user, note=form.note.data)
        return Done(url_for(".employee_records", employee_id=employee.id), _("已登记立案审查调查。"))

    return handle(form, act, page=lambda error: _employee_page(employee, error=error, case_form=form))


@bp.route("/records/investigations/<int:record_id>/close", methods=["POST"])
@hr_required
def investigation_close(record_id: int):
    record = db.session.get(InvestigationRecord, record_id)
    require(record is not None)
    form = pforms.CloseInvestigationForm(prefix=f"c{record.id}")

    def act() -> Done:
        records.close_investigation(record, form.closed_on.data, form.outcome.data, actor=current_user)
        return Done(url_for(".employee_records", employee_id=record.employee_id), _("已登记结案。"))

    return handle(form, act, page=lambda error: _employee_page(record.employee, error=error,
                                                               **{f"close_{record.id}": form}))
