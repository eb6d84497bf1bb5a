"""Forms of the examination pages: the one-Save score grid, a vacancy's exam settings, and 加分."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from hrflow.models import Application, BonusType, Vacancy
from hrflow.recruitment.exam import TIE_BREAKS, ScoreEntry, tie_break_text
from hrflow.recruitment.scores import FULL_MARKS
from hrflow.web.forms import FlaskForm

# ---------------------------------------------------------------- the score grid


def parse_marks(text: str) -> list[float]:
    """评委打分 as typed: numbers separated by commas, 、 or spaces."""
    return [float(part) for part in re.split(r"[,，、;；\s]+", text.strip()) if part]


class ScoreRow(Form):
    """One application's cells; the id says whose they are (the operation refuses one not in the round)."""

    application_id = IntegerField(validators=[InputRequired()])
    written = FloatField(_l("笔试"), validators=[Optional()])
    interview = FloatField(_l("面试"), validators=[Optional()])
    panel_marks = StringField(_l("评委打分"), validators=[Optional(), Length(max=200)])

    def validate_panel_marks(self, field) -> None:
        try:
            parse_marks(field.data or "")
        except ValueError as error:
            raise ValidationError(_l("评委打分应为数字，用逗号分隔")) from error

    def entry(self) -> ScoreEntry:
        return ScoreEntry(self.written.data, self.interview.data, parse_marks(self.panel_marks.data or "") or None)


class ScoreGridForm(FlaskForm):
    """Every row of the round's score sheet, saved with one 保存."""

    rows = FieldList(FormField(ScoreRow))
    submit = SubmitField(_l("保存全部成绩"))

    def __init__(self, *args, applications: list[Application] | None = None, **kwargs) -> None:
        if applications is not None:
            kwargs.setdefault("data", {"rows": [_row_data(a) for a in applications]})
        super().__init__(*args, **kwargs)

    def by_application(self) -> dict[int, FormField]:
        """Each row's sub-form by its application id (rows whose id is not a number are left out)."""
        return {entry.application_id.data: entry for entry in self.rows if isinstance(entry.application_id.data, int)}

    def entries(self) -> dict[int, ScoreEntry]:
        return {application_id: entry.form.entry() for application_id, entry in self.by_application().items()}


def _row_data(application: Application) -> dict:
    marks = "、".join(f"{m:g}" for m in application.panel_marks or [])
    return {"application_id": application.id, "written": application.written_score,
            "interview": application.interview_score, "panel_marks": marks}


# ---------------------------------------------------------------- exam settings of a vacancy

_FULL_CHOICES = [SelectChoice(n, str(n)) for n in FULL_MARKS]


class ExamSettingsForm(FlaskForm):
    exam_ratio = IntegerField(_l("开考比例 1:N（合格报名人数与招聘名额之比）"),
                              validators=[InputRequired(_l("请填写开考比例")), NumberRange(1, 10, _l("应为 1–10"))])
    written_weight = FloatField(_l("笔试权重（面试权重 = 1 − 笔试权重；1 只考笔试，0 只考面试）"),
                                validators=[InputRequired(_l("请填写笔试权重")), NumberRange(0, 1, _l("应在 0–1 之间"))])
    written_full = SelectField(_l("笔试满分"), choices=_FULL_CHOICES, coerce=int)
    interview_full = SelectField(_l("面试满分"), choices=_FULL_CHOICES, coerce=int)
    written_pass = FloatField(_l("笔试合格分数线（可空）"), validators=[Optional(), NumberRange(min=0)])
    interview_pass = FloatField(_l("面试合格分数线（可空）"), validators=[Optional(), NumberRange(min=0)])
    shortlist_ratio = IntegerField(_l("面试入围比例 1:N（按笔试成绩，可空：全部进入面试）"),
                                   validators=[Optional(), NumberRange(1, 10, _l("应为 1–10"))])
    tie_break = SelectField(_l("综合成绩相同时"), choices=[SelectChoice(value, tie_break_text(value)) for value in TIE_BREAKS])
    drop_extremes = BooleanField(_l("评委打分去掉一个最高分和一个最低分"))
    reason = TextAreaField(_l("修改原因"), validators=[DataRequired(_l("请填写理由")), Length(max=2000)],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("保存考试设置"))

    def __init__(self, *args, vacancy: Vacancy, **kwargs) -> None:
        kwargs.setdefault("obj", vacancy)
        super().__init__(*args, **kwargs)


# ---------------------------------------------------------------- 加分


class BonusTypeForm(FlaskForm):
    name = StringField(_l("加分项目"), validators=[DataRequired(_l("请填写加分项目名称")), Length(max=50)])
    points = FloatField(_l("分值"), validators=[InputRequired(_l("请填写分值"))])
    proof_required = BooleanField(_l("须提供证明材料"), default=True)
    submit = SubmitField(_l("添加加分项目"))


class BonusCapForm(FlaskForm):
    cap = FloatField(_l("每人加分上限"), validators=[InputRequired(_l("请填写上限"))])
    submit = SubmitField(_l("保存上限"))


class BonusGrantForm(FlaskForm):
    application = IntegerField(_l("报名号"), validators=[InputRequired(_l("请填写报名号"))])
    bonus_type = SelectField(_l("加分项目"), coerce=int, validators=[InputRequired(_l("请选择加分项目"))])
    proof = StringField(_l("证明材料（名称或编号）"), validators=[Length(max=200)])
    submit = SubmitField(_l("登记加分"))

    def __init__(self, *args, bonus_types: list[BonusType], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.bonus_type.choices = [SelectChoice(t.id, f"{t.name} +{t.points:g}") for t in bonus_types]


class BonusRemoveForm(FlaskForm):
    """Take back one 加分 recorded by mistake, with the reason."""

    reason = StringField(_l("撤销原因"), validators=[DataRequired(_l("请填写撤销原因")), Length(max=500)])
    submit = SubmitField(_l("撤销"))
