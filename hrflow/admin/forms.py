"""Forms of the admin pages: creating and editing users, the account actions, the user-list and
audit-log filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from hrflow.admin.actions import action_label
from hrflow.admin.operations import MIN_PASSWORD_LENGTH
from hrflow.admin.queries import USER_SORTS
from hrflow.models import Employee, Role
from hrflow.web.forms import FlaskForm

ROLE_CHOICES = [(role.value, role.label) for role in Role]
NO_EMPLOYEE = 0


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, text) for value, text in pairs]


def _blank_to_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("请填写密码")),
            Length(min=MIN_PASSWORD_LENGTH, max=128, message=_l("密码至少 8 位，最多 128 位")),
        ],
    )


class UserForm(FlaskForm):
    """What an administrator sets on an account. Choices come from the caller: the departments as
    (id, path) and the employees that may be linked."""

    display_name = StringField(_l("姓名"), validators=[Optional(), Length(max=50)])
    email = StringField(_l("邮箱"), validators=[Optional(), Length(max=254),
                                                 Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("请填写有效的邮箱地址"))],
                        filters=[lambda value: value.strip() if isinstance(value, str) else value])
    role = SelectField(_l("角色"), choices=_choices(ROLE_CHOICES), default=Role.EMPLOYEE.value)
    # Check boxes rather than a <select multiple>: nobody has to know about Ctrl-click.
    departments = SelectMultipleField(
        _l("负责的部门"), coerce=int, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )
    employee = SelectField(_l("关联员工"), coerce=int, default=NO_EMPLOYEE)

    def __init__(self, *args, departments: list[tuple[int, str]], employees: list[Employee], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.departments.choices = _choices(departments)
        self.employee.choices = _choices([(NO_EMPLOYEE, _l("（不关联）")), *((e.id, f"{e.staff_no} {e.name}") for e in employees)])
        self._employees = {e.id: e for e in employees}

    def validate_departments(self, field) -> None:
        if self.role.data == Role.HEAD.value and not field.data:
            raise ValidationError(_l("部门负责人必须选择所负责的部门"))

    def chosen_employee(self) -> Employee | None:
        return self._employees.get(self.employee.data)

    def chosen_display_name(self) -> str | None:
        return _blank_to_none(self.display_name.data)

    def chosen_email(self) -> str | None:
        return _blank_to_none(self.email.data)


class UserNewForm(UserForm):
    username = StringField(
        _l("用户名"),
        validators=[
            DataRequired(_l("请填写用户名")),
            Length(max=50),
            Regexp(r"^\S+$", message=_l("用户名不能包含空格")),
        ],
    )
    password = _password_field(_l("初始密码"))
    submit = SubmitField(_l("创建用户"))


class UserEditForm(UserForm):
    submit = SubmitField(_l("保存"))


class _PrefixedForm(FlaskForm):
    """Several small forms share the edit page: a prefix keeps their field names and ids apart."""

    field_prefix = ""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", self.field_prefix)
        super().__init__(*args, **kwargs)


class DisableForm(_PrefixedForm):
    field_prefix = "disable"
    confirm = BooleanField(
        _l("我确认停用这个账号（该用户会立即退出登录，且无法再登录）"),
        validators=[DataRequired(_l("请勾选确认后再停用"))],
    )
    reason = TextAreaField(_l("原因（可选）"), validators=[Optional(), Length(max=500)], render_kw={"rows": 2})
    submit = SubmitField(_l("停用账号"))

    def chosen_reason(self) -> str | None:
        return _blank_to_none(self.reason.data)


class EnableForm(_PrefixedForm):
    field_prefix = "enable"
    submit = SubmitField(_l("重新启用账号"))


class ResetPasswordForm(_PrefixedForm):
    field_prefix = "reset"
    new_password = _password_field(_l("新密码"))
    reason = TextAreaField(_l("原因（可选）"), validators=[Optional(), Length(max=500)], render_kw={"rows": 2})
    submit = SubmitField(_l("重置密码"))

    def chosen_reason(self) -> str | None:
        return _blank_to_none(self.reason.data)


class ResetTwoStepForm(_PrefixedForm):
    field_prefix = "totp"
    reason = TextAreaField(_l("原因"), validators=[DataRequired(_l("请填写重置的原因")), Length(max=500)],
                           render_kw={"rows": 2})
    submit = SubmitField(_l("重置两步验证"))


USER_SORT_LABELS = {
    "username": _l("用户名"),
    "name": _l("姓名"),
    "newest": _l("最近创建的在前"),
    "oldest": _l("最早创建的在前"),
}


class UserFilterForm(FlaskForm):
    """The user list's search, filters and order: GET parameters, so no CSRF token and links can be shared."""

    class Meta:
        csrf = False

    q = StringField(_l("搜索"), validators=[Optional(), Length(max=50)],
                    description=_l("用户名、姓名或员工工号"))
    role = SelectField(_l("角色"), choices=_choices([("", _l("全部")), *ROLE_CHOICES]), default="")
    state = SelectField(_l("状态"), choices=_choices([("", _l("全部")), ("active", _l("启用")), ("disabled", _l("已停用"))]),
                        default="")
    sort = SelectField(_l("排序"), choices=_choices((key, USER_SORT_LABELS[key]) for key in USER_SORTS),
                       default="username")

    def filters(self) -> dict:
        """The valid filters as users_query() takes them; an invalid one is ignored."""
        state = None if self.state.errors else self.state.data
        return {
            "search": None if self.q.errors else _blank_to_none(self.q.data),
            "role": None if self.role.errors else self.role.data or None,
            "active": {"active": True, "disabled": False}.get(state or ""),
            "sort": "username" if self.sort.errors else self.sort.data or "username",
        }

    def is_filtered(self) -> bool:
        return any(value is not None for key, value in self.filters().items() if key != "sort")


class AuditFilterForm(FlaskForm):
    """The audit log's filter: GET parameters, so no CSRF token and links can be shared."""

    class Meta:
        csrf = False

    action = SelectField(_l("操作"), default="")
    actor = SelectField(_l("操作人"), default="")
    since = DateField(_l("从"), validators=[Optional()])
    until = DateField(_l("到"), validators=[Optional()])

    def __init__(self, *args, actions: list[str], actors: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action.choices = _choices([("", _l("全部")), *((a, action_label(a)) for a in actions)])
        self.actor.choices = _choices([("", _l("全部")), *((a, a) for a in actors)])

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("结束日期不能早于开始日期"))

    def filters(self, zone: tzinfo) -> dict:
        """The valid filters as audit_query() takes them: whole local days turned into UTC bounds."""
        dates_valid = not (self.since.errors or self.until.errors)
        since, until = (self.since.data, self.until.data) if dates_valid else (None, None)
        return {
            "action": None if self.action.errors else self.action.data or None,
            "actor": None if self.actor.errors else self.actor.data or None,
            "since": _utc_start(since, zone) if since else None,
            "until": _utc_start(until + timedelta(days=1), zone) if until else None,
        }


def _utc_start(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
