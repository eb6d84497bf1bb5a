from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from hrflow.web.forms import FlaskForm


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(), Length(max=50)])
    password = PasswordField(_l("密码"), validators=[DataRequired()])
    remember = BooleanField(_l("记住我"))
    submit = SubmitField(_l("登录"))


class PasswordChangeForm(FlaskForm):
    old_password = PasswordField(_l("原密码"), validators=[DataRequired()])
    new_password = PasswordField(_l("新密码"), validators=[DataRequired(), Length(min=8, max=128)])
    confirm = PasswordField(_l("再次输入新密码"), validators=[DataRequired(), EqualTo("new_password", message=_l("两次输入的密码不一致"))])
    submit = SubmitField(_l("修改密码"))


class EmptyForm(FlaskForm):
    """Protects POST-only buttons (logout, language switch) with CSRF."""

    submit = SubmitField(_l("确定"))


class ForgotPasswordForm(FlaskForm):
    identifier = StringField(_l("用户名或邮箱"), validators=[DataRequired(_l("请填写用户名或邮箱")), Length(max=254)])
    submit = SubmitField(_l("发送重置邮件"))


class NewPasswordForm(FlaskForm):
    """The password chosen through a reset link: the rules of PasswordChangeForm, without the old one."""

    new_password = PasswordField(_l("新密码"), validators=[DataRequired(), Length(min=8, max=128)])
    confirm = PasswordField(_l("再次输入新密码"), validators=[DataRequired(), EqualTo("new_password", message=_l("两次输入的密码不一致"))])
    submit = SubmitField(_l("设置新密码"))
