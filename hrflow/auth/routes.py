"""Signing in and out, changing one's own password, choosing the language.

URL                     method     handler    who
/                       GET        index      anyone: sends each role to its first page
/login                  GET, POST  login      anyone (POSTs rate-limited per client)
/logout                 POST       logout     signed in
/password               GET, POST  password   signed in
/language/<code>        POST       language   anyone

A refused sign-in or password change shows the page again with 200, not 422: the form was well made,
the answer is just no."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from hrflow.admin.operations import AccountError, change_password
from hrflow.auth.forms import EmptyForm, LoginForm, PasswordChangeForm
from hrflow.extensions import db
from hrflow.models import Role, User
from hrflow.web.handlers import refusal

bp = Blueprint("auth", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_hr:
        return redirect(url_for("dashboard.home"))
    if current_user.role == Role.HEAD:
        return redirect(url_for("posts.catalogue"))
    return redirect(url_for("posts.my_post"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        # One message for every failure: it must not reveal which usernames exist.
        if user is None or not user.active or not user.check_password(form.password.data):
            flash(_("用户名或密码不正确。"), "danger")
            return render_template("auth/login.html", form=form), 200
        login_user(user, remember=form.remember.data)
        return redirect(_safe_next(request.args.get("next")) or url_for("auth.index"))
    return render_template("auth/login.html", form=form)


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: never redirect to another host after login. Browsers drop tabs and line
    breaks from a URL and read a backslash as a slash, so "/\t/host" or "/\\host" would lead away: any
    control character, space or backslash refuses the target."""
    if not target or "\\" in target or any(ord(c) <= 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        logout_user()
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
            login_user(current_user._get_current_object())  # the new session token keeps this session, ends the others
            flash(_("密码已修改，其他设备上的登录已失效。"), "success")
            return redirect(url_for("auth.index"))
    return render_template("auth/password.html", form=form, error=error)


@bp.route("/language/<code>", methods=["POST"])
def language(code: str):
    if code in current_app.config["LANGUAGES"] and EmptyForm().validate_on_submit():
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
    return redirect(_safe_next(request.form.get("next")) or url_for("auth.index"))
