"""The examination steps' pages of the recruitment blueprint: scores, ranking, proposals and publicity.

URL (under /recruitment)                          method     handler               who
/<round>/scores                                   GET        scores                HR
/<round>/scores                                   POST       scores_save           HR (the whole grid, one 保存)
/<round>/scores.xlsx                              GET        scores_export         HR
/<round>/scores/import                            POST       scores_import         HR
/<round>/bonuses                                  GET        bonuses               HR
/<round>/bonuses/types                            POST       bonus_type_add        HR
/<round>/bonuses/cap                              POST       bonus_cap             HR
/<round>/bonuses                                  POST       bonus_grant           HR
/bonuses/<bonus>/remove                           POST       bonus_remove          HR (with a reason)
/vacancies/<vacancy>/exam-settings                GET, POST  vacancy_settings      HR
/<round>/ranking                                  GET        ranking               HR; heads (their vacancies)
/<round>/publicity                                GET        publicity             HR; heads (their vacancies)
/vacancies/<vacancy>/propose                      POST       vacancy_propose       HR (in 公示 too: a late hire)
/<round>/selection                                GET, POST  round_selection       HR: 体检/考察 on or off, 合格分数线
/applications/<application>/checks/<step>         POST       application_check     HR: 体检 or 考察 result
/applications/<application>/publicity             POST       application_publicity HR: a late hire's own 公示

The blueprint and the loading helpers are routes.py's; hrflow/recruitment/__init__.py imports this module so
its views are on the blueprint before it is registered."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from hrflow.access import hr_required, staff_manager_required
from hrflow.clock import unit_today
from hrflow.extensions import db
from hrflow.models import (
    Application,
    ApplicationBonus,
    BonusType,
    CheckStep,
    Outcome,
    RecruitmentRound,
    RoundStatus,
)
from hrflow.models.recruitment import label
from hrflow.recruitment import exam, operations, queries, selection
from hrflow.recruitment.exam_forms import (
    BonusCapForm,
    BonusGrantForm,
    BonusRemoveForm,
    BonusTypeForm,
    ExamSettingsForm,
    ScoreGridForm,
)
from hrflow.recruitment.export import scores_xlsx
from hrflow.recruitment.forms import ActionForm, SheetUploadForm
from hrflow.recruitment.routes import (
    application_page,
    bp,
    flash_replacement,
    load_application,
    load_round,
    load_vacancy,
    on_field,
    upload_name,
    xlsx_response,
)
from hrflow.recruitment.selection_forms import (
    CheckForm,
    OwnPublicityForm,
    SelectionSettingsForm,
    check_prefix,
)
from hrflow.web.handlers import Done, button, handle

# ---------------------------------------------------------------- scores

def _shown(rankings: list[queries.Ranking]) -> list[Application]:
    return [a for ranking in rankings for a in ranking.ranked + ranking.withdrawn]


def _scores_page(round_: RecruitmentRound, *, grid: ScoreGridForm | None = None,
                 upload: SheetUploadForm | None = None, problems: list[str] | None = None):
    rankings = queries.rankings([v for v in round_.vacancies if not v.cancelled])
    grid = grid or ScoreGridForm(formdata=None, applications=_shown(rankings))
    return render_template("recruitment/scores.html", round=round_, rankings=rankings, grid=grid,
                           rows=grid.by_application(), problems=problems or [], exam=exam,
                           upload=upload or SheetUploadForm(formdata=None),
                           entering=round_.status == RoundStatus.EXAMINING)


@bp.route("/<int:round_id>/scores")
@hr_required
def scores(round_id: int):
    return _scores_page(load_round(round_id))


@bp.route("/<int:round_id>/scores", methods=["POST"])
@hr_required
def scores_save(round_id: int):
    round_ = load_round(round_id)
    grid = ScoreGridForm()

    def save() -> Done:
        try:
            count = exam.record_score_grid(round_, grid.entries(), actor=current_user)
        except exam.ScoreGridError as refused:
            mark_problems(grid, refused.problems)
            raise
        return Done(url_for("recruitment.scores", round_id=round_.id), _("已保存成绩：%(n)s 人有变动，排名已更新。", n=count))

    def page(error: str | None):
        return _scores_page(round_, grid=grid, problems=grid_problems(grid, error))

    return handle(grid, save, page=page)


def mark_problems(grid: ScoreGridForm, problems: list[exam.ScoreProblem]) -> None:
    """Put each refusal of the operation on the cell it is about."""
    rows = grid.by_application()
    for problem in problems:
        entry = rows.get(problem.application_id)
        if entry is not None:
            getattr(entry, problem.part).errors.append(problem.message)


def grid_problems(grid: ScoreGridForm, error: str | None) -> list[str]:
    """What the top of the page lists: each refused cell, by whom and which column. The operation's
    refusals (ScoreGridError) were put on their cells by mark_problems."""
    rows = grid.by_application()
    names = {a.id: a.applicant.name for a in db.session.scalars(select(Application).where(Application.id.in_(list(rows) or [-1])))}
    found = []
    for application_id, entry in rows.items():
        for field in (entry.written, entry.interview, entry.panel_marks):
            who = f"{names.get(application_id, application_id)}（报名号 {application_id}）"
            found += [message if message.startswith(who) or message.startswith("评委打分：" + who)
                      else f"{who}{field.label.text}：{message}" for message in field.errors]
    return found or ([error] if error else [])


@bp.route("/<int:round_id>/scores.xlsx")
@hr_required
def scores_export(round_id: int):
    round_ = load_round(round_id)
    return xlsx_response(scores_xlsx(round_, exam.bonus_totals(round_)), f"成绩-{round_.name}.xlsx")


@bp.route("/<int:round_id>/scores/import", methods=["POST"])
@hr_required
def scores_import(round_id: int):
    round_ = load_round(round_id)
    form = SheetUploadForm()

    def import_sheet() -> Done:
        count = operations.import_scores(round_, form.sheet.data.read(), upload_name(form), actor=current_user)
        return Done(url_for("recruitment.scores", round_id=round_.id), _("已导入 %(n)s 人的成绩，排名已更新。", n=count))

    def page(error: str | None):
        on_field(form.sheet, error)
        return _scores_page(round_, upload=form)

    return handle(form, import_sheet, page=page)


# ---------------------------------------------------------------- ranking and publicity

@bp.route("/<int:round_id>/ranking")
@staff_manager_required
def ranking(round_id: int):
    round_ = load_round(round_id)
    rankings = queries.rankings(queries.visible_vacancies(current_user, round_))
    return render_template("recruitment/ranking.html", round=round_, rankings=rankings, exam=exam,
                           propose_form=ActionForm(formdata=None), proposing=round_.status == RoundStatus.EXAMINING)


@bp.route("/<int:round_id>/publicity")
@staff_manager_required
def publicity(round_id: int):
    round_ = load_round(round_id)
    vacancies = queries.visible_vacancies(current_user, round_)
    appointing = round_.status == RoundStatus.PUBLICITY
    return render_template("recruitment/publicity.html", round=round_, hires=queries.hires(vacancies),
                           appointing=appointing, today=unit_today(), propose_form=ActionForm(formdata=None),
                           unfilled=[(v, n) for v, n in operations.unfilled_vacancies(round_) if v in vacancies]
                           if appointing else [])


@bp.route("/vacancies/<int:vacancy_id>/propose", methods=["POST"])
@hr_required
def vacancy_propose(vacancy_id: int):
    vacancy = load_vacancy(vacancy_id)
    if vacancy.round.status == RoundStatus.PUBLICITY:  # a late hire: back to the 公示 list they join
        back = url_for("recruitment.publicity", round_id=vacancy.round_id)
    else:
        back = url_for("recruitment.ranking", round_id=vacancy.round_id, _anchor=f"v{vacancy.id}")

    def propose() -> Done:
        proposed = operations.propose_hires(vacancy, actor=current_user)
        if not proposed:
            return Done(back, _("“%(post)s”还没有可拟聘用的人员（需有综合成绩）。", post=vacancy.post.path), "warning")
        return Done(back, _("“%(post)s”拟聘用：%(names)s。", post=vacancy.post.path,
                             names="、".join(a.applicant.name for a in proposed)))

    return button(ActionForm(), propose, back=back)


# ---------------------------------------------------------------- 体检, 考察, 递补 and a late hire's 公示

@bp.route("/<int:round_id>/selection", methods=["GET", "POST"])
@hr_required
def round_selection(round_id: int):
    round_ = load_round(round_id)
    form = SelectionSettingsForm(obj=round_ if request.method == "GET" else None)

    def change() -> Done:
        selection.change_settings(round_, medical_check=form.medical_check.data, score_floor=form.score_floor.data,
                                  inspection_check=form.inspection_check.data, reason=form.reason.data,
                                  actor=current_user)
        return Done(url_for("recruitment.round_detail", round_id=round_.id), _("体检、考察设置已保存。"))

    return handle(form, change, page=lambda error: render_template(
        "recruitment/selection_settings.html", round=round_, form=form, error=error,
        editable=round_.status != RoundStatus.CLOSED))


@bp.route("/applications/<int:application_id>/checks/<any(medical, inspection):step>", methods=["POST"])
@hr_required
def application_check(application_id: int, step: str):
    application = load_application(application_id)
    step_ = CheckStep(step)
    form = CheckForm(prefix=check_prefix(step_))

    def record() -> Done:
        was_proposed = application.outcome == Outcome.PROPOSED
        replacement = selection.record_check(application, step_, form.result.data, form.on.data, form.reason.data,
                                             actor=current_user)
        if application.outcome == Outcome.WITHDRAWN:
            flash_replacement(replacement, was_proposed)
        return Done(url_for("recruitment.application", application_id=application.id, _anchor="checks"),
                    _("已登记 %(name)s 的%(step)s结果：%(result)s。", name=application.applicant.name,
                      step=label("check_step", step_), result=label("check_result", form.result.data)))

    return handle(form, record, page=lambda error: application_page(application, check_form=(step_, form),
                                                                    error=error))


@bp.route("/applications/<int:application_id>/publicity", methods=["POST"])
@hr_required
def application_publicity(application_id: int):
    application = load_application(application_id)
    form = OwnPublicityForm(prefix="own")

    def publish() -> Done:
        selection.start_own_publicity(application, form.start.data, actor=current_user)
        return Done(url_for("recruitment.publicity", round_id=application.round_id),
                    _("已发布 %(name)s 的递补公示：%(start)s 至 %(end)s。", name=application.applicant.name,
                      start=application.publicity_start.isoformat(), end=application.publicity_end.isoformat()))

    return handle(form, publish, page=lambda error: application_page(application, publicity_form=form, error=error))


# ---------------------------------------------------------------- a vacancy's exam settings

@bp.route("/vacancies/<int:vacancy_id>/exam-settings", methods=["GET", "POST"])
@hr_required
def vacancy_settings(vacancy_id: int):
    vacancy = load_vacancy(vacancy_id)
    form = ExamSettingsForm(vacancy=vacancy)

    def save() -> Done:
        change = exam.SettingsChange(**{name: getattr(form, name).data for name in exam.SettingsChange.__annotations__})
        exam.change_exam_settings(vacancy, change, reason=form.reason.data, actor=current_user)
        return Done(url_for("recruitment.vacancy", vacancy_id=vacancy.id, _anchor="exam-settings"),
                    _("已保存“%(post)s”的考试设置。", post=vacancy.post.path))

    def page(error: str | None):
        return render_template("recruitment/exam_settings.html", round=vacancy.round, vacancy=vacancy, form=form,
                               error=error, locked=exam.has_scores(vacancy), summary=exam.settings_text(vacancy))

    return handle(form, save, page=page)


# ---------------------------------------------------------------- 加分

def _bonus_page(round_: RecruitmentRound, *, type_form=None, cap_form=None, grant_form=None, error=None,
                remove_form: tuple[int, BonusRemoveForm] | None = None):
    """remove_form: (the 加分's id, its refused form), shown on that row with what was typed."""
    types = exam.bonus_types(round_)
    granted = [(a, b) for v in round_.vacancies for a in v.applications for b in a.bonuses]
    return render_template(
        "recruitment/bonuses.html", round=round_, types=types, granted=granted, error=error,
        remove_form=remove_form or (None, BonusRemoveForm(formdata=None, prefix="remove")),
        type_form=type_form or BonusTypeForm(formdata=None, prefix="type"),
        cap_form=cap_form or BonusCapForm(formdata=None, prefix="cap", data={"cap": round_.bonus_cap}),
        grant_form=grant_form or BonusGrantForm(formdata=None, prefix="grant", bonus_types=types),
        granting=round_.status in (RoundStatus.REVIEWING, RoundStatus.EXAMINING))


@bp.route("/<int:round_id>/bonuses")
@hr_required
def bonuses(round_id: int):
    return _bonus_page(load_round(round_id))


@bp.route("/<int:round_id>/bonuses/types", methods=["POST"])
@hr_required
def bonus_type_add(round_id: int):
    round_ = load_round(round_id)
    form = BonusTypeForm(prefix="type")

    def add() -> Done:
        added = exam.add_bonus_type(round_, name=form.name.data, points=form.points.data,
                                    proof_required=form.proof_required.data, actor=current_user)
        return Done(url_for("recruitment.bonuses", round_id=round_.id), _("已添加加分项目“%(name)s”。", name=added.name))

    return handle(form, add, page=lambda error: _bonus_page(round_, type_form=form, error=error))


@bp.route("/<int:round_id>/bonuses/cap", methods=["POST"])
@hr_required
def bonus_cap(round_id: int):
    round_ = load_round(round_id)
    form = BonusCapForm(prefix="cap")

    def save() -> Done:
        exam.change_bonus_cap(round_, form.cap.data, actor=current_user)
        return Done(url_for("recruitment.bonuses", round_id=round_.id), _("已保存每人加分上限。"))

    return handle(form, save, page=lambda error: _bonus_page(round_, cap_form=form, error=error))


@bp.route("/<int:round_id>/bonuses", methods=["POST"])
@hr_required
def bonus_grant(round_id: int):
    round_ = load_round(round_id)
    form = BonusGrantForm(prefix="grant", bonus_types=exam.bonus_types(round_))

    def grant() -> Done:
        application = db.session.get(Application, form.application.data)
        if application is None or application.round_id != round_.id:
            raise exam.RecruitmentError(f"报名号 {form.application.data} 不在本轮", field="application")
        bonus_type = db.session.get(BonusType, form.bonus_type.data)
        if bonus_type is None:
            abort(404)
        exam.grant_bonus(application, bonus_type, proof=form.proof.data, actor=current_user)
        return Done(url_for("recruitment.bonuses", round_id=round_.id),
                    _("已为 %(name)s 登记加分。", name=application.applicant.name))

    return handle(form, grant, page=lambda error: _bonus_page(round_, grant_form=form, error=error))


@bp.route("/bonuses/<int:bonus_id>/remove", methods=["POST"])
@hr_required
def bonus_remove(bonus_id: int):
    granted = db.session.get(ApplicationBonus, bonus_id) or abort(404)
    round_ = granted.application.round
    form = BonusRemoveForm(prefix="remove")
    name = granted.application.applicant.name

    def remove() -> Done:
        exam.remove_bonus(granted, reason=form.reason.data, actor=current_user)
        return Done(url_for("recruitment.bonuses", round_id=round_.id), _("已撤销 %(name)s 的加分。", name=name))

    return handle(form, remove, page=lambda error: _bonus_page(round_, remove_form=(bonus_id, form), error=error))
