"""The form of the 账号通知单 page: one button, protected by CSRF."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from hrflow.web.forms import FlaskForm


class PrintSlipForm(FlaskForm):
    submit = SubmitField(_l("打印账号通知单（PDF）"))
