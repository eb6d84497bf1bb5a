"""Authorization matrix cases for the recruitment routes (see tests/test_access_matrix.py for roles and outcomes)."""

from __future__ import annotations

RECRUITMENT_CASES: list = []


def recruitment_world(world: dict) -> dict:
    """Objects the recruitment URLs need: ids keyed by name, added to the matrix's world."""
    return {}
