"""What an authorization-matrix case is: shared by tests/test_access_matrix.py and the per-area case lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ROLES = ("anonymous", "employee", "head_other", "head_own", "hr", "admin")
LOGIN, OK, FORBIDDEN, HIDDEN = "login", "ok", 403, 404


@dataclass
class Case:
    endpoint: str
    method: str
    url: Callable[[dict], str]
    expect: tuple  # one outcome per role, in ROLES order
    label: str = ""
    data: Callable[[dict], dict] | None = None

    @property
    def id(self) -> str:
        return f"{self.endpoint}:{self.method}{'[' + self.label + ']' if self.label else ''}"


ALL_LOGGED_IN = (LOGIN, OK, OK, OK, OK, OK)
HR_ONLY = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)
ADMIN_ONLY = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
STAFF_MANAGERS = (LOGIN, FORBIDDEN, OK, OK, OK, OK)
PUBLIC = (OK, OK, OK, OK, OK, OK)
