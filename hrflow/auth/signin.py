"""The one way a sign-in ends, whoever proved who the user is (a password, the unit's directory, single
sign-on): every method calls finish_sign_in, so what follows a proof (the session, the trusted-device
cookie, the way on) is the same for all of them."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, redirect, url_for
from flask_login import login_user

from hrflow.auth.devices import remember_device
from hrflow.models import User


def finish_sign_in(user: User, *, method: str, remember: bool = False, next_url: str | None = None) -> Response:
    """Signs `user` in after `method` ("password", "ldap", "oidc") proved who they are, and sends them on
    to `next_url` when it is a same-site path, else to their first page."""
    login_user(user, remember=remember)
    response = redirect(safe_next(next_url) or url_for("auth.index"))
    remember_device(response, user.username)
    return response


def safe_next(target: str | None) -> str | None:
    """Only same-site paths: never redirect to another host after login. Browsers drop tabs and line
    breaks from a URL and read a backslash as a slash, so "/\t/host" or "/\\host" would lead away: any
    control character, space or backslash refuses the target."""
    if not target or "\\" in target or any(ord(c) <= 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
