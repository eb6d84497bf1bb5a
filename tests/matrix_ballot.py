"""Authorization matrix cases for 平时考核 and 民主测评 (see tests/test_access_matrix.py for roles and outcomes).

The world: the demo's 2025 cycle (head-review step) with an open ballot for 少儿部 and one unused code. The
quarterly grid is the heads' (their departments) and HR's; ballots are HR's; the voting pages are public,
and show a ballot paper only for a valid code (tests/test_ballot.py checks what they show)."""

from __future__ import annotations

from tests.matrix_assessment import (
    HEAD_MISSING,
    HEAD_OTHER,
    HEAD_OWN,
    HR_MISSING,
    MISSING,
    MISSING_YEAR,
    YEAR,
)
from tests.matrix_base import HR_ONLY, PUBLIC, STAFF_MANAGERS, Case


def _ballot(endpoint: str, method: str, pattern: str) -> list[Case]:
    return [Case(endpoint, method, lambda w: pattern.format(w["ballot"]), HR_ONLY),
            Case(endpoint, method, lambda w: pattern.format(MISSING), HR_MISSING, "missing")]


BALLOT_CASES: list[Case] = [
    Case("assessment.quarterly_index", "GET", lambda w: "/assessment/quarterly", STAFF_MANAGERS),
    Case("assessment.quarterly_grid", "GET", lambda w: f"/assessment/{YEAR}/quarterly/{w['own_department']}", HEAD_OWN,
         "own"),
    Case("assessment.quarterly_grid", "GET", lambda w: f"/assessment/{YEAR}/quarterly/{w['other_department']}",
         HEAD_OTHER, "other"),
    Case("assessment.quarterly_grid", "GET", lambda w: f"/assessment/{YEAR}/quarterly/{MISSING}", HEAD_MISSING,
         "missing"),
    Case("assessment.quarterly_grid", "GET", lambda w: f"/assessment/{MISSING_YEAR}/quarterly/{w['own_department']}",
         HEAD_MISSING, "missing-year"),
    Case("assessment.quarterly_grid", "POST", lambda w: f"/assessment/{YEAR}/quarterly/{w['own_department']}",
         HEAD_OWN, "own"),
    Case("assessment.quarterly_grid", "POST", lambda w: f"/assessment/{YEAR}/quarterly/{w['other_department']}",
         HEAD_OTHER, "other"),
    Case("assessment.ballots_index", "GET", lambda w: "/assessment/ballots", HR_ONLY),
    Case("assessment.ballots_index", "POST", lambda w: "/assessment/ballots", HR_ONLY),
    *_ballot("assessment.ballot", "GET", "/assessment/ballots/{}"),
    *_ballot("assessment.ballot_slips", "POST", "/assessment/ballots/{}/slips"),
    *_ballot("assessment.ballot_close", "POST", "/assessment/ballots/{}/close"),
    Case("assessment.vote", "GET", lambda w: "/assessment/vote", PUBLIC),
    Case("assessment.vote", "POST", lambda w: "/assessment/vote", PUBLIC, data=lambda w: {"code": "WRONG"}),
    Case("assessment.vote_code", "GET", lambda w: f"/assessment/vote/{w['ballot_code']}", PUBLIC),
]


def ballot_world(world: dict) -> dict:
    """An open 少儿部 ballot in the demo's 2025 cycle and one unused code."""
    from hrflow.assessment import ballots
    from hrflow.assessment.queries import find_cycle
    from hrflow.extensions import db
    from hrflow.models import Department

    hr = world["users"]["hr"]
    ballot = ballots.open_ballot(find_cycle(YEAR), actor=hr, department=db.session.get(Department, world["own_department"]),
                                 dimensions=False, min_votes=2)
    code = ballots.issue_codes(ballot, 1, actor=hr)[0]
    return {"ballot": ballot.id, "ballot_code": code}
