"""Assessment pages: HR runs the year's cycle; heads review their departments; employees their own assessment.

URL (under /assessment)                       method     handler          who
/                                             GET        index            everyone signed in: HR → the cycle, heads →
                                                                          their department, employees → their own
/cycles                                       GET        cycles           HR
/cycles/new                                   GET, POST  cycle_new        HR
/<year>                                       GET        cycle            HR
/<year>/advance                               POST       cycle_advance    HR: the next step, confirmed
/<year>/settings                              GET, POST  cycle_settings   HR: quota and deadlines, while they may change
/<year>/decision[/<department>]               GET, POST  decision         HR: every grade of the page saved together
/<year>/export.xlsx                           GET        export           HR
/<year>/import                                POST       import_grades    HR
/<year>/excellent                             GET        excellent        HR; everyone once the list is published
/<year>/appeals                               GET        appeals          HR
/<year>/print-job                             POST       print_job        HR: the unit's 登记表 in the background
/<year>/departments/<department>              GET        department       HR; heads: their departments
/forms/<form>                                 GET        form             HR; heads of the department; the person
/forms/<form>/review                          GET, POST  review           HR; heads of the department (not their own):
                                                                          review_routes.py
/forms/<form>/self-summary                    POST       self_summary     the person
/forms/<form>/acknowledge                     POST       acknowledge      the person
/forms/<form>/appeal                          POST       appeal           the person
/forms/<form>/appeal-outcome                  POST       appeal_outcome   HR
/forms/<form>/special-case                    POST       special_case     HR
/forms/<form>/reopen                          POST       reopen           HR
/forms/<form>/amend                           POST       amend            HR, archived cycles only

(<form> is an assessment's id: the URLs keep the name of the printed 考核表.) Assessments outside a user's
reach answer 404; one in reach whose action is not theirs answers 403. Every POST goes through
hrflow.web.handlers.handle: validate → call the operation → redirect, or the same page again with the refusal.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from hrflow.access import can_see_department, hr_required, require, staff_manager_required, visible_department
from hrflow.assessment import (
    access,
    ballots,
    figures,
    forms,
    grading,
    head_review,
    operations,
    quarterly,
    queries,
    reminders,
    review_aids,
    sheets,
)
from hrflow.clock import unit_today
from hrflow.errors import DomainError
from hrflow.jobs.services import submit
from hrflow.models import (
    Assessment,
    AssessmentCycle,
    CycleStatus,
    Department,
    FormStatus,
    SpecialCase,
    working_days,
)
from hrflow.models.assessment import label
from hrflow.models.org import department_tree
from hrflow.web.badges import StateBadges
from hrflow.web.handlers import Done, handle
from hrflow.web.pagination import paginate_list

bp = Blueprint("assessment", __name__, url_prefix="/assessment")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Once the 优秀 list is published everybody in the unit may read it.
PUBLISHED = (CycleStatus.PUBLICITY, CycleStatus.ACKNOWLEDGEMENT, CycleStatus.ARCHIVED)
SETTINGS_STEPS = (CycleStatus.OPEN, CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)
# HR's three forms on one assessment's page each carry a "reason": prefixes keep their ids apart.
SPECIAL_PREFIX, REOPEN_PREFIX, AMEND_PREFIX = "special", "reopen", "amend"


_BADGE = StateBadges(label)
# The cycle's header and the other pieces of assessment/_macros.html, imported without context, read these.
bp.add_app_template_global(label, "assessment_label")
bp.add_app_template_global(_BADGE, "assessment_badge")


@bp.context_processor
def _helpers() -> dict:
    return {"label": label, "badge": _BADGE,
            "can_manage": current_user.is_authenticated and access.can_manage_assessment(current_user),
            "duty_field": forms.duty_field, "dimension_field": forms.dimension_field, "grade_field": forms.grade_field,
            "note_field": forms.note_field, "shown_field": forms.shown_field}


# ---------------------------------------------------------------- loading and checking

def load_cycle(year: int, *, with_ballots: bool = False, with_tree: bool = False) -> AssessmentCycle:
    cycle = queries.find_cycle(year, with_ballots=with_ballots, with_tree=with_tree)
    if cycle is None:
        abort(404)
    return cycle


def _load_assessment(assessment_id: int) -> Assessment:
    """The assessment, when the user may see it at all (else 404)."""
    assessment = queries.get_assessment(assessment_id)
    require(assessment is not None and access.can_view_assessment(current_user, assessment))
    return assessment


def _allow(allowed: bool) -> None:
    """The assessment is in reach but this action is somebody else's: 403."""
    if not allowed:
        abort(403)


def _home_department(assessment: Assessment) -> Department:
    """The department page an assessment belongs to for this user: the headed department holding it, else its top."""
    for department in current_user.departments if current_user.role == "head" else []:
        if assessment.department_id in department.subtree_ids():
            return department
    return assessment.department.top


# ---------------------------------------------------------------- where each role starts

@bp.route("/")
@login_required
def index():
    cycle = queries.latest_cycle()
    if access.can_manage_assessment(current_user):
        return redirect(url_for(".cycle", year=cycle.year) if cycle else url_for(".cycles"))
    if cycle is None:
        return render_template("assessment/index.html", cycle=None)
    own = queries.own_assessment(cycle, current_user)
    headed = list(current_user.departments) if current_user.role == "head" else []
    if len(headed) == 1:
        return redirect(url_for(".department", year=cycle.year, department_id=headed[0].id))
    if not headed and own is not None:
        return redirect(url_for(".form", form_id=own.id))
    reason = None
    if own is None and current_user.employee is not None:
        reason = next((p.reason for p in queries.non_participants(cycle)
                       if p.staff_no == current_user.employee.staff_no), None)
    return render_template("assessment/index.html", cycle=cycle, own=own, headed=headed, reason=reason,
                           other_years=queries.own_assessments(current_user, besides=cycle))


# ---------------------------------------------------------------- cycles (HR)

@bp.route("/cycles")
@hr_required
def cycles():
    found = queries.list_cycles()
    return render_template("assessment/cycles.html", cycles=[(c, figures.quota_summary(c)) for c in found])


@bp.route("/cycles/new", methods=["GET", "POST"])
@hr_required
def cycle_new():
    latest = queries.latest_cycle()
    form = forms.OpenCycleForm(data={"year": (latest.year + 1) if latest else None})

    def open_cycle() -> Done:
        opened = operations.open_cycle(
            form.year.data, actor=current_user, cycle_date=form.cycle_date.data,
            excellent_rate=form.excellent_rate.data, rounding=form.rounding.data,
            self_review_deadline=form.self_review_deadline.data,
            head_review_deadline=form.head_review_deadline.data, decision_deadline=form.decision_deadline.data,
            approval=form.approval(), approval_date=form.raised_approved_on.data)
        operations.update_settings(opened.cycle, form.settings(), actor=current_user)
        quota = figures.quota_summary(opened.cycle)
        special = quota.participants - quota.base
        return Done(url_for(".cycle", year=opened.cycle.year),
                    _("已开启 %(year)s 年度考核：参加 %(n)s 人，其中不定等次 %(special)s 人；另有 %(out)s 人不参加。"
                      "优秀名额 %(quota)s 人。", year=opened.cycle.year, n=quota.participants, special=special,
                      out=len(opened.excluded) - special, quota=quota.quota))

    return handle(form, open_cycle, page=lambda error: render_template("assessment/cycle_new.html", form=form,
                                                                       error=error))


def _cycle_page(cycle: AssessmentCycle, *, advance_form: forms.AdvanceForm | None = None,
                error: str | None = None) -> str:
    following = queries.next_status(cycle)
    counts = figures.cycle_counts(cycle)
    by_department = counts.by_department
    progress = figures.Progress.combined(p for _department, p in by_department)
    advance_form = advance_form or forms.AdvanceForm(formdata=None)
    if following is not None:
        advance_form.to.data = following.value  # the page offers the one legal step, whatever was posted
    publicity = (working_days(unit_today(), cycle.publicity_days)
                 if following == CycleStatus.PUBLICITY else None)
    return render_template(
        "assessment/cycle.html", cycle=cycle, flow=cycle.flow(), next_status=following, publicity=publicity,
        quota=figures.quota_summary(cycle, progress), progress=progress, by_department=by_department,
        special=queries.special_cases(cycle), outside=queries.non_participants(cycle),
        advance_form=advance_form, settings_open=_settings_open(cycle), print_form=forms.ActionForm(formdata=None),
        quota_explanation=grading.quota_explanation(cycle, progress), refresh_form=forms.ActionForm(formdata=None),
        refresh_open=cycle.status in (CycleStatus.OPEN, CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW),
        error=error, steps=figures.checked_flow(cycle, progress, unit_today()), published=cycle.status in PUBLISHED,
        unheaded=review_aids.unheaded_departments(cycle, counts.rated) if _settings_open(cycle) else [],
        reminders=reminders.plan(cycle), remind_form=forms.ActionForm(formdata=None),
    )


def _settings_open(cycle: AssessmentCycle) -> bool:
    return CycleStatus(cycle.status) in SETTINGS_STEPS


@bp.route("/<int:year>")
@hr_required
def cycle(year: int):
    return _cycle_page(load_cycle(year, with_tree=True))  # its departments in table order


@bp.route("/<int:year>/advance", methods=["POST"])
@hr_required
def cycle_advance(year: int):
    cycle = load_cycle(year)
    form = forms.AdvanceForm()

    def advance() -> Done:
        before = cycle.status
        operations.advance(cycle, form.to.data, actor=current_user, on=form.step_date())
        flash(_("%(year)s 年度考核已从“%(before)s”进入“%(after)s”阶段。", year=cycle.year,
                before=label("cycle_status", before), after=label("cycle_status", cycle.status)), "success")
        if cycle.status != CycleStatus.PUBLICITY:
            return Done(url_for(".cycle", year=cycle.year))
        return Done(url_for(".cycle", year=cycle.year), _("优秀名单公示期：%(start)s 至 %(end)s。",
                    start=cycle.publicity_start.isoformat(), end=cycle.publicity_end.isoformat()), "info")

    return handle(form, advance, page=lambda error: _cycle_page(cycle, advance_form=form, error=error),
                  refused=(DomainError, ValueError))


@bp.route("/<int:year>/settings", methods=["GET", "POST"])
@hr_required
def cycle_settings(year: int):
    """The quota and deadlines on a page of their own: the overview is read far more often than they change."""
    cycle = load_cycle(year)
    form = forms.SettingsForm(obj=cycle) if request.method == "GET" else forms.SettingsForm()

    def save() -> Done:
        operations.update_settings(cycle, form.changes(), actor=current_user, reason=form.reason.data)
        return Done(url_for(".cycle", year=cycle.year),
                    _("已保存考核设置。优秀名额 %(n)s 人。", n=figures.quota_summary(cycle).quota))

    return handle(form, save, page=lambda error: render_template(
        "assessment/settings.html", cycle=cycle, form=form, error=error, settings_open=_settings_open(cycle),
        quota=figures.quota_summary(cycle), quota_explanation=grading.quota_explanation(cycle)))


# ---------------------------------------------------------------- deciding grades (HR)

def _decision_page(cycle: AssessmentCycle, department: Department | None, page, form: forms.DecisionForm, *,
                   upload: forms.SheetUploadForm | None = None, error: str | None = None,
                   prefilled: bool = False, by_department=None) -> str:
    """The page's people as read columns (``page.items``: DecisionLine, their 平时考核 with them), the unit's
    counts in one grouped query, the 民主测评 of the page's people only."""
    by_department = by_department if by_department is not None else figures.department_counts(cycle)[0]
    counts = figures.QuotaCounts.combined(p for _top, p in by_department)
    quota = figures.quota_summary(cycle, counts)
    shares = figures.department_quotas(cycle, by_department)
    lines = page.items
    saved_here = sum(1 for line in lines if line.grade == "excellent")
    ids = [line.employee_id for line in lines]
    quarters = {line.employee_id: line.quarters for line in lines}
    return render_template(
        "assessment/decision.html", cycle=cycle, department=department, form=form, quota=quota,
        shares=shares, share=next((s for s in shares if department and s.department.id == department.id), None),
        elsewhere=quota.excellent - saved_here, selected=form.excellent_selected,
        editable=grading.editable_ids(cycle, lines), paths=department_tree().paths,
        upload=upload or forms.SheetUploadForm(formdata=None), error=error, prefilled=prefilled, page=page,
        quarters=quarters, barred=quarterly.barred_among(cycle, quarters),
        tallies=ballots.tallies(cycle, ids, departments={line.employee_id: line.department_id for line in lines}),
        quota_explanation=grading.quota_explanation(cycle, counts),
    )


def _decision_lines(cycle: AssessmentCycle, department: Department | None, people: dict[int, int]):
    """A page of the decision page's people, in table order."""
    return paginate_list(queries.DecisionLines(cycle, people, department.subtree_ids() if department else None))


@bp.route("/<int:year>/decision", methods=["GET", "POST"], defaults={"department_id": None})
@bp.route("/<int:year>/decision/<int:department_id>", methods=["GET", "POST"])
@hr_required
def decision(year: int, department_id: int | None):
    cycle = load_cycle(year, with_ballots=True, with_tree=True)  # the 民主测评 column needs them
    department = visible_department(department_id) if department_id is not None else None
    # PAGE_SIZE people a page (a unit has thousands); the 优秀 counter still counts the whole unit.
    by_department, people = figures.department_counts(cycle)
    page = _decision_lines(cycle, department, people)
    prefilled = request.method == "GET" and request.args.get("prefill") == "proposed"
    form = forms.DecisionForm(page.items, proposed=prefilled)

    def save() -> Done:
        assessments = {a.id: a for a in queries.assessments_in_order([line.id for line in page.items])}
        changed = grading.save_decisions(cycle, form.rows(assessments), actor=current_user)
        quota = figures.quota_summary(cycle)
        back = request.path + (f"?page={page.page}" if page.page > 1 else "")
        return Done(back, _("已保存：%(n)s 人的等次或备注有变化。优秀 %(excellent)s / %(quota)s 人。",
                                    n=changed, excellent=quota.excellent, quota=quota.quota))

    # A refused save counts again: the refusal rolled back what the save had begun.
    return handle(form, save, page=lambda error: _decision_page(
        cycle, department, page, form, error=error, prefilled=prefilled,
        by_department=by_department if request.method == "GET" else None))


@bp.route("/<int:year>/export.xlsx")
@hr_required
def export(year: int):
    cycle = load_cycle(year)
    return send_file(io.BytesIO(sheets.export_xlsx(cycle)), mimetype=XLSX, as_attachment=True,
                     download_name=f"{cycle.year}年度考核.xlsx")


@bp.route("/<int:year>/import", methods=["POST"])
@hr_required
def import_grades(year: int):
    cycle = load_cycle(year)
    upload = forms.SheetUploadForm()

    def import_sheet() -> Done:
        name = (upload.sheet.data.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255] or "upload.xlsx"
        changed = sheets.import_grades(cycle, upload.sheet.data.read(), name, actor=current_user)
        return Done(url_for(".decision", year=cycle.year), _("已导入等次：%(n)s 人的等次有变化。", n=changed))

    def page(error: str | None) -> str:
        if error:
            upload.sheet.errors.append(error)  # the refusal names the file's row and column: shown at the upload
        by_department, people = figures.department_counts(cycle)
        page = _decision_lines(cycle, None, people)
        return _decision_page(cycle, None, page, forms.DecisionForm(page.items, formdata=None), upload=upload,
                              by_department=by_department)

    return handle(upload, import_sheet, page=page)


@bp.route("/<int:year>/excellent")
@login_required
def excellent(year: int):
    cycle = load_cycle(year, with_tree=True)  # the list names each person's department
    require(access.can_manage_assessment(current_user) or cycle.status in PUBLISHED)
    return render_template("assessment/excellent.html", cycle=cycle, people=queries.excellent_people(cycle),
                           quota=figures.quota_summary(cycle), published=cycle.status in PUBLISHED)


# ---------------------------------------------------------------- appeals (HR)

def _appeals_page(cycle: AssessmentCycle, bound: dict[int, forms.AppealOutcomeForm] | None = None,
                  error: str | None = None) -> str:
    bound = bound or {}
    items = queries.appeals(cycle)
    outcome_forms = {a.id: bound.get(a.id) or forms.AppealOutcomeForm(formdata=None, prefix=f"a{a.id}")
                     for a in items if a.appeal_pending}
    return render_template("assessment/appeals.html", cycle=cycle, items=items, outcome_forms=outcome_forms,
                           error=error,
                           deciding=cycle.status == CycleStatus.ACKNOWLEDGEMENT)


@bp.route("/<int:year>/appeals")
@hr_required
def appeals(year: int):
    return _appeals_page(load_cycle(year))


@bp.route("/forms/<int:form_id>/appeal-outcome", methods=["POST"])
@hr_required
def appeal_outcome(form_id: int):
    assessment = _load_assessment(form_id)
    outcome = forms.AppealOutcomeForm(prefix=f"a{assessment.id}")

    def record() -> Done:
        grading.record_appeal_outcome(assessment, outcome.outcome.data, actor=current_user,
                                      reason=outcome.reason.data, new_grade=outcome.new_grade.data or None)
        return Done(url_for(".appeals", year=assessment.cycle.year),
                    _("已记录 %(name)s 的申诉处理结果：%(outcome)s。", name=assessment.employee.name,
                      outcome=label("appeal_outcome", assessment.appeal_outcome)))

    return handle(outcome, record, page=lambda error: _appeals_page(assessment.cycle, {assessment.id: outcome}, error))


@bp.route("/<int:year>/print-job", methods=["POST"])
@hr_required
def print_job(year: int):
    cycle = load_cycle(year)
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    job = submit("assessment_forms", {"cycle_id": cycle.id}, actor=current_user)
    return redirect(url_for("jobs.show", job_id=job.id))


# ---------------------------------------------------------------- a department's assessments (heads, HR)

@bp.route("/<int:year>/departments/<int:department_id>")
@staff_manager_required
def department(year: int, department_id: int):
    cycle = load_cycle(year, with_tree=True)
    # The department from the session's tree (the list needs the tree for its order anyway).
    tree = department_tree()
    department = tree.by_id.get(department_id)
    if department is None:
        abort(404)
    require(can_see_department(current_user, department))
    reviews = access.reviewer(current_user)
    steps = queries.department_steps(cycle, tree.subtree([department.id]))
    # Only the people this user reviews: a head's own assessment is the unit's, not theirs.
    mine = [s for s in steps if reviews(s) and s.special_case != SpecialCase.NOT_GRADED]
    waiting = {state: sum(1 for s in mine if s.form_status == state) for state in FormStatus}
    ready = next((s for s in mine if s.form_status == FormStatus.SELF_SUBMITTED and head_review.needs_head_review(s)),
                 None)
    page = paginate_list(steps)
    own_id = queries.own_assessment_id(cycle, current_user)
    return render_template("assessment/department.html", cycle=cycle, department=department,
                           department_path=tree.paths[department.id], page=page,
                           rows=[(row, reviews(row)) for row in queries.department_rows(page.items)], ready=ready,
                           waiting_review=waiting[FormStatus.SELF_SUBMITTED], waiting_summary=waiting[FormStatus.DRAFT],
                           own_id=own_id, own_listed=any(s.id == own_id for s in steps),
                           progress=queries.StepCounts.of(steps),
                           reviewing=cycle.status in head_review.HEAD_REVIEW_STEPS)


# ---------------------------------------------------------------- one assessment: the person's page, HR's actions

def _assessment_page(assessment: Assessment, *, error: str | None = None, **bound: FlaskForm) -> str:
    user = current_user
    own = access.is_own(user, assessment)
    cycle = assessment.cycle
    step = CycleStatus(cycle.status)
    show_result = access.can_see_result(user, assessment)
    hr = access.can_manage_assessment(user)
    taking_part = assessment.special_case != SpecialCase.NOT_GRADED
    page_forms = {
        "summary_form": forms.SelfSummaryForm(formdata=None, data={"summary": assessment.self_summary or ""}),
        "acknowledge_form": forms.AcknowledgeForm(formdata=None),
        "appeal_form": forms.AppealForm(formdata=None),
        "special_form": forms.SpecialCaseForm(formdata=None, data={"case": assessment.special_case},
                                              prefix=SPECIAL_PREFIX),
        "reopen_form": forms.ReopenForm(formdata=None, prefix=REOPEN_PREFIX),
        "amend_form": forms.AmendForm(formdata=None, data={"grade": assessment.grade or "",
                                                     "grade_note": assessment.grade_note or ""}, prefix=AMEND_PREFIX),
    }
    page_forms.update(bound)
    return render_template(
        "assessment/form.html", assessment=assessment, cycle=cycle, own=own, hr=hr, show_result=show_result,
        can_review=access.can_review(user, assessment),
        items=head_review.duty_items(assessment) if show_result else [], flow=cycle.flow(), error=error,
        quarters=quarterly.marks_for(cycle, [assessment.employee_id])[assessment.employee_id] if show_result else [],
        today=unit_today(), other_years=queries.own_assessments(user, besides=cycle) if own else [],
        home=None if own and not hr and user.role != "head" else _home_department(assessment),
        summary_open=own and step in operations.SELF_REVIEW_STEPS and assessment.form_status == FormStatus.DRAFT
        and taking_part,
        acknowledge_open=own and step == CycleStatus.ACKNOWLEDGEMENT and not assessment.acknowledgement and taking_part,
        appeal_open=own and operations.appeal_open(assessment), appeal_deadline=operations.appeal_deadline(assessment),
        appealable=assessment.grade in ("basic", "incompetent"),
        special_open=hr and not cycle.is_archived,
        reopen_open=hr and step in operations.SELF_REVIEW_STEPS and assessment.form_status != FormStatus.DRAFT,
        amend_open=hr and cycle.is_archived, **page_forms,
    )


@bp.route("/forms/<int:form_id>")
@login_required
def form(form_id: int):
    return _assessment_page(_load_assessment(form_id))


def _on_assessment_page(assessment: Assessment, form: FlaskForm, name: str, act: Callable[[], str]):
    """A POST from an assessment's page: `act` runs the operation and says what it did; back to the page, or
    the page again with the refusal, the posted form (the page's `name`) keeping its input."""
    return handle(form, lambda: Done(url_for(".form", form_id=assessment.id), act()),
                  page=lambda error: _assessment_page(assessment, error=error, **{name: form}))


@bp.route("/forms/<int:form_id>/self-summary", methods=["POST"])
@login_required
def self_summary(form_id: int):
    assessment = _load_assessment(form_id)
    _allow(access.can_write_self_summary(current_user, assessment))
    summary = forms.SelfSummaryForm()

    def save() -> str:
        if summary.submit.data:
            operations.submit_self_summary(assessment, actor=current_user, text=summary.summary.data)
            return _("个人总结已提交，等待主管评价。")
        operations.save_self_summary(assessment, summary.summary.data, actor=current_user)
        return _("个人总结已保存（尚未提交）。")

    return _on_assessment_page(assessment, summary, "summary_form", save)


@bp.route("/forms/<int:form_id>/acknowledge", methods=["POST"])
@login_required
def acknowledge(form_id: int):
    assessment = _load_assessment(form_id)
    _allow(access.can_acknowledge(current_user, assessment))
    signed = forms.AcknowledgeForm()

    def sign() -> str:
        operations.acknowledge(assessment, signed.choice.data, actor=current_user, opinion=signed.opinion.data)
        return _("已签署：%(choice)s（%(date)s）。", choice=label("acknowledgement", assessment.acknowledgement),
                 date=assessment.acknowledged_on.isoformat())

    return _on_assessment_page(assessment, signed, "acknowledge_form", sign)


@bp.route("/forms/<int:form_id>/appeal", methods=["POST"])
@login_required
def appeal(form_id: int):
    assessment = _load_assessment(form_id)
    _allow(access.can_acknowledge(current_user, assessment))
    appealed = forms.AppealForm()

    def lodge() -> str:
        operations.appeal(assessment, appealed.text.data, actor=current_user)
        return _("已提出申诉（%(date)s），人事部门处理后会在本页显示结果。", date=assessment.appealed_on.isoformat())

    return _on_assessment_page(assessment, appealed, "appeal_form", lodge)


@bp.route("/forms/<int:form_id>/special-case", methods=["POST"])
@hr_required
def special_case(form_id: int):
    assessment = _load_assessment(form_id)
    flagged = forms.SpecialCaseForm(prefix=SPECIAL_PREFIX)

    def flag() -> str:
        grading.flag_special_case(assessment, flagged.case.data, actor=current_user, reason=flagged.reason.data)
        return _("已将 %(name)s 的特殊情况改为：%(case)s。", name=assessment.employee.name,
                 case=label("special_case", assessment.special_case))

    return _on_assessment_page(assessment, flagged, "special_form", flag)


@bp.route("/forms/<int:form_id>/reopen", methods=["POST"])
@hr_required
def reopen(form_id: int):
    assessment = _load_assessment(form_id)
    reopened = forms.ReopenForm(prefix=REOPEN_PREFIX)

    def send_back() -> str:
        operations.reopen(assessment, actor=current_user, reason=reopened.reason.data, to=reopened.to.data)
        return _("已退回 %(name)s 的考核表，当前：%(status)s。", name=assessment.employee.name,
                 status=label("form_status", assessment.form_status))

    return _on_assessment_page(assessment, reopened, "reopen_form", send_back)


@bp.route("/forms/<int:form_id>/amend", methods=["POST"])
@hr_required
def amend(form_id: int):
    assessment = _load_assessment(form_id)
    amended = forms.AmendForm(prefix=AMEND_PREFIX)

    def change() -> str:
        grading.amend_archived(assessment, {"grade": amended.grade.data or None,
                                            "grade_note": amended.grade_note.data or ""},
                               actor=current_user, reason=amended.reason.data)
        return _("已修改已归档的 %(name)s 的考核表（原因已记入审计日志）。", name=assessment.employee.name)

    return _on_assessment_page(assessment, amended, "amend_form", change)
