"""Assessment pages: HR runs the year's cycle; heads review their departments; employees their own form.

URL (under /assessment)                       method     handler          who
/                                             GET        index            everyone signed in: HR → the cycle, heads →
                                                                          their department, employees → their form
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
/forms/<form>/review                          GET, POST  review           HR; heads of the department (not their own)
/forms/<form>/self-summary                    POST       self_summary     the person
/forms/<form>/acknowledge                     POST       acknowledge      the person
/forms/<form>/appeal                          POST       appeal           the person
/forms/<form>/appeal-outcome                  POST       appeal_outcome   HR
/forms/<form>/special-case                    POST       special_case     HR
/forms/<form>/reopen                          POST       reopen           HR
/forms/<form>/amend                           POST       amend            HR, archived cycles only

Forms outside a user's reach answer 404; a form in reach whose action is not theirs answers 403.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from hrflow.access import can_see_department, hr_required, require, staff_manager_required
from hrflow.assessment import access, bp
from hrflow.assessment import services as assessment
from hrflow.assessment.forms import (
    DIMENSION_HELP,
    TONE,
    AcknowledgeForm,
    ActionForm,
    AdvanceForm,
    AmendForm,
    AppealForm,
    AppealOutcomeForm,
    OpenCycleForm,
    ReopenForm,
    SelfSummaryForm,
    SettingsForm,
    SheetUploadForm,
    SpecialCaseForm,
    decision_form,
    dimension_field,
    duty_field,
    grade_field,
    head_review_form,
    label,
    note_field,
    shown_field,
)
from hrflow.extensions import db
from hrflow.importers import TableImportError
from hrflow.models import (
    Assessment,
    AssessmentCycle,
    AssessmentError,
    CycleStatus,
    Department,
    Dimension,
    FormStatus,
    SpecialCase,
)
from hrflow.models.org import department_tree
from hrflow.web.pagination import paginate_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Once the 优秀 list is published everybody in the unit may read it.
PUBLISHED = (CycleStatus.PUBLICITY, CycleStatus.ACKNOWLEDGEMENT, CycleStatus.ARCHIVED)
SETTINGS_STEPS = (CycleStatus.OPEN, CycleStatus.SELF_REVIEW, CycleStatus.HEAD_REVIEW, CycleStatus.DECISION)
# HR's three forms on one form page each carry a "reason": prefixes keep their ids apart.
SPECIAL_PREFIX, REOPEN_PREFIX, AMEND_PREFIX = "special", "reopen", "amend"


@bp.context_processor
def _helpers() -> dict:
    page_label = _page_labels()
    return {"label": page_label, "tone": _tone, "can_manage": current_user.is_authenticated and access.can_manage_assessment(current_user),
            "duty_field": duty_field, "dimension_field": dimension_field, "grade_field": grade_field,
            "note_field": note_field, "shown_field": shown_field}


def _page_labels() -> Callable[[str, str | None], str]:
    """label() for one page: each word is translated once, however many rows of a list show it."""
    words: dict[tuple[str, str | None], str] = {}

    def page_label(group: str, value: str | None) -> str:
        key = (group, value)
        if key not in words:
            words[key] = str(label(group, value))
        return words[key]

    return page_label


def _tone(value: str | None) -> str:
    return TONE.get(value or "", "light")



# ---------------------------------------------------------------- loading and checking

def _load_cycle(year: int) -> AssessmentCycle:
    cycle = assessment.find_cycle(year)
    if cycle is None:
        abort(404)
    return cycle


def _load_form(form_id: int) -> Assessment:
    """The form, when the user may see it at all (else 404)."""
    form = assessment.get_assessment(form_id)
    require(form is not None and access.can_view_assessment(current_user, form))
    return form


def _load_department(department_id: int) -> Department:
    department = db.get_or_404(Department, department_id)
    require(can_see_department(current_user, department))
    return department


def _allow(allowed: bool) -> None:
    """The form is in reach but this action is somebody else's: 403."""
    if not allowed:
        abort(403)


def _refusal(error: Exception) -> str:
    """A service refused: nothing it did so far may be committed."""
    db.session.rollback()
    return str(error)


def _status(*forms: FlaskForm | None, error: str | None = None) -> int:
    return 422 if error or any(form.errors for form in forms if form is not None) else 200


def _flow(cycle: AssessmentCycle) -> list[tuple[str, str]]:
    """Each step of the cycle with where the cycle stands: done, current or todo."""
    current = list(CycleStatus).index(CycleStatus(cycle.status))
    return [(s.value, "done" if i < current else "current" if i == current else "todo")
            for i, s in enumerate(CycleStatus)]


def _own_other_years(shown: AssessmentCycle | None) -> list[Assessment]:
    """The user's own forms in the cycles other than ``shown``, newest first: an earlier year can still
    be signed or appealed while a new cycle is open."""
    found = (assessment.own_assessment(c, current_user) for c in assessment.list_cycles()
             if shown is None or c.id != shown.id)
    return [f for f in found if f is not None]


def _home_department(form: Assessment) -> Department:
    """The department page a form belongs to for this user: the headed department holding it, else its top."""
    for department in current_user.departments if current_user.role == "head" else []:
        if form.department_id in department.subtree_ids():
            return department
    return form.department.top


# ---------------------------------------------------------------- where each role starts

@bp.route("/")
@login_required
def index():
    cycle = assessment.latest_cycle()
    if access.can_manage_assessment(current_user):
        return redirect(url_for(".cycle", year=cycle.year) if cycle else url_for(".cycles"))
    if cycle is None:
        return render_template("assessment/index.html", cycle=None)
    own = assessment.own_assessment(cycle, current_user)
    headed = list(current_user.departments) if current_user.role == "head" else []
    if len(headed) == 1:
        return redirect(url_for(".department", year=cycle.year, department_id=headed[0].id))
    if not headed and own is not None:
        return redirect(url_for(".form", form_id=own.id))
    reason = None
    if own is None and current_user.employee is not None:
        reason = next((p.reason for p in assessment.non_participants(cycle)
                       if p.staff_no == current_user.employee.staff_no), None)
    return render_template("assessment/index.html", cycle=cycle, own=own, headed=headed, reason=reason,
                           other_years=_own_other_years(cycle))


# ---------------------------------------------------------------- cycles (HR)

@bp.route("/cycles")
@hr_required
def cycles():
    found = assessment.list_cycles()
    return render_template("assessment/cycles.html", cycles=[(c, assessment.quota_summary(c)) for c in found])


@bp.route("/cycles/new", methods=["GET", "POST"])
@hr_required
def cycle_new():
    latest = assessment.latest_cycle()
    form = OpenCycleForm(data={"year": (latest.year + 1) if latest else None})
    error = None
    if form.validate_on_submit():
        try:
            opened = assessment.open_cycle(
                form.year.data, actor=current_user, cycle_date=form.cycle_date.data,
                excellent_rate=form.excellent_rate.data, rounding=form.rounding.data,
                self_review_deadline=form.self_review_deadline.data,
                head_review_deadline=form.head_review_deadline.data, decision_deadline=form.decision_deadline.data)
            assessment.update_settings(opened.cycle, form.settings(), actor=current_user)
        except AssessmentError as refused:
            error = _refusal(refused)
        else:
            quota = assessment.quota_summary(opened.cycle)
            flash(_("已开启 %(year)s 年度考核：参加 %(n)s 人，其中不定等次 %(special)s 人；另有 %(out)s 人不参加。"
                    "优秀名额 %(quota)s 人。", year=opened.cycle.year, n=quota.participants,
                    special=quota.participants - quota.base, out=len(opened.excluded) - (quota.participants - quota.base),
                    quota=quota.quota), "success")
            return redirect(url_for(".cycle", year=opened.cycle.year))
    return render_template("assessment/cycle_new.html", form=form, error=error), _status(form, error=error)


def _cycle_page(cycle: AssessmentCycle, *, advance_form: AdvanceForm | None = None, error: str | None = None):
    following = assessment.next_status(cycle)
    by_department = assessment.progress_by_department(cycle)
    progress = assessment.Progress.combined(p for _department, p in by_department)
    advance_form = advance_form or AdvanceForm(formdata=None)
    if following is not None:
        advance_form.to.data = following.value  # the page offers the one legal step, whatever was posted
    return render_template(
        "assessment/cycle.html", cycle=cycle, flow=_flow(cycle), next_status=following,
        quota=assessment.quota_summary(cycle, progress), progress=progress, by_department=by_department,
        special=assessment.special_cases(cycle), outside=assessment.non_participants(cycle),
        advance_form=advance_form, settings_open=_settings_open(cycle), print_form=ActionForm(formdata=None), error=error,
    ), _status(advance_form, error=error)


def _settings_open(cycle: AssessmentCycle) -> bool:
    return CycleStatus(cycle.status) in SETTINGS_STEPS


@bp.route("/<int:year>")
@hr_required
def cycle(year: int):
    return _cycle_page(_load_cycle(year))


@bp.route("/<int:year>/advance", methods=["POST"])
@hr_required
def cycle_advance(year: int):
    cycle = _load_cycle(year)
    form = AdvanceForm()
    if not form.validate_on_submit():
        return _cycle_page(cycle, advance_form=form)
    before = cycle.status
    try:
        assessment.advance(cycle, form.to.data, actor=current_user, on=form.step_date())
    except (AssessmentError, ValueError) as refused:
        return _cycle_page(cycle, advance_form=form, error=_refusal(refused))
    flash(_("%(year)s 年度考核已从“%(before)s”进入“%(after)s”阶段。", year=cycle.year,
            before=label("cycle_status", before), after=label("cycle_status", cycle.status)), "success")
    if cycle.status == CycleStatus.PUBLICITY:
        flash(_("优秀名单公示期：%(start)s 至 %(end)s。", start=cycle.publicity_start.isoformat(),
                end=cycle.publicity_end.isoformat()), "info")
    return redirect(url_for(".cycle", year=cycle.year))


@bp.route("/<int:year>/settings", methods=["GET", "POST"])
@hr_required
def cycle_settings(year: int):
    """The quota and deadlines on a page of their own: the overview is read far more often than they change."""
    cycle = _load_cycle(year)
    form = SettingsForm(obj=cycle) if request.method == "GET" else SettingsForm()
    error = None
    if form.validate_on_submit():
        try:
            assessment.update_settings(cycle, form.changes(), actor=current_user, reason=form.reason.data)
        except AssessmentError as refused:
            error = _refusal(refused)
        else:
            flash(_("已保存考核设置。优秀名额 %(n)s 人。", n=assessment.quota_summary(cycle).quota), "success")
            return redirect(url_for(".cycle", year=cycle.year))
    return render_template("assessment/settings.html", cycle=cycle, form=form, error=error,
                           settings_open=_settings_open(cycle), quota=assessment.quota_summary(cycle)), \
        _status(form, error=error)


# ---------------------------------------------------------------- deciding grades (HR)

def _editable_ids(cycle: AssessmentCycle, forms: list[Assessment]) -> set[int]:
    """Whose grade the page lets HR set: everyone's while deciding; afterwards only a first grade (补定)."""
    if cycle.status == CycleStatus.DECISION:
        return {f.id for f in forms if f.gradeable}
    if cycle.status in (CycleStatus.PUBLICITY, CycleStatus.ACKNOWLEDGEMENT):
        return {f.id for f in forms if f.gradeable and not f.grade}
    return set()


def _decision_page(cycle: AssessmentCycle, department: Department | None, forms: list[Assessment], form, *,
                   upload: SheetUploadForm | None = None, error: str | None = None, prefilled: bool = False):
    quota = assessment.quota_summary(cycle)
    shares = assessment.department_quotas(cycle)
    saved_here = sum(1 for f in forms if f.grade == "excellent")
    selected = sum(1 for f in forms if form[grade_field(f)].data == "excellent")
    upload = upload or SheetUploadForm(formdata=None)
    return render_template(
        "assessment/decision.html", cycle=cycle, department=department, forms=forms, form=form, quota=quota,
        shares=shares, share=next((s for s in shares if department is not None and s.department.id == department.id), None),
        elsewhere=quota.excellent - saved_here, selected=selected, editable=_editable_ids(cycle, forms),
        upload=upload, error=error, prefilled=prefilled,
    ), _status(form, upload, error=error)


@bp.route("/<int:year>/decision", methods=["GET", "POST"], defaults={"department_id": None})
@bp.route("/<int:year>/decision/<int:department_id>", methods=["GET", "POST"])
@hr_required
def decision(year: int, department_id: int | None):
    cycle = _load_cycle(year)
    department = _load_department(department_id) if department_id is not None else None
    forms = assessment.department_assessments(cycle, department.subtree_ids() if department else None)
    prefilled = request.method == "GET" and request.args.get("prefill") == "proposed"
    form = decision_form(forms, proposed=prefilled)
    error = None
    if form.validate_on_submit():
        try:
            changed = assessment.save_decisions(cycle, form.rows(), actor=current_user)
        except AssessmentError as refused:
            error = _refusal(refused)
        else:
            quota = assessment.quota_summary(cycle)
            flash(_("已保存：%(n)s 人的等次或备注有变化。优秀 %(excellent)s / %(quota)s 人。", n=changed,
                    excellent=quota.excellent, quota=quota.quota), "success")
            return redirect(request.path)
    return _decision_page(cycle, department, forms, form, error=error, prefilled=prefilled)


@bp.route("/<int:year>/export.xlsx")
@hr_required
def export(year: int):
    cycle = _load_cycle(year)
    return send_file(io.BytesIO(assessment.export_xlsx(cycle)), mimetype=XLSX, as_attachment=True,
                     download_name=f"{cycle.year}年度考核.xlsx")


@bp.route("/<int:year>/import", methods=["POST"])
@hr_required
def import_grades(year: int):
    cycle = _load_cycle(year)
    upload = SheetUploadForm()
    if upload.validate_on_submit():
        name = (upload.sheet.data.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255] or "upload.xlsx"
        try:
            changed = assessment.import_grades(cycle, upload.sheet.data.read(), name, actor=current_user)
        except (TableImportError, AssessmentError) as refused:
            upload.sheet.errors.append(_refusal(refused))
        else:
            flash(_("已导入等次：%(n)s 人的等次有变化。", n=changed), "success")
            return redirect(url_for(".decision", year=cycle.year))
    forms = assessment.department_assessments(cycle)
    return _decision_page(cycle, None, forms, decision_form(forms, formdata=None), upload=upload)


@bp.route("/<int:year>/excellent")
@login_required
def excellent(year: int):
    cycle = _load_cycle(year)
    require(access.can_manage_assessment(current_user) or cycle.status in PUBLISHED)
    return render_template("assessment/excellent.html", cycle=cycle, people=assessment.excellent_list(cycle),
                           quota=assessment.quota_summary(cycle), published=cycle.status in PUBLISHED)


# ---------------------------------------------------------------- appeals (HR)

def _appeals_page(cycle: AssessmentCycle, bound: dict[int, AppealOutcomeForm] | None = None, error: str | None = None):
    bound = bound or {}
    items = assessment.appeals(cycle)
    forms = {f.id: bound.get(f.id) or AppealOutcomeForm(formdata=None, prefix=f"a{f.id}") for f in items if f.appeal_pending}
    return render_template("assessment/appeals.html", cycle=cycle, items=items, forms=forms, error=error,
                           deciding=cycle.status == CycleStatus.ACKNOWLEDGEMENT), _status(*bound.values(), error=error)


@bp.route("/<int:year>/appeals")
@hr_required
def appeals(year: int):
    return _appeals_page(_load_cycle(year))


@bp.route("/forms/<int:form_id>/appeal-outcome", methods=["POST"])
@hr_required
def appeal_outcome(form_id: int):
    form = _load_form(form_id)
    outcome = AppealOutcomeForm(prefix=f"a{form.id}")
    if not outcome.validate_on_submit():
        return _appeals_page(form.cycle, {form.id: outcome})
    try:
        assessment.record_appeal_outcome(form, outcome.outcome.data, actor=current_user, reason=outcome.reason.data,
                                         new_grade=outcome.new_grade.data or None)
    except AssessmentError as refused:
        return _appeals_page(form.cycle, {form.id: outcome}, error=_refusal(refused))
    flash(_("已记录 %(name)s 的申诉处理结果：%(outcome)s。", name=form.employee.name,
            outcome=label("appeal_outcome", form.appeal_outcome)), "success")
    return redirect(url_for(".appeals", year=form.cycle.year))


@bp.route("/<int:year>/print-job", methods=["POST"])
@hr_required
def print_job(year: int):
    from hrflow.jobs.services import submit

    cycle = _load_cycle(year)
    if not ActionForm().validate_on_submit():
        abort(400)
    job = submit("assessment_forms", {"cycle_id": cycle.id}, actor=current_user)
    return redirect(url_for("jobs.show", job_id=job.id))


# ---------------------------------------------------------------- a department's forms (heads, HR)

@bp.route("/<int:year>/departments/<int:department_id>")
@staff_manager_required
def department(year: int, department_id: int):
    cycle = _load_cycle(year)
    # The department from the session's tree (the list needs the tree for its order anyway).
    tree = department_tree()
    department = tree.by_id.get(department_id)
    if department is None:
        abort(404)
    require(can_see_department(current_user, department))
    ids = tree.subtree([department.id])
    reviews = access.reviewer(current_user)
    steps = assessment.department_steps(cycle, ids)
    # Only the forms this user reviews: a head's own form is the unit's, not theirs.
    mine = [f for f in steps if reviews(f) and f.special_case != SpecialCase.NOT_GRADED]
    waiting = {status: sum(1 for f in mine if f.form_status == status) for status in FormStatus}
    ready = next((f for f in mine if f.form_status == FormStatus.SELF_SUBMITTED and assessment.needs_head_review(f)), None)
    page = paginate_list(steps)
    own_id = assessment.own_assessment_id(cycle, current_user)
    return render_template("assessment/department.html", cycle=cycle, department=department,
                           department_path=tree.paths[department.id], page=page,
                           rows=[(f, reviews(f)) for f in assessment.department_rows(page.items)], ready=ready,
                           waiting_review=waiting[FormStatus.SELF_SUBMITTED], waiting_summary=waiting[FormStatus.DRAFT],
                           own_id=own_id, own_listed=any(f.id == own_id for f in steps),
                           progress=assessment.StepCounts.of(steps), reviewing=cycle.status in assessment.HEAD_REVIEW_STEPS)


# ---------------------------------------------------------------- the head's review

def _review_scope(form: Assessment) -> list[Assessment]:
    """The forms a 'previous / next person' walks through: the head's departments, or (HR) the form's top department."""
    if access.can_manage_assessment(current_user):
        ids = form.department.top.subtree_ids()
    else:
        ids = current_user.headed_department_ids()
    return [f for f in assessment.department_assessments(form.cycle, ids)
            if access.can_review(current_user, f) and f.special_case != SpecialCase.NOT_GRADED]


def _missing(gaps: assessment.ReviewGaps) -> list[str]:
    """What is still to fill in, in words: duty items by number per post, dimensions, comments, grade.
    Items of one kind are joined with the reader's list separator (、 in Chinese, a comma in English)."""
    numbers: dict = {}
    for item in gaps.unrated:
        numbers.setdefault(item.assessed_post.id, (item.assessed_post, []))[1].append(str(item.index + 1))
    phrases = [_("%(post)s职责全部 %(n)s 项", post=post.post_version.name, n=len(found))
               if len(found) == len(post.post_version.duties or []) else
               _("%(post)s职责第 %(numbers)s 项", post=post.post_version.name, numbers=_("、").join(found))
               for post, found in numbers.values()]
    if gaps.dimensions:
        phrases.append(_("、").join(str(label("dimension", d.value)) for d in gaps.dimensions))
    if gaps.comments:
        phrases.append(_("主管领导评语"))
    if gaps.grade:
        phrases.append(_("考核等次建议"))
    return phrases


def _review_page(form: Assessment, review_form, error: str | None = None):
    items = review_form.items
    scope = _review_scope(form)
    queue = assessment.review_queue(scope, form) if any(f.id == form.id for f in scope) else None
    gaps = assessment.review_gaps(form)
    return render_template(
        "assessment/review.html", form=form, cycle=form.cycle, review_form=review_form, items=items,
        gaps=gaps, missing=_missing(gaps), dimensions=list(Dimension), dimension_help=DIMENSION_HELP,
        queue=queue, home=_home_department(form), error=error,
        locked=form.form_status == FormStatus.HEAD_SUBMITTED or form.cycle.is_archived,
        open_step=form.cycle.status in assessment.HEAD_REVIEW_STEPS, not_graded=form.special_case == SpecialCase.NOT_GRADED,
    ), _status(review_form, error=error)


@bp.route("/forms/<int:form_id>/review", methods=["GET", "POST"])
@staff_manager_required
def review(form_id: int):
    form = _load_form(form_id)
    _allow(access.can_review(current_user, form))
    review_form = head_review_form(form, assessment.duty_items(form))
    if not review_form.validate_on_submit():
        return _review_page(form, review_form)
    entered = review_form.review()
    if review_form.submit.data:
        try:
            assessment.submit_head_review(form, actor=current_user, review=entered)
        except AssessmentError as refused:
            why = _refusal(refused)
        else:
            return _after_submit(form)
    else:
        why = None
    # A draft (or a submit that cannot go through yet): keep what was entered, say what is missing.
    try:
        assessment.save_head_review(form, entered, actor=current_user)
    except AssessmentError as refused:
        return _review_page(form, review_form, error=_refusal(refused))
    if why:
        flash(_("已保存草稿，但还不能提交：%(why)s", why=why), "warning")
    else:
        flash(_("已保存 %(name)s 的评价草稿。", name=form.employee.name), "success")
    return redirect(url_for(".review", form_id=form.id))


def _after_submit(form: Assessment):
    scope = _review_scope(form)
    following = assessment.review_queue(scope, form).next_ready if any(f.id == form.id for f in scope) else None
    if following is not None:
        flash(_("已提交 %(name)s 的评价。下一位：%(next)s。", name=form.employee.name, next=following.employee.name),
              "success")
        return redirect(url_for(".review", form_id=following.id))
    flash(_("已提交 %(name)s 的评价。没有其他待评价的人员了。", name=form.employee.name), "success")
    return redirect(url_for(".department", year=form.cycle.year, department_id=_home_department(form).id))


# ---------------------------------------------------------------- one form: the person's page, HR's actions

def _form_page(form: Assessment, *, error: str | None = None, **bound: FlaskForm):
    user = current_user
    own = access.is_own(user, form)
    cycle = form.cycle
    status = CycleStatus(cycle.status)
    show_result = access.can_see_result(user, form)
    hr = access.can_manage_assessment(user)
    pages = {
        "summary_form": SelfSummaryForm(formdata=None, data={"summary": form.self_summary or ""}),
        "acknowledge_form": AcknowledgeForm(formdata=None),
        "appeal_form": AppealForm(formdata=None),
        "special_form": SpecialCaseForm(formdata=None, data={"case": form.special_case}, prefix=SPECIAL_PREFIX),
        "reopen_form": ReopenForm(formdata=None, prefix=REOPEN_PREFIX),
        "amend_form": AmendForm(formdata=None, data={"grade": form.grade or "", "grade_note": form.grade_note or ""},
                                prefix=AMEND_PREFIX),
    }
    pages.update(bound)
    return render_template(
        "assessment/form.html", form=form, cycle=cycle, own=own, hr=hr, show_result=show_result,
        can_review=access.can_review(user, form), items=assessment.duty_items(form) if show_result else [],
        flow=_flow(cycle), error=error, today=date.today(), other_years=_own_other_years(cycle) if own else [], home=None if own and not hr and user.role != "head" else _home_department(form),
        summary_open=own and status in assessment.SELF_REVIEW_STEPS and form.form_status == FormStatus.DRAFT
        and form.special_case != SpecialCase.NOT_GRADED,
        acknowledge_open=own and status == CycleStatus.ACKNOWLEDGEMENT and not form.acknowledgement
        and form.special_case != SpecialCase.NOT_GRADED,
        appeal_open=own and assessment.appeal_open(form), appeal_deadline=assessment.appeal_deadline(form),
        appealable=form.grade in ("basic", "incompetent"),
        special_open=hr and not cycle.is_archived,
        reopen_open=hr and status in assessment.SELF_REVIEW_STEPS and form.form_status != FormStatus.DRAFT,
        amend_open=hr and cycle.is_archived, **pages,
    ), _status(*bound.values(), error=error)


@bp.route("/forms/<int:form_id>")
@login_required
def form(form_id: int):
    return _form_page(_load_form(form_id))


@bp.route("/forms/<int:form_id>/self-summary", methods=["POST"])
@login_required
def self_summary(form_id: int):
    form = _load_form(form_id)
    _allow(access.can_write_self_summary(current_user, form))
    summary = SelfSummaryForm()
    if not summary.validate_on_submit():
        return _form_page(form, summary_form=summary)
    try:
        if summary.submit.data:
            assessment.submit_self_summary(form, actor=current_user, text=summary.summary.data)
        else:
            assessment.save_self_summary(form, summary.summary.data, actor=current_user)
    except AssessmentError as refused:
        return _form_page(form, summary_form=summary, error=_refusal(refused))
    if summary.submit.data:
        flash(_("个人总结已提交，等待主管评价。"), "success")
    else:
        flash(_("个人总结已保存（尚未提交）。"), "success")
    return redirect(url_for(".form", form_id=form.id))


@bp.route("/forms/<int:form_id>/acknowledge", methods=["POST"])
@login_required
def acknowledge(form_id: int):
    form = _load_form(form_id)
    _allow(access.can_acknowledge(current_user, form))
    signed = AcknowledgeForm()
    if not signed.validate_on_submit():
        return _form_page(form, acknowledge_form=signed)
    try:
        assessment.acknowledge(form, signed.choice.data, actor=current_user, opinion=signed.opinion.data)
    except AssessmentError as refused:
        return _form_page(form, acknowledge_form=signed, error=_refusal(refused))
    flash(_("已签署：%(choice)s（%(date)s）。", choice=label("acknowledgement", form.acknowledgement),
            date=form.acknowledged_on.isoformat()), "success")
    return redirect(url_for(".form", form_id=form.id))


@bp.route("/forms/<int:form_id>/appeal", methods=["POST"])
@login_required
def appeal(form_id: int):
    form = _load_form(form_id)
    _allow(access.can_acknowledge(current_user, form))
    appealed = AppealForm()
    if not appealed.validate_on_submit():
        return _form_page(form, appeal_form=appealed)
    try:
        assessment.appeal(form, appealed.text.data, actor=current_user)
    except AssessmentError as refused:
        return _form_page(form, appeal_form=appealed, error=_refusal(refused))
    flash(_("已提出申诉（%(date)s），人事部门处理后会在本页显示结果。", date=form.appealed_on.isoformat()), "success")
    return redirect(url_for(".form", form_id=form.id))


@bp.route("/forms/<int:form_id>/special-case", methods=["POST"])
@hr_required
def special_case(form_id: int):
    form = _load_form(form_id)
    flagged = SpecialCaseForm(prefix=SPECIAL_PREFIX)
    if not flagged.validate_on_submit():
        return _form_page(form, special_form=flagged)
    try:
        assessment.flag_special_case(form, flagged.case.data, actor=current_user, reason=flagged.reason.data)
    except AssessmentError as refused:
        return _form_page(form, special_form=flagged, error=_refusal(refused))
    flash(_("已将 %(name)s 的特殊情况改为：%(case)s。", name=form.employee.name,
            case=label("special_case", form.special_case)), "success")
    return redirect(url_for(".form", form_id=form.id))


@bp.route("/forms/<int:form_id>/reopen", methods=["POST"])
@hr_required
def reopen(form_id: int):
    form = _load_form(form_id)
    reopened = ReopenForm(prefix=REOPEN_PREFIX)
    if not reopened.validate_on_submit():
        return _form_page(form, reopen_form=reopened)
    try:
        assessment.reopen_form(form, actor=current_user, reason=reopened.reason.data, to=reopened.to.data)
    except AssessmentError as refused:
        return _form_page(form, reopen_form=reopened, error=_refusal(refused))
    flash(_("已退回 %(name)s 的考核表，当前：%(status)s。", name=form.employee.name,
            status=label("form_status", form.form_status)), "success")
    return redirect(url_for(".form", form_id=form.id))


@bp.route("/forms/<int:form_id>/amend", methods=["POST"])
@hr_required
def amend(form_id: int):
    form = _load_form(form_id)
    amended = AmendForm(prefix=AMEND_PREFIX)
    if not amended.validate_on_submit():
        return _form_page(form, amend_form=amended)
    try:
        assessment.amend_archived(form, {"grade": amended.grade.data or None, "grade_note": amended.grade_note.data or ""},
                                  actor=current_user, reason=amended.reason.data)
    except AssessmentError as refused:
        return _form_page(form, amend_form=amended, error=_refusal(refused))
    flash(_("已修改已归档的 %(name)s 的考核表（原因已记入审计日志）。", name=form.employee.name), "success")
    return redirect(url_for(".form", form_id=form.id))
