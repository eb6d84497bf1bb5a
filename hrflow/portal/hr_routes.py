"""HR's side of 网上报名, beside the round's pages.

URL (under /recruitment)                        method     handler             who
/<round>/portal                                 GET, POST  opening             HR: dates and 公告 of the round's portal
/portal-files/<file>                            GET        file                HR: an applicant's photo or proof
/applications/<application>/portal/return       POST       return_entry        HR: back to the applicant, with a reason
/applications/<application>/portal/decide       POST       decide_entry        HR: the 初审 result, with its reason

The review itself is the round's rule-by-rule screen (recruitment.application): portal_review(application)
gives it the uploaded proof beside each rule and these two forms."""

from __future__ import annotations

import io
from datetime import timedelta

from flask import Blueprint, abort, current_app, g, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrflow.access import hr_required
from hrflow.extensions import db
from hrflow.models import Application, PortalFile, RecruitmentRound
from hrflow.models.base import utcnow
from hrflow.models.recruitment import label
from hrflow.portal import services
from hrflow.portal.forms import OpeningForm, ReasonForm
from hrflow.recruitment.routes import application_page
from hrflow.web.badges import StateBadges
from hrflow.web.handlers import Done, handle

_BADGE = StateBadges(label)
hr_bp = Blueprint("portal_hr", __name__, url_prefix="/recruitment")


@hr_bp.context_processor
def _helpers() -> dict:
    """What the recruitment templates this blueprint draws (an application's page) read, as on the
    recruitment pages."""
    return {"label": label, "badge": _BADGE, "can_manage": current_user.is_authenticated and current_user.is_hr}


@hr_bp.app_template_global()
def portal_review(application: Application) -> dict | None:
    """For the review screen: the applicant's portal 报名表, their proof by rule kind, and HR's forms; None
    for an application HR entered or imported."""
    if not (current_user.is_authenticated and current_user.is_hr):
        return None
    entry = services.entry_of_application(application.id)
    if entry is None:
        return None
    # A refused answer (_answer_entry) is drawn again with its own form: the reason as typed, the refusal beside it.
    return {"entry": entry, "proofs": services.proofs_by_kind(entry), "photo": entry.photo,
            "form": g.get("portal_answer_form") or ReasonForm(formdata=None, prefix="portal")}


@hr_bp.route("/<int:round_id>/portal", methods=["GET", "POST"])
@hr_required
def opening(round_id: int):
    round_ = db.get_or_404(RecruitmentRound, round_id)
    current = services.opening_of(round_id)
    form = OpeningForm(obj=None)
    if not form.is_submitted():
        if current is not None:
            form.opens_at.data, form.closes_at.data = services.to_local(current.opens_at), services.to_local(current.closes_at)
            form.notice.data, form.published.data = current.notice, current.published
        else:
            start = services.to_local(utcnow()).replace(second=0, microsecond=0)
            form.opens_at.data, form.closes_at.data = start, start + timedelta(days=14)

    def save() -> Done:
        services.open_portal(round_, opens_at=services.to_utc(form.opens_at.data),
                             closes_at=services.to_utc(form.closes_at.data), notice=form.notice.data,
                             published=form.published.data, actor=current_user)
        return Done(url_for("portal_hr.opening", round_id=round_id), _("网上报名设置已保存。"))

    return handle(form, save, page=lambda error: render_template(
        "portal/hr_opening.html", round=round_, form=form, error=error, opening=current,
        public_url=current_app.config["BASE_URL"].rstrip("/") + url_for("portal.round_page", round_id=round_id)))


@hr_bp.route("/portal-files/<int:file_id>")
@hr_required
def file(file_id: int):
    stored = db.get_or_404(PortalFile, file_id)
    return send_file(io.BytesIO(services.file_bytes(stored)), mimetype=stored.media_type,
                     download_name=f"{stored.entry.application_id or 'draft'}-{stored.kind}-{stored.id}"
                     + {"image/jpeg": ".jpg", "image/png": ".png"}.get(stored.media_type, ".pdf"))


def _entry_of(application_id: int):
    application = db.get_or_404(Application, application_id)
    entry = services.entry_of_application(application.id)
    if entry is None:
        abort(404)
    return application, entry


@hr_bp.route("/applications/<int:application_id>/portal/return", methods=["POST"])
@hr_required
def return_entry(application_id: int):
    return _answer_entry(application_id, services.return_for_correction, _("报名表已退回申请人修改。"))


@hr_bp.route("/applications/<int:application_id>/portal/decide", methods=["POST"])
@hr_required
def decide_entry(application_id: int):
    return _answer_entry(application_id, services.decide_entry, _("初审结果已告知申请人。"))


def _answer_entry(application_id: int, answer, done: str):
    """HR's answer to a 报名表, with its reason; a refusal draws the review screen again with the reason as
    typed (portal_review shows this form)."""
    application, entry = _entry_of(application_id)
    form = g.portal_answer_form = ReasonForm(prefix="portal")

    def act() -> Done:
        answer(entry, form.reason.data, actor=current_user)
        return Done(url_for("recruitment.application", application_id=application_id, _anchor="portal"), done)

    return handle(form, act, page=lambda error: application_page(application, error=error))
