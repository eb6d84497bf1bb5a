"""Appointing a proposed hire together with their login: the employee, the seat and the account are made in
one piece (a savepoint), so a refusal of either leaves neither — whatever the caller does next."""

from __future__ import annotations

from datetime import date

from hrflow.admin.logins import Slip, create_login
from hrflow.extensions import db
from hrflow.models import Actor, Application, Employee
from hrflow.recruitment.operations import appoint_application


def appoint_with_login(application: Application, *, actor: Actor, on: date | None = None) -> tuple[Employee, Slip]:
    """appoint_application, then an employee account for the new hire (hrflow/admin/logins.py): the slip holds
    the one-time password, which nothing stores."""
    with db.session.begin_nested():
        employee = appoint_application(application, actor=actor, on=on)
        slip = create_login(employee, actor=actor)
    return employee, slip
