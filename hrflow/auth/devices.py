"""Browsers that signed in to an account before: a signed cookie listing (as digests) the accounts that
signed in from this browser. Such a browser is held only to the tightest sign-in limit (throttle.py), so
the owner of a name that is attacked from elsewhere still signs in from their usual computer.

The cookie opens nothing by itself: it never replaces the password, only spares its browser the limits
that strangers' failures could fill."""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request, url_for
from itsdangerous import BadData, URLSafeTimedSerializer

COOKIE = "hrflow_device"
MAX_ACCOUNTS = 10  # a shared office computer


def is_known_device(username: str) -> bool:
    return _digest(username) in _known_digests()


def remember_device(response: Response, username: str) -> None:
    """After a successful sign-in: trust this browser for `username` for LOGIN_KNOWN_DEVICE_DAYS more days."""
    digest = _digest(username)
    digests = [digest, *(d for d in _known_digests() if d != digest)][:MAX_ACCOUNTS]
    config = current_app.config
    response.set_cookie(COOKIE, _serializer().dumps(digests), max_age=_max_age(), path=url_for("auth.login"),
                        secure=bool(config.get("SESSION_COOKIE_SECURE")), httponly=True, samesite="Lax")


def _known_digests() -> list[str]:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        digests = _serializer().loads(raw, max_age=_max_age())
    except BadData:  # forged, from another secret key, or too old: not known
        return []
    return [d for d in digests if isinstance(d, str)] if isinstance(digests, list) else []


def _digest(username: str) -> str:
    """The cookie does not show who signed in on this computer."""
    return hashlib.sha256(username.encode()).hexdigest()[:16]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="hrflow.known-device")


def _max_age() -> int:
    return current_app.config["LOGIN_KNOWN_DEVICE_DAYS"] * 24 * 3600
