"""Who reaches which part of a recruitment round.

HR and administrators reach everything. A department head reaches, read-only, the vacancies of the
departments they head (sub-units included) and the applications to them; a round reaches a head
only through such a vacancy. Employees reach nothing (the routes answer 403 before asking here)."""

from __future__ import annotations

from hrflow.models import Application, RecruitmentRound, User, Vacancy


def reach(user: User) -> set[int] | None:
    """The department ids whose vacancies the user sees; None means every department."""
    return None if user.is_hr else user.headed_department_ids()


def can_see_vacancy(user: User, vacancy: Vacancy) -> bool:
    departments = reach(user)
    return departments is None or vacancy.post.department_id in departments


def can_see_application(user: User, application: Application) -> bool:
    return can_see_vacancy(user, application.vacancy)


def visible_vacancies(user: User, round_: RecruitmentRound) -> list[Vacancy]:
    departments = reach(user)
    return [v for v in round_.vacancies if departments is None or v.post.department_id in departments]


def can_see_round(user: User, round_: RecruitmentRound) -> bool:
    return bool(visible_vacancies(user, round_))
