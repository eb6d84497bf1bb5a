"""Who may see and do what on an assessment (named checks for routes, operations and tests).

HR (and admins) reach everyone's assessment; a department head those of their departments, sub-units
included; an employee only their own. Nobody reviews their own: a head's own assessment is reviewed by
the unit (HR enters it)."""

from __future__ import annotations

from collections.abc import Callable

from hrflow.models import Actor, Assessment, AssessmentAccessError, CycleStatus, User

# An employee reads their grade and the head's review once the results are notified.
RESULT_VISIBLE = (CycleStatus.ACKNOWLEDGEMENT, CycleStatus.ARCHIVED)


def is_own(user: User, assessment: Assessment) -> bool:
    return user.employee_id is not None and user.employee_id == assessment.employee_id


def heads_department_of(user: User, assessment: Assessment) -> bool:
    return assessment.department_id in user.headed_department_ids()


def can_view_assessment(user: User, assessment: Assessment) -> bool:
    """The form page: HR, the heads of the person's department, the person."""
    return user.is_hr or heads_department_of(user, assessment) or is_own(user, assessment)


def can_review(user: User, assessment: Assessment) -> bool:
    """Rate duties and 德能勤绩廉, comment and propose a grade: HR or a head of the department."""
    if is_own(user, assessment):
        return False
    return user.is_hr or heads_department_of(user, assessment)


def reviewer(user: User) -> Callable[[Assessment], bool]:
    """can_review for the rows of a long list: the user's reach is worked out once, not for every row."""
    own, is_hr = user.employee_id, user.is_hr
    headed = set() if is_hr else user.headed_department_ids()
    return lambda record: (own is None or record.employee_id != own) and (is_hr or record.department_id in headed)


def can_write_self_summary(user: User, assessment: Assessment) -> bool:
    """Only the employee themselves."""
    return is_own(user, assessment)


def can_see_result(user: User, assessment: Assessment) -> bool:
    """Head's ratings, proposed and decided grade: the person only once results are notified."""
    if is_own(user, assessment):
        return user.is_hr or assessment.cycle.status in RESULT_VISIBLE
    return user.is_hr or heads_department_of(user, assessment)


def can_acknowledge(user: User, assessment: Assessment) -> bool:
    """Sign (agree / disagree) and appeal: only the person."""
    return is_own(user, assessment)


def can_manage_assessment(user: User) -> bool:
    """Open and move cycles, flag special cases, reopen forms, decide grades, record appeals."""
    return user.is_hr


def require_manager(actor: Actor, doing: str) -> None:
    """Refuse (AssessmentAccessError) when `actor` may not manage the assessment: 只有人事部门可以{doing}."""
    if not can_manage_assessment(actor):
        raise AssessmentAccessError(f"只有人事部门可以{doing}")
