"""The one shape of a POST handler: validate the form → call the service → on a refusal show the same page
again with every field kept → on success flash and redirect.

    def save() -> Done:
        service(..., actor=current_user)
        return Done(url_for(...), _("已保存。"))

    return handle(form, save, page=lambda error: render_template(..., form=form, error=error))

`page(error)` draws the page (the submitted form keeps its input); handle() answers it with 422 when the
form or the service refused, 200 on a plain GET."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect
from flask_wtf import FlaskForm

from hrflow.errors import DomainError
from hrflow.extensions import db


@dataclass(frozen=True)
class Done:
    """Where to go after the service succeeded, and what to tell the user."""

    url: str
    message: str | None = None
    category: str = "success"


def refusal(error: Exception, form: FlaskForm | None = None) -> str | None:
    """A service refused: nothing it did so far may be committed. The message goes next to the field it
    names (errors with a `field`), else it is returned for the top of the page."""
    db.session.rollback()
    field = getattr(form, getattr(error, "field", None) or "", None) if form is not None else None
    if field is None:
        return str(error)
    field.errors.append(str(error))
    return None


def status(*forms: FlaskForm | None, error: str | None = None) -> int:
    """422 when the page shows a refusal or a field error, else 200."""
    return 422 if error or any(form.errors for form in forms if form is not None) else 200


def handle(form: FlaskForm, act: Callable[[], Done], *, page: Callable[[str | None], object],
           refused: tuple[type[Exception], ...] = (DomainError,)):
    """Validate `form`; if it holds, run `act` (the service call); redirect where it says, or draw `page`
    again with the refusal."""
    error = None
    if form.validate_on_submit():
        try:
            done = act()
        except refused as refusing:
            error = refusal(refusing, form)
        else:
            if done.message:
                flash(done.message, done.category)
            return redirect(done.url)
    return page(error), status(form, error=error)
