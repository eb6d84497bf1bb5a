"""A page's `_()`, `gettext()` and `ngettext()`, bound to the request's translations once per page.

Flask-Babel's template functions look the request's translations up again on every call (its context,
domain and locale, each through `flask.g`): about 11 µs a call, and a list page calls them 50 to 110
times. A context processor binds the translations Flask-Babel found (its public `get_translations()`)
once per render, and the page's calls use those: about 4 µs each (bench/README.md, "The cuts of
2026-12-07"). They behave as Jinja's new-style gettext does: the text is a format string even without
variables, and where the template escapes, the text is Markup and the variables are escaped into it.
Macros imported without context see the environment's functions, Flask-Babel's own, which give the same
words."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_eval_context
from markupsafe import Markup


def bound_words(translations) -> dict:
    """`_`, `gettext` and `ngettext` for templates, translating with `translations`."""

    @pass_eval_context
    def gettext(eval_ctx, string: str, **variables):
        text = translations.gettext(string)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    @pass_eval_context
    def ngettext(eval_ctx, singular: str, plural: str, num: int, **variables):
        variables.setdefault("num", num)
        text = translations.ngettext(singular, plural, num)
        return (Markup(text) if eval_ctx.autoescape else text) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def _page_words() -> dict:
    return bound_words(get_translations())


def init_app(app: Flask) -> None:
    app.context_processor(_page_words)
