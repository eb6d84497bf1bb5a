"""Forms of two-step sign-in: the code at sign-in, the code that confirms enrolment, and the password that
guards new recovery codes and turning it off."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from hrflow.web.forms import FlaskForm


class CodeForm(FlaskForm):
    """At sign-in: the six digits from the phone, or one recovery code."""

    code = StringField(_l("验证码"), validators=[DataRequired(_l("请填写验证码")), Length(max=20)],
                       description=_l("手机验证器应用中的 6 位数字；手机丢失时可填一个恢复码。"))
    submit = SubmitField(_l("验证"))


class EnrolForm(FlaskForm):
    code = StringField(_l("验证码"), validators=[DataRequired(_l("请填写验证码")), Length(max=20)],
                       description=_l("扫码后应用显示的 6 位数字。"))
    submit = SubmitField(_l("确认开启"))


class _PasswordForm(FlaskForm):
    password = PasswordField(_l("当前密码"), validators=[DataRequired(_l("请填写密码"))])


class RecoveryCodesForm(_PasswordForm):
    submit = SubmitField(_l("重新生成恢复码"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="codes", **kwargs)


class TurnOffForm(_PasswordForm):
    submit = SubmitField(_l("关闭两步验证"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="off", **kwargs)
