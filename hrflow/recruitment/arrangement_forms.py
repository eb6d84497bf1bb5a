"""Forms of 考场编排: a room, the 考生须知. The buttons (arrange, release, publish) post recruitment.forms.ActionForm."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from hrflow.recruitment.arrangement import MAX_NUMBER, RoomData
from hrflow.web.forms import FlaskForm


class RoomForm(FlaskForm):
    number = IntegerField(_l("考场号"), validators=[InputRequired(), NumberRange(1, MAX_NUMBER)])
    place = StringField(_l("考点及考场地址"), validators=[InputRequired(), Length(max=200)])
    capacity = IntegerField(_l("座位数"), validators=[InputRequired(), NumberRange(1, MAX_NUMBER)])
    starts_at = DateTimeLocalField(_l("笔试开始（北京时间）"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("笔试结束（北京时间）"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    submit = SubmitField(_l("添加考场"))

    def room(self) -> RoomData:
        return RoomData(number=self.number.data, place=self.place.data or "", capacity=self.capacity.data,
                        starts_at=self.starts_at.data, ends_at=self.ends_at.data)


class RulesForm(FlaskForm):
    rules = TextAreaField(_l("考生须知（印在每张准考证上；留空则用默认文字）"), validators=[Optional(), Length(max=3000)])
    submit = SubmitField(_l("保存考生须知"))
