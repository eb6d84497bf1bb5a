"""Single sign-on through the unit's OpenID Connect service (auth/oidc.py), on the auth blueprint.

URL                   method  handler       who
/login/sso            GET     sso_start     anyone (404 while single sign-on is not configured)
/login/sso/callback   GET     sso_callback  anyone: the provider sends the browser back here

A refusal (a callback that fails a check, a person hrflow does not know) goes back to the login page with
its message; signing in ends, like every way in, in finish_sign_in."""

from flask import abort, flash, redirect, request, session, url_for
from flask_login import current_user

from hrflow.auth.directory import AccountRefused, link_person
from hrflow.auth.oidc import SignOnFailed, button_label, finish, sso_configured, start
from hrflow.auth.routes import bp
from hrflow.auth.signin import finish_sign_in, safe_next
from hrflow.extensions import db

NEXT_KEY = "hrflow.sso_next"


@bp.context_processor
def _sso_button() -> dict:
    return {"sso_button": button_label()}


@bp.route("/login/sso")
def sso_start():
    if not sso_configured():
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("auth.index"))
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    try:
        return start(url_for("auth.sso_callback", _external=True))
    except SignOnFailed as failed:
        flash(str(failed), "danger")
        return redirect(url_for("auth.login"))


@bp.route("/login/sso/callback")
def sso_callback():
    if not sso_configured():
        abort(404)
    try:
        user = link_person(finish())
    except (SignOnFailed, AccountRefused) as refused:
        db.session.rollback()  # nothing of a refused sign-in is kept
        flash(str(refused), "danger")
        return redirect(url_for("auth.login"))
    return finish_sign_in(user, method="oidc", next_url=session.pop(NEXT_KEY, None))
