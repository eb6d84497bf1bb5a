"""gettext and lazy_gettext for hrflow's Python code, and the catalogue they and the templates read.

Flask-Babel's own walk the app context, the domain and the locale on every call; a list page translates
some sixty words (labels of forms and choices, badges, headings), so the catalogue is looked up once
per request here instead. Outside an app context, and whenever the locale changes (force_locale,
refresh), Flask-Babel's own lookup answers as before."""

from __future__ import annotations

from babel.support import NullTranslations
from flask import g
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString


def request_translations() -> NullTranslations:
    """Flask-Babel's catalogue for the current locale, looked up once per request."""
    if not g:  # no app context: Flask-Babel answers with its own untranslated catalogue
        return get_translations()
    context = g.get("_flask_babel")
    locale = getattr(context, "babel_locale", None)
    cached = getattr(context, "hrflow_translations", None)
    if locale is None or cached is None or cached[0] is not locale:
        translations = get_translations()
        g._flask_babel.hrflow_translations = cached = (get_locale(), translations)
    return cached[1]


def gettext(string: str, **variables) -> str:
    """flask_babel.gettext: the translation, %-formatted with the variables when there are any."""
    translated = request_translations().ugettext(string)
    return translated % variables if variables else translated


def lazy_gettext(string: str, **variables) -> LazyString:
    """flask_babel.lazy_gettext, translated by gettext above when used."""
    return LazyString(gettext, string, **variables)
