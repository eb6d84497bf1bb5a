"""Forms of the participation pages (paper self-summary, late forms, refusal, 补定, records, logins, places)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, SubmitField, TextAreaField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from hrflow.clock import unit_today
from hrflow.models.assessment import GRADE_LABELS
from hrflow.models.personnel_records import INVESTIGATION_OUTCOME_LABELS, LEAVE_KIND_LABELS
from hrflow.web.forms import FlaskForm

REASON = _l("请填写原因")


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(str(value), text) for value, text in pairs]


class PaperSummaryForm(FlaskForm):
    summary = TextAreaField(_l("纸质个人总结（照原文录入）"), validators=[DataRequired(_l("请录入个人总结")),
                                                                 Length(max=20000)], render_kw={"rows": 14})
    received_on = DateField(_l("收到日期"), validators=[InputRequired(_l("请填写收到日期"))], default=unit_today)
    submit = SubmitField(_l("录入并提交"))


class LateForm(FlaskForm):
    reason = TextAreaField(_l("接受逾期提交的原因"), validators=[DataRequired(REASON), Length(max=2000)],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("接受逾期提交"))


class RefusalForm(FlaskForm):
    talked_on = DateField(_l("谈话日期"), validators=[InputRequired(_l("请填写谈话日期"))])
    note = TextAreaField(_l("谈话情况"), validators=[DataRequired(_l("请写明谈话情况")), Length(max=2000)],
                         render_kw={"rows": 2})
    submit = SubmitField(_l("记录拒不参加考核"))


class BackfillForm(FlaskForm):
    grade = SelectField(_l("补定等次"), choices=_choices(GRADE_LABELS.items()))
    reason = TextAreaField(_l("补定原因"), validators=[DataRequired(REASON), Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("补定等次"))


class LeaveForm(FlaskForm):
    kind = SelectField(_l("类别"), choices=_choices(LEAVE_KIND_LABELS.items()))
    start = DateField(_l("开始日期"), validators=[InputRequired(_l("请填写开始日期"))])
    end = DateField(_l("结束日期"), validators=[InputRequired(_l("请填写结束日期"))])
    note = TextAreaField(_l("备注"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 1})
    submit = SubmitField(_l("登记请假"))

    def validate_end(self, field) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("结束日期不能早于开始日期"))


class InvestigationForm(FlaskForm):
    opened_on = DateField(_l("立案日期"), validators=[InputRequired(_l("请填写立案日期"))])
    note = TextAreaField(_l("备注"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 1})
    submit = SubmitField(_l("登记立案审查调查"))


class CloseInvestigationForm(FlaskForm):
    closed_on = DateField(_l("结案日期"), validators=[InputRequired(_l("请填写结案日期"))])
    outcome = SelectField(_l("结果"), choices=_choices(INVESTIGATION_OUTCOME_LABELS.items()))
    submit = SubmitField(_l("登记结案"))


class LeaveImportForm(FlaskForm):
    sheet = FileField(_l("请假记录（.xlsx 或 .csv：工号、类别、开始日期、结束日期）"),
                      validators=[FileRequired(_l("请选择要导入的文件")),
                                  FileAllowed(["xlsx", "csv"], _l("只支持 .xlsx 或 .csv 文件"))])
    submit = SubmitField(_l("导入请假记录"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("原因（可选）"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 1})
    submit = SubmitField(_l("确定"))


def places_form(departments, places: dict, **kwargs):
    """One number per top-level department (empty: in proportion)."""

    class PlacesForm(FlaskForm):
        submit = SubmitField(_l("保存部门名额"))

        def places(self) -> dict[int, int]:
            return {d.id: self[f"d{d.id}"].data for d in departments if self[f"d{d.id}"].data is not None}

    for department in departments:
        setattr(PlacesForm, f"d{department.id}", IntegerField(
            department.name, validators=[Optional(), NumberRange(0, 10000, _l("名额应为不小于 0 的整数"))],
            default=places.get(str(department.id))))
    return PlacesForm(**kwargs)
