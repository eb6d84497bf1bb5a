"""Admin pages: user accounts and the audit log. Administrators only.

URL                                         method     handler               what
/admin/users                                GET        users                 list of accounts: search, filters, order, pages
/admin/users/new                            GET, POST  user_new              create an account
/admin/users/<id>/edit                      GET, POST  user_edit             role, name, departments, employee
/admin/users/<id>/disable                   POST       user_disable          ends every session; needs a ticked confirm box
/admin/users/<id>/enable                    POST       user_enable
/admin/users/<id>/reset-password            POST       user_reset_password
/admin/audit                                GET        audit_log             read-only; no route changes audit rows
/admin/audit.xlsx                           GET        audit_export          the filtered audit log as a spreadsheet
"""

from __future__ import annotations

import io
import json
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from sqlalchemy import Select

from hrflow.access import admin_required
from hrflow.admin import bp
from hrflow.admin import services as accounts
from hrflow.admin.actions import action_label
from hrflow.admin.export import audit_xlsx
from hrflow.admin.forms import (
    NO_EMPLOYEE,
    ROLE_LABELS,
    AuditFilterForm,
    DisableForm,
    EnableForm,
    ResetPasswordForm,
    UserEditForm,
    UserFilterForm,
    UserForm,
    UserNewForm,
)
from hrflow.admin.services import AccountError
from hrflow.extensions import db
from hrflow.models import User
from hrflow.web.pagination import paginate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# ---------------------------------------------------------------- helpers

def _details_text(details: dict | None) -> str:
    return json.dumps(details, ensure_ascii=False, indent=1, sort_keys=True) if details else ""


@bp.context_processor
def _helpers() -> dict:
    return {"role_label": lambda role: ROLE_LABELS.get(role, role), "details_text": _details_text,
            "action_label": action_label}


def _load_user(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def _user_form(form_class: type[UserForm], user: User | None = None, **kwargs) -> UserForm:
    return form_class(departments=accounts.department_choices(), employees=accounts.linkable_employees(user), **kwargs)


def _account_data(user: User) -> dict:
    return {
        "display_name": user.display_name,
        "role": user.role,
        "departments": [d.id for d in user.departments],
        "employee": user.employee_id or NO_EMPLOYEE,
    }


def _refusal(form: FlaskForm, error: AccountError) -> str | None:
    """Put a service's refusal next to the field it is about; otherwise return it for the top of the page."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        return str(error)
    field.errors.append(str(error))
    return None


def _status(*forms: FlaskForm, error: str | None = None) -> int:
    return 422 if error or any(f.errors for form in forms if form is not None for f in form) else 200


# ---------------------------------------------------------------- users

@bp.route("/users")
@admin_required
def users():
    form = UserFilterForm(formdata=request.args)
    form.validate()
    return render_template("admin/users.html", form=form, page=paginate(accounts.users_query(**form.filters())))


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def user_new():
    form = _user_form(UserNewForm)
    error = None
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.username.data, form.password.data, form.role.data, actor=current_user,
                display_name=form.chosen_display_name(), employee=form.chosen_employee(),
                departments=accounts.find_departments(form.departments.data),
            )
        except AccountError as refused:
            error = _refusal(form, refused)
        else:
            flash(_("已创建用户“%(name)s”。", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_new.html", form=form, error=error), _status(form, error=error)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int):
    user = _load_user(user_id)
    form = _user_form(UserEditForm, user, data=_account_data(user))
    error = None
    if form.validate_on_submit():
        try:
            changed = accounts.update_user(
                user, actor=current_user, role=form.role.data, display_name=form.chosen_display_name(),
                departments=accounts.find_departments(form.departments.data), employee=form.chosen_employee(),
            )
        except AccountError as refused:
            error = _refusal(form, refused)
        else:
            flash(_("已保存用户“%(name)s”。", name=user.username) if changed else _("没有修改。"), "success" if changed else "info")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    return _edit_page(user, form=form, error=error)


def _edit_page(user: User, *, form: UserForm | None = None, disable_form: DisableForm | None = None,
               reset_form: ResetPasswordForm | None = None, error: str | None = None):
    """The edit page with every form on it; the one that was just submitted keeps its input and errors."""
    forms = {
        "form": form or _user_form(UserEditForm, user, formdata=None, data=_account_data(user)),
        "disable_form": disable_form or DisableForm(formdata=None),
        "enable_form": EnableForm(formdata=None),
        "reset_form": reset_form or ResetPasswordForm(formdata=None),
    }
    status = _status(*forms.values(), error=error)
    return render_template("admin/user_edit.html", user=user, error=error, **forms), status


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@admin_required
def user_disable(user_id: int):
    user = _load_user(user_id)
    form = DisableForm()
    if not form.validate_on_submit():
        return _edit_page(user, disable_form=form)
    try:
        accounts.set_active(user, False, actor=current_user, reason=form.chosen_reason())
    except AccountError as refused:
        return _edit_page(user, disable_form=form, error=str(refused))
    flash(_("已停用用户“%(name)s”，其所有登录已失效。", name=user.username), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
@admin_required
def user_enable(user_id: int):
    user = _load_user(user_id)
    if EnableForm().validate_on_submit():
        accounts.set_active(user, True, actor=current_user)
        flash(_("已启用用户“%(name)s”。", name=user.username), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@admin_required
def user_reset_password(user_id: int):
    user = _load_user(user_id)
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return _edit_page(user, reset_form=form)
    try:
        accounts.reset_password(user, form.new_password.data, actor=current_user, reason=form.chosen_reason())
    except AccountError as refused:
        form.new_password.errors.append(str(refused))
        return _edit_page(user, reset_form=form)
    if user.id == current_user.id:
        login_user(user)  # the new session token ends the other sessions, not this one
    flash(_("已重置用户“%(name)s”的密码，其原有登录已失效。", name=user.username), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


# ---------------------------------------------------------------- audit log

def _audit_filtered() -> tuple[AuditFilterForm, Select]:
    form = AuditFilterForm(formdata=request.args, actions=accounts.audit_actions(), actors=accounts.audit_actors())
    form.validate()
    return form, accounts.audit_query(**form.filters(_reader_zone()))


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
