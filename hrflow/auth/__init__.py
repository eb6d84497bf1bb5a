"""Signing in and out, one's own password, the language switch."""

from hrflow.auth.routes import bp

__all__ = ["bp"]
