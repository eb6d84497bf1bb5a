"""Template helpers that draw many small pieces of a page at once.

A filter's select may hold hundreds of posts: WTForms draws each option through html_params (2.6 ms for
200), a Jinja loop over its choices 0.9 ms; `select_options` joins them in Python (0.2 ms).

HR's decision page holds four controls for each of fifty people (a grade's select, a 备注, and hidden
copies of what both showed). As WTForms fields in a form class built per request they cost about 30 ms of
CPU a page (the class 4 ms, binding 3 ms, drawing 23 ms: html_params for 45,000 attributes); the page's
entries drawn by `select_control` and `input_control` take about 1.5 ms (bench/README.md, "Kept,
measured"). They write the same elements and attributes as WTForms' widgets."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from markupsafe import Markup, escape


def select_options(field) -> Markup:
    """The <option> elements of a SelectField, the chosen one selected."""
    return Markup("".join(
        f'<option{" selected" if choice.selected else ""} value="{escape(choice.value)}">{escape(choice.label)}</option>'
        for choice in field.iter_choices()
    ))


def _attributes(attributes: dict) -> str:
    """HTML attributes as WTForms' html_params writes them: `class_` → class, True → the bare name,
    False and None left out."""
    parts = []
    for key, value in attributes.items():
        key = key.rstrip("_")
        if value is True:
            parts.append(key)
        elif value is not False and value is not None:
            parts.append(f'{key}="{escape(value)}"')
    return " ".join(parts)


def select_control(name: str, choices: Iterable[tuple[str, str]], value: str, **attributes) -> Markup:
    """<select id=name name=name …> of (value, label) choices with `value` selected."""
    options = "".join(f'<option{" selected" if choice == value else ""} value="{escape(choice)}">{escape(text)}</option>'
                      for choice, text in choices)
    return Markup(f"<select {_attributes({'id': name, 'name': name, **attributes})}>{options}</select>")


def input_control(name: str, value: str, kind: str = "text", **attributes) -> Markup:
    """<input id=name name=name type=kind value=value …>."""
    return Markup(f"<input {_attributes({'id': name, 'name': name, 'type': kind, 'value': value, **attributes})}>")


def init_app(app: Flask) -> None:
    app.add_template_global(select_options)
    app.add_template_global(select_control)
    app.add_template_global(input_control)
