"""Form widgets shared by the blueprints' forms."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

from flask_babel import get_locale
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice, SelectField
from wtforms.widgets import Select, html_params


class LongSelect(Select):
    """A select of many options (a round's posts), or one on a list page's filter, written straight from
    the field's choices: the same HTML as WTForms writes, without building each option's attributes and
    Choice one by one, and each translated label read once (for 200 options that took longer than the
    rest of the page). Choices with attributes or groups go the WTForms way."""

    def __call__(self, field, **kwargs):
        choices = field.choices or []
        if self.multiple or any(not isinstance(c, SelectChoice) or c.render_kw or c.optgroup for c in choices):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in self.validation_attrs:
            if name not in kwargs and getattr(flags, name, False):
                kwargs[name] = True
        data, coerce = field.data, field.coerce
        values = _escaped_all([str(c.value) for c in choices])
        labels = _escaped_all([_text(c.label) or str(c.value) for c in choices])
        options = "".join(
            f'<option {"selected " if coerce(c.value) == data else ""}value="{value}">{label}</option>'
            for c, value, label in zip(choices, values, labels, strict=True))
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")


_SEPARATOR = "\x00"  # a character no choice holds (HTML forbids it) and escaping leaves alone


def _escaped_all(texts: list[str]) -> list[str]:
    """Each text HTML-escaped, escaped together in one call: one escape() per option cost more than
    writing the option."""
    if any(_SEPARATOR in text for text in texts):
        return [str(escape(text)) for text in texts]
    return str(escape(_SEPARATOR.join(texts))).split(_SEPARATOR) if texts else []


class LongSelectField(SelectField):
    """A SelectField of many choices (a round's posts), drawn by LongSelect and checked against its
    choices with one set lookup (WTForms builds every choice again to check one)."""

    widget = LongSelect()

    def pre_validate(self, form) -> None:
        if not self.process_errors and self.choices is not None and \
                self.data in {self.coerce(c.value) for c in self._choices_from_input(self.choices)}:
            return
        super().pre_validate(form)  # WTForms' own refusal, in the reader's language


def _text(label) -> str:
    """A choice's label as text, a lazily translated one translated once."""
    return "" if label is None else str(label)


def badge_lookup(labels: Mapping[str, object], tone: Callable[[str], str]) -> dict[str | None, Markup]:
    """Value → the badge the `badge` macros draw (<span class="badge text-bg-…">label</span>), made once
    for a long table to look up instead of calling the macro on every row. Values without a badge
    (empty, "none") map to nothing."""
    badges: dict[str | None, Markup] = {None: Markup(""), "": Markup(""), "none": Markup("")}
    for value, text in labels.items():
        if value and value != "none":
            badges[value] = Markup('<span class="badge text-bg-{}">{}</span>').format(tone(value), str(text))
    return badges


def badges_for(labels: Mapping[str, Mapping[str, object]], tone: Callable[[str], str]) -> Callable[[str], dict]:
    """A blueprint's `badges(group)` for its templates: badge_lookup of labels[group], made once per process
    and language instead of on every page."""

    @lru_cache(maxsize=64)
    def made(group: str, locale: str) -> dict[str | None, Markup]:
        return badge_lookup(labels[group], tone)

    return lambda group: made(group, str(get_locale()))
