"""The applicant realm's routes × roles (tests/test_portal_access.py runs them; tests/test_access_matrix.py
counts them as listed). Roles: anonymous, applicant_own (owns the submitted 报名表 and its file),
applicant_other (another confirmed applicant), and the staff roles employee and hr."""

from __future__ import annotations

from tests.matrix_base import FORBIDDEN, HIDDEN, LOGIN, OK, Case

PORTAL_ROLES = ("anonymous", "applicant_own", "applicant_other", "employee", "hr")
MISSING = 999999

ANYONE = (OK,) * 5
APPLICANT = (LOGIN, OK, OK, FORBIDDEN, FORBIDDEN)  # staff sessions are no applicant
OWNER = (LOGIN, OK, HIDDEN, FORBIDDEN, FORBIDDEN)
HR = (LOGIN, LOGIN, LOGIN, FORBIDDEN, OK)  # applicants never reach a staff page
NEW_PASSWORD = {"new_password": "matrix-password-42", "confirm": "matrix-password-42"}

PORTAL_CASES: list[Case] = [
    Case("portal.index", "GET", lambda w: "/apply/", ANYONE),
    Case("portal.round_page", "GET", lambda w: f"/apply/rounds/{w['portal_round']}", ANYONE),
    Case("portal.round_page", "GET", lambda w: f"/apply/rounds/{w['closed_round']}", (HIDDEN,) * 5, "not opened"),
    Case("portal.register", "GET", lambda w: "/apply/register", ANYONE),
    Case("portal.register", "POST", lambda w: "/apply/register", ANYONE, data=lambda w: {"email": "x"}),
    Case("portal.login", "GET", lambda w: "/apply/login", ANYONE),
    Case("portal.login", "POST", lambda w: "/apply/login", ANYONE, data=lambda w: {"email": "x@example.com", "password": "y"}),
    Case("portal.password_forgot", "GET", lambda w: "/apply/password/forgot", ANYONE),
    Case("portal.password_forgot", "POST", lambda w: "/apply/password/forgot", ANYONE, data=lambda w: {"email": "n@example.com"}),
    Case("portal.password_reset", "GET", lambda w: f"/apply/password/reset/{w['portal_reset_token']}", ANYONE),
    Case("portal.password_reset", "POST", lambda w: "/apply/password/reset/broken", ANYONE, data=lambda w: NEW_PASSWORD),
    Case("portal.confirm", "GET", lambda w: "/apply/confirm", APPLICANT),
    Case("portal.confirm", "POST", lambda w: "/apply/confirm", APPLICANT, data=lambda w: {"code": "000000"}),
    Case("portal.confirm_resend", "POST", lambda w: "/apply/confirm/resend", APPLICANT),
    Case("portal.logout", "POST", lambda w: "/apply/logout", APPLICANT),
    Case("portal.mine", "GET", lambda w: "/apply/me", APPLICANT),
    Case("portal.my_data", "GET", lambda w: "/apply/me/data.json", APPLICANT),
    Case("portal.entry", "GET", lambda w: f"/apply/rounds/{w['portal_round']}/form", APPLICANT),
    Case("portal.entry", "POST", lambda w: f"/apply/rounds/{w['portal_round']}/form", APPLICANT,
         data=lambda w: {"name": "矩阵", "save": "1"}),
    Case("portal.upload", "POST", lambda w: f"/apply/rounds/{w['portal_round']}/files", APPLICANT),
    Case("portal.withdraw", "POST", lambda w: f"/apply/rounds/{w['portal_round']}/withdraw", OWNER),
    Case("portal.print_entry", "GET", lambda w: f"/apply/rounds/{w['portal_round']}/print.pdf", OWNER),
    Case("portal.file", "GET", lambda w: f"/apply/files/{w['portal_file']}", OWNER),
    Case("portal.file", "GET", lambda w: f"/apply/files/{MISSING}", (LOGIN, HIDDEN, HIDDEN, FORBIDDEN, FORBIDDEN), "missing"),
    Case("portal.file_delete", "POST", lambda w: f"/apply/files/{w['portal_file']}/delete", OWNER),
    Case("portal_hr.opening", "GET", lambda w: f"/recruitment/{w['portal_round']}/portal", HR),
    Case("portal_hr.opening", "POST", lambda w: f"/recruitment/{w['portal_round']}/portal", HR),
    Case("portal_hr.file", "GET", lambda w: f"/recruitment/portal-files/{w['portal_file']}", HR),
    Case("portal_hr.return_entry", "POST", lambda w: f"/recruitment/applications/{w['portal_application']}/portal/return",
         HR, data=lambda w: {"portal-reason": ""}),
    Case("portal_hr.decide_entry", "POST", lambda w: f"/recruitment/applications/{w['portal_application']}/portal/decide",
         HR, data=lambda w: {"portal-reason": ""}),
    # Staff pages refuse an applicant's session: it is no staff sign-in.
    Case("recruitment.round_detail", "GET", lambda w: f"/recruitment/{w['portal_round']}", HR, "applicant"),
]


def portal_world() -> dict:
    """A round with its portal open, an applicant with a submitted 报名表 (photo included) and another one."""
    from sqlalchemy import select

    from hrflow.extensions import db
    from hrflow.models import User
    from hrflow.models.base import utcnow
    from hrflow.portal import services
    from tests import portal_support as support

    hr = db.session.scalar(select(User).where(User.username == "hr"))
    round_ = support.open_round(hr)
    closed = support.open_round(hr, name="未开放的招聘")
    services.opening_of(closed.id).published = False
    own = support.account("own@example.com")
    other = support.account("other@example.com")
    entry = support.filled_entry(own, round_)
    services.submit(entry, pledge=True, now=utcnow())
    db.session.commit()
    users = {u.username: u for u in db.session.scalars(select(User))}
    return {
        "portal_round": round_.id, "closed_round": closed.id, "portal_file": entry.photo.id,
        "portal_application": entry.application_id, "portal_reset_token": services.reset_token(own),
        "accounts": {"applicant_own": own, "applicant_other": other},
        "users": {"employee": users["employee"], "hr": hr},
    }


# ---------------------------------------------------------------- the 准考证 (docs/portal.md, 考场与准考证)
PORTAL_CASES += [
    Case("portal.print_admission", "GET", lambda w: f"/apply/rounds/{w['portal_round']}/admission.pdf", OWNER),
]
_portal_world_without_tickets = portal_world


def portal_world() -> dict:  # noqa: F811 (the world above, the own applicant seated and the 准考证 released)
    from datetime import datetime

    from hrflow.extensions import db
    from hrflow.models import ExamPlan, ExamRoom, ExamSeat
    from hrflow.models.base import utcnow

    world = _portal_world_without_tickets()
    room = ExamRoom(round_id=world["portal_round"], number=1, place="矩阵考场", capacity=30,
                    starts_at=datetime(2026, 8, 15, 9), ends_at=datetime(2026, 8, 15, 11))
    db.session.add(room)
    db.session.flush()
    db.session.add_all([ExamSeat(round_id=world["portal_round"], room_id=room.id, seat=1, ticket_number="20260000101",
                                 application_id=world["portal_application"]),
                        ExamPlan(round_id=world["portal_round"], tickets_released_at=utcnow())])
    db.session.commit()
    return world
