"""Authorization matrix cases for the recruitment routes (see tests/test_access_matrix.py for roles and outcomes)."""

from __future__ import annotations

from tests.matrix_base import (  # noqa: F401
    ADMIN_ONLY,
    ALL_LOGGED_IN,
    FORBIDDEN,
    HIDDEN,
    HR_ONLY,
    LOGIN,
    OK,
    STAFF_MANAGERS,
    Case,
)

RECRUITMENT_CASES: list[Case] = []


def recruitment_world(world: dict) -> dict:
    """Objects the recruitment URLs need: ids keyed by name, added to the matrix's world."""
    return {}
