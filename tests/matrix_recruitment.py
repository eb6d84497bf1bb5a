"""Authorization matrix cases for the recruitment routes (see tests/test_access_matrix.py for roles and outcomes).

The world: a round touching 少儿部 ("own": the head_own's department, a seat freed for it) and 办公室
("other"), and a second round on 办公室 only. A head reads the vacancies and applications of their
departments; everything that changes a round is HR's; employees see nothing of recruitment."""

from __future__ import annotations

from datetime import date

from hrflow.clock import unit_today
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

MISSING = 999999
# Read-only pages: heads reach what touches their departments.
READ_OWN = (LOGIN, FORBIDDEN, HIDDEN, OK, OK, OK)  # an object of 少儿部
READ_OTHER = (LOGIN, FORBIDDEN, OK, HIDDEN, OK, OK)  # an object of 办公室
READ_BOTH = STAFF_MANAGERS  # the round touching both departments
READ_MISSING = (LOGIN, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)
# HR pages: the role is checked before the object.
HR_MISSING = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN)


def _read(endpoint: str, pattern: str, own: str, other: str, own_expect=READ_OWN, other_expect=READ_OTHER) -> list[Case]:
    """A read route with an object of each department and a missing one."""
    return [
        Case(endpoint, "GET", lambda w: pattern.format(w[own]), own_expect, "own"),
        Case(endpoint, "GET", lambda w: pattern.format(w[other]), other_expect, "other"),
        Case(endpoint, "GET", lambda w: pattern.format(MISSING), READ_MISSING, "missing"),
    ]


def _hr(endpoint: str, method: str, pattern: str, key: str) -> list[Case]:
    """An HR route on an object, and on a missing one."""
    return [
        Case(endpoint, method, lambda w: pattern.format(w[key]), HR_ONLY),
        Case(endpoint, method, lambda w: pattern.format(MISSING), HR_MISSING, "missing"),
    ]


def _round_read(endpoint: str, pattern: str) -> list[Case]:
    return _read(endpoint, pattern, "round", "other_round", own_expect=READ_BOTH)


RECRUITMENT_CASES: list[Case] = [
    Case("recruitment.rounds", "GET", lambda w: "/recruitment/", STAFF_MANAGERS),
    Case("recruitment.round_new", "GET", lambda w: "/recruitment/new", HR_ONLY),
    Case("recruitment.round_new", "POST", lambda w: "/recruitment/new", HR_ONLY),
    *_round_read("recruitment.round_detail", "/recruitment/{}"),
    *_hr("recruitment.round_basic", "GET", "/recruitment/{}/basic", "round"),
    *_hr("recruitment.round_basic", "POST", "/recruitment/{}/basic", "round"),
    *_hr("recruitment.round_advance", "POST", "/recruitment/{}/advance", "round"),
    *_hr("recruitment.print_job", "POST", "/recruitment/{}/print-job", "round"),
    *_hr("recruitment.round_rereview", "POST", "/recruitment/{}/rereview", "round"),
    *_round_read("recruitment.applicants", "/recruitment/{}/applicants"),
    *_hr("recruitment.vacancies_export", "GET", "/recruitment/{}/vacancies.xlsx", "round"),
    *_hr("recruitment.applicants_export", "GET", "/recruitment/{}/applicants.xlsx", "round"),
    *_hr("recruitment.applicant_new", "GET", "/recruitment/{}/applicants/new", "round"),
    *_hr("recruitment.applicant_new", "POST", "/recruitment/{}/applicants/new", "round"),
    *_hr("recruitment.applicants_import", "GET", "/recruitment/{}/applicants/import", "round"),
    *_hr("recruitment.applicants_import", "POST", "/recruitment/{}/applicants/import", "round"),
    *_hr("recruitment.applicants_template", "GET", "/recruitment/{}/applicants/template.xlsx", "round"),
    *_hr("recruitment.review_queue", "GET", "/recruitment/{}/review", "round"),
    *_hr("recruitment.scores", "GET", "/recruitment/{}/scores", "round"),
    *_hr("recruitment.scores_export", "GET", "/recruitment/{}/scores.xlsx", "round"),
    *_hr("recruitment.scores_import", "POST", "/recruitment/{}/scores/import", "round"),
    *_hr("recruitment.scores_save", "POST", "/recruitment/{}/scores", "round"),
    *_hr("recruitment.bonuses", "GET", "/recruitment/{}/bonuses", "round"),
    *_hr("recruitment.bonus_type_add", "POST", "/recruitment/{}/bonuses/types", "round"),
    *_hr("recruitment.bonus_cap", "POST", "/recruitment/{}/bonuses/cap", "round"),
    *_hr("recruitment.bonus_grant", "POST", "/recruitment/{}/bonuses", "round"),
    *_hr("recruitment.bonus_remove", "POST", "/recruitment/bonuses/{}/remove", "bonus"),
    *_hr("recruitment.vacancy_settings", "GET", "/recruitment/vacancies/{}/exam-settings", "own_vacancy"),
    *_hr("recruitment.vacancy_settings", "POST", "/recruitment/vacancies/{}/exam-settings", "own_vacancy"),
    *_round_read("recruitment.ranking", "/recruitment/{}/ranking"),
    *_round_read("recruitment.publicity", "/recruitment/{}/publicity"),
    *_read("recruitment.vacancy", "/recruitment/vacancies/{}", "own_vacancy", "other_vacancy"),
    *_hr("recruitment.vacancy_rules", "GET", "/recruitment/vacancies/{}/rules", "own_vacancy"),
    *_hr("recruitment.vacancy_rules", "POST", "/recruitment/vacancies/{}/rules", "own_vacancy"),
    *_hr("recruitment.vacancy_exam", "POST", "/recruitment/vacancies/{}/exam", "own_vacancy"),
    *_hr("recruitment.vacancy_propose", "POST", "/recruitment/vacancies/{}/propose", "own_vacancy"),
    *_read("recruitment.application", "/recruitment/applications/{}", "own_application", "other_application"),
    *_hr("recruitment.application_edit", "GET", "/recruitment/applications/{}/edit", "own_application"),
    *_hr("recruitment.application_edit", "POST", "/recruitment/applications/{}/edit", "own_application"),
    *_hr("recruitment.application_decide", "POST", "/recruitment/applications/{}/rules/0/decide", "own_application"),
    *_hr("recruitment.application_withdraw", "POST", "/recruitment/applications/{}/withdraw", "own_application"),
    *_hr("recruitment.application_appoint", "POST", "/recruitment/applications/{}/appoint", "own_application"),
    *_hr("recruitment.round_selection", "GET", "/recruitment/{}/selection", "round"),
    *_hr("recruitment.round_selection", "POST", "/recruitment/{}/selection", "round"),
    *_hr("recruitment.application_check", "POST", "/recruitment/applications/{}/checks/medical", "own_application"),
    *_hr("recruitment.application_check", "POST", "/recruitment/applications/{}/checks/inspection", "own_application"),
    *_hr("recruitment.application_publicity", "POST", "/recruitment/applications/{}/publicity", "own_application"),
    # Printed forms: a head's copy holds only their departments' vacancies.
    *_round_read("printing.recruitment_vacancies", "/print/recruitment/{}/vacancies.pdf"),
    *_round_read("printing.recruitment_review", "/print/recruitment/{}/review.pdf"),
    *_round_read("printing.recruitment_scores", "/print/recruitment/{}/scores.pdf"),
    *_round_read("printing.recruitment_publicity", "/print/recruitment/{}/publicity.pdf"),
    *_round_read("printing.recruitment_applications", "/print/recruitment/{}/applications.pdf"),
    *_read("printing.recruitment_application", "/print/recruitment/applications/{}.pdf", "own_application",
           "other_application"),
]


def recruitment_world(world: dict) -> dict:
    """Objects the recruitment URLs need: ids keyed by name, added to the matrix's world."""
    from hrflow.extensions import db
    from hrflow.models import ApplicationBonus, BonusType
    from hrflow.posts.queries import find_post
    from hrflow.recruitment import operations as recruitment
    from hrflow.recruitment.applicants import ApplicantData, add_applicant

    hr = world["users"]["hr"]
    own_post = find_post("少儿部/工作人员")
    # 少儿部 has no vacant seat in the demo: one of the staff (not the employee user) leaves today.
    staying = world["users"]["employee"].employee_id
    leaving = next(a for a in own_post.appointments if a.is_open() and a.employee_id != staying)
    leaving.end_date = unit_today()
    db.session.flush()
    other_post = find_post("办公室/办证咨询")
    cutoff = date(2026, 6, 30)
    both = recruitment.open_round("矩阵招聘", cutoff, actor=hr, posts=[(own_post, 1), (other_post, 1)])
    office_only = recruitment.open_round("矩阵招聘（办公室）", cutoff, actor=hr, posts=[(other_post, 1)])
    own_vacancy, other_vacancy = both.vacancies

    def apply(name: str, vacancy):
        data = ApplicantData(name=name, gender="女", birth_date=date(1995, 3, 1), education="本科")
        return add_applicant(both, data, vacancy.post, actor=hr)

    other_application = apply("办公室报名人", other_vacancy)
    # A 加分 to take back (added as rows: granting one needs the round under review).
    bonus_type = BonusType(round_id=both.id, name="矩阵加分", points=2, proof_required=False)
    bonus = ApplicationBonus(bonus_type=bonus_type, points=2)
    other_application.bonuses.append(bonus)
    db.session.flush()

    return {
        "round": both.id,
        "other_round": office_only.id,
        "bonus": bonus.id,
        "own_vacancy": own_vacancy.id,
        "other_vacancy": other_vacancy.id,
        "own_application": apply("少儿部报名人", own_vacancy).id,
        "other_application": other_application.id,
    }


# ---------------------------------------------------------------- 考场编排 (hrflow/recruitment/arrangement_routes.py)
# The matrix round is a draft: every button is refused with a message (a redirect or the page again), so no
# role's try changes what the next one finds; the printed forms read a room and a seat added as rows.
RECRUITMENT_CASES += [
    *_hr("recruitment.arrangement_page", "GET", "/recruitment/{}/arrangement", "round"),
    *_hr("recruitment.arrangement_room_add", "POST", "/recruitment/{}/arrangement/rooms", "round"),
    *_hr("recruitment.arrangement_room_remove", "POST", "/recruitment/arrangement/rooms/{}/remove", "exam_room"),
    *_hr("recruitment.arrangement_arrange", "POST", "/recruitment/{}/arrangement/arrange", "round"),
    *_hr("recruitment.arrangement_rules", "POST", "/recruitment/{}/arrangement/rules", "round"),
    *_hr("recruitment.arrangement_release", "POST", "/recruitment/{}/arrangement/release", "round"),
    *_hr("recruitment.arrangement_sign_in_pdf", "GET", "/recruitment/{}/arrangement/sign-in.pdf", "round"),
    *_hr("recruitment.admission_pdf", "GET", "/recruitment/applications/{}/admission.pdf", "own_application"),
    Case("recruitment.admission_pdf", "GET", lambda w: f"/recruitment/applications/{w['other_application']}/admission.pdf",
         HR_MISSING, "no seat"),
    *_hr("recruitment.scores_publish", "POST", "/recruitment/{}/scores/publish", "round"),
]
_recruitment_world_without_rooms = recruitment_world


def recruitment_world(world: dict) -> dict:  # noqa: F811 (the world above, with a room and a seat)
    from datetime import datetime

    from hrflow.extensions import db
    from hrflow.models import Application, ExamRoom, ExamSeat

    ids = _recruitment_world_without_rooms(world)
    application = db.session.get(Application, ids["own_application"])
    room = ExamRoom(round_id=ids["round"], number=1, place="矩阵考场", capacity=30,
                    starts_at=datetime(2026, 8, 15, 9), ends_at=datetime(2026, 8, 15, 11))
    db.session.add(room)
    db.session.flush()
    db.session.add(ExamSeat(round_id=ids["round"], room_id=room.id, application_id=application.id, seat=1,
                            ticket_number="20260000101"))
    db.session.flush()
    return {**ids, "exam_room": room.id}
