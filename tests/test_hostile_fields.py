"""Values no person types and no column holds: control characters in fields, numbers past a 32-bit integer
in fields, URLs and query strings. Each is refused naming the field (or is simply not found), never a 500,
on SQLite and on PostgreSQL (which refuses NUL in text and whose `integer` is 32-bit)."""

from __future__ import annotations

import flask_wtf
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FloatField, FormField, IntegerField, StringField, TextAreaField
from wtforms import Form as PlainForm

from hrflow.extensions import db
from hrflow.models import PostVersion, User
from hrflow.posts.queries import find_post
from hrflow.web import forms as base
from hrflow.web.converters import DATABASE_INT_MAX, database_int
from tests.test_posts_web import _form

HUGE = "99999999999999999999"
CONTROL_REFUSED = "含有不可见的控制字符"


@pytest.fixture
def signed_in(demo, login):
    """signed_in('hr') signs the client in as the demo user with that name."""
    return lambda username: login(db.session.scalar(select(User).where(User.username == username)))


def versions() -> int:
    return db.session.scalar(select(func.count()).select_from(PostVersion))


def edit_post(client, **overrides):
    post = find_post("办公室/办证咨询")
    return client.post(f"/posts/{post.id}/edit", data=_form(post, **overrides))


# ---------------------------------------------------------------- one base for every form

def test_every_form_of_hrflow_derives_from_the_base_that_refuses_hostile_values(app):
    import hrflow.admin.forms
    import hrflow.assessment.forms
    import hrflow.auth.forms
    import hrflow.posts.forms
    import hrflow.recruitment.forms  # noqa: F401

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [form for form in subclasses(flask_wtf.FlaskForm) if form.__module__.startswith("hrflow.")]
    assert len(ours) > 30
    assert [form.__qualname__ for form in ours if not issubclass(form, base.FlaskForm)] == []


# ---------------------------------------------------------------- control characters

@pytest.mark.parametrize("value", ["办证\x00咨询", "办证\x1b[0m咨询", "办证\x85咨询", "办证\t咨询", "办证\n咨询"])
def test_a_control_character_in_a_single_line_field_is_refused_naming_it_and_keeping_the_input(
        client, signed_in, value):
    signed_in("hr")
    before = versions()
    response = edit_post(client, name=value, note="窗口服务", seats="3", reason="增设一个岗位")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"“岗位名称”{CONTROL_REFUSED}" in page
    # Every typed value is kept, the refused one too, so nothing has to be typed again.
    assert f'value="{value}"' in page and 'value="窗口服务"' in page and 'value="3"' in page and "增设一个岗位" in page
    assert versions() == before


def test_tabs_and_line_breaks_stay_allowed_in_a_text_area(client, signed_in):
    signed_in("hr")
    response = edit_post(client, duties="负责读者证办理。\r\n解答\t咨询。", reason="第一行\n\t第二行")
    assert response.status_code == 302
    version = find_post("办公室/办证咨询").current
    assert version.duties == ["负责读者证办理。", "解答\t咨询。"] and version.reason == "第一行\n\t第二行"


@pytest.mark.parametrize("value", ["原因\x00", "原因\x0b", "原因\x1f"])
def test_other_control_characters_in_a_text_area_are_refused_naming_it(client, signed_in, value):
    signed_in("hr")
    before = versions()
    response = edit_post(client, reason=value, seats="3")
    assert response.status_code == 422
    assert f"“修改原因”{CONTROL_REFUSED}" in response.get_data(as_text=True)
    assert versions() == before


def test_nul_in_a_search_box_is_refused_and_the_list_still_answers(client, signed_in):
    signed_in("admin")
    response = client.get("/admin/users?q=ad%00min&sort=name")
    assert response.status_code == 200
    assert f"“搜索”{CONTROL_REFUSED}" in response.get_data(as_text=True)


def test_nul_in_a_new_user_name_is_refused_naming_it(client, signed_in):
    signed_in("admin")
    response = client.post("/admin/users/new", data={"username": "new\x00user", "password": "correct-horse-42",
                                                     "role": "hr", "employee": "0"})
    assert response.status_code == 422
    assert f"“用户名”{CONTROL_REFUSED}" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User).where(User.username.like("new%"))) == 0


def test_nul_in_the_login_form_is_a_failed_sign_in(client, demo):
    response = client.post("/login", data={"username": "ad\x00min", "password": "x"})
    assert response.status_code == 200 and f"“用户名”{CONTROL_REFUSED}" in response.get_data(as_text=True)
    assert client.get("/password").status_code == 302  # still signed out


# ---------------------------------------------------------------- bodies no page sends

def test_a_nameless_multipart_part_is_dropped_not_an_error(client, login, make_user):
    login(make_user("hr"))
    body = (b"--B\r\nContent-Disposition: form-data\r\n\r\nno name\r\n"
            b'--B\r\nContent-Disposition: form-data; name="name"\r\n\r\n\xe6\x98\xa5\xe5\xad\xa3\r\n--B--\r\n')
    # The round form has a list of sub-forms, whose reading of the keys a nameless part broke.
    response = client.post("/recruitment/new", data=body, content_type="multipart/form-data; boundary=B")
    assert response.status_code == 422 and 'value="春季"' in response.get_data(as_text=True)


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "7", '{"username": ["a"], "password": {"b": 1}}'])
def test_a_json_body_counts_as_an_empty_form(client, body):
    response = client.post("/login", data=body, content_type="application/json")
    assert response.status_code == 200 and "登录" in response.get_data(as_text=True)


# ---------------------------------------------------------------- numbers past a 32-bit integer

@pytest.mark.parametrize("seats", ["2147483648", HUGE])
def test_a_number_past_a_database_integer_is_refused_naming_the_field(client, signed_in, seats):
    signed_in("hr")
    before = versions()
    response = edit_post(client, seats=seats, reason="增设")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "“设岗人数”的数值超出允许的范围" in page and f'value="{seats}"' in page
    assert versions() == before


@pytest.mark.parametrize("url", [f"/posts/{HUGE}", f"/posts/{DATABASE_INT_MAX + 1}", f"/posts/{DATABASE_INT_MAX}",
                                 f"/posts/{'9' * 5000}/edit", f"/print/posts/{HUGE}.pdf", f"/assessment/{HUGE}",
                                 f"/admin/users/{HUGE}/edit", f"/recruitment/applications/{HUGE}",
                                 f"/jobs/{HUGE}"])
def test_an_id_in_the_url_past_a_database_integer_is_not_found(client, login, make_user, url):
    login(make_user("admin"))
    assert client.get(url).status_code == 404


def test_a_post_to_an_id_past_a_database_integer_is_not_found(client, login, make_user):
    login(make_user("hr"))
    assert client.post(f"/recruitment/{HUGE}/advance", data={"to": "closed", "confirm": "y"}).status_code == 404
    assert client.post(f"/assessment/forms/{HUGE}/reopen", data={"reason": "x"}).status_code == 404


@pytest.mark.parametrize("url", [f"/admin/users?page={HUGE}", f"/admin/audit?page={HUGE}", "/admin/users?page=2147483648"])
def test_a_page_number_past_a_database_integer_is_not_found(client, login, make_user, url):
    login(make_user("admin"))
    assert client.get(url).status_code == 404


def test_database_int_refuses_what_a_column_cannot_hold():
    assert database_int("2147483647") == DATABASE_INT_MAX and database_int("-2147483648") == -(2**31)
    for text in ("2147483648", "-2147483649", HUGE, "9" * 5000, "abc", ""):
        with pytest.raises(ValueError):
            database_int(text)


# ---------------------------------------------------------------- the base form itself (sub-forms, floats)

class _Line(PlainForm):
    text = StringField("行")
    count = IntegerField("数量")


class _Sample(base.FlaskForm):
    class Meta:
        csrf = False

    title = StringField("标题")
    body = TextAreaField("正文")
    score = FloatField("分数")
    lines = FieldList(FormField(_Line))


def validated(app, **values) -> _Sample:
    with app.test_request_context(method="POST"):
        form = _Sample(formdata=MultiDict(values))
        form.valid = form.validate()
    return form


@pytest.mark.parametrize("count", [HUGE, "-2147483649"])
def test_the_base_form_reaches_into_sub_forms(app, count):
    form = validated(app, **{"title": "好", "lines-0-text": "甲\x00", "lines-0-count": "1",
                             "lines-1-text": "乙", "lines-1-count": count})
    assert not form.valid and form.errors
    assert CONTROL_REFUSED in form.lines.entries[0].text.errors[0]
    assert "“数量”的数值超出允许的范围" in form.lines.entries[1].count.errors[0]


@pytest.mark.parametrize("score", ["inf", "-inf", "nan", "1e309"])
def test_a_number_that_is_not_finite_is_refused(app, score):
    form = validated(app, title="好", score=score)
    assert not form.valid and form.score.errors == ["“分数”不是有效的数字。"]


def test_ordinary_values_pass_the_base_form(app):
    form = validated(app, title="标题 <b>&", body="第一段\r\n\t第二段", score="99.5",
                     **{"lines-0-text": "甲", "lines-0-count": str(DATABASE_INT_MAX)})
    assert form.valid, form.errors
