"""The base of every hrflow form: Flask-WTF's FlaskForm that also refuses, beside the field, what nobody
types and no column holds, so no such value ever reaches a service or the database:

- control characters (NUL, backspace, escape, …); tabs and line breaks only in multi-line text areas.
  PostgreSQL refuses NUL in text outright, and the others garble pages, exports and PDFs;
- whole numbers past a 32-bit integer column (PostgreSQL's `integer`);
- numbers that are not finite (inf, nan).

The checks run after the form's own validators, on sub-forms too (FieldList, FormField). The refused form
is drawn again as submitted, every typed value kept. tests/test_hostile_fields.py checks that every form
class of hrflow derives from this one.

What a form reads is what a page posts: its fields and files, never a JSON body (Flask-WTF would read one,
and its lists and numbers break the fields), and never a nameless multipart part (FormRequest drops it)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal

import flask_wtf
from flask import Request, has_request_context, request
from flask_babel import gettext as _
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import Field, FieldList, FormField, TextAreaField

from hrflow.web.converters import DATABASE_INT_MAX, DATABASE_INT_MIN

# C0 controls, DEL and C1 controls; a text area also takes tab, line feed and carriage return.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_IN_TEXT_AREA = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SUBMIT_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_POSTED = object()  # the default: what the request posted


class FlaskForm(flask_wtf.FlaskForm):
    def __init__(self, formdata=_POSTED, **kwargs) -> None:
        super().__init__(formdata=posted_fields() if formdata is _POSTED else formdata, **kwargs)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return refuse_hostile_values(self) and valid


def posted_fields() -> MultiDict | None:
    """The fields and files a page posted, as Flask-WTF reads them, except that a JSON body counts as
    nothing posted: hrflow's pages never send one."""
    if not has_request_context() or request.method not in SUBMIT_METHODS:
        return None
    if request.files:
        return CombinedMultiDict((request.files, request.form))
    return request.form or None


class FormRequest(Request):
    """The app's request class: a multipart part without a name, which Werkzeug files under the key None
    (no browser sends one), is dropped, as WTForms and Flask-WTF's CSRF check take every key for a string."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        for name in ("form", "files"):
            data = self.__dict__[name]
            if None in data:
                self.__dict__[name] = self.parameter_storage_class(
                    (key, value) for key, value in data.items(multi=True) if key is not None)


def refuse_hostile_values(fields: Iterable[Field]) -> bool:
    """Put an error on each field (sub-forms included) whose value is refused; True when none is."""
    clean = True
    for field in fields:
        if isinstance(field, FormField):
            clean = refuse_hostile_values(field.form) and clean
        elif isinstance(field, FieldList):
            for entry in field.entries:
                if not refuse_hostile_values([entry]):
                    field.errors.append(entry.errors)  # the list's own errors are what form.errors reports
                    clean = False
        else:
            problem = None if field.errors else hostile_value(field)  # one refusal per field is enough
            if problem:
                field.errors.append(problem)
                clean = False
    return clean


def hostile_value(field: Field) -> str | None:
    """Why this field's submitted value is refused, naming the field; None when it is acceptable."""
    name = field.label.text
    control = CONTROL_IN_TEXT_AREA if isinstance(field, TextAreaField) else CONTROL
    if any(isinstance(raw, str) and control.search(raw) for raw in field.raw_data or ()):
        return _("“%(field)s”含有不可见的控制字符，请删除后再提交。", field=name)
    data = field.data
    if isinstance(data, int) and not isinstance(data, bool) and not DATABASE_INT_MIN <= data <= DATABASE_INT_MAX:
        return _("“%(field)s”的数值超出允许的范围。", field=name)
    if (isinstance(data, float) and not math.isfinite(data)) or (isinstance(data, Decimal) and not data.is_finite()):
        return _("“%(field)s”不是有效的数字。", field=name)
    return None
