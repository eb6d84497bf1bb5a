"""The forms of HR's home area: the unit's own calendar days."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from hrflow.web.forms import FlaskForm


class LocalDayForm(FlaskForm):
    day = DateField(_l("日期"), validators=[InputRequired(_l("请填写日期"))])
    worked = RadioField(_l("这一天"), choices=[SelectChoice("off", _l("休息（本单位休息日）")),
                                             SelectChoice("worked", _l("上班（调休上班）"))], default="off")
    note = StringField(_l("原因"), validators=[DataRequired(_l("请写明原因")), Length(max=100)],
                       render_kw={"placeholder": _l("如 馆庆日、市政府调休通知")})
    submit = SubmitField(_l("加入本单位日历"))


class RemoveDayForm(FlaskForm):
    """No fields: guards the remove button with CSRF."""
