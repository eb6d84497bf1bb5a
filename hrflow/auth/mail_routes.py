"""The mails sent to the signed-in user (我的邮件): when, what, whether it went out, and what it said.

URL                     method   handler        who
/my-mail                GET      my_mail        signed in
/my-mail/<id>           GET      my_mail_show   signed in, the mail's own recipient (anyone else: 404)"""

from flask import abort, render_template
from flask_login import current_user, login_required

from hrflow.auth.routes import bp
from hrflow.extensions import db
from hrflow.mail.queries import mails_of
from hrflow.mail.services import error_text, kind_label
from hrflow.models import OutgoingMail
from hrflow.web.pagination import paginate


@bp.context_processor
def _mail_helpers() -> dict:
    return {"mail_kind_label": kind_label, "mail_error_text": error_text}


@bp.route("/my-mail")
@login_required
def my_mail():
    return render_template("auth/my_mail.html", page=paginate(mails_of(current_user)))


@bp.route("/my-mail/<int:mail_id>")
@login_required
def my_mail_show(mail_id: int):
    mail = db.get_or_404(OutgoingMail, mail_id)
    if mail.user_id != current_user.id:
        abort(404)
    return render_template("auth/my_mail_show.html", mail=mail)
