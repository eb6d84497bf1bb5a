"""Route × role cases of the everyday pages: the home page of heads and employees, the staff roster and a
person's page. An employee never sees the roster; a head sees only the people of their departments."""

from __future__ import annotations

from hrflow.extensions import db
from hrflow.models import Appointment
from hrflow.posts.queries import find_post
from tests.matrix_base import ALL_LOGGED_IN, FORBIDDEN, HIDDEN, HR_ONLY, LOGIN, OK, STAFF_MANAGERS, Case

EVERYDAY_CASES: list[Case] = [
    Case("dashboard.my_home", "GET", lambda w: "/home", ALL_LOGGED_IN),  # HR: sent on to the dashboard
    Case("posts.roster", "GET", lambda w: "/roster/?q=主任", STAFF_MANAGERS),
    Case("posts.person", "GET", lambda w: f"/roster/{w['own_employee']}", (LOGIN, FORBIDDEN, HIDDEN, OK, OK, OK), "own"),
    Case("posts.person", "GET", lambda w: f"/roster/{w['other_employee']}", (LOGIN, FORBIDDEN, OK, HIDDEN, OK, OK),
         "other"),
    Case("posts.person", "GET", lambda w: "/roster/999999", (LOGIN, FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
         "missing"),
]


def everyday_world(world: dict) -> dict:
    """The demo employee (少儿部) and the holder of 办公室/主任."""
    office_head = db.session.query(Appointment).filter_by(post_id=find_post("办公室/主任").id).first()
    return {"own_employee": world["users"]["employee"].employee_id, "other_employee": office_head.employee_id}


# The 账号通知单 of an employee's login (hrflow/admin/login_routes.py): HR only; an account of nobody's employee
# record has no slip page (404). The PDF answers 422 here: no browser holds its one-time password.
EVERYDAY_CASES += [
    Case("admin.login_slip", "GET", lambda w: f"/admin/logins/{w['target_user']}", HR_ONLY, "employee"),
    Case("admin.login_slip", "GET", lambda w: f"/admin/logins/{w['users']['hr'].id}",
         (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN), "no-employee"),
    Case("admin.login_slip_pdf", "POST", lambda w: f"/admin/logins/{w['target_user']}/slip.pdf", HR_ONLY),
]
