"""HR's 邮件记录: every mail hrflow recorded, its state and its last error; a failed one sent again.
HR officers and administrators. The bodies of private kinds (a password reset link) are not shown here:
only their recipient reads them, on 我的邮件.

URL                           method   handler       what
/admin/mail                   GET      mail_log      list: filter by state, kind, address
/admin/mail/<id>              GET      mail_show     one mail: attempts, error, body unless private
/admin/mail/<id>/resend       POST     mail_resend   a failed or unsent mail again, with a reason (audited)"""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hrflow.access import hr_required
from hrflow.admin.mail_forms import MailFilterForm, ResendForm
from hrflow.admin.routes import bp
from hrflow.extensions import db
from hrflow.mail import services as mail_service
from hrflow.mail.queries import mail_log_query
from hrflow.models import OutgoingMail
from hrflow.web.handlers import Done, handle
from hrflow.web.pagination import paginate


@bp.context_processor
def _mail_helpers() -> dict:
    return {"mail_kind_label": mail_service.kind_label, "mail_error_text": mail_service.error_text,
            "mail_is_private": lambda mail: getattr(mail_service.KINDS.get(mail.kind), "private", False),
            "mail_resendable": lambda mail: mail.state in mail_service.RESENDABLE}


@bp.route("/mail")
@hr_required
def mail_log():
    form = MailFilterForm(formdata=request.args)
    form.validate()
    return render_template("admin/mail_log.html", form=form, page=paginate(mail_log_query(**form.filters())),
                           server_configured=mail_service.server_configured())


@bp.route("/mail/<int:mail_id>")
@hr_required
def mail_show(mail_id: int):
    mail = db.get_or_404(OutgoingMail, mail_id)
    return _show_page(mail)


def _show_page(mail: OutgoingMail, error: str | None = None, form: ResendForm | None = None) -> str:
    return render_template("admin/mail_show.html", mail=mail, error=error, form=form or ResendForm(formdata=None),
                           server_configured=mail_service.server_configured())


@bp.route("/mail/<int:mail_id>/resend", methods=["POST"])
@hr_required
def mail_resend(mail_id: int):
    mail = db.get_or_404(OutgoingMail, mail_id)
    form = ResendForm()

    def send_again() -> Done:
        mail_service.resend(mail, actor=current_user, reason=form.reason.data.strip())
        db.session.commit()  # the deliverer (a thread or an RQ worker) reads the mail as committed
        mail_service.hand_over(mail.id)
        return Done(url_for("admin.mail_show", mail_id=mail.id), _("已重新发送邮件 #%(id)s。", id=mail.id))

    return handle(form, send_again, page=lambda error: _show_page(mail, error, form))
