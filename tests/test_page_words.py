"""A page's `_()` is bound to the request's translations once (hrflow/web/page_words.py): it must give what
Flask-Babel's own template function gives, in both languages, escaping included."""

import pytest
from flask import render_template_string
from flask_babel import force_locale

# The same words through the page's `_` and through Flask-Babel's (the environment's, as a macro imported
# without context sees it): a plain word, variables (one with markup), a literal % sign, no translation.
WORDS = (
    "{{ _('部门') }}|{{ _('%(year)s 年度考核', year=year) }}|{{ _('%(year)s 年度考核', year=markup) }}"
    "|{{ _('定等次人数 %(base)s 人（参加 %(n)s 人）× %(rate)s%%，%(rounding)s', base=1, n=2, rate=20, rounding='x') }}"
    "|{{ _('没有这句译文') }}|{{ ngettext('%(num)s 人', '%(num)s 人', 3) }}"
)
ENVIRONMENT_WORDS = "{% macro words(year, markup) %}" + WORDS + "{% endmacro %}"


def _both(app, locale: str, template: str) -> tuple[str, str]:
    with app.test_request_context("/"), force_locale(locale):
        page = render_template_string(template, year=2025, markup="<b>2025</b>")
        macro = app.jinja_env.from_string(ENVIRONMENT_WORDS).module.words  # no context: Flask-Babel's `_`
        return page, str(macro(2025, "<b>2025</b>"))


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_a_pages_words_are_flask_babels_words(app, locale):
    page, environment = _both(app, locale, WORDS)
    assert page == environment
    assert "&lt;b&gt;2025&lt;/b&gt;" in page and "<b>" not in page  # a variable is escaped into the text
    assert "20%，" in page or "20%, " in page  # %% is a per cent sign, as in Jinja's new-style gettext
    if locale == "en":
        assert page.startswith("Departments|2025 assessment|") and "没有这句译文" in page
    else:
        assert page.startswith("部门|2025 年度考核|")


def test_the_page_binding_is_what_the_page_uses(app):
    """The page's `_` is the bound one (a context variable), not the environment's."""
    with app.test_request_context("/"):
        used = render_template_string("{{ _.__module__ }}")
    assert used == "hrflow.web.page_words"


def test_words_in_a_template_that_does_not_escape_are_plain_text(app):
    from flask_babel import get_translations

    from hrflow.web.page_words import bound_words

    with app.test_request_context("/"):
        words = bound_words(get_translations())
        template = app.jinja_env.from_string("{% autoescape false %}{{ _('%(year)s 年度考核', year=x) }}{% endautoescape %}")
        assert template.render(x="<b>", **words) == "<b> 年度考核"
