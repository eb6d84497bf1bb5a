"""Passwords and full ID numbers never reach the logs or the audit trail."""

import logging
from datetime import date

from sqlalchemy import select

from hrflow.extensions import db
from hrflow.models import AuditLog
from hrflow.posts.queries import find_post
from hrflow.recruitment import operations as rs
from hrflow.recruitment.applicants import ApplicantData, add_applicant
from hrflow.recruitment.idcard import check_digit
from tests.conftest import PASSWORD


def test_no_password_or_id_number_in_logs_or_audit(client, seeded, make_user, caplog):
    caplog.set_level(logging.DEBUG)
    hr = make_user("hr", username="hr-officer")
    response = client.post("/login", data={"username": "hr-officer", "password": PASSWORD})
    assert response.status_code == 302
    client.post("/login", data={"username": "hr-officer", "password": "wrong-" + PASSWORD})
    first17 = "11010519900701123"
    id_number = first17 + check_digit(first17[:17])
    round_ = rs.open_round("r", date(2026, 6, 30), actor=hr, all_vacancies=True)
    add_applicant(round_, ApplicantData(name="陈喆", gender="男", birth_date=date(1990, 7, 1), id_number=id_number),
                     find_post("办公室/办证咨询"), actor=hr)
    db.session.commit()
    audit_text = " ".join(f"{e.summary} {e.reason} {e.details}" for e in db.session.scalars(select(AuditLog)))
    for secret in (PASSWORD, id_number):
        assert secret not in caplog.text
        assert secret not in audit_text
    assert "陈喆" in audit_text  # the audit trail still says who applied
