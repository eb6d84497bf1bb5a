"""A forgotten password, reset through a link sent by mail (hrflow/auth/reset.py).

URL                          method     handler           who
/password/forgot             GET, POST  password_forgot   anyone (requests limited as sign-in failures are)
/password/reset/<token>      GET, POST  password_reset    whoever holds the link

Asking for a link gets one answer, whether or not the name or address belongs to an account with an
address. A broken, expired or used link shows why, with the way to ask for a new one (400)."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from hrflow.auth import reset
from hrflow.auth.forms import ForgotPasswordForm, NewPasswordForm
from hrflow.auth.routes import bp
from hrflow.web.handlers import Done, handle, status


@bp.route("/password/forgot", methods=["GET", "POST"])
def password_forgot():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot.html", form=form), status(form)
    throttle = reset.reset_request_throttle()
    account, client = reset.request_keys(form.identifier.data, request.remote_addr or "")
    if throttle.refuses(account, client, known_device=False):
        flash(_("申请次数过多，请 %(minutes)s 分钟后再试。", minutes=throttle.window_minutes), "danger")
        response = make_response(render_template("auth/forgot.html", form=form), 429)
        response.headers["Retry-After"] = str(throttle.window_minutes * 60)
        return response
    throttle.failed(account, client)
    reset.request_password_reset(form.identifier.data)
    flash(_("如果该账号存在并登记了邮箱，重置密码的邮件已经发出，请查收。链接在 %(minutes)s 分钟内有效，只能使用一次。",
            minutes=reset.link_minutes()), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def password_reset(token: str):
    try:
        user = reset.user_for_token(token)
    except reset.ResetLinkError as error:
        return render_template("auth/reset_invalid.html", error=str(error)), 400
    form = NewPasswordForm()

    def save() -> Done:
        reset.finish_password_reset(user, form.new_password.data)
        return Done(url_for("auth.login"), _("密码已重置，请用新密码登录。所有设备上原有的登录都已失效。"))

    return handle(form, save, page=lambda error: render_template("auth/reset.html", form=form, error=error, user=user))
