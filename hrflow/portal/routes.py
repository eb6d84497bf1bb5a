"""The applicant's pages: a realm of its own (own accounts, own session key, own base template).

URL (under /apply)                 method     handler          who
/                                  GET        index            anyone: the rounds HR opened
/rounds/<round>                    GET        round_page       anyone, when HR published the round's portal
/register                          GET, POST  register         anyone (limited per address)
/confirm                           GET, POST  confirm          an applicant not yet confirmed (code tries limited)
/confirm/resend                    POST       confirm_resend   an applicant not yet confirmed (limited)
/login                             GET, POST  login            anyone (failures limited)
/logout                            POST       logout           an applicant
/password/forgot                   GET, POST  password_forgot  anyone (limited)
/password/reset/<token>            GET, POST  password_reset   whoever holds the mailed link
/me                                GET        mine             an applicant: their 报名表 and results
/me/data.json                      GET        my_data          an applicant: everything kept about them
/rounds/<round>/form               GET, POST  entry            an applicant: their 报名表 of the round
/rounds/<round>/files              POST       upload           an applicant: photo and proof
/rounds/<round>/withdraw           POST       withdraw         an applicant: 改报, until HR starts reviewing
/rounds/<round>/print.pdf          GET        print_entry      an applicant: the submitted 报名表
/rounds/<round>/admission.pdf      GET        print_admission  an applicant: their 准考证, once HR released them
/files/<file>                      GET        file             the file's owner
/files/<file>/delete               POST       file_delete      the file's owner

A staff session is no applicant: the applicant's pages answer it 403 (hrflow/portal/access.py)."""

from __future__ import annotations

import base64
import io
import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from hrflow.admin.operations import MIN_PASSWORD_LENGTH
from hrflow.auth.signin import safe_next
from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import EntryState, RecruitmentRound
from hrflow.models.base import SOURCE_LOCALE, utcnow
from hrflow.models.portal import PHOTO
from hrflow.models.recruitment import label
from hrflow.pdf.render import render_html_to_pdf
from hrflow.portal import services
from hrflow.portal.access import applicant_required, current_account, own_file, sign_in, sign_out
from hrflow.portal.forms import (
    ActionForm,
    CodeForm,
    EntryForm,
    ForgotForm,
    LoginForm,
    RegisterForm,
    ResetForm,
    UploadForm,
)
from hrflow.printing.documents import exam as exam_documents
from hrflow.recruitment import arrangement
from hrflow.recruitment import queries as recruitment_queries
from hrflow.recruitment.queries import rule_sentences
from hrflow.web.handlers import Done, button, handle, refusal
from hrflow.web.responses import pdf_response

bp = Blueprint("portal", __name__, url_prefix="/apply")


@bp.context_processor
def _helpers() -> dict:
    return {"account": current_account(), "label": label, "local": services.to_local}


def _client() -> str:
    return request.remote_addr or "unknown"


def _too_many(what: str, name: str) -> bool:
    return services.portal_throttle().refuses(*services.throttle_keys(what, name, _client()), known_device=False)


def _count(what: str, name: str) -> None:
    services.portal_throttle().failed(*services.throttle_keys(what, name, _client()))


def _published_round(round_id: int) -> tuple[RecruitmentRound, object]:
    opening = services.opening_of(round_id)
    if opening is None or not opening.published:
        abort(404)
    return opening.round, opening


# ---------------------------------------------------------------- public pages

@bp.route("/")
def index():
    return render_template("portal/index.html", openings=services.public_openings(), now=utcnow())


@bp.route("/rounds/<int:round_id>")
def round_page(round_id: int):
    round_, opening = _published_round(round_id)
    vacancies = services.open_vacancies(round_)
    # The conditions the pre-check and HR's review apply (HR may have corrected the parsed ones).
    # In 公示: the 拟聘用人员公示 list, with the unit's contact for objections.
    return render_template("portal/round.html", round=round_, opening=opening, now=utcnow(), vacancies=vacancies,
                           conditions={v.id: rule_sentences(v.rules) for v in vacancies},
                           publicity=services.public_publicity(round_),
                           supervision_phone=current_app.config.get("SUPERVISION_PHONE") or "")


# ---------------------------------------------------------------- accounts

@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.is_submitted() and _too_many("register", "any"):
        return render_template("portal/register.html", form=form, min_length=MIN_PASSWORD_LENGTH,
                               error=_("注册过于频繁，请稍后再试。")), 429

    def create() -> Done:
        _count("register", "any")  # every registration counts against its address
        account = services.register(form.email.data, form.password.data, consent=form.consent.data,
                                    locale=_locale(), phone=form.phone.data)
        services.send_code(account)  # commits the account with the mail
        sign_in(account)
        return Done(url_for("portal.confirm"), _("验证码已发送到 %(email)s，请查收。", email=account.email))

    return handle(form, create, page=lambda error: render_template("portal/register.html", form=form, error=error,
                                                                  min_length=MIN_PASSWORD_LENGTH))


def _locale() -> str:
    from flask_babel import get_locale

    return str(get_locale())


@bp.route("/confirm", methods=["GET", "POST"])
@applicant_required(confirmed=False)
def confirm():
    account = current_account()
    if account.confirmed:
        return redirect(url_for("portal.mine"))
    form = CodeForm()
    key = str(account.id)
    if form.is_submitted() and _too_many("code", key):
        return render_template("portal/confirm.html", form=form, resend=ActionForm(),
                               error=_("尝试次数过多，请稍后再试。")), 429

    def check() -> Done:
        try:
            services.confirm_code(account, form.code.data)
        except services.PortalError:
            db.session.rollback()
            services.count_wrong_code(account)
            _count("code", key)
            db.session.commit()  # the wrong try stays counted though the page refuses
            raise
        return Done(url_for("portal.mine"), _("邮箱已确认。"))

    return handle(form, check, page=lambda error: render_template("portal/confirm.html", form=form,
                                                                  resend=ActionForm(), error=error))


@bp.route("/confirm/resend", methods=["POST"])
@applicant_required(confirmed=False)
def confirm_resend():
    account = current_account()
    if ActionForm().validate_on_submit() and not account.confirmed:
        if _too_many("code", str(account.id)):
            flash(_("尝试次数过多，请稍后再试。"), "danger")
        else:
            _count("code", str(account.id))
            services.send_code(account)
            flash(_("新的验证码已发送。"), "success")
    return redirect(url_for("portal.confirm"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    email = (form.email.data or "").strip().lower()
    if form.is_submitted() and _too_many("login", email):
        return render_template("portal/login.html", form=form, error=_("登录失败次数过多，请稍后再试。")), 429
    error = None
    if form.validate_on_submit():
        account = services.authenticate(email, form.password.data)
        if account is not None:
            services.portal_throttle().succeeded(*services.throttle_keys("login", email, _client()))
            sign_in(account)
            return redirect(safe_next(request.args.get("next")) or url_for("portal.mine"))
        _count("login", email)
        error = _("邮箱或密码不正确。")
    return render_template("portal/login.html", form=form, error=error)


@bp.route("/logout", methods=["POST"])
@applicant_required(confirmed=False)
def logout():
    if ActionForm().validate_on_submit():
        sign_out()
    return redirect(url_for("portal.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def password_forgot():
    form = ForgotForm()
    if form.is_submitted() and _too_many("reset", form.email.data or ""):
        return render_template("portal/forgot.html", form=form, error=_("申请过于频繁，请稍后再试。")), 429
    if form.validate_on_submit():
        _count("reset", form.email.data)
        services.request_reset(form.email.data)
        flash(_("如果该邮箱已注册，重置链接已发送，请查收。"), "info")
        return redirect(url_for("portal.login"))
    return render_template("portal/forgot.html", form=form, error=None)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def password_reset(token: str):
    try:
        account = services.account_for_token(token)
    except services.PortalError as error:
        return render_template("portal/message.html", title=_("重置密码"), message=str(error)), 400
    form = ResetForm()

    def reset() -> Done:
        services.finish_reset(account, form.new_password.data)
        sign_in(account)
        return Done(url_for("portal.mine"), _("密码已重置。"))

    return handle(form, reset, page=lambda error: render_template("portal/reset.html", form=form, error=error))


# ---------------------------------------------------------------- the applicant's own pages

@bp.route("/me")
@applicant_required()
def mine():
    account = current_account()
    return render_template("portal/mine.html", entries=account.entries, openings=services.public_openings(),
                           now=utcnow(), exams={entry.id: services.exam_view(entry) for entry in account.entries})


@bp.route("/me/data.json")
@applicant_required()
def my_data():
    data = json.dumps(services.own_data(current_account()), ensure_ascii=False, indent=2).encode()
    return send_file(io.BytesIO(data), mimetype="application/json", as_attachment=True, download_name="my-data.json")


def _entry_form(round_: RecruitmentRound, entry, formdata=True) -> EntryForm:
    vacancies = list(recruitment_queries.open_vacancy_paths(round_).items())
    if formdata is True and request.method == "POST":
        return EntryForm(vacancies=vacancies)
    form = EntryForm(formdata=None, vacancies=vacancies)
    if entry is not None:
        data = entry.data or {}
        form.vacancy_id.data = str(entry.vacancy_id or "")
        form.name.data, form.gender.data, form.birth_date.data = entry.name, entry.gender, entry.birth_date
        form.id_number.data, form.phone.data = entry.id_number, data.get("phone")
        form.political_status.data, form.title.data = data.get("political_status", ""), data.get("title")
        form.certificates.data = "\n".join(data.get("certificates") or [])
        for rows, saved in ((form.study, data.get("study") or []), (form.work, data.get("work") or [])):
            for row, values in zip(rows, saved, strict=False):
                for key, value in values.items():
                    if key in row.form:
                        row.form[key].data = value
    return form


def _entry_data(form: EntryForm) -> services.EntryData:
    def rows(field_list, keys) -> list[dict]:
        kept = []
        for row in field_list:
            values = {key: (row.form[key].data or "").strip() for key in keys}
            if any(values.values()):
                kept.append(values)
        return kept

    vacancy = form.vacancy_id.data
    return services.EntryData(
        vacancy_id=int(vacancy) if vacancy and vacancy.isdigit() else None, name=form.name.data or "",
        gender=form.gender.data or None, birth_date=form.birth_date.data, id_number=form.id_number.data or "",
        phone=form.phone.data or "", political_status=form.political_status.data or "", title=form.title.data or "",
        certificates=[line.strip() for line in (form.certificates.data or "").splitlines() if line.strip()],
        study=rows(form.study, ("start", "end", "school", "education", "degree", "major", "mode")),
        work=rows(form.work, ("start", "end", "employer", "position")),
    )


def _entry_page(round_, opening, entry, form, *, error=None, upload=None):
    verdicts = services.precheck(entry) if entry is not None else []
    return render_template("portal/entry.html", round=round_, opening=opening, entry=entry, form=form, error=error,
                           upload=upload or UploadForm(formdata=None), action=ActionForm(), verdicts=verdicts,
                           editable=services.editable(entry, opening, utcnow()),
                           missing=services.missing_for_submission(entry) if entry is not None else [],
                           can_withdraw=entry is not None and entry.state == EntryState.SUBMITTED
                           and not services.review_started(entry) and opening.taking(utcnow()))


@bp.route("/rounds/<int:round_id>/form", methods=["GET", "POST"])
@applicant_required()
def entry(round_id: int):
    round_, opening = _published_round(round_id)
    account = current_account()
    current = services.entry_of(account, round_id)
    form = _entry_form(round_, current)

    def save() -> Done:
        saved = services.save_entry(account, round_, _entry_data(form), now=utcnow())
        if form.submit.data:
            application = services.submit(saved, pledge=form.pledge.data, now=utcnow())
            return Done(url_for("portal.entry", round_id=round_id),
                        _("报名已提交（报名号 %(n)s）。", n=application.id))
        return Done(url_for("portal.entry", round_id=round_id), _("草稿已保存。"))

    def page(error):
        return _entry_page(round_, opening, services.entry_of(account, round_id) or current, form, error=error)

    return handle(form, save, page=page)


@bp.route("/rounds/<int:round_id>/files", methods=["POST"])
@applicant_required()
def upload(round_id: int):
    round_, opening = _published_round(round_id)
    account = current_account()
    current = services.entry_of(account, round_id)
    form = UploadForm()
    error = None
    if current is None:
        error = _("请先保存报名表草稿，再上传材料。")
    elif form.validate_on_submit():
        try:
            services.add_file(current, form.kind.data, form.file.data.filename, form.file.data.read(), now=utcnow())
        except DomainError as refused:
            error = refusal(refused, form)
        else:
            flash(_("材料已上传。"), "success")
            return redirect(url_for("portal.entry", round_id=round_id, _anchor="files"))
    return _entry_page(round_, opening, current, _entry_form(round_, current, formdata=None), error=error,
                       upload=form), 422


@bp.route("/rounds/<int:round_id>/withdraw", methods=["POST"])
@applicant_required()
def withdraw(round_id: int):
    _published_round(round_id)
    current = services.entry_of(current_account(), round_id)
    if current is None:
        abort(404)

    def take_back() -> str:
        services.withdraw(current, now=utcnow())
        return _("报名已撤回，可修改后重新提交。")

    return button(ActionForm(), take_back, back=url_for("portal.entry", round_id=round_id))


@bp.route("/rounds/<int:round_id>/print.pdf")
@applicant_required()
def print_entry(round_id: int):
    _published_round(round_id)
    current = services.entry_of(current_account(), round_id)
    if current is None or current.application is None:
        abort(404)
    photo = current.photo
    photo_uri = (f"data:{photo.media_type};base64," + base64.b64encode(services.file_bytes(photo)).decode()
                 if photo is not None else None)
    with force_locale(SOURCE_LOCALE):  # printed forms are the unit's records: in Chinese
        html = render_template("portal/print.html", entry=current, application=current.application,
                               person=current.application.applicant, round=current.round, photo=photo_uri,
                               unit_name=current_app.config["UNIT_NAME"], local=services.to_local)
    return send_file(io.BytesIO(render_html_to_pdf(html)), mimetype="application/pdf",
                     download_name=f"报名表-{current.application_id}.pdf")


@bp.route("/rounds/<int:round_id>/admission.pdf")
@applicant_required()
def print_admission(round_id: int):
    """The applicant's own 准考证; before HR releases them there is none (404), as for anyone else's."""
    _published_round(round_id)
    current = services.entry_of(current_account(), round_id)
    seat = services.admission_seat(current) if current is not None else None
    if seat is None:
        abort(404)
    data = exam_documents.render_admission_pdf(seat, photo=arrangement.photo_uri(current.application),
                                               rules=arrangement.rules_text(arrangement.plan_of(current.round)))
    return pdf_response(data, f"准考证-{seat.ticket_number}.pdf")


@bp.route("/files/<int:file_id>")
@applicant_required()
def file(file_id: int):
    stored = own_file(file_id)
    return send_file(io.BytesIO(services.file_bytes(stored)), mimetype=stored.media_type,
                     download_name=("photo" if stored.kind == PHOTO else f"file-{stored.id}") + _suffix(stored))


def _suffix(stored) -> str:
    return {"image/jpeg": ".jpg", "image/png": ".png"}.get(stored.media_type, ".pdf")


@bp.route("/files/<int:file_id>/delete", methods=["POST"])
@applicant_required()
def file_delete(file_id: int):
    stored = own_file(file_id)
    round_id = stored.entry.round_id

    def delete() -> str:
        services.delete_file(stored, now=utcnow())
        return _("材料已删除。")

    return button(ActionForm(), delete, back=url_for("portal.entry", round_id=round_id, _anchor="files"))
