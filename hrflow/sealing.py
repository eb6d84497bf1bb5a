"""Values kept encrypted under the app's SECRET_KEY: a TOTP secret in the database, a one-time password
waiting in HR's session to be printed. Each use derives its own key (HKDF with its purpose), so a value
sealed for one can never be opened as the other."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def _fernet(purpose: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"hrflow {purpose}".encode()).derive(
        str(current_app.secret_key).encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value: str, purpose: str) -> str:
    return _fernet(purpose).encrypt(value.encode()).decode()


def unseal(sealed: str | None, purpose: str) -> str | None:
    """The value, or None when it was sealed under another secret key or purpose (or is not a sealed value)."""
    if not sealed:
        return None
    try:
        return _fernet(purpose).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None
