"""The one shape of a POST handler: validate the form → call the service → on a refusal show the same page
again with every field kept → on success flash and redirect.

    def save() -> Done:
        service(..., actor=current_user)
        return Done(url_for(...), _("已保存。"))

    return handle(form, save, page=lambda error: render_template(..., form=form, error=error))

`page(error)` draws the page (the submitted form keeps its input); handle() answers it with 422 when the
form or the service refused, 200 on a plain GET.

A button (a form with no field to keep) goes back to its page either way:

    def close() -> str:
        service(..., actor=current_user)
        return _("已关闭。")

    return button(ActionForm(), close, back=url_for(...))"""

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


def button(form: FlaskForm, act: Callable[[], Done | str | None], *, back: str):
    """A button's POST: validate `form` (its CSRF token), run `act` (the service call) and flash what it
    says (a message, or a Done with a place of its own to go) or the refusal; then back to `back`. There is
    no input to keep, so a refusal needs no page drawn again."""
    if form.validate_on_submit():
        try:
            said = act()
        except DomainError as refusing:
            flash(refusal(refusing), "danger")
        else:
            done = said if isinstance(said, Done) else Done(back, said)
            if done.message:
                flash(done.message, done.category)
            return redirect(done.url)
    return redirect(back)
