"""Signing in and out, changing one's own password, choosing the language.

URL                     method     handler    who
/                       GET        index      anyone: sends each role to its first page
/login                  GET, POST  login      anyone (failed POSTs limited: auth/throttle.py)
/logout                 POST       logout     signed in
/password               GET, POST  password   signed in
/language/<code>        POST       language   anyone

A refused sign-in or password change shows the page again with 200, not 422: the form was well made,
the answer is just no. Past the failure limits the sign-in page answers 429 without looking at the password."""

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE

from hrflow.admin.operations import AccountError, change_password
from hrflow.auth.devices import is_known_device
from hrflow.auth.directory import check_credentials
from hrflow.auth.forms import EmptyForm, LoginForm, PasswordChangeForm
from hrflow.auth.signin import finish_sign_in, record_failure, record_lockout, safe_next
from hrflow.auth.throttle import login_throttle
from hrflow.web.handlers import refusal

bp = Blueprint("auth", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_hr:
        return redirect(url_for("dashboard.home"))
    if current_user.role == "examiner":
        return redirect(url_for("recruitment.my_panels"))  # an examiner reaches their panels and nothing else
    return redirect(url_for("dashboard.my_home"))  # heads and employees: their to-do list and links


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    username, client = form.username.data.strip(), request.remote_addr or ""
    throttle = login_throttle()
    # Refused before the password is looked at: a guess past the limit learns nothing.
    if throttle.refuses(username, client, known_device=is_known_device(username)):
        record_lockout(username)
        return _too_many_failures(form, throttle.window_minutes)
    # The unit's directory for the names it knows, local passwords for the rest (auth/directory.py).
    proof = check_credentials(username, form.password.data)
    if proof.user is None:
        throttle.failed(username, client)
        record_failure(username, "password")
        # One message for every failure: it must not reveal which usernames exist. Only a person whose password
        # was right, or a directory that is down, hears more.
        flash(proof.message or _("用户名或密码不正确。"), "danger")
        return render_template("auth/login.html", form=form), 200
    # The name's failures are forgotten once the sign-in is complete, after any second step (signin.py).
    return finish_sign_in(proof.user, method=proof.method, remember=form.remember.data,
                          next_url=request.args.get("next"), typed_name=username)


def _too_many_failures(form: LoginForm, minutes: int):
    flash(_("登录失败次数过多，请 %(minutes)s 分钟后再试。", minutes=minutes), "danger")
    response = make_response(render_template("auth/login.html", form=form), 429)
    response.headers["Retry-After"] = str(minutes * 60)
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        # A new session token: a copy of this session or of any remember-me cookie of this user, on any
        # device, stops working (the session itself lives in a cookie the server cannot take back).
        current_user.end_sessions()
        session.clear()
        logout_user()  # after clear(): it marks the remember-me cookie for deletion
        flash(_("已退出登录。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    error = None
    if form.validate_on_submit():
        try:
            change_password(current_user, form.old_password.data, form.new_password.data)
        except AccountError as refused:
            error = refusal(refused, form)  # beside the field it names (a wrong old password: that one)
        else:
            # The new session token ends the other devices' sessions and remember-me cookies; this one is
            # signed in again, with a fresh remember-me cookie if it had one.
            login_user(current_user._get_current_object(), remember=_has_remember_cookie())
            flash(_("密码已修改，其他设备上的登录已失效。"), "success")
            return redirect(url_for("auth.index"))
    return render_template("auth/password.html", form=form, error=error)


def _has_remember_cookie() -> bool:
    return current_app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE) in request.cookies


@bp.route("/language/<code>", methods=["POST"])
def language(code: str):
    if code in current_app.config["LANGUAGES"] and EmptyForm().validate_on_submit():
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
    return redirect(safe_next(request.form.get("next")) or url_for("auth.index"))
