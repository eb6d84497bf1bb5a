"""A list's row links built once (hrflow/web/links.py): each row's link is what url_for builds for its id."""

import pytest
from flask import render_template_string, url_for

from hrflow.web.links import IdUrl


@pytest.mark.parametrize(("endpoint", "key", "values"), [
    ("recruitment.vacancy", "vacancy_id", {}),  # the id ends the path
    ("assessment.review", "form_id", {}),  # more path follows the id
    ("assessment.department", "department_id", {"year": 2025}),  # beside another argument
])
def test_a_row_link_is_what_url_for_builds(app, endpoint, key, values):
    with app.test_request_context("/"):
        link = IdUrl(endpoint, key, **values)
        for row_id in (1, 7, 40213):
            assert link(row_id) == url_for(endpoint, **values, **{key: row_id})


def test_a_template_takes_the_link_once_and_fills_each_row(app):
    with app.test_request_context("/"):
        html = render_template_string("{% set form_url = id_url('assessment.form', 'form_id') %}"
                                      "{% for i in ids %}<a href=\"{{ form_url(i) }}\"></a>{% endfor %}", ids=[3, 12])
        assert html == f'<a href="{url_for("assessment.form", form_id=3)}"></a><a href="{url_for("assessment.form", form_id=12)}"></a>'


def test_an_endpoint_without_the_id_is_refused(app):
    with app.test_request_context("/"), pytest.raises(ValueError):
        IdUrl("recruitment.rounds", "round_id")  # url_for puts an unknown key in the query string
