"""Two-step sign-in pages, on the auth blueprint (the rules: hrflow/auth/totp.py, the session: signin.py).

URL                          method     handler              who
/login/code                  GET, POST  totp_code            a sign-in waiting for its code (wrong codes: throttle.py)
/two-factor                  GET        totp_settings        signed in: state, recovery codes, turning it off
/two-factor/enrol            GET, POST  totp_enrol           signed in, or a sign-in that must enrol first
/two-factor/recovery-codes   POST       totp_recovery_codes  signed in with two-step sign-in; needs the password
/two-factor/off              POST       totp_off             signed in with two-step sign-in; needs the password

Every request (static files aside) first passes signin.check_session: idle sessions end, sessions that
skipped the second step end, users who must enrol see only the enrolment page.

A wrong code at sign-in shows the page again with 200 and counts as a failed sign-in; past the limits the
code page answers 429, as the sign-in page does. Recovery codes are shown once, on the answer to the POST
that made them."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from markupsafe import Markup

from hrflow.auth import totp
from hrflow.auth.devices import is_known_device, remember_device
from hrflow.auth.routes import bp
from hrflow.auth.signin import (
    SECOND_STEP,
    Pending,
    check_session,
    client_address,
    complete_sign_in,
    pending_sign_in,
    record_failure,
    record_lockout,
    safe_next,
    way_on,
)
from hrflow.auth.throttle import login_throttle
from hrflow.auth.totp_forms import CodeForm, EnrolForm, RecoveryCodesForm, TurnOffForm
from hrflow.models import User
from hrflow.web.handlers import refusal, status

ENROLMENT = "totp_enrolment"  # the secret being enrolled (sealed), with its user's id

bp.before_app_request(check_session)


# ---------------------------------------------------------------- the second step of a sign-in

@bp.route("/login/code", methods=["GET", "POST"])
def totp_code():
    if current_user.is_authenticated:
        return redirect(url_for("auth.index"))
    pending = pending_sign_in()
    if pending is None:
        flash(_("登录已超时，请重新登录。"), "warning")
        return redirect(url_for("auth.login"))
    user = pending.user
    if not user.has_totp:
        return redirect(url_for("auth.totp_enrol"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("auth/totp_code.html", form=form)
    throttle, client = login_throttle(), client_address()
    if throttle.refuses(user.username, client, known_device=is_known_device(user.username)):
        record_lockout(user.username, user)
        flash(_("登录失败次数过多，请 %(minutes)s 分钟后再试。", minutes=throttle.window_minutes), "danger")
        response = make_response(render_template("auth/totp_code.html", form=form), 429)
        response.headers["Retry-After"] = str(throttle.window_minutes * 60)
        return response
    second_step = _second_step(user, form.code.data)
    if second_step is None:
        throttle.failed(user.username, client)
        record_failure(user.username, "code", user)
        flash(_("验证码不正确或已经用过。"), "danger")
        return render_template("auth/totp_code.html", form=form), 200
    complete_sign_in(user, method=pending.method, second_step=second_step, typed_name=pending.typed_name)
    if second_step == "recovery_code":
        flash(_("已用一个恢复码登录，还剩 %(count)s 个。", count=totp.recovery_codes_left(user)), "warning")
    return way_on(user, pending.next_url, typed_name=pending.typed_name)


def _second_step(user: User, code: str) -> str | None:
    if totp.looks_like_recovery_code(code):
        return "recovery_code" if totp.use_recovery_code(user, code) else None
    return "totp" if totp.accept_code(user, code) else None


# ---------------------------------------------------------------- enrolment

@bp.route("/two-factor/enrol", methods=["GET", "POST"])
def totp_enrol():
    user, pending = _enrolling()
    if user is None:
        flash(_("登录已超时，请重新登录。"), "warning")
        return redirect(url_for("auth.login"))
    if user.has_totp:
        return redirect(url_for("auth.totp_settings" if pending is None else "auth.totp_code"))
    secret = _enrolment_secret(user)
    form = EnrolForm()
    error = None
    if form.validate_on_submit():
        try:
            codes = totp.enrol(user, secret, form.code.data)
        except totp.TotpError as refused:
            error = refusal(refused, form)
        else:
            session.pop(ENROLMENT, None)
            return _enrolled(user, pending, codes)
    uri = totp.provisioning_uri(user, secret)
    qr = Markup(totp.qr_svg(uri, _("用验证器应用扫描此二维码")))
    return render_template("auth/totp_enrol.html", form=form, error=error, qr=qr, secret=_grouped(secret),
                           issuer=totp.issuer(), username=user.username, pending=pending is not None,
                           required=totp.is_required(user)), status(form, error=error)


def _enrolling() -> tuple[User | None, Pending | None]:
    """Who is enrolling: the signed-in user, or the one whose sign-in waits for it."""
    if current_user.is_authenticated:
        return current_user._get_current_object(), None
    pending = pending_sign_in()
    return (pending.user, pending) if pending else (None, None)


def _enrolment_secret(user: User) -> str:
    """One secret for the whole enrolment (the page may be drawn again), kept sealed in the session."""
    held = session.get(ENROLMENT)
    if isinstance(held, dict) and held.get("user") == user.id and (secret := totp.unseal(held.get("secret"))):
        return secret
    secret = totp.new_secret()
    session[ENROLMENT] = {"user": user.id, "secret": totp.seal(secret)}
    return secret


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _enrolled(user: User, pending: Pending | None, codes: list[str]):
    """Enrolment ends the other sessions (a new session token); this one goes on, or the waiting sign-in
    completes. The recovery codes are shown now and never again."""
    if pending is not None:
        complete_sign_in(user, method=pending.method, second_step="enrolment", typed_name=pending.typed_name)
        next_url = safe_next(pending.next_url) or url_for("auth.index")
    else:
        login_user(user)
        session[SECOND_STEP] = user.id
        next_url = url_for("auth.totp_settings")
    flash(_("两步验证已开启。"), "success")
    response = make_response(render_template("auth/totp_recovery_codes.html", codes=codes, next_url=next_url))
    if pending is not None:
        remember_device(response, user.username)
    return response


# ---------------------------------------------------------------- one's own settings

@bp.route("/two-factor")
@login_required
def totp_settings():
    return _settings_page()


def _settings_page(error: str | None = None, *, codes_form: RecoveryCodesForm | None = None,
                   off_form: TurnOffForm | None = None) -> str:
    user = current_user._get_current_object()
    return render_template(
        "auth/totp_settings.html", user=user, error=error, required=totp.is_required(user),
        codes_left=totp.recovery_codes_left(user) if user.has_totp else 0,
        codes_form=codes_form or RecoveryCodesForm(formdata=None), off_form=off_form or TurnOffForm(formdata=None),
    )


@bp.route("/two-factor/recovery-codes", methods=["POST"])
@login_required
def totp_recovery_codes():
    form = RecoveryCodesForm()
    error = None
    if form.validate_on_submit():
        try:
            codes = totp.regenerate_recovery_codes(current_user._get_current_object(), form.password.data)
        except totp.TotpError as refused:
            error = refusal(refused, form)
        else:
            flash(_("已生成新的恢复码，原来的恢复码已失效。"), "success")
            return render_template("auth/totp_recovery_codes.html", codes=codes, next_url=url_for("auth.totp_settings"))
    return _settings_page(error, codes_form=form), status(form, error=error)


@bp.route("/two-factor/off", methods=["POST"])
@login_required
def totp_off():
    form = TurnOffForm()
    error = None
    if form.validate_on_submit():
        try:
            totp.turn_off(current_user._get_current_object(), form.password.data)
        except totp.TotpError as refused:
            error = refusal(refused, form)
        else:
            session.pop(SECOND_STEP, None)
            flash(_("两步验证已关闭。"), "info")
            return redirect(url_for("auth.totp_settings"))
    return _settings_page(error, off_form=form), status(form, error=error)
