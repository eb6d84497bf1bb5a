"""The mail pages in the route × role matrix: HR's 邮件记录, each user's 我的邮件, the password reset pages."""

from __future__ import annotations

from hrflow.extensions import db
from hrflow.models import MailStatus, OutgoingMail
from tests.matrix_base import ALL_LOGGED_IN, FORBIDDEN, HIDDEN, HR_ONLY, LOGIN, OK, PUBLIC, Case


def mail_world(world: dict) -> dict:
    """A mail to the employee, and a reset link of the employee's (it stays unused: only GET opens it)."""
    from hrflow.auth.reset import reset_token

    employee = world["users"]["employee"]
    mail = OutgoingMail(to_address="employee@library.example", user_id=employee.id, kind="test", subject="测试",
                        body_text="正文", locale="zh_CN", status=MailStatus.FAILED.value, attempts=5, last_error="x")
    db.session.add(mail)
    db.session.flush()
    return {"employee_mail": mail.id, "reset_token": reset_token(employee)}


NEW_PASSWORD = {"new_password": "matrix-password-42", "confirm": "matrix-password-42"}

MAIL_CASES: list[Case] = [
    Case("auth.password_forgot", "GET", lambda w: "/password/forgot", PUBLIC),
    Case("auth.password_forgot", "POST", lambda w: "/password/forgot", PUBLIC, data=lambda w: {"identifier": "nobody"}),
    Case("auth.password_reset", "GET", lambda w: f"/password/reset/{w['reset_token']}", PUBLIC),
    # Whoever holds a link may use it; a broken one answers 400 (shown as OK here: it is not a refusal of access).
    Case("auth.password_reset", "POST", lambda w: "/password/reset/broken", PUBLIC, data=lambda w: NEW_PASSWORD),
    Case("auth.my_mail", "GET", lambda w: "/my-mail", ALL_LOGGED_IN),
    Case("auth.my_mail_show", "GET", lambda w: f"/my-mail/{w['employee_mail']}", (LOGIN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN)),
    Case("admin.mail_log", "GET", lambda w: "/admin/mail", HR_ONLY),
    Case("admin.mail_show", "GET", lambda w: f"/admin/mail/{w['employee_mail']}", HR_ONLY),
    Case("admin.mail_show", "GET", lambda w: "/admin/mail/999999", (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, HIDDEN, HIDDEN),
         "missing"),
    # No mail server in the matrix: the resend is refused (422), which is still access granted.
    Case("admin.mail_resend", "POST", lambda w: f"/admin/mail/{w['employee_mail']}/resend", HR_ONLY,
         data=lambda w: {"reason": "矩阵"}),
]
