"""Forms of the examiner panel pages: the round's rule, a post's 测评要素, panels and members, lots, an
examiner's mark sheet and 回避, and HR's correction of a submitted sheet."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FloatField,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from hrflow.models import InterviewElement
from hrflow.models.panels import DROP_LABELS, DUTY_LABELS, ROUNDING_LABELS
from hrflow.recruitment.panels import MAX_ELEMENTS, ElementData
from hrflow.web.forms import FlaskForm


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(key.value, text) for key, text in labels.items()]


class RuleForm(FlaskForm):
    drop = SelectField(_l("去掉最高分和最低分"), choices=_choices(DROP_LABELS))
    rounding = SelectField(_l("保留小数"), choices=_choices(ROUNDING_LABELS))
    submit = SubmitField(_l("保存计分规则"))


class ElementRow(Form):
    name = StringField(_l("测评要素"), validators=[Optional(), Length(max=50)])
    weight = FloatField(_l("权重"), validators=[Optional()])
    full_marks = IntegerField(_l("满分"), validators=[Optional()], default=100)


class ElementsForm(FlaskForm):
    rows = FieldList(FormField(ElementRow), min_entries=MAX_ELEMENTS // 2, max_entries=MAX_ELEMENTS)
    submit = SubmitField(_l("保存测评要素"))

    def fill(self, elements: list[InterviewElement]) -> None:
        for row, element in zip(self.rows, elements, strict=False):
            row.form.name.data, row.form.weight.data, row.form.full_marks.data = (element.name, element.weight,
                                                                                  element.full_marks)

    def data_rows(self) -> list[ElementData]:
        return [ElementData(r.form.name.data or "", r.form.weight.data, r.form.full_marks.data or 100)
                for r in self.rows if (r.form.name.data or "").strip() or r.form.weight.data is not None]


class PanelForm(FlaskForm):
    room = StringField(_l("考场"), validators=[DataRequired(), Length(max=50)])
    submit = SubmitField(_l("设立考官小组"))


class MemberForm(FlaskForm):
    username = StringField(_l("登录名"), validators=[DataRequired(), Length(max=50)])
    name = StringField(_l("姓名（新考官）"), validators=[Optional(), Length(max=50)])
    email = StringField(_l("邮箱（可不填）"), validators=[Optional(), Length(max=254), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("请填写有效的邮箱地址"))])
    duty = SelectField(_l("职责"), choices=_choices(DUTY_LABELS), default="examiner")
    submit = SubmitField(_l("加入并邀请"))


class LotForm(FlaskForm):
    seed = StringField(_l("随机种子（可不填）"), validators=[Optional(), Length(max=64)])
    kind = SelectField(_l("抽签内容"), choices=[SelectChoice("candidates", _l("考生的考场和顺序")),
                                              SelectChoice("examiners", _l("考官所在考场"))])
    submit = SubmitField(_l("抽签"))


class RecuseForm(FlaskForm):
    reason = StringField(_l("回避原因（可不填）"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("申请回避"))


def element_field(element: InterviewElement) -> FloatField:
    return FloatField(f"{element.name}（{_l('满分')} {element.full_marks}）",
                      validators=[DataRequired(message=_l("请打分")), NumberRange(0, element.full_marks)])


def mark_form(elements: list[InterviewElement], *, reason: bool = False, **kwargs) -> FlaskForm:
    """A sheet with one field per element (e<id>); HR's correction adds the reason."""

    class MarkForm(FlaskForm):
        submit = SubmitField(_l("保存修改") if reason else _l("提交评分"))

        def marks(self) -> dict[int, float | None]:
            return {e.id: getattr(self, f"e{e.id}").data for e in elements}

    for element in elements:
        setattr(MarkForm, f"e{element.id}", element_field(element))
    if reason:
        MarkForm.reason = StringField(_l("修改原因"), validators=[DataRequired(), Length(max=500)])
    return MarkForm(**kwargs)
