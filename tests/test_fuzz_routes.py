"""Every POST route of the URL map, fuzzed as each role that may use it: whatever the form data (control
characters, NUL, huge or negative numbers, empty values, long text, files of any content), the answer is
never a 500 (the test app propagates exceptions, so any one fails the test too).

The URLs and the roles come from the authorization matrix (tests/test_access_matrix.py: real ids from the
demo world, the roles whose outcome is OK); the fields come from the forms the pages actually draw, so the
fuzzed values reach the services behind a valid form rather than stopping at a missing field. One test per
area keeps one world per test and lets the areas run side by side."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from hrflow.extensions import db
from hrflow.jobs.services import wait_for_all
from hrflow.models import User
from hrflow.recruitment.applicants import APPLICANT_COLUMNS
from hrflow.recruitment.export import SCORE_COLUMNS
from hrflow.web.forms import FlaskForm
from tests.matrix_base import OK, ROLES
from tests.test_access_matrix import CASES, world  # noqa: F401  (world: the matrix's fixture)

# Each example posts to every route of the area once per allowed role; HRFLOW_FUZZ_EXAMPLES=200 digs deeper.
EXAMPLES = int(os.environ.get("HRFLOW_FUZZ_EXAMPLES", "6"))
AREAS = ("auth", "posts", "jobs", "admin", "recruitment", "assessment", "dashboard")
# The applicant realm has roles of its own: tests/test_fuzz_portal.py fuzzes it.
PORTAL_AREAS = ("portal", "portal_hr")

SPECIAL = ["", " ", "\x00", "a\x00b", "\x1b[31m红\x1b[0m", "\x08\x7f\x85", "\t", "\r\n", "第一行\n第二行",
           "0", "-1", "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1e309", "nan",
           "-inf", "0x10", "١٢", "9999-12-31", "0001-01-01", "2025-02-30", "<script>alert(1)</script>",
           "' OR 1=1 --", "%s%n", "../../etc/passwd", "优秀", "management", "agree", "on", "y"]
HOSTILE_TEXT = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=20),  # any code point: control characters included
    st.integers().map(str),
    st.integers(min_value=300, max_value=25_000).map(lambda n: "长" * n),
)
SHEET_HEADERS = [APPLICANT_COLUMNS, SCORE_COLUMNS, ("工号", "姓名", "等次", "评语")]
# A form without fields (a button) leaves nothing to vary: posted once per role with these stray fields.
# Two of them start a PDF job of the whole unit, seconds each, which more examples would only repeat.
STRAY_FIELDS = {"department_id": "99999999999999999999", "next": "\x00", "\x00": "\x1b", "csrf_token": "\x00"}


@dataclass
class PageForm:
    """A <form method=post> as a page draws it: its action and each field's first value."""

    action: str
    values: dict[str, str] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)


class _FormReader(HTMLParser):
    """The POST forms of a page; fields outside the <form> element (form="id") are attached too."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[PageForm] = []
        self.by_id: dict[str, PageForm] = {}
        self.current: PageForm | None = None
        self.select: tuple[PageForm, str] | None = None
        self.textarea: tuple[PageForm, str] | None = None
        self.detached: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page, attrs.get("action") or self.page)).path
            self.current = PageForm(action) if attrs.get("method", "get").lower() == "post" else None
            if self.current:
                self.forms.append(self.current)
                self.by_id[attrs.get("id", "")] = self.current
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if "form" in attrs:
                self.detached.append((tag, attrs))
            elif self.current:
                self._field(self.current, tag, attrs)
        elif tag == "option" and self.select:
            form, name = self.select
            if name not in form.values or "selected" in attrs:
                form.values[name] = attrs.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            form, name = self.textarea
            form.values[name] = form.values.get(name, "") + data

    def _field(self, form: PageForm, tag: str, attrs: dict) -> None:
        name = attrs["name"]
        if tag == "select":
            self.select = (form, name)
        elif tag == "textarea":
            self.textarea = (form, name)
            form.values.setdefault(name, "")
        elif attrs.get("type") == "file":
            form.files.add(name)
        elif attrs.get("type") in ("checkbox", "radio"):
            form.values.setdefault(name, attrs.get("value") or "y")
        else:
            form.values.setdefault(name, attrs.get("value", ""))

    def close(self) -> None:
        super().close()
        for tag, attrs in self.detached:
            if attrs["form"] in self.by_id:
                self._field(self.by_id[attrs["form"]], tag, attrs)


def page_forms(client, url: str) -> list[PageForm]:
    response = client.get(url)
    if response.status_code != 200 or not response.mimetype == "text/html":
        return []
    reader = _FormReader(url)
    reader.feed(response.get_data(as_text=True))
    reader.close()
    return reader.forms


@cache
def declared_field_names() -> list[str]:
    """Every field name an hrflow form class declares, and the two values routes read beside their forms:
    what a route whose form no page of the demo draws (a later workflow step) is fuzzed with. Classes made
    per request (a review form with one field per duty) are left out, so the list is the same every time."""
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = {name for form in subclasses(FlaskForm) if "<locals>" not in form.__qualname__
             for cls in form.__mro__ for name, value in vars(cls).items() if isinstance(value, UnboundField)}
    return sorted(names | {"department_id", "next"})


def sign_in(client, login, world, role: str) -> None:  # noqa: F811
    with client.session_transaction() as session:
        session.clear()
    if role != "anonymous":
        user = db.session.get(User, world["users"][role].id)
        db.session.refresh(user)  # the session token may have changed (a password reset by the fuzz)
        login(user)


def allowed_roles(case) -> list[str]:
    return [role for role, outcome in zip(ROLES, case.expect, strict=True) if outcome == OK]


def area_of(endpoint: str) -> str:
    return endpoint.split(".")[0]


def post_cases(app, area: str) -> list:
    """The matrix's POST cases of the area on real objects (not the missing ones), one per URL map rule."""
    rules = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    return [case for case in CASES if case.method == "POST" and case.endpoint in rules
            and area_of(case.endpoint) == area and case.label != "missing" and allowed_roles(case)]


def harvest(client, login, world, cases) -> dict[tuple[str, str], PageForm]:  # noqa: F811
    """(role, action path) → the form the pages of this area draw for that role."""
    areas = {area_of(case.endpoint) for case in cases}
    pages = [case for case in CASES if case.method == "GET" and case.label != "missing"
             and (area_of(case.endpoint) in areas or case.endpoint in ("auth.login", "dashboard.home"))
             and not case.endpoint.startswith("printing.") and not case.endpoint.endswith("export")]
    found = {}
    for role in sorted({role for case in cases for role in allowed_roles(case)}):
        sign_in(client, login, world, role)
        for page in pages:
            if role in allowed_roles(page):
                for form in page_forms(client, page.url(world)):
                    found.setdefault((role, form.action), form)
    return found


@st.composite
def sheet_file(draw) -> tuple[io.BytesIO, str]:
    """A spreadsheet-like upload: random bytes, or a CSV with real headers and hostile cells."""
    name = draw(st.sampled_from(["t.csv", "t.xlsx", "t.txt", "t.docx"]))
    if draw(st.booleans()):
        return io.BytesIO(draw(st.binary(max_size=400))), name
    headers = draw(st.sampled_from(SHEET_HEADERS))
    cells = [draw(st.sampled_from(SPECIAL) | st.text(max_size=8)).replace(",", "，").replace("\n", " ")
             for _ in headers]
    text = ",".join(headers) + "\n" + ",".join(cells) + "\n"
    return io.BytesIO(text.encode("utf-8")), name


def form_data(draw, form: PageForm | None) -> dict:
    """The page's own values with one of them hostile (so the rest of the form holds and the value goes
    as far as it can), or with any of them hostile or left out. Without a page: declared field names."""
    if form is None:
        names = draw(st.lists(st.sampled_from(declared_field_names()), max_size=10, unique=True))
        form = PageForm("", {name: draw(st.sampled_from(SPECIAL)) for name in names})
    values = dict(form.values)
    if values and draw(st.booleans()):
        name = draw(st.sampled_from(sorted(values)))
        data = {**values, name: draw(HOSTILE_TEXT)}
    else:
        data = {}
        for name, value in values.items():
            choice = draw(st.sampled_from(["keep", "hostile", "drop"]))
            if choice != "drop":
                data[name] = value if choice == "keep" else draw(HOSTILE_TEXT)
    for name in form.files:
        data[name] = draw(sheet_file())
    if draw(st.booleans()):  # a field no form has
        data[draw(st.text(min_size=1, max_size=8))] = draw(HOSTILE_TEXT)
    return data


def test_every_area_with_a_post_route_is_fuzzed(app):
    areas = {area_of(rule.endpoint) for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert areas == set(AREAS) | set(PORTAL_AREAS)


@pytest.mark.parametrize("area", AREAS)
def test_no_post_route_answers_500(app, client, login, world, area):  # noqa: F811
    cases = post_cases(app, area)
    forms = harvest(client, login, world, cases)

    def page_form(case, role: str) -> PageForm | None:
        return forms.get((role, urlsplit(case.url(world)).path))

    def buttons_only(case) -> bool:
        drawn = [page_form(case, role) for role in allowed_roles(case)]
        return all(form is not None and not form.files and set(form.values) <= {"csrf_token"} for form in drawn)

    def post(case, role: str, values: dict, as_json: bool = False) -> None:
        sign_in(client, login, world, role)
        if as_json:  # no page sends JSON, but anybody may
            response = client.post(case.url(world), json=values)
        else:
            response = client.post(case.url(world), data=values, content_type="multipart/form-data")
        wait_for_all()
        assert response.status_code < 500, (case.id, role, values)

    # Real pages must give the fields of many routes, or the fuzz would hardly get past validation; forms of
    # later workflow steps are not drawn in the demo world's state and get declared field names instead.
    unseen = [case.id for case in cases if not any(page_form(case, role) for role in allowed_roles(case))]
    assert cases and len(cases) - len(unseen) >= 0.4 * len(cases), unseen

    for case in filter(buttons_only, cases):
        for role in allowed_roles(case):
            post(case, role, STRAY_FIELDS)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def post_everything(data):
        for case in cases:
            if not buttons_only(case):
                for role in allowed_roles(case):
                    values = form_data(data.draw, page_form(case, role))
                    files = any(isinstance(value, tuple) for value in values.values())
                    post(case, role, values, as_json=not files and data.draw(st.integers(0, 4)) == 0)

    post_everything()
