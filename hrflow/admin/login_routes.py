"""The 账号通知单 of a login made for one person (a new hire, on appointment), for HR: on the admin blueprint.

URL                                         method     handler               who
/admin/logins/<user>                        GET        login_slip            HR: the account of an employee, and its slip
/admin/logins/<user>/slip.pdf               POST       login_slip_pdf        HR: the slip, printed once

The one-time password is stored nowhere in clear: the officer's session holds it sealed (hrflow/admin/logins.py)
until the slip is printed, then forgets it. Another browser, or the same one later, cannot print it again; a lost
slip means a password reset (管理员: 用户 → 重置密码)."""

from __future__ import annotations

from flask import render_template, session, url_for
from flask_babel import gettext as _

from hrflow.access import hr_required, require
from hrflow.admin import logins
from hrflow.admin.login_forms import PrintSlipForm
from hrflow.admin.routes import bp
from hrflow.extensions import db
from hrflow.models import Role, User
from hrflow.web.handlers import status
from hrflow.web.responses import pdf_response

PENDING = "login_slips"  # session key: {user id: sealed one-time password}


def hold_slip(slip: logins.Slip) -> None:
    """Keep the slip's password, sealed, in this session until it is printed."""
    session[PENDING] = {**session.get(PENDING, {}), str(slip.user_id): logins.seal(slip.password)}


def _held(account: User) -> bool:
    return str(account.id) in session.get(PENDING, {})


def _password(account: User) -> str | None:
    return logins.unseal(session.get(PENDING, {}).get(str(account.id)))


def _forget(account: User) -> None:
    session[PENDING] = {key: sealed for key, sealed in session.get(PENDING, {}).items() if key != str(account.id)}


def _load(user_id: int) -> User:
    """An employee's account: the slip belongs to a person (other accounts answer 404)."""
    account = db.get_or_404(User, user_id)
    require(account.employee_id is not None)
    return account


def _page(account: User, form: PrintSlipForm | None = None, error: str | None = None) -> str:
    return render_template("admin/login_slip.html", account=account, employee=account.employee,
                           department=logins.department_of(account.employee), held=_held(account),
                           form=form or PrintSlipForm(formdata=None), error=error,
                           directory=logins.directory_signin(), role_label=lambda role: Role(role).label)


@bp.route("/logins/<int:user_id>")
@hr_required
def login_slip(user_id: int):
    return _page(_load(user_id))


@bp.route("/logins/<int:user_id>/slip.pdf", methods=["POST"])
@hr_required
def login_slip_pdf(user_id: int):
    account = _load(user_id)
    form = PrintSlipForm()
    error = None
    if form.validate_on_submit():
        password = _password(account)
        if password is not None:
            pdf = logins.render_slips_pdf([logins.slip_of(account, password)], url_for("auth.login", _external=True))
            _forget(account)  # only once the PDF is made: a failure leaves the slip to print
            return pdf_response(pdf, f"账号通知单-{account.employee.name}.pdf", attachment=True)
        error = _("初始密码只能打印一次，本浏览器中已没有这份通知单。如通知单遗失，请重置密码。")
    return _page(account, form, error), status(form, error=error)
