"""Forms of the portal (the applicant's) and of HR's side of it. Every one carries a CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    Form,
    FormField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional, Regexp

from hrflow.models.recruitment import RULE_KIND_LABELS
from hrflow.rules import RuleKind
from hrflow.web.forms import FlaskForm

MONTH = Regexp(r"^$|^\d{4}-(0[1-9]|1[0-2])$", message=_l("请按“年-月”填写，如 2019-07"))
STUDY_ROWS, WORK_ROWS = 4, 4


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, text) for value, text in pairs]


EDUCATION_CHOICES = _choices([("", _l("请选择")), ("博士研究生", _l("博士研究生")), ("硕士研究生", _l("硕士研究生")),
                              ("本科", _l("本科")), ("大专", _l("大专")), ("高中/中专", _l("高中/中专"))])
DEGREE_CHOICES = _choices([("", _l("无")), ("博士", _l("博士")), ("硕士", _l("硕士")), ("学士", _l("学士"))])
MODE_CHOICES = _choices([("", _l("请选择")), ("全日制", _l("全日制")), ("非全日制", _l("非全日制"))])
POLITICAL_CHOICES = _choices([("", _l("请选择")), ("中共党员", _l("中共党员")), ("中共预备党员", _l("中共预备党员")),
                              ("共青团员", _l("共青团员")), ("民主党派", _l("民主党派")), ("群众", _l("群众"))])
# What a proof is for: the rule kinds an applicant proves, named as the review names them.
PROOF_CHOICES = _choices([(kind.value, RULE_KIND_LABELS[kind]) for kind in (
    RuleKind.EDUCATION, RuleKind.DEGREE, RuleKind.MAJOR, RuleKind.TITLE, RuleKind.CERTIFICATE, RuleKind.EXPERIENCE,
    RuleKind.POLITICAL)] + [("other", _l("其他材料")), ("photo", _l("照片"))])


class RegisterForm(FlaskForm):
    email = EmailField(_l("电子邮箱"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("密码"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("再次输入密码"), validators=[DataRequired(), EqualTo("password", message=_l("两次输入的密码不一致"))])
    phone = StringField(_l("手机号码（仅用于联系）"), validators=[Optional(), Length(max=20)])
    consent = BooleanField(_l("我已阅读并同意《个人信息处理说明》：报名信息仅用于本次招聘"))
    submit = SubmitField(_l("注册"))


class CodeForm(FlaskForm):
    code = StringField(_l("邮箱验证码"), validators=[DataRequired(), Length(max=10)])
    submit = SubmitField(_l("确认"))


class LoginForm(FlaskForm):
    email = EmailField(_l("电子邮箱"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("密码"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("登录"))


class ForgotForm(FlaskForm):
    email = EmailField(_l("电子邮箱"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("发送重置链接"))


class ResetForm(FlaskForm):
    new_password = PasswordField(_l("新密码"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("再次输入新密码"),
                            validators=[DataRequired(), EqualTo("new_password", message=_l("两次输入的密码不一致"))])
    submit = SubmitField(_l("设置新密码"))


class StudyRow(Form):
    start = StringField(_l("起始年月"), validators=[MONTH], render_kw={"placeholder": "2015-09"})
    end = StringField(_l("结束年月"), validators=[MONTH], render_kw={"placeholder": "2019-07"})
    school = StringField(_l("学校"), validators=[Length(max=100)])
    education = SelectField(_l("学历"), choices=EDUCATION_CHOICES, default="")
    degree = SelectField(_l("学位"), choices=DEGREE_CHOICES, default="")
    major = StringField(_l("专业"), validators=[Length(max=100)])
    mode = SelectField(_l("学习形式"), choices=MODE_CHOICES, default="")


class WorkRow(Form):
    start = StringField(_l("起始年月"), validators=[MONTH], render_kw={"placeholder": "2019-08"})
    end = StringField(_l("结束年月（在职不填）"), validators=[MONTH])
    employer = StringField(_l("工作单位"), validators=[Length(max=100)])
    position = StringField(_l("岗位/职务"), validators=[Length(max=100)])


class EntryForm(FlaskForm):
    """The 报名表. Two buttons: 保存草稿 keeps anything typed; 提交报名 asks for the pledge too."""

    vacancy_id = SelectField(_l("应聘岗位"), coerce=str, default="")
    name = StringField(_l("姓名"), validators=[Length(max=50)])
    gender = RadioField(_l("性别"), choices=_choices([("男", _l("男")), ("女", _l("女"))]), validators=[Optional()])
    birth_date = DateField(_l("出生日期"), validators=[Optional()])
    id_number = StringField(_l("身份证号"), validators=[Length(max=18)])
    phone = StringField(_l("联系电话"), validators=[Length(max=20)])
    political_status = SelectField(_l("政治面貌"), choices=POLITICAL_CHOICES, default="")
    title = StringField(_l("职称"), validators=[Length(max=50)])
    certificates = TextAreaField(_l("证书（每行一个）"), validators=[Length(max=1000)])
    study = FieldList(FormField(StudyRow), min_entries=STUDY_ROWS, max_entries=STUDY_ROWS)
    work = FieldList(FormField(WorkRow), min_entries=WORK_ROWS, max_entries=WORK_ROWS)
    pledge = BooleanField(_l("本人承诺：所填信息及所交材料真实准确，如有虚假，自愿取消应聘资格"))
    save = SubmitField(_l("保存草稿"))
    submit = SubmitField(_l("提交报名"))

    def __init__(self, *args, vacancies: list[tuple[int, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.vacancy_id.choices = _choices([("", _l("请选择岗位"))] + [(str(v), path) for v, path in vacancies])


class UploadForm(FlaskForm):
    kind = SelectField(_l("材料类别"), choices=PROOF_CHOICES, default="education")
    file = FileField(_l("文件（PDF、JPG 或 PNG）"), validators=[FileRequired(_l("请选择文件"))])
    submit = SubmitField(_l("上传"))


class ActionForm(FlaskForm):
    """No fields: guards a POST-only button with CSRF."""


# ---------------------------------------------------------------- HR

class OpeningForm(FlaskForm):
    opens_at = DateTimeLocalField(_l("报名开始（北京时间）"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    closes_at = DateTimeLocalField(_l("报名截止（北京时间）"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    notice = TextAreaField(_l("招聘公告"), validators=[DataRequired(), Length(max=20000)], render_kw={"rows": 10})
    published = BooleanField(_l("公开本轮报名页面"), default=True)
    submit = SubmitField(_l("保存"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("原因"), validators=[Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("确定"))
