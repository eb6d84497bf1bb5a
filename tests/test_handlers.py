"""The shared POST shapes (hrflow/web/handlers.py): a button flashes what the service said, or its refusal
with nothing written, and goes back; a form that does not hold never reaches the service."""

from __future__ import annotations

from flask import get_flashed_messages
from sqlalchemy import func, select
from wtforms import StringField
from wtforms.validators import DataRequired

from hrflow.errors import DomainError
from hrflow.extensions import db
from hrflow.models import Department
from hrflow.web.forms import FlaskForm
from hrflow.web.handlers import Done, button

BACK = "/recruitment/1"


class _Button(FlaskForm):
    """No fields, as a page's button."""


class _Named(FlaskForm):
    name = StringField(validators=[DataRequired()])


def _departments() -> int:
    return db.session.scalar(select(func.count()).select_from(Department))


def _press(app, act, form_class=_Button, data=None):
    with app.test_request_context("/", method="POST", data=data or {}):
        response = button(form_class(), act, back=BACK)
        return response.status_code, response.location, get_flashed_messages(with_categories=True)


def test_button_flashes_the_services_message_and_goes_back(app):
    def add() -> str:
        db.session.add(Department(name="少儿部"))
        return "已添加。"

    assert _press(app, add) == (302, BACK, [("success", "已添加。")])


def test_button_may_name_a_place_of_its_own_and_a_category(app):
    assert _press(app, lambda: Done("/jobs/7", "已转入后台。", "info")) == (302, "/jobs/7", [("info", "已转入后台。")])
    assert _press(app, lambda: None) == (302, BACK, [])  # nothing to say: no empty message


def test_button_refusal_is_flashed_and_nothing_the_service_began_is_kept(app):
    def refused() -> str:
        db.session.add(Department(name="半途"))
        db.session.flush()
        raise DomainError("本轮招聘已结束，不能重新审查")

    assert _press(app, refused) == (302, BACK, [("danger", "本轮招聘已结束，不能重新审查")])
    assert _departments() == 0


def test_button_whose_form_does_not_hold_never_calls_the_service(app):
    called = []
    assert _press(app, lambda: called.append(1), form_class=_Named) == (302, BACK, [])
    assert called == []
    assert _press(app, lambda: called.append(1) or "好。", form_class=_Named, data={"name": "x"})[2] == [
        ("success", "好。")]
