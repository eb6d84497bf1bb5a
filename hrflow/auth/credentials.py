"""Checking a user name and password in the same time whoever asks."""

from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from hrflow.extensions import db
from hrflow.models.auth import User, password_hash_method


def authenticate(username: str, password: str) -> User | None:
    """The active user these credentials belong to, or None. Exactly one password hash of the configured
    cost is checked whatever the answer: an unknown name is checked against a dummy hash and a disabled
    account against its own, so the time taken does not tell which names exist or are disabled."""
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def _dummy_hash() -> str:
    """Made once per app and hash method (hashing takes as long as checking)."""
    method = password_hash_method()
    hashes = current_app.extensions.setdefault("hrflow.dummy_password_hashes", {})
    if method not in hashes:
        hashes[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return hashes[method]
