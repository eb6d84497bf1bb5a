"""The examination steps' pages of the recruitment blueprint: scores, ranking, proposals and publicity.

URL (under /recruitment)                          method     handler               who
/<round>/scores                                   GET        scores                HR
/<round>/scores.xlsx                              GET        scores_export         HR
/<round>/scores/import                            POST       scores_import         HR
/applications/<application>/scores               POST       application_scores    HR
/<round>/ranking                                  GET        ranking               HR; heads (their vacancies)
/<round>/publicity                                GET        publicity             HR; heads (their vacancies)
/vacancies/<vacancy>/propose                      POST       vacancy_propose       HR

The blueprint and the loading helpers are routes.py's; hrflow/recruitment/__init__.py imports this module so
its views are on the blueprint before it is registered."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrflow.access import hr_required, staff_manager_required
from hrflow.errors import DomainError
from hrflow.models import RecruitmentRound, RoundStatus
from hrflow.recruitment import operations, queries
from hrflow.recruitment.export import scores_xlsx
from hrflow.recruitment.forms import ActionForm, ScoreForm, SheetUploadForm
from hrflow.recruitment.routes import (
    bp,
    load_application,
    load_round,
    load_vacancy,
    on_field,
    upload_name,
    xlsx_response,
)
from hrflow.web.handlers import Done, handle, refusal

# ---------------------------------------------------------------- scores

def _scores_page(round_: RecruitmentRound, *, bound: dict[int, ScoreForm] | None = None,
                 upload: SheetUploadForm | None = None):
    bound = bound or {}
    rankings = queries.rankings([v for v in round_.vacancies if not v.cancelled])
    forms = {a.id: bound.get(a.id) or ScoreForm(formdata=None, prefix=f"s{a.id}", written=a.written_score,
                                                interview=a.interview_score,
                                                panel_marks="、".join(f"{m:g}" for m in a.panel_marks or []))
             for ranking in rankings for a in ranking.ranked + ranking.withdrawn}
    return render_template("recruitment/scores.html", round=round_, rankings=rankings, forms=forms,
                           upload=upload or SheetUploadForm(formdata=None),
                           entering=round_.status == RoundStatus.EXAMINING)


@bp.route("/<int:round_id>/scores")
@hr_required
def scores(round_id: int):
    return _scores_page(load_round(round_id))


@bp.route("/<int:round_id>/scores.xlsx")
@hr_required
def scores_export(round_id: int):
    round_ = load_round(round_id)
    return xlsx_response(scores_xlsx(round_), f"成绩-{round_.name}.xlsx")


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


@bp.route("/applications/<int:application_id>/scores", methods=["POST"])
@hr_required
def application_scores(application_id: int):
    application = load_application(application_id)
    round_ = application.vacancy.round
    form = ScoreForm(prefix=f"s{application.id}")

    def record() -> Done:
        operations.record_scores(application, actor=current_user, written=form.written.data,
                                 interview=form.interview.data, panel_marks=form.marks())
        return Done(url_for("recruitment.scores", round_id=round_.id, _anchor=f"a{application.id}"),
                    _("已保存 %(name)s 的成绩。", name=application.applicant.name))

    def page(error: str | None):
        on_field(form.written, error)
        return _scores_page(round_, bound={application.id: form})

    return handle(form, record, page=page)


# ---------------------------------------------------------------- ranking and publicity

@bp.route("/<int:round_id>/ranking")
@staff_manager_required
def ranking(round_id: int):
    round_ = load_round(round_id)
    rankings = queries.rankings(queries.visible_vacancies(current_user, round_))
    return render_template("recruitment/ranking.html", round=round_, rankings=rankings,
                           propose_form=ActionForm(formdata=None), proposing=round_.status == RoundStatus.EXAMINING)


@bp.route("/<int:round_id>/publicity")
@staff_manager_required
def publicity(round_id: int):
    round_ = load_round(round_id)
    return render_template("recruitment/publicity.html", round=round_,
                           hires=queries.hires(queries.visible_vacancies(current_user, round_)),
                           appointing=round_.status == RoundStatus.PUBLICITY,
                           publicity_over=round_.publicity_over(date.today()))


@bp.route("/vacancies/<int:vacancy_id>/propose", methods=["POST"])
@hr_required
def vacancy_propose(vacancy_id: int):
    vacancy = load_vacancy(vacancy_id)
    if ActionForm().validate_on_submit():
        try:
            proposed = operations.propose_hires(vacancy, actor=current_user)
        except DomainError as refused:
            flash(refusal(refused), "danger")
        else:
            if proposed:
                flash(_("“%(post)s”拟聘用：%(names)s。", post=vacancy.post.path,
                        names="、".join(a.applicant.name for a in proposed)), "success")
            else:
                flash(_("“%(post)s”还没有可拟聘用的人员（需有综合成绩）。", post=vacancy.post.path), "warning")
    return redirect(url_for("recruitment.ranking", round_id=vacancy.round_id, _anchor=f"v{vacancy.id}"))
