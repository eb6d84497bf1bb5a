"""Recruitment pages: HR runs a round here; department heads read the parts touching their departments.
The examination steps (scores, ranking, proposals, publicity) are in exam_routes.py, on the same blueprint.

URL (under /recruitment)                          method     handler               who
/                                                 GET        rounds                HR; heads: rounds touching their departments
/new                                              GET, POST  round_new             HR
/<round>                                          GET        round_detail          HR; heads read-only (their vacancies)
/<round>/basic                                    GET, POST  round_basic           HR: the basic conditions, with a reason
/<round>/advance                                  POST       round_advance         HR: the next step, confirmed
/<round>/rereview                                 POST       round_rereview        HR (a big round: as a job)
/<round>/print-job                                POST       print_job             HR: every 报名表, as a job
/<round>/applicants                               GET        applicants            HR; heads (their vacancies)
/<round>/vacancies.xlsx                           GET        vacancies_export      HR
/<round>/applicants.xlsx                          GET        applicants_export     HR
/<round>/applicants/new                           GET, POST  applicant_new         HR
/<round>/applicants/import                        GET, POST  applicants_import     HR (a big sheet: as a job)
/<round>/applicants/template.xlsx                 GET        applicants_template   HR: the sheet to fill in
/<round>/review                                   GET        review_queue          HR
/vacancies/<vacancy>                              GET        vacancy               HR; heads (their departments)
/vacancies/<vacancy>/rules                        GET, POST  vacancy_rules         HR
/vacancies/<vacancy>/exam                         POST       vacancy_exam          HR
/applications/<application>                       GET        application           HR; heads (their vacancies)
/applications/<application>/edit                  GET, POST  application_edit      HR: the person, until decided
/applications/<application>/rules/<n>/decide      POST       application_decide    HR
/applications/<application>/withdraw              POST       application_withdraw  HR
/applications/<application>/appoint               POST       application_appoint   HR

Every POST goes through hrflow.web.handlers: a form's POST with handle() (refused → the same page again,
422), a bare button (ActionForm) with refusal() and a flashed message, as it has no page of its own.
"""

from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrflow.access import hr_required, require, staff_manager_required, visible
from hrflow.admin.login_routes import hold_slip
from hrflow.admin.logins import directory_signin
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.importers.sheets import count_rows
from hrflow.jobs.services import submit
from hrflow.models import Application, CheckStep, Outcome, RecruitmentRound, RoundKind, RoundStatus, Vacancy
from hrflow.models.recruitment import ENROLLING, ROUND_FLOW, label
from hrflow.posts.queries import post_paths
from hrflow.posts.seats import filled_counts
from hrflow.recruitment import applicants as people  # `applicants` is the list page below
from hrflow.recruitment import exam, hiring, operations, queries
from hrflow.recruitment.access import can_see_application, can_see_vacancy
from hrflow.recruitment.export import applicants_xlsx, vacancies_xlsx
from hrflow.recruitment.forms import (
    APPLICANT_OPTIONS,
    ActionForm,
    AdvanceForm,
    ApplicantEditForm,
    ApplicantFilterForm,
    ApplicantForm,
    AppointForm,
    BasicConditionsForm,
    Candidate,
    DecisionForm,
    ExamDecisionForm,
    RoundForm,
    RulesForm,
    SheetUploadForm,
    WithdrawForm,
)
from hrflow.recruitment.selection_forms import CheckForm, OwnPublicityForm, check_prefix
from hrflow.rules import parse_requirements
from hrflow.web.badges import StateBadges
from hrflow.web.handlers import Done, button, handle
from hrflow.web.pagination import paginate, paginate_rows

bp = Blueprint("recruitment", __name__, url_prefix="/recruitment")

# The steps in which 体检/考察 are recorded (and a failure replaced).
SELECTING = (RoundStatus.EXAMINING, RoundStatus.PUBLICITY)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_BADGE = StateBadges(label)
# The round's header and the other pieces of recruitment/_macros.html, imported without context, read these.
bp.add_app_template_global(label, "recruitment_label")
bp.add_app_template_global(_BADGE, "recruitment_badge")


@bp.context_processor
def _helpers() -> dict:
    return {"label": label, "badge": _BADGE, "can_manage": current_user.is_hr if current_user.is_authenticated else False}


# ---------------------------------------------------------------- loading and checking

def load_round(round_id: int) -> RecruitmentRound:
    return _in_reach(*queries.round_in_reach(current_user, round_id))


def _in_reach(round_: RecruitmentRound | None, reached: bool) -> RecruitmentRound:
    if round_ is None:
        abort(404)
    require(reached)
    return round_


def load_vacancy(vacancy_id: int) -> Vacancy:
    return visible(Vacancy, vacancy_id, can_see_vacancy)


def load_application(application_id: int) -> Application:
    return visible(Application, application_id, can_see_application)


def decision_prefix(application: Application, index: int) -> str:
    """Decision forms of several applications share a page (the review queue): keep their fields apart."""
    return f"d{application.id}-{index}"


def _vacancy_choices(vacancies: list[Vacancy]) -> list[tuple[int, str]]:
    paths = post_paths([v.post_id for v in vacancies])
    return [(v.id, paths[v.post_id]) for v in vacancies]


def _enrolling(round_: RecruitmentRound) -> bool:
    return round_.status in ENROLLING


def _flow(round_: RecruitmentRound) -> list[tuple[RoundStatus, str]]:
    """Each step of the round with where the round stands: done, current or todo."""
    current = ROUND_FLOW.index(RoundStatus(round_.status))
    return [(s, "done" if i < current else "current" if i == current else "todo") for i, s in enumerate(ROUND_FLOW)]


def xlsx_response(data: bytes, name: str):
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)


def _to_job(kind: str, round_: RecruitmentRound, notice: str | None, *, upload: bytes | None = None, **params) -> Done:
    """Big work goes to a background job; its page shows the progress and then what was done."""
    job = submit(kind, {"round_id": round_.id, **params}, actor=current_user, upload=upload)
    return Done(url_for("jobs.show", job_id=job.id), notice, "info")


def upload_name(form: SheetUploadForm) -> str:
    """The uploaded file's name without any folder part, as the user knows it (for error messages)."""
    name = (form.sheet.data.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:255] or "upload"


def on_field(field, error: str | None) -> str | None:
    """Show a refusal next to `field` (None: keep it for the top of the page)."""
    if error and field is not None:
        field.errors.append(error)
        return None
    return error


# ---------------------------------------------------------------- rounds

@bp.route("/")
@staff_manager_required
def rounds():
    return render_template("recruitment/rounds.html", lines=queries.round_lines(current_user))


def _candidates() -> list[Candidate]:
    filled = filled_counts()
    posts = sorted(operations.recruitable_posts(), key=lambda p: p.path)
    return [Candidate(p, p.current.seats - filled.get(p.id, 0)) for p in posts]


@bp.route("/new", methods=["GET", "POST"])
@hr_required
def round_new():
    form = RoundForm(candidates=_candidates())

    def open_it() -> Done:
        round_ = operations.open_round(form.name.data, form.cutoff_date.data, actor=current_user,
                                       posts=form.chosen(), kind=RoundKind(form.kind.data))
        for note in operations.opening_notes(round_):
            flash(note, "warning")
        return Done(url_for("recruitment.round_detail", round_id=round_.id),
                    _("已开启招聘“%(name)s”。", name=round_.name))

    return handle(form, open_it, page=lambda error: render_template("recruitment/round_new.html", form=form,
                                                                   error=error))


def _round_page(round_: RecruitmentRound, *, summary: tuple[int, queries.Counts] | None = None,
                advance_form: AdvanceForm | None = None, error: str | None = None):
    shown, totals = summary or queries.round_summary(current_user, round_)
    rows, make = queries.vacancy_rows(current_user, round_)
    page = paginate_rows(rows, shown, make=make)
    following = round_.next_status
    form = advance_form or AdvanceForm(formdata=None)
    if following is not None:
        form.to.data = following.value  # the page offers the one legal step, whatever was posted
    return render_template(
        "recruitment/round.html", round=round_, page=page, lines=queries.vacancy_lines(round_, page.items),
        paths=queries.vacancy_row_paths(page.items), totals=totals,
        next_status=following, advance_form=form, rereview_form=ActionForm(formdata=None), error=error,
        flow=_flow(round_), enrolling=_enrolling(round_),
        # The 公示 period and the short vacancies only matter on the way into 公示.
        publicity=operations.publicity_period(unit_today(), round_.publicity_days)
        if following == RoundStatus.PUBLICITY else None,
        unfilled=operations.unfilled_vacancies(round_) if following == RoundStatus.PUBLICITY else [],
    )


@bp.route("/<int:round_id>")
@staff_manager_required
def round_detail(round_id: int):
    round_, shown, totals = queries.round_overview(current_user, round_id)  # the round with its figures
    return _round_page(_in_reach(round_, shown > 0), summary=(shown, totals))


@bp.route("/<int:round_id>/basic", methods=["GET", "POST"])
@hr_required
def round_basic(round_id: int):
    round_ = load_round(round_id)
    form = BasicConditionsForm(obj=round_ if request.method == "GET" else None)

    def change() -> Done:
        operations.change_basic_conditions(round_, min_age=form.min_age.data, reason=form.reason.data,
                                           retirement_check=form.retirement_check.data, actor=current_user)
        return Done(url_for("recruitment.round_detail", round_id=round_.id), _("基本条件已修改，全部报名已重新审查。"))

    return handle(form, change, page=lambda error: render_template(
        "recruitment/basic.html", round=round_, form=form, error=error, enrolling=_enrolling(round_)))


@bp.route("/<int:round_id>/advance", methods=["POST"])
@hr_required
def round_advance(round_id: int):
    round_ = load_round(round_id)
    form = AdvanceForm()
    before = round_.status

    def advance() -> Done:
        operations.advance_round(round_, RoundStatus(form.to.data), actor=current_user,
                                 publicity_start=form.publicity_start.data,
                                 unfilled_confirmed=form.unfilled_confirmed.data)
        return Done(url_for("recruitment.round_detail", round_id=round_.id),
                    _("“%(name)s”已从“%(before)s”进入“%(after)s”阶段。", name=round_.name,
                      before=label("round_status", before), after=label("round_status", round_.status)))

    return handle(form, advance, page=lambda error: _round_page(round_, advance_form=form, error=error))


@bp.route("/<int:round_id>/rereview", methods=["POST"])
@hr_required
def round_rereview(round_id: int):
    round_ = load_round(round_id)

    def rereview() -> Done | str:
        round_.require_status(*ENROLLING, doing="重新审查")
        if queries.count_applications(round_) > current_app.config["JOB_REVIEW_APPLICATIONS"]:
            return _to_job("round_rereview", round_, _("报名较多，已转入后台重新审查；本页显示进度，完成后显示结果。"))
        counts = operations.rereview_round(round_, actor=current_user)
        return _("已重新审查 %(n)s 份报名：符合 %(eligible)s，待审核 %(needs_review)s，不符合 %(not_eligible)s。",
                 n=sum(counts.values()), **counts)

    return button(ActionForm(), rereview, back=url_for("recruitment.round_detail", round_id=round_.id))


@bp.route("/<int:round_id>/print-job", methods=["POST"])
@hr_required
def print_job(round_id: int):
    """Every 报名表 of the round made in the background, as /print/recruitment/<round>/applications.pdf makes
    them: a large round's take longer than a request may last. HR's: a head's round page has nothing to
    press, and heads print their departments' forms directly."""
    round_ = load_round(round_id)

    def start() -> Done:
        vacancies = queries.visible_vacancies(current_user, round_)
        return _to_job("recruitment_applications", round_, None, vacancy_ids=[v.id for v in vacancies])

    return button(ActionForm(), start, back=url_for("recruitment.round_detail", round_id=round_.id))


# ---------------------------------------------------------------- applicants

def _filter_form(round_id: int) -> tuple[ApplicantFilterForm, dict[int, str]]:
    """The filter form (checked) and the post path of every vacancy the list may name, by vacancy id."""
    paths = queries.vacancy_paths(current_user, round_id)
    form = ApplicantFilterForm(formdata=request.args, vacancies=list(paths.items()))
    form.validate()
    return form, paths


@bp.route("/<int:round_id>/applicants")
@staff_manager_required
def applicants(round_id: int):
    # The filter first (its posts are the vacancies the user sees, by the round's id), so that the round,
    # whether the user reaches it and the filtered count come in one statement.
    form, paths = _filter_form(round_id)
    filters = form.filters()
    round_, reached, total = queries.round_with_total(current_user, round_id, **filters)
    round_ = _in_reach(round_, reached)
    rows, with_applicants = queries.applicant_rows(current_user, round_, **filters)
    page = paginate_rows(rows, total=total, make=queries.ListedApplication, page_join=with_applicants)
    return render_template("recruitment/applicants.html", round=round_, form=form, page=page, paths=paths,
                           enrolling=_enrolling(round_))


@bp.route("/<int:round_id>/vacancies.xlsx")
@hr_required
def vacancies_export(round_id: int):
    round_ = load_round(round_id)
    vacancies = queries.visible_vacancies(current_user, round_)
    data = vacancies_xlsx(queries.vacancy_lines(round_, vacancies), post_paths([v.post_id for v in vacancies]))
    return xlsx_response(data, f"招聘岗位-{round_.name}.xlsx")


@bp.route("/<int:round_id>/applicants.xlsx")
@hr_required
def applicants_export(round_id: int):
    round_ = load_round(round_id)
    form, paths = _filter_form(round_id)
    query = queries.listed(queries.applications_query(current_user, round_, **form.filters()))
    return xlsx_response(applicants_xlsx(list(db.session.scalars(query)), paths), f"报名人员-{round_.name}.xlsx")


@bp.route("/<int:round_id>/applicants/new", methods=["GET", "POST"])
@hr_required
def applicant_new(round_id: int):
    round_ = load_round(round_id)
    vacancies = [v for v in round_.vacancies if not v.cancelled]
    form = ApplicantForm(vacancies=_vacancy_choices(vacancies))

    def register() -> Done:
        vacancy = next(v for v in vacancies if v.id == form.vacancy.data)
        application = people.add_applicant(round_, form.applicant_data(), vacancy.post, actor=current_user)
        return Done(url_for("recruitment.application", application_id=application.id),
                    _("已登记 %(name)s，资格审查结果：%(status)s。", name=application.applicant.name,
                      status=label("application_status", application.status)))

    def page(error: str | None):
        error = on_field(form.field_for(error) if error else None, error)
        return render_template("recruitment/applicant_new.html", round=round_, form=form, error=error,
                               enrolling=_enrolling(round_), options_of=APPLICANT_OPTIONS)

    return handle(form, register, page=page)


@bp.route("/<int:round_id>/applicants/import", methods=["GET", "POST"])
@hr_required
def applicants_import(round_id: int):
    round_ = load_round(round_id)
    form = SheetUploadForm()

    def import_sheet() -> Done:
        data, source = form.sheet.data.read(), upload_name(form)
        round_.require_status(*ENROLLING, doing="导入报名")
        if count_rows(data, source) > current_app.config["JOB_IMPORT_ROWS"]:
            return _to_job("applicants_import", round_, _("报名表较大，已转入后台导入；本页显示进度，完成后显示结果。"),
                           source=source, upload=data)
        count = people.import_applicants(round_, data, source, actor=current_user)
        return Done(url_for("recruitment.applicants", round_id=round_.id),
                    _("已导入 %(n)s 名报名人员并完成资格审查。", n=count))

    def page(error: str | None):
        return render_template("recruitment/applicants_import.html", round=round_, form=form,
                               columns=people.APPLICANT_COLUMNS, optional=people.OPTIONAL_APPLICANT_COLUMNS,
                               enrolling=_enrolling(round_), failed=error is not None,
                               error=on_field(form.sheet, error))

    return handle(form, import_sheet, page=page)


@bp.route("/<int:round_id>/applicants/template.xlsx")
@hr_required
def applicants_template(round_id: int):
    round_ = load_round(round_id)
    paths = sorted(path for _id, path in _vacancy_choices([v for v in round_.vacancies if not v.cancelled]))
    return xlsx_response(people.applicant_template_xlsx(paths), f"报名表模板-{round_.name}.xlsx")


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@hr_required
def application_edit(application_id: int):
    application = load_application(application_id)
    round_ = application.vacancy.round
    vacancies = [v for v in round_.vacancies if not v.cancelled or v.id == application.vacancy_id]
    filled = ApplicantEditForm.filled_with(application.applicant, application.vacancy_id)
    form = ApplicantEditForm(vacancies=_vacancy_choices(vacancies), data=filled if request.method == "GET" else None)

    def save() -> Done:
        vacancy = next(v for v in vacancies if v.id == form.vacancy.data)
        before = application.status
        changes = people.edit_applicant(application, form.applicant_data(), vacancy.post, actor=current_user)
        back = url_for("recruitment.application", application_id=application.id)
        if not changes:
            return Done(back, _("没有修改任何内容。"), "info")
        return Done(back, _("已修改 %(name)s 的报名信息（%(n)s 项），资格审查结果：%(before)s → %(after)s。",
                            name=application.applicant.name, n=len(changes),
                            before=label("application_status", before),
                            after=label("application_status", application.status)))

    def page(error: str | None):
        error = on_field(form.field_for(error) if error else None, error)
        return render_template("recruitment/applicant_edit.html", round=round_, application=application,
                               person=application.applicant, form=form, error=error,
                               locked=people.edit_refusal(application), options_of=APPLICANT_OPTIONS)

    return handle(form, save, page=page)


# ---------------------------------------------------------------- review

@bp.route("/<int:round_id>/review")
@hr_required
def review_queue(round_id: int):
    round_ = load_round(round_id)
    page = paginate(queries.review_queue_query(current_user, round_))
    items = [(application, queries.pending_rows(application)) for application in page.items]
    forms = {(a.id, row.index): DecisionForm(formdata=None, prefix=decision_prefix(a, row.index), back="queue")
             for a, rows in items for row in rows}
    return render_template("recruitment/review.html", round=round_, page=page, items=items, forms=forms,
                           deciding=_enrolling(round_))


# ---------------------------------------------------------------- one vacancy

def _vacancy_page(vacancy: Vacancy, *, exam_form: ExamDecisionForm | None = None, error: str | None = None):
    round_ = vacancy.round
    (line,) = queries.vacancy_lines(round_, [vacancy])
    return render_template(
        "recruitment/vacancy.html", round=round_, vacancy=vacancy, line=line, rules=queries.rules_of(vacancy.rules),
        exam_form=exam_form or ExamDecisionForm(formdata=None), error=error, deciding=_enrolling(round_),
        exam_settings=exam.settings_text(vacancy),
    )


@bp.route("/vacancies/<int:vacancy_id>")
@staff_manager_required
def vacancy(vacancy_id: int):
    return _vacancy_page(load_vacancy(vacancy_id))


@bp.route("/vacancies/<int:vacancy_id>/rules", methods=["GET", "POST"])
@hr_required
def vacancy_rules(vacancy_id: int):
    vacancy = load_vacancy(vacancy_id)
    form = RulesForm(data={"sentences": queries.rule_sentences(vacancy.rules)})

    def page(error: str | None, preview=None):
        return render_template("recruitment/vacancy_rules.html", round=vacancy.round, vacancy=vacancy, form=form,
                               preview=preview, error=error, current=queries.rules_of(vacancy.rules),
                               editable=_enrolling(vacancy.round))

    if not form.submit.data and form.validate_on_submit():  # 预览: parse and show, save nothing
        return page(None, preview=parse_requirements(form.sentences.data))

    def correct() -> Done:
        operations.correct_rules(vacancy, parse_requirements(form.sentences.data), reason=form.reason.data,
                                 actor=current_user)
        return Done(url_for("recruitment.vacancy", vacancy_id=vacancy.id),
                    _("已修改“%(post)s”的资格条件，%(n)s 份报名已重新审查。", post=vacancy.post.path,
                      n=len(vacancy.applications)))

    return handle(form, correct, page=page)


@bp.route("/vacancies/<int:vacancy_id>/exam", methods=["POST"])
@hr_required
def vacancy_exam(vacancy_id: int):
    vacancy = load_vacancy(vacancy_id)
    form = ExamDecisionForm()

    def decide() -> Done:
        operations.decide_exam(vacancy, form.decision.data, form.reason.data, actor=current_user)
        return Done(url_for("recruitment.vacancy", vacancy_id=vacancy.id),
                    _("已记录“%(post)s”的开考比例决定：%(decision)s。", post=vacancy.post.path,
                      decision=label("exam_decision", vacancy.exam_decision)))

    return handle(form, decide, page=lambda error: _vacancy_page(vacancy, exam_form=form, error=error))


# ---------------------------------------------------------------- one application

def application_page(application: Application, *, decide: tuple[int, DecisionForm] | None = None,
                     withdraw_form: WithdrawForm | None = None, appoint_form: AppointForm | None = None,
                     check_form: tuple[CheckStep, CheckForm] | None = None,
                     publicity_form: OwnPublicityForm | None = None, error: str | None = None):
    """The application's page; a refused form is shown again as it was posted (the others empty)."""
    rows = queries.verdict_rows(application)
    forms = {row.index: DecisionForm(formdata=None, prefix=decision_prefix(application, row.index), back="application")
             for row in rows if row.decidable}
    if decide is not None:
        forms[decide[0]] = decide[1]
    round_ = application.vacancy.round
    return render_template(
        "recruitment/application.html", round=round_, application=application, person=application.applicant,
        rows=rows, forms=forms, error=error,
        withdraw_form=withdraw_form or WithdrawForm(formdata=None, prefix="withdraw"),
        appoint_form=appoint_form or AppointForm(formdata=None, prefix="appoint", directory=directory_signin()),
        deciding=_enrolling(round_), appointing=round_.status == RoundStatus.PUBLICITY,
        editable=people.edit_refusal(application) is None,
        publicity_over=application.publicity_over(unit_today()), missing_checks=application.missing_checks(),
        check_forms=_check_forms(round_, check_form), checking=round_.status in SELECTING,
        publicity_form=publicity_form or OwnPublicityForm(formdata=None, prefix="own"),
    )


def _check_forms(round_: RecruitmentRound, bound: tuple[CheckStep, CheckForm] | None) -> dict[CheckStep, CheckForm]:
    forms = {step: CheckForm(formdata=None, prefix=check_prefix(step)) for step in round_.required_steps}
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


@bp.route("/applications/<int:application_id>")
@staff_manager_required
def application(application_id: int):
    return application_page(load_application(application_id))


@bp.route("/applications/<int:application_id>/rules/<int:index>/decide", methods=["POST"])
@hr_required
def application_decide(application_id: int, index: int):
    application = load_application(application_id)
    form = DecisionForm(prefix=decision_prefix(application, index))
    before = application.status

    def decide() -> Done:
        operations.decide_rule(application, index, form.status.data, form.reason.data, actor=current_user)
        if form.back.data == "queue":
            back = url_for("recruitment.review_queue", round_id=application.vacancy.round_id)
        else:
            back = url_for("recruitment.application", application_id=application.id, _anchor=f"rule{index}")
        return Done(back, _("已保存认定。%(name)s 的资格审查结果：%(before)s → %(after)s。", name=application.applicant.name,
                            before=label("application_status", before),
                            after=label("application_status", application.status)))

    return handle(form, decide, page=lambda error: application_page(application, decide=(index, form), error=error))


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@hr_required
def application_withdraw(application_id: int):
    application = load_application(application_id)
    form = WithdrawForm(prefix="withdraw")

    def withdraw() -> Done:
        was_proposed = application.outcome == Outcome.PROPOSED
        replacement = operations.withdraw(application, form.reason.data, actor=current_user)
        flash(_("已登记 %(name)s 放弃/不合格。", name=application.applicant.name), "success")
        flash_replacement(replacement, was_proposed)
        return Done(url_for("recruitment.application", application_id=application.id))

    return handle(form, withdraw, page=lambda error: application_page(application, withdraw_form=form, error=error))


def flash_replacement(replacement: Application | None, place_freed: bool) -> None:
    """Say who moved up (递补), or that nobody could."""
    if replacement is not None:
        flash(_("按排名由 %(name)s 递补为拟聘用人员。", name=replacement.applicant.name), "info")
        if replacement.own_publicity:
            flash(_("%(name)s 须另行公示：请在其报名页发布递补公示。", name=replacement.applicant.name), "warning")
    elif place_freed:
        flash(_("没有可递补的人员：排名下一位没有，或未达到合格分数线。"), "warning")


@bp.route("/applications/<int:application_id>/appoint", methods=["POST"])
@hr_required
def application_appoint(application_id: int):
    application = load_application(application_id)
    form = AppointForm(prefix="appoint", directory=directory_signin())

    def appoint() -> Done:
        if form.login.data:  # with the login, in one piece; HR prints its 账号通知单 next
            employee, slip = hiring.appoint_with_login(application, actor=current_user, on=form.on.data)
            hold_slip(slip)
            return Done(url_for("admin.login_slip", user_id=slip.user_id),
                        _("已聘用 %(name)s（工号 %(staff_no)s）到“%(post)s”，并开通登录账号“%(username)s”。",
                          name=employee.name, staff_no=employee.staff_no, post=application.vacancy.post.path,
                          username=slip.username))
        employee = operations.appoint_application(application, actor=current_user, on=form.on.data)
        return Done(url_for("recruitment.publicity", round_id=application.vacancy.round_id),
                    _("已聘用 %(name)s（工号 %(staff_no)s）到“%(post)s”。", name=employee.name,
                      staff_no=employee.staff_no, post=application.vacancy.post.path))

    return handle(form, appoint, page=lambda error: application_page(application, appoint_form=form, error=error))
