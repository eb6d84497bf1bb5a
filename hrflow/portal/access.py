"""Who is applying: the applicant's own session, apart from staff sessions.

The session holds "applicant" = "<account id>:<session token>" (never Flask-Login's staff user): a new
password changes the token and ends every old session. Staff pages read only Flask-Login's user, so an
applicant never reaches them; applicant pages read only this key, so a staff session is no applicant."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, g, redirect, request, session, url_for

from hrflow.extensions import db
from hrflow.models import ApplicantAccount, PortalEntry, PortalFile

SESSION_KEY = "applicant"


def current_account() -> ApplicantAccount | None:
    value = session.get(SESSION_KEY)
    cached = g.get("portal_account")
    if cached is None or cached[0] != value:  # loaded once per request (and per session value)
        g.portal_account = cached = (value, _load(value))
    return cached[1]


def _load(value) -> ApplicantAccount | None:
    try:
        raw_id, token = str(value).split(":", 1)
        account = db.session.get(ApplicantAccount, int(raw_id))
    except (ValueError, TypeError):
        return None
    return account if account is not None and account.session_token == token else None


def sign_in(account: ApplicantAccount) -> None:
    """A fresh session for the applicant: whatever the browser held before (a staff sign-in too) ends."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session[SESSION_KEY] = f"{account.id}:{account.session_token}"
    g.portal_account = (session[SESSION_KEY], account)


def sign_out() -> None:
    session.pop(SESSION_KEY, None)
    g.pop("portal_account", None)


def applicant_required(*, confirmed: bool = True) -> Callable:
    """Signed in as an applicant (else to the portal's log-in; a staff session is refused with 403), and,
    unless `confirmed=False`, with the address confirmed (else to the code page)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            account = current_account()
            if account is None:
                if session.get("_user_id"):  # a staff sign-in (Flask-Login's key): no applicant
                    abort(403)
                return redirect(url_for("portal.login", next=request.full_path.rstrip("?")))
            if confirmed and not account.confirmed:
                return redirect(url_for("portal.confirm"))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def own_file(file_id: int) -> PortalFile:
    """The signed-in applicant's file; anybody else's is 404, as a missing one."""
    stored = db.get_or_404(PortalFile, file_id)
    account = current_account()
    if account is None or stored.entry.account_id != account.id:
        abort(404)
    return stored


def owns(entry: PortalEntry | None) -> bool:
    account = current_account()
    return entry is not None and account is not None and entry.account_id == account.id
