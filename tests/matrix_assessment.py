"""Authorization matrix cases for the assessment routes (see tests/test_access_matrix.py for roles and outcomes).

The world: the demo's 2025 cycle (in the head-review step). "Own" objects are the employee user's form
and 少儿部 (head_own's department); "other" ones a form in 办公室 (head_other's department) and 办公室;
"head_self" is head_own's own form, which the unit reviews, not the head. HR pages check the role
before the object; a form in reach whose action belongs to somebody else answers 403, a form out of
reach 404."""

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

YEAR = 2025
MISSING = 999999
MISSING_YEAR = 1999
HR_MISSING = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN)
# Reading a form: the person, the heads of its department, HR.
VIEW_OWN = (LOGIN, OK, HIDDEN, OK, OK, OK)
VIEW_OTHER = (LOGIN, HIDDEN, OK, HIDDEN, OK, OK)
VIEW_MISSING = (LOGIN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)
# The head's pages: employees are refused by role, heads reach their departments.
HEAD_OWN = (LOGIN, FORBIDDEN, HIDDEN, OK, OK, OK)
HEAD_OTHER = (LOGIN, FORBIDDEN, OK, HIDDEN, OK, OK)
HEAD_MISSING = (LOGIN, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)
# What only the person does (self-summary, signature, appeal).
PERSON_OWN = (LOGIN, OK, HIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
PERSON_OTHER = (LOGIN, HIDDEN, FORBIDDEN, HIDDEN, FORBIDDEN, FORBIDDEN)


def _hr(endpoint: str, method: str, pattern: str, key: str | None = None) -> list[Case]:
    """An HR route of the cycle (or of a form), and the same on a missing object."""
    if key is None:
        return [Case(endpoint, method, lambda w: pattern.format(YEAR), HR_ONLY),
                Case(endpoint, method, lambda w: pattern.format(MISSING_YEAR), HR_MISSING, "missing")]
    return [Case(endpoint, method, lambda w: pattern.format(w[key]), HR_ONLY),
            Case(endpoint, method, lambda w: pattern.format(MISSING), HR_MISSING, "missing")]


def _form(endpoint: str, method: str, pattern: str, own=VIEW_OWN, other=VIEW_OTHER, missing=VIEW_MISSING) -> list[Case]:
    return [Case(endpoint, method, lambda w: pattern.format(w["own_form"]), own, "own"),
            Case(endpoint, method, lambda w: pattern.format(w["other_form"]), other, "other"),
            Case(endpoint, method, lambda w: pattern.format(MISSING), missing, "missing")]


def _department(endpoint: str, pattern: str) -> list[Case]:
    """A head's department page (year, department): own, other, missing department, missing year."""
    return [Case(endpoint, "GET", lambda w: pattern.format(YEAR, w["own_department"]), HEAD_OWN, "own"),
            Case(endpoint, "GET", lambda w: pattern.format(YEAR, w["other_department"]), HEAD_OTHER, "other"),
            Case(endpoint, "GET", lambda w: pattern.format(YEAR, MISSING), HEAD_MISSING, "missing"),
            Case(endpoint, "GET", lambda w: pattern.format(MISSING_YEAR, w["own_department"]), HEAD_MISSING,
                 "missing-year")]


ASSESSMENT_CASES: list[Case] = [
    Case("assessment.index", "GET", lambda w: "/assessment/", ALL_LOGGED_IN),
    Case("assessment.cycles", "GET", lambda w: "/assessment/cycles", HR_ONLY),
    Case("assessment.cycle_new", "GET", lambda w: "/assessment/cycles/new", HR_ONLY),
    Case("assessment.cycle_new", "POST", lambda w: "/assessment/cycles/new", HR_ONLY),
    *_hr("assessment.cycle", "GET", "/assessment/{}"),
    *_hr("assessment.cycle_advance", "POST", "/assessment/{}/advance"),
    *_hr("assessment.cycle_settings", "GET", "/assessment/{}/settings"),
    *_hr("assessment.cycle_settings", "POST", "/assessment/{}/settings"),
    *_hr("assessment.decision", "GET", "/assessment/{}/decision"),
    *_hr("assessment.decision", "POST", "/assessment/{}/decision"),
    Case("assessment.decision", "GET", lambda w: f"/assessment/{YEAR}/decision/{w['own_department']}", HR_ONLY,
         "department"),
    Case("assessment.decision", "GET", lambda w: f"/assessment/{YEAR}/decision/{MISSING}", HR_MISSING,
         "missing-department"),
    *_hr("assessment.export", "GET", "/assessment/{}/export.xlsx"),
    *_hr("assessment.import_grades", "POST", "/assessment/{}/import"),
    *_hr("assessment.appeals", "GET", "/assessment/{}/appeals"),
    *_hr("assessment.print_job", "POST", "/assessment/{}/print-job"),
    # The 优秀 list: HR always; everybody else once it is published (the demo's cycle is not yet).
    Case("assessment.excellent", "GET", lambda w: f"/assessment/{YEAR}/excellent",
         (LOGIN, HIDDEN, HIDDEN, HIDDEN, OK, OK)),
    Case("assessment.excellent", "GET", lambda w: f"/assessment/{MISSING_YEAR}/excellent", VIEW_MISSING, "missing"),
    *_department("assessment.department", "/assessment/{}/departments/{}"),
    *_form("assessment.form", "GET", "/assessment/forms/{}"),
    *_form("assessment.review", "GET", "/assessment/forms/{}/review", HEAD_OWN, HEAD_OTHER, HEAD_MISSING),
    *_form("assessment.review", "POST", "/assessment/forms/{}/review", HEAD_OWN, HEAD_OTHER, HEAD_MISSING),
    # Nobody reviews their own form: the head's own form is reviewed by HR.
    Case("assessment.review", "GET", lambda w: f"/assessment/forms/{w['head_form']}/review",
         (LOGIN, FORBIDDEN, HIDDEN, FORBIDDEN, OK, OK), "head-self"),
    *_form("assessment.self_summary", "POST", "/assessment/forms/{}/self-summary", PERSON_OWN, PERSON_OTHER),
    *_form("assessment.acknowledge", "POST", "/assessment/forms/{}/acknowledge", PERSON_OWN, PERSON_OTHER),
    *_form("assessment.appeal", "POST", "/assessment/forms/{}/appeal", PERSON_OWN, PERSON_OTHER),
    *_hr("assessment.appeal_outcome", "POST", "/assessment/forms/{}/appeal-outcome", "own_form"),
    *_hr("assessment.special_case", "POST", "/assessment/forms/{}/special-case", "own_form"),
    *_hr("assessment.reopen", "POST", "/assessment/forms/{}/reopen", "own_form"),
    *_hr("assessment.amend", "POST", "/assessment/forms/{}/amend", "own_form"),
    # PDFs
    *_form("printing.assessment_form", "GET", "/print/assessment/forms/{}.pdf"),
    *_department("printing.assessment_department_forms", "/print/assessment/{}/departments/{}/forms.pdf"),
    *_department("printing.assessment_department_summary", "/print/assessment/{}/departments/{}/summary.pdf"),
    *_hr("printing.assessment_unit_forms", "GET", "/print/assessment/{}/forms.pdf"),
    *_hr("printing.assessment_unit_summary", "GET", "/print/assessment/{}/summary.pdf"),
    # Results put to use (consequence_routes.py): HR only; the demo's cycle is not yet notified, so the
    # report is empty and the two documents send HR back to the page that says why.
    *_hr("assessment.consequences_report", "GET", "/assessment/{}/consequences"),
    *_hr("assessment.consequences_export", "GET", "/assessment/{}/consequences.xlsx"),
    *_hr("assessment.publicity_list", "GET", "/assessment/{}/excellent/publicity.pdf"),
    *_hr("assessment.archive_form", "GET", "/assessment/forms/{}/archive.pdf", "own_form"),
]


def assessment_world(world: dict) -> dict:
    """The demo's 2025 forms: the employee's own, head_own's own, and one in 办公室."""
    from hrflow.assessment.queries import department_assessments, find_cycle, own_assessment

    cycle = find_cycle(YEAR)
    users = world["users"]
    other = next(f for f in department_assessments(cycle, [world["other_department"]]))
    return {
        "own_form": own_assessment(cycle, users["employee"]).id,
        "head_form": own_assessment(cycle, users["head_own"]).id,
        "other_form": other.id,
    }


# ---------------------------------------------------------------- everyone can take part (participation_routes.py)

def _own_employee(w: dict) -> int:
    from hrflow.extensions import db
    from hrflow.models import Assessment

    return db.session.get(Assessment, w["own_form"]).employee_id


def _an_investigation(w: dict) -> int:
    """An open investigation of the employee (made on first use)."""
    from datetime import date

    from hrflow.extensions import db
    from hrflow.models.personnel_records import InvestigationRecord

    found = db.session.query(InvestigationRecord).first()
    if found is None:
        found = InvestigationRecord(employee_id=_own_employee(w), opened_on=date(2025, 3, 1))
        db.session.add(found)
        db.session.commit()
    return found.id


# A head enters a paper summary for their department's people, never their own.
PAPER_HEAD_SELF = (LOGIN, FORBIDDEN, HIDDEN, FORBIDDEN, OK, OK)

ASSESSMENT_CASES += [
    *_form("assessment.participation_page", "GET", "/assessment/forms/{}/participation", HEAD_OWN, HEAD_OTHER,
           HEAD_MISSING),
    *_form("assessment.paper_summary", "POST", "/assessment/forms/{}/paper-summary", HEAD_OWN, HEAD_OTHER,
           HEAD_MISSING),
    Case("assessment.participation_page", "GET", lambda w: f"/assessment/forms/{w['head_form']}/participation",
         PAPER_HEAD_SELF, "head-self"),
    Case("assessment.paper_summary", "POST", lambda w: f"/assessment/forms/{w['head_form']}/paper-summary",
         PAPER_HEAD_SELF, "head-self"),
    *_hr("assessment.accept_late", "POST", "/assessment/forms/{}/late", "own_form"),
    *_hr("assessment.refusal", "POST", "/assessment/forms/{}/refusal", "own_form"),
    *_hr("assessment.backfill", "POST", "/assessment/forms/{}/backfill", "own_form"),
    *_hr("assessment.cycle_refresh", "POST", "/assessment/{}/refresh"),
    *_hr("assessment.cycle_remind", "POST", "/assessment/{}/remind"),
    *_hr("assessment.logins_page", "GET", "/assessment/{}/logins"),
    *_hr("assessment.logins_page", "POST", "/assessment/{}/logins"),
    *_hr("assessment.department_places", "GET", "/assessment/{}/places"),
    *_hr("assessment.department_places", "POST", "/assessment/{}/places"),
    Case("assessment.records_page", "GET", lambda w: "/assessment/records", HR_ONLY),
    Case("assessment.records_import", "POST", lambda w: "/assessment/records/import", HR_ONLY),
    Case("assessment.employee_records", "GET", lambda w: f"/assessment/records/{_own_employee(w)}", HR_ONLY),
    Case("assessment.employee_records", "GET", lambda w: f"/assessment/records/{MISSING}", HR_MISSING, "missing"),
    Case("assessment.leave_add", "POST", lambda w: f"/assessment/records/{_own_employee(w)}/leave", HR_ONLY),
    Case("assessment.leave_add", "POST", lambda w: f"/assessment/records/{MISSING}/leave", HR_MISSING, "missing"),
    Case("assessment.investigation_add", "POST", lambda w: f"/assessment/records/{_own_employee(w)}/investigation",
         HR_ONLY),
    Case("assessment.investigation_add", "POST", lambda w: f"/assessment/records/{MISSING}/investigation", HR_MISSING,
         "missing"),
    Case("assessment.investigation_close", "POST",
         lambda w: f"/assessment/records/investigations/{_an_investigation(w)}/close", HR_ONLY),
    Case("assessment.investigation_close", "POST", lambda w: f"/assessment/records/investigations/{MISSING}/close",
         HR_MISSING, "missing"),
]
