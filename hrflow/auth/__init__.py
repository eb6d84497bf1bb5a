"""Signing in and out, one's own password, the language switch."""

from hrflow.auth import (  # noqa: F401  (routes on the same blueprint)
    mail_routes,  # the user's own mails
    reset_routes,  # a forgotten password reset by mail
    sso_routes,  # single sign-on
    totp_routes,  # two-step sign-in
)
from hrflow.auth.routes import bp

__all__ = ["bp"]
