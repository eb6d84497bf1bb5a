"""Forms of the steps after the exam: 体检/考察 results, the 公示 of a late hire, the round's settings for them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, FloatField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from hrflow.clock import unit_today
from hrflow.models.recruitment import CHECK_RESULT_LABELS, CheckStep
from hrflow.web.forms import FlaskForm


def check_prefix(step: CheckStep | str) -> str:
    """Both steps' forms share the application page: keep their fields apart."""
    return f"{CheckStep(step).value}-"


class CheckForm(FlaskForm):
    """One 体检 or 考察 result; the reason is required for 不合格 and 放弃 (checked by the operation, which
    names the step)."""

    result = RadioField(_l("结果"), choices=[SelectChoice(r.value, text) for r, text in CHECK_RESULT_LABELS.items()],
                        validators=[InputRequired(_l("请选择结果")),
                                    AnyOf([r.value for r in CHECK_RESULT_LABELS], message=_l("未知的结果"))])
    on = DateField(_l("日期"), validators=[InputRequired(_l("请填写日期"))], default=unit_today)
    reason = TextAreaField(_l("原因（不合格或放弃时必填）"), validators=[Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("登记结果"))


class OwnPublicityForm(FlaskForm):
    start = DateField(_l("公示开始日期"), validators=[InputRequired(_l("请填写公示开始日期"))], default=unit_today)
    submit = SubmitField(_l("发布递补公示"))


class SelectionSettingsForm(FlaskForm):
    medical_check = BooleanField(_l("要求体检"))
    inspection_check = BooleanField(_l("要求考察"))
    score_floor = FloatField(_l("合格分数线（综合成绩，空为不设）"),
                             validators=[Optional(), NumberRange(0, 100, _l("应在 0–100 之间"))])
    reason = TextAreaField(_l("修改原因"), validators=[DataRequired(_l("请填写修改原因")), Length(max=500)],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("保存"))
