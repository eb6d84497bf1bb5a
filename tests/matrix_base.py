"""What an authorization-matrix case is: shared by tests/test_access_matrix.py and the per-area case lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ROLES = ("anonymous", "employee", "head_other", "head_own", "hr", "admin", "examiner")
LOGIN, OK, FORBIDDEN, HIDDEN = "login", "ok", 403, 404
# What a 面试 examiner (Role.EXAMINER, from outside the unit) reaches besides their panels: their own sign-in,
# password, two-step and language pages, as any signed-in user does (the employee's outcome). Every other
# route answers them 403, whatever it allows others; routes of the panels name the examiner's outcome.
EXAMINER_REACHES = {"static", "auth.index", "auth.login", "auth.logout", "auth.password", "auth.language",
                    "auth.password_forgot", "auth.password_reset", "auth.sso_start", "auth.sso_callback",
                    "auth.totp_code", "auth.totp_enrol", "auth.totp_settings", "auth.totp_off",
                    "auth.totp_recovery_codes"}


@dataclass
class Case:
    endpoint: str
    method: str
    url: Callable[[dict], str]
    expect: tuple  # one outcome per role, in ROLES order (the examiner's may be left out: see EXAMINER_REACHES)
    label: str = ""
    data: Callable[[dict], dict] | None = None

    def __post_init__(self) -> None:
        if len(self.expect) == len(ROLES) - 1:
            examiner = self.expect[ROLES.index("employee")] if self.endpoint in EXAMINER_REACHES else FORBIDDEN
            self.expect = (*self.expect, examiner)

    @property
    def id(self) -> str:
        return f"{self.endpoint}:{self.method}{'[' + self.label + ']' if self.label else ''}"


ALL_LOGGED_IN = (LOGIN, OK, OK, OK, OK, OK)
HR_ONLY = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)
ADMIN_ONLY = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
STAFF_MANAGERS = (LOGIN, FORBIDDEN, OK, OK, OK, OK)
PUBLIC = (OK, OK, OK, OK, OK, OK)
