"""Examiner panels' pages, on the recruitment blueprint (service: panels.py).

URL (under /recruitment)                          method     handler               who
/<round>/panels                                   GET        panels_index          HR: rule, elements, panels, lots
/<round>/panels/rule                              POST       panel_rule            HR
/vacancies/<vacancy>/elements                     GET, POST  panel_elements        HR: 测评要素 and weights
/vacancies/<vacancy>/panels                       POST       panel_new             HR
/vacancies/<vacancy>/lots                         POST       panel_lots            HR (the seed is recorded)
/vacancies/<vacancy>/panel-summary.pdf            GET        panel_summary_pdf     HR: 成绩汇总 of the post
/panels/<panel>                                   GET        panel_board           HR; the panel's 计分员 (who has marked only)
/panels/<panel>/members                           POST       panel_member_add      HR (the invitation link is shown)
/panels/members/<member>/invite                   POST       panel_invite          HR: a new link
/panels/<panel>/close                             POST       panel_close           HR
/panels/<panel>/sheet.pdf                         GET        panel_sheet_pdf       HR: the score sheet to sign
/mark-sheets/<sheet>/override                     GET, POST  panel_override        HR, with a reason
/my-panels                                        GET        my_panels             signed in: the open panels one sits on
/panels/<panel>/mark                              GET        panel_candidates      the panel's examiners
/panels/<panel>/mark/<application>                GET, POST  panel_mark            the panel's examiners: one sheet
/panels/<panel>/mark/<application>/recuse         POST       panel_recuse          the panel's examiners: 回避
/panels/invitation/<token>                        GET, POST  panel_invitation      whoever holds the link

Examiners (Role.EXAMINER) reach nothing else of hrflow but their own sign-in pages: fence_examiners below.
A panel that is closed, or one the user does not sit on, answers 404."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hrflow.access import hr_required
from hrflow.auth.forms import NewPasswordForm
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import Application, MarkSheet, Panel, PanelMember, Role
from hrflow.printing.documents import panels as panel_documents
from hrflow.recruitment import panels
from hrflow.recruitment.forms import ActionForm
from hrflow.recruitment.panel_forms import (
    ElementsForm,
    LotForm,
    MemberForm,
    PanelForm,
    RecuseForm,
    RuleForm,
    mark_form,
)
from hrflow.recruitment.routes import bp, load_round, load_vacancy
from hrflow.web.handlers import Done, button, handle, refusal
from hrflow.web.responses import pdf_response

# What an examiner may reach: their sign-in, password, two-step and language pages, and their panels.
EXAMINER_ENDPOINTS = {
    "static", "auth.index", "auth.login", "auth.logout", "auth.password", "auth.language", "auth.password_forgot",
    "auth.password_reset", "auth.sso_start", "auth.sso_callback", "auth.totp_code", "auth.totp_enrol",
    "auth.totp_settings", "auth.totp_off", "auth.totp_recovery_codes",
    "recruitment.my_panels", "recruitment.panel_board", "recruitment.panel_candidates", "recruitment.panel_mark", "recruitment.panel_recuse",
    "recruitment.panel_invitation",
}


@bp.before_app_request
def fence_examiners():
    """An examiner from outside the unit sees none of its staff pages (403), whatever each page allows."""
    if (current_user.is_authenticated and getattr(current_user, "role", None) == Role.EXAMINER
            and request.endpoint is not None and request.endpoint not in EXAMINER_ENDPOINTS):
        abort(403)


# ---------------------------------------------------------------- HR: setting up


def load_panel(panel_id: int) -> Panel:
    panel = db.get_or_404(Panel, panel_id)
    load_vacancy(panel.vacancy_id)
    return panel


def _panels_page(round_, *, rule_form=None, panel_form=None, lot_form=None, error=None, form_vacancy=None):
    rule = panels.rule_of(round_)
    vacancies = [v for v in round_.vacancies if not v.cancelled]
    return render_template(
        "recruitment/panels.html", round=round_, rule=rule, error=error, form_vacancy=form_vacancy,
        rule_form=rule_form or RuleForm(formdata=None, obj=rule), panel_form=panel_form or PanelForm(formdata=None),
        lot_form=lot_form or LotForm(formdata=None), action=ActionForm(formdata=None),
        vacancies=[(v, panels.elements_of(v), panels.panels_of(v), panels.lots_of(v)) for v in vacancies],
        rule_text=panels.rule_text(rule), can_manage=True)


@bp.route("/<int:round_id>/panels")
@hr_required
def panels_index(round_id: int):
    return _panels_page(load_round(round_id))


@bp.route("/<int:round_id>/panels/rule", methods=["POST"])
@hr_required
def panel_rule(round_id: int):
    round_ = load_round(round_id)
    form = RuleForm()

    def save() -> Done:
        panels.set_rule(round_, drop=form.drop.data, rounding=form.rounding.data, actor=current_user)
        return Done(url_for("recruitment.panels_index", round_id=round_.id), _("已保存面试计分规则。"))

    return handle(form, save, page=lambda error: _panels_page(round_, rule_form=form, error=error))


@bp.route("/vacancies/<int:vacancy_id>/elements", methods=["GET", "POST"])
@hr_required
def panel_elements(vacancy_id: int):
    vacancy = load_vacancy(vacancy_id)
    form = ElementsForm()
    if request.method == "GET":
        form.fill(panels.elements_of(vacancy))

    def save() -> Done:
        panels.set_elements(vacancy, form.data_rows(), actor=current_user)
        return Done(url_for("recruitment.panels_index", round_id=vacancy.round_id),
                    _("已保存“%(post)s”的测评要素。", post=vacancy.post.path))

    def page(error):
        return render_template("recruitment/panel_elements.html", vacancy=vacancy, round=vacancy.round, form=form,
                               error=error, can_manage=True)

    return handle(form, save, page=page)


@bp.route("/vacancies/<int:vacancy_id>/panels", methods=["POST"])
@hr_required
def panel_new(vacancy_id: int):
    vacancy = load_vacancy(vacancy_id)
    form = PanelForm()

    def save() -> Done:
        panel = panels.create_panel(vacancy, form.room.data, actor=current_user)
        return Done(url_for("recruitment.panel_board", panel_id=panel.id), _("已设立考官小组：%(room)s", room=panel.room))

    return handle(form, save, page=lambda error: _panels_page(vacancy.round, panel_form=form, error=error,
                                                              form_vacancy=vacancy.id))


@bp.route("/vacancies/<int:vacancy_id>/lots", methods=["POST"])
@hr_required
def panel_lots(vacancy_id: int):
    vacancy = load_vacancy(vacancy_id)
    form = LotForm()

    def save() -> Done:
        draw = (panels.draw_examiners if form.kind.data == "examiners" else panels.draw_lots)(
            vacancy, actor=current_user, seed=(form.seed.data or "").strip() or None)
        return Done(url_for("recruitment.panels_index", round_id=vacancy.round_id),
                    _("已抽签（随机种子 %(seed)s）。", seed=draw.seed))

    return handle(form, save, page=lambda error: _panels_page(vacancy.round, lot_form=form, error=error,
                                                              form_vacancy=vacancy.id))


# ---------------------------------------------------------------- HR: the board, members, corrections


def _board(panel: Panel, *, member_form=None, error=None, link=None):
    hr = current_user.is_hr
    member = panels.member_of(panel, current_user)
    if not hr and (member is None or member.duty != "scorer" or not panel.is_open):
        abort(404)
    states = panels.vacancy_states(panel.vacancy)[panel.id]
    return render_template("recruitment/panel_board.html", panel=panel, vacancy=panel.vacancy, round=panel.vacancy.round,
                           states=states, markers=[m for m in panel.members if m.marks], hr=hr,
                           elements=panels.elements_of(panel.vacancy), error=error, link=link,
                           member_form=member_form or MemberForm(formdata=None), action=ActionForm(formdata=None),
                           can_manage=hr)


@bp.route("/panels/<int:panel_id>")
@login_required
def panel_board(panel_id: int):
    panel = db.get_or_404(Panel, panel_id)
    if current_user.is_hr:
        load_vacancy(panel.vacancy_id)
    return _board(panel, link=request.args.get("link") if current_user.is_hr else None)


@bp.route("/panels/<int:panel_id>/members", methods=["POST"])
@hr_required
def panel_member_add(panel_id: int):
    panel = load_panel(panel_id)
    form = MemberForm()
    if not form.validate_on_submit():
        return _board(panel, member_form=form), 422
    try:
        member = panels.add_member(panel, username=form.username.data, name=form.name.data, email=form.email.data,
                                   duty=form.duty.data, actor=current_user)
        link = panels.invite(member, actor=current_user)
    except DomainError as refused:
        return _board(panel, member_form=form, error=refusal(refused, form)), 422
    db.session.commit()
    flash(_("已加入 %(name)s；邀请链接见下方，请转交本人。", name=member.user.name)
          + (" " + _("邀请邮件已发出。") if member.user.email else ""), "success")
    return _board(panel, link=link)


@bp.route("/panels/members/<int:member_id>/invite", methods=["POST"])
@hr_required
def panel_invite(member_id: int):
    member = db.get_or_404(PanelMember, member_id)
    panel = load_panel(member.panel_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("recruitment.panel_board", panel_id=panel.id))
    link = panels.invite(member, actor=current_user)
    db.session.commit()
    flash(_("已重新生成 %(name)s 的邀请链接。", name=member.user.name), "success")
    return _board(panel, link=link)


@bp.route("/panels/<int:panel_id>/close", methods=["POST"])
@hr_required
def panel_close(panel_id: int):
    panel = load_panel(panel_id)

    def close() -> str:
        panels.close_panel(panel, actor=current_user)
        return _("考官小组“%(room)s”已结束评分。", room=panel.room)

    return button(ActionForm(), close, back=url_for("recruitment.panel_board", panel_id=panel.id))


@bp.route("/mark-sheets/<int:sheet_id>/override", methods=["GET", "POST"])
@hr_required
def panel_override(sheet_id: int):
    sheet = db.get_or_404(MarkSheet, sheet_id)
    panel = load_panel(sheet.member.panel_id)
    application = db.session.get(Application, sheet.application_id)
    elements = panels.elements_of(panel.vacancy)
    form = mark_form(elements, reason=True)
    if request.method == "GET":
        for element in elements:
            getattr(form, f"e{element.id}").data = sheet.marks.get(str(element.id))

    def save() -> Done:
        panels.override_marks(sheet, form.marks(), reason=form.reason.data, actor=current_user)
        return Done(url_for("recruitment.panel_board", panel_id=panel.id), _("已修改评分，并记录原因。"))

    return handle(form, save, page=lambda error: render_template(
        "recruitment/panel_override.html", panel=panel, sheet=sheet, application=application, form=form,
        fields=[getattr(form, f"e{e.id}") for e in elements], error=error))


@bp.route("/panels/<int:panel_id>/sheet.pdf")
@hr_required
def panel_sheet_pdf(panel_id: int):
    panel = load_panel(panel_id)
    return pdf_response(panel_documents.render_panel_sheet_pdf(panel), f"评分表-{panel.vacancy.post.path}-{panel.room}.pdf")


@bp.route("/vacancies/<int:vacancy_id>/panel-summary.pdf")
@hr_required
def panel_summary_pdf(vacancy_id: int):
    vacancy = load_vacancy(vacancy_id)
    return pdf_response(panel_documents.render_panel_summary_pdf(vacancy), f"面试成绩汇总-{vacancy.post.path}.pdf")


# ---------------------------------------------------------------- examiners


def load_own_panel(panel_id: int) -> tuple[Panel, PanelMember]:
    """A panel the signed-in user marks on, while it is open; else 404."""
    panel = db.get_or_404(Panel, panel_id)
    member = panels.member_of(panel, current_user)
    if member is None or not member.marks or not panel.is_open:
        abort(404)
    return panel, member


def load_seat(panel: Panel, application_id: int) -> Application:
    application = db.get_or_404(Application, application_id)
    if panels.seat_of(panel, application) is None:
        abort(404)
    return application


@bp.route("/my-panels")
@login_required
def my_panels():
    mine = [(p, panels.member_of(p, current_user)) for p in panels.my_panels(current_user)]
    return render_template("recruitment/panel_mine.html", mine=mine)


@bp.route("/panels/<int:panel_id>/mark")
@login_required
def panel_candidates(panel_id: int):
    panel, member = load_own_panel(panel_id)
    rows = [(seat, panels.sheet_of(member, seat.application), panels.recusal_of(member, seat.application))
            for seat in panel.seats]
    return render_template("recruitment/panel_candidates.html", panel=panel, member=member, rows=rows)


def _sheet_page(panel, member, application, form, recuse_form, error=None):
    elements = panels.elements_of(panel.vacancy)
    return render_template("recruitment/panel_mark.html", panel=panel, member=member, application=application,
                           form=form, fields=[getattr(form, f"e{e.id}") for e in elements],
                           recuse_form=recuse_form, error=error, sheet=panels.sheet_of(member, application),
                           recusal=panels.recusal_of(member, application), elements=elements)


@bp.route("/panels/<int:panel_id>/mark/<int:application_id>", methods=["GET", "POST"])
@login_required
def panel_mark(panel_id: int, application_id: int):
    panel, member = load_own_panel(panel_id)
    application = load_seat(panel, application_id)
    form = mark_form(panels.elements_of(panel.vacancy))

    def save() -> Done:
        panels.submit_marks(member, application, form.marks(), actor=current_user)
        return Done(url_for("recruitment.panel_candidates", panel_id=panel.id),
                    _("已提交对 %(name)s 的评分。", name=application.applicant.name))

    return handle(form, save, page=lambda error: _sheet_page(panel, member, application, form,
                                                             RecuseForm(formdata=None), error))


@bp.route("/panels/<int:panel_id>/mark/<int:application_id>/recuse", methods=["POST"])
@login_required
def panel_recuse(panel_id: int, application_id: int):
    panel, member = load_own_panel(panel_id)
    application = load_seat(panel, application_id)
    form = RecuseForm()

    def save() -> Done:
        panels.recuse(member, application, reason=form.reason.data, actor=current_user)
        return Done(url_for("recruitment.panel_candidates", panel_id=panel.id),
                    _("已对 %(name)s 回避。", name=application.applicant.name))

    return handle(form, save, page=lambda error: _sheet_page(
        panel, member, application, mark_form(panels.elements_of(panel.vacancy), formdata=None), form, error))


@bp.route("/panels/invitation/<token>", methods=["GET", "POST"])
def panel_invitation(token: str):
    try:
        user = panels.user_for_invitation(token)
    except panels.InvitationError as error:
        return render_template("auth/reset_invalid.html", error=str(error)), 400
    form = NewPasswordForm()

    def save() -> Done:
        panels.accept_invitation(user, form.new_password.data)
        return Done(url_for("auth.login"), _("密码已设置，请用登录名和新密码登录。"))

    return handle(form, save, page=lambda error: render_template("auth/reset.html", form=form, error=error, user=user))

