"""Admin pages: user accounts and the audit log. Administrators only.

URL                                         method     handler               what
/admin/users                                GET        users                 list of accounts: search, filters, order, pages
/admin/users/new                            GET, POST  user_new              create an account
/admin/users/<id>/edit                      GET, POST  user_edit             role, name, departments, employee
/admin/users/<id>/disable                   POST       user_disable          ends every session; needs a ticked confirm box
/admin/users/<id>/enable                    POST       user_enable
/admin/users/<id>/reset-password            POST       user_reset_password
/admin/users/<id>/reset-two-step            POST       user_reset_totp       a lost phone; needs a reason; ends every session
/admin/audit                                GET        audit_log             read-only; no route changes audit rows
/admin/audit.xlsx                           GET        audit_export          the filtered audit log as a spreadsheet
"""

from __future__ import annotations

import io
import json
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template, request, send_file, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import Select

from hrflow.access import admin_required
from hrflow.admin import operations as accounts
from hrflow.admin import queries
from hrflow.admin.actions import action_label
from hrflow.admin.export import audit_xlsx
from hrflow.admin.forms import (
    NO_EMPLOYEE,
    AuditFilterForm,
    DisableForm,
    EnableForm,
    ResetPasswordForm,
    ResetTwoStepForm,
    UserEditForm,
    UserFilterForm,
    UserForm,
    UserNewForm,
)
from hrflow.extensions import db
from hrflow.models import Role, User
from hrflow.web.handlers import Done, handle
from hrflow.web.pagination import paginate

bp = Blueprint("admin", __name__, url_prefix="/admin")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# ---------------------------------------------------------------- helpers

def _details_text(details: dict | None) -> str:
    return json.dumps(details, ensure_ascii=False, indent=1, sort_keys=True) if details else ""


def _role_label(role: str) -> str:
    """The role in the reader's language; a code from an older release as it is."""
    try:
        return Role(role).label
    except ValueError:
        return role


@bp.context_processor
def _helpers() -> dict:
    return {"role_label": _role_label, "details_text": _details_text, "action_label": action_label}


def _load_user(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def _user_form(form_class: type[UserForm], user: User | None = None, **kwargs) -> UserForm:
    return form_class(departments=queries.department_choices(), employees=queries.linkable_employees(user), **kwargs)


def _account_data(user: User) -> dict:
    return {
        "display_name": user.display_name,
        "role": user.role,
        "departments": [d.id for d in user.departments],
        "employee": user.employee_id or NO_EMPLOYEE,
        "email": user.email,
    }


def _back_to(user: User) -> str:
    return url_for("admin.user_edit", user_id=user.id)


# ---------------------------------------------------------------- users

@bp.route("/users")
@admin_required
def users():
    form = UserFilterForm(formdata=request.args)
    form.validate()
    return render_template("admin/users.html", form=form, page=paginate(queries.users_query(**form.filters())))


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def user_new():
    form = _user_form(UserNewForm)

    def create() -> Done:
        user = accounts.create_user(
            form.username.data, form.password.data, form.role.data, actor=current_user,
            display_name=form.chosen_display_name(), employee=form.chosen_employee(),
            departments=queries.find_departments(form.departments.data), email=form.chosen_email(),
        )
        return Done(url_for("admin.users"), _("已创建用户“%(name)s”。", name=user.username))

    return handle(form, create, page=lambda error: render_template("admin/user_new.html", form=form, error=error))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int):
    user = _load_user(user_id)
    form = _user_form(UserEditForm, user, data=_account_data(user))

    def save() -> Done:
        changed = accounts.update_user(
            user, actor=current_user, role=form.role.data, display_name=form.chosen_display_name(),
            departments=queries.find_departments(form.departments.data), employee=form.chosen_employee(),
            email=form.chosen_email(),
        )
        if not changed:
            return Done(_back_to(user), _("没有修改。"), "info")
        return Done(_back_to(user), _("已保存用户“%(name)s”。", name=user.username))

    return handle(form, save, page=lambda error: _edit_page(user, error, form=form))


def _edit_page(user: User, error: str | None = None, *, form: UserForm | None = None,
               disable_form: DisableForm | None = None, enable_form: EnableForm | None = None,
               reset_form: ResetPasswordForm | None = None, totp_form: ResetTwoStepForm | None = None) -> str:
    """The edit page with every form on it; the one just submitted keeps its input and errors."""
    return render_template(
        "admin/user_edit.html", user=user, error=error,
        form=form or _user_form(UserEditForm, user, formdata=None, data=_account_data(user)),
        disable_form=disable_form or DisableForm(formdata=None), enable_form=enable_form or EnableForm(formdata=None),
        reset_form=reset_form or ResetPasswordForm(formdata=None), totp_form=totp_form or ResetTwoStepForm(formdata=None),
    )


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@admin_required
def user_disable(user_id: int):
    user = _load_user(user_id)
    form = DisableForm()

    def disable() -> Done:
        accounts.set_active(user, False, actor=current_user, reason=form.chosen_reason())
        return Done(_back_to(user), _("已停用用户“%(name)s”，其所有登录已失效。", name=user.username))

    return handle(form, disable, page=lambda error: _edit_page(user, error, disable_form=form))


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
@admin_required
def user_enable(user_id: int):
    user = _load_user(user_id)
    form = EnableForm()

    def enable() -> Done:
        accounts.set_active(user, True, actor=current_user)
        return Done(_back_to(user), _("已启用用户“%(name)s”。", name=user.username))

    return handle(form, enable, page=lambda error: _edit_page(user, error, enable_form=form))


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@admin_required
def user_reset_password(user_id: int):
    user = _load_user(user_id)
    form = ResetPasswordForm()

    def reset() -> Done:
        accounts.reset_password(user, form.new_password.data, actor=current_user, reason=form.chosen_reason())
        if user.id == current_user.id:
            login_user(user)  # the new session token ends the other sessions, not this one
        return Done(_back_to(user), _("已重置用户“%(name)s”的密码，其原有登录已失效。", name=user.username))

    return handle(form, reset, page=lambda error: _edit_page(user, error, reset_form=form))


@bp.route("/users/<int:user_id>/reset-two-step", methods=["POST"])
@admin_required
def user_reset_totp(user_id: int):
    user = _load_user(user_id)
    form = ResetTwoStepForm()

    def reset() -> Done:
        accounts.reset_two_step(user, actor=current_user, reason=form.reason.data)
        if user.id == current_user.id:
            login_user(user)  # the new session token ends the other sessions, not this one
        return Done(_back_to(user), _("已重置用户“%(name)s”的两步验证，其原有登录已失效。", name=user.username))

    return handle(form, reset, page=lambda error: _edit_page(user, error, totp_form=form))


# ---------------------------------------------------------------- audit log

def _audit_filtered() -> tuple[AuditFilterForm, Select]:
    form = AuditFilterForm(formdata=request.args, actions=queries.audit_actions(), actors=queries.audit_actors())
    form.validate()
    return form, queries.audit_query(**form.filters(_reader_zone()))


def _reader_zone() -> ZoneInfo:
    return ZoneInfo(get_timezone().zone)


@bp.route("/audit")
@admin_required
def audit_log():
    form, query = _audit_filtered()
    filters = {key: values for key, values in request.args.lists() if key != "page"}
    return render_template("admin/audit_log.html", form=form, page=paginate(query),
                           export_url=url_for("admin.audit_export", **filters))


@bp.route("/audit.xlsx")
@admin_required
def audit_export():
    _form, query = _audit_filtered()
    data = audit_xlsx(db.session.scalars(query.execution_options(yield_per=500)), _reader_zone())
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name="审计日志.xlsx")
