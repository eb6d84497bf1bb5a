"""PDF routes × roles: who may download which post descriptions and booklets."""

from urllib.parse import unquote

import pytest

from hrflow.extensions import db
from hrflow.models import User
from hrflow.posts.queries import find_department, find_post
from tests.pdfcheck import pdf_text


def user(name: str) -> User:
    return db.session.query(User).filter_by(username=name).one()


@pytest.fixture
def urls(demo):
    own_post = user("employee").employee.main_appointment().post
    return {
        "own_post": f"/print/posts/{own_post.id}.pdf",
        "other_post": f"/print/posts/{find_post('办公室/主任').id}.pdf",
        "own_department": f"/print/departments/{find_department('少儿部').id}.pdf",
        "other_department": f"/print/departments/{find_department('办公室').id}.pdf",
        "unit": "/print/posts.pdf",
        "missing_post": "/print/posts/999999.pdf",
    }


EXPECTED = {
    # url key: (employee, head of 少儿部, hr, admin)
    "own_post": (200, 200, 200, 200),
    "other_post": (404, 404, 200, 200),
    "own_department": (403, 200, 200, 200),
    "other_department": (403, 404, 200, 200),
    "unit": (403, 403, 200, 200),
    "missing_post": (404, 404, 404, 404),
}


@pytest.mark.parametrize("key", list(EXPECTED))
def test_pdf_routes_by_role(client, login, urls, key):
    assert client.get(urls[key]).status_code == 302  # anonymous → login
    for role, status in zip(("employee", "head", "hr", "admin"), EXPECTED[key], strict=True):
        login(user(role))
        response = client.get(urls[key])
        assert response.status_code == status, (role, key)
        if status == 200:
            assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")


def test_pdf_filename_and_content(client, login, urls):
    login(user("employee"))
    response = client.get(urls["own_post"])
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline;") and "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("UTF-8''")[1]) == "岗位说明书-少儿部-工作人员.pdf"
    assert "少儿部" in pdf_text(response.data)
