"""Authorization matrix cases for the assessment routes (see tests/test_access_matrix.py for roles and outcomes)."""

from __future__ import annotations

ASSESSMENT_CASES: list = []


def assessment_world(world: dict) -> dict:
    """Objects the assessment URLs need: ids keyed by name, added to the matrix's world."""
    return {}
